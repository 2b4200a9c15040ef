package io.tandem.forward;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.HexFormat;

/**
 * Frames as a capture shows them, and a checksum verifier written independently of the main code
 * (plain byte arrays, RFC 1071 sum), so a rewrite is checked by full recomputation.
 */
final class CapturedFrames {

    /** 192.168.7.21:51234 -> 192.168.7.100:80, SYN with MSS, SACK-permitted, timestamps, wscale. */
    static final String TCP_SYN =
            "02aabbccdd0102aabbccdd0208004500003c1c46400040068eacc0a80715c0a80764c82200503a1f09c2"
                    + "00000000a002faf0da570000020405b40402080a0012d6870000000001030307";

    /** 192.168.7.21:53000 -> 192.168.7.100:53, a DNS query for example.com, DF clear. */
    static final String UDP_QUERY =
            "02aabbccdd0102aabbccdd020800450000391c4600004011cea4c0a80715c0a80764cf0800350025befa"
                    + "123401000001000000000000076578616d706c6503636f6d0000010001";

    private CapturedFrames() {}

    static MemorySegment segment(Arena arena, String hex) {
        byte[] bytes = HexFormat.of().parseHex(hex);
        MemorySegment s = arena.allocate(2048);
        MemorySegment.copy(bytes, 0, s, ValueLayout.JAVA_BYTE, 0, bytes.length);
        return s;
    }

    static byte[] bytes(MemorySegment s, int length) {
        return s.asSlice(0, length).toArray(ValueLayout.JAVA_BYTE);
    }

    static int ipv4Address(String dotted) {
        String[] p = dotted.split("\\.");
        return (Integer.parseInt(p[0]) << 24)
                | (Integer.parseInt(p[1]) << 16)
                | (Integer.parseInt(p[2]) << 8)
                | Integer.parseInt(p[3]);
    }

    /** Whether the IPv4 header at {@code ip} sums to 0xffff, its checksum included. */
    static boolean ipv4HeaderVerifies(byte[] f, int ip) {
        int length = (f[ip] & 0x0f) * 4;
        return fold(sum(f, ip, length, 0)) == 0xffff;
    }

    /** Whether the TCP or UDP checksum of the IPv4 packet at {@code ip} verifies. */
    static boolean transportVerifies(byte[] f, int ip) {
        int headerLength = (f[ip] & 0x0f) * 4;
        int total = ((f[ip + 2] & 0xff) << 8) | (f[ip + 3] & 0xff);
        int protocol = f[ip + 9] & 0xff;
        int l4Length = total - headerLength;
        long s = sum(f, ip + 12, 8, 0) + protocol + l4Length;
        return fold(sum(f, ip + headerLength, l4Length, s)) == 0xffff;
    }

    private static long sum(byte[] f, int from, int length, long s) {
        for (int i = 0; i < length; i += 2) {
            int hi = f[from + i] & 0xff;
            int lo = i + 1 < length ? f[from + i + 1] & 0xff : 0;
            s += (hi << 8) | lo;
        }
        return s;
    }

    private static int fold(long s) {
        while ((s >>> 16) != 0) {
            s = (s & 0xffff) + (s >>> 16);
        }
        return (int) s;
    }
}
