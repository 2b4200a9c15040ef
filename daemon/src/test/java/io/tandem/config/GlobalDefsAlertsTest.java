package io.tandem.config;

import static io.tandem.config.RejectedConfig.errors;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The alert and script keywords of global_defs: what they set, and what a bad value reads like. */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class GlobalDefsAlertsTest {

    private static GlobalDefs globalDefs(String body) throws ConfigException {
        return ConfigLoader.parse("global_defs {\n" + body + "}\n", Path.of("k.conf")).globalDefs();
    }

    @Test
    void alertAndScriptKeywordsAreRead() throws ConfigException {
        GlobalDefs g =
                globalDefs(
                        """
                          smtp_alert
                          notify_webhook "https://hooks.example.com/tandem?token=a#b"
                          notify_webhook_timeout 3
                          enable_script_security
                          script_user nobody nogroup
                        """);

        assertThat(g.smtpAlert()).isTrue();
        assertThat(g.notifyWebhook())
                .isEqualTo(URI.create("https://hooks.example.com/tandem?token=a#b"));
        assertThat(g.notifyWebhookTimeout()).isEqualTo(Duration.ofSeconds(3));
        assertThat(g.enableScriptSecurity()).isTrue();
        assertThat(g.scriptUser()).isEqualTo(new ScriptUser("nobody", "nogroup"));
    }

    @Test
    void defaultsAreOffWithAFiveSecondWebhookTimeout() throws ConfigException {
        GlobalDefs g = globalDefs("  router_id lb1\n");

        assertThat(g.smtpAlert()).isFalse();
        assertThat(g.notifyWebhook()).isNull();
        assertThat(g.notifyWebhookTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(g.enableScriptSecurity()).isFalse();
        assertThat(g.scriptUser()).isNull();
    }

    @Test
    void booleanKeywordsTakeKeepalivedsWords() throws ConfigException {
        assertThat(globalDefs("  smtp_alert off\n").smtpAlert()).isFalse();
        assertThat(globalDefs("  smtp_alert yes\n").smtpAlert()).isTrue();
        assertThat(globalDefs("  enable_script_security false\n").enableScriptSecurity()).isFalse();
        assertThat(globalDefs("  script_user keepalived_script\n").scriptUser())
                .isEqualTo(new ScriptUser("keepalived_script", null));
    }

    @Test
    void aWebhookThatIsNotAnHttpUrlIsRejectedWithItsPosition() {
        assertThat(errors("global_defs {\n  notify_webhook ftp://hooks.example.com/x\n}\n"))
                .containsExactly(
                        "bad.conf:2:18: notify_webhook: expected an http:// or https:// URL such"
                                + " as https://hooks.example.com/tandem, got"
                                + " 'ftp://hooks.example.com/x'");
        assertThat(errors("global_defs {\n  notify_webhook hooks.example.com\n}\n"))
                .containsExactly(
                        "bad.conf:2:18: notify_webhook: expected an http:// or https:// URL such"
                                + " as https://hooks.example.com/tandem, got 'hooks.example.com'");
        assertThat(errors("global_defs {\n  notify_webhook http://a b\n}\n"))
                .containsExactly(
                        "bad.conf:2:3: notify_webhook: expected 'notify_webhook URL', got 2"
                                + " arguments");
    }

    @Test
    void aWebhookUrlThatDoesNotParseSaysWhy() {
        assertThat(errors("global_defs {\n  notify_webhook \"http://a b/\"\n}\n"))
                .singleElement()
                .asString()
                .startsWith("bad.conf:2:18: notify_webhook: expected an http:// or https:// URL")
                .contains("got 'http://a b/'")
                .contains("Illegal character");
    }

    @Test
    void credentialsInTheWebhookUrlAreRefused() {
        assertThat(errors("global_defs {\n  notify_webhook https://u:p@hooks.example.com/\n}\n"))
                .containsExactly(
                        "bad.conf:2:18: notify_webhook: user:password in the URL is not"
                                + " supported; put a secret token in the path instead");
    }

    @Test
    void badTimeoutAndBooleanValuesAreRejected() {
        assertThat(
                        errors(
                                "global_defs {\n  notify_webhook_timeout 0\n  smtp_alert"
                                        + " maybe\n}\n"))
                .containsExactly(
                        "bad.conf:2:26: notify_webhook_timeout: expected seconds in 1..300, got"
                                + " '0'",
                        "bad.conf:3:14: smtp_alert: expected true or false (or on/off, yes/no),"
                                + " got 'maybe'");
        assertThat(errors("global_defs {\n  script_user\n}\n"))
                .containsExactly(
                        "bad.conf:2:3: script_user: expected 'script_user USER [GROUP]', got no"
                                + " arguments");
    }

    @Test
    void theRemainingEmailOptionsAreStillRejectedWithTheReason() {
        assertThat(errors("global_defs {\n  smtp_alert_vrrp\n}\n"))
                .containsExactly(
                        "bad.conf:2:3: 'smtp_alert_vrrp' in global_defs: e-mail alert options are"
                                + " not supported yet");
    }
}
