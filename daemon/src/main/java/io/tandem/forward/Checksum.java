package io.tandem.forward;

import java.lang.foreign.MemorySegment;

/**
 * The Internet checksum (RFC 1071): a full computation, and the incremental update of RFC 1624
 * (eqn. 3, {@code HC' = ~(~HC + ~m + m')}) used when a rewrite changes a few 16-bit words. Values
 * are 16-bit checksums as they sit in the header.
 */
public final class Checksum {

    private Checksum() {}

    /** Adds the 16-bit big-endian words of {@code s[at, at + length)} to {@code sum}, unfolded. */
    public static long add(long sum, MemorySegment s, long at, int length) {
        long end = at + length;
        long i = at;
        for (; i + 1 < end; i += 2) {
            sum += Bytes.u16(s, i);
        }
        if (i < end) {
            sum += Bytes.u8(s, i) << 8; // odd length: pad with a zero byte
        }
        return sum;
    }

    /** Folds a 32+ bit sum to 16 bits and complements it: the value to store in a header. */
    public static int finish(long sum) {
        while ((sum >>> 16) != 0) {
            sum = (sum & 0xffff) + (sum >>> 16);
        }
        return (int) (~sum & 0xffff);
    }

    /** The checksum of {@code s[at, at + length)}, e.g. an IPv4 header with its field zeroed. */
    public static int of(MemorySegment s, long at, int length) {
        return finish(add(0, s, at, length));
    }

    /** RFC 1624: the checksum after one 16-bit word changed from {@code old} to {@code now}. */
    public static int update16(int checksum, int old, int now) {
        long sum = (~checksum & 0xffffL) + (~old & 0xffffL) + (now & 0xffffL);
        return finish(sum);
    }

    /** RFC 1624 for a 32-bit field (an IPv4 address): both of its words. */
    public static int update32(int checksum, int old, int now) {
        long sum =
                (~checksum & 0xffffL)
                        + (~(old >>> 16) & 0xffffL)
                        + (~old & 0xffffL)
                        + ((now >>> 16) & 0xffffL)
                        + (now & 0xffffL);
        return finish(sum);
    }

    /**
     * The TCP or UDP checksum computed from scratch over the IPv4 pseudo-header (RFC 793, RFC 768)
     * and the segment at {@code l4} of {@code length} bytes, whose checksum field must be zero.
     */
    public static int transport(MemorySegment s, long ip, long l4, int length) {
        long sum = 0;
        sum = add(sum, s, ip + Ipv4.SOURCE, 8); // source and destination addresses
        sum += Ipv4.protocol(s, ip);
        sum += length;
        return finish(add(sum, s, l4, length));
    }
}
