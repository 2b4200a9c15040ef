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
    private final SchedulerFactory schedulers;
    private final @Nullable PersistenceTable persistence;
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
        List<RealServer> others = new ArrayList<>(s.pool.servers());
        others.remove(failed);
        RealServer chosen =
                others.isEmpty() ? null : schedulers.create(new PoolSnapshot(others)).pick(flow);
        if (chosen == null) {
            chosen = s.sorryServer != failed ? s.sorryServer : null;
        } else if (persistence != null) {
            persistence.release(flow.client().getAddress(), failed);
            persistence.remember(flow.client().getAddress(), chosen);
        }
        return chosen;
    }

    /** A connection placed by {@link #pick} or {@link #retry} ended. */
    public void release(Flow flow, RealServer server) {
        if (persistence != null) {
            persistence.release(flow.client().getAddress(), server);
        }
    }

    /** Drops expired persistence entries; the control thread calls it every few seconds. */
    public int expirePersistence() {
        return persistence == null ? 0 : persistence.expire();
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
