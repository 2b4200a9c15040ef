package io.tandem.forward;

import java.lang.foreign.MemorySegment;

/**
 * IPVS gatewaying (lb_kind DR) on one frame, in place: only the Ethernet addresses change, to the
 * real server's MAC as destination and the balancer's as source. The IP packet is untouched (same
 * addresses, same TTL: the balancer acts as a switch on one LAN, as IPVS DR does), so the real
 * server, holding the VIP on a non-ARPing interface, answers the client directly.
 */
public final class DirectRouteRewrite {

    private DirectRouteRewrite() {}

    /**
     * @param checksumPending the transport checksum was left to offload: fill it in, since the
     *     frame leaves through a socket that will not
     */
    public static void toRealServer(
            MemorySegment s,
            long ethernet,
            long balancerMac,
            long serverMac,
            boolean checksumPending) {
        Ethernet.destination(s, ethernet, serverMac);
        Ethernet.source(s, ethernet, balancerMac);
        if (checksumPending) {
            long ip = ethernet + Ethernet.LENGTH;
            int protocol = Ipv4.protocol(s, ip);
            if (TransportChecksum.field(protocol) >= 0) {
                TransportChecksum.fill(s, ip, ip + Ipv4.headerLength(s, ip), protocol);
            }
        }
    }
}
