package io.tandem.forward;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The life of packet-forwarded connections while the balancer changes under them, for each packet
 * mode (a subclass builds the network and names the mode): a long download keeps its real server
 * and every byte while weights and membership change, a health check takes a server out for new
 * connections only, and a reload or a stop lets open connections finish. Four real servers rs1..rs4
 * at 10.97.0.11..14 serve {@code /} (their name) and {@link PacedBody#PATH}; each also listens on
 * {@link #CHECK_PORT}, the target of its TCP_CHECK.
 */
@Tag("netns")
@Timeout(value = 240, unit = TimeUnit.SECONDS)
abstract class PacketLifecycleIT {
    static final String VIP = "10.97.0.100";
    static final String SERVICE = VIP + ":80";
    static final List<String> SERVERS = List.of("rs1", "rs2", "rs3", "rs4");
    static final int CHECK_PORT = 9000;

    @TempDir Path directory;

    DrLan lan;
    private final PacedBody body = new PacedBody();
    private final NamedHttpServers servers = new NamedHttpServers();
    private final Map<String, ServerSocket> checkPorts = new ConcurrentHashMap<>();
    TandemProcess daemon;
    private Path socket;

    /** The virtual server's lines that choose this packet mode (lb_kind and its companions). */
    abstract String forwarding();

    /** The port real servers serve on. */
    abstract int serverPort();

    /** The host downloads and requests come from. */
    abstract String client();

    /** Adds the balancer ("bal" at 10.97.0.2), the client and whatever joins them. */
    abstract void addBalancerAndClient(DrLan lan) throws IOException;

    /** What real server {@code name} needs for this mode (the VIP held silently, a route...). */
    abstract void prepareRealServer(DrLan lan, String name) throws IOException;

    /** The ipvsadm flag for this mode's forwarding, the one tandem adm accepts for the service. */
    private String forwardingFlag() {
        String f = forwarding();
        return f.contains("DR") ? "-g" : f.contains("TUN") ? "-i" : "-m";
    }

    @BeforeEach
    void buildTheNetwork() throws Exception {
        DrLan.require();
        lan = DrLan.create();
        addBalancerAndClient(lan);
        socket = directory.resolve("adm.sock");
        lan.addRealServers(SERVERS);
        for (String name : SERVERS) {
            prepareRealServer(lan, name);
            lan.segmentLikeAWire(name);
            servers.start(lan, name, serverPort()).createContext(PacedBody.PATH, body.of(name));
            openCheckPort(name);
        }
    }

    @AfterEach
    void tearDown() throws Exception {
        body.release();
        if (daemon != null) {
            daemon.close();
        }
        servers.close();
        for (ServerSocket check : checkPorts.values()) {
            check.close();
        }
        if (lan != null) {
            lan.close();
        }
    }

    @Test
    void aDownloadKeepsItsServerAndEveryByteWhileWeightsAndMembersChange() throws Exception {
        start(config("wrr", Map.of("rs1", 1, "rs2", 1, "rs3", 1), false));
        Download download = download();
        String busy = download.server().get(30, TimeUnit.SECONDS);
        List<String> others = new ArrayList<>(List.of("rs1", "rs2", "rs3"));
        others.remove(busy);
        String heavier = others.get(0);
        String removed = others.get(1);

        adm("-e", "-t", SERVICE, "-r", address(busy), forwardingFlag(), "-w", "0");
        adm("-e", "-t", SERVICE, "-r", address(heavier), forwardingFlag(), "-w", "2");
        adm("-d", "-t", SERVICE, "-r", address(removed));
        adm("-a", "-t", SERVICE, "-r", address("rs4"), forwardingFlag(), "-w", "1");
        String listing = TandemProcess.adm(socket, "-Ln");
        assertThat(listing)
                .as(listing)
                .contains(address("rs4"))
                .contains(address(busy))
                .doesNotContain(address(removed));
        assertThat(download.received()).as("the download still runs").isNotDone();

        // rs4 answers once the forwarder has resolved its MAC; from there wrr's period is 2+1.
        await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(300))
                .ignoreExceptions()
                .until(() -> get().equals("rs4"));
        List<String> six = gets(6);
        assertThat(six).as(log()).filteredOn(heavier::equals).hasSize(4);
        assertThat(six).as(log()).filteredOn("rs4"::equals).hasSize(2);

        body.release();
        assertComplete(download, busy);
    }

    @Test
    void aServerFailingItsHealthCheckGetsNoNewConnectionsButFinishesItsDownloadAndComesBack()
            throws Exception {
        start(config("rr", Map.of("rs1", 1, "rs2", 1, "rs3", 1), true));
        Download download = download();
        String busy = download.server().get(30, TimeUnit.SECONDS);

        checkPorts.remove(busy).close();
        await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> !gets(3).contains(busy));
        // Out of the pool: rr shares new connections between the two others only. (Not an exact
        // rotation: a health check republishing the pool restarts rr.)
        List<String> others = new ArrayList<>(List.of("rs1", "rs2", "rs3"));
        others.remove(busy);
        assertThat(gets(6)).as(log()).containsOnly(others.toArray(String[]::new));
        assertThat(download.received()).as("the download still runs").isNotDone();

        body.release();
        assertComplete(download, busy);

        openCheckPort(busy);
        await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> gets(3).contains(busy));
        assertThat(gets(6)).as(log()).containsOnly("rs1", "rs2", "rs3");
    }

    @Test
    void aReloadKeepsARunningDownloadAndAppliesTheNewSchedulerAndWeights() throws Exception {
        start(config("rr", Map.of("rs1", 1, "rs2", 1, "rs3", 1), false));
        Download download = download();
        String busy = download.server().get(30, TimeUnit.SECONDS);
        Map<String, Integer> weights = new LinkedHashMap<>();
        for (String server : List.of("rs1", "rs2", "rs3")) {
            weights.put(server, server.equals(busy) ? 0 : 1);
        }
        weights.put("rs4", 2);
        Files.writeString(directory.resolve("tandem.conf"), config("wrr", weights, false));

        daemon.hangup();
        await().atMost(Duration.ofSeconds(30))
                .until(() -> daemon.log().contains("added real_server " + address("rs4")));
        assertThat(download.received()).as("the download still runs").isNotDone();
        await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(300))
                .ignoreExceptions()
                .until(() -> get().equals("rs4"));
        // wrr with weights 1, 1, 2 (rr would share equally): two periods of four.
        List<String> eight = gets(8);
        assertThat(eight).as(log()).doesNotContain(busy);
        for (String server : weights.keySet()) {
            if (!server.equals(busy)) {
                assertThat(eight)
                        .as(log())
                        .filteredOn(server::equals)
                        .hasSize(2 * weights.get(server));
            }
        }

        body.release();
        assertComplete(download, busy);
    }

    @Test
    void aReloadRemovingTheVirtualServerLetsItsDownloadFinishAndTakesNoNewConnection()
            throws Exception {
        start(config("rr", Map.of("rs1", 1, "rs2", 1, "rs3", 1), false));
        Download download = download();
        String busy = download.server().get(30, TimeUnit.SECONDS);
        Files.writeString(
                directory.resolve("tandem.conf"),
                "global_defs {\n    admin_socket " + socket + "\n}\n");

        daemon.hangup();
        await().atMost(Duration.ofSeconds(30))
                .until(() -> daemon.log().contains("removed virtual_server"));
        await().atMost(Duration.ofSeconds(30)).until(this::refused);
        assertThat(download.received()).as("the download still runs").isNotDone();

        body.release();
        assertComplete(download, busy);
        assertThat(daemon.alive()).isTrue();
    }

    @Test
    void aStopLetsARunningDownloadFinishAndTakesNoNewConnection() throws Exception {
        start(config("rr", Map.of("rs1", 1, "rs2", 1, "rs3", 1), false), "--drain-seconds", "60");
        Download download = download();
        String busy = download.server().get(30, TimeUnit.SECONDS);

        String entries = TandemProcess.adm(socket, "-Lnc");
        daemon.terminate();
        await().atMost(Duration.ofSeconds(30))
                .until(() -> daemon.log().contains("stopping: draining"));
        // Draining: a new connection gets no server (its SYN is dropped, so connect times out).
        await().atMost(Duration.ofSeconds(30)).until(this::refused);
        assertThat(download.received()).as("the download still runs").isNotDone();

        body.release();
        assertComplete(download, busy);
        // With every connection closed, the daemon does not wait out the grace.
        await("the daemon's exit; its entries before the stop:\n" + entries)
                .atMost(Duration.ofSeconds(40))
                .until(() -> !daemon.alive());
    }

    void start(String config, String... options) throws Exception {
        daemon = TandemProcess.start(lan.namespace("bal"), config, directory, List.of(options));
        // First success: the daemon is up, answers ARP for the VIP and has resolved the MACs.
        await().atMost(Duration.ofSeconds(90))
                .pollInterval(Duration.ofMillis(500))
                .ignoreExceptions()
                .until(() -> SERVERS.contains(get()));
    }

    String config(String algo, Map<String, Integer> weights, boolean checked) {
        StringBuilder c = new StringBuilder();
        c.append("global_defs {\n    admin_socket ").append(socket).append("\n}\n");
        c.append("virtual_server ").append(VIP).append(" 80 {\n");
        c.append("    lb_algo ").append(algo).append('\n');
        forwarding().lines().forEach(l -> c.append("    ").append(l).append('\n'));
        c.append("    interface eth0\n    protocol TCP\n");
        if (checked) {
            c.append("    delay_loop 0.5\n");
        }
        for (String server : SERVERS) {
            Integer weight = weights.get(server);
            if (weight == null) {
                continue;
            }
            c.append("    real_server ").append(ip(server)).append(' ').append(serverPort());
            c.append(" {\n        weight ").append(weight).append('\n');
            if (checked) {
                c.append("        TCP_CHECK {\n            connect_port ").append(CHECK_PORT);
                c.append("\n            connect_timeout 1\n            retry 1\n");
                c.append("            delay_before_retry 1\n        }\n");
            }
            c.append("    }\n");
        }
        return c.append("}\n").toString();
    }

    private void assertComplete(Download download, String server) throws Exception {
        Download.Received received = download.received().get(90, TimeUnit.SECONDS);
        assertThat(received.status()).as(log()).startsWith("HTTP/1.1 200");
        assertThat(received.length()).as(log()).isEqualTo(PacedBody.SIZE);
        assertThat(received.sha256()).isEqualTo(body.sentBy(server).get(10, TimeUnit.SECONDS));
    }

    private void openCheckPort(String name) throws Exception {
        ServerSocket check =
                lan.inside(name)
                        .call(
                                () -> {
                                    ServerSocket s = new ServerSocket();
                                    s.setReuseAddress(true);
                                    s.bind(new InetSocketAddress(CHECK_PORT), 50);
                                    return s;
                                });
        checkPorts.put(name, check);
        Thread.ofVirtual()
                .start(
                        () -> {
                            while (!check.isClosed()) {
                                try {
                                    check.accept().close();
                                } catch (IOException e) {
                                    // closed
                                }
                            }
                        });
    }

    Download download() throws Exception {
        return Download.start(lan.inside(client()), VIP, 80);
    }

    private String get() throws Exception {
        return lan.get(client(), VIP);
    }

    private List<String> gets(int n) throws Exception {
        List<String> answered = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            answered.add(get());
        }
        return answered;
    }

    /** Whether a new request from the client fails to connect. */
    private boolean refused() throws Exception {
        try {
            get();
            return false;
        } catch (IOException e) {
            return true;
        }
    }

    private void adm(String... args) throws Exception {
        TandemProcess.adm(socket, args);
    }

    String log() {
        return daemon == null ? "" : daemon.log();
    }

    static String ip(String server) {
        return DrLan.SUBNET + (10 + Integer.parseInt(server.substring(2)));
    }

    private String address(String server) {
        return ip(server) + ":" + serverPort();
    }
}
