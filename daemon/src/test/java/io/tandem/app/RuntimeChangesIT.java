package io.tandem.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.tandem.admin.api.AdminCommand;
import io.tandem.admin.api.AdminException;
import io.tandem.admin.api.AdminResult;
import io.tandem.admin.api.Forwarding;
import io.tandem.admin.api.RealServerSpec;
import io.tandem.admin.api.RealServerStatus;
import io.tandem.admin.api.ServiceKey;
import io.tandem.admin.api.ServiceProtocol;
import io.tandem.admin.api.ServiceSpec;
import io.tandem.admin.api.ServiceStatus;
import io.tandem.config.ConfigLoader;
import io.tandem.testing.FreePorts;
import io.tandem.testing.NamedTcpServer;
import io.tandem.testing.StubBackend;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * ipvsadm's changes through {@link DaemonAdmin} route real traffic: servers added, edited, deleted
 * and drained at run time on a daemon running a config, with real sockets on loopback.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class RuntimeChangesIT {
    private final List<AutoCloseable> closeAfter = new ArrayList<>();
    private Daemon daemon;
    private int port;
    private ServiceKey key;

    @AfterEach
    void stop() throws Exception {
        if (daemon != null) {
            daemon.stop();
        }
        for (AutoCloseable c : closeAfter) {
            c.close();
        }
    }

    private NamedTcpServer backend(String name) throws Exception {
        NamedTcpServer s = NamedTcpServer.start(name);
        closeAfter.add(s);
        return s;
    }

    /** A daemon with one rr service on loopback with {@code realServers} (weight 1 each). */
    private void run(String scheduler, int... realServers) throws Exception {
        port = FreePorts.tcp();
        StringBuilder rs = new StringBuilder();
        for (int p : realServers) {
            rs.append("    real_server 127.0.0.1 ").append(p).append(" { weight 1 }\n");
        }
        String config =
                "virtual_server 127.0.0.1 %d {\n    lb_algo %s\n%s}\n"
                        .formatted(port, scheduler, rs);
        DaemonOptions options = new DaemonOptions();
        options.threads = 2;
        options.drainSeconds = 1;
        daemon = Daemon.start(ConfigLoader.parse(config, Path.of("runtime-it.conf")), options);
        key = new ServiceKey(ServiceProtocol.TCP, "127.0.0.1", port);
    }

    private InetSocketAddress vip() {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
    }

    private AdminResult execute(AdminCommand command) throws Exception {
        return daemon.admin().execute(command);
    }

    private static RealServerSpec spec(int port, int weight) {
        return new RealServerSpec("127.0.0.1", port, Forwarding.MASQ, weight, 0, 0);
    }

    private Map<String, Integer> askTimes(int times) throws Exception {
        Map<String, Integer> answers = new HashMap<>();
        for (int i = 0; i < times; i++) {
            answers.merge(NamedTcpServer.ask(vip()), 1, Integer::sum);
        }
        return answers;
    }

    private List<RealServerStatus> listed() throws Exception {
        var services = (AdminResult.Services) execute(new AdminCommand.ListServices());
        return services.services().getFirst().realServers();
    }

    @Test
    void aRealServerAddedAtRunTimeReceivesTrafficAndIsListedUnchecked() throws Exception {
        NamedTcpServer a = backend("a");
        NamedTcpServer b = backend("b");
        run("rr", a.port());

        execute(new AdminCommand.AddRealServer(key, spec(b.port(), 1)));

        assertThat(askTimes(4)).containsExactlyInAnyOrderEntriesOf(Map.of("a", 2, "b", 2));
        assertThat(listed())
                .extracting(RealServerStatus::port, RealServerStatus::health)
                .contains(org.assertj.core.groups.Tuple.tuple(b.port(), "unchecked"));
    }

    @Test
    void addingARealServerTwiceIsRefusedInIpvsadmWords() throws Exception {
        NamedTcpServer a = backend("a");
        run("rr", a.port());

        assertThatThrownBy(() -> execute(new AdminCommand.AddRealServer(key, spec(a.port(), 1))))
                .isInstanceOf(AdminException.class)
                .hasMessageStartingWith("Destination already exists: 127.0.0.1:" + a.port());
        assertThatThrownBy(
                        () ->
                                execute(
                                        new AdminCommand.AddRealServer(
                                                new ServiceKey(ServiceProtocol.TCP, "127.0.0.9", 1),
                                                spec(a.port(), 1))))
                .isInstanceOf(AdminException.class)
                .hasMessage("No such service: TCP 127.0.0.9:1");
        assertThatThrownBy(
                        () ->
                                execute(
                                        new AdminCommand.AddRealServer(
                                                key,
                                                new RealServerSpec(
                                                        "127.0.0.1",
                                                        a.port() + 1,
                                                        Forwarding.ROUTE,
                                                        1,
                                                        0,
                                                        0))))
                .isInstanceOf(AdminException.class)
                .hasMessageContaining("Route (-g) cannot be set at run time")
                .hasMessageContaining("by lb_kind NAT from the config, so give -m (Masq)");
    }

    @Test
    void aDeletedRealServerTakesNoNewConnectionsWhileItsOpenOneFinishes() throws Exception {
        StubBackend stay = StubBackend.start("stay", StubBackend.IDENTITY);
        StubBackend leave = StubBackend.start("leave", StubBackend.IDENTITY);
        closeAfter.add(stay);
        closeAfter.add(leave);
        run("rr", leave.address().port(), stay.address().port());

        try (Socket open = new Socket()) {
            open.connect(vip(), 5000);
            open.setSoTimeout(5000);
            var in =
                    new BufferedReader(
                            new InputStreamReader(open.getInputStream(), StandardCharsets.UTF_8));
            assertThat(in.readLine()).isEqualTo("leave");

            execute(new AdminCommand.DeleteRealServer(key, "127.0.0.1", leave.address().port()));

            for (int i = 0; i < 3; i++) {
                assertThat(firstLine()).isEqualTo("stay");
            }
            open.getOutputStream().write("still here\n".getBytes(StandardCharsets.UTF_8));
            assertThat(in.readLine()).isEqualTo("still here");
            open.shutdownOutput();
            assertThat(in.readLine()).isEqualTo("eof seen by leave");
        }
        assertThat(listed())
                .extracting(RealServerStatus::port)
                .containsExactly(stay.address().port());
    }

    private String firstLine() throws Exception {
        try (Socket s = new Socket()) {
            s.connect(vip(), 5000);
            s.setSoTimeout(5000);
            var in =
                    new BufferedReader(
                            new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
            return in.readLine();
        }
    }

    @Test
    void editingAWeightChangesTheDistribution() throws Exception {
        NamedTcpServer a = backend("a");
        NamedTcpServer b = backend("b");
        run("wrr", a.port(), b.port());
        assertThat(askTimes(4)).containsExactlyInAnyOrderEntriesOf(Map.of("a", 2, "b", 2));

        execute(new AdminCommand.EditRealServer(key, spec(b.port(), 3)));

        assertThat(askTimes(8)).containsExactlyInAnyOrderEntriesOf(Map.of("a", 2, "b", 6));
        assertThat(listed()).extracting(RealServerStatus::weight).containsExactly(1, 3);
    }

    @Test
    void aDrainedRealServerTakesNoNewConnectionsAndLeavesOnceIdle() throws Exception {
        StubBackend a = StubBackend.start("a", StubBackend.IDENTITY);
        StubBackend b = StubBackend.start("b", StubBackend.IDENTITY);
        closeAfter.add(a);
        closeAfter.add(b);
        run("rr", a.address().port(), b.address().port());

        try (Socket open = new Socket()) {
            open.connect(vip(), 5000);
            open.setSoTimeout(5000);
            var in =
                    new BufferedReader(
                            new InputStreamReader(open.getInputStream(), StandardCharsets.UTF_8));
            assertThat(in.readLine()).isEqualTo("a");

            execute(new AdminCommand.Drain(key, "127.0.0.1", a.address().port()));

            assertThat(listed())
                    .filteredOn(r -> r.port() == a.address().port())
                    .extracting(RealServerStatus::health, RealServerStatus::weight)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("draining", 0));
            for (int i = 0; i < 3; i++) {
                assertThat(firstLine()).isEqualTo("b");
            }
        }
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(
                        () ->
                                assertThat(listed())
                                        .extracting(RealServerStatus::port)
                                        .containsExactly(b.address().port()));
    }

    @Test
    void aServiceAddedAtRunTimeListensAndADeletedOneStopsListening() throws Exception {
        NamedTcpServer a = backend("a");
        run("rr", a.port());
        int other = FreePorts.tcp();
        ServiceKey added = new ServiceKey(ServiceProtocol.TCP, "127.0.0.1", other);

        execute(new AdminCommand.AddService(new ServiceSpec(added, "wlc", null, null)));
        execute(new AdminCommand.AddRealServer(added, spec(a.port(), 1)));

        assertThat(
                        NamedTcpServer.ask(
                                new InetSocketAddress(InetAddress.getLoopbackAddress(), other)))
                .isEqualTo("a");
        var services = (AdminResult.Services) execute(new AdminCommand.ListServices());
        assertThat(services.services())
                .extracting(ServiceStatus::scheduler)
                .containsExactly("rr", "wlc");

        execute(new AdminCommand.DeleteService(added));

        assertThatThrownBy(
                        () ->
                                NamedTcpServer.ask(
                                        new InetSocketAddress(
                                                InetAddress.getLoopbackAddress(), other)))
                .isInstanceOf(java.io.IOException.class);
    }

    @Test
    void listingsCountConnectionsAndShowOpenOnes() throws Exception {
        StubBackend a = StubBackend.start("a", StubBackend.IDENTITY);
        closeAfter.add(a);
        run("rr", a.address().port());

        try (Socket open = new Socket()) {
            open.connect(vip(), 5000);
            open.setSoTimeout(5000);
            var in =
                    new BufferedReader(
                            new InputStreamReader(open.getInputStream(), StandardCharsets.UTF_8));
            assertThat(in.readLine()).isEqualTo("a");

            var connections = (AdminResult.Connections) execute(new AdminCommand.ListConnections());
            assertThat(connections.connections())
                    .singleElement()
                    .satisfies(
                            c -> {
                                assertThat(c.state()).isEqualTo("ESTABLISHED");
                                assertThat(c.virtual()).isEqualTo("127.0.0.1:" + port);
                                assertThat(c.destination()).isEqualTo(a.address().toString());
                            });
            assertThat(listed().getFirst().activeConnections()).isEqualTo(1);
        }
        assertThat(
                        ((AdminResult.Services) execute(new AdminCommand.ListServices()))
                                .services()
                                .getFirst()
                                .stats()
                                .connections())
                .isEqualTo(1);

        execute(new AdminCommand.Zero(null));

        assertThat(
                        ((AdminResult.Services) execute(new AdminCommand.ListServices()))
                                .services()
                                .getFirst()
                                .stats()
                                .connections())
                .isZero();
    }
}
