package io.tandem.health;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.config.ConfigException;
import io.tandem.config.ConfigLoader;
import io.tandem.config.VirtualServerConfig;
import io.tandem.pool.PoolSnapshot;
import io.tandem.pool.RealServer;
import java.nio.file.Path;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Pool membership and quorum from check reports, without sockets, threads or sleeps. */
@Timeout(value = 5, unit = TimeUnit.SECONDS)
class VirtualServerHealthTest {
    private final RecordingHealthEvents events = new RecordingHealthEvents();
    private final List<PoolSnapshot> published = new ArrayList<>();
    private final InstantSource clock = InstantSource.fixed(Instant.parse("2026-12-01T10:00:00Z"));
    private List<RealServer> servers = List.of();

    private VirtualServerHealth watch(String body) throws ConfigException {
        VirtualServerConfig vs =
                ConfigLoader.parse(
                                "virtual_server 10.0.0.1 80 {\n" + body + "}\n", Path.of("t.conf"))
                        .virtualServers()
                        .getFirst();
        servers =
                vs.realServers().stream()
                        .map(rs -> new RealServer(rs.address(), rs.weight()))
                        .toList();
        return new VirtualServerHealth(vs, servers, published::add, events, clock);
    }

    private static CheckReport down(int check, String detail, int failures) {
        return new CheckReport(
                check, "TCP_CHECK", ProbeResult.failed(detail), Change.CHANGED, false, failures);
    }

    private static CheckReport up(int check, String detail) {
        return new CheckReport(
                check, "TCP_CHECK", ProbeResult.passed(detail), Change.CHANGED, true, 1);
    }

    private List<String> pool() {
        return published.getLast().servers().stream()
                .map(s -> s.address() + "/" + s.weight())
                .toList();
    }

    private static final String TWO_SERVERS =
            """
              real_server 10.0.0.2 80 {
                weight 3
                TCP_CHECK
              }
              real_server 10.0.0.3 80 {
                weight 2
                inhibit_on_failure
                TCP_CHECK
              }
            """;

    @Test
    void aServerThatGoesDownLeavesThePoolAndComesBackWithItsWeight() throws ConfigException {
        VirtualServerHealth vs = watch(TWO_SERVERS);
        assertThat(pool()).containsExactly("10.0.0.2:80/3", "10.0.0.3:80/2");
        vs.accept(0, down(0, "TCP_CHECK 10.0.0.2:80: connection refused", 2));
        assertThat(pool()).containsExactly("10.0.0.3:80/2");
        assertThat(events.lines)
                .containsExactly(
                        "DOWN 10.0.0.2:80: TCP_CHECK 10.0.0.2:80: connection refused, 2nd failure");
        vs.accept(0, up(0, "TCP_CHECK 10.0.0.2:80 connected in 1 ms"));
        assertThat(pool()).containsExactly("10.0.0.2:80/3", "10.0.0.3:80/2");
        assertThat(events.lines.getLast())
                .isEqualTo("UP 10.0.0.2:80: TCP_CHECK 10.0.0.2:80 connected in 1 ms, 1st success");
    }

    @Test
    void inhibitOnFailureKeepsTheServerListedWithWeightZero() throws ConfigException {
        VirtualServerHealth vs = watch(TWO_SERVERS);
        vs.accept(1, down(0, "refused", 1));
        assertThat(pool()).containsExactly("10.0.0.2:80/3", "10.0.0.3:80/0");
        assertThat(vs.states().get(1).up()).isFalse();
        assertThat(vs.states().get(1).weight()).isZero();
        assertThat(vs.states().get(1).reason()).isEqualTo("refused, 1st failure");
        vs.accept(1, up(0, "ok"));
        assertThat(pool()).containsExactly("10.0.0.2:80/3", "10.0.0.3:80/2");
    }

    @Test
    void pendingResultsChangeNothing() throws ConfigException {
        VirtualServerHealth vs = watch(TWO_SERVERS);
        int before = published.size();
        vs.accept(
                0,
                new CheckReport(
                        0, "TCP_CHECK", ProbeResult.failed("refused"), Change.PENDING, true, 1));
        assertThat(published).hasSize(before);
        assertThat(events.lines).isEmpty();
        assertThat(vs.states().getFirst().lastResults()).containsExactly("refused");
    }

