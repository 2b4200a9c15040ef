package io.tandem.dns;

import java.net.InetAddress;

/**
 * One address a name may be answered with.
 *
 * @param address an A (IPv4) or AAAA (IPv6) address
 * @param weight how often, relative to the others, it is listed first; 0 never is and is left out
 */
public record AnswerTarget(InetAddress address, int weight) {

    public AnswerTarget {
        if (weight < 0) {
            throw new IllegalArgumentException("negative weight " + weight);
        }
    }
}
