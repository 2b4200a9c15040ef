package io.tandem.vrrp;

/**
 * Why an instance changed state; reported in {@link VrrpAction.StateChanged} for notify scripts and
 * logs.
 */
public enum TransitionReason {
    /** Started as a non-owner: every router starts in Backup (RFC 5798 §6.4.1). */
    STARTED,
    /** Priority 255 owns the addresses and goes straight to Master (RFC 5798 §6.4.1). */
    ADDRESS_OWNER,
    /** No acceptable advertisement for Master_Down_Interval (RFC 5798 §6.4.2). */
    MASTER_DOWN_TIMER_EXPIRED,
    /**
     * A better master advertised: higher priority, or equal priority and higher address (RFC 5798
     * §6.4.3).
     */
    PREEMPTED_BY_HIGHER_PRIORITY,
    /** The instance was stopped (RFC 5798 §6.4.2, §6.4.3 Shutdown). */
    SHUTDOWN,
    /**
     * A tracked interface or script failed (keepalived {@code track_interface}, {@code
     * track_script}).
     */
    FAULT,
    /** Every tracked interface and script is healthy again. */
    FAULT_CLEARED,
    /**
     * Another member of the instance's {@code vrrp_sync_group} changed state and this one followed
     * (keepalived vrrp_sync.c).
     */
    SYNC_GROUP
}
