package io.tandem.health;

import io.tandem.common.HostPort;
import io.tandem.config.CheckSettings;
import java.io.IOException;
import java.net.Socket;
import java.time.Duration;

/**
 * keepalived's TCP_CHECK: up when a TCP connection opens within the timeout; then it is reset
 * rather than closed.
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

    @Override
    public String describe() {
        return name;
    }
}
