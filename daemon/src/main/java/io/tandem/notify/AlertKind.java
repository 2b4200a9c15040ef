package io.tandem.notify;

/**
 * What happened. Whether a kind is e-mailed without {@code smtp_alert} is {@link #alwaysEmailed}.
 */
public enum AlertKind {
    REAL_SERVER_UP(false),
    REAL_SERVER_DOWN(false),
    /** A virtual server lost its last real server. */
    VIRTUAL_SERVER_DOWN(true),
    /** A virtual server that had no real server has one again. */
    VIRTUAL_SERVER_UP(true),
    QUORUM_LOST(true),
    QUORUM_REGAINED(true),
    VRRP_STATE_CHANGED(false);

    private final boolean alwaysEmailed;

    AlertKind(boolean alwaysEmailed) {
        this.alwaysEmailed = alwaysEmailed;
    }

    /**
     * True for the events keepalived mails whatever {@code smtp_alert} says: a virtual server
     * losing (or regaining) its last real server or its quorum.
     */
    public boolean alwaysEmailed() {
        return alwaysEmailed;
    }
}
