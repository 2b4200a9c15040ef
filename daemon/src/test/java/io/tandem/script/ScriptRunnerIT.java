package io.tandem.script;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tandem.testing.HostSupport;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@Timeout(60)
class ScriptRunnerIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    @TempDir Path dir;

    private final ScriptRunner runner = new ScriptRunner(ScriptSecurity.permissive());

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 3, 127, 255})
    void exitCodeIsReportedAsTheScriptGaveIt(int code) throws Exception {
        Path script = Scripts.write(dir, "exit.sh", "exit " + code);

        ScriptResult result = runner.run(Scripts.command(script), TIMEOUT, null);

        assertThat(result.exitCode()).isEqualTo(code);
        assertThat(result.timedOut()).isFalse();
        assertThat(result.startError()).isNull();
        assertThat(result.succeeded()).isEqualTo(code == 0);
        assertThat(result.describe()).isEqualTo("exit " + code);
    }

    @Test
    void argumentsArriveAsSeparateWordsWithoutAShell() throws Exception {
        Path script = Scripts.write(dir, "args.sh", "for a in \"$@\"; do echo \"<$a>\"; done");

        ScriptResult result =
                runner.run(
                        ScriptCommand.parse(script + " 'two words' '$HOME' \"*\""), TIMEOUT, null);

        assertThat(result.output()).isEqualTo("<two words>\n<$HOME>\n<*>\n");
    }

    @Test
    void stdoutAndStderrAreBothCaptured() throws Exception {
        Path script = Scripts.write(dir, "both.sh", "echo out; echo err >&2; exit 1");

        ScriptResult result = runner.run(Scripts.command(script), TIMEOUT, null);

        assertThat(result.output()).contains("out\n").contains("err\n");
    }

    @Test
    void outputIsTruncatedAtFourKibibytesWhileTheScriptRunsToTheEnd() throws Exception {
        Path marker = dir.resolve("finished");
        Path script =
                Scripts.write(
                        dir,
                        "chatty.sh",
                        "head -c 200000 /dev/zero | tr '\\000' x\ntouch " + marker + "\nexit 0");

        ScriptResult result = runner.run(Scripts.command(script), TIMEOUT, null);

        assertThat(result.exitCode()).isZero();
        assertThat(result.output()).hasSize(4096).matches("x+");
        assertThat(marker).exists();
    }

    @Test
    void timeoutKillsTheScriptAndItsChildren() throws Exception {
        Path pidFile = dir.resolve("child.pid");
        Path script =
                Scripts.write(
                        dir,
                        "hang.sh",
                        "sleep 300 &\necho $! > " + pidFile + "\necho started\nwait\necho never");

        ScriptResult result = runner.run(Scripts.command(script), Duration.ofMillis(700), null);

        assertThat(result.timedOut()).isTrue();
        assertThat(result.exitCode()).isEqualTo(-1);
        assertThat(result.succeeded()).isFalse();
        assertThat(result.describe()).startsWith("timed out after ");
        assertThat(result.output()).isEqualTo("started\n");
        assertThat(result.took()).isBetween(Duration.ofMillis(700), Duration.ofSeconds(5));
        long child = Long.parseLong(Files.readString(pidFile).strip());
        await().atMost(Duration.ofSeconds(5))
                .until(
                        () -> ProcessHandle.of(child).map(ProcessHandle::isAlive).orElse(false),
                        alive -> !alive);
    }

    @Test
    void scriptIgnoringTermIsKilledAfterTheGrace() throws Exception {
        Path script =
                Scripts.write(dir, "stubborn.sh", "trap '' TERM\nwhile :; do sleep 0.1; done");

        ScriptResult result = runner.run(Scripts.command(script), Duration.ofMillis(300), null);

        assertThat(result.timedOut()).isTrue();
        assertThat(result.took()).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void backgroundChildHoldingThePipeDoesNotHoldTheResult() throws Exception {
        Path pidFile = dir.resolve("daemon.pid");
        Path script =
                Scripts.write(
                        dir, "daemonize.sh", "sleep 300 &\necho $! > " + pidFile + "\nexit 0");
        try {
            ScriptResult result = runner.run(Scripts.command(script), TIMEOUT, null);

            assertThat(result.exitCode()).isZero();
            assertThat(result.took()).isLessThan(Duration.ofSeconds(5));
        } finally {
            long child = Long.parseLong(Files.readString(pidFile).strip());
            ProcessHandle.of(child).ifPresent(ProcessHandle::destroyForcibly);
        }
    }

    @Test
    void missingProgramGivesAStartError() throws Exception {
        ScriptResult result =
                runner.run(ScriptCommand.parse(dir + "/no-such-script.sh"), TIMEOUT, null);

        assertThat(result.exitCode()).isEqualTo(-1);
        assertThat(result.startError()).contains("no-such-script.sh does not exist");
        assertThat(result.describe()).startsWith("could not start: ");
    }

    @Test
    void programNotFoundOnThePathGivesAStartError() throws Exception {
        ScriptResult result =
                runner.run(ScriptCommand.parse("tdm-no-such-program-x1"), TIMEOUT, null);

        assertThat(result.startError()).contains("tdm-no-such-program-x1");
    }

    @Test
    void nonExecutableScriptGivesAStartError() throws Exception {
        Path script = Scripts.write(dir, "plain.sh", "exit 0");
        Files.setPosixFilePermissions(
                script, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));

        ScriptResult result = runner.run(Scripts.command(script), TIMEOUT, null);

        assertThat(result.startError()).isEqualTo(script + " is not executable");
    }

    @Test
    void unknownUserGivesAClearStartError() throws Exception {
        Path script = Scripts.write(dir, "ok.sh", "exit 0");

        ScriptResult result =
                runner.run(Scripts.command(script), TIMEOUT, new RunAs("tdm-no-such-user", null));

        assertThat(result.startError()).isEqualTo("user 'tdm-no-such-user' does not exist");
        assertThat(result.exitCode()).isEqualTo(-1);
    }

    @Test
    void unknownGroupGivesAClearStartError() throws Exception {
        ScriptResult result =
                runner.run(
                        ScriptCommand.parse("/usr/bin/id -u"),
                        TIMEOUT,
                        new RunAs("nobody", "tdm-no-such-group"));

        assertThat(result.startError()).isEqualTo("group 'tdm-no-such-group' does not exist");
    }

    @Test
    void runAsNobodyRunsTheScriptAsNobody() throws Exception {
        requireRoot();
        Optional<String> nobody = uidOf("nobody");
        HostSupport.require(nobody.isPresent(), "no user 'nobody' on this host");

        ScriptResult uid =
                runner.run(
                        ScriptCommand.parse("/usr/bin/id -u"), TIMEOUT, new RunAs("nobody", null));
        ScriptResult groups =
                runner.run(
                        ScriptCommand.parse("/usr/bin/id -G"), TIMEOUT, new RunAs("nobody", null));

        assertThat(uid.exitCode()).as(uid.output()).isZero();
        assertThat(uid.output().strip()).isEqualTo(nobody.orElseThrow());
        assertThat(groups.output().strip().split(" ")).doesNotContain("0");
    }

    @Test
    void runAsUserAndGroupSetsTheGroup() throws Exception {
        requireRoot();
        ScriptResult gid =
                runner.run(
                        ScriptCommand.parse("/usr/bin/id -g"),
                        TIMEOUT,
                        new RunAs("nobody", "daemon"));

        assertThat(gid.exitCode()).as(gid.output()).isZero();
        assertThat(gid.output().strip()).isEqualTo(gidOf("daemon"));
    }

    @Test
    void launchRunsTheScriptWithoutBlocking() throws Exception {
        Path marker = dir.resolve("launched");
        Path script = Scripts.write(dir, "launch.sh", "sleep 0.3\ntouch " + marker);

        long before = System.nanoTime();
        runner.launch(Scripts.command(script), TIMEOUT, null);

        assertThat(Duration.ofNanos(System.nanoTime() - before)).isLessThan(Duration.ofMillis(250));
        await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(marker));
    }

    private static void requireRoot() {
        HostSupport.require(DaemonUser.isRoot(), "running as another user needs root");
    }

    private static Optional<String> uidOf(String user) throws Exception {
        Process id = new ProcessBuilder("id", "-u", user).start();
        String out = new String(id.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        return id.waitFor() == 0 ? Optional.of(out) : Optional.empty();
    }

    private static String gidOf(String group) throws Exception {
        Process getent = new ProcessBuilder("getent", "group", group).start();
        String out =
                new String(getent.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        getent.waitFor();
        return out.split(":")[2];
    }
}
