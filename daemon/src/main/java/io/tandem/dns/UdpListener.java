package io.tandem.dns;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.SocketException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Receives and answers UDP queries on one platform thread, {@code dns-udp}. An answer is built in
 * microseconds and sending never waits for a peer, so one thread keeps up with a flood, and the
 * flood stays off the load balancer's event loops.
 */
final class UdpListener implements Runnable {
    private static final Logger log = LoggerFactory.getLogger(UdpListener.class);

    /** The largest UDP payload; an EDNS query may be that big. */
    private static final int MAX_DATAGRAM = 65535;

    private final DatagramSocket socket;
    private final ZoneResponder responder;

    UdpListener(DatagramSocket socket, ZoneResponder responder) {
        this.socket = socket;
        this.responder = responder;
    }

    @Override
    public void run() {
        byte[] buffer = new byte[MAX_DATAGRAM];
        DatagramPacket in = new DatagramPacket(buffer, buffer.length);
        while (!socket.isClosed()) {
            try {
                in.setLength(buffer.length);
                socket.receive(in);
                byte @Nullable [] answer = responder.respond(buffer, in.getLength(), true);
                if (answer != null) {
                    socket.send(new DatagramPacket(answer, answer.length, in.getSocketAddress()));
                }
            } catch (SocketException e) {
                if (!socket.isClosed()) {
                    log.warn("dns: UDP receive failed, going on", e);
                }
            } catch (IOException | RuntimeException e) {
                // One bad exchange (an unreachable client, a bug on odd input) must not stop DNS.
                log.warn("dns: UDP query from {} failed", in.getSocketAddress(), e);
            }
        }
    }
}
