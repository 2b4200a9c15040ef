package io.tandem.proxy.http;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import io.tandem.config.HttpLimits;
import io.tandem.pool.RealServer;
import io.tandem.schedule.Balancer;
import io.tandem.schedule.Flow;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client connection: its requests one at a time, each relayed to a real server over a pooled
 * backend connection on this event loop. Confined to that loop; no locks.
 *
 * <p>Streaming and back-pressure: bodies pass through as Netty's 16 KiB content pieces; when the
 * side written to is not writable, the side read from stops reading until it drains. Pipelined
 * requests wait (reading paused) until the response before them is done. An idempotent request
 * without a body whose backend fails before any response byte is sent once more to another server.
 *
 * <p>Longer than most files on purpose: it is one state machine (request, backend, response,
 * timeouts), and its transitions read best side by side. What is not a transition lives elsewhere:
 * per-request state in {@link Exchange}, the WebSocket relay in {@link Tunnel}, routing keys in
 * {@link RequestTarget}, the proxy's own answers in {@link ProxyResponses}.
 */
final class ClientConnection extends ChannelInboundHandlerAdapter {
    private static final Logger log = LoggerFactory.getLogger(ClientConnection.class);

    private final HttpForwarder forwarder;
    private final Channel client;
    private final HttpLimits limits;
    private final ArrayDeque<HttpObject> pipelined = new ArrayDeque<>();
    private @Nullable Exchange current;
    private boolean discarding; // after a rejected request: drop the rest, the channel is closing
    // One timer for the three timeouts, which never overlap: idle (waiting for a request), head
    // (a request started arriving) and response (the request is out, no answer yet).
    private final DeadlineTimer timer;
    private final Runnable idleTimedOut = this::idleTimedOut;
    private final Runnable headTimedOut = this::headTimedOut;
    private final Runnable responseTimedOut = this::responseTimedOut;
    private boolean headStarted;
    private boolean clientFinished; // the client sent its FIN: answer what it asked, then close

    ClientConnection(HttpForwarder forwarder, Channel client) {
        this.forwarder = forwarder;
        this.client = client;
        this.limits = forwarder.config().limits();
        this.timer = new DeadlineTimer(client.eventLoop());
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        waitForRequest();
        ctx.fireChannelActive();
    }

