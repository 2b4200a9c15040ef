package io.tandem.vrrp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 10, unit = TimeUnit.SECONDS)
class AdvertisementCodecTest {
    private static final InetAddress SOURCE = address("192.168.1.10");
    private static final InetAddress GROUP = address("224.0.0.18");
    private static final InetAddress VIP = address("192.168.1.100");
    private static final InetAddress SOURCE6 = address("fe80::1");
    private static final InetAddress GROUP6 = address("ff02::12");
    private static final InetAddress VIP6 = address("2001:db8::100");

    private static final AdvertisementCodec V2_PASS =
            new AdvertisementCodec(VrrpVersion.V2, Authentication.password("secret"));
    private static final AdvertisementCodec V3 =
            new AdvertisementCodec(VrrpVersion.V3, Authentication.none());

    /**
     * What keepalived sends for {@code virtual_router_id 51, priority 100, advert_int 1, auth_type
     * PASS, auth_pass secret, virtual_ipaddress 192.168.1.100}, built from the RFC 3768 §5.1
     * layout. The checksum 0x7b71 was worked out by hand and is re-checked by the RFC 1071 loop.
     */
    private static final byte[] KEEPALIVED_V2 =
            HexFormat.of().parseHex("21336401" + "01017b71" + "c0a80164" + "7365637265740000");

    /** v3, VRID 51, priority 100, 100 cs, 192.168.1.100, from 192.168.1.10 to 224.0.0.18. */
    private static final byte[] KEEPALIVED_V3 =
            HexFormat.of().parseHex("31336401" + "00640619" + "c0a80164");

    @Test
    void handBuiltV2ChecksumsAgreeWithAnIndependentRfc1071Loop() {
        byte[] zeroed = KEEPALIVED_V2.clone();
        zeroed[6] = 0;
        zeroed[7] = 0;
        assertThat(rfc1071(zeroed)).isEqualTo(0x7b71);
    }

    @Test
    void handBuiltV3ChecksumIncludesTheIpv4PseudoHeader() {
        byte[] zeroed = KEEPALIVED_V3.clone();
        zeroed[6] = 0;
        zeroed[7] = 0;
        byte[] pseudo = HexFormat.of().parseHex("c0a8010a" + "e0000012" + "0070000c");
        assertThat(rfc1071(concat(pseudo, zeroed))).isEqualTo(0x0619);
        assertThat(rfc1071(zeroed)).isNotEqualTo(0x0619);
    }

    @Test
    void keepalivedV2PacketDecodesToItsFields() {
        assertThat(V2_PASS.decode(KEEPALIVED_V2, SOURCE, GROUP))
                .isEqualTo(
                        new DecodeResult.Decoded<>(
                                new Advertisement(
                                        VrrpVersion.V2,
                                        51,
                                        100,
                                        Duration.ofSeconds(1),
                                        List.of(VIP),
                                        Authentication.password("secret"))));
    }

    @Test
    void v2EncodeReproducesKeepalivedBytesExactly() {
        Advertisement advertisement =
                new Advertisement(
                        VrrpVersion.V2,
                        51,
                        100,
                        Duration.ofSeconds(1),
                        List.of(VIP),
                        Authentication.password("secret"));
        assertThat(V2_PASS.encode(advertisement, SOURCE, GROUP)).isEqualTo(KEEPALIVED_V2);
    }

    @Test
    void v3EncodeAndDecodeMatchKeepalivedBytes() {
        Advertisement advertisement =
                new Advertisement(
                        VrrpVersion.V3,
                        51,
                        100,
                        Duration.ofSeconds(1),
                        List.of(VIP),
                        Authentication.none());
        assertThat(V3.encode(advertisement, SOURCE, GROUP)).isEqualTo(KEEPALIVED_V3);
        assertThat(V3.decode(KEEPALIVED_V3, SOURCE, GROUP))
                .isEqualTo(new DecodeResult.Decoded<>(advertisement));
    }

