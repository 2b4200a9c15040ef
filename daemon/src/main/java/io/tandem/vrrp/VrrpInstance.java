package io.tandem.vrrp;

import io.tandem.vrrp.VrrpAction.AcquireVips;
import io.tandem.vrrp.VrrpAction.AnnounceVips;
import io.tandem.vrrp.VrrpAction.ReleaseVips;
import io.tandem.vrrp.VrrpAction.SendAdvertisement;
import io.tandem.vrrp.VrrpAction.StateChanged;
import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

/**
 * One VRRP virtual router as the state machine of RFC 5798 §6.4 (RFC 3768 §6.4 for v2), with
 * keepalived's FAULT state, preemption options and self-assertion. Pure: time comes in as {@code
 * now}, effects go out as {@link VrrpAction} lists, and the caller arms one timer for {@link
 * #nextDeadline()} and calls {@link #onTimer} when it passes.
 *
 * <p>Not thread-safe: one VRRP thread owns an instance and calls every method.
 */
public final class VrrpInstance {
    private final VrrpInstanceSettings settings;
    private VrrpState state = VrrpState.INIT;
    private int effectivePriority;
    private Duration masterAdvertisementInterval;
    private Instant deadline = Instant.MAX;
    private Instant preemptAllowedAt = Instant.MIN;
    private boolean faulted;
    private boolean held;

    public VrrpInstance(VrrpInstanceSettings settings) {
        this.settings = settings;
        this.effectivePriority = settings.priority();
        this.masterAdvertisementInterval = settings.advertisementInterval();
    }

    public VrrpInstanceSettings settings() {
        return settings;
    }

    public VrrpState state() {
        return state;
    }

    public int effectivePriority() {
        return effectivePriority;
    }

    /**
     * v3: the interval learnt from the current master (RFC 5798 §6.4.2); v2: the configured one.
     */
    public Duration masterAdvertisementInterval() {
        return masterAdvertisementInterval;
    }

    /** When {@link #onTimer} must next be called; {@link Instant#MAX} in INIT and FAULT. */
    public Instant nextDeadline() {
        return deadline;
    }

    /** Timer arithmetic with the current priority and master interval. */
    public VrrpTimers timers() {
        return new VrrpTimers(settings.version(), effectivePriority, masterAdvertisementInterval);
    }

    /**
     * Startup event (RFC 5798 §6.4.1): the owner becomes MASTER at once, anyone else BACKUP,
     * whatever {@code state} says. VIPs are released on entering BACKUP so that addresses left by a
     * crashed run do not answer twice. Starts the {@code preempt_delay} period.
     */
    public List<VrrpAction> start(Instant now) {
        if (state != VrrpState.INIT) {
            return List.of();
        }
        preemptAllowedAt = now.plus(settings.preemptDelay());
        if (faulted) {
            state = VrrpState.FAULT;
            return List.of(
                    new StateChanged(VrrpState.INIT, VrrpState.FAULT, TransitionReason.FAULT),
                    new ReleaseVips());
        }
        if (settings.addressOwner()) {
            return becomeMaster(now, TransitionReason.ADDRESS_OWNER);
        }
        becomeBackup(now);
        return List.of(
                new StateChanged(VrrpState.INIT, VrrpState.BACKUP, TransitionReason.STARTED),
                new ReleaseVips());
    }

    /**
     * A decoded advertisement from {@code source} (the IP source, i.e. the sender's primary
     * address). Dropped silently: our own looped-back adverts, another VRID, and for v2 an interval
     * other than ours (RFC 3768 §7.1).
     */
    public List<VrrpAction> onAdvertisement(
            Advertisement advertisement, InetAddress source, Instant now) {
        if (source.equals(settings.primaryAddress())
                || advertisement.version() != settings.version()
                || advertisement.virtualRouterId() != settings.virtualRouterId()) {
            return List.of();
        }
        if (settings.version() == VrrpVersion.V2
                && !advertisement
                        .advertisementInterval()
                        .equals(settings.advertisementInterval())) {
            return List.of();
        }
        return switch (state) {
            case BACKUP -> backupReceived(advertisement, now);
            case MASTER -> masterReceived(advertisement, source, now);
            case INIT, FAULT -> List.of();
        };
    }

    /** The Master_Down or Adver timer; a call before {@link #nextDeadline()} does nothing. */
    public List<VrrpAction> onTimer(Instant now) {
        if (now.isBefore(deadline)) {
            return List.of();
        }
        return switch (state) {
            // RFC 5798 §6.4.2: Master_Down_Timer fired; take over.
            case BACKUP -> becomeMaster(now, TransitionReason.MASTER_DOWN_TIMER_EXPIRED);
            // RFC 5798 §6.4.3: Adver_Timer fired; advertise and re-arm.
            case MASTER -> {
                deadline = now.plus(settings.advertisementInterval());
                yield List.of(new SendAdvertisement(advertisement()));
            }
            case INIT, FAULT -> List.of();
        };
    }

