package io.tandem.cli;

import io.tandem.admin.api.AdminCommand;
import io.tandem.admin.api.AdminException;
import io.tandem.admin.api.AdminJson;
import io.tandem.admin.api.AdminReply;
import io.tandem.admin.api.AdminRequest;
import io.tandem.admin.api.AdminResult;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * One connection to the admin socket; each {@link #send} writes a request line and waits for the
 * reply line. Blocking, not thread-safe; close it when done.
 */
final class AdminClient implements AutoCloseable {
    private final Path path;
    private final SocketChannel channel;
    private final BufferedReader replies;

    private AdminClient(Path path, SocketChannel channel) {
        this.path = path;
        this.channel = channel;
        this.replies =
                new BufferedReader(
                        new InputStreamReader(
                                Channels.newInputStream(channel), StandardCharsets.UTF_8));
    }

    /**
     * Connects to the daemon.
     *
     * @throws IOException saying where it looked and how to point the CLI elsewhere
     */
    static AdminClient connect(Path path) throws IOException {
        SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            channel.connect(UnixDomainSocketAddress.of(path));
        } catch (IOException e) {
            channel.close();
            throw new IOException(
                    "cannot reach the Tandem daemon at "
                            + path
                            + " ("
                            + e.getMessage()
                            + "); is it running? --socket PATH or "
                            + SocketPath.ENVIRONMENT
                            + " point elsewhere",
                    e);
        }
        return new AdminClient(path, channel);
    }

    /**
     * Runs {@code command} on the daemon.
     *
     * @throws AdminException the daemon's refusal, word for word
     * @throws IOException the connection broke or the reply made no sense
     */
    AdminResult send(AdminCommand command) throws AdminException, IOException {
        byte[] line =
                (AdminJson.write(AdminRequest.of(command)) + "\n").getBytes(StandardCharsets.UTF_8);
        ByteBuffer out = ByteBuffer.wrap(line);
        while (out.hasRemaining()) {
            channel.write(out);
        }
        String replyLine = replies.readLine();
        if (replyLine == null) {
            throw new IOException(
                    "the daemon at " + path + " closed the connection without a reply");
        }
        AdminReply reply;
        try {
            reply = AdminJson.read(replyLine, AdminReply.class);
        } catch (AdminException e) {
            throw new IOException(
                    "the daemon at "
                            + path
                            + " sent a reply this CLI cannot read: "
                            + e.getMessage(),
                    e);
        }
        AdminResult result = reply.result();
        if (reply.error() != null) {
            throw new AdminException(reply.error());
        }
        if (result == null) {
            throw new IOException(
                    "the daemon at " + path + " sent a reply with neither result nor error");
        }
        return result;
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
