package io.tandem.notify;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class AlertTest {

    private static final Instant AT = Instant.parse("2026-12-01T19:02:11Z");

    @Test
    void realServerAlertNamesTheRealAndTheVirtualServer() {
        Alert down = Alert.realServerDown("lb1", "10.0.0.1:80", "10.0.0.3:80", "refused", AT);

        assertThat(down.summary())
                .isEqualTo("[lb1] Realserver 10.0.0.3:80 of virtual server 10.0.0.1:80 - DOWN");
        assertThat(down.headline())
                .isEqualTo("Realserver 10.0.0.3:80 of virtual server 10.0.0.1:80 is DOWN.");
        assertThat(down.alwaysEmail()).isFalse();
        assertThat(Alert.realServerUp("lb1", "10.0.0.1:80", "10.0.0.3:80", "ok", AT).summary())
                .endsWith(" - UP");
    }

    @Test
    void losingTheLastServerOrTheQuorumIsAlwaysEmailed() {
        assertThat(Alert.virtualServerDown("lb1", "10.0.0.1:80", "no real server left", AT))
                .satisfies(
                        a -> {
                            assertThat(a.summary())
                                    .isEqualTo("[lb1] Virtualserver 10.0.0.1:80 - DOWN");
                            assertThat(a.alwaysEmail()).isTrue();
                            assertThat(a.realServer()).isNull();
                        });
        assertThat(Alert.quorumLost("lb1", "group web", "1 of quorum 2", AT).summary())
                .isEqualTo("[lb1] Virtualserver group web - QUORUM LOST");
        assertThat(Alert.quorumRegained("lb1", "group web", "2 of quorum 2", AT).alwaysEmail())
                .isTrue();
        assertThat(
                        Alert.virtualServerUp("lb1", "10.0.0.1:80", "10.0.0.3:80 is up", AT)
                                .alwaysEmail())
                .isTrue();
    }

    @Test
    void vrrpAlertCarriesTheNewState() {
        Alert master = Alert.vrrpStateChanged("lb1", "VI_1", "MASTER", "peer silent", AT);

        assertThat(master.summary()).isEqualTo("[lb1] VRRP Instance VI_1 - MASTER");
        assertThat(master.headline()).isEqualTo("VRRP instance VI_1 is now MASTER.");
        assertThat(master.alwaysEmail()).isFalse();
        assertThat(master.withAlwaysEmail(true).alwaysEmail()).isTrue();
    }

    @Test
    void mailBodySaysWhatWhyWhenAndWhatWasSuppressed() {
        Alert down = Alert.realServerDown("lb1", "10.0.0.1:80", "10.0.0.3:80", "refused", AT);
        Notice notice = new Notice(down, 3, Instant.parse("2026-12-01T19:01:40Z"), false);

        assertThat(notice.mailBody(ZoneOffset.UTC))
                .isEqualTo(
                        """
                        => Realserver 10.0.0.3:80 of virtual server 10.0.0.1:80 is DOWN. <=

                        Reason:  refused
                        Router:  lb1
                        Time:    Tue, 1 Dec 2026 19:02:11 GMT

                        Rate limit: 3 alerts suppressed since 19:01:40.

                        --\s
                        Tandem
                        """);
        assertThat(Notice.of(down).rateLimitNote(ZoneOffset.UTC)).isEmpty();
        assertThat(Notice.of(down).mailBody(ZoneOffset.UTC)).doesNotContain("Rate limit");
    }
}
