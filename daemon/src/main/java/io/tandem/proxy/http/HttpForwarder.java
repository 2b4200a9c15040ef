package io.tandem.proxy.http;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.SocketProtocolFamily;
import io.netty.handler.codec.http2.Http2FrameCodec;
import io.netty.handler.ssl.SslContext;
import io.netty.util.Mapping;
import io.tandem.config.HttpConfig;
import io.tandem.pool.RealServer;
import io.tandem.pool.TrafficCounters;
import io.tandem.proxy.DataPlane;
import io.tandem.proxy.Forwarder;
import io.tandem.proxy.Listeners;
import io.tandem.proxy.NettyTransport;
import io.tandem.schedule.Balancer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/**
 * L7 proxy for one {@code protocol HTTP} or {@code HTTPS} virtual server: each accepted client gets
 * the handlers of {@link ClientPipeline} (TLS, then HTTP/1.1 or HTTP/2), and each HTTP/1.1
 * connection or HTTP/2 stream a {@link ClientConnection}, which routes its requests ({@link
 * Router}) and relays them as HTTP/1.1 over backend connections opened on, and pooled per, the
 * client's event loop ({@link BackendPool}).
 *
 * <p>{@link #start}, {@link #drain} and {@link #close} are called by the control thread; {@code
 * start} blocks until every address is bound.
 */
public final class HttpForwarder implements Forwarder {

    private final List<InetSocketAddress> listenAddresses;
    private final Balancer balancer;
    private final TrafficCounters virtualTraffic;
    private final HttpConfig config;
    private final String name;
    private final HttpEvents metricsEvents;
    private volatile HttpEvents events;
    private volatile @Nullable AccessLog accessLog;
    private final Router router;
    private final BackendPool pool;
    private final NettyTransport transport;
    private final EventLoopGroup group;
    private final Bootstrap backend4;
    private final Bootstrap backend6;
    private final Listeners listeners = new Listeners();
    private final Set<Channel> clients = ConcurrentHashMap.newKeySet();
    private final AtomicLong rejected = new AtomicLong();
    private final CompletableFuture<Void> drained = new CompletableFuture<>();
    private volatile boolean stopping;
    // Set by start, before the listener exists; read by event loops after that.
    private volatile @Nullable Mapping<String, SslContext> sni;

    /**
     * @param balancer the virtual server's balancer: health checking publishes every server of
     *     every group there, and each group takes its members from it
     * @param config the virtual server's HTTP part
     * @param name the virtual server's name, for the request records
     * @param events told of every finished request (the access log, when configured, is added)
     */
    public HttpForwarder(
            List<InetSocketAddress> listenAddresses,
            Balancer balancer,
            TrafficCounters virtualTraffic,
            DataPlane dataPlane,
            HttpConfig config,
            String name,
            HttpEvents events) {
        if (listenAddresses.isEmpty()) {
            throw new IllegalArgumentException("no listen address");
        }
        this.listenAddresses = List.copyOf(listenAddresses);
        this.balancer = balancer;
        this.virtualTraffic = virtualTraffic;
        this.config = config;
        this.name = name;
        this.metricsEvents = events;
        this.events = events;
        this.router = new Router(config);
        this.pool = new BackendPool(config.limits().keepaliveTimeout());
        this.transport = dataPlane.transport();
        this.group = dataPlane.group();
        int connectMillis =
                (int)
                        Math.min(
                                Integer.MAX_VALUE,
                                config.limits().backendConnectTimeout().toMillis());
        Bootstrap backend =
                new Bootstrap()
                        .group(group)
                        .option(ChannelOption.AUTO_READ, false)
                        .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, connectMillis)
                        .handler(
                                new ChannelInitializer<Channel>() {
                                    @Override
                                    protected void initChannel(Channel ch) {
                                        ch.pipeline()
                                                .addLast(new BackendCodec(), new BackendHandler());
                                    }
                                });
        this.backend4 =
                backend.clone()
                        .channelFactory(transport.socketChannelFactory(SocketProtocolFamily.INET));
        this.backend6 =
                backend.clone()
                        .channelFactory(transport.socketChannelFactory(SocketProtocolFamily.INET6));
    }

    @Override
    public void start() throws IOException {
        if (config.terminatesTls()) {
            sni = TlsContexts.sniMapping(config.tlsCertificates());
        }
        openAccessLog();
        listeners.bindAllStreams(
                listenAddresses,
                Listeners.streamBootstrap(transport, group, this::accepted),
                "HTTP",
                transport);
    }

    private void accepted(Channel client) {
        if (clients.size() >= config.limits().maxConnections() || stopping) {
            var unused = client.close();
            return;
        }
        clients.add(client);
        var unused = client.closeFuture().addListener(f -> closed(client));
        virtualTraffic.connectionOpened();
        ClientPipeline.install(this, client, virtualTraffic, sni);
    }

    @Override
    public List<InetSocketAddress> localAddresses() {
        return listeners.localAddresses();
    }

    @Override
    public CompletableFuture<Void> drain(Duration grace) {
        stopping = true;
        listeners.close();
        for (Channel c : clients) {
            if (c.pipeline().get(Http2FrameCodec.class) != null) {
                // Netty's HTTP/2 close is graceful: GOAWAY now, the socket once open streams end.
                var unused = c.close();
            }
        }
        var timer = group.schedule(this::closeClients, grace.toNanos(), TimeUnit.NANOSECONDS);
        var unused = drained.whenComplete((ignored, error) -> timer.cancel(false));
        completeIfDrained();
        return drained;
    }

    @Override
    public void close() {
        stopping = true;
        listeners.close();
        closeClients();
        pool.close();
        completeIfDrained();
        AccessLog log = accessLog;
        if (log != null) {
            log.close();
        }
    }

    private void openAccessLog() throws IOException {
        if (config.accessLog() != null) {
            AccessLog log = AccessLog.open(config.accessLog());
            accessLog = log;
            events = HttpEvents.fanOut(List.of(metricsEvents, log));
        }
    }

    /** Requests refused by the strict parser since start, for stats and tests. */
    public long rejectedRequests() {
        return rejected.get();
    }

    /** Client connections open now. */
    public int openConnections() {
        return clients.size();
    }

    HttpConfig config() {
        return config;
    }

    /** What X-Forwarded-Proto and Forwarded's proto say: {@code https} when TLS ends here. */
    String scheme() {
        return config.terminatesTls() ? "https" : "http";
    }

    String name() {
        return name;
    }

    HttpEvents events() {
        return events;
    }

    Router router() {
        return router;
    }

    Balancer balancer() {
        return balancer;
    }

    BackendPool pool() {
        return pool;
    }

    void rejected() {
        rejected.incrementAndGet();
    }

    ChannelFuture connect(EventLoop loop, RealServer server) {
        InetSocketAddress address = server.address().toSocketAddress();
        Bootstrap b =
                NettyTransport.familyOf(address) == SocketProtocolFamily.INET ? backend4 : backend6;
        return b.clone(loop).connect(address);
    }

    void closed(Channel client) {
        clients.remove(client);
        completeIfDrained();
    }

    private void closeClients() {
        for (Channel c : clients) {
            var unused = c.close();
        }
    }

    private void completeIfDrained() {
        if (stopping && listeners.isEmpty() && clients.isEmpty()) {
            drained.complete(null);
        }
    }
}
