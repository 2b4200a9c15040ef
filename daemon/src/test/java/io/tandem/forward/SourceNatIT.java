package io.tandem.forward;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
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
 * NAT packet mode with a client on the real servers' own LAN: the real servers would answer it
 * directly, from their own address, and its TCP would refuse the answer. With {@code snat_clients}
 * the client's packets reach the servers from the VIP, so the answers come back through Tandem. One
 * Tandem serves the same three servers on two VIPs, one with the option and one without.
 */
@Tag("netns")
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class SourceNatIT {

    private static final String WITH_SNAT = "10.97.0.100";
    private static final String WITHOUT_SNAT = "10.97.0.101";
    private static final List<String> SERVERS = List.of("rs1", "rs2", "rs3");

    @TempDir Path directory;

    private DrLan lan;
    private final NamedHttpServers servers = new NamedHttpServers();
    private TandemProcess daemon;

    @BeforeEach
    void buildTheLan() throws Exception {
        DrLan.require();
        lan = DrLan.create();
        lan.addHost("client", 1);
        lan.addHost("bal", 2);
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
    void aClientOnTheServersLanIsAnsweredThroughTheVipOnlyWithSourceNat() throws Exception {
        String service =
                """
                virtual_server %s 80 {
                    lb_algo rr
                    lb_kind NAT
                    packet_mode
                    interface eth0
                    protocol TCP
                    %s
                    real_server 10.97.0.11 8080 {
                    }
                    real_server 10.97.0.12 8080 {
                    }
                    real_server 10.97.0.13 8080 {
                    }
                }
                """;
        daemon =
                TandemProcess.start(
                        lan.namespace("bal"),
                        service.formatted(WITH_SNAT, "snat_clients 10.97.0.0/24")
                                + service.formatted(WITHOUT_SNAT, ""),
                        directory);
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(500))
                .ignoreExceptions()
                .until(() -> lan.get("client", WITH_SNAT).endsWith(" " + WITH_SNAT));

        List<String> answered = new ArrayList<>();
        for (int i = 0; i < 9; i++) {
            answered.add(lan.get("client", WITH_SNAT));
        }
        // Each server three times, and each saw the VIP as the client.
        for (String server : SERVERS) {
            assertThat(answered)
                    .as(daemon.log())
                    .filteredOn((server + " " + WITH_SNAT)::equals)
                    .hasSize(3);
        }

        // The same servers, without source NAT: their answers bypass Tandem and the client's
        // TCP never completes the handshake.
        for (int i = 0; i < 3; i++) {
            assertThatThrownBy(() -> lan.get("client", WITHOUT_SNAT))
                    .as("a request to the VIP without snat_clients")
                    .isNotNull();
        }
    }
}
