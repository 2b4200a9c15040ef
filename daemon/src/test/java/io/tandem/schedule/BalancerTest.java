package io.tandem.schedule;

import static io.tandem.schedule.PoolFixture.flow;
import static io.tandem.schedule.PoolFixture.pool;
import static io.tandem.schedule.PoolFixture.server;
import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.pool.RealServer;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 10, unit = TimeUnit.SECONDS)
class BalancerTest {
    private static final Duration TIMEOUT = Duration.ofMinutes(5);

    private final long[] clock = {5_000_000_000L};
    private final RealServer a = server("10.0.0.1", 1);
    private final RealServer b = server("10.0.0.2", 1);
    private final RealServer c = server("10.0.0.3", 1);

    private Balancer persistentRoundRobin() {
        Balancer balancer =
                Balancer.persistent(new RoundRobinScheduler.Factory(), TIMEOUT, 24, () -> clock[0]);
        balancer.update(pool(a, b, c), null);
        return balancer;
    }

    private void advance(Duration d) {
        clock[0] += d.toNanos();
    }

    @Test
    void persistenceSendsAClientAndItsPrefixBackToTheSameServer() {
        Balancer balancer = persistentRoundRobin();

        assertThat(balancer.pick(flow("198.51.100.1"))).isSameAs(a);
        // Same /24: round robin would say b, persistence says a.
        assertThat(balancer.pick(flow("198.51.100.200"))).isSameAs(a);
        assertThat(balancer.pick(flow("198.51.100.1"))).isSameAs(a);
        assertThat(balancer.pick(flow("198.51.101.1"))).isSameAs(b);
    }

    @Test
    void persistenceExpiresAfterTheTimeoutOnceNoConnectionIsOpen() {
        Balancer balancer = persistentRoundRobin();
        Flow flow = flow("198.51.100.1");
        assertThat(balancer.pick(flow)).isSameAs(a);
        balancer.release(flow, a);

        advance(TIMEOUT.minusSeconds(1));
        assertThat(balancer.pick(flow)).isSameAs(a);
        balancer.release(flow, a);

        advance(TIMEOUT);
        assertThat(balancer.pick(flow)).isSameAs(b);
    }

    @Test
    void persistenceNeverExpiresWhileAConnectionIsOpen() {
        Balancer balancer = persistentRoundRobin();
        Flow flow = flow("198.51.100.1");
        assertThat(balancer.pick(flow)).isSameAs(a);

        advance(TIMEOUT.multipliedBy(100));
        assertThat(balancer.expirePersistence()).isZero();
        assertThat(balancer.pick(flow)).isSameAs(a);
    }

    @Test
    void expiredPersistenceEntriesAreDropped() {
        Balancer balancer = persistentRoundRobin();
        Flow flow = flow("198.51.100.1");
        balancer.pick(flow);
        balancer.release(flow, a);

        advance(TIMEOUT);
        assertThat(balancer.expirePersistence()).isEqualTo(1);
    }

    @Test
    void retryNeverReturnsTheFailedServer() {
        Balancer balancer = Balancer.of(new RoundRobinScheduler.Factory());
        balancer.update(pool(a, b, c), null);
        Flow flow = flow("198.51.100.1");

        for (RealServer failed : new RealServer[] {a, b, c, a, b, c}) {
            RealServer second = balancer.retry(flow, failed);
            assertThat(second).isNotNull().isNotSameAs(failed);
        }
    }

    @Test
    void retryOfAPersistentClientRebindsItToTheNewServer() {
        Balancer balancer = persistentRoundRobin();
        Flow flow = flow("198.51.100.1");
        assertThat(balancer.pick(flow)).isSameAs(a);

        RealServer second = balancer.retry(flow, a);
        assertThat(second).isNotNull().isNotSameAs(a);
        assertThat(balancer.pick(flow)).isSameAs(second);
    }

    @Test
    void retryWithOnlyTheFailedServerFallsBackToTheSorryServerButNeverTheFailedOne() {
        RealServer sorry = server("10.0.9.9", 1);
        Balancer balancer = Balancer.of(new RoundRobinScheduler.Factory());
        balancer.update(pool(a), sorry);

        assertThat(balancer.retry(flow("198.51.100.1"), a)).isSameAs(sorry);
        assertThat(balancer.retry(flow("198.51.100.1"), sorry)).isSameAs(a);
    }

    @Test
    void sorryServerTakesConnectionsNoRealServerCanTake() {
        RealServer sorry = server("10.0.9.9", 1);
        Balancer balancer = Balancer.of(new WeightedLeastConnectionScheduler.Factory());
        a.setWeight(0);
        balancer.update(pool(a), sorry);

        assertThat(balancer.pick(flow("198.51.100.1"))).isSameAs(sorry);
        balancer.update(pool(), sorry);
        assertThat(balancer.pick(flow("198.51.100.1"))).isSameAs(sorry);
        balancer.update(pool(), null);
        assertThat(balancer.pick(flow("198.51.100.1"))).isNull();
    }
}
