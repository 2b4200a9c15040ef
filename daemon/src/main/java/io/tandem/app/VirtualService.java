package io.tandem.app;

import io.tandem.common.HostPort;
import io.tandem.common.Protocol;
import io.tandem.config.HttpConfig;
import io.tandem.config.PacketConfig;
import io.tandem.config.RealServerConfig;
import io.tandem.config.VirtualServerConfig;
import io.tandem.forward.ConnectionTimeouts;
import io.tandem.forward.PacketForwarder;
import io.tandem.forward.PacketMode;
import io.tandem.health.VirtualServerHealth;
import io.tandem.pool.PoolSnapshot;
import io.tandem.pool.RealServer;
import io.tandem.pool.TrafficCounters;
import io.tandem.proxy.DataPlane;
import io.tandem.proxy.Forwarder;
import io.tandem.proxy.http.HttpEvents;
import io.tandem.proxy.http.HttpForwarder;
import io.tandem.proxy.tcp.TcpForwarder;
import io.tandem.proxy.udp.UdpForwarder;
import io.tandem.schedule.Balancer;
import io.tandem.schedule.SchedulerFactory;
import io.tandem.schedule.Schedulers;
import java.net.InetSocketAddress;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One virtual server at run time: its balancer, its forwarder, its health (which owns the real
 * servers' pool membership) and its rate estimators. Built by {@link Daemon} or at run time by
 * {@link LiveServices}; its settings change only on the control thread, and other threads read
 * {@link #config()} as a volatile snapshot.
 */
final class VirtualService {
    // Entries per DR service: 64 Ki connections in about 4 MiB of preallocated arrays.
    private static final int PACKET_TABLE_CAPACITY = 1 << 16;
    private volatile VirtualServerConfig config;
    private final List<RealServer> initialServers;
    private volatile @Nullable RealServer sorryServer;
    private final Balancer balancer;
    private final TrafficCounters traffic = new TrafficCounters();
    private final Forwarder forwarder;
    private final RateEstimator rates = new RateEstimator();
    private final IdentityHashMap<RealServer, RateEstimator> serverRates = new IdentityHashMap<>();
    private @Nullable VirtualServerHealth health;

    VirtualService(VirtualServerConfig config, DataPlane dataPlane, HttpEvents httpEvents) {
        this.config = config;
        this.initialServers =
                config.realServers().stream().map(VirtualService::realServer).toList();
        this.sorryServer = sorryOf(config);
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
        balancer.update(new PoolSnapshot(initialServers), sorryServer);
        List<InetSocketAddress> listen =
                config.listenAddresses().stream().map(HostPort::toSocketAddress).toList();
        HttpConfig http = config.http();
        PacketConfig packet = config.packet();
        this.forwarder =
                packet != null
                        ? new PacketForwarder(
                                config.listenAddresses(),
                                config.protocol(),
                                packet,
                                balancer,
                                traffic,
                                ConnectionTimeouts.IPVS_DEFAULTS,
                                PACKET_TABLE_CAPACITY,
                                switch (config.forwardingMethod()) {
                                    case DR -> PacketMode.DIRECT_ROUTE;
                                    case TUN -> PacketMode.TUNNEL;
                                    case NAT -> PacketMode.NAT;
                                })
                        : proxy(config, listen, dataPlane, http, httpEvents);
    }

    private Forwarder proxy(
            VirtualServerConfig config,
            List<InetSocketAddress> listen,
            DataPlane dataPlane,
            @Nullable HttpConfig http,
            HttpEvents httpEvents) {
        return switch (config.protocol()) {
            case TCP -> new TcpForwarder(listen, balancer, traffic, dataPlane);
            case UDP -> new UdpForwarder(listen, balancer, traffic, dataPlane);
            case HTTP ->
                    new HttpForwarder(
                            listen,
                            balancer,
                            traffic,
                            dataPlane,
                            Objects.requireNonNull(http, "protocol HTTP without its part"),
                            config.name(),
                            httpEvents);
        };
    }

    static RealServer realServer(RealServerConfig c) {
        RealServer server = new RealServer(c.address(), c.weight());
        server.setThresholds(c.upperThreshold(), c.lowerThreshold());
        return server;
    }

    private static @Nullable RealServer sorryOf(VirtualServerConfig config) {
        HostPort sorry = config.sorryServer();
        return sorry == null ? null : new RealServer(sorry, 1);
    }

    /** Control thread, once: health checking now owns the pool (see HealthMonitor#watch). */
    void watchedBy(VirtualServerHealth health) {
        this.health = health;
    }

    VirtualServerHealth health() {
        return Objects.requireNonNull(health, "not watched yet");
    }

    /**
     * Control thread: new settings for the same listen addresses. The scheduler is swapped when it
     * changed, persistence turned on, off or re-timed; the sorry server replaced when it moved.
     * Real servers are changed separately (through the health).
     */
    void reconfigure(VirtualServerConfig changed) {
        VirtualServerConfig old = config;
        config = changed;
        if (old.scheduler() != changed.scheduler()) {
            balancer.setScheduler(Schedulers.byKind(changed.scheduler()));
        }
        balancer.setPersistence(
                changed.persistenceTimeout(), changed.persistencePrefixLength(), System::nanoTime);
        if (!Objects.equals(old.sorryServer(), changed.sorryServer())) {
            sorryServer = sorryOf(changed);
        }
        health().reconfigure(changed);
    }

    /** Housekeeping on the control thread: expired persistence entries and TIME_WAIT counts. */
    void expireIdleState() {
        balancer.expirePersistence();
        realServers().forEach(RealServer::expireTimeWait);
        RealServer sorry = sorryServer;
        if (sorry != null) {
            sorry.expireTimeWait();
        }
    }

    /** Control thread, every 2 s: one sample for the service's and each real server's rates. */
    void sampleRates() {
        rates.sample(traffic);
        List<RealServer> servers = realServers();
        serverRates.keySet().removeIf(s -> !servers.contains(s));
        for (RealServer s : servers) {
            serverRates.computeIfAbsent(s, k -> new RateEstimator()).sample(s.traffic());
        }
    }

    RateEstimator rates() {
        return rates;
    }

    /** Control thread: a real server's estimator (a fresh one for a server not sampled yet). */
    RateEstimator rates(RealServer server) {
        return serverRates.computeIfAbsent(server, k -> new RateEstimator());
    }

    /** Control thread: ipvsadm -Z for this service and its real servers. */
    void zero() {
        traffic.reset();
        rates.reset();
        for (RealServer s : realServers()) {
            s.traffic().reset();
            rates(s).reset();
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

    @Nullable RealServer sorryServer() {
        return sorryServer;
    }

    /** The real servers now, in config order then added order; control thread. */
    List<RealServer> realServers() {
        VirtualServerHealth h = health;
        return h == null ? initialServers : h.servers();
    }

    /** The real server at {@code address}, or null. Control thread. */
    @Nullable RealServer realServer(HostPort address) {
        for (RealServer s : realServers()) {
            if (s.address().equals(address)) {
                return s;
            }
        }
        return null;
    }

    /**
     * Whether this service answers on {@code address} for {@code protocol}; an HTTP service answers
     * for TCP, which it runs over (ipvsadm's {@code -t} names it).
     */
    boolean listensOn(Protocol protocol, HostPort address) {
        Protocol transport = config.protocol() == Protocol.HTTP ? Protocol.TCP : config.protocol();
        Protocol asked = protocol == Protocol.HTTP ? Protocol.TCP : protocol;
        return transport == asked && config.listenAddresses().contains(address);
    }

    TrafficCounters traffic() {
        return traffic;
    }
}
