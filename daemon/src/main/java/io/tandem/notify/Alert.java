package io.tandem.notify;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * One event worth telling an admin about. Build it with the factory for its kind; the text follows
 * keepalived's alert mail ({@code [lb1] Realserver 10.0.0.3:80 of virtual server 10.0.0.1:80 -
 * DOWN}) in Tandem's words.
 *
 * @param kind what happened
 * @param routerId {@code router_id} of this balancer (the host name when not set), see {@link
 *     Alerts#routerId()}
 * @param subject what the alert is about and what the rate limit is kept per: the virtual server as
 *     Tandem names it ({@code 10.0.0.1:80}, {@code group web}) or the VRRP instance
 * @param realServer the real server ({@code 10.0.0.3:80}) for real server alerts, otherwise null
 * @param status the state it is in now: UP, DOWN, QUORUM LOST, QUORUM REGAINED, or the VRRP state
 *     (MASTER, BACKUP, FAULT)
 * @param reason why, in words, e.g. "connection refused (TCP_CHECK, 3 failures)"
 * @param at when it happened
 * @param alwaysEmail e-mailed even without {@code smtp_alert}; the kind's default unless a caller
 *     has its own reason (a real server's own {@code smtp_alert})
 */
public record Alert(
        AlertKind kind,
        String routerId,
        String subject,
        @Nullable String realServer,
        String status,
        String reason,
        Instant at,
        boolean alwaysEmail) {

    public static Alert realServerUp(
            String routerId, String virtualServer, String realServer, String reason, Instant at) {
        return of(AlertKind.REAL_SERVER_UP, routerId, virtualServer, realServer, "UP", reason, at);
    }

    public static Alert realServerDown(
            String routerId, String virtualServer, String realServer, String reason, Instant at) {
        return of(
                AlertKind.REAL_SERVER_DOWN,
                routerId,
                virtualServer,
                realServer,
                "DOWN",
                reason,
                at);
    }

    /** The virtual server lost its last real server. */
    public static Alert virtualServerDown(
            String routerId, String virtualServer, String reason, Instant at) {
        return of(AlertKind.VIRTUAL_SERVER_DOWN, routerId, virtualServer, null, "DOWN", reason, at);
    }

    public static Alert virtualServerUp(
            String routerId, String virtualServer, String reason, Instant at) {
        return of(AlertKind.VIRTUAL_SERVER_UP, routerId, virtualServer, null, "UP", reason, at);
    }

    public static Alert quorumLost(
            String routerId, String virtualServer, String reason, Instant at) {
        return of(AlertKind.QUORUM_LOST, routerId, virtualServer, null, "QUORUM LOST", reason, at);
    }

    public static Alert quorumRegained(
            String routerId, String virtualServer, String reason, Instant at) {
        return of(
                AlertKind.QUORUM_REGAINED,
                routerId,
                virtualServer,
                null,
                "QUORUM REGAINED",
                reason,
                at);
    }

    /**
     * @param instance the {@code vrrp_instance} name
     * @param state the new state, e.g. MASTER
     */
    public static Alert vrrpStateChanged(
            String routerId, String instance, String state, String reason, Instant at) {
        return of(AlertKind.VRRP_STATE_CHANGED, routerId, instance, null, state, reason, at);
    }

    private static Alert of(
            AlertKind kind,
            String routerId,
            String subject,
            @Nullable String realServer,
            String status,
            String reason,
            Instant at) {
        return new Alert(
                kind, routerId, subject, realServer, status, reason, at, kind.alwaysEmailed());
    }

    /** This alert with {@code alwaysEmail} set, e.g. for a real server with its own smtp_alert. */
    public Alert withAlwaysEmail(boolean always) {
        return new Alert(kind, routerId, subject, realServer, status, reason, at, always);
    }

    /** The e-mail subject line: {@code [lb1] Virtualserver 10.0.0.1:80 - DOWN}. */
    public String summary() {
        return "[" + routerId + "] " + what() + " - " + status;
    }

    /** One sentence saying what happened, for the top of a mail. */
    public String headline() {
        return switch (kind) {
            case REAL_SERVER_UP, REAL_SERVER_DOWN -> what() + " is " + status + ".";
            case VIRTUAL_SERVER_DOWN ->
                    "Virtual server " + subject + " has lost its last real server.";
            case VIRTUAL_SERVER_UP -> "Virtual server " + subject + " has a real server again.";
            case QUORUM_LOST -> "Virtual server " + subject + " has lost its quorum.";
            case QUORUM_REGAINED -> "Virtual server " + subject + " has its quorum again.";
            case VRRP_STATE_CHANGED -> "VRRP instance " + subject + " is now " + status + ".";
        };
    }

    private String what() {
        return switch (kind) {
            case REAL_SERVER_UP, REAL_SERVER_DOWN ->
                    "Realserver " + realServer + " of virtual server " + subject;
            case VRRP_STATE_CHANGED -> "VRRP Instance " + subject;
            default -> "Virtualserver " + subject;
        };
    }
}
