package io.tandem.config;

/**
 * One problem found in a configuration, printed as {@code FILE:LINE:COL: message}. The message says
 * what was wrong and, where it helps, what was expected.
 */
public record ConfigError(SourcePosition position, String message) {

    @Override
    public String toString() {
        return position + ": " + message;
    }
}
