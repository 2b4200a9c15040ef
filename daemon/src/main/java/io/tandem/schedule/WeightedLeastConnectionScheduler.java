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
 * <p>A linear scan over the pool on every pick, as in IPVS, for small pools; a {@link LoadTree}
 * above {@link LoadTree#MIN_SERVERS}. {@code lblc} and {@code lblcr} use the same rule through
 * {@link #leastLoaded}.
 */
final class WeightedLeastConnectionScheduler implements Scheduler {
    private final RealServer[] servers;
    private final @Nullable LoadTree tree;

    WeightedLeastConnectionScheduler(PoolSnapshot pool) {
        this.servers = pool.servers().toArray(new RealServer[0]);
        this.tree =
                servers.length > LoadTree.MIN_SERVERS
                        ? new LoadTree(
                                servers,
                                WeightedLeastConnectionScheduler::lessLoaded,
                                WeightedLeastConnectionScheduler::leastLoaded)
                        : null;
    }

    @Override
    public @Nullable RealServer pick(Flow flow) {
        return tree != null ? tree.pick() : leastLoaded(servers);
    }

    /** Whether {@code a} is strictly less loaded than {@code b}: the scan's replacement test. */
    static boolean lessLoaded(RealServer a, RealServer b) {
        return (long) LeastConnectionScheduler.overhead(b) * a.weight()
                > (long) LeastConnectionScheduler.overhead(a) * b.weight();
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
