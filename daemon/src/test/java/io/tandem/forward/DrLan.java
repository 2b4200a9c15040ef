package io.tandem.forward;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.linux.NetworkNamespace;
import io.tandem.testing.HostSupport;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
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
 * One LAN of network namespaces for the packet-forwarding system tests: a switch namespace with
 * bridge {@code br0}, and hosts with {@code eth0} on it at {@code 10.97.0.N/24}. Names start with
 * {@code pk-} so parallel suites never collide; {@link #close} deletes every namespace (and with
 * them the links). Nothing touches the root namespace.
 */
final class DrLan implements AutoCloseable {
    static final String INTERFACE = "eth0";
    static final String SUBNET = "10.97.0.";
    private static final AtomicInteger COUNTER = new AtomicInteger();

    private final String prefix;
    private final String bridge;
    private final Map<String, String> namespaces = new LinkedHashMap<>();
    private final Map<String, NetworkNamespace> threads = new LinkedHashMap<>();

    private DrLan(String prefix) {
        this.prefix = prefix;
        this.bridge = prefix + "-sw";
    }

    /** Skips (fails under CI=true) unless root and iproute2 are here. */
    static void require() {
        HostSupport.require(
                "root".equals(System.getProperty("user.name")),
                "packet forwarding system tests need root (AF_PACKET, network namespaces)");
        HostSupport.require(
                Files.isExecutable(Path.of("/usr/sbin/ip"))
                        || Files.isExecutable(Path.of("/sbin/ip"))
                        || Files.isExecutable(Path.of("/usr/bin/ip")),
                "packet forwarding system tests need iproute2's ip");
    }

    static DrLan create() throws IOException {
        DrLan lan =
                new DrLan("pk-" + ProcessHandle.current().pid() + "-" + COUNTER.incrementAndGet());
        try {
            ip("netns", "add", lan.bridge);
            ip("-n", lan.bridge, "link", "add", "br0", "type", "bridge");
            ip("-n", lan.bridge, "link", "set", "br0", "up");
            return lan;
        } catch (IOException | RuntimeException | Error e) {
            lan.close();
            throw e;
        }
    }

    /** Adds host {@code name} at {@code 10.97.0.N}. */
    void addHost(String name, int n) throws IOException {
        String ns = prefix + "-" + name;
        ip("netns", "add", ns);
        namespaces.put(name, ns);
        plugIn(name, n);
        ip("-n", ns, "link", "set", "lo", "up");
        threads.put(name, NetworkNamespace.enter(ns));
    }

    /**
     * Gives host {@code name} a new {@code eth0} on the switch at {@code 10.97.0.N}: a new link,
     * with a new index and MAC, under the old name.
     */
    void plugIn(String name, int n) throws IOException {
        String ns = namespace(name);
        String port = "p" + name;
        ip(
                "-n", bridge, "link", "add", port, "type", "veth", "peer", "name", INTERFACE,
                "netns", ns);
        ip("-n", bridge, "link", "set", port, "master", "br0");
        ip("-n", bridge, "link", "set", port, "up");
        ip("-n", ns, "addr", "add", SUBNET + n + "/24", "dev", INTERFACE);
        ip("-n", ns, "link", "set", INTERFACE, "up");
    }

    /** Deletes host {@code name}'s {@code eth0} (and its switch port): the interface is gone. */
    void unplug(String name) throws IOException {
        ip("-n", bridge, "link", "del", "p" + name);
    }

    /**
     * Adds real servers {@code names} at 10.97.0.11, .12, ... in order, the addresses the tests'
     * configs name them by.
     */
    void addRealServers(List<String> names) throws IOException {
        for (int i = 0; i < names.size(); i++) {
            addHost(names.get(i), 11 + i);
        }
    }

    /** {@link #addRealServers} for DR and TUN: each holds {@code vip} silently. */
    void addDirectRoutingServers(List<String> names, String vip) throws IOException {
        addRealServers(names);
        for (String name : names) {
            holdVipSilently(name, vip);
        }
    }

    /**
     * {@link #addRealServers} for NAT: each routes its replies to clients through the balancer at
     * 10.97.0.2, as IPVS NAT needs.
     */
    void addNatServers(List<String> names) throws IOException {
        addRealServers(names);
        for (String name : names) {
            ip("-n", namespace(name), "route", "add", "default", "via", SUBNET + 2);
        }
    }

