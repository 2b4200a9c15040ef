package io.tandem.schedule;

import io.tandem.pool.PoolSnapshot;
import io.tandem.pool.RealServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;

/**
 * Places new connections of one virtual server: persistence first, then the scheduler, then the
 * sorry server when no real server can take the connection. Lives as long as the virtual server;
 * the control thread swaps in a new pool snapshot with {@link #update}, event loops call {@link
 * #pick} lock-free.
 */
public final class Balancer {
    // Volatile, not final: ipvsadm -E and a reload swap the scheduler and persistence of a live
    // virtual server. An event loop may pair an old table with a new selection for one pick.
    private volatile SchedulerFactory schedulers;
    private volatile @Nullable PersistenceTable persistence;
    private volatile Selection selection;

    private Balancer(SchedulerFactory schedulers, @Nullable PersistenceTable persistence) {
        this.schedulers = schedulers;
        this.persistence = persistence;
        this.selection =
                new Selection(PoolSnapshot.EMPTY, schedulers.create(PoolSnapshot.EMPTY), null);
    }

    /** A balancer without persistence. */
    public static Balancer of(SchedulerFactory schedulers) {
        return new Balancer(schedulers, null);
    }

    /**
     * A balancer with IPVS persistence: clients (masked to {@code prefixLength} bits) stick to a
     * server until {@code timeout} passes with none of their connections open.
     */
    public static Balancer persistent(
            SchedulerFactory schedulers,
            Duration timeout,
            int prefixLength,
            LongSupplier nanoTime) {
        return new Balancer(schedulers, new PersistenceTable(timeout, prefixLength, nanoTime));
    }

    /**
     * Control thread: a new scheduler (ipvsadm -E -s, or a reload) for the current pool. Open
     * connections keep their servers; only new ones are placed by {@code factory}.
     */
    public void setScheduler(SchedulerFactory factory) {
        Selection s = selection;
        schedulers = factory;
        selection = new Selection(s.pool, factory.create(s.pool), s.sorryServer);
    }

    /** The scheduler's factory in use now. */
    public SchedulerFactory scheduler() {
        return schedulers;
    }

    /**
     * Control thread: turns persistence on (a fresh table: clients are placed anew), changes its
     * timeout or granularity (bindings are dropped), or off when {@code timeout} is zero. Keeps the
     * table when nothing changes.
     */
    public void setPersistence(Duration timeout, int prefixLength, LongSupplier nanoTime) {
        PersistenceTable table = persistence;
        if (timeout.isZero()) {
            persistence = null;
        } else if (table == null
                || !table.timeout().equals(timeout)
                || table.prefixLength() != prefixLength) {
            persistence = new PersistenceTable(timeout, prefixLength, nanoTime);
        }
    }

    /** How many persistence bindings to {@code server} exist now (ipvsadm --persistent-conn). */
    public int persistentConnections(RealServer server) {
        PersistenceTable table = persistence;
        return table == null ? 0 : table.boundTo(server);
    }

    /** Control thread: publishes a new pool and sorry server. */
    public void update(PoolSnapshot pool, @Nullable RealServer sorryServer) {
        selection = new Selection(pool, schedulers.create(pool), sorryServer);
    }

    public PoolSnapshot pool() {
        return selection.pool;
    }

    public @Nullable RealServer sorryServer() {
        return selection.sorryServer;
    }

    /**
     * The server for a new connection, or null when none can take it and there is no sorry server.
     */
    public @Nullable RealServer pick(Flow flow) {
        Selection s = selection;
        PersistenceTable table = persistence;
        if (table != null) {
            RealServer bound = table.lookup(flow.client().getAddress(), s::contains);
            if (bound != null) {
                return bound;
            }
        }
        RealServer chosen = s.scheduler.pick(flow);
        if (chosen == null) {
            return s.sorryServer;
        }
        if (table != null) {
            table.remember(flow.client().getAddress(), chosen);
        }
        return chosen;
    }

    /**
     * A second choice after connecting to {@code failed} did not work: the same rule over the pool
     * without it. Rare path, so it may allocate.
     */
    public @Nullable RealServer retry(Flow flow, RealServer failed) {
        Selection s = selection;
        PersistenceTable table = persistence;
        List<RealServer> others = new ArrayList<>(s.pool.servers());
        others.remove(failed);
        RealServer chosen =
                others.isEmpty() ? null : schedulers.create(new PoolSnapshot(others)).pick(flow);
        if (chosen == null) {
            chosen = s.sorryServer != failed ? s.sorryServer : null;
        } else if (table != null) {
            table.release(flow.client().getAddress(), failed);
            table.remember(flow.client().getAddress(), chosen);
        }
        return chosen;
    }

    /** A connection placed by {@link #pick} or {@link #retry} ended. */
    public void release(Flow flow, RealServer server) {
        PersistenceTable table = persistence;
        if (table != null) {
            table.release(flow.client().getAddress(), server);
        }
    }

    /** Drops expired persistence entries; the control thread calls it every few seconds. */
    public int expirePersistence() {
        PersistenceTable table = persistence;
        return table == null ? 0 : table.expire();
    }

    private static final class Selection {
        final PoolSnapshot pool;
        final Scheduler scheduler;
        final @Nullable RealServer sorryServer;
        private final Set<RealServer> members;

        Selection(PoolSnapshot pool, Scheduler scheduler, @Nullable RealServer sorryServer) {
            this.pool = pool;
            this.scheduler = scheduler;
            this.sorryServer = sorryServer;
            Set<RealServer> set = Collections.newSetFromMap(new IdentityHashMap<>());
            set.addAll(pool.servers());
            this.members = set;
        }

        boolean contains(RealServer server) {
            return members.contains(server);
        }
    }
}
