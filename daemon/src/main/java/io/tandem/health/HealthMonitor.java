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
 */
public final class HealthMonitor implements AutoCloseable {
    private static final Duration STOP_WAIT = Duration.ofSeconds(2);

    private final Executor control;
    private final Checkers checkers;
    private final HealthEvents events;
    private final InstantSource clock;
    private final RandomGenerator random;
    private final List<VirtualServerHealth> watched = new ArrayList<>();
    private final List<Pending> pending = new ArrayList<>();
    private final List<CheckRunner> runners = new ArrayList<>();

    private record Pending(
            CheckConfig config,
            HealthChecker checker,
            int checkIndex,
            VirtualServerHealth virtual,
            int server,
            RealServer realServer) {}

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
     * Control thread, before {@link #start}: watches one virtual server.
     *
     * @param servers one per {@code config.realServers()}, same order
     * @throws IllegalArgumentException when a checker or script cannot be built (a command line
     *     that does not split into words), naming where it is in the config
     */
    public VirtualServerHealth watch(
            VirtualServerConfig config, List<RealServer> servers, PoolPublisher publisher) {
        record Built(CheckConfig config, HealthChecker checker, int check, int server) {}
        List<Built> checks = new ArrayList<>();
        checkScript("quorum_up", config.quorumUp());
        checkScript("quorum_down", config.quorumDown());
        for (int s = 0; s < config.realServers().size(); s++) {
            RealServerConfig rs = config.realServers().get(s);
            checkScript("notify_up", rs.notifyUp());
            checkScript("notify_down", rs.notifyDown());
            for (int c = 0; c < rs.checks().size(); c++) {
                CheckConfig check = rs.checks().get(c);
                HealthChecker checker;
                try {
                    checker = checkers.create(check, rs.address());
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(
                            check.position() + ": " + check.keyword() + ": " + e.getMessage(), e);
                }
                checks.add(new Built(check, checker, c, s));
            }
        }
        VirtualServerHealth virtual =
                new VirtualServerHealth(config, servers, publisher, events, clock);
        watched.add(virtual);
        for (Built b : checks) {
            pending.add(
                    new Pending(
                            b.config,
                            b.checker,
                            b.check,
                            virtual,
                            b.server,
                            servers.get(b.server)));
        }
        return virtual;
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

    /** Starts every checker; their first probes are spread over their intervals. */
    public void start() {
        int count = pending.size();
        List<List<CheckRunner>> byServer = new ArrayList<>();
        List<RealServer> serverOf = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Pending p = pending.get(i);
            VirtualServerHealth virtual = p.virtual;
            int server = p.server;
            CheckRunner runner =
                    new CheckRunner(
                            p.checkIndex,
                            p.checker,
                            p.config.settings(),
                            ProbeSchedule.firstDelay(p.config.settings(), i, count, random),
                            report -> control.execute(() -> virtual.accept(server, report)));
            runners.add(runner);
            int at = serverOf.indexOf(p.realServer);
            if (at < 0) {
                serverOf.add(p.realServer);
                byServer.add(new ArrayList<>());
                at = serverOf.size() - 1;
            }
            byServer.get(at).add(runner);
        }
        for (int i = 0; i < serverOf.size(); i++) {
            List<CheckRunner> mine = List.copyOf(byServer.get(i));
            serverOf.get(i).onConnectFailure(() -> mine.forEach(CheckRunner::wake));
        }
        pending.clear();
        runners.forEach(CheckRunner::start);
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
        runners.forEach(CheckRunner::stop);
        try {
            for (CheckRunner r : runners) {
                r.join(STOP_WAIT);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        runners.clear();
        watched.forEach(VirtualServerHealth::shutdown);
    }
}
