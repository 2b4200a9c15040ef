package io.tandem.app;

import io.netty.channel.EventLoopGroup;
import io.tandem.config.TandemConfig;
import io.tandem.config.VirtualServerConfig;
import io.tandem.failover.Failover;
import io.tandem.proxy.DataPlane;
import io.tandem.proxy.NettyTransport;
import io.tandem.proxy.ProxySettings;
import io.tandem.script.ScriptRunner;
import io.tandem.script.ScriptSecurity;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
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
    private final Duration drainGrace;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final AtomicBoolean stopping = new AtomicBoolean();
    private volatile @Nullable Failover failover;

    private Daemon(
            EventLoopGroup group,
            List<VirtualService> services,
            ScheduledExecutorService control,
            Duration drainGrace) {
        this.group = group;
        this.services = services;
        this.control = control;
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
        Daemon daemon = new Daemon(group, List.copyOf(services), control, options.drainGrace());
        if (!config.vrrp().instances().isEmpty()) {
            try {
                daemon.failover =
                        Failover.start(
                                config.vrrp(), new ScriptRunner(ScriptSecurity.permissive()));
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
        log.info("stopping: draining open connections for up to {} s", drainGrace.toSeconds());
        control.shutdownNow();
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
