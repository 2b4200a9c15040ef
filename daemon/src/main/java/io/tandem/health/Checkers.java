package io.tandem.health;

import io.tandem.common.HostPort;
import io.tandem.config.CheckConfig;
import io.tandem.config.HttpCheckConfig;
import io.tandem.config.MiscCheckConfig;
import io.tandem.config.PingCheckConfig;
import io.tandem.config.TcpCheckConfig;
import io.tandem.linux.IcmpEchoSocket;
import io.tandem.script.ScriptRunner;

/** Makes the checker for each config record. Thread-safe; holds what checkers share. */
public final class Checkers {
    private final ScriptRunner scripts;
    private final PingChecker.SocketOpener pingSockets;
    private final ProbeEvents probes;

    public Checkers(ScriptRunner scripts, PingChecker.SocketOpener pingSockets) {
        this(scripts, pingSockets, ProbeEvents.NONE);
    }

    private Checkers(
            ScriptRunner scripts, PingChecker.SocketOpener pingSockets, ProbeEvents probes) {
        this.scripts = scripts;
        this.pingSockets = pingSockets;
        this.probes = probes;
    }

    /** Checkers that open ICMP sockets in this process's own network namespace. */
    public Checkers(ScriptRunner scripts) {
        this(scripts, IcmpEchoSocket::open);
    }

    /**
     * @throws IllegalArgumentException when a MISC_CHECK's misc_path cannot be split into words
     */
    public HealthChecker create(CheckConfig config, HostPort realServer) {
        HealthChecker checker = untimed(config, realServer);
        return probes == ProbeEvents.NONE
                ? checker
                : new TimedChecker(checker, realServer, config.keyword(), probes);
    }

    /** The same checkers, each reporting how long its probes take to {@code probes}. */
    public Checkers reportingTo(ProbeEvents probes) {
        return new Checkers(scripts, pingSockets, probes);
    }

    private HealthChecker untimed(CheckConfig config, HostPort realServer) {
        return switch (config) {
            case TcpCheckConfig tcp -> new TcpConnectChecker(tcp.settings(), realServer);
            case HttpCheckConfig http -> new HttpGetChecker(http, realServer);
            case PingCheckConfig ping -> new PingChecker(ping.settings(), realServer, pingSockets);
            case MiscCheckConfig misc -> new MiscChecker(misc, scripts);
        };
    }
}
