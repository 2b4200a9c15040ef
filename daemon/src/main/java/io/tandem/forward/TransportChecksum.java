package io.tandem.forward;

import java.lang.foreign.MemorySegment;

/**
 * Keeps the TCP or UDP checksum of an IPv4 packet right across rewrites: incrementally (RFC 1624)
 * for a complete checksum, from scratch when the kernel handed the frame over with the checksum
 * still to be filled in (TP_STATUS_CSUMNOTREADY: checksum offload on the sending side of a veth or
 * on a local socket, where the field only holds the pseudo-header sum).
 */
final class TransportChecksum {

    private TransportChecksum() {}

    /** The offset of the checksum field in the transport header, or -1 for other protocols. */
    static int field(int protocol) {
        return switch (protocol) {
            case Ipv4.TCP -> Tcp.CHECKSUM;
            case Ipv4.UDP -> Udp.CHECKSUM;
            default -> -1;
        };
    }

    /** After a 32-bit field covered by the checksum changed (an address, via the pseudo-header). */
    static void update32(MemorySegment s, long l4, int protocol, int old, int now) {
        int field = field(protocol);
        int current = Bytes.u16(s, l4 + field);
        if (protocol == Ipv4.UDP && current == 0) {
            return; // no checksum sent
        }
        Bytes.u16(s, l4 + field, nonZeroForUdp(protocol, Checksum.update32(current, old, now)));
    }

    /** After a 16-bit field covered by the checksum changed (a port). */
    static void update16(MemorySegment s, long l4, int protocol, int old, int now) {
        int field = field(protocol);
        int current = Bytes.u16(s, l4 + field);
        if (protocol == Ipv4.UDP && current == 0) {
            return;
        }
        Bytes.u16(s, l4 + field, nonZeroForUdp(protocol, Checksum.update16(current, old, now)));
    }

    /** Computes the whole checksum over the pseudo-header and the segment. */
    static void fill(MemorySegment s, long ip, long l4, int protocol) {
        int field = field(protocol);
        int length = Ipv4.totalLength(s, ip) - (int) (l4 - ip);
        Bytes.u16(s, l4 + field, 0);
        Bytes.u16(s, l4 + field, nonZeroForUdp(protocol, Checksum.transport(s, ip, l4, length)));
    }

    private static int nonZeroForUdp(int protocol, int checksum) {
        return protocol == Ipv4.UDP && checksum == 0 ? 0xffff : checksum;
    }
}
