package io.tandem.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code tandem check} answers like {@code keepalived -t}: exit code and one line per error. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class CheckCommandTest {
    @TempDir Path dir;

    private record Outcome(int exitCode, String out, String err) {}

    private Outcome check(String config) throws Exception {
        Path file = dir.resolve("keepalived.conf");
        Files.writeString(file, config);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code =
                Main.commandLine()
                        .setOut(new PrintWriter(out))
                        .setErr(new PrintWriter(err))
                        .execute("check", "-f", file.toString());
        return new Outcome(code, out.toString(), err.toString());
    }

    @Test
    void validConfigExitsZeroAndSaysSo() throws Exception {
        Outcome outcome =
                check(
                        """
                        virtual_server 10.0.0.1 80 {
                            lb_algo rr
                            real_server 10.0.1.1 80 { weight 2 }
                        }
                        """);

        assertThat(outcome.exitCode()).isZero();
        assertThat(outcome.out()).contains("configuration is valid (1 virtual servers)");
        assertThat(outcome.err()).isEmpty();
    }

    @Test
    void invalidConfigExitsOneWithOneLinePerErrorAndNoStackTrace() throws Exception {
        Outcome outcome =
                check(
                        """
                        virtual_server 10.0.0.1 80 {
                            lb_algo fastest
                            real_server 10.0.1.1 70000 { weight 2 }
                        }
                        """);

        assertThat(outcome.exitCode()).isEqualTo(1);
        assertThat(outcome.err().lines().toList())
                .hasSize(2)
                .allSatisfy(line -> assertThat(line).matches(".*keepalived\\.conf:\\d+:\\d+: .+"));
        assertThat(outcome.err()).doesNotContain("Exception").doesNotContain("\tat ");
    }

    @Test
    void deeplyNestedBlocksAreAPositionedErrorAndNoStackTrace() throws Exception {
        Outcome outcome = check("virtual_server 10.0.0.1 80 {\n".repeat(10_000));

        assertThat(outcome.exitCode()).isEqualTo(1);
        assertThat(outcome.err().lines().toList())
                .isNotEmpty()
                .allSatisfy(line -> assertThat(line).matches(".*keepalived\\.conf:\\d+:\\d+: .+"));
        assertThat(outcome.err()).contains("nested more than").doesNotContain("\tat ");
    }

    @Test
    void aMissingCertificateFileFailsTheCheckAtItsName() throws Exception {
        Outcome outcome =
                check(
                        """
                        virtual_server 10.0.0.1 443 {
                            protocol HTTPS
                            tls_certificate www.pem www.key
                            real_server 10.0.1.1 80
                        }
                        """);

        assertThat(outcome.exitCode()).isEqualTo(1);
        assertThat(outcome.err().lines().toList())
                .containsExactly(
                        dir.resolve("keepalived.conf")
                                + ":3:21: tls_certificate "
                                + dir.resolve("www.pem")
                                + ": no such file");
    }

    @Test
    void missingFileIsAClearError() throws Exception {
        StringWriter err = new StringWriter();
        int code =
                Main.commandLine()
                        .setErr(new PrintWriter(err))
                        .execute("check", "-f", dir.resolve("absent.conf").toString());

        assertThat(code).isEqualTo(1);
        assertThat(err.toString()).contains("absent.conf").doesNotContain("\tat ");
    }
}
