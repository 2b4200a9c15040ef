package io.tandem.health;

import io.tandem.config.CheckConfig;
import io.tandem.config.NotifyScript;
import io.tandem.config.RealServerConfig;
import io.tandem.config.VirtualServerConfig;
import io.tandem.pool.RealServer;
import io.tandem.script.ScriptCommand;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.random.RandomGenerator;
import org.jspecify.annotations.Nullable;

/**
 * Runs every checker of every watched virtual server, each on its own virtual thread (TCP_CHECKs
 * all on the one selector thread of {@link TcpProbeLoop}), and feeds their reports to the virtual
 * servers' {@link VirtualServerHealth} on the control thread.
 *
 * <p>Use: on the control thread, {@link #watch} each virtual server (its initial pool is published
 * at once), then {@link #start}; {@link #close} stops the probes and reports {@code omega}. First
 * probes are spread over each interval (or {@code warmup}), so a thousand checkers do not fire
 * together. A real server's connect failure seen by the data plane ({@link
 * RealServer#connectFailed}) asks its checkers for an early probe.
 *
 * <p>At run time (after {@link #start}) single real servers and whole virtual servers can be
 * watched and unwatched ({@link #watchServer}, {@link #unwatchServer}, {@link #restartServer},
 * {@link #unwatch}); the checkers of every other real server keep running with their rise/fall
 * state. All methods: control thread only.
 */
public final class HealthMonitor implements AutoCloseable {
    private static final Duration STOP_WAIT = Duration.ofSeconds(2);

    private final Executor control;
    private final Checkers checkers;
    private final HealthEvents events;
    private final InstantSource clock;
    private final RandomGenerator random;
    private final List<VirtualServerHealth> watched = new ArrayList<>();
    private final List<Checked> checked = new ArrayList<>();
    private boolean started;

    /** The checkers of one real server of one virtual server, started or waiting for start(). */
    private record Checked(
            VirtualServerHealth virtual,
            VirtualServerHealth.Member member,
            List<Built> checks,
            List<CheckRunner> runners) {}

    private record Built(CheckConfig config, HealthChecker checker, int check) {}

    /**
     * @param control runs report handling; must be the thread that owns pool membership
     */
    public HealthMonitor(
            Executor control,
            Checkers checkers,
            HealthEvents events,
            InstantSource clock,
            RandomGenerator random) {
        this.control = control;
        this.checkers = checkers;
        this.events = events;
        this.clock = clock;
        this.random = random;
    }

    /**
     * Watches one virtual server; after {@link #start} its checkers start at once.
     *
     * @param servers one per {@code config.realServers()}, same order
     * @throws IllegalArgumentException when a checker or script cannot be built (a command line
     *     that does not split into words), naming where it is in the config
     */
    public VirtualServerHealth watch(
            VirtualServerConfig config, List<RealServer> servers, PoolPublisher publisher) {
        checkScript("quorum_up", config.quorumUp());
        checkScript("quorum_down", config.quorumDown());
        List<List<Built>> built = new ArrayList<>();
        for (RealServerConfig rs : config.realServers()) {
            built.add(build(rs));
        }
        VirtualServerHealth virtual =
                new VirtualServerHealth(config, servers, publisher, events, clock);
        watched.add(virtual);
        for (int s = 0; s < built.size(); s++) {
            track(virtual, virtual.member(s), built.get(s));
        }
        return virtual;
    }

    /**
     * Adds a real server to a watched virtual server and starts its checkers (none: always up).
     *
     * @throws IllegalArgumentException when a checker or script cannot be built, or the server is
     *     there already
     */
    public void watchServer(VirtualServerHealth virtual, RealServerConfig rs, RealServer server) {
        List<Built> checks = build(rs);
        track(virtual, virtual.add(rs, server), checks);
    }

    /** Stops a real server's checkers and takes it out of the pool; open connections go on. */
    public void unwatchServer(VirtualServerHealth virtual, RealServer server) {
        stopCheckers(virtual, server);
        virtual.remove(server);
    }

