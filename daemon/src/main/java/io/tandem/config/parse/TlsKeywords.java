package io.tandem.config.parse;

import java.util.List;

/**
 * {@code tls_certificate CERT.pem [KEY.pem]} and {@code tls_key KEY.pem} of a {@code protocol
 * HTTPS} virtual server. Repeatable: several certificates, chosen by the client's SNI. A {@code
 * tls_key} belongs to the {@code tls_certificate} just before it.
 */
final class TlsKeywords {
    private TlsKeywords() {}

    static List<Keyword<VirtualServerDraft>> keywords() {
        return List.of(
                new Keyword.Supported<>(
                        "tls_certificate",
                        "tls_certificate CERT.pem or tls_certificate CERT.pem KEY.pem",
                        1,
                        2,
                        Keyword.BlockUse.NONE,
                        true,
                        (s, vs, v) -> {
                            vs.http.use(s);
                            Token key = s.arguments().size() > 1 ? s.argument(1) : null;
                            vs.http.tls.add(new TlsCertificateDraft(s, s.argument(0), key));
                        }),
                new Keyword.Supported<>(
                        "tls_key",
                        "tls_key KEY.pem",
                        1,
                        1,
                        Keyword.BlockUse.NONE,
                        true,
                        (s, vs, v) -> {
                            vs.http.use(s);
                            List<TlsCertificateDraft> tls = vs.http.tls;
                            TlsCertificateDraft last = tls.isEmpty() ? null : tls.getLast();
                            if (last == null) {
                                v.error(s.keyword(), "tls_key needs a tls_certificate before it");
                            } else if (last.keyFile != null) {
                                v.error(
                                        s.keyword(),
                                        "tls_key: the tls_certificate before it (at "
                                                + last.statement.position()
                                                + ") has its key already");
                            } else {
                                last.keyFile = s.argument(0);
                            }
                        }));
    }
}
