package io.tandem.config;

import java.time.Duration;

/**
 * The limits and timeouts of an HTTP virtual server; each has a keyword of the same name.
 *
 * @param maxRequestLine {@code max_request_line}: bytes of the request line (414 beyond)
 * @param maxHeaderSize {@code max_header_size}: bytes of all header lines together (431 beyond)
 * @param maxHeaderCount {@code max_header_count}: header lines (431 beyond)
 * @param clientHeaderTimeout {@code client_header_timeout}: time for a request head to arrive once
 *     its first byte has (408 and close when exceeded)
 * @param keepaliveTimeout {@code keepalive_timeout}: how long an idle client connection stays open
 *     between requests; also the longest an idle backend connection is kept in the pool
 * @param backendConnectTimeout {@code backend_connect_timeout}: connecting to a real server (502
 *     when it fails, after one retry elsewhere for an idempotent request)
 * @param backendResponseTimeout {@code backend_response_timeout}: from the request sent to the
 *     response head received (504 when exceeded)
 * @param maxConnections {@code max_connections}: client connections open at once; more are closed
 *     on accept
 */
public record HttpLimits(
        int maxRequestLine,
        int maxHeaderSize,
        int maxHeaderCount,
        Duration clientHeaderTimeout,
        Duration keepaliveTimeout,
        Duration backendConnectTimeout,
        Duration backendResponseTimeout,
        int maxConnections) {

    public static final HttpLimits DEFAULTS =
            new HttpLimits(
                    8192,
                    32768,
                    100,
                    Duration.ofSeconds(10),
                    Duration.ofSeconds(60),
                    Duration.ofSeconds(5),
                    Duration.ofSeconds(60),
                    10000);
}
