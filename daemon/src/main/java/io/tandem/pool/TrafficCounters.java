package io.tandem.pool;

import java.util.concurrent.atomic.LongAdder;

/**
 * Cumulative traffic counters with ipvsadm's meaning ({@code --stats}): connections, packets and
 * bytes in (client to server) and out (server to client). Written by event loops, read by stats.
 *
 * <p>A full proxy never sees packets, so packets are approximated: one per socket read or datagram
 * forwarded (a read returns what the kernel coalesced, often several segments).
 */
public final class TrafficCounters {
    private final LongAdder connections = new LongAdder();
    private final LongAdder packetsIn = new LongAdder();
    private final LongAdder packetsOut = new LongAdder();
    private final LongAdder bytesIn = new LongAdder();
    private final LongAdder bytesOut = new LongAdder();

    public void connectionOpened() {
        connections.increment();
    }

    /** Client to real server: one read or datagram of {@code bytes}. */
    public void inbound(long bytes) {
        packetsIn.increment();
        bytesIn.add(bytes);
    }

    /** Real server to client: one read or datagram of {@code bytes}. */
    public void outbound(long bytes) {
        packetsOut.increment();
        bytesOut.add(bytes);
    }

    public long connections() {
        return connections.sum();
    }

    public long packetsIn() {
        return packetsIn.sum();
    }

    public long packetsOut() {
        return packetsOut.sum();
    }

    public long bytesIn() {
        return bytesIn.sum();
    }

    public long bytesOut() {
        return bytesOut.sum();
    }

    /** ipvsadm -Z. */
    public void reset() {
        connections.reset();
        packetsIn.reset();
        packetsOut.reset();
        bytesIn.reset();
        bytesOut.reset();
    }
}
