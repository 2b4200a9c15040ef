package io.tandem.schedule;

import io.tandem.config.SchedulerKind;
import io.tandem.pool.PoolSnapshot;
import io.tandem.pool.RealServer;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;
import org.jspecify.annotations.Nullable;

/**
 * IPVS {@code mh} (Maglev hashing, Eisenbud et al., NSDI 2016): the client's address (or the flow's
 * L7 {@link Flow#hashKey()} when there is one) is hashed into a lookup table of prime size (65537
 * by default) that every server fills from its own permutation of the slots, so that removing one
 * server moves only about {@code 1/N} of the keys.
 *
 * <p>Weights are honoured as in {@code ip_vs_mh.c}: in each round of filling, a server claims
 * {@code (weight / gcd) >> shift} slots in a row (at least one), where {@code shift} keeps the
 * largest of these under the table's bit width. A server quiesced to weight 0 keeps the slots of
 * its last positive weight (IPVS's {@code last_weight}), so quiescing moves no other key; its keys
 * get no server meanwhile. When the slot's server has weight 0 or is overloaded the connection gets
 * no server (null), as IPVS does without its {@code mh-fallback} flag, which Tandem does not offer.
 *
 * <p>Slots are hashed with a 64-bit FNV-1a plus a murmur finaliser over address and port, and keys
 * with the murmur finaliser, instead of IPVS's siphash with fixed keys: the same properties, no
 * extra dependency, and no allocation per pick.
 */
final class MaglevHashingScheduler implements Scheduler {
    static final int DEFAULT_TABLE_SIZE = 65537;

    private final @Nullable RealServer[] lookup;

    private MaglevHashingScheduler(@Nullable RealServer[] lookup) {
        this.lookup = lookup;
    }

    @Override
    public @Nullable RealServer pick(Flow flow) {
        String key = flow.hashKey();
        int h = key != null ? key.hashCode() : fold(flow.client().getAddress());
        RealServer s = lookup[Integer.remainderUnsigned(mix32(h), lookup.length)];
        return s == null || s.weight() == 0 || s.overloaded() ? null : s;
    }

    // InetAddress.hashCode() is the IPv4 address itself, and folds an IPv6 one without copying it.
    private static int fold(InetAddress address) {
        return address.hashCode();
    }

    // Murmur3's 32-bit finaliser: spreads nearby addresses over the whole table.
    private static int mix32(int h) {
        h ^= h >>> 16;
        h *= 0x85ebca6b;
        h ^= h >>> 13;
        h *= 0xc2b2ae35;
        h ^= h >>> 16;
        return h;
    }

    private static long slotHash(RealServer server, long seed) {
        long h = seed;
        for (byte b : server.address().address().getAddress()) {
            h = (h ^ (b & 0xff)) * 0x100000001b3L;
        }
        h = (h ^ server.address().port()) * 0x100000001b3L;
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        return h;
    }

    /**
     * Makes {@code mh} schedulers. One factory per virtual server: it remembers each server's last
     * positive weight across snapshots. Thread-safe ({@link Balancer#retry} may call it from an
     * event loop).
     */
    static final class Factory implements SchedulerFactory {
        private static final long OFFSET_SEED = 0xcbf29ce484222325L;
        private static final long SKIP_SEED =
                0x9e3779b97f4a7c15L ^ fnv("tandem-mh-skip".getBytes(StandardCharsets.US_ASCII));

        private final int tableSize;
        private final int tableBits;
        private final Map<RealServer, Integer> lastWeights =
                Collections.synchronizedMap(new WeakHashMap<>());

        Factory() {
            this(DEFAULT_TABLE_SIZE);
        }

        /** A table of {@code tableSize} slots, a prime larger than the number of servers. */
        Factory(int tableSize) {
            if (tableSize < 2 || !isPrime(tableSize)) {
                throw new IllegalArgumentException(
                        "maglev table size " + tableSize + " is not a prime");
            }
            this.tableSize = tableSize;
            this.tableBits = 31 - Integer.numberOfLeadingZeros(tableSize);
        }

        @Override
        public SchedulerKind kind() {
            return SchedulerKind.MH;
        }

        @Override
        public Scheduler create(PoolSnapshot pool) {
            RealServer[] servers = pool.servers().toArray(new RealServer[0]);
            if (servers.length > tableSize) {
                throw new IllegalArgumentException(
                        servers.length + " servers do not fit a maglev table of " + tableSize);
            }
            int[] weights = new int[servers.length];
            int gcd = 0;
            int max = 0;
            for (int i = 0; i < servers.length; i++) {
                weights[i] = lastWeight(servers[i]);
                if (weights[i] > 0) {
                    gcd = gcd == 0 ? weights[i] : gcd(gcd, weights[i]);
                    max = Math.max(max, weights[i]);
                }
            }
            @Nullable RealServer[] lookup = new RealServer[tableSize];
            if (gcd > 0) {
                int shift = Math.max(0, (32 - Integer.numberOfLeadingZeros(max / gcd)) - tableBits);
                populate(servers, weights, gcd, shift, lookup);
            }
            return new MaglevHashingScheduler(lookup);
        }

        private int lastWeight(RealServer server) {
            int w = server.weight();
            if (w > 0) {
                lastWeights.put(server, w);
                return w;
            }
            Integer last = lastWeights.get(server);
            return last == null ? 0 : last;
        }

        private void populate(
                RealServer[] servers,
                int[] weights,
                int gcd,
                int shift,
                @Nullable RealServer[] lookup) {
            int n = servers.length;
            int[] next = new int[n];
            int[] skip = new int[n];
            int[] turns = new int[n];
            for (int i = 0; i < n; i++) {
                next[i] =
                        (int) Long.remainderUnsigned(slotHash(servers[i], OFFSET_SEED), tableSize);
                skip[i] =
                        (int) Long.remainderUnsigned(slotHash(servers[i], SKIP_SEED), tableSize - 1)
                                + 1;
                int t = (weights[i] / gcd) >> shift;
                turns[i] = t > 0 ? t : weights[i] > 0 ? 1 : 0;
            }
            boolean[] taken = new boolean[tableSize];
            int filled = 0;
            while (true) {
                for (int i = 0; i < n; i++) {
                    for (int turn = 0; turn < turns[i]; turn++) {
                        int c = next[i];
                        while (taken[c]) {
                            c += skip[i];
                            if (c >= tableSize) {
                                c -= tableSize;
                            }
                        }
                        taken[c] = true;
                        lookup[c] = servers[i];
                        next[i] = c;
                        if (++filled == tableSize) {
                            return;
                        }
                    }
                }
            }
        }

        private static boolean isPrime(int n) {
            for (int d = 2; (long) d * d <= n; d++) {
                if (n % d == 0) {
                    return false;
                }
            }
            return true;
        }

        private static int gcd(int a, int b) {
            while (b != 0) {
                int t = a % b;
                a = b;
                b = t;
            }
            return a;
        }

        private static long fnv(byte[] bytes) {
            long h = OFFSET_SEED;
            for (byte b : bytes) {
                h = (h ^ (b & 0xff)) * 0x100000001b3L;
            }
            return h;
        }
    }
}
