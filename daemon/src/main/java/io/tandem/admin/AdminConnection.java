package io.tandem.admin;

import io.tandem.admin.api.AdminJson;
import io.tandem.admin.api.AdminReply;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client of the admin socket: reads newline-terminated requests, answers each with one line. A
 * line over {@link UnixAdminServer#MAX_LINE_BYTES} gets an error reply and the connection is closed
 * (there is no telling where the next request starts); blank lines are skipped; a half line at end
 * of input is dropped, its sender is gone. Runs on its own virtual thread, blocking.
 */
final class AdminConnection {
    private static final Logger log = LoggerFactory.getLogger(AdminConnection.class);

    private final SocketChannel channel;
    private final AdminDispatcher dispatcher;
    private volatile long lastActiveNanos = System.nanoTime();
    private volatile boolean answering;

    AdminConnection(SocketChannel channel, AdminDispatcher dispatcher) {
        this.channel = channel;
        this.dispatcher = dispatcher;
    }

    /** Nanoseconds since the client last sent a byte (or connected), as of {@code nowNanos}. */
    long silentFor(long nowNanos) {
        // A slow command (a reload) is not the client's silence.
        return answering ? 0 : nowNanos - lastActiveNanos;
    }

    /** Closes the connection; its thread's blocked read then ends. Any thread. */
    void close() {
        try {
            channel.close();
        } catch (IOException e) {
            // Closing is all we wanted.
        }
    }

    void serve() {
        try (channel) {
            ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            while (channel.read(buffer) >= 0) {
                lastActiveNanos = System.nanoTime();
                buffer.flip();
                while (buffer.hasRemaining()) {
                    byte b = buffer.get();
                    if (b == '\n') {
                        answer(line.toString(StandardCharsets.UTF_8));
                        line.reset();
                    } else if (line.size() >= UnixAdminServer.MAX_LINE_BYTES) {
                        writeLine(
                                channel,
                                error(
                                        "request line longer than "
                                                + UnixAdminServer.MAX_LINE_BYTES
                                                + " bytes; closing"));
                        return;
                    } else {
                        line.write(b);
                    }
                }
                buffer.clear();
            }
        } catch (IOException e) {
            log.debug("admin client went away: {}", e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void answer(String request) throws IOException, InterruptedException {
        if (request.isBlank()) {
            return;
        }
        answering = true;
        try {
            writeLine(channel, dispatcher.handle(request));
        } finally {
            lastActiveNanos = System.nanoTime();
            answering = false;
        }
    }

    static String error(String message) {
        return AdminJson.write(AdminReply.failed(message));
    }

    static void writeLine(SocketChannel channel, String json) throws IOException {
        ByteBuffer out = ByteBuffer.wrap((json + "\n").getBytes(StandardCharsets.UTF_8));
        while (out.hasRemaining()) {
            channel.write(out);
        }
    }
}
