package io.tandem.linux;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.lang.foreign.Arena;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.ValueLayout;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteOrder;

/**
 * The socket address structs this package passes to the kernel, laid out as in the C headers.
 * Multi-byte fields marked "network order" are big-endian; the rest are host order.
 */
final class Sockaddr {

    private static final ValueLayout.OfShort NET_SHORT = JAVA_SHORT.withOrder(ByteOrder.BIG_ENDIAN);

    /** {@code struct sockaddr_in} (ip(7)): family, port (network order), address, zero pad. */
    static final StructLayout IN =
            MemoryLayout.structLayout(
                    JAVA_SHORT.withName("sin_family"),
                    NET_SHORT.withName("sin_port"),
                    MemoryLayout.sequenceLayout(4, JAVA_BYTE).withName("sin_addr"),
                    MemoryLayout.paddingLayout(8));

    /** {@code struct sockaddr_in6} (ipv6(7)): family, port, flow info, address, scope id. */
    static final StructLayout IN6 =
            MemoryLayout.structLayout(
                    JAVA_SHORT.withName("sin6_family"),
                    NET_SHORT.withName("sin6_port"),
                    JAVA_INT.withName("sin6_flowinfo"),
                    MemoryLayout.sequenceLayout(16, JAVA_BYTE).withName("sin6_addr"),
                    JAVA_INT.withName("sin6_scope_id"));

    /** {@code struct sockaddr_ll} (packet(7)). */
    static final StructLayout LL =
            MemoryLayout.structLayout(
                    JAVA_SHORT.withName("sll_family"),
                    NET_SHORT.withName("sll_protocol"),
                    JAVA_INT.withName("sll_ifindex"),
                    JAVA_SHORT.withName("sll_hatype"),
                    JAVA_BYTE.withName("sll_pkttype"),
                    JAVA_BYTE.withName("sll_halen"),
                    MemoryLayout.sequenceLayout(8, JAVA_BYTE).withName("sll_addr"));

    /** {@code struct sockaddr_nl} (netlink(7)): pid 0 addresses the kernel. */
    static final StructLayout NL =
            MemoryLayout.structLayout(
                    JAVA_SHORT.withName("nl_family"),
                    MemoryLayout.paddingLayout(2),
                    JAVA_INT.withName("nl_pid"),
                    JAVA_INT.withName("nl_groups"));

    private Sockaddr() {}

    static MemorySegment inet4(Arena arena, Inet4Address address) {
        MemorySegment s = arena.allocate(IN);
        s.set(JAVA_SHORT, 0, (short) Libc.AF_INET);
        MemorySegment.copy(address.getAddress(), 0, s, JAVA_BYTE, 4, 4);
        return s;
    }

    /** A {@code sockaddr_in} or {@code sockaddr_in6} for {@code address}, port 0. */
    static MemorySegment inet(Arena arena, InetAddress address) {
        if (address instanceof Inet4Address v4) {
            return inet4(arena, v4);
        }
        MemorySegment s = arena.allocate(IN6);
        s.set(JAVA_SHORT, 0, (short) Libc.AF_INET6);
        MemorySegment.copy(address.getAddress(), 0, s, JAVA_BYTE, 8, 16);
        if (address instanceof java.net.Inet6Address v6) {
            s.set(JAVA_INT, 24, v6.getScopeId());
        }
        return s;
    }

    /** Reads the address of a {@code sockaddr_in} or {@code sockaddr_in6} the kernel filled in. */
    static InetAddress inet(MemorySegment s) {
        if (s.get(JAVA_SHORT, 0) == Libc.AF_INET) {
            return inet4(s);
        }
        try {
            return InetAddress.getByAddress(s.asSlice(8, 16).toArray(JAVA_BYTE));
        } catch (UnknownHostException e) {
            throw new IllegalStateException("sixteen bytes are always an IPv6 address", e);
        }
    }

    /** Reads the address of a {@code sockaddr_in} the kernel filled in. */
    static Inet4Address inet4(MemorySegment s) {
        byte[] bytes = s.asSlice(4, 4).toArray(JAVA_BYTE);
        try {
            return (Inet4Address) InetAddress.getByAddress(bytes);
        } catch (UnknownHostException e) {
            throw new IllegalStateException("four bytes are always an IPv4 address", e);
        }
    }

    /** A link-layer destination on {@code ifindex} for ethertype {@code protocol}. */
    static MemorySegment link(Arena arena, int ifindex, int protocol, byte[] hardwareAddress) {
        MemorySegment s = arena.allocate(LL);
        s.set(JAVA_SHORT, 0, (short) Libc.AF_PACKET);
        s.set(NET_SHORT, 2, (short) protocol);
        s.set(JAVA_INT, 4, ifindex);
        s.set(JAVA_BYTE, 11, (byte) hardwareAddress.length);
        MemorySegment.copy(hardwareAddress, 0, s, JAVA_BYTE, 12, hardwareAddress.length);
        return s;
    }

    static MemorySegment kernel(Arena arena) {
        MemorySegment s = arena.allocate(NL);
        s.set(JAVA_SHORT, 0, (short) Libc.AF_NETLINK);
        return s;
    }
}
