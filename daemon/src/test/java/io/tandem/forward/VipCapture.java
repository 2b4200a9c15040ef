package io.tandem.forward;

import io.tandem.linux.NetworkNamespace;
import java.lang.foreign.MemorySegment;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts the IPv4 frames to and from a VIP that one host's {@code eth0} receives. The DR and TUN
 * tests use it to show that replies do not pass the balancer.
 */
final class VipCapture implements AutoCloseable {
    private final AtomicLong toVip = new AtomicLong();
    private final AtomicLong fromVip = new AtomicLong();
    private final int vip;
    private FrameCapture frames;

    private VipCapture(int vip) {
        this.vip = vip;
    }

    /** Starts counting on {@code eth0} inside {@code host} (a namespace's thread). */
    static VipCapture start(NetworkNamespace host, String vip) throws Exception {
        VipCapture capture = new VipCapture(CapturedFrames.ipv4Address(vip));
        capture.frames = FrameCapture.start(host, "vip-capture", capture::count);
        return capture;
    }

    private void count(MemorySegment s, long ip) {
        if (Ipv4.source(s, ip) == vip) {
            fromVip.incrementAndGet();
        } else if (Ipv4.destination(s, ip) == vip) {
            toVip.incrementAndGet();
        }
    }

    long toVip() {
        return toVip.get();
    }

    long fromVip() {
        return fromVip.get();
    }

    @Override
    public void close() {
        frames.close();
    }
}
