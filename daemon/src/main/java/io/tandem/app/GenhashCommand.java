package io.tandem.app;

import io.tandem.common.IpLiteral;
import io.tandem.health.HttpFetch;
import io.tandem.health.HttpReply;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code tandem genhash URL}: keepalived's genhash. Fetches the URL the way HTTP_GET/SSL_GET do
 * (HTTP/1.0, body bytes as sent) and prints the MD5 to put in a url's {@code digest}.
 */
@Command(
        name = "genhash",
        mixinStandardHelpOptions = true,
        description = {
            "Print the digest of a page for HTTP_GET or SSL_GET (like keepalived's genhash).",
            "Fetches URL once as the checker does (HTTP/1.0 GET, certificates not verified) and"
                    + " prints the MD5 of the body: put it in the url block as 'digest HEX'.",
            "Exit 0 on success; 1 when the page cannot be fetched."
        })
final class GenhashCommand implements Callable<Integer> {

    @Spec CommandSpec spec;

    @Parameters(
            paramLabel = "URL",
            description = "http://HOST[:PORT]/PATH or https://HOST[:PORT]/PATH")
    String url = "";

    @Option(
            names = "--connect-to",
            paramLabel = "IP",
            description =
                    "Connect to this address instead of resolving the URL's host (which then"
                            + " only names the Host header and SNI), as a checker's connect_ip.")
    @Nullable String connectTo;

    @Option(
            names = "--timeout",
            paramLabel = "SECONDS",
            defaultValue = "5",
            description = "Give up after this long (default: ${DEFAULT-VALUE}).")
    int timeoutSeconds;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try {
            InetAddress address = null;
            if (connectTo != null) {
                address =
                        IpLiteral.parse(connectTo)
                                .orElseThrow(
                                        () ->
                                                new IOException(
                                                        "--connect-to: expected an IP address,"
                                                                + " got '"
                                                                + connectTo
                                                                + "'"));
            }
            if (timeoutSeconds < 1) {
                throw new IOException("--timeout: expected at least 1 second");
            }
            HttpReply reply =
                    HttpFetch.genhash(new URI(url), address, Duration.ofSeconds(timeoutSeconds));
            out.printf("HTTP status %d, body %d bytes%n", reply.status(), reply.bodyBytes());
            out.printf("digest %s%n", reply.bodyMd5());
            out.flush();
            return 0;
        } catch (IOException | URISyntaxException e) {
            err.println("tandem genhash: " + url + ": " + e.getMessage());
            err.flush();
            return 1;
        }
    }
}
