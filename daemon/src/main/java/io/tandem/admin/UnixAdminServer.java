package io.tandem.admin;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The admin endpoint on a Unix domain socket: newline-delimited JSON, one {@link
 * io.tandem.admin.api.AdminRequest} per line in, one {@link io.tandem.admin.api.AdminReply} per
 * line out (docs/admin-protocol.md). Every command is allowed: only the socket's owner (root) can
 * connect, because the file is 0600 from the moment it has its name.
 *
 * <p>How 0600 is guaranteed: the socket is bound inside a fresh 0700 directory next to the final
 * path, chmod-ed to 0600 there, then renamed onto the final path (rename(2) is atomic and keeps the
 * inode the listener is bound to). Nobody can connect before the rename because nobody else can
 * enter the 0700 directory. A socket file left by a dead daemon (connect refused) is replaced; a
 * live one is refused with an error saying so.
 *
 * <p>{@link #start()} and {@link #close()} may be called from any thread; each client is served on
 * its own virtual thread, at most {@link #MAX_CLIENTS} at once. A client that sends nothing for the
 * idle timeout (a minute by default) is closed, so forgotten connections cannot use up the slots.
 */
public final class UnixAdminServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(UnixAdminServer.class);

    /** A longer request line is refused and the connection closed. */
    public static final int MAX_LINE_BYTES = 1 << 20;

    /** Clients served at once; a further one gets an error reply and is closed. */
    public static final int MAX_CLIENTS = 32;

    /** How long a client may stay connected without sending a byte, unless told otherwise. */
    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofMinutes(1);

    private final Path path;
    private final AdminDispatcher dispatcher;
    private final Semaphore slots = new Semaphore(MAX_CLIENTS);
    private final Duration idleTimeout;
    private final Set<AdminConnection> clients = ConcurrentHashMap.newKeySet();
    private @Nullable ServerSocketChannel server;
    private @Nullable Object fileKey;
    private @Nullable Thread acceptor;
    private @Nullable Thread idleCloser;

    public UnixAdminServer(Path path, AdminDispatcher dispatcher) {
        this(path, dispatcher, DEFAULT_IDLE_TIMEOUT);
    }

    /**
     * @param idleTimeout a client silent for this long is closed
     */
    public UnixAdminServer(Path path, AdminDispatcher dispatcher, Duration idleTimeout) {
        if (idleTimeout.isNegative() || idleTimeout.isZero()) {
            throw new IllegalArgumentException("idle timeout must be positive: " + idleTimeout);
        }
        this.path = path.toAbsolutePath();
        this.dispatcher = dispatcher;
        this.idleTimeout = idleTimeout;
    }

    /** The socket's path. */
    public Path path() {
        return path;
    }

    /**
     * Binds the socket and starts accepting.
     *
     * @throws IOException when the directory cannot be made, another daemon is listening on the
     *     path, the path is something other than a socket, or binding fails; the message says which
     */
    public synchronized void start() throws IOException {
        if (server != null) {
            throw new IllegalStateException("admin socket " + path + " already started");
        }
        Path dir = Objects.requireNonNull(path.getParent(), "a socket path has a directory");
        if (!Files.isDirectory(dir)) {
            Files.createDirectories(
                    dir,
                    PosixFilePermissions.asFileAttribute(
                            PosixFilePermissions.fromString("rwx------")));
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
        }
        StaleSocket.clear(path);
        Path privateDir =
                Files.createTempDirectory(
                        dir,
                        "." + path.getFileName() + ".",
                        PosixFilePermissions.asFileAttribute(
                                PosixFilePermissions.fromString("rwx------")));
        Path bound = privateDir.resolve("s");
        ServerSocketChannel channel = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            channel.bind(UnixDomainSocketAddress.of(bound));
            Files.setPosixFilePermissions(bound, PosixFilePermissions.fromString("rw-------"));
            Files.move(bound, path, StandardCopyOption.ATOMIC_MOVE);
            fileKey =
                    Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS)
                            .fileKey();
        } catch (IOException | RuntimeException e) {
            channel.close();
            Files.deleteIfExists(bound);
            throw e;
        } finally {
            Files.deleteIfExists(privateDir);
        }
        server = channel;
        acceptor = Thread.ofVirtual().name("admin-socket-accept").start(() -> acceptLoop(channel));
        idleCloser = Thread.ofVirtual().name("admin-socket-idle").start(() -> closeIdle(channel));
        log.info("admin socket listening on {}", path);
    }

    private void acceptLoop(ServerSocketChannel channel) {
        while (channel.isOpen()) {
            SocketChannel client;
            try {
                client = channel.accept();
            } catch (ClosedChannelException e) {
                return;
            } catch (IOException e) {
                log.warn("admin socket {}: accept failed: {}", path, e.toString());
                continue;
            }
            if (!slots.tryAcquire()) {
                Thread.ofVirtual().name("admin-socket-busy").start(() -> refuseBusy(client));
                continue;
            }
            AdminConnection connection = new AdminConnection(client, dispatcher);
            clients.add(connection);
            Thread.ofVirtual()
                    .name("admin-socket-client")
                    .start(
                            () -> {
                                try {
                                    connection.serve();
                                } finally {
                                    clients.remove(connection);
                                    slots.release();
                                }
                            });
        }
    }

    // A blocking read on a Unix socket channel has no timeout, so one thread checks the clients'
    // last activity a few times per timeout and closes the silent ones.
    private void closeIdle(ServerSocketChannel channel) {
        long checkNanos = Math.max(idleTimeout.toNanos() / 4, Duration.ofMillis(20).toNanos());
        while (channel.isOpen()) {
            try {
                Thread.sleep(Duration.ofNanos(checkNanos));
            } catch (InterruptedException e) {
                return;
            }
            long now = System.nanoTime();
            for (AdminConnection c : clients) {
                if (c.silentFor(now) >= idleTimeout.toNanos()) {
                    log.debug("admin client idle for {}; closing", idleTimeout);
                    c.close();
                }
            }
        }
    }

    private void refuseBusy(SocketChannel client) {
        try (client) {
            AdminConnection.writeLine(
                    client,
                    AdminConnection.error(
                            "too many admin clients at once (" + MAX_CLIENTS + "); try again"));
        } catch (IOException e) {
            // The client is gone; nothing to tell it.
        }
    }

    /** Stops accepting, closes every client and removes the socket file if it is still ours. */
    @Override
    public synchronized void close() {
        ServerSocketChannel channel = server;
        if (channel == null) {
            return;
        }
        server = null;
        try {
            channel.close();
        } catch (IOException e) {
            log.warn("admin socket {}: close failed: {}", path, e.toString());
        }
        for (AdminConnection client : clients) {
            client.close();
        }
        Thread closer = idleCloser;
        if (closer != null) {
            closer.interrupt();
        }
        Thread t = acceptor;
        if (t != null) {
            try {
                t.join(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        try {
            var now =
                    Files.readAttributes(
                            path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            // Another daemon may have replaced a socket it judged stale; leave its file alone.
            if (Objects.equals(now.fileKey(), fileKey)) {
                Files.delete(path);
            }
        } catch (IOException e) {
            // Already gone.
        }
    }
}
