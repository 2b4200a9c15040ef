package io.tandem.failover;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Tandem and real keepalived 2.x as VRRP peers on one LAN (issue 4 cases 1-3 and 5): election by
 * priority both ways in v2 and v3, takeover after SIGKILL of either master with gratuitous ARP and
 * a working TCP request, takeover within a second after a graceful stop, and the same with unicast
 * peers.
 */
@Tag("netns")
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class KeepalivedInteropIT {
    private static final BiFunction<String, Path, VrrpPeer> TANDEM = VrrpPeer::tandem;
    private static final BiFunction<String, Path, VrrpPeer> KEEPALIVED = VrrpPeer::keepalived;
    private static final Duration STARTUP = Duration.ofSeconds(15);

    @TempDir Path directory;

    @BeforeEach
    void requireHost() {
        Lan.require(VrrpPeer.KEEPALIVED);
        VrrpPeer.tandemJar();
    }

    static Stream<Arguments> versionsAndWinners() {
        return Stream.of(
                Arguments.of(2, true),
                Arguments.of(2, false),
                Arguments.of(3, true),
                Arguments.of(3, false));
    }

    @ParameterizedTest(name = "v{0}, Tandem higher: {1}")
    @MethodSource("versionsAndWinners")
    void theHigherPriorityBecomesMasterWhicheverImplementationItIs(
            int version, boolean tandemHigher) throws Exception {
        try (VrrpScenario s = new VrrpScenario(directory)) {
            Router high = new Router(version, 150, "1", "", "");
            Router low = new Router(version, 100, "1", "", "");
            s.start("a", KEEPALIVED, tandemHigher ? low : high);
            s.start("b", TANDEM, tandemHigher ? high : low);
            String winner = tandemHigher ? "b" : "a";
            s.awaitMaster(winner, STARTUP);
            assertThat(s.request()).isEqualTo(winner);
        }
    }

    @org.junit.jupiter.api.Test
    void unicastPeersElectAndHandOverWithoutMulticast() throws Exception {
        try (VrrpScenario s = new VrrpScenario(directory)) {
            String a = Lan.SUBNET + "1";
            String b = Lan.SUBNET + "2";
            VrrpPeer keepalived =
                    s.start(
                            "a",
                            KEEPALIVED,
                            Router.v2(150)
                                    .with("unicast_src_ip " + a)
                                    .with("unicast_peer {\n    " + b + "\n  }"));
            s.awaitMaster("a", STARTUP);
            s.awaitBackup(
                    s.start(
                            "b",
                            TANDEM,
                            Router.v2(100)
                                    .with("unicast_src_ip " + b)
                                    .with("unicast_peer {\n    " + a + "\n  }")));
            // Longer than b's Master_Down_Interval: b stays backup only if the unicast adverts
            // reach it.
            await().during(Router.v2(100).masterDownInterval().plusMillis(500))
                    .atMost(Duration.ofSeconds(6))
                    .pollInterval(Duration.ofMillis(50))
                    .until(() -> s.holds("a") && !s.holds("b"));
            long stoppedAt = System.nanoTime();
            Thread.ofVirtual()
                    .start(
                            () -> {
                                try {
                                    keepalived.stop();
                                } catch (Exception e) {
                                    throw new IllegalStateException(e);
                                }
                            });
            s.awaitHolds("b", Duration.ofSeconds(3));
            assertThat(Duration.ofNanos(System.nanoTime() - stoppedAt))
                    .as("takeover after the priority-0 unicast advert\n%s", s.logs())
                    .isLessThan(Duration.ofSeconds(1));
            s.awaitMaster("b", Duration.ofSeconds(3));
            assertThat(s.request()).isEqualTo("b");
        }
    }

    static Stream<Arguments> whoIsKilled() {
        return Stream.of(Arguments.of(true), Arguments.of(false));
    }

    @ParameterizedTest(name = "Tandem is the killed master: {0}")
    @MethodSource("whoIsKilled")
    void aKilledMastersBackupTakesOverWithinMasterDownIntervalAndAnnouncesItsMac(
            boolean tandemMaster) throws Exception {
        try (VrrpScenario s = new VrrpScenario(directory)) {
            Router master = Router.v2(150);
            Router backup = Router.v2(100);
            VrrpPeer killed = s.start("a", tandemMaster ? TANDEM : KEEPALIVED, master);
            s.awaitMaster("a", STARTUP);
            // Killing right after the backup started is the hard case: its Master_Down timer
            // runs from its start, so it must take over within that interval of the kill.
            s.awaitBackup(s.start("b", tandemMaster ? KEEPALIVED : TANDEM, backup));
            assertThat(s.request()).isEqualTo("a");
            assertThat(s.holds("b")).as(s.logs()).isFalse();

            long killedAt = System.nanoTime();
            s.kill("a", killed);
            Duration limit = backup.masterDownInterval().plusMillis(500);
            s.awaitHolds("b", limit.plusSeconds(2));
            Duration took = Duration.ofNanos(System.nanoTime() - killedAt);
            assertThat(took).as("takeover time\n%s", s.logs()).isLessThanOrEqualTo(limit);

            String mac = s.lan.mac("b").toString();
            await().atMost(Duration.ofSeconds(2))
                    .untilAsserted(
                            () ->
                                    assertThat(
                                                    s.lan.neighbour("c", Router.VIP)
                                                            .toLowerCase(java.util.Locale.ROOT))
                                            .contains(mac.toLowerCase(java.util.Locale.ROOT)));
            assertThat(s.request()).isEqualTo("b");
        }
    }

    @ParameterizedTest(name = "Tandem is the stopping master: {0}")
    @MethodSource("whoIsKilled")
    void aGracefullyStoppedMasterHandsOverInUnderOneSecond(boolean tandemMaster) throws Exception {
        try (VrrpScenario s = new VrrpScenario(directory)) {
            VrrpPeer stopping = s.start("a", tandemMaster ? TANDEM : KEEPALIVED, Router.v2(150));
            s.awaitMaster("a", STARTUP);
            s.awaitBackup(s.start("b", tandemMaster ? KEEPALIVED : TANDEM, Router.v2(100)));
            assertThat(s.holds("b")).as(s.logs()).isFalse();

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
            Duration took = Duration.ofNanos(System.nanoTime() - stoppedAt);
            assertThat(took).as("takeover time\n%s", s.logs()).isLessThan(Duration.ofSeconds(1));
            s.awaitMaster("b", Duration.ofSeconds(2));
        }
    }
}
