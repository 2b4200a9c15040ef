package io.tandem.pool;

import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Counts closed TCP connections as inactive for a while after they end, the way IPVS keeps a closed
 * connection in its table in TIME_WAIT (120 s by default) and counts it in InActConn.
 *
 * <p>This matters beyond the listing: lc, wlc and lblc weigh inactive connections, so without it a
 * run of short sequential connections would all tie at zero and go to the first server, where IPVS
 * rotates them. Closed connections are kept in one-second slots; the running total is what
 * schedulers read, in O(1).
 */
final class TimeWaitCounter {
    static final long DEFAULT_SECONDS = 120;
    private static final int SLOTS = 256; // more than any linger we use, so slots never alias

    private final long lingerSeconds;
    private final LongSupplier nanoTime;
    private final int[] counts = new int[SLOTS];
    private final long[] seconds = new long[SLOTS];
    private long lastSweep = Long.MIN_VALUE;
    private volatile int total;

    TimeWaitCounter(long lingerSeconds, LongSupplier nanoTime) {
        if (lingerSeconds >= SLOTS) {
            throw new IllegalArgumentException("linger " + lingerSeconds + " s >= " + SLOTS);
        }
        this.lingerSeconds = lingerSeconds;
        this.nanoTime = nanoTime;
    }

    /** A connection just closed. */
    synchronized void add() {
        long now = nowSeconds();
        int live = total;
        if (now != lastSweep) {
            live -= expired(now);
            lastSweep = now;
        }
        int slot = Math.floorMod(now, SLOTS);
        if (seconds[slot] != now) {
            live -= counts[slot];
            counts[slot] = 0;
            seconds[slot] = now;
        }
        counts[slot]++;
        total = live + 1;
    }

    /** Closed connections still lingering. */
    int count() {
        return total;
    }

    /** Forgets connections whose linger is over; called periodically so idle servers decay too. */
    synchronized void expire() {
        total -= expired(nowSeconds());
    }

    synchronized void clear() {
        Arrays.fill(counts, 0);
        total = 0;
    }

    private int expired(long now) {
        int gone = 0;
        for (int i = 0; i < SLOTS; i++) {
            if (counts[i] != 0 && now - seconds[i] >= lingerSeconds) {
                gone += counts[i];
                counts[i] = 0;
            }
        }
        return gone;
    }

    private long nowSeconds() {
        return TimeUnit.NANOSECONDS.toSeconds(nanoTime.getAsLong());
    }
}
