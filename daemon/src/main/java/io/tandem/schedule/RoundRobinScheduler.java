package io.tandem.schedule;

import io.tandem.config.SchedulerKind;
import io.tandem.pool.PoolSnapshot;
import io.tandem.pool.RealServer;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/**
 * IPVS {@code rr}: each new connection goes to the next available server after the one chosen last,
 * in pool order, wrapping around. Servers with weight 0 or overloaded are skipped; null when every
 * server is.
 *
 * <p>The position is advanced with a compare-and-set instead of IPVS's scheduler lock, so
 * concurrent picks still see the exact IPVS order (no server chosen twice in a row by a race).
 */
final class RoundRobinScheduler implements Scheduler {
    private final RealServer[] servers;
    // Index of the server chosen last; -1 before the first pick (IPVS starts at the list head).
    private final AtomicInteger last = new AtomicInteger(-1);

    RoundRobinScheduler(PoolSnapshot pool) {
        this.servers = pool.servers().toArray(new RealServer[0]);
    }

    @Override
    public @Nullable RealServer pick(Flow flow) {
        int n = servers.length;
        while (true) {
            int from = last.get();
            int chosen = -1;
            for (int step = 1; step <= n; step++) {
                int i = (from + step) % n;
                if (i < 0) {
                    i += n;
                }
                RealServer s = servers[i];
                if (s.weight() > 0 && !s.overloaded()) {
                    chosen = i;
                    break;
                }
            }
            if (chosen < 0) {
                return null;
            }
            if (last.compareAndSet(from, chosen)) {
                return servers[chosen];
            }
        }
    }

    /** Makes {@code rr} schedulers. */
    record Factory() implements SchedulerFactory {
        @Override
        public SchedulerKind kind() {
            return SchedulerKind.RR;
        }

        @Override
        public Scheduler create(PoolSnapshot pool) {
            return new RoundRobinScheduler(pool);
        }
    }
}
