package io.tandem.metrics;

import static io.tandem.metrics.MetricNames.PROTOCOL;
import static io.tandem.metrics.MetricNames.REAL_SERVER;
import static io.tandem.metrics.MetricNames.VIRTUAL_SERVER;

import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.tandem.admin.api.RealServerStatus;
import io.tandem.admin.api.ServiceStatus;
import io.tandem.admin.api.VrrpInstanceStatus;
import java.util.List;
import java.util.function.ObjDoubleConsumer;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;

/**
 * The callback gauges and counters that read one {@link Listing} per scrape: connections, bytes,
 * weights and health per virtual and real server, and the VRRP state of each instance as an
 * enum-style gauge (one series per possible state, 1 for the current one).
 */
final class ListingMetrics {
    private static final List<String> VRRP_STATES = List.of("INIT", "BACKUP", "MASTER", "FAULT");

    private final Supplier<Listing> listing;

    private ListingMetrics(Supplier<Listing> listing) {
        this.listing = listing;
    }

    static void register(PrometheusRegistry registry, Supplier<Listing> listing) {
        new ListingMetrics(listing).registerAll(registry);
    }

    private void registerAll(PrometheusRegistry registry) {
        virtualGauge(
                registry,
                MetricNames.VS_CONNECTIONS_ACTIVE,
                "Established connections of the virtual server",
                s -> s.realServers().stream().mapToLong(RealServerStatus::activeConnections).sum());
        virtualGauge(
                registry,
                MetricNames.VS_CONNECTIONS_INACTIVE,
                "Connections of the virtual server in any other state (IPVS's InActConn)",
                s ->
                        s.realServers().stream()
                                .mapToLong(RealServerStatus::inactiveConnections)
                                .sum());
        virtualGauge(
                registry,
                MetricNames.VS_REAL_SERVERS_UP,
                "Real servers of the virtual server that pass their health checks",
                s -> s.realServers().stream().filter(ListingMetrics::up).count());
        virtualCounter(
                registry,
                MetricNames.VS_CONNECTIONS,
                "Connections the virtual server accepted",
                s -> s.stats().connections());
        virtualCounter(
                registry,
                MetricNames.VS_RECEIVED_BYTES,
                "Bytes received from clients",
                s -> s.stats().bytesIn());
        virtualCounter(
                registry,
                MetricNames.VS_SENT_BYTES,
                "Bytes sent to clients",
                s -> s.stats().bytesOut());
        realGauge(
                registry,
                MetricNames.RS_CONNECTIONS_ACTIVE,
                "Established connections to the real server",
                RealServerStatus::activeConnections);
        realGauge(
                registry,
                MetricNames.RS_CONNECTIONS_INACTIVE,
                "Connections to the real server in any other state (IPVS's InActConn)",
                RealServerStatus::inactiveConnections);
        realGauge(
                registry,
                MetricNames.RS_WEIGHT,
                "Weight schedulers use now (0 while draining or inhibited)",
                RealServerStatus::weight);
        realGauge(
                registry,
                MetricNames.RS_UP,
                "1 when the real server passes its health checks (or has none), 0 when down",
                r -> up(r) ? 1 : 0);
        realCounter(
                registry,
                MetricNames.RS_CONNECTIONS,
                "Connections forwarded to the real server",
                r -> r.stats().connections());
        realCounter(
                registry,
                MetricNames.RS_RECEIVED_BYTES,
                "Bytes from clients forwarded to the real server",
                r -> r.stats().bytesIn());
        realCounter(
                registry,
                MetricNames.RS_SENT_BYTES,
                "Bytes from the real server forwarded to clients",
                r -> r.stats().bytesOut());
        GaugeWithCallback.builder()
                .name(MetricNames.VRRP_STATE)
                .help("1 for the state the VRRP instance is in, 0 for the others")
                .labelNames(MetricNames.INSTANCE, MetricNames.STATE)
                .callback(
                        cb -> {
                            for (VrrpInstanceStatus i : listing.get().vrrp()) {
                                for (String state : VRRP_STATES) {
                                    cb.call(state.equals(i.state()) ? 1 : 0, i.name(), state);
                                }
                            }
                        })
                .register(registry);
        GaugeWithCallback.builder()
                .name(MetricNames.VRRP_PRIORITY)
                .help("Priority of the VRRP instance after tracking weights")
                .labelNames(MetricNames.INSTANCE)
                .callback(
                        cb -> {
                            for (VrrpInstanceStatus i : listing.get().vrrp()) {
                                cb.call(i.effectivePriority(), i.name());
                            }
                        })
                .register(registry);
    }

