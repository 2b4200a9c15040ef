package io.tandem.metrics;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Histogram;
import io.tandem.proxy.http.HttpEvents;
import io.tandem.proxy.http.RequestRecord;

/**
 * Counts finished L7 requests ({@code tandem_http_requests_total}) and times them ({@code
 * tandem_http_request_duration_seconds}). Called on event loops; only updates lock-free series.
 */
final class HttpMetrics implements HttpEvents {
    private static final String NO_SERVER = "none";

    private final Counter requests;
    private final Histogram duration;

    HttpMetrics(Counter requests, Histogram duration) {
        this.requests = requests;
        this.duration = duration;
    }

    @Override
    public void requestFinished(RequestRecord r) {
        String server = r.realServer() == null ? NO_SERVER : r.realServer();
        requests.labelValues(r.virtualServer(), server, Integer.toString(r.status())).inc();
        duration.labelValues(r.virtualServer(), server).observe(r.duration().toNanos() / 1e9);
    }
}
