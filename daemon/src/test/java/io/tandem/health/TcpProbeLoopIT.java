package io.tandem.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tandem.common.HostPort;
import io.tandem.config.CheckSettings;
import io.tandem.testing.NamedTcpServer;
import io.tandem.testing.StubBackend;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * TCP_CHECKs as health monitoring runs them: on the shared selector thread, with real servers on
 * loopback that accept, refuse, or never finish the handshake.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class TcpProbeLoopIT {
    private final List<CheckReport> reports = new CopyOnWriteArrayList<>();
    private final List<CheckRunner> runners = new ArrayList<>();

    @AfterEach
    void stopRunners() throws InterruptedException {
        for (CheckRunner r : runners) {
            r.stop();
            r.join(Duration.ofSeconds(2));
        }
    }

    private static CheckSettings every(Duration delayLoop, Duration connectTimeout) {
        return new CheckSettings(
                null,
                0,
                null,
                connectTimeout,
                0,
                Duration.ofMillis(200),
                delayLoop,
                Duration.ZERO,
                false,
                1);
    }

    private CheckRunner run(HostPort server, CheckSettings settings) {
        CheckRunner runner =
                new CheckRunner(
                        0,
                        new TcpConnectChecker(settings, server),
                        settings,
                        Duration.ZERO,
                        reports::add);
        runners.add(runner);
        runner.start();
        return runner;
    }

    private String lastDetail() {
        return reports.getLast().result().detail();
    }

    @Test
    void aServerThatAcceptsPassesAndOneThatStopsFailsAsRefused() throws Exception {
        HostPort address;
        try (NamedTcpServer server = NamedTcpServer.start("a")) {
            address = HostPort.of(server.address());
            run(address, every(Duration.ofMillis(100), Duration.ofSeconds(2)));
            await().atMost(Duration.ofSeconds(5)).until(() -> !reports.isEmpty());
            assertThat(reports.getFirst().result().up()).isTrue();
            assertThat(lastDetail()).startsWith("TCP_CHECK " + address + " connected in ");
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> !reports.getLast().result().up());
        assertThat(lastDetail()).isEqualTo("TCP_CHECK " + address + ": connection refused");
    }

    @Test
    void aHandshakeThatNeverCompletesTimesOut() throws Exception {
        // A listener whose accept queue is full drops further SYNs: the connect hangs.
        try (ServerSocket full = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            List<Socket> queued = new ArrayList<>();
            try {
                for (int i = 0; i < 3; i++) {
                    Socket s = new Socket();
                    try {
                        s.connect(full.getLocalSocketAddress(), 300);
                    } catch (java.net.SocketTimeoutException alreadyFull) {
                        // the queue filled up sooner
                    }
                    queued.add(s);
                }
                HostPort address = HostPort.of((InetSocketAddress) full.getLocalSocketAddress());
                long start = System.nanoTime();
                run(address, every(Duration.ofSeconds(10), Duration.ofMillis(400)));
                await().atMost(Duration.ofSeconds(5)).until(() -> !reports.isEmpty());
                assertThat(lastDetail())
                        .isEqualTo("TCP_CHECK " + address + ": timed out after 400 ms");
                assertThat(Duration.ofNanos(System.nanoTime() - start))
                        .isGreaterThanOrEqualTo(Duration.ofMillis(400));
            } finally {
                for (Socket s : queued) {
                    s.close();
                }
            }
        }
    }

    @Test
    void aWakeProbesAtOnceInsteadOfWaitingForTheNextInterval() throws Exception {
        HostPort address;
        CheckRunner runner;
        try (NamedTcpServer server = NamedTcpServer.start("a")) {
            address = HostPort.of(server.address());
            runner = run(address, every(Duration.ofSeconds(30), Duration.ofSeconds(2)));
            await().atMost(Duration.ofSeconds(5)).until(() -> !reports.isEmpty());
        }
        long woken = System.nanoTime();
        runner.wake();
        await().atMost(Duration.ofSeconds(5)).until(() -> !reports.getLast().result().up());
        assertThat(Duration.ofNanos(System.nanoTime() - woken)).isLessThan(Duration.ofSeconds(5));
        assertThat(lastDetail()).isEqualTo("TCP_CHECK " + address + ": connection refused");
    }

    @Test
    void aStoppedCheckProbesNoMore() throws Exception {
        HostPort refusing = StubBackend.refusingAddress();
        CheckRunner runner = run(refusing, every(Duration.ofMillis(50), Duration.ofSeconds(1)));
        await().atMost(Duration.ofSeconds(5)).until(() -> !reports.isEmpty());
        runner.stop();
        runner.join(Duration.ofSeconds(2));
        try (ServerSocket listening = new ServerSocket()) {
            // Were it still probing, the next probe would pass against this listener.
            listening.bind(refusing.toSocketAddress());
            int before = reports.size();
            Thread.sleep(300); // six intervals: a live check would have reported the pass
            assertThat(reports).hasSize(before);
        }
    }
}