    /**
     * Adds host {@code name} behind router host {@code router} (already on the LAN): a link of its
     * own, {@code eth0} at 10.96.0.1/24 in the host and {@code eth1} at 10.96.0.254/24 in the
     * router, which forwards and is the host's default gateway.
     */
    void addRoutedHost(String name, String router) throws IOException {
        String ns = prefix + "-" + name;
        ip("netns", "add", ns);
        namespaces.put(name, ns);
        String routerNs = namespace(router);
        ip(
                "-n", routerNs, "link", "add", "eth1", "type", "veth", "peer", "name", INTERFACE,
                "netns", ns);
        ip("-n", routerNs, "addr", "add", "10.96.0.254/24", "dev", "eth1");
        ip("-n", routerNs, "link", "set", "eth1", "up");
        command("ip", "netns", "exec", routerNs, "sysctl", "-q", "-w", "net.ipv4.ip_forward=1");
        ip("-n", ns, "addr", "add", "10.96.0.1/24", "dev", INTERFACE);
        ip("-n", ns, "link", "set", INTERFACE, "up");
        ip("-n", ns, "link", "set", "lo", "up");
        ip("-n", ns, "route", "add", "default", "via", "10.96.0.254");
        threads.put(name, NetworkNamespace.enter(ns));
    }

    /** A DR real server: the VIP on lo, and no ARP answers or announcements for it on eth0. */
    void holdVipSilently(String host, String vip) throws IOException {
        String ns = namespace(host);
        ip("-n", ns, "addr", "add", vip + "/32", "dev", "lo");
        command(
                "ip",
                "netns",
                "exec",
                ns,
                "sysctl",
                "-q",
                "-w",
                "net.ipv4.conf.all.arp_ignore=1",
                "net.ipv4.conf.all.arp_announce=2",
                "net.ipv4.conf." + INTERFACE + ".arp_ignore=1",
                "net.ipv4.conf." + INTERFACE + ".arp_announce=2");
    }

    /**
     * Makes {@code host} send only MTU-sized frames, as a physical link would carry them: a veth
     * passes TSO super-frames (up to 64 KiB) on to the other namespaces unsegmented, and the packet
     * forwarder's ring frames hold one MTU-sized frame, so such frames would not be forwarded.
     */
    void segmentLikeAWire(String host) throws IOException {
        ip("-n", namespace(host), "link", "set", INTERFACE, "gso_max_segs", "1");
    }

    String namespace(String host) {
        return namespaces.get(host);
    }

    /** One HTTP/1.0 request from {@code host} to {@code address}:80; returns the body. */
    String get(String host, String address) throws Exception {
        return body(request(host, new InetSocketAddress(address, 80), "/"));
    }

    /**
     * The body of {@code GET /metrics} from Tandem's {@code admin_http} on {@code host}'s loopback
     * at {@code port}, asserting a 200.
     */
    String metrics(String host, int port) throws Exception {
        String response =
                request(
                        host,
                        new InetSocketAddress(InetAddress.getLoopbackAddress(), port),
                        "/metrics");
        assertThat(response).startsWith("HTTP/1.1 200");
        return body(response);
    }

    /**
     * One HTTP/1.0 GET of {@code path} from {@code host}; the whole response, status line first.
     */
    private String request(String host, InetSocketAddress address, String path) throws Exception {
        return inside(host)
                .call(
                        () -> {
                            try (Socket s = new Socket()) {
                                s.connect(address, 2000);
                                s.setSoTimeout(5000);
                                s.getOutputStream()
                                        .write(
                                                ("GET " + path + " HTTP/1.0\r\nHost: vip\r\n\r\n")
                                                        .getBytes(StandardCharsets.US_ASCII));
                                InputStream in = s.getInputStream();
                                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
                            }
                        });
    }

    private static String body(String response) {
        return response.substring(response.indexOf("\r\n\r\n") + 4);
    }

    NetworkNamespace inside(String host) {
        return threads.get(host);
    }

    static String ip(String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(args));
        return command("ip", command.toArray(String[]::new));
    }

    static String command(String program, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(program));
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
