package io.tandem.forward;

import io.tandem.linux.NetworkNamespace;
import io.tandem.linux.PacketRing;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Hands every IPv4 frame one host's {@code eth0} receives to a counter, from a packet socket of its
 * own on a thread of its own (a second socket sees every frame, as tcpdump would). The tests'
 * captures ({@link VipCapture}, {@link IpipCapture}) say what they count.
 */
final class FrameCapture implements AutoCloseable {

    /** Called on the capture thread for each IPv4 frame; {@code ip} is its IP header's offset. */
    @FunctionalInterface
    interface Ipv4Counter {
        void count(MemorySegment s, long ip);
    }

    private final AtomicBoolean capturing = new AtomicBoolean(true);
    private final Thread captor;

    private FrameCapture(PacketRing ring, String name, Ipv4Counter counter) {
        captor =
                Thread.ofPlatform()
                        .name(name)
                        .start(
                                () -> {
                                    try (ring) {
                                        while (capturing.get()) {
                                            ring.receive(
                                                    (s, at, length, status) -> {
                                                        if (length
                                                                        >= Ethernet.LENGTH
                                                                                + Ipv4.MIN_LENGTH
                                                                && Ethernet.type(s, at)
                                                                        == Ethernet.IPV4) {
                                                            counter.count(s, at + Ethernet.LENGTH);
                                                        }
                                                    },
                                                    64,
                                                    50);
                                        }
                                    } catch (IOException e) {
                                        throw new IllegalStateException(e);
                                    }
                                });
    }

    /** Starts capturing on {@code eth0} inside {@code host} (a namespace's thread). */
    static FrameCapture start(NetworkNamespace host, String name, Ipv4Counter counter)
            throws Exception {
        PacketRing ring = host.call(() -> PacketRing.open(DrLan.INTERFACE, 4));
        return new FrameCapture(ring, name, counter);
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
