package io.tandem.proxy.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@Timeout(value = 10, unit = TimeUnit.SECONDS)
class Http2HeaderRulesTest {

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "accept        | text/html",
                "x-token_1     | a b",
                "te            | trailers",
                ":path         | /",
                "cookie        | ''",
            })
    void acceptsWellFormedFields(String name, String value) {
        assertThat(Http2HeaderRules.field(name, value)).isNull();
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "Accept            | text/html  | upper case",
                "x(y)              | 1          | bad character",
                "connection        | close      | connection-specific",
                "proxy-connection  | close      | connection-specific",
                "keep-alive        | 5          | connection-specific",
                "transfer-encoding | chunked    | connection-specific",
                "upgrade           | h2c        | connection-specific",
                "te                | gzip       | te other than trailers",
                "x-a               | ' lead'    | white space",
                "x-a               | 'trail\t'  | white space",
            })
    void refusesWhatRfc9113CallsMalformed(String name, String value, String why) {
        assertThat(Http2HeaderRules.field(name, value)).contains(why);
    }

    @Test
    void refusesNulCrAndLfInValues() {
        for (String value : new String[] {"a\0b", "a\rb", "a\nb", "a\r\nx-injected: yes"}) {
            assertThat(Http2HeaderRules.field("x-a", value)).contains("NUL, CR or LF");
        }
        assertThat(Http2HeaderRules.field("", "x")).isEqualTo("empty field name");
    }
}
