package io.tandem.pool;

import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Counts closed TCP connections as inactive for a while after they end, the way IPVS keeps a closed
 * connection in its table in TIME_WAIT (120 s by default) and counts it in InActConn.
 *
 * <p>This matters beyond the listing: lc, wlc and lblc weigh inactive connections, so without it a
 * run of short sequential connections would all tie at zero and go to the first server, where IPVS
 * rotates them. Closed connections are kept in one-second slots, and every change returns the new
 * total, which the owner publishes where schedulers read it in O(1).
 *
 * <p>Not thread-safe: the owner serialises calls.
 */
final class TimeWaitCounter {
    static final long DEFAULT_SECONDS = 120;
    private static final int SLOTS = 256; // more than any linger we use, so slots never alias

    private final long lingerSeconds;
    private final LongSupplier nanoTime;
    private final int[] counts = new int[SLOTS];
    private final long[] seconds = new long[SLOTS];
    private long lastSweep = Long.MIN_VALUE;
    private int total;

    TimeWaitCounter(long lingerSeconds, LongSupplier nanoTime) {
        if (lingerSeconds >= SLOTS) {
            throw new IllegalArgumentException("linger " + lingerSeconds + " s >= " + SLOTS);
        }
        this.lingerSeconds = lingerSeconds;
        this.nanoTime = nanoTime;
    }

    /** A connection just closed; returns how many are lingering now. */
    int add() {
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
        return total;
    }

    /**
     * Forgets connections whose linger is over, returning how many still linger; called
     * periodically so that idle servers decay too.
     */
    int expire() {
        total -= expired(nowSeconds());
        return total;
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
