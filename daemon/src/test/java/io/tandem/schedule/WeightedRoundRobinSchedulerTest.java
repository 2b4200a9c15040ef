package io.tandem.schedule;

import static io.tandem.schedule.PoolFixture.overloaded;
import static io.tandem.schedule.PoolFixture.picks;
import static io.tandem.schedule.PoolFixture.pool;
import static io.tandem.schedule.PoolFixture.server;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import io.tandem.pool.RealServer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
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

    @Test
    void concurrentPicksFollowTheSequenceExactly() throws Exception {
        RealServer a = server(A, 1);
        RealServer b = server(B, 2);
        RealServer c = server(C, 3);
        var s = factory.create(pool(a, b, c));
        int threads = 4;
        int each = 30_000;
        ExecutorService executor = Executors.newFixedThreadPool(threads);
        try {
            List<Future<Map<RealServer, Integer>>> results = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                results.add(
                        executor.submit(
                                () -> {
                                    Map<RealServer, Integer> counts = new HashMap<>();
                                    Flow flow = PoolFixture.flow("10.9.9.9");
                                    for (int i = 0; i < each; i++) {
                                        counts.merge(s.pick(flow), 1, Integer::sum);
                                    }
                                    return counts;
                                }));
            }
            Map<RealServer, Integer> total = new HashMap<>();
            for (var f : results) {
                f.get().forEach((k, v) -> total.merge(k, v, Integer::sum));
            }
            // Each successful compare-and-set is one step of c b c a b c: 120,000 steps split
            // 1:2:3.
            assertThat(total).containsOnly(entry(a, 20_000), entry(b, 40_000), entry(c, 60_000));
        } finally {
            executor.shutdownNow();
        }
    }
}
