package io.tandem.config;

import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * One certificate a {@code protocol HTTPS} virtual server can present, read and checked when the
 * configuration was loaded: the files are not read again when the listener starts.
 *
 * @param certificateFile the PEM file named by {@code tls_certificate}: the server's certificate
 *     first, then any intermediates
 * @param keyFile the PEM file named by {@code tls_key} (or the second argument of {@code
 *     tls_certificate}): the unencrypted private key of the first certificate
 * @param chain the certificates of {@code certificateFile}, the server's first; never empty
 * @param key the private key; it matches the first certificate's public key
 * @param names the DNS names the first certificate is for (its subjectAltName DNS entries, or its
 *     common name when it has none), lower case, {@code *.} wildcards kept; SNI picks among
 *     certificates by these
 * @param position where {@code tls_certificate} stands
 */
public record TlsCertificate(
        Path certificateFile,
        Path keyFile,
        List<X509Certificate> chain,
        PrivateKey key,
        List<String> names,
        SourcePosition position) {

    public TlsCertificate {
        chain = List.copyOf(chain);
        names = List.copyOf(names);
        if (chain.isEmpty()) {
            throw new IllegalArgumentException("a certificate chain needs a certificate");
        }
    }

    /** The certificate the key belongs to. */
    public X509Certificate leaf() {
        return chain.getFirst();
    }
}
