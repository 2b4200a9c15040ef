package io.tandem.vrrp;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;

/**
 * The fields of the IPv4 header that a raw socket delivers in front of a VRRP message and that the
 * receive checks need (RFC 791 layout).
 *
 * @param headerLength bytes, IHL × 4, where the VRRP message starts
 * @param totalLength bytes, header plus VRRP message
 * @param ttl must be 255 for VRRP (RFC 3768 §7.1, RFC 5798 §7.1)
 * @param protocol must be 112
 * @param source the sender's primary address, used for the tie-break and the v3 pseudo-header
 * @param destination 224.0.0.18 or a unicast peer address, used in the v3 pseudo-header
 */
public record Ipv4Header(
        int headerLength,
        int totalLength,
        int ttl,
        int protocol,
        Inet4Address source,
        Inet4Address destination) {

    /** IANA protocol number of VRRP (RFC 5798 §5.1.1.4). */
    public static final int PROTOCOL_VRRP = 112;

    /**
     * The only TTL a VRRP packet may arrive with: it must not have been routed (RFC 5798 §5.1.1.3).
     */
    public static final int REQUIRED_TTL = 255;

    private static final int MIN_HEADER_LENGTH = 20;

    /**
     * Parses and checks the header at the start of {@code packet}. The header checksum is not
     * verified: the kernel drops packets with a bad IP checksum before a raw socket sees them.
     */
    public static DecodeResult<Ipv4Header> parse(byte[] packet, int length) {
        if (length < MIN_HEADER_LENGTH) {
            return DecodeResult.rejected(
                    RejectReason.TRUNCATED, length + " bytes cannot hold an IPv4 header");
        }
        int version = (packet[0] & 0xFF) >>> 4;
        int headerLength = (packet[0] & 0x0F) * 4;
        if (version != 4 || headerLength < MIN_HEADER_LENGTH) {
            return DecodeResult.rejected(
                    RejectReason.BAD_IP_HEADER,
                    "IP version " + version + " header length " + headerLength);
        }
        int totalLength = ((packet[2] & 0xFF) << 8) | (packet[3] & 0xFF);
        if (headerLength > length || totalLength > length || totalLength < headerLength) {
            return DecodeResult.rejected(
                    RejectReason.TRUNCATED,
                    "header "
                            + headerLength
                            + " and total "
                            + totalLength
                            + " bytes, but "
                            + length
                            + " received");
        }
        int ttl = packet[8] & 0xFF;
        int protocol = packet[9] & 0xFF;
        if (protocol != PROTOCOL_VRRP) {
            return DecodeResult.rejected(
                    RejectReason.WRONG_PROTOCOL, "IP protocol " + protocol + " is not VRRP (112)");
        }
        if (ttl != REQUIRED_TTL) {
            return DecodeResult.rejected(
                    RejectReason.BAD_TTL, "TTL " + ttl + " is not 255 (RFC 5798 §7.1)");
        }
        return new DecodeResult.Decoded<>(
                new Ipv4Header(
                        headerLength,
                        totalLength,
                        ttl,
                        protocol,
                        ipv4(packet, 12),
                        ipv4(packet, 16)));
    }

    private static Inet4Address ipv4(byte[] packet, int offset) {
        try {
            return (Inet4Address)
                    InetAddress.getByAddress(Arrays.copyOfRange(packet, offset, offset + 4));
        } catch (UnknownHostException e) {
            throw new AssertionError("4 bytes are always an IPv4 address", e);
        }
    }
}
