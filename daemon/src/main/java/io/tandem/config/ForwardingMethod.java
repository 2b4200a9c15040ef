package io.tandem.config;

/**
 * keepalived's {@code lb_kind} (ipvsadm's -m, -g, -i). Only {@link #NAT} runs today, as a full
 * proxy: the client's TCP session ends at Tandem and a second one goes to the real server. DR and
 * TUN need packet-level forwarding and are rejected by the config loader until it exists.
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
