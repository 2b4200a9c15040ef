package io.tandem.proxy.http;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpRequestDecoder;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.tandem.config.HttpLimits;
import java.util.List;

/**
 * Netty's request decoder set to its strictest: bare CR or LF in a line is an error (strict line
 * parsing), duplicate Content-Length is an error, header names and values are validated. One
 * leniency is overridden: Netty silently drops Content-Length when Transfer-Encoding is present
 * (RFC 9112 section 6.1 allows that), which normalises a smuggling attempt instead of refusing it;
 * here the request is marked failed so the proxy answers 400 and closes.
 *
 * <p>Netty also unfolds obsolete line folding (a header line starting with a space or tab joins the
 * one before), which RFC 9112 section 5.2 lets a server reject and which Tandem must, so that a
 * backend that folds differently never sees the request. Netty consumes a head line by line, so
 * while a head is being read the undecoded bytes always start at a line start; each call checks the
 * line starts it can see before Netty reads them. Not thread-safe: one per channel.
 */
final class StrictRequestDecoder extends HttpRequestDecoder {

    StrictRequestDecoder(HttpLimits limits) {
        super(
                new HttpDecoderConfig()
                        .setMaxInitialLineLength(limits.maxRequestLine())
                        .setMaxHeaderSize(limits.maxHeaderSize())
                        .setMaxChunkSize(16 * 1024)
                        .setStrictLineParsing(true)
                        .setAllowDuplicateContentLengths(false)
                        .setValidateHeaders(true));
    }

    private boolean inHead = true;
    private boolean pastRequestLine;
    private boolean poisoned;

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf buffer, List<Object> out)
            throws Exception {
        if (poisoned) {
            buffer.skipBytes(buffer.readableBytes());
            return;
        }
        if (inHead && folded(buffer)) {
            poisoned = true;
            buffer.skipBytes(buffer.readableBytes());
            HttpRequest bad =
                    new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "/bad-request");
            bad.setDecoderResult(
                    DecoderResult.failure(new IllegalArgumentException("obsolete line folding")));
            out.add(bad);
            return;
        }
        int before = out.size();
        int reader = buffer.readerIndex();
        super.decode(ctx, buffer, out);
        if (inHead && buffer.readerIndex() != reader) {
            pastRequestLine = true;
        }
        for (int i = before; i < out.size(); i++) {
            Object m = out.get(i);
            if (m instanceof HttpRequest) {
                inHead = false;
            }
            if (m instanceof LastHttpContent) {
                inHead = true;
                pastRequestLine = false;
            }
        }
    }

    /** Whether a header line visible in {@code buffer} starts with a space or tab. */
    private boolean folded(ByteBuf buffer) {
        int end = buffer.writerIndex();
        boolean lineStart = true;
        boolean first = !pastRequestLine;
        for (int i = buffer.readerIndex(); i < end; i++) {
            byte b = buffer.getByte(i);
            if (lineStart) {
                if (!first && (b == ' ' || b == '\t')) {
                    return true;
                }
                if (!first && (b == '\r' || b == '\n')) {
                    return false; // the empty line: the head ends here
                }
                lineStart = false;
            }
            if (b == '\n') {
                lineStart = true;
                first = false;
            }
        }
        return false;
    }

    @Override
    protected void handleTransferEncodingChunkedWithContentLength(HttpMessage message) {
        message.setDecoderResult(
                DecoderResult.failure(
                        new IllegalArgumentException("both Content-Length and Transfer-Encoding")));
    }
}
