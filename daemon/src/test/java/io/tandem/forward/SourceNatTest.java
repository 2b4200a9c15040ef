package io.tandem.forward;

import static io.tandem.forward.CapturedFrames.ipv4Address;
import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.common.HostPort;
import io.tandem.config.ClientSubnet;
import io.tandem.config.SchedulerKind;
import io.tandem.pool.PoolSnapshot;
import io.tandem.pool.RealServer;
import io.tandem.pool.TrafficCounters;
import io.tandem.schedule.Balancer;
import io.tandem.schedule.Schedulers;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 20, unit = TimeUnit.SECONDS)
class SourceNatTest {

    private static final long S = 1_000_000_000L;
    private static final int LAN_CLIENT = ipv4Address("10.97.0.1");
    private static final int VIP = ipv4Address("10.97.0.100");
    private static final int PORTS = SourceNat.LAST_PORT - SourceNat.FIRST_PORT + 1;

    private final ConnectionTable table;
    private final PacketCounters counters = new PacketCounters();
    private final SourceNat snat;

    SourceNatTest() throws Exception {
        RealServer server =
                new RealServer(new HostPort(InetAddress.getByName("10.97.0.11"), 80), 1);
        Balancer balancer = Balancer.of(Schedulers.byKind(SchedulerKind.RR));
        balancer.update(new PoolSnapshot(List.of(server)), null);
        table = new ConnectionTable(2 * PORTS, ConnectionTimeouts.IPVS_DEFAULTS, balancer);
        // A second virtual port inside the range, which source NAT must never hand out.
        VirtualServices services =
                new VirtualServices(
                        List.of(
                                new HostPort(InetAddress.getByName("10.97.0.100"), 80),
                                new HostPort(InetAddress.getByName("10.97.0.100"), 61001)));
        snat =
                new SourceNat(
                        List.of(
                                new ClientSubnet(
                                        (Inet4Address) InetAddress.getByName("10.97.0.0"), 24)),
                        Ipv4.TCP,
                        services,
                        table,
                        new RealServerAddresses(balancer, PacketMode.NAT, "eth0"),
                        new TrafficCounters(),
                        counters);
    }

    private int open(int clientPort, long now) {
        int slot = table.track(Ipv4.TCP, LAN_CLIENT, clientPort, VIP, 80, Tcp.SYN, now);
        return snat.portFor(slot, LAN_CLIENT, clientPort, 0, now);
    }

    @Test
    void onlyClientsInTheSubnetsAreRewritten() {
        assertThat(snat.covers(ipv4Address("10.97.0.1"))).isTrue();
        assertThat(snat.covers(ipv4Address("10.97.0.255"))).isTrue();
        assertThat(snat.covers(ipv4Address("10.97.1.1"))).isFalse();
        assertThat(snat.covers(ipv4Address("10.96.0.1"))).isFalse();
    }

    @Test
    void aConnectionKeepsItsPortAndEachConnectionGetsAnotherOne() {
        int first = open(40000, 0);
        assertThat(first).isEqualTo(SourceNat.FIRST_PORT);
        assertThat(open(40000, S)).as("the same connection's next packet").isEqualTo(first);
        assertThat(open(40001, S))
                .as("the next connection skips virtual port 61001")
                .isEqualTo(SourceNat.FIRST_PORT + 2);
    }

    @Test
    void everyPortIsHandedOutOnceUntilTheRangeIsExhaustedThenFreedWithItsEntry() {
        Set<Integer> ports = new HashSet<>();
        for (int i = 0; i < PORTS - 1; i++) {
            int port = open(1024 + i, 0);
            assertThat(port)
                    .isBetween(SourceNat.FIRST_PORT, SourceNat.LAST_PORT)
                    .isNotEqualTo(61001);
            ports.add(port);
        }
        assertThat(ports).hasSize(PORTS - 1);
        assertThat(open(1024 + PORTS, 0)).as("no port left").isZero();
        assertThat(counters.snatPortsExhausted()).isEqualTo(1);

        // SYN_RECV entries expire after 60 s: their ports are free again.
        long later = 61 * S;
        int reused = open(1024 + PORTS, later);
        assertThat(reused).isBetween(SourceNat.FIRST_PORT, SourceNat.LAST_PORT);
        assertThat(open(1024 + PORTS + 1, later)).isNotEqualTo(reused).isNotZero();
    }
}
