package io.tandem.health;

import io.tandem.config.CheckSettings;
import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * When probes run. Pure: the loop asks, then sleeps.
 *
 * <ul>
 *   <li>The first probe of check {@code i} of {@code n} waits {@code i/n} of its interval, so that
 *       a thousand checks with one delay_loop are spread over it instead of firing together; with
 *       {@code warmup} it waits a random time up to warmup instead (keepalived's meaning).
 *   <li>After a failure of an up checker that has retries left, the next probe comes after {@code
 *       delay_before_retry}; otherwise after {@code delay_loop}.
 * </ul>
 */
public final class ProbeSchedule {
    private ProbeSchedule() {}

    public static Duration firstDelay(
            CheckSettings settings, int index, int count, RandomGenerator random) {
        if (!settings.warmup().isZero()) {
            return Duration.ofNanos(random.nextLong(settings.warmup().toNanos() + 1));
        }
        if (count <= 1) {
            return Duration.ZERO;
        }
        long slot = settings.delayLoop().toNanos() / count;
        return Duration.ofNanos(slot * Math.floorMod(index, count));
    }

    public static Duration nextDelay(CheckSettings settings, RiseFallCounter counter) {
        return counter.retrying() ? settings.delayBeforeRetry() : settings.delayLoop();
    }

    /**
     * How long a probe asked for early (a passive failure report) must still wait, so that reports
     * never probe a server more often than once per {@code delay_before_retry}.
     */
    public static Duration earlyProbeWait(CheckSettings settings, Duration sinceLastProbe) {
        Duration left = settings.delayBeforeRetry().minus(sinceLastProbe);
        return left.isNegative() ? Duration.ZERO : left;
    }
}
