package io.tandem.forward;

import static io.tandem.forward.CapturedFrames.ipv4Address;
import static io.tandem.forward.CapturedFrames.ipv4HeaderVerifies;
import static org.assertj.core.api.Assertions.assertThat;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 10, unit = TimeUnit.SECONDS)
class TunnelMtuTest {

    private static final long BALANCER_MAC = 0x02aabbccdd01L;

    @Test
    void aPacketThatFitsWithTheOuterHeaderIsTunnelled() {
        assertThat(TunnelMtu.decide(1480, true, 1500)).isEqualTo(TunnelMtu.FITS);
        assertThat(TunnelMtu.decide(1480, false, 1500)).isEqualTo(TunnelMtu.FITS);
        assertThat(TunnelMtu.decide(60, true, 1500)).isEqualTo(TunnelMtu.FITS);
    }

    @Test
    void oneByteTooBigWithDfAsksTheClientForSmallerPackets() {
        assertThat(TunnelMtu.decide(1481, true, 1500)).isEqualTo(TunnelMtu.FRAGMENTATION_NEEDED);
        assertThat(TunnelMtu.decide(1500, true, 1500)).isEqualTo(TunnelMtu.FRAGMENTATION_NEEDED);
        assertThat(TunnelMtu.nextHopMtu(1500)).isEqualTo(1480);
    }

    @Test
    void tooBigWithoutDfIsDroppedSinceTandemDoesNotFragment() {
        assertThat(TunnelMtu.decide(1481, false, 1500)).isEqualTo(TunnelMtu.DROP);
    }

    @Test
    void fragmentationNeededGoesBackFromTheVipQuotingTheClientsHeaders() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment in = CapturedFrames.segment(arena, CapturedFrames.TCP_SYN);
            MemorySegment out = arena.allocate(2048);
            int length = FragmentationNeeded.write(in, 0, out, 0, BALANCER_MAC, 1400);
            // Ethernet + IPv4 + ICMP header + the client's IPv4 header and 8 bytes of TCP.
            assertThat(length).isEqualTo(14 + 20 + 8 + 28);
            byte[] f = CapturedFrames.bytes(out, length);
            byte[] original = CapturedFrames.bytes(in, 74);
            assertThat(Ethernet.destination(out, 0)).isEqualTo(Ethernet.source(in, 0));
            assertThat(Ethernet.source(out, 0)).isEqualTo(BALANCER_MAC);
            assertThat(Ethernet.type(out, 0)).isEqualTo(Ethernet.IPV4);
            assertThat(Ipv4.protocol(out, 14)).isEqualTo(1);
            assertThat(Ipv4.source(out, 14)).isEqualTo(ipv4Address("192.168.7.100"));
            assertThat(Ipv4.destination(out, 14)).isEqualTo(ipv4Address("192.168.7.21"));
            assertThat(Ipv4.totalLength(out, 14)).isEqualTo(56);
            assertThat(ipv4HeaderVerifies(f, 14)).isTrue();
            assertThat(f[34]).as("type").isEqualTo((byte) 3);
            assertThat(f[35]).as("code").isEqualTo((byte) 4);
            assertThat(((f[40] & 0xff) << 8) | (f[41] & 0xff)).as("next-hop MTU").isEqualTo(1380);
            assertThat(onesComplementSum(f, 34, 36)).as("ICMP checksum").isEqualTo(0xffff);
            assertThat(Arrays.copyOfRange(f, 42, 70))
                    .isEqualTo(Arrays.copyOfRange(original, 14, 42));
        }
    }

    /** RFC 1071 over {@code f[from, from + length)}, folded; 0xffff when the checksum is right. */
    private static int onesComplementSum(byte[] f, int from, int length) {
        long sum = 0;
        for (int i = from; i < from + length; i += 2) {
            int high = f[i] & 0xff;
            int low = i + 1 < from + length ? f[i + 1] & 0xff : 0;
            sum += (high << 8) | low;
        }
        while ((sum >>> 16) != 0) {
            sum = (sum & 0xffff) + (sum >>> 16);
        }
        return (int) sum;
    }
}
