package io.tandem.health;

import io.tandem.common.HostPort;
import io.tandem.config.CheckSettings;
import io.tandem.linux.IcmpEchoSocket;
import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * keepalived's PING_CHECK: one ICMP (IPv4) or ICMPv6 echo per probe, up when the reply comes back
 * within the timeout. The socket is opened per probe, so an unprivileged ping socket only ever sees
 * this probe's replies.
 */
public final class PingChecker implements HealthChecker {
    private static final AtomicInteger SEQUENCE = new AtomicInteger();
    private static final byte[] PAYLOAD = "tandem PING_CHECK".getBytes(StandardCharsets.US_ASCII);
    private static final long FIRST_POLL_NANOS = 200_000; // 0.2 ms: loopback answers in less
    private static final long MAX_POLL_NANOS = 20_000_000; // 20 ms: how late a reply may be seen

    /** Opens the socket; tests open it inside a network namespace. */
    @FunctionalInterface
    public interface SocketOpener {
        IcmpEchoSocket open(boolean ipv6) throws IOException;
    }

    private final InetAddress destination;
    private final CheckSettings settings;
    private final SocketOpener opener;

    public PingChecker(CheckSettings settings, HostPort realServer, SocketOpener opener) {
        InetAddress ip = settings.connectIp();
        this.destination = ip != null ? ip : realServer.address();
        this.settings = settings;
        this.opener = opener;
    }

    @Override
    public ProbeResult probe(Duration timeout) throws InterruptedException {
        String what = "PING_CHECK " + destination.getHostAddress();
        long start = System.nanoTime();
        long deadline = start + timeout.toNanos();
        int sequence = SEQUENCE.incrementAndGet() & 0xffff;
        try (IcmpEchoSocket socket = opener.open(destination instanceof Inet6Address)) {
            InetAddress source = settings.bindTo();
            if (source != null) {
                socket.bind(source);
            }
            socket.sendEcho(destination, sequence, PAYLOAD);
            long pause = FIRST_POLL_NANOS;
            while (true) {
                if (socket.receiveReply(destination, sequence).isPresent()) {
                    Duration took = Duration.ofNanos(System.nanoTime() - start);
                    return ProbeResult.passed(what + " answered in " + TimeText.of(took));
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return ProbeResult.failed(
                            what + ": no echo reply within " + TimeText.of(timeout));
                }
                // Sleeping unmounts the virtual thread; a blocking poll(2) would pin a carrier.
                Thread.sleep(Duration.ofNanos(Math.min(left, pause)));
                pause = Math.min(MAX_POLL_NANOS, pause * 2);
            }
        } catch (IOException e) {
            return ProbeResult.failed(what + ": " + e.getMessage());
        }
    }

    @Override
    public String describe() {
        return "PING_CHECK " + destination.getHostAddress();
    }
}
