package io.tandem.cli;

import java.nio.file.Path;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Option;

/** {@code --socket PATH}, shared by every admin command. */
final class SocketOption {
    @Option(
            names = "--socket",
            paramLabel = "PATH",
            description =
                    "The daemon's admin socket (else $TANDEM_ADMIN_SOCKET, else"
                            + " /run/tandem/tandem.sock).")
    @Nullable Path socket;

    Path resolve(@Nullable SocketOption fallback) {
        Path chosen = socket != null ? socket : fallback == null ? null : fallback.socket;
        return SocketPath.resolve(chosen, System.getenv());
    }
}
