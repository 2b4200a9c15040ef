package io.tandem.forward;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * "The VIP moves, the forwarder follows": two balancers run Tandem with the same vrrp_instance
 * (priorities 200 and 100) and the same lb_kind DR virtual server. Only the master answers ARP for
 * the VIP and forwards; neither kernel holds the VIP; when the master dies, the backup takes the
 * VIP and the client's requests over within seconds.
 */
@Tag("netns")
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class VrrpDirectRoutingIT {

    private static final String VIP = "10.97.0.100";
    private static final List<String> SERVERS = List.of("rs1", "rs2");
    private static final Pattern LLADDR = Pattern.compile("lladdr ([0-9a-f:]{17})");
    private static final Pattern ETHER = Pattern.compile("link/ether ([0-9a-f:]{17})");
    @TempDir Path directory;

    private DrLan lan;
    private final NamedHttpServers servers = new NamedHttpServers();
    private final List<TandemProcess> daemons = new ArrayList<>();

    @BeforeEach
    void buildTheLan() throws Exception {
        DrLan.require();
        lan = DrLan.create();
        lan.addHost("client", 1);
        lan.addHost("bal1", 2);
        lan.addHost("bal2", 3);
        lan.addDirectRoutingServers(SERVERS, VIP);
        servers.startEach(lan, SERVERS, 80);
    }

    @AfterEach
    void tearDown() {
        daemons.forEach(TandemProcess::close);
        servers.close();
        if (lan != null) {
            lan.close();
        }
    }

    private TandemProcess balancer(String host, int priority) throws Exception {
        Path dir = Files.createDirectories(directory.resolve(host));
        TandemProcess daemon =
                TandemProcess.start(
                        lan.namespace(host),
                        """
                        global_defs {
                            admin_socket %s
                        }
                        vrrp_instance VI_PK {
                            state BACKUP
                            interface eth0
                            virtual_router_id 77
                            version 3
                            priority %d
                            advert_int 0.2
                            virtual_ipaddress {
                                %s/24
                            }
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
                        }
                        """
                                .formatted(dir.resolve("adm.sock"), priority, VIP, VIP),
                        dir);
        daemons.add(daemon);
        return daemon;
    }

    @Test
    void onlyTheMasterAnswersForTheVipAndTheBackupTakesOverWhenItDies() throws Exception {
        TandemProcess master = balancer("bal1", 200);
        TandemProcess backup = balancer("bal2", 100);
        String masterMac = mac("bal1");
        String backupMac = mac("bal2");

        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(500))
                .ignoreExceptions()
                .untilAsserted(
                        () ->
                                assertThat(SERVERS)
                                        .as(() -> master.log() + "\n" + backup.log())
                                        .contains(get()));
        // Both run: the client resolved the VIP to the master, several times over.
        for (int i = 0; i < 3; i++) {
            DrLan.ip("-n", lan.namespace("client"), "neigh", "flush", "dev", DrLan.INTERFACE);
            assertThat(SERVERS).contains(get());
            assertThat(clientNeighbour()).as(() -> backup.log()).isEqualTo(masterMac);
        }
        // Neither kernel holds the VIP (the forwarder answers for it), so none resets VIP:80.
        for (String host : List.of("bal1", "bal2")) {
            assertThat(DrLan.ip("-n", lan.namespace(host), "addr", "show", "dev", "eth0"))
                    .doesNotContain(VIP + "/");
        }

        master.kill();
        await().atMost(Duration.ofSeconds(15))
                .pollInterval(Duration.ofMillis(200))
                .ignoreExceptions()
                .untilAsserted(() -> assertThat(SERVERS).as(backup::log).contains(get()));
        assertThat(clientNeighbour()).isEqualTo(backupMac);
        assertThat(backup.log()).contains(": on standby").contains(": active");
    }

    private String get() throws Exception {
        return lan.get("client", VIP);
    }

    private String mac(String host) throws Exception {
        Matcher m =
                ETHER.matcher(DrLan.ip("-n", lan.namespace(host), "link", "show", "dev", "eth0"));
        assertThat(m.find()).isTrue();
        return m.group(1);
    }

    private String clientNeighbour() throws Exception {
        String entry = DrLan.ip("-n", lan.namespace("client"), "neigh", "show", VIP);
        Matcher m = LLADDR.matcher(entry);
        assertThat(m.find()).as("client's neighbour entry for the VIP: %s", entry).isTrue();
        return m.group(1);
    }
}
