package io.tandem.schedule;

import io.tandem.config.SchedulerKind;
import io.tandem.pool.PoolSnapshot;
import io.tandem.pool.RealServer;
import java.time.Duration;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;

/**
 * IPVS {@code lblc}: connections to one destination address go to the server that destination was
 * last given, so that a cache cluster keeps each origin's objects on one node. The cached server is
 * replaced by the {@code wlc} choice (least {@code (active × 256 + inactive) / weight}) when there
 * is none yet, when it left the pool, has weight 0 or is overloaded, or when it is <em>busier than
 * its peers</em>: more active connections than its weight while some server has fewer than half its
 * weight in active connections. Entries expire as described in {@link LocalityTable}. Null when no
 * server can take the connection.
 *
 * <p>IPVS does not check the threshold flag of the cached server; Tandem does, because no scheduler
 * may return an overloaded server.
 */
final class LocalityBasedLeastConnectionScheduler implements Scheduler {
    private final RealServer[] servers;
    private final Set<RealServer> members;
    private final LocalityTable<Binding> table;

    private LocalityBasedLeastConnectionScheduler(PoolSnapshot pool, LocalityTable<Binding> table) {
        this.servers = pool.servers().toArray(new RealServer[0]);
        this.members = identitySet(servers);
        this.table = table;
    }

    static Set<RealServer> identitySet(RealServer[] servers) {
        Set<RealServer> set = Collections.newSetFromMap(new IdentityHashMap<>());
        Collections.addAll(set, servers);
        return set;
    }

    /**
     * IPVS's locality overload rule: {@code server} has more active connections than its weight
     * while some server in the pool has fewer than half of its own.
     */
    static boolean busierThanPeers(RealServer server, RealServer[] servers) {
        if (server.activeConnections() <= server.weight()) {
            return false;
        }
        for (RealServer peer : servers) {
            if (peer.activeConnections() * 2L < peer.weight()) {
                return true;
            }
        }
        return false;
    }

    @Override
    public @Nullable RealServer pick(Flow flow) {
        var destination = flow.destination().getAddress();
        long now = table.now();
        Binding binding = table.get(destination, now);
        if (binding != null) {
            RealServer cached = binding.server;
            if (members.contains(cached)
                    && cached.weight() > 0
                    && !cached.overloaded()
                    && !busierThanPeers(cached, servers)) {
                return cached;
            }
        }
        RealServer chosen = WeightedLeastConnectionScheduler.leastLoaded(servers);
        if (chosen == null) {
            return null;
        }
        if (binding != null) {
            binding.server = chosen;
        } else {
            table.put(destination, new Binding(chosen, now), now);
        }
        return chosen;
    }

    /** One destination's server. */
    static final class Binding extends LocalityTable.Entry {
        volatile RealServer server;

        Binding(RealServer server, long now) {
            super(now);
            this.server = server;
        }
    }

    /**
     * Makes {@code lblc} schedulers. One factory per virtual server: it owns the destination table,
     * which outlives pool snapshots.
     */
    static final class Factory implements SchedulerFactory {
        private final LocalityTable<Binding> table;

        Factory() {
            this(LocalityTable.DEFAULT_EXPIRATION, System::nanoTime);
        }

        Factory(Duration expiration, LongSupplier nanoTime) {
            this.table = new LocalityTable<>(expiration, nanoTime);
        }

        @Override
        public SchedulerKind kind() {
            return SchedulerKind.LBLC;
        }

        @Override
        public Scheduler create(PoolSnapshot pool) {
            return new LocalityBasedLeastConnectionScheduler(pool, table);
        }

        LocalityTable<Binding> table() {
            return table;
        }
    }
}
