package io.tandem.schedule;

import java.net.InetAddress;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;

/**
 * The destination-address cache behind {@code lblc} and {@code lblcr}, with IPVS's expiry: an entry
 * not used for the expiration time ({@code lblc_expiration}/{@code lblcr_expiration}, 24 hours by
 * default) is gone; and once the table holds more than {@value #MAX_ENTRIES} entries (IPVS's 1024
 * buckets × 16), entries idle for six minutes are collected. IPVS runs that collection from a timer
 * every minute; here the first miss after each minute runs it, so no thread is needed and the hit
 * path never pays for it.
 *
 * <p>Thread-safe and lock-free for lookups. Lives in the scheduler factory, so that locality
 * survives pool changes as IPVS's table survives destination changes.
 *
 * @param <E> what a destination address maps to
 */
final class LocalityTable<E extends LocalityTable.Entry> {
    static final Duration DEFAULT_EXPIRATION = Duration.ofHours(24);
    static final int MAX_ENTRIES = 1024 * 16;
    private static final long IDLE_TIMEOUT_NANOS = Duration.ofMinutes(6).toNanos();
    private static final long CHECK_INTERVAL_NANOS = Duration.ofMinutes(1).toNanos();
    private static final long REFRESH_NANOS = Duration.ofSeconds(1).toNanos();

    private final ConcurrentHashMap<InetAddress, E> entries = new ConcurrentHashMap<>();
    private final LongSupplier nanoTime;
    private final long expirationNanos;
    private final AtomicLong nextCheck;

    /** What one destination maps to; {@code lastUse} is refreshed by hits, to the second. */
    abstract static class Entry {
        volatile long lastUse;

        Entry(long now) {
            this.lastUse = now;
        }
    }

    LocalityTable(Duration expiration, LongSupplier nanoTime) {
        this.expirationNanos = expiration.toNanos();
        this.nanoTime = nanoTime;
        this.nextCheck = new AtomicLong(nanoTime.getAsLong() + CHECK_INTERVAL_NANOS);
    }

    long now() {
        return nanoTime.getAsLong();
    }

    long expirationNanos() {
        return expirationNanos;
    }

    /** The live entry for {@code destination}, marked used at {@code now}; null if none. */
    @Nullable E get(InetAddress destination, long now) {
        E entry = entries.get(destination);
        if (entry == null) {
            return null;
        }
        if (now - entry.lastUse >= expirationNanos) {
            entries.remove(destination, entry);
            return null;
        }
        if (now - entry.lastUse >= REFRESH_NANOS) {
            // Not on every hit: a volatile write is a full fence and moves the entry's cache line
            // to this event loop's core, while expiry counts minutes and hours.
            entry.lastUse = now;
        }
        return entry;
    }

    /** Maps {@code destination} to a new entry; collects stale entries at most once a minute. */
    void put(InetAddress destination, E entry, long now) {
        entries.put(destination, entry);
        long due = nextCheck.get();
        if (now - due >= 0 && nextCheck.compareAndSet(due, now + CHECK_INTERVAL_NANOS)) {
            collect(now);
        }
    }

    /** Drops expired entries, and idle ones while the table is over its size; returns how many. */
    int collect(long now) {
        int before = entries.size();
        entries.values().removeIf(e -> now - e.lastUse >= expirationNanos);
        if (entries.size() > MAX_ENTRIES) {
            entries.values().removeIf(e -> now - e.lastUse >= IDLE_TIMEOUT_NANOS);
        }
        return before - entries.size();
    }

    int size() {
        return entries.size();
    }
}
