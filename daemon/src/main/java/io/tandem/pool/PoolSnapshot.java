package io.tandem.pool;

import java.util.List;

/**
 * The real servers that may receive traffic at one moment, in configuration order: an immutable
 * list published by the control thread and read lock-free by event loops. A server that is down is
 * absent; a server with {@code inhibit_on_failure} that is down is present with weight 0. Weights
 * are read from each {@link RealServer} and only change together with a new snapshot.
 */
public record PoolSnapshot(List<RealServer> servers) {

    public static final PoolSnapshot EMPTY = new PoolSnapshot(List.of());

    public PoolSnapshot {
        servers = List.copyOf(servers);
    }

    public static PoolSnapshot of(RealServer... servers) {
        return new PoolSnapshot(List.of(servers));
    }

    public boolean isEmpty() {
        return servers.isEmpty();
    }

    public int size() {
        return servers.size();
    }

    /** Sum of the weights of every server listed; what keepalived compares with quorum. */
    public long totalWeight() {
        long sum = 0;
        for (RealServer s : servers) {
            sum += s.weight();
        }
        return sum;
    }
}
