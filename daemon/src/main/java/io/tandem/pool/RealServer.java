package io.tandem.pool;

import io.tandem.common.HostPort;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;

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
    private final String label; // HOST:PORT, built once: the L7 proxy records it per request
    // The counts live in this object rather than in AtomicIntegers beside it: lc and wlc read
    // them for every server on every pick, and one cache line per server halves the scan time.
    private static final VarHandle ACTIVE;
    private static final VarHandle INACTIVE;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            ACTIVE = lookup.findVarHandle(RealServer.class, "active", int.class);
            INACTIVE = lookup.findVarHandle(RealServer.class, "inactive", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final TrafficCounters traffic = new TrafficCounters();
    private final TimeWaitCounter timeWait;
    private volatile int active;
    private volatile int inactive;
    private volatile int lingering; // TIME_WAIT total, written under the timeWait lock
    private volatile int weight;
    private volatile int upperThreshold;
    private volatile int lowerThreshold;
    private volatile boolean overloaded;
    private volatile @Nullable Runnable connectFailureListener;
    private volatile @Nullable Runnable loadListener;
    private final java.util.concurrent.atomic.LongAdder connectFailures =
            new java.util.concurrent.atomic.LongAdder();

    public RealServer(HostPort address, int weight) {
        this(address, weight, System::nanoTime);
    }

    /** With an injected clock ({@link System#nanoTime} units), for tests. */
    public RealServer(HostPort address, int weight, LongSupplier nanoTime) {
        this.address = address;
        this.label = address.toString();
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
        loadChanged();
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
        return active;
    }

    /**
     * Connections being opened or half-closed, UDP sessions, and TCP connections closed within the
     * last 120 s (IPVS keeps those in TIME_WAIT and counts them here too).
     */
    public int inactiveConnections() {
        return inactive + lingering;
    }

    public TrafficCounters traffic() {
        return traffic;
    }

    /**
     * Connections open now (active plus opening, half-closed or UDP sessions), without the closed
     * ones IPVS would still count in TIME_WAIT: what a drain waits for.
     */
    public int openConnections() {
        return active + inactive;
    }

    /** A connection to this server is being opened: counted inactive until established. */
    public void connectionStarted() {
        traffic.connectionOpened();
        INACTIVE.getAndAdd(this, 1);
        updateOverload();
        loadChanged();
    }

    /** An opening connection is now established both ways. */
    public void connectionEstablished() {
        INACTIVE.getAndAdd(this, -1);
        ACTIVE.getAndAdd(this, 1);
        loadChanged();
    }

    /** An established connection was half-closed by either side. */
    public void connectionClosing() {
        ACTIVE.getAndAdd(this, -1);
        INACTIVE.getAndAdd(this, 1);
        loadChanged();
    }

    /**
     * A TCP connection ended; {@code wasActive} says which count it was in. It stays counted as
     * inactive for IPVS's TIME_WAIT period.
     */
    public void connectionEnded(boolean wasActive) {
        (wasActive ? ACTIVE : INACTIVE).getAndAdd(this, -1);
        synchronized (timeWait) {
            lingering = timeWait.add();
        }
        updateOverload();
        loadChanged();
    }

    /**
     * An L7 request relayed to this server finished (answered or failed after it was sent). It was
     * counted active while in flight; unlike a closed TCP connection it leaves nothing in
     * TIME_WAIT, because the backend connection it used stays open in the pool. Without this, every
     * request of a keep-alive client would count inactive for 120 s.
     */
    public void requestFinished() {
        ACTIVE.getAndAdd(this, -1);
        updateOverload();
        loadChanged();
    }

    /**
     * A connection that never got established (the connect failed), or a UDP session that expired:
     * gone at once, with no TIME_WAIT, as IPVS drops such entries.
     */
    public void connectionDropped() {
        INACTIVE.getAndAdd(this, -1);
        updateOverload();
        loadChanged();
    }

    /**
     * The data plane could not connect to this server (refused, unreachable, timed out): a passive
     * health signal. Counts it and tells the listener (health checking probes early); never blocks,
     * so an event loop may call it.
     */
    public void connectFailed() {
        connectFailures.increment();
        Runnable listener = connectFailureListener;
        if (listener != null) {
            listener.run();
        }
    }

    /** Connect failures seen by the data plane since start. */
    public long connectFailures() {
        return connectFailures.sum();
    }

    /**
     * Who hears of {@link #connectFailed}; it runs on the reporting thread (an event loop) and must
     * not block. Null removes it.
     */
    public void onConnectFailure(@Nullable Runnable listener) {
        this.connectFailureListener = listener;
    }

    /**
     * Who hears that the connection counts (or the overload flag) changed: the scheduler keeping a
     * load order of its pool (schedule.LoadTree). One listener at a time, the newest scheduler's;
     * it runs on the changing thread, often an event loop, and must not block.
     */
    public void onLoadChange(@Nullable Runnable listener) {
        this.loadListener = listener;
    }

    private void loadChanged() {
        Runnable listener = loadListener;
        if (listener != null) {
            listener.run();
        }
    }

    /** Lets closed connections whose TIME_WAIT is over stop counting; called every second. */
    public void expireTimeWait() {
        synchronized (timeWait) {
            lingering = timeWait.expire();
        }
        loadChanged();
    }

    // IPVS checks thresholds when a connection is bound or unbound (ip_vs_bind_dest/unbind_dest).
    private void updateOverload() {
        int upper = upperThreshold;
        if (upper <= 0) {
            overloaded = false;
            return;
        }
        int total = active + inactiveConnections();
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
        return label;
    }
}
