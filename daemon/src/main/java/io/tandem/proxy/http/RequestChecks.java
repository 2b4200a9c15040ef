package io.tandem.proxy.http;

import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.tandem.config.HttpLimits;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * The checks a request head must pass before any of it reaches a real server: a request that two
 * parsers could read two ways is refused, never repaired (RFC 9112 sections 6.1 and 6.3). Pure.
 */
final class RequestChecks {
    private RequestChecks() {}

    /** Null when the request may go on; else the status to answer before closing. */
    static @Nullable HttpResponseStatus reject(HttpRequest request, HttpLimits limits) {
        DecoderResult result = request.decoderResult();
        if (result.isFailure()) {
            Throwable cause = result.cause();
            if (cause instanceof TooLongHttpLineException) {
                return HttpResponseStatus.REQUEST_URI_TOO_LONG;
            }
            if (cause instanceof TooLongHttpHeaderException
                    || cause instanceof TooLongFrameException) {
                return HttpResponseStatus.REQUEST_HEADER_FIELDS_TOO_LARGE;
            }
            // Netty (since 4.2.1x) fails a request whose Transfer-Encoding does not end in chunked
            // itself; a well-formed coding Tandem does not relay is still 501, as RFC 9112 6.1
            // says.
            List<String> codings = request.headers().getAll(HttpHeaderNames.TRANSFER_ENCODING);
            if (!codings.isEmpty()
                    && HttpResponseStatus.NOT_IMPLEMENTED.equals(
                            transferCodings(String.join(",", codings)))) {
                return HttpResponseStatus.NOT_IMPLEMENTED;
            }
            return HttpResponseStatus.BAD_REQUEST;
        }
        HttpVersion version = request.protocolVersion();
        if (!version.protocolName().equals("HTTP") || version.majorVersion() != 1) {
            return HttpResponseStatus.BAD_REQUEST;
        }
        if (request.headers().size() > limits.maxHeaderCount()) {
            return HttpResponseStatus.REQUEST_HEADER_FIELDS_TOO_LARGE;
        }
        List<String> lengths = request.headers().getAll(HttpHeaderNames.CONTENT_LENGTH);
        List<String> codings = request.headers().getAll(HttpHeaderNames.TRANSFER_ENCODING);
        if (lengths.size() > 1 || (!lengths.isEmpty() && !codings.isEmpty())) {
            return HttpResponseStatus.BAD_REQUEST;
        }
        if (!lengths.isEmpty() && !lengths.getFirst().matches("[0-9]{1,18}")) {
            return HttpResponseStatus.BAD_REQUEST;
        }
        if (!codings.isEmpty()) {
            return transferCodings(String.join(",", codings));
        }
        if (request.headers().getAll(HttpHeaderNames.HOST).size() > 1) {
            return HttpResponseStatus.BAD_REQUEST; // RFC 9112 section 3.2
        }
        return null;
    }

    /** Only a single, final {@code chunked} is accepted; other known codings are not relayed. */
    private static @Nullable HttpResponseStatus transferCodings(String header) {
        String[] parts = header.split(",", -1);
        for (int i = 0; i < parts.length; i++) {
            String coding = parts[i].strip().toLowerCase(Locale.ROOT);
            boolean last = i == parts.length - 1;
            switch (coding) {
                case "chunked" -> {
                    if (!last) {
                        return HttpResponseStatus.BAD_REQUEST;
                    }
                }
                case "gzip", "x-gzip", "deflate", "compress", "x-compress", "identity" -> {
                    return HttpResponseStatus.NOT_IMPLEMENTED;
                }
                default -> {
                    return coding.matches("[!#$%&'*+.^_`|~0-9a-z-]+")
                            ? HttpResponseStatus.NOT_IMPLEMENTED
                            : HttpResponseStatus.BAD_REQUEST;
                }
            }
        }
        return null;
    }
}
