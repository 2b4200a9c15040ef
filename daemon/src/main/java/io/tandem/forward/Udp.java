package io.tandem.forward;

import java.lang.foreign.MemorySegment;

/**
 * A UDP header (RFC 768) at {@code at}. Over IPv4 a checksum of 0 means "none sent"; it stays 0
 * through a rewrite, and a computed 0 is sent as 0xffff.
 */
public final class Udp {

    public static final int LENGTH = 8;

    static final int CHECKSUM = 6;

    private Udp() {}

    public static int sourcePort(MemorySegment s, long at) {
        return Bytes.u16(s, at);
    }

    public static int destinationPort(MemorySegment s, long at) {
        return Bytes.u16(s, at + 2);
    }

    public static int checksum(MemorySegment s, long at) {
        return Bytes.u16(s, at + CHECKSUM);
    }

    static void checksum(MemorySegment s, long at, int value) {
        Bytes.u16(s, at + CHECKSUM, value);
    }
}
