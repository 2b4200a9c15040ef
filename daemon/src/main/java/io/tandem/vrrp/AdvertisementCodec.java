package io.tandem.vrrp;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Encodes and decodes the VRRP message (the IP payload) for one instance's version and
 * authentication. Layouts: RFC 3768 §5.1 (v2) and RFC 5798 §5.1 (v3). Stateless and thread-safe.
 *
 * <pre>
 *  0: Version|Type   1: VRID   2: Priority   3: Count IPvX Addr
 *  v2: 4: Auth Type  5: Adver Int (s)            v3: 4-5: rsvd(4 bits)|Max Adver Int (cs, 12 bits)
 *  6-7: Checksum     8..: addresses (4 or 16 bytes each)   v2 only: 8 bytes Authentication Data
 * </pre>
 */
public final class AdvertisementCodec {
    private static final int HEADER_LENGTH = 8;
    private static final int CHECKSUM_OFFSET = 6;

    private final VrrpVersion version;
    private final Authentication authentication;

    /**
     * @param version the version this instance speaks; others are rejected (RFC 5798 §7.1)
     * @param authentication the local v2 authentication that received packets must match; {@link
     *     Authentication#none()} for v3
     */
    public AdvertisementCodec(VrrpVersion version, Authentication authentication) {
        this.version = version;
        this.authentication = authentication;
    }

    /**
     * The bytes of {@code advertisement}, checksum filled in. For v3 the checksum covers the IP
     * pseudo-header (RFC 5798 §5.2.8), hence the addresses the packet will carry; v2 ignores them
     * (RFC 3768 §5.3.8: the checksum covers the VRRP message only).
     */
    public byte[] encode(Advertisement advertisement, InetAddress source, InetAddress destination) {
        List<InetAddress> addresses = advertisement.addresses();
        boolean v2 = advertisement.version() == VrrpVersion.V2;
        int addressLength = addressLength(advertisement.version(), source);
        int length =
                HEADER_LENGTH
                        + addresses.size() * addressLength
                        + (v2 ? Authentication.DATA_LENGTH : 0);
        byte[] bytes = new byte[length];
        bytes[0] =
                (byte) ((advertisement.version().number() << 4) | Advertisement.TYPE_ADVERTISEMENT);
        bytes[1] = (byte) advertisement.virtualRouterId();
        bytes[2] = (byte) advertisement.priority();
        bytes[3] = (byte) addresses.size();
        int interval = advertisement.intervalField();
        if (v2) {
            bytes[4] = (byte) advertisement.authentication().type().code();
            bytes[5] = (byte) interval;
        } else {
            bytes[4] = (byte) ((interval >>> 8) & 0x0F);
            bytes[5] = (byte) interval;
        }
        int at = HEADER_LENGTH;
        for (InetAddress address : addresses) {
            byte[] raw = address.getAddress();
            if (raw.length != addressLength) {
                throw new IllegalArgumentException(
                        "address "
                                + address.getHostAddress()
                                + " is not of the source address family");
            }
            System.arraycopy(raw, 0, bytes, at, raw.length);
            at += raw.length;
        }
        if (v2) {
            byte[] data = advertisement.authentication().data();
            System.arraycopy(data, 0, bytes, at, data.length);
        }
        int checksum = checksum(advertisement.version(), bytes, 0, length, source, destination);
        bytes[CHECKSUM_OFFSET] = (byte) (checksum >>> 8);
        bytes[CHECKSUM_OFFSET + 1] = (byte) checksum;
        return bytes;
    }

    /** Decodes a whole array; see {@link #decode(byte[], int, int, InetAddress, InetAddress)}. */
    public DecodeResult<Advertisement> decode(
            byte[] bytes, InetAddress source, InetAddress destination) {
        return decode(bytes, 0, bytes.length, source, destination);
    }

