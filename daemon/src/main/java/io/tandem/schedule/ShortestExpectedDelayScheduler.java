package io.tandem.schedule;

import io.tandem.config.SchedulerKind;
import io.tandem.pool.PoolSnapshot;
import io.tandem.pool.RealServer;
import org.jspecify.annotations.Nullable;

/**
 * IPVS {@code sed}: the available server with the shortest expected delay {@code (active + 1) /
 * weight}; inactive connections are ignored. Compared by cross-multiplication in 64 bits as IPVS
 * does; ties go to the first in pool order. A scan for small pools, a {@link LoadTree} above {@link
 * LoadTree#MIN_SERVERS}. Weight 0 and overloaded servers are never chosen; null when every server
 * is one of those. {@code nq} uses the same rule through {@link #shortestDelay}.
 */
final class ShortestExpectedDelayScheduler implements Scheduler {
    private final RealServer[] servers;
    private final @Nullable LoadTree tree;

    ShortestExpectedDelayScheduler(PoolSnapshot pool) {
        this.servers = pool.servers().toArray(new RealServer[0]);
        this.tree =
                servers.length > LoadTree.MIN_SERVERS
                        ? new LoadTree(
                                servers,
                                ShortestExpectedDelayScheduler::shorterDelay,
                                ShortestExpectedDelayScheduler::shortestDelay)
                        : null;
    }

    @Override
    public @Nullable RealServer pick(Flow flow) {
        return tree != null ? tree.pick() : shortestDelay(servers);
    }

    /** Whether {@code a}'s expected delay is strictly shorter than {@code b}'s. */
    static boolean shorterDelay(RealServer a, RealServer b) {
        return (b.activeConnections() + 1L) * a.weight()
                > (a.activeConnections() + 1L) * b.weight();
    }

    /** The sed choice among {@code servers}. */
    static @Nullable RealServer shortestDelay(RealServer[] servers) {
        RealServer least = null;
        long leastOverhead = 0;
        long leastWeight = 0;
        for (RealServer s : servers) {
            int w = s.weight();
            if (w == 0 || s.overloaded()) {
                continue;
            }
            long o = s.activeConnections() + 1L;
            if (least == null || leastOverhead * w > o * leastWeight) {
                least = s;
                leastOverhead = o;
                leastWeight = w;
            }
        }
        return least;
    }

    /** Makes {@code sed} schedulers. */
    record Factory() implements SchedulerFactory {
        @Override
        public SchedulerKind kind() {
            return SchedulerKind.SED;
        }

        @Override
        public Scheduler create(PoolSnapshot pool) {
            return new ShortestExpectedDelayScheduler(pool);
        }
    }
}
