package io.tandem.schedule;

import io.tandem.common.HostPort;
import io.tandem.pool.PoolSnapshot;
import io.tandem.pool.RealServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

/** Real servers, pools and flows for scheduler tests: literal addresses, no sockets. */
final class PoolFixture {
    private PoolFixture() {}

    static RealServer server(String ip, int weight) {
        return new RealServer(new HostPort(address(ip), 80), weight);
    }

    /** {@code count} servers 10.0.0.1.. with the given weight. */
    static List<RealServer> servers(int count, int weight) {
        List<RealServer> list = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            list.add(server("10.0.0." + i, weight));
        }
        return list;
    }

    static PoolSnapshot pool(RealServer... servers) {
        return PoolSnapshot.of(servers);
    }

    /** Gives {@code server} this many open connections, through the data plane's own calls. */
    static RealServer withConnections(RealServer server, int active, int inactive) {
        for (int i = 0; i < active + inactive; i++) {
            server.connectionStarted();
        }
        for (int i = 0; i < active; i++) {
            server.connectionEstablished();
        }
        return server;
    }

    /** Makes {@code server} overloaded: a threshold of one connection, and one connection. */
    static RealServer overloaded(RealServer server) {
        server.setThresholds(1, 0);
        server.connectionStarted();
        return server;
    }

    static Flow flow(String client) {
        return flow(client, "192.0.2.1");
    }

    static Flow flow(String client, String destination) {
        return Flow.of(
                new InetSocketAddress(address(client), 40000),
                new InetSocketAddress(address(destination), 80));
    }

    /** A flow from the IPv4 client whose address is the 32 bits of {@code client}. */
    static Flow flow(int client) {
        byte[] b = {
            (byte) (client >> 24), (byte) (client >> 16), (byte) (client >> 8), (byte) client
        };
        try {
            return Flow.of(
                    new InetSocketAddress(InetAddress.getByAddress(b), 40000),
                    new InetSocketAddress(address("192.0.2.1"), 80));
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    static InetAddress address(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    /** The picks of {@code count} new connections from one client, as server addresses. */
    static List<String> picks(Scheduler scheduler, int count) {
        List<String> names = new ArrayList<>();
        Flow flow = flow("198.51.100.7");
        for (int i = 0; i < count; i++) {
            RealServer s = scheduler.pick(flow);
            names.add(s == null ? "none" : s.address().hostText());
        }
        return names;
    }
}
