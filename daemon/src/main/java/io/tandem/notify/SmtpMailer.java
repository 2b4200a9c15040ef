package io.tandem.notify;

import io.tandem.common.HostPort;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Date;
import java.util.List;
import java.util.Properties;

/**
 * Alert e-mail through {@code smtp_server}, plain SMTP as keepalived speaks it (no TLS, no
 * authentication), one message to all {@code notification_email} recipients. Uses Angus Mail, the
 * Jakarta Mail implementation. Thread-safe; {@link #deliver} blocks for at most about twice {@code
 * smtp_connect_timeout} (connect, then each read).
 */
public final class SmtpMailer implements AlertChannel {

    private final HostPort server;
    private final InternetAddress from;
    private final InternetAddress[] to;
    private final Session session;
    private final ZoneId zone;

    /**
     * @param server {@code smtp_server}
     * @param timeout {@code smtp_connect_timeout}, used for connecting and for each reply
     * @param from {@code notification_email_from}
     * @param to {@code notification_email}, at least one
     * @param heloName the name in HELO/EHLO (the host name, as keepalived's default)
     * @param zone the zone the mail's times are written in
     * @throws IllegalArgumentException when an address does not parse, or there is no recipient
     */
    public SmtpMailer(
            HostPort server,
            Duration timeout,
            String from,
            List<String> to,
            String heloName,
            ZoneId zone) {
        if (to.isEmpty()) {
            throw new IllegalArgumentException(
                    "alert e-mail needs at least one notification_email");
        }
        this.server = server;
        this.zone = zone;
        this.from = address(from);
        this.to = to.stream().map(SmtpMailer::address).toArray(InternetAddress[]::new);
        Properties properties = new Properties();
        properties.setProperty("mail.transport.protocol", "smtp");
        properties.setProperty("mail.smtp.host", server.address().getHostAddress());
        properties.setProperty("mail.smtp.port", Integer.toString(server.port()));
        properties.setProperty("mail.smtp.connectiontimeout", Long.toString(timeout.toMillis()));
        properties.setProperty("mail.smtp.timeout", Long.toString(timeout.toMillis()));
        properties.setProperty("mail.smtp.localhost", heloName);
        properties.setProperty("mail.smtp.from", from);
        this.session = Session.getInstance(properties);
    }

    @Override
    public String name() {
        return "e-mail via " + server;
    }

    @Override
    public void deliver(Notice notice) throws IOException {
        try {
            MimeMessage message = new MimeMessage(session);
            message.setFrom(from);
            message.setRecipients(Message.RecipientType.TO, to);
            message.setSubject(notice.alert().summary(), StandardCharsets.UTF_8.name());
            message.setSentDate(Date.from(notice.alert().at()));
            message.setHeader("X-Tandem-Event", notice.alert().kind().name());
            message.setText(notice.mailBody(zone), StandardCharsets.UTF_8.name());
            Transport.send(message);
        } catch (MessagingException e) {
            throw new IOException("SMTP server " + server + ": " + describe(e), e);
        }
    }

    /** The message and its causes: Jakarta Mail wraps the interesting one (refused, timeout). */
    private static String describe(Throwable e) {
        StringBuilder text = new StringBuilder(String.valueOf(e.getMessage()).strip());
        for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
            text.append(": ").append(cause.getClass().getSimpleName());
            if (cause.getMessage() != null) {
                text.append(' ').append(cause.getMessage().strip());
            }
        }
        return text.toString();
    }

    private static InternetAddress address(String text) {
        try {
            return new InternetAddress(text, true);
        } catch (AddressException e) {
            throw new IllegalArgumentException(
                    "'" + text + "' is not an e-mail address: " + e.getMessage(), e);
        }
    }
}
