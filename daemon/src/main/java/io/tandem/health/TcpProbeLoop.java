package io.tandem.health;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.PriorityQueue;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every TCP_CHECK of the process on one platform thread with a selector: due probes start a
 * non-blocking connect, the selector reports the connects that finished, and a timer queue ends the
 * ones that took longer than {@code connect_timeout}.
 *
 * <p>Why not a virtual thread per checker, as the other checkers have: each probe then costs a
 * timed park, an unpark through the scheduler and a carrier wake-up, and those hand-offs were half
 * of the CPU a thousand checks a second used (167 µs a probe against 85 µs on one selector thread,
 * measured side by side). A TCP connect needs no blocking at all, so it needs no thread of its own.
 *
 * <p>Only the loop thread touches a check's state; other threads {@link #submit} requests, which
 * wake the selector. A bug in one check is logged and counted as that check's failure; the loop
 * keeps running.
 */
final class TcpProbeLoop {
    private static final Logger log = LoggerFactory.getLogger(TcpProbeLoop.class);

    private static final class Holder {
        static final TcpProbeLoop SHARED = new TcpProbeLoop();
    }

    /** One check as the loop sees it. */
    static final class Check {
        final CheckRunner runner;
        final TcpConnectChecker checker;
        final Duration timeout;
        final CountDownLatch ended = new CountDownLatch(1);
        volatile boolean stopped;
        @Nullable SocketChannel connecting; // loop thread only, like everything below
        long startedNanos;
        long probedNanos;
        long dueNanos;
        int generation; // a timer of an older generation is stale

        Check(CheckRunner runner, TcpConnectChecker checker, Duration timeout) {
            this.runner = runner;
            this.checker = checker;
            this.timeout = timeout;
        }
    }

    private record Timer(long dueNanos, Check check, int generation, boolean timeout) {}

    private final Selector selector;
    private final Queue<Runnable> requests = new ConcurrentLinkedQueue<>();
    private final PriorityQueue<Timer> timers =
            new PriorityQueue<>((a, b) -> Long.compare(a.dueNanos, b.dueNanos));

    private TcpProbeLoop() {
        try {
            this.selector = Selector.open();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the TCP_CHECK selector", e);
        }
        Thread.ofPlatform().name("tandem-tcp-check").daemon().start(this::loop);
    }

    static TcpProbeLoop shared() {
        return Holder.SHARED;
    }

    /** Any thread: the first probe of {@code check} after {@code firstDelay}. */
    void start(Check check, Duration firstDelay) {
        submit(() -> schedule(check, System.nanoTime() + firstDelay.toNanos()));
    }

    /** Any thread: a probe soon, as {@link CheckRunner#wake} asks; dropped while one is running. */
    void wake(Check check) {
        submit(
                () -> {
                    if (check.stopped || check.connecting != null) {
                        return;
                    }
                    long now = System.nanoTime();
                    Duration since = Duration.ofNanos(now - check.probedNanos);
                    long due =
                            now
                                    + ProbeSchedule.earlyProbeWait(check.runner.settings(), since)
                                            .toNanos();
                    if (due < check.dueNanos) {
                        schedule(check, due);
                    }
                });
    }

    /** Any thread: no more probes; {@code check.ended} counts down once the loop let go of it. */
    void stop(Check check) {
        check.stopped = true;
        submit(() -> end(check));
    }

    private void submit(Runnable request) {
        requests.add(request);
        selector.wakeup();
    }

    private void schedule(Check check, long dueNanos) {
        if (check.stopped) {
            end(check);
            return;
        }
        check.generation++;
        check.dueNanos = dueNanos;
        timers.add(new Timer(dueNanos, check, check.generation, false));
    }

    private void loop() {
        while (true) {
            try {
                Runnable request;
                while ((request = requests.poll()) != null) {
                    request.run();
                }
                fireDueTimers();
                Timer next = timers.peek();
                long waitMillis =
                        next == null
                                ? 0
                                : Math.max(
                                        1,
                                        (next.dueNanos - System.nanoTime() + 999_999) / 1_000_000);
                if (next != null && next.dueNanos <= System.nanoTime()) {
                    var unused = selector.selectNow();
                } else {
                    var unused = selector.select(waitMillis);
                }
                for (SelectionKey key : selector.selectedKeys()) {
                    finishConnect((Check) key.attachment(), key.channel());
                }
                selector.selectedKeys().clear();
            } catch (ClosedSelectorException e) {
                return;
            } catch (IOException | RuntimeException e) {
                log.error("TCP_CHECK loop: {}", e.toString(), e);
            }
        }
    }

    private void fireDueTimers() {
        long now = System.nanoTime();
        Timer t;
        while ((t = timers.peek()) != null && t.dueNanos <= now) {
            timers.poll();
            Check check = t.check;
            if (t.generation != check.generation) {
                continue;
            }
            if (check.stopped) {
                end(check);
            } else if (t.timeout) {
                finish(check, check.checker.timedOut(check.timeout));
            } else {
                connect(check, now);
            }
        }
    }

    private void connect(Check check, long now) {
        check.startedNanos = now;
        SocketChannel channel;
        try {
            channel = check.checker.startConnect();
        } catch (IOException e) {
            check.probedNanos = now;
            finish(check, check.checker.failed(e, check.timeout));
            return;
        }
        check.connecting = channel;
        try {
            if (channel.isConnected()) {
                finish(check, check.checker.connected(now));
                return;
            }
            channel.register(selector, SelectionKey.OP_CONNECT, check);
        } catch (IOException e) {
            finish(check, check.checker.failed(e, check.timeout));
            return;
        }
        check.generation++;
        timers.add(new Timer(now + check.timeout.toNanos(), check, check.generation, true));
    }

    private void finishConnect(Check check, Object selected) {
        SocketChannel channel = check.connecting;
        if (channel == null || channel != selected) {
            return; // a probe that already ended by timeout
        }
        @Nullable ProbeResult result;
        try {
            result = channel.finishConnect() ? check.checker.connected(check.startedNanos) : null;
        } catch (IOException e) {
            result = check.checker.failed(e, check.timeout);
        }
        if (result != null) {
            finish(check, result);
        }
    }

    /** One probe is over: reset the socket, count and report, and schedule the next. */
    private void finish(Check check, ProbeResult result) {
        SocketChannel channel = check.connecting;
        check.connecting = null;
        if (channel != null) {
            TcpConnectChecker.reset(channel); // also deregisters it from the selector
        }
        check.probedNanos = System.nanoTime();
        if (check.stopped) {
            end(check);
            return;
        }
        Duration next;
        try {
            check.runner.probeTook(
                    result, Duration.ofNanos(check.probedNanos - check.startedNanos));
            next = check.runner.afterProbe(result);
        } catch (RejectedExecutionException stopping) {
            end(check); // the control thread is gone: the daemon is stopping
            return;
        } catch (RuntimeException e) {
            log.warn("{} failed unexpectedly", check.checker.describe(), e);
            next = check.runner.settings().delayLoop();
        }
        schedule(check, check.probedNanos + next.toNanos());
    }

    private void end(Check check) {
        SocketChannel channel = check.connecting;
        check.connecting = null;
        if (channel != null) {
            TcpConnectChecker.reset(channel);
        }
        check.generation++; // every pending timer of it is stale now
        check.ended.countDown();
    }
}
