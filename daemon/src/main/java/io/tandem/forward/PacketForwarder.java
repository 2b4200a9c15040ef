package io.tandem.forward;

import io.tandem.common.HostPort;
import io.tandem.common.Protocol;
import io.tandem.config.PacketConfig;
import io.tandem.linux.GratuitousArp;
import io.tandem.linux.InterfaceStatus;
import io.tandem.linux.NeighbourTable;
import io.tandem.linux.PacketRing;
import io.tandem.linux.RouteTable;
import io.tandem.linux.Sysctl;
import io.tandem.pool.RealServer;
import io.tandem.pool.TrafficCounters;
import io.tandem.proxy.Forwarder;
import io.tandem.proxy.ProxiedConnection;
import io.tandem.schedule.Balancer;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.net.Inet4Address;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The data plane of a packet-forwarded virtual server: frames for the VIP arrive on a {@link
 * PacketRing} on one interface, the {@link ConnectionTable} places each connection on a real server
 * through the balancer, and the frame leaves on the same interface rewritten per {@link
 * PacketMode}: DR changes only the Ethernet destination to that server's MAC (IPVS "gatewaying"),
 * TUN wraps it in IPIP ({@link TunnelSender}), NAT rewrites the destination ({@link NatReplies} for
 * the way back). Under DR and TUN replies go from the real server to the client directly.
 *
 * <p>The VIP is not assigned to the interface: this forwarder answers ARP for it from the ring and
 * announces it with a gratuitous ARP when it becomes active, so the kernel never sees the VIP as
 * local and sends no RST for the forwarded ports. Under VRRP it is active only while the instance
 * holding the VIP is MASTER ({@link #setActive}); the instance announces the VIP but does not
 * assign it (decision 0008).
 *
 * <p>Threads: one platform thread owns the ring and the table (receive, rewrite, batch flush,
 * incremental expiry); a virtual thread refreshes real servers' next hops (route, then the MAC of
 * the server or its gateway) every second and probes the unresolved ones. IPv4 only; fragments are
 * dropped (IPVS would reassemble first); frames larger than a ring frame (GRO/GSO super-frames) are
 * dropped and counted.
 *
 * <p>The interface may go down or away under a running forwarder ({@link InterfaceRing}): while it
 * is down or gone nothing is forwarded, {@link #forwarding} is false and the connection table
 * stays; forwarding resumes, with a gratuitous ARP for the VIPs, when the link is up again or an
 * interface of the same name is back (a new ring, the new MAC). A drain while the interface is gone
 * ends at once: no connection can finish through it.
 *
 * <p>Longer than most files here: what is left is the forwarder's life (start, VRRP standby, drain,
 * stop, taking a new ring when the interface is back) and the one per-frame dispatch that checks a
 * frame and picks the path; every rewrite, the ARP answers, the neighbour lookups, the listing and
 * following the interface ({@link InterfaceRing}) are classes of their own.
 */
public final class PacketForwarder implements Forwarder {

    private static final Logger LOG = LoggerFactory.getLogger(PacketForwarder.class);
    private static final int BATCH = 64;
    private static final int POLL_MILLIS = 100;
    private static final int SWEEP_SLOTS = 256;
    private static final Duration RESOLVE_INTERVAL = Duration.ofSeconds(1);
    // A draining forwarder still follows handshakes begun before the drain, for this long.
    private static final long HANDSHAKE_SETTLE_NANOS = Duration.ofSeconds(1).toNanos();

    private final List<HostPort> listen;
    private final VirtualServices services;
    private final int protocol;
    private final String interfaceName;
    private final PacketMode mode;
    private final TrafficCounters traffic;
    private final ConnectionTable table;
    private final PacketCounters counters = new PacketCounters();
    private final CompletableFuture<@Nullable Void> stopped = new CompletableFuture<>();
    private final RealServerAddresses servers;
    private final TableListing listing;
    private final long busyPollNanos;
    private volatile boolean running;
    private volatile boolean active = true;
    private volatile boolean accepting = true;
    private volatile long drainStarted;
    private volatile long drainDeadline;
    private @Nullable NeighbourTable neighbours;
    private @Nullable RouteTable routes;
    private @Nullable Thread packetThread;
    private volatile @Nullable InterfaceRing interfaceRing;
    // The ring frames arrive on; the packet thread's, replaced when the interface comes back.
    private @Nullable PacketRing ring;
    private volatile int ifindex;
    private @Nullable Thread resolverThread;
    private long ownMac;
    private @Nullable ArpResponder arp;
    private @Nullable NatReplies natReplies;
    private @Nullable NatRequests natRequests;
    private @Nullable TunnelSender tunnel;
    private final @Nullable SourceNat sourceNat;
    private final OversizeWarning oversize;

    /**
     * @param listen the virtual addresses and ports (IPv4)
     * @param protocol TCP or UDP
     * @param interfaceName where the VIP's frames arrive and the real servers (or, for TUN and NAT,
     *     the routers to them) are reached
     */
    public PacketForwarder(
            List<HostPort> listen,
            Protocol protocol,
            String interfaceName,
            Balancer balancer,
            TrafficCounters traffic,
            ConnectionTimeouts timeouts,
            int tableCapacity,
            PacketMode mode) {
        this(
                listen,
                protocol,
                PacketConfig.on(interfaceName),
                balancer,
                traffic,
                timeouts,
                tableCapacity,
                mode);
    }

    /**
     * @param packet the interface, NAT's source-NAT subnets ({@link SourceNat}), busy polling and
     *     sloppy TCP
     */
    public PacketForwarder(
            List<HostPort> listen,
            Protocol protocol,
            PacketConfig packet,
            Balancer balancer,
            TrafficCounters traffic,
            ConnectionTimeouts timeouts,
            int tableCapacity,
            PacketMode mode) {
        if (protocol == Protocol.HTTP) {
            throw new IllegalArgumentException("packet forwarding is L4: TCP or UDP");
        }
        this.listen = List.copyOf(listen);
        this.services = new VirtualServices(listen);
        this.protocol = protocol == Protocol.TCP ? Ipv4.TCP : Ipv4.UDP;
        this.interfaceName = packet.interfaceName();
        this.mode = mode;
        this.busyPollNanos = packet.busyPoll().toNanos();
        this.traffic = traffic;
        this.table = new ConnectionTable(tableCapacity, timeouts, balancer, packet.sloppyTcp());
        this.servers = new RealServerAddresses(balancer, mode, interfaceName);
        this.listing = new TableListing(table);
        this.oversize = new OversizeWarning(interfaceName, this.listen);
        this.sourceNat =
                mode == PacketMode.NAT && !packet.snatClients().isEmpty()
                        ? new SourceNat(
                                packet.snatClients(),
                                this.protocol,
                                services,
                                table,
                                servers,
                                traffic,
                                counters)
                        : null;
    }

    /** Opens the ring in the calling thread's network namespace and starts forwarding. */
    @Override
    public synchronized void start() throws IOException {
        if (running) {
            return;
        }
        if (Sysctl.forwardsIpv4(interfaceName)) {
            // The VIP is not a local address, so a forwarding kernel would route the VIP's packets
            // (and, in NAT mode, the real servers' replies, unrewritten) alongside ours.
            throw new IOException(
                    "interface "
                            + interfaceName
                            + " forwards IPv4 (net.ipv4.conf."
                            + interfaceName
                            + ".forwarding=1), so the kernel would forward the virtual server's"
                            + " packets as well as Tandem; set it to 0 for packet forwarding");
        }
        PacketRing r = PacketRing.open(interfaceName);
        NeighbourTable n;
        RouteTable routeTable;
        try {
            n = NeighbourTable.open();
            try {
                routeTable = RouteTable.open();
            } catch (IOException | RuntimeException e) {
                n.close();
                throw e;
            }
        } catch (IOException | RuntimeException e) {
            r.close();
            throw e;
        }
        try {
            neighbours = n;
            routes = routeTable;
            attached(r);
            servers.resolve(n, routeTable, r.interfaceIndex());
        } catch (IOException | RuntimeException e) {
            neighbours = null;
            routes = null;
            // Closes all three; a failure to close is kept as a suppressed exception of e.
            try (r;
                    n;
                    routeTable) {
                throw e;
            }
        }
        if (active) {
            announce();
        }
        running = true;
        InterfaceRing bound = new InterfaceRing(r, listen, this::attached, this::resumed);
        interfaceRing = bound;
        PacketRing.Receiver receiver = this::frame;
        packetThread =
                Thread.ofPlatform()
                        .name("packet-" + interfaceName)
                        .daemon(true)
                        .start(() -> run(bound, receiver));
        resolverThread =
                Thread.ofVirtual()
                        .name("packet-resolver-" + interfaceName)
                        .start(
                                () ->
                                        servers.loop(
                                                n,
                                                routeTable,
                                                this::resolvableIndex,
                                                RESOLVE_INTERVAL,
                                                () -> running));
        LOG.info("{} packet forwarding for {} on {} ({})", mode, listen, interfaceName, r.mac());
    }

    /**
     * VRRP's hook: an inactive forwarder (its instance BACKUP or FAULT) neither answers ARP for its
     * VIPs nor forwards, and keeps its connection table; becoming active announces the VIPs with a
     * gratuitous ARP. Any thread, before or after {@link #start}; never blocks (the announcement
     * runs on a virtual thread).
     */
    public void setActive(boolean active) {
        if (this.active == active) {
            return;
        }
        this.active = active;
        if (active && running) {
            Thread.ofVirtual().name("packet-announce-" + interfaceName).start(this::announce);
        }
        LOG.info(
                "packet forwarding for {} on {}: {}",
                listen,
                interfaceName,
                active ? "active" : "on standby");
    }

    public boolean active() {
        return active;
    }

    /** {@code ipvsadm --set}: entries take the new timeouts from their next packet on. */
    public void setTimeouts(ConnectionTimeouts timeouts) {
        table.setTimeouts(timeouts);
    }

    /**
     * Takes what forwarding needs from a ring, at start and when the interface is back: its MAC and
     * index, which a new interface under the same name does not share with the old one. The real
     * servers' MACs are kept; the resolver thread refreshes them on the new index within a second.
     */
    private void attached(PacketRing r) throws IOException {
        r.busyPoll(busyPollNanos);
        long mac = r.mac().value();
        TunnelSender t =
                mode == PacketMode.TUNNEL ? TunnelSender.on(interfaceName, mac, counters) : null;
        ownMac = mac;
        tunnel = t;
        arp = new ArpResponder(services, mac, counters);
        if (sourceNat != null) {
            sourceNat.ownMac(mac);
        }
        if (mode == PacketMode.NAT) {
            natRequests = new NatRequests(services, table, sourceNat, mac);
        }
        natReplies = new NatReplies(protocol, services, table, servers, traffic, counters, mac);
        oversize.ringOpened();
        ring = r;
        ifindex = r.interfaceIndex();
    }

    /** The interface is up again (or back): the neighbours learn the VIPs' MAC, as at start. */
    private void resumed() {
        if (active) {
            announce();
        }
    }

    /** The interface's index while frames flow, else -1: the resolver then sends no probes. */
    private int resolvableIndex() {
        InterfaceRing b = interfaceRing;
        return b != null && b.status() == InterfaceStatus.UP ? ifindex : -1;
    }

    /**
     * True while this forwarder answers ARP and forwards: {@link #active}, and its interface up (a
     * gone or down interface pauses it). Any thread.
     */
    public boolean forwarding() {
        InterfaceRing b = interfaceRing;
        return active && (b == null || b.status() == InterfaceStatus.UP);
    }

    private void announce() {
        try (GratuitousArp garp = GratuitousArp.open(interfaceName)) {
            for (HostPort vip : listen) {
                garp.send((Inet4Address) vip.address());
            }
        } catch (IOException e) {
            LOG.warn("gratuitous ARP for {} on {}: {}", listen, interfaceName, e.getMessage());
        }
    }

    private void run(InterfaceRing bound, PacketRing.Receiver receiver) {
        try {
            while (running) {
                bound.receive(receiver, BATCH, POLL_MILLIS);
                bound.flush();
                long now = System.nanoTime();
                table.expire(now, SWEEP_SLOTS);
                listing.answer(now);
                PacketRing r = bound.ring();
                if (r != null) {
                    oversize.check(r, now);
                }
                // Drained once no connection is in use, after handshakes in flight had time to
                // complete; the entries left linger only for stray packets (FIN_WAIT's 120 s would
                // otherwise hold every stop for the whole grace). With the interface gone no
                // connection can finish, so there is nothing to wait for.
                if (!accepting
                        && (bound.status() == InterfaceStatus.GONE
                                || (table.inUse() == 0
                                        && now - drainStarted >= HANDSHAKE_SETTLE_NANOS)
                                || now - drainDeadline >= 0)) {
                    break;
                }
            }
        } catch (IOException | RuntimeException e) {
            LOG.error("packet forwarding on {} stopped", interfaceName, e);
        } finally {
            running = false;
            listing.stop();
            try {
                bound.close();
            } catch (IOException e) {
                LOG.warn("closing the packet ring on {}", interfaceName, e);
            }
            stopped.complete(null);
        }
    }

    /** The connection table as ipvsadm -L -c lists it, with each entry's real time left. */
    @Override
    public List<ProxiedConnection> connections() {
        return running ? listing.ask() : List.of();
    }

    /** One received frame; runs on the packet thread and allocates nothing for a known flow. */
    private void frame(MemorySegment s, long at, int length, int status) {
        PacketRing r = ring;
        if (r == null) {
            return;
        }
        try {
            forward(r, s, at, length, status);
        } catch (IndexOutOfBoundsException e) {
            // A header field pointing past the frame: a bad packet never stops the forwarder.
            counters.malformed.increment();
        }
    }

    private void forward(PacketRing r, MemorySegment s, long at, int length, int status) {
        if (length < Ethernet.LENGTH) {
            return;
        }
        int type = Ethernet.type(s, at);
        if (type == Ethernet.ARP) {
            ArpResponder a = arp;
            if (a != null && active) {
                a.answer(r, s, at, length);
            }
            return;
        }
        if (type != Ethernet.IPV4 || Ethernet.destination(s, at) != ownMac) {
            return;
        }
        long ip = at + Ethernet.LENGTH;
        if (length < Ethernet.LENGTH + Ipv4.MIN_LENGTH || Ipv4.version(s, ip) != 4) {
            return;
        }
        if (Ipv4.protocol(s, ip) != protocol) {
            return;
        }
        int service = services.indexOf(Ipv4.destination(s, ip));
        if (service < 0 && mode != PacketMode.NAT) {
            return;
        }
        int headerLength = Ipv4.headerLength(s, ip);
        long l4 = ip + headerLength;
        int minimum = protocol == Ipv4.TCP ? Tcp.MIN_LENGTH : Udp.LENGTH;
        if (Ipv4.isFragment(s, ip)) {
            counters.fragments.increment();
            return;
        }
        if (headerLength < Ipv4.MIN_LENGTH
                || Ethernet.LENGTH + headerLength + minimum > length
                || Ipv4.totalLength(s, ip) + Ethernet.LENGTH > length
                || Ipv4.totalLength(s, ip) < headerLength + minimum) {
            counters.malformed.increment();
            return;
        }
        boolean pending = (status & PacketRing.CHECKSUM_PENDING) != 0;
        if (!active) {
            counters.standby.increment();
            return;
        }
        if (service < 0) {
            NatReplies replies = natReplies;
            if (replies != null) {
                replies.reply(r, s, at, length, ip, l4, pending);
            }
            return;
        }
        int port = Bytes.u16(s, l4 + 2);
        if (port != services.port(service)) {
            SourceNat snat = sourceNat;
            if (snat != null) {
                snat.reply(r, s, at, length, ip, l4, service, pending);
            }
            return;
        }
        int flags = protocol == Ipv4.TCP ? Tcp.flags(s, l4) : 0;
        int slot =
                table.track(
                        protocol,
                        Ipv4.source(s, ip),
                        Bytes.u16(s, l4),
                        services.address(service),
                        port,
                        flags,
                        System.nanoTime(),
                        accepting);
        if (slot < 0) {
            counters.unscheduled.increment();
            return;
        }
        RealServer server = table.server(slot);
        if (table.created()) {
            traffic.connectionOpened();
        }
        RealServerAddresses.Destination to = servers.destination(server);
        if (to == null || !to.resolved()) {
            counters.unresolved.increment();
            return;
        }
        long mac = to.mac();
        TunnelSender t = tunnel;
        if (t != null) {
            int sent = t.send(r, s, at, mac, to.address(), to.preferredSource(), pending);
            if (sent > 0) {
                counted(server, sent);
            }
            return;
        }
        long out = r.claimOffset();
        if (out < 0) {
            counters.ringFull.increment();
            return;
        }
        MemorySegment tx = r.transmitRing();
        MemorySegment.copy(s, at, tx, out, length);
        NatRequests nat = natRequests;
        if (nat != null) {
            if (!nat.rewrite(s, at, tx, out, slot, service, server, to, pending)) {
                return; // the slot stays unclaimed
            }
        } else {
            DirectRouteRewrite.toRealServer(tx, out, ownMac, mac, pending);
        }
        r.commit(length);
        counted(server, length);
    }

    private void counted(RealServer server, int length) {
        traffic.inbound(length);
        server.traffic().inbound(length);
        counters.forwarded.increment();
    }

    /** The forwarder's packet counters (read from any thread). */
    public PacketCounters counters() {
        return counters;
    }

    @Override
    public List<InetSocketAddress> localAddresses() {
        return listen.stream().map(HostPort::toSocketAddress).toList();
    }

    /**
     * Stops scheduling new connections; existing ones are forwarded until none is in use (each
     * client closed its side with FIN or RST, see {@link ConnectionState#inUse}) or {@code grace}
     * is over. A client that half-closes and still waits for data loses the rest when the forwarder
     * stops.
     */
    @Override
    public CompletableFuture<Void> drain(Duration grace) {
        drainStarted = System.nanoTime();
        drainDeadline = drainStarted + grace.toNanos();
        accepting = false;
        if (!running) {
            stopped.complete(null);
        }
        return stopped.thenRun(this::close);
    }

    @Override
    public void close() {
        running = false;
        Thread p = packetThread;
        Thread q = resolverThread;
        if (q != null) {
            q.interrupt();
        }
        if (p != null && p != Thread.currentThread()) {
            try {
                p.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        NeighbourTable n = neighbours;
        neighbours = null;
        if (n != null) {
            try {
                n.close();
            } catch (IOException e) {
                LOG.warn("closing the neighbour table socket", e);
            }
        }
        RouteTable t = routes;
        routes = null;
        if (t != null) {
            try {
                t.close();
            } catch (IOException e) {
                LOG.warn("closing the route table socket", e);
            }
        }
    }
}
