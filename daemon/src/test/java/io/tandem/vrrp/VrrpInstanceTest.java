package io.tandem.vrrp;

import static io.tandem.vrrp.Routers.HIGH_ADDRESS;
import static io.tandem.vrrp.Routers.LOW_ADDRESS;
import static io.tandem.vrrp.Routers.T0;
import static io.tandem.vrrp.Routers.advert;
import static io.tandem.vrrp.Routers.at;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tandem.vrrp.VrrpAction.AcquireVips;
import io.tandem.vrrp.VrrpAction.AnnounceVips;
import io.tandem.vrrp.VrrpAction.ReleaseVips;
import io.tandem.vrrp.VrrpAction.SendAdvertisement;
import io.tandem.vrrp.VrrpAction.StateChanged;
import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** One instance driven a step at a time; v2, 1 s interval unless a test says otherwise. */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class VrrpInstanceTest {
    /** Master_Down_Interval at priority 100: 3 s + 156/256 s. */
    private static final Duration DOWN_100 = Duration.ofNanos(3_609_375_000L);

    private static final InetAddress PEER = AdvertisementCodecTest.address("192.168.1.30");

    private static VrrpInstance started(int priority, InetAddress primary) {
        VrrpInstance instance = new VrrpInstance(Routers.v2(priority, primary));
        instance.start(T0);
        return instance;
    }

    private static VrrpInstance master(int priority, InetAddress primary) {
        VrrpInstance instance = started(priority, primary);
        instance.onTimer(instance.nextDeadline());
        assertThat(instance.state()).isEqualTo(VrrpState.MASTER);
        return instance;
    }

    @Test
    void addressOwnerGoesStraightToMasterAndAdvertises() {
        VrrpInstance owner = new VrrpInstance(Routers.v2(255, LOW_ADDRESS));
        assertThat(owner.start(T0))
                .containsExactly(
                        new StateChanged(
                                VrrpState.INIT, VrrpState.MASTER, TransitionReason.ADDRESS_OWNER),
                        new SendAdvertisement(advert(255)),
                        new AcquireVips(),
                        new AnnounceVips());
        assertThat(owner.nextDeadline()).isEqualTo(at("PT1S"));
    }

    @Test
    void nonOwnerStartsAsBackupEvenWhenConfiguredAsMaster() {
        VrrpInstanceSettings hint =
                new VrrpInstanceSettings(
                        "VI_1",
                        51,
                        100,
                        Duration.ofSeconds(1),
                        VrrpVersion.V2,
                        true,
                        Duration.ZERO,
                        LOW_ADDRESS,
                        java.util.List.of(Routers.VIP),
                        VrrpState.MASTER,
                        Authentication.none());
        VrrpInstance instance = new VrrpInstance(hint);
        assertThat(instance.start(T0))
                .containsExactly(
                        new StateChanged(
                                VrrpState.INIT, VrrpState.BACKUP, TransitionReason.STARTED),
                        new ReleaseVips());
        assertThat(instance.nextDeadline()).isEqualTo(T0.plus(DOWN_100));
    }

    @Test
    void backupTakesOverWhenMasterDownTimerFires() {
        VrrpInstance instance = started(100, LOW_ADDRESS);
        Instant down = T0.plus(DOWN_100);
        assertThat(instance.onTimer(down.minusNanos(1))).isEmpty();
        assertThat(instance.onTimer(down))
                .containsExactly(
                        new StateChanged(
                                VrrpState.BACKUP,
                                VrrpState.MASTER,
                                TransitionReason.MASTER_DOWN_TIMER_EXPIRED),
                        new SendAdvertisement(advert(100)),
                        new AcquireVips(),
                        new AnnounceVips());
        assertThat(instance.nextDeadline()).isEqualTo(down.plusSeconds(1));
    }

    @Test
    void masterAdvertisesEveryInterval() {
        VrrpInstance instance = master(100, LOW_ADDRESS);
        Instant next = instance.nextDeadline();
        assertThat(instance.onTimer(next)).containsExactly(new SendAdvertisement(advert(100)));
        assertThat(instance.nextDeadline()).isEqualTo(next.plusSeconds(1));
    }

    @Test
    void backupAcceptingAnAdvertRestartsMasterDownTimer() {
        VrrpInstance instance = started(100, LOW_ADDRESS);
        assertThat(instance.onAdvertisement(advert(150), PEER, at("PT2S"))).isEmpty();
        assertThat(instance.nextDeadline()).isEqualTo(at("PT2S").plus(DOWN_100));
        assertThat(instance.state()).isEqualTo(VrrpState.BACKUP);
    }

    @Test
    void priorityZeroFromMasterShortensBackupTimerToSkewTime() {
        VrrpInstance instance = started(100, LOW_ADDRESS);
        instance.onAdvertisement(advert(150), PEER, at("PT1S"));
        assertThat(instance.onAdvertisement(advert(0), PEER, at("PT2S"))).isEmpty();
        assertThat(instance.nextDeadline()).isEqualTo(at("PT2.609375S"));
    }

    @Test
    void v3BackupLearnsTheMastersInterval() {
        VrrpInstance instance =
                new VrrpInstance(
                        Routers.settings(
                                VrrpVersion.V3,
                                100,
                                Duration.ofSeconds(1),
                                true,
                                Duration.ZERO,
                                LOW_ADDRESS));
        instance.start(T0);
        instance.onAdvertisement(advert(VrrpVersion.V3, 150, Duration.ofSeconds(3)), PEER, T0);
        assertThat(instance.masterAdvertisementInterval()).isEqualTo(Duration.ofSeconds(3));
        // 3 × 3 s + (156 × 3 s) / 256
        assertThat(instance.nextDeadline()).isEqualTo(at("PT10.828125S"));
    }

    @Test
    void v2BackupDropsAdvertWithAnotherInterval() {
        VrrpInstance instance = started(100, LOW_ADDRESS);
        Instant before = instance.nextDeadline();
        assertThat(
                        instance.onAdvertisement(
                                advert(VrrpVersion.V2, 150, Duration.ofSeconds(2)),
                                PEER,
                                at("PT1S")))
                .isEmpty();
        assertThat(instance.nextDeadline()).isEqualTo(before);
    }

    @Test
    void ownLoopedBackAdvertAndOtherVridAreIgnored() {
        VrrpInstance instance = started(100, LOW_ADDRESS);
        Instant before = instance.nextDeadline();
        instance.onAdvertisement(advert(150), LOW_ADDRESS, at("PT1S"));
        instance.onAdvertisement(
                new Advertisement(
                        VrrpVersion.V2,
                        52,
                        150,
                        Duration.ofSeconds(1),
                        java.util.List.of(),
                        Authentication.none()),
                PEER,
                at("PT1S"));
        assertThat(instance.nextDeadline()).isEqualTo(before);
    }

    @Test
    void masterStepsDownForHigherPriority() {
        VrrpInstance instance = master(100, HIGH_ADDRESS);
        Instant now = instance.nextDeadline();
        assertThat(instance.onAdvertisement(advert(101), LOW_ADDRESS, now))
                .containsExactly(
                        new StateChanged(
                                VrrpState.MASTER,
                                VrrpState.BACKUP,
                                TransitionReason.PREEMPTED_BY_HIGHER_PRIORITY),
                        new ReleaseVips());
        assertThat(instance.nextDeadline()).isEqualTo(now.plus(DOWN_100));
    }

    @Test
    void masterStepsDownForEqualPriorityFromHigherAddress() {
        VrrpInstance instance = master(100, LOW_ADDRESS);
        assertThat(instance.onAdvertisement(advert(100), HIGH_ADDRESS, at("PT5S")))
                .contains(new ReleaseVips());
        assertThat(instance.state()).isEqualTo(VrrpState.BACKUP);
    }

    @Test
    void masterAssertsItselfAgainstEqualPriorityFromLowerAddress() {
        VrrpInstance instance = master(100, HIGH_ADDRESS);
        assertThat(instance.onAdvertisement(advert(100), LOW_ADDRESS, at("PT5S")))
                .containsExactly(new SendAdvertisement(advert(100)));
        assertThat(instance.state()).isEqualTo(VrrpState.MASTER);
        assertThat(instance.nextDeadline()).isEqualTo(at("PT6S"));
    }

    @Test
    void masterAssertsItselfAgainstLowerPriority() {
        VrrpInstance instance = master(100, LOW_ADDRESS);
        assertThat(instance.onAdvertisement(advert(50), HIGH_ADDRESS, at("PT5S")))
                .containsExactly(new SendAdvertisement(advert(100)));
        assertThat(instance.state()).isEqualTo(VrrpState.MASTER);
    }

    @Test
    void masterAnswersAnotherMastersGoodbyeWithAnAdvert() {
        VrrpInstance instance = master(100, LOW_ADDRESS);
        assertThat(instance.onAdvertisement(advert(0), HIGH_ADDRESS, at("PT5S")))
                .containsExactly(new SendAdvertisement(advert(100)));
    }

    @Test
    void preemptingBackupIgnoresLowerPriorityMasterAndTakesOver() {
        VrrpInstance instance = started(200, HIGH_ADDRESS);
        Instant down = instance.nextDeadline();
        for (int second = 1; second <= 3; second++) {
            assertThat(instance.onAdvertisement(advert(100), LOW_ADDRESS, T0.plusSeconds(second)))
                    .isEmpty();
        }
        assertThat(instance.nextDeadline()).isEqualTo(down).isEqualTo(at("PT3.21875S"));
        assertThat(instance.onTimer(down))
                .first()
                .isEqualTo(
                        new StateChanged(
                                VrrpState.BACKUP,
                                VrrpState.MASTER,
                                TransitionReason.MASTER_DOWN_TIMER_EXPIRED));
    }

    @Test
    void nopreemptBackupNeverTakesOverFromALiveLowerPriorityMaster() {
        VrrpInstance instance =
                new VrrpInstance(
                        Routers.settings(
                                VrrpVersion.V2,
                                200,
                                Duration.ofSeconds(1),
                                false,
                                Duration.ZERO,
                                HIGH_ADDRESS));
        instance.start(T0);
        for (int second = 1; second <= 100; second++) {
            Instant now = T0.plusSeconds(second);
            assertThat(instance.onTimer(now)).isEmpty();
            instance.onAdvertisement(advert(100), LOW_ADDRESS, now);
        }
        assertThat(instance.state()).isEqualTo(VrrpState.BACKUP);
        assertThat(instance.nextDeadline()).isEqualTo(at("PT103.21875S"));
    }

    @Test
    void preemptDelayKeepsAcceptingALowerPriorityMasterAfterStartup() {
        VrrpInstance instance =
                new VrrpInstance(
                        Routers.settings(
                                VrrpVersion.V2,
                                200,
                                Duration.ofSeconds(1),
                                true,
                                Duration.ofSeconds(5),
                                HIGH_ADDRESS));
        instance.start(T0);
        for (int second = 1; second <= 4; second++) {
            instance.onAdvertisement(advert(100), LOW_ADDRESS, T0.plusSeconds(second));
            assertThat(instance.nextDeadline())
                    .isEqualTo(T0.plusSeconds(second).plusNanos(3_218_750_000L));
        }
        instance.onAdvertisement(advert(100), LOW_ADDRESS, at("PT5S"));
        assertThat(instance.nextDeadline()).isEqualTo(at("PT7.21875S"));
        assertThat(instance.onTimer(at("PT7.21875S"))).contains(new AcquireVips());
    }

    @Test
    void masterShutdownSaysGoodbyeWithPriorityZeroAndReleasesVips() {
        VrrpInstance instance = master(100, LOW_ADDRESS);
        assertThat(instance.shutdown(at("PT9S")))
                .containsExactly(
                        new StateChanged(
                                VrrpState.MASTER, VrrpState.INIT, TransitionReason.SHUTDOWN),
                        new SendAdvertisement(advert(0)),
                        new ReleaseVips());
        assertThat(instance.nextDeadline()).isEqualTo(Instant.MAX);
        assertThat(instance.onAdvertisement(advert(150), PEER, at("PT10S"))).isEmpty();
    }

    @Test
    void backupShutdownOnlyStops() {
        VrrpInstance instance = started(100, LOW_ADDRESS);
        assertThat(instance.shutdown(at("PT1S")))
                .containsExactly(
                        new StateChanged(
                                VrrpState.BACKUP, VrrpState.INIT, TransitionReason.SHUTDOWN));
        assertThat(instance.shutdown(at("PT2S"))).isEmpty();
    }

    @Test
    void faultTakesMasterOutWithAGoodbyeAndClearingReturnsToBackup() {
        VrrpInstance instance = master(100, LOW_ADDRESS);
        assertThat(instance.onFault(at("PT9S")))
                .containsExactly(
                        new StateChanged(VrrpState.MASTER, VrrpState.FAULT, TransitionReason.FAULT),
                        new SendAdvertisement(advert(0)),
                        new ReleaseVips());
        assertThat(instance.nextDeadline()).isEqualTo(Instant.MAX);
        assertThat(instance.onAdvertisement(advert(50), PEER, at("PT10S"))).isEmpty();
        assertThat(instance.onTimer(at("PT100S"))).isEmpty();

        assertThat(instance.onFaultCleared(at("PT200S")))
                .containsExactly(
                        new StateChanged(
                                VrrpState.FAULT, VrrpState.BACKUP, TransitionReason.FAULT_CLEARED));
        assertThat(instance.nextDeadline()).isEqualTo(at("PT200S").plus(DOWN_100));
    }

    @Test
    void faultBeforeStartStartsInFault() {
        VrrpInstance instance = new VrrpInstance(Routers.v2(100, LOW_ADDRESS));
        assertThat(instance.onFault(T0)).isEmpty();
        assertThat(instance.start(T0))
                .containsExactly(
                        new StateChanged(VrrpState.INIT, VrrpState.FAULT, TransitionReason.FAULT),
                        new ReleaseVips());
    }

    @Test
    void masterAdvertisesAPriorityChangeAtOnce() {
        VrrpInstance instance = master(100, LOW_ADDRESS);
        assertThat(instance.setEffectivePriority(80, at("PT9S")))
                .containsExactly(new SendAdvertisement(advert(80)));
        assertThat(instance.setEffectivePriority(80, at("PT9S"))).isEmpty();
        assertThatThrownBy(() -> instance.setEffectivePriority(0, at("PT9S")))
                .hasMessageContaining("effective priority 0 out of range");
    }

    @Test
    void backupUsesItsNewPriorityForTheNextSkew() {
        VrrpInstance instance = started(100, LOW_ADDRESS);
        assertThat(instance.setEffectivePriority(200, at("PT1S"))).isEmpty();
        instance.onAdvertisement(advert(250), PEER, at("PT1S"));
        assertThat(instance.nextDeadline()).isEqualTo(at("PT4.21875S"));
    }

    @Test
    void settingsRejectOutOfRangeValuesWithTheirKeyword() {
        assertThatThrownBy(() -> Routers.v2(300, LOW_ADDRESS))
                .hasMessage("vrrp_instance VI_1: priority 300 out of range (expected 1..255)");
        assertThatThrownBy(
                        () ->
                                Routers.settings(
                                        VrrpVersion.V3,
                                        100,
                                        Duration.ofMillis(5),
                                        true,
                                        Duration.ZERO,
                                        LOW_ADDRESS))
                .hasMessageContaining("expected centiseconds 1..4095");
        assertThatThrownBy(
                        () ->
                                Routers.settings(
                                        VrrpVersion.V2,
                                        100,
                                        Duration.ofSeconds(1),
                                        true,
                                        Duration.ofSeconds(1001),
                                        LOW_ADDRESS))
                .hasMessageContaining("preempt_delay");
    }
}
