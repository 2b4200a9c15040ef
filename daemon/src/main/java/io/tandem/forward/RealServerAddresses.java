package io.tandem.forward;

import io.tandem.linux.MacAddress;
import io.tandem.linux.NeighbourTable;
import io.tandem.linux.Route;
import io.tandem.linux.RouteTable;
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
 * The IPv4 address and next-hop MAC of each real server of one packet forwarder. The packet thread
 * reads one immutable identity map (no allocation, no lock); a resolver thread replaces it every
 * second: it looks up each server's route ({@link NextHop}), takes the MAC of the server (on-link)
 * or of its gateway (TUN and NAT behind a router) from the neighbour table, and probes the ones the
 * table does not know yet. A server with no usable route gets no MAC, so its frames are counted as
 * unresolved, and one WARN says why until its route changes. Servers that left the pool keep their
 * entries while their connections drain.
 */
final class RealServerAddresses {

    private static final Logger LOG = LoggerFactory.getLogger(RealServerAddresses.class);

    private final Balancer balancer;
    private final PacketMode mode;
    private final String interfaceName;
    private volatile IdentityHashMap<RealServer, Destination> destinations =
            new IdentityHashMap<>();
    // Resolver thread only: last cycle's next hop per server, to tell a route change.
    private IdentityHashMap<RealServer, NextHop> hops = new IdentityHashMap<>();

    RealServerAddresses(Balancer balancer, PacketMode mode, String interfaceName) {
        this.balancer = balancer;
        this.mode = mode;
        this.interfaceName = interfaceName;
    }

    /**
     * Where one real server's frames go, in one lookup for the packet thread.
     *
     * @param address the server's IPv4 address as an int
     * @param mac the MAC of its next hop (itself, or the gateway to it) as a 48-bit value, or
     *     {@link #UNRESOLVED}
     * @param preferredSource the preferred source address of the route to it as an int, or 0
     */
    record Destination(int address, long mac, int preferredSource) {
        static final long UNRESOLVED = -1;

        boolean resolved() {
            return mac != UNRESOLVED;
        }
    }

    /** The server's destination, or null when it has no IPv4 address (yet). */
    @Nullable Destination destination(RealServer server) {
        return destinations.get(server);
    }

    /**
     * Resolves every {@code interval} until interrupted or {@code running} turns false, on the
     * interface {@code ifindex} gives; skips a round while it gives -1 (the interface down or gone,
     * where probes could only fail).
     */
    void loop(
            NeighbourTable n,
            RouteTable routes,
            IntSupplier ifindex,
            Duration interval,
            BooleanSupplier running) {
        while (running.getAsBoolean()) {
            try {
                Thread.sleep(interval);
                int index = ifindex.getAsInt();
                if (index > 0) {
                    resolve(n, routes, index);
                }
            } catch (InterruptedException e) {
                return;
            } catch (IOException | RuntimeException e) {
                LOG.warn("resolving real servers on {}: {}", interfaceName, e.getMessage());
            }
        }
    }

    /**
     * Publishes the next-hop MAC of every real server the neighbour table knows; probes the others.
     */
    void resolve(NeighbourTable n, RouteTable routes, int ifindex) throws IOException {
        Map<Inet4Address, MacAddress> resolved = n.resolved(ifindex);
        List<RealServer> servers = new ArrayList<>(balancer.pool().servers());
        RealServer sorry = balancer.sorryServer();
        if (sorry != null) {
            servers.add(sorry);
        }
        // Servers that left the pool keep their destination while their connections drain.
        IdentityHashMap<RealServer, Destination> next = new IdentityHashMap<>(destinations);
        IdentityHashMap<RealServer, NextHop> nextHops = new IdentityHashMap<>();
        for (RealServer server : servers) {
            if (!(server.address().address() instanceof Inet4Address v4)) {
                continue;
            }
            int address = Ipv4.value(v4);
            NextHop hop = NextHop.of(v4, routes.lookup(v4), ifindex, mode);
            NextHop previous = hops.get(server);
            nextHops.put(server, hop);
            if (!hop.equals(previous)) {
                changed(server, previous, hop, routes);
            }
            switch (hop) {
                case NextHop.Refused _ ->
                        next.put(server, new Destination(address, Destination.UNRESOLVED, 0));
                case NextHop.Neighbour neighbour -> {
                    Inet4Address source = neighbour.preferredSource();
                    MacAddress known = resolved.get(neighbour.neighbour());
                    Destination before = next.get(server);
                    long mac;
                    if (known != null) {
                        mac = known.value();
                    } else {
                        // Keep the MAC while the table forgets it, unless it was another hop's.
                        mac =
                                before != null && hop.equals(previous)
                                        ? before.mac()
                                        : Destination.UNRESOLVED;
                        n.probe(neighbour.neighbour());
                    }
                    next.put(
                            server,
                            new Destination(address, mac, source == null ? 0 : Ipv4.value(source)));
                }
            }
        }
        hops = nextHops;
        destinations = next;
    }

    /** Says once why a server gets no frames, and when it gets them again. */
    private void changed(
            RealServer server, @Nullable NextHop previous, NextHop hop, RouteTable routes)
            throws IOException {
        if (hop instanceof NextHop.Refused refused) {
            Route route = refused.route();
            String found =
                    route == null
                            ? "none"
                            : route.describe(routes.interfaceName(route.interfaceIndex()));
            String why =
                    switch (refused.why()) {
                        case NO_ROUTE -> "there is no route to it";
                        case OTHER_INTERFACE ->
                                "its route leaves by another interface, and packet forwarding"
                                        + " sends only out of "
                                        + interfaceName;
                        case DIRECT_ROUTING_VIA_GATEWAY ->
                                "it is behind a router, and lb_kind DR needs the real servers on"
                                        + " the balancer's LAN (TUN and NAT reach routed ones)";
                    };
            LOG.warn(
                    "real server {} is not forwardable from {} (route: {}): {}; its packets are"
                            + " dropped and counted as unresolved",
                    server.address(),
                    interfaceName,
                    found,
                    why);
        } else if (hop instanceof NextHop.Neighbour after
                && (previous instanceof NextHop.Refused
                        || (previous instanceof NextHop.Neighbour before
                                && !before.neighbour().equals(after.neighbour())))) {
            LOG.info(
                    "real server {} is forwardable from {} through {}",
                    server.address(),
                    interfaceName,
                    after.neighbour().getHostAddress());
        }
    }
}
