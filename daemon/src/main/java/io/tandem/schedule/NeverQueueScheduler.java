package io.tandem.schedule;

import io.tandem.config.SchedulerKind;
import io.tandem.pool.PoolSnapshot;
import io.tandem.pool.RealServer;
import org.jspecify.annotations.Nullable;

/**
 * IPVS {@code nq}: the first available server (pool order) with no active connection, whatever its
 * weight; when every available server is busy, the {@code sed} choice, least {@code (active + 1) /
 * weight}. Weight 0 and overloaded servers are never chosen; null when every server is one of
 * those. Same rule as {@link ShortestExpectedDelayScheduler} once no server is idle.
 */
final class NeverQueueScheduler implements Scheduler {
    private final RealServer[] servers;
    private final @Nullable LoadTree tree;

    NeverQueueScheduler(PoolSnapshot pool) {
        this.servers = pool.servers().toArray(new RealServer[0]);
        this.tree =
                servers.length > LoadTree.MIN_SERVERS
                        ? new LoadTree(
                                servers, NeverQueueScheduler::better, NeverQueueScheduler::scan)
                        : null;
    }

    /** An idle server beats a busy one; idle ones tie (pool order decides); busy ones by sed. */
    private static boolean better(RealServer a, RealServer b) {
        boolean aIdle = a.activeConnections() == 0;
        boolean bIdle = b.activeConnections() == 0;
        if (aIdle || bIdle) {
            return aIdle && !bIdle;
        }
        return ShortestExpectedDelayScheduler.shorterDelay(a, b);
    }

    @Override
    public @Nullable RealServer pick(Flow flow) {
        return tree != null ? tree.pick() : scan(servers);
    }

    private static @Nullable RealServer scan(RealServer[] servers) {
        // One pass, as IPVS: the first idle server wins at once, else the least (active+1)/weight.
        RealServer least = null;
        long leastOverhead = 0;
        long leastWeight = 0;
        for (RealServer s : servers) {
            int w = s.weight();
            if (w == 0 || s.overloaded()) {
                continue;
            }
            int active = s.activeConnections();
            if (active == 0) {
                return s;
            }
            long o = active + 1L;
            if (least == null || leastOverhead * w > o * leastWeight) {
                least = s;
                leastOverhead = o;
                leastWeight = w;
            }
        }
        return least;
    }

    /** Makes {@code nq} schedulers. */
    record Factory() implements SchedulerFactory {
        @Override
        public SchedulerKind kind() {
            return SchedulerKind.NQ;
        }

        @Override
        public Scheduler create(PoolSnapshot pool) {
            return new NeverQueueScheduler(pool);
        }
    }
}
