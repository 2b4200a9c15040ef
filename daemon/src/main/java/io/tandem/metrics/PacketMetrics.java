package io.tandem.metrics;

import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The packet forwarders' series, read from the {@link Listing} of a scrape: frames by what became
 * of them, and whether each forwarder is active or on standby under VRRP.
 */
final class PacketMetrics {
    private PacketMetrics() {}

    static void register(PrometheusRegistry registry, Supplier<Listing> listing) {
        CounterWithCallback.builder()
                .name(MetricNames.PACKET_FRAMES)
                .help(
                        "Frames for a packet-forwarded virtual server (lb_kind DR, NAT"
                                + " packet_mode) by result: forwarded to a real server,"
                                + " reply_forwarded to the client (NAT), arp_replied, or dropped"
                                + " (unscheduled, unresolved, ring_full, fragment, malformed,"
                                + " standby)")
                .labelNames(MetricNames.VIRTUAL_SERVER, MetricNames.PROTOCOL, MetricNames.RESULT)
                .callback(
                        cb -> {
                            for (PacketTally t : listing.get().packets()) {
                                for (Map.Entry<String, Long> e : t.byResult().entrySet()) {
                                    cb.call(
                                            e.getValue(),
                                            t.virtualServer(),
                                            t.protocol(),
                                            e.getKey());
                                }
                            }
                        })
                .register(registry);
        GaugeWithCallback.builder()
                .name(MetricNames.PACKET_ACTIVE)
                .help(
                        "1 while the packet forwarder answers ARP and forwards, 0 on standby (its"
                                + " VRRP instance not MASTER) or paused (its interface down or"
                                + " gone)")
                .labelNames(MetricNames.VIRTUAL_SERVER, MetricNames.PROTOCOL)
                .callback(
                        cb -> {
                            for (PacketTally t : listing.get().packets()) {
                                cb.call(t.active() ? 1 : 0, t.virtualServer(), t.protocol());
                            }
                        })
                .register(registry);
    }
}
