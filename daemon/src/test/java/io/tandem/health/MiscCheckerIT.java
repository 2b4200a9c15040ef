package io.tandem.health;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.config.MiscCheckConfig;
import io.tandem.config.NotifyScript;
import io.tandem.config.SourcePosition;
import io.tandem.script.ScriptRunner;
import io.tandem.script.ScriptSecurity;
import io.tandem.testing.HostSupport;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** MISC_CHECK runs real scripts; their exit codes decide, as in keepalived. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class MiscCheckerIT {
    private static final SourcePosition HERE = new SourcePosition(Path.of("t.conf"), 1, 1);

    @TempDir Path dir;

    private Path script(String name, String body) throws Exception {
        Path p = dir.resolve(name);
        Files.writeString(p, "#!/bin/sh\n" + body + "\n", StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
        return p;
    }

    private static ProbeResult probe(String command, boolean dynamic, Duration timeout)
            throws InterruptedException {
        MiscCheckConfig config =
                new MiscCheckConfig(
                        NetworkCheckersIT.settings(),
                        new NotifyScript(command, null, null, HERE),
                        timeout,
                        dynamic,
                        HERE);
        return new MiscChecker(config, new ScriptRunner(ScriptSecurity.enforcing()))
                .probe(Duration.ofSeconds(5));
    }

    @Test
    void exitZeroIsUpAndOneIsDownWithTheScriptsOutput() throws Exception {
        Path ok = script("ok.sh", "exit 0");
        Path bad = script("bad.sh", "echo \"backend $1 is sick\"; exit 1");
        assertThat(probe(ok.toString(), false, Duration.ofSeconds(5)))
                .isEqualTo(ProbeResult.passed("MISC_CHECK " + ok + " exited 0"));
        ProbeResult down = probe("'" + bad + "' 10.0.0.3", false, Duration.ofSeconds(5));
        assertThat(down.up()).isFalse();
        assertThat(down.detail())
                .isEqualTo("MISC_CHECK " + bad + " exited 1: backend 10.0.0.3 is sick");
    }

    @Test
    void miscDynamicTurnsExitCodesFromTwoIntoWeights() throws Exception {
        Path seven = script("seven.sh", "exit 7");
        ProbeResult dynamic = probe(seven.toString(), true, Duration.ofSeconds(5));
        assertThat(dynamic.up()).isTrue();
        assertThat(dynamic.weight()).hasValue(5);
        assertThat(dynamic.detail()).isEqualTo("MISC_CHECK " + seven + " exited 7 (weight 5)");
        assertThat(probe(seven.toString(), false, Duration.ofSeconds(5)).up())
                .as("without misc_dynamic any non-zero exit is down")
                .isFalse();
        Path one = script("one.sh", "exit 1");
        assertThat(probe(one.toString(), true, Duration.ofSeconds(5)).up()).isFalse();
    }

    @Test
    void aScriptThatOutlivesMiscTimeoutIsKilledAndDown() throws Exception {
        Path slow = script("slow.sh", "sleep 30");
        long start = System.nanoTime();
        ProbeResult r = probe(slow.toString(), false, Duration.ofMillis(500));
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
        assertThat(r.up()).isFalse();
        assertThat(r.detail())
                .isEqualTo("MISC_CHECK " + slow + ": timed out after 500 ms (killed)");
    }

    @Test
    void asRootAScriptWritableByOthersIsRefusedWithTheReason() throws Exception {
        HostSupport.require(
                "root".equals(System.getProperty("user.name")),
                "script security applies only when Tandem runs as root");
        Path open = script("open.sh", "exit 0");
        Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rwxrwxrwx"));
        ProbeResult r = probe(open.toString(), false, Duration.ofSeconds(5));
        assertThat(r.up()).isFalse();
        assertThat(r.detail())
                .isEqualTo(
                        "MISC_CHECK "
                                + open
                                + ": could not start: refused by script security: "
                                + open
                                + " is writable by everyone");
    }

    @Test
    void aMissingScriptIsDownAndSaysSo() throws Exception {
        ProbeResult r = probe(dir.resolve("nope.sh").toString(), false, Duration.ofSeconds(5));
        assertThat(r.up()).isFalse();
        assertThat(r.detail()).contains("could not start");
    }
}
