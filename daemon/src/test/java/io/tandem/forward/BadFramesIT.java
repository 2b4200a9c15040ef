package io.tandem.forward;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tandem.linux.PacketRing;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Bad frames sent at the VIP from the client's LAN: the DR forwarder drops them and goes on. */
@Tag("netns")
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class BadFramesIT {

    private static final String VIP = "10.97.0.100";

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
        lan.addDirectRoutingServers(List.of("rs1"), VIP);
        servers.start(lan, "rs1", 80);
    }

    @AfterEach
    void tearDown() {
        if (daemon != null) {
            daemon.close();
        }
        servers.close();
        if (lan != null) {
            lan.close();
        }
    }

    @Test
    void malformedFramesForTheVipNeitherStopTheForwarderNorTheDaemon() throws Exception {
        daemon =
                TandemProcess.start(
                        lan.namespace("bal"),
                        """
                virtual_server %s 80 {
                    lb_algo rr
                    lb_kind DR
                    interface eth0
                    real_server 10.97.0.11 80 {
                    }
                }
                """
                                .formatted(VIP),
                        directory);
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(500))
                .ignoreExceptions()
                .until(() -> "rs1".equals(get()));
        String link = DrLan.ip("-n", lan.namespace("bal"), "-o", "link", "show", "dev", "eth0");
        byte[] balancerMac =
                HexFormat.ofDelimiter(":")
                        .parseHex(link.replaceAll("(?s).*link/ether ([0-9a-f:]{17}).*", "$1"));
        byte[] ipv4 = {0x45, 0, 0, 40, 0, 0, 0, 0, 64, 6, 0, 0, 10, 97, 0, 1, 10, 97, 0, 100};
        List<byte[]> bad = new ArrayList<>();
        bad.add(frame(balancerMac, new byte[0])); // Ethernet header only
        bad.add(frame(balancerMac, Arrays.copyOf(ipv4, 10))); // IPv4 header cut short
        byte[] longIhl = ipv4.clone();
        longIhl[0] = 0x4f; // IHL 60 bytes in a 40-byte packet
        bad.add(frame(balancerMac, Arrays.copyOf(longIhl, 40)));
        byte[] hugeTotal = ipv4.clone();
        hugeTotal[2] = (byte) 0xff; // total length 65535
        bad.add(frame(balancerMac, Arrays.copyOf(hugeTotal, 40)));
        byte[] noTcp = ipv4.clone();
        noTcp[3] = 20; // a TCP packet without a TCP header
        bad.add(frame(balancerMac, Arrays.copyOf(noTcp, 46)));
        byte[] fragment = ipv4.clone();
        fragment[6] = 0x20; // more fragments
        bad.add(frame(balancerMac, Arrays.copyOf(fragment, 40)));
        Random random = new Random(8);
        for (int i = 0; i < 100; i++) {
            byte[] noise = new byte[random.nextInt(1, 200)];
            random.nextBytes(noise);
            noise[0] = 0x45;
            bad.add(frame(balancerMac, noise));
        }
        try (PacketRing injector =
                        lan.inside("client").call(() -> PacketRing.open(DrLan.INTERFACE, 4));
                Arena arena = Arena.ofShared()) {
            MemorySegment buffer = arena.allocate(PacketRing.MAX_FRAME);
            for (byte[] f : bad) {
                MemorySegment.copy(f, 0, buffer, JAVA_BYTE, 0, f.length);
                await().atMost(Duration.ofSeconds(5))
                        .until(() -> injector.send(buffer, 0, f.length));
                injector.flush();
            }
        }
        assertThat(get()).as(daemon.log()).isEqualTo("rs1");
        assertThat(daemon.alive()).isTrue();
    }

    private static byte[] frame(byte[] destinationMac, byte[] ipPacket) {
        byte[] f = new byte[Math.max(60, 14 + ipPacket.length)];
        System.arraycopy(destinationMac, 0, f, 0, 6);
        f[6] = 0x02; // a locally administered source MAC
        f[12] = 0x08; // IPv4
        System.arraycopy(ipPacket, 0, f, 14, ipPacket.length);
        return f;
    }

    private String get() throws Exception {
        return lan.get("client", VIP);
    }
}
