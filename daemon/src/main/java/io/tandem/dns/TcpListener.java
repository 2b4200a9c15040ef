package io.tandem.dns;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.concurrent.Semaphore;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Accepts TCP connections and serves each on its own virtual thread: length-prefixed messages (RFC
 * 1035 section 4.2.2), several per connection, answered in order (RFC 7766). Blocking reads are
 * cheap on virtual threads, and a slow client holds only its own.
 */
final class TcpListener implements Runnable {
    private static final Logger log = LoggerFactory.getLogger(TcpListener.class);

    /** A connection idle this long is closed (RFC 7766 section 6.2.3 suggests seconds). */
    static final int IDLE_MILLIS = 10_000;

    /** More concurrent connections than this are closed at once, so a flood cannot pile up. */
    static final int MAX_CONNECTIONS = 256;

    private final ServerSocket server;
    private final ZoneResponder responder;
    private final Semaphore slots = new Semaphore(MAX_CONNECTIONS);
    // Used by the accept thread only; a builder's name counter is not thread-safe.
    private final Thread.Builder connections = Thread.ofVirtual().name("dns-tcp-", 0);

    TcpListener(ServerSocket server, ZoneResponder responder) {
        this.server = server;
        this.responder = responder;
    }

    @Override
    public void run() {
        while (!server.isClosed()) {
            Socket socket;
            try {
                socket = server.accept();
            } catch (IOException e) {
                if (!server.isClosed()) {
                    log.warn("dns: TCP accept failed, going on", e);
                }
                continue;
            }
            if (!slots.tryAcquire()) {
                close(socket);
                continue;
            }
            connections.start(() -> serve(socket));
        }
    }

    private void serve(Socket socket) {
        try (socket) {
            socket.setSoTimeout(IDLE_MILLIS);
            DataInputStream in = new DataInputStream(socket.getInputStream());
            DataOutputStream out = new DataOutputStream(socket.getOutputStream());
            while (true) {
                int length = in.readUnsignedShort();
                byte[] message = new byte[length];
                in.readFully(message);
                byte @Nullable [] answer = responder.respond(message, length, false);
                if (answer == null) {
                    // Framing can no longer be trusted after a message that is no query.
                    return;
                }
                out.writeShort(answer.length);
                out.write(answer);
                out.flush();
            }
        } catch (EOFException | SocketTimeoutException e) {
            // The client finished or went quiet.
        } catch (IOException | RuntimeException e) {
            log.debug("dns: TCP connection from {} ended", socket.getRemoteSocketAddress(), e);
        } finally {
            slots.release();
        }
    }

    private static void close(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            log.debug("dns: closing a refused connection failed", e);
        }
    }
}
