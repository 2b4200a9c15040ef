package io.tandem.app;

import io.netty.channel.EventLoopGroup;
import io.tandem.admin.AdminBackend;
import io.tandem.admin.AdminDispatcher;
import io.tandem.admin.AdminHttpServer;
import io.tandem.admin.UnixAdminServer;
import io.tandem.admin.api.AdminCommand;
import io.tandem.admin.api.AdminException;
import io.tandem.admin.api.AdminResult;
import io.tandem.config.AdminHttpConfig;
import io.tandem.config.DnsNameConfig;
import io.tandem.config.DnsServiceConfig;
import io.tandem.config.GlobalDefs;
import io.tandem.config.ScriptUser;
import io.tandem.config.TandemConfig;
import io.tandem.config.VirtualServerConfig;
import io.tandem.config.VrrpConfig;
import io.tandem.dns.DnsService;
import io.tandem.dns.TargetSource;
import io.tandem.failover.Failover;
import io.tandem.failover.FailoverEvents;
import io.tandem.health.Checkers;
import io.tandem.health.HealthEvents;
import io.tandem.health.HealthMonitor;
import io.tandem.health.HealthState;
import io.tandem.health.LoggingHealthEvents;
import io.tandem.health.ScriptHealthEvents;
import io.tandem.health.VirtualServerHealth;
import io.tandem.metrics.Listing;
import io.tandem.metrics.ListingSource;
import io.tandem.metrics.TandemMetrics;
import io.tandem.notify.Alerts;
import io.tandem.pool.PoolSnapshot;
import io.tandem.proxy.DataPlane;
import io.tandem.proxy.NettyTransport;
import io.tandem.proxy.ProxySettings;
import io.tandem.script.RunAs;
import io.tandem.script.ScriptRunner;
import io.tandem.script.ScriptSecurity;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running Tandem: the event loops, the live virtual services ({@link LiveServices}), the control
 * thread that owns them, and the admin backend that changes them ({@link #admin()}). Stops on
 * {@link #stop()} or when the JVM is asked to exit (SIGINT, SIGTERM), draining open connections
 * first. {@link #reload()} re-reads the config file it was started with.
 */
final class Daemon {
    private static final Logger log = LoggerFactory.getLogger(Daemon.class);
    private static final Duration HOUSEKEEPING = Duration.ofSeconds(1);

    private final EventLoopGroup group;
    private final LiveServices live;
    private final ScheduledExecutorService control;
    private final HealthMonitor health;
    private final Alerts alerts;
    private final ScriptRunner scripts;
    private final Duration drainGrace;
    private final Reloader reloader;
    private final DaemonAdmin admin;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final AtomicBoolean stopping = new AtomicBoolean();
    private volatile @Nullable Failover failover;
    private volatile @Nullable DnsService dns;
    private volatile @Nullable AdminHttpServer adminHttp;
    private volatile @Nullable UnixAdminServer adminSocket;
    private final TandemMetrics metrics;
    private final PacketVipFollower packetVips;
    private final PacketTimeouts packetTimeouts;

    private Daemon(
            TandemConfig config,
            EventLoopGroup group,
            LiveServices live,
            ScheduledExecutorService control,
            HealthMonitor health,
            Alerts alerts,
            ScriptRunner scripts,
            TandemMetrics metrics,
            PacketVipFollower packetVips,
            PacketTimeouts packetTimeouts,
            Duration drainGrace) {
        this.metrics = metrics;
        this.packetVips = packetVips;
        this.packetTimeouts = packetTimeouts;
        this.group = group;
        this.live = live;
        this.control = control;
        this.health = health;
        this.alerts = alerts;
        this.scripts = scripts;
        this.drainGrace = drainGrace;
        this.reloader = new Reloader(config, live, this);
        this.admin = new DaemonAdmin(this, live, control);
    }

    /**
     * Starts every virtual server of {@code config}. When one cannot bind, the ones already started
     * are closed and the error names the virtual server and its address. {@code config.source()} is
     * the file a reload reads again.
     */
    static Daemon start(TandemConfig config, DaemonOptions options) throws IOException {
        NettyTransport transport = NettyTransport.byName(options.transport);
        EventLoopGroup group = transport.newEventLoopGroup(options.threads);
        DataPlane dataPlane = new DataPlane(transport, group, ProxySettings.DEFAULTS);
        // Metrics come first so the proxies, health and failover can report to them; their
        // listings are read from the admin backend, which exists once the daemon does.
        AtomicReference<@Nullable AdminBackend> backend = new AtomicReference<>();
        AtomicReference<@Nullable LiveServices> running = new AtomicReference<>();
        Supplier<List<VirtualService>> runningServices =
                () -> {
                    LiveServices l = running.get();
                    return l == null ? List.of() : l.all();
                };
        TandemMetrics metrics =
                new TandemMetrics(
                        () -> {
                            AdminBackend b = backend.get();
                            return b == null
                                    ? new Listing(List.of(), List.of())
                                    : PacketTallies.addedTo(
                                            ListingSource.of(b).read(), runningServices.get());
                        });
        PacketVipFollower packetVips = new PacketVipFollower(runningServices);
        packetVips.configure(config);
        PacketTimeouts packetTimeouts = new PacketTimeouts(runningServices);
        packetTimeouts.configure(config.globalDefs().lvsTimeouts());
        List<VirtualService> services = new ArrayList<>();
        try {
            for (VirtualServerConfig vs : config.virtualServers()) {
                VirtualService service = new VirtualService(vs, dataPlane, metrics.httpEvents());
                services.add(service);
                packetVips.prepare(service);
                packetTimeouts.prepare(service);
                try {
                    service.forwarder().start();
                } catch (IOException e) {
                    throw new IOException(
                            vs.position()
                                    + ": virtual_server "
                                    + vs.name()
                                    + ": cannot start: "
                                    + e.getMessage(),
                            e);
                }
            }
        } catch (IOException | RuntimeException e) {
            services.forEach(s -> s.forwarder().close());
            group.shutdownGracefully(0, 0, TimeUnit.SECONDS).awaitUninterruptibly();
            throw e;
        }
        ScheduledExecutorService control =
                Executors.newSingleThreadScheduledExecutor(
                        Thread.ofPlatform().name("tandem-control").daemon().factory());
        Alerts alerts = Alerts.from(config.globalDefs());
        ScriptRunner scripts = scriptRunner(config.globalDefs());
        HealthMonitor health = healthMonitor(control, scripts, alerts, metrics);
        LiveServices live = new LiveServices(dataPlane, health, metrics.httpEvents());
        live.beforeStart(
                s -> {
                    packetVips.prepare(s);
                    packetTimeouts.prepare(s);
                });
        running.set(live);
        try {
            onControl(
                    control,
                    () -> {
                        services.forEach(live::adopt);
                        health.start();
                    });
        } catch (IOException e) {
            control.shutdownNow();
            alerts.close();
            services.forEach(s -> s.forwarder().close());
            group.shutdownGracefully(0, 0, TimeUnit.SECONDS).awaitUninterruptibly();
            throw e;
        }
        Daemon daemon =
                new Daemon(
                        config,
                        group,
                        live,
                        control,
                        health,
                        alerts,
                        scripts,
                        metrics,
                        packetVips,
                        packetTimeouts,
                        options.drainGrace());
        backend.set(daemon.admin());
        daemon.scheduleUpkeep();
        DnsServiceConfig dnsConfig = config.dnsService();
        if (dnsConfig != null) {
            try {
                daemon.dns = DnsService.start(dnsConfig, name -> answersFor(live, name));
            } catch (IOException | RuntimeException e) {
                daemon.stop();
                throw new IOException(
                        dnsConfig.position() + ": dns_service: cannot listen: " + e.getMessage(),
                        e);
            }
        }
        if (!config.vrrp().instances().isEmpty()) {
            try {
                daemon.failover = daemon.startFailover(config.vrrp());
            } catch (IOException | RuntimeException e) {
                daemon.stop();
                throw e;
            }
        }
        AdminHttpConfig adminHttp = config.globalDefs().adminHttp();
        if (adminHttp != null) {
            try {
                daemon.adminHttp = AdminHttpEndpoint.start(adminHttp, daemon.admin(), metrics);
            } catch (IOException | RuntimeException e) {
                daemon.stop();
                throw e;
            }
        }
        daemon.adminSocket = startAdminSocket(config.globalDefs().adminSocket(), daemon.admin());
        Runtime.getRuntime()
                .addShutdownHook(
                        Thread.ofPlatform().name("tandem-shutdown").unstarted(daemon::stop));
        for (VirtualService s : services) {
            log.info(
                    "virtual_server {} ({} {}) listening on {} with {} real servers",
                    s.config().name(),
                    s.config().protocol(),
                    s.config().scheduler().ipvsName(),
                    s.forwarder().localAddresses().stream()
                            .map(InetSocketAddress::toString)
                            .toList(),
                    s.realServers().size());
        }
        log.info(
                "Tandem {} running {} virtual servers on {} event-loop threads ({})",
                TandemVersion.version(),
                services.size(),
                options.threads,
                transport.name());
        return daemon;
    }

    /** Runs {@code task} on the control thread and waits; its failure becomes an IOException. */
    private static void onControl(ScheduledExecutorService control, Runnable task)
            throws IOException {
        try {
            control.submit(task).get();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new IOException(cause.getMessage(), cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while starting health checks", e);
        }
    }

    /**
     * Upkeep on the control thread: every second persistence and TIME_WAIT expiry and finished
     * drains; every 2 s a rate sample, IPVS's estimator period.
     */
    private void scheduleUpkeep() {
        var unused =
                control.scheduleWithFixedDelay(
                        () -> {
                            live.all().forEach(VirtualService::expireIdleState);
                            live.finishDrains();
                        },
                        HOUSEKEEPING.toMillis(),
                        HOUSEKEEPING.toMillis(),
                        TimeUnit.MILLISECONDS);
        unused =
                control.scheduleAtFixedRate(
                        () -> live.all().forEach(VirtualService::sampleRates),
                        0,
                        RateEstimator.PERIOD_SECONDS,
                        TimeUnit.SECONDS);
    }

    /**
     * Health checking owned by the control thread; scripts run as keepalived's
     * enable_script_security would (refused when writable by non-root while Tandem runs as root).
     */
    private static HealthMonitor healthMonitor(
            ScheduledExecutorService control,
            ScriptRunner scripts,
            Alerts alerts,
            TandemMetrics metrics) {
        HealthEvents events =
                HealthEvents.all(
                        List.of(
                                new LoggingHealthEvents(),
                                new ScriptHealthEvents(scripts),
                                new HealthAlerts(alerts, InstantSource.system()),
                                metrics.healthEvents()));
        return new HealthMonitor(
                control,
                new Checkers(scripts).reportingTo(metrics.probeEvents()),
                events,
                InstantSource.system(),
                RandomGenerator.getDefault());
    }

    /**
     * The admin socket, or null when it cannot listen: a daemon without it still balances traffic,
     * so that is logged as an error rather than refused (another daemon on the same path, most
     * often; give each its own {@code admin_socket}).
     */
    private static @Nullable UnixAdminServer startAdminSocket(Path path, AdminBackend backend) {
        UnixAdminServer server = new UnixAdminServer(path, new AdminDispatcher(backend));
        try {
            server.start();
            return server;
        } catch (IOException | RuntimeException e) {
            log.error(
                    "admin_socket {}: cannot listen, so tandem adm and tandem reload cannot reach"
                            + " this daemon (SIGHUP still reloads): {}",
                    path,
                    e.getMessage());
            return null;
        }
    }

    /** Counts reloads for the metrics; any thread. */
    void reloadFinished(boolean applied) {
        metrics.reloadEvents().reloadFinished(applied);
    }

    Failover startFailover(VrrpConfig vrrp) throws IOException {
        FailoverEvents alerting = new VrrpAlerts(alerts, vrrp, InstantSource.system());
        FailoverEvents counting = metrics.failoverEvents();
        return Failover.start(
                vrrp,
                scripts,
                (instance, from, to, reason, priority) -> {
                    packetVips.instanceChangedState(instance, from, to, reason, priority);
                    alerting.instanceChangedState(instance, from, to, reason, priority);
                    counting.instanceChangedState(instance, from, to, reason, priority);
                },
                packetVips::forwards);
    }

    /** Which packet forwarders follow which VRRP instance (start and reload). */
    PacketVipFollower packetVips() {
        return packetVips;
    }

    /** The packet forwarders' connection timeouts ({@code adm --set}). */
    PacketTimeouts packetTimeouts() {
        return packetTimeouts;
    }

    /**
     * The healthy real servers of the virtual server a {@code dns_service} name points at, looked
     * up on every query so that services added or replaced at run time are found.
     */
    private static TargetSource answersFor(LiveServices live, DnsNameConfig name) {
        return TargetSource.of(
                () -> {
                    VirtualService s = serviceNamed(live, name);
                    return s == null ? PoolSnapshot.EMPTY : s.balancer().pool();
                },
                () -> {
                    VirtualService s = serviceNamed(live, name);
                    return s == null ? null : s.balancer().sorryServer();
                });
    }

    private static @Nullable VirtualService serviceNamed(LiveServices live, DnsNameConfig name) {
        for (VirtualService s : live.all()) {
            if (s.config().name().equals(name.virtualServer())
                    && s.config().protocol() == name.protocol()) {
                return s;
            }
        }
        return null;
    }

    /**
     * keepalived's script rules: as root, a script a non-root user could change is refused, and
     * scripts that name no user run as {@code script_user}. Tandem refuses such scripts whether or
     * not {@code enable_script_security} is set: running them as root is never what an admin wants.
     */
    private static ScriptRunner scriptRunner(GlobalDefs globalDefs) {
        ScriptUser user = globalDefs.scriptUser();
        return new ScriptRunner(
                ScriptSecurity.enforcing(),
                user == null ? null : new RunAs(user.user(), user.group()));
    }

    HealthMonitor health() {
        return health;
    }

    /** What the admin endpoint (Unix socket, HTTP) calls; runs commands on the control thread. */
    AdminBackend admin() {
        return admin;
    }

    Reloader reloader() {
        return reloader;
    }

    /**
     * Re-reads the config file and applies the difference (see {@link Reloader}); what SIGHUP and
     * {@code tandem reload} do. Blocks until applied.
     *
     * @throws AdminException when the file does not load (FILE:LINE:COL: ...) or a part could not
     *     be applied; a file that does not load changes nothing
     */
    AdminResult.Reloaded reload() throws AdminException, InterruptedException {
        return (AdminResult.Reloaded) admin.execute(new AdminCommand.Reload());
    }

    @Nullable Failover failover() {
        return failover;
    }

    void failover(@Nullable Failover running) {
        failover = running;
    }

    /**
     * Each virtual server's real-server health, read on the control thread (which owns it). Blocks
     * until the control thread answers.
     */
    Map<String, List<HealthState>> healthStates() throws InterruptedException {
        try {
            return control.submit(
                            () -> {
                                Map<String, List<HealthState>> out = new LinkedHashMap<>();
                                for (VirtualServerHealth vs : health.virtualServers()) {
                                    out.put(vs.config().name(), vs.states());
                                }
                                return out;
                            })
                    .get();
        } catch (ExecutionException e) {
            throw new IllegalStateException("reading health states failed", e.getCause());
        }
    }

    /** The services running now (config order, then added ones). */
    List<VirtualService> services() {
        return live.all();
    }

    /** Stops accepting, lets open connections finish within the drain grace, then releases all. */
    void stop() {
        if (!stopping.compareAndSet(false, true)) {
            awaitQuietly();
            return;
        }
        Failover running = failover;
        if (running != null) {
            // First, so a backup takes over after Skew_Time while connections drain here.
            running.close();
        }
        AdminHttpServer http = adminHttp;
        if (http != null) {
            http.close();
        }
        UnixAdminServer socket = adminSocket;
        if (socket != null) {
            socket.close();
        }
        DnsService answering = dns;
        if (answering != null) {
            answering.close();
        }
        log.info("stopping: draining open connections for up to {} s", drainGrace.toSeconds());
        control.shutdownNow();
        try {
            // The control thread owns the health monitor; let a task it is running finish first.
            var unused = control.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        health.close();
        live.drainAll(drainGrace);
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly();
        alerts.close(); // last, so that alerts raised while stopping (omega) still go out
        log.info("stopped");
        stopped.countDown();
    }

    void awaitStopped() throws InterruptedException {
        stopped.await();
    }

    private void awaitQuietly() {
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
