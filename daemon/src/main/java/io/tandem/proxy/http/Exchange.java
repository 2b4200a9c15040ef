package io.tandem.proxy.http;

import io.netty.channel.Channel;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.ReferenceCountUtil;
import io.tandem.pool.RealServer;
import io.tandem.schedule.Balancer;
import io.tandem.schedule.Flow;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One request of a {@link ClientConnection} and its response: where it went, how far it got, and
 * whether it may be retried. Touched only on the client's event loop.
 */
final class Exchange {
    final HttpRequest request;
    final Flow flow;
    final Balancer balancer;
    final boolean clientKeepAlive;
    final boolean retryable;
    final Instant started = Instant.now();
    final long startNanos = System.nanoTime();
    final String protocol;

    /** A WebSocket upgrade the client asked for, passed on to the server. */
    final boolean upgrade;

    final List<HttpObject> unsent = new ArrayList<>();
    @Nullable RealServer server;
    @Nullable Channel backend;
    boolean retried;
    boolean requestDone;
    boolean bodySeen;
    boolean responseStarted;
    boolean informational;
    boolean backendKeepAlive;
    boolean closeClientAfter;

    /**
     * Whether anything of the response reached the client's channel (it can no longer be a 502).
     */
    boolean clientWritten;

    /** The response head, held until the end of the read that brought it (see backendRead). */
    @Nullable HttpResponse heldHead;

    /** The real server the request was last sent to, for the record. */
    @Nullable String realServer;

    int status;
    boolean reported;
    long bytesIn;
    long bytesOut;

    Exchange(
            HttpRequest request, Flow flow, Balancer balancer, boolean keepAlive, boolean upgrade) {
        this.request = request;
        this.protocol = request.protocolVersion().text();
        this.upgrade = upgrade;
        this.flow = flow;
        this.balancer = balancer;
        this.clientKeepAlive = keepAlive;
        HttpMethod m = request.method();
        this.retryable =
                m.equals(HttpMethod.GET)
                        || m.equals(HttpMethod.HEAD)
                        || m.equals(HttpMethod.OPTIONS)
                        || m.equals(HttpMethod.PUT)
                        || m.equals(HttpMethod.DELETE)
                        || m.equals(HttpMethod.TRACE);
    }

    /** What this exchange comes to, for the events; its duration ends now. */
    RequestRecord record(String virtualServer) {
        return new RequestRecord(
                virtualServer,
                realServer,
                flow.client(),
                started,
                request.method().name(),
                request.uri(),
                protocol,
                status,
                bytesIn,
                bytesOut,
                Duration.ofNanos(System.nanoTime() - startNanos));
    }

    /** The record of a request refused before it had an exchange (a parse error, a limit). */
    static RequestRecord unanswered(
            String virtualServer, InetSocketAddress client, HttpRequest request, int status) {
        boolean readable = request.decoderResult().isSuccess();
        return new RequestRecord(
                virtualServer,
                null,
                client,
                Instant.now(),
                readable ? request.method().name() : "-",
                readable ? request.uri() : "-",
                readable ? request.protocolVersion().text() : "-",
                status,
                0,
                0,
                Duration.ZERO);
    }

    /**
     * The response head is final (not 1xx): notes whether both connections may stay open after it
     * and says so in its Connection header, without hop-by-hop headers of the server's.
     */
    void prepareFinalHead(HttpResponse response) {
        backendKeepAlive = HttpUtil.isKeepAlive(response);
        ProxyHeaders.stripHopByHop(response.headers());
        boolean framed =
                HttpUtil.isContentLengthSet(response)
                        || HttpUtil.isTransferEncodingChunked(response);
        closeClientAfter = !clientKeepAlive || (!framed && hasBody(response));
        if (closeClientAfter) {
            response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        } else if (request.protocolVersion().equals(HttpVersion.HTTP_1_0)) {
            response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
        }
    }

    private boolean hasBody(HttpResponse response) {
        int code = response.status().code();
        return !request.method().equals(HttpMethod.HEAD) && code != 204 && code != 304;
    }

    /** Frees what is kept for a retry (the head, and a body's first part). */
    void releaseUnsent() {
        for (HttpObject m : unsent) {
            ReferenceCountUtil.release(m);
        }
        unsent.clear();
    }

    /**
     * The real server has answered (or handed the connection to a tunnel): it counts the request
     * finished and goes back to the balancer.
     */
    void releaseServer() {
        RealServer s = server;
        server = null;
        if (s != null) {
            s.requestFinished();
            balancer.release(flow, s);
        }
    }

    /**
     * The exchange ends without a response (the client left, or gets an error): frees what is kept,
     * closes the backend connection and gives the real server back to the balancer.
     */
    void abandon() {
        releaseUnsent();
        Channel b = backend;
        if (b != null) {
            var unused = b.close();
        }
        RealServer s = server;
        if (s != null) {
            s.connectionDropped();
            balancer.release(flow, s);
        }
        server = null;
    }
}
