package io.tandem.forward;

import java.lang.foreign.MemorySegment;

/**
 * IPVS tunnelling (lb_kind TUN): the client's IPv4 packet goes whole inside a new IPv4 header
 * (IP-in-IP, RFC 2003, protocol 4) from the balancer to the real server, which decapsulates it on a
 * tunl0 device holding the VIP and answers the client directly.
 *
 * <p>The outer header: version 4, IHL 5, TOS copied, total length inner + 20, identification 0, DF
 * copied from the inner header (RFC 2003 section 3.1), TTL 64, protocol 4, its checksum computed
 * whole (20 bytes, cheaper than tracking). When the result exceeds the link MTU, nothing is
 * written: with DF set the sender should get ICMP "fragmentation needed" with MTU - 20 (not sent
 * yet), without DF IPVS would fragment the outer packet (not done yet); either way the packet is
 * dropped and counted by the caller.
 */
public final class IpipEncapsulation {

    /** Returned instead of a length when the encapsulated packet would exceed the MTU. */
    public static final int TOO_BIG = -1;

    private static final int OUTER_TTL = 64;

    private IpipEncapsulation() {}

    /**
     * Writes into {@code out} at {@code outAt} an Ethernet frame carrying the IPv4 packet of the
     * frame at {@code in[inAt]}, encapsulated. Returns the new frame's length, or {@link #TOO_BIG}.
     * With {@code checksumPending} the inner transport checksum is filled in, as the real server's
     * stack will not. {@code in} and {@code out} must not overlap.
     */
    public static int encapsulate(
            MemorySegment in,
            long inAt,
            MemorySegment out,
            long outAt,
            long sourceMac,
            long destinationMac,
            int outerSource,
            int outerDestination,
            int mtu,
            boolean checksumPending) {
        long innerIp = inAt + Ethernet.LENGTH;
        int innerLength = Ipv4.totalLength(in, innerIp);
        int outerLength = innerLength + Ipv4.MIN_LENGTH;
        if (outerLength > mtu) {
            return TOO_BIG;
        }
        Ethernet.destination(out, outAt, destinationMac);
        Ethernet.source(out, outAt, sourceMac);
        Ethernet.type(out, outAt, Ethernet.IPV4);
        long ip = outAt + Ethernet.LENGTH;
        Bytes.u8(out, ip, 0x45);
        Bytes.u8(out, ip + 1, Bytes.u8(in, innerIp + 1)); // TOS
        Bytes.u16(out, ip + Ipv4.TOTAL_LENGTH, outerLength);
        Bytes.u16(out, ip + 4, 0); // identification: unused while the packet is never fragmented
        Bytes.u16(
                out,
                ip + Ipv4.FLAGS_FRAGMENT,
                Ipv4.flagsAndFragment(in, innerIp) & Ipv4.DONT_FRAGMENT);
        Bytes.u8(out, ip + Ipv4.TTL, OUTER_TTL);
        Bytes.u8(out, ip + Ipv4.PROTOCOL, Ipv4.IPIP);
        Bytes.u32(out, ip + Ipv4.SOURCE, outerSource);
        Bytes.u32(out, ip + Ipv4.DESTINATION, outerDestination);
        Ipv4.fillChecksum(out, ip);
        long inner = ip + Ipv4.MIN_LENGTH;
        MemorySegment.copy(in, innerIp, out, inner, innerLength);
        int protocol = Ipv4.protocol(out, inner);
        if (checksumPending && TransportChecksum.field(protocol) >= 0) {
            TransportChecksum.fill(out, inner, inner + Ipv4.headerLength(out, inner), protocol);
        }
        return Ethernet.LENGTH + outerLength;
    }
}
