package io.tandem.vrrp;

/**
 * The Internet checksum of RFC 1071 (one's-complement sum of 16-bit big-endian words), fed in
 * pieces so the v3 pseudo-header and the VRRP message need not be copied into one buffer. Written
 * by hand because the JDK has no public Internet checksum, and it is a dozen lines.
 */
final class InternetChecksum {
    private long sum;
    private boolean odd;
    private int pendingHigh;

    /** Adds bytes as if appended to everything added before. */
    InternetChecksum add(byte[] bytes, int offset, int length) {
        for (int i = offset; i < offset + length; i++) {
            int value = bytes[i] & 0xFF;
            if (odd) {
                sum += (pendingHigh << 8) | value;
            } else {
                pendingHigh = value;
            }
            odd = !odd;
        }
        return this;
    }

    InternetChecksum add(byte[] bytes) {
        return add(bytes, 0, bytes.length);
    }

    /** The checksum: the complement of the folded sum, an odd trailing byte padded with zero. */
    int value() {
        long total = sum + (odd ? (pendingHigh << 8) : 0);
        while ((total >>> 16) != 0) {
            total = (total & 0xFFFF) + (total >>> 16);
        }
        return (int) (~total & 0xFFFF);
    }
}
