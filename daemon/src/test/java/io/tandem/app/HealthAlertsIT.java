package io.tandem.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.tandem.config.ConfigLoader;
import io.tandem.testing.FreePorts;
import io.tandem.testing.WebhookServer;
import jakarta.mail.internet.MimeMessage;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The whole daemon raising alerts from health checks: a virtual server that loses its last real
 * server reaches a human by e-mail (a real SMTP server) and by webhook, and its recovery does too.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class HealthAlertsIT {
    private final GreenMail smtp =
            new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
    private WebhookServer webhook;
    private RestartableBackend backend;
    private Daemon daemon;

    @BeforeEach
    void startPeers() throws Exception {
        smtp.start();
        webhook = new WebhookServer();
        backend = RestartableBackend.start("only");
    }

    @AfterEach
    void stopAll() throws Exception {
        if (daemon != null) {
            daemon.stop();
        }
        backend.close();
        webhook.close();
        smtp.stop();
    }

    private List<String> webhookEvents() {
        return webhook.requests().stream()
                .map(r -> r.body().replaceAll("(?s).*\"event\":\"([A-Z_]+)\".*", "$1"))
                .toList();
    }

    @Test
    void losingTheLastRealServerIsMailedAndPostedAndSoIsItsReturn() throws Exception {
        int port = FreePorts.tcp();
        String config =
                """
                global_defs {
                  router_id lb-it
                  notification_email { ops@example.com }
                  notification_email_from tandem@example.com
                  smtp_server 127.0.0.1 %d
                  smtp_connect_timeout 5
                  notify_webhook %s
                }
                virtual_server 127.0.0.1 %d {
                  lb_algo rr
                  real_server 127.0.0.1 %d {
                    TCP_CHECK {
                      delay_loop 0.2
                      connect_timeout 1
                      retry 0
                      delay_before_retry 0.2
                    }
                  }
                }
                """
                        .formatted(
                                smtp.getSmtp().getPort(),
                                webhook.url("/hook"),
                                port,
                                backend.port());
        DaemonOptions options = new DaemonOptions();
        options.threads = 1;
        options.drainSeconds = 1;
        daemon = Daemon.start(ConfigLoader.parse(config, Path.of("alerts-it.conf")), options);

        backend.kill();
        await().atMost(Duration.ofSeconds(10))
                .until(
                        () ->
                                webhookEvents()
                                        .containsAll(
                                                List.of(
                                                        "REAL_SERVER_DOWN",
                                                        "VIRTUAL_SERVER_DOWN")));
        // Without smtp_alert only the loss of the last server is mailed, not each server's change.
        assertThat(smtp.waitForIncomingEmail(10_000, 1)).isTrue();
        MimeMessage mail = smtp.getReceivedMessages()[0];
        assertThat(mail.getSubject())
                .isEqualTo("[lb-it] Virtualserver 127.0.0.1:" + port + " - DOWN");
        assertThat(mail.getAllRecipients()[0].toString()).isEqualTo("ops@example.com");

        backend.restart();
        await().atMost(Duration.ofSeconds(10))
                .until(
                        () ->
                                webhookEvents()
                                        .containsAll(
                                                List.of("REAL_SERVER_UP", "VIRTUAL_SERVER_UP")));
        assertThat(smtp.waitForIncomingEmail(10_000, 2)).isTrue();
        assertThat(smtp.getReceivedMessages()[1].getSubject())
                .isEqualTo("[lb-it] Virtualserver 127.0.0.1:" + port + " - UP");
    }
}
