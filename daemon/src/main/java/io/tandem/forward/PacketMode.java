package io.tandem.forward;

/** How a {@link PacketForwarder} rewrites a client's frame for the real server. */
public enum PacketMode {
    /** lb_kind DR: only the Ethernet destination changes; replies bypass the balancer. */
    DIRECT_ROUTE,
    /**
     * lb_kind NAT with packet_mode: destination address and port rewritten; the real servers route
     * their replies through the balancer, which rewrites their source back to the VIP.
     */
    NAT
}
