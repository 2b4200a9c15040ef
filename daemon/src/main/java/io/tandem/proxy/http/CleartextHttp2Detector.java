package io.tandem.proxy.http;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.http2.Http2CodecUtil;
import io.netty.util.concurrent.ScheduledFuture;
import io.tandem.config.HttpLimits;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * Tells HTTP/2 with prior knowledge (h2c, RFC 9113 section 3.3) from HTTP/1.1 on a cleartext
 * connection by its first bytes: the HTTP/2 connection preface {@code PRI *
 * HTTP/2.0\r\n\r\nSM\r\n\r\n} selects HTTP/2, the first byte that departs from it selects HTTP/1.1
 * (so an HTTP/1.1 request is never delayed). Then it puts the chosen handlers in its place and
 * hands them the bytes read so far. A client that sends nothing is closed after {@code
 * keepalive_timeout}, one that stalls inside the preface after {@code client_header_timeout}.
 */
final class CleartextHttp2Detector extends ByteToMessageDecoder {
    private static final ByteBuf PREFACE = Http2CodecUtil.connectionPrefaceBuf();

    private final HttpForwarder forwarder;
    private @Nullable ScheduledFuture<?> timer;
    private boolean bytesSeen;

    CleartextHttp2Detector(HttpForwarder forwarder) {
        this.forwarder = forwarder;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        // Not passed on: the handlers that need it are not there yet (they get it when chosen).
        closeAfter(ctx, forwarder.config().limits().keepaliveTimeout());
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        HttpLimits limits = forwarder.config().limits();
        if (!bytesSeen && in.isReadable()) {
            bytesSeen = true;
            closeAfter(ctx, limits.clientHeaderTimeout());
        }
        int n = Math.min(in.readableBytes(), PREFACE.readableBytes());
        boolean prefix =
                io.netty.buffer.ByteBufUtil.equals(
                        in, in.readerIndex(), PREFACE, PREFACE.readerIndex(), n);
        if (prefix && n < PREFACE.readableBytes()) {
            return; // could still be the preface: wait for more
        }
        cancelTimer();
        if (prefix) {
            ClientPipeline.http2(ctx, forwarder);
        } else {
            ClientPipeline.http1(ctx, forwarder);
        }
        ctx.pipeline().remove(this);
    }

    private void closeAfter(ChannelHandlerContext ctx, Duration delay) {
        cancelTimer();
        timer =
                ctx.executor()
                        .schedule(
                                () -> {
                                    var unused = ctx.close();
                                },
                                delay.toNanos(),
                                TimeUnit.NANOSECONDS);
    }

    private void cancelTimer() {
        ScheduledFuture<?> t = timer;
        if (t != null) {
            t.cancel(false);
            timer = null;
        }
    }

    @Override
    protected void handlerRemoved0(ChannelHandlerContext ctx) {
        cancelTimer();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        cancelTimer();
        super.channelInactive(ctx);
    }
}
