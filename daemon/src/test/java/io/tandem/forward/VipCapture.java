package io.tandem.forward;

import io.tandem.linux.NetworkNamespace;
import io.tandem.linux.PacketRing;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts the IPv4 frames to and from a VIP that one host's {@code eth0} receives, on a packet
 * socket of its own (a second socket sees every frame, as tcpdump would). The DR and TUN tests use
 * it to show that replies do not pass the balancer.
 */
final class VipCapture implements AutoCloseable {
    private final AtomicLong toVip = new AtomicLong();
    private final AtomicLong fromVip = new AtomicLong();
    private final AtomicBoolean capturing = new AtomicBoolean(true);
    private final Thread captor;

    private VipCapture(PacketRing ring, int vip) {
        captor =
                Thread.ofPlatform()
                        .name("vip-capture")
                        .start(
                                () -> {
                                    try (ring) {
                                        while (capturing.get()) {
                                            ring.receive(
                                                    (s, at, length, status) ->
                                                            count(s, at, length, vip),
                                                    64,
                                                    50);
                                        }
                                    } catch (IOException e) {
                                        throw new IllegalStateException(e);
                                    }
                                });
    }

    /** Starts counting on {@code eth0} inside {@code host} (a namespace's thread). */
    static VipCapture start(NetworkNamespace host, String vip) throws Exception {
        PacketRing ring = host.call(() -> PacketRing.open(DrLan.INTERFACE, 4));
        return new VipCapture(ring, CapturedFrames.ipv4Address(vip));
    }

    private void count(MemorySegment s, long at, int length, int vip) {
        if (length < Ethernet.LENGTH + Ipv4.MIN_LENGTH || Ethernet.type(s, at) != Ethernet.IPV4) {
            return;
        }
        long ip = at + Ethernet.LENGTH;
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
        capturing.set(false);
        try {
            captor.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
