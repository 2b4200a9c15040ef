package io.tandem.config.parse;

import io.tandem.config.VrrpScriptConfig;
import java.time.Duration;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/** A {@code vrrp_script} block while its statements are read; keepalived's defaults until set. */
final class VrrpScriptDraft {
    final Statement header;
    @Nullable String script;
    Duration interval = Duration.ofSeconds(1);
    @Nullable Duration timeout;
    int weight;
    int rise = 1;
    int fall = 1;

    VrrpScriptDraft(Statement header) {
        this.header = header;
    }

    Optional<VrrpScriptConfig> build(ValueReader v) {
        String name = header.argument(0).text();
        if (script == null) {
            v.error(header.keyword(), "vrrp_script " + name + ": script is missing");
            return Optional.empty();
        }
        return Optional.of(
                new VrrpScriptConfig(
                        name,
                        script,
                        interval,
                        timeout != null ? timeout : interval,
                        weight,
                        rise,
                        fall,
                        header.position()));
    }
}
