package io.tandem.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tandem.admin.api.AdminCommand;
import io.tandem.admin.api.AdminException;
import io.tandem.admin.api.AdminResult;
import io.tandem.admin.api.Forwarding;
import io.tandem.admin.api.RealServerSpec;
import io.tandem.admin.api.RealServerStatus;
import io.tandem.admin.api.ServiceKey;
import io.tandem.admin.api.ServiceProtocol;
import io.tandem.config.ConfigLoader;
import io.tandem.testing.FreePorts;
import io.tandem.testing.NamedTcpServer;
import io.tandem.testing.StubBackend;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hot reload on a running daemon: the config file is rewritten and reloaded while real clients talk
 * to the virtual server over loopback; nothing they do may fail.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class ReloadIT {
    @TempDir Path dir;

    private final List<AutoCloseable> closeAfter = new ArrayList<>();
    private Daemon daemon;
    private Path file;
    private int port;

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

    private StubBackend identity(String name) throws Exception {
        StubBackend s = StubBackend.start(name, StubBackend.IDENTITY);
        closeAfter.add(s);
        return s;
    }

    private static String config(int port, String scheduler, Map<Integer, Integer> weights) {
        StringBuilder rs = new StringBuilder();
        weights.forEach(
                (p, w) ->
                        rs.append("    real_server 127.0.0.1 ")
                                .append(p)
                                .append(" {\n        weight ")
                                .append(w)
                                .append("\n    }\n"));
        return "# reload test\nvirtual_server 127.0.0.1 %d {\n    lb_algo %s\n%s}\n"
                .formatted(port, scheduler, rs);
    }

    private void start(String scheduler, Map<Integer, Integer> weights) throws Exception {
        port = FreePorts.tcp();
        file = dir.resolve("tandem.conf");
        Files.writeString(file, config(port, scheduler, weights));
        DaemonOptions options = new DaemonOptions();
        options.threads = 2;
        options.drainSeconds = 1;
        daemon = Daemon.start(ConfigLoader.load(file), options);
    }

    private List<String> reload(String scheduler, Map<Integer, Integer> weights) throws Exception {
        Files.writeString(file, config(port, scheduler, weights));
        return daemon.reload().changes();
    }

    private InetSocketAddress vip() {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
    }

    private Map<String, Integer> askTimes(int times) throws Exception {
        Map<String, Integer> answers = new HashMap<>();
        for (int i = 0; i < times; i++) {
            answers.merge(NamedTcpServer.ask(vip()), 1, Integer::sum);
        }
        return answers;
    }

    private static Map<Integer, Integer> weights(int... portWeight) {
        Map<Integer, Integer> out = new java.util.LinkedHashMap<>();
        for (int i = 0; i < portWeight.length; i += 2) {
            out.put(portWeight[i], portWeight[i + 1]);
        }
        return out;
    }

    @Test
    void reloadAddsAndRemovesRealServersAndChangesWeightsAndScheduler() throws Exception {
        NamedTcpServer a = backend("a");
        NamedTcpServer b = backend("b");
        NamedTcpServer c = backend("c");
        start("rr", weights(a.port(), 1, b.port(), 1));
        assertThat(askTimes(4)).containsExactlyInAnyOrderEntriesOf(Map.of("a", 2, "b", 2));

        List<String> changes = reload("wrr", weights(a.port(), 1, c.port(), 3));

        assertThat(changes)
                .anyMatch(l -> l.contains("settings changed (lb_algo wrr)"))
                .anyMatch(l -> l.contains("removed real_server 127.0.0.1:" + b.port()))
                .anyMatch(l -> l.contains("added real_server 127.0.0.1:" + c.port()));
        assertThat(askTimes(8)).containsExactlyInAnyOrderEntriesOf(Map.of("a", 2, "c", 6));

        reload("wrr", weights(a.port(), 3, c.port(), 1));

        assertThat(askTimes(8)).containsExactlyInAnyOrderEntriesOf(Map.of("a", 6, "c", 2));
    }

    @Test
    void anOpenConnectionAndTheListenerSurviveReloads() throws Exception {
        StubBackend a = identity("a");
        NamedTcpServer b = backend("b");
        start("rr", weights(a.address().port(), 1));
        try (Socket open = new Socket()) {
            open.connect(vip(), 5000);
            open.setSoTimeout(5000);
            var in =
                    new BufferedReader(
                            new InputStreamReader(open.getInputStream(), StandardCharsets.UTF_8));
            assertThat(in.readLine()).isEqualTo("a");
            InetSocketAddress before =
                    daemon.services().getFirst().forwarder().localAddresses().getFirst();

            reload("wlc", weights(a.address().port(), 2, b.port(), 1));
            reload("rr", weights(b.port(), 1));
            reload("sh", weights(b.port(), 1, a.address().port(), 1));

            assertThat(daemon.services()).hasSize(1);
            assertThat(daemon.services().getFirst().forwarder().localAddresses())
                    .containsExactly(before);
            open.getOutputStream().write("across reloads\n".getBytes(StandardCharsets.UTF_8));
            assertThat(in.readLine()).isEqualTo("across reloads");
            open.shutdownOutput();
            assertThat(in.readLine()).isEqualTo("eof seen by a");
        }
    }

    @Test
    void aBrokenConfigLeavesTheRunningOneAndSaysWhereItIsWrong() throws Exception {
        NamedTcpServer a = backend("a");
        start("rr", weights(a.port(), 1));
        Files.writeString(
                file, config(port, "rr", weights(a.port(), 1)).replace("weight 1", "weight x"));

        assertThatThrownBy(() -> daemon.reload())
                .isInstanceOf(AdminException.class)
                .hasMessageContaining(file + ":5:")
                .hasMessageContaining("weight");
        assertThat(NamedTcpServer.ask(vip())).isEqualTo("a");
    }

    @Test
    void aRealServerAddedAtRunTimeSurvivesAReloadThatDoesNotMentionIt() throws Exception {
        NamedTcpServer a = backend("a");
        NamedTcpServer b = backend("b");
        start("rr", weights(a.port(), 1));
        ServiceKey key = new ServiceKey(ServiceProtocol.TCP, "127.0.0.1", port);
        daemon.admin()
                .execute(
                        new AdminCommand.AddRealServer(
                                key,
                                new RealServerSpec(
                                        "127.0.0.1", b.port(), Forwarding.MASQ, 1, 0, 0)));

        reload("wrr", weights(a.port(), 1));

        var services =
                (AdminResult.Services) daemon.admin().execute(new AdminCommand.ListServices());
        assertThat(services.services().getFirst().realServers())
                .extracting(RealServerStatus::port)
                .containsExactly(a.port(), b.port());
        assertThat(askTimes(4)).containsExactlyInAnyOrderEntriesOf(Map.of("a", 2, "b", 2));
    }

    /**
     * Bounded load: two client threads, one on keep-alive connections (20 requests each), one
     * opening a new connection per request, for about five reloads, every one of which changes real
     * servers, weights or the scheduler. Every request must get its answer.
     */
    @Test
    void reloadsUnderLoadFailNoRequest() throws Exception {
        StubBackend a = identity("a");
        StubBackend b = identity("b");
        StubBackend c = identity("c");
        int pa = a.address().port();
        int pb = b.address().port();
        int pc = c.address().port();
        start("rr", weights(pa, 1, pb, 1));
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicInteger requests = new AtomicInteger();
        AtomicInteger failures = new AtomicInteger();
        AtomicReference<Throwable> firstFailure = new AtomicReference<>();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        Runnable keepAlive = () -> loop(running, deadline, requests, failures, firstFailure, 20);
        Runnable fresh = () -> loop(running, deadline, requests, failures, firstFailure, 1);
        List<Thread> clients =
                List.of(
                        Thread.ofPlatform().name("load-keepalive").start(keepAlive),
                        Thread.ofPlatform().name("load-fresh").start(fresh));
        try {
            List<Map<Integer, Integer>> steps =
                    List.of(
                            weights(pa, 1, pb, 1, pc, 1),
                            weights(pa, 3, pc, 1),
                            weights(pb, 2, pc, 1),
                            weights(pa, 1, pb, 1, pc, 5),
                            weights(pa, 1, pb, 1));
            List<String> schedulers = List.of("wrr", "wlc", "lc", "sh", "rr");
            for (int i = 0; i < steps.size(); i++) {
                int before = requests.get();
                long wait = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
                while (requests.get() < before + 50 && System.nanoTime() < wait) {
                    Thread.sleep(10); // paces reloads by traffic seen, bounded
                }
                reload(schedulers.get(i), steps.get(i));
            }
        } finally {
            running.set(false);
            for (Thread t : clients) {
                t.join(10_000);
            }
        }
        assertThat(firstFailure.get()).as("first failure").isNull();
        assertThat(failures.get()).isZero();
        assertThat(requests.get()).isGreaterThan(250);
    }

    private void loop(
            AtomicBoolean running,
            long deadline,
            AtomicInteger requests,
            AtomicInteger failures,
            AtomicReference<Throwable> firstFailure,
            int perConnection) {
        int connections = 0;
        while (running.get() && System.nanoTime() < deadline && connections++ < 5000) {
            try (Socket s = new Socket()) {
                s.connect(vip(), 5000);
                s.setSoTimeout(5000);
                var in =
                        new BufferedReader(
                                new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
                String name = in.readLine();
                if (name == null || name.length() != 1) {
                    throw new IllegalStateException("bad greeting " + name);
                }
                OutputStream out = s.getOutputStream();
                for (int i = 0; i < perConnection; i++) {
                    String request = "req " + i;
                    out.write((request + "\n").getBytes(StandardCharsets.UTF_8));
                    out.flush();
                    String answer = in.readLine();
                    if (!request.equals(answer)) {
                        throw new IllegalStateException("asked " + request + ", got " + answer);
                    }
                    requests.incrementAndGet();
                }
                s.shutdownOutput();
                String eof = in.readLine();
                if (eof == null || !eof.startsWith("eof seen by")) {
                    throw new IllegalStateException("bad close " + eof);
                }
            } catch (Exception e) {
                failures.incrementAndGet();
                firstFailure.compareAndSet(null, e);
            }
        }
    }
}
