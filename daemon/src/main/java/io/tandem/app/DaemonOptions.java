package io.tandem.app;

import java.time.Duration;
import picocli.CommandLine.Option;

/** Command-line settings of a running daemon, shared by {@code run} and {@code demo}. */
final class DaemonOptions {

    @Option(
            names = "--threads",
            paramLabel = "N",
            description = "Event-loop threads of the data plane (default: one per core).")
    int threads = Runtime.getRuntime().availableProcessors();

    @Option(
            names = "--transport",
            paramLabel = "NAME",
            description =
                    "Netty transport of the data plane: auto, epoll or nio"
                            + " (default: ${DEFAULT-VALUE}).")
    String transport = "auto";

    @Option(
            names = "--drain-seconds",
            paramLabel = "S",
            description =
                    "On SIGTERM/SIGINT, how long open connections may finish before they are"
                            + " closed (default: ${DEFAULT-VALUE}).")
    long drainSeconds = 5;

    Duration drainGrace() {
        return Duration.ofSeconds(drainSeconds);
    }
}
