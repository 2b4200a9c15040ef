package io.tandem.forward;

import io.tandem.linux.NetworkNamespace;
import io.tandem.linux.PacketRing;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts the IPIP packets one host's {@code eth0} receives, by outer source address, on a packet
 * socket of its own: shows which of the balancer's addresses a TUN real server sees them from.
 */
final class IpipCapture implements AutoCloseable {
    private final Map<Integer, LongAdder> bySource = new ConcurrentHashMap<>();
    private final AtomicBoolean capturing = new AtomicBoolean(true);
    private final Thread captor;

    private IpipCapture(PacketRing ring) {
        captor =
                Thread.ofPlatform()
                        .name("ipip-capture")
                        .start(
                                () -> {
                                    try (ring) {
                                        while (capturing.get()) {
                                            ring.receive(
                                                    (s, at, length, status) -> count(s, at, length),
                                                    64,
                                                    50);
                                        }
                                    } catch (IOException e) {
                                        throw new IllegalStateException(e);
                                    }
                                });
    }

    /** Starts counting on {@code eth0} inside {@code host} (a namespace's thread). */
    static IpipCapture start(NetworkNamespace host) throws Exception {
        return new IpipCapture(host.call(() -> PacketRing.open(DrLan.INTERFACE, 4)));
    }

    private void count(MemorySegment s, long at, int length) {
        if (length < Ethernet.LENGTH + Ipv4.MIN_LENGTH || Ethernet.type(s, at) != Ethernet.IPV4) {
            return;
        }
        long ip = at + Ethernet.LENGTH;
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
        capturing.set(false);
        try {
            captor.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
