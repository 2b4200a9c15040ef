package io.tandem.app;

import io.tandem.config.RealServerConfig;
import io.tandem.config.VirtualServerConfig;
import io.tandem.health.HealthEvents;
import io.tandem.notify.Alert;
import io.tandem.notify.Alerts;
import java.time.InstantSource;
import java.util.HashSet;
import java.util.Set;

/**
 * Turns health transitions into alerts: a real server's change is e-mailed when its own, its
 * virtual server's or the global {@code smtp_alert} is on; losing the last real server or the
 * quorum always is (a quorum lost at healthy weight 0 is the same news as the last server lost, so
 * it is told once). The webhook gets every alert. Called on the control thread; {@link
 * Alerts#raise} never blocks, so neither does this.
 */
final class HealthAlerts implements HealthEvents {
    private final Alerts alerts;
    private final InstantSource clock;
    // Virtual servers whose last real server went down: the next real server up brings them back.
    private final Set<String> emptied = new HashSet<>();
    // Quorum lost at healthy weight 0: "lost its last real server" already says it, and one event
    // should reach a human once; its regain is then told by "virtual server up" too.
    private final Set<String> quorumLostUnsaid = new HashSet<>();

    HealthAlerts(Alerts alerts, InstantSource clock) {
        this.alerts = alerts;
        this.clock = clock;
    }

    @Override
    public void realServerWentUp(
            VirtualServerConfig virtual, RealServerConfig real, String reason) {
        alerts.raise(
                Alert.realServerUp(
                                alerts.routerId(),
                                virtual.name(),
                                real.address().toString(),
                                reason,
                                clock.instant())
                        .withAlwaysEmail(real.smtpAlert() || virtual.smtpAlert()));
        if (emptied.remove(virtual.name())) {
            alerts.raise(
                    Alert.virtualServerUp(
                            alerts.routerId(),
                            virtual.name(),
                            real.address() + " is up again",
                            clock.instant()));
        }
    }

    @Override
    public void realServerWentDown(
            VirtualServerConfig virtual, RealServerConfig real, String reason) {
        alerts.raise(
                Alert.realServerDown(
                                alerts.routerId(),
                                virtual.name(),
                                real.address().toString(),
                                reason,
                                clock.instant())
                        .withAlwaysEmail(real.smtpAlert() || virtual.smtpAlert()));
    }

    @Override
    public void realServerWeightChanged(
            VirtualServerConfig virtual, RealServerConfig real, int weight, String reason) {
        // A misc_dynamic weight step is routine, not worth waking anyone; the log has it.
    }

    @Override
    public void virtualServerLostAllServers(VirtualServerConfig virtual) {
        emptied.add(virtual.name());
        String fallback =
                virtual.sorryServer() == null
                        ? "no sorry_server: new connections are refused"
                        : "sorry_server " + virtual.sorryServer() + " takes new connections";
        alerts.raise(
                Alert.virtualServerDown(
                        alerts.routerId(),
                        virtual.name(),
                        "every real server is down; " + fallback,
                        clock.instant()));
    }

    @Override
    public void quorumLost(VirtualServerConfig virtual, long healthyWeight) {
        if (healthyWeight == 0) {
            quorumLostUnsaid.add(virtual.name());
            return;
        }
        alerts.raise(
                Alert.quorumLost(
                        alerts.routerId(),
                        virtual.name(),
                        quorumReason(virtual, healthyWeight),
                        clock.instant()));
    }

    @Override
    public void quorumRegained(VirtualServerConfig virtual, long healthyWeight) {
        if (quorumLostUnsaid.remove(virtual.name())) {
            return;
        }
        alerts.raise(
                Alert.quorumRegained(
                        alerts.routerId(),
                        virtual.name(),
                        quorumReason(virtual, healthyWeight),
                        clock.instant()));
    }

    private static String quorumReason(VirtualServerConfig virtual, long healthyWeight) {
        return "healthy weight "
                + healthyWeight
                + ", quorum "
                + virtual.quorum()
                + ", hysteresis "
                + virtual.hysteresis();
    }
}
