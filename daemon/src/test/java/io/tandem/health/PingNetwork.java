package io.tandem.health;

import io.tandem.linux.NetworkNamespace;
import io.tandem.testing.HostSupport;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Two throw-away network namespaces joined by a veth pair: the checker's side ({@code prober},
 * 10.98.1.1 and fd98::1) and the real server's ({@code target}, 10.98.1.2 and fd98::2). Nothing is
 * added to the root namespace; deleting the namespaces deletes the pair.
 */
final class PingNetwork implements AutoCloseable {
    static final String PROBER_V4 = "10.98.1.1";
    static final String TARGET_V4 = "10.98.1.2";
    static final String PROBER_V6 = "fd98::1";
    static final String TARGET_V6 = "fd98::2";
    private static final AtomicInteger COUNTER = new AtomicInteger();

    final String prober;
    final String target;
    final NetworkNamespace proberNamespace;

    private PingNetwork(String prober, String target, NetworkNamespace proberNamespace) {
        this.prober = prober;
        this.target = target;
        this.proberNamespace = proberNamespace;
    }

    static void require() {
        HostSupport.require(
                "root".equals(System.getProperty("user.name")),
                "PING_CHECK network tests need root (network namespaces)");
        boolean ip;
        try {
            ip = run("ip", "netns", "list") == 0;
        } catch (IOException e) {
            ip = false;
        }
        HostSupport.require(ip, "PING_CHECK network tests need iproute2's 'ip netns'");
    }

    static PingNetwork create() throws IOException {
        String prefix = "tdm-hc-" + ProcessHandle.current().pid() + "-" + COUNTER.incrementAndGet();
        String a = prefix + "a";
        String b = prefix + "b";
        List<String> made = new ArrayList<>();
        try {
            for (String ns : List.of(a, b)) {
                must("ip", "netns", "add", ns);
                made.add(ns);
            }
            must(
                    "ip", "-n", a, "link", "add", "p0", "type", "veth", "peer", "name", "t0",
                    "netns", b);
            must("ip", "-n", a, "addr", "add", PROBER_V4 + "/24", "dev", "p0");
            must("ip", "-n", b, "addr", "add", TARGET_V4 + "/24", "dev", "t0");
            must("ip", "-n", a, "addr", "add", PROBER_V6 + "/64", "dev", "p0", "nodad");
            must("ip", "-n", b, "addr", "add", TARGET_V6 + "/64", "dev", "t0", "nodad");
            for (String[] up : new String[][] {{a, "p0"}, {b, "t0"}, {a, "lo"}, {b, "lo"}}) {
                must("ip", "-n", up[0], "link", "set", up[1], "up");
            }
            // The first packets wait for neighbour discovery and the link; settle that first.
            for (String target : List.of(TARGET_V4, TARGET_V6)) {
                boolean reached = false;
                for (int attempt = 0; attempt < 5 && !reached; attempt++) {
                    reached = run("ip", "netns", "exec", a, "ping", "-c1", "-W1", target) == 0;
                }
                if (!reached) {
                    throw new IOException(target + " does not answer ping in the test network");
                }
            }
            return new PingNetwork(a, b, NetworkNamespace.enter(a));
        } catch (IOException | RuntimeException e) {
            made.forEach(PingNetwork::deleteQuietly);
            throw e;
        }
    }

    /** Makes the target ignore (or answer again) echo requests of both families. */
    void targetAnswers(boolean answers) throws IOException {
        String ignore = answers ? "0" : "1";
        sysctl(target, "net.ipv4.icmp_echo_ignore_all=" + ignore);
        sysctl(target, "net.ipv6.icmp.echo_ignore_all=" + ignore);
    }

    static void sysctl(String namespace, String setting) throws IOException {
        must("ip", "netns", "exec", namespace, "sysctl", "-q", "-w", setting);
    }

    private static void must(String... command) throws IOException {
        if (run(command) != 0) {
            throw new IOException("failed: " + String.join(" ", command));
        }
    }

    private static int run(String... command) throws IOException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException(String.join(" ", command) + " did not finish");
            }
            if (p.exitValue() != 0) {
                System.err.println(String.join(" ", command) + ": " + out);
            }
            return p.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    private static void deleteQuietly(String namespace) {
        try {
            run("ip", "netns", "del", namespace);
        } catch (IOException ignored) {
            // best effort
        }
    }

    @Override
    public void close() {
        proberNamespace.close();
        deleteQuietly(prober);
        deleteQuietly(target);
    }
}
