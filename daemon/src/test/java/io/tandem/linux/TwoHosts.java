package io.tandem.linux;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.testing.HostSupport;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Two throw-away network namespaces, host A and host B, joined by a veth pair: {@code veth0}
 * (10.99.1.1/24) in A and {@code veth1} (10.99.1.2/24) in B. Nothing is added to the root
 * namespace; deleting the namespaces deletes the veth pair. Tests may shell out to {@code ip};
 * production code may not.
 */
final class TwoHosts implements AutoCloseable {

    static final String A_INTERFACE = "veth0";
    static final String B_INTERFACE = "veth1";
    static final String A_ADDRESS = "10.99.1.1";
    static final String B_ADDRESS = "10.99.1.2";

    private static final AtomicInteger COUNTER = new AtomicInteger();

    final String a;
    final String b;
    final NetworkNamespace hostA;
    final NetworkNamespace hostB;

    private TwoHosts(String a, String b, NetworkNamespace hostA, NetworkNamespace hostB) {
        this.a = a;
        this.b = b;
        this.hostA = hostA;
        this.hostB = hostB;
    }

    /** Skips (or, under CI=true, fails) unless this host can make network namespaces. */
    static void requireNetns() {
        boolean root = "root".equals(System.getProperty("user.name"));
        HostSupport.require(root, "netns tests need root (CAP_NET_ADMIN, CAP_SYS_ADMIN)");
        boolean ip;
        try {
            ip = run(List.of("ip", "netns", "list")).exitCode == 0;
        } catch (IOException e) {
            ip = false;
        }
        HostSupport.require(ip, "netns tests need iproute2's 'ip netns'");
    }

    static TwoHosts create() throws IOException {
        String prefix = "tdm" + ProcessHandle.current().pid() + "-" + COUNTER.incrementAndGet();
        String a = prefix + "-a";
        String b = prefix + "-b";
        ip("netns", "add", a);
        try {
            ip("netns", "add", b);
            ip(
                    "-n",
                    a,
                    "link",
                    "add",
                    A_INTERFACE,
                    "type",
                    "veth",
                    "peer",
                    "name",
                    B_INTERFACE,
                    "netns",
                    b);
            ip("-n", a, "addr", "add", A_ADDRESS + "/24", "dev", A_INTERFACE);
            ip("-n", b, "addr", "add", B_ADDRESS + "/24", "dev", B_INTERFACE);
            ip("-n", a, "link", "set", A_INTERFACE, "up");
            ip("-n", b, "link", "set", B_INTERFACE, "up");
            NetworkNamespace hostA = NetworkNamespace.enter(a);
            return new TwoHosts(a, b, hostA, NetworkNamespace.enter(b));
        } catch (IOException | RuntimeException e) {
            deleteQuietly(a);
            deleteQuietly(b);
            throw e;
        }
    }

    /** Runs {@code ip ARGS...} and returns its output; fails the test on a non-zero exit. */
    static String ip(String... args) throws IOException {
        return command("ip", args);
    }

    static String command(String program, String... args) throws IOException {
        List<String> command = new java.util.ArrayList<>(List.of(program));
        command.addAll(List.of(args));
        Result result = run(command);
        assertThat(result.exitCode).as("%s: %s", command, result.output).isZero();
        return result.output;
    }

    private record Result(int exitCode, String output) {}

    private static Result run(List<String> command) throws IOException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            String output =
                    new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IOException(command + " did not finish");
            }
            return new Result(process.exitValue(), output);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(command + " interrupted", e);
        }
    }

    private static void deleteQuietly(String namespace) {
        try {
            run(List.of("ip", "netns", "del", namespace));
        } catch (IOException ignored) {
            // best effort: the namespace may not have been created
        }
    }

    @Override
    public void close() {
        hostA.close();
        hostB.close();
        deleteQuietly(a);
        deleteQuietly(b);
    }
}
