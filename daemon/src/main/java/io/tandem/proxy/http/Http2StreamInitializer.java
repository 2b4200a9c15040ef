package io.tandem.proxy.http;

import io.netty.channel.ChannelInitializer;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.handler.codec.http2.Http2StreamFrameToHttpObjectCodec;

/**
 * The pipeline of one HTTP/2 stream: a stream is handled as a connection that carries a single
 * request, by its own {@link ClientConnection}, so routing, scheduling, retry, limits, timeouts and
 * forwarding headers are the HTTP/1.1 path's. Before it: the RFC 9113 checks ({@link
 * Http2RequestValidator}), the frame/HTTP-object conversion (Netty's codec), and the few fixes the
 * conversion needs ({@link Http2StreamAdapter}). Flow control comes with the stream channel: a
 * stream that stops reading stops returning window to its client, and a stream without window is
 * not writable, which {@link ClientConnection} already obeys.
 */
final class Http2StreamInitializer extends ChannelInitializer<Http2StreamChannel> {
    private final HttpForwarder forwarder;

    Http2StreamInitializer(HttpForwarder forwarder) {
        this.forwarder = forwarder;
    }

    @Override
    protected void initChannel(Http2StreamChannel stream) {
        stream.pipeline()
                .addLast(
                        new Http2RequestValidator(forwarder),
                        new Http2StreamFrameToHttpObjectCodec(true),
                        new Http2StreamAdapter(),
                        new ClientConnection(forwarder, stream));
    }
}
