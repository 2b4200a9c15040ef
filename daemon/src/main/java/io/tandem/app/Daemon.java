package io.tandem.app;

import io.netty.channel.EventLoopGroup;
import io.tandem.config.DnsNameConfig;
import io.tandem.config.DnsServiceConfig;
import io.tandem.config.GlobalDefs;
import io.tandem.config.ScriptUser;
import io.tandem.config.TandemConfig;
import io.tandem.config.VirtualServerConfig;
import io.tandem.dns.DnsService;
import io.tandem.dns.TargetSource;
import io.tandem.failover.Failover;
import io.tandem.health.Checkers;
import io.tandem.health.HealthEvents;
import io.tandem.health.HealthMonitor;
import io.tandem.health.HealthState;
import io.tandem.health.LoggingHealthEvents;
import io.tandem.health.ScriptHealthEvents;
import io.tandem.health.VirtualServerHealth;
import io.tandem.notify.Alerts;
import io.tandem.proxy.DataPlane;
import io.tandem.proxy.NettyTransport;
import io.tandem.proxy.ProxySettings;
import io.tandem.schedule.Balancer;
import io.tandem.script.RunAs;
import io.tandem.script.ScriptRunner;
import io.tandem.script.ScriptSecurity;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.random.RandomGenerator;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running Tandem: the event loops, one {@link VirtualService} per configured virtual server, and
 * the control thread. Stops on {@link #stop()} or when the JVM is asked to exit (SIGINT, SIGTERM),
 * draining open connections first.
 */
final class Daemon {
    private static final Logger log = LoggerFactory.getLogger(Daemon.class);
    private static final Duration HOUSEKEEPING = Duration.ofSeconds(1);

    private final EventLoopGroup group;
    private final List<VirtualService> services;
    private final ScheduledExecutorService control;
    private final HealthMonitor health;
    private final Alerts alerts;
    private final Duration drainGrace;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final AtomicBoolean stopping = new AtomicBoolean();
    private volatile @Nullable Failover failover;
    private volatile @Nullable DnsService dns;

    private Daemon(
            EventLoopGroup group,
            List<VirtualService> services,
            ScheduledExecutorService control,
            HealthMonitor health,
            Alerts alerts,
            Duration drainGrace) {
        this.group = group;
        this.services = services;
        this.control = control;
        this.health = health;
        this.alerts = alerts;
        this.drainGrace = drainGrace;
    }

    /**
     * Starts every virtual server of {@code config}. When one cannot bind, the ones already started
     * are closed and the error names the virtual server and its address.
     */
    static Daemon start(TandemConfig config, DaemonOptions options) throws IOException {
        NettyTransport transport = NettyTransport.byName(options.transport);
        EventLoopGroup group = transport.newEventLoopGroup(options.threads);
        DataPlane dataPlane = new DataPlane(transport, group, ProxySettings.DEFAULTS);
        List<VirtualService> services = new ArrayList<>();
        try {
            for (VirtualServerConfig vs : config.virtualServers()) {
                VirtualService service = new VirtualService(vs, dataPlane);
                services.add(service);
                try {
                    service.forwarder().start();
                } catch (IOException e) {
                    throw new IOException(
                            vs.position()
                                    + ": virtual_server "
                                    + vs.name()
                                    + ": cannot listen: "
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
        var unused =
                control.scheduleWithFixedDelay(
                        () -> services.forEach(VirtualService::expireIdleState),
                        HOUSEKEEPING.toMillis(),
                        HOUSEKEEPING.toMillis(),
                        TimeUnit.MILLISECONDS);
        Alerts alerts = Alerts.from(config.globalDefs());
        ScriptRunner scripts = scriptRunner(config.globalDefs());
        HealthMonitor health;
        try {
            health = startHealthChecks(services, control, scripts, alerts);
        } catch (IOException e) {
            control.shutdownNow();
            alerts.close();
            services.forEach(s -> s.forwarder().close());
            group.shutdownGracefully(0, 0, TimeUnit.SECONDS).awaitUninterruptibly();
            throw e;
        }
        Daemon daemon =
                new Daemon(
                        group,
                        List.copyOf(services),
                        control,
                        health,
                        alerts,
                        options.drainGrace());
        DnsServiceConfig dnsConfig = config.dnsService();
        if (dnsConfig != null) {
            try {
                daemon.dns = DnsService.start(dnsConfig, name -> answersFor(daemon.services, name));
            } catch (IOException | RuntimeException e) {
                daemon.stop();
                throw new IOException(
                        dnsConfig.position() + ": dns_service: cannot listen: " + e.getMessage(),
                        e);
            }
        }
        if (!config.vrrp().instances().isEmpty()) {
            try {
                daemon.failover =
                        Failover.start(
                                config.vrrp(),
                                scripts,
                                new VrrpAlerts(alerts, config.vrrp(), InstantSource.system()));
            } catch (IOException | RuntimeException e) {
                daemon.stop();
                throw e;
            }
        }
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

    /**
     * Watches every service's real servers from the control thread, which owns pool membership;
     * scripts run as keepalived's enable_script_security would (refused when writable by non-root
     * while Tandem runs as root).
     */
    private static HealthMonitor startHealthChecks(
            List<VirtualService> services,
            ScheduledExecutorService control,
            ScriptRunner scripts,
            Alerts alerts)
            throws IOException {
        HealthEvents events =
                HealthEvents.all(
                        List.of(
                                new LoggingHealthEvents(),
                                new ScriptHealthEvents(scripts),
                                new HealthAlerts(alerts, InstantSource.system())));
        HealthMonitor monitor =
                new HealthMonitor(
                        control,
                        new Checkers(scripts),
                        events,
                        InstantSource.system(),
                        RandomGenerator.getDefault());
        try {
            control.submit(
                            () -> {
                                for (VirtualService s : services) {
                                    monitor.watch(s.config(), s.realServers(), s::publish);
                                }
                                monitor.start();
                            })
                    .get();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new IOException(cause.getMessage(), cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while starting health checks", e);
        }
        return monitor;
    }

    /** The healthy real servers of the virtual server a {@code dns_service} name points at. */
    private static TargetSource answersFor(List<VirtualService> services, DnsNameConfig name) {
        for (VirtualService s : services) {
            if (s.config().name().equals(name.virtualServer())
                    && s.config().protocol() == name.protocol()) {
                Balancer balancer = s.balancer();
                return TargetSource.of(balancer::pool, balancer::sorryServer);
            }
        }
        // The config binder checked the reference; reaching this is a bug, not a bad config.
        throw new IllegalStateException(
                name.position() + ": no virtual_server " + name.virtualServer());
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

    /**
     * Each virtual server's real-server health, read on the control thread (which owns it); what
     * the admin CLI will show. Blocks until the control thread answers.
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

    List<VirtualService> services() {
        return services;
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
        DnsService answering = dns;
        if (answering != null) {
            answering.close();
        }
        log.info("stopping: draining open connections for up to {} s", drainGrace.toSeconds());
        control.shutdownNow();
        health.close();
        CompletableFuture<?>[] drains =
                services.stream()
                        .map(s -> s.forwarder().drain(drainGrace))
                        .toArray(CompletableFuture[]::new);
        try {
            CompletableFuture.allOf(drains)
                    .get(drainGrace.toMillis() + 1000, TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            log.warn("drain did not finish cleanly: {}", e.toString());
        }
        services.forEach(s -> s.forwarder().close());
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
