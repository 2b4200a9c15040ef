package io.tandem.forward;

/**
 * What lb_kind TUN does with a packet whose encapsulation would not fit the interface's MTU, as
 * IPVS does: the outer header adds 20 bytes; a packet that may not be fragmented (DF) makes the
 * client lower its path MTU through ICMP "fragmentation needed"; one that may is dropped and
 * counted (IPVS would fragment the outer packet; Tandem does not fragment yet).
 */
public enum TunnelMtu {
    /** The encapsulated packet fits: send it. */
    FITS,
    /** Too big with DF set: answer ICMP type 3 code 4 with {@link #nextHopMtu}. */
    FRAGMENTATION_NEEDED,
    /** Too big without DF: dropped (not fragmented yet). */
    DROP;

    /**
     * The decision for an inner IPv4 packet of {@code innerLength} bytes on a link of {@code mtu}.
     */
    public static TunnelMtu decide(int innerLength, boolean dontFragment, int mtu) {
        if (innerLength + Ipv4.MIN_LENGTH <= mtu) {
            return FITS;
        }
        return dontFragment ? FRAGMENTATION_NEEDED : DROP;
    }

    /** The MTU the client should use towards the VIP: the link's, less the outer header. */
    public static int nextHopMtu(int mtu) {
        return mtu - Ipv4.MIN_LENGTH;
    }
}
