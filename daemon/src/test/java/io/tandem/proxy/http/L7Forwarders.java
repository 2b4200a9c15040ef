package io.tandem.proxy.http;

import io.tandem.config.ConfigLoader;
import io.tandem.config.VirtualServerConfig;
import io.tandem.pool.PoolSnapshot;
import io.tandem.pool.RealServer;
import io.tandem.pool.TrafficCounters;
import io.tandem.proxy.DataPlane;
import io.tandem.schedule.Balancer;
import io.tandem.schedule.Schedulers;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/** Builds the forwarder of a config's first virtual server on 127.0.0.1 port 0, for tests. */
final class L7Forwarders {
    private L7Forwarders() {}

    /** Built and started, reporting requests nowhere. */
    static HttpForwarder start(String config, Path file, DataPlane dataPlane) throws Exception {
        HttpForwarder f = build(config, file, dataPlane, HttpEvents.NONE);
        f.start();
        return f;
    }

    /** Built, not started; its balancer holds the virtual server's real servers. */
    static HttpForwarder build(String config, Path file, DataPlane dataPlane, HttpEvents events)
            throws Exception {
        VirtualServerConfig vs = ConfigLoader.parse(config, file).virtualServers().getFirst();
        List<RealServer> servers =
                vs.realServers().stream()
                        .map(r -> new RealServer(r.address(), r.weight()))
                        .toList();
        Balancer balancer = Balancer.of(Schedulers.byKind(vs.scheduler()));
        balancer.update(new PoolSnapshot(servers), null);
        return new HttpForwarder(
                List.of(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)),
                balancer,
                new TrafficCounters(),
                dataPlane,
                Objects.requireNonNull(vs.http()),
                vs.name(),
                events);
    }
}
