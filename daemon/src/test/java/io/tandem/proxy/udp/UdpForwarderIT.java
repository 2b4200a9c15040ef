package io.tandem.proxy.udp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.netty.channel.epoll.Epoll;
import io.tandem.pool.PoolSnapshot;
import io.tandem.pool.RealServer;
import io.tandem.pool.TrafficCounters;
import io.tandem.proxy.ProxySettings;
import io.tandem.schedule.Balancer;
import io.tandem.testing.EventLoops;
import io.tandem.testing.RoundRobinSchedulerFactory;
import io.tandem.testing.UdpStubBackend;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class UdpForwarderIT {
    @RegisterExtension static final EventLoops loops = EventLoops.detected();

    private final List<AutoCloseable> opened = new ArrayList<>();
    private final TrafficCounters virtualTraffic = new TrafficCounters();

    @AfterEach
    void closeEverything() throws Exception {
        for (AutoCloseable c : opened.reversed()) {
            c.close();
        }
    }

    @Test
    void datagramMakesTheRoundTripFromTheVirtualAddress() throws Exception {
        UdpForwarder forwarder = forwarder(ProxySettings.DEFAULTS, backend("a"));
        InetSocketAddress vip = forwarder.localAddresses().getFirst();

        try (DatagramSocket client = client()) {
            send(client, vip, "hello");
            DatagramPacket reply = receive(client);

            assertThat(text(reply)).isEqualTo("a:hello");
            assertThat(reply.getSocketAddress()).isEqualTo(vip);
        }
    }

    @Test
    void sameClientSticksToOneRealServer() throws Exception {
        UdpForwarder forwarder = forwarder(ProxySettings.DEFAULTS, backend("a"), backend("b"));
        InetSocketAddress vip = forwarder.localAddresses().getFirst();

        List<String> replies = new ArrayList<>();
        try (DatagramSocket client = client()) {
            for (int i = 0; i < 5; i++) {
                send(client, vip, "n" + i);
                replies.add(text(receive(client)));
            }
        }

        assertThat(replies).containsExactly("a:n0", "a:n1", "a:n2", "a:n3", "a:n4");
        assertThat(forwarder.openSessions()).isEqualTo(1);
    }

    @Test
    void differentClientsSpreadOverTheRealServers() throws Exception {
        UdpForwarder forwarder =
                forwarder(ProxySettings.DEFAULTS, backend("a"), backend("b"), backend("c"));
        InetSocketAddress vip = forwarder.localAddresses().getFirst();

        List<String> replies = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            try (DatagramSocket client = client()) {
                send(client, vip, "x");
                replies.add(text(receive(client)));
            }
        }

        assertThat(replies).containsExactly("a:x", "b:x", "c:x");
    }

    @Test
    void idleSessionExpiresReleasesItsServerAndCountsAsInactive() throws Exception {
        RealServer server = backend("a");
        UdpForwarder forwarder =
                forwarder(
                        ProxySettings.DEFAULTS.withUdpIdleTimeout(Duration.ofMillis(300)), server);
        InetSocketAddress vip = forwarder.localAddresses().getFirst();

        try (DatagramSocket client = client()) {
            send(client, vip, "ping");
            assertThat(text(receive(client))).isEqualTo("a:ping");
            assertThat(server.inactiveConnections()).isEqualTo(1);
            assertThat(server.activeConnections()).isZero();

            await().atMost(Duration.ofSeconds(5)).until(() -> server.inactiveConnections() == 0);
            assertThat(forwarder.openSessions()).isZero();

            send(client, vip, "again");
            assertThat(text(receive(client))).isEqualTo("a:again");
        }
        for (TrafficCounters t : List.of(server.traffic(), virtualTraffic)) {
            assertThat(t.connections()).isEqualTo(2);
            assertThat(t.packetsIn()).isEqualTo(2);
            assertThat(t.packetsOut()).isEqualTo(2);
            assertThat(t.bytesIn()).isEqualTo("ping".length() + "again".length());
            assertThat(t.bytesOut()).isEqualTo("a:ping".length() + "a:again".length());
        }
    }

    @Test
    void drainEndsOnceTheLastSessionExpires() throws Exception {
        RealServer server = backend("a");
        UdpForwarder forwarder =
                forwarder(
                        ProxySettings.DEFAULTS.withUdpIdleTimeout(Duration.ofMillis(300)), server);
        InetSocketAddress vip = forwarder.localAddresses().getFirst();
        try (DatagramSocket client = client()) {
            send(client, vip, "ping");
            assertThat(text(receive(client))).isEqualTo("a:ping");

            var drained = forwarder.drain(Duration.ofSeconds(30));
            send(client, vip, "still served");
            assertThat(text(receive(client))).isEqualTo("a:still served");

            await().atMost(Duration.ofSeconds(5)).until(drained::isDone);
        }
        assertThat(forwarder.localAddresses()).isEmpty();
    }

    @Test
    void listensOnAnAddressTheHostDoesNotHoldWithFreeBind() throws Exception {
        assumeTrue(Epoll.isAvailable(), "IP_FREEBIND needs the native epoll transport");
        // 192.0.2.1, RFC 5737 TEST-NET-1: no datagram is sent there, the bind alone is tested.
        InetAddress testNet = InetAddress.getByAddress(new byte[] {(byte) 192, 0, 2, 1});
        Balancer balancer = Balancer.of(new RoundRobinSchedulerFactory());
        balancer.update(PoolSnapshot.of(backend("a")), null);
        UdpForwarder forwarder =
                new UdpForwarder(
                        List.of(new InetSocketAddress(testNet, 0)),
                        balancer,
                        virtualTraffic,
                        loops.dataPlane(ProxySettings.DEFAULTS));
        opened.add(forwarder);

        forwarder.start();

        assertThat(forwarder.localAddresses().getFirst().getAddress()).isEqualTo(testNet);
    }

    private RealServer backend(String name) throws IOException {
        UdpStubBackend stub = UdpStubBackend.start(name);
        opened.add(stub);
        return stub.realServer();
    }

    private UdpForwarder forwarder(ProxySettings settings, RealServer... servers)
            throws IOException {
        Balancer balancer = Balancer.of(new RoundRobinSchedulerFactory());
        balancer.update(PoolSnapshot.of(servers), null);
        UdpForwarder forwarder =
                new UdpForwarder(
                        List.of(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)),
                        balancer,
                        virtualTraffic,
                        loops.dataPlane(settings));
        opened.add(forwarder);
        forwarder.start();
        return forwarder;
    }

    private DatagramSocket client() throws IOException {
        DatagramSocket client =
                new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        client.setSoTimeout(5_000);
        return client;
    }

    private static void send(DatagramSocket client, InetSocketAddress to, String text)
            throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        client.send(new DatagramPacket(bytes, bytes.length, to));
    }

    private static DatagramPacket receive(DatagramSocket client) throws IOException {
        byte[] buf = new byte[2048];
        DatagramPacket packet = new DatagramPacket(buf, buf.length);
        client.receive(packet);
        return packet;
    }

    private static String text(DatagramPacket packet) {
        return new String(packet.getData(), 0, packet.getLength(), StandardCharsets.UTF_8);
    }
}
