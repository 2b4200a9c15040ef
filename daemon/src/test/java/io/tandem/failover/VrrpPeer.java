package io.tandem.failover;

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
 * A VRRP router process in one host of a {@link Lan}: real keepalived or a real Tandem, started
 * with {@code ip netns exec}, so that SIGKILL kills it for real. Stopped by PID only.
 */
abstract class VrrpPeer implements AutoCloseable {
    static final String KEEPALIVED = "/usr/sbin/keepalived";

    /** The launcher's default JVM options (./tandem), so tests run what admins run. */
    static final List<String> TANDEM_JVM_OPTIONS =
            List.of(
                    "-XX:+UseG1GC",
                    "-XX:MaxGCPauseMillis=20",
                    "-Xms256m",
                    "-XX:+AlwaysPreTouch",
                    "--enable-native-access=ALL-UNNAMED",
                    "--sun-misc-unsafe-memory-access=allow");

    final String name;
    final Path directory;
    final List<String> output = new CopyOnWriteArrayList<>();
    private Process process;

    VrrpPeer(String name, Path directory) {
        this.name = name;
        this.directory = directory;
    }

    static VrrpPeer keepalived(String name, Path directory) {
        return new Keepalived(name, directory);
    }

    static VrrpPeer tandem(String name, Path directory) {
        return new Tandem(name, directory);
    }

    /** The built jar; the failsafe phase runs after {@code package}. */
    static Path tandemJar() {
        String home = System.getenv("TANDEM_HOME");
        Path start = Path.of(home != null ? home : "").toAbsolutePath();
        for (Path p = start; p != null; p = p.getParent()) {
            Path jar = p.resolve("daemon/target/tandem.jar");
            if (Files.exists(p.resolve("mvnw")) && Files.isRegularFile(jar)) {
                return jar;
            }
        }
        HostSupport.require(false, "daemon/target/tandem.jar not found above " + start);
        throw new AssertionError("unreachable");
    }

    abstract List<String> command(Path config);

    /** Starts the router with {@code config} (keepalived.conf text) in namespace {@code ns}. */
    VrrpPeer start(String ns, String config) throws IOException {
        Path file = directory.resolve(name + ".conf");
        Files.writeString(file, config);
        List<String> command = new ArrayList<>(List.of("ip", "netns", "exec", ns));
        command.addAll(command(file));
        process =
                new ProcessBuilder(command)
                        .directory(directory.toFile())
                        .redirectErrorStream(true)
                        .start();
        Process p = process;
        Thread.ofVirtual()
                .start(
                        () -> {
                            try (BufferedReader r =
                                    new BufferedReader(
                                            new InputStreamReader(
                                                    p.getInputStream(), StandardCharsets.UTF_8))) {
                                r.lines().forEach(output::add);
                            } catch (IOException e) {
                                // process ended
                            }
                        });
        return this;
    }

    boolean alive() {
        return process != null && process.isAlive();
    }

    /** SIGKILL: a crash, no goodbye advert. */
    void kill() throws Exception {
        process.toHandle().destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    /** SIGTERM: a graceful stop, which sends the priority-0 advert. */
    void stop() throws Exception {
        process.toHandle().destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.toHandle().destroyForcibly();
        }
    }

    String log() {
        return name + " output:\n" + String.join("\n", output);
    }

    @Override
    public void close() {
        if (process != null && process.isAlive()) {
            process.toHandle().descendants().forEach(ProcessHandle::destroyForcibly);
            process.toHandle().destroyForcibly();
            try {
                process.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static final class Tandem extends VrrpPeer {
        Tandem(String name, Path directory) {
            super(name, directory);
        }

        @Override
        List<String> command(Path config) {
            List<String> command = new ArrayList<>();
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            command.addAll(TANDEM_JVM_OPTIONS);
            command.addAll(List.of("-jar", tandemJar().toString(), "run", "-f", config.toString()));
            return command;
        }
    }

    /**
     * keepalived in the foreground ({@code -n}), VRRP only ({@code -P}), logging to stderr ({@code
     * -l -D}), never respawning a child ({@code -R}) so that a killed VRRP child stays dead.
     */
    private static final class Keepalived extends VrrpPeer {
        Keepalived(String name, Path directory) {
            super(name, directory);
        }

        @Override
        List<String> command(Path config) {
            return List.of(
                    KEEPALIVED,
                    "-n",
                    "-l",
                    "-D",
                    "-P",
                    "-R",
                    "-f",
                    config.toString(),
                    "-p",
                    directory.resolve(name + ".pid").toString(),
                    "-r",
                    directory.resolve(name + "-vrrp.pid").toString());
        }

        /** The VRRP child does the protocol; kill it first, then the parent. */
        @Override
        void kill() throws Exception {
            Path vrrpPid = directory.resolve(name + "-vrrp.pid");
            if (Files.exists(vrrpPid)) {
                long pid = Long.parseLong(Files.readString(vrrpPid).trim());
                ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
            }
            super.kill();
        }
    }
}
