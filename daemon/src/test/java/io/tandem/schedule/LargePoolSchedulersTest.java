package io.tandem.schedule;

import static io.tandem.schedule.PoolFixture.flow;
import static io.tandem.schedule.PoolFixture.server;
import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.pool.PoolSnapshot;
import io.tandem.pool.RealServer;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Above {@link LoadTree#MIN_SERVERS} servers lc, wlc, sed and nq keep a load order instead of
 * scanning. Whatever happens to the connection counts, each pick must still be the server IPVS's
 * formula names: checked here against the formulas themselves after every one of thousands of
 * random connection events on pools of several sizes, with quiesced and overloaded servers among
 * them.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class LargePoolSchedulersTest {
    private static final Flow FLOW = flow("198.51.100.7");

    @ParameterizedTest(name = "{0} servers")
    @ValueSource(ints = {17, 64, 333})
    void everyPickIsTheFormulasChoiceWhileCountsChange(int size) {
        SplittableRandom random = new SplittableRandom(size);
        List<RealServer> servers = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            RealServer s =
                    server(
                            "10.1." + (i >> 8) + "." + (i & 255),
                            random.nextInt(5) == 0 ? 0 : 1 + random.nextInt(20));
            if (random.nextInt(8) == 0) {
                s.setThresholds(3, 1);
            }
            servers.add(s);
        }
        PoolSnapshot pool = new PoolSnapshot(servers);
        // Each factory installs its own listener; the newest wins, so build one at a time.
        for (String name : List.of("lc", "wlc", "sed", "nq")) {
            Scheduler scheduler = Schedulers.byName(name).orElseThrow().create(pool);
            for (int step = 0; step < 3000; step++) {
                RealServer s = servers.get(random.nextInt(size));
                switch (random.nextInt(4)) {
                    case 0 -> s.connectionStarted();
                    case 1 -> {
                        if (s.inactiveConnections() > 0) {
                            s.connectionEstablished();
                        }
                    }
                    case 2 -> {
                        if (s.activeConnections() > 0) {
                            s.connectionClosing();
                        }
                    }
                    default -> {
                        if (s.inactiveConnections() > 0) {
                            s.connectionDropped();
                        }
                    }
                }
                assertThat(scheduler.pick(FLOW))
                        .as("%s after step %d", name, step)
                        .isSameAs(expected(name, servers));
            }
        }
    }

    /** The IPVS rules written out plainly: the first server no other eligible one beats. */
    private static @Nullable RealServer expected(String name, List<RealServer> servers) {
        RealServer best = null;
        for (RealServer s : servers) {
            if (s.weight() == 0 || s.overloaded()) {
                continue;
            }
            if (name.equals("nq") && s.activeConnections() == 0) {
                return s;
            }
            if (best == null || beats(name, s, best)) {
                best = s;
            }
        }
        return best;
    }

    private static boolean beats(String name, RealServer d, RealServer l) {
        long dOverhead = 256L * d.activeConnections() + d.inactiveConnections();
        long lOverhead = 256L * l.activeConnections() + l.inactiveConnections();
        return switch (name) {
            case "lc" -> dOverhead < lOverhead;
            case "wlc" -> lOverhead * d.weight() > dOverhead * l.weight();
            default ->
                    (l.activeConnections() + 1L) * d.weight()
                            > (d.activeConnections() + 1L) * l.weight();
        };
    }
}
