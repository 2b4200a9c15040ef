package io.tandem.config;

import io.tandem.common.HostPort;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * keepalived's {@code global_defs}: identity, where alerts go, and how scripts run.
 *
 * @param routerId {@code router_id}, or null for the host name
 * @param notificationEmails {@code notification_email { ... }} addresses
 * @param notificationEmailFrom {@code notification_email_from}, or null
 * @param smtpServer {@code smtp_server} (port 25 unless given), or null
 * @param smtpConnectTimeout {@code smtp_connect_timeout}, 30 s by default as in keepalived
 * @param smtpAlert {@code smtp_alert}: e-mail every real server and VRRP state change, not only a
 *     virtual server losing its last real server or its quorum (those are always e-mailed)
 * @param notifyWebhook {@code notify_webhook} (Tandem's addition): an http or https URL that gets a
 *     JSON POST for every alert, or null
 * @param notifyWebhookTimeout {@code notify_webhook_timeout}, 5 s by default, per attempt
 * @param enableScriptSecurity {@code enable_script_security}: refuse scripts that a non-root user
 *     could change, when the daemon runs as root
 * @param scriptUser {@code script_user}: who scripts run as by default, or null for the daemon's
 *     own user
 * @param adminSocket {@code admin_socket} (Tandem's addition): where the admin Unix socket listens,
 *     {@link #DEFAULT_ADMIN_SOCKET} unless set
 * @param adminHttp {@code admin_http} with its token (Tandem's addition), or null for no HTTP
 *     endpoint
 * @param lvsTimeouts {@code lvs_timeouts}: the packet forwarders' connection timeouts at start
 */
public record GlobalDefs(
        @Nullable String routerId,
        List<String> notificationEmails,
        @Nullable String notificationEmailFrom,
        @Nullable HostPort smtpServer,
        Duration smtpConnectTimeout,
        boolean smtpAlert,
        @Nullable URI notifyWebhook,
        Duration notifyWebhookTimeout,
        boolean enableScriptSecurity,
        @Nullable ScriptUser scriptUser,
        Path adminSocket,
        @Nullable AdminHttpConfig adminHttp,
        LvsTimeouts lvsTimeouts) {

    public static final Duration DEFAULT_SMTP_CONNECT_TIMEOUT = Duration.ofSeconds(30);
    public static final Duration DEFAULT_NOTIFY_WEBHOOK_TIMEOUT = Duration.ofSeconds(5);

    /** Where {@code tandem adm} looks too when neither --socket nor TANDEM_ADMIN_SOCKET is set. */
    public static final Path DEFAULT_ADMIN_SOCKET = Path.of("/run/tandem/tandem.sock");

    public GlobalDefs {
        notificationEmails = List.copyOf(notificationEmails);
    }

    /**
     * Identity, alerts and scripts only, as the alert tests and {@link #defaults} need them: the
     * default admin socket, no HTTP endpoint, IPVS's default timeouts.
     */
    public GlobalDefs(
            @Nullable String routerId,
            List<String> notificationEmails,
            @Nullable String notificationEmailFrom,
            @Nullable HostPort smtpServer,
            Duration smtpConnectTimeout,
            boolean smtpAlert,
            @Nullable URI notifyWebhook,
            Duration notifyWebhookTimeout,
            boolean enableScriptSecurity,
            @Nullable ScriptUser scriptUser) {
        this(
                routerId,
                notificationEmails,
                notificationEmailFrom,
                smtpServer,
                smtpConnectTimeout,
                smtpAlert,
                notifyWebhook,
                notifyWebhookTimeout,
                enableScriptSecurity,
                scriptUser,
                DEFAULT_ADMIN_SOCKET,
                null,
                LvsTimeouts.UNSET);
    }

    public static GlobalDefs defaults() {
        return new GlobalDefs(
                null,
                List.of(),
                null,
                null,
                DEFAULT_SMTP_CONNECT_TIMEOUT,
                false,
                null,
                DEFAULT_NOTIFY_WEBHOOK_TIMEOUT,
                false,
                null);
    }
}
