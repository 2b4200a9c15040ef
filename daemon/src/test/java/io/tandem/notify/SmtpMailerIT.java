package io.tandem.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.tandem.common.HostPort;
import io.tandem.testing.FreePorts;
import jakarta.mail.Message;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Alert mail against GreenMail, a real SMTP server, on a free loopback port. */
@Timeout(60)
class SmtpMailerIT {

    private static final Instant AT = Instant.parse("2026-12-01T19:02:11Z");

    private GreenMail smtp;

    @BeforeEach
    void startSmtp() {
        smtp = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        smtp.start();
    }

    @AfterEach
    void stopSmtp() {
        smtp.stop();
    }

    private HostPort smtpServer() {
        return new HostPort(InetAddress.getLoopbackAddress(), smtp.getSmtp().getPort());
    }

    @Test
    void alertArrivesWithItsSubjectSenderAndRecipients() throws Exception {
        SmtpMailer mailer =
                new SmtpMailer(
                        smtpServer(),
                        Duration.ofSeconds(5),
                        "lb1@example.com",
                        List.of("admin@example.com", "ops@example.com"),
                        "lb1.example.com",
                        ZoneOffset.UTC);
        Alert down =
                Alert.realServerDown("lb1", "10.0.0.1:80", "10.0.0.3:80", "connection refused", AT);

        mailer.deliver(new Notice(down, 2, AT.minusSeconds(30), false));

        assertThat(smtp.waitForIncomingEmail(5000, 2)).isTrue();
        MimeMessage[] received = smtp.getReceivedMessages();
        assertThat(received).hasSize(2);
        MimeMessage mail = received[0];
        assertThat(mail.getSubject())
                .isEqualTo("[lb1] Realserver 10.0.0.3:80 of virtual server 10.0.0.1:80 - DOWN");
        assertThat(mail.getFrom()).extracting(Object::toString).containsExactly("lb1@example.com");
        assertThat(
                        Arrays.stream(mail.getRecipients(Message.RecipientType.TO))
                                .map(Object::toString))
                .containsExactly("admin@example.com", "ops@example.com");
        assertThat(mail.getHeader("X-Tandem-Event")).containsExactly("REAL_SERVER_DOWN");
        assertThat(mail.getSentDate().toInstant()).isEqualTo(AT);
        assertThat(((String) mail.getContent()).replace("\r\n", "\n"))
                .contains("=> Realserver 10.0.0.3:80 of virtual server 10.0.0.1:80 is DOWN. <=")
                .contains("Reason:  connection refused")
                .contains("Rate limit: 2 alerts suppressed since 19:01:41.");
    }

    @Test
    void nonAsciiReasonSurvivesTheTrip() throws Exception {
        SmtpMailer mailer =
                new SmtpMailer(
                        smtpServer(),
                        Duration.ofSeconds(5),
                        "lb1@example.com",
                        List.of("admin@example.com"),
                        "lb1",
                        ZoneOffset.UTC);

        mailer.deliver(
                Notice.of(Alert.quorumLost("lb1", "group wéb", "1 of 2 — below quorum", AT)));

        assertThat(smtp.waitForIncomingEmail(5000, 1)).isTrue();
        MimeMessage mail = smtp.getReceivedMessages()[0];
        assertThat(mail.getSubject()).isEqualTo("[lb1] Virtualserver group wéb - QUORUM LOST");
        assertThat((String) mail.getContent()).contains("1 of 2 — below quorum");
    }

    @Test
    void serverThatIsNotListeningGivesAnIoExceptionNamingIt() {
        HostPort nobodyHome = new HostPort(InetAddress.getLoopbackAddress(), FreePorts.tcp());
        SmtpMailer mailer =
                new SmtpMailer(
                        nobodyHome,
                        Duration.ofSeconds(2),
                        "lb1@example.com",
                        List.of("admin@example.com"),
                        "lb1",
                        ZoneOffset.UTC);

        assertThatThrownBy(
                        () ->
                                mailer.deliver(
                                        Notice.of(
                                                Alert.virtualServerDown(
                                                        "lb1", "10.0.0.1:80", "gone", AT))))
                .isInstanceOf(IOException.class)
                .hasMessageStartingWith("SMTP server " + nobodyHome + ": ")
                .hasMessageContaining("ConnectException");
    }

    @Test
    void badAddressIsRefusedUpFront() {
        assertThatThrownBy(
                        () ->
                                new SmtpMailer(
                                        smtpServer(),
                                        Duration.ofSeconds(1),
                                        "lb1@example.com",
                                        List.of("admin@@example.com"),
                                        "lb1",
                                        ZoneOffset.UTC))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'admin@@example.com' is not an e-mail address");
    }
}
