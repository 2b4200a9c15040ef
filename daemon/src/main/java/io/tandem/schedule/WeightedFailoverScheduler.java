package io.tandem.schedule;

import io.tandem.config.SchedulerKind;
import io.tandem.pool.PoolSnapshot;
import io.tandem.pool.RealServer;
import java.util.Arrays;
import java.util.Comparator;
import org.jspecify.annotations.Nullable;

/**
 * IPVS {@code fo} (weighted failover): the available server with the highest weight; among equal
 * weights the first in pool order. Weight 0 and overloaded servers are never chosen; null when
 * every server is one of those.
 *
 * <p>IPVS scans the whole list; since weights only change with a new snapshot, the servers are
 * sorted once by weight (descending, stable) and the first available one is taken, which is the
 * same server and usually the first one looked at.
 */
final class WeightedFailoverScheduler implements Scheduler {
    private final RealServer[] byWeight;

    WeightedFailoverScheduler(PoolSnapshot pool) {
        this.byWeight = sortedByWeight(pool);
    }

    /** The pool's servers by weight, highest first, pool order among equal weights. */
    static RealServer[] sortedByWeight(PoolSnapshot pool) {
        RealServer[] servers = pool.servers().toArray(new RealServer[0]);
        int[] weights = new int[servers.length];
        Integer[] order = new Integer[servers.length];
        for (int i = 0; i < servers.length; i++) {
            weights[i] = servers[i].weight();
            order[i] = i;
        }
        Arrays.sort(order, Comparator.comparingInt((Integer i) -> -weights[i]));
        RealServer[] sorted = new RealServer[servers.length];
        for (int i = 0; i < servers.length; i++) {
            sorted[i] = servers[order[i]];
        }
        return sorted;
    }

    @Override
    public @Nullable RealServer pick(Flow flow) {
        for (RealServer s : byWeight) {
            if (s.weight() > 0 && !s.overloaded()) {
                return s;
            }
        }
        return null;
    }

    /** Makes {@code fo} schedulers. */
    record Factory() implements SchedulerFactory {
        @Override
        public SchedulerKind kind() {
            return SchedulerKind.FO;
        }

        @Override
        public Scheduler create(PoolSnapshot pool) {
            return new WeightedFailoverScheduler(pool);
        }
    }
}
