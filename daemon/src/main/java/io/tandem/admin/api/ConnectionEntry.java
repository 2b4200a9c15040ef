package io.tandem.admin.api;

/**
 * One entry of ipvsadm {@code -c}: a proxied connection (or UDP session).
 *
 * @param expiresMillis time left before the entry expires if idle
 * @param state IPVS's state names ({@code ESTABLISHED}, {@code SYN_RECV}, {@code FIN_WAIT}, {@code
 *     CLOSE_WAIT}, {@code UDP}...)
 * @param client {@code address:port} of the client
 * @param virtual {@code address:port} the client connected to
 * @param destination {@code address:port} of the real server
 */
public record ConnectionEntry(
        ServiceProtocol protocol,
        long expiresMillis,
        String state,
        String client,
        String virtual,
        String destination) {}
