package io.tandem.forward;

import java.lang.foreign.MemorySegment;

/** An Ethernet II header at {@code at} in a segment: destination, source, ethertype (14 bytes). */
public final class Ethernet {

    public static final int LENGTH = 14;
    public static final int IPV4 = 0x0800;
    public static final int ARP = 0x0806;
    public static final int VLAN = 0x8100;

    private Ethernet() {}

    public static long destination(MemorySegment s, long at) {
        return Bytes.u48(s, at);
    }

    public static void destination(MemorySegment s, long at, long mac) {
        Bytes.u48(s, at, mac);
    }

    public static long source(MemorySegment s, long at) {
        return Bytes.u48(s, at + 6);
    }

    public static void source(MemorySegment s, long at, long mac) {
        Bytes.u48(s, at + 6, mac);
    }

    public static int type(MemorySegment s, long at) {
        return Bytes.u16(s, at + 12);
    }

    public static void type(MemorySegment s, long at, int ethertype) {
        Bytes.u16(s, at + 12, ethertype);
    }
}
