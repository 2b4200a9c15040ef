package io.tandem.health;

import io.tandem.common.HostPort;
import io.tandem.config.CheckSettings;
import java.io.IOException;
import java.net.Socket;
import java.time.Duration;

/** keepalived's TCP_CHECK: up when a TCP connection opens within the timeout, then closed. */
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
