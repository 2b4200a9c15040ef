package io.tandem.forward;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
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
 * A download survives a VRRP failover of a DR service with {@code sloppy_tcp} and {@code lb_algo
 * mh}: the new master has no entry for the connection, gives the client's next ACK one, and Maglev
 * hashing sends it to the real server the old master chose. Without {@code sloppy_tcp} the new
 * master drops those ACKs (IPVS schedules only SYNs) and the download stalls until its client gives
 * up.
 */
@Tag("netns")
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class SloppyTcpFailoverIT {

    private static final String VIP = "10.97.0.100";
    private static final List<String> SERVERS = List.of("rs1", "rs2", "rs3");
    @TempDir Path directory;

    private DrLan lan;
    private final PacedBody body = new PacedBody();
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
        for (String name : SERVERS) {
            lan.segmentLikeAWire(name);
            servers.start(lan, name, 80).createContext(PacedBody.PATH, body.of(name));
        }
    }

    @AfterEach
    void tearDown() {
        body.release();
        daemons.forEach(TandemProcess::close);
        servers.close();
        if (lan != null) {
            lan.close();
        }
    }

    @Test
    void aDownloadThroughTheOldMasterFinishesThroughTheNewOne() throws Exception {
        TandemProcess master = balancer("bal1", 200);
        TandemProcess backup = balancer("bal2", 100);
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(500))
                .ignoreExceptions()
                .untilAsserted(
                        () ->
                                assertThat(SERVERS)
                                        .as(() -> master.log() + "\n" + backup.log())
                                        .contains(lan.get("client", VIP)));
        Download download = Download.start(lan.inside("client"), VIP, 80);
        String server = download.server().get(30, TimeUnit.SECONDS);

        master.kill();
        // The new master answers ARP for the VIP; the paced body is still far from done.
        await().atMost(Duration.ofSeconds(15))
                .pollInterval(Duration.ofMillis(200))
                .ignoreExceptions()
                .untilAsserted(
                        () -> assertThat(SERVERS).as(backup::log).contains(lan.get("client", VIP)));
        assertThat(download.received()).as("still downloading at the failover").isNotDone();
        body.release();

        Download.Received received = download.received().get(60, TimeUnit.SECONDS);
        assertThat(received.status()).startsWith("HTTP/1.1 200");
        assertThat(received.length()).as(backup::log).isEqualTo(PacedBody.SIZE);
        assertThat(received.sha256()).isEqualTo(body.sentBy(server).get(10, TimeUnit.SECONDS));
        // The new master picked the connection up mid-stream, towards the same real server.
        String serverAddress = "10.97.0." + (11 + SERVERS.indexOf(server));
        assertThat(TandemProcess.adm(directory.resolve("bal2/adm.sock"), "-L", "-n", "-c"))
                .containsPattern(
                        "TCP\\s+\\S+\\s+\\S+\\s+10\\.97\\.0\\.1:\\d+\\s+"
                                + VIP.replace(".", "\\.")
                                + ":80\\s+"
                                + serverAddress.replace(".", "\\.")
                                + ":80");
    }

    private TandemProcess balancer(String host, int priority) throws Exception {
        Path dir = Files.createDirectories(directory.resolve(host));
        StringBuilder realServers = new StringBuilder();
        for (int i = 0; i < SERVERS.size(); i++) {
            realServers.append("    real_server 10.97.0.").append(11 + i).append(" 80 {\n    }\n");
        }
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
                            virtual_router_id 78
                            version 3
                            priority %d
                            advert_int 0.2
                            virtual_ipaddress {
                                %s/24
                            }
                        }
                        virtual_server %s 80 {
                            lb_algo mh
                            lb_kind DR
                            interface eth0
                            sloppy_tcp
                            protocol TCP
                        %s}
                        """
                                .formatted(
                                        dir.resolve("adm.sock"), priority, VIP, VIP, realServers),
                        dir);
        daemons.add(daemon);
        return daemon;
    }
}
