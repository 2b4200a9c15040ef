package io.tandem.notify;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import org.jspecify.annotations.Nullable;

/**
 * An alert the rate limit let through, with what it held back: what the channels actually send.
 *
 * @param alert the alert
 * @param suppressed how many alerts for the same subject were dropped before this one
 * @param suppressedSince when the first of those was dropped; null when none were
 * @param delayed true when this alert itself was held back and is sent late, once the limit
 *     allowed: the latest state of a storm always reaches the admin
 */
public record Notice(
        Alert alert, int suppressed, @Nullable Instant suppressedSince, boolean delayed) {

    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss");

    /** An alert sent at once, nothing held back. */
    public static Notice of(Alert alert) {
        return new Notice(alert, 0, null, false);
    }

    /**
     * What the rate limit did, e.g. "3 alerts suppressed since 19:02:11"; empty when nothing
     * happened.
     *
     * @param zone the zone the clock time is given in (the host's, for admins)
     */
    public String rateLimitNote(ZoneId zone) {
        StringBuilder note = new StringBuilder();
        if (suppressed > 0 && suppressedSince != null) {
            note.append(suppressed)
                    .append(suppressed == 1 ? " alert" : " alerts")
                    .append(" suppressed since ")
                    .append(CLOCK.format(suppressedSince.atZone(zone)));
        }
        if (delayed) {
            if (!note.isEmpty()) {
                note.append("; ");
            }
            note.append("this alert was held back by the rate limit and is the latest");
        }
        return note.toString();
    }

    /** The plain-text mail body. */
    public String mailBody(ZoneId zone) {
        StringBuilder body = new StringBuilder();
        body.append("=> ").append(alert.headline()).append(" <=\n\n");
        body.append("Reason:  ").append(alert.reason()).append('\n');
        body.append("Router:  ").append(alert.routerId()).append('\n');
        body.append("Time:    ")
                .append(DateTimeFormatter.RFC_1123_DATE_TIME.format(alert.at().atZone(zone)))
                .append('\n');
        String note = rateLimitNote(zone);
        if (!note.isEmpty()) {
            body.append("\nRate limit: ").append(note).append(".\n");
        }
        body.append("\n-- \nTandem\n");
        return body.toString();
    }
}
