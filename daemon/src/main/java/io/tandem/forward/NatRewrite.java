package io.tandem.forward;

import java.lang.foreign.MemorySegment;

/**
 * IPVS masquerading (lb_kind NAT) on one IPv4 TCP or UDP packet, in place: a client's packet to the
 * VIP gets the real server's address and port as destination; the real server's reply gets the VIP
 * and virtual port back as source. The IPv4 header checksum and the transport checksum are updated
 * incrementally (RFC 1624), or the transport checksum computed whole when the frame came with it
 * pending. The frame's MACs are the caller's business (the next hop differs per side).
 */
public final class NatRewrite {

    private NatRewrite() {}

    /**
     * Rewrites the destination of the packet whose IPv4 header is at {@code ip}.
     *
     * @param checksumPending the transport checksum is not filled in yet (compute it whole)
     */
    public static void toRealServer(
            MemorySegment s, long ip, int address, int port, boolean checksumPending) {
        int protocol = Ipv4.protocol(s, ip);
        long l4 = ip + Ipv4.headerLength(s, ip);
        int oldAddress = Ipv4.destination(s, ip);
        int oldPort = Bytes.u16(s, l4 + 2);
        Ipv4.destination(s, ip, address);
        Bytes.u16(s, l4 + 2, port);
        fixTransport(s, ip, l4, protocol, oldAddress, address, oldPort, port, checksumPending);
    }

    /** Rewrites the source of a real server's reply to the virtual address and port. */
    public static void toClient(
            MemorySegment s, long ip, int address, int port, boolean checksumPending) {
        int protocol = Ipv4.protocol(s, ip);
        long l4 = ip + Ipv4.headerLength(s, ip);
        int oldAddress = Ipv4.source(s, ip);
        int oldPort = Bytes.u16(s, l4);
        Ipv4.source(s, ip, address);
        Bytes.u16(s, l4, port);
        fixTransport(s, ip, l4, protocol, oldAddress, address, oldPort, port, checksumPending);
    }

    private static void fixTransport(
            MemorySegment s,
            long ip,
            long l4,
            int protocol,
            int oldAddress,
            int address,
            int oldPort,
            int port,
            boolean checksumPending) {
        if (checksumPending) {
            TransportChecksum.fill(s, ip, l4, protocol);
            return;
        }
        TransportChecksum.update32(s, l4, protocol, oldAddress, address);
        TransportChecksum.update16(s, l4, protocol, oldPort, port);
    }
}
