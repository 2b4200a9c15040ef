package io.tandem.admin;

import java.io.IOException;
import java.net.ConnectException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * What is at the admin socket's path before the daemon binds: nothing, a socket a dead daemon left
 * (removed), a socket a live daemon listens on, or some other file (both refused). Blocking.
 */
final class StaleSocket {

    private StaleSocket() {}

    /**
     * Makes {@code path} free for a new socket.
     *
     * @throws IOException naming what is in the way when it must not be replaced
     */
    static void clear(Path path) throws IOException {
        BasicFileAttributes attributes;
        try {
            attributes =
                    Files.readAttributes(
                            path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (java.nio.file.NoSuchFileException e) {
            return;
        }
        // A socket is neither file, directory nor link: "other" (as is a FIFO or a device).
        if (!attributes.isOther()) {
            throw new IOException(
                    "admin socket "
                            + path
                            + ": the path exists and is not a socket; remove it or set another"
                            + " admin_socket");
        }
        try (SocketChannel probe = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            probe.connect(UnixDomainSocketAddress.of(path));
        } catch (ConnectException e) {
            // Connection refused: nobody listens, a daemon died without removing it.
            Files.deleteIfExists(path);
            return;
        }
        throw new IOException(
                "admin socket "
                        + path
                        + ": another Tandem daemon is listening there; stop it or set another"
                        + " admin_socket");
    }
}
