package io.tandem.cli;

import java.nio.file.Path;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Where the CLI finds the daemon: {@code --socket}, else $TANDEM_ADMIN_SOCKET, else the default.
 */
final class SocketPath {
    /**
     * The daemon's default {@code admin_socket} (GlobalDefs.DEFAULT_ADMIN_SOCKET, kept equal by a
     * test).
     */
    static final Path DEFAULT = Path.of("/run/tandem/tandem.sock");

    static final String ENVIRONMENT = "TANDEM_ADMIN_SOCKET";

    private SocketPath() {}

    static Path resolve(@Nullable Path option, Map<String, String> environment) {
        if (option != null) {
            return option;
        }
        String fromEnvironment = environment.get(ENVIRONMENT);
        return fromEnvironment == null || fromEnvironment.isBlank()
                ? DEFAULT
                : Path.of(fromEnvironment);
    }
}
