package io.tandem.proxy;

import java.net.InetSocketAddress;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * One proxied TCP connection or UDP session as ipvsadm {@code -L -c} lists it: a copy taken from
 * the forwarder's registry, read without stopping the event loop that owns the connection (so it
 * may be an event behind).
 *
 * @param udp whether this is a UDP session
 * @param state IPVS's word for it: {@code SYN_RECV} while the real server is being connected,
 *     {@code ESTABLISHED}, {@code FIN_WAIT} after the client's FIN, {@code CLOSE_WAIT} after the
 *     server's, {@code UDP}
 * @param expires for UDP, the idle time left; for TCP, IPVS's default timeout of the state (a full
 *     proxy keeps no per-connection idle timer, and stamping every read would cost the hot path)
 * @param destination the real server, or null while none is chosen
 */
public record ProxiedConnection(
        boolean udp,
        String state,
        Duration expires,
        InetSocketAddress client,
        InetSocketAddress virtual,
        @Nullable InetSocketAddress destination) {}