    /** Health words of {@link RealServerStatus#health}: draining servers still pass checks. */
    static boolean up(RealServerStatus r) {
        return switch (r.health()) {
            case "up", "unchecked", "draining" -> true;
            default -> false;
        };
    }

    private static String[] labels(ServiceStatus s) {
        return new String[] {
            s.name(), s.key().protocol().name().toLowerCase(java.util.Locale.ROOT)
        };
    }

    private static String[] labels(ServiceStatus s, RealServerStatus r) {
        String[] v = labels(s);
        return new String[] {v[0], v[1], hostPort(r.address(), r.port())};
    }

    static String hostPort(String address, int port) {
        return (address.indexOf(':') >= 0 ? "[" + address + "]" : address) + ":" + port;
    }

    private void virtualGauge(
            PrometheusRegistry registry,
            String name,
            String help,
            ToDoubleFunction<ServiceStatus> value) {
        GaugeWithCallback.builder()
                .name(name)
                .help(help)
                .labelNames(VIRTUAL_SERVER, PROTOCOL)
                .callback(cb -> eachVirtual(value, (labels, v) -> cb.call(v, labels)))
                .register(registry);
    }

    private void virtualCounter(
            PrometheusRegistry registry,
            String name,
            String help,
            ToDoubleFunction<ServiceStatus> value) {
        CounterWithCallback.builder()
                .name(name)
                .help(help)
                .labelNames(VIRTUAL_SERVER, PROTOCOL)
                .callback(cb -> eachVirtual(value, (labels, v) -> cb.call(v, labels)))
                .register(registry);
    }

    private void realGauge(
            PrometheusRegistry registry,
            String name,
            String help,
            ToDoubleFunction<RealServerStatus> value) {
        GaugeWithCallback.builder()
                .name(name)
                .help(help)
                .labelNames(VIRTUAL_SERVER, PROTOCOL, REAL_SERVER)
                .callback(cb -> eachReal(value, (labels, v) -> cb.call(v, labels)))
                .register(registry);
    }

    private void realCounter(
            PrometheusRegistry registry,
            String name,
            String help,
            ToDoubleFunction<RealServerStatus> value) {
        CounterWithCallback.builder()
                .name(name)
                .help(help)
                .labelNames(VIRTUAL_SERVER, PROTOCOL, REAL_SERVER)
                .callback(cb -> eachReal(value, (labels, v) -> cb.call(v, labels)))
                .register(registry);
    }

    /**
     * One sample per virtual server of the current listing, for a gauge's or counter's callback.
     */
    private void eachVirtual(
            ToDoubleFunction<ServiceStatus> value, ObjDoubleConsumer<String[]> sample) {
        for (ServiceStatus s : listing.get().services()) {
            sample.accept(labels(s), value.applyAsDouble(s));
        }
    }

    /** One sample per real server of the current listing. */
    private void eachReal(
            ToDoubleFunction<RealServerStatus> value, ObjDoubleConsumer<String[]> sample) {
        for (ServiceStatus s : listing.get().services()) {
            for (RealServerStatus r : s.realServers()) {
                sample.accept(labels(s, r), value.applyAsDouble(r));
            }
        }
    }
}
