package io.tandem.schedule;

import io.tandem.config.SchedulerKind;
import io.tandem.pool.PoolSnapshot;
import io.tandem.pool.RealServer;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/**
 * IPVS {@code wrr}: servers are walked in pool order against a current weight {@code cw} that
 * starts at the maximum weight and steps down by the gcd of all weights each time the walk wraps
 * (back to the maximum once it drops to 0 or below). The next server after the last one chosen
 * whose weight is at least {@code cw} takes the connection. As in IPVS the maximum is lowered by
 * {@code gcd - 1}, so that the last step always admits every server with a positive weight.
 *
 * <p>Weights 1:2:3 (servers a, b, c) give the period {@code c b c a b c}. Overloaded servers are
 * skipped as if absent; servers with weight 0 never qualify. Null when every server has been tried
 * at the lowest step without success.
 *
 * <p>The position (index, {@code cw}) lives in one {@link AtomicLong} advanced by compare-and-set,
 * so concurrent picks follow the exact IPVS sequence without a lock. The walk touches about {@code
 * maxWeight / averageWeight} servers per pick.
 */
final class WeightedRoundRobinScheduler implements Scheduler {
    private static final long NONE = Long.MIN_VALUE;

    private final RealServer[] servers;
    private final int[] weights;
    private final int gcd;
    private final int maxWeight;
    private final AtomicLong position;

    WeightedRoundRobinScheduler(PoolSnapshot pool) {
        this.servers = pool.servers().toArray(new RealServer[0]);
        this.weights = new int[servers.length];
        int g = 0;
        int max = 0;
        for (int i = 0; i < servers.length; i++) {
            int w = servers[i].weight();
            weights[i] = w;
            if (w > 0) {
                g = g == 0 ? w : gcd(g, w);
            }
            max = Math.max(max, w);
        }
        this.gcd = g == 0 ? 1 : g;
        this.maxWeight = max == 0 ? 0 : max - (gcd - 1);
        this.position = new AtomicLong(pack(-1, maxWeight));
    }

    @Override
    public @Nullable RealServer pick(Flow flow) {
        if (maxWeight == 0) {
            return null;
        }
        while (true) {
            long from = position.get();
            long next = advance(from);
            if (next == NONE) {
                return null;
            }
            if (position.compareAndSet(from, next)) {
                return servers[index(next)];
            }
        }
    }

    private long advance(long state) {
        int n = servers.length;
        int i = index(state);
        int cw = currentWeight(state);
        int lowestStepChecks = 0;
        while (true) {
            i++;
            if (i == n) {
                i = -1;
                cw -= gcd;
                if (cw <= 0) {
                    cw = maxWeight;
                }
                continue;
            }
            RealServer s = servers[i];
            if (weights[i] >= cw && s.weight() > 0 && !s.overloaded()) {
                return pack(i, cw);
            }
            // At the lowest step every server with a weight qualifies; once each was tried there
            // and refused, nothing can take the connection.
            if (cw <= gcd && ++lowestStepChecks >= n) {
                return NONE;
            }
        }
    }

    private static long pack(int index, int currentWeight) {
        return ((long) currentWeight << 32) | (index & 0xffffffffL);
    }

    private static int index(long state) {
        return (int) state;
    }

    private static int currentWeight(long state) {
        return (int) (state >>> 32);
    }

    private static int gcd(int a, int b) {
        while (b != 0) {
            int t = a % b;
            a = b;
            b = t;
        }
        return a;
    }

    /** Makes {@code wrr} schedulers. */
    record Factory() implements SchedulerFactory {
        @Override
        public SchedulerKind kind() {
            return SchedulerKind.WRR;
        }

        @Override
        public Scheduler create(PoolSnapshot pool) {
            return new WeightedRoundRobinScheduler(pool);
        }
    }
}
