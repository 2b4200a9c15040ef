package io.tandem.forward;

import io.tandem.linux.PacketRing;
import io.tandem.pool.RealServer;
import io.tandem.pool.TrafficCounters;
import java.lang.foreign.MemorySegment;

/**
 * NAT packet mode's return path: a real server's reply to a client, routed through the balancer, is
 * found in the connection table by the client's five values under each virtual address; its source
 * must be the entry's real server. It goes back with the VIP as source to the MAC the client's
 * packets came from. Runs on the packet thread.
 */
final class NatReplies {

    private final int protocol;
    private final VirtualServices services;
    private final ConnectionTable table;
    private final RealServerAddresses servers;
    private final TrafficCounters traffic;
    private final PacketCounters counters;
    private final long ownMac;

    NatReplies(
            int protocol,
            VirtualServices services,
            ConnectionTable table,
            RealServerAddresses servers,
            TrafficCounters traffic,
            PacketCounters counters,
            long ownMac) {
        this.protocol = protocol;
        this.services = services;
        this.table = table;
        this.servers = servers;
        this.traffic = traffic;
        this.counters = counters;
        this.ownMac = ownMac;
    }

    /** Rewrites and sends the reply at {@code s[at]} if it belongs to a tracked connection. */
    void reply(
            PacketRing r, MemorySegment s, long at, int length, long ip, long l4, boolean pending) {
        int client = Ipv4.destination(s, ip);
        int clientPort = Bytes.u16(s, l4 + 2);
        long now = System.nanoTime();
        for (int i = 0; i < services.size(); i++) {
            int slot =
                    table.find(
                            protocol,
                            client,
                            clientPort,
                            services.address(i),
                            services.port(i),
                            now);
            if (slot < 0) {
                continue;
            }
            RealServer server = table.server(slot);
            RealServerAddresses.Destination from = servers.destination(server);
            if (from == null
                    || from.address() != Ipv4.source(s, ip)
                    || server.address().port() != Bytes.u16(s, l4)) {
                continue;
            }
            long out = r.claimOffset();
            if (out < 0) {
                counters.ringFull.increment();
                return;
            }
            MemorySegment tx = r.transmitRing();
            MemorySegment.copy(s, at, tx, out, length);
            Ethernet.destination(tx, out, table.peerMac(slot));
            Ethernet.source(tx, out, ownMac);
            NatRewrite.toClient(
                    tx, out + Ethernet.LENGTH, services.address(i), services.port(i), pending);
            table.trackReply(slot, protocol == Ipv4.TCP ? Tcp.flags(s, l4) : 0, now);
            r.commit(length);
            traffic.outbound(length);
            server.traffic().outbound(length);
            counters.replies.increment();
            return;
        }
    }
}
