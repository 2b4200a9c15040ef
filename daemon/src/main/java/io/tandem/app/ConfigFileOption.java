package io.tandem.app;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The {@code -f FILE} option of every command that reads a configuration, as keepalived's. */
final class ConfigFileOption {

    @Option(
            names = {"-f", "--use-file"},
            required = true,
            paramLabel = "FILE",
            description = "The configuration file (keepalived.conf syntax).")
    Path file;
}