    /** A real server whose checkers changed: stops the old ones, starts over with the new. */
    public void restartServer(VirtualServerHealth virtual, RealServerConfig rs, RealServer server) {
        List<Built> checks = build(rs);
        stopCheckers(virtual, server);
        track(virtual, virtual.replace(server, rs), checks);
    }

    /** Stops watching a whole virtual server (deleted); no omega, no events. */
    public void unwatch(VirtualServerHealth virtual) {
        for (RealServer server : virtual.servers()) {
            stopCheckers(virtual, server);
        }
        watched.remove(virtual);
    }

    /** Starts every checker; their first probes are spread over their intervals. */
    public void start() {
        started = true;
        int count = 0;
        for (Checked c : checked) {
            count += c.checks.size();
        }
        int i = 0;
        for (Checked c : checked) {
            for (Built b : c.checks) {
                c.runners.add(
                        runner(
                                c,
                                b,
                                ProbeSchedule.firstDelay(b.config.settings(), i++, count, random)));
            }
            listen(c);
        }
        checked.forEach(c -> c.runners.forEach(CheckRunner::start));
    }

    /** The watched virtual servers, in watch order. */
    public List<VirtualServerHealth> virtualServers() {
        return List.copyOf(watched);
    }

    /**
     * Stops every probe (interrupting those running) and reports omega; waits up to 2 s. Call it on
     * the control thread, or after the control thread has stopped.
     */
    @Override
    public void close() {
        List<CheckRunner> all = new ArrayList<>();
        checked.forEach(c -> all.addAll(c.runners));
        all.forEach(CheckRunner::stop);
        try {
            for (CheckRunner r : all) {
                r.join(STOP_WAIT);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        checked.clear();
        watched.forEach(VirtualServerHealth::shutdown);
    }

    private List<Built> build(RealServerConfig rs) {
        checkScript("notify_up", rs.notifyUp());
        checkScript("notify_down", rs.notifyDown());
        List<Built> out = new ArrayList<>();
        for (int c = 0; c < rs.checks().size(); c++) {
            CheckConfig check = rs.checks().get(c);
            try {
                out.add(new Built(check, checkers.create(check, rs.address()), c));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(
                        check.position() + ": " + check.keyword() + ": " + e.getMessage(), e);
            }
        }
        return out;
    }

    private void track(
            VirtualServerHealth virtual, VirtualServerHealth.Member member, List<Built> checks) {
        Checked c = new Checked(virtual, member, checks, new ArrayList<>());
        checked.add(c);
        if (started) {
            // Added at run time: one server's checkers, spread over their first interval.
            for (int i = 0; i < checks.size(); i++) {
                Built b = checks.get(i);
                c.runners.add(
                        runner(
                                c,
                                b,
                                ProbeSchedule.firstDelay(
                                        b.config.settings(), i, checks.size(), random)));
            }
            listen(c);
            c.runners.forEach(CheckRunner::start);
        }
    }

    private CheckRunner runner(Checked c, Built b, Duration firstDelay) {
        VirtualServerHealth virtual = c.virtual;
        VirtualServerHealth.Member member = c.member;
        return new CheckRunner(
                b.check,
                b.checker,
                b.config.settings(),
                firstDelay,
                report -> control.execute(() -> virtual.accept(member, report)));
    }

    private static void listen(Checked c) {
        List<CheckRunner> mine = List.copyOf(c.runners);
        c.member.server.onConnectFailure(
                mine.isEmpty() ? null : () -> mine.forEach(CheckRunner::wake));
    }

    private void stopCheckers(VirtualServerHealth virtual, RealServer server) {
        checked.removeIf(
                c -> {
                    if (c.virtual != virtual || c.member.server != server) {
                        return false;
                    }
                    // Interrupted, not joined: the control thread must not wait for a probe. A
                    // report still in flight names the old member and is ignored.
                    c.runners.forEach(CheckRunner::stop);
                    server.onConnectFailure(null);
                    return true;
                });
    }

    /** A script line that does not split into words stops the start, naming where it is. */
    private static void checkScript(String keyword, @Nullable NotifyScript script) {
        if (script == null) {
            return;
        }
        try {
            var unused = ScriptCommand.parse(script.command());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    script.position() + ": " + keyword + ": " + e.getMessage(), e);
        }
    }
}
