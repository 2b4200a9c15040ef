package io.tandem.notify;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The alert storm limit, one token bucket per subject (virtual server or VRRP instance): up to
 * {@code burst} alerts at once, then one per {@code refill} (default 5, then 1 per minute). An
 * alert over the limit is suppressed and counted; the latest one is held back. The next alert let
 * through says how many were suppressed since when, and if no further alert comes, {@link #due}
 * sends the held one as soon as a token is back, so the last word of a storm is never lost.
 *
 * <p>Pure: no threads, time from the injected clock. Not thread-safe; {@link Alerts} serializes.
 */
public final class AlertLimiter {

    public static final int DEFAULT_BURST = 5;
    public static final Duration DEFAULT_REFILL = Duration.ofMinutes(1);

    private final int burst;
    private final long refillNanos;
    private final InstantSource clock;
    private final Map<String, Bucket> buckets = new HashMap<>();

    /** 5 at once, then 1 per minute. */
    public AlertLimiter(InstantSource clock) {
        this(DEFAULT_BURST, DEFAULT_REFILL, clock);
    }

    /**
     * @param burst alerts let through at once, at least 1
     * @param refill time for one more token to come back, positive
     */
    public AlertLimiter(int burst, Duration refill, InstantSource clock) {
        if (burst < 1 || refill.isNegative() || refill.isZero()) {
            throw new IllegalArgumentException(
                    "alert limit needs burst >= 1 and a positive refill, got "
                            + burst
                            + ", "
                            + refill);
        }
        this.burst = burst;
        this.refillNanos = refill.toNanos();
        this.clock = clock;
    }

    /** The notice to send for {@code alert} now, or empty when it is suppressed. */
    public Optional<Notice> admit(Alert alert) {
        Instant now = clock.instant();
        Bucket bucket = buckets.computeIfAbsent(alert.subject(), k -> new Bucket(burst, now));
        bucket.refill(now);
        if (bucket.tokens >= 1) {
            bucket.tokens -= 1;
            Notice notice = new Notice(alert, bucket.suppressed, bucket.since, false);
            bucket.clear();
            return Optional.of(notice);
        }
        if (bucket.suppressed == 0) {
            bucket.since = now;
        }
        bucket.suppressed++;
        bucket.held = alert;
        return Optional.empty();
    }

    /**
     * Held-back alerts whose subject has a token again, each the latest of its storm, marked
     * delayed and carrying the count of the others.
     */
    public List<Notice> due() {
        Instant now = clock.instant();
        List<Notice> out = new ArrayList<>();
        for (Bucket bucket : buckets.values()) {
            Alert held = bucket.held;
            if (held == null) {
                continue;
            }
            bucket.refill(now);
            if (bucket.tokens >= 1) {
                bucket.tokens -= 1;
                out.add(new Notice(held, bucket.suppressed - 1, bucket.since, true));
                bucket.clear();
            }
        }
        return out;
    }

    /** How many alerts for {@code subject} were suppressed since the last one let through. */
    public int suppressed(String subject) {
        Bucket bucket = buckets.get(subject);
        return bucket == null ? 0 : bucket.suppressed;
    }

    /** How many alerts are held back now, over all subjects. */
    public int heldBack() {
        return (int) buckets.values().stream().filter(b -> b.held != null).count();
    }

    private final class Bucket {
        double tokens;
        Instant last;
        int suppressed;
        @Nullable Instant since;
        @Nullable Alert held;

        Bucket(int tokens, Instant now) {
            this.tokens = tokens;
            this.last = now;
        }

        void refill(Instant now) {
            long elapsed = Duration.between(last, now).toNanos();
            if (elapsed > 0) {
                tokens = Math.min(burst, tokens + (double) elapsed / refillNanos);
                last = now;
            }
        }

        void clear() {
            suppressed = 0;
            since = null;
            held = null;
        }
    }
}
