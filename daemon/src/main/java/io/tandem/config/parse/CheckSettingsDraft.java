package io.tandem.config.parse;

import io.tandem.config.CheckSettings;
import io.tandem.config.VirtualServerConfig;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * Checker timing set at one level (virtual_server, real_server or the checker itself); null means
 * "not set here", so the next level out decides.
 */
final class CheckSettingsDraft {
    @Nullable Duration connectTimeout;
    @Nullable Integer retry;
    @Nullable Duration delayBeforeRetry;
    @Nullable Duration delayLoop;
    @Nullable Duration warmup;
    @Nullable Boolean alpha;
    @Nullable Integer rise;

    /** This level over {@code outer}: what is set here wins. */
    CheckSettingsDraft over(CheckSettingsDraft outer) {
        CheckSettingsDraft d = new CheckSettingsDraft();
        d.connectTimeout = connectTimeout != null ? connectTimeout : outer.connectTimeout;
        d.retry = retry != null ? retry : outer.retry;
        d.delayBeforeRetry = delayBeforeRetry != null ? delayBeforeRetry : outer.delayBeforeRetry;
        d.delayLoop = delayLoop != null ? delayLoop : outer.delayLoop;
        d.warmup = warmup != null ? warmup : outer.warmup;
        d.alpha = alpha != null ? alpha : outer.alpha;
        d.rise = rise != null ? rise : outer.rise;
        return d;
    }

    /** The virtual server's level, whose delay_loop and alpha are always known. */
    static CheckSettingsDraft ofVirtualServer(
            CheckSettingsDraft set, Duration delayLoop, boolean alpha) {
        CheckSettingsDraft d = new CheckSettingsDraft();
        d.delayLoop = delayLoop;
        d.alpha = alpha;
        return set.over(d);
    }

    Duration connectTimeoutOrDefault() {
        return connectTimeout != null ? connectTimeout : CheckSettings.DEFAULT_CONNECT_TIMEOUT;
    }

    int retryOrDefault() {
        return retry != null ? retry : CheckSettings.DEFAULT_RETRY;
    }

    Duration delayBeforeRetryOrDefault() {
        return delayBeforeRetry != null
                ? delayBeforeRetry
                : CheckSettings.DEFAULT_DELAY_BEFORE_RETRY;
    }

    Duration delayLoopOrDefault() {
        return delayLoop != null ? delayLoop : VirtualServerConfig.DEFAULT_DELAY_LOOP;
    }

    Duration warmupOrDefault() {
        return warmup != null ? warmup : Duration.ZERO;
    }

    boolean alphaOrDefault() {
        return alpha != null && alpha;
    }

    int riseOrDefault() {
        return rise != null ? rise : 1;
    }
}
