package io.tandem.failover;

import io.tandem.vrrp.RejectReason;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Received packets dropped by one instance, per reason. Written by the runner thread, read by
 * anyone (logs, tests, later metrics).
 */
public final class DropCounters {
    private final Map<RejectReason, AtomicLong> counts = new ConcurrentHashMap<>();

    void count(RejectReason reason) {
        counts.computeIfAbsent(reason, r -> new AtomicLong()).incrementAndGet();
    }

    public long get(RejectReason reason) {
        AtomicLong n = counts.get(reason);
        return n == null ? 0 : n.get();
    }

    /** The non-zero counts. */
    public Map<RejectReason, Long> snapshot() {
        Map<RejectReason, Long> out = new EnumMap<>(RejectReason.class);
        counts.forEach(
                (r, n) -> {
                    if (n.get() > 0) {
                        out.put(r, n.get());
                    }
                });
        return out;
    }
}
