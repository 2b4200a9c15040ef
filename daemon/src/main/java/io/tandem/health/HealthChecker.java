package io.tandem.health;

import java.time.Duration;

/**
 * One kind of probe against one real server. Implementations only probe: counting, intervals and
 * retries are {@link HealthMonitor}'s job.
 *
 * <p>Blocking: {@link #probe} blocks the calling thread (a virtual thread) for at most about {@code
 * timeout}. Implementations are used by one thread at a time but must not keep state between probes
 * that a reload could not rebuild.
 */
public interface HealthChecker {

    /**
     * Probes once. A failure is a result, never an exception; only an interrupt (the monitor is
     * stopping) ends a probe early.
     */
    ProbeResult probe(Duration timeout) throws InterruptedException;

    /** Names the checker in logs: {@code TCP_CHECK 10.0.0.3:80}. */
    String describe();
}
