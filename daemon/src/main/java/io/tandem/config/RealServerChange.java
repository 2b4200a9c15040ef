package io.tandem.config;

/**
 * A {@code real_server} present in the old and the new config with different settings.
 *
 * @param checksChanged whether its checkers differ (they restart); otherwise only weight,
 *     thresholds, inhibit_on_failure or scripts changed and its health state is kept
 */
public record RealServerChange(
        RealServerConfig before, RealServerConfig after, boolean checksChanged) {}
