package io.tandem.forward;

import io.tandem.pool.RealServer;
import io.tandem.schedule.Balancer;
import io.tandem.schedule.Flow;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The packet forwarder's connection table, like IPVS's: one entry per (protocol, client address and
 * port, virtual address and port), holding the real server the first packet was scheduled to, the
 * TCP state, and when the entry expires. Later packets of the connection go to that server whatever
 * happens to weights or pool membership meanwhile.
 *
 * <p>Fixed capacity, open addressing with linear probing over parallel arrays, so neither a lookup
 * nor an insert nor an expiry allocates; only scheduling a new connection does (the {@code Flow}
 * the balancer takes). Removal shifts later entries back instead of leaving tombstones. Connection
 * counts follow IPVS: a new entry counts inactive, moves to active on ESTABLISHED and back when it
 * leaves it, and its count goes when the entry expires (TIME_WAIT included, which is why {@code
 * RealServer#connectionEnded}'s own TIME_WAIT tally is not used here).
 *
 * <p>Not thread-safe: owned by the forwarder's packet thread. Time is passed in as nanoseconds from
 * any monotonic clock.
 */
public final class ConnectionTable {

    /**
     * {@link #track} result: no real server to take the packet (or a TCP packet not opening one).
     */
    public static final int NO_SERVER = -1;

    /** {@link #track} result: the table is full. */
    public static final int FULL = -2;

    private final int mask;
    private final int limit;
    private final long[] clientKeys; // client address << 32 | client port << 16 | virtual port
    private final long[] serviceKeys; // virtual address << 8 | protocol
    private final byte[] states;
    private final long[] expiries;
    private final long[] peerMacs; // NAT: the MAC the client's packets came from (its next hop)
    private final int[] snatPorts; // NAT with snat_clients: the entry's source port, or 0
    private final boolean[] repliesSeen; // NAT: a reply passed, so both-way transitions apply
    private final @Nullable RealServer[] servers;
    private final Balancer balancer;
    private final boolean sloppyTcp;
    private volatile ConnectionTimeouts timeouts;
    private int size;
    private int inUse; // entries whose state is ConnectionState#inUse
    private int sweepCursor;
    private long refusedFull;
    private boolean created;

    /**
     * @param capacity the most entries held at once; the arrays are sized to the next power of two
     *     at or above 4/3 of it
     */
    public ConnectionTable(int capacity, ConnectionTimeouts timeouts, Balancer balancer) {
        this(capacity, timeouts, balancer, false);
    }

    /**
     * @param sloppyTcp schedule a TCP packet without an entry whatever its flags but RST, as IPVS's
     *     {@code sloppy_tcp}: a connection another balancer opened is picked up mid-stream
     */
    public ConnectionTable(
            int capacity, ConnectionTimeouts timeouts, Balancer balancer, boolean sloppyTcp) {
        if (capacity < 1 || capacity > (1 << 28)) {
            throw new IllegalArgumentException("table capacity out of range: " + capacity);
        }
        int slots = Integer.highestOneBit(Math.max(2, capacity + capacity / 3) * 2 - 1);
        this.mask = slots - 1;
        this.limit = capacity;
        this.clientKeys = new long[slots];
        this.serviceKeys = new long[slots];
        this.states = new byte[slots];
        this.expiries = new long[slots];
        this.peerMacs = new long[slots];
        this.snatPorts = new int[slots];
        this.repliesSeen = new boolean[slots];
        this.servers = new RealServer[slots];
        this.timeouts = timeouts;
        this.balancer = balancer;
        this.sloppyTcp = sloppyTcp;
    }

    /** Applies to entries from their next packet on, as {@code ipvsadm --set} does. */
    public void setTimeouts(ConnectionTimeouts timeouts) {
        this.timeouts = timeouts;
    }

    /**
     * Finds or creates the entry for a client packet and advances its state. A new TCP entry needs
     * a SYN without RST (else {@link #NO_SERVER}: IPVS does not schedule mid-stream packets), or
     * with sloppy TCP any packet without RST; a new entry's server comes from the balancer
     * (scheduler and persistence). An entry found expired is removed first and the packet treated
     * as new.
     *
     * @param protocol {@link Ipv4#TCP} or {@link Ipv4#UDP}
     * @param tcpFlags the TCP header's low eight flag bits (ignored for UDP)
     * @return the entry's slot for {@link #server} and {@link #state}, or {@link #NO_SERVER} or
     *     {@link #FULL}
     */
    public int track(
            int protocol,
            int clientAddress,
            int clientPort,
            int virtualAddress,
            int virtualPort,
            int tcpFlags,
            long now) {
        return track(
                protocol,
                clientAddress,
                clientPort,
                virtualAddress,
                virtualPort,
                tcpFlags,
                now,
                true);
    }

    /**
     * {@link #track}, where {@code mayOpen} false follows existing entries only (a draining service
     * schedules nothing new).
     */
    public int track(
            int protocol,
            int clientAddress,
            int clientPort,
            int virtualAddress,
            int virtualPort,
            int tcpFlags,
            long now,
            boolean mayOpen) {
        created = false;
        long clientKey = clientKey(clientAddress, clientPort, virtualPort);
        long serviceKey = serviceKey(virtualAddress, protocol);
        int slot = find(clientKey, serviceKey);
        if (slot >= 0 && expiries[slot] - now <= 0) {
            remove(slot);
            slot = -1;
        }
        if (slot < 0) {
            boolean opening = (sloppyTcp || (tcpFlags & Tcp.SYN) != 0) && (tcpFlags & Tcp.RST) == 0;
            if (!mayOpen || (protocol == Ipv4.TCP && !opening)) {
                return NO_SERVER;
            }
            if (size >= limit) {
                refusedFull++;
                return FULL;
            }
            RealServer server = balancer.pick(flow(clientKey, serviceKey));
            if (server == null) {
                return NO_SERVER;
            }
            slot = insert(clientKey, serviceKey, server, protocol == Ipv4.UDP);
            created = true;
        }
        advance(
                slot,
                repliesSeen[slot] ? PacketDirection.INPUT : PacketDirection.INPUT_ONLY,
                tcpFlags,
                now);
        return slot;
    }

    /**
     * NAT: a real server's reply for the live entry at {@code slot} (from {@link #find}) advances
     * its state through IPVS's output table; from then on the client's packets use the input table.
     */
    public void trackReply(int slot, int tcpFlags, long now) {
        repliesSeen[slot] = true;
        advance(slot, PacketDirection.OUTPUT, tcpFlags, now);
    }

    private void advance(int slot, PacketDirection direction, int tcpFlags, long now) {
        ConnectionState before = ConnectionState.of(states[slot]);
        ConnectionState after = before.after(direction, tcpFlags);
        if (after != before) {
            states[slot] = (byte) after.code();
            inUse += (after.inUse() ? 1 : 0) - (before.inUse() ? 1 : 0);
            RealServer server = servers[slot];
            if (server != null && after == ConnectionState.ESTABLISHED) {
                server.connectionEstablished();
            } else if (server != null && before == ConnectionState.ESTABLISHED) {
                server.connectionClosing();
            }
        }
        expiries[slot] = now + timeouts.nanos(after);
    }

    /**
     * The live entry for these five values, or -1; changes nothing. For NAT replies, which carry
     * the client and, after the reverse rewrite, the virtual address.
     */
    public int find(
            int protocol,
            int clientAddress,
            int clientPort,
            int virtualAddress,
            int virtualPort,
            long now) {
        int slot =
                find(
                        clientKey(clientAddress, clientPort, virtualPort),
                        serviceKey(virtualAddress, protocol));
        return slot >= 0 && expiries[slot] - now > 0 ? slot : -1;
    }

    /** Remembers the MAC the entry's client packets arrive from: where its replies go back to. */
    public void setPeerMac(int slot, long mac) {
        peerMacs[slot] = mac;
    }

    public long peerMac(int slot) {
        return peerMacs[slot];
    }

    /** Source NAT: the port the entry's client packets leave with (0: not source-NATed). */
    void setSnatPort(int slot, int port) {
        snatPorts[slot] = port;
    }

    int snatPort(int slot) {
        return snatPorts[slot];
    }

    /** Whether the last {@link #track} created its entry (a new connection). */
    public boolean created() {
        return created;
    }

    /** The real server of the entry at {@code slot} (from {@link #track}). */
    public RealServer server(int slot) {
        RealServer server = servers[slot];
        if (server == null) {
            throw new IllegalArgumentException("no entry at slot " + slot);
        }
        return server;
    }

    public ConnectionState state(int slot) {
        return ConnectionState.of(states[slot]);
    }

    /** Nanoseconds until the entry at {@code slot} expires, from {@code now}. */
    public long expiresIn(int slot, long now) {
        return expiries[slot] - now;
    }

    public int size() {
        return size;
    }

    /** Entries in use (see {@link ConnectionState#inUse}), expired ones not yet swept included. */
    public int inUse() {
        return inUse;
    }

    /** New entries refused because the table was full, since creation. */
    public long refusedFull() {
        return refusedFull;
    }

    /**
     * Removes expired entries among the next {@code budget} slots, wrapping around; the packet
     * thread calls it between batches so the sweep's cost is bounded. Returns how many it removed.
     */
    public int expire(long now, int budget) {
        int removed = 0;
        for (int i = 0; i < budget; i++) {
            int slot = sweepCursor;
            if (servers[slot] != null && expiries[slot] - now <= 0) {
                remove(slot);
                removed++;
                // A later entry may have shifted into this slot: look at it again.
                continue;
            }
            sweepCursor = (slot + 1) & mask;
        }
        return removed;
    }

    /** One listed entry, for {@code ipvsadm -Lnc}. */
    public record Entry(
            int protocol,
            InetSocketAddress client,
            InetSocketAddress virtual,
            RealServer server,
            ConnectionState state,
            long expiresInNanos) {}

    /** The live entries, allocating; off the fast path, on the owning thread. */
    public List<Entry> entries(long now) {
        List<Entry> list = new ArrayList<>(size);
        for (int slot = 0; slot <= mask; slot++) {
            RealServer server = servers[slot];
            if (server != null && expiries[slot] - now > 0) {
                Flow flow = flow(clientKeys[slot], serviceKeys[slot]);
                list.add(
                        new Entry(
                                (int) (serviceKeys[slot] & 0xff),
                                flow.client(),
                                flow.destination(),
                                server,
                                state(slot),
                                expiries[slot] - now));
            }
        }
        return list;
    }

    private static long clientKey(int address, int port, int virtualPort) {
        return ((long) address << 32) | ((long) (port & 0xffff) << 16) | (virtualPort & 0xffff);
    }

    private static long serviceKey(int address, int protocol) {
        return (Integer.toUnsignedLong(address) << 8) | (protocol & 0xff);
    }

    private int home(long clientKey, long serviceKey) {
        long h = clientKey * 0x9e3779b97f4a7c15L ^ serviceKey * 0xc2b2ae3d27d4eb4fL;
        h ^= h >>> 29;
        return (int) h & mask;
    }

    private int find(long clientKey, long serviceKey) {
        for (int slot = home(clientKey, serviceKey); ; slot = (slot + 1) & mask) {
            if (servers[slot] == null) {
                return -1;
            }
            if (clientKeys[slot] == clientKey && serviceKeys[slot] == serviceKey) {
                return slot;
            }
        }
    }

    private int insert(long clientKey, long serviceKey, RealServer server, boolean udp) {
        int slot = home(clientKey, serviceKey);
        while (servers[slot] != null) {
            slot = (slot + 1) & mask;
        }
        clientKeys[slot] = clientKey;
        serviceKeys[slot] = serviceKey;
        states[slot] = (byte) (udp ? ConnectionState.UDP : ConnectionState.NONE).code();
        snatPorts[slot] = 0;
        repliesSeen[slot] = false;
        servers[slot] = server;
        size++;
        if (udp) {
            inUse++;
        }
        server.connectionStarted();
        return slot;
    }

    private void remove(int slot) {
        RealServer server = servers[slot];
        if (server != null) {
            if (states[slot] == ConnectionState.ESTABLISHED.code()) {
                server.connectionClosing();
            }
            server.connectionDropped();
            if (ConnectionState.of(states[slot]).inUse()) {
                inUse--;
            }
            balancer.release(flow(clientKeys[slot], serviceKeys[slot]), server);
        }
        // Backward-shift deletion: pull later entries of the probe run into the gap.
        int gap = slot;
        for (int next = (gap + 1) & mask; servers[next] != null; next = (next + 1) & mask) {
            int home = home(clientKeys[next], serviceKeys[next]);
            boolean stays = gap <= next ? gap < home && home <= next : gap < home || home <= next;
            if (!stays) {
                clientKeys[gap] = clientKeys[next];
                serviceKeys[gap] = serviceKeys[next];
                states[gap] = states[next];
                expiries[gap] = expiries[next];
                peerMacs[gap] = peerMacs[next];
                snatPorts[gap] = snatPorts[next];
                repliesSeen[gap] = repliesSeen[next];
                servers[gap] = servers[next];
                gap = next;
            }
        }
        servers[gap] = null;
        size--;
    }

    private static Flow flow(long clientKey, long serviceKey) {
        InetSocketAddress client =
                new InetSocketAddress(
                        address((int) (clientKey >>> 32)), (int) (clientKey >>> 16) & 0xffff);
        InetSocketAddress virtual =
                new InetSocketAddress(address((int) (serviceKey >>> 8)), (int) clientKey & 0xffff);
        return Flow.of(client, virtual);
    }

    private static InetAddress address(int value) {
        byte[] b = {
            (byte) (value >>> 24), (byte) (value >>> 16), (byte) (value >>> 8), (byte) value
        };
        try {
            return InetAddress.getByAddress(b);
        } catch (UnknownHostException e) {
            throw new IllegalStateException("four bytes are always an IPv4 address", e);
        }
    }
}