    @Test
    void v3Ipv6RoundTripUsesTheIpv6PseudoHeader() {
        Advertisement advertisement =
                new Advertisement(
                        VrrpVersion.V3,
                        7,
                        200,
                        Duration.ofMillis(4_090),
                        List.of(VIP6, address("2001:db8::101")),
                        Authentication.none());
        byte[] bytes = V3.encode(advertisement, SOURCE6, GROUP6);
        assertThat(bytes).hasSize(8 + 2 * 16);
        assertThat(bytes[4] & 0xFF).isEqualTo(0x01); // 409 cs = 0x199
        assertThat(bytes[5] & 0xFF).isEqualTo(0x99);

        byte[] zeroed = bytes.clone();
        zeroed[6] = 0;
        zeroed[7] = 0;
        byte[] pseudo = new byte[40];
        System.arraycopy(SOURCE6.getAddress(), 0, pseudo, 0, 16);
        System.arraycopy(GROUP6.getAddress(), 0, pseudo, 16, 16);
        pseudo[35] = (byte) bytes.length;
        pseudo[39] = 112;
        int checksum = ((bytes[6] & 0xFF) << 8) | (bytes[7] & 0xFF);
        assertThat(rfc1071(concat(pseudo, zeroed))).isEqualTo(checksum);

        assertThat(V3.decode(bytes, SOURCE6, GROUP6))
                .isEqualTo(new DecodeResult.Decoded<>(advertisement));
    }

    @Test
    void v2RoundTripWithoutAuthenticationAndManyAddresses() {
        AdvertisementCodec codec = new AdvertisementCodec(VrrpVersion.V2, Authentication.none());
        Advertisement advertisement =
                new Advertisement(
                        VrrpVersion.V2,
                        255,
                        0,
                        Duration.ofSeconds(255),
                        List.of(VIP, address("10.0.0.1"), address("10.0.0.2")),
                        Authentication.none());
        byte[] bytes = codec.encode(advertisement, SOURCE, GROUP);
        assertThat(bytes).hasSize(8 + 3 * 4 + 8);
        assertThat(codec.decode(bytes, SOURCE, GROUP))
                .isEqualTo(new DecodeResult.Decoded<>(advertisement));
    }

    @Test
    void decodeReadsTheMessageAtAnOffsetInALargerBuffer() {
        byte[] buffer = concat(new byte[20], KEEPALIVED_V3);
        assertThat(V3.decode(buffer, 20, KEEPALIVED_V3.length, SOURCE, GROUP))
                .isInstanceOf(DecodeResult.Decoded.class);
    }

    @Test
    void shortPacketIsRejectedAsTruncated() {
        assertRejected(V3.decode(new byte[7], SOURCE, GROUP), RejectReason.TRUNCATED);
        byte[] headerOnly = java.util.Arrays.copyOf(KEEPALIVED_V2, 8);
        assertRejected(V2_PASS.decode(headerOnly, SOURCE, GROUP), RejectReason.TRUNCATED);
    }

    @Test
    void otherVersionIsRejected() {
        assertRejected(V3.decode(KEEPALIVED_V2, SOURCE, GROUP), RejectReason.WRONG_VERSION);
        assertRejected(V2_PASS.decode(KEEPALIVED_V3, SOURCE, GROUP), RejectReason.WRONG_VERSION);
    }

    @Test
    void otherTypeIsRejected() {
        byte[] bytes = KEEPALIVED_V3.clone();
        bytes[0] = 0x32;
        assertRejected(V3.decode(bytes, SOURCE, GROUP), RejectReason.WRONG_TYPE);
    }

    @Test
    void addressCountThatDisagreesWithLengthIsRejected() {
        byte[] bytes = KEEPALIVED_V3.clone();
        bytes[3] = 2;
        assertRejected(V3.decode(bytes, SOURCE, GROUP), RejectReason.LENGTH_MISMATCH);
        byte[] trailing = concat(KEEPALIVED_V2, new byte[4]);
        assertRejected(V2_PASS.decode(trailing, SOURCE, GROUP), RejectReason.LENGTH_MISMATCH);
    }

    @Test
    void corruptedByteFailsTheChecksum() {
        byte[] bytes = KEEPALIVED_V2.clone();
        bytes[2] = (byte) 101;
        assertRejected(V2_PASS.decode(bytes, SOURCE, GROUP), RejectReason.BAD_CHECKSUM);
    }

    @Test
    void v3ChecksumFailsWhenThePseudoHeaderDiffers() {
        assertRejected(
                V3.decode(KEEPALIVED_V3, address("192.168.1.11"), GROUP),
                RejectReason.BAD_CHECKSUM);
    }

