package io.tandem.app;

import io.tandem.admin.AdminBackend;
import io.tandem.admin.AdminDispatcher;
import io.tandem.admin.AdminHttpServer;
import io.tandem.config.AdminHttpConfig;
import io.tandem.metrics.MetricsHandler;
import io.tandem.metrics.TandemMetrics;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts the admin HTTP endpoint of {@code admin_http}: the API on {@code backend}, {@code
 * /metrics} from {@code metrics}, the dashboard. Called once at start-up by the composition root.
 */
final class AdminHttpEndpoint {
    private static final Logger log = LoggerFactory.getLogger(AdminHttpEndpoint.class);

    private AdminHttpEndpoint() {}

    /**
     * @throws IOException naming the config line when the token file cannot be read or the address
     *     cannot be bound
     */
    static AdminHttpServer start(
            AdminHttpConfig config, AdminBackend backend, TandemMetrics metrics)
            throws IOException {
        String token = token(config);
        try {
            return AdminHttpServer.start(
                    config.address().toSocketAddress(),
                    token,
                    new AdminDispatcher(backend),
                    new MetricsHandler(metrics));
        } catch (IOException e) {
            throw new IOException(
                    config.position()
                            + ": admin_http "
                            + config.address()
                            + ": cannot listen: "
                            + e.getMessage(),
                    e);
        }
    }

    /**
     * The bearer token: {@code admin_token}, or the first line of {@code admin_token_file} without
     * surrounding blanks; null when neither is set (the endpoint is then read-only).
     */
    static @Nullable String token(AdminHttpConfig config) throws IOException {
        Path file = config.tokenFile();
        if (file == null) {
            return config.token();
        }
        String token;
        try {
            token = Files.readString(file).lines().findFirst().orElse("").strip();
        } catch (IOException e) {
            throw new IOException(
                    config.position() + ": admin_token_file " + file + ": cannot read: " + e, e);
        }
        if (token.isEmpty()) {
            throw new IOException(
                    config.position() + ": admin_token_file " + file + ": the file is empty");
        }
        warnWhenOthersCanRead(file);
        return token;
    }

    private static void warnWhenOthersCanRead(Path file) {
        try {
            Set<PosixFilePermission> p = Files.getPosixFilePermissions(file);
            if (p.contains(PosixFilePermission.OTHERS_READ)
                    || p.contains(PosixFilePermission.GROUP_READ)) {
                log.warn("admin_token_file {} is readable by others than its owner", file);
            }
        } catch (IOException | UnsupportedOperationException e) {
            // Not a POSIX file system: nothing to check.
        }
    }
}
