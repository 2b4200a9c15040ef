package io.tandem.config;

import io.tandem.common.HostPort;
import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * keepalived's {@code global_defs}: identity and where alerts go. Stored now; the alerts feature
 * reads them.
 *
 * @param routerId {@code router_id}, or null for the host name
 * @param notificationEmails {@code notification_email { ... }} addresses
 * @param notificationEmailFrom {@code notification_email_from}, or null
 * @param smtpServer {@code smtp_server} (port 25 unless given), or null
 * @param smtpConnectTimeout {@code smtp_connect_timeout}, 30 s by default as in keepalived
 */
public record GlobalDefs(
        @Nullable String routerId,
        List<String> notificationEmails,
        @Nullable String notificationEmailFrom,
        @Nullable HostPort smtpServer,
        Duration smtpConnectTimeout) {

    public static final Duration DEFAULT_SMTP_CONNECT_TIMEOUT = Duration.ofSeconds(30);

    public GlobalDefs {
        notificationEmails = List.copyOf(notificationEmails);
    }

    public static GlobalDefs defaults() {
        return new GlobalDefs(null, List.of(), null, null, DEFAULT_SMTP_CONNECT_TIMEOUT);
    }
}
