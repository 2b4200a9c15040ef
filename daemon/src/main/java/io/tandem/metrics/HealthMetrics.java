package io.tandem.metrics;

import io.prometheus.metrics.core.metrics.Counter;
import io.tandem.config.RealServerConfig;
import io.tandem.config.VirtualServerConfig;
import io.tandem.health.HealthEvents;
import java.util.Locale;

/**
 * Counts health transitions ({@code tandem_health_transitions_total{state="up"|"down"}}). Called on
 * the control thread; only increments counters, never blocks.
 */
final class HealthMetrics implements HealthEvents {
    private final Counter transitions;

    HealthMetrics(Counter transitions) {
        this.transitions = transitions;
    }

    @Override
    public void realServerWentUp(
            VirtualServerConfig virtual, RealServerConfig real, String reason) {
        count(virtual, real, "up");
    }

    @Override
    public void realServerWentDown(
            VirtualServerConfig virtual, RealServerConfig real, String reason) {
        count(virtual, real, "down");
    }

    private void count(VirtualServerConfig virtual, RealServerConfig real, String state) {
        transitions
                .labelValues(
                        virtual.name(),
                        virtual.protocol().name().toLowerCase(Locale.ROOT),
                        real.address().toString(),
                        state)
                .inc();
    }

    @Override
    public void realServerWeightChanged(
            VirtualServerConfig virtual, RealServerConfig real, int weight, String reason) {
        // The weight itself is a live gauge (tandem_real_server_weight).
    }

    @Override
    public void virtualServerLostAllServers(VirtualServerConfig virtual) {
        // Visible as tandem_virtual_server_real_servers_up == 0.
    }

    @Override
    public void quorumLost(VirtualServerConfig virtual, long healthyWeight) {}

    @Override
    public void quorumRegained(VirtualServerConfig virtual, long healthyWeight) {}
}
