package io.tandem.health;

import io.tandem.config.MiscCheckConfig;
import io.tandem.config.NotifyScript;
import io.tandem.script.RunAs;
import io.tandem.script.ScriptCommand;
import io.tandem.script.ScriptResult;
import io.tandem.script.ScriptRunner;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * keepalived's MISC_CHECK: runs {@code misc_path}; exit 0 is up, 1 is down, and with {@code
 * misc_dynamic} 2..255 is up with weight code−2 (without it, any non-zero exit is down). A script
 * that times out, is killed or cannot start (not found, refused by script security) is down.
 */
public final class MiscChecker implements HealthChecker {
    private final MiscCheckConfig config;
    private final ScriptCommand command;
    private final @Nullable RunAs runAs;
    private final ScriptRunner runner;

    /**
     * @throws IllegalArgumentException when {@code misc_path} cannot be split into words
     */
    public MiscChecker(MiscCheckConfig config, ScriptRunner runner) {
        this.config = config;
        this.command = ScriptCommand.parse(config.script().command());
        this.runAs = runAs(config.script());
        this.runner = runner;
    }

    static @Nullable RunAs runAs(NotifyScript script) {
        String user = script.user();
        return user == null ? null : new RunAs(user, script.group());
    }

    @Override
    public ProbeResult probe(Duration timeout) throws InterruptedException {
        // misc_timeout, not connect_timeout, bounds a script.
        ScriptResult result = runner.run(command, config.timeout(), runAs);
        String what = "MISC_CHECK " + command.program();
        int code = result.exitCode();
        if (result.timedOut()) {
            return ProbeResult.failed(
                    what + ": timed out after " + TimeText.of(config.timeout()) + " (killed)");
        }
        if (result.startError() != null) {
            return ProbeResult.failed(what + ": " + result.describe());
        }
        if (code == 0) {
            return ProbeResult.passed(what + " exited 0");
        }
        if (config.dynamic() && code >= 2 && code <= 255) {
            return ProbeResult.passedWithWeight(
                    code - 2, what + " exited " + code + " (weight " + (code - 2) + ")");
        }
        String output = result.output().strip();
        return ProbeResult.failed(
                what + " exited " + code + (output.isEmpty() ? "" : ": " + firstLine(output)));
    }

    private static String firstLine(String output) {
        int newline = output.indexOf('\n');
        String line = newline < 0 ? output : output.substring(0, newline);
        return line.length() <= 120 ? line : line.substring(0, 120) + "...";
    }

    @Override
    public String describe() {
        return "MISC_CHECK " + command.program();
    }
}
