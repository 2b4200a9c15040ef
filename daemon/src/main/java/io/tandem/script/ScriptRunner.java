package io.tandem.script;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs scripts: checks script security, switches user through {@code setpriv} (util-linux; Java has
 * no setuid), captures the first 4 KiB of output and kills the whole process tree on timeout
 * (SIGTERM to the script and every descendant, SIGKILL to whatever is left after 1 s). The program
 * is executed directly, never through a shell; stdin is {@code /dev/null}.
 *
 * <p>Thread-safe. {@link #run} blocks, so call it from a virtual thread; {@link #launch} does that
 * for you.
 */
public final class ScriptRunner {

    private static final Logger log = LoggerFactory.getLogger(ScriptRunner.class);
    private static final Duration KILL_GRACE = Duration.ofSeconds(1);
    private static final Duration OUTPUT_GRACE = Duration.ofMillis(500);

    private final ScriptSecurity security;
    private final Map<RunAs, UserDatabase.Ids> resolvedUsers = new ConcurrentHashMap<>();

    public ScriptRunner(ScriptSecurity security) {
        this.security = security;
    }

    /**
     * Runs {@code command} and waits for it to end or time out.
     *
     * @param timeout how long the script may run; positive
     * @param runAs the user to run as, or {@code null} for the daemon's own user
     * @return the result; a script that cannot start gives a result with {@code startError}, never
     *     an exception
     * @throws InterruptedException when interrupted while waiting; the process tree is killed first
     */
    public ScriptResult run(ScriptCommand command, Duration timeout, @Nullable RunAs runAs)
            throws InterruptedException {
        Path program = command.program();
        Optional<String> refused = security.refusal(program);
        if (refused.isPresent()) {
            return ScriptResult.notStarted("refused by script security: " + refused.get());
        }
        if (program.isAbsolute() && !Files.isRegularFile(program)) {
            return ScriptResult.notStarted(program + " does not exist or is not a file");
        }
        if (program.isAbsolute() && !Files.isExecutable(program)) {
            return ScriptResult.notStarted(program + " is not executable");
        }
        List<String> argv = command.argv();
        if (runAs != null) {
            UserDatabase.Ids ids = resolvedUsers.get(runAs);
            if (ids == null) {
                try {
                    ids = UserDatabase.resolve(runAs);
                } catch (IllegalArgumentException e) {
                    return ScriptResult.notStarted(String.valueOf(e.getMessage()));
                }
                resolvedUsers.put(runAs, ids);
            }
            if (!DaemonUser.isRoot()) {
                return ScriptResult.notStarted(
                        "cannot run as " + runAs + ": the daemon does not run as root");
            }
            argv = asUser(ids, argv);
        }
        return start(argv, timeout);
    }

    /**
     * Starts {@code command} on a new virtual thread and returns at once; a failure (non-zero exit,
     * timeout, start error) is logged with the command, the reason and the output.
     */
    public void launch(ScriptCommand command, Duration timeout, @Nullable RunAs runAs) {
        Thread.ofVirtual()
                .name("script-" + command.program().getFileName())
                .start(
                        () -> {
                            try {
                                ScriptResult result = run(command, timeout, runAs);
                                if (!result.succeeded()) {
                                    log.warn(
                                            "script {} failed: {}{}",
                                            command,
                                            result.describe(),
                                            result.output().isBlank()
                                                    ? ""
                                                    : "; output: " + result.output().strip());
                                }
                            } catch (InterruptedException e) {
                                log.warn("script {} abandoned: interrupted", command);
                            } catch (RuntimeException e) {
                                log.warn("script {} failed: {}", command, e.toString(), e);
                            }
                        });
    }

    private static ScriptResult start(List<String> argv, Duration timeout)
            throws InterruptedException {
        long started = System.nanoTime();
        Process process;
        try {
            process =
                    new ProcessBuilder(argv)
                            .redirectErrorStream(true)
                            .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                            .start();
        } catch (IOException e) {
            return ScriptResult.notStarted(String.valueOf(e.getMessage()));
        }
        OutputCapture output = new OutputCapture(process.getInputStream());
        Thread reader = Thread.ofVirtual().name("script-output").start(output);
        boolean ended;
        try {
            ended = process.waitFor(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            killTree(process);
            throw e;
        }
        if (!ended) {
            killTree(process);
        }
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        // A script that left a background child holding the pipe must not hold us up: take what
        // has arrived and let the reader finish on its own.
        reader.join(OUTPUT_GRACE);
        if (!ended) {
            return new ScriptResult(-1, true, null, output.text(), took);
        }
        return new ScriptResult(process.exitValue(), false, null, output.text(), took);
    }

    /** SIGTERM to the process and all its descendants, then SIGKILL to the survivors. */
    private static void killTree(Process process) throws InterruptedException {
        List<ProcessHandle> tree = new ArrayList<>(process.descendants().toList());
        tree.add(process.toHandle());
        tree.forEach(ProcessHandle::destroy);
        // Children forked while we were signalling are caught by a second look.
        process.descendants()
                .filter(p -> !tree.contains(p))
                .forEach(
                        p -> {
                            tree.add(p);
                            p.destroy();
                        });
        long deadline = System.nanoTime() + KILL_GRACE.toNanos();
        for (ProcessHandle handle : tree) {
            long left = deadline - System.nanoTime();
            if (left > 0) {
                try {
                    handle.onExit().get(left, TimeUnit.NANOSECONDS);
                } catch (ExecutionException | TimeoutException e) {
                    // Still alive: killed below.
                }
            }
        }
        for (ProcessHandle handle : tree) {
            if (handle.isAlive()) {
                handle.destroyForcibly();
            }
        }
        process.waitFor(KILL_GRACE.toNanos(), TimeUnit.NANOSECONDS);
    }

    private static List<String> asUser(UserDatabase.Ids ids, List<String> argv) {
        List<String> wrapped = new ArrayList<>();
        wrapped.add("setpriv");
        wrapped.add("--reuid=" + ids.uid());
        wrapped.add("--regid=" + ids.gid());
        wrapped.add("--init-groups");
        wrapped.add("--");
        wrapped.addAll(argv);
        return wrapped;
    }
}
