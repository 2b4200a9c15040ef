package io.tandem.proxy.tcp;

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
import io.tandem.testing.StubBackend;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class TcpForwarderIT {
    @RegisterExtension static final EventLoops loops = EventLoops.detected();

    private static final byte[] IPV6_LOOPBACK = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1};
    // 192.0.2.1, RFC 5737 TEST-NET-1: never assigned to a host, so only IP_FREEBIND can bind it.
    private static final byte[] TEST_NET_1 = {(byte) 192, 0, 2, 1};

    private final List<AutoCloseable> opened = new ArrayList<>();
    private final TrafficCounters virtualTraffic = new TrafficCounters();

    @AfterEach
    void closeEverything() throws Exception {
        for (AutoCloseable c : opened.reversed()) {
            c.close();
        }
    }

    @Test
    void roundRobinSpreadsConnectionsAcrossThreeRealServers() throws Exception {
        TcpForwarder forwarder = forwarder(loopback(), backend("a"), backend("b"), backend("c"));

        List<String> names = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            try (Socket client = connect(forwarder)) {
                names.add(reader(client).readLine());
            }
        }

        assertThat(names).containsExactly("a", "b", "c", "a", "b", "c");
    }

    @Test
    void halfCloseLetsTheRealServerAnswerAfterTheClientsEof() throws Exception {
        TcpForwarder forwarder = forwarder(loopback(), backend("a"));

        try (Socket client = connect(forwarder)) {
            BufferedReader in = reader(client);
            assertThat(in.readLine()).isEqualTo("a");
            client.getOutputStream().write("hello\n".getBytes(StandardCharsets.UTF_8));
            client.shutdownOutput();

            assertThat(in.readLine()).isEqualTo("hello");
            assertThat(in.readLine()).isEqualTo("eof seen by a");
            assertThat(in.read()).isEqualTo(-1);
        }
    }

    @Test
    void halfCloseLetsTheClientKeepSendingAfterTheRealServersEof() throws Exception {
        CompletableFuture<String> heard = new CompletableFuture<>();
        StubBackend stub =
                StubBackend.start(
                        "early-fin",
                        (socket, name) -> {
                            socket.getOutputStream()
                                    .write("bye\n".getBytes(StandardCharsets.UTF_8));
                            socket.shutdownOutput();
                            heard.complete(
                                    new String(
                                            socket.getInputStream().readAllBytes(),
                                            StandardCharsets.UTF_8));
                        });
        opened.add(stub);
        TcpForwarder forwarder = forwarder(loopback(), stub.realServer());

        try (Socket client = connect(forwarder)) {
            BufferedReader in = reader(client);
            assertThat(in.readLine()).isEqualTo("bye");
            assertThat(in.read()).isEqualTo(-1);
            client.getOutputStream().write("still here\n".getBytes(StandardCharsets.UTF_8));
            client.shutdownOutput();

            assertThat(heard.get(10, TimeUnit.SECONDS)).isEqualTo("still here\n");
        }
        await().until(forwarder::openConnections, n -> n == 0);
    }

    @Test
    void aFinBeforeTheRealServerAcceptsIsPassedOnInsteadOfClosing() throws Exception {
        RealServer refused = new RealServer(StubBackend.refusingAddress(), 1);
        TcpForwarder forwarder = forwarder(loopback(), refused, backend("a"));

        try (Socket client = connect(forwarder)) {
            client.shutdownOutput();

            assertThat(client.getInputStream().readAllBytes())
                    .asString(StandardCharsets.UTF_8)
                    .isEqualTo("a\neof seen by a\n");
        }
    }

    @Test
    void whatTheClientSendsBeforeTheRealServerAcceptsArrivesWholeAndInOrder() throws Exception {
        // Sent at once with its FIN while Tandem is still connecting (to a refused server first),
        // as `printf ... | nc -N` does; several reads' worth, so the order of the pieces shows.
        byte[] request = new byte[3 * 4096 + 123];
        for (int i = 0; i < request.length; i++) {
            request[i] = (byte) (i * 31 + i / 256);
        }
        StubBackend echo =
                StubBackend.start(
                        "echo",
                        (socket, name) ->
                                socket.getOutputStream()
                                        .write(socket.getInputStream().readAllBytes()));
        opened.add(echo);
        RealServer refused = new RealServer(StubBackend.refusingAddress(), 1);
        RealServer good = echo.realServer();
        TcpForwarder forwarder = forwarder(loopback(), refused, good);

        try (Socket client = connect(forwarder)) {
            client.getOutputStream().write(request);
            client.shutdownOutput();

            assertThat(client.getInputStream().readAllBytes()).isEqualTo(request);
        }
        assertThat(good.traffic().bytesIn()).isEqualTo(request.length);
    }

    @Test
    void refusedRealServerIsRetriedOnAnotherSoTheClientSeesNoError() throws Exception {
        RealServer refused = new RealServer(StubBackend.refusingAddress(), 1);
        RealServer good = backend("good");
        TcpForwarder forwarder = forwarder(loopback(), refused, good);

        try (Socket client = connect(forwarder)) {
            assertThat(reader(client).readLine()).isEqualTo("good");
        }

        await().untilAsserted(
                        () -> {
                            assertThat(refused.traffic().connections()).isEqualTo(1);
                            assertThat(refused.activeConnections()).isZero();
                            assertThat(refused.inactiveConnections()).isZero();
                            assertThat(good.activeConnections()).isZero();
                            assertThat(good.inactiveConnections()).as("in TIME_WAIT").isEqualTo(1);
                        });
        assertThat(virtualTraffic.connections()).isEqualTo(1);
    }

    @Test
    void clientIsClosedAtOnceWhenNoRealServerIsAvailable() throws Exception {
        TcpForwarder forwarder = forwarder(loopback());

        try (Socket client = connect(forwarder)) {
            assertThat(client.getInputStream().read()).isEqualTo(-1);
        }
        assertThat(virtualTraffic.connections()).isZero();
    }

    @Test
    void countersFollowIpvsadmAndMatchTheBytesSent() throws Exception {
        RealServer server = backend("a");
        TcpForwarder forwarder = forwarder(loopback(), server);
        byte[] ping = "ping\n".getBytes(StandardCharsets.UTF_8);

        List<Socket> clients = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Socket client = connect(forwarder);
            clients.add(client);
            assertThat(reader(client).readLine()).isEqualTo("a");
        }
        await().until(server::activeConnections, n -> n == 3);
        assertThat(server.inactiveConnections()).isZero();

        for (Socket client : clients) {
            client.getOutputStream().write(ping);
            client.shutdownOutput();
            assertThat(client.getInputStream().readAllBytes())
                    .asString(StandardCharsets.UTF_8)
                    .isEqualTo("ping\neof seen by a\n");
            client.close();
        }

        long out = 3L * ("a\n".length() + "ping\neof seen by a\n".length());
        await().untilAsserted(
                        () -> {
                            assertThat(server.activeConnections()).isZero();
                            // Closed connections stay counted as inactive in TIME_WAIT, as in IPVS.
                            assertThat(server.inactiveConnections()).isEqualTo(3);
                            assertThat(forwarder.openConnections()).isZero();
                        });
        for (TrafficCounters t : List.of(server.traffic(), virtualTraffic)) {
            assertThat(t.connections()).isEqualTo(3);
            assertThat(t.bytesIn()).isEqualTo(3L * ping.length);
            assertThat(t.bytesOut()).isEqualTo(out);
            assertThat(t.packetsIn()).isBetween(3L, 3L * ping.length);
            assertThat(t.packetsOut()).isBetween(3L, out);
        }
    }

    @Test
    void halfClosedConnectionCountsAsInactiveUntilItEnds() throws Exception {
        CountDownLatch answer = new CountDownLatch(1);
        StubBackend stub =
                StubBackend.start(
                        "slow",
                        (socket, name) -> {
                            socket.getInputStream().transferTo(OutputStream.nullOutputStream());
                            if (answer.await(10, TimeUnit.SECONDS)) {
                                socket.getOutputStream()
                                        .write("late\n".getBytes(StandardCharsets.UTF_8));
                            }
                        });
        opened.add(stub);
        RealServer server = stub.realServer();
        TcpForwarder forwarder = forwarder(loopback(), server);

        try (Socket client = connect(forwarder)) {
            await().until(server::activeConnections, n -> n == 1);
            client.shutdownOutput();

            await().untilAsserted(
                            () -> {
                                assertThat(server.activeConnections()).isZero();
                                assertThat(server.inactiveConnections()).isEqualTo(1);
                            });
            answer.countDown();
            assertThat(client.getInputStream().readAllBytes())
                    .asString(StandardCharsets.UTF_8)
                    .isEqualTo("late\n");
        }
        await().until(forwarder::openConnections, n -> n == 0);
        assertThat(server.activeConnections()).isZero();
        assertThat(server.inactiveConnections()).as("in TIME_WAIT").isEqualTo(1);
    }

    @Test
    void relaysOverIpv6Loopback() throws Exception {
        InetAddress v6 = InetAddress.getByAddress(IPV6_LOOPBACK);
        assumeTrue(canBind(v6), "this host has no IPv6 loopback (::1), skipping");
        StubBackend stub = StubBackend.start("v6", v6, StubBackend.IDENTITY);
        opened.add(stub);
        TcpForwarder forwarder = forwarder(new InetSocketAddress(v6, 0), stub.realServer());

        try (Socket client = new Socket()) {
            client.connect(forwarder.localAddresses().getFirst(), 5_000);
            client.setSoTimeout(10_000);
            assertThat(reader(client).readLine()).isEqualTo("v6");
        }
    }

    @Test
    void listensOnAnAddressTheHostDoesNotHoldWithFreeBind() throws Exception {
        assumeTrue(Epoll.isAvailable(), "IP_FREEBIND needs the native epoll transport");
        InetSocketAddress testNet = new InetSocketAddress(InetAddress.getByAddress(TEST_NET_1), 0);

        TcpForwarder forwarder = forwarder(testNet, backend("a"));

        InetSocketAddress bound = forwarder.localAddresses().getFirst();
        assertThat(bound.getAddress()).isEqualTo(testNet.getAddress());
        assertThat(bound.getPort()).isPositive();
    }

    private RealServer backend(String name) throws IOException {
        StubBackend stub = StubBackend.start(name, StubBackend.IDENTITY);
        opened.add(stub);
        return stub.realServer();
    }

    private TcpForwarder forwarder(InetSocketAddress listen, RealServer... servers)
            throws IOException {
        Balancer balancer = Balancer.of(new RoundRobinSchedulerFactory());
        balancer.update(PoolSnapshot.of(servers), null);
        TcpForwarder forwarder =
                new TcpForwarder(
                        List.of(listen),
                        balancer,
                        virtualTraffic,
                        loops.dataPlane(ProxySettings.DEFAULTS));
        opened.add(forwarder);
        forwarder.start();
        return forwarder;
    }

    private static InetSocketAddress loopback() {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
    }

    private Socket connect(TcpForwarder forwarder) throws IOException {
        Socket client = new Socket();
        opened.add(client);
        client.connect(forwarder.localAddresses().getFirst(), 5_000);
        client.setSoTimeout(10_000);
        return client;
    }

    private static BufferedReader reader(Socket socket) throws IOException {
        return new BufferedReader(
                new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
    }

    private static boolean canBind(InetAddress address) {
        try (ServerSocket s = new ServerSocket(0, 1, address)) {
            return s.isBound();
        } catch (IOException e) {
            return false;
        }
    }
}
