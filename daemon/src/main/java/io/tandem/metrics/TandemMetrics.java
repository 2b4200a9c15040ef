package io.tandem.metrics;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.tandem.admin.api.AdminException;
import io.tandem.failover.FailoverEvents;
import io.tandem.health.HealthEvents;
import io.tandem.health.ProbeEvents;
import io.tandem.proxy.http.HttpEvents;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Clock;

/**
 * Tandem's metrics: a registry of its own (not the library's global one, so two daemons in one JVM,
 * as in tests, do not mix), the event listeners that feed it, and {@link #scrape}. Thread-safe: the
 * listeners may be called from any thread; scrapes are serialised.
 */
public final class TandemMetrics {
    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final PrometheusTextFormatWriter writer = PrometheusTextFormatWriter.create();
    private final ListingSource source;
    private volatile Listing current = Listing.EMPTY;
    private final HealthEvents healthEvents;
    private final FailoverEvents failoverEvents;
    private final HttpEvents httpEvents;
    private final ReloadEvents reloadEvents;
    private final ProbeEvents probeEvents;

    public TandemMetrics(ListingSource source) {
        this(source, Clock.systemUTC());
    }

    TandemMetrics(ListingSource source, Clock clock) {
        this.source = source;
        ListingMetrics.register(registry, () -> current);
        PacketMetrics.register(registry, () -> current);
        Counter health =
                Counter.builder()
                        .name(MetricNames.HEALTH_TRANSITIONS)
                        .help("Real servers going up or down (state: the state entered)")
                        .labelNames(
                                MetricNames.VIRTUAL_SERVER,
                                MetricNames.PROTOCOL,
                                MetricNames.REAL_SERVER,
                                MetricNames.STATE)
                        .register(registry);
        healthEvents = new HealthMetrics(health);
        Counter vrrp =
                Counter.builder()
                        .name(MetricNames.VRRP_TRANSITIONS)
                        .help("VRRP state changes (state: the state entered)")
                        .labelNames(MetricNames.INSTANCE, MetricNames.STATE)
                        .register(registry);
        failoverEvents = new FailoverMetrics(vrrp);
        Counter http =
                Counter.builder()
                        .name(MetricNames.HTTP_REQUESTS)
                        .help(
                                "HTTP requests the L7 proxy finished, by status sent (0: none, the"
                                        + " connection ended first) and real server (none: no"
                                        + " server answered)")
                        .labelNames(
                                MetricNames.VIRTUAL_SERVER,
                                MetricNames.REAL_SERVER,
                                MetricNames.CODE)
                        .register(registry);
        Histogram httpDuration =
                Histogram.builder()
                        .name(MetricNames.HTTP_REQUEST_DURATION)
                        .help("From a request head's arrival to the end of its response")
                        .unit(io.prometheus.metrics.model.snapshots.Unit.SECONDS)
                        .classicOnly()
                        .classicUpperBounds(
                                0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5,
                                10, 30, 60)
                        .labelNames(MetricNames.VIRTUAL_SERVER, MetricNames.REAL_SERVER)
                        .register(registry);
        httpEvents = new HttpMetrics(http, httpDuration);
        Counter reloads =
                Counter.builder()
                        .name(MetricNames.RELOADS)
                        .help("Config reloads (result: success or failure)")
                        .labelNames(MetricNames.RESULT)
                        .register(registry);
        Gauge lastSuccess =
                Gauge.builder()
                        .name(MetricNames.LAST_RELOAD_SUCCESS)
                        .help("1 when the last reload was applied, 0 when it was refused")
                        .register(registry);
        Gauge lastTime =
                Gauge.builder()
                        .name(MetricNames.LAST_RELOAD_TIME)
                        .help("When the last reload finished, Unix time")
                        .register(registry);
        lastSuccess.set(1); // the config the daemon started with loaded
        reloadEvents =
                success -> {
                    reloads.labelValues(success ? "success" : "failure").inc();
                    lastSuccess.set(success ? 1 : 0);
                    lastTime.set(clock.millis() / 1000.0);
                };
        Histogram checks =
                Histogram.builder()
                        .name(MetricNames.HEALTH_CHECK_DURATION)
                        .help("How long health probes took (result: up or down)")
                        .unit(io.prometheus.metrics.model.snapshots.Unit.SECONDS)
                        .classicOnly()
                        .classicUpperBounds(
                                0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5,
                                10)
                        .labelNames(MetricNames.REAL_SERVER, MetricNames.CHECK, MetricNames.RESULT)
                        .register(registry);
        probeEvents =
                (realServer, check, result, took) ->
                        checks.labelValues(
                                        realServer.toString(), check, result.up() ? "up" : "down")
                                .observe(took.toNanos() / 1e9);
        JvmMetrics.builder().register(registry);
    }

    public HealthEvents healthEvents() {
        return healthEvents;
    }

    public FailoverEvents failoverEvents() {
        return failoverEvents;
    }

    public HttpEvents httpEvents() {
        return httpEvents;
    }

    public ReloadEvents reloadEvents() {
        return reloadEvents;
    }

    /** For {@code Checkers.reportingTo}: feeds tandem_health_check_duration_seconds. */
    public ProbeEvents probeEvents() {
        return probeEvents;
    }

    /** The media type of {@link #scrape}'s output (Prometheus text format 0.0.4). */
    public String contentType() {
        return writer.getContentType();
    }

    /**
     * Reads the listing once, so that every live series of one scrape comes from the same moment,
     * and writes the whole registry to {@code out}. When the listing cannot be read the live series
     * are left out and the event counters and JVM metrics are still written.
     */
    public synchronized void scrape(OutputStream out) throws IOException, InterruptedException {
        try {
            current = source.read();
        } catch (AdminException e) {
            current = Listing.EMPTY;
        }
        try {
            writer.write(out, registry.scrape());
        } finally {
            current = Listing.EMPTY;
        }
    }
}
