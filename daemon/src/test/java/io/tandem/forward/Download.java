package io.tandem.forward;

import io.tandem.linux.NetworkNamespace;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.concurrent.CompletableFuture;

/**
 * One HTTP download of {@link PacedBody#PATH} from a client namespace, read on its own thread:
 * which real server answers (the body's first line), then how many body bytes arrived and their
 * SHA-256. The socket is connected from the namespace's thread (it keeps its namespace) and read
 * elsewhere, so the namespace stays free for other requests meanwhile.
 */
final class Download {
    /** What arrived: the status line, the body's length and its digest. */
    record Received(String status, long length, String sha256) {}

    private final CompletableFuture<String> server = new CompletableFuture<>();
    private final CompletableFuture<Received> received = new CompletableFuture<>();

    private Download() {}

    static Download start(NetworkNamespace client, String address, int port) throws Exception {
        Download d = new Download();
        Socket socket =
                client.call(
                        () -> {
                            Socket s = new Socket();
                            s.connect(new InetSocketAddress(address, port), 5000);
                            s.setSoTimeout(60_000);
                            s.getOutputStream()
                                    .write(
                                            ("GET " + PacedBody.PATH + " HTTP/1.0\r\n\r\n")
                                                    .getBytes(StandardCharsets.US_ASCII));
                            return s;
                        });
        Thread.ofVirtual().name("download").start(() -> d.read(socket));
        return d;
    }

    /** The real server sending the body, once its first line arrived. */
    CompletableFuture<String> server() {
        return server;
    }

    /** Completes when the server closes the connection (or fails when it breaks). */
    CompletableFuture<Received> received() {
        return received;
    }

    private void read(Socket socket) {
        try (socket) {
            InputStream in = socket.getInputStream();
            String head = head(in);
            MessageDigest digest = PacedBody.sha256();
            StringBuilder label = new StringBuilder();
            boolean labelled = false;
            long total = 0;
            byte[] buffer = new byte[64 * 1024];
            for (int n; (n = in.read(buffer)) > 0; ) {
                for (int i = 0; i < n && !labelled; i++) {
                    if (buffer[i] == '\n') {
                        labelled = true;
                        server.complete(label.toString());
                    } else {
                        label.append((char) buffer[i]);
                    }
                }
                digest.update(buffer, 0, n);
                total += n;
            }
            String status = head.lines().findFirst().orElse("");
            received.complete(
                    new Received(status, total, HexFormat.of().formatHex(digest.digest())));
        } catch (IOException | RuntimeException e) {
            received.completeExceptionally(e);
        } finally {
            server.completeExceptionally(new IOException("the body ended before its first line"));
        }
    }

    private static String head(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                break;
            }
            head.append((char) b);
        }
        return head.toString();
    }
}