    @Test
    void wrongPasswordIsAnAuthenticationMismatch() {
        AdvertisementCodec other =
                new AdvertisementCodec(VrrpVersion.V2, Authentication.password("secreT"));
        assertRejected(other.decode(KEEPALIVED_V2, SOURCE, GROUP), RejectReason.AUTH_MISMATCH);
    }

    @Test
    void passwordLongerThanEightBytesComparesOnItsFirstEightLikeKeepalived() {
        assertThat(Authentication.password("12345678-ignored"))
                .isEqualTo(Authentication.password("12345678"));
    }

    @Test
    void unauthenticatedPeerIsAnAuthenticationMismatchForAPassInstance() {
        AdvertisementCodec none = new AdvertisementCodec(VrrpVersion.V2, Authentication.none());
        byte[] bytes =
                none.encode(
                        new Advertisement(
                                VrrpVersion.V2,
                                51,
                                100,
                                Duration.ofSeconds(1),
                                List.of(VIP),
                                Authentication.none()),
                        SOURCE,
                        GROUP);
        assertRejected(V2_PASS.decode(bytes, SOURCE, GROUP), RejectReason.AUTH_MISMATCH);
        assertRejected(none.decode(KEEPALIVED_V2, SOURCE, GROUP), RejectReason.AUTH_MISMATCH);
    }

    @Test
    void zeroVirtualRouterIdOrIntervalIsAnInvalidField() {
        byte[] bytes = KEEPALIVED_V3.clone();
        bytes[1] = 0;
        fixChecksum(bytes, HexFormat.of().parseHex("c0a8010ae00000120070000c"));
        assertRejected(V3.decode(bytes, SOURCE, GROUP), RejectReason.INVALID_FIELD);

        byte[] zeroInterval = KEEPALIVED_V2.clone();
        zeroInterval[5] = 0;
        fixChecksum(zeroInterval, new byte[0]);
        assertRejected(V2_PASS.decode(zeroInterval, SOURCE, GROUP), RejectReason.INVALID_FIELD);
    }

    @Test
    void advertisementRejectsValuesTheWireCannotCarry() {
        assertThatThrownBy(
                        () ->
                                new Advertisement(
                                        VrrpVersion.V2,
                                        1,
                                        100,
                                        Duration.ofMillis(1500),
                                        List.of(VIP),
                                        Authentication.none()))
                .hasMessageContaining("whole seconds");
        assertThatThrownBy(
                        () ->
                                new Advertisement(
                                        VrrpVersion.V2,
                                        1,
                                        100,
                                        Duration.ofSeconds(1),
                                        List.of(VIP6),
                                        Authentication.none()))
                .hasMessageContaining("IPv4 addresses only");
        assertThatThrownBy(
                        () ->
                                new Advertisement(
                                        VrrpVersion.V3,
                                        0,
                                        100,
                                        Duration.ofSeconds(1),
                                        List.of(VIP),
                                        Authentication.none()))
                .hasMessageContaining("virtual router id 0 out of range");
    }

    private static void fixChecksum(byte[] bytes, byte[] pseudo) {
        bytes[6] = 0;
        bytes[7] = 0;
        int checksum = rfc1071(concat(pseudo, bytes));
        bytes[6] = (byte) (checksum >>> 8);
        bytes[7] = (byte) checksum;
    }

    private static void assertRejected(DecodeResult<Advertisement> result, RejectReason reason) {
        assertThat(result)
                .isInstanceOfSatisfying(
                        DecodeResult.Rejected.class,
                        rejected -> assertThat(rejected.reason()).isEqualTo(reason));
    }

    /** The textbook RFC 1071 loop, kept apart from InternetChecksum on purpose. */
    static int rfc1071(byte[] bytes) {
        int sum = 0;
        for (int i = 0; i < bytes.length; i += 2) {
            int high = bytes[i] & 0xFF;
            int low = i + 1 < bytes.length ? bytes[i + 1] & 0xFF : 0;
            sum += (high << 8) | low;
        }
        while ((sum >> 16) != 0) {
            sum = (sum & 0xFFFF) + (sum >> 16);
        }
        return ~sum & 0xFFFF;
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] both = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        return both;
    }

    static InetAddress address(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (java.net.UnknownHostException e) {
            throw new AssertionError(e);
        }
    }
}
