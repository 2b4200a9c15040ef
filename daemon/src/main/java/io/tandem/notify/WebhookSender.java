package io.tandem.notify;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code notify_webhook}: POSTs each notice as JSON (see docs/alerts.md for the fields). An attempt
 * fails on a connect error, on no complete answer within {@code notify_webhook_timeout}, or on a
 * status other than 2xx; after 3 attempts, 1 s then 2 s apart, {@link #deliver} gives up with every
 * attempt's reason. Redirects are not followed (a POST should not wander).
 *
 * <p>Thread-safe; {@link #deliver} blocks for at most attempts × timeout plus the backoff.
 */
public final class WebhookSender implements AlertChannel {

    public static final int ATTEMPTS = 3;
    public static final Duration FIRST_BACKOFF = Duration.ofSeconds(1);

    private final URI url;
    private final Duration timeout;
    private final int attempts;
    private final Duration firstBackoff;
    private final ZoneId zone;
    private final HttpClient client;

    /**
     * @param url {@code notify_webhook}, http or https
     * @param timeout {@code notify_webhook_timeout}, for connecting and for the whole answer
     * @param zone the zone of the clock time in {@code rate_limit_note}
     */
    public WebhookSender(URI url, Duration timeout, ZoneId zone) {
        this(url, timeout, ATTEMPTS, FIRST_BACKOFF, zone);
    }

    WebhookSender(URI url, Duration timeout, int attempts, Duration firstBackoff, ZoneId zone) {
        this.url = url;
        this.timeout = timeout;
        this.attempts = attempts;
        this.firstBackoff = firstBackoff;
        this.zone = zone;
        this.client =
                HttpClient.newBuilder()
                        .version(HttpClient.Version.HTTP_1_1)
                        .connectTimeout(timeout)
                        .followRedirects(HttpClient.Redirect.NEVER)
                        .build();
    }

    /** Scheme, host and port only: the path and query may hold a secret token. */
    @Override
    public String name() {
        return "webhook "
                + url.getScheme()
                + "://"
                + url.getHost()
                + (url.getPort() < 0 ? "" : ":" + url.getPort());
    }

    @Override
    public void deliver(Notice notice) throws IOException, InterruptedException {
        HttpRequest request =
                HttpRequest.newBuilder(url)
                        .timeout(timeout)
                        .header("Content-Type", "application/json; charset=utf-8")
                        .header("User-Agent", "Tandem")
                        .POST(
                                HttpRequest.BodyPublishers.ofString(
                                        JsonEvent.encode(notice, zone), StandardCharsets.UTF_8))
                        .build();
        List<String> failures = new ArrayList<>();
        Duration backoff = firstBackoff;
        for (int attempt = 1; attempt <= attempts; attempt++) {
            if (attempt > 1) {
                Thread.sleep(backoff);
                backoff = backoff.multipliedBy(2);
            }
            try {
                int status =
                        client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
                if (status / 100 == 2) {
                    return;
                }
                failures.add("HTTP " + status);
            } catch (HttpTimeoutException e) {
                failures.add("no answer within " + timeout.toMillis() + " ms");
            } catch (IOException e) {
                failures.add(reason(e));
            }
        }
        throw new IOException(
                name() + ": " + attempts + " attempts failed: " + String.join("; ", failures));
    }

    /** "ConnectException: Connection refused": the JDK client often puts the words in a cause. */
    private static String reason(IOException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t.getMessage() != null) {
                return e.getClass().getSimpleName() + ": " + t.getMessage();
            }
        }
        return e.getClass().getSimpleName();
    }

    @Override
    public void close() {
        client.shutdownNow();
    }
}
