package io.tandem.app;

import io.tandem.common.HostPort;
import io.tandem.config.HttpConfig;
import io.tandem.config.RealServerConfig;
import io.tandem.config.VirtualServerConfig;
import io.tandem.pool.PoolSnapshot;
import io.tandem.pool.RealServer;
import io.tandem.pool.TrafficCounters;
import io.tandem.proxy.DataPlane;
import io.tandem.proxy.Forwarder;
import io.tandem.proxy.http.HttpForwarder;
import io.tandem.proxy.tcp.TcpForwarder;
import io.tandem.proxy.udp.UdpForwarder;
import io.tandem.schedule.Balancer;
import io.tandem.schedule.SchedulerFactory;
import io.tandem.schedule.Schedulers;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One configured virtual server at run time: its real servers, its balancer and its forwarder.
 * Built and stopped by {@link Daemon}.
 */
final class VirtualService {
    private final VirtualServerConfig config;
    private final List<RealServer> realServers;
    private final @Nullable RealServer sorryServer;
    private final Balancer balancer;
    private final TrafficCounters traffic = new TrafficCounters();
    private final Forwarder forwarder;

    VirtualService(VirtualServerConfig config, DataPlane dataPlane) {
        this.config = config;
        this.realServers = config.realServers().stream().map(VirtualService::realServer).toList();
        HostPort sorry = config.sorryServer();
        this.sorryServer = sorry == null ? null : new RealServer(sorry, 1);
        SchedulerFactory scheduler = Schedulers.byKind(config.scheduler());
        this.balancer =
                config.persistent()
                        ? Balancer.persistent(
                                scheduler,
                                config.persistenceTimeout(),
                                config.persistencePrefixLength(),
                                System::nanoTime)
                        : Balancer.of(scheduler);
        // Every configured real server is in the pool until health checking publishes its own.
        balancer.update(new PoolSnapshot(realServers), sorryServer);
        List<InetSocketAddress> listen =
                config.listenAddresses().stream().map(HostPort::toSocketAddress).toList();
        HttpConfig http = config.http();
        this.forwarder =
                switch (config.protocol()) {
                    case TCP -> new TcpForwarder(listen, balancer, traffic, dataPlane);
                    case UDP -> new UdpForwarder(listen, balancer, traffic, dataPlane);
                    case HTTP ->
                            new HttpForwarder(
                                    listen,
                                    balancer,
                                    traffic,
                                    dataPlane,
                                    Objects.requireNonNull(http, "protocol HTTP without its part"));
                };
    }

    private static RealServer realServer(RealServerConfig c) {
        RealServer server = new RealServer(c.address(), c.weight());
        server.setThresholds(c.upperThreshold(), c.lowerThreshold());
        return server;
    }

    /** Housekeeping on the control thread: expired persistence entries and TIME_WAIT counts. */
    void expireIdleState() {
        balancer.expirePersistence();
        realServers.forEach(RealServer::expireTimeWait);
        if (sorryServer != null) {
            sorryServer.expireTimeWait();
        }
    }

    /** Control thread: health checking's new pool for this service (see health.PoolPublisher). */
    void publish(PoolSnapshot pool) {
        balancer.update(pool, sorryServer);
    }

    VirtualServerConfig config() {
        return config;
    }

    Forwarder forwarder() {
        return forwarder;
    }

    Balancer balancer() {
        return balancer;
    }

    List<RealServer> realServers() {
        return realServers;
    }

    TrafficCounters traffic() {
        return traffic;
    }
}
