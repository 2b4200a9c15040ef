package io.tandem.linux;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.Map;

/**
 * The kernel's IPv4 neighbour (ARP) table, read through rtnetlink ({@code RTM_GETNEIGH} dump,
 * rtnetlink(7)), in the network namespace of the thread that opened it. Used off the fast path: a
 * dump costs one netlink round trip. Thread-safe (the netlink socket serialises requests).
 */
public final class NeighbourTable implements AutoCloseable {

    private static final int RTM_NEWNEIGH = 28;
    private static final int RTM_GETNEIGH = 30;
    private static final int NDMSG_LENGTH = 12; // struct ndmsg
    private static final int NDA_DST = 1;
    private static final int NDA_LLADDR = 2;
    // NUD_INCOMPLETE and NUD_FAILED entries carry no usable address (linux/neighbour.h).
    private static final int NUD_INCOMPLETE = 0x01;
    private static final int NUD_FAILED = 0x20;
    // The discard service: a probe datagram makes the kernel resolve the address; nothing listens.
    private static final int DISCARD_PORT = 9;

    private final NetlinkSocket netlink;
    private final DatagramSocket prober;

    private NeighbourTable(NetlinkSocket netlink, DatagramSocket prober) {
        this.netlink = netlink;
        this.prober = prober;
    }

    public static NeighbourTable open() throws IOException {
        NetlinkSocket netlink = NetlinkSocket.open();
        try {
            return new NeighbourTable(netlink, new DatagramSocket());
        } catch (IOException e) {
            netlink.close();
            throw e;
        }
    }

    /** The resolved IPv4 neighbours on interface {@code ifindex}: address to MAC. */
    public Map<Inet4Address, MacAddress> resolved(int ifindex) throws IOException {
        NetlinkRequest request =
                new NetlinkRequest(
                                RTM_GETNEIGH,
                                NetlinkRequest.NLM_F_REQUEST | NetlinkRequest.NLM_F_DUMP)
                        .u8(Libc.AF_INET) // ndm_family
                        .u8(0)
                        .u16(0)
                        .u32(0) // ndm_ifindex 0: all; filtered below
                        .u16(0) // ndm_state
                        .u8(0) // ndm_flags
                        .u8(0); // ndm_type
        Map<Inet4Address, MacAddress> neighbours = new HashMap<>();
        for (NetlinkMessage m : netlink.exchange(request, "RTM_GETNEIGH")) {
            ByteBuffer ndmsg = m.payload();
            if (m.type() != RTM_NEWNEIGH || ndmsg.remaining() < NDMSG_LENGTH) {
                continue;
            }
            int state = Short.toUnsignedInt(ndmsg.getShort(8));
            if (ndmsg.getInt(4) != ifindex || (state & (NUD_INCOMPLETE | NUD_FAILED)) != 0) {
                continue;
            }
            Map<Integer, ByteBuffer> attributes = m.attributes(NDMSG_LENGTH);
            ByteBuffer dst = attributes.get(NDA_DST);
            ByteBuffer lladdr = attributes.get(NDA_LLADDR);
            if (dst == null || lladdr == null || dst.remaining() != 4 || lladdr.remaining() != 6) {
                continue;
            }
            neighbours.put(
                    (Inet4Address) InetAddress.getByAddress(NetlinkMessage.bytes(dst)),
                    MacAddress.of(NetlinkMessage.bytes(lladdr)));
        }
        return neighbours;
    }

    /**
     * Makes the kernel resolve {@code address} by sending it one empty UDP datagram (port 9,
     * discard); the answer shows up in a later {@link #resolved}.
     */
    public void probe(Inet4Address address) throws IOException {
        prober.send(
                new java.net.DatagramPacket(
                        new byte[0], 0, new InetSocketAddress(address, DISCARD_PORT)));
    }

    @Override
    public void close() throws IOException {
        prober.close();
        netlink.close();
    }
}
