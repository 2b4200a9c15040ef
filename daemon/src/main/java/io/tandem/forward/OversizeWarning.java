package io.tandem.forward;

import io.tandem.common.HostPort;
import io.tandem.linux.PacketRing;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Says when frames longer than a ring frame arrive. Such super-frames (GRO or LRO on the interface,
 * TSO on the sender of a veth) are dropped by the ring, so a TCP stream through the forwarder just
 * stalls with nothing in the log otherwise. Logged at the first and then at most once a minute,
 * with what to change. Packet thread only.
 */
final class OversizeWarning {
    private static final Logger LOG = LoggerFactory.getLogger(OversizeWarning.class);
    private static final long INTERVAL_NANOS = Duration.ofMinutes(1).toNanos();

    private final String interfaceName;
    private final List<HostPort> listen;
    private long reported; // PacketRing#truncated when last logged
    private long reportedAt;

    OversizeWarning(String interfaceName, List<HostPort> listen) {
        this.interfaceName = interfaceName;
        this.listen = listen;
    }

    /** A new ring counts from 0 again: only frames it drops are worth a warning. */
    void ringOpened() {
        reported = 0;
        reportedAt = 0;
    }

    void check(PacketRing ring, long now) {
        long oversize = ring.truncated();
        if (oversize == reported || (reported != 0 && now - reportedAt < INTERVAL_NANOS)) {
            return;
        }
        LOG.warn(
                "{} frames longer than {} bytes arrived on {} since start and were not forwarded"
                        + " (if they were for {}): GRO or LRO on {}, or TSO on the sender of a"
                        + " virtual link (veth), makes such super-frames; turn them off, e.g."
                        + " ethtool -K {} gro off lro off",
                oversize,
                PacketRing.MAX_FRAME,
                interfaceName,
                listen,
                interfaceName,
                interfaceName);
        reported = oversize;
        reportedAt = now;
    }
}
