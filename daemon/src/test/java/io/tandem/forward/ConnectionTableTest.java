package io.tandem.forward;

import static io.tandem.forward.CapturedFrames.ipv4Address;
import static io.tandem.forward.ConnectionState.CLOSE;
import static io.tandem.forward.ConnectionState.ESTABLISHED;
import static io.tandem.forward.ConnectionState.FIN_WAIT;
import static io.tandem.forward.ConnectionState.SYN_RECV;
import static io.tandem.forward.ConnectionState.UDP;
import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.common.HostPort;
import io.tandem.config.SchedulerKind;
import io.tandem.pool.PoolSnapshot;
import io.tandem.pool.RealServer;
import io.tandem.schedule.Balancer;
import io.tandem.schedule.Schedulers;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 20, unit = TimeUnit.SECONDS)
class ConnectionTableTest {

    private static final long S = 1_000_000_000L;
    private static final int CLIENT = ipv4Address("192.168.7.21");
    private static final int VIP = ipv4Address("192.168.7.100");
    private static final int ACK = Tcp.ACK;
    private static final int SYN = Tcp.SYN;
    private static final int FIN_ACK = Tcp.FIN | Tcp.ACK;

    private final List<RealServer> servers = new ArrayList<>();
    private final Balancer balancer = Balancer.of(Schedulers.byKind(SchedulerKind.RR));
    private final ConnectionTable table;

    ConnectionTableTest() throws Exception {
        for (int i = 1; i <= 3; i++) {
            servers.add(new RealServer(new HostPort(InetAddress.getByName("10.0.0." + i), 80), 1));
        }
        balancer.update(new PoolSnapshot(servers), null);
        table = new ConnectionTable(1024, ConnectionTimeouts.IPVS_DEFAULTS, balancer);
    }

    private int tcp(int port, int flags, long now) {
        return table.track(Ipv4.TCP, CLIENT, port, VIP, 80, flags, now);
    }

    @Test
    void connectionsAreInUseFromHandshakeToTheClientsCloseWhateverTheirEntriesLinger() {
        tcp(40000, SYN, 0);
        tcp(40001, SYN, 0);
        assertThat(table.inUse()).as("handshakes in flight").isZero();
        tcp(40000, ACK, 1);
        tcp(40001, ACK, 1);
        table.track(Ipv4.UDP, CLIENT, 40002, VIP, 80, 0, 3);
        tcp(40003, SYN, 3); // a client that gives up after its SYN
        assertThat(table.inUse()).isEqualTo(3);

        tcp(40000, FIN_ACK, 4); // FIN_WAIT: the entry stays 120 s, the connection is done
        assertThat(table.size()).isEqualTo(4);
        assertThat(table.inUse()).isEqualTo(2);
        tcp(40001, Tcp.RST, 5);
        assertThat(table.inUse()).isEqualTo(1);

        // Expiry of entries not in use changes nothing; of one in use (the UDP flow) counts it out.
        table.expire(3 + 300 * S, 2048);
        assertThat(table.size()).isZero();
        assertThat(table.inUse()).isZero();
    }

    @Test
    void handshakeDataAndCloseWalkIpvsStatesWithIpvsTimeoutsAndCounts() {
        RealServer server = servers.get(0);
        int slot = tcp(40000, SYN, 0);
        assertThat(table.state(slot)).isEqualTo(SYN_RECV);
        assertThat(table.expiresIn(slot, 0)).isEqualTo(60 * S);
        assertThat(server.inactiveConnections()).isEqualTo(1);
        assertThat(server.activeConnections()).isZero();

        slot = tcp(40000, ACK, 1 * S);
        assertThat(table.state(slot)).isEqualTo(ESTABLISHED);
        assertThat(table.expiresIn(slot, 1 * S)).isEqualTo(900 * S);
        assertThat(server.activeConnections()).isEqualTo(1);
        assertThat(server.inactiveConnections()).isZero();

        slot = tcp(40000, ACK | 0x08, 2 * S); // PSH+ACK: data
        assertThat(table.state(slot)).isEqualTo(ESTABLISHED);

        slot = tcp(40000, FIN_ACK, 3 * S);
        assertThat(table.state(slot)).isEqualTo(FIN_WAIT);
        assertThat(table.expiresIn(slot, 3 * S)).isEqualTo(120 * S);
        assertThat(server.activeConnections()).isZero();
        assertThat(server.inactiveConnections()).isEqualTo(1);

        slot = tcp(40000, ACK, 4 * S); // the client's ACK of the server's FIN
        assertThat(table.state(slot)).isEqualTo(FIN_WAIT);

        assertThat(table.expire(4 * S + 120 * S - 1, 2048)).isZero();
        assertThat(table.expire(4 * S + 120 * S, 2048)).isEqualTo(1);
        assertThat(table.size()).isZero();
        assertThat(server.inactiveConnections()).isZero();
        assertThat(server.activeConnections()).isZero();
    }

