package io.tandem.proxy.http;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.channel.socket.DuplexChannel;
import io.netty.handler.codec.http.HttpObjectDecoder;
import io.netty.handler.codec.http.HttpObjectEncoder;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * A client and a server connection after a WebSocket upgrade: raw bytes relayed both ways, with
 * back-pressure (a side stops reading while the other cannot take more), half-close passed on (a
 * FIN from one side becomes a FIN to the other), and both closed when either closes, fails, or both
 * stay silent for the idle timeout. Both channels share one event loop; no locks.
 */
final class Tunnel {
    /** Told once, when the tunnel closed, how many bytes went each way. */
    @FunctionalInterface
    interface Closed {
        void closed(long toServer, long toClient);
    }

    private final Channel client;
    private final Channel server;
    private final long idleNanos;
    private final Closed closed;
    private long toServer;
    private long toClient;
    private long lastActivity = System.nanoTime();
    private int inputsShut;
    private boolean done;
    private @Nullable ScheduledFuture<?> idleTimer;

    private Tunnel(Channel client, Channel server, Duration idle, Closed closed) {
        this.client = client;
        this.server = server;
        this.idleNanos = idle.toNanos();
        this.closed = closed;
    }

    /**
     * Replaces {@code clientHandler} and {@code serverHandler} (the HTTP handlers at the end of
     * each pipeline) with relays and removes the HTTP codecs; bytes a codec still held are passed
     * on. Event loop of both channels.
     */
    static void open(
            Channel client,
            ChannelHandler clientHandler,
            Channel server,
            ChannelHandler serverHandler,
            Duration idle,
            Closed closed) {
        Tunnel t = new Tunnel(client, server, idle, closed);
        client.config().setOption(ChannelOption.ALLOW_HALF_CLOSURE, true);
        server.config().setOption(ChannelOption.ALLOW_HALF_CLOSURE, true);
        client.pipeline().replace(clientHandler, "tunnel", t.new Relay(server, true));
        server.pipeline().replace(serverHandler, "tunnel", t.new Relay(client, false));
        removeHttpCodecs(client.pipeline());
        removeHttpCodecs(server.pipeline());
        t.armIdleTimer(t.idleNanos);
        client.config().setAutoRead(server.isWritable());
        server.config().setAutoRead(client.isWritable());
        if (!client.isActive() || !server.isActive()) {
            t.close();
        }
    }

    private static void removeHttpCodecs(ChannelPipeline pipeline) {
        List<ChannelHandler> codecs = new ArrayList<>();
        for (Map.Entry<String, ChannelHandler> e : pipeline) {
            ChannelHandler h = e.getValue();
            if (h instanceof HttpObjectDecoder
                    || h instanceof HttpObjectEncoder
                    || h instanceof BackendCodec) {
                codecs.add(h);
            }
        }
        codecs.forEach(pipeline::remove);
    }

    private void armIdleTimer(long nanos) {
        idleTimer =
                client.eventLoop()
                        .schedule(
                                () -> {
                                    long quiet = System.nanoTime() - lastActivity;
                                    if (quiet >= idleNanos) {
                                        close();
                                    } else if (!done) {
                                        armIdleTimer(idleNanos - quiet);
                                    }
                                },
                                nanos,
                                TimeUnit.NANOSECONDS);
    }

    private void close() {
        if (done) {
            return;
        }
        done = true;
        ScheduledFuture<?> timer = idleTimer;
        if (timer != null) {
            timer.cancel(false);
        }
        for (Channel c : List.of(client, server)) {
            c.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
        }
        closed.closed(toServer, toClient);
    }

    /** One side's end of the tunnel: what it reads goes to {@code peer}. */
    private final class Relay extends ChannelInboundHandlerAdapter {
        private final Channel peer;
        private final boolean fromClient;

        Relay(Channel peer, boolean fromClient) {
            this.peer = peer;
            this.fromClient = fromClient;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (!(msg instanceof ByteBuf buf) || done) {
                ReferenceCountUtil.release(msg);
                return;
            }
            lastActivity = System.nanoTime();
            if (fromClient) {
                toServer += buf.readableBytes();
            } else {
                toClient += buf.readableBytes();
            }
            var unused = peer.write(buf, peer.voidPromise());
            if (!peer.isWritable()) {
                ctx.channel().config().setAutoRead(false);
            }
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            peer.flush();
        }

        @Override
        public void channelWritabilityChanged(ChannelHandlerContext ctx) {
            // This side drained (or filled): the peer may read (or must wait).
            peer.config().setAutoRead(ctx.channel().isWritable());
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
            if (event instanceof ChannelInputShutdownEvent) {
                inputsShut++;
                if (inputsShut == 2 || !(peer instanceof DuplexChannel duplex)) {
                    close();
                } else {
                    peer.flush();
                    var unused = duplex.shutdownOutput();
                }
                return;
            }
            ctx.fireUserEventTriggered(event);
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            close();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            close();
        }
    }
}
