package io.tandem.forward;

import java.lang.foreign.MemorySegment;
import java.net.Inet4Address;

/**
 * An IPv4 header (RFC 791) at {@code at} in a segment. Setters that change an address keep the
 * header checksum right incrementally; the caller fixes the transport checksum, which covers the
 * addresses through the pseudo-header. IPv6 is not handled yet.
 */
public final class Ipv4 {

    public static final int MIN_LENGTH = 20;
    public static final int TCP = 6;
    public static final int UDP = 17;
    public static final int IPIP = 4;
    public static final int DONT_FRAGMENT = 0x4000;

    static final int TOTAL_LENGTH = 2;
    static final int FLAGS_FRAGMENT = 6;
    static final int TTL = 8;
    static final int PROTOCOL = 9;
    static final int CHECKSUM = 10;
    static final int SOURCE = 12;
    static final int DESTINATION = 16;

    private Ipv4() {}

    public static int version(MemorySegment s, long at) {
        return Bytes.u8(s, at) >>> 4;
    }

    /** The header length in bytes (IHL x 4). */
    public static int headerLength(MemorySegment s, long at) {
        return (Bytes.u8(s, at) & 0x0f) * 4;
    }

    public static int totalLength(MemorySegment s, long at) {
        return Bytes.u16(s, at + TOTAL_LENGTH);
    }

    public static int protocol(MemorySegment s, long at) {
        return Bytes.u8(s, at + PROTOCOL);
    }

    public static int ttl(MemorySegment s, long at) {
        return Bytes.u8(s, at + TTL);
    }

    public static int flagsAndFragment(MemorySegment s, long at) {
        return Bytes.u16(s, at + FLAGS_FRAGMENT);
    }

    /** Whether this is a fragment other than the first (offset != 0): no transport header here. */
    public static boolean isLaterFragment(MemorySegment s, long at) {
        return (flagsAndFragment(s, at) & 0x1fff) != 0;
    }

    /** Whether more fragments follow or this one is not the first: the datagram is split. */
    public static boolean isFragment(MemorySegment s, long at) {
        return (flagsAndFragment(s, at) & 0x3fff) != 0;
    }

    public static int checksum(MemorySegment s, long at) {
        return Bytes.u16(s, at + CHECKSUM);
    }

    public static int source(MemorySegment s, long at) {
        return Bytes.u32(s, at + SOURCE);
    }

    public static int destination(MemorySegment s, long at) {
        return Bytes.u32(s, at + DESTINATION);
    }

    public static void source(MemorySegment s, long at, int address) {
        replaceAddress(s, at, at + SOURCE, address);
    }

    public static void destination(MemorySegment s, long at, int address) {
        replaceAddress(s, at, at + DESTINATION, address);
    }

    private static void replaceAddress(MemorySegment s, long at, long field, int address) {
        int old = Bytes.u32(s, field);
        Bytes.u32(s, field, address);
        Bytes.u16(s, at + CHECKSUM, Checksum.update32(checksum(s, at), old, address));
    }

    /** Whether the header checksum verifies (a full sum over the header is 0xffff). */
    public static boolean checksumValid(MemorySegment s, long at) {
        return Checksum.finish(Checksum.add(0, s, at, headerLength(s, at))) == 0;
    }

    /** Recomputes the header checksum from scratch. */
    public static void fillChecksum(MemorySegment s, long at) {
        Bytes.u16(s, at + CHECKSUM, 0);
        Bytes.u16(s, at + CHECKSUM, Checksum.of(s, at, headerLength(s, at)));
    }

    /** The address as the big-endian int the header accessors use. */
    public static int value(Inet4Address address) {
        byte[] b = address.getAddress();
        return ((b[0] & 0xff) << 24) | ((b[1] & 0xff) << 16) | ((b[2] & 0xff) << 8) | (b[3] & 0xff);
    }
}
