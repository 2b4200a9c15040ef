package io.tandem.schedule;

import io.tandem.pool.RealServer;
import org.jspecify.annotations.Nullable;

/**
 * The least-loaded real server of a large pool without scanning it: a tournament tree whose leaves
 * are the servers in pool order and whose inner nodes hold the better of their two children. A
 * server's counters changing (a connection opened, established, closed) replays the matches on its
 * path to the root, log2(n) comparisons; a pick reads the root. lc, wlc, sed and nq use it above
 * {@link #MIN_SERVERS} servers, where IPVS's linear scan costs more per pick than this costs per
 * connection event.
 *
 * <p>Ties go to the left child, so with no concurrent change the root is exactly what the scan
 * returns: the first server, in pool order, that no other beats. Event loops update paths
 * concurrently without locks; the node array holds plain server indexes, and a match replayed from
 * a child value another thread is about to change can leave a node stale until the next change in
 * its subtree. A pick is then a near-least choice, as the kernel's unlocked scan is under load; a
 * stale root that is no longer eligible (quiesced, overloaded) falls back to the scan, so a pick
 * never returns a server the scan would skip.
 */
final class LoadTree {
    /** Below this many servers the scan is cheaper than keeping the tree (measured with JMH). */
    static final int MIN_SERVERS = 16;

    /** The scheduler's rule: whether {@code a} is strictly better than {@code b}. */
    interface Preference {
        boolean better(RealServer a, RealServer b);
    }

    /** The scheduler's scan, for the rare stale root. */
    interface Scan {
        @Nullable RealServer pick(RealServer[] servers);
    }

    private static final int NONE = -1;

    private final RealServer[] servers;
    private final Preference preference;
    private final Scan scan;
    private final int leaves;
    private final int[] winner; // node i has children 2i and 2i+1; leaf j is node leaves + j

    LoadTree(RealServer[] servers, Preference preference, Scan scan) {
        this.servers = servers;
        this.preference = preference;
        this.scan = scan;
        this.leaves = Integer.highestOneBit(Math.max(1, servers.length - 1)) << 1;
        this.winner = new int[2 * leaves];
        for (int j = 0; j < leaves; j++) {
            winner[leaves + j] = j < servers.length ? j : NONE;
        }
        for (int node = leaves - 1; node >= 1; node--) {
            winner[node] = match(winner[2 * node], winner[2 * node + 1]);
        }
        for (int j = 0; j < servers.length; j++) {
            int leaf = leaves + j;
            servers[j].onLoadChange(() -> replay(leaf));
        }
    }

    @Nullable RealServer pick() {
        int best = winner[1];
        if (best != NONE && eligible(servers[best])) {
            return servers[best];
        }
        return scan.pick(servers);
    }

    /** Replays the matches from a leaf's parent to the root; any thread, never blocks. */
    private void replay(int leaf) {
        for (int node = leaf >> 1; node >= 1; node >>= 1) {
            winner[node] = match(winner[2 * node], winner[2 * node + 1]);
        }
    }

    private int match(int left, int right) {
        if (right == NONE) {
            return left;
        }
        if (left == NONE) {
            return right;
        }
        RealServer l = servers[left];
        RealServer r = servers[right];
        boolean leftEligible = eligible(l);
        if (leftEligible != eligible(r)) {
            return leftEligible ? left : right;
        }
        return preference.better(r, l) ? right : left;
    }

    private static boolean eligible(RealServer s) {
        return s.weight() != 0 && !s.overloaded();
    }
}
