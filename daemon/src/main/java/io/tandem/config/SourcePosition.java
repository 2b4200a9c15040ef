package io.tandem.config;

import java.nio.file.Path;

/**
 * Where a token stands in a configuration file; printed as {@code FILE:LINE:COL}, the form every
 * config error starts with. Lines and columns count from 1.
 */
public record SourcePosition(Path file, int line, int column) {

    @Override
    public String toString() {
        return file + ":" + line + ":" + column;
    }
}
