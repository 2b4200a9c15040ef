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

/** Starts the forwarder of a config's first virtual server on 127.0.0.1 port 0, for tests. */
final class L7Forwarders {
    private L7Forwarders() {}

    static HttpForwarder start(String config, Path file, DataPlane dataPlane) throws Exception {
        VirtualServerConfig vs = ConfigLoader.parse(config, file).virtualServers().getFirst();
        List<RealServer> servers =
                vs.realServers().stream()
                        .map(r -> new RealServer(r.address(), r.weight()))
                        .toList();
        Balancer balancer = Balancer.of(Schedulers.byKind(vs.scheduler()));
        balancer.update(new PoolSnapshot(servers), null);
        HttpForwarder f =
                new HttpForwarder(
                        List.of(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)),
                        balancer,
                        new TrafficCounters(),
                        dataPlane,
                        Objects.requireNonNull(vs.http()),
                        vs.name(),
                        HttpEvents.NONE);
        f.start();
        return f;
    }
}
