package io.tandem.proxy.udp;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.DatagramPacket;
import io.netty.handler.timeout.IdleStateEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The real server's side of a {@link UdpSession}: relays replies, ends the session when idle. */
final class UdpBackendHandler extends SimpleChannelInboundHandler<DatagramPacket> {
    private static final Logger log = LoggerFactory.getLogger(UdpBackendHandler.class);

    private final UdpSession session;

    UdpBackendHandler(UdpSession session) {
        this.session = session;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket packet) {
        session.reply(packet);
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof IdleStateEvent) {
            var unused = ctx.close();
        } else {
            ctx.fireUserEventTriggered(evt);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // ICMP port unreachable shows up here as a refused connection: the real server is gone,
        // so end the session and let the client's next datagram pick again.
        log.debug("{}: {}", ctx.channel(), cause.toString());
        var unused = ctx.close();
    }
}
