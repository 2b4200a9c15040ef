package io.tandem.schedule;

import io.tandem.config.SchedulerKind;
import io.tandem.pool.PoolSnapshot;
import io.tandem.pool.RealServer;
import org.jspecify.annotations.Nullable;

/**
 * IPVS {@code wlc}: the available server with the least {@code overhead / weight}, where overhead
 * is {@code active × 256 + inactive}. Compared without division as IPVS does: server {@code d}
 * replaces the current least {@code l} when {@code overhead(l) × weight(d) > overhead(d) ×
 * weight(l)}, in 64-bit arithmetic. Ties go to the first in pool order. Weight 0 and overloaded
 * servers are never chosen; null when every server is one of those.
 *
 * <p>A linear scan over the pool on every pick, as in IPVS. {@code lblc} and {@code lblcr} use the
 * same rule through {@link #leastLoaded}.
 */
final class WeightedLeastConnectionScheduler implements Scheduler {
    private final RealServer[] servers;

    WeightedLeastConnectionScheduler(PoolSnapshot pool) {
        this.servers = pool.servers().toArray(new RealServer[0]);
    }

    @Override
    public @Nullable RealServer pick(Flow flow) {
        return leastLoaded(servers);
    }

    /** The wlc choice among {@code servers}. */
    static @Nullable RealServer leastLoaded(RealServer[] servers) {
        RealServer least = null;
        long leastOverhead = 0;
        long leastWeight = 0;
        for (RealServer s : servers) {
            int w = s.weight();
            if (w == 0 || s.overloaded()) {
                continue;
            }
            long o = LeastConnectionScheduler.overhead(s);
            if (least == null || leastOverhead * w > o * leastWeight) {
                least = s;
                leastOverhead = o;
                leastWeight = w;
            }
        }
        return least;
    }

    /** Makes {@code wlc} schedulers. */
    record Factory() implements SchedulerFactory {
        @Override
        public SchedulerKind kind() {
            return SchedulerKind.WLC;
        }

        @Override
        public Scheduler create(PoolSnapshot pool) {
            return new WeightedLeastConnectionScheduler(pool);
        }
    }
}
