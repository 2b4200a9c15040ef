package io.tandem.notify;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class JsonEventTest {

    private static final Instant AT = Instant.parse("2026-12-01T19:02:11Z");

    @Test
    void everyFieldIsWrittenAndNullsAreJsonNull() {
        Alert down = Alert.virtualServerDown("lb1", "10.0.0.1:80", "no real server left", AT);

        assertThat(JsonEvent.encode(Notice.of(down), ZoneOffset.UTC))
                .isEqualTo(
                        "{\"event\":\"VIRTUAL_SERVER_DOWN\",\"router_id\":\"lb1\","
                                + "\"subject\":\"10.0.0.1:80\",\"real_server\":null,"
                                + "\"status\":\"DOWN\",\"reason\":\"no real server left\","
                                + "\"time\":\"2026-12-01T19:02:11Z\","
                                + "\"summary\":\"[lb1] Virtualserver 10.0.0.1:80 - DOWN\","
                                + "\"always_email\":true,\"suppressed\":0,"
                                + "\"suppressed_since\":null,\"delayed\":false,"
                                + "\"rate_limit_note\":null}");
    }

    @Test
    void quotesBackslashesAndControlCharactersAreEscaped() {
        StringBuilder out = new StringBuilder();
        JsonEvent.quote(out, "say \"hi\" \\ C:\\x\n\t\r\u0001\u001f é \u2028");

        assertThat(out.toString())
                .isEqualTo("\"say \\\"hi\\\" \\\\ C:\\\\x\\n\\t\\r\\u0001\\u001f é \\u2028\"");
    }
}
