package io.tandem.app;

import io.tandem.common.HostPort;
import io.tandem.common.Protocol;
import io.tandem.config.RealServerConfig;
import io.tandem.config.VirtualServerConfig;
import io.tandem.health.HealthMonitor;
import io.tandem.health.VirtualServerHealth;
import io.tandem.pool.RealServer;
import io.tandem.proxy.DataPlane;
import io.tandem.proxy.Forwarder;
import io.tandem.proxy.http.HttpEvents;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The virtual services running now and every change to them at run time: what ipvsadm's
 * -A/-E/-D/-a/-e/-d/-C do, Tandem's drain, and what a reload applies. Every method runs on the
 * control thread, which owns the services, their pools and their health; {@link #all} may be read
 * from any thread.
 *
 * <p>A removed real server leaves the pool at once (no new connections) and its open connections
 * finish on their own: they hold the server, not the pool. A removed virtual service stops
 * listening at once and its connections get the data plane's drain grace to finish.
 */
final class LiveServices {
    private static final Logger log = LoggerFactory.getLogger(LiveServices.class);

    private final DataPlane dataPlane;
    private final HttpEvents httpEvents;
    private final HealthMonitor health;
    private final List<VirtualService> services = new CopyOnWriteArrayList<>();
    private final Set<Forwarder> closing = ConcurrentHashMap.newKeySet();
    private volatile Consumer<VirtualService> beforeStart = s -> {};

    LiveServices(DataPlane dataPlane, HealthMonitor health, HttpEvents httpEvents) {
        this.dataPlane = dataPlane;
        this.httpEvents = httpEvents;
        this.health = health;
    }

    /** What runs on a new service before its forwarder starts (the packet forwarders' settings). */
    void beforeStart(Consumer<VirtualService> prepare) {
        beforeStart = prepare;
    }

    /** The services, in config order then added order. Any thread. */
    List<VirtualService> all() {
        return services;
    }

    /** Startup: a service already listening joins, and health checking starts watching it. */
    void adopt(VirtualService service) {
        VirtualServerHealth watched =
                health.watch(service.config(), service.realServers(), service::publish);
        service.watchedBy(watched);
        services.add(service);
    }

    /** The service answering on {@code address} for {@code protocol}, or null. */
    @Nullable VirtualService find(Protocol protocol, HostPort address) {
        for (VirtualService s : services) {
            if (s.listensOn(protocol, address)) {
                return s;
            }
        }
        return null;
    }

    /** The service with exactly these listen addresses (a reload's key), or null. */
    @Nullable VirtualService find(VirtualServerConfig like) {
        for (VirtualService s : services) {
            if (s.config().protocol() == like.protocol()
                    && Set.copyOf(s.config().listenAddresses())
                            .equals(Set.copyOf(like.listenAddresses()))) {
                return s;
            }
        }
        return null;
    }

    /**
     * Starts a new service: binds its listeners, then health checking watches it.
     *
     * @throws IOException when it cannot start (a listener or its access log) (nothing is left
     *     running then)
     * @throws IllegalArgumentException when a checker or script cannot be built
     */
    VirtualService add(VirtualServerConfig config) throws IOException {
        VirtualService service = new VirtualService(config, dataPlane, httpEvents);
        try {
            beforeStart.accept(service);
            service.forwarder().start();
        } catch (IOException e) {
            service.forwarder().close();
            throw new IOException(
                    "virtual_server " + config.name() + ": cannot start: " + e.getMessage(), e);
        }
        try {
            adopt(service);
        } catch (RuntimeException e) {
            service.forwarder().close();
            throw e;
        }
        log.info(
                "virtual_server {} ({} {}) added with {} real servers",
                config.name(),
                config.protocol(),
                config.scheduler().ipvsName(),
                config.realServers().size());
        return service;
    }

    /** New settings (scheduler, persistence, quorum, sorry server) for a running service. */
    void edit(VirtualService service, VirtualServerConfig changed) {
        service.reconfigure(changed);
        log.info(
                "virtual_server {}: scheduler {}, persistence {} s",
                changed.name(),
                changed.scheduler().ipvsName(),
                changed.persistenceTimeout().toSeconds());
    }

    /** Stops listening now; open connections get the drain grace, then the forwarder closes. */
    void delete(VirtualService service) {
        services.remove(service);
        health.unwatch(service.health());
        Forwarder forwarder = service.forwarder();
        closing.add(forwarder);
        var unused =
                forwarder
                        .drain(dataPlane.settings().drainGrace())
                        .whenComplete(
                                (ok, error) -> {
                                    forwarder.close();
                                    closing.remove(forwarder);
                                });
        log.info("virtual_server {} removed; open connections drain", service.config().name());
    }

    /** Adds a real server (in the pool at once unless its checkers say otherwise). */
    void addRealServer(VirtualService service, RealServerConfig rs) {
        RealServer server = VirtualService.realServer(rs);
        health.watchServer(service.health(), rs, server);
        log.info(
                "virtual_server {}: real_server {} added, weight {}",
                service.config().name(),
                rs.address(),
                rs.weight());
    }

    /**
     * New settings for a real server: kept health state when its checkers are the same ({@code
     * checksChanged} false), restarted checkers otherwise.
     */
    void editRealServer(
            VirtualService service, RealServer server, RealServerConfig rs, boolean checksChanged) {
        if (checksChanged) {
            health.restartServer(service.health(), rs, server);
        } else {
            service.health().update(server, rs);
        }
        log.info(
                "virtual_server {}: real_server {} now weight {}",
                service.config().name(),
                rs.address(),
                rs.weight());
    }

    void deleteRealServer(VirtualService service, RealServer server) {
        health.unwatchServer(service.health(), server);
        log.info(
                "virtual_server {}: real_server {} removed; open connections finish",
                service.config().name(),
                server.address());
    }

    /** Weight 0 now; {@link #finishDrains} removes it once its connections are gone. */
    void drain(VirtualService service, RealServer server) {
        service.health().setDraining(server, true);
        log.info(
                "virtual_server {}: real_server {} draining ({} connections open)",
                service.config().name(),
                server.address(),
                server.openConnections());
    }

    void enable(VirtualService service, RealServer server) {
        service.health().setDraining(server, false);
    }

    /** Control thread, periodically: drained real servers with no open connection leave. */
    void finishDrains() {
        for (VirtualService s : services) {
            VirtualServerHealth h = s.health();
            for (RealServer server : h.servers()) {
                if (h.draining(server) && server.openConnections() == 0) {
                    deleteRealServer(s, server);
                }
            }
        }
    }

    /** Shutdown: drains every service (and those still closing) for up to {@code grace}. */
    void drainAll(Duration grace) {
        List<CompletableFuture<Void>> drains = new ArrayList<>();
        for (VirtualService s : services) {
            drains.add(s.forwarder().drain(grace));
        }
        for (Forwarder f : closing) {
            drains.add(f.drain(grace));
        }
        try {
            CompletableFuture.allOf(drains.toArray(CompletableFuture[]::new))
                    .get(grace.toMillis() + 1000, TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            log.warn("drain did not finish cleanly: {}", e.toString());
        }
        services.forEach(s -> s.forwarder().close());
        closing.forEach(Forwarder::close);
    }
}
