package io.tandem.proxy.http;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.HttpResponseEncoder;
import io.netty.handler.codec.http2.Http2FrameCodec;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.Http2MultiplexHandler;
import io.netty.handler.codec.http2.Http2Settings;
import io.netty.handler.ssl.SniHandler;
import io.netty.handler.ssl.SslContext;
import io.netty.util.Mapping;
import io.tandem.config.HttpLimits;
import io.tandem.pool.TrafficCounters;
import io.tandem.proxy.FirstRead;
import org.jspecify.annotations.Nullable;

/**
 * The handlers of an accepted client connection. Every connection first counts its raw bytes; a TLS
 * one then runs the handshake ({@link SniHandler}: the certificate is chosen by server name) and
 * switches on the ALPN result ({@link NegotiatedProtocol}); a cleartext one switches on its first
 * bytes ({@link CleartextHttp2Detector}). Then it speaks HTTP/1.1 through one {@link
 * ClientConnection}, or HTTP/2, where each stream gets a {@link ClientConnection} of its own
 * ({@link Http2StreamInitializer}). Event loop.
 */
final class ClientPipeline {
    /** RFC 9113 section 6.5.2 recommends at least 100. */
    static final int MAX_CONCURRENT_STREAMS = 100;

    private ClientPipeline() {}

    static void install(
            HttpForwarder forwarder,
            Channel client,
            TrafficCounters traffic,
            @Nullable Mapping<String, SslContext> sni) {
        HttpLimits limits = forwarder.config().limits();
        ChannelPipeline p = client.pipeline();
        p.addLast("traffic", new InboundBytes(traffic));
        if (sni != null) {
            p.addLast("tls", new SniHandler(sni, limits.clientHeaderTimeout().toMillis()));
            p.addLast("negotiated", new NegotiatedProtocol(forwarder));
        } else {
            p.addLast("detect", new CleartextHttp2Detector(forwarder));
        }
    }

    /**
     * Puts the HTTP/1.1 handlers after {@code ctx}'s and tells them the connection is active (they
     * were not there when it became so); the caller then removes its own handler.
     */
    static void http1(ChannelHandlerContext ctx, HttpForwarder forwarder) {
        Channel client = ctx.channel();
        ClientConnection connection = new ClientConnection(forwarder, client);
        // A client's FIN ends its requests, not the answers to them (ClientConnection).
        var unused = client.config().setOption(ChannelOption.ALLOW_HALF_CLOSURE, true);
        ctx.pipeline()
                .addAfter(ctx.name(), "http1-arrival", new HeadArrival(connection))
                .addAfter(
                        "http1-arrival",
                        "http1-decoder",
                        new StrictRequestDecoder(limits(forwarder)))
                .addAfter("http1-decoder", "http1-encoder", new HttpResponseEncoder())
                .addAfter("http1-encoder", "http1-connection", connection);
        ctx.fireChannelActive();
    }

    /** Puts the HTTP/2 connection handlers after {@code ctx}'s; the caller removes its own. */
    static void http2(ChannelHandlerContext ctx, HttpForwarder forwarder) {
        HttpLimits limits = limits(forwarder);
        Http2FrameCodec codec =
                Http2FrameCodecBuilder.forServer()
                        .validateHeaders(true)
                        .initialSettings(
                                Http2Settings.defaultSettings()
                                        .maxConcurrentStreams(MAX_CONCURRENT_STREAMS)
                                        .maxHeaderListSize(limits.maxHeaderSize()))
                        .build();
        ctx.pipeline()
                .addAfter(ctx.name(), "h2-codec", codec)
                .addAfter("h2-codec", "h2-idle", new Http2IdleTimeout(limits.keepaliveTimeout()))
                .addAfter(
                        "h2-idle",
                        "h2-streams",
                        new Http2MultiplexHandler(new Http2StreamInitializer(forwarder)));
    }

    private static HttpLimits limits(HttpForwarder forwarder) {
        return forwarder.config().limits();
    }

    /**
     * Counts the bytes a client sends, as they arrive from the socket; first of all, it hands on
     * what arrived with the connection ({@link FirstRead}).
     */
    private static final class InboundBytes extends ChannelInboundHandlerAdapter {
        private final TrafficCounters traffic;

        InboundBytes(TrafficCounters traffic) {
            this.traffic = traffic;
        }

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            ctx.fireChannelActive();
            ByteBuf first = FirstRead.take(ctx.channel());
            if (first != null) {
                channelRead(ctx, first);
                ctx.fireChannelReadComplete();
            }
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (msg instanceof ByteBuf buf) {
                traffic.inbound(buf.readableBytes());
            }
            ctx.fireChannelRead(msg);
        }
    }

    /** Starts an HTTP/1.1 connection's header timer when a request's first byte arrives. */
    private static final class HeadArrival extends ChannelInboundHandlerAdapter {
        private final ClientConnection connection;

        HeadArrival(ClientConnection connection) {
            this.connection = connection;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            connection.bytesArrived();
            ctx.fireChannelRead(msg);
        }
    }
}
