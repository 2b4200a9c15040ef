package io.tandem.config;

import io.tandem.common.HostPort;
import java.nio.file.Path;
import org.jspecify.annotations.Nullable;

/**
 * Tandem's admin HTTP endpoint from {@code global_defs}: where it listens and the bearer token that
 * changes need. With neither token nor token file the endpoint is read-only.
 *
 * @param address {@code admin_http ADDRESS:PORT}
 * @param token {@code admin_token TOKEN}, or null
 * @param tokenFile {@code admin_token_file PATH} (read when the daemon starts, so the token stays
 *     out of the config file), or null
 */
public record AdminHttpConfig(
        HostPort address,
        @Nullable String token,
        @Nullable Path tokenFile,
        SourcePosition position) {}
