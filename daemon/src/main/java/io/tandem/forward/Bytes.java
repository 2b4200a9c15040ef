package io.tandem.forward;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT_UNALIGNED;
import static java.lang.foreign.ValueLayout.JAVA_SHORT_UNALIGNED;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/** Network-order (big-endian) reads and writes at any offset of a segment. */
final class Bytes {

    private static final ValueLayout.OfShort U16 =
            JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    private static final ValueLayout.OfInt U32 = JAVA_INT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);

    private Bytes() {}

    static int u8(MemorySegment s, long at) {
        return Byte.toUnsignedInt(s.get(JAVA_BYTE, at));
    }

    static void u8(MemorySegment s, long at, int value) {
        s.set(JAVA_BYTE, at, (byte) value);
    }

    static int u16(MemorySegment s, long at) {
        return Short.toUnsignedInt(s.get(U16, at));
    }

    static void u16(MemorySegment s, long at, int value) {
        s.set(U16, at, (short) value);
    }

    static int u32(MemorySegment s, long at) {
        return s.get(U32, at);
    }

    static void u32(MemorySegment s, long at, int value) {
        s.set(U32, at, value);
    }

    /** The six bytes at {@code at} as a MAC in the low 48 bits, first octet highest. */
    static long u48(MemorySegment s, long at) {
        return ((long) u16(s, at) << 32) | Integer.toUnsignedLong(u32(s, at + 2));
    }

    static void u48(MemorySegment s, long at, long value) {
        u16(s, at, (int) (value >>> 32));
        u32(s, at + 2, (int) value);
    }
}
