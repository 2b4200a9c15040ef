package io.tandem.forward;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A DR packet forwarder whose interface goes down or away under it: its packet thread stays nearly
 * idle meanwhile (it used to spin on the socket's pending ENETDOWN), and forwarding resumes when
 * the link is up again or an interface of the same name comes back, with a log line for each.
 */
@Tag("netns")
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class InterfaceLossIT {

    private static final String VIP = "10.97.0.100";
    private static final List<String> SERVERS = List.of("rs1", "rs2");
    // The thread's name as the kernel keeps it (comm, at most 15 characters).
    private static final String PACKET_THREAD = "packet-eth0";
    // USER_HZ, the unit of utime and stime in /proc/PID/task/TID/stat on Linux.
    private static final int TICKS_PER_SECOND = 100;
    private static final Duration WINDOW = Duration.ofSeconds(2);
    // Long enough that a stop which waited for it would stand out.
    private static final Duration DRAIN_GRACE = Duration.ofSeconds(60);
    // Inside the balancer's own namespace, so no other test can hold it.
    private static final int ADMIN_HTTP_PORT = 9180;

    private static final Pattern ACTIVE =
            Pattern.compile("(?m)^tandem_packet_forwarder_active\\{[^}]*\\} ([0-9.]+)$");

    @TempDir Path directory;

    private DrLan lan;
    private final NamedHttpServers servers = new NamedHttpServers();
    private TandemProcess daemon;

    @BeforeEach
    void startForwarding() throws Exception {
        DrLan.require();
        lan = DrLan.create();
        lan.addHost("client", 1);
        lan.addHost("bal", 2);
        lan.addDirectRoutingServers(SERVERS, VIP);
        servers.startEach(lan, SERVERS, 80);
        daemon =
                TandemProcess.start(
                        lan.namespace("bal"),
                        """
                        global_defs {
                            admin_socket %s
                            admin_http 127.0.0.1:%d
                        }
                        virtual_server %s 80 {
                            lb_algo rr
                            lb_kind DR
                            interface eth0
                            protocol TCP
                            real_server 10.97.0.11 80 {
                            }
                            real_server 10.97.0.12 80 {
                            }
                        }
                        """
                                .formatted(directory.resolve("adm.sock"), ADMIN_HTTP_PORT, VIP),
                        directory,
                        List.of("--drain-seconds", Long.toString(DRAIN_GRACE.toSeconds())));
        awaitForwarding();
    }

    @AfterEach
    void tearDown() {
        if (daemon != null) {
            daemon.close();
        }
        servers.close();
        if (lan != null) {
            lan.close();
        }
    }

    @Test
    void aDeletedInterfaceCostsNoCpuAndForwardingResumesWhenItIsBack() throws Exception {
        lan.unplug("bal");

        assertThat(packetThreadCpuShare()).as(daemon::log).isLessThan(0.2);
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(
                        () ->
                                assertThat(daemon.log())
                                        .contains(
                                                "interface eth0 is gone; packet forwarding for ["
                                                        + VIP
                                                        + ":80] paused until it is back"));
        assertThat(forwarderActive()).as("tandem_packet_forwarder_active while gone").isZero();

        // A new eth0: another index and MAC under the same name.
        lan.plugIn("bal", 2);
        awaitForwarding();
        assertThat(daemon.log()).contains("interface eth0 is back");
        assertThat(forwarderActive()).isOne();
        assertThat(packetThreadCpuShare()).as(daemon::log).isLessThan(0.2);
    }

    @Test
    void aLinkSetDownCostsNoCpuAndForwardingResumesWhenItIsUp() throws Exception {
        DrLan.ip("-n", lan.namespace("bal"), "link", "set", DrLan.INTERFACE, "down");

        assertThat(packetThreadCpuShare()).as(daemon::log).isLessThan(0.2);
        assertThat(daemon.log()).contains("interface eth0 is down");
        assertThat(forwarderActive()).as("tandem_packet_forwarder_active while down").isZero();

        DrLan.ip("-n", lan.namespace("bal"), "link", "set", DrLan.INTERFACE, "up");
        awaitForwarding();
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(daemon.log()).contains("interface eth0 is up"));
        assertThat(forwarderActive()).isOne();
        assertThat(packetThreadCpuShare()).as(daemon::log).isLessThan(0.2);
    }

    @Test
    void aStopWhileTheInterfaceIsGoneDoesNotWaitOutTheDrainGrace() throws Exception {
        // An established connection, which would hold a drain for the whole grace.
        try (Socket _ =
                lan.inside("client")
                        .call(
                                () -> {
                                    Socket s = new Socket();
                                    s.connect(new InetSocketAddress(VIP, 80), 2000);
                                    return s;
                                })) {
            lan.unplug("bal");
            await().atMost(Duration.ofSeconds(10))
                    .untilAsserted(
                            () -> assertThat(daemon.log()).contains("interface eth0 is gone"));

            daemon.terminate();
            await().atMost(Duration.ofSeconds(20)).until(() -> !daemon.alive());
            assertThat(daemon.log()).contains("stopped");
        }
    }

    private void awaitForwarding() {
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(500))
                .ignoreExceptions()
                .untilAsserted(
                        () -> assertThat(SERVERS).as(daemon::log).contains(lan.get("client", VIP)));
    }

    /** {@code tandem_packet_forwarder_active} of the virtual server, from {@code /metrics}. */
    private int forwarderActive() throws Exception {
        String metrics = lan.metrics("bal", ADMIN_HTTP_PORT);
        Matcher m = ACTIVE.matcher(metrics);
        assertThat(m.find()).as(metrics).isTrue();
        return (int) Double.parseDouble(m.group(1));
    }

    /** The share of one CPU the daemon's packet thread used over the next {@link #WINDOW}. */
    private double packetThreadCpuShare() throws Exception {
        Path task = packetThread();
        long before = cpuTicks(task);
        long started = System.nanoTime();
        // A measurement over a fixed window, not a wait for a condition.
        Thread.sleep(WINDOW);
        long ticks = cpuTicks(task) - before;
        double seconds = (System.nanoTime() - started) / 1e9;
        return ticks / (double) TICKS_PER_SECOND / seconds;
    }

    private Path packetThread() throws IOException {
        try (Stream<Path> tasks =
                Files.list(Path.of("/proc", Long.toString(daemon.pid()), "task"))) {
            return tasks.filter(t -> PACKET_THREAD.equals(comm(t)))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError("no thread " + PACKET_THREAD));
        }
    }

    private static String comm(Path task) {
        try {
            return Files.readString(task.resolve("comm")).strip();
        } catch (IOException e) {
            return ""; // the thread ended
        }
    }

    /** utime + stime of the thread: fields 14 and 15 of its stat, counted after the comm. */
    private static long cpuTicks(Path task) throws IOException {
        String stat = Files.readString(task.resolve("stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    }
}
