package io.tandem.forward;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import io.tandem.linux.PacketRing;
import io.tandem.testing.HostSupport;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
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
    private static final List<String> JVM_OPTIONS =
            List.of(
                    "-XX:+UseSerialGC",
                    "-Xms64m",
                    "--enable-native-access=ALL-UNNAMED",
                    "--sun-misc-unsafe-memory-access=allow");

    @TempDir Path directory;

    private DrLan lan;
    private final List<HttpServer> servers = new ArrayList<>();
    private final List<String> daemonOutput = new CopyOnWriteArrayList<>();
    private Process daemon;

    @BeforeEach
    void buildTheLan() throws Exception {
        DrLan.require();
        lan = DrLan.create();
        lan.addHost("client", 1);
        lan.addHost("bal", 2);
        for (int i = 0; i < SERVERS.size(); i++) {
            String name = SERVERS.get(i);
            lan.addHost(name, 11 + i);
            lan.holdVipSilently(name, VIP);
            HttpServer server =
                    lan.inside(name).call(() -> HttpServer.create(new InetSocketAddress(80), 50));
            server.createContext(
                    "/",
                    exchange -> {
                        byte[] body = name.getBytes(StandardCharsets.US_ASCII);
                        exchange.sendResponseHeaders(200, body.length);
                        try (OutputStream out = exchange.getResponseBody()) {
                            out.write(body);
                        }
                    });
            server.start();
            servers.add(server);
        }
    }

    @AfterEach
    void tearDown() throws Exception {
        if (daemon != null) {
            daemon.toHandle().destroy();
            if (!daemon.waitFor(15, TimeUnit.SECONDS)) {
                daemon.toHandle().destroyForcibly();
                daemon.waitFor(10, TimeUnit.SECONDS);
            }
        }
        servers.forEach(s -> s.stop(0));
        if (lan != null) {
            lan.close();
        }
    }

    @Test
    void requestsToTheVipReachEveryRealServerInTurnAndRepliesBypassTheBalancer() throws Exception {
        startTandem(
                """
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
                        .formatted(VIP));

        // First success: the daemon is up, answers ARP for the VIP and has resolved the MACs.
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(500))
                .ignoreExceptions()
                .until(() -> SERVERS.contains(get()));

        AtomicLong replies = new AtomicLong();
        AtomicLong requests = new AtomicLong();
        AtomicBoolean capturing = new AtomicBoolean(true);
        // An independent capture on the balancer's eth0 (a second packet socket sees every frame).
        PacketRing capture = lan.inside("bal").call(() -> PacketRing.open(DrLan.INTERFACE, 4));
        int vip = CapturedFrames.ipv4Address(VIP);
        Thread captor =
                Thread.ofPlatform()
                        .start(
                                () -> {
                                    try (capture) {
                                        while (capturing.get()) {
                                            capture.receive(
                                                    (s, at, length, status) -> {
                                                        if (length < 34
                                                                || Ethernet.type(s, at)
                                                                        != Ethernet.IPV4) {
                                                            return;
                                                        }
                                                        long ip = at + Ethernet.LENGTH;
                                                        if (Ipv4.source(s, ip) == vip) {
                                                            replies.incrementAndGet();
                                                        } else if (Ipv4.destination(s, ip) == vip) {
                                                            requests.incrementAndGet();
                                                        }
                                                    },
                                                    64,
                                                    50);
                                        }
                                    } catch (IOException e) {
                                        throw new IllegalStateException(e);
                                    }
                                });

        List<String> answered = new ArrayList<>();
        for (int i = 0; i < 9; i++) {
            answered.add(get());
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> requests.get() >= 9 * 3);
        capturing.set(false);
        captor.join(10_000);

        // rr: each server exactly three times, in a fixed rotation.
        for (String server : SERVERS) {
            assertThat(answered).as(log()).filteredOn(server::equals).hasSize(3);
        }
        for (int i = 3; i < 9; i++) {
            assertThat(answered.get(i)).isEqualTo(answered.get(i - 3));
        }
        assertThat(answered.subList(0, 3)).containsExactlyInAnyOrderElementsOf(SERVERS);
        // The client's packets passed the balancer; not one reply did.
        assertThat(requests.get()).isGreaterThanOrEqualTo(9 * 3);
        assertThat(replies.get()).as("frames from the VIP seen on the balancer").isZero();
    }

    /** One HTTP/1.0 request from the client namespace to the VIP; returns the body. */
    private String get() throws Exception {
        return lan.inside("client")
                .call(
                        () -> {
                            try (Socket s = new Socket()) {
                                s.connect(new InetSocketAddress(VIP, 80), 2000);
                                s.setSoTimeout(3000);
                                s.getOutputStream()
                                        .write(
                                                "GET / HTTP/1.0\r\nHost: vip\r\n\r\n"
                                                        .getBytes(StandardCharsets.US_ASCII));
                                InputStream in = s.getInputStream();
                                String response =
                                        new String(in.readAllBytes(), StandardCharsets.US_ASCII);
                                return response.substring(response.indexOf("\r\n\r\n") + 4);
                            }
                        });
    }

    private void startTandem(String config) throws IOException {
        Path file = directory.resolve("dr.conf");
        Files.writeString(file, config);
        List<String> command =
                new ArrayList<>(List.of("ip", "netns", "exec", lan.namespace("bal")));
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(JVM_OPTIONS);
        command.addAll(List.of("-jar", tandemJar().toString(), "run", "-f", file.toString()));
        daemon =
                new ProcessBuilder(command)
                        .directory(directory.toFile())
                        .redirectErrorStream(true)
                        .start();
        Process p = daemon;
        Thread.ofVirtual()
                .start(
                        () -> {
                            try (BufferedReader r =
                                    new BufferedReader(
                                            new InputStreamReader(
                                                    p.getInputStream(), StandardCharsets.UTF_8))) {
                                r.lines().forEach(daemonOutput::add);
                            } catch (IOException e) {
                                // the process ended
                            }
                        });
    }

    private String log() {
        return "tandem output:\n" + String.join("\n", daemonOutput);
    }

    private static Path tandemJar() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            Path jar = p.resolve("daemon/target/tandem.jar");
            if (Files.exists(p.resolve("mvnw")) && Files.isRegularFile(jar)) {
                return jar;
            }
        }
        HostSupport.require(false, "daemon/target/tandem.jar not found");
        throw new AssertionError("unreachable");
    }
}
