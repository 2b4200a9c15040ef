package io.tandem.linux;

import static io.tandem.linux.TwoHosts.A_INTERFACE;
import static io.tandem.linux.TwoHosts.B_INTERFACE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.nio.channels.AsynchronousCloseException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Tag("netns")
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class RawIpSocketIT {

    private static final byte[] PAYLOAD = {0x21, 0x33, 0x64, 0x01, 0, 0x01, 0x12, 0x34};

    private TwoHosts hosts;
    private RawIpSocket sender;
    private RawIpSocket receiver;
    private Inet4Address group;

    @BeforeEach
    void createHosts() throws Exception {
        TwoHosts.requireNetns();
        hosts = TwoHosts.create();
        group = (Inet4Address) InetAddress.getByName("224.0.0.18");
        sender =
                hosts.hostA.call(
                        () -> {
                            RawIpSocket s = RawIpSocket.open(RawIpSocket.VRRP);
                            s.bindToDevice(A_INTERFACE);
                            s.bindSource((Inet4Address) InetAddress.getByName(TwoHosts.A_ADDRESS));
                            s.setMulticastInterface(A_INTERFACE);
                            s.setMulticastTtl(255);
                            s.setUnicastTtl(255);
                            s.setMulticastLoop(false);
                            return s;
                        });
        receiver =
                hosts.hostB.call(
                        () -> {
                            RawIpSocket s = RawIpSocket.open(RawIpSocket.VRRP);
                            s.bindToDevice(B_INTERFACE);
                            s.joinGroup(group, B_INTERFACE);
                            return s;
                        });
    }

    @AfterEach
    void deleteHosts() throws Exception {
        if (sender != null) {
            sender.close();
        }
        if (receiver != null) {
            receiver.close();
        }
        if (hosts != null) {
            hosts.close();
        }
    }

    /** Sends until B hears it: the veth may still be coming up when the first one goes out. */
    private byte[] sendUntilReceived(Inet4Address destination) throws Exception {
        byte[] buffer = new byte[1500];
        RawDatagram[] got = new RawDatagram[1];
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(
                        () -> {
                            sender.send(PAYLOAD, destination);
                            Optional<RawDatagram> d =
                                    receiver.receive(buffer, Duration.ofMillis(200));
                            assertThat(d).isPresent();
                            got[0] = d.get();
                        });
        assertThat(got[0].source()).isEqualTo(InetAddress.getByName(TwoHosts.A_ADDRESS));
        assertThat(got[0].truncated()).isFalse();
        return Arrays.copyOf(buffer, got[0].length());
    }

    @Test
    void vrrpMulticastFromAReachesTheGroupMemberInBWithTtl255() throws Exception {
        byte[] datagram = sendUntilReceived(group);

        int headerLength = (datagram[0] & 0x0f) * 4;
        assertThat(datagram[0] >> 4).as("IP version").isEqualTo(4);
        assertThat(datagram[8] & 0xff).as("TTL").isEqualTo(255);
        assertThat(datagram[9] & 0xff).as("protocol").isEqualTo(112);
        assertThat(Arrays.copyOfRange(datagram, 16, 20)).isEqualTo(group.getAddress());
        assertThat(Arrays.copyOfRange(datagram, headerLength, datagram.length)).isEqualTo(PAYLOAD);
    }

    @Test
    void unicastFromAReachesBWithTtl255() throws Exception {
        byte[] datagram =
                sendUntilReceived((Inet4Address) InetAddress.getByName(TwoHosts.B_ADDRESS));

        assertThat(datagram[8] & 0xff).as("TTL").isEqualTo(255);
    }

    @Test
    void receiveReturnsEmptyWhenNothingArrivesInTime() throws Exception {
        assertThat(sender.receive(new byte[1500], Duration.ofMillis(50))).isEmpty();
    }

    @Test
    void closeFromAnotherThreadWakesABlockedReceive() {
        CompletableFuture<Optional<RawDatagram>> pending = new CompletableFuture<>();
        Thread receiving =
                Thread.ofPlatform()
                        .start(
                                () -> {
                                    try {
                                        pending.complete(
                                                sender.receive(
                                                        new byte[1500], Duration.ofSeconds(60)));
                                    } catch (IOException | RuntimeException e) {
                                        pending.completeExceptionally(e);
                                    }
                                });
        // Close only once the receiver sits in poll(2), so the wake-up path is what is tested.
        await().atMost(Duration.ofSeconds(5))
                .until(
                        () ->
                                Arrays.stream(receiving.getStackTrace())
                                        .anyMatch(f -> f.getMethodName().equals("poll")));

        try {
            sender.close();
        } catch (IOException e) {
            throw new AssertionError(e);
        }

        assertThat(pending)
                .failsWithin(Duration.ofSeconds(5))
                .withThrowableOfType(ExecutionException.class)
                .havingCause()
                .isInstanceOf(AsynchronousCloseException.class);
    }
}
