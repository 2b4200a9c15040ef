package io.tandem.app;

import io.tandem.admin.api.Rates;
import io.tandem.pool.TrafficCounters;

/**
 * Per-second rates the way IPVS's estimator (net/netfilter/ipvs/ip_vs_est.c) makes them: every 2 s
 * the counters' growth since the last sample, per second, moves an average a quarter of the way
 * ({@code avg += (rate - avg) / 4}), which weighs roughly the last 8 seconds. Doubles instead of
 * the kernel's fixed point: there is no reason to scale here.
 *
 * <p>Not thread-safe: the control thread samples and reads it.
 */
final class RateEstimator {
    /** IPVS samples every two seconds. */
    static final long PERIOD_SECONDS = 2;

    private final long[] last = new long[5];
    private final double[] average = new double[5];
    private boolean primed;

    /** Takes one sample; call every {@link #PERIOD_SECONDS}. */
    void sample(TrafficCounters counters) {
        long[] now = {
            counters.connections(),
            counters.packetsIn(),
            counters.packetsOut(),
            counters.bytesIn(),
            counters.bytesOut()
        };
        sample(now);
    }

    /** Same, from raw counters (connections, packets in, packets out, bytes in, bytes out). */
    void sample(long[] now) {
        for (int i = 0; i < now.length; i++) {
            if (primed) {
                // A counter zeroed meanwhile (-Z) restarts from its new value, never negative.
                double rate = Math.max(0, now[i] - last[i]) / (double) PERIOD_SECONDS;
                average[i] += (rate - average[i]) / 4;
            }
            last[i] = now[i];
        }
        primed = true;
    }

    /** ipvsadm -Z: rates restart from zero. */
    void reset() {
        java.util.Arrays.fill(average, 0);
        java.util.Arrays.fill(last, 0);
        primed = false;
    }

    Rates rates() {
        return new Rates(
                Math.round(average[0]),
                Math.round(average[1]),
                Math.round(average[2]),
                Math.round(average[3]),
                Math.round(average[4]));
    }
}
