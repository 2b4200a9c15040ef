package io.tandem.schedule;

import io.tandem.pool.RealServer;
import org.jspecify.annotations.Nullable;

/**
 * One IPVS scheduling algorithm bound to one pool snapshot. Called on event loops for every new
 * connection: never blocks, does no I/O, allocates nothing on the common path. Implementations are
 * thread-safe (several event loops pick concurrently).
 */
public interface Scheduler {

    /**
     * The real server for a new connection, or null when no listed server may take it (all have
     * weight 0 or are overloaded). Servers with weight 0 or {@link RealServer#overloaded()} are
     * never returned.
     */
    @Nullable RealServer pick(Flow flow);
}
