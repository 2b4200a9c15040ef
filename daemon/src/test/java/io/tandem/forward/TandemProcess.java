package io.tandem.forward;

import io.tandem.testing.HostSupport;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * The built Tandem jar run with a config inside a namespace ({@code ip netns exec}); stopped by
 * PID.
 */
final class TandemProcess implements AutoCloseable {
    private static final List<String> JVM_OPTIONS =
            List.of(
                    "-XX:+UseSerialGC",
                    "-Xms64m",
                    "--enable-native-access=ALL-UNNAMED",
                    "--sun-misc-unsafe-memory-access=allow");

    private final Process process;
    private final List<String> output = new CopyOnWriteArrayList<>();

    private TandemProcess(Process process) {
        this.process = process;
        Thread.ofVirtual()
                .start(
                        () -> {
                            try (BufferedReader r =
                                    new BufferedReader(
                                            new InputStreamReader(
                                                    process.getInputStream(),
                                                    StandardCharsets.UTF_8))) {
                                r.lines().forEach(output::add);
                            } catch (IOException e) {
                                // the process ended
                            }
                        });
    }

    static TandemProcess start(String namespace, String config, Path directory) throws IOException {
        return start(namespace, config, directory, List.of());
    }

    /**
     * As {@link #start(String, String, Path)}, with {@code run} options such as --drain-seconds.
     */
    static TandemProcess start(
            String namespace, String config, Path directory, List<String> options)
            throws IOException {
        Path file = directory.resolve("tandem.conf");
        Files.writeString(file, config);
        List<String> command = new ArrayList<>(List.of("ip", "netns", "exec", namespace));
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(JVM_OPTIONS);
        command.addAll(List.of("-jar", jar().toString(), "run", "-f", file.toString()));
        command.addAll(options);
        return new TandemProcess(
                new ProcessBuilder(command)
                        .directory(directory.toFile())
                        .redirectErrorStream(true)
                        .start());
    }

    /**
     * Runs {@code tandem adm --socket SOCKET ARGS} (from the root namespace) and returns stdout.
     */
    static String adm(Path socket, String... args) throws IOException, InterruptedException {
        List<String> command =
                new ArrayList<>(
                        List.of(
                                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                                "-jar",
                                jar().toString(),
                                "adm",
                                "--socket",
                                socket.toString()));
        command.addAll(List.of(args));
        Process p =
                new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
        }
        return out;
    }

    /** SIGKILL by PID: a crash, so nothing is handed over or cleaned up. */
    void kill() throws InterruptedException {
        process.toHandle().destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    /** SIGHUP: the daemon reloads its config file ({@code ip netns exec} execs, same PID). */
    void hangup() throws IOException, InterruptedException {
        Process kill =
                new ProcessBuilder("kill", "-HUP", Long.toString(process.pid()))
                        .redirectErrorStream(true)
                        .start();
        if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
            throw new IOException("kill -HUP " + process.pid() + " failed");
        }
    }

    /** SIGTERM without waiting: the daemon drains and exits. */
    void terminate() {
        process.toHandle().destroy();
    }

    /** The JVM's PID ({@code ip netns exec} execs it). */
    long pid() {
        return process.pid();
    }

    boolean alive() {
        return process.isAlive();
    }

    String log() {
        return "tandem output:\n" + String.join("\n", output);
    }

    private static Path jar() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            Path jar = p.resolve("daemon/target/tandem.jar");
            if (Files.exists(p.resolve("mvnw")) && Files.isRegularFile(jar)) {
                return jar;
            }
        }
        HostSupport.require(false, "daemon/target/tandem.jar not found");
        throw new AssertionError("unreachable");
    }

    /** SIGTERM, then SIGKILL after 15 s. */
    @Override
    public void close() {
        process.toHandle().destroy();
        try {
            if (!process.waitFor(15, TimeUnit.SECONDS)) {
                process.toHandle().destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.toHandle().destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
