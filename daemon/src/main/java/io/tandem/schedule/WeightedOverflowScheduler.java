package io.tandem.schedule;

import io.tandem.config.SchedulerKind;
import io.tandem.pool.PoolSnapshot;
import io.tandem.pool.RealServer;
import org.jspecify.annotations.Nullable;

/**
 * IPVS {@code ovf} (weighted overflow): the highest-weight available server whose active
 * connections do not exceed its weight; among equal weights the first in pool order. Traffic
 * overflows to the next weight only once a server holds more active connections than its weight.
 * Weight 0 and overloaded servers are never chosen; null when no server qualifies.
 *
 * <p>The bound follows {@code ip_vs_ovf.c}, which skips a server only when {@code active > weight}:
 * a server with exactly {@code weight} active connections still takes one more.
 *
 * <p>Servers are sorted by weight once per snapshot, so a pick stops at the first that qualifies.
 */
final class WeightedOverflowScheduler implements Scheduler {
    private final RealServer[] byWeight;

    WeightedOverflowScheduler(PoolSnapshot pool) {
        this.byWeight = WeightedFailoverScheduler.sortedByWeight(pool);
    }

    @Override
    public @Nullable RealServer pick(Flow flow) {
        for (RealServer s : byWeight) {
            int w = s.weight();
            if (w > 0 && !s.overloaded() && s.activeConnections() <= w) {
                return s;
            }
        }
        return null;
    }

    /** Makes {@code ovf} schedulers. */
    record Factory() implements SchedulerFactory {
        @Override
        public SchedulerKind kind() {
            return SchedulerKind.OVF;
        }

        @Override
        public Scheduler create(PoolSnapshot pool) {
            return new WeightedOverflowScheduler(pool);
        }
    }
}
