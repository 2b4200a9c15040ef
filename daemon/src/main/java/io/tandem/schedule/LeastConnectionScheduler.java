package io.tandem.schedule;

import io.tandem.config.SchedulerKind;
import io.tandem.pool.PoolSnapshot;
import io.tandem.pool.RealServer;
import org.jspecify.annotations.Nullable;

/**
 * IPVS {@code lc}: the available server with the least overhead {@code active × 256 + inactive}
 * (IPVS's {@code ip_vs_dest_conn_overhead}: an established connection costs far more than one
 * opening or closing). Ties go to the first in pool order. Weights matter only in that weight 0
 * (quiesced) and overloaded servers are skipped; null when every server is.
 *
 * <p>A linear scan over the pool on every pick, as in IPVS, for small pools; a {@link LoadTree}
 * above {@link LoadTree#MIN_SERVERS}.
 */
final class LeastConnectionScheduler implements Scheduler {
    private final RealServer[] servers;
    private final @Nullable LoadTree tree;

    LeastConnectionScheduler(PoolSnapshot pool) {
        this.servers = pool.servers().toArray(new RealServer[0]);
        this.tree =
                servers.length > LoadTree.MIN_SERVERS
                        ? new LoadTree(
                                servers,
                                (a, b) -> overhead(a) < overhead(b),
                                LeastConnectionScheduler::scan)
                        : null;
    }

    /** IPVS's connection overhead: {@code active × 256 + inactive}. */
    static int overhead(RealServer server) {
        return (server.activeConnections() << 8) + server.inactiveConnections();
    }

    @Override
    public @Nullable RealServer pick(Flow flow) {
        return tree != null ? tree.pick() : scan(servers);
    }

    private static @Nullable RealServer scan(RealServer[] servers) {
        RealServer least = null;
        int leastOverhead = Integer.MAX_VALUE;
        for (RealServer s : servers) {
            if (s.weight() == 0 || s.overloaded()) {
                continue;
            }
            int o = overhead(s);
            if (least == null || o < leastOverhead) {
                least = s;
                leastOverhead = o;
            }
        }
        return least;
    }

    /** Makes {@code lc} schedulers. */
    record Factory() implements SchedulerFactory {
        @Override
        public SchedulerKind kind() {
            return SchedulerKind.LC;
        }

        @Override
        public Scheduler create(PoolSnapshot pool) {
            return new LeastConnectionScheduler(pool);
        }
    }
}
