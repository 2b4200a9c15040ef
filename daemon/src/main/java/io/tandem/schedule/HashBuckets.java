package io.tandem.schedule;

import io.tandem.pool.PoolSnapshot;
import io.tandem.pool.RealServer;
import java.net.InetAddress;
import org.jspecify.annotations.Nullable;

/**
 * The 256-bucket table behind IPVS's {@code sh} and {@code dh}: buckets are dealt to the servers in
 * pool order, each server taking as many consecutive buckets as its weight (at least one, so a
 * quiesced server keeps its place), cycling through the pool until all 256 are filled. An address
 * is hashed to one bucket; its server is the answer, or nothing when that server is unavailable.
 *
 * <p>Immutable, built on the control thread once per snapshot.
 */
final class HashBuckets {
    static final int BITS = 8;
    static final int SIZE = 1 << BITS;
    // 2^32 / golden ratio, the multiplier of the kernel's hash_32().
    private static final int GOLDEN_RATIO_32 = 0x61C88647;

    private final @Nullable RealServer[] buckets = new RealServer[SIZE];

    HashBuckets(PoolSnapshot pool) {
        var servers = pool.servers();
        if (servers.isEmpty()) {
            return;
        }
        int server = 0;
        int dealt = 0;
        for (int b = 0; b < SIZE; b++) {
            RealServer s = servers.get(server);
            buckets[b] = s;
            if (++dealt >= s.weight()) {
                server = (server + 1) % servers.size();
                dealt = 0;
            }
        }
    }

    /**
     * The bucket of an address: the kernel's {@code hash_32} of the address folded to 32 bits. An
     * IPv4 address is its own fold; an IPv6 address folds through {@link InetAddress#hashCode()} (a
     * sum of its four 32-bit words, where IPVS XORs them), which reads the address without copying
     * it, so a pick allocates nothing.
     */
    static int bucketOf(InetAddress address) {
        return (address.hashCode() * GOLDEN_RATIO_32) >>> (32 - BITS);
    }

    /** The server for {@code address}, or null when the server its bucket holds is unavailable. */
    @Nullable RealServer serverFor(InetAddress address) {
        return available(buckets[bucketOf(address)]);
    }

    /** The server for an L7 {@code hash_key} value (a header or cookie), hashed the same way. */
    @Nullable RealServer serverFor(String key) {
        return available(buckets[(key.hashCode() * GOLDEN_RATIO_32) >>> (32 - BITS)]);
    }

    private static @Nullable RealServer available(@Nullable RealServer s) {
        return s == null || s.weight() == 0 || s.overloaded() ? null : s;
    }

    /** The server dealt bucket {@code index}; for tests. */
    @Nullable RealServer bucket(int index) {
        return buckets[index];
    }
}
