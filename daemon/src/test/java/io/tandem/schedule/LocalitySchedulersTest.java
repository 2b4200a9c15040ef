package io.tandem.schedule;

import static io.tandem.schedule.PoolFixture.address;
import static io.tandem.schedule.PoolFixture.flow;
import static io.tandem.schedule.PoolFixture.overloaded;
import static io.tandem.schedule.PoolFixture.pool;
import static io.tandem.schedule.PoolFixture.server;
import static io.tandem.schedule.PoolFixture.withConnections;
import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.pool.RealServer;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** lblc and lblcr: destination tables with IPVS's overload rule and expiry, on a fake clock. */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class LocalitySchedulersTest {
    private static final Duration EXPIRATION = Duration.ofMinutes(10);
    private static final Flow TO_D1 = flow("198.51.100.1", "203.0.113.1");
    private static final Flow TO_D1_OTHER_CLIENT = flow("198.51.100.2", "203.0.113.1");
    private static final Flow TO_D2 = flow("198.51.100.1", "203.0.113.2");

    private final AtomicLong clock = new AtomicLong(1_000_000_000L);
    private final RealServer a = server("10.0.0.1", 1);
    private final RealServer b = server("10.0.0.2", 1);

    private void advance(Duration d) {
        clock.addAndGet(d.toNanos());
    }

    @Test
    void lblcKeepsADestinationOnItsServerWhileOthersAreLessLoaded() {
        var s =
                new LocalityBasedLeastConnectionScheduler.Factory(EXPIRATION, clock::get)
                        .create(pool(a, b));

        assertThat(s.pick(TO_D1)).isSameAs(a);
        withConnections(a, 1, 300);
        // wlc would now choose b, but d1 stays on a: a has no more active connections than weight.
        assertThat(s.pick(TO_D1_OTHER_CLIENT)).isSameAs(a);
        assertThat(s.pick(TO_D2)).isSameAs(b);
    }

    @Test
    void lblcMovesADestinationWhenItsServerIsBusierThanAnIdlePeer() {
        RealServer c = server("10.0.0.3", 4);
        var s =
                new LocalityBasedLeastConnectionScheduler.Factory(EXPIRATION, clock::get)
                        .create(pool(a, b, c));
        assertThat(s.pick(TO_D1)).isSameAs(a);
        withConnections(a, 2, 0);
        withConnections(b, 1, 0);
        withConnections(c, 2, 0);
        // a: 2 active > weight 1, but no server has active*2 < weight: stay.
        assertThat(s.pick(TO_D1)).isSameAs(a);

        c.connectionEnded(true); // c: 1 active, 1*2 < 4
        // Now a is busier than an idle peer: rebind to the wlc choice, c (256/4).
        assertThat(s.pick(TO_D1)).isSameAs(c);
        assertThat(s.pick(TO_D1_OTHER_CLIENT)).isSameAs(c);
    }

    @Test
    void lblcReschedulesWhenTheCachedServerIsQuiescedOverloadedOrGone() {
        var factory = new LocalityBasedLeastConnectionScheduler.Factory(EXPIRATION, clock::get);
        assertThat(factory.create(pool(a, b)).pick(TO_D1)).isSameAs(a);

        assertThat(factory.create(pool(b)).pick(TO_D1)).isSameAs(b);
        b.setWeight(0);
        assertThat(factory.create(pool(a, b)).pick(TO_D1)).isSameAs(a);
        overloaded(a);
        assertThat(factory.create(pool(a, b)).pick(TO_D1)).isNull();
    }

    @Test
    void lblcEntryExpiresAfterTheExpirationWithoutUse() {
        var factory = new LocalityBasedLeastConnectionScheduler.Factory(EXPIRATION, clock::get);
        var s = factory.create(pool(a, b));
        assertThat(s.pick(TO_D1)).isSameAs(a);
        withConnections(a, 1, 0);

        advance(EXPIRATION.minusSeconds(1));
        assertThat(s.pick(TO_D1)).isSameAs(a); // used: the timeout starts again
        advance(EXPIRATION.minusSeconds(1));
        assertThat(s.pick(TO_D1)).isSameAs(a);
        advance(EXPIRATION);
        assertThat(s.pick(TO_D1)).isSameAs(b); // expired: scheduled afresh by wlc
    }

    @Test
    void localityTableCollectsExpiredEntries() {
        var factory = new LocalityBasedLeastConnectionScheduler.Factory(EXPIRATION, clock::get);
        var s = factory.create(pool(a, b));
        for (int d = 1; d <= 100; d++) {
            s.pick(flow("198.51.100.1", "203.0.113." + d));
        }
        assertThat(factory.table().size()).isEqualTo(100);

        advance(EXPIRATION);
        assertThat(factory.table().collect(clock.get())).isEqualTo(100);
        assertThat(factory.table().size()).isZero();
    }

    @Test
    void lblcrReplicatesADestinationOntoALessLoadedServer() {
        var factory = new ReplicatedLocalityScheduler.Factory(EXPIRATION, clock::get);
        var s = factory.create(pool(a, b));
        assertThat(s.pick(TO_D1)).isSameAs(a);

        withConnections(a, 2, 0); // a busier than idle b: b joins d1's set
        assertThat(s.pick(TO_D1)).isSameAs(b);
        assertThat(replicasOf(factory, "203.0.113.1")).containsExactly(a, b);

        // Both now serve d1: the less loaded member of the set wins.
        withConnections(b, 1, 0);
        assertThat(s.pick(TO_D1)).isSameAs(b);
        withConnections(b, 2, 0);
        assertThat(s.pick(TO_D1)).isSameAs(a);
    }

    @Test
    void lblcrDropsTheMostLoadedReplicaOnceTheSetIsUnchangedForTheExpiration() {
        var factory = new ReplicatedLocalityScheduler.Factory(EXPIRATION, clock::get);
        var s = factory.create(pool(a, b));
        s.pick(TO_D1);
        withConnections(a, 2, 0);
        s.pick(TO_D1);
        assertThat(replicasOf(factory, "203.0.113.1")).containsExactly(a, b);

        advance(EXPIRATION.minusSeconds(1));
        s.pick(TO_D1);
        assertThat(replicasOf(factory, "203.0.113.1")).containsExactly(a, b);
        advance(Duration.ofSeconds(2));
        assertThat(s.pick(TO_D1)).isSameAs(b);
        assertThat(replicasOf(factory, "203.0.113.1")).containsExactly(b);
    }

    @Test
    void lblcrNeverReturnsQuiescedOrOverloadedReplicas() {
        var factory = new ReplicatedLocalityScheduler.Factory(EXPIRATION, clock::get);
        assertThat(factory.create(pool(a, b)).pick(TO_D1)).isSameAs(a);
        a.setWeight(0);
        assertThat(factory.create(pool(a, b)).pick(TO_D1)).isSameAs(b);
        overloaded(b);
        assertThat(factory.create(pool(a, b)).pick(TO_D1)).isNull();
    }

    private RealServer[] replicasOf(
            ReplicatedLocalityScheduler.Factory factory, String destination) {
        var entry = factory.table().get(address(destination), clock.get());
        assertThat(entry).isNotNull();
        return entry == null ? new RealServer[0] : entry.servers;
    }
}