    @Test
    void resetClosesAnEstablishedConnectionForTenSeconds() {
        tcp(40001, SYN, 0);
        tcp(40001, ACK, 0);
        int slot = tcp(40001, Tcp.RST | ACK, 5 * S);
        assertThat(table.state(slot)).isEqualTo(CLOSE);
        assertThat(table.expiresIn(slot, 5 * S)).isEqualTo(10 * S);
        assertThat(servers.get(0).activeConnections()).isZero();
        assertThat(servers.get(0).inactiveConnections()).isEqualTo(1);
    }

    @Test
    void connectionsKeepTheirServerWhenThePoolChanges() {
        List<RealServer> picked = new ArrayList<>();
        for (int port = 50000; port < 50003; port++) {
            picked.add(table.server(tcp(port, SYN, 0)));
        }
        assertThat(picked).containsExactlyElementsOf(servers); // rr: one each, in order

        balancer.update(new PoolSnapshot(List.of(servers.get(2))), null);
        servers.get(0).setWeight(0);
        for (int port = 50000; port < 50003; port++) {
            assertThat(table.server(tcp(port, ACK, S))).isSameAs(picked.get(port - 50000));
        }
        assertThat(table.server(tcp(50003, SYN, S))).isSameAs(servers.get(2));
    }

    @Test
    void midStreamTcpPacketWithoutAnEntryIsNotScheduled() {
        assertThat(tcp(40002, ACK, 0)).isEqualTo(ConnectionTable.NO_SERVER);
        assertThat(tcp(40002, SYN | Tcp.RST, 0)).isEqualTo(ConnectionTable.NO_SERVER);
        assertThat(table.size()).isZero();
        assertThat(servers.get(0).inactiveConnections()).isZero();
    }

    @Test
    void sloppyTcpPicksUpAConnectionMidStreamButNotAReset() {
        ConnectionTable sloppy =
                new ConnectionTable(64, ConnectionTimeouts.IPVS_DEFAULTS, balancer, true);

        assertThat(sloppy.track(Ipv4.TCP, CLIENT, 40002, VIP, 80, Tcp.RST | ACK, 0))
                .isEqualTo(ConnectionTable.NO_SERVER);
        int slot = sloppy.track(Ipv4.TCP, CLIENT, 40002, VIP, 80, ACK, 0);

        assertThat(slot).isNotNegative();
        assertThat(sloppy.state(slot)).isEqualTo(ConnectionState.ESTABLISHED);
        assertThat(sloppy.inUse()).isOne();
        RealServer server = sloppy.server(slot);
        assertThat(server.activeConnections()).isOne();
        // Later packets of the connection stay with the server it was given.
        assertThat(sloppy.server(sloppy.track(Ipv4.TCP, CLIENT, 40002, VIP, 80, ACK, 1)))
                .isSameAs(server);
    }

