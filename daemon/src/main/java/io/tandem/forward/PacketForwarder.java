package io.tandem.forward;

import io.tandem.common.HostPort;
import io.tandem.common.Protocol;
import io.tandem.linux.GratuitousArp;
import io.tandem.linux.MacAddress;
import io.tandem.linux.NeighbourTable;
import io.tandem.linux.PacketRing;
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
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The data plane of an {@code lb_kind DR} virtual server: frames for the VIP arrive on a {@link
 * PacketRing} on one interface, the {@link ConnectionTable} places each connection on a real server
 * through the balancer, and the frame leaves on the same interface with only its Ethernet
 * destination changed to that server's MAC (IPVS "gatewaying"). Replies go from the real server to
 * the client directly.
 *
 * <p>The VIP is not assigned to the interface: this forwarder answers ARP for it from the ring and
 * announces it with a gratuitous ARP at start, so the kernel never sees the VIP as local and sends
 * no RST for the forwarded ports. (Under VRRP the instance would add the VIP instead; the forwarder
 * would then stop answering ARP and the kernel's local delivery to VIP:port would have to be
 * dropped by a filter rule. Not done yet.)
 *
 * <p>Threads: one platform thread owns the ring and the table (receive, rewrite, batch flush,
 * incremental expiry); a virtual thread refreshes real servers' MACs from the neighbour table every
 * second and probes the unresolved ones. IPv4 only; fragments are dropped (IPVS would reassemble
 * first); frames larger than a ring frame (GRO/GSO super-frames) are dropped and counted.
 */
public final class PacketForwarder implements Forwarder {

    private static final Logger LOG = LoggerFactory.getLogger(PacketForwarder.class);
    private static final int BATCH = 64;
    private static final int POLL_MILLIS = 100;
    private static final int SWEEP_SLOTS = 256;
    private static final Duration RESOLVE_INTERVAL = Duration.ofSeconds(1);
    // A draining forwarder still follows handshakes begun before the drain, for this long.
    private static final long HANDSHAKE_SETTLE_NANOS = Duration.ofSeconds(1).toNanos();
    private static final long OVERSIZE_REPORT_NANOS = Duration.ofMinutes(1).toNanos();

    private final List<HostPort> listen;
    private final int[] vips;
    private final int[] ports;
    private final int protocol;
    private final String interfaceName;
    private final PacketMode mode;
    private final Balancer balancer;
    private final TrafficCounters traffic;
    private final ConnectionTable table;
    private final PacketCounters counters = new PacketCounters();
    private final CompletableFuture<@Nullable Void> stopped = new CompletableFuture<>();
    private volatile IdentityHashMap<RealServer, Long> macs = new IdentityHashMap<>();
    private volatile IdentityHashMap<RealServer, Integer> addresses = new IdentityHashMap<>();
    private volatile boolean running;
    // A listing asked for by another thread; the packet thread, which owns the table, answers it
    // between two batches.
    private final AtomicReference<@Nullable CompletableFuture<List<ProxiedConnection>>>
            listingWanted = new AtomicReference<>();
    private volatile boolean accepting = true;
    private volatile long drainStarted;
    private volatile long drainDeadline;
    private @Nullable NeighbourTable neighbours;
    private @Nullable Thread packetThread;
    private @Nullable Thread resolverThread;
    private long ownMac;
    private long oversizeReported; // packet thread: PacketRing#truncated when last logged
    private long oversizeReportedAt;

