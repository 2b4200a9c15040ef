package io.tandem.metrics;

import java.time.Duration;

/**
 * How long each health probe took, for {@code tandem_health_check_duration_seconds}. Called on the
 * probe's virtual thread; never blocks.
 */
public interface HealthCheckTimings {

    HealthCheckTimings NONE = (realServer, check, up, took) -> {};

    /**
     * @param realServer {@code address:port}
     * @param check the checker keyword ({@code TCP_CHECK}, {@code HTTP_GET}...)
     */
    void probed(String realServer, String check, boolean up, Duration took);
}