    /**
     * Decodes and validates the VRRP message in {@code bytes[offset, offset + length)}, which must
     * be exactly the IP payload (the I/O side cuts it by the IP total length). {@code source} and
     * {@code destination} are the IP header's; v3 needs them for the pseudo-header checksum and the
     * address family. Never throws on bad input.
     */
    public DecodeResult<Advertisement> decode(
            byte[] bytes, int offset, int length, InetAddress source, InetAddress destination) {
        if (length < HEADER_LENGTH) {
            return DecodeResult.rejected(
                    RejectReason.TRUNCATED, length + " bytes cannot hold a VRRP header");
        }
        int receivedVersion = (bytes[offset] & 0xFF) >>> 4;
        int type = bytes[offset] & 0x0F;
        if (receivedVersion != version.number()) {
            return DecodeResult.rejected(
                    RejectReason.WRONG_VERSION,
                    "version " + receivedVersion + " but this instance speaks " + version.number());
        }
        if (type != Advertisement.TYPE_ADVERTISEMENT) {
            return DecodeResult.rejected(
                    RejectReason.WRONG_TYPE, "type " + type + " is not ADVERTISEMENT (1)");
        }
        boolean v2 = version == VrrpVersion.V2;
        int count = bytes[offset + 3] & 0xFF;
        int addressLength = addressLength(version, source);
        int expected =
                HEADER_LENGTH + count * addressLength + (v2 ? Authentication.DATA_LENGTH : 0);
        if (length != expected) {
            return DecodeResult.rejected(
                    length < HEADER_LENGTH + (v2 ? Authentication.DATA_LENGTH : 0)
                            ? RejectReason.TRUNCATED
                            : RejectReason.LENGTH_MISMATCH,
                    count + " addresses need " + expected + " bytes, got " + length);
        }
        // Summing a message that includes its own checksum gives zero when it is intact (RFC 1071).
        if (checksum(version, bytes, offset, length, source, destination) != 0) {
            return DecodeResult.rejected(RejectReason.BAD_CHECKSUM, "checksum does not verify");
        }
        int vrid = bytes[offset + 1] & 0xFF;
        int priority = bytes[offset + 2] & 0xFF;
        Duration interval;
        Authentication receivedAuth = Authentication.none();
        if (v2) {
            int seconds = bytes[offset + 5] & 0xFF;
            interval = Duration.ofSeconds(seconds);
            int authCode = bytes[offset + 4] & 0xFF;
            AuthType authType = authType(authCode);
            byte[] data =
                    Arrays.copyOfRange(
                            bytes, offset + length - Authentication.DATA_LENGTH, offset + length);
            if (authType == null) {
                return DecodeResult.rejected(
                        RejectReason.AUTH_MISMATCH, "unknown auth type " + authCode);
            }
            receivedAuth =
                    new Authentication(authType, authType == AuthType.NONE ? new byte[8] : data);
            if (!authentication.accepts(receivedAuth)) {
                return DecodeResult.rejected(
                        RejectReason.AUTH_MISMATCH,
                        "auth type "
                                + authType
                                + " or password differs from local "
                                + authentication.type());
            }
        } else {
            // The 4 reserved bits are ignored on receipt (RFC 5798 §5.2.6).
            int centiseconds = ((bytes[offset + 4] & 0x0F) << 8) | (bytes[offset + 5] & 0xFF);
            interval = Duration.ofMillis(centiseconds * 10L);
        }
        if (vrid == 0 || interval.isZero()) {
            return DecodeResult.rejected(
                    RejectReason.INVALID_FIELD,
                    "virtual router id " + vrid + ", interval " + interval);
        }
        List<InetAddress> addresses = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int at = offset + HEADER_LENGTH + i * addressLength;
            addresses.add(address(Arrays.copyOfRange(bytes, at, at + addressLength)));
        }
        return new DecodeResult.Decoded<>(
                new Advertisement(version, vrid, priority, interval, addresses, receivedAuth));
    }

    private static int addressLength(VrrpVersion version, InetAddress source) {
        return version == VrrpVersion.V2 || source instanceof Inet4Address ? 4 : 16;
    }

    private static int checksum(
            VrrpVersion version,
            byte[] bytes,
            int offset,
            int length,
            InetAddress source,
            InetAddress destination) {
        InternetChecksum sum = new InternetChecksum();
        if (version == VrrpVersion.V3) {
            sum.add(pseudoHeader(source, destination, length));
        }
        return sum.add(bytes, offset, length).value();
    }

    /**
     * The pseudo-header v3 prepends to the checksum (RFC 5798 §5.2.8): for IPv4 the RFC 768 form
     * (source, destination, zero, protocol 112, VRRP length as 16 bits), for IPv6 the RFC 8200 §8.1
     * form (source, destination, 32-bit length, three zeros, next header 112).
     */
    private static byte[] pseudoHeader(InetAddress source, InetAddress destination, int length) {
        byte[] src = source.getAddress();
        byte[] dst = destination.getAddress();
        if (src.length != dst.length) {
            throw new IllegalArgumentException("source and destination families differ");
        }
        if (src.length == 4) {
            byte[] header = new byte[12];
            System.arraycopy(src, 0, header, 0, 4);
            System.arraycopy(dst, 0, header, 4, 4);
            header[9] = (byte) Ipv4Header.PROTOCOL_VRRP;
            header[10] = (byte) (length >>> 8);
            header[11] = (byte) length;
            return header;
        }
        byte[] header = new byte[40];
        System.arraycopy(src, 0, header, 0, 16);
        System.arraycopy(dst, 0, header, 16, 16);
        header[34] = (byte) (length >>> 8);
        header[35] = (byte) length;
        header[39] = (byte) Ipv4Header.PROTOCOL_VRRP;
        return header;
    }

    private static @Nullable AuthType authType(int code) {
        for (AuthType type : AuthType.values()) {
            if (type.code() == code) {
                return type;
            }
        }
        return null;
    }

    private static InetAddress address(byte[] raw) {
        try {
            return InetAddress.getByAddress(raw);
        } catch (UnknownHostException e) {
            throw new AssertionError("4 or 16 bytes are always an address", e);
        }
    }
}
