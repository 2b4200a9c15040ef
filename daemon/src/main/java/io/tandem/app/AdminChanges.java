package io.tandem.app;

import io.tandem.admin.api.AdminException;
import io.tandem.admin.api.AdminResult;
import io.tandem.admin.api.Forwarding;
import io.tandem.admin.api.RealServerSpec;
import io.tandem.admin.api.ServiceKey;
import io.tandem.admin.api.ServiceSpec;
import io.tandem.common.HostPort;
import io.tandem.config.ForwardingMethod;
import io.tandem.config.RealServerConfig;
import io.tandem.config.SchedulerKind;
import io.tandem.config.SourcePosition;
import io.tandem.config.VirtualServerConfig;
import io.tandem.pool.RealServer;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * ipvsadm's changes (-A -E -D -a -e -d -C -Z) and Tandem's drain/enable, checked and turned into
 * {@link LiveServices} calls. A refused command changes nothing and says why in ipvsadm's words
 * where it has them. Control thread only.
 */
final class AdminChanges {
    /** Where a service or real server made at run time "is" in messages and listings. */
    static final SourcePosition RUNTIME = new SourcePosition(Path.of("(admin)"), 1, 1);

    private static final int MAX_WEIGHT = 65535;

    private final LiveServices live;

    AdminChanges(LiveServices live) {
        this.live = live;
    }

    AdminResult addService(ServiceSpec spec) throws AdminException {
        HostPort vip = AdminValues.address(spec.key());
        if (live.find(AdminValues.protocol(spec.key()), vip) != null) {
            throw new AdminException("Service already exists: " + AdminValues.describe(spec.key()));
        }
        VirtualServerConfig config =
                new VirtualServerConfig(
                        vip.toString(),
                        List.of(vip),
                        AdminValues.protocol(spec.key()),
                        scheduler(spec.scheduler()),
                        ForwardingMethod.NAT,
                        VirtualServerConfig.DEFAULT_DELAY_LOOP,
                        persistence(spec.persistenceSeconds()),
                        AdminValues.prefixLength(spec.persistenceNetmask(), vip),
                        1,
                        0,
                        false,
                        false,
                        null,
                        List.of(),
                        RUNTIME,
                        null,
                        null,
                        false);
        try {
            live.add(config);
        } catch (IOException e) {
            throw new AdminException(String.valueOf(e.getMessage()));
        }
        return new AdminResult.Done();
    }

    AdminResult editService(ServiceSpec spec) throws AdminException {
        VirtualService s = DaemonAdmin.service(live, spec.key());
        VirtualServerConfig c = s.config();
        HostPort vip = AdminValues.address(spec.key());
        // Everything else is kept, the HTTP part and the packet interface included.
        live.edit(
                s,
                c.withScheduling(
                        scheduler(spec.scheduler()),
                        persistence(spec.persistenceSeconds()),
                        AdminValues.prefixLength(spec.persistenceNetmask(), vip)));
        return new AdminResult.Done();
    }

    AdminResult deleteService(ServiceKey key) throws AdminException {
        live.delete(DaemonAdmin.service(live, key));
        return new AdminResult.Done();
    }

    AdminResult addRealServer(ServiceKey key, RealServerSpec spec) throws AdminException {
        VirtualService s = DaemonAdmin.service(live, key);
        checkSpec(key, s, spec);
        HostPort at = AdminValues.hostPort(spec.address(), spec.port());
        if (s.realServer(at) != null) {
            throw new AdminException(
                    "Destination already exists: " + at + " in " + AdminValues.describe(key));
        }
        try {
            live.addRealServer(s, realServerConfig(at, spec, null));
        } catch (IllegalArgumentException e) {
            throw new AdminException(String.valueOf(e.getMessage()));
        }
        return new AdminResult.Done();
    }

    AdminResult editRealServer(ServiceKey key, RealServerSpec spec) throws AdminException {
        VirtualService s = DaemonAdmin.service(live, key);
        checkSpec(key, s, spec);
        RealServer server = DaemonAdmin.realServer(s, key, spec.address(), spec.port());
        RealServerConfig old = DaemonAdmin.configOf(s, server);
        live.editRealServer(s, server, realServerConfig(server.address(), spec, old), false);
        return new AdminResult.Done();
    }

