package io.tandem.forward;

import java.lang.foreign.MemorySegment;

/**
 * ICMP "destination unreachable, fragmentation needed and DF set" (RFC 792 type 3 code 4, with the
 * next-hop MTU of RFC 1191) for a client packet too big to tunnel. It comes from the VIP, the
 * address the client sent to, as IPVS's would from the director's local VIP, and quotes the
 * client's IP header and the first 8 bytes of its payload, which the client's stack matches to the
 * connection.
 */
final class FragmentationNeeded {

    private static final int ICMP = 1;
    private static final int HEADER = 8;
    private static final int QUOTED_PAYLOAD = 8;
    private static final int TTL = 64;

    private FragmentationNeeded() {}

    /**
     * Writes at {@code out[outAt]} the ICMP frame answering the client frame at {@code in[inAt]},
     * sent back to the MAC it came from. Returns the frame's length.
     */
    static int write(
            MemorySegment in, long inAt, MemorySegment out, long outAt, long ownMac, int mtu) {
        long innerIp = inAt + Ethernet.LENGTH;
        int quoted =
                Math.min(
                        Ipv4.headerLength(in, innerIp) + QUOTED_PAYLOAD,
                        Ipv4.totalLength(in, innerIp));
        int total = Ipv4.MIN_LENGTH + HEADER + quoted;
        Ethernet.destination(out, outAt, Ethernet.source(in, inAt));
        Ethernet.source(out, outAt, ownMac);
        Ethernet.type(out, outAt, Ethernet.IPV4);
        long ip = outAt + Ethernet.LENGTH;
        Bytes.u8(out, ip, 0x45);
        Bytes.u8(out, ip + 1, 0);
        Bytes.u16(out, ip + Ipv4.TOTAL_LENGTH, total);
        Bytes.u16(out, ip + 4, 0);
        Bytes.u16(out, ip + Ipv4.FLAGS_FRAGMENT, 0);
        Bytes.u8(out, ip + Ipv4.TTL, TTL);
        Bytes.u8(out, ip + Ipv4.PROTOCOL, ICMP);
        Bytes.u32(out, ip + Ipv4.SOURCE, Ipv4.destination(in, innerIp));
        Bytes.u32(out, ip + Ipv4.DESTINATION, Ipv4.source(in, innerIp));
        Ipv4.fillChecksum(out, ip);
        long icmp = ip + Ipv4.MIN_LENGTH;
        Bytes.u8(out, icmp, 3);
        Bytes.u8(out, icmp + 1, 4);
        Bytes.u16(out, icmp + 2, 0);
        Bytes.u16(out, icmp + 4, 0);
        Bytes.u16(out, icmp + 6, TunnelMtu.nextHopMtu(mtu));
        MemorySegment.copy(in, innerIp, out, icmp + HEADER, quoted);
        Bytes.u16(out, icmp + 2, Checksum.of(out, icmp, HEADER + quoted));
        return Ethernet.LENGTH + total;
    }
}
