package io.tandem.proxy.http;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpStatusClass;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http2.Http2StreamFrameToHttpObjectCodec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * What a stream's {@link ClientConnection} needs from the HTTP/2 side beyond Netty's {@link
 * Http2StreamFrameToHttpObjectCodec}, between the two:
 *
 * <ul>
 *   <li>requests lose the codec's {@code x-http2-*} headers, which are not the client's;
 *   <li>an interim response (e.g. 100) goes out as a full message, as the codec needs, and the
 *       empty end the backend side gives it is dropped (it would end the stream);
 *   <li>the empty buffer written to flush before a close is dropped (a stream takes only frames);
 *   <li>a close waits until the response's end was written: behind flow control that can be later
 *       than the write call, and closing earlier would reset the stream and cut it short.
 * </ul>
 */
final class Http2StreamAdapter extends ChannelDuplexHandler {
    private boolean interimEnd;
    private @Nullable ChannelFuture lastWrite;

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof HttpRequest request) {
            dropExtensions(request.headers());
        }
        if (msg instanceof LastHttpContent last) {
            dropExtensions(last.trailingHeaders());
        }
        ctx.fireChannelRead(msg);
    }

    private static void dropExtensions(HttpHeaders headers) {
        List<String> names = new ArrayList<>();
        for (Map.Entry<String, String> e : headers) {
            if (e.getKey().regionMatches(true, 0, "x-http2-", 0, 8)) {
                names.add(e.getKey());
            }
        }
        names.forEach(headers::remove);
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (msg instanceof ByteBuf buf) {
            buf.release();
            promise.trySuccess();
            return;
        }
        if (msg instanceof HttpResponse response
                && !(msg instanceof FullHttpResponse)
                && response.status().codeClass() == HttpStatusClass.INFORMATIONAL) {
            FullHttpResponse full =
                    new DefaultFullHttpResponse(
                            response.protocolVersion(), response.status(), Unpooled.EMPTY_BUFFER);
            full.headers().set(response.headers());
            interimEnd = true;
            var unused = ctx.write(full, promise);
            return;
        }
        if (interimEnd && msg instanceof LastHttpContent last) {
            interimEnd = false;
            if (!last.content().isReadable() && last.trailingHeaders().isEmpty()) {
                last.release();
                promise.trySuccess();
                return;
            }
        }
        if (msg instanceof LastHttpContent) {
            ChannelPromise p = promise.unvoid();
            lastWrite = p;
            var unused = ctx.write(msg, p);
            return;
        }
        var unused = ctx.write(msg, promise);
    }

    @Override
    public void close(ChannelHandlerContext ctx, ChannelPromise promise) {
        ChannelFuture last = lastWrite;
        if (last == null || last.isDone()) {
            var unused = ctx.close(promise);
        } else {
            var unused =
                    last.addListener(
                            f -> {
                                ChannelFuture unusedClose = ctx.close(promise);
                            });
        }
    }
}
