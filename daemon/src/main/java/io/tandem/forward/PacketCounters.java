package io.tandem.forward;

import java.util.concurrent.atomic.LongAdder;

/** What happened to the frames for the VIP, for tests and /metrics (read from any thread). */
public final class PacketCounters {
    final LongAdder forwarded = new LongAdder();
    final LongAdder replies = new LongAdder();
    final LongAdder arpReplies = new LongAdder();
    final LongAdder unscheduled = new LongAdder();
    final LongAdder unresolved = new LongAdder();
    final LongAdder ringFull = new LongAdder();
    final LongAdder fragments = new LongAdder();
    final LongAdder malformed = new LongAdder();
    final LongAdder tooBig = new LongAdder();
    final LongAdder fragmentationNeeded = new LongAdder();
    final LongAdder snatPortsExhausted = new LongAdder();
    final LongAdder standby = new LongAdder();

    public long forwarded() {
        return forwarded.sum();
    }

    /** NAT: real servers' replies rewritten back to the VIP. */
    public long replies() {
        return replies.sum();
    }

    public long arpReplies() {
        return arpReplies.sum();
    }

    /** Packets with no connection and none to open (mid-stream, no server, table full). */
    public long unscheduled() {
        return unscheduled.sum();
    }

    /** Packets dropped because their real server's MAC was not resolved yet. */
    public long unresolved() {
        return unresolved.sum();
    }

    public long ringFull() {
        return ringFull.sum();
    }

    public long fragments() {
        return fragments.sum();
    }

    public long malformed() {
        return malformed.sum();
    }

    /** TUN: packets too big to encapsulate without fragmenting, and without DF (dropped). */
    public long tooBig() {
        return tooBig.sum();
    }

    /** NAT with snat_clients: new connections dropped because every source port was taken. */
    public long snatPortsExhausted() {
        return snatPortsExhausted.sum();
    }

    /** TUN: ICMP "fragmentation needed" sent to clients for packets too big to encapsulate. */
    public long fragmentationNeeded() {
        return fragmentationNeeded.sum();
    }

    /**
     * Frames for the VIP that arrived while the forwarder was inactive (its VRRP instance not
     * MASTER), left to the kernel, which drops them.
     */
    public long standby() {
        return standby.sum();
    }
}
