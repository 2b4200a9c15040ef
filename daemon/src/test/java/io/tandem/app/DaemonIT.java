package io.tandem.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.common.IpLiteral;
import io.tandem.config.ConfigLoader;
import io.tandem.testing.FreePorts;
import io.tandem.testing.HostSupport;
import io.tandem.testing.NamedTcpServer;
import io.tandem.testing.NamedUdpServer;
import java.net.DatagramSocket;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The daemon run on a keepalived.conf with several virtual servers balances real traffic the way
 * IPVS would: each test writes its config, starts real servers on loopback and counts who answered.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class DaemonIT {
    private final List<AutoCloseable> closeAfter = new ArrayList<>();
    private Daemon daemon;

    @AfterEach
    void stop() throws Exception {
        if (daemon != null) {
            daemon.stop();
        }
        for (AutoCloseable c : closeAfter) {
            c.close();
        }
    }

    private NamedTcpServer tcpBackend(String name) throws Exception {
        NamedTcpServer s = NamedTcpServer.start(name);
        closeAfter.add(s);
        return s;
    }

    private void run(String config) throws Exception {
        DaemonOptions options = new DaemonOptions();
        options.threads = 2;
        options.drainSeconds = 1;
        daemon = Daemon.start(ConfigLoader.parse(config, Path.of("daemon-it.conf")), options);
    }

    private static Map<String, Integer> askTimes(InetSocketAddress vip, int times)
            throws Exception {
        Map<String, Integer> answers = new HashMap<>();
        for (int i = 0; i < times; i++) {
            answers.merge(NamedTcpServer.ask(vip), 1, Integer::sum);
        }
        return answers;
    }

    @Test
    void roundRobinSpreadsConnectionsEvenlyAndWeightedRoundRobinFollowsWeights() throws Exception {
        NamedTcpServer a = tcpBackend("a");
        NamedTcpServer b = tcpBackend("b");
        NamedTcpServer c = tcpBackend("c");
        int rrPort = FreePorts.tcp();
        int wrrPort = FreePorts.tcp();
        run(
                """
                virtual_server 127.0.0.1 %d {
                    lb_algo rr
                    protocol TCP
                    real_server 127.0.0.1 %d { weight 1 }
                    real_server 127.0.0.1 %d { weight 1 }
                    real_server 127.0.0.1 %d { weight 1 }
                }
                virtual_server 127.0.0.1 %d {
                    lb_algo wrr
                    real_server 127.0.0.1 %d { weight 1 }
                    real_server 127.0.0.1 %d { weight 2 }
                    real_server 127.0.0.1 %d { weight 3 }
                }
                """
                        .formatted(
                                rrPort, a.port(), b.port(), c.port(), wrrPort, a.port(), b.port(),
                                c.port()));

        assertThat(askTimes(new InetSocketAddress(InetAddress.getLoopbackAddress(), rrPort), 9))
                .containsExactlyInAnyOrderEntriesOf(Map.of("a", 3, "b", 3, "c", 3));
        assertThat(askTimes(new InetSocketAddress(InetAddress.getLoopbackAddress(), wrrPort), 12))
                .containsExactlyInAnyOrderEntriesOf(Map.of("a", 2, "b", 4, "c", 6));
    }

    @Test
    void persistenceKeepsAClientOnOneServer() throws Exception {
        NamedTcpServer a = tcpBackend("a");
        NamedTcpServer b = tcpBackend("b");
        int port = FreePorts.tcp();
        run(
                """
                virtual_server 127.0.0.1 %d {
                    lb_algo rr
                    persistence_timeout 60
                    real_server 127.0.0.1 %d
                    {
                        weight 1
                    }
                    real_server 127.0.0.1 %d {
                        weight 1
                    }
                }
                """
                        .formatted(port, a.port(), b.port()));

        assertThat(askTimes(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 6))
                .hasSize(1);
    }

    @Test
    void sorryServerAnswersWhenNoRealServerMayTakeConnections() throws Exception {
        NamedTcpServer quiesced = tcpBackend("quiesced");
        NamedTcpServer sorry = tcpBackend("sorry");
        int port = FreePorts.tcp();
        run(
                """
                virtual_server 127.0.0.1 %d {
                    lb_algo wlc
                    sorry_server 127.0.0.1 %d
                    real_server 127.0.0.1 %d { weight 0 }
                }
                """
                        .formatted(port, sorry.port(), quiesced.port()));

        assertThat(askTimes(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 3))
                .containsExactly(Map.entry("sorry", 3));
    }

    @Test
    void refusedRealServerIsRetriedOnAnotherSoClientsSeeNoError() throws Exception {
        NamedTcpServer alive = tcpBackend("alive");
        int deadPort = FreePorts.tcp(); // nothing listens there
        int port = FreePorts.tcp();
        run(
                """
                virtual_server 127.0.0.1 %d {
                    lb_algo rr
                    real_server 127.0.0.1 %d { weight 1 }
                    real_server 127.0.0.1 %d { weight 1 }
                }
                """
                        .formatted(port, deadPort, alive.port()));

        assertThat(askTimes(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 6))
                .containsExactly(Map.entry("alive", 6));
    }

    @Test
    void udpVirtualServerKeepsEachClientOnOneServerAndSpreadsClients() throws Exception {
        NamedUdpServer a = NamedUdpServer.start("a");
        NamedUdpServer b = NamedUdpServer.start("b");
        closeAfter.add(a);
        closeAfter.add(b);
        int port = FreePorts.tcp();
        run(
                """
                virtual_server 127.0.0.1 %d {
                    lb_algo rr
                    protocol UDP
                    real_server 127.0.0.1 %d { weight 1 }
                    real_server 127.0.0.1 %d { weight 1 }
                }
                """
                        .formatted(port, a.port(), b.port()));
        InetSocketAddress vip = new InetSocketAddress(InetAddress.getLoopbackAddress(), port);

        try (DatagramSocket first = new DatagramSocket(0, InetAddress.getLoopbackAddress());
                DatagramSocket second = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            String firstServer = NamedUdpServer.ask(first, vip);
            String secondServer = NamedUdpServer.ask(second, vip);
            assertThat(secondServer).isNotEqualTo(firstServer);
            for (int i = 0; i < 5; i++) {
                assertThat(NamedUdpServer.ask(first, vip)).isEqualTo(firstServer);
            }
        }
    }

    @Test
    void ipv6VirtualServerBalancesOverIpv6RealServers() throws Exception {
        InetAddress loopback6 = IpLiteral.parse("::1").orElseThrow();
        HostSupport.require(
                NetworkInterface.networkInterfaces()
                        .flatMap(NetworkInterface::inetAddresses)
                        .anyMatch(addr -> addr instanceof Inet6Address && addr.isLoopbackAddress()),
                "this host has no IPv6 loopback address (::1); IPv6 cannot be tested here");
        NamedTcpServer a = NamedTcpServer.start("v6a", loopback6);
        NamedTcpServer b = NamedTcpServer.start("v6b", loopback6);
        closeAfter.add(a);
        closeAfter.add(b);
        int port = FreePorts.tcp();
        run(
                """
                virtual_server ::1 %d {
                    lb_algo rr
                    real_server ::1 %d { weight 1 }
                    real_server ::1 %d { weight 1 }
                }
                """
                        .formatted(port, a.port(), b.port()));

        assertThat(askTimes(new InetSocketAddress(loopback6, port), 4))
                .containsExactlyInAnyOrderEntriesOf(Map.of("v6a", 2, "v6b", 2));
    }
}
