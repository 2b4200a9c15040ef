package io.tandem.linux;

import static io.tandem.linux.TwoHosts.A_INTERFACE;
import static io.tandem.linux.TwoHosts.B_INTERFACE;
import static io.tandem.linux.TwoHosts.ip;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Tag("netns")
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class GratuitousArpIT {

    private TwoHosts hosts;

    @BeforeEach
    void createHosts() throws Exception {
        TwoHosts.requireNetns();
        hosts = TwoHosts.create();
        // arp_accept=1 lets B create a neighbour entry from a gratuitous ARP (ip-sysctl.rst).
        TwoHosts.command(
                "ip",
                "netns",
                "exec",
                hosts.b,
                "sysctl",
                "-w",
                "net.ipv4.conf." + B_INTERFACE + ".arp_accept=1");
    }

    @AfterEach
    void deleteHosts() {
        if (hosts != null) {
            hosts.close();
        }
    }

    @Test
    void gratuitousArpFromAPutsTheVipAtAsMacInBsNeighbourTable() throws Exception {
        Inet4Address vip = (Inet4Address) InetAddress.getByName("10.99.1.10");
        String macInA =
                ip("-n", hosts.a, "-o", "link", "show", "dev", A_INTERFACE)
                        .replaceAll("(?s).*link/ether ([0-9a-f:]{17}).*", "$1");

        try (GratuitousArp garp = hosts.hostA.call(() -> GratuitousArp.open(A_INTERFACE))) {
            assertThat(garp.senderMac()).isEqualTo(MacAddress.parse(macInA));
            await().atMost(Duration.ofSeconds(10))
                    .pollInterval(Duration.ofMillis(100))
                    .untilAsserted(
                            () -> {
                                garp.send(vip);
                                assertThat(
                                                ip(
                                                        "-n",
                                                        hosts.b,
                                                        "neigh",
                                                        "show",
                                                        "10.99.1.10",
                                                        "dev",
                                                        B_INTERFACE))
                                        .contains("lladdr " + macInA);
                            });
        }
    }
}
