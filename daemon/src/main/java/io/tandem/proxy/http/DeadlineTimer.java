package io.tandem.proxy.http;

import io.netty.channel.EventLoop;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * One connection's timeout: at most one action armed at a time, run on the event loop once its
 * deadline passes unless re-armed or disarmed before. Touched only on that loop.
 *
 * <p>Why not a Netty timer per timeout: a keep-alive request arms and disarms three timeouts (head,
 * response, idle), and each schedule and cancel is a task allocation and two priority-queue
 * operations on the loop. Here re-arming only moves a deadline; the one scheduled task, when it
 * fires early, schedules itself again for the current deadline. A new task is needed only when a
 * deadline comes before the one already scheduled.
 */
final class DeadlineTimer {
    private final EventLoop loop;
    private final Runnable fire = this::fire;
    private @Nullable Runnable action;
    private long deadlineNanos;
    private @Nullable ScheduledFuture<?> scheduled;
    private long scheduledForNanos;

    DeadlineTimer(EventLoop loop) {
        this.loop = loop;
    }

    /** Runs {@code onExpiry} after {@code delayNanos} unless re-armed or disarmed first. */
    void arm(long delayNanos, Runnable onExpiry) {
        long now = loop.ticker().nanoTime();
        action = onExpiry;
        deadlineNanos = now + delayNanos;
        ScheduledFuture<?> s = scheduled;
        if (s != null && scheduledForNanos - deadlineNanos <= 0) {
            return; // fires no later than the deadline and then looks again
        }
        if (s != null) {
            s.cancel(false);
        }
        scheduledForNanos = deadlineNanos;
        scheduled = loop.schedule(fire, delayNanos, TimeUnit.NANOSECONDS);
    }

    /** Nothing runs until the next {@link #arm}; the scheduled task, if any, stays for reuse. */
    void disarm() {
        action = null;
    }

    /** Disarms and cancels the scheduled task: the connection is gone. */
    void cancel() {
        action = null;
        ScheduledFuture<?> s = scheduled;
        scheduled = null;
        if (s != null) {
            s.cancel(false);
        }
    }

    private void fire() {
        scheduled = null;
        Runnable a = action;
        if (a == null) {
            return;
        }
        long left = deadlineNanos - loop.ticker().nanoTime();
        if (left > 0) {
            scheduledForNanos = deadlineNanos;
            scheduled = loop.schedule(fire, left, TimeUnit.NANOSECONDS);
            return;
        }
        action = null;
        a.run();
    }
}
