package io.tandem.config;

import io.tandem.common.HostPort;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One {@code real_server IP PORT { ... }} block.
 *
 * @param address where connections go
 * @param weight {@code weight}, 1 by default; 0 takes no new connections (quiesced)
 * @param inhibitOnFailure {@code inhibit_on_failure}: when down, stay listed with weight 0
 * @param upperThreshold {@code uthreshold}: no new connections at or above this many (0 = none)
 * @param lowerThreshold {@code lthreshold}: accept again below this many (0 = 3/4 of upper)
 * @param position where the block starts
 * @param checks its checkers; none means always up, as in keepalived
 * @param notifyUp {@code notify_up}: run when the server comes up, or null
 * @param notifyDown {@code notify_down}: run when the server goes down, or null
 * @param smtpAlert {@code smtp_alert}: e-mail on this server's transitions
 */
public record RealServerConfig(
        HostPort address,
        int weight,
        boolean inhibitOnFailure,
        int upperThreshold,
        int lowerThreshold,
        SourcePosition position,
        List<CheckConfig> checks,
        @Nullable NotifyScript notifyUp,
        @Nullable NotifyScript notifyDown,
        boolean smtpAlert) {

    public static final int DEFAULT_WEIGHT = 1;

    public RealServerConfig {
        checks = List.copyOf(checks);
    }
}
