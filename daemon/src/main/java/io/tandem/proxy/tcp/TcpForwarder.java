package io.tandem.proxy.tcp;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.SocketProtocolFamily;
import io.tandem.pool.TrafficCounters;
import io.tandem.proxy.DataPlane;
import io.tandem.proxy.Forwarder;
import io.tandem.proxy.Listeners;
import io.tandem.proxy.NettyTransport;
import io.tandem.proxy.ProxiedConnection;
import io.tandem.schedule.Balancer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * TCP full proxy for one virtual server: every accepted client gets a {@link TcpConnection} to a
 * real server chosen by the {@link Balancer}, opened on the client's event loop.
 *
 * <p>{@link #start}, {@link #drain} and {@link #close} are called by the control thread; {@code
 * start} blocks until every address is bound.
 */
public final class TcpForwarder implements Forwarder {

    // The kernel caps this at net.core.somaxconn; asking high lets the sysctl decide.

    private final List<InetSocketAddress> listenAddresses;
    private final Balancer balancer;
    private final TrafficCounters virtualTraffic;
    private final NettyTransport transport;
    private final EventLoopGroup group;
    private final Bootstrap backendBootstrap4;
    private final Bootstrap backendBootstrap6;
    private final Listeners listeners = new Listeners();
    private final Set<TcpConnection> connections = ConcurrentHashMap.newKeySet();
    private final CompletableFuture<Void> drained = new CompletableFuture<>();
    private volatile boolean stopping;

    /**
     * @param listenAddresses the virtual addresses (VIP and port; port 0 picks one)
     * @param virtualTraffic the virtual server's own counters (real servers count their own)
     * @param dataPlane the daemon's transport, event loops and timeouts
     */
    public TcpForwarder(
            List<InetSocketAddress> listenAddresses,
            Balancer balancer,
            TrafficCounters virtualTraffic,
            DataPlane dataPlane) {
        if (listenAddresses.isEmpty()) {
            throw new IllegalArgumentException("no listen address");
        }
        this.listenAddresses = List.copyOf(listenAddresses);
        this.balancer = balancer;
        this.virtualTraffic = virtualTraffic;
        this.transport = dataPlane.transport();
        this.group = dataPlane.group();
        int connectMillis =
                (int) Math.min(Integer.MAX_VALUE, dataPlane.settings().connectTimeout().toMillis());
        // No TCP_NODELAY option: Netty sets it on every TCP channel by default, and asking again
        // cost a setsockopt per connection.
        Bootstrap backend =
                new Bootstrap()
                        .group(group)
                        .option(ChannelOption.AUTO_READ, false)
                        .option(ChannelOption.ALLOW_HALF_CLOSURE, true)
                        .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, connectMillis);
        this.backendBootstrap4 =
                backend.clone()
                        .channelFactory(transport.socketChannelFactory(SocketProtocolFamily.INET));
        this.backendBootstrap6 =
                backend.clone()
                        .channelFactory(transport.socketChannelFactory(SocketProtocolFamily.INET6));
    }

    @Override
    public void start() throws IOException {
        ServerBootstrap bootstrap =
                Listeners.streamBootstrap(transport, group, this::accepted)
                        .childOption(ChannelOption.AUTO_READ, false)
                        .childOption(ChannelOption.ALLOW_HALF_CLOSURE, true);
        listeners.bindAllStreams(listenAddresses, bootstrap, "TCP", transport);
    }

    @Override
    public List<InetSocketAddress> localAddresses() {
        return listeners.localAddresses();
    }

    @Override
    public CompletableFuture<Void> drain(Duration grace) {
        closeListeners();
        var timer = group.schedule(this::closeConnections, grace.toNanos(), TimeUnit.NANOSECONDS);
        var unused = drained.whenComplete((ignored, error) -> timer.cancel(false));
        completeIfDrained();
        return drained;
    }

    @Override
    public void close() {
        closeListeners();
        closeConnections();
        completeIfDrained();
    }

    @Override
    public List<ProxiedConnection> connections() {
        List<ProxiedConnection> out = new ArrayList<>();
        for (TcpConnection c : connections) {
            out.add(c.view());
        }
        return out;
    }

    /** Connections open now, for stats and tests. */
    public int openConnections() {
        return connections.size();
    }

    Balancer balancer() {
        return balancer;
    }

    TrafficCounters virtualTraffic() {
        return virtualTraffic;
    }

    /**
     * Options for connections to real servers; each connection clones it onto its client's event
     * loop rather than building one from scratch.
     */
    Bootstrap backendBootstrap(InetSocketAddress target) {
        return NettyTransport.familyOf(target) == SocketProtocolFamily.INET
                ? backendBootstrap4
                : backendBootstrap6;
    }

    /** Event loop: the client's connection ended and its real server was released. */
    void finished(TcpConnection connection) {
        connections.remove(connection);
        completeIfDrained();
    }

    private void accepted(Channel client) {
        TcpConnection connection = new TcpConnection(this, client);
        connections.add(connection);
        client.pipeline().addLast(new RelayHandler(connection));
        client.closeFuture().addListener(f -> connection.finish());
        if (stopping && listeners.isEmpty()) {
            // Accepted just as the listener closed: nobody waits for it.
            connection.forceClose();
        }
    }

    private void closeListeners() {
        stopping = true;
        listeners.close();
    }

    private void closeConnections() {
        for (TcpConnection c : connections) {
            c.forceClose();
        }
    }

    private void completeIfDrained() {
        if (stopping && listeners.isEmpty() && connections.isEmpty()) {
            drained.complete(null);
        }
    }
}
