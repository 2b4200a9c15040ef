package io.tandem.forward;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
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
 * lb_kind TUN end to end: a real Tandem process in the balancer namespace wraps the client's
 * packets in IPIP to three real servers on one bridge, which decapsulate them, answer from the VIP
 * and send their replies to the client directly.
 *
 * <p>The real servers' tunnel end is {@link IpipEndpoint}, a user-space stand-in for the kernel's
 * ipip module, which this CI kernel lacks ({@code ip link add x type ipip}: "Unknown device type");
 * a real deployment uses {@code ip link add tunl0 type ipip} (docs/config.md, "lb_kind TUN").
 */
@Tag("netns")
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class TunnelingIT {

    private static final String VIP = "10.97.0.100";
    private static final List<String> SERVERS = List.of("rs1", "rs2", "rs3");
    @TempDir Path directory;

    private DrLan lan;
    private final NamedHttpServers servers = new NamedHttpServers();
    private final List<IpipEndpoint> tunnels = new ArrayList<>();
    private TandemProcess daemon;

    @BeforeEach
    void buildTheLan() throws Exception {
        DrLan.require();
        IpipEndpoint.require();
        lan = DrLan.create();
        lan.addHost("client", 1);
        lan.addHost("bal", 2);
        lan.addDirectRoutingServers(SERVERS, VIP);
        for (String name : SERVERS) {
            tunnels.add(IpipEndpoint.start(lan.namespace(name)));
        }
        servers.startEach(lan, SERVERS, 80);
    }

    @AfterEach
    void tearDown() throws Exception {
        if (daemon != null) {
            daemon.close();
        }
        servers.close();
        tunnels.forEach(IpipEndpoint::close);
        if (lan != null) {
            lan.close();
        }
    }

    @Test
    void requestsReachEveryRealServerInTurnThroughTheTunnelAndRepliesBypassTheBalancer()
            throws Exception {
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
                    lb_kind TUN
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
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(500))
                .ignoreExceptions()
                .until(() -> SERVERS.contains(lan.get("client", VIP)));

        VipCapture capture = VipCapture.start(lan.inside("bal"), VIP);

        List<String> answered = new ArrayList<>();
        for (int i = 0; i < 9; i++) {
            answered.add(lan.get("client", VIP));
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> capture.toVip() >= 9 * 3);
        capture.close();

        for (String server : SERVERS) {
            assertThat(answered).as(daemon.log()).filteredOn(server::equals).hasSize(3);
        }
        for (int i = 3; i < 9; i++) {
            assertThat(answered.get(i)).isEqualTo(answered.get(i - 3));
        }
        assertThat(answered.subList(0, 3)).containsExactlyInAnyOrderElementsOf(SERVERS);
        assertThat(capture.toVip()).isGreaterThanOrEqualTo(9 * 3);
        assertThat(capture.fromVip()).as("frames from the VIP seen on the balancer").isZero();

        // ipvsadm's view: each real server's Forward column says Tunnel.
        String listing = TandemProcess.adm(socket, "-Ln");
        for (String rip : List.of("10.97.0.11:80", "10.97.0.12:80", "10.97.0.13:80")) {
            assertThat(listing.lines())
                    .as(listing)
                    .anyMatch(l -> l.contains("-> " + rip) && l.contains("Tunnel"));
        }
    }

    @Test
    void aDatagramTooBigToTunnelTellsTheClientItsPathMtu() throws Exception {
        daemon =
                TandemProcess.start(
                        lan.namespace("bal"),
                        """
                virtual_server %s 53 {
                    lb_kind TUN
                    interface eth0
                    protocol UDP
                    real_server 10.97.0.11 53 {
                    }
                }
                """
                                .formatted(VIP),
                        directory);
        // 1472 bytes of payload: a 1500-byte packet, which the kernel sends with DF (path MTU
        // discovery) and which would be 1520 bytes wrapped.
        byte[] payload = new byte[1472];
        // The socket stays open: the kernel applies the ICMP's MTU through the socket it quotes.
        try (DatagramSocket socket = lan.inside("client").call(DatagramSocket::new)) {
            DatagramPacket datagram =
                    new DatagramPacket(payload, payload.length, new InetSocketAddress(VIP, 53));
            await().atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(500))
                    .until(
                            () -> {
                                socket.send(datagram);
                                return DrLan.ip("-n", lan.namespace("client"), "route", "get", VIP)
                                        .contains("mtu 1480");
                            });
        }
    }

    @Test
    void aBalancerWithoutAnAddressOnTheInterfaceRefusesToStartAndSaysWhy() throws Exception {
        DrLan.ip("-n", lan.namespace("bal"), "addr", "flush", "dev", DrLan.INTERFACE);
        daemon =
                TandemProcess.start(
                        lan.namespace("bal"),
                        """
                virtual_server %s 80 {
                    lb_kind TUN
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
                .contains(
                        "interface eth0 has no IPv4 address; lb_kind TUN sends its IPIP packets"
                                + " from it");
    }
}
