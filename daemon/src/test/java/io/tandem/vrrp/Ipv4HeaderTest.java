package io.tandem.vrrp;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.Inet4Address;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 10, unit = TimeUnit.SECONDS)
class Ipv4HeaderTest {
    /**
     * 20-byte header, total 40, TTL 255, protocol 112, 192.168.1.10 → 224.0.0.18, as keepalived
     * sends it.
     */
    private static final String HEADER =
            "45c00028" + "00000000" + "ff70" + "0000" + "c0a8010a" + "e0000012";

    private static final byte[] PACKET = HexFormat.of().parseHex(HEADER + "00".repeat(20));

    @Test
    void keepalivedHeaderParsesToSourceDestinationAndLengths() {
        assertThat(Ipv4Header.parse(PACKET, PACKET.length))
                .isEqualTo(
                        new DecodeResult.Decoded<>(
                                new Ipv4Header(
                                        20,
                                        40,
                                        255,
                                        112,
                                        (Inet4Address)
                                                AdvertisementCodecTest.address("192.168.1.10"),
                                        (Inet4Address)
                                                AdvertisementCodecTest.address("224.0.0.18"))));
    }

    @Test
    void optionsMoveThePayloadOffset() {
        byte[] withOptions =
                HexFormat.of().parseHex("46c0002c" + HEADER.substring(8) + "00".repeat(24));
        assertThat(Ipv4Header.parse(withOptions, withOptions.length))
                .isInstanceOfSatisfying(
                        DecodeResult.Decoded.class,
                        decoded ->
                                assertThat(((Ipv4Header) decoded.value()).headerLength())
                                        .isEqualTo(24));
    }

    @Test
    void routedPacketWithTtlBelow255IsRejected() {
        byte[] packet = PACKET.clone();
        packet[8] = (byte) 254;
        assertRejected(packet, packet.length, RejectReason.BAD_TTL);
    }

    @Test
    void otherProtocolIsRejected() {
        byte[] packet = PACKET.clone();
        packet[9] = 6;
        assertRejected(packet, packet.length, RejectReason.WRONG_PROTOCOL);
    }

    @Test
    void ipv6OrShortHeaderLengthIsABadHeader() {
        byte[] packet = PACKET.clone();
        packet[0] = 0x60;
        assertRejected(packet, packet.length, RejectReason.BAD_IP_HEADER);
        packet[0] = 0x44;
        assertRejected(packet, packet.length, RejectReason.BAD_IP_HEADER);
    }

    @Test
    void packetShorterThanItsHeaderOrTotalLengthIsTruncated() {
        assertRejected(PACKET, 19, RejectReason.TRUNCATED);
        assertRejected(PACKET, 39, RejectReason.TRUNCATED);
    }

    private static void assertRejected(byte[] packet, int length, RejectReason reason) {
        assertThat(Ipv4Header.parse(packet, length))
                .isInstanceOfSatisfying(
                        DecodeResult.Rejected.class,
                        rejected -> assertThat(rejected.reason()).isEqualTo(reason));
    }
}
