package io.tandem.schedule;

import java.net.InetAddress;

/**
 * A client address masked to a prefix length, as two longs so that it hashes cheaply. IPv4
 * addresses live in {@code low} with {@code high} = -1, so they never equal an IPv6 key.
 */
record ClientKey(long high, long low) {

    static ClientKey of(InetAddress address, int prefixLength) {
        byte[] b = address.getAddress();
        if (b.length == 4) {
            long v =
                    ((b[0] & 0xffL) << 24)
                            | ((b[1] & 0xffL) << 16)
                            | ((b[2] & 0xffL) << 8)
                            | (b[3] & 0xffL);
            int bits = Math.min(prefixLength, 32);
            long mask = bits == 0 ? 0 : (0xffffffffL << (32 - bits)) & 0xffffffffL;
            return new ClientKey(-1, v & mask);
        }
        long hi = 0;
        long lo = 0;
        for (int i = 0; i < 8; i++) {
            hi = (hi << 8) | (b[i] & 0xffL);
            lo = (lo << 8) | (b[i + 8] & 0xffL);
        }
        int bits = Math.min(prefixLength, 128);
        long hiMask = bits >= 64 ? -1L : bits == 0 ? 0 : -1L << (64 - bits);
        long loMask = bits <= 64 ? 0 : bits == 128 ? -1L : -1L << (128 - bits);
        return new ClientKey(hi & hiMask, lo & loMask);
    }
}
