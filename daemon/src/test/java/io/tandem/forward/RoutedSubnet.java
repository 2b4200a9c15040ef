package io.tandem.forward;

import io.tandem.linux.NetworkNamespace;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One host on a subnet of its own, {@code 10.95.0.0/24}, behind a router host of a {@link DrLan}:
 * {@code eth0} at 10.95.0.1 in the host (default route via the router) and {@code eth2} at
 * 10.95.0.254 in the router, which forwards. Lives beside the LAN so tests can put a real server
 * behind one router and the client behind another; {@link #close} deletes its namespace (and with
 * it the link). Nothing touches the root namespace.
 */
final class RoutedSubnet implements AutoCloseable {
    static final String HOST = "10.95.0.1";
    static final String NETWORK = "10.95.0.0/24";
    private static final AtomicInteger COUNTER = new AtomicInteger();

    private final String namespace;
    private NetworkNamespace inside;

    private RoutedSubnet(String namespace) {
        this.namespace = namespace;
    }

    /** Creates the subnet behind {@code router}, a host of {@code lan}. */
    static RoutedSubnet behind(DrLan lan, String router) throws IOException {
        RoutedSubnet subnet =
                new RoutedSubnet(
                        "pk-" + ProcessHandle.current().pid() + "-rs" + COUNTER.incrementAndGet());
        try {
            String ns = subnet.namespace;
            String routerNs = lan.namespace(router);
            DrLan.ip("netns", "add", ns);
            DrLan.ip(
                    "-n",
                    routerNs,
                    "link",
                    "add",
                    "eth2",
                    "type",
                    "veth",
                    "peer",
                    "name",
                    DrLan.INTERFACE,
                    "netns",
                    ns);
            DrLan.ip("-n", routerNs, "addr", "add", "10.95.0.254/24", "dev", "eth2");
            DrLan.ip("-n", routerNs, "link", "set", "eth2", "up");
            DrLan.command(
                    "ip", "netns", "exec", routerNs, "sysctl", "-q", "-w", "net.ipv4.ip_forward=1");
            DrLan.ip("-n", ns, "addr", "add", HOST + "/24", "dev", DrLan.INTERFACE);
            DrLan.ip("-n", ns, "link", "set", DrLan.INTERFACE, "up");
            DrLan.ip("-n", ns, "link", "set", "lo", "up");
            DrLan.ip("-n", ns, "route", "add", "default", "via", "10.95.0.254");
            subnet.inside = NetworkNamespace.enter(ns);
            return subnet;
        } catch (IOException | RuntimeException | Error e) {
            subnet.close();
            throw e;
        }
    }

    String namespace() {
        return namespace;
    }

    NetworkNamespace inside() {
        return inside;
    }

    @Override
    public void close() {
        if (inside != null) {
            inside.close();
        }
        try {
            new ProcessBuilder("ip", "netns", "del", namespace)
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
