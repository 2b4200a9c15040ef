package io.tandem.config;

import java.util.List;

/** A configuration that could not be loaded, with every error found (not just the first). */
public final class ConfigException extends Exception {
    private static final long serialVersionUID = 1L;

    private final List<ConfigError> errors;

    public ConfigException(List<ConfigError> errors) {
        super(errors.isEmpty() ? "invalid configuration" : errors.getFirst().toString());
        this.errors = List.copyOf(errors);
    }

    public List<ConfigError> errors() {
        return errors;
    }

    /** One line per error, {@code FILE:LINE:COL: message}, each ending in a newline. */
    public String report() {
        StringBuilder out = new StringBuilder();
        errors.forEach(e -> out.append(e).append(System.lineSeparator()));
        return out.toString();
    }
}
