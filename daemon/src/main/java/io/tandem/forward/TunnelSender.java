package io.tandem.forward;

import io.tandem.linux.PacketRing;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.net.Inet4Address;
import java.net.InterfaceAddress;
import java.net.NetworkInterface;
import java.net.SocketException;

/**
 * lb_kind TUN's send path: the client's packet goes to the real server inside an IPIP header from
 * the balancer's own address on the interface (the real server's tunnel accepts it from there), to
 * the real server's MAC on the same LAN. Real servers behind a router are not supported yet (the
 * next hop would be the gateway's MAC). Too big to tunnel: see {@link TunnelMtu}.
 */
final class TunnelSender {

    private final long ownMac;
    private final int ownAddress;
    private final int mtu;
    private final PacketCounters counters;

    TunnelSender(long ownMac, int ownAddress, int mtu, PacketCounters counters) {
        this.ownMac = ownMac;
        this.ownAddress = ownAddress;
        this.mtu = mtu;
        this.counters = counters;
    }

    /**
     * Reads the interface's first IPv4 address and its MTU, in the caller's namespace (called after
     * the packet ring opened on it).
     */
    static TunnelSender on(String interfaceName, long ownMac, PacketCounters counters)
            throws IOException {
        NetworkInterface nic;
        try {
            nic = NetworkInterface.getByName(interfaceName);
        } catch (SocketException e) {
            throw new IOException("interface " + interfaceName + ": " + e.getMessage(), e);
        }
        // The JDK lists only interfaces with an address: the ring opened, so it exists.
        if (nic != null) {
            for (InterfaceAddress a : nic.getInterfaceAddresses()) {
                if (a.getAddress() instanceof Inet4Address v4) {
                    return new TunnelSender(ownMac, Ipv4.value(v4), nic.getMTU(), counters);
                }
            }
        }
        throw new IOException(
                "interface "
                        + interfaceName
                        + " has no IPv4 address; lb_kind TUN sends its IPIP packets from it");
    }

    /**
     * Encapsulates the frame at {@code s[at]} to the real server at {@code serverAddress} and
     * {@code serverMac}, or answers the client with ICMP when it is too big. Returns the length of
     * the tunnelled frame sent, or 0 when it was not forwarded.
     */
    int send(
            PacketRing r,
            MemorySegment s,
            long at,
            long serverMac,
            int serverAddress,
            boolean checksumPending) {
        long ip = at + Ethernet.LENGTH;
        boolean dontFragment = (Ipv4.flagsAndFragment(s, ip) & Ipv4.DONT_FRAGMENT) != 0;
        TunnelMtu decision = TunnelMtu.decide(Ipv4.totalLength(s, ip), dontFragment, mtu);
        if (decision == TunnelMtu.DROP) {
            counters.tooBig.increment();
            return 0;
        }
        long out = r.claimOffset();
        if (out < 0) {
            counters.ringFull.increment();
            return 0;
        }
        MemorySegment tx = r.transmitRing();
        if (decision == TunnelMtu.FRAGMENTATION_NEEDED) {
            r.commit(FragmentationNeeded.write(s, at, tx, out, ownMac, mtu));
            counters.fragmentationNeeded.increment();
            return 0;
        }
        int length =
                IpipEncapsulation.encapsulate(
                        s,
                        at,
                        tx,
                        out,
                        ownMac,
                        serverMac,
                        ownAddress,
                        serverAddress,
                        mtu,
                        checksumPending);
        r.commit(length);
        return length;
    }
}
