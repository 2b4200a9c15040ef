package io.tandem.linux;

import static io.tandem.linux.TwoHosts.A_ADDRESS;
import static io.tandem.linux.TwoHosts.A_INTERFACE;
import static io.tandem.linux.TwoHosts.B_INTERFACE;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Tag("netns")
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class PacketRingIT {

    // IEEE 802 "local experimental" ethertype: nothing in the kernel handles it.
    private static final int EXPERIMENTAL = 0x88b5;

    private TwoHosts hosts;

    @BeforeEach
    void createHosts() throws Exception {
        TwoHosts.requireNetns();
        hosts = TwoHosts.create();
    }

    @AfterEach
    void deleteHosts() {
        if (hosts != null) {
            hosts.close();
        }
    }

    @Test
    void ringReceivesTheUdpDatagramsTheOtherHostSends() throws Exception {
        byte[] marker = "tandem-ring-rx".getBytes(StandardCharsets.US_ASCII);
        try (PacketRing ring = hosts.hostA.call(() -> PacketRing.open(A_INTERFACE));
                DatagramSocket sender = hosts.hostB.call(DatagramSocket::new)) {
            List<byte[]> frames = new ArrayList<>();
            await().atMost(Duration.ofSeconds(20))
                    .pollInterval(Duration.ofMillis(50))
                    .until(
                            () -> {
                                sender.send(
                                        new DatagramPacket(
                                                marker,
                                                marker.length,
                                                new InetSocketAddress(A_ADDRESS, 9999)));
                                ring.receive(
                                        (memory, offset, length, status) ->
                                                frames.add(
                                                        memory.asSlice(offset, length)
                                                                .toArray(JAVA_BYTE)),
                                        64,
                                        200);
                                return frames.stream().anyMatch(f -> isUdpCarrying(f, marker));
                            });
            byte[] frame = frames.stream().filter(f -> isUdpCarrying(f, marker)).findFirst().get();
            // Ethernet destination: A's MAC, as the frame came off the wire to A.
            assertThat(MacAddress.of(java.util.Arrays.copyOf(frame, 6))).isEqualTo(ring.mac());
            assertThat(ring.received()).isGreaterThanOrEqualTo(1);
        }
    }

    @Test
    void framesQueuedOnTheTxRingArriveAtThePeerAndNotBackAtTheSender() throws Exception {
        try (PacketRing a = hosts.hostA.call(() -> PacketRing.open(A_INTERFACE));
                PacketRing b = hosts.hostB.call(() -> PacketRing.open(B_INTERFACE));
                Arena arena = Arena.ofConfined()) {
            MemorySegment frame = arena.allocate(64);
            for (int seq = 0; seq < 10; seq++) {
                byte[] bytes =
                        ByteBuffer.allocate(64)
                                .put(b.mac().octets())
                                .put(a.mac().octets())
                                .putShort((short) EXPERIMENTAL)
                                .putInt(seq)
                                .array();
                MemorySegment.copy(bytes, 0, frame, JAVA_BYTE, 0, 64);
                assertThat(a.send(frame, 0, 64)).isTrue();
            }
            assertThat(a.flush()).isEqualTo(10); // one sendto for the batch
            List<Integer> seen = new ArrayList<>();
            await().atMost(Duration.ofSeconds(20))
                    .until(
                            () -> {
                                b.receive(
                                        (memory, offset, length, status) -> {
                                            ByteBuffer f =
                                                    ByteBuffer.wrap(
                                                            memory.asSlice(offset, length)
                                                                    .toArray(JAVA_BYTE));
                                            if (f.getShort(12) == (short) EXPERIMENTAL) {
                                                seen.add(f.getInt(14));
                                            }
                                        },
                                        64,
                                        200);
                                return seen.size() >= 10;
                            });
            assertThat(seen).containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
            assertThat(a.sent()).isEqualTo(10);

            List<Integer> echoed = new ArrayList<>();
            a.receive(
                    (memory, offset, length, status) -> {
                        if (memory.get(JAVA_BYTE, offset + 12) == (byte) 0x88) {
                            echoed.add(length);
                        }
                    },
                    64,
                    300);
            assertThat(echoed).as("A's own frames in A's receive ring").isEmpty();
        }
    }

    private static boolean isUdpCarrying(byte[] frame, byte[] payload) {
        // Ethernet (14) + IPv4 (IHL from the header) + UDP (8), ethertype 0x0800, protocol 17.
        if (frame.length < 42 || frame[12] != 0x08 || frame[13] != 0x00 || frame[23] != 17) {
            return false;
        }
        int udp = 14 + (frame[14] & 0x0f) * 4;
        String text = new String(frame, udp + 8, frame.length - udp - 8, StandardCharsets.US_ASCII);
        return text.equals(new String(payload, StandardCharsets.US_ASCII));
    }
}
