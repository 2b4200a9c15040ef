package io.tandem.metrics;

import io.prometheus.metrics.core.metrics.Counter;
import io.tandem.failover.FailoverEvents;
import io.tandem.vrrp.TransitionReason;
import io.tandem.vrrp.VrrpState;

/**
 * Counts VRRP transitions ({@code tandem_vrrp_transitions_total{instance, state}}, {@code state}
 * being the state entered). Called on the instance's own thread: one counter increment, no lock
 * beyond the counter's, never blocks.
 */
final class FailoverMetrics implements FailoverEvents {
    private final Counter transitions;

    FailoverMetrics(Counter transitions) {
        this.transitions = transitions;
    }

    @Override
    public void instanceChangedState(
            String instance, VrrpState from, VrrpState to, TransitionReason reason, int priority) {
        transitions.labelValues(instance, to.name()).inc();
    }
}
