package io.tandem.vrrp;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * The version 2 authentication fields: the Auth Type and the 8-octet Authentication Data. For
 * {@code PASS} the data is the password, truncated to 8 bytes and zero-padded as keepalived does,
 * so a peer configured with {@code auth_pass secret} compares equal byte for byte.
 *
 * @param type the Auth Type octet
 * @param data exactly 8 bytes; zeros unless {@code type} is {@code PASS}
 */
// A record with an array is deliberate: the field is 8 opaque octets on the wire, copied in and
// out,
// with equals, hashCode and toString overridden (toString must not print a password).
@SuppressWarnings("ArrayRecordComponent")
public record Authentication(AuthType type, byte[] data) {
    /** Length of the Authentication Data field (RFC 3768 §5.3.10). */
    public static final int DATA_LENGTH = 8;

    private static final Authentication NONE = new Authentication(AuthType.NONE, new byte[8]);

    public Authentication {
        Objects.requireNonNull(type, "type");
        if (data.length != DATA_LENGTH) {
            throw new IllegalArgumentException(
                    "authentication data is " + data.length + " bytes (expected 8)");
        }
        data = data.clone();
    }

    /** No authentication: Auth Type 0 and zero data, as RFC 3768 §5.3.6 requires. */
    public static Authentication none() {
        return NONE;
    }

    /**
     * keepalived's {@code auth_type PASS} with {@code auth_pass}: at most 8 bytes are significant.
     */
    public static Authentication password(String password) {
        byte[] padded = new byte[DATA_LENGTH];
        byte[] raw = password.getBytes(StandardCharsets.UTF_8);
        System.arraycopy(raw, 0, padded, 0, Math.min(raw.length, DATA_LENGTH));
        return new Authentication(AuthType.PASS, padded);
    }

    @Override
    public byte[] data() {
        return data.clone();
    }

    /**
     * Whether a received advertisement passes this (locally configured) authentication: same type,
     * and for {@code PASS} the same 8 bytes. Data of an unauthenticated packet is ignored, as RFC
     * 3768 §5.3.10 tells receivers to.
     */
    public boolean accepts(Authentication received) {
        if (type != received.type) {
            return false;
        }
        return type != AuthType.PASS || Arrays.equals(data, received.data);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Authentication that
                && type == that.type
                && Arrays.equals(data, that.data);
    }

    @Override
    public int hashCode() {
        return 31 * type.hashCode() + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return "Authentication[" + type + "]";
    }
}
