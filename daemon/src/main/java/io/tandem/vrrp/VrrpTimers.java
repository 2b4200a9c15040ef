package io.tandem.vrrp;

import java.time.Duration;

/**
 * The backup timer arithmetic of RFC 3768 §6.1 and RFC 5798 §6.1, which differ: v2 skews by {@code
 * (256 - Priority) / 256} seconds whatever the interval, while v3 scales the skew with the master's
 * interval, {@code ((256 - Priority) * Master_Adver_Interval) / 256}. Both wait three intervals
 * plus the skew, so the highest-priority backup times out first. Computed in nanoseconds
 * (keepalived uses microseconds) so a 1 s interval at priority 100 gives exactly 609.375 ms skew.
 *
 * @param version which RFC's formula applies
 * @param priority the local (effective) priority, 1..255
 * @param masterAdvertisementInterval v2: the configured interval; v3: the master's, learned from
 *     its adverts (RFC 5798 §6.4.2)
 */
public record VrrpTimers(VrrpVersion version, int priority, Duration masterAdvertisementInterval) {

    /** Skew_Time (RFC 3768 §6.1, RFC 5798 §6.1). */
    public Duration skewTime() {
        long base =
                version == VrrpVersion.V2
                        ? Duration.ofSeconds(1).toNanos()
                        : masterAdvertisementInterval.toNanos();
        return Duration.ofNanos((256L - priority) * base / 256L);
    }

    /** Master_Down_Interval = 3 × interval + Skew_Time (RFC 3768 §6.1, RFC 5798 §6.1). */
    public Duration masterDownInterval() {
        return masterAdvertisementInterval.multipliedBy(3).plus(skewTime());
    }
}
