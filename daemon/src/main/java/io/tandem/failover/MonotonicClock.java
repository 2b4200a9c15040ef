package io.tandem.failover;

import java.time.Instant;
import java.time.InstantSource;

/**
 * An {@link InstantSource} that never jumps: {@link System#nanoTime()} from an arbitrary epoch.
 * VRRP timers must not fire early or late when NTP or an admin steps the wall clock.
 */
final class MonotonicClock implements InstantSource {
    private final long origin = System.nanoTime();

    @Override
    public Instant instant() {
        return Instant.EPOCH.plusNanos(System.nanoTime() - origin);
    }
}
