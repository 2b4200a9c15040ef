package io.tandem.health;

import io.tandem.common.HostPort;
import java.time.Duration;

/**
 * How long each probe took, for metrics. Called on the probe's own virtual thread right after the
 * probe, before the result is counted: implementations must be quick and must not block.
 */
@FunctionalInterface
public interface ProbeEvents {

    /** Reports nothing. */
    ProbeEvents NONE = (realServer, check, result, took) -> {};

    /**
     * @param check the checker's keyword ({@code TCP_CHECK}, {@code HTTP_GET}...)
     * @param took wall-clock time of the probe, on the monotonic clock
     */
    void probed(HostPort realServer, String check, ProbeResult result, Duration took);
}
