package io.tandem.vrrp;

import static io.tandem.vrrp.Routers.LOW_ADDRESS;
import static io.tandem.vrrp.Routers.T0;
import static io.tandem.vrrp.Routers.advert;
import static io.tandem.vrrp.Routers.at;
import static org.assertj.core.api.Assertions.assertThat;

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

/** The inputs a {@code vrrp_sync_group} drives: hold, force BACKUP, force MASTER; v2, 1 s. */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class VrrpInstanceSyncTest {
    /** Master_Down_Interval at priority 100: 3 s + 156/256 s. */
    private static final Duration DOWN_100 = Duration.ofNanos(3_609_375_000L);

    private static final InetAddress PEER = AdvertisementCodecTest.address("192.168.1.30");

    private static VrrpInstance started() {
        VrrpInstance instance = new VrrpInstance(Routers.v2(100, LOW_ADDRESS));
        instance.start(T0);
        return instance;
    }

    private static VrrpInstance master() {
        VrrpInstance instance = started();
        instance.onTimer(instance.nextDeadline());
        assertThat(instance.state()).isEqualTo(VrrpState.MASTER);
        return instance;
    }

    @Test
    void forcedBackupReleasesTheVipsWithAGoodbyeAndArmsMasterDown() {
        VrrpInstance instance = master();
        Instant now = at("PT9S");
        assertThat(instance.forceBackup(now))
                .containsExactly(
                        new StateChanged(
                                VrrpState.MASTER, VrrpState.BACKUP, TransitionReason.SYNC_GROUP),
                        new SendAdvertisement(advert(0)),
                        new ReleaseVips());
        assertThat(instance.state()).isEqualTo(VrrpState.BACKUP);
        assertThat(instance.nextDeadline()).isEqualTo(now.plus(DOWN_100));
        assertThat(instance.wantsMaster()).isFalse();
    }

    @Test
    void forcedBackupLeavesABackupAlone() {
        VrrpInstance instance = started();
        Instant deadline = instance.nextDeadline();
        assertThat(instance.forceBackup(at("PT1S"))).isEmpty();
        assertThat(instance.nextDeadline()).isEqualTo(deadline);
    }

    @Test
    void forcedMasterTakesABackupToMasterAtOnce() {
        VrrpInstance instance = started();
        assertThat(instance.forceMaster(at("PT1S")))
                .containsExactly(
                        new StateChanged(
                                VrrpState.BACKUP, VrrpState.MASTER, TransitionReason.SYNC_GROUP),
                        new SendAdvertisement(advert(100)),
                        new AcquireVips(),
                        new AnnounceVips());
        assertThat(instance.nextDeadline()).isEqualTo(at("PT2S"));
    }

    @Test
    void forcedMasterNeverTakesAFaultedInstanceOutOfFault() {
        VrrpInstance instance = started();
        instance.onFault(at("PT1S"));
        assertThat(instance.forceMaster(at("PT2S"))).isEmpty();
        assertThat(instance.state()).isEqualTo(VrrpState.FAULT);
    }

    @Test
    void aHeldBackupStaysBackupWantsMasterAndRearmsItsTimer() {
        VrrpInstance instance = started();
        Instant expired = instance.nextDeadline();
        assertThat(instance.masterDownExpired(expired.minusNanos(1))).isFalse();
        assertThat(instance.masterDownExpired(expired)).isTrue();
        assertThat(instance.wantsMaster()).isFalse();

        assertThat(instance.holdBackup(expired)).isEmpty();
        assertThat(instance.state()).isEqualTo(VrrpState.BACKUP);
        assertThat(instance.wantsMaster()).isTrue();
        assertThat(instance.nextDeadline()).isEqualTo(expired.plus(DOWN_100));
    }

    @Test
    void aHeldBackupStopsWantingMasterWhenItAcceptsAMaster() {
        VrrpInstance instance = started();
        instance.holdBackup(instance.nextDeadline());
        assertThat(instance.onAdvertisement(advert(150), PEER, at("PT5S"))).isEmpty();
        assertThat(instance.wantsMaster()).isFalse();
    }

    @Test
    void aHeldBackupStillWantsMasterWhileIgnoringALowerPriorityMaster() {
        VrrpInstance instance = started();
        instance.holdBackup(instance.nextDeadline());
        assertThat(instance.onAdvertisement(advert(50), PEER, at("PT5S"))).isEmpty();
        assertThat(instance.wantsMaster()).isTrue();
    }
}
