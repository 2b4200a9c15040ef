package io.tandem.health;

import io.tandem.common.HostPort;
import java.time.Duration;

/** Wraps a checker to report how long each of its probes took ({@link Checkers#reportingTo}). */
record TimedChecker(HealthChecker checker, HostPort realServer, String check, ProbeEvents events)
        implements HealthChecker {

    @Override
    public ProbeResult probe(Duration timeout) throws InterruptedException {
        long start = System.nanoTime();
        ProbeResult result = checker.probe(timeout);
        events.probed(realServer, check, result, Duration.ofNanos(System.nanoTime() - start));
        return result;
    }

    @Override
    public String describe() {
        return checker.describe();
    }
}
