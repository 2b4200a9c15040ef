package io.tandem.proxy.tcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

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
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class TcpDrainIT {
    @RegisterExtension static final EventLoops loops = EventLoops.detected();

    private StubBackend stub;
    private RealServer server;
    private TcpForwarder forwarder;
    private InetSocketAddress address;

    @BeforeEach
    void startForwarder() throws IOException {
        stub = StubBackend.start("a", StubBackend.IDENTITY);
        server = stub.realServer();
        Balancer balancer = Balancer.of(new RoundRobinSchedulerFactory());
        balancer.update(PoolSnapshot.of(server), null);
        forwarder =
                new TcpForwarder(
                        List.of(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)),
                        balancer,
                        new TrafficCounters(),
                        loops.dataPlane(ProxySettings.DEFAULTS));
        forwarder.start();
        address = forwarder.localAddresses().getFirst();
    }

    @AfterEach
    void stop() throws IOException {
        forwarder.close();
        stub.close();
    }

    @Test
    void drainStopsAcceptingButLetsAnOpenConnectionFinish() throws Exception {
        try (Socket client = connect()) {
            BufferedReader in = reader(client);
            assertThat(in.readLine()).isEqualTo("a");

            CompletableFuture<Void> drained = forwarder.drain(Duration.ofSeconds(30));

            assertThatThrownBy(this::connect).isInstanceOf(ConnectException.class);
            assertThat(drained).isNotDone();
            client.getOutputStream().write("still here\n".getBytes(StandardCharsets.UTF_8));
            assertThat(in.readLine()).isEqualTo("still here");
            client.shutdownOutput();
            assertThat(in.readLine()).isEqualTo("eof seen by a");

            await().until(drained::isDone);
        }
        assertThat(forwarder.openConnections()).isZero();
        assertThat(server.activeConnections()).isZero();
        assertThat(server.inactiveConnections()).as("in TIME_WAIT").isEqualTo(1);
    }

    @Test
    void drainClosesWhatIsLeftWhenTheGraceRunsOut() throws Exception {
        try (Socket client = connect()) {
            assertThat(reader(client).readLine()).isEqualTo("a");

            CompletableFuture<Void> drained = forwarder.drain(Duration.ofMillis(200));

            await().until(drained::isDone);
            assertThat(client.getInputStream().read()).isEqualTo(-1);
        }
        await().until(() -> server.activeConnections() == 0 && forwarder.openConnections() == 0);
    }

    private Socket connect() throws IOException {
        Socket client = new Socket();
        try {
            client.connect(address, 5_000);
        } catch (IOException e) {
            client.close();
            throw e;
        }
        client.setSoTimeout(10_000);
        return client;
    }

    private static BufferedReader reader(Socket socket) throws IOException {
        return new BufferedReader(
                new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
    }
}
