package io.tandem.forward;

import io.tandem.linux.MacAddress;
import io.tandem.linux.NeighbourTable;
import io.tandem.pool.RealServer;
import io.tandem.schedule.Balancer;
import java.io.IOException;
import java.net.Inet4Address;
import java.time.Duration;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.IntSupplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The IPv4 address and MAC of each real server of one packet forwarder, refreshed from the
 * neighbour table. The packet thread reads immutable identity maps (no allocation, no lock); a
 * resolver thread replaces them every second and probes the servers the table does not know yet.
 * Servers that left the pool keep their entries while their connections drain.
 */
final class RealServerAddresses {

    private static final Logger LOG = LoggerFactory.getLogger(RealServerAddresses.class);

    private final Balancer balancer;
    private volatile IdentityHashMap<RealServer, Long> macs = new IdentityHashMap<>();
    private volatile IdentityHashMap<RealServer, Integer> addresses = new IdentityHashMap<>();

    RealServerAddresses(Balancer balancer) {
        this.balancer = balancer;
    }

    /** The server's MAC as a 48-bit value, or null while unresolved. */
    @Nullable Long mac(RealServer server) {
        return macs.get(server);
    }

    /** The server's IPv4 address as an int, or null when it has none (yet). */
    @Nullable Integer address(RealServer server) {
        return addresses.get(server);
    }

    /**
     * Resolves every {@code interval} until interrupted or {@code running} turns false, on the
     * interface {@code ifindex} gives; skips a round while it gives -1 (the interface down or gone,
     * where probes could only fail).
     */
    void loop(
            NeighbourTable n,
            IntSupplier ifindex,
            Duration interval,
            BooleanSupplier running,
            String interfaceName) {
        while (running.getAsBoolean()) {
            try {
                Thread.sleep(interval);
                int index = ifindex.getAsInt();
                if (index > 0) {
                    resolve(n, index);
                }
            } catch (InterruptedException e) {
                return;
            } catch (IOException | RuntimeException e) {
                LOG.warn("resolving real servers on {}: {}", interfaceName, e.getMessage());
            }
        }
    }

    /** Publishes the MAC of every real server the neighbour table knows; probes the others. */
    void resolve(NeighbourTable n, int ifindex) throws IOException {
        Map<Inet4Address, MacAddress> known = n.resolved(ifindex);
        List<RealServer> servers = new ArrayList<>(balancer.pool().servers());
        RealServer sorry = balancer.sorryServer();
        if (sorry != null) {
            servers.add(sorry);
        }
        IdentityHashMap<RealServer, Long> next = new IdentityHashMap<>(macs);
        IdentityHashMap<RealServer, Integer> nextAddresses = new IdentityHashMap<>(addresses);
        for (RealServer server : servers) {
            if (!(server.address().address() instanceof Inet4Address v4)) {
                continue;
            }
            nextAddresses.put(server, Ipv4.value(v4));
            MacAddress mac = known.get(v4);
            if (mac != null) {
                next.put(server, mac.value());
            } else {
                n.probe(v4);
            }
        }
        addresses = nextAddresses;
        macs = next;
    }
}
