package io.tandem.schedule;

import static io.tandem.schedule.PoolFixture.flow;
import static io.tandem.schedule.PoolFixture.overloaded;
import static io.tandem.schedule.PoolFixture.pool;
import static io.tandem.schedule.PoolFixture.server;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.tandem.pool.PoolSnapshot;
import io.tandem.pool.RealServer;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** sh and dh: IPVS's 256 buckets dealt by weight. */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class HashingSchedulersTest {
    private final RealServer a = server("10.0.0.1", 1);
    private final RealServer b = server("10.0.0.2", 2);
    private final RealServer c = server("10.0.0.3", 3);

    @Test
    void bucketsAreDealtInPoolOrderByWeight() {
        HashBuckets buckets = new HashBuckets(pool(a, b, c));

        assertThat(
                        new RealServer[] {
                            buckets.bucket(0),
                            buckets.bucket(1),
                            buckets.bucket(2),
                            buckets.bucket(3),
                            buckets.bucket(4),
                            buckets.bucket(5),
                            buckets.bucket(6)
                        })
                .containsExactly(a, b, b, c, c, c, a);
    }

    @Test
    void shSendsTheSameClientToTheSameServer() {
        var sh = new SourceHashingScheduler.Factory().create(pool(a, b, c));
        SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < 1000; i++) {
            int client = random.nextInt();
            RealServer first = sh.pick(flow(client));
            assertThat(sh.pick(flow(client))).isNotNull().isSameAs(first);
        }
    }

    @Test
    void shSpreadsClientsByWeight() {
        var sh = new SourceHashingScheduler.Factory().create(pool(a, b, c));
        Map<RealServer, Integer> counts = new HashMap<>();
        SplittableRandom random = new SplittableRandom(11);
        int clients = 60_000;
        for (int i = 0; i < clients; i++) {
            counts.merge(sh.pick(flow(random.nextInt())), 1, Integer::sum);
        }

        assertThat(counts.get(a) / (double) clients).isCloseTo(1 / 6.0, within(0.03));
        assertThat(counts.get(b) / (double) clients).isCloseTo(2 / 6.0, within(0.04));
        assertThat(counts.get(c) / (double) clients).isCloseTo(3 / 6.0, within(0.04));
    }

    @Test
    void shGivesNoServerWhenTheHashedServerIsUnavailable() {
        RealServer full = overloaded(server("10.0.0.9", 1));
        PoolSnapshot pool = pool(a, full);
        var sh = new SourceHashingScheduler.Factory().create(pool);
        int mapped = 0;
        SplittableRandom random = new SplittableRandom(3);
        for (int i = 0; i < 1000; i++) {
            Flow f = flow(random.nextInt());
            RealServer expected =
                    new HashBuckets(pool).bucket(HashBuckets.bucketOf(f.client().getAddress()));
            if (expected == full) {
                assertThat(sh.pick(f)).isNull();
            } else {
                assertThat(sh.pick(f)).isSameAs(a);
                mapped++;
            }
        }
        assertThat(mapped).isBetween(400, 600);
    }

    @Test
    void dhSendsEveryConnectionToOneDestinationToTheSameServer() {
        var dh = new DestinationHashingScheduler.Factory().create(pool(a, b, c));
        for (int d = 0; d < 256; d++) {
            String destination = "203.0.113." + d;
            RealServer first = dh.pick(flow("198.51.100.1", destination));
            assertThat(first).isNotNull();
            for (int client = 2; client < 10; client++) {
                assertThat(dh.pick(flow("198.51.100." + client, destination))).isSameAs(first);
            }
        }
    }

    @Test
    void dhSpreadsDestinationsByWeight() {
        var dh = new DestinationHashingScheduler.Factory().create(pool(a, b, c));
        Map<RealServer, Integer> counts = new HashMap<>();
        int destinations = 0;
        for (int x = 0; x < 100; x++) {
            for (int y = 0; y < 256; y++) {
                counts.merge(
                        dh.pick(flow("198.51.100.1", "10." + x + "." + y + ".1")), 1, Integer::sum);
                destinations++;
            }
        }

        assertThat(counts.get(a) / (double) destinations).isCloseTo(1 / 6.0, within(0.04));
        assertThat(counts.get(c) / (double) destinations).isCloseTo(3 / 6.0, within(0.05));
    }

    @Test
    void shAndDhHashIpv6AddressesStably() {
        var sh = new SourceHashingScheduler.Factory().create(pool(a, b, c));
        var dh = new DestinationHashingScheduler.Factory().create(pool(a, b, c));
        Set<RealServer> reached = new HashSet<>();
        for (int i = 1; i < 200; i++) {
            Flow f = flow("2001:db8::" + Integer.toHexString(i), "2001:db8:1::" + i);
            RealServer first = sh.pick(f);
            assertThat(first).isNotNull().isSameAs(sh.pick(f));
            assertThat(dh.pick(f)).isNotNull().isSameAs(dh.pick(f));
            reached.add(first);
        }
        assertThat(reached).containsExactlyInAnyOrder(a, b, c);
    }
}
