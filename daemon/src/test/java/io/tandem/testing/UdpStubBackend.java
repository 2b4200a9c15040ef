package io.tandem.testing;

import io.tandem.common.HostPort;
import io.tandem.pool.RealServer;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A UDP real server on a loopback port chosen by the kernel: answers every datagram with {@code
 * NAME:payload} and remembers which source addresses wrote to it.
 */
public final class UdpStubBackend implements AutoCloseable {
    private final String name;
    private final DatagramSocket socket;
    private final Set<SocketAddress> peers = ConcurrentHashMap.newKeySet();

    private UdpStubBackend(String name, DatagramSocket socket) {
        this.name = name;
        this.socket = socket;
        Thread.ofVirtual().name("udp-stub-" + name).start(this::answerLoop);
    }

    public static UdpStubBackend start(String name) throws IOException {
        return new UdpStubBackend(
                name,
                new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)));
    }

    public HostPort address() {
        return HostPort.of((InetSocketAddress) socket.getLocalSocketAddress());
    }

    public RealServer realServer() {
        return new RealServer(address(), 1);
    }

    /** Source addresses seen so far: one per forwarder session. */
    public Set<SocketAddress> peers() {
        return Set.copyOf(peers);
    }

    @Override
    public void close() {
        socket.close();
    }

    private void answerLoop() {
        byte[] buf = new byte[65_535];
        while (!socket.isClosed()) {
            try {
                DatagramPacket in = new DatagramPacket(buf, buf.length);
                socket.receive(in);
                peers.add(in.getSocketAddress());
                String payload =
                        new String(in.getData(), 0, in.getLength(), StandardCharsets.UTF_8);
                byte[] reply = (name + ":" + payload).getBytes(StandardCharsets.UTF_8);
                socket.send(new DatagramPacket(reply, reply.length, in.getSocketAddress()));
            } catch (IOException closed) {
                return;
            }
        }
    }
}
