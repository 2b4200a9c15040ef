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

/** fo and ovf: the highest weight wins, in their two ways of falling through. */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class WeightOrderSchedulersTest {
    private static final Flow FLOW = flow("198.51.100.7");

    @Test
    void foPicksHighestWeightFirstInPoolOrderOnTies() {
        RealServer a = server("10.0.0.1", 2);
        RealServer b = server("10.0.0.2", 5);
        RealServer c = server("10.0.0.3", 5);
        var s = new WeightedFailoverScheduler.Factory().create(pool(a, b, c));

        assertThat(s.pick(FLOW)).isSameAs(b);
        assertThat(s.pick(FLOW)).isSameAs(b);
    }

    @Test
    void foFailsOverPastOverloadedAndQuiescedServers() {
        RealServer a = server("10.0.0.1", 2);
        RealServer b = overloaded(server("10.0.0.2", 5));
        RealServer c = server("10.0.0.3", 4);
        RealServer d = server("10.0.0.4", 0);
        var fo = new WeightedFailoverScheduler.Factory();

        assertThat(fo.create(pool(a, b, c, d)).pick(FLOW)).isSameAs(c);
        c.setWeight(0);
        assertThat(fo.create(pool(a, b, c, d)).pick(FLOW)).isSameAs(a);
        a.setWeight(0);
        assertThat(fo.create(pool(a, b, c, d)).pick(FLOW)).isNull();
    }

    @Test
    void foIgnoresConnectionCounts() {
        RealServer a = withConnections(server("10.0.0.1", 3), 500, 500);
        RealServer b = server("10.0.0.2", 1);

        assertThat(new WeightedFailoverScheduler.Factory().create(pool(b, a)).pick(FLOW))
                .isSameAs(a);
    }

    @Test
    void ovfKeepsHighestWeightUntilItsActiveConnectionsExceedItsWeight() {
        RealServer a = server("10.0.0.1", 1);
        RealServer b = server("10.0.0.2", 3);
        var s = new WeightedOverflowScheduler.Factory().create(pool(a, b));

        assertThat(s.pick(FLOW)).isSameAs(b);
        withConnections(b, 3, 0);
        // ip_vs_ovf.c skips a server only when active > weight: 3 active of weight 3 still counts.
        assertThat(s.pick(FLOW)).isSameAs(b);
        withConnections(b, 1, 0);
        assertThat(s.pick(FLOW)).isSameAs(a);
        withConnections(a, 2, 0);
        assertThat(s.pick(FLOW)).isNull();
    }

    @Test
    void ovfSkipsOverloadedAndQuiescedServers() {
        RealServer a = server("10.0.0.1", 1);
        RealServer b = overloaded(server("10.0.0.2", 9));
        RealServer c = server("10.0.0.3", 0);

        assertThat(new WeightedOverflowScheduler.Factory().create(pool(c, b, a)).pick(FLOW))
                .isSameAs(a);
    }
}
