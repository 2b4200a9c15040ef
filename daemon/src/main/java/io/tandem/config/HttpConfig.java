package io.tandem.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * What makes a {@code protocol HTTP} virtual server an L7 proxy.
 *
 * @param routes the route blocks in file order; empty means everything goes to the default group
 * @param groups every group a route names, plus {@link RealServerGroupConfig#DEFAULT} (the virtual
 *     server's own real servers, possibly none), by name
 * @param limits sizes and timeouts
 * @param xForwarded {@code x_forwarded}: add X-Forwarded-For/-Proto/-Host (on by default)
 * @param forwarded {@code forwarded}: add an RFC 7239 Forwarded header (off by default)
 * @param accessLog {@code access_log PATH}, or null for none (the default)
 * @param tlsCertificates for {@code protocol HTTPS}: the certificates in file order, the first
 *     served when the client's SNI names none of the others (or it sends none); empty for plain
 *     {@code protocol HTTP}
 */
public record HttpConfig(
        List<HttpRoute> routes,
        Map<String, RealServerGroupConfig> groups,
        HttpLimits limits,
        boolean xForwarded,
        boolean forwarded,
        @Nullable Path accessLog,
        List<TlsCertificate> tlsCertificates) {

    public HttpConfig {
        routes = List.copyOf(routes);
        groups = Map.copyOf(groups);
        tlsCertificates = List.copyOf(tlsCertificates);
    }

    /** Whether clients speak TLS to this virtual server ({@code protocol HTTPS}). */
    public boolean terminatesTls() {
        return !tlsCertificates.isEmpty();
    }

    public RealServerGroupConfig defaultGroup() {
        RealServerGroupConfig g = groups.get(RealServerGroupConfig.DEFAULT);
        if (g == null) {
            throw new IllegalStateException("no default group");
        }
        return g;
    }
}
