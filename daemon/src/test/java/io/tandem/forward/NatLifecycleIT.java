package io.tandem.forward;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@link PacketLifecycleIT} for lb_kind NAT with packet_mode: the client behind a router, real
 * servers on port 8080 whose default route is the balancer, so replies pass it.
 */
class NatLifecycleIT extends PacketLifecycleIT {

    @Override
    String forwarding() {
        return "lb_kind NAT\npacket_mode";
    }

    @Override
    int serverPort() {
        return 8080;
    }

    @Override
    String client() {
        return "client";
    }

    @Override
    void addBalancerAndClient(DrLan lan) throws IOException {
        lan.addHost("bal", 2);
        lan.addHost("router", 254);
        lan.addRoutedHost("client", "router");
    }

    @Override
    void prepareRealServer(DrLan lan, String name) throws IOException {
        DrLan.ip("-n", lan.namespace(name), "route", "add", "default", "via", "10.97.0.2");
    }

    @Test
    void superFramesFromARealServerAreNamedInTheLogWithTheFix() throws Exception {
        start(config("rr", Map.of("rs1", 1), false));
        assertThat(daemon.log()).doesNotContain("not forwarded");
        // Back to veth's default: rs1's TCP hands 64 KiB super-frames to the link.
        DrLan.ip("-n", lan.namespace("rs1"), "link", "set", "eth0", "gso_max_segs", "65535");
        download();
        await().atMost(Duration.ofSeconds(30))
                .until(
                        () ->
                                daemon.log()
                                                .contains(
                                                        "arrived on eth0 since start and were not forwarded")
                                        && daemon.log().contains("ethtool -K eth0 gro off"));
    }
}
