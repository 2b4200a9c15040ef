package io.tandem.dns;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * Orders the addresses of one answer: the n-th query of a name puts first the server whose weight
 * range holds {@code n mod totalWeight}, then lists the others in configuration order, rotated to
 * follow it. Over {@code totalWeight} consecutive queries each server comes first {@code weight}
 * times; with equal weights this is plain round-robin. Pure and stateless: the caller counts
 * queries.
 */
final class WeightedRotation {

    private WeightedRotation() {}

    /**
     * @param targets the candidates in configuration order; weight-0 ones are skipped
     * @param query the query's number for this name, counting from 0
     * @param max at most this many addresses (at least 1)
     */
    static List<InetAddress> order(List<AnswerTarget> targets, long query, int max) {
        List<AnswerTarget> eligible = new ArrayList<>(targets.size());
        long total = 0;
        for (AnswerTarget t : targets) {
            if (t.weight() > 0) {
                eligible.add(t);
                total += t.weight();
            }
        }
        if (eligible.isEmpty()) {
            return List.of();
        }
        long slot = Math.floorMod(query, total);
        int first = 0;
        for (long passed = 0; first < eligible.size(); first++) {
            passed += eligible.get(first).weight();
            if (slot < passed) {
                break;
            }
        }
        int count = Math.min(max, eligible.size());
        List<InetAddress> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            out.add(eligible.get((first + i) % eligible.size()).address());
        }
        return out;
    }
}
