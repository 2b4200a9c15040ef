package io.tandem.health;

import io.tandem.common.HostPort;
import io.tandem.config.CheckSettings;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NoRouteToHostException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * Where a network checker connects ({@code connect_ip}/{@code connect_port} over the real server's
 * address) and from where ({@code bind_to}).
 */
record ProbeTarget(InetSocketAddress address, @Nullable InetAddress bindTo) {

    static ProbeTarget of(CheckSettings settings, HostPort realServer) {
        InetAddress ip = settings.connectIp() != null ? settings.connectIp() : realServer.address();
        int port = settings.connectPort() != 0 ? settings.connectPort() : realServer.port();
        return new ProbeTarget(new InetSocketAddress(ip, port), settings.bindTo());
    }

    /** {@code 10.0.0.3:80}, {@code [2001:db8::3]:80}. */
    String text() {
        return HostPort.of(address).toString();
    }

    /** A connected socket; the caller closes it. Blocks up to {@code timeout}. */
    Socket connect(Duration timeout) throws IOException {
        Socket socket = new Socket();
        try {
            if (bindTo != null) {
                socket.bind(new InetSocketAddress(bindTo, 0));
            }
            socket.connect(
                    address, (int) Math.max(1, Math.min(Integer.MAX_VALUE, timeout.toMillis())));
            return socket;
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    /**
     * An admin's words for a failed connect or read: "connection refused", "timed out after 5 s".
     */
    static String why(IOException e, Duration timeout) {
        return switch (e) {
            case SocketTimeoutException t -> "timed out after " + TimeText.of(timeout);
            case ConnectException c
                    when c.getMessage() != null && c.getMessage().contains("refused") ->
                    "connection refused";
            case NoRouteToHostException n -> "no route to host";
            default -> e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        };
    }
}
