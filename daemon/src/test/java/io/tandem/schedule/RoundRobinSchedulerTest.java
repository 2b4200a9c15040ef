package io.tandem.schedule;

import static io.tandem.schedule.PoolFixture.overloaded;
import static io.tandem.schedule.PoolFixture.picks;
import static io.tandem.schedule.PoolFixture.pool;
import static io.tandem.schedule.PoolFixture.server;
import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.pool.PoolSnapshot;
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
class RoundRobinSchedulerTest {
    private final RoundRobinScheduler.Factory factory = new RoundRobinScheduler.Factory();

    @Test
    void rrCyclesThroughServersInPoolOrder() {
        var s =
                factory.create(
                        pool(server("10.0.0.1", 1), server("10.0.0.2", 5), server("10.0.0.3", 1)));

        assertThat(picks(s, 7))
                .containsExactly(
                        "10.0.0.1",
                        "10.0.0.2",
                        "10.0.0.3",
                        "10.0.0.1",
                        "10.0.0.2",
                        "10.0.0.3",
                        "10.0.0.1");
    }

    @Test
    void rrSkipsQuiescedServer() {
        var s =
                factory.create(
                        pool(server("10.0.0.1", 1), server("10.0.0.2", 0), server("10.0.0.3", 1)));

        assertThat(picks(s, 4)).containsExactly("10.0.0.1", "10.0.0.3", "10.0.0.1", "10.0.0.3");
    }

    @Test
    void rrSkipsOverloadedServer() {
        var s =
                factory.create(
                        pool(
                                server("10.0.0.1", 1),
                                server("10.0.0.2", 1),
                                overloaded(server("10.0.0.3", 1))));

        assertThat(picks(s, 4)).containsExactly("10.0.0.1", "10.0.0.2", "10.0.0.1", "10.0.0.2");
    }

    @Test
    void rrReturnsNothingWhenNoServerCanTakeTheConnection() {
        var s = factory.create(pool(server("10.0.0.1", 0), overloaded(server("10.0.0.2", 1))));

        assertThat(picks(s, 2)).containsExactly("none", "none");
        assertThat(factory.create(pool()).pick(PoolFixture.flow("10.9.9.9"))).isNull();
    }

    @Test
    void concurrentPicksShareTheRotationExactly() throws Exception {
        List<RealServer> servers =
                List.of(server("10.0.0.1", 1), server("10.0.0.2", 1), server("10.0.0.3", 1));
        var s = factory.create(new PoolSnapshot(servers));
        int threads = 4;
        int each = 30_000;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<Map<RealServer, Integer>>> results = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                results.add(
                        pool.submit(
                                () -> {
                                    Map<RealServer, Integer> counts = new HashMap<>();
                                    var flow = PoolFixture.flow("10.9.9.9");
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
            // Every successful compare-and-set advances the rotation by exactly one server.
            assertThat(total.values()).containsOnly(threads * each / 3);
        } finally {
            pool.shutdownNow();
        }
    }
}
