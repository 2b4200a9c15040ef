package io.tandem.app;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A real server that can be killed and brought back on the same loopback port: answers each
 * connection with its name after reading one line (as NamedTcpServer), and counts nothing else.
 */
final class RestartableBackend implements AutoCloseable {
    private final String name;
    private final InetAddress address;
    private final int port;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private volatile ServerSocket listener;

    private RestartableBackend(String name, InetAddress address, ServerSocket listener) {
        this.name = name;
        this.address = address;
        this.listener = listener;
        this.port = listener.getLocalPort();
        serve(listener);
    }

    static RestartableBackend start(String name) throws IOException {
        return start(name, InetAddress.getLoopbackAddress());
    }

    /** On {@code address}, any loopback address (127.0.0.0/8 all reach lo). */
    static RestartableBackend start(String name, InetAddress address) throws IOException {
        return new RestartableBackend(name, address, bind(address, 0));
    }

    int port() {
        return port;
    }

    /** Closes the listener and every open connection: connects are refused from now on. */
    void kill() throws IOException {
        listener.close();
        for (Socket s : open) {
            s.close();
        }
    }

    /** Listens on the same port again. */
    void restart() throws IOException {
        listener = bind(address, port);
        serve(listener);
    }

    private static ServerSocket bind(InetAddress address, int port) throws IOException {
        ServerSocket s = new ServerSocket();
        s.setReuseAddress(true);
        s.bind(new InetSocketAddress(address, port), 128);
        return s;
    }

    private void serve(ServerSocket socket) {
        Thread.ofVirtual()
                .name("backend-" + name)
                .start(
                        () -> {
                            while (!socket.isClosed()) {
                                try {
                                    Socket client = socket.accept();
                                    open.add(client);
                                    Thread.ofVirtual().start(() -> answer(client));
                                } catch (IOException closed) {
                                    return;
                                }
                            }
                        });
    }

    private void answer(Socket client) {
        try (client) {
            InputStream in = client.getInputStream();
            int c;
            while ((c = in.read()) != -1 && c != '\n') {
                // the request line
            }
            OutputStream out = client.getOutputStream();
            out.write((name + "\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
        } catch (IOException e) {
            // the client (or a health check) went away
        } finally {
            open.remove(client);
        }
    }

    @Override
    public void close() throws IOException {
        kill();
    }
}