    AdminResult deleteRealServer(ServiceKey key, String address, int port) throws AdminException {
        VirtualService s = DaemonAdmin.service(live, key);
        live.deleteRealServer(s, DaemonAdmin.realServer(s, key, address, port));
        return new AdminResult.Done();
    }

    AdminResult clear() {
        for (VirtualService s : List.copyOf(live.all())) {
            live.delete(s);
        }
        return new AdminResult.Done();
    }

    AdminResult zero(@Nullable ServiceKey key) throws AdminException {
        if (key == null) {
            live.all().forEach(VirtualService::zero);
        } else {
            DaemonAdmin.service(live, key).zero();
        }
        return new AdminResult.Done();
    }

    AdminResult drain(ServiceKey key, String address, int port) throws AdminException {
        VirtualService s = DaemonAdmin.service(live, key);
        live.drain(s, DaemonAdmin.realServer(s, key, address, port));
        return new AdminResult.Done();
    }

    AdminResult enable(ServiceKey key, String address, int port) throws AdminException {
        VirtualService s = DaemonAdmin.service(live, key);
        live.enable(s, DaemonAdmin.realServer(s, key, address, port));
        return new AdminResult.Done();
    }

    private static SchedulerKind scheduler(String name) throws AdminException {
        return SchedulerKind.byIpvsName(name)
                .orElseThrow(
                        () ->
                                new AdminException(
                                        "Scheduler not found: '"
                                                + name
                                                + "' (expected rr, wrr, lc, wlc, sed, nq, sh, dh,"
                                                + " mh, lblc, lblcr, fo or ovf)"));
    }

    private static Duration persistence(@Nullable Integer seconds) throws AdminException {
        if (seconds == null) {
            return Duration.ZERO;
        }
        if (seconds <= 0) {
            throw new AdminException("persistence timeout " + seconds + " s must be positive");
        }
        return Duration.ofSeconds(seconds);
    }

    /**
     * IPVS lets each real server have its own forwarding method; Tandem forwards a whole virtual
     * server one way (its lb_kind, and packet_mode for NAT), so the flag must name that way.
     */
    private static void checkSpec(ServiceKey key, VirtualService service, RealServerSpec spec)
            throws AdminException {
        ForwardingMethod method = service.config().forwardingMethod();
        Forwarding expected =
                switch (method) {
                    case NAT -> Forwarding.MASQ;
                    case DR -> Forwarding.ROUTE;
                    case TUN -> Forwarding.TUNNEL;
                };
        if (spec.forwarding() != expected) {
            throw new AdminException(
                    "forwarding method "
                            + spec.forwarding().listed()
                            + " ("
                            + spec.forwarding().option()
                            + ") cannot be set at run time: "
                            + AdminValues.describe(key)
                            + " forwards every real server by lb_kind "
                            + method
                            + " from the config, so give "
                            + expected.option()
                            + " ("
                            + expected.listed()
                            + ")");
        }
        if (spec.weight() < 0 || spec.weight() > MAX_WEIGHT) {
            throw new AdminException(
                    "weight " + spec.weight() + " out of range (expected 0.." + MAX_WEIGHT + ")");
        }
        if (spec.upperThreshold() < 0 || spec.lowerThreshold() < 0) {
            throw new AdminException("thresholds must not be negative");
        }
        if (spec.upperThreshold() > 0 && spec.lowerThreshold() > spec.upperThreshold()) {
            throw new AdminException(
                    "lower threshold "
                            + spec.lowerThreshold()
                            + " above upper threshold "
                            + spec.upperThreshold());
        }
    }

    /** A real server made at run time: no checkers (always up) unless it had them already. */
    private static RealServerConfig realServerConfig(
            HostPort at, RealServerSpec spec, @Nullable RealServerConfig old) {
        return new RealServerConfig(
                at,
                spec.weight(),
                old != null && old.inhibitOnFailure(),
                spec.upperThreshold(),
                spec.lowerThreshold(),
                old == null ? RUNTIME : old.position(),
                old == null ? List.of() : old.checks(),
                old == null ? null : old.notifyUp(),
                old == null ? null : old.notifyDown(),
                old != null && old.smtpAlert());
    }
}
