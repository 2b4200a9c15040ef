package io.tandem.proxy.udp;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.EventLoopGroup;
import io.tandem.pool.TrafficCounters;
import io.tandem.proxy.DataPlane;
import io.tandem.proxy.Forwarder;
import io.tandem.proxy.Listeners;
import io.tandem.proxy.NettyTransport;
import io.tandem.proxy.ProxiedConnection;
import io.tandem.proxy.ProxySettings;
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
 * UDP relay for one virtual server. Each client address gets a {@link UdpSession}: a connected
 * datagram channel to the real server the {@link Balancer} picked for its first datagram, on the
 * event loop of the listener that received it. Replies go back out of the listener, so the client
 * sees them come from the virtual address.
 *
 * <p>Draining keeps the listeners open (replies leave through them) but starts no new session.
 */
public final class UdpForwarder implements Forwarder {

    private final List<InetSocketAddress> listenAddresses;
    private final Balancer balancer;
    private final TrafficCounters virtualTraffic;
    private final ProxySettings settings;
    private final NettyTransport transport;
    private final EventLoopGroup group;
    private final Listeners listeners = new Listeners();
    private final Set<UdpSession> sessions = ConcurrentHashMap.newKeySet();
    private final CompletableFuture<Void> drained = new CompletableFuture<>();
    private volatile boolean draining;

    /**
     * @param listenAddresses the virtual addresses (VIP and port; port 0 picks one)
     * @param virtualTraffic the virtual server's own counters (real servers count their own)
     * @param dataPlane the daemon's transport, event loops and timeouts
     */
    public UdpForwarder(
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
        this.settings = dataPlane.settings();
        this.transport = dataPlane.transport();
        this.group = dataPlane.group();
    }

    @Override
    public void start() throws IOException {
        // One bootstrap per address: each listener needs a frontend handler of its own.
        listeners.bindAll(
                listenAddresses,
                address ->
                        transport
                                .allowNonLocalBind(new Bootstrap())
                                .group(group)
                                .channel(transport.datagramChannel())
                                .handler(new UdpFrontendHandler(this))
                                .bind(address),
                "UDP",
                transport);
    }

    @Override
    public List<InetSocketAddress> localAddresses() {
        return listeners.localAddresses();
    }

    @Override
    public CompletableFuture<Void> drain(Duration grace) {
        draining = true;
        var timer = group.schedule(this::close, grace.toNanos(), TimeUnit.NANOSECONDS);
        var unused = drained.whenComplete((ignored, error) -> timer.cancel(false));
        completeIfDrained();
        return drained;
    }

    @Override
    public void close() {
        draining = true;
        listeners.close();
        for (UdpSession s : sessions) {
            s.close();
        }
        completeIfDrained();
    }

    @Override
    public List<ProxiedConnection> connections() {
        List<ProxiedConnection> out = new ArrayList<>();
        for (UdpSession s : sessions) {
            out.add(s.view());
        }
        return out;
    }

    /** Sessions open now, for stats and tests. */
    public int openSessions() {
        return sessions.size();
    }

    boolean draining() {
        return draining;
    }

    Balancer balancer() {
        return balancer;
    }

    TrafficCounters virtualTraffic() {
        return virtualTraffic;
    }

    ProxySettings settings() {
        return settings;
    }

    NettyTransport transport() {
        return transport;
    }

    void opened(UdpSession session) {
        sessions.add(session);
    }

    void ended(UdpSession session) {
        sessions.remove(session);
        completeIfDrained();
    }

    private void completeIfDrained() {
        if (draining && sessions.isEmpty()) {
            listeners.close();
            drained.complete(null);
        }
    }
}
