package io.tandem.schedule;

import static io.tandem.schedule.PoolFixture.flow;
import static io.tandem.schedule.PoolFixture.overloaded;
import static io.tandem.schedule.PoolFixture.pool;
import static io.tandem.schedule.PoolFixture.server;
import static io.tandem.schedule.PoolFixture.withConnections;
import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.pool.RealServer;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** lc, wlc, sed and nq pick exactly the server their overhead formula names. */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class ConnectionCountSchedulersTest {
    private static final Flow FLOW = flow("198.51.100.7");

    // overhead = active*256 + inactive: a = 512, b = 556, c = 511.
    private final RealServer a = withConnections(server("10.0.0.1", 1), 2, 0);
    private final RealServer b = withConnections(server("10.0.0.2", 3), 1, 300);
    private final RealServer c = withConnections(server("10.0.0.3", 1), 0, 511);

    @Test
    void lcPicksLeastActiveTimes256PlusInactive() {
        assertThat(new LeastConnectionScheduler.Factory().create(pool(a, b, c)).pick(FLOW))
                .isSameAs(c);
    }

    @Test
    void lcIgnoresWeightButSkipsQuiescedAndOverloaded() {
        RealServer idleButQuiesced = server("10.0.0.4", 0);
        RealServer idleButOverloaded = overloaded(server("10.0.0.5", 9));

        assertThat(
                        new LeastConnectionScheduler.Factory()
                                .create(pool(idleButQuiesced, idleButOverloaded, a, b))
                                .pick(FLOW))
                .isSameAs(a);
    }

    @Test
    void lcBreaksTiesByPoolOrder() {
        RealServer x = server("10.0.0.7", 1);
        RealServer y = server("10.0.0.8", 1);

        assertThat(new LeastConnectionScheduler.Factory().create(pool(x, y)).pick(FLOW))
                .isSameAs(x);
    }

    // overhead/weight: a = 512/1, b = 556/3 ≈ 185, c = 511/1.
    @Test
    void wlcPicksLeastOverheadPerWeight() {
        assertThat(new WeightedLeastConnectionScheduler.Factory().create(pool(a, b, c)).pick(FLOW))
                .isSameAs(b);
    }

    @Test
    void wlcComparesByCrossMultiplicationSoEqualRatiosKeepTheFirst() {
        RealServer x = withConnections(server("10.0.0.7", 2), 1, 0); // 256/2
        RealServer y = withConnections(server("10.0.0.8", 4), 2, 0); // 512/4

        assertThat(new WeightedLeastConnectionScheduler.Factory().create(pool(x, y)).pick(FLOW))
                .isSameAs(x);
    }

    // (active+1)/weight: a = 3/1, b = 2/3, c = 1/1.
    @Test
    void sedPicksLeastActivePlusOneOverWeight() {
        assertThat(new ShortestExpectedDelayScheduler.Factory().create(pool(a, b, c)).pick(FLOW))
                .isSameAs(b);
    }

    @Test
    void sedIgnoresInactiveConnections() {
        RealServer x = withConnections(server("10.0.0.7", 1), 1, 0); // 2/1
        RealServer y = withConnections(server("10.0.0.8", 1), 0, 10_000); // 1/1

        assertThat(new ShortestExpectedDelayScheduler.Factory().create(pool(x, y)).pick(FLOW))
                .isSameAs(y);
    }

    @Test
    void nqPrefersAServerWithNoActiveConnection() {
        // c has no active connection: it wins although sed would choose b.
        assertThat(new NeverQueueScheduler.Factory().create(pool(a, b, c)).pick(FLOW)).isSameAs(c);
    }

    @Test
    void nqFallsBackToSedWhenEveryServerIsBusy() {
        RealServer busyC = withConnections(server("10.0.0.3", 1), 1, 0); // 2/1

        assertThat(new NeverQueueScheduler.Factory().create(pool(a, b, busyC)).pick(FLOW))
                .isSameAs(b);
    }

    @Test
    void nqSkipsIdleServerThatIsQuiescedOrOverloaded() {
        RealServer quiesced = server("10.0.0.4", 0);
        RealServer full = overloaded(server("10.0.0.5", 5));

        assertThat(new NeverQueueScheduler.Factory().create(pool(quiesced, full, a, b)).pick(FLOW))
                .isSameAs(b);
    }

    @Test
    void everyConnectionCountSchedulerReturnsNothingWhenNoServerCanTakeIt() {
        var pool = pool(server("10.0.0.4", 0), overloaded(server("10.0.0.5", 5)));

        assertThat(new LeastConnectionScheduler.Factory().create(pool).pick(FLOW)).isNull();
        assertThat(new WeightedLeastConnectionScheduler.Factory().create(pool).pick(FLOW)).isNull();
        assertThat(new ShortestExpectedDelayScheduler.Factory().create(pool).pick(FLOW)).isNull();
        assertThat(new NeverQueueScheduler.Factory().create(pool).pick(FLOW)).isNull();
    }
}