    @Test
    void aServerWithSeveralCheckersIsUpOnlyWhenAllPass() throws ConfigException {
        VirtualServerHealth vs =
                watch(
                        """
                          real_server 10.0.0.2 80 {
                            TCP_CHECK
                            PING_CHECK
                          }
                        """);
        vs.accept(0, down(1, "no echo", 1));
        assertThat(pool()).isEmpty();
        vs.accept(0, down(0, "refused", 1));
        vs.accept(0, up(1, "echo"));
        assertThat(pool()).as("TCP_CHECK still fails").isEmpty();
        vs.accept(0, up(0, "connected"));
        assertThat(pool()).containsExactly("10.0.0.2:80/1");
        assertThat(events.lines)
                .containsExactly(
                        "DOWN 10.0.0.2:80: no echo, 1st failure",
                        "ALL DOWN 10.0.0.1:80",
                        "QUORUM LOST 0",
                        "UP 10.0.0.2:80: connected, 1st success",
                        "QUORUM REGAINED 1");
    }

    @Test
    void alphaServersStartOutOfThePool() throws ConfigException {
        VirtualServerHealth vs =
                watch("  alpha\n  real_server 10.0.0.2 80 {\n    TCP_CHECK\n  }\n");
        assertThat(pool()).isEmpty();
        assertThat(vs.states().getFirst().reason()).isEqualTo("alpha: down until checked");
        vs.accept(0, up(0, "connected"));
        assertThat(pool()).containsExactly("10.0.0.2:80/1");
    }

    @Test
    void belowQuorumTheSorryServerTakesOverAndHandsBack() throws ConfigException {
        VirtualServerHealth vs =
                watch(
                        """
                          quorum 3
                          hysteresis 1
                          sorry_server 10.0.0.9 80
                        """
                                + TWO_SERVERS);
        vs.accept(1, down(0, "refused", 1));
        assertThat(pool()).as("3 is not below 3-1").hasSize(2);
        vs.accept(0, down(0, "refused", 1));
        assertThat(pool()).as("sorry server only").isEmpty();
        assertThat(vs.quorumUp()).isFalse();
        vs.accept(1, up(0, "ok"));
        assertThat(pool()).as("2 is below 3+1").isEmpty();
        vs.accept(0, up(0, "ok"));
        assertThat(pool()).containsExactly("10.0.0.2:80/3", "10.0.0.3:80/2");
        assertThat(events.lines)
                .filteredOn(l -> l.startsWith("QUORUM"))
                .containsExactly("QUORUM LOST 0", "QUORUM REGAINED 5");
    }

    @Test
    void withoutASorryServerTheHealthyServersKeepServingBelowQuorum() throws ConfigException {
        VirtualServerHealth vs = watch("  quorum 4\n" + TWO_SERVERS);
        vs.accept(1, down(0, "refused", 1));
        assertThat(vs.quorumUp()).isFalse();
        assertThat(pool()).containsExactly("10.0.0.2:80/3", "10.0.0.3:80/0");
    }

    @Test
    void miscDynamicSetsTheWeightWhileUp() throws ConfigException {
        VirtualServerHealth vs =
                watch(
                        """
                          real_server 10.0.0.2 80 {
                            weight 5
                            MISC_CHECK {
                              misc_path /bin/true
                              misc_dynamic
                            }
                          }
                        """);
        vs.accept(
                0,
                new CheckReport(
                        0,
                        "MISC_CHECK",
                        new ProbeResult(true, "exited 12 (weight 10)", OptionalInt.of(10)),
                        Change.UNCHANGED,
                        true,
                        1));
        assertThat(pool()).containsExactly("10.0.0.2:80/10");
        assertThat(events.lines)
                .containsExactly("WEIGHT 10.0.0.2:80 10: exited 12 (weight 10), 1st success");
        vs.accept(
                0,
                new CheckReport(
                        0,
                        "MISC_CHECK",
                        ProbeResult.passed("exited 0"),
                        Change.UNCHANGED,
                        true,
                        2));
        assertThat(pool()).containsExactly("10.0.0.2:80/5");
    }

    @Test
    void omegaReportsQuorumLostOnShutdown() throws ConfigException {
        VirtualServerHealth vs = watch("  omega\n" + TWO_SERVERS);
        vs.shutdown();
        assertThat(events.lines).containsExactly("QUORUM LOST 5");
    }
}