    /**
     * Shutdown event (RFC 5798 §6.4.2, §6.4.3): a MASTER sends a priority-0 advertisement so the
     * best backup takes over after only Skew_Time, and releases its VIPs.
     */
    public List<VrrpAction> shutdown(Instant now) {
        VrrpState from = state;
        state = VrrpState.INIT;
        deadline = Instant.MAX;
        return switch (from) {
            case MASTER -> leaveMaster(VrrpState.INIT, TransitionReason.SHUTDOWN);
            case BACKUP, FAULT ->
                    List.of(new StateChanged(from, VrrpState.INIT, TransitionReason.SHUTDOWN));
            case INIT -> List.of();
        };
    }

    /**
     * Whether this instance is MASTER or would be: a BACKUP whose Master_Down timer expired while
     * its sync group held it back ({@link #holdBackup}) and that has heard no acceptable master
     * since. keepalived's {@code wantstate == MASTER}.
     */
    public boolean wantsMaster() {
        return state == VrrpState.MASTER || (state == VrrpState.BACKUP && held);
    }

    /**
     * Whether {@link #onTimer} at {@code now} would take this BACKUP to MASTER; a sync group member
     * asks its group first and calls {@link #holdBackup} instead when the others do not all want
     * MASTER.
     */
    public boolean masterDownExpired(Instant now) {
        return state == VrrpState.BACKUP && !now.isBefore(deadline);
    }

    /**
     * The Master_Down timer expired but the sync group does not go MASTER: stay BACKUP, remember
     * that this instance wants MASTER and re-arm the timer. No actions.
     */
    public List<VrrpAction> holdBackup(Instant now) {
        if (state != VrrpState.BACKUP) {
            return List.of();
        }
        held = true;
        deadline = now.plus(timers().masterDownInterval());
        return List.of();
    }

    /**
     * Another sync group member left MASTER for BACKUP: a MASTER follows, saying goodbye with
     * priority 0 so the peer's backup takes over after Skew_Time, and releases its VIPs. Any other
     * state is left alone.
     */
    public List<VrrpAction> forceBackup(Instant now) {
        if (state != VrrpState.MASTER) {
            return List.of();
        }
        List<VrrpAction> actions = leaveMaster(VrrpState.BACKUP, TransitionReason.SYNC_GROUP);
        becomeBackup(now);
        return actions;
    }

    /**
     * Another sync group member became MASTER and every member wanted to: a BACKUP follows at once.
     * INIT, FAULT and MASTER are left alone (keepalived never forces a faulted member to MASTER).
     */
    public List<VrrpAction> forceMaster(Instant now) {
        if (state != VrrpState.BACKUP || faulted) {
            return List.of();
        }
        return becomeMaster(now, TransitionReason.SYNC_GROUP);
    }

    /**
     * A tracked interface went down or a tracked script failed hard (keepalived FAULT). A MASTER
     * says goodbye with priority 0, as on shutdown, so a backup need not wait Master_Down_Interval.
     * The caller aggregates several tracked objects into one fault flag.
     */
    public List<VrrpAction> onFault(Instant now) {
        faulted = true;
        VrrpState from = state;
        if (from != VrrpState.MASTER && from != VrrpState.BACKUP) {
            return List.of();
        }
        state = VrrpState.FAULT;
        held = false;
        deadline = Instant.MAX;
        return from == VrrpState.MASTER
                ? leaveMaster(VrrpState.FAULT, TransitionReason.FAULT)
                : List.of(new StateChanged(from, VrrpState.FAULT, TransitionReason.FAULT));
    }

    /**
     * Every tracked object is healthy again: re-enter as at startup, without a new preempt delay.
     */
    public List<VrrpAction> onFaultCleared(Instant now) {
        faulted = false;
        if (state != VrrpState.FAULT) {
            return List.of();
        }
        if (settings.addressOwner() && effectivePriority == Advertisement.PRIORITY_OWNER) {
            return becomeMaster(now, TransitionReason.FAULT_CLEARED);
        }
        becomeBackup(now);
        return List.of(
                new StateChanged(
                        VrrpState.FAULT, VrrpState.BACKUP, TransitionReason.FAULT_CLEARED));
    }

