package io.tandem.health;

import io.tandem.config.CheckSettings;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The loop of one checker on its own virtual thread: wait, probe, count, report, repeat. Owns the
 * checker's {@link RiseFallCounter}; hands every report to {@code sink} (which passes it to the
 * control thread). {@link #wake} asks for an early probe and may be called from any thread,
 * including an event loop: it never blocks.
 */
final class CheckRunner {
    private static final Logger log = LoggerFactory.getLogger(CheckRunner.class);

    private final int index;
    private final HealthChecker checker;
    private final CheckSettings settings;
    private final Duration firstDelay;
    private final Consumer<CheckReport> sink;
    private final RiseFallCounter counter;
    private final Semaphore wakeup = new Semaphore(0);
    private volatile boolean stopped;
    private boolean reported; // whether any report went out yet
    private boolean lastReportedUp;
    private @Nullable Thread thread;
    private TcpProbeLoop.@Nullable Check tcp; // set when TcpProbeLoop runs this checker

    CheckRunner(
            int index,
            HealthChecker checker,
            CheckSettings settings,
            Duration firstDelay,
            Consumer<CheckReport> sink) {
        this.index = index;
        this.checker = checker;
        this.settings = settings;
        this.firstDelay = firstDelay;
        this.sink = sink;
        this.counter = new RiseFallCounter(settings.rise(), settings.fall(), !settings.alpha());
    }

    /** TCP_CHECKs go to the shared {@link TcpProbeLoop}; every other checker gets its thread. */
    void start() {
        HealthChecker inner = checker instanceof TimedChecker timed ? timed.checker() : checker;
        if (inner instanceof TcpConnectChecker connect) {
            TcpProbeLoop.Check check =
                    new TcpProbeLoop.Check(this, connect, settings.connectTimeout());
            tcp = check;
            TcpProbeLoop.shared().start(check, firstDelay);
            return;
        }
        thread = Thread.ofVirtual().name("check " + checker.describe()).start(this::loop);
    }

    /** A passive failure report: probe soon (at most once per delay_before_retry). */
    void wake() {
        TcpProbeLoop.Check check = tcp;
        if (check != null) {
            TcpProbeLoop.shared().wake(check);
        } else if (wakeup.availablePermits() == 0) {
            wakeup.release();
        }
    }

    void stop() {
        stopped = true;
        TcpProbeLoop.Check check = tcp;
        if (check != null) {
            TcpProbeLoop.shared().stop(check);
        }
        Thread t = thread;
        if (t != null) {
            t.interrupt();
        }
    }

    /** Waits for the loop to end after {@link #stop}. */
    void join(Duration timeout) throws InterruptedException {
        TcpProbeLoop.Check check = tcp;
        if (check != null) {
            var unused = check.ended.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
        }
        Thread t = thread;
        if (t != null) {
            var unused = t.join(timeout);
        }
    }

    CheckSettings settings() {
        return settings;
    }

    /** Reports a probe the {@link TcpProbeLoop} ran, as a {@link TimedChecker} would have. */
    void probeTook(ProbeResult result, Duration took) {
        if (checker instanceof TimedChecker timed) {
            timed.events().probed(timed.realServer(), timed.check(), result, took);
        }
    }

    /**
     * Counts one probe's result, reports it when the control thread needs it, and says when to
     * probe next. Called by this runner's own loop or by {@link TcpProbeLoop}, one at a time.
     */
    Duration afterProbe(ProbeResult result) {
        Change change = counter.observe(result.up());
        int consecutive = result.up() ? counter.successes() : counter.failures();
        if (worthReporting(result, change)) {
            sink.accept(
                    new CheckReport(
                            index, checker.describe(), result, change, counter.up(), consecutive));
        }
        return ProbeSchedule.nextDelay(settings, counter);
    }

    private void loop() {
        try {
            Thread.sleep(firstDelay);
            while (!stopped) {
                Duration next = afterProbe(probeOnce());
                long probed = System.nanoTime();
                wakeup.drainPermits();
                if (wakeup.tryAcquire(next.toNanos(), TimeUnit.NANOSECONDS)) {
                    Duration since = Duration.ofNanos(System.nanoTime() - probed);
                    Thread.sleep(ProbeSchedule.earlyProbeWait(settings, since));
                }
            }
        } catch (InterruptedException stopping) {
            // stop() interrupted the wait or the probe; the loop ends.
        }
    }

    /**
     * Whether the control thread needs this result: a change or pending change, a weight request, a
     * pass after a failure (or the reverse), or the first result. A steady run of passes is not
     * sent, which saves the control thread a wake-up per probe (a thousand a second with a thousand
     * checkers); the last detail it shows is then the first pass of that run.
     */
    private boolean worthReporting(ProbeResult result, Change change) {
        boolean worth =
                !reported
                        || change != Change.UNCHANGED
                        || result.up() != lastReportedUp
                        || result.weight().isPresent();
        if (worth) {
            reported = true;
            lastReportedUp = result.up();
        }
        return worth;
    }

    private ProbeResult probeOnce() throws InterruptedException {
        try {
            return checker.probe(settings.connectTimeout());
        } catch (RuntimeException e) {
            // A bug in a checker must not stop checking: count it as a failure and say so.
            log.warn("{} failed unexpectedly", checker.describe(), e);
            return ProbeResult.failed(checker.describe() + ": internal error " + e);
        }
    }
}
