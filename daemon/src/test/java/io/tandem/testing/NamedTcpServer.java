package io.tandem.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real server for tests: accepts TCP connections, reads one line and answers with its name, then
 * closes. Counts the connections it served. Runs on virtual threads.
 */
public final class NamedTcpServer implements AutoCloseable {
    private final String name;
    private final ServerSocket socket;
    private final AtomicInteger served = new AtomicInteger();

    private NamedTcpServer(String name, ServerSocket socket) {
        this.name = name;
        this.socket = socket;
        Thread.ofVirtual().name("backend-" + name).start(this::acceptLoop);
    }

    public static NamedTcpServer start(String name, InetAddress address) throws IOException {
        return new NamedTcpServer(name, new ServerSocket(0, 128, address));
    }

    public static NamedTcpServer start(String name) throws IOException {
        return start(name, InetAddress.getLoopbackAddress());
    }

    public String name() {
        return name;
    }

    public int port() {
        return socket.getLocalPort();
    }

    public InetSocketAddress address() {
        return (InetSocketAddress) socket.getLocalSocketAddress();
    }

    public int served() {
        return served.get();
    }

    private void acceptLoop() {
        while (!socket.isClosed()) {
            try {
                Socket client = socket.accept();
                Thread.ofVirtual().start(() -> serve(client));
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private void serve(Socket client) {
        try (client) {
            InputStream in = client.getInputStream();
            int c;
            while ((c = in.read()) != -1 && c != '\n') {
                // read the request line
            }
            served.incrementAndGet();
            OutputStream out = client.getOutputStream();
            out.write((name + "\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
        } catch (IOException e) {
            // the client went away; nothing to serve
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

    /**
     * Connects to {@code target}, sends a line, returns the answer's first line (the server's
     * name).
     */
    public static String ask(InetSocketAddress target) throws IOException {
        try (Socket s = new Socket()) {
            s.connect(target, 5000);
            s.setSoTimeout(5000);
            s.getOutputStream().write("hello\n".getBytes(StandardCharsets.UTF_8));
            byte[] answer = s.getInputStream().readAllBytes();
            return new String(answer, StandardCharsets.UTF_8).strip();
        }
    }
}
