package io.tandem.proxy.udp;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.socket.DatagramPacket;
import io.netty.handler.timeout.IdleStateHandler;
import io.tandem.pool.RealServer;
import io.tandem.proxy.ProxiedConnection;
import io.tandem.schedule.Flow;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * One client's UDP session: a datagram channel connected to its real server, on the listener's
 * event loop. It ends after the idle timeout with no datagram either way (like an IPVS UDP entry)
 * and is counted as an inactive connection all its life, as ipvsadm shows UDP entries.
 */
final class UdpSession {
    private final UdpForwarder forwarder;
    private final Channel listener;
    private final Flow flow;
    private final RealServer server;
    private ChannelFuture connected;
    // Written per datagram on the event loop, read racily by listings: a plain field costs the
    // hot path nothing, and a listing a datagram old is fine.
    private long lastSeenNanos = System.nanoTime();

    UdpSession(UdpForwarder forwarder, Channel listener, Flow flow, RealServer server) {
        this.forwarder = forwarder;
        this.listener = listener;
        this.flow = flow;
        this.server = server;
        this.connected = listener.newFailedFuture(new IllegalStateException("not opened"));
    }

    /** Event loop: connects to the real server; {@code onEnd} runs when the session ends. */
    void open(Runnable onEnd) {
        server.connectionStarted();
        forwarder.virtualTraffic().connectionOpened();
        forwarder.opened(this);
        long idleNanos = forwarder.settings().udpIdleTimeout().toNanos();
        connected =
                new Bootstrap()
                        .group(listener.eventLoop())
                        .channel(forwarder.transport().datagramChannel())
                        .handler(
                                new ChannelInitializer<Channel>() {
                                    @Override
                                    protected void initChannel(Channel ch) {
                                        ch.pipeline()
                                                .addLast(
                                                        new IdleStateHandler(
                                                                0,
                                                                0,
                                                                idleNanos,
                                                                TimeUnit.NANOSECONDS),
                                                        new UdpBackendHandler(UdpSession.this));
                                    }
                                })
                        .connect(server.address().toSocketAddress());
        connected
                .channel()
                .closeFuture()
                .addListener(
                        f -> {
                            onEnd.run();
                            server.connectionDropped();
                            forwarder.balancer().release(flow, server);
                            forwarder.ended(this);
                        });
    }

    /** Client to real server; takes ownership of {@code payload}. */
    void forward(ByteBuf payload) {
        lastSeenNanos = System.nanoTime();
        int bytes = payload.readableBytes();
        server.traffic().inbound(bytes);
        forwarder.virtualTraffic().inbound(bytes);
        if (connected.isDone()) {
            write(payload);
        } else {
            connected.addListener((ChannelFutureListener) f -> write(payload));
        }
    }

    /** Real server to client, sent from the virtual address the client wrote to. */
    void reply(DatagramPacket packet) {
        lastSeenNanos = System.nanoTime();
        ByteBuf payload = packet.content();
        server.traffic().outbound(payload.readableBytes());
        forwarder.virtualTraffic().outbound(payload.readableBytes());
        // UDP has no back-pressure: drop rather than queue when the socket buffer is full.
        if (listener.isWritable()) {
            listener.writeAndFlush(new DatagramPacket(payload.retain(), flow.client()))
                    .addListener(ChannelFutureListener.FIRE_EXCEPTION_ON_FAILURE);
        }
    }

    /** Any thread: the session as ipvsadm -L -c shows it; expiry is the idle time left. */
    ProxiedConnection view() {
        Duration idle = Duration.ofNanos(System.nanoTime() - lastSeenNanos);
        Duration left = forwarder.settings().udpIdleTimeout().minus(idle);
        return new ProxiedConnection(
                true,
                "UDP",
                left.isNegative() ? Duration.ZERO : left,
                flow.client(),
                flow.destination(),
                server.address().toSocketAddress());
    }

    /** Any thread: ends the session now. */
    void close() {
        var unused = connected.channel().close();
    }

    private void write(ByteBuf payload) {
        Channel backend = connected.channel();
        if (connected.isSuccess() && backend.isActive() && backend.isWritable()) {
            backend.writeAndFlush(payload)
                    .addListener(ChannelFutureListener.FIRE_EXCEPTION_ON_FAILURE);
        } else {
            payload.release();
        }
    }
}
