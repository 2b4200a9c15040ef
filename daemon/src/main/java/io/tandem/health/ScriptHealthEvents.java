package io.tandem.health;

import io.tandem.config.NotifyScript;
import io.tandem.config.RealServerConfig;
import io.tandem.config.VirtualServerConfig;
import io.tandem.script.ScriptCommand;
import io.tandem.script.ScriptRunner;
import java.time.Duration;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs keepalived's scripts on transitions: a real server's {@code notify_up}/{@code notify_down},
 * a virtual server's {@code quorum_up}/{@code quorum_down}. keepalived passes these scripts no
 * arguments of its own (only the ones written in the config), and neither does Tandem. Scripts are
 * launched on virtual threads, so the control thread never waits for them.
 */
public final class ScriptHealthEvents implements HealthEvents {
    /** keepalived does not bound notify scripts; Tandem kills one still running after this. */
    public static final Duration NOTIFY_TIMEOUT = Duration.ofSeconds(60);

    private static final Logger log = LoggerFactory.getLogger(ScriptHealthEvents.class);

    private final ScriptRunner runner;

    public ScriptHealthEvents(ScriptRunner runner) {
        this.runner = runner;
    }

    @Override
    public void realServerWentUp(
            VirtualServerConfig virtual, RealServerConfig real, String reason) {
        launch(real.notifyUp());
    }

    @Override
    public void realServerWentDown(
            VirtualServerConfig virtual, RealServerConfig real, String reason) {
        launch(real.notifyDown());
    }

    @Override
    public void realServerWeightChanged(
            VirtualServerConfig virtual, RealServerConfig real, int weight, String reason) {}

    @Override
    public void virtualServerLostAllServers(VirtualServerConfig virtual) {}

    @Override
    public void quorumLost(VirtualServerConfig virtual, long healthyWeight) {
        launch(virtual.quorumDown());
    }

    @Override
    public void quorumRegained(VirtualServerConfig virtual, long healthyWeight) {
        launch(virtual.quorumUp());
    }

    private void launch(@Nullable NotifyScript script) {
        if (script == null) {
            return;
        }
        ScriptCommand command;
        try {
            command = ScriptCommand.parse(script.command());
        } catch (IllegalArgumentException e) {
            // Checked at start-up by HealthMonitor; kept so that a bad line is never fatal here.
            log.warn(
                    "{}: cannot run '{}': {}", script.position(), script.command(), e.getMessage());
            return;
        }
        runner.launch(command, NOTIFY_TIMEOUT, MiscChecker.runAs(script));
    }
}
