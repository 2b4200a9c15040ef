package io.tandem.forward;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import io.tandem.linux.NetworkNamespace;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real servers behind a router: the balancer's LAN (10.97.0.0/24) has a router, {@code router2} at
 * 10.97.0.253, in front of the real server's own subnet ({@link RoutedSubnet}, 10.95.0.1), and the
 * balancer routes that subnet through it. TUN and NAT packet mode reach the server through the
 * router's MAC; DR refuses it, since its frames keep the VIP as destination.
 */
@Tag("netns")
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class RoutedRealServersIT {

    private static final String VIP = "10.97.0.100";
    private static final String ROUTER = "10.97.0.253";

    @TempDir Path directory;

    private DrLan lan;
    private RoutedSubnet routed;
    private final List<HttpServer> servers = new ArrayList<>();
    private IpipEndpoint tunnel;
    private TandemProcess daemon;

    @BeforeEach
    void buildTheNetwork() throws Exception {
        DrLan.require();
        lan = DrLan.create();
        lan.addHost("bal", 2);
        lan.addHost("router2", 253);
        routed = RoutedSubnet.behind(lan, "router2");
        DrLan.ip("-n", lan.namespace("bal"), "route", "add", RoutedSubnet.NETWORK, "via", ROUTER);
    }

    @AfterEach
    void tearDown() throws Exception {
        if (daemon != null) {
            daemon.close();
        }
        servers.forEach(s -> s.stop(0));
        if (tunnel != null) {
            tunnel.close();
        }
        if (routed != null) {
            routed.close();
        }
        if (lan != null) {
            lan.close();
        }
    }

    @Test
    void tunnelledRequestsReachAServerBehindARouterAndItsRepliesGoToTheClientDirectly()
            throws Exception {
        IpipEndpoint.require();
        lan.addHost("client", 1);
        tunnelEndpointBehindTheRouter();
        daemon = start("TUN", RoutedSubnet.HOST + " 80");

        awaitTheRoutedServer();

        VipCapture balancer = VipCapture.start(lan.inside("bal"), VIP);
        VipCapture client = VipCapture.start(lan.inside("client"), VIP);
        for (int i = 0; i < 5; i++) {
            assertThat(lan.get("client", VIP)).as(daemon.log()).isEqualTo("routed");
        }
        // The replies reach the client from the router; the balancer sees none of them.
        await().atMost(Duration.ofSeconds(10)).until(() -> client.fromVip() >= 5 * 3);
        balancer.close();
        client.close();
        assertThat(balancer.toVip()).isGreaterThanOrEqualTo(5 * 3);
        assertThat(balancer.fromVip()).as("frames from the VIP seen on the balancer").isZero();
    }

    @Test
    void theTunnelIsSentFromTheRoutesPreferredSourceAddress() throws Exception {
        IpipEndpoint.require();
        lan.addHost("client", 1);
        DrLan.ip("-n", lan.namespace("bal"), "addr", "add", "10.97.0.3/24", "dev", "eth0");
        DrLan.ip(
                "-n",
                lan.namespace("bal"),
                "route",
                "replace",
                RoutedSubnet.NETWORK,
                "via",
                ROUTER,
                "src",
                "10.97.0.3");
        tunnelEndpointBehindTheRouter();
        IpipCapture capture = IpipCapture.start(routed.inside());
        daemon = start("TUN", RoutedSubnet.HOST + " 80");

        awaitTheRoutedServer();
        capture.close();

        assertThat(capture.from("10.97.0.3")).as(daemon.log()).isGreaterThanOrEqualTo(3);
        assertThat(capture.from("10.97.0.2")).as("from the interface's first address").isZero();
    }

    @Test
    void aRouteChangeIsFollowedWithinSeconds() throws Exception {
        IpipEndpoint.require();
        lan.addHost("client", 1);
        tunnelEndpointBehindTheRouter();
        daemon = start("TUN", RoutedSubnet.HOST + " 80");
        awaitTheRoutedServer();

        DrLan.ip("-n", lan.namespace("bal"), "route", "del", RoutedSubnet.NETWORK);
        await().atMost(Duration.ofSeconds(10))
                .until(
                        () ->
                                daemon.log()
                                        .contains(
                                                "real server 10.95.0.1:80 is not forwardable from"
                                                        + " eth0 (route: none): there is no route"
                                                        + " to it"));

        DrLan.ip("-n", lan.namespace("bal"), "route", "add", RoutedSubnet.NETWORK, "via", ROUTER);
        await().atMost(Duration.ofSeconds(20))
                .pollInterval(Duration.ofMillis(500))
                .ignoreExceptions()
                .until(() -> "routed".equals(lan.get("client", VIP)));
        assertThat(daemon.log())
                .contains("real server 10.95.0.1:80 is forwardable from eth0 through " + ROUTER);
    }

    @Test
    void natRequestsAndRepliesWorkWithTheServerAndTheClientEachBehindARouter() throws Exception {
        lan.addHost("router", 254);
        lan.addRoutedHost("client", "router");
        // As IPVS NAT requires, the replies to clients route back through the balancer.
        DrLan.ip(
                "-n", lan.namespace("router2"), "route", "add", "10.96.0.0/24", "via", "10.97.0.2");
        serve(routed.inside(), 8080, "routed");
        daemon = start("NAT\n    packet_mode", RoutedSubnet.HOST + " 8080");

        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(500))
                .ignoreExceptions()
                .until(() -> lan.get("client", VIP).equals("routed 10.96.0.1"));
        for (int i = 0; i < 5; i++) {
            assertThat(lan.get("client", VIP)).as(daemon.log()).isEqualTo("routed 10.96.0.1");
        }
    }

    @Test
    void directRoutingWarnsOnceAboutARoutedServerAndSendsItNothing() throws Exception {
        lan.addHost("client", 1);
        lan.addHost("rs1", 11);
        lan.holdVipSilently("rs1", VIP);
        serve(lan.inside("rs1"), 80, "rs1");
        DrLan.ip("-n", routed.namespace(), "addr", "add", VIP + "/32", "dev", "lo");
        serve(routed.inside(), 80, "routed");
        VipCapture router = VipCapture.start(lan.inside("router2"), VIP);
        daemon = start("DR", "10.97.0.11 80", RoutedSubnet.HOST + " 80");
        String warning =
                "real server 10.95.0.1:80 is not forwardable from eth0 (route: via "
                        + ROUTER
                        + " dev eth0 src 10.97.0.2): it is behind a router, and lb_kind DR needs the"
                        + " real servers on the balancer's LAN";

        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(500))
                .ignoreExceptions()
                .until(() -> "rs1".equals(lan.get("client", VIP)));
        List<String> answered = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            try {
                answered.add(lan.get("client", VIP));
            } catch (Exception e) {
                answered.add("failed");
            }
        }
        router.close();

        // Round robin still picks the routed server every other time; those connections fail.
        assertThat(answered).as(daemon.log()).containsOnly("rs1", "failed").contains("rs1");
        assertThat(router.toVip()).as("frames to the VIP seen by the router").isZero();
        assertThat(daemon.log().lines())
                .as(daemon.log())
                .filteredOn(line -> line.contains(warning))
                .hasSize(1);
    }

    private TandemProcess start(String kind, String... realServers) throws Exception {
        StringBuilder servers = new StringBuilder();
        for (String server : realServers) {
            servers.append("    real_server ").append(server).append(" {\n    }\n");
        }
        return TandemProcess.start(
                lan.namespace("bal"),
                """
                virtual_server %s 80 {
                    lb_algo rr
                    lb_kind %s
                    interface eth0
                    protocol TCP
                %s}
                """
                        .formatted(VIP, kind, servers),
                directory);
    }

    private void serve(NetworkNamespace host, int port, String name) throws Exception {
        HttpServer server = host.call(() -> HttpServer.create(new InetSocketAddress(port), 50));
        server.createContext(
                "/",
                exchange -> {
                    String from = exchange.getRemoteAddress().getAddress().getHostAddress();
                    String body = port == 80 ? name : name + " " + from;
                    byte[] bytes = body.getBytes(StandardCharsets.US_ASCII);
                    exchange.sendResponseHeaders(200, bytes.length);
                    try (OutputStream out = exchange.getResponseBody()) {
                        out.write(bytes);
                    }
                });
        server.start();
        servers.add(server);
    }

    /** The routed host as a TUN real server: the VIP on lo, IPIP unwrapped, HTTP on port 80. */
    private void tunnelEndpointBehindTheRouter() throws Exception {
        DrLan.ip("-n", routed.namespace(), "addr", "add", VIP + "/32", "dev", "lo");
        tunnel = IpipEndpoint.start(routed.namespace());
        serve(routed.inside(), 80, "routed");
    }

    /** Until the client's requests to the VIP reach the routed server. */
    private void awaitTheRoutedServer() {
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(500))
                .ignoreExceptions()
                .until(() -> "routed".equals(lan.get("client", VIP)));
    }
}
