package io.tandem.failover;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.linux.AddressControl;
import io.tandem.linux.AssignedAddress;
import io.tandem.linux.MacAddress;
import io.tandem.linux.NetworkNamespace;
import io.tandem.testing.HostSupport;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A small LAN of network namespaces: a switch namespace holding bridge {@code br0}, and hosts, each
 * with {@code eth0} on the bridge at {@code 10.98.0.N/24} (N = 1, 2, ... in creation order).
 * Nothing touches the root namespace; {@link #close} deletes every namespace, and with them the
 * links. Addresses are read through rtnetlink from a thread inside each host (no fork per sample).
 */
final class Lan implements AutoCloseable {
    static final String INTERFACE = "eth0";
    static final String SUBNET = "10.98.0.";
    private static final AtomicInteger COUNTER = new AtomicInteger();

    private final String prefix;
    private final String bridge;
    private final Map<String, String> namespaces = new LinkedHashMap<>();
    private final Map<String, NetworkNamespace> threads = new LinkedHashMap<>();
    private final Map<String, AddressControl> controls = new LinkedHashMap<>();
    private final List<AutoCloseable> extras = new ArrayList<>();

    private Lan(String prefix) {
        this.prefix = prefix;
        this.bridge = prefix + "-sw";
    }

    /** Skips (fails under CI=true) unless root, iproute2 and the given programs are here. */
    static void require(String... programs) {
        HostSupport.require(
                "root".equals(System.getProperty("user.name")),
                "VRRP system tests need root (raw sockets, network namespaces)");
        HostSupport.require(
                Files.isExecutable(Path.of("/usr/sbin/ip"))
                        || Files.isExecutable(Path.of("/sbin/ip"))
                        || Files.isExecutable(Path.of("/usr/bin/ip")),
                "VRRP system tests need iproute2's ip");
        for (String program : programs) {
            HostSupport.require(Files.isExecutable(Path.of(program)), "needs " + program);
        }
    }

    static Lan create(String... hosts) throws IOException {
        String prefix =
                "tdm-vrrp-" + ProcessHandle.current().pid() + "-" + COUNTER.incrementAndGet();
        Lan lan = new Lan(prefix);
        try {
            ip("netns", "add", lan.bridge);
            ip("-n", lan.bridge, "link", "add", "br0", "type", "bridge");
            ip("-n", lan.bridge, "link", "set", "br0", "up");
            int n = 1;
            for (String host : hosts) {
                lan.addHost(host, n++);
            }
            return lan;
        } catch (IOException | RuntimeException | Error e) {
            lan.close();
            throw e;
        }
    }

    private void addHost(String host, int n) throws IOException {
        String ns = prefix + "-" + host;
        ip("netns", "add", ns);
        namespaces.put(host, ns);
        String port = "p" + host;
        ip(
                "-n", bridge, "link", "add", port, "type", "veth", "peer", "name", INTERFACE,
                "netns", ns);
        ip("-n", bridge, "link", "set", port, "master", "br0");
        ip("-n", bridge, "link", "set", port, "up");
        ip("-n", ns, "addr", "add", SUBNET + n + "/24", "dev", INTERFACE);
        ip("-n", ns, "link", "set", INTERFACE, "up");
        ip("-n", ns, "link", "set", "lo", "up");
        NetworkNamespace thread = NetworkNamespace.enter(ns);
        threads.put(host, thread);
        try {
            controls.put(host, thread.call(AddressControl::open));
        } catch (Exception e) {
            throw new IOException(e);
        }
    }

    String namespace(String host) {
        return namespaces.get(host);
    }

    NetworkNamespace inside(String host) {
        return threads.get(host);
    }

    /** Whether {@code host}'s eth0 holds {@code address} now. */
    boolean holds(String host, InetAddress address) {
        try {
            AddressControl control = controls.get(host);
            return inside(host)
                    .call(
                            () ->
                                    control.addresses(INTERFACE).stream()
                                            .map(AssignedAddress::address)
                                            .anyMatch(address::equals));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    MacAddress mac(String host) throws Exception {
        AddressControl control = controls.get(host);
        MacAddress mac = inside(host).call(() -> control.link(INTERFACE).macAddress());
        assertThat(mac).isNotNull();
        return mac;
    }

    /** {@code ip neigh show ADDRESS} in {@code host}: the ARP cache entry, e.g. "... lladdr M". */
    String neighbour(String host, InetAddress address) throws IOException {
        return ip("-n", namespace(host), "neigh", "show", address.getHostAddress());
    }

    /** A TCP server on 0.0.0.0:{@code port} in {@code host} that answers each client its name. */
    void serveName(String host, int port) throws Exception {
        ServerSocket server =
                inside(host)
                        .call(
                                () -> {
                                    ServerSocket s = new ServerSocket();
                                    s.setReuseAddress(true);
                                    s.bind(new InetSocketAddress(port));
                                    return s;
                                });
        extras.add(server);
        Thread.ofVirtual()
                .start(
                        () -> {
                            while (!server.isClosed()) {
                                try (Socket client = server.accept();
                                        OutputStream out = client.getOutputStream()) {
                                    out.write((host + "\n").getBytes(StandardCharsets.US_ASCII));
                                } catch (IOException e) {
                                    // closed, or the client went away
                                }
                            }
                        });
    }

    /** Connects from {@code host} to {@code address:port} and returns the first line. */
    String request(String host, InetAddress address, int port) throws Exception {
        return inside(host)
                .call(
                        () -> {
                            try (Socket s = new Socket()) {
                                s.connect(new InetSocketAddress(address, port), 1000);
                                s.setSoTimeout(1000);
                                InputStream in = s.getInputStream();
                                return new String(in.readAllBytes(), StandardCharsets.US_ASCII)
                                        .trim();
                            }
                        });
    }

    /** Runs {@code ip ARGS...}; fails the test on a non-zero exit. */
    static String ip(String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of("ip"));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            String output =
                    new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IOException(command + " did not finish");
            }
            assertThat(process.exitValue()).as("%s: %s", command, output).isZero();
            return output;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(command + " interrupted", e);
        }
    }

    @Override
    public void close() {
        for (AutoCloseable c : extras) {
            try {
                c.close();
            } catch (Exception ignored) {
                // best effort
            }
        }
        for (Map.Entry<String, AddressControl> e : controls.entrySet()) {
            try {
                e.getValue().close();
            } catch (IOException ignored) {
                // best effort
            }
        }
        threads.values().forEach(NetworkNamespace::close);
        List<String> all = new ArrayList<>(namespaces.values());
        all.add(bridge);
        for (String ns : all) {
            try {
                new ProcessBuilder("ip", "netns", "del", ns)
                        .redirectErrorStream(true)
                        .start()
                        .waitFor(10, TimeUnit.SECONDS);
            } catch (IOException e) {
                // best effort: it may not have been created
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
