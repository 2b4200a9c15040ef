package io.tandem.config;

import org.jspecify.annotations.Nullable;

/**
 * One {@code url { path P; status_code ...; digest HEX }} of an HTTP_GET or SSL_GET.
 *
 * @param path the request path, as written
 * @param statusCodes the accepted statuses
 * @param digest the expected MD5 of the body as 32 lower-case hex digits, or null for no check
 */
public record UrlCheck(
        String path, StatusCodes statusCodes, @Nullable String digest, SourcePosition position) {}
