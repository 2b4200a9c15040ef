package io.tandem.admin.api;

/**
 * ipvsadm's packet-forwarding method, {@code -m}, {@code -g}, {@code -i}, as {@code -L} prints it.
 */
public enum Forwarding {
    MASQ("Masq", "-m"),
    ROUTE("Route", "-g"),
    TUNNEL("Tunnel", "-i");

    private final String listed;
    private final String option;

    Forwarding(String listed, String option) {
        this.listed = listed;
        this.option = option;
    }

    /** The word ipvsadm -L prints in the Forward column. */
    public String listed() {
        return listed;
    }

    /** The option ipvsadm -S writes. */
    public String option() {
        return option;
    }
}