    /**
     * @param listen the virtual addresses and ports (IPv4)
     * @param protocol TCP or UDP
     * @param interfaceName where the VIP's frames arrive and the real servers are reached
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
        if (protocol == Protocol.HTTP) {
            throw new IllegalArgumentException("packet forwarding is L4: TCP or UDP");
        }
        this.listen = List.copyOf(listen);
        this.vips = new int[listen.size()];
        this.ports = new int[listen.size()];
        for (int i = 0; i < listen.size(); i++) {
            if (!(listen.get(i).address() instanceof Inet4Address v4)) {
                throw new IllegalArgumentException(
                        "packet forwarding is IPv4 only: " + listen.get(i));
            }
            vips[i] = ipv4(v4);
            ports[i] = listen.get(i).port();
        }
        this.protocol = protocol == Protocol.TCP ? Ipv4.TCP : Ipv4.UDP;
        this.interfaceName = interfaceName;
        this.mode = mode;
        this.balancer = balancer;
        this.traffic = traffic;
        this.table = new ConnectionTable(tableCapacity, timeouts, balancer);
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
        try {
            n = NeighbourTable.open();
        } catch (IOException e) {
            r.close();
            throw e;
        }
        neighbours = n;
        ownMac = r.mac().value();
        resolve(n, r.interfaceIndex());
        announce();
        running = true;
        PacketRing.Receiver receiver = (s, at, length, status) -> frame(r, s, at, length, status);
        packetThread =
                Thread.ofPlatform()
                        .name("packet-" + interfaceName)
                        .daemon(true)
                        .start(() -> run(r, receiver));
        int ifindex = r.interfaceIndex();
        resolverThread =
                Thread.ofVirtual()
                        .name("packet-resolver-" + interfaceName)
                        .start(() -> resolveLoop(n, ifindex));
        LOG.info("{} packet forwarding for {} on {} ({})", mode, listen, interfaceName, r.mac());
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

    private void run(PacketRing r, PacketRing.Receiver receiver) {
        try {
            while (running) {
                r.receive(receiver, BATCH, POLL_MILLIS);
                r.flush();
                long now = System.nanoTime();
                table.expire(now, SWEEP_SLOTS);
                reportOversize(r, now);
                CompletableFuture<List<ProxiedConnection>> listing = listingWanted.getAndSet(null);
                if (listing != null) {
                    listing.complete(listed(now));
                }
                // Drained once no connection is in use, after handshakes in flight had time to
                // complete; the entries left linger only for stray packets (FIN_WAIT's 120 s would
                // otherwise hold every stop for the whole grace).
                if (!accepting
                        && ((table.inUse() == 0 && now - drainStarted >= HANDSHAKE_SETTLE_NANOS)
                                || now - drainDeadline >= 0)) {
                    break;
                }
            }
        } catch (IOException | RuntimeException e) {
            LOG.error("packet forwarding on {} stopped", interfaceName, e);
        } finally {
            running = false;
            CompletableFuture<List<ProxiedConnection>> listing = listingWanted.getAndSet(null);
            if (listing != null) {
                listing.complete(List.of());
            }
            try {
                r.close();
            } catch (IOException e) {
                LOG.warn("closing the packet ring on {}", interfaceName, e);
            }
            stopped.complete(null);
        }
    }

    /**
     * Super-frames are silent otherwise: a TCP stream through the forwarder just stalls. Logged at
     * the first and then at most once a minute, with what to change.
     */
    private void reportOversize(PacketRing r, long now) {
        long oversize = r.truncated();
        if (oversize == oversizeReported
                || (oversizeReported != 0 && now - oversizeReportedAt < OVERSIZE_REPORT_NANOS)) {
            return;
        }
        LOG.warn(
                "{} frames longer than {} bytes arrived on {} since start and were not forwarded"
                        + " (if they were for {}): GRO or LRO on {}, or TSO on the sender of a"
                        + " virtual link (veth), makes such super-frames; turn them off, e.g."
                        + " ethtool -K {} gro off lro off",
                oversize,
                PacketRing.MAX_FRAME,
                interfaceName,
                listen,
                interfaceName,
                interfaceName);
        oversizeReported = oversize;
        oversizeReportedAt = now;
    }

    /**
     * The connection table as ipvsadm -L -c lists it, with each entry's real time left. Any thread:
     * waits (at most a second) for the packet thread to copy the table between two batches.
     */
    @Override
    public List<ProxiedConnection> connections() {
        if (!running) {
            return List.of();
        }
        CompletableFuture<List<ProxiedConnection>> wanted = new CompletableFuture<>();
        CompletableFuture<List<ProxiedConnection>> pending =
                listingWanted.compareAndExchange(null, wanted);
        CompletableFuture<List<ProxiedConnection>> answer = pending != null ? pending : wanted;
        try {
            return answer.get(1, TimeUnit.SECONDS);
        } catch (TimeoutException | ExecutionException e) {
            return List.of(); // the packet thread stopped meanwhile
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return List.of();
        }
    }

    private List<ProxiedConnection> listed(long now) {
        List<ProxiedConnection> out = new ArrayList<>();
        for (ConnectionTable.Entry e : table.entries(now)) {
            out.add(
                    new ProxiedConnection(
                            e.protocol() == Ipv4.UDP,
                            e.state().name(),
                            Duration.ofNanos(e.expiresInNanos()),
                            e.client(),
                            e.virtual(),
                            e.server().address().toSocketAddress()));
        }
        return out;
    }

