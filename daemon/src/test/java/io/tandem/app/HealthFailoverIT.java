package io.tandem.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tandem.config.ConfigLoader;
import io.tandem.health.HealthState;
import io.tandem.pool.RealServer;
import io.tandem.testing.FreePorts;
import io.tandem.testing.NamedTcpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The daemon with health checks: real servers that stop answering leave the rotation and come back,
 * the sorry server takes over below quorum and hands back, scripts run, and a refused connection is
 * retried for the client and speeds up detection.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class HealthFailoverIT {
    private final List<AutoCloseable> closeAfter = new ArrayList<>();
    private Daemon daemon;
    private InetSocketAddress vip;
    @TempDir Path dir;

    @AfterEach
    void stop() throws Exception {
        if (daemon != null) {
            daemon.stop();
        }
        for (AutoCloseable c : closeAfter) {
            c.close();
        }
    }

    private RestartableBackend backend(String name) throws IOException {
        RestartableBackend b = RestartableBackend.start(name);
        closeAfter.add(b);
        return b;
    }

    private void run(String realServers, String extra) throws Exception {
        int port = FreePorts.tcp();
        vip = new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
        String config =
                "virtual_server 127.0.0.1 "
                        + port
                        + " {\n  lb_algo rr\n"
                        + extra
                        + realServers
                        + "}\n";
        DaemonOptions options = new DaemonOptions();
        options.threads = 2;
        options.drainSeconds = 1;
        daemon = Daemon.start(ConfigLoader.parse(config, Path.of("health-it.conf")), options);
    }

    private static String tcpChecked(RestartableBackend b, String inside) {
        return "  real_server 127.0.0.1 "
                + b.port()
                + " {\n"
                + inside
                + "    TCP_CHECK {\n"
                + "      delay_loop 0.2\n      connect_timeout 1\n      retry 0\n"
                + "      delay_before_retry 0.2\n    }\n  }\n";
    }

    private List<Integer> poolPorts() {
        return daemon.services().getFirst().balancer().pool().servers().stream()
                .filter(s -> s.weight() > 0)
                .map(s -> s.address().port())
                .toList();
    }

    private HealthState state(int server) throws InterruptedException {
        return daemon.healthStates().values().iterator().next().get(server);
    }

    private Path logScript(String name, Path log) throws IOException {
        Path script = dir.resolve(name);
        Files.writeString(
                script, "#!/bin/sh\necho \"$*\" >> " + log + "\n", StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        return script;
    }

    private static List<String> lines(Path file) throws IOException {
        return Files.exists(file) ? Files.readAllLines(file) : List.of();
    }

    @Test
    void aServerThatStopsAnsweringLeavesTheRotationAndRejoinsAfterRiseChecks() throws Exception {
        RestartableBackend a = backend("a");
        RestartableBackend b = backend("b");
        run(tcpChecked(a, "    rise 3\n") + tcpChecked(b, ""), "");
        assertThat(poolPorts()).containsExactly(a.port(), b.port());

        a.kill();
        await().atMost(Duration.ofSeconds(10)).until(() -> poolPorts().equals(List.of(b.port())));
        HealthState down = state(0);
        assertThat(down.up()).isFalse();
        assertThat(down.reason())
                .isEqualTo("TCP_CHECK 127.0.0.1:" + a.port() + ": connection refused, 1st failure");
        for (int i = 0; i < 6; i++) {
            assertThat(NamedTcpServer.ask(vip)).isEqualTo("b");
        }

        a.restart();
        await().atMost(Duration.ofSeconds(10))
                .until(() -> poolPorts().equals(List.of(a.port(), b.port())));
        assertThat(state(0).reason()).endsWith(", 3rd success");
        List<String> answers = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            answers.add(NamedTcpServer.ask(vip));
        }
        assertThat(answers).contains("a", "b");
    }

    @Test
    void inhibitOnFailureKeepsTheServerListedWithWeightZero() throws Exception {
        RestartableBackend a = backend("a");
        RestartableBackend b = backend("b");
        run(tcpChecked(a, "    weight 4\n    inhibit_on_failure\n") + tcpChecked(b, ""), "");
        a.kill();
        await().atMost(Duration.ofSeconds(10)).until(() -> poolPorts().equals(List.of(b.port())));
        List<RealServer> listed = daemon.services().getFirst().balancer().pool().servers();
        assertThat(listed)
                .extracting(s -> s.address().port() + "/" + s.weight())
                .containsExactly(a.port() + "/0", b.port() + "/1");
        a.restart();
        await().atMost(Duration.ofSeconds(10))
                .until(
                        () ->
                                daemon.services()
                                                .getFirst()
                                                .balancer()
                                                .pool()
                                                .servers()
                                                .getFirst()
                                                .weight()
                                        == 4);
    }

    @Test
    void theSorryServerTakesOverBelowQuorumAndHandsBackWhileScriptsRun() throws Exception {
        RestartableBackend a = backend("a");
        RestartableBackend b = backend("b");
        NamedTcpServer sorry = NamedTcpServer.start("sorry");
        closeAfter.add(sorry);
        Path log = dir.resolve("events.log");
        Path note = logScript("note.sh", log);
        run(
                tcpChecked(
                                a,
                                "    notify_down \""
                                        + note
                                        + " down a\"\n    notify_up \""
                                        + note
                                        + " up a\"\n")
                        + tcpChecked(b, ""),
                "  quorum 2\n  sorry_server 127.0.0.1 "
                        + sorry.port()
                        + "\n"
                        + "  quorum_down \""
                        + note
                        + " quorum down\"\n"
                        + "  quorum_up \""
                        + note
                        + " quorum up\"\n");
        assertThat(NamedTcpServer.ask(vip)).isIn("a", "b");

        a.kill();
        await().atMost(Duration.ofSeconds(10)).until(() -> NamedTcpServer.ask(vip).equals("sorry"));
        assertThat(NamedTcpServer.ask(vip)).as("b alone is below quorum 2").isEqualTo("sorry");
        await().atMost(Duration.ofSeconds(10))
                .until(() -> lines(log).containsAll(List.of("down a", "quorum down")));

        a.restart();
        await().atMost(Duration.ofSeconds(10))
                .until(() -> !NamedTcpServer.ask(vip).equals("sorry"));
        await().atMost(Duration.ofSeconds(10))
                .until(() -> lines(log).containsAll(List.of("up a", "quorum up")));
        // Scripts run in the background, so they may finish in either order.
        assertThat(lines(log))
                .containsExactlyInAnyOrder("down a", "quorum down", "up a", "quorum up");
    }

    @Test
    void aRefusedConnectionIsRetriedForTheClientAndSpeedsUpDetection() throws Exception {
        RestartableBackend a = backend("a");
        RestartableBackend b = backend("b");
        String slow =
                """
                    TCP_CHECK {
                      delay_loop 60
                      retry 0
                      delay_before_retry 0.5
                    }
                  }
                """;
        run(
                "  real_server 127.0.0.1 "
                        + a.port()
                        + " {\n"
                        + slow
                        + "  real_server 127.0.0.1 "
                        + b.port()
                        + " {\n"
                        + slow,
                "");
        // Let the first checks pass, so the next scheduled one is a minute away.
        await().atMost(Duration.ofSeconds(10))
                .until(() -> state(0).lastResults().getFirst().contains("connected"));
        a.kill();
        long killed = System.nanoTime();
        for (int i = 0; i < 4; i++) {
            assertThat(NamedTcpServer.ask(vip)).as("no client sees the refusal").isEqualTo("b");
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> poolPorts().equals(List.of(b.port())));
        assertThat(Duration.ofNanos(System.nanoTime() - killed)).isLessThan(Duration.ofSeconds(5));
        RealServer refused = daemon.services().getFirst().realServers().getFirst();
        assertThat(refused.connectFailures()).isPositive();
    }
}
