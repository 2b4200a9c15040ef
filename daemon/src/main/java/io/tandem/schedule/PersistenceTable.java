package io.tandem.schedule;

import io.tandem.pool.RealServer;
import java.net.InetAddress;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * IPVS persistence ({@code persistence_timeout}, {@code persistence_granularity}): a client, masked
 * to the granularity prefix, goes back to the real server it was last sent to until the timeout
 * passes with no connection from it open or started. Like IPVS's persistence templates, an entry
 * never expires while one of its connections is still open.
 *
 * <p>Thread-safe; {@link #lookup} and {@link #remember} run on event loops.
 */
final class PersistenceTable {
    private final Duration timeout;
    private final long timeoutNanos;
    private final int prefixLength;
    private final LongSupplier nanoTime;
    private final ConcurrentHashMap<ClientKey, Entry> entries = new ConcurrentHashMap<>();

    PersistenceTable(Duration timeout, int prefixLength, LongSupplier nanoTime) {
        this.timeout = timeout;
        this.timeoutNanos = timeout.toNanos();
        this.prefixLength = prefixLength;
        this.nanoTime = nanoTime;
    }

    /**
     * The server this client is bound to, if the binding is live and {@code member} accepts it (the
     * server is still in the pool). Counts a new connection on the binding.
     */
    @Nullable RealServer lookup(InetAddress client, Predicate<RealServer> member) {
        ClientKey key = ClientKey.of(client, prefixLength);
        Entry entry = entries.get(key);
        if (entry == null) {
            return null;
        }
        long now = nanoTime.getAsLong();
        if (entry.expired(now, timeoutNanos) || !member.test(entry.server)) {
            entries.remove(key, entry);
            return null;
        }
        entry.open(now);
        return entry.server;
    }

    /** Binds the client to {@code server} and counts a new connection on the binding. */
    void remember(InetAddress client, RealServer server) {
        long now = nanoTime.getAsLong();
        Entry fresh = new Entry(server);
        fresh.open(now);
        entries.put(ClientKey.of(client, prefixLength), fresh);
    }

    /** A connection of this client ended: the timeout starts counting from now. */
    void release(InetAddress client, RealServer server) {
        Entry entry = entries.get(ClientKey.of(client, prefixLength));
        if (entry != null && entry.server == server) {
            entry.close(nanoTime.getAsLong());
        }
    }

    /** Drops expired entries; called periodically so that the table stays bounded. */
    int expire() {
        long now = nanoTime.getAsLong();
        int before = entries.size();
        entries.values().removeIf(e -> e.expired(now, timeoutNanos));
        return before - entries.size();
    }

    Duration timeout() {
        return timeout;
    }

    int prefixLength() {
        return prefixLength;
    }

    /** Entries bound to {@code server}; a scan, for listings only. */
    int boundTo(RealServer server) {
        int n = 0;
        for (Entry e : entries.values()) {
            if (e.server == server) {
                n++;
            }
        }
        return n;
    }

    int size() {
        return entries.size();
    }

    private static final class Entry {
        final RealServer server;
        final AtomicInteger open = new AtomicInteger();
        volatile long lastSeen;

        Entry(RealServer server) {
            this.server = server;
        }

        void open(long now) {
            open.incrementAndGet();
            lastSeen = now;
        }

        void close(long now) {
            open.updateAndGet(n -> Math.max(0, n - 1));
            lastSeen = now;
        }

        boolean expired(long now, long timeoutNanos) {
            return open.get() == 0 && now - lastSeen >= timeoutNanos;
        }
    }
}
