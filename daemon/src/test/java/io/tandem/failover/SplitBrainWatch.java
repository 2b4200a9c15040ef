package io.tandem.failover;

import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Samples which hosts hold a virtual address every 20 ms and remembers the longest stretch in which
 * two or more held it at once (issue case 5). A host whose router was SIGKILLed keeps the address
 * on its interface with nothing behind it, so it is {@link #ignore ignored} from the kill on: a
 * stale address is not a second master.
 */
final class SplitBrainWatch implements AutoCloseable {
    static final Duration PERIOD = Duration.ofMillis(20);

    private final Lan lan;
    private final List<String> hosts;
    private final InetAddress vip;
    private final Set<String> ignored = ConcurrentHashMap.newKeySet();
    private final Thread thread;
    private volatile boolean running = true;
    private volatile long longestNanos;
    private final java.util.concurrent.atomic.AtomicInteger samples =
            new java.util.concurrent.atomic.AtomicInteger();

    SplitBrainWatch(Lan lan, InetAddress vip, String... hosts) {
        this.lan = lan;
        this.vip = vip;
        this.hosts = List.of(hosts);
        this.thread = Thread.ofPlatform().daemon().name("split-brain-watch").start(this::run);
    }

    void ignore(String host) {
        ignored.add(host);
    }

    void watch(String host) {
        ignored.remove(host);
    }

    private void run() {
        long since = -1;
        while (running) {
            long now = System.nanoTime();
            long holders =
                    hosts.stream()
                            .filter(h -> !ignored.contains(h))
                            .filter(h -> lan.holds(h, vip))
                            .count();
            samples.incrementAndGet();
            if (holders > 1) {
                if (since < 0) {
                    since = now;
                }
                longestNanos = Math.max(longestNanos, System.nanoTime() - since);
            } else {
                since = -1;
            }
            try {
                Thread.sleep(PERIOD);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** The longest time two hosts held the address together so far. */
    Duration longestOverlap() {
        return Duration.ofNanos(longestNanos);
    }

    int samples() {
        return samples.get();
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
        try {
            thread.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
