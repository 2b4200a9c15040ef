package io.tandem.admin;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import org.jspecify.annotations.Nullable;

/**
 * The {@code admin_token} an HTTP caller must present to change anything. Compared in constant time
 * over SHA-256 digests, so neither the content nor the length of the token leaks through timing.
 * Immutable, thread-safe.
 */
final class BearerToken {
    private static final String SCHEME = "Bearer ";

    private final byte @Nullable [] digest;

    /** {@code token} null or blank: no token configured, so every change over HTTP is refused. */
    BearerToken(@Nullable String token) {
        this.digest = token == null || token.isBlank() ? null : sha256(token);
    }

    boolean configured() {
        return digest != null;
    }

    /** Whether an {@code Authorization} header value carries the configured token. */
    boolean accepts(@Nullable String authorization) {
        byte[] expected = digest;
        if (expected == null || authorization == null) {
            return false;
        }
        if (!authorization.regionMatches(true, 0, SCHEME, 0, SCHEME.length())) {
            return false;
        }
        byte[] given = sha256(authorization.substring(SCHEME.length()).strip());
        return MessageDigest.isEqual(expected, given);
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
