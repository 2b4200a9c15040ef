package io.tandem.linux;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Adds, deletes and lists interface addresses and reads link state over rtnetlink (rtnetlink(7)),
 * as {@code ip addr} and {@code ip link} do. Messages are built by hand: no Java netlink library
 * exists.
 *
 * <p>All calls act in the network namespace of the thread that called {@link #open}, whichever
 * thread calls them later. Methods are thread-safe (one request at a time) and block until the
 * kernel acknowledges, normally microseconds, at most 5 seconds.
 */
public final class AddressControl implements AutoCloseable {

    private static final int AF_INET6 = 10;
    private static final int RTM_GETLINK = 18;
    private static final int RTM_NEWADDR = 20;
    private static final int RTM_DELADDR = 21;
    private static final int RTM_GETADDR = 22;
    private static final int IFA_ADDRESS = 1;
    private static final int IFA_LOCAL = 2;
    private static final int IFA_LABEL = 3;
    private static final int IFA_FLAGS = 8;
    private static final int IFA_F_NODAD = 0x02;
    private static final int IFLA_ADDRESS = 1;
    private static final int IFLA_IFNAME = 3;
    private static final int IFF_UP = 0x1;
    private static final int IFF_RUNNING = 0x40;
    private static final int IFADDRMSG_LENGTH = 8;
    private static final int IFINFOMSG_LENGTH = 16;
    private static final int EEXIST = 17;
    private static final int EADDRNOTAVAIL = 99;

    private final NetlinkSocket netlink;

    private AddressControl(NetlinkSocket netlink) {
        this.netlink = netlink;
    }

    /** Opens the rtnetlink socket in the calling thread's network namespace. */
    public static AddressControl open() throws IOException {
        return new AddressControl(NetlinkSocket.open());
    }

    /**
     * Adds {@code address/prefixLength} to the interface, like {@code ip addr add ... label L}.
     * Adding an address the interface already holds is not an error (EEXIST is ignored), so a VRRP
     * master may re-assert its VIPs. IPv6 addresses get IFA_F_NODAD, as keepalived gives its VIPs,
     * so they are usable at once instead of tentative for a second.
     *
     * @param label keepalived's {@code label}: IPv4 only, must start with the interface name
     *     (iproute2's rule) and fit in 15 characters; null for none
     */
    public void add(
            String interfaceName, InetAddress address, int prefixLength, @Nullable String label)
            throws IOException {
        checkPrefix(address, prefixLength);
        if (label != null) {
            if (!(address instanceof Inet4Address)) {
                throw new IllegalArgumentException("IPv6 addresses have no label: " + label);
            }
            if (!label.startsWith(interfaceName)) {
                throw new IllegalArgumentException(
                        "label '" + label + "' must start with '" + interfaceName + "'");
            }
            Ifreq.checkName(label);
        }
        int index = link(interfaceName).index();
        NetlinkRequest request =
                addressRequest(
                        RTM_NEWADDR,
                        NetlinkRequest.NLM_F_CREATE | NetlinkRequest.NLM_F_EXCL,
                        index,
                        address,
                        prefixLength);
        if (label != null) {
            request.attribute(IFA_LABEL, label);
        }
        if (address instanceof Inet6Address) {
            request.attribute(IFA_FLAGS, IFA_F_NODAD);
        }
        try {
            netlink.exchange(
                    request, "RTM_NEWADDR " + address.getHostAddress() + " " + interfaceName);
        } catch (ErrnoException e) {
            if (e.errno() != EEXIST) {
                throw e;
            }
        }
    }

    /**
     * Deletes {@code address/prefixLength} from the interface, like {@code ip addr del}. Deleting
     * an address the interface does not hold is not an error (EADDRNOTAVAIL is ignored).
     */
    public void delete(String interfaceName, InetAddress address, int prefixLength)
            throws IOException {
        checkPrefix(address, prefixLength);
        int index = link(interfaceName).index();
        NetlinkRequest request = addressRequest(RTM_DELADDR, 0, index, address, prefixLength);
        try {
            netlink.exchange(
                    request, "RTM_DELADDR " + address.getHostAddress() + " " + interfaceName);
        } catch (ErrnoException e) {
            if (e.errno() != EADDRNOTAVAIL) {
                throw e;
            }
        }
    }

    /** The IPv4 and IPv6 addresses the interface holds (an RTM_GETADDR dump, filtered here). */
    public List<AssignedAddress> addresses(String interfaceName) throws IOException {
        int index = link(interfaceName).index();
        NetlinkRequest request =
                new NetlinkRequest(
                                RTM_GETADDR,
                                NetlinkRequest.NLM_F_REQUEST | NetlinkRequest.NLM_F_DUMP)
                        .u8(0) // ifa_family AF_UNSPEC: both families
                        .u8(0)
                        .u8(0)
                        .u8(0)
                        .u32(0);
        List<AssignedAddress> addresses = new ArrayList<>();
        for (NetlinkMessage m : netlink.exchange(request, "RTM_GETADDR " + interfaceName)) {
            ByteBuffer ifaddrmsg = m.payload();
            if (m.type() != RTM_NEWADDR || ifaddrmsg.getInt(4) != index) {
                continue;
            }
            int prefixLength = Byte.toUnsignedInt(ifaddrmsg.get(1));
            Map<Integer, ByteBuffer> attributes = m.attributes(IFADDRMSG_LENGTH);
            // IFA_LOCAL is the address itself; IFA_ADDRESS is the peer on point-to-point links
            // and the only one present for IPv6.
            ByteBuffer local = attributes.getOrDefault(IFA_LOCAL, attributes.get(IFA_ADDRESS));
            if (local == null) {
                continue;
            }
            ByteBuffer label = attributes.get(IFA_LABEL);
            addresses.add(
                    new AssignedAddress(
                            InetAddress.getByAddress(NetlinkMessage.bytes(local)),
                            prefixLength,
                            label == null ? null : NetlinkMessage.string(label)));
        }
        return addresses;
    }

    /**
     * The interface's index, flags and MAC address (RTM_GETLINK by IFLA_IFNAME).
     *
     * @throws ErrnoException with ENODEV when no such interface exists
     */
    public LinkState link(String interfaceName) throws IOException {
        Ifreq.checkName(interfaceName);
        NetlinkRequest request =
                new NetlinkRequest(
                                RTM_GETLINK,
                                NetlinkRequest.NLM_F_REQUEST | NetlinkRequest.NLM_F_ACK)
                        .u8(0) // ifi_family
                        .u8(0) // pad
                        .u16(0) // ifi_type
                        .u32(0) // ifi_index 0: look up by IFLA_IFNAME
                        .u32(0) // ifi_flags
                        .u32(0) // ifi_change
                        .attribute(IFLA_IFNAME, interfaceName);
        for (NetlinkMessage m : netlink.exchange(request, "RTM_GETLINK " + interfaceName)) {
            ByteBuffer ifinfomsg = m.payload();
            int index = ifinfomsg.getInt(4);
            int flags = ifinfomsg.getInt(8);
            Map<Integer, ByteBuffer> attributes = m.attributes(IFINFOMSG_LENGTH);
            ByteBuffer hardware = attributes.get(IFLA_ADDRESS);
            MacAddress mac =
                    hardware != null && hardware.remaining() == 6
                            ? MacAddress.of(NetlinkMessage.bytes(hardware))
                            : null;
            return new LinkState(
                    interfaceName, index, (flags & IFF_UP) != 0, (flags & IFF_RUNNING) != 0, mac);
        }
        throw new IOException("RTM_GETLINK " + interfaceName + ": the kernel sent no link");
    }

    @Override
    public void close() throws IOException {
        netlink.close();
    }

    private static NetlinkRequest addressRequest(
            int type, int extraFlags, int index, InetAddress address, int prefixLength) {
        byte[] bytes = address.getAddress();
        return new NetlinkRequest(
                        type, NetlinkRequest.NLM_F_REQUEST | NetlinkRequest.NLM_F_ACK | extraFlags)
                .u8(address instanceof Inet4Address ? Libc.AF_INET : AF_INET6)
                .u8(prefixLength)
                .u8(0) // ifa_flags
                .u8(0) // ifa_scope RT_SCOPE_UNIVERSE
                .u32(index)
                .attribute(IFA_LOCAL, bytes)
                .attribute(IFA_ADDRESS, bytes);
    }

    private static void checkPrefix(InetAddress address, int prefixLength) {
        int max = address instanceof Inet4Address ? 32 : 128;
        if (prefixLength < 0 || prefixLength > max) {
            throw new IllegalArgumentException(
                    "prefix length out of range (0.." + max + "): " + prefixLength);
        }
    }
}
