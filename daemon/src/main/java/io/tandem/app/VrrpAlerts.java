package io.tandem.app;

import io.tandem.config.VrrpConfig;
import io.tandem.config.VrrpInstanceConfig;
import io.tandem.config.VrrpSyncGroupConfig;
import io.tandem.failover.FailoverEvents;
import io.tandem.notify.Alert;
import io.tandem.notify.Alerts;
import io.tandem.vrrp.TransitionReason;
import io.tandem.vrrp.VrrpState;
import java.time.InstantSource;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * Turns VRRP state changes into alerts: e-mailed when the instance's own, its sync group's or the
 * global {@code smtp_alert} is on, always sent to the webhook. Runs on the instance's thread;
 * {@link Alerts#raise} never blocks.
 */
final class VrrpAlerts implements FailoverEvents {
    private final Alerts alerts;
    private final InstantSource clock;
    private final Set<String> mailed = new HashSet<>();

    VrrpAlerts(Alerts alerts, VrrpConfig config, InstantSource clock) {
        this.alerts = alerts;
        this.clock = clock;
        for (VrrpInstanceConfig i : config.instances()) {
            if (i.smtpAlert()) {
                mailed.add(i.name());
            }
        }
        for (VrrpSyncGroupConfig g : config.syncGroups()) {
            if (g.smtpAlert()) {
                mailed.addAll(g.instances());
            }
        }
    }

    @Override
    public void instanceChangedState(
            String instance, VrrpState from, VrrpState to, TransitionReason reason, int priority) {
        String state = to == VrrpState.INIT ? "STOP" : to.name();
        alerts.raise(
                Alert.vrrpStateChanged(
                                alerts.routerId(),
                                instance,
                                state,
                                "from "
                                        + from
                                        + ": "
                                        + reason.name().toLowerCase(Locale.ROOT).replace('_', ' ')
                                        + ", priority "
                                        + priority,
                                clock.instant())
                        .withAlwaysEmail(mailed.contains(instance)));
    }
}
