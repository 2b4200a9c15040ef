package io.tandem.health;

import io.tandem.common.HostPort;
import io.tandem.config.HttpCheckConfig;
import io.tandem.config.UrlCheck;
import java.io.IOException;
import java.time.Duration;

/**
 * keepalived's HTTP_GET and SSL_GET: fetches every {@code url} in turn on a new connection; up
 * while each answers with an accepted status and, when {@code digest} is set, a body with that MD5.
 * The first url that fails decides the detail.
 */
public final class HttpGetChecker implements HealthChecker {
    private final HttpCheckConfig config;
    private final ProbeTarget target;
    private final String host;

    public HttpGetChecker(HttpCheckConfig config, HostPort realServer) {
        this.config = config;
        this.target = ProbeTarget.of(config.settings(), realServer);
        String virtualhost = config.virtualhost();
        this.host = virtualhost != null ? virtualhost : target.text();
    }

    @Override
    public ProbeResult probe(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        String kind = config.keyword();
        for (UrlCheck url : config.urls()) {
            String what = kind + " " + url.path();
            Duration left = Duration.ofNanos(deadline - System.nanoTime());
            if (left.isNegative() || left.isZero()) {
                return ProbeResult.failed(what + ": timed out after " + TimeText.of(timeout));
            }
            HttpReply reply;
            try {
                reply = HttpFetch.get(target, config.tls(), url.path(), host, config.sni(), left);
            } catch (IOException e) {
                if (Thread.interrupted()) {
                    throw new InterruptedException("stopped during " + kind);
                }
                return ProbeResult.failed(what + ": " + ProbeTarget.why(e, timeout));
            }
            if (!url.statusCodes().accepts(reply.status())) {
                return ProbeResult.failed(
                        what
                                + " returned "
                                + reply.status()
                                + " (expected "
                                + url.statusCodes()
                                + ")");
            }
            String digest = url.digest();
            if (digest != null && !digest.equals(reply.bodyMd5())) {
                return ProbeResult.failed(
                        what + " body digest " + reply.bodyMd5() + " (expected " + digest + ")");
            }
        }
        return ProbeResult.passed(
                kind + " " + target.text() + ": " + config.urls().size() + " url(s) passed");
    }

    @Override
    public String describe() {
        return config.keyword() + " " + target.text();
    }
}
