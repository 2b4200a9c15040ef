package io.tandem.forward;

import static io.tandem.forward.CapturedFrames.ipv4Address;
import static io.tandem.forward.CapturedFrames.ipv4HeaderVerifies;
import static io.tandem.forward.CapturedFrames.transportVerifies;
import static org.assertj.core.api.Assertions.assertThat;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 10, unit = TimeUnit.SECONDS)
class RewriteTest {

    private static final long IP = Ethernet.LENGTH;
    private static final long BALANCER_MAC = 0x02aabbccdd01L;
    private static final long SERVER_MAC = 0x0242ac110003L;

    @Test
    void capturedFramesVerifyBeforeAnyRewrite() {
        for (String hex : new String[] {CapturedFrames.TCP_SYN, CapturedFrames.UDP_QUERY}) {
            byte[] f = HexFormat.of().parseHex(hex);
            assertThat(ipv4HeaderVerifies(f, 14)).isTrue();
            assertThat(transportVerifies(f, 14)).isTrue();
        }
    }

    @Test
    void natInboundRewritesDestinationAddressAndPortWithValidChecksums() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment s = CapturedFrames.segment(arena, CapturedFrames.TCP_SYN);
            NatRewrite.toRealServer(s, IP, ipv4Address("10.1.2.3"), 8080, false);
            byte[] f = CapturedFrames.bytes(s, 74);
            assertThat(Ipv4.destination(s, IP)).isEqualTo(ipv4Address("10.1.2.3"));
            assertThat(Tcp.destinationPort(s, IP + 20)).isEqualTo(8080);
            assertThat(Ipv4.source(s, IP)).isEqualTo(ipv4Address("192.168.7.21"));
            assertThat(Tcp.sourcePort(s, IP + 20)).isEqualTo(51234);
            assertThat(ipv4HeaderVerifies(f, 14)).isTrue();
            assertThat(transportVerifies(f, 14)).isTrue();
        }
    }

    @Test
    void natOutboundRewritesTheRepliesSourceBackToTheVip() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment s = CapturedFrames.segment(arena, CapturedFrames.UDP_QUERY);
            NatRewrite.toClient(s, IP, ipv4Address("203.0.113.9"), 5353, false);
            byte[] f = CapturedFrames.bytes(s, 71);
            assertThat(Ipv4.source(s, IP)).isEqualTo(ipv4Address("203.0.113.9"));
            assertThat(Udp.sourcePort(s, IP + 20)).isEqualTo(5353);
            assertThat(ipv4HeaderVerifies(f, 14)).isTrue();
            assertThat(transportVerifies(f, 14)).isTrue();
        }
    }

    @Test
    void natLeavesAnAbsentUdpChecksumAbsent() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment s = CapturedFrames.segment(arena, CapturedFrames.UDP_QUERY);
            Bytes.u16(s, IP + 20 + Udp.CHECKSUM, 0);
            NatRewrite.toRealServer(s, IP, ipv4Address("10.1.2.3"), 53, false);
            assertThat(Udp.checksum(s, IP + 20)).isZero();
            assertThat(ipv4HeaderVerifies(CapturedFrames.bytes(s, 71), 14)).isTrue();
        }
    }

    @Test
    void pendingChecksumIsComputedWholeWhenTheFrameCameFromOffload() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment s = CapturedFrames.segment(arena, CapturedFrames.TCP_SYN);
            // With offload the field holds only the folded pseudo-header sum.
            Bytes.u16(s, IP + 20 + Tcp.CHECKSUM, 0x1234);
            NatRewrite.toRealServer(s, IP, ipv4Address("10.1.2.3"), 80, true);
            assertThat(transportVerifies(CapturedFrames.bytes(s, 74), 14)).isTrue();
        }
    }

    @Test
    void directRoutingChangesOnlyTheMacs() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment s = CapturedFrames.segment(arena, CapturedFrames.TCP_SYN);
            byte[] before = CapturedFrames.bytes(s, 74);
            DirectRouteRewrite.toRealServer(s, 0, BALANCER_MAC, SERVER_MAC, false);
            byte[] after = CapturedFrames.bytes(s, 74);
            assertThat(Ethernet.destination(s, 0)).isEqualTo(SERVER_MAC);
            assertThat(Ethernet.source(s, 0)).isEqualTo(BALANCER_MAC);
            assertThat(Arrays.copyOfRange(after, 12, 74))
                    .isEqualTo(Arrays.copyOfRange(before, 12, 74));
            assertThat(transportVerifies(after, 14)).isTrue();
        }
    }

    @Test
    void directRoutingFillsAPendingChecksum() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment s = CapturedFrames.segment(arena, CapturedFrames.UDP_QUERY);
            Bytes.u16(s, IP + 20 + Udp.CHECKSUM, 0x00ff);
            DirectRouteRewrite.toRealServer(s, 0, BALANCER_MAC, SERVER_MAC, true);
            assertThat(transportVerifies(CapturedFrames.bytes(s, 71), 14)).isTrue();
        }
    }

    @Test
    void ipipWrapsTheWholePacketWithAValidOuterHeaderAndCopiesDf() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment in = CapturedFrames.segment(arena, CapturedFrames.TCP_SYN);
            MemorySegment out = arena.allocate(2048);
            int length =
                    IpipEncapsulation.encapsulate(
                            in,
                            0,
                            out,
                            0,
                            BALANCER_MAC,
                            SERVER_MAC,
                            ipv4Address("192.168.7.2"),
                            ipv4Address("192.168.7.31"),
                            1500,
                            false);
            assertThat(length).isEqualTo(74 + 20);
            byte[] f = CapturedFrames.bytes(out, length);
            assertThat(Ethernet.destination(out, 0)).isEqualTo(SERVER_MAC);
            assertThat(Ipv4.protocol(out, IP)).isEqualTo(Ipv4.IPIP);
            assertThat(Ipv4.totalLength(out, IP)).isEqualTo(60 + 20);
            assertThat(Ipv4.flagsAndFragment(out, IP)).isEqualTo(Ipv4.DONT_FRAGMENT);
            assertThat(Ipv4.source(out, IP)).isEqualTo(ipv4Address("192.168.7.2"));
            assertThat(Ipv4.destination(out, IP)).isEqualTo(ipv4Address("192.168.7.31"));
            assertThat(ipv4HeaderVerifies(f, 14)).isTrue();
            // The inner packet is byte for byte the client's, checksums intact.
            byte[] original = CapturedFrames.bytes(in, 74);
            assertThat(Arrays.copyOfRange(f, 34, 94))
                    .isEqualTo(Arrays.copyOfRange(original, 14, 74));
            assertThat(ipv4HeaderVerifies(f, 34)).isTrue();
            assertThat(transportVerifies(f, 34)).isTrue();
        }
    }

    @Test
    void ipipRefusesAPacketThatWouldExceedTheMtu() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment in = CapturedFrames.segment(arena, CapturedFrames.TCP_SYN);
            MemorySegment out = arena.allocate(2048);
            // 60-byte inner packet + 20 = 80 > 79.
            int length =
                    IpipEncapsulation.encapsulate(
                            in, 0, out, 0, BALANCER_MAC, SERVER_MAC, 1, 2, 79, false);
            assertThat(length).isEqualTo(IpipEncapsulation.TOO_BIG);
            assertThat(Ethernet.destination(out, 0)).isZero(); // nothing written
        }
    }
}
