package io.tandem.config;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * {@code HTTP_GET} or {@code SSL_GET}: each url is fetched in turn; up while every one answers with
 * an accepted status (and digest, when given).
 *
 * @param tls true for SSL_GET (certificates are not verified, as in keepalived)
 * @param urls one or more
 * @param virtualhost {@code virtualhost}: the Host header (and the SNI name with {@code
 *     enable_sni}), or null for the connect address
 * @param sni {@code enable_sni}: send {@code virtualhost} as TLS server name
 */
public record HttpCheckConfig(
        CheckSettings settings,
        boolean tls,
        List<UrlCheck> urls,
        @Nullable String virtualhost,
        boolean sni,
        SourcePosition position)
        implements CheckConfig {

    public HttpCheckConfig {
        urls = List.copyOf(urls);
    }

    @Override
    public String keyword() {
        return tls ? "SSL_GET" : "HTTP_GET";
    }
}
