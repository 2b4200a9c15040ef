package io.tandem.pool;

import io.tandem.common.HostPort;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;

/**
 * A real server as the data plane sees it: identity, current weight, live connection counts and
 * traffic counters. One instance per (virtual server, address) lives as long as the real server is
 * configured, across health changes and pool snapshots, so its counters survive them.
 *
 * <p>Connection counts follow ipvsadm's meaning: <em>active</em> connections are established in
 * both directions; <em>inactive</em> ones are being opened, half-closed, or (for UDP) every
 * session. Schedulers read them from event loops; the weight and thresholds are written only by the
 * control thread.
 */
public final class RealServer {
    private final HostPort address;
    private final AtomicInteger active = new AtomicInteger();
    private final AtomicInteger inactive = new AtomicInteger();
    private final TrafficCounters traffic = new TrafficCounters();
    private final TimeWaitCounter timeWait;
    private volatile int weight;
    private volatile int upperThreshold;
    private volatile int lowerThreshold;
    private volatile boolean overloaded;

    public RealServer(HostPort address, int weight) {
        this(address, weight, System::nanoTime);
    }

    /** With an injected clock ({@link System#nanoTime} units), for tests. */
    public RealServer(HostPort address, int weight, LongSupplier nanoTime) {
        this.address = address;
        this.weight = weight;
        this.timeWait = new TimeWaitCounter(TimeWaitCounter.DEFAULT_SECONDS, nanoTime);
    }

    public HostPort address() {
        return address;
    }

    /** The weight schedulers use now; 0 means quiesced (no new connections). */
    public int weight() {
        return weight;
    }

    /** Control thread only; publish a new pool snapshot afterwards so schedulers see it. */
    public void setWeight(int weight) {
        if (weight < 0) {
            throw new IllegalArgumentException("negative weight " + weight);
        }
        this.weight = weight;
    }

    /**
     * ipvsadm -x/-y: at {@code upper} connections (active + inactive) the server takes no new ones
     * until it drops below {@code lower} (3/4 of upper when {@code lower} is 0). 0 means no limit.
     */
    public void setThresholds(int upper, int lower) {
        this.upperThreshold = upper;
        this.lowerThreshold = lower;
        updateOverload();
    }

    public int upperThreshold() {
        return upperThreshold;
    }

    public int lowerThreshold() {
        return lowerThreshold;
    }

    /** IPVS's IP_VS_DEST_F_OVERLOAD: schedulers skip an overloaded server. */
    public boolean overloaded() {
        return overloaded;
    }

    public int activeConnections() {
        return active.get();
    }

    /**
     * Connections being opened or half-closed, UDP sessions, and TCP connections closed within the
     * last 120 s (IPVS keeps those in TIME_WAIT and counts them here too).
     */
    public int inactiveConnections() {
        return inactive.get() + timeWait.count();
    }

    public TrafficCounters traffic() {
        return traffic;
    }

    /** A connection to this server is being opened: counted inactive until established. */
    public void connectionStarted() {
        traffic.connectionOpened();
        inactive.incrementAndGet();
        updateOverload();
    }

    /** An opening connection is now established both ways. */
    public void connectionEstablished() {
        inactive.decrementAndGet();
        active.incrementAndGet();
    }

    /** An established connection was half-closed by either side. */
    public void connectionClosing() {
        active.decrementAndGet();
        inactive.incrementAndGet();
    }

    /**
     * A TCP connection ended; {@code wasActive} says which count it was in. It stays counted as
     * inactive for IPVS's TIME_WAIT period.
     */
    public void connectionEnded(boolean wasActive) {
        (wasActive ? active : inactive).decrementAndGet();
        timeWait.add();
        updateOverload();
    }

    /**
     * A connection that never got established (the connect failed), or a UDP session that expired:
     * gone at once, with no TIME_WAIT, as IPVS drops such entries.
     */
    public void connectionDropped() {
        inactive.decrementAndGet();
        updateOverload();
    }

    /** Lets closed connections whose TIME_WAIT is over stop counting; called every second. */
    public void expireTimeWait() {
        timeWait.expire();
    }

    // IPVS checks thresholds when a connection is bound or unbound (ip_vs_bind_dest/unbind_dest).
    private void updateOverload() {
        int upper = upperThreshold;
        if (upper <= 0) {
            overloaded = false;
            return;
        }
        int total = active.get() + inactiveConnections();
        if (total >= upper) {
            overloaded = true;
        } else if (overloaded) {
            int lower = lowerThreshold > 0 ? lowerThreshold : upper * 3 / 4;
            if (total < lower) {
                overloaded = false;
            }
        }
    }

    @Override
    public String toString() {
        return address.toString();
    }
}
