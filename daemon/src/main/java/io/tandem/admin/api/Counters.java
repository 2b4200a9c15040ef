package io.tandem.admin.api;

/**
 * Cumulative counters as ipvsadm {@code --stats} shows them (packets: see pool.TrafficCounters).
 */
public record Counters(
        long connections, long packetsIn, long packetsOut, long bytesIn, long bytesOut) {

    public static final Counters ZERO = new Counters(0, 0, 0, 0, 0);
}
