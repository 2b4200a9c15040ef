package io.tandem.testing;

import io.tandem.config.SchedulerKind;
import io.tandem.pool.PoolSnapshot;
import io.tandem.pool.RealServer;
import io.tandem.schedule.Scheduler;
import io.tandem.schedule.SchedulerFactory;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Plain round robin in pool order, skipping weight 0 and overloaded servers. A stand-in so proxy
 * tests do not depend on the real schedulers; each new snapshot starts again at the first server.
 */
public final class RoundRobinSchedulerFactory implements SchedulerFactory {

    @Override
    public SchedulerKind kind() {
        return SchedulerKind.RR;
    }

    @Override
    public Scheduler create(PoolSnapshot pool) {
        List<RealServer> servers = pool.servers();
        AtomicInteger next = new AtomicInteger();
        return flow -> {
            for (int tried = 0; tried < servers.size(); tried++) {
                RealServer s = servers.get(Math.floorMod(next.getAndIncrement(), servers.size()));
                if (s.weight() > 0 && !s.overloaded()) {
                    return s;
                }
            }
            return null;
        };
    }
}
