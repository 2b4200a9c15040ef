package io.tandem.config.parse;

import org.jspecify.annotations.Nullable;

/** A {@code tls_certificate} statement and the key file that goes with it, while it is read. */
final class TlsCertificateDraft {
    final Statement statement;
    final Token certificateFile;
    @Nullable Token keyFile;

    TlsCertificateDraft(Statement statement, Token certificateFile, @Nullable Token keyFile) {
        this.statement = statement;
        this.certificateFile = certificateFile;
        this.keyFile = keyFile;
    }
}
