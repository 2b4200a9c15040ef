package io.tandem.failover;

import io.tandem.vrrp.TransitionReason;
import io.tandem.vrrp.VrrpState;

/**
 * What a VRRP instance reports besides its notify scripts, for alerts and metrics. Called on the
 * instance's own thread right after it changed state: implementations must not block, because a
 * late advert is a false failover.
 */
public interface FailoverEvents {

    /** Reports nothing. */
    FailoverEvents NONE = (instance, from, to, reason, priority) -> {};

    /** {@code instance} moved from {@code from} to {@code to}; INIT as {@code to} means stopped. */
    void instanceChangedState(
            String instance, VrrpState from, VrrpState to, TransitionReason reason, int priority);
}
