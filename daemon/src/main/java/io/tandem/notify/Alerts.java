package io.tandem.notify;

import io.tandem.config.GlobalDefs;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where alerts are raised. E-mail goes out when {@code smtp_server} and {@code notification_email}
 * are set and the alert is always-emailed or {@code smtp_alert} is on; the webhook gets every alert
 * when {@code notify_webhook} is set. Both go through one {@link AlertLimiter} per subject.
 *
 * <p>Thread-safe. {@link #raise} never blocks and never throws: sending happens on one worker
 * virtual thread per channel, and failures are logged with the reason. Held-back alerts are checked
 * every second. {@link #close} waits briefly for what is in flight.
 */
public final class Alerts implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Alerts.class);
    static final Duration CLOSE_GRACE = Duration.ofSeconds(5);
    private static final Duration TICK = Duration.ofSeconds(1);

    private final String routerId;
    private final boolean smtpAlert;
    private final @Nullable ChannelQueue mail;
    private final @Nullable ChannelQueue webhook;
    private final AlertLimiter limiter;
    private final ScheduledExecutorService ticker;
    private final Duration closeGrace;
    private volatile boolean closed;

    Alerts(
            String routerId,
            boolean smtpAlert,
            @Nullable AlertChannel mail,
            @Nullable AlertChannel webhook,
            AlertLimiter limiter,
            Duration tick,
            Duration closeGrace) {
        this.routerId = routerId;
        this.closeGrace = closeGrace;
        this.smtpAlert = smtpAlert;
        this.mail = mail == null ? null : new ChannelQueue(mail);
        this.webhook = webhook == null ? null : new ChannelQueue(webhook);
        this.limiter = limiter;
        this.ticker =
                Executors.newSingleThreadScheduledExecutor(
                        Thread.ofVirtual().name("alert-limit").factory());
        // The ticker runs until close(); its future is not needed to stop it.
        ScheduledFuture<?> unused =
                ticker.scheduleWithFixedDelay(
                        this::releaseHeldBack,
                        tick.toNanos(),
                        tick.toNanos(),
                        TimeUnit.NANOSECONDS);
    }

    /** Alerts as {@code global_defs} says, on the system clock and time zone. */
    public static Alerts from(GlobalDefs globalDefs) {
        return from(globalDefs, InstantSource.system(), ZoneId.systemDefault());
    }

    /**
     * Alerts as {@code global_defs} says.
     *
     * @param clock the rate limit's clock
     * @param zone the zone times are written in, in mail and in the rate limit note; an e-mail
     *     address that does not parse turns e-mail off with an error in the log, never an exception
     */
    public static Alerts from(GlobalDefs g, InstantSource clock, ZoneId zone) {
        String host = hostName();
        String routerId = g.routerId() != null ? g.routerId() : host;
        AlertChannel mail = null;
        if (g.smtpServer() != null && !g.notificationEmails().isEmpty()) {
            String from =
                    g.notificationEmailFrom() != null
                            ? g.notificationEmailFrom()
                            : "tandem@" + host;
            try {
                mail =
                        new SmtpMailer(
                                g.smtpServer(),
                                g.smtpConnectTimeout(),
                                from,
                                g.notificationEmails(),
                                host,
                                zone);
            } catch (IllegalArgumentException e) {
                // The config's address check is loose; a bad address costs e-mail, not the daemon.
                log.error("alert e-mail is off: {}", e.getMessage());
            }
        } else if (g.smtpServer() != null || !g.notificationEmails().isEmpty()) {
            log.warn(
                    "alert e-mail is off: it needs both smtp_server and notification_email in"
                            + " global_defs");
        }
        URI url = g.notifyWebhook();
        AlertChannel webhook =
                url == null ? null : new WebhookSender(url, g.notifyWebhookTimeout(), zone);
        return new Alerts(
                routerId, g.smtpAlert(), mail, webhook, new AlertLimiter(clock), TICK, CLOSE_GRACE);
    }

    /** {@code router_id}, or the host name when it is not set: what {@link Alert}s carry. */
    public String routerId() {
        return routerId;
    }

    /** {@code smtp_alert}: whether every alert is e-mailed, not only the always-emailed ones. */
    public boolean smtpAlert() {
        return smtpAlert;
    }

    /** Whether any channel is configured; when not, {@link #raise} only logs at debug level. */
    public boolean enabled() {
        return mail != null || webhook != null;
    }

    /** Hands the alert to the rate limit and the channels; returns at once, never throws. */
    public void raise(Alert alert) {
        try {
            if (closed || !enabled()) {
                log.debug(
                        "alert '{}' not sent: {}",
                        alert.summary(),
                        closed ? "closed" : "no channel");
                return;
            }
            Optional<Notice> notice;
            int suppressed;
            synchronized (limiter) {
                notice = limiter.admit(alert);
                suppressed = limiter.suppressed(alert.subject());
            }
            if (notice.isPresent()) {
                dispatch(notice.get());
            } else if (suppressed == 1) {
                // Once per storm: a log line per suppressed alert would be a storm of its own.
                log.info(
                        "alerts for {} are rate-limited from '{}' on; the next one sent says how"
                                + " many were suppressed",
                        alert.subject(),
                        alert.summary());
            } else {
                log.debug("alert '{}' suppressed by the rate limit", alert.summary());
            }
        } catch (RuntimeException e) {
            log.warn("alert '{}' dropped: {}", alert.summary(), e, e);
        }
    }

    private void releaseHeldBack() {
        try {
            List<Notice> due;
            synchronized (limiter) {
                due = limiter.due();
            }
            due.forEach(this::dispatch);
        } catch (RuntimeException e) {
            log.warn("releasing held-back alerts failed: {}", e, e);
        }
    }

    private void dispatch(Notice notice) {
        if (mail != null && (notice.alert().alwaysEmail() || smtpAlert)) {
            mail.offer(notice);
        }
        if (webhook != null) {
            webhook.offer(notice);
        }
    }

    /** Stops the rate limit's ticker and waits up to 5 s per channel for alerts in flight. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        ticker.shutdownNow();
        List<ChannelQueue> queues = new ArrayList<>();
        if (mail != null) {
            queues.add(mail);
        }
        if (webhook != null) {
            queues.add(webhook);
        }
        try {
            for (ChannelQueue queue : queues) {
                queue.close(closeGrace);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The kernel's host name: no DNS look-up, unlike InetAddress.getLocalHost(). */
    private static String hostName() {
        try {
            String name =
                    Files.readString(Path.of("/proc/sys/kernel/hostname"), StandardCharsets.UTF_8)
                            .strip();
            if (!name.isEmpty()) {
                return name;
            }
        } catch (IOException e) {
            // Not Linux, or no /proc: fall through.
        }
        return "localhost";
    }
}
