package io.tandem.schedule;

import io.tandem.config.SchedulerKind;
import io.tandem.pool.PoolSnapshot;
import io.tandem.pool.RealServer;
import java.net.InetAddress;
import java.time.Duration;
import java.util.Arrays;
import java.util.Set;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;

/**
 * IPVS {@code lblcr} (locality-based least connection with replication): each destination address
 * maps to a <em>set</em> of servers; a connection goes to the set's member with the least {@code
 * (active × 256 + inactive) / weight}. When the set has no usable member, or that member is busier
 * than its peers (more active connections than its weight while some server in the pool has fewer
 * than half its weight), the pool-wide {@code wlc} choice is added to the set and takes the
 * connection. When a set of several servers has not changed for the expiration time, its most
 * loaded member is dropped, so replication shrinks back when the load falls. Entries expire as
 * described in {@link LocalityTable}. Null when no server can take the connection.
 *
 * <p>Reading a set is lock-free (copy-on-write array); changing one locks that entry, as IPVS takes
 * its scheduler lock there. Servers that left the pool are ignored and dropped on the next change.
 */
final class ReplicatedLocalityScheduler implements Scheduler {
    private final RealServer[] servers;
    private final Set<RealServer> members;
    private final LocalityTable<Replicas> table;

    private ReplicatedLocalityScheduler(PoolSnapshot pool, LocalityTable<Replicas> table) {
        this.servers = pool.servers().toArray(new RealServer[0]);
        this.members = LocalityBasedLeastConnectionScheduler.identitySet(servers);
        this.table = table;
    }

    @Override
    public @Nullable RealServer pick(Flow flow) {
        InetAddress destination = flow.destination().getAddress();
        long now = table.now();
        Replicas entry = table.get(destination, now);
        if (entry == null) {
            RealServer chosen = WeightedLeastConnectionScheduler.leastLoaded(servers);
            if (chosen != null) {
                table.put(destination, new Replicas(chosen, now), now);
            }
            return chosen;
        }
        RealServer least = leastLoadedMember(entry.servers);
        if (entry.servers.length > 1 && now - entry.lastModified > table.expirationNanos()) {
            entry.shrink(this, now);
        }
        if (least != null
                && !LocalityBasedLeastConnectionScheduler.busierThanPeers(least, servers)) {
            return least;
        }
        RealServer chosen = WeightedLeastConnectionScheduler.leastLoaded(servers);
        if (chosen != null) {
            entry.add(chosen, this, now);
        }
        return chosen;
    }

    // IPVS's ip_vs_dest_set_min, restricted to servers still in the pool.
    private @Nullable RealServer leastLoadedMember(RealServer[] set) {
        RealServer least = null;
        long leastOverhead = 0;
        long leastWeight = 0;
        for (RealServer s : set) {
            int w = s.weight();
            if (w == 0 || s.overloaded() || !members.contains(s)) {
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

    // IPVS's ip_vs_dest_set_max: the member with the most overhead per weight.
    private @Nullable RealServer mostLoadedMember(RealServer[] set) {
        RealServer most = null;
        long mostOverhead = 0;
        long mostWeight = 0;
        for (RealServer s : set) {
            int w = s.weight();
            if (w == 0 || !members.contains(s)) {
                continue;
            }
            long o = LeastConnectionScheduler.overhead(s);
            if (most == null || mostOverhead * w < o * mostWeight) {
                most = s;
                mostOverhead = o;
                mostWeight = w;
            }
        }
        return most;
    }

    /** One destination's server set. */
    static final class Replicas extends LocalityTable.Entry {
        volatile RealServer[] servers;
        volatile long lastModified;

        Replicas(RealServer first, long now) {
            super(now);
            this.servers = new RealServer[] {first};
            this.lastModified = now;
        }

        synchronized void add(RealServer server, ReplicatedLocalityScheduler scheduler, long now) {
            RealServer[] current = servers;
            for (RealServer s : current) {
                if (s == server) {
                    return;
                }
            }
            RealServer[] kept =
                    Arrays.stream(current)
                            .filter(scheduler.members::contains)
                            .toArray(RealServer[]::new);
            RealServer[] grown = Arrays.copyOf(kept, kept.length + 1);
            grown[kept.length] = server;
            servers = grown;
            lastModified = now;
        }

        synchronized void shrink(ReplicatedLocalityScheduler scheduler, long now) {
            RealServer[] current = servers;
            if (current.length <= 1 || now - lastModified <= scheduler.table.expirationNanos()) {
                return;
            }
            RealServer most = scheduler.mostLoadedMember(current);
            if (most == null) {
                return;
            }
            servers = Arrays.stream(current).filter(s -> s != most).toArray(RealServer[]::new);
            lastModified = now;
        }
    }

    /**
     * Makes {@code lblcr} schedulers. One factory per virtual server: it owns the destination
     * table, which outlives pool snapshots.
     */
    static final class Factory implements SchedulerFactory {
        private final LocalityTable<Replicas> table;

        Factory() {
            this(LocalityTable.DEFAULT_EXPIRATION, System::nanoTime);
        }

        Factory(Duration expiration, LongSupplier nanoTime) {
            this.table = new LocalityTable<>(expiration, nanoTime);
        }

        @Override
        public SchedulerKind kind() {
            return SchedulerKind.LBLCR;
        }

        @Override
        public Scheduler create(PoolSnapshot pool) {
            return new ReplicatedLocalityScheduler(pool, table);
        }

        LocalityTable<Replicas> table() {
            return table;
        }
    }
}
