package io.tandem.admin.api;

import org.jspecify.annotations.Nullable;

/**
 * One real server of a listing.
 *
 * @param weight the weight schedulers use now (0 while draining or inhibited)
 * @param configuredWeight the weight from the config or the last {@code -a}/{@code -e}
 * @param health {@code up}, {@code down}, {@code draining} or {@code unchecked} (no health check)
 * @param lastCheck the last check's result in words (null when never checked); why it is down
 */
public record RealServerStatus(
        String address,
        int port,
        Forwarding forwarding,
        int weight,
        int configuredWeight,
        int activeConnections,
        int inactiveConnections,
        int upperThreshold,
        int lowerThreshold,
        int persistentConnections,
        Counters stats,
        Rates rates,
        String health,
        @Nullable String lastCheck) {}
