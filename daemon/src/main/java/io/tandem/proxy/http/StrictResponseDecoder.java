package io.tandem.proxy.http;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseDecoder;
import io.netty.handler.codec.http.HttpVersion;
import java.util.ArrayDeque;
import java.util.List;

/**
 * Netty's response decoder as strict as {@link StrictRequestDecoder}: a response a server could
 * mean two ways (Content-Length with Transfer-Encoding, differing Content-Lengths, a bad chunk
 * size, invalid header characters, bare CR or LF) or whose status line is not HTTP/1.x comes out
 * marked failed, so the proxy answers 502 and closes the connection instead of pooling it.
 *
 * <p>It knows which responses have no body from the methods {@link BackendCodec} saw going out
 * (HEAD). Not thread-safe: one per channel.
 */
final class StrictResponseDecoder extends HttpResponseDecoder {
    private final ArrayDeque<HttpMethod> sent;

    StrictResponseDecoder(ArrayDeque<HttpMethod> sent) {
        super(
                new HttpDecoderConfig()
                        .setMaxChunkSize(16 * 1024)
                        .setMaxHeaderSize(64 * 1024)
                        .setStrictLineParsing(true)
                        .setAllowDuplicateContentLengths(false)
                        .setValidateHeaders(true));
        this.sent = sent;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf buffer, List<Object> out)
            throws Exception {
        int before = out.size();
        super.decode(ctx, buffer, out);
        for (int i = before; i < out.size(); i++) {
            if (out.get(i) instanceof HttpResponse r
                    && r.decoderResult().isSuccess()
                    && !isHttp1(r.protocolVersion())) {
                r.setDecoderResult(
                        DecoderResult.failure(
                                new IllegalArgumentException(
                                        "not an HTTP/1.x response: " + r.protocolVersion())));
            }
        }
    }

    private static boolean isHttp1(HttpVersion v) {
        return v.protocolName().equals("HTTP") && v.majorVersion() == 1 && v.minorVersion() <= 1;
    }

    @Override
    protected boolean isContentAlwaysEmpty(HttpMessage msg) {
        if (msg instanceof HttpResponse r) {
            int code = r.status().code();
            if (code < 200) {
                return true; // 1xx never has a body; 101's bytes after the head are not HTTP
            }
            HttpMethod method = sent.poll();
            if (HttpMethod.HEAD.equals(method)) {
                return true;
            }
        }
        return super.isContentAlwaysEmpty(msg);
    }

    @Override
    protected void handleTransferEncodingChunkedWithContentLength(HttpMessage message) {
        message.setDecoderResult(
                DecoderResult.failure(
                        new IllegalArgumentException("both Content-Length and Transfer-Encoding")));
    }
}
