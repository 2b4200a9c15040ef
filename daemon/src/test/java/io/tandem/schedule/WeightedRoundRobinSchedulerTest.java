package io.tandem.schedule;

import static io.tandem.schedule.PoolFixture.overloaded;
import static io.tandem.schedule.PoolFixture.picks;
import static io.tandem.schedule.PoolFixture.pool;
import static io.tandem.schedule.PoolFixture.server;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 10, unit = TimeUnit.SECONDS)
class WeightedRoundRobinSchedulerTest {
    private static final String A = "10.0.0.1";
    private static final String B = "10.0.0.2";
    private static final String C = "10.0.0.3";

    private final WeightedRoundRobinScheduler.Factory factory =
            new WeightedRoundRobinScheduler.Factory();

    // Derived by hand from IPVS: cw starts at max weight 3 and steps down by gcd 1 on each wrap.
    // cw=3: c | cw=2: b, c | cw=1: a, b, c | back to cw=3: c ...
    @Test
    void wrrFollowsGcdSteppedOrder() {
        var s = factory.create(pool(server(A, 1), server(B, 2), server(C, 3)));

        assertThat(picks(s, 12)).containsExactly(C, B, C, A, B, C, C, B, C, A, B, C);
    }

    // gcd 2: the maximum becomes 6 - (2 - 1) = 5, steps 5, 3, 1: the same order as 1:2:3.
    @Test
    void wrrStepsByTheGcdOfTheWeights() {
        var s = factory.create(pool(server(A, 2), server(B, 4), server(C, 6)));

        assertThat(picks(s, 6)).containsExactly(C, B, C, A, B, C);
    }

    @Test
    void wrrSkipsOverloadedServerAsIfAbsentFromTheOrder() {
        var s = factory.create(pool(server(A, 1), server(B, 2), overloaded(server(C, 3))));

        assertThat(picks(s, 6)).containsExactly(B, A, B, B, A, B);
    }

    @Test
    void wrrNeverPicksQuiescedServer() {
        var s = factory.create(pool(server(A, 0), server(B, 1), server(C, 2)));

        assertThat(picks(s, 6)).containsExactly(C, B, C, C, B, C);
    }

    @Test
    void wrrReturnsNothingWhenEveryServerIsQuiescedOrOverloaded() {
        assertThat(picks(factory.create(pool(server(A, 0), server(B, 0))), 2))
                .containsExactly("none", "none");
        assertThat(
                        picks(
                                factory.create(
                                        pool(overloaded(server(A, 5)), overloaded(server(B, 3)))),
                                2))
                .containsExactly("none", "none");
    }
}
