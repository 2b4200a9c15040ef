package io.tandem.proxy.tcp;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.channel.socket.DuplexChannel;
import io.netty.channel.unix.Socket;
import io.netty.channel.unix.UnixChannel;
import io.netty.util.ReferenceCountUtil;
import io.tandem.pool.RealServer;
import io.tandem.proxy.FirstRead;
import io.tandem.proxy.ProxiedConnection;
import io.tandem.schedule.Flow;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client connection and its connection to a real server. Confined to the client's event loop
 * (the real server's channel is registered on the same loop), so it needs no locks.
 *
 * <p>Back-pressure: nothing is read until the real server has accepted (but for what Netty reads
 * when the client half-closes meanwhile, which is held); then what the client has sent so far is
 * read at once ({@link FirstRead}) and both channels read on their own (auto-read) until the other
 * side's outbound buffer passes its high-water mark, and resume when it drains below the low mark
 * ({@code channelWritabilityChanged}). Writes are flushed once per read burst. A FIN is passed on
 * as a half-close after the data before it, and both channels close when both directions are done.
 * Counting follows ipvsadm: inactive while connecting, active once established, inactive again at
 * the first half-close.
 */
final class TcpConnection {
    private static final Logger log = LoggerFactory.getLogger(TcpConnection.class);

    private enum ServerState {
        NONE,
        CONNECTING,
        ESTABLISHED,
        CLOSING
    }

    private final TcpForwarder forwarder;
    private final Channel client;
    private final Flow flow;
    private @Nullable Channel backend;
    // server and state are read by view() from other threads for listings: a stale read shows
    // the connection one event behind, which a listing tolerates (no lock on the hot path).
    private volatile @Nullable RealServer server;
    private volatile ServerState state = ServerState.NONE;
    private boolean retried;
    // What the client sent while the real server was connecting: Netty reads a channel whose peer
    // has half-closed (EPOLLRDHUP) even with auto-read off, so a request sent with its FIN arrives
    // here before there is anywhere to send it. Written, in order, once the server accepts.
    private @Nullable CompositeByteBuf early;
    private volatile boolean clientInputDone;
    private boolean serverInputDone;
    private boolean closing;
    private boolean finished;

    TcpConnection(TcpForwarder forwarder, Channel client) {
        this.forwarder = forwarder;
        this.client = client;
        this.flow =
                Flow.of(
                        (InetSocketAddress) client.remoteAddress(),
                        (InetSocketAddress) client.localAddress());
    }

    /** Any thread: the connection as ipvsadm -L -c shows it (IPVS's default state timeouts). */
    ProxiedConnection view() {
        RealServer target = server;
        ServerState now = state;
        String ipvsState;
        long seconds;
        switch (now) {
            case ESTABLISHED -> {
                ipvsState = "ESTABLISHED";
                seconds = 900;
            }
            case CLOSING -> {
                ipvsState = clientInputDone ? "FIN_WAIT" : "CLOSE_WAIT";
                seconds = clientInputDone ? 120 : 60;
            }
            default -> {
                ipvsState = "SYN_RECV";
                seconds = 60;
            }
        }
        return new ProxiedConnection(
                false,
                ipvsState,
                Duration.ofSeconds(seconds),
                flow.client(),
                flow.destination(),
                target == null ? null : target.address().toSocketAddress());
    }

    void active(Channel channel) {
        if (channel != client) {
            return; // the real server's side; handled by the connect listener
        }
        RealServer chosen = forwarder.balancer().pick(flow);
        if (chosen == null) {
            log.debug("{}: no real server available, closing", flow.client());
            closeBoth();
            return;
        }
        forwarder.virtualTraffic().connectionOpened();
        connect(chosen);
    }

    private void connect(RealServer target) {
        server = target;
        state = ServerState.CONNECTING;
        target.connectionStarted();
        InetSocketAddress address = target.address().toSocketAddress();
        ChannelFuture connected =
                forwarder
                        .backendBootstrap(address)
                        .clone(client.eventLoop())
                        .handler(new RelayHandler(this))
                        .connect(address);
        backend = connected.channel();
        connected.addListener((ChannelFutureListener) f -> connected(target, f));
    }

    private void connected(RealServer target, ChannelFuture attempt) {
        if (closing || target != server) {
            return; // the client left meanwhile; finish() has counted the attempt
        }
        if (attempt.isSuccess()) {
            target.connectionEstablished();
            state = ServerState.ESTABLISHED;
            boolean clientFinished = sendWhatArrivedWhileConnecting();
            // Auto-read from here on: re-arming EPOLLIN for every read cost two epoll_ctl calls per
            // chunk, the largest share of a short connection's system calls.
            if (!clientFinished) {
                client.config().setAutoRead(attempt.channel().isWritable());
            }
            attempt.channel().config().setAutoRead(true);
            return;
        }
        log.debug(
                "{}: connect to {} failed: {}", flow.client(), target, attempt.cause().toString());
        target.connectionDropped();
        target.connectFailed(); // passive health signal: the monitor probes it early
        forwarder.balancer().release(flow, target);
        server = null;
        backend = null;
        state = ServerState.NONE;
        RealServer next = retried ? null : forwarder.balancer().retry(flow, target);
        retried = true;
        if (next == null) {
            closeBoth();
        } else {
            connect(next);
        }
    }

    /**
     * Writes what the client sent before the server accepted: what Netty read meanwhile, then what
     * is in the socket now (not after one more turn of the event loop, as epoll would report it
     * only once reading is on), then its FIN if one came. Returns whether the client has finished.
     */
    private boolean sendWhatArrivedWhileConnecting() {
        CompositeByteBuf held = early;
        early = null;
        if (held != null) {
            relay(client, held);
        }
        ByteBuf first = clientInputDone ? null : FirstRead.take(client);
        if (first != null) {
            relay(client, first);
        }
        readComplete(client);
        if (clientInputDone) {
            passOnFin(client);
        }
        return clientInputDone;
    }

    void relay(Channel from, Object msg) {
        Channel to = peerOf(from);
        RealServer target = server;
        if (to == null || target == null || !(msg instanceof ByteBuf buf)) {
            ReferenceCountUtil.release(msg);
            return;
        }
        if (state == ServerState.CONNECTING) {
            hold(buf); // from the client: the only side there is yet
            return;
        }
        int bytes = buf.readableBytes();
        if (from == client) {
            target.traffic().inbound(bytes);
            forwarder.virtualTraffic().inbound(bytes);
        } else {
            target.traffic().outbound(bytes);
            forwarder.virtualTraffic().outbound(bytes);
        }
        // A failed write reaches exceptionCaught on the other channel, which closes both.
        var unused = to.write(buf, to.voidPromise());
        if (!to.isWritable()) {
            from.config().setAutoRead(false); // resumed by writabilityChanged(to)
        }
    }

    private void hold(ByteBuf buf) {
        CompositeByteBuf held = early;
        if (held == null) {
            held = client.alloc().compositeBuffer();
            early = held;
        }
        held.addComponent(true, buf);
    }

    /** {@code from} read everything it had for now: send it on in one flush. */
    void readComplete(Channel from) {
        Channel to = peerOf(from);
        if (to != null && state != ServerState.CONNECTING) {
            to.flush();
        }
    }

    /** {@code channel}'s outbound buffer crossed a water mark: pause or resume its peer's reads. */
    void writabilityChanged(Channel channel) {
        Channel reader = peerOf(channel);
        boolean readerDone = channel == client ? serverInputDone : clientInputDone;
        boolean relaying = state == ServerState.ESTABLISHED || state == ServerState.CLOSING;
        if (reader != null && relaying && !readerDone) {
            reader.config().setAutoRead(channel.isWritable());
        }
    }

    /** {@code from} sent a FIN: pass it on once everything before it was written. */
    void inputShutdown(Channel from) {
        if (from == client) {
            clientInputDone = true;
            if (state == ServerState.CONNECTING) {
                return; // connected() passes it on after the held data
            }
        } else {
            serverInputDone = true;
        }
        passOnFin(from);
    }

    /** Sends {@code from}'s FIN (already recorded) to the other side, or closes both if done. */
    private void passOnFin(Channel from) {
        Channel to = peerOf(from);
        if (!(to instanceof DuplexChannel duplex)) {
            closeBoth();
            return;
        }
        RealServer target = server;
        if (state == ServerState.ESTABLISHED && target != null) {
            target.connectionClosing();
            state = ServerState.CLOSING;
        }
        if (clientInputDone && serverInputDone) {
            // The other way is finished too: close() sends the FIN after any queued data (both
            // receive queues are empty, having read EOF), one syscall less than shutdown + close.
            closeBoth();
            return;
        }
        if (hasPendingWrites(to)) {
            // Writes complete in order: when this empty one is done, every earlier chunk is out.
            to.writeAndFlush(Unpooled.EMPTY_BUFFER)
                    .addListener(
                            (ChannelFutureListener)
                                    f -> {
                                        if (f.isSuccess()) {
                                            shutdownOutput(duplex);
                                        } else {
                                            closeBoth();
                                        }
                                    });
        } else {
            shutdownOutput(duplex);
        }
    }

    /** Either side went away or failed: flush what is queued to the other, then close both. */
    void closeBoth() {
        if (closing) {
            return;
        }
        closing = true;
        close(client);
        Channel b = backend;
        if (b != null) {
            close(b);
        }
    }

    /** Any thread: drops the connection now (drain grace over, or the forwarder closed). */
    void forceClose() {
        var unused = client.close();
        Channel b = backend;
        if (b != null) {
            unused = b.close();
        }
    }

    /** Event loop, when the client's channel has closed: counts the end and frees the server. */
    void finish() {
        if (finished) {
            return;
        }
        finished = true;
        closeBoth();
        CompositeByteBuf held = early;
        early = null;
        if (held != null) {
            held.release();
        }
        RealServer target = server;
        if (target != null) {
            switch (state) {
                case ESTABLISHED -> target.connectionEnded(true);
                case CLOSING -> target.connectionEnded(false);
                case CONNECTING, NONE -> target.connectionDropped();
            }
            forwarder.balancer().release(flow, target);
        }
        server = null;
        state = ServerState.NONE;
        forwarder.finished(this);
    }

    private @Nullable Channel peerOf(Channel channel) {
        return channel == client ? backend : client;
    }

    private void shutdownOutput(DuplexChannel channel) {
        // This channel's FIN is now the last event of the connection: let Netty close it at once
        // instead of half-closing its input first. That shutdown(SHUT_RD) fails with ENOTCONN once
        // both FINs are through (TIME_WAIT), and Netty builds an exception for it every time.
        var unused = channel.config().setOption(ChannelOption.ALLOW_HALF_CLOSURE, false);
        if (channel instanceof UnixChannel unix
                && unix.fd() instanceof Socket socket
                && !hasPendingWrites(channel)) {
            // The same shutdown(SHUT_WR) Netty would make, minus the ChannelOutputShutdownException
            // (stack trace included) that shutdownOutput() builds every time to fail writes queued
            // behind the FIN. Nothing is queued, and nothing will be: the side that feeds this
            // channel has sent its FIN.
            try {
                socket.shutdown(false, true);
            } catch (IOException e) {
                closeBoth();
            }
            return;
        }
        channel.shutdownOutput()
                .addListener(
                        (ChannelFutureListener)
                                f -> {
                                    if (!f.isSuccess()) {
                                        closeBoth();
                                    }
                                });
    }

    // Data written but not yet on the wire: shutdownOutput() would discard it, and flushing a
    // channel whose output is already shut down fails with a fresh exception (seen in profiles).
    private static boolean hasPendingWrites(Channel channel) {
        ChannelOutboundBuffer pending = channel.unsafe().outboundBuffer();
        return pending != null && !pending.isEmpty();
    }

    private static void close(Channel channel) {
        if (channel.isActive() && hasPendingWrites(channel)) {
            channel.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
        } else {
            var unused = channel.close();
        }
    }
}
