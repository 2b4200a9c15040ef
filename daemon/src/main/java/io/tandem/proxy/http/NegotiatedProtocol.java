package io.tandem.proxy.http;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * After the TLS handshake, puts the handlers of the protocol ALPN chose in its place: {@code h2}
 * gets HTTP/2, anything else (including a client without ALPN) HTTP/1.1. A failed handshake closes
 * the connection. Event loop.
 */
final class NegotiatedProtocol extends ChannelInboundHandlerAdapter {
    private static final Logger log = LoggerFactory.getLogger(NegotiatedProtocol.class);

    private final HttpForwarder forwarder;

    NegotiatedProtocol(HttpForwarder forwarder) {
        this.forwarder = forwarder;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        // Not passed on: the handlers that need it come after the handshake.
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (!(evt instanceof SslHandshakeCompletionEvent done)) {
            super.userEventTriggered(ctx, evt);
            return;
        }
        if (!done.isSuccess()) {
            log.debug("{}: TLS handshake failed: {}", ctx.channel(), done.cause().toString());
            var unused = ctx.close();
            return;
        }
        SslHandler tls = ctx.pipeline().get(SslHandler.class);
        String protocol = tls == null ? null : tls.applicationProtocol();
        if (ApplicationProtocolNames.HTTP_2.equals(protocol)) {
            ClientPipeline.http2(ctx, forwarder);
        } else {
            ClientPipeline.http1(ctx, forwarder);
        }
        ctx.pipeline().remove(this);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        log.debug("{}: {}", ctx.channel(), cause.toString());
        var unused = ctx.close();
    }
}
