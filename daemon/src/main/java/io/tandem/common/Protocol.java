package io.tandem.common;

/** The transport a virtual server balances, as keepalived's {@code protocol} keyword names it. */
public enum Protocol {
    TCP,
    UDP;

    /** ipvsadm's service flag: {@code -t} for TCP, {@code -u} for UDP. */
    public String ipvsadmFlag() {
        return this == TCP ? "-t" : "-u";
    }
}
