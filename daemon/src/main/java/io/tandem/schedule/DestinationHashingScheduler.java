package io.tandem.schedule;

import io.tandem.config.SchedulerKind;
import io.tandem.pool.PoolSnapshot;
import io.tandem.pool.RealServer;
import org.jspecify.annotations.Nullable;

/**
 * IPVS {@code dh}: the destination address the client reached is hashed into IPVS's 256-bucket
 * table, dealt to the servers by weight ({@link HashBuckets}), so every connection to one
 * destination lands on the same server (cache clusters in front of many origin addresses). When the
 * server in that bucket has weight 0 or is overloaded the connection gets no server (null), as in
 * IPVS, which has no fallback for {@code dh}.
 */
final class DestinationHashingScheduler implements Scheduler {
    private final HashBuckets buckets;

    DestinationHashingScheduler(PoolSnapshot pool) {
        this.buckets = new HashBuckets(pool);
    }

    @Override
    public @Nullable RealServer pick(Flow flow) {
        return buckets.serverFor(flow.destination().getAddress());
    }

    /** Makes {@code dh} schedulers. */
    record Factory() implements SchedulerFactory {
        @Override
        public SchedulerKind kind() {
            return SchedulerKind.DH;
        }

        @Override
        public Scheduler create(PoolSnapshot pool) {
            return new DestinationHashingScheduler(pool);
        }
    }
}
