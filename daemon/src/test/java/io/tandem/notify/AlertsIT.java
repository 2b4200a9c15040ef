package io.tandem.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.tandem.common.HostPort;
import io.tandem.config.GlobalDefs;
import io.tandem.testing.FreePorts;
import io.tandem.testing.WebhookServer;
import jakarta.mail.internet.MimeMessage;
import java.net.InetAddress;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.ZoneOffset;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The facade end to end: GreenMail for e-mail, a JDK HTTP server for the webhook. */
@Timeout(60)
class AlertsIT {

    private GreenMail smtp;
    private WebhookServer webhook;

    @BeforeEach
    void start() throws Exception {
        smtp = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        smtp.start();
        webhook = new WebhookServer();
    }

    @AfterEach
    void stop() {
        smtp.stop();
        webhook.close();
    }

    private static GlobalDefs globalDefs(
            @Nullable HostPort smtpServer, boolean smtpAlert, @Nullable URI hook) {
        return new GlobalDefs(
                "lb1",
                List.of("admin@example.com"),
                "lb1@example.com",
                smtpServer,
                Duration.ofSeconds(5),
                smtpAlert,
                hook,
                Duration.ofSeconds(5),
                false,
                null);
    }

    private HostPort smtpServer() {
        return new HostPort(InetAddress.getLoopbackAddress(), smtp.getSmtp().getPort());
    }

    private static Alert rsDown(String rs) {
        return Alert.realServerDown("lb1", "10.0.0.1:80", rs, "connection refused", Instant.now());
    }

    @Test
    void withoutSmtpAlertOnlyTheLastServerAndQuorumAreMailedButTheWebhookGetsAll() {
        try (Alerts alerts =
                Alerts.from(
                        globalDefs(smtpServer(), false, webhook.url("/hook")),
                        InstantSource.system(),
                        ZoneOffset.UTC)) {
            assertThat(alerts.routerId()).isEqualTo("lb1");
            alerts.raise(rsDown("10.0.0.3:80"));
            alerts.raise(
                    Alert.virtualServerDown(
                            "lb1", "10.0.0.1:80", "no real server left", Instant.now()));

            await().atMost(Duration.ofSeconds(10)).until(() -> webhook.requests().size() == 2);
            assertThat(smtp.waitForIncomingEmail(10_000, 1)).isTrue();
        }
        assertThat(smtp.getReceivedMessages())
                .extracting(AlertsIT::subject)
                .containsExactly("[lb1] Virtualserver 10.0.0.1:80 - DOWN");
        assertThat(webhook.requests())
                .extracting(WebhookServer.Request::body)
                .satisfiesExactly(
                        first -> assertThat(first).contains("\"event\":\"REAL_SERVER_DOWN\""),
                        second -> assertThat(second).contains("\"event\":\"VIRTUAL_SERVER_DOWN\""));
    }

    @Test
    void withSmtpAlertEveryAlertIsMailedInOrder() {
        try (Alerts alerts =
                Alerts.from(
                        globalDefs(smtpServer(), true, null),
                        InstantSource.system(),
                        ZoneOffset.UTC)) {
            alerts.raise(rsDown("10.0.0.3:80"));
            alerts.raise(
                    Alert.realServerUp(
                            "lb1", "10.0.0.1:80", "10.0.0.3:80", "check ok", Instant.now()));

            assertThat(smtp.waitForIncomingEmail(10_000, 2)).isTrue();
        }
        assertThat(smtp.getReceivedMessages())
                .extracting(AlertsIT::subject)
                .containsExactly(
                        "[lb1] Realserver 10.0.0.3:80 of virtual server 10.0.0.1:80 - DOWN",
                        "[lb1] Realserver 10.0.0.3:80 of virtual server 10.0.0.1:80 - UP");
    }

    @Test
    void smtpServerDownIsLoggedWithTheReasonAndNothingThrows() {
        HostPort down = new HostPort(InetAddress.getLoopbackAddress(), FreePorts.tcp());
        try (LogCapture log = new LogCapture(Alerts.class);
                Alerts alerts =
                        Alerts.from(
                                globalDefs(down, true, null),
                                InstantSource.system(),
                                ZoneOffset.UTC)) {
            alerts.raise(rsDown("10.0.0.3:80"));

            await().atMost(Duration.ofSeconds(15))
                    .until(
                            () ->
                                    log.messages().stream()
                                            .anyMatch(
                                                    m ->
                                                            m.contains(
                                                                            "not sent: SMTP server "
                                                                                    + down)
                                                                    && m.contains(
                                                                            "ConnectException")));
        }
    }

