package io.tandem.proxy.http;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http2.DefaultHttp2DataFrame;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.DefaultHttp2HeadersFrame;
import io.netty.handler.codec.http2.Http2DataFrame;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.handler.codec.http2.Http2HeadersFrame;
import io.netty.handler.codec.http2.Http2MultiplexHandler;
import io.netty.handler.codec.http2.Http2ResetFrame;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.handler.codec.http2.Http2StreamChannelBootstrap;
import io.netty.util.ReferenceCountUtil;
import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * An HTTP/2 client with prior knowledge (h2c) on one connection, built on Netty's frame codec with
 * header validation off, so a test can send what a careful client never would.
 */
final class H2Client implements AutoCloseable {
    /** A stream's outcome: the response, or the reset the server sent instead. */
    record Answer(int status, String body, @Nullable String reset) {}

    private final Channel connection;

    H2Client(EventLoopGroup group, InetSocketAddress server) throws InterruptedException {
        connection =
                new Bootstrap()
                        .group(group)
                        .channel(NioSocketChannel.class)
                        .handler(
                                new ChannelInitializer<Channel>() {
                                    @Override
                                    protected void initChannel(Channel ch) {
                                        ch.pipeline()
                                                .addLast(
                                                        Http2FrameCodecBuilder.forClient()
                                                                .validateHeaders(false)
                                                                .build(),
                                                        new Http2MultiplexHandler(
                                                                new ChannelInboundHandlerAdapter()));
                                    }
                                })
                        .connect(server)
                        .sync()
                        .channel();
    }

    /** Headers for {@code method} {@code path} on {@code authority}, not validated. */
    static Http2Headers request(String method, String authority, String path) {
        return new DefaultHttp2Headers(false)
                .method(method)
                .scheme("http")
                .authority(authority)
                .path(path);
    }

    /** Sends {@code headers} and then {@code body} (none when null) on a new stream. */
    CompletableFuture<Answer> send(Http2Headers headers, byte @Nullable [] body)
            throws InterruptedException {
        CompletableFuture<Answer> answer = new CompletableFuture<>();
        Http2StreamChannel stream =
                new Http2StreamChannelBootstrap(connection)
                        .handler(new Collector(answer))
                        .open()
                        .sync()
                        .getNow();
        boolean noBody = body == null;
        var unused = stream.write(new DefaultHttp2HeadersFrame(headers, noBody));
        if (!noBody) {
            var unusedData =
                    stream.write(new DefaultHttp2DataFrame(Unpooled.wrappedBuffer(body), true));
        }
        stream.flush();
        return answer;
    }

    boolean isOpen() {
        return connection.isActive();
    }

    @Override
    public void close() {
        connection.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
    }

    private static final class Collector extends ChannelInboundHandlerAdapter {
        private final CompletableFuture<Answer> answer;
        private final ByteArrayOutputStream body = new ByteArrayOutputStream();
        private int status;

        Collector(CompletableFuture<Answer> answer) {
            this.answer = answer;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            try {
                if (msg instanceof Http2HeadersFrame h) {
                    CharSequence s = h.headers().status();
                    if (s != null && status == 0) {
                        status = Integer.parseInt(s.toString());
                    }
                    if (h.isEndStream()) {
                        done();
                    }
                } else if (msg instanceof Http2DataFrame d) {
                    ByteBuf content = d.content();
                    byte[] bytes = new byte[content.readableBytes()];
                    content.readBytes(bytes);
                    body.writeBytes(bytes);
                    if (d.isEndStream()) {
                        done();
                    }
                } else if (msg instanceof Http2ResetFrame r) {
                    answer.complete(new Answer(status, text(), r.errorCode() + ""));
                }
            } finally {
                ReferenceCountUtil.release(msg);
            }
        }

        private void done() {
            answer.complete(new Answer(status, text(), null));
        }

        private String text() {
            return body.toString(StandardCharsets.ISO_8859_1);
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            answer.complete(new Answer(status, text(), "closed"));
        }
    }
}
