package io.tandem.failover;

import io.tandem.vrrp.Advertisement;
import io.tandem.vrrp.VrrpAction;
import io.tandem.vrrp.VrrpInstance;
import io.tandem.vrrp.VrrpState;
import io.tandem.vrrp.VrrpVersion;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one {@code vrrp_instance} on its own platform thread at maximum priority: the only thread
 * that touches the instance, its sockets and its addresses, and one that waits for nothing but its
 * own socket and deadlines, so other work cannot delay an advert. The thread waits in {@code
 * poll(2)} until the next deadline (advert, Master_Down, gratuitous ARP, tracking check) or a
 * packet, at most {@link #MAX_WAIT} so that {@link #stop} is noticed quickly. A wake-up later than
 * {@link #lateLimit} is logged as a warning: a GC pause or CPU starvation that long is how false
 * failovers happen.
 *
 * <p>{@link #state()} and {@link #drops()} may be read from any thread.
 */
public final class VrrpRunner {
    private static final Logger log = LoggerFactory.getLogger(VrrpRunner.class);
    static final Duration MAX_WAIT = Duration.ofMillis(50);
    static final Duration TRACK_PERIOD = Duration.ofMillis(100);
    private static final Duration ERROR_BACKOFF = Duration.ofMillis(20);

    private final VrrpInstance instance;
    private final VrrpChannel channel;
    private final VipOwner vips;
    private final GarpSchedule garp;
    private final Tracking tracking;
    private final @Nullable SyncGroup syncGroup;
    private final NotifyScripts notify;
    private final InstantSource clock;
    private final Duration lateLimit;
    private final DropCounters drops = new DropCounters();
    private final Thread thread;
    private volatile VrrpState state = VrrpState.INIT;
    // Read by the admin endpoint's listing from other threads.
    private volatile int effectivePriority;
    private final java.util.concurrent.atomic.AtomicLong transitions =
            new java.util.concurrent.atomic.AtomicLong();
    private volatile Instant since = Instant.now();
    private volatile boolean stopping;
    private boolean faulted;
    private long lateWakeups;

    VrrpRunner(
            VrrpInstance instance,
            VrrpChannel channel,
            VipOwner vips,
            GarpSchedule garp,
            Tracking tracking,
            @Nullable SyncGroup syncGroup,
            NotifyScripts notify,
            InstantSource clock) {
        this.instance = instance;
        this.channel = channel;
        this.vips = vips;
        this.garp = garp;
        this.tracking = tracking;
        this.syncGroup = syncGroup;
        this.notify = notify;
        this.clock = clock;
        this.effectivePriority = instance.effectivePriority();
        Duration tenth = instance.settings().advertisementInterval().dividedBy(10);
        this.lateLimit = tenth.compareTo(Duration.ofMillis(10)) > 0 ? tenth : Duration.ofMillis(10);
        this.thread =
                Thread.ofPlatform()
                        .name("vrrp-" + instance.settings().name())
                        .priority(Thread.MAX_PRIORITY)
                        .daemon(true)
                        .unstarted(this::run);
    }

    public String name() {
        return instance.settings().name();
    }

    public VrrpState state() {
        return state;
    }

    /** The priority after tracking, as of the last state change or tracking check. */
    public int effectivePriority() {
        return effectivePriority;
    }

    /** State changes since start. */
    public long transitions() {
        return transitions.get();
    }

    /** When the instance entered its current state. */
    public Instant since() {
        return since;
    }

    /** The vrrp_sync_group the instance belongs to, or null. */
    public @Nullable String syncGroup() {
        SyncGroup group = syncGroup;
        return group == null ? null : group.name();
    }

    public DropCounters drops() {
        return drops;
    }

    void start() {
        thread.start();
    }

    /**
     * Graceful stop: a master sends its priority-0 advert and removes its addresses, then the
     * sockets close. Waits for the thread up to {@code timeout}.
     */
    public void stop(Duration timeout) {
        stopAsync();
        try {
            thread.join(timeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Asks the thread to stop without waiting; {@link #stop} waits. */
    void stopAsync() {
        stopping = true;
    }

    private void run() {
        Instant now = clock.instant();
        try {
            track(now);
            apply(instance.start(now), now);
            Instant nextTrack = now.plus(TRACK_PERIOD);
            while (!stopping) {
                Instant deadline = earliest(instance.nextDeadline(), garp.next(), nextTrack);
                Duration wait = Duration.between(now, deadline);
                if (wait.isNegative()) {
                    wait = Duration.ZERO;
                }
                boolean capped = wait.compareTo(MAX_WAIT) > 0;
                Instant expected = now.plus(capped ? MAX_WAIT : wait);
                Reception reception = receive(capped ? MAX_WAIT : wait);
                now = clock.instant();
                if (reception instanceof Reception.Silence) {
                    checkLateness(Duration.between(expected, now));
                }
                handle(reception, now);
                follow(now);
                if (!now.isBefore(instance.nextDeadline())) {
                    timer(now);
                }
                if (syncGroup != null) {
                    syncGroup.reportWantsMaster(name(), instance.wantsMaster());
                }
                int arps = garp.due(now);
                if (arps > 0) {
                    announce(arps);
                }
                if (!now.isBefore(nextTrack)) {
                    track(now);
                    nextTrack = now.plus(TRACK_PERIOD);
                }
            }
            apply(instance.shutdown(clock.instant()), clock.instant());
        } catch (RuntimeException e) {
            log.error("VRRP_Instance({}) runner failed; releasing addresses", name(), e);
            try {
                vips.release();
            } catch (IOException release) {
                log.error("VRRP_Instance({}) could not release addresses", name(), release);
            }
        } finally {
            channel.close();
            vips.close();
            state = VrrpState.INIT;
        }
    }

    private Reception receive(Duration wait) {
        try {
            return channel.receive(wait);
        } catch (IOException e) {
            log.warn("VRRP_Instance({}) receive failed: {}", name(), e.toString());
            try {
                TimeUnit.NANOSECONDS.sleep(ERROR_BACKOFF.toNanos());
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
            }
            return new Reception.Silence();
        }
    }

    private void handle(Reception reception, Instant now) {
        switch (reception) {
            case Reception.Heard heard -> {
                Advertisement a = heard.advertisement();
                if (a.virtualRouterId() != instance.settings().virtualRouterId()) {
                    drops.count(io.tandem.vrrp.RejectReason.OTHER_VIRTUAL_ROUTER);
                } else if (instance.settings().version() == VrrpVersion.V2
                        && !a.advertisementInterval()
                                .equals(instance.settings().advertisementInterval())) {
                    drops.count(io.tandem.vrrp.RejectReason.INTERVAL_MISMATCH);
                    log.debug(
                            "VRRP_Instance({}) advert_int {} from {} differs from ours",
                            name(),
                            a.advertisementInterval(),
                            heard.source().getHostAddress());
                } else {
                    apply(instance.onAdvertisement(a, heard.source(), now), now);
                }
            }
            case Reception.Dropped dropped -> {
                drops.count(dropped.reason());
                log.debug(
                        "VRRP_Instance({}) dropped a packet: {} ({})",
                        name(),
                        dropped.reason(),
                        dropped.detail());
            }
            case Reception.Silence silence -> {}
        }
    }

    private void checkLateness(Duration late) {
        if (late.compareTo(lateLimit) > 0) {
            lateWakeups++;
            log.warn(
                    "VRRP_Instance({}) timer thread woke {} ms late (limit {} ms, {} so far): a GC"
                            + " pause or CPU starvation this long can cause a false failover",
                    name(),
                    late.toMillis(),
                    lateLimit.toMillis(),
                    lateWakeups);
        }
    }

    /**
     * A sync group member's Master_Down timer takes it to MASTER only if every other member is
     * MASTER or wants to be (keepalived: "only sync to master if everyone wants to"); otherwise it
     * stays BACKUP and says it wants MASTER.
     */
    private void timer(Instant now) {
        if (syncGroup != null
                && instance.masterDownExpired(now)
                && !syncGroup.othersWantMaster(name())) {
            apply(instance.holdBackup(now), now);
            return;
        }
        apply(instance.onTimer(now), now);
    }

    /** Carries out what the sync group asked of this member since the last loop. */
    private void follow(Instant now) {
        if (syncGroup == null) {
            return;
        }
        VrrpState request = syncGroup.takeRequest(name());
        if (request == VrrpState.BACKUP) {
            apply(instance.forceBackup(now), now);
        } else if (request == VrrpState.MASTER) {
            apply(instance.forceMaster(now), now);
        }
    }

    /** Applies tracked interfaces, scripts and the sync group to the instance. */
    private void track(Instant now) {
        Tracking.Verdict verdict = tracking.evaluate();
        boolean fault = verdict.fault();
        if (syncGroup != null) {
            syncGroup.report(name(), fault);
            fault = fault || syncGroup.otherFaulted(name());
        }
        if (fault != faulted) {
            faulted = fault;
            if (fault) {
                log.warn(
                        "VRRP_Instance({}) entering FAULT: {}",
                        name(),
                        verdict.why() != null ? verdict.why() : "a sync group member faulted");
                apply(instance.onFault(now), now);
            } else {
                log.info("VRRP_Instance({}) tracked objects are up again", name());
                apply(instance.onFaultCleared(now), now);
            }
        }
        if (verdict.priority() != instance.effectivePriority()) {
            log.info(
                    "VRRP_Instance({}) priority {} -> {} (tracking)",
                    name(),
                    instance.effectivePriority(),
                    verdict.priority());
            apply(instance.setEffectivePriority(verdict.priority(), now), now);
            effectivePriority = verdict.priority();
        }
    }

    private void apply(List<VrrpAction> actions, Instant now) {
        for (VrrpAction action : actions) {
            try {
                switch (action) {
                    case VrrpAction.SendAdvertisement send -> channel.send(send.advertisement());
                    case VrrpAction.AcquireVips acquire -> vips.acquire();
                    case VrrpAction.ReleaseVips release -> vips.release();
                    case VrrpAction.AnnounceVips announce -> announce(garp.becameMaster(now));
                    case VrrpAction.StateChanged changed -> changed(changed);
                }
            } catch (IOException e) {
                log.warn("VRRP_Instance({}) {} failed: {}", name(), action, e.toString());
            }
        }
    }

    private void announce(int count) {
        try {
            vips.announce(count);
        } catch (IOException e) {
            log.warn("VRRP_Instance({}) gratuitous ARP failed: {}", name(), e.toString());
        }
    }

    private void changed(VrrpAction.StateChanged changed) {
        state = changed.to();
        transitions.incrementAndGet();
        since = clock.instant();
        effectivePriority = instance.effectivePriority();
        if (changed.to() != VrrpState.MASTER) {
            garp.stop();
        }
        log.info(
                "VRRP_Instance({}) Entering {} STATE ({}, priority {})",
                name(),
                changed.to() == VrrpState.INIT ? "STOP" : changed.to(),
                changed.reason(),
                instance.effectivePriority());
        notify.changed(changed, instance.effectivePriority());
        if (syncGroup != null) {
            syncGroup.changed(
                    name(),
                    changed.from(),
                    changed.to(),
                    changed.reason() == io.tandem.vrrp.TransitionReason.SYNC_GROUP);
        }
    }

    private static Instant earliest(Instant a, Instant b, Instant c) {
        Instant min = a.isBefore(b) ? a : b;
        return min.isBefore(c) ? min : c;
    }
}
