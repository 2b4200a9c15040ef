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
 * the MAC of the next hop: the real server's on the same LAN, or its gateway's when it is behind a
 * router ({@link RealServerAddresses}). The outer source is the preferred source of the route to
 * the server ({@code ip route get}'s {@code src}, for example set with {@code ip route add ...
 * src}) when that is one of the interface's IPv4 addresses, else the interface's first IPv4
 * address; the interface's addresses are read once, at start. Too big to tunnel: see {@link
 * TunnelMtu}.
 */
final class TunnelSender {

    private final long ownMac;
    private final int[] ownAddresses; // the first is the default outer source
    private final int mtu;
    private final PacketCounters counters;

    TunnelSender(long ownMac, int[] ownAddresses, int mtu, PacketCounters counters) {
        if (ownAddresses.length == 0) {
            throw new IllegalArgumentException("lb_kind TUN needs an IPv4 address to send from");
        }
        this.ownMac = ownMac;
        this.ownAddresses = ownAddresses.clone();
        this.mtu = mtu;
        this.counters = counters;
    }

    /**
     * Reads the interface's IPv4 addresses and its MTU, in the caller's namespace (called after the
     * packet ring opened on it).
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
            int[] addresses =
                    nic.getInterfaceAddresses().stream()
                            .map(InterfaceAddress::getAddress)
                            .filter(Inet4Address.class::isInstance)
                            .mapToInt(a -> Ipv4.value((Inet4Address) a))
                            .toArray();
            if (addresses.length > 0) {
                return new TunnelSender(ownMac, addresses, nic.getMTU(), counters);
            }
        }
        throw new IOException(
                "interface "
                        + interfaceName
                        + " has no IPv4 address; lb_kind TUN sends its IPIP packets from it");
    }

    /**
     * Encapsulates the frame at {@code s[at]} to the real server at {@code serverAddress} through
     * {@code nextHopMac}, or answers the client with ICMP when it is too big. Returns the length of
     * the tunnelled frame sent, or 0 when it was not forwarded.
     *
     * @param preferredSource the route's preferred source address, or 0 for none
     */
    int send(
            PacketRing r,
            MemorySegment s,
            long at,
            long nextHopMac,
            int serverAddress,
            int preferredSource,
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
                        nextHopMac,
                        source(preferredSource),
                        serverAddress,
                        mtu,
                        checksumPending);
        r.commit(length);
        return length;
    }

    /** The outer source: {@code preferred} when it is the interface's, else the first address. */
    private int source(int preferred) {
        for (int a : ownAddresses) {
            if (a == preferred) {
                return a;
            }
        }
        return ownAddresses[0];
    }
}
