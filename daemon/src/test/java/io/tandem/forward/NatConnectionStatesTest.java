package io.tandem.forward;

import static io.tandem.forward.CapturedFrames.ipv4Address;
import static io.tandem.forward.ConnectionState.CLOSE;
import static io.tandem.forward.ConnectionState.CLOSE_WAIT;
import static io.tandem.forward.ConnectionState.ESTABLISHED;
import static io.tandem.forward.ConnectionState.FIN_WAIT;
import static io.tandem.forward.ConnectionState.SYN_RECV;
import static io.tandem.forward.ConnectionState.TIME_WAIT;
import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.common.HostPort;
import io.tandem.config.SchedulerKind;
import io.tandem.pool.PoolSnapshot;
import io.tandem.pool.RealServer;
import io.tandem.schedule.Balancer;
import io.tandem.schedule.Schedulers;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * NAT packet mode sees both halves of a connection, so the real server's packets move the entry
 * too, through IPVS's input and output tables, as IPVS NAT does.
 */
@Timeout(value = 20, unit = TimeUnit.SECONDS)
class NatConnectionStatesTest {

    private static final long S = 1_000_000_000L;
    private static final int CLIENT = ipv4Address("192.168.7.21");
    private static final int VIP = ipv4Address("192.168.7.100");
    private static final int ACK = Tcp.ACK;
    private static final int SYN = Tcp.SYN;
    private static final int FIN_ACK = Tcp.FIN | Tcp.ACK;
    private static final int RST = Tcp.RST;

    private final RealServer server;
    private final ConnectionTable table;
    private long now;

    NatConnectionStatesTest() throws Exception {
        server = new RealServer(new HostPort(InetAddress.getByName("10.0.0.1"), 80), 1);
        Balancer balancer = Balancer.of(Schedulers.byKind(SchedulerKind.RR));
        balancer.update(new PoolSnapshot(List.of(server)), null);
        table = new ConnectionTable(64, ConnectionTimeouts.IPVS_DEFAULTS, balancer);
    }

    /** A client packet; returns the state after it. */
    private ConnectionState client(int flags) {
        now += S;
        int slot = table.track(Ipv4.TCP, CLIENT, 40000, VIP, 80, flags, now);
        return table.state(slot);
    }

    /** A real server's reply; returns the state after it. */
    private ConnectionState server(int flags) {
        now += S;
        int slot = table.find(Ipv4.TCP, CLIENT, 40000, VIP, 80, now);
        assertThat(slot).as("the reply's entry").isNotNegative();
        table.trackReply(slot, flags, now);
        return table.state(slot);
    }

    private long expiresIn() {
        return table.expiresIn(table.find(Ipv4.TCP, CLIENT, 40000, VIP, 80, now), now);
    }

    private List<ConnectionState> open() {
        List<ConnectionState> states = new ArrayList<>();
        states.add(client(SYN));
        states.add(server(SYN | ACK));
        states.add(client(ACK));
        states.add(server(ACK | 0x08)); // data
        return states;
    }

    @Test
    void theServerClosingFirstGoesThroughFinWaitToTimeWait() {
        List<ConnectionState> states = open();
        assertThat(server.activeConnections()).isEqualTo(1);
        states.add(server(FIN_ACK));
        assertThat(server.activeConnections()).isZero();
        assertThat(server.inactiveConnections()).isEqualTo(1);
        states.add(client(ACK));
        states.add(client(FIN_ACK));
        states.add(server(ACK));
        assertThat(states)
                .containsExactly(
                        SYN_RECV,
                        SYN_RECV,
                        ESTABLISHED,
                        ESTABLISHED,
                        FIN_WAIT,
                        FIN_WAIT,
                        TIME_WAIT,
                        TIME_WAIT);
        assertThat(expiresIn()).isEqualTo(120 * S);
    }

    @Test
    void theClientClosingFirstWaitsInCloseWaitForTheServersFin() {
        List<ConnectionState> states = open();
        states.add(client(FIN_ACK));
        states.add(server(ACK));
        assertThat(expiresIn()).isEqualTo(60 * S);
        states.add(server(FIN_ACK));
        states.add(client(ACK));
        assertThat(states)
                .containsExactly(
                        SYN_RECV,
                        SYN_RECV,
                        ESTABLISHED,
                        ESTABLISHED,
                        CLOSE_WAIT,
                        CLOSE_WAIT,
                        TIME_WAIT,
                        TIME_WAIT);
        assertThat(server.activeConnections()).isZero();
    }

    @Test
    void theServersResetClosesTheEntryForTenSeconds() {
        List<ConnectionState> states = open();
        states.add(server(RST));
        assertThat(states).containsExactly(SYN_RECV, SYN_RECV, ESTABLISHED, ESTABLISHED, CLOSE);
        assertThat(expiresIn()).isEqualTo(10 * S);
        assertThat(server.activeConnections()).isZero();
        assertThat(table.expire(now + 10 * S, 128)).isEqualTo(1);
        assertThat(server.inactiveConnections()).isZero();
    }

    @Test
    void withoutRepliesTheClientsFinStillMeansFinWaitAsUnderDr() {
        client(SYN);
        client(ACK);
        assertThat(client(FIN_ACK)).isEqualTo(FIN_WAIT);
    }

    @Test
    void theOutputTableFollowsIpvs() {
        assertThat(ESTABLISHED.after(PacketDirection.OUTPUT, FIN_ACK)).isEqualTo(FIN_WAIT);
        assertThat(CLOSE_WAIT.after(PacketDirection.OUTPUT, FIN_ACK)).isEqualTo(TIME_WAIT);
        assertThat(ESTABLISHED.after(PacketDirection.INPUT, FIN_ACK)).isEqualTo(CLOSE_WAIT);
        assertThat(FIN_WAIT.after(PacketDirection.INPUT, FIN_ACK)).isEqualTo(TIME_WAIT);
        assertThat(TIME_WAIT.after(PacketDirection.OUTPUT, RST)).isEqualTo(TIME_WAIT);
        assertThat(ConnectionState.UDP.after(PacketDirection.OUTPUT, RST))
                .isEqualTo(ConnectionState.UDP);
    }
}
