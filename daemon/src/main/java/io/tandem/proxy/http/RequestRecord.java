package io.tandem.proxy.http;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * One finished request as the proxy saw it, for metrics and the access log.
 *
 * @param virtualServer the virtual server's name (as {@code ipvsadm -L} shows it)
 * @param realServer the real server that answered, {@code HOST:PORT}, or null when none did (503, a
 *     refused request, every server failed)
 * @param client the client's address
 * @param started when the request head arrived
 * @param method the request method ("-" when the head could not be read)
 * @param path the request target as the client sent it
 * @param protocol the client's protocol, {@code HTTP/1.1} say
 * @param status the status sent to the client, 0 when the connection ended before any
 * @param bytesIn request body bytes read from the client (after an upgrade: bytes relayed to the
 *     server)
 * @param bytesOut response body bytes sent to the client (after an upgrade: bytes relayed to it)
 * @param duration from the head's arrival to the end of the response
 */
public record RequestRecord(
        String virtualServer,
        @Nullable String realServer,
        InetSocketAddress client,
        Instant started,
        String method,
        String path,
        String protocol,
        int status,
        long bytesIn,
        long bytesOut,
        Duration duration) {}
