package io.tandem.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 10, unit = TimeUnit.SECONDS)
class HostPortTest {

    private static String text(String ip, int port) {
        return new HostPort(IpLiteral.parse(ip).orElseThrow(), port).toString();
    }

    @Test
    void ipv4PrintsAsAddressColonPort() {
        assertThat(text("10.0.0.1", 80)).isEqualTo("10.0.0.1:80");
    }

    @Test
    void ipv6PrintsBracketedAndCompressedAsIpvsadmDoes() {
        assertThat(text("2001:db8:0:0:0:0:0:1", 80)).isEqualTo("[2001:db8::1]:80");
        assertThat(text("::", 53)).isEqualTo("[::]:53");
        assertThat(text("::1", 53)).isEqualTo("[::1]:53");
        assertThat(text("fe80::", 1)).isEqualTo("[fe80::]:1");
    }

    @Test
    void ipv6CompressesOnlyTheLongestZeroRunAndNeverASingleZero() {
        assertThat(text("2001:0:0:1:0:0:0:1", 80)).isEqualTo("[2001:0:0:1::1]:80");
        assertThat(text("2001:db8:0:1:1:1:1:1", 80)).isEqualTo("[2001:db8:0:1:1:1:1:1]:80");
        assertThat(text("2001:db8:0:0:1:0:0:1", 80)).isEqualTo("[2001:db8::1:0:0:1]:80");
    }
}
