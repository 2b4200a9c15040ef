package io.tandem.forward;

import io.tandem.linux.NetworkNamespace;
import java.lang.foreign.MemorySegment;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts the IPIP packets one host's {@code eth0} receives, by outer source address: shows which of
 * the balancer's addresses a TUN real server sees them from.
 */
final class IpipCapture implements AutoCloseable {
    private final Map<Integer, LongAdder> bySource = new ConcurrentHashMap<>();
    private FrameCapture frames;

    private IpipCapture() {}

    /** Starts counting on {@code eth0} inside {@code host} (a namespace's thread). */
    static IpipCapture start(NetworkNamespace host) throws Exception {
        IpipCapture capture = new IpipCapture();
        capture.frames = FrameCapture.start(host, "ipip-capture", capture::count);
        return capture;
    }

    private void count(MemorySegment s, long ip) {
        if (Ipv4.protocol(s, ip) == Ipv4.IPIP) {
            bySource.computeIfAbsent(Ipv4.source(s, ip), a -> new LongAdder()).increment();
        }
    }

    /** IPIP packets seen from {@code source} (dotted quad). */
    long from(String source) {
        LongAdder n = bySource.get(CapturedFrames.ipv4Address(source));
        return n == null ? 0 : n.sum();
    }

    @Override
    public void close() {
        frames.close();
    }
}