    @Test
    void raiseReturnsAtOnceWhileTheWebhookHangs() {
        webhook.hanging();
        Alerts alerts =
                new Alerts(
                        "lb1",
                        false,
                        null,
                        new WebhookSender(webhook.url("/"), Duration.ofSeconds(30), ZoneOffset.UTC),
                        new AlertLimiter(InstantSource.system()),
                        Duration.ofSeconds(1),
                        Duration.ofMillis(300));
        long started = System.nanoTime();
        for (int i = 0; i < 3; i++) {
            alerts.raise(rsDown("10.0.0." + i + ":80"));
        }
        assertThat(Duration.ofNanos(System.nanoTime() - started))
                .isLessThan(Duration.ofMillis(200));

        await().atMost(Duration.ofSeconds(10)).until(() -> webhook.requests().size() == 1);
        long closing = System.nanoTime();
        alerts.close();
        assertThat(Duration.ofNanos(System.nanoTime() - closing)).isLessThan(Duration.ofSeconds(3));
        alerts.raise(rsDown("10.0.0.9:80"));
    }

    @Test
    void stormIsCutToTheBurstThenTheLatestArrivesWithTheSuppressedCount() {
        try (Alerts alerts =
                new Alerts(
                        "lb1",
                        false,
                        null,
                        new WebhookSender(webhook.url("/"), Duration.ofSeconds(5), ZoneOffset.UTC),
                        new AlertLimiter(5, Duration.ofSeconds(2), InstantSource.system()),
                        Duration.ofMillis(100),
                        Duration.ofSeconds(5))) {
            for (int i = 1; i <= 20; i++) {
                alerts.raise(rsDown("10.0.0." + i + ":80"));
            }
            // A storm on another virtual server has its own budget.
            alerts.raise(
                    Alert.virtualServerDown(
                            "lb1", "10.0.0.2:80", "no real server left", Instant.now()));

            await().atMost(Duration.ofSeconds(15)).until(() -> webhook.requests().size() == 7);
        }
        List<String> bodies = webhook.requests().stream().map(WebhookServer.Request::body).toList();
        assertThat(bodies.subList(0, 5))
                .allSatisfy(b -> assertThat(b).contains("\"suppressed\":0"));
        assertThat(bodies.get(5)).contains("\"subject\":\"10.0.0.2:80\"");
        assertThat(bodies.get(6))
                .contains("\"real_server\":\"10.0.0.20:80\"")
                .contains("\"suppressed\":14")
                .contains("\"delayed\":true")
                .contains("\"rate_limit_note\":\"14 alerts suppressed since ");
    }

    @Test
    void aBadRecipientTurnsEmailOffButKeepsTheWebhook() {
        GlobalDefs g =
                new GlobalDefs(
                        null,
                        List.of("admin@@example.com"),
                        null,
                        smtpServer(),
                        Duration.ofSeconds(5),
                        true,
                        webhook.url("/"),
                        Duration.ofSeconds(5),
                        false,
                        null);
        try (LogCapture log = new LogCapture(Alerts.class);
                Alerts alerts = Alerts.from(g, InstantSource.system(), ZoneOffset.UTC)) {
            assertThat(log.messages())
                    .anySatisfy(
                            m ->
                                    assertThat(m)
                                            .startsWith(
                                                    "alert e-mail is off: 'admin@@example.com'"));
            assertThat(alerts.routerId()).isNotBlank();
            alerts.raise(rsDown("10.0.0.3:80"));
            await().atMost(Duration.ofSeconds(10)).until(() -> webhook.requests().size() == 1);
        }
        assertThat(smtp.getReceivedMessages()).isEmpty();
    }

    @Test
    void withNoChannelNothingIsSentAndNothingFails() {
        GlobalDefs g = globalDefs(null, true, null);
        try (Alerts alerts = Alerts.from(g, InstantSource.system(), ZoneOffset.UTC)) {
            assertThat(alerts.enabled()).isFalse();
            alerts.raise(rsDown("10.0.0.3:80"));
        }
    }

    private static String subject(MimeMessage message) {
        try {
            return message.getSubject();
        } catch (jakarta.mail.MessagingException e) {
            throw new AssertionError(e);
        }
    }
}
