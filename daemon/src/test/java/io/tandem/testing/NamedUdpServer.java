package io.tandem.testing;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/** A UDP real server for tests: answers every datagram with its name. */
public final class NamedUdpServer implements AutoCloseable {
    private final String name;
    private final DatagramSocket socket;

    private NamedUdpServer(String name, DatagramSocket socket) {
        this.name = name;
        this.socket = socket;
        Thread.ofVirtual().name("udp-backend-" + name).start(this::serve);
    }

    public static NamedUdpServer start(String name) throws IOException {
        return new NamedUdpServer(
                name,
                new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)));
    }

    public int port() {
        return socket.getLocalPort();
    }

    private void serve() {
        byte[] buffer = new byte[2048];
        byte[] answer = name.getBytes(StandardCharsets.UTF_8);
        while (!socket.isClosed()) {
            try {
                DatagramPacket in = new DatagramPacket(buffer, buffer.length);
                socket.receive(in);
                socket.send(new DatagramPacket(answer, answer.length, in.getSocketAddress()));
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    @Override
    public void close() {
        socket.close();
    }

    /** Sends one datagram from {@code client} to {@code target} and returns the answer. */
    public static String ask(DatagramSocket client, SocketAddress target) throws IOException {
        byte[] hello = "hello".getBytes(StandardCharsets.UTF_8);
        client.setSoTimeout(5000);
        client.send(new DatagramPacket(hello, hello.length, target));
        byte[] buffer = new byte[2048];
        DatagramPacket in = new DatagramPacket(buffer, buffer.length);
        try {
            client.receive(in);
        } catch (SocketTimeoutException e) {
            throw new IOException("no UDP answer from " + target + " within 5 s", e);
        }
        return new String(in.getData(), 0, in.getLength(), StandardCharsets.UTF_8);
    }
}
