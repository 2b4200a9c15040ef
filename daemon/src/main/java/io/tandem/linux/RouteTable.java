package io.tandem.linux;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Route look-ups for single IPv4 destinations, as {@code ip route get} does: an {@code
 * RTM_GETROUTE} request for one /32 (rtnetlink(7)), answered with the route the kernel would use
 * for a packet from this host. Acts in the network namespace of the thread that opened it. Off the
 * fast path: one netlink round trip per look-up; thread-safe (the socket serialises requests).
 */
public final class RouteTable implements AutoCloseable {

    private static final int RTM_NEWROUTE = 24;
    private static final int RTM_GETROUTE = 26;
    private static final int RTMSG_LENGTH = 12; // struct rtmsg
    private static final int RTA_DST = 1;
    private static final int RTA_OIF = 4;
    private static final int RTA_GATEWAY = 5;
    private static final int RTA_PREFSRC = 7;
    private static final int RTM_NEWLINK = 16;
    private static final int RTM_GETLINK = 18;
    private static final int IFINFOMSG_LENGTH = 16; // struct ifinfomsg
    private static final int IFLA_IFNAME = 3;
    // The kernel's "no route" answers: no matching route, an unreachable or prohibit route, a
    // blackhole route (linux/ipv4/fib_semantics.c, fib_props).
    private static final int ENETUNREACH = 101;
    private static final int EHOSTUNREACH = 113;
    private static final int EACCES = 13;
    private static final int EINVAL = 22;
    private static final int ENODEV = 19;

    private final NetlinkSocket netlink;

    private RouteTable(NetlinkSocket netlink) {
        this.netlink = netlink;
    }

    public static RouteTable open() throws IOException {
        return new RouteTable(NetlinkSocket.open());
    }

    /**
     * The route to {@code destination}, or null when the kernel has none (no matching route, or an
     * unreachable, prohibit or blackhole one).
     *
     * @throws IOException when netlink fails otherwise
     */
    public @Nullable Route lookup(Inet4Address destination) throws IOException {
        NetlinkRequest request =
                new NetlinkRequest(
                                RTM_GETROUTE,
                                NetlinkRequest.NLM_F_REQUEST | NetlinkRequest.NLM_F_ACK)
                        .u8(Libc.AF_INET) // rtm_family
                        .u8(32) // rtm_dst_len: one address
                        .u8(0) // rtm_src_len
                        .u8(0) // rtm_tos
                        .u8(0) // rtm_table
                        .u8(0) // rtm_protocol
                        .u8(0) // rtm_scope
                        .u8(0) // rtm_type
                        .u32(0) // rtm_flags
                        .attribute(RTA_DST, destination.getAddress());
        try {
            for (NetlinkMessage m : netlink.exchange(request, "RTM_GETROUTE")) {
                if (m.type() == RTM_NEWROUTE && m.payload().remaining() >= RTMSG_LENGTH) {
                    return route(m.attributes(RTMSG_LENGTH));
                }
            }
            return null;
        } catch (ErrnoException e) {
            return switch (e.errno()) {
                case ENETUNREACH, EHOSTUNREACH, EACCES, EINVAL -> null;
                default -> throw e;
            };
        }
    }

    /**
     * The name of interface {@code index} (RTM_GETLINK), for messages about a route; {@code "#N"}
     * when the interface is gone.
     */
    public String interfaceName(int index) throws IOException {
        NetlinkRequest request =
                new NetlinkRequest(
                                RTM_GETLINK,
                                NetlinkRequest.NLM_F_REQUEST | NetlinkRequest.NLM_F_ACK)
                        .u8(0) // ifi_family
                        .u8(0) // pad
                        .u16(0) // ifi_type
                        .u32(index) // ifi_index
                        .u32(0) // ifi_flags
                        .u32(0); // ifi_change
        try {
            for (NetlinkMessage m : netlink.exchange(request, "RTM_GETLINK #" + index)) {
                ByteBuffer name = m.attributes(IFINFOMSG_LENGTH).get(IFLA_IFNAME);
                if (m.type() == RTM_NEWLINK && name != null) {
                    return NetlinkMessage.string(name);
                }
            }
        } catch (ErrnoException e) {
            if (e.errno() != ENODEV) {
                throw e;
            }
            // the interface went away since the route look-up
        }
        return "#" + index;
    }

    private static Route route(Map<Integer, ByteBuffer> attributes) throws IOException {
        ByteBuffer oif = attributes.get(RTA_OIF);
        return new Route(
                oif != null && oif.remaining() == 4 ? oif.getInt(0) : 0,
                address(attributes.get(RTA_GATEWAY)),
                address(attributes.get(RTA_PREFSRC)));
    }

    private static @Nullable Inet4Address address(@Nullable ByteBuffer value) throws IOException {
        if (value == null || value.remaining() != 4) {
            return null;
        }
        return (Inet4Address) InetAddress.getByAddress(NetlinkMessage.bytes(value));
    }

    @Override
    public void close() throws IOException {
        netlink.close();
    }
}
