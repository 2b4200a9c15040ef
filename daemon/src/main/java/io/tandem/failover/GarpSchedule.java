package io.tandem.failover;

import java.time.Duration;
import java.time.Instant;

/**
 * When a master sends its gratuitous ARPs, as keepalived does: a burst of {@code
 * garp_master_repeat} on becoming master, a second burst {@code garp_master_delay} later, then
 * {@code garp_master_refresh_repeat} every {@code garp_master_refresh} (if set) while master. Pure;
 * owned by the runner thread.
 */
final class GarpSchedule {
    private final Duration delay;
    private final int repeat;
    private final Duration refresh;
    private final int refreshRepeat;
    private Instant next = Instant.MAX;
    private boolean secondBurstDue;

    GarpSchedule(Duration delay, int repeat, Duration refresh, int refreshRepeat) {
        this.delay = delay;
        this.repeat = repeat;
        this.refresh = refresh;
        this.refreshRepeat = refreshRepeat;
    }

    /** Became master: returns how many to send now and plans the next burst. */
    int becameMaster(Instant now) {
        secondBurstDue = !delay.isZero();
        next = secondBurstDue ? now.plus(delay) : afterRefresh(now);
        return repeat;
    }

    /** Stop announcing (left master). */
    void stop() {
        next = Instant.MAX;
        secondBurstDue = false;
    }

    Instant next() {
        return next;
    }

    /** The burst due at {@code now} (0 when none) and plans the following one. */
    int due(Instant now) {
        if (now.isBefore(next)) {
            return 0;
        }
        int count = secondBurstDue ? repeat : refreshRepeat;
        secondBurstDue = false;
        next = afterRefresh(now);
        return count;
    }

    private Instant afterRefresh(Instant now) {
        return refresh.isZero() ? Instant.MAX : now.plus(refresh);
    }
}
