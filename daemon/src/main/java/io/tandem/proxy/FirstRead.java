package io.tandem.proxy;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.unix.Socket;
import io.netty.channel.unix.UnixChannel;
import java.io.IOException;
import org.jspecify.annotations.Nullable;

/**
 * Reads what a new connection has already received, without waiting for epoll to report it, as
 * HAProxy does after accept. A client usually sends its request right behind the handshake, so it
 * is there when the L7 proxy accepts the connection or the L4 proxy's real server accepts its own;
 * Netty would only read it on the next turn of the event loop, after one more {@code epoll_wait}.
 * Reading it at once takes that turn off every new connection's latency (measured: within noise,
 * decision 0005).
 *
 * <p>Netty has no call for this (its read loop is internal), so this reads the channel's socket
 * itself. Nothing is lost by going around Netty: an EOF or an error is still pending on the socket
 * and Netty's own read finds it. Native transport only; on NIO it reads nothing. Event loop.
 */
public final class FirstRead {
    /** Enough for a typical request head; the rest comes through Netty's reads. */
    static final int BUFFER_BYTES = 4096;

    private FirstRead() {}

    /** The bytes {@code channel} has received so far, or null when none (or not native). */
    public static @Nullable ByteBuf take(Channel channel) {
        if (!(channel instanceof UnixChannel unix) || !(unix.fd() instanceof Socket socket)) {
            return null;
        }
        ByteBuf buf = channel.alloc().directBuffer(BUFFER_BYTES);
        boolean keep = false;
        try {
            int read;
            if (buf.hasMemoryAddress()) {
                read = socket.recvAddress(buf.memoryAddress(), buf.writerIndex(), buf.capacity());
            } else {
                var nio = buf.internalNioBuffer(buf.writerIndex(), buf.writableBytes());
                read = socket.recv(nio, nio.position(), nio.limit());
            }
            // read is 0 when nothing has arrived (EAGAIN) and -1 at EOF, which stays pending.
            if (read > 0) {
                buf.writerIndex(buf.writerIndex() + read);
                keep = true;
                return buf;
            }
            return null;
        } catch (IOException e) {
            return null; // a reset: the socket is closed now, and Netty's next read sees its end
        } finally {
            if (!keep) {
                buf.release();
            }
        }
    }
}
