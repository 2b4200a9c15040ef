package io.tandem.forward;

import io.tandem.testing.HostSupport;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A TUN real server's tunnel end in a namespace: {@code ipip-decapsulator.py}, a real process that
 * reads IPIP packets from a raw socket and writes the inner packets into a tun device. It stands in
 * for the kernel's ipip module (real deployments use {@code ip link add tunl0 type ipip}), which
 * the CI kernel lacks. Stopped by PID.
 */
final class IpipEndpoint implements AutoCloseable {
    static final String DEVICE = "tipip0";

    private final Process process;

    private IpipEndpoint(Process process) {
        this.process = process;
    }

    /** Skips (fails under CI=true) without python3 or /dev/net/tun. */
    static void require() {
        HostSupport.require(
                Files.isExecutable(Path.of("/usr/bin/python3")),
                "the TUN system test's user-space IPIP endpoint needs /usr/bin/python3");
        HostSupport.require(
                Files.exists(Path.of("/dev/net/tun")),
                "the TUN system test's user-space IPIP endpoint needs /dev/net/tun");
    }

    /**
     * Starts the endpoint in {@code namespace}, brings its tun device up and turns reverse-path
     * filtering off (the client's packets arrive on the tun device, its route is eth0).
     */
    static IpipEndpoint start(String namespace) throws IOException {
        Path script;
        try {
            script = Path.of(IpipEndpoint.class.getResource("ipip-decapsulator.py").toURI());
        } catch (URISyntaxException e) {
            throw new IOException(e);
        }
        Process p =
                new ProcessBuilder(
                                "ip",
                                "netns",
                                "exec",
                                namespace,
                                "/usr/bin/python3",
                                script.toString(),
                                DEVICE)
                        .redirectError(ProcessBuilder.Redirect.INHERIT)
                        .start();
        IpipEndpoint endpoint = new IpipEndpoint(p);
        try {
            CompletableFuture<String> ready =
                    CompletableFuture.supplyAsync(
                            () -> {
                                try {
                                    return new BufferedReader(
                                                    new InputStreamReader(
                                                            p.getInputStream(),
                                                            StandardCharsets.US_ASCII))
                                            .readLine();
                                } catch (IOException e) {
                                    return null;
                                }
                            });
            String line = ready.get(30, TimeUnit.SECONDS);
            if (!"ready".equals(line)) {
                throw new IOException("ipip-decapsulator.py in " + namespace + " did not start");
            }
            DrLan.ip("-n", namespace, "link", "set", DEVICE, "up");
            DrLan.command(
                    "ip",
                    "netns",
                    "exec",
                    namespace,
                    "sysctl",
                    "-q",
                    "-w",
                    "net.ipv4.conf.all.rp_filter=0",
                    "net.ipv4.conf.default.rp_filter=0",
                    "net.ipv4.conf." + DrLan.INTERFACE + ".rp_filter=0",
                    "net.ipv4.conf." + DEVICE + ".rp_filter=0");
            return endpoint;
        } catch (IOException | RuntimeException e) {
            endpoint.close();
            throw e;
        } catch (InterruptedException e) {
            endpoint.close();
            Thread.currentThread().interrupt();
            throw new IOException(e);
        } catch (ExecutionException | TimeoutException e) {
            endpoint.close();
            throw new IOException("ipip-decapsulator.py in " + namespace + " did not start", e);
        }
    }

    @Override
    public void close() {
        process.toHandle().destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.toHandle().destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.toHandle().destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
