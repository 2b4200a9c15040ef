package io.tandem.vrrp;

/**
 * The version 2 Auth Type field. RFC 3768 §5.3.6 keeps only 0 and reserves 1 and 2, but keepalived
 * still sends 1 for {@code auth_type PASS} (the RFC 2338 simple text password), so Tandem speaks it
 * for compatibility. Type 2 (IPsec AH) changes the packet layout below VRRP and is not supported.
 */
public enum AuthType {
    NONE(0),
    PASS(1),
    AH(2);

    private final int code;

    AuthType(int code) {
        this.code = code;
    }

    /** The value carried in the Auth Type octet. */
    public int code() {
        return code;
    }
}