    /**
     * The priority after {@code track_script} / {@code track_interface} weights, 1..255 (the caller
     * clamps as keepalived does). A MASTER advertises the change at once so a now-better backup can
     * preempt without waiting an interval; a BACKUP uses it for its next Master_Down_Interval.
     */
    public List<VrrpAction> setEffectivePriority(int priority, Instant now) {
        if (priority < 1 || priority > 255) {
            throw new IllegalArgumentException(
                    "effective priority " + priority + " out of range (expected 1..255)");
        }
        boolean changed = priority != effectivePriority;
        effectivePriority = priority;
        if (!changed || state != VrrpState.MASTER) {
            return List.of();
        }
        deadline = now.plus(settings.advertisementInterval());
        return List.of(new SendAdvertisement(advertisement()));
    }

    /** The advertisement this instance sends as MASTER now. */
    public Advertisement advertisement() {
        return new Advertisement(
                settings.version(),
                settings.virtualRouterId(),
                effectivePriority,
                settings.advertisementInterval(),
                settings.virtualAddresses(),
                settings.authentication());
    }

    /** RFC 5798 §6.4.2, "If an ADVERTISEMENT is received". */
    private List<VrrpAction> backupReceived(Advertisement advertisement, Instant now) {
        if (advertisement.priority() == Advertisement.PRIORITY_STOP) {
            // The master is leaving: wait only Skew_Time, so the best backup wins the race.
            deadline = now.plus(timers().skewTime());
            return List.of();
        }
        boolean lowerPriorityMaster = advertisement.priority() < effectivePriority;
        // keepalived preempt_delay: for that long after startup a better backup still treats a
        // lower-priority master as valid, so it does not grab the VIPs before its own services are
        // up.
        boolean mayPreempt = settings.preempt() && !now.isBefore(preemptAllowedAt);
        if (lowerPriorityMaster && mayPreempt) {
            // Preempt_Mode: ignore the worse master; our Master_Down_Timer will fire.
            return List.of();
        }
        if (settings.version() == VrrpVersion.V3) {
            masterAdvertisementInterval = advertisement.advertisementInterval();
        }
        held = false;
        deadline = now.plus(timers().masterDownInterval());
        return List.of();
    }

    /** RFC 5798 §6.4.3, "If an ADVERTISEMENT is received". */
    private List<VrrpAction> masterReceived(
            Advertisement advertisement, InetAddress source, Instant now) {
        int theirs = advertisement.priority();
        if (theirs == Advertisement.PRIORITY_STOP) {
            // Another master is leaving: advertise at once so backups do not take over.
            deadline = now.plus(settings.advertisementInterval());
            return List.of(new SendAdvertisement(advertisement()));
        }
        boolean better =
                theirs > effectivePriority
                        || (theirs == effectivePriority
                                && compareAddresses(source, settings.primaryAddress()) > 0);
        if (!better) {
            // The RFC discards it; keepalived asserts itself with an immediate advert so the
            // lesser master steps down within one round trip, and so do we.
            deadline = now.plus(settings.advertisementInterval());
            return List.of(new SendAdvertisement(advertisement()));
        }
        if (settings.version() == VrrpVersion.V3) {
            masterAdvertisementInterval = advertisement.advertisementInterval();
        }
        List<VrrpAction> actions =
                List.of(
                        new StateChanged(
                                VrrpState.MASTER,
                                VrrpState.BACKUP,
                                TransitionReason.PREEMPTED_BY_HIGHER_PRIORITY),
                        new ReleaseVips());
        state = VrrpState.BACKUP;
        deadline = now.plus(timers().masterDownInterval());
        return actions;
    }

    /** RFC 5798 §6.4.1 / §6.4.2: send an advertisement, gratuitous ARP, arm the Adver_Timer. */
    private List<VrrpAction> becomeMaster(Instant now, TransitionReason reason) {
        VrrpState from = state;
        state = VrrpState.MASTER;
        held = false;
        deadline = now.plus(settings.advertisementInterval());
        return List.of(
                new StateChanged(from, VrrpState.MASTER, reason),
                new SendAdvertisement(advertisement()),
                new AcquireVips(),
                new AnnounceVips());
    }

    /** RFC 5798 §6.4.1: Master_Adver_Interval = Advertisement_Interval, arm Master_Down_Timer. */
    private void becomeBackup(Instant now) {
        state = VrrpState.BACKUP;
        held = false;
        masterAdvertisementInterval = settings.advertisementInterval();
        deadline = now.plus(timers().masterDownInterval());
    }

    private List<VrrpAction> leaveMaster(VrrpState to, TransitionReason reason) {
        return List.of(
                new StateChanged(VrrpState.MASTER, to, reason),
                new SendAdvertisement(advertisement().withPriority(Advertisement.PRIORITY_STOP)),
                new ReleaseVips());
    }

    /** Primary addresses compare as unsigned big-endian integers (RFC 5798 §6.4.3). */
    static int compareAddresses(InetAddress a, InetAddress b) {
        return Arrays.compareUnsigned(a.getAddress(), b.getAddress());
    }
}
