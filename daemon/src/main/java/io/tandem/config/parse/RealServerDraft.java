package io.tandem.config.parse;

import io.tandem.common.HostPort;
import io.tandem.config.CheckConfig;
import io.tandem.config.NotifyScript;
import io.tandem.config.RealServerConfig;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** A {@code real_server} block while its statements are read. */
final class RealServerDraft {
    final Statement statement;

    /** Null when the header's address or port was bad (already reported). */
    final @Nullable HostPort address;

    int weight = RealServerConfig.DEFAULT_WEIGHT;
    boolean inhibitOnFailure;
    int upperThreshold;
    int lowerThreshold;
    final CheckSettingsDraft checkSettings = new CheckSettingsDraft();
    final List<CheckDraft> checks = new ArrayList<>();
    @Nullable NotifyScript notifyUp;
    @Nullable NotifyScript notifyDown;
    boolean smtpAlert;

    RealServerDraft(Statement statement, @Nullable HostPort address) {
        this.statement = statement;
        this.address = address;
    }

    /**
     * @param inhibitByDefault the virtual server's own {@code inhibit_on_failure}, which keepalived
     *     applies to each of its real servers
     * @param outer the virtual server's checker settings, which this server's own override
     */
    RealServerConfig build(
            HostPort address,
            boolean inhibitByDefault,
            CheckSettingsDraft outer,
            ValueReader values) {
        CheckSettingsDraft mine = checkSettings.over(outer);
        List<CheckConfig> built = new ArrayList<>();
        for (CheckDraft check : checks) {
            check.build(mine, values).ifPresent(built::add);
        }
        return new RealServerConfig(
                address,
                weight,
                inhibitOnFailure || inhibitByDefault,
                upperThreshold,
                lowerThreshold,
                statement.position(),
                built,
                notifyUp,
                notifyDown,
                smtpAlert);
    }
}
