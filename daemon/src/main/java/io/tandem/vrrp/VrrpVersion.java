package io.tandem.vrrp;

/**
 * The protocol version of an instance ({@code vrrp_version} in keepalived). Version 2 (RFC 3768)
 * counts the advertisement interval in whole seconds and carries IPv4 addresses and an
 * authentication field; version 3 (RFC 5798) counts it in centiseconds, drops authentication and
 * carries either IPv4 or IPv6 addresses.
 */
public enum VrrpVersion {
    V2(2),
    V3(3);

    private final int number;

    VrrpVersion(int number) {
        this.number = number;
    }

    /** The value of the 4-bit Version field. */
    public int number() {
        return number;
    }
}