    /** A raw byte arrived (before decoding): an idle connection now has a head to finish. */
    void bytesArrived() {
        if (current == null && !headStarted && !discarding) {
            headStarted = true;
            timer.arm(limits.clientHeaderTimeout().toNanos(), headTimedOut);
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof HttpObject http) || discarding) {
            ReferenceCountUtil.release(msg);
            return;
        }
        Exchange x = current;
        if (x != null && x.requestDone) {
            pipelined.add(http); // the next request waits for this response
            readClient(false);
            return;
        }
        handle(http);
    }

    private void handle(HttpObject http) {
        Exchange x = current;
        if (http instanceof HttpRequest request) {
            start(request);
        } else if (x != null && http instanceof HttpContent content) {
            requestContent(x, content);
        } else {
            ReferenceCountUtil.release(http);
        }
    }

    private void start(HttpRequest request) {
        timer.disarm();
        headStarted = false;
        HttpResponseStatus rejected = RequestChecks.reject(request, limits);
        if (rejected != null) {
            log.debug("{}: rejected request: {}", client.remoteAddress(), rejected);
            forwarder.rejected();
            reportUnanswered(request, rejected.code());
            fail(rejected);
            if (request instanceof HttpContent content) {
                content.release();
            }
            return;
        }
        String host = RequestTarget.host(request);
        String path = RequestTarget.path(request.uri());
        Router.Group group = forwarder.router().route(host, path);
        Balancer balancer = group.balancer(forwarder.balancer());
        Flow flow =
                new Flow(
                        (InetSocketAddress) client.remoteAddress(),
                        (InetSocketAddress) client.localAddress(),
                        RequestTarget.hashKey(group.config.hashKey(), request));
        boolean upgrade = ProxyHeaders.isWebSocketUpgrade(request);
        Exchange x = new Exchange(request, flow, balancer, HttpUtil.isKeepAlive(request), upgrade);
        current = x;
        ProxyHeaders.forServer(
                request,
                upgrade,
                flow.client().getAddress(),
                host,
                forwarder.scheme(),
                forwarder.config());
        x.unsent.add(request);
        if (request instanceof LastHttpContent) {
            x.requestDone = true;
        }
        RealServer server = balancer.pick(flow);
        if (server == null) {
            fail(HttpResponseStatus.SERVICE_UNAVAILABLE);
            return;
        }
        connect(x, server);
    }

    private void connect(Exchange x, RealServer server) {
        x.server = server;
        x.realServer = server.toString();
        server.connectionStarted();
        Channel idle = forwarder.pool().poll(client.eventLoop(), server);
        if (idle != null) {
            attached(x, idle);
            return;
        }
        readClient(false); // until the backend can take what we read
        forwarder
                .connect(client.eventLoop(), server)
                .addListener(
                        (ChannelFutureListener)
                                f -> {
                                    if (current != x || x.server != server) {
                                        if (f.isSuccess()) {
                                            forwarder.pool().offer(f.channel(), server);
                                        }
                                        return;
                                    }
                                    if (f.isSuccess()) {
                                        attached(x, f.channel());
                                    } else {
                                        log.debug("connect to {} failed", server);
                                        server.connectionDropped();
                                        server.connectFailed();
                                        retryOrFail(x, HttpResponseStatus.BAD_GATEWAY);
                                    }
                                });
    }

    private void attached(Exchange x, Channel backend) {
        RealServer server = x.server;
        if (server != null) {
            server.connectionEstablished();
        }
        x.backend = backend;
        backend.pipeline().get(BackendHandler.class).attach(this);
        for (HttpObject m : x.unsent) {
            if (m instanceof HttpContent c) {
                c.retain(); // kept for a retry until a response byte arrives
            }
            var unused = backend.write(m, backend.voidPromise());
        }
        backend.flush();
        if (x.requestDone) {
            armResponseTimer(x);
        }
        backend.config().setAutoRead(true);
        if (!x.requestDone) {
            readClient(backend.isWritable());
        }
    }

    private void requestContent(Exchange x, HttpContent content) {
        if (content.decoderResult().isFailure()) {
            content.release();
            forwarder.rejected();
            if (x.responseStarted) {
                abort();
            } else {
                fail(HttpResponseStatus.BAD_REQUEST); // e.g. a malformed chunk size
            }
            return;
        }
        if (content.content().isReadable()) {
            x.bodySeen = true;
            x.bytesIn += content.content().readableBytes();
        }
        boolean last = content instanceof LastHttpContent;
        Channel backend = x.backend;
        if (backend == null) {
            x.unsent.add(content);
        } else {
            if (!x.bodySeen) {
                // Kept with the head for a retry; the encoder needs the request's end too.
                x.unsent.add(content.retain());
            }
            var unused = backend.write(content, backend.voidPromise());
            if (!backend.isWritable()) {
                readClient(false);
            }
        }
        if (last) {
            x.requestDone = true;
            if (backend != null) {
                backend.flush();
                armResponseTimer(x);
            }
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        Exchange x = current;
        Channel backend = x == null ? null : x.backend;
        if (backend != null) {
            backend.flush();
        }
    }

    void backendRead(Channel backend, HttpObject msg) {
        Exchange x = current;
        if (x == null || x.backend != backend) {
            ReferenceCountUtil.release(msg);
            var unused = backend.close();
            return;
        }
        if (msg.decoderResult().isFailure()) {
            ReferenceCountUtil.release(msg);
            badResponse(x, backend, msg.decoderResult().cause().getMessage());
            return;
        }
        if (msg instanceof HttpResponse response) {
            if (!x.responseStarted) {
                x.responseStarted = true;
                x.releaseUnsent();
            }
            timer.disarm();
            int code = response.status().code();
            if (code == 101 && !x.upgrade) {
                badResponse(x, backend, "101 Switching Protocols to a request that asked for none");
                return;
            }
            x.informational = code < 200 && code != 101;
            if (code == 101) {
                x.status = code; // goes out as it came: its Upgrade and Connection are the point
            } else if (!x.informational) {
                x.status = code;
                x.prepareFinalHead(response);
                // Held to the end of this read, so that a malformed body right behind it (a bad
                // chunk size) can still be answered with a clean 502.
                x.heldHead = response;
                return;
            }
        } else if (x.status == 101 && msg instanceof LastHttpContent) {
            var unused = client.writeAndFlush(msg, client.voidPromise());
            switchToTunnel(x, backend);
            return;
        } else if (msg instanceof HttpContent content) {
            x.bytesOut += content.content().readableBytes();
        }
        writeHeldHead(x);
        boolean last = msg instanceof LastHttpContent;
        x.clientWritten = true;
        var unused = client.write(msg, client.voidPromise());
        if (!client.isWritable()) {
            backend.config().setAutoRead(false);
        }
        if (last && !x.informational) {
            client.flush();
            finish(x, backend);
        }
    }

    private void writeHeldHead(Exchange x) {
        HttpResponse head = x.heldHead;
        if (head != null) {
            x.heldHead = null;
            x.clientWritten = true;
            var unused = client.write(head, client.voidPromise());
        }
    }

    /**
     * The server's response could be read two ways or is not HTTP/1.x: the connection is closed
     * (never pooled) and the client gets a 502, or, when part of the response already went out, is
     * closed too.
     */
    private void badResponse(Exchange x, Channel backend, @Nullable String why) {
        log.debug("{}: bad response from {}: {}", client.remoteAddress(), x.server, why);
        BackendHandler handler = backend.pipeline().get(BackendHandler.class);
        if (handler != null) {
            handler.attach(null);
        }
        var unused = backend.close();
        x.backend = null;
        x.heldHead = null;
        x.releaseServer();
        if (x.clientWritten) {
            abort();
        } else {
            fail(HttpResponseStatus.BAD_GATEWAY);
        }
    }

    /**
     * The server agreed to the WebSocket upgrade and its 101 went out: from here both connections
     * carry raw bytes ({@link Tunnel}), and this handler leaves the client's pipeline.
     */
    private void switchToTunnel(Exchange x, Channel backend) {
        timer.cancel();
        current = null;
        discarding = true;
        if (!pipelined.isEmpty() || clientFinished) {
            abort(); // the client spoke, or hung up, before the server agreed: not a WebSocket
            return;
        }
        Tunnel.open(
                client,
                this,
                backend,
                backend.pipeline().get(BackendHandler.class),
                limits.backendResponseTimeout(),
                (toServer, toClient) -> {
                    x.bytesIn += toServer;
                    x.bytesOut += toClient;
                    x.releaseServer();
                    report(x);
                    forwarder.closed(client);
                });
    }

    void backendReadComplete() {
        Exchange x = current;
        if (x != null) {
            writeHeldHead(x);
        }
        client.flush();
    }

    void backendWritabilityChanged(Channel backend) {
        Exchange x = current;
        if (x != null && x.backend == backend && !x.requestDone) {
            readClient(backend.isWritable());
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        Exchange x = current;
        Channel backend = x == null ? null : x.backend;
        if (x != null && backend != null && x.responseStarted) {
            backend.config().setAutoRead(client.isWritable());
        }
        ctx.fireChannelWritabilityChanged();
    }

    /** The backend connection of the current exchange closed or failed. */
    void backendFailed(Channel backend, @Nullable Throwable cause) {
        Exchange x = current;
        if (x == null || x.backend != backend) {
            return;
        }
        log.debug("backend {} failed: {}", backend, cause == null ? "closed" : cause.toString());
        if (x.responseStarted) {
            badResponse(x, backend, "closed before the response ended");
            return;
        }
        x.backend = null;
        timer.disarm();
        RealServer server = x.server;
        if (server != null) {
            server.requestFinished();
        }
        retryOrFail(x, HttpResponseStatus.BAD_GATEWAY);
    }

    private void retryOrFail(Exchange x, HttpResponseStatus status) {
        RealServer failed = x.server;
        x.server = null;
        if (failed != null) {
            x.balancer.release(x.flow, failed);
        }
        RealServer next =
                failed != null && x.retryable && !x.retried && !x.bodySeen && x.requestDone
                        ? x.balancer.retry(x.flow, failed)
                        : null;
        x.retried = true;
        if (next == null) {
            fail(status);
        } else {
            connect(x, next);
        }
    }

    private void armResponseTimer(Exchange x) {
        if (!x.responseStarted) {
            timer.arm(limits.backendResponseTimeout().toNanos(), responseTimedOut);
        }
    }

    private void responseTimedOut() {
        Exchange x = current;
        if (x != null && !x.responseStarted) {
            Channel b = x.backend;
            x.backend = null;
            if (b != null) {
                var unused = b.close();
            }
            fail(HttpResponseStatus.GATEWAY_TIMEOUT);
        }
    }

    private void finish(Exchange x, Channel backend) {
        report(x);
        RealServer server = x.server;
        x.releaseServer();
        BackendHandler handler = backend.pipeline().get(BackendHandler.class);
        handler.attach(null);
        if (x.backendKeepAlive && x.requestDone && server != null) {
            backend.config().setAutoRead(true);
            forwarder.pool().offer(backend, server);
        } else {
            var unused = backend.close();
        }
        x.backend = null;
        current = null;
        if (x.closeClientAfter) {
            client.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
            discarding = true;
            return;
        }
        waitForRequest();
        readClient(true);
        while (current == null && !pipelined.isEmpty()) {
            handle(pipelined.poll());
        }
        Exchange next = current;
        while (next != null && !next.requestDone && !pipelined.isEmpty()) {
            handle(pipelined.poll());
        }
        closeIfClientFinished();
    }

    /**
     * The client half-closed (HTTP/1, where {@link ClientPipeline} allows it): as {@code printf ...
     * | nc -N} does after its request. A FIN ends the requests, not the answers: those already sent
     * are answered, then the connection closes, as HAProxy does by default.
     */
    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof ChannelInputShutdownEvent) {
            clientFinished = true;
            closeIfClientFinished();
        }
        ctx.fireUserEventTriggered(evt);
    }

    /**
     * Starts or stops reading the client. Never restarts after its FIN: there is nothing left to
     * read, and on the epoll transport asking for it fails (epoll_ctl ENOENT, seen in {@code
     * HttpForwarderIT}), which closes the channel before the pending answers are out.
     */
    private void readClient(boolean on) {
        if (!on || !clientFinished) {
            client.config().setAutoRead(on);
        }
    }

    private void closeIfClientFinished() {
        if (!clientFinished || discarding) {
            return;
        }
        Exchange x = current;
        if (x == null && pipelined.isEmpty()) {
            discarding = true;
            client.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
        } else if (x != null && !x.requestDone) {
            abort(); // the rest of its body can never arrive
        }
    }

    /** Answers {@code status} (if no response began) and closes the client connection. */
    private void fail(HttpResponseStatus status) {
        timer.disarm();
        Exchange x = current;
        if (x != null) {
            x.status = status.code();
            x.heldHead = null;
            report(x);
            x.abandon();
        }
        current = null;
        discarding = true;
        pipelined.forEach(ReferenceCountUtil::release);
        pipelined.clear();
        client.writeAndFlush(ProxyResponses.closing(status))
                .addListener(ChannelFutureListener.CLOSE);
    }

    /** A response cut short cannot be repaired: the client connection closes. */
    private void abort() {
        discarding = true;
        var unused = client.close(); // channelInactive reports and releases the exchange
    }

    private void waitForRequest() {
        headStarted = false;
        timer.arm(limits.keepaliveTimeout().toNanos(), idleTimedOut);
    }

    private void idleTimedOut() {
        if (current == null && !headStarted) {
            var unused = client.close();
        }
    }

    private void headTimedOut() {
        if (current == null && headStarted && !discarding) {
            fail(HttpResponseStatus.REQUEST_TIMEOUT);
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        timer.cancel();
        Exchange x = current;
        if (x != null) {
            report(x);
            x.abandon();
            current = null;
        }
        pipelined.forEach(ReferenceCountUtil::release);
        pipelined.clear();
        forwarder.closed(client);
        ctx.fireChannelInactive();
    }

    private void report(Exchange x) {
        if (!x.reported) {
            x.reported = true;
            forwarder.events().requestFinished(x.record(forwarder.name()));
        }
    }

    /** A request refused before it had an exchange (a parse error, a limit). */
    private void reportUnanswered(HttpRequest request, int status) {
        forwarder
                .events()
                .requestFinished(
                        Exchange.unanswered(
                                forwarder.name(),
                                (InetSocketAddress) client.remoteAddress(),
                                request,
                                status));
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        log.debug("{}: {}", client, cause.toString());
        var unused = client.close();
    }
}
