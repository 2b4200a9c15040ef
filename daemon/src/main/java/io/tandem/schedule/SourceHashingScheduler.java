package io.tandem.schedule;

import io.tandem.config.SchedulerKind;
import io.tandem.pool.PoolSnapshot;
import io.tandem.pool.RealServer;
import org.jspecify.annotations.Nullable;

/**
 * IPVS {@code sh}: the client's address is hashed into IPVS's 256-bucket table, dealt to the
 * servers by weight ({@link HashBuckets}), so a client keeps reaching the same server while the
 * pool is unchanged. When the server in the client's bucket has weight 0 or is overloaded the
 * connection gets no server (null), as IPVS does without its {@code sh-fallback} flag, which Tandem
 * does not offer; the client's port is not hashed ({@code sh-port} is not offered either).
 */
final class SourceHashingScheduler implements Scheduler {
    private final HashBuckets buckets;

    SourceHashingScheduler(PoolSnapshot pool) {
        this.buckets = new HashBuckets(pool);
    }

    @Override
    public @Nullable RealServer pick(Flow flow) {
        // An L7 virtual server's hash_key (a header or cookie value) replaces the client address.
        String key = flow.hashKey();
        return key != null ? buckets.serverFor(key) : buckets.serverFor(flow.client().getAddress());
    }

    /** Makes {@code sh} schedulers. */
    record Factory() implements SchedulerFactory {
        @Override
        public SchedulerKind kind() {
            return SchedulerKind.SH;
        }

        @Override
        public Scheduler create(PoolSnapshot pool) {
            return new SourceHashingScheduler(pool);
        }
    }
}
