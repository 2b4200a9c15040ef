package io.tandem.proxy.http;

import io.netty.handler.codec.http2.Http2SecurityUtil;
import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.netty.handler.ssl.SupportedCipherSuiteFilter;
import io.netty.util.DomainWildcardMappingBuilder;
import io.netty.util.Mapping;
import io.tandem.config.TlsCertificate;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.SSLException;

/**
 * The server TLS contexts of a {@code protocol HTTPS} virtual server, one per certificate, and the
 * SNI mapping that picks one: the first certificate whose names (exact, or a {@code *.} wildcard
 * one label deep) match the client's server name; no server name, or no match, gets the first
 * certificate. Each context offers {@code h2} and {@code http/1.1} by ALPN. Built once, before the
 * listener starts; the mapping is read by every event loop and never changes.
 */
final class TlsContexts {
    private TlsContexts() {}

    static Mapping<String, SslContext> sniMapping(List<TlsCertificate> certificates)
            throws SSLException {
        if (certificates.isEmpty()) {
            throw new IllegalArgumentException("no certificate");
        }
        SslContext first = context(certificates.getFirst());
        DomainWildcardMappingBuilder<SslContext> mapping =
                new DomainWildcardMappingBuilder<>(certificates.size() * 2, first);
        // A later add of the same name replaces the earlier one: add the last certificate first,
        // so a name two certificates share stays with the one written first.
        for (int i = certificates.size() - 1; i >= 0; i--) {
            TlsCertificate c = certificates.get(i);
            SslContext context = i == 0 ? first : context(c);
            for (String name : c.names()) {
                if (mappable(name)) {
                    mapping.add(name, context);
                }
            }
        }
        return mapping.build();
    }

    /** Netty maps exact names and a leading {@code *.} only; other wildcards never match. */
    private static boolean mappable(String name) {
        int star = name.lastIndexOf('*');
        return star < 0 || (star == 0 && name.startsWith("*.") && name.length() > 2);
    }

    private static SslContext context(TlsCertificate c) throws SSLException {
        return SslContextBuilder.forServer(c.key(), c.chain().toArray(X509Certificate[]::new))
                .sslProvider(SslProvider.JDK)
                // RFC 9113 section 9.2.2: h2 needs TLS 1.2+ AEAD suites; the filter keeps those
                // the JDK has.
                .ciphers(Http2SecurityUtil.CIPHERS, SupportedCipherSuiteFilter.INSTANCE)
                .protocols("TLSv1.3", "TLSv1.2")
                .applicationProtocolConfig(
                        new ApplicationProtocolConfig(
                                ApplicationProtocolConfig.Protocol.ALPN,
                                ApplicationProtocolConfig.SelectorFailureBehavior.NO_ADVERTISE,
                                ApplicationProtocolConfig.SelectedListenerFailureBehavior.ACCEPT,
                                ApplicationProtocolNames.HTTP_2,
                                ApplicationProtocolNames.HTTP_1_1))
                .build();
    }
}
