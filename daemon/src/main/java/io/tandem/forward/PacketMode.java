package io.tandem.forward;

/** How a {@link PacketForwarder} rewrites a client's frame for the real server. */
public enum PacketMode {
    /** lb_kind DR: only the Ethernet destination changes; replies bypass the balancer. */
    DIRECT_ROUTE,
    /**
     * lb_kind NAT with packet_mode: destination address and port rewritten; the real servers route
     * their replies through the balancer, which rewrites their source back to the VIP.
     */
    NAT,
    /**
     * lb_kind TUN: the packet goes whole inside an IPIP header to the real server, which holds the
     * VIP and answers the client directly.
     */
    TUNNEL
}
