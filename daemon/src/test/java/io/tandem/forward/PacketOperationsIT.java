package io.tandem.forward;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Operating a DR service's packet forwarder: {@code lvs_timeouts} at start and {@code adm --set} at
 * run time change the connection table's timeouts (seen in {@code adm -Lnc}'s expire column), and
 * {@code /metrics} counts its frames.
 */
@Tag("netns")
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class PacketOperationsIT {

    private static final String VIP = "10.97.0.100";
    private static final List<String> SERVERS = List.of("rs1", "rs2");
    // Inside the balancer's own namespace, so no other test can hold it.
    private static final int ADMIN_HTTP_PORT = 9180;
    @TempDir Path directory;

    private DrLan lan;
    private final NamedHttpServers servers = new NamedHttpServers();
    private TandemProcess daemon;
    private Path socket;

    @BeforeEach
    void startTheBalancer() throws Exception {
        DrLan.require();
        lan = DrLan.create();
        lan.addHost("client", 1);
        lan.addHost("bal", 2);
        lan.addDirectRoutingServers(SERVERS, VIP);
        servers.startEach(lan, SERVERS, 80);
        socket = directory.resolve("adm.sock");
        daemon =
                TandemProcess.start(
                        lan.namespace("bal"),
                        """
                        global_defs {
                            admin_socket %s
                            admin_http 127.0.0.1:%d
                            lvs_timeouts tcp 600
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
                                .formatted(socket, ADMIN_HTTP_PORT, VIP),
                        directory);
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(500))
                .ignoreExceptions()
                .until(() -> SERVERS.contains(lan.get("client", VIP)));
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
    void setGivesAnOpenConnectionTheNewTimeoutFromItsNextPacketOn() throws Exception {
        // Connected from the client namespace's thread; the socket keeps its namespace.
        try (Socket open =
                lan.inside("client")
                        .call(
                                () -> {
                                    Socket s = new Socket();
                                    s.connect(new InetSocketAddress(VIP, 80), 2000);
                                    return s;
                                })) {
            String client = "10.97.0.1:" + open.getLocalPort();
            // lvs_timeouts tcp 600: the established entry expires within 10 minutes, not 15.
            int started =
                    await().atMost(Duration.ofSeconds(10)).until(() -> expiry(client), s -> s > 0);
            assertThat(started).isBetween(500, 600);

            String set = TandemProcess.adm(socket, "--set", "42", "0", "0");
            assertThat(set).isEmpty();
            assertThat(TandemProcess.adm(socket, "-L", "--timeout"))
                    .isEqualTo("Timeout (tcp tcpfin udp): 42 120 300\n");

            open.getOutputStream().write('G'); // the connection's next packet
            await().atMost(Duration.ofSeconds(10))
                    .pollInterval(Duration.ofMillis(300))
                    .untilAsserted(
                            () -> assertThat(expiry(client)).as(daemon::log).isBetween(1, 42));
        }
    }

    @Test
    void metricsCountTheFramesForwardedAndTheArpRepliesSent() throws Exception {
        // The client forgets the VIP's MAC (it may have learned it from the gratuitous ARP), so it
        // asks again and the forwarder answers.
        DrLan.ip("-n", lan.namespace("client"), "neigh", "flush", "dev", DrLan.INTERFACE);
        for (int i = 0; i < 6; i++) {
            assertThat(SERVERS).contains(lan.get("client", VIP));
        }
        String metrics = lan.metrics("bal", ADMIN_HTTP_PORT);
        // Each HTTP/1.0 request is at least SYN, ACK, the request and FIN from the client.
        assertThat(frames(metrics, "forwarded")).as(metrics).isGreaterThanOrEqualTo(6 * 4);
        assertThat(frames(metrics, "arp_replied")).isGreaterThanOrEqualTo(1);
        assertThat(frames(metrics, "standby")).isZero();
        assertThat(frames(metrics, "malformed")).isZero();
        assertThat(metrics)
                .containsPattern("(?m)^tandem_packet_forwarder_active\\{.*\\} 1(\\.0)?$");

        long before = frames(metrics, "forwarded");
        assertThat(SERVERS).contains(lan.get("client", VIP));
        assertThat(frames(lan.metrics("bal", ADMIN_HTTP_PORT), "forwarded"))
                .isGreaterThanOrEqualTo(before + 4);
    }

    /** Seconds left of the ESTABLISHED entry from {@code client}, as -Lnc shows them; 0: none. */
    private int expiry(String client) throws Exception {
        String listing = TandemProcess.adm(socket, "-Lnc");
        for (String line : listing.lines().toList()) {
            String[] f = line.trim().split("\\s+");
            if (f.length >= 6
                    && f[0].equals("TCP")
                    && f[2].equals("ESTABLISHED")
                    && f[3].equals(client)) {
                String[] mmss = f[1].split(":");
                return Integer.parseInt(mmss[0]) * 60 + Integer.parseInt(mmss[1]);
            }
        }
        return 0;
    }

    private static long frames(String metrics, String result) {
        Matcher m =
                Pattern.compile(
                                "(?m)^tandem_packet_frames_total\\{[^}]*result=\""
                                        + result
                                        + "\"[^}]*\\} ([0-9.eE+]+)$")
                        .matcher(metrics);
        assertThat(m.find()).as("result %s in:\n%s", result, metrics).isTrue();
        return (long) Double.parseDouble(m.group(1));
    }
}
