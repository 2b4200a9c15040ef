package io.tandem.common;

/** The transport a virtual server balances, as keepalived's {@code protocol} keyword names it. */
public enum Protocol {
    TCP,
    UDP,
    /** Tandem's addition: an L7 HTTP/1.1 proxy over TCP ({@code protocol HTTP}). */
    HTTP;

    /**
     * ipvsadm's service flag: {@code -t} for TCP (and HTTP, which runs over it), {@code -u} for
     * UDP.
     */
    public String ipvsadmFlag() {
        return this == UDP ? "-u" : "-t";
    }
}
