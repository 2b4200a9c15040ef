package io.tandem.forward;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

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
 * lb_kind NAT with packet_mode end to end: a client behind a router reaches the VIP; a real Tandem
 * rewrites the destination to each real server in turn, and the servers' replies, routed through
 * the balancer, come back to the client from the VIP. The servers see the client's own address.
 */
@Tag("netns")
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class NatPacketModeIT {

    private static final String VIP = "10.97.0.100";
    private static final String CLIENT = "10.96.0.1";
    private static final List<String> SERVERS = List.of("rs1", "rs2", "rs3");

    @TempDir Path directory;

    private DrLan lan;
    private final NamedHttpServers servers = new NamedHttpServers();
    private TandemProcess daemon;

    @BeforeEach
    void buildTheNetwork() throws Exception {
        DrLan.require();
        lan = DrLan.create();
        lan.addHost("bal", 2);
        lan.addHost("router", 254);
        lan.addRoutedHost("client", "router");
        lan.addNatServers(SERVERS);
        servers.startEachNamingTheClient(lan, SERVERS, 8080);
    }

    @AfterEach
    void tearDown() throws Exception {
        if (daemon != null) {
            daemon.close();
        }
        servers.close();
        if (lan != null) {
            lan.close();
        }
    }

    @Test
    void requestsThroughARouterReachEveryServerInTurnAndRepliesComeBackFromTheVip()
            throws Exception {
        daemon =
                TandemProcess.start(
                        lan.namespace("bal"),
                        """
                        virtual_server %s 80 {
                            lb_algo rr
                            lb_kind NAT
                            packet_mode
                            interface eth0
                            protocol TCP
                            real_server 10.97.0.11 8080 {
                            }
                            real_server 10.97.0.12 8080 {
                            }
                            real_server 10.97.0.13 8080 {
                            }
                        }
                        """
                                .formatted(VIP),
                        directory);
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(500))
                .ignoreExceptions()
                .until(() -> get().endsWith(" " + CLIENT));

        List<String> answered = new ArrayList<>();
        for (int i = 0; i < 9; i++) {
            answered.add(get());
        }
        for (String server : SERVERS) {
            assertThat(answered)
                    .as(daemon.log())
                    .filteredOn((server + " " + CLIENT)::equals)
                    .hasSize(3);
        }
        for (int i = 3; i < 9; i++) {
            assertThat(answered.get(i)).isEqualTo(answered.get(i - 3));
        }
    }

    private String get() throws Exception {
        return lan.get("client", VIP);
    }
}
