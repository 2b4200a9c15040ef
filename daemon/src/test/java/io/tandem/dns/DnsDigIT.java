package io.tandem.dns;

import static io.tandem.dns.TestZone.server;
import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.pool.RealServer;
import io.tandem.testing.HostSupport;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The responder as an admin sees it with {@code dig} (Debian package dnsutils). */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class DnsDigIT {
    private static final Path DIG = Path.of("/usr/bin/dig");
    private static final String WWW = "10.0.0.10:80";
    private TestZone zone;

    @BeforeEach
    void start() throws Exception {
        HostSupport.require(
                Files.isExecutable(DIG), "dig is not installed (apt-get install dnsutils)");
        zone = new TestZone();
        zone.publish(WWW, server("10.0.1.1", 1), server("10.0.1.2", 1), server("10.0.1.3", 1));
    }

    @AfterEach
    void stop() {
        if (zone != null) {
            zone.close();
        }
    }

    @Test
    void digSeesTheAnswersRotateOverUdpAndTcp() throws Exception {
        List<String> firsts = new ArrayList<>();
        for (String transport : List.of("+notcp", "+tcp", "+notcp")) {
            List<String> lines = dig("+short", transport, "www.example.com", "A").lines().toList();
            assertThat(lines).containsExactlyInAnyOrder("10.0.1.1", "10.0.1.2", "10.0.1.3");
            firsts.add(lines.getFirst());
        }

        assertThat(firsts).containsExactly("10.0.1.1", "10.0.1.2", "10.0.1.3");
    }

    @Test
    void digSeesAServerLeaveTheAnswersAtOnceAndComeBack() throws Exception {
        RealServer a = server("10.0.1.1", 1);
        RealServer b = server("10.0.1.2", 1);
        zone.publish(WWW, a, b);
        assertThat(dig("+short", "www.example.com").lines()).contains("10.0.1.2");

        zone.publish(WWW, a);
        assertThat(dig("+short", "www.example.com").lines()).containsExactly("10.0.1.1");

        zone.publish(WWW, a, b);
        assertThat(dig("+short", "www.example.com").lines())
                .containsExactlyInAnyOrder("10.0.1.1", "10.0.1.2");
    }

    @Test
    void digSeesNxdomainWithTheSoaRefusedAndNotimp() throws Exception {
        String nx = dig("nosuch.example.com", "A");
        assertThat(nx).contains("status: NXDOMAIN").contains("flags: qr aa");
        assertThat(nx)
                .containsPattern("(?s)AUTHORITY SECTION:\\s*example\\.com\\.\\s+5\\s+IN\\s+SOA");

        assertThat(dig("www.example.org", "A")).contains("status: REFUSED");
        assertThat(dig("+opcode=notify", "example.com", "SOA")).contains("status: NOTIMP");
    }

    @Test
    void digSeesTruncationWithoutEdnsAndTheWholeAnswerWithIt() throws Exception {
        RealServer[] many = new RealServer[40];
        for (int i = 0; i < many.length; i++) {
            many[i] = server("10.0.3." + (i + 1), 1);
        }
        zone.publish("10.0.0.30:80", many);

        assertThat(dig("+noedns", "+ignore", "big.example.com", "A"))
                .containsPattern("flags: qr aa tc");
        assertThat(dig("+bufsize=4096", "+short", "big.example.com", "A").lines()).hasSize(40);
        // Without +ignore dig retries over TCP on TC and gets everything.
        assertThat(dig("+noedns", "+short", "big.example.com", "A").lines()).hasSize(40);
    }

    private String dig(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(DIG.toString());
        command.add("@127.0.0.1");
        command.add("-p");
        command.add(Integer.toString(zone.port()));
        command.add("+time=3");
        command.add("+tries=1");
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.waitFor(15, TimeUnit.SECONDS)).as("dig finished").isTrue();
            return out;
        } finally {
            p.destroyForcibly();
        }
    }
}
