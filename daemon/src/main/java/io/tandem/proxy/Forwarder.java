package io.tandem.proxy;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The data plane of one virtual server: accepts clients on its listen addresses and relays them to
 * the real servers its {@code Balancer} picks. Started and stopped by the control thread; all
 * relaying happens on Netty event loops and never blocks.
 */
public interface Forwarder extends AutoCloseable {

    /** Binds every listen address (non-local addresses allowed, for a VIP held later by VRRP). */
    void start() throws IOException;

    /** The bound addresses, with the real port when the configured one was 0. */
    List<InetSocketAddress> localAddresses();

    /**
     * Stops accepting, lets open connections finish for up to {@code grace}, then closes what is
     * left. Completes when every connection is gone.
     */
    CompletableFuture<Void> drain(Duration grace);

    /**
     * The connections (or UDP sessions) open now, for ipvsadm -L -c. Any thread; walks the
     * forwarder's registry, which costs the data plane one set insert and one removal per
     * connection and nothing per packet. A forwarder without a registry lists none.
     */
    default List<ProxiedConnection> connections() {
        return List.of();
    }

    /** Closes listeners and every connection at once. Idempotent. */
    @Override
    void close();
}
