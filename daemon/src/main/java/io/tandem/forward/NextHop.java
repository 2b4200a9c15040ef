package io.tandem.forward;

import io.tandem.linux.Route;
import java.net.Inet4Address;
import org.jspecify.annotations.Nullable;

/**
 * Where the packet forwarder sends a real server's frames, decided from the kernel's route to the
 * server: to the server itself when it is on the interface's LAN, to the gateway when a router on
 * that LAN leads to it (TUN and NAT; IPVS routes both), or nowhere. Pure: the route is looked up by
 * the caller.
 */
sealed interface NextHop {

    /** Frames go to {@code neighbour}'s MAC on the forwarder's interface. */
    record Neighbour(Inet4Address neighbour, @Nullable Inet4Address preferredSource)
            implements NextHop {}

    /** The server gets no frames, for {@code why}; {@code route} is the route found, if any. */
    record Refused(Refusal why, @Nullable Route route) implements NextHop {}

    enum Refusal {
        /** The kernel has no route to the server, or an unreachable, prohibit or blackhole one. */
        NO_ROUTE,
        /**
         * The route leaves by another interface (or the address is local): the ring sends only on
         * its own.
         */
        OTHER_INTERFACE,
        /**
         * DR behind a router: the frame keeps the VIP as destination, so the router would route it
         * back to the balancer instead of to the server.
         */
        DIRECT_ROUTING_VIA_GATEWAY
    }

    /**
     * The next hop to {@code server} through {@code route} (null: no route), for a forwarder on
     * interface {@code interfaceIndex} in {@code mode}.
     */
    static NextHop of(
            Inet4Address server, @Nullable Route route, int interfaceIndex, PacketMode mode) {
        if (route == null) {
            return new Refused(Refusal.NO_ROUTE, null);
        }
        if (route.interfaceIndex() != interfaceIndex) {
            return new Refused(Refusal.OTHER_INTERFACE, route);
        }
        Inet4Address gateway = route.gateway();
        if (gateway == null) {
            return new Neighbour(server, route.preferredSource());
        }
        if (mode == PacketMode.DIRECT_ROUTE) {
            return new Refused(Refusal.DIRECT_ROUTING_VIA_GATEWAY, route);
        }
        return new Neighbour(gateway, route.preferredSource());
    }
}
