package io.tandem.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.tandem.testing.HostSupport;
import io.tandem.testing.StubBackend;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@code tandem genhash URL} prints the digest keepalived's genhash prints for the same page. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class GenhashCommandTest {
    private static final String PAGE = "<html><body>healthy</body></html>\n";
    private HttpServer server;

    private record Outcome(int exitCode, String out, String err) {}

    @BeforeEach
    void serve() throws Exception {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 10);
        server.createContext(
                "/status",
                exchange -> {
                    byte[] body = PAGE.getBytes(StandardCharsets.UTF_8);
                    exchange.sendResponseHeaders(200, body.length);
                    try (OutputStream out = exchange.getResponseBody()) {
                        out.write(body);
                    }
                });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private static Outcome genhash(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        String[] argv = new String[args.length + 1];
        argv[0] = "genhash";
        System.arraycopy(args, 0, argv, 1, args.length);
        int code =
                Main.commandLine()
                        .setOut(new PrintWriter(out))
                        .setErr(new PrintWriter(err))
                        .execute(argv);
        return new Outcome(code, out.toString(), err.toString());
    }

    private String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/status";
    }

    @Test
    void printsTheMd5OfTheBodyReadyForTheDigestKeyword() throws Exception {
        String md5 =
                HexFormat.of()
                        .formatHex(
                                MessageDigest.getInstance("MD5")
                                        .digest(PAGE.getBytes(StandardCharsets.UTF_8)));
        Outcome o = genhash(url());
        assertThat(o.exitCode()).as(o.err()).isZero();
        assertThat(o.out())
                .isEqualTo(
                        "HTTP status 200, body "
                                + PAGE.length()
                                + " bytes"
                                + System.lineSeparator()
                                + "digest "
                                + md5
                                + System.lineSeparator());
    }

    @Test
    void agreesWithKeepalivedsGenhash() throws Exception {
        Path tool = Path.of("/usr/bin/genhash");
        HostSupport.require(Files.isExecutable(tool), "keepalived's genhash is not installed");
        Process p =
                new ProcessBuilder(
                                tool.toString(),
                                "-s",
                                "127.0.0.1",
                                "-p",
                                Integer.toString(server.getAddress().getPort()),
                                "-u",
                                "/status")
                        .redirectErrorStream(true)
                        .start();
        String theirs = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(20, TimeUnit.SECONDS)).isTrue();
        Matcher m = Pattern.compile("([0-9a-f]{32})").matcher(theirs);
        assertThat(m.find()).as(theirs).isTrue();
        assertThat(genhash(url()).out()).contains("digest " + m.group(1));
    }

    @Test
    void aPageThatCannotBeFetchedExitsOneWithTheReason() throws Exception {
        String refusing = "http://" + StubBackend.refusingAddress() + "/";
        Outcome o = genhash(refusing);
        assertThat(o.exitCode()).isEqualTo(1);
        assertThat(o.err())
                .isEqualTo(
                        "tandem genhash: "
                                + refusing
                                + ": Connection refused"
                                + System.lineSeparator());
        assertThat(genhash("ftp://x/").err()).contains("expected an http:// or https:// URL");
    }

    @Test
    void helpExplainsTheCommand() {
        Outcome o = genhash("--help");
        assertThat(o.exitCode()).isZero();
        assertThat(o.out()).contains("Usage: tandem genhash", "digest HEX", "--connect-to");
    }
}
