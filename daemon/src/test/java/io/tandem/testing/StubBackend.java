package io.tandem.testing;

import io.tandem.common.HostPort;
import io.tandem.pool.RealServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP real server on a loopback port chosen by the kernel, serving each connection on a virtual
 * thread with a {@link Script}. Closing it closes the listener and every open connection.
 */
public final class StubBackend implements AutoCloseable {

    /** What the server does with one accepted connection. */
    @FunctionalInterface
    public interface Script {
        void serve(Socket socket, String name) throws Exception;
    }

    /**
     * Says its name on a line, echoes until the client's FIN, then says {@code eof seen by NAME} on
     * a line and closes: shows which server was picked and that half-close works.
     */
    public static final Script IDENTITY =
            (socket, name) -> {
                OutputStream out = socket.getOutputStream();
                out.write((name + "\n").getBytes(StandardCharsets.UTF_8));
                socket.getInputStream().transferTo(out);
                out.write(("eof seen by " + name + "\n").getBytes(StandardCharsets.UTF_8));
                socket.close();
            };

    private final String name;
    private final ServerSocket listener;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final AtomicInteger accepted = new AtomicInteger();

    private StubBackend(String name, ServerSocket listener, Script script) {
        this.name = name;
        this.listener = listener;
        Thread.ofVirtual().name("stub-" + name).start(() -> acceptLoop(script));
    }

    public static StubBackend start(String name, Script script) throws IOException {
        return start(name, InetAddress.getLoopbackAddress(), script);
    }

    public static StubBackend start(String name, InetAddress address, Script script)
            throws IOException {
        ServerSocket listener = new ServerSocket();
        listener.bind(new InetSocketAddress(address, 0));
        return new StubBackend(name, listener, script);
    }

    /**
     * Waits for {@code gate}, then reads until the client's FIN and answers with the SHA-256 of
     * everything read (32 bytes).
     */
    public static Script digest(CountDownLatch gate) {
        return (socket, name) -> {
            if (!gate.await(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("gate never opened");
            }
            MessageDigest sha = sha256();
            try (InputStream in = new DigestInputStream(socket.getInputStream(), sha)) {
                in.transferTo(OutputStream.nullOutputStream());
                socket.getOutputStream().write(sha.digest());
            }
        };
    }

    /** Sends {@code bytes} of {@link PatternStream} data, then closes. */
    public static Script stream(long bytes) {
        return (socket, name) -> {
            new PatternStream(bytes).transferTo(socket.getOutputStream());
            socket.close();
        };
    }

    /**
     * A loopback address where nothing listens, so connecting is refused: a port the kernel just
     * handed out and took back (nothing else on a test host binds it in between).
     */
    public static HostPort refusingAddress() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return HostPort.of((InetSocketAddress) s.getLocalSocketAddress());
        }
    }

    public static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public String name() {
        return name;
    }

    public HostPort address() {
        return HostPort.of((InetSocketAddress) listener.getLocalSocketAddress());
    }

    /** A fresh real server entry for this backend, weight 1. */
    public RealServer realServer() {
        return new RealServer(address(), 1);
    }

    public int accepted() {
        return accepted.get();
    }

    @Override
    public void close() throws IOException {
        listener.close();
        for (Socket s : open) {
            s.close();
        }
    }

    private void acceptLoop(Script script) {
        while (!listener.isClosed()) {
            try {
                Socket socket = listener.accept();
                accepted.incrementAndGet();
                open.add(socket);
                Thread.ofVirtual().start(() -> serve(socket, script));
            } catch (IOException closed) {
                return;
            }
        }
    }

    private void serve(Socket socket, Script script) {
        try (socket) {
            script.serve(socket, name);
        } catch (Exception e) {
            // The test sees the effect (a reset or a missing answer); nothing to add here.
        } finally {
            open.remove(socket);
        }
    }
}
