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
 * reads immutable identity maps (no allocation, no lock); a resolver thread replaces them every
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
    private volatile IdentityHashMap<RealServer, Long> macs = new IdentityHashMap<>();
    private volatile IdentityHashMap<RealServer, Integer> addresses = new IdentityHashMap<>();
    private volatile IdentityHashMap<RealServer, Integer> sources = new IdentityHashMap<>();
    // Resolver thread only: last cycle's next hop per server, to tell a route change.
    private IdentityHashMap<RealServer, NextHop> hops = new IdentityHashMap<>();

    RealServerAddresses(Balancer balancer, PacketMode mode, String interfaceName) {
        this.balancer = balancer;
        this.mode = mode;
        this.interfaceName = interfaceName;
    }

    /** The MAC of the server's next hop as a 48-bit value, or null while unresolved. */
    @Nullable Long mac(RealServer server) {
        return macs.get(server);
    }

    /** The server's IPv4 address as an int, or null when it has none (yet). */
    @Nullable Integer address(RealServer server) {
        return addresses.get(server);
    }

    /** The preferred source address of the route to the server as an int, or 0 when none. */
    int preferredSource(RealServer server) {
        Integer source = sources.get(server);
        return source == null ? 0 : source;
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
        Map<Inet4Address, MacAddress> known = n.resolved(ifindex);
        List<RealServer> servers = new ArrayList<>(balancer.pool().servers());
        RealServer sorry = balancer.sorryServer();
        if (sorry != null) {
            servers.add(sorry);
        }
        IdentityHashMap<RealServer, Long> next = new IdentityHashMap<>(macs);
        IdentityHashMap<RealServer, Integer> nextAddresses = new IdentityHashMap<>(addresses);
        IdentityHashMap<RealServer, Integer> nextSources = new IdentityHashMap<>(sources);
        IdentityHashMap<RealServer, NextHop> nextHops = new IdentityHashMap<>();
        for (RealServer server : servers) {
            if (!(server.address().address() instanceof Inet4Address v4)) {
                continue;
            }
            nextAddresses.put(server, Ipv4.value(v4));
            NextHop hop = NextHop.of(v4, routes.lookup(v4), ifindex, mode);
            NextHop previous = hops.get(server);
            nextHops.put(server, hop);
            if (!hop.equals(previous)) {
                changed(server, previous, hop, routes);
            }
            switch (hop) {
                case NextHop.Refused _ -> {
                    next.remove(server);
                    nextSources.remove(server);
                }
                case NextHop.Neighbour neighbour -> {
                    Inet4Address source = neighbour.preferredSource();
                    if (source == null) {
                        nextSources.remove(server);
                    } else {
                        nextSources.put(server, Ipv4.value(source));
                    }
                    MacAddress mac = known.get(neighbour.neighbour());
                    if (mac != null) {
                        next.put(server, mac.value());
                    } else {
                        if (!hop.equals(previous)) {
                            next.remove(server); // the MAC known was another next hop's
                        }
                        n.probe(neighbour.neighbour());
                    }
                }
            }
        }
        hops = nextHops;
        addresses = nextAddresses;
        sources = nextSources;
        macs = next;
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
