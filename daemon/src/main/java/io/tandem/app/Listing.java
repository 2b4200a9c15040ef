package io.tandem.app;

import io.tandem.admin.api.Counters;
import io.tandem.admin.api.Forwarding;
import io.tandem.admin.api.RealServerStatus;
import io.tandem.admin.api.ServiceKey;
import io.tandem.admin.api.ServiceStatus;
import io.tandem.common.HostPort;
import io.tandem.config.RealServerConfig;
import io.tandem.config.VirtualServerConfig;
import io.tandem.health.HealthState;
import io.tandem.health.VirtualServerHealth;
import io.tandem.pool.RealServer;
import io.tandem.pool.TrafficCounters;
import java.util.ArrayList;
import java.util.List;

/**
 * ipvsadm -L from the live services: counters from the data plane's atomics, rates from the control
 * thread's estimators, health from the health monitor. A virtual server with several listen
 * addresses (a group) is listed once per address, as IPVS has one service each; their counters are
 * the group's. Control thread only.
 */
final class Listing {

    private Listing() {}

    static List<ServiceStatus> services(LiveServices live) {
        List<ServiceStatus> out = new ArrayList<>();
        for (VirtualService s : live.all()) {
            VirtualServerConfig c = s.config();
            List<RealServerStatus> servers = realServers(s);
            RealServer sorry = s.sorryServer();
            for (HostPort vip : c.listenAddresses()) {
                out.add(
                        new ServiceStatus(
                                new ServiceKey(
                                        AdminValues.protocol(c.protocol()),
                                        vip.address().getHostAddress(),
                                        vip.port()),
                                c.name(),
                                c.scheduler().ipvsName(),
                                c.persistent() ? (int) c.persistenceTimeout().toSeconds() : null,
                                c.persistent()
                                        ? AdminValues.netmask(c.persistencePrefixLength(), vip)
                                        : null,
                                counters(s.traffic()),
                                s.rates().rates(),
                                servers,
                                sorry == null ? null : sorry.address().toString()));
            }
        }
        return out;
    }

    private static List<RealServerStatus> realServers(VirtualService s) {
        VirtualServerHealth health = s.health();
        List<RealServerStatus> out = new ArrayList<>();
        for (RealServer server : health.servers()) {
            RealServerConfig rs = health.configOf(server);
            HealthState state = health.state(server);
            if (rs == null || state == null) {
                continue;
            }
            boolean checked = !rs.checks().isEmpty();
            String word =
                    health.draining(server)
                            ? "draining"
                            : !checked ? "unchecked" : state.up() ? "up" : "down";
            out.add(
                    new RealServerStatus(
                            server.address().address().getHostAddress(),
                            server.address().port(),
                            forwarding(s.config()),
                            server.weight(),
                            rs.weight(),
                            server.activeConnections(),
                            server.inactiveConnections(),
                            server.upperThreshold(),
                            server.lowerThreshold(),
                            s.balancer().persistentConnections(server),
                            counters(server.traffic()),
                            s.rates(server).rates(),
                            word,
                            checked ? state.reason() : null));
        }
        return out;
    }

    /** What ipvsadm -L prints for the service's lb_kind (Masq for NAT, proxy or packets). */
    private static Forwarding forwarding(VirtualServerConfig config) {
        return switch (config.forwardingMethod()) {
            case NAT -> Forwarding.MASQ;
            case DR -> Forwarding.ROUTE;
            case TUN -> Forwarding.TUNNEL;
        };
    }

    static Counters counters(TrafficCounters t) {
        return new Counters(
                t.connections(), t.packetsIn(), t.packetsOut(), t.bytesIn(), t.bytesOut());
    }
}
