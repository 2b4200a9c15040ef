package io.tandem.forward;

import java.lang.foreign.MemorySegment;

/** A TCP header (RFC 9293) at {@code at}: ports, flags and the checksum field. */
public final class Tcp {

    public static final int MIN_LENGTH = 20;
    public static final int FIN = 0x01;
    public static final int SYN = 0x02;
    public static final int RST = 0x04;
    public static final int ACK = 0x10;

    static final int CHECKSUM = 16;

    private Tcp() {}

    public static int sourcePort(MemorySegment s, long at) {
        return Bytes.u16(s, at);
    }

    public static int destinationPort(MemorySegment s, long at) {
        return Bytes.u16(s, at + 2);
    }

    /** The low eight flag bits (CWR ECE URG ACK PSH RST SYN FIN). */
    public static int flags(MemorySegment s, long at) {
        return Bytes.u8(s, at + 13);
    }

    public static int checksum(MemorySegment s, long at) {
        return Bytes.u16(s, at + CHECKSUM);
    }

    static void checksum(MemorySegment s, long at, int value) {
        Bytes.u16(s, at + CHECKSUM, value);
    }
}
