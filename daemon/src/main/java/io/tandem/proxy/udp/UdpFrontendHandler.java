package io.tandem.proxy.udp;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.DatagramPacket;
import io.tandem.pool.RealServer;
import io.tandem.schedule.Flow;
import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The listener's handler: finds or starts the client's session and hands it the datagram. One
 * instance per listener, used only on its event loop, so the session table is a plain map.
 */
final class UdpFrontendHandler extends SimpleChannelInboundHandler<DatagramPacket> {
    private static final Logger log = LoggerFactory.getLogger(UdpFrontendHandler.class);

    private final UdpForwarder forwarder;
    private final Map<InetSocketAddress, UdpSession> sessions = new HashMap<>();

    UdpFrontendHandler(UdpForwarder forwarder) {
        this.forwarder = forwarder;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket packet) {
        InetSocketAddress client = packet.sender();
        UdpSession session = sessions.get(client);
        if (session == null) {
            if (forwarder.draining()) {
                return;
            }
            InetSocketAddress virtual = (InetSocketAddress) ctx.channel().localAddress();
            Flow flow = Flow.of(client, virtual);
            RealServer server = forwarder.balancer().pick(flow);
            if (server == null) {
                log.debug("{}: no real server available, dropping datagram", client);
                return;
            }
            session = new UdpSession(forwarder, ctx.channel(), flow, server);
            sessions.put(client, session);
            UdpSession opened = session;
            session.open(() -> sessions.remove(client, opened));
        }
        session.forward(packet.content().retain());
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // A listener outlives any one client's trouble (e.g. an ICMP error): log and go on.
        log.debug("{}: {}", ctx.channel(), cause.toString());
    }
}
