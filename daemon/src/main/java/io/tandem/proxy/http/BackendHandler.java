package io.tandem.proxy.http;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpObject;
import io.netty.util.ReferenceCountUtil;
import org.jspecify.annotations.Nullable;

/**
 * The last handler of a backend connection: hands responses to the client connection that uses it
 * now, or, while the connection sits idle in the pool, closes it on any input (an idle server has
 * nothing to say; a 408 or a close means the connection is no good).
 */
final class BackendHandler extends ChannelInboundHandlerAdapter {
    private @Nullable ClientConnection owner;

    void attach(@Nullable ClientConnection connection) {
        this.owner = connection;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ClientConnection o = owner;
        if (o == null || !(msg instanceof HttpObject http)) {
            ReferenceCountUtil.release(msg);
            var unused = ctx.close();
            return;
        }
        o.backendRead(ctx.channel(), http);
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        ClientConnection o = owner;
        if (o != null) {
            o.backendReadComplete();
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        ClientConnection o = owner;
        if (o != null) {
            o.backendWritabilityChanged(ctx.channel());
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        ClientConnection o = owner;
        owner = null;
        if (o != null) {
            o.backendFailed(ctx.channel(), null);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ClientConnection o = owner;
        owner = null;
        if (o != null) {
            o.backendFailed(ctx.channel(), cause);
        }
        var unused = ctx.close();
    }
}
