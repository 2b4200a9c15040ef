package io.tandem.forward;

import io.tandem.pool.RealServer;
import java.lang.foreign.MemorySegment;
import org.jspecify.annotations.Nullable;

/**
 * NAT packet mode's way in: a client's frame, copied into the transmit ring, gets the real server's
 * address and port as destination and, for a client {@link SourceNat} covers, the VIP and a port of
 * its own as source. The entry remembers the MAC the frame came from, where the replies go back to.
 * Runs on the packet thread.
 */
final class NatRequests {

    private final VirtualServices services;
    private final ConnectionTable table;
    private final @Nullable SourceNat sourceNat;
    private final long ownMac;

    NatRequests(
            VirtualServices services,
            ConnectionTable table,
            @Nullable SourceNat sourceNat,
            long ownMac) {
        this.services = services;
        this.table = table;
        this.sourceNat = sourceNat;
        this.ownMac = ownMac;
    }

    /**
     * Rewrites the frame at {@code tx[out]}, a copy of the one at {@code s[at]} for the entry at
     * {@code slot}; false when it must not leave (counted).
     */
    boolean rewrite(
            MemorySegment s,
            long at,
            MemorySegment tx,
            long out,
            int slot,
            int service,
            RealServer server,
            RealServerAddresses.Destination to,
            boolean pending) {
        long ip = at + Ethernet.LENGTH;
        int client = Ipv4.source(s, ip);
        int snatPort = 0;
        SourceNat snat = sourceNat;
        if (snat != null && snat.covers(client)) {
            long l4 = ip + Ipv4.headerLength(s, ip);
            snatPort = snat.portFor(slot, client, Bytes.u16(s, l4), service, System.nanoTime());
            if (snatPort == 0) {
                return false; // every port taken
            }
        }
        table.setPeerMac(slot, Ethernet.source(s, at));
        Ethernet.destination(tx, out, to.mac());
        Ethernet.source(tx, out, ownMac);
        long outIp = out + Ethernet.LENGTH;
        NatRewrite.toRealServer(tx, outIp, to.address(), server.address().port(), pending);
        if (snatPort != 0) {
            NatRewrite.toClient(tx, outIp, services.address(service), snatPort, pending);
        }
        return true;
    }
}
