package io.tandem.forward;

import io.tandem.config.ClientSubnet;
import io.tandem.linux.PacketRing;
import io.tandem.pool.RealServer;
import io.tandem.pool.TrafficCounters;
import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import java.util.List;

/**
 * NAT packet mode's source NAT for clients on the real servers' own subnet ({@code snat_clients}):
 * such a client's packets leave with the VIP and a port of {@link #FIRST_PORT}..{@link #LAST_PORT}
 * as source, so the real server answers the VIP (whose ARP Tandem answers) instead of the client
 * directly, and {@link #reply} turns the answer back into one from VIP:port to the client.
 *
 * <p>The VIP rather than the balancer's own address: the balancer's kernel would reset every reply
 * to a port it has no socket for, while the VIP, not assigned, is dropped silently (the same reason
 * the VIP is not assigned at all). A port belongs to one table entry; it is free again once that
 * entry is gone, which allocation checks against the table (no expiry callback). Allocation-free;
 * owned by the packet thread.
 */
final class SourceNat {

    static final int FIRST_PORT = 61000;
    static final int LAST_PORT = 65095;
    private static final int PORTS = LAST_PORT - FIRST_PORT + 1;

    private final int[] networks;
    private final int[] masks;
    private final int protocol;
    private final VirtualServices services;
    private final ConnectionTable table;
    private final RealServerAddresses servers;
    private final TrafficCounters traffic;
    private final PacketCounters counters;
    private final int[] ownerClients = new int[PORTS];
    private final int[] ownerClientPorts = new int[PORTS];
    private final int[] ownerServices = new int[PORTS];
    private long ownMac;
    private int cursor;

    SourceNat(
            List<ClientSubnet> clients,
            int protocol,
            VirtualServices services,
            ConnectionTable table,
            RealServerAddresses servers,
            TrafficCounters traffic,
            PacketCounters counters) {
        networks = new int[clients.size()];
        masks = new int[clients.size()];
        for (int i = 0; i < clients.size(); i++) {
            int prefix = clients.get(i).prefixLength();
            masks[i] = prefix == 0 ? 0 : -1 << (32 - prefix);
            networks[i] = Ipv4.value(clients.get(i).network()) & masks[i];
        }
        this.protocol = protocol;
        this.services = services;
        this.table = table;
        this.servers = servers;
        this.traffic = traffic;
        this.counters = counters;
        Arrays.fill(ownerServices, -1);
    }

    /** Set once the ring is open: replies leave with the interface's MAC. */
    void ownMac(long mac) {
        ownMac = mac;
    }

    /** Whether the client's source is rewritten. */
    boolean covers(int client) {
        for (int i = 0; i < networks.length; i++) {
            if ((client & masks[i]) == networks[i]) {
                return true;
            }
        }
        return false;
    }

    /**
     * The source port the entry at {@code slot} goes out with, allocated on its first packet; 0
     * when every port is taken by a live entry (the packet is dropped and counted).
     */
    int portFor(int slot, int client, int clientPort, int service, long now) {
        int port = table.snatPort(slot);
        if (port != 0) {
            return port;
        }
        for (int i = 0; i < PORTS; i++) {
            int index = cursor;
            cursor = (cursor + 1) % PORTS;
            int candidate = FIRST_PORT + index;
            if ((ownerServices[index] >= 0 && owner(index, now) >= 0)
                    || services.isVirtualPort(candidate)) {
                continue;
            }
            ownerClients[index] = client;
            ownerClientPorts[index] = clientPort;
            ownerServices[index] = service;
            table.setSnatPort(slot, candidate);
            return candidate;
        }
        counters.snatPortsExhausted.increment();
        return 0;
    }

    /** The live entry holding the port at {@code index}, or -1. */
    private int owner(int index, long now) {
        int service = ownerServices[index];
        if (service < 0) {
            return -1;
        }
        int slot =
                table.find(
                        protocol,
                        ownerClients[index],
                        ownerClientPorts[index],
                        services.address(service),
                        services.port(service),
                        now);
        return slot >= 0 && table.snatPort(slot) == FIRST_PORT + index ? slot : -1;
    }

    /**
     * A real server's answer to VIP:{@code port} of {@code service}: rewritten to come from the
     * virtual address and port and go to the client, then sent to the MAC the client's packets came
     * from. Returns false when no source-NATed connection owns the port.
     */
    boolean reply(
            PacketRing r,
            MemorySegment s,
            long at,
            int length,
            long ip,
            long l4,
            int service,
            boolean pending) {
        int port = Bytes.u16(s, l4 + 2);
        if (port < FIRST_PORT || port > LAST_PORT) {
            return false;
        }
        int index = port - FIRST_PORT;
        long now = System.nanoTime();
        int slot = ownerServices[index] == service ? owner(index, now) : -1;
        if (slot < 0) {
            return false;
        }
        RealServer server = table.server(slot);
        RealServerAddresses.Destination from = servers.destination(server);
        if (from == null
                || from.address() != Ipv4.source(s, ip)
                || server.address().port() != Bytes.u16(s, l4)) {
            return false;
        }
        long out = r.claimOffset();
        if (out < 0) {
            counters.ringFull.increment();
            return true;
        }
        MemorySegment tx = r.transmitRing();
        MemorySegment.copy(s, at, tx, out, length);
        Ethernet.destination(tx, out, table.peerMac(slot));
        Ethernet.source(tx, out, ownMac);
        long outIp = out + Ethernet.LENGTH;
        NatRewrite.toRealServer(tx, outIp, ownerClients[index], ownerClientPorts[index], pending);
        NatRewrite.toClient(tx, outIp, services.address(service), services.port(service), pending);
        table.trackReply(slot, protocol == Ipv4.TCP ? Tcp.flags(s, l4) : 0, now);
        r.commit(length);
        traffic.outbound(length);
        server.traffic().outbound(length);
        counters.replies.increment();
        return true;
    }
}
