package io.tandem.vrrp;

/**
 * Why a received packet was dropped. Bad packets are counted and dropped, never fatal; the reasons
 * follow the receive checks of RFC 3768 §7.1 and RFC 5798 §7.1.
 */
public enum RejectReason {
    /** Shorter than its fixed header, or than the IP header / total length say. */
    TRUNCATED,
    /** Not an IPv4 packet, or an IPv4 header length below 20 bytes. */
    BAD_IP_HEADER,
    /** IP protocol is not 112. */
    WRONG_PROTOCOL,
    /** IP TTL (IPv6 Hop Limit) is not 255: the packet crossed a router (RFC 5798 §7.1). */
    BAD_TTL,
    /** Version field is not the one this instance speaks. */
    WRONG_VERSION,
    /** Type field is not 1 (ADVERTISEMENT). */
    WRONG_TYPE,
    /** The address count does not match the packet length. */
    LENGTH_MISMATCH,
    /** The checksum does not verify. */
    BAD_CHECKSUM,
    /** Auth Type or password differs from the local configuration (RFC 3768 §7.1). */
    AUTH_MISMATCH,
    /** A field holds a value the RFC forbids (VRID 0, interval 0). */
    INVALID_FIELD,
    /** A valid advert for another virtual router on the same link; not ours to act on. */
    OTHER_VIRTUAL_ROUTER,
    /**
     * VRRPv2: the advert's interval differs from ours (RFC 3768 §7.1 says drop it); keepalived logs
     * this as a misconfiguration.
     */
    INTERVAL_MISMATCH
}
