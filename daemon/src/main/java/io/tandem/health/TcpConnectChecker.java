package io.tandem.health;

import io.tandem.common.HostPort;
import io.tandem.config.CheckSettings;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.StandardSocketOptions;
import java.nio.channels.SocketChannel;
import java.time.Duration;

/**
 * keepalived's TCP_CHECK: up when a TCP connection opens within the timeout; then it is reset
 * rather than closed.
 *
 * <p>{@link #probe} blocks, like every checker. Health monitoring runs TCP_CHECKs through {@link
 * TcpProbeLoop} instead, with {@link #startConnect} and the result methods below: one selector
 * thread for all of them costs half the CPU of a virtual thread per checker.
 */
public final class TcpConnectChecker implements HealthChecker {
    private final ProbeTarget target;
    private final String name;

    public TcpConnectChecker(CheckSettings settings, HostPort realServer) {
        this.target = ProbeTarget.of(settings, realServer);
        this.name = "TCP_CHECK " + target.text();
    }

    @Override
    public ProbeResult probe(Duration timeout) throws InterruptedException {
        long start = System.nanoTime();
        try {
            Socket socket = target.connect(timeout);
            // Close with a reset, as HAProxy does for its checks: no FIN exchange, and no socket
            // left in TIME_WAIT here (1,000 checks a second would hold 60,000 ephemeral ports).
            socket.setSoLinger(true, 0);
            socket.close();
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            return ProbeResult.passed(name + " connected in " + TimeText.of(took));
        } catch (IOException e) {
            if (Thread.interrupted()) {
                throw new InterruptedException("stopped during TCP_CHECK");
            }
            return ProbeResult.failed(name + ": " + ProbeTarget.why(e, timeout));
        }
    }

    /** A non-blocking connect, started; the caller finishes it and then calls {@link #reset}. */
    SocketChannel startConnect() throws IOException {
        SocketChannel channel = SocketChannel.open();
        try {
            channel.configureBlocking(false);
            var from = target.bindTo();
            if (from != null) {
                channel.bind(new InetSocketAddress(from, 0));
            }
            var unused = channel.connect(target.address());
            return channel;
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    ProbeResult connected(long startNanos) {
        Duration took = Duration.ofNanos(System.nanoTime() - startNanos);
        return ProbeResult.passed(name + " connected in " + TimeText.of(took));
    }

    ProbeResult failed(IOException e, Duration timeout) {
        return ProbeResult.failed(name + ": " + ProbeTarget.why(e, timeout));
    }

    ProbeResult timedOut(Duration timeout) {
        return ProbeResult.failed(name + ": timed out after " + TimeText.of(timeout));
    }

    /** Closes with a reset, as {@link #probe} does; never throws. */
    static void reset(SocketChannel channel) {
        try {
            if (channel.isConnected()) {
                channel.setOption(StandardSocketOptions.SO_LINGER, 0);
            }
        } catch (IOException | RuntimeException ignored) {
            // closing below is what matters
        }
        try {
            channel.close();
        } catch (IOException ignored) {
            // nothing left to release
        }
    }

    @Override
    public String describe() {
        return name;
    }
}
