package io.tandem.forward;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * lb_kind DR end to end: a real Tandem process in the balancer namespace forwards HTTP requests
 * from a client namespace to three real servers on one bridge, and the replies go from the real
 * servers to the client without passing the balancer.
 */
@Tag("netns")
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class DirectRoutingIT {

    private static final String VIP = "10.97.0.100";
    private static final List<String> SERVERS = List.of("rs1", "rs2", "rs3");
    private static final int CHECK_PORT = 9000;
    private static final int HALF = 512 * 1024;
    @TempDir Path directory;

    private DrLan lan;
    private final NamedHttpServers servers = new NamedHttpServers();
    private final Map<String, ServerSocket> checkPorts = new ConcurrentHashMap<>();
    // The second half of every /big download waits for this.
    private final CountDownLatch secondHalf = new CountDownLatch(1);
    private TandemProcess daemon;

    @BeforeEach
    void buildTheLan() throws Exception {
        DrLan.require();
        lan = DrLan.create();
        lan.addHost("client", 1);
        lan.addHost("bal", 2);
        lan.addDirectRoutingServers(SERVERS, VIP);
        for (String name : SERVERS) {
            HttpServer server = servers.start(lan, name, 80);
            server.createContext(
                    "/big",
                    exchange -> {
                        exchange.sendResponseHeaders(200, 2L * HALF);
                        try (OutputStream out = exchange.getResponseBody()) {
                            byte[] half = new byte[HALF];
                            byte[] label = (name + "\n").getBytes(StandardCharsets.US_ASCII);
                            System.arraycopy(label, 0, half, 0, label.length);
                            out.write(half);
                            out.flush();
                            secondHalf.await(60, TimeUnit.SECONDS);
                            out.write(new byte[HALF]);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    });
            // The health check's port: closing it fails the server's TCP_CHECK.
            ServerSocket check = lan.inside(name).call(() -> new ServerSocket(CHECK_PORT, 50));
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
    }

    @AfterEach
    void tearDown() throws Exception {
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
    void aBalancerWhoseKernelForwardsRefusesToStartAndSaysWhy() throws Exception {
        Process sysctl =
                new ProcessBuilder(
                                "ip",
                                "netns",
                                "exec",
                                lan.namespace("bal"),
                                "sysctl",
                                "-q",
                                "-w",
                                "net.ipv4.conf.eth0.forwarding=1")
                        .redirectErrorStream(true)
                        .start();
        assertThat(sysctl.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(sysctl.exitValue()).isZero();
        daemon =
                TandemProcess.start(
                        lan.namespace("bal"),
                        """
                virtual_server %s 80 {
                    lb_algo rr
                    lb_kind DR
                    interface eth0
                    protocol TCP
                    real_server 10.97.0.11 80 {
                    }
                }
                """
                                .formatted(VIP),
                        directory);
        await().atMost(Duration.ofSeconds(60)).until(() -> !daemon.alive());
        assertThat(daemon.log())
                .contains("interface eth0 forwards IPv4")
                .contains("net.ipv4.conf.eth0.forwarding=1");
    }

    @Test
    void requestsToTheVipReachEveryRealServerInTurnAndRepliesBypassTheBalancer() throws Exception {
        Path socket = directory.resolve("adm.sock");
        daemon =
                TandemProcess.start(
                        lan.namespace("bal"),
                        """
                global_defs {
                    admin_socket %s
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
                    real_server 10.97.0.13 80 {
                    }
                }
                """
                                .formatted(socket, VIP),
                        directory);

        // First success: the daemon is up, answers ARP for the VIP and has resolved the MACs.
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(500))
                .ignoreExceptions()
                .until(() -> SERVERS.contains(get()));

        VipCapture capture = VipCapture.start(lan.inside("bal"), VIP);

        List<String> answered = new ArrayList<>();
        for (int i = 0; i < 9; i++) {
            answered.add(get());
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> capture.toVip() >= 9 * 3);
        capture.close();

        // rr: each server exactly three times, in a fixed rotation.
        for (String server : SERVERS) {
            assertThat(answered).as(daemon.log()).filteredOn(server::equals).hasSize(3);
        }
        for (int i = 3; i < 9; i++) {
            assertThat(answered.get(i)).isEqualTo(answered.get(i - 3));
        }
        assertThat(answered.subList(0, 3)).containsExactlyInAnyOrderElementsOf(SERVERS);
        // The client's packets passed the balancer; not one reply did.
        assertThat(capture.toVip()).isGreaterThanOrEqualTo(9 * 3);
        assertThat(capture.fromVip()).as("frames from the VIP seen on the balancer").isZero();

        // The connection table, as ipvsadm -Lnc shows it: each request's entry, to its server.
        String listing = TandemProcess.adm(socket, "-Lnc");
        assertThat(listing).as(listing).startsWith("IPVS connection entries\n");
        for (String rip : List.of("10.97.0.11:80", "10.97.0.12:80", "10.97.0.13:80")) {
            assertThat(listing.lines())
                    .as(listing)
                    .anyMatch(
                            l -> l.startsWith("TCP") && l.contains(VIP + ":80") && l.endsWith(rip));
        }
    }

    @Test
    void serverFailingItsHealthCheckGetsNoNewConnectionsWhileItsDownloadFinishes()
            throws Exception {
        daemon =
                TandemProcess.start(
                        lan.namespace("bal"),
                        """
                        virtual_server %s 80 {
                            lb_algo rr
                            lb_kind DR
                            interface eth0
                            delay_loop 0.5
                            real_server 10.97.0.11 80 {
                                TCP_CHECK {
                                    connect_port %d
                                    connect_timeout 1
                                    retry 1
                                    delay_before_retry 1
                                }
                            }
                            real_server 10.97.0.12 80 {
                                TCP_CHECK {
                                    connect_port %d
                                    connect_timeout 1
                                    retry 1
                                    delay_before_retry 1
                                }
                            }
                            real_server 10.97.0.13 80 {
                                TCP_CHECK {
                                    connect_port %d
                                    connect_timeout 1
                                    retry 1
                                    delay_before_retry 1
                                }
                            }
                        }
                        """
                                .formatted(VIP, CHECK_PORT, CHECK_PORT, CHECK_PORT),
                        directory);
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(500))
                .ignoreExceptions()
                .until(() -> SERVERS.contains(get()));

        // A download starts, gets its first half, and waits for the second.
        CompletableFuture<String> firstLine = new CompletableFuture<>();
        // Connected from the client namespace's thread (a socket keeps its namespace), then read
        // on another thread so the namespace's thread stays free for the requests below.
        Socket download =
                lan.inside("client")
                        .call(
                                () -> {
                                    Socket s = new Socket();
                                    s.connect(new InetSocketAddress(VIP, 80), 2000);
                                    s.setSoTimeout(60_000);
                                    s.getOutputStream()
                                            .write(
                                                    "GET /big HTTP/1.0\r\n\r\n"
                                                            .getBytes(StandardCharsets.US_ASCII));
                                    return s;
                                });
        CompletableFuture<Long> downloaded =
                CompletableFuture.supplyAsync(
                        () -> {
                            try (download) {
                                InputStream in = download.getInputStream();
                                String head = readHead(in);
                                long total = 0;
                                byte[] buffer = new byte[16384];
                                StringBuilder label = new StringBuilder();
                                for (int n; (n = in.read(buffer)) > 0; ) {
                                    if (total == 0) {
                                        for (int i = 0; i < n && buffer[i] != '\n'; i++) {
                                            label.append((char) buffer[i]);
                                        }
                                        firstLine.complete(label.toString());
                                    }
                                    total += n;
                                }
                                return head.startsWith("HTTP/1.") ? total : -1;
                            } catch (IOException e) {
                                throw new IllegalStateException(e);
                            }
                        });
        String busy = firstLine.get(30, TimeUnit.SECONDS);
        assertThat(SERVERS).contains(busy);

        checkPorts.get(busy).close();
        // Health checking takes it out of the pool: new connections avoid it.
        await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(200))
                .until(
                        () -> {
                            List<String> four = List.of(get(), get(), get(), get());
                            return !four.contains(busy);
                        });
        secondHalf.countDown();
        // The open connection kept its server to the end, all bytes delivered.
        assertThat(downloaded.get(60, TimeUnit.SECONDS)).as(daemon.log()).isEqualTo(2L * HALF);
    }

    private static String readHead(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                break;
            }
            head.append((char) b);
        }
        return head.toString();
    }

    private String get() throws Exception {
        return lan.get("client", VIP);
    }
}
