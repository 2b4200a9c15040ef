package io.tandem.schedule;

import io.tandem.config.SchedulerKind;
import io.tandem.pool.PoolSnapshot;

/**
 * Makes a {@link Scheduler} for each new pool snapshot. Called on the control thread; may
 * precompute tables (wrr's sequence, maglev's lookup table).
 */
public interface SchedulerFactory {

    SchedulerKind kind();

    /** The IPVS short name, e.g. {@code wlc}. */
    default String name() {
        return kind().ipvsName();
    }

    Scheduler create(PoolSnapshot pool);
}
