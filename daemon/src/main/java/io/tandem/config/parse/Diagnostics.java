package io.tandem.config.parse;

import io.tandem.config.ConfigError;
import io.tandem.config.SourcePosition;
import java.util.ArrayList;
import java.util.List;

/**
 * Collects every error found while reading one configuration, so that an admin sees them all at
 * once rather than fixing one per reload. Not thread-safe: one load uses one instance.
 */
public final class Diagnostics {
    private final List<ConfigError> errors = new ArrayList<>();

    public void error(SourcePosition at, String message) {
        errors.add(new ConfigError(at, message));
    }

    public void error(Token at, String message) {
        error(at.position(), message);
    }

    public boolean hasErrors() {
        return !errors.isEmpty();
    }

    /** The errors in the order they were found. */
    public List<ConfigError> errors() {
        return List.copyOf(errors);
    }
}
