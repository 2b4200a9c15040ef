package io.tandem.failover;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two Tandem processes as VRRP peers (issue 4 cases 2-5): a graceful stop hands over in under a
 * second at advert_int 1; takeover after SIGKILL at advert_int 0.1 (v3), and at that interval too
 * preemption when the higher priority returns, none with {@code nopreempt}, and {@code
 * preempt_delay} honoured. The split-brain watch runs throughout.
 */
@Tag("netns")
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class TandemPairIT {
    private static final BiFunction<String, Path, VrrpPeer> TANDEM = VrrpPeer::tandem;
    private static final Duration STARTUP = Duration.ofSeconds(15);

    @TempDir Path directory;

    /** Preemption logic does not depend on the interval; 0.1 s keeps these tests short. */
    private static Router fast(int priority) {
        return Router.v3(priority).advertInt("0.1");
    }

    @BeforeEach
    void requireHost() {
        Lan.require();
        VrrpPeer.tandemJar();
    }

    @Test
    void aKilledMasterIsReplacedWithinMasterDownIntervalAtATenthOfASecond() throws Exception {
        try (VrrpScenario s = new VrrpScenario(directory)) {
            Router backup = Router.v3(100).advertInt("0.1");
            VrrpPeer master = s.start("a", TANDEM, Router.v3(150).advertInt("0.1"));
            s.awaitMaster("a", STARTUP);
            s.awaitBackup(s.start("b", TANDEM, backup));
            assertThat(s.request()).isEqualTo("a");

            long killedAt = System.nanoTime();
            s.kill("a", master);
            s.awaitHolds("b", Duration.ofSeconds(3));
            Duration took = Duration.ofNanos(System.nanoTime() - killedAt);
            assertThat(took)
                    .as("takeover time\n%s", s.logs())
                    .isLessThanOrEqualTo(backup.masterDownInterval().plusMillis(500));
            String mac = s.lan.mac("b").toString();
            await().atMost(Duration.ofSeconds(2))
                    .untilAsserted(
                            () -> assertThat(s.lan.neighbour("c", Router.VIP)).contains(mac));
            assertThat(s.request()).isEqualTo("b");
        }
    }

    @Test
    void aGracefullyStoppedMasterHandsOverToTheOtherTandemInUnderOneSecond() throws Exception {
        try (VrrpScenario s = new VrrpScenario(directory)) {
            VrrpPeer stopping = s.start("a", TANDEM, Router.v2(150));
            s.awaitMaster("a", STARTUP);
            s.awaitBackup(s.start("b", TANDEM, Router.v2(100)));

            long stoppedAt = System.nanoTime();
            Thread.ofVirtual()
                    .start(
                            () -> {
                                try {
                                    stopping.stop();
                                } catch (Exception e) {
                                    throw new IllegalStateException(e);
                                }
                            });
            s.awaitHolds("b", Duration.ofSeconds(3));
            assertThat(Duration.ofNanos(System.nanoTime() - stoppedAt))
                    .as("takeover time\n%s", s.logs())
                    .isLessThan(Duration.ofSeconds(1));
            s.awaitMaster("b", Duration.ofSeconds(2));
        }
    }

    @Test
    void theHigherPriorityTakesBackTheAddressWhenItReturns() throws Exception {
        try (VrrpScenario s = new VrrpScenario(directory)) {
            VrrpPeer first = s.start("a", TANDEM, fast(150));
            s.awaitMaster("a", STARTUP);
            s.awaitBackup(s.start("b", TANDEM, fast(100)));
            s.kill("a", first);
            s.awaitHolds("b", Duration.ofSeconds(6));

            s.restart("a", TANDEM, fast(150));
            s.awaitMaster("a", Duration.ofSeconds(3));
            assertThat(s.request()).isEqualTo("a");
        }
    }

    @Test
    void withNopreemptTheReturningHigherPriorityStaysBackup() throws Exception {
        try (VrrpScenario s = new VrrpScenario(directory)) {
            Router high = fast(150).with("nopreempt");
            VrrpPeer first = s.start("a", TANDEM, high);
            s.awaitMaster("a", STARTUP);
            s.awaitBackup(s.start("b", TANDEM, fast(100)));
            s.kill("a", first);
            s.awaitHolds("b", Duration.ofSeconds(6));

            s.restart("a", TANDEM, high);
            // Longer than a's Master_Down_Interval plus an advert: it would have preempted.
            await().during(Duration.ofSeconds(2))
                    .atMost(Duration.ofSeconds(3))
                    .pollInterval(Duration.ofMillis(50))
                    .until(() -> s.holds("b") && !s.holds("a"));
        }
    }

    @Test
    void preemptDelayKeepsTheLowerMasterForThatLongAfterStart() throws Exception {
        try (VrrpScenario s = new VrrpScenario(directory)) {
            Router high = fast(150).with("preempt_delay 3");
            VrrpPeer first = s.start("a", TANDEM, fast(150));
            s.awaitMaster("a", STARTUP);
            s.awaitBackup(s.start("b", TANDEM, fast(100)));
            s.kill("a", first);
            s.awaitHolds("b", Duration.ofSeconds(6));

            long restartedAt = System.nanoTime();
            s.restart("a", TANDEM, high);
            await().during(Duration.ofMillis(2500))
                    .atMost(Duration.ofSeconds(4))
                    .pollInterval(Duration.ofMillis(50))
                    .until(() -> s.holds("b") && !s.holds("a"));
            s.awaitMaster("a", Duration.ofSeconds(5));
            assertThat(Duration.ofNanos(System.nanoTime() - restartedAt))
                    .isGreaterThan(Duration.ofSeconds(3));
        }
    }
}
