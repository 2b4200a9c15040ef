package io.tandem.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Path;
import java.util.List;

/** Loads configuration text that must be rejected and returns its errors as an admin reads them. */
final class RejectedConfig {
    static final String SCHEDULERS = "rr, wrr, lc, wlc, sed, nq, sh, dh, mh, lblc, lblcr, fo, ovf";

    private RejectedConfig() {}

    /** The errors of {@code text}, named bad.conf. */
    static List<String> errors(String text) {
        ConfigException e =
                catchThrowableOfType(
                        ConfigException.class, () -> ConfigLoader.parse(text, Path.of("bad.conf")));
        assertThat(e).as("expected the configuration to be rejected").isNotNull();
        return e.errors().stream().map(ConfigError::toString).toList();
    }

    /** {@code body} inside {@code virtual_server 10.0.0.1 80 { ... }}, starting on line 2. */
    static List<String> virtualServerErrors(String body) {
        return errors("virtual_server 10.0.0.1 80 {\n" + body + "}\n");
    }

    /** {@code body} inside a real_server of a virtual server, starting on line 3. */
    static List<String> realServerErrors(String body) {
        return errors(
                "virtual_server 10.0.0.1 80 {\n  real_server 10.0.0.2 80 {\n" + body + "  }\n}\n");
    }
}
