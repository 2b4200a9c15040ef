package io.tandem.config;

/**
 * keepalived's {@code lb_kind} (ipvsadm's -m, -g, -i). {@link #NAT} runs as a full proxy: the
 * client's TCP session ends at Tandem and a second one goes to the real server. {@link #DR} and
 * {@link #TUN} run as packet-level forwarding ({@code io.tandem.forward}), on the interface named
 * by Tandem's {@code interface} keyword.
 */
public enum ForwardingMethod {
    NAT("Masq"),
    DR("Route"),
    TUN("Tunnel");

    private final String ipvsadmName;

    ForwardingMethod(String ipvsadmName) {
        this.ipvsadmName = ipvsadmName;
    }

    /** The word ipvsadm prints in its Forward column. */
    public String ipvsadmName() {
        return ipvsadmName;
    }
}
