package io.tandem.testing;

import java.io.InputStream;
import java.util.SplittableRandom;

/**
 * A fixed-length stream of pseudo-random bytes that is the same every time, so both ends of a
 * transfer can compute its digest without keeping it in memory.
 */
public final class PatternStream extends InputStream {
    private static final int BLOCK = 64 * 1024;

    private final SplittableRandom random = new SplittableRandom(20_251_125L);
    private final byte[] block = new byte[BLOCK];
    private long remaining;
    private int position = BLOCK;

    public PatternStream(long length) {
        this.remaining = length;
    }

    @Override
    public int read() {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) {
        if (remaining == 0) {
            return -1;
        }
        if (position == BLOCK) {
            random.nextBytes(block);
            position = 0;
        }
        int n = (int) Math.min(Math.min(len, BLOCK - position), remaining);
        System.arraycopy(block, position, b, off, n);
        position += n;
        remaining -= n;
        return n;
    }

    /** The whole stream's SHA-256. */
    public static byte[] sha256(long length) {
        var sha = StubBackend.sha256();
        byte[] buf = new byte[BLOCK];
        PatternStream s = new PatternStream(length);
        for (int n; (n = s.read(buf, 0, BLOCK)) > 0; ) {
            sha.update(buf, 0, n);
        }
        return sha.digest();
    }
}