    /** One received frame; runs on the packet thread and allocates nothing for a known flow. */
    private void frame(PacketRing r, MemorySegment s, long at, int length, int status) {
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
            arp(r, s, at, length);
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
        int service = service(Ipv4.destination(s, ip));
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
        if (service < 0) {
            reply(r, s, at, length, ip, l4, pending);
            return;
        }
        int port = Bytes.u16(s, l4 + 2);
        if (port != ports[service]) {
            return;
        }
        int flags = protocol == Ipv4.TCP ? Tcp.flags(s, l4) : 0;
        int slot =
                table.track(
                        protocol,
                        Ipv4.source(s, ip),
                        Bytes.u16(s, l4),
                        vips[service],
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
        Long mac = macs.get(server);
        if (mac == null) {
            counters.unresolved.increment();
            return;
        }
        long out = r.claimOffset();
        if (out < 0) {
            counters.ringFull.increment();
            return;
        }
        MemorySegment tx = r.transmitRing();
        MemorySegment.copy(s, at, tx, out, length);
        if (mode == PacketMode.NAT) {
            Integer address = addresses.get(server);
            if (address == null) {
                counters.unresolved.increment();
                return; // the slot stays unclaimed
            }
            table.setPeerMac(slot, Ethernet.source(s, at));
            Ethernet.destination(tx, out, mac);
            Ethernet.source(tx, out, ownMac);
            NatRewrite.toRealServer(
                    tx, out + Ethernet.LENGTH, address, server.address().port(), pending);
        } else {
            DirectRouteRewrite.toRealServer(tx, out, ownMac, mac, pending);
        }
        r.commit(length);
        traffic.inbound(length);
        server.traffic().inbound(length);
        counters.forwarded.increment();
    }

    /**
     * NAT: a real server's reply to a client, routed through the balancer. Found by the client's
     * five values under each virtual address; its source must be the entry's real server. It goes
     * back with the VIP as source to the MAC the client's packets came from.
     */
    private void reply(
            PacketRing r, MemorySegment s, long at, int length, long ip, long l4, boolean pending) {
        int client = Ipv4.destination(s, ip);
        int clientPort = Bytes.u16(s, l4 + 2);
        long now = System.nanoTime();
        for (int i = 0; i < vips.length; i++) {
            int slot = table.find(protocol, client, clientPort, vips[i], ports[i], now);
            if (slot < 0) {
                continue;
            }
            RealServer server = table.server(slot);
            Integer address = addresses.get(server);
            if (address == null
                    || address != Ipv4.source(s, ip)
                    || server.address().port() != Bytes.u16(s, l4)) {
                continue;
            }
            long out = r.claimOffset();
            if (out < 0) {
                counters.ringFull.increment();
                return;
            }
            MemorySegment tx = r.transmitRing();
            MemorySegment.copy(s, at, tx, out, length);
            Ethernet.destination(tx, out, table.peerMac(slot));
            Ethernet.source(tx, out, ownMac);
            NatRewrite.toClient(tx, out + Ethernet.LENGTH, vips[i], ports[i], pending);
            r.commit(length);
            traffic.outbound(length);
            server.traffic().outbound(length);
            counters.replies.increment();
            return;
        }
    }

    private void arp(PacketRing r, MemorySegment s, long at, int length) {
        int asked = ArpReply.requestedAddress(s, at, length);
        if (asked == 0 || service(asked) < 0) {
            return;
        }
        long out = r.claimOffset();
        if (out >= 0) {
            ArpReply.write(s, at, r.transmitRing(), out, ownMac, asked);
            r.commit(ArpReply.FRAME_LENGTH);
            counters.arpReplies.increment();
        }
    }

    private int service(int address) {
        for (int i = 0; i < vips.length; i++) {
            if (vips[i] == address) {
                return i;
            }
        }
        return -1;
    }

    private void resolveLoop(NeighbourTable n, int ifindex) {
        while (running) {
            try {
                Thread.sleep(RESOLVE_INTERVAL);
                resolve(n, ifindex);
            } catch (InterruptedException e) {
                return;
            } catch (IOException | RuntimeException e) {
                LOG.warn("resolving real servers on {}: {}", interfaceName, e.getMessage());
            }
        }
    }

    /** Publishes the MAC of every real server the neighbour table knows; probes the others. */
    private void resolve(NeighbourTable n, int ifindex) throws IOException {
        Map<Inet4Address, MacAddress> known = n.resolved(ifindex);
        List<RealServer> servers = new ArrayList<>(balancer.pool().servers());
        RealServer sorry = balancer.sorryServer();
        if (sorry != null) {
            servers.add(sorry);
        }
        // Servers that left the pool keep their MAC while their connections drain.
        IdentityHashMap<RealServer, Long> next = new IdentityHashMap<>(macs);
        IdentityHashMap<RealServer, Integer> nextAddresses = new IdentityHashMap<>(addresses);
        for (RealServer server : servers) {
            if (!(server.address().address() instanceof Inet4Address v4)) {
                continue;
            }
            nextAddresses.put(server, ipv4(v4));
            MacAddress mac = known.get(v4);
            if (mac != null) {
                next.put(server, mac.value());
            } else {
                n.probe(v4);
            }
        }
        addresses = nextAddresses;
        macs = next;
    }

    private static int ipv4(Inet4Address address) {
        byte[] b = address.getAddress();
        return ((b[0] & 0xff) << 24) | ((b[1] & 0xff) << 16) | ((b[2] & 0xff) << 8) | (b[3] & 0xff);
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
    }
}