    @Test
    void udpEntryLivesThreeHundredSecondsFromItsLastPacketThenIsRescheduled() {
        int slot = table.track(Ipv4.UDP, CLIENT, 53000, VIP, 53, 0, 0);
        assertThat(table.state(slot)).isEqualTo(UDP);
        assertThat(table.server(slot)).isSameAs(servers.get(0));
        slot = table.track(Ipv4.UDP, CLIENT, 53000, VIP, 53, 0, 100 * S);
        assertThat(table.expiresIn(slot, 100 * S)).isEqualTo(300 * S);
        assertThat(table.server(slot)).isSameAs(servers.get(0));
        assertThat(servers.get(0).inactiveConnections()).isEqualTo(1);

        slot = table.track(Ipv4.UDP, CLIENT, 53000, VIP, 53, 0, 400 * S);
        assertThat(table.server(slot)).isSameAs(servers.get(1)); // expired: scheduled anew
        assertThat(servers.get(0).inactiveConnections()).isZero();
        assertThat(table.size()).isEqualTo(1);
    }

    @Test
    void settableTimeoutsApplyFromTheNextPacket() {
        tcp(40003, SYN, 0);
        table.setTimeouts(
                new ConnectionTimeouts(
                        Duration.ofSeconds(30), Duration.ofSeconds(5), Duration.ofSeconds(7)));
        int slot = tcp(40003, ACK, 0);
        assertThat(table.expiresIn(slot, 0)).isEqualTo(30 * S);
        slot = tcp(40003, FIN_ACK, 0);
        assertThat(table.expiresIn(slot, 0)).isEqualTo(5 * S);
    }

    @Test
    void sweepingManyEntriesKeepsEverySurvivorFindable() {
        ConnectionTable small =
                new ConnectionTable(3000, ConnectionTimeouts.IPVS_DEFAULTS, balancer);
        RealServer[] first = new RealServer[3000];
        for (int i = 0; i < 3000; i++) {
            // Odd ports become established (900 s), even ones stay in SYN_RECV (60 s).
            int slot = small.track(Ipv4.TCP, CLIENT + i / 7, 1000 + i, VIP, 80, SYN, 0);
            first[i] = small.server(slot);
            if (i % 2 == 1) {
                small.track(Ipv4.TCP, CLIENT + i / 7, 1000 + i, VIP, 80, ACK, 0);
            }
        }
        assertThat(small.track(Ipv4.TCP, CLIENT, 9, VIP, 80, SYN, 0))
                .isEqualTo(ConnectionTable.FULL);
        int removed = 0;
        for (int round = 0; round < 10; round++) {
            removed += small.expire(61 * S, 1024);
        }
        assertThat(removed).isEqualTo(1500);
        assertThat(small.size()).isEqualTo(1500);
        for (int i = 1; i < 3000; i += 2) {
            int slot = small.track(Ipv4.TCP, CLIENT + i / 7, 1000 + i, VIP, 80, ACK, 62 * S);
            assertThat(slot).as("connection %d", i).isNotNegative();
            assertThat(small.server(slot)).isSameAs(first[i]);
        }
        int established = servers.stream().mapToInt(RealServer::activeConnections).sum();
        int inactive = servers.stream().mapToInt(RealServer::inactiveConnections).sum();
        assertThat(established).isEqualTo(1500);
        assertThat(inactive).isZero();
    }

    @Test
    void persistenceSendsTheSameClientToTheSameServerAcrossConnections() {
        Balancer sticky =
                Balancer.persistent(
                        Schedulers.byKind(SchedulerKind.RR), Duration.ofMinutes(5), 32, () -> 0L);
        sticky.update(new PoolSnapshot(servers), null);
        ConnectionTable persistent =
                new ConnectionTable(64, ConnectionTimeouts.IPVS_DEFAULTS, sticky);
        RealServer a = persistent.server(persistent.track(Ipv4.TCP, CLIENT, 1, VIP, 80, SYN, 0));
        RealServer b = persistent.server(persistent.track(Ipv4.TCP, CLIENT, 2, VIP, 80, SYN, 0));
        RealServer other =
                persistent.server(persistent.track(Ipv4.TCP, CLIENT + 1, 3, VIP, 80, SYN, 0));
        assertThat(b).isSameAs(a);
        assertThat(other).isNotSameAs(a);
    }
}
