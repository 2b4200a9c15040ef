package io.tandem.proxy.http;

import io.tandem.proxy.ProxySettings;
import io.tandem.testing.EventLoops;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Starts HTTP forwarders from config text on 127.0.0.1 port 0, records what they report, and talks
 * raw HTTP/1.1 to them; everything it opened closes with it.
 */
final class L7Harness implements AutoCloseable {
    final List<RequestRecord> finished = new CopyOnWriteArrayList<>();
    private final EventLoops loops;
    private final List<AutoCloseable> opened = new ArrayList<>();

    L7Harness(EventLoops loops) {
        this.loops = loops;
    }

    /** A response as the client read it. */
    record Response(int status, Map<String, String> headers, String text) {}

    <T extends AutoCloseable> T closing(T c) {
        opened.add(c);
        return c;
    }

    HttpBackend backend(String name) throws IOException {
        return closing(new HttpBackend(name));
    }

    /** Virtual server 127.0.0.1:80, protocol HTTP, rr over {@code ports}, plus {@code extra}. */
    static String config(String extra, int... ports) {
        StringBuilder b =
                new StringBuilder("virtual_server 127.0.0.1 80 {\n protocol HTTP\n lb_algo rr\n");
        b.append(extra).append('\n');
        for (int p : ports) {
            b.append(" real_server 127.0.0.1 ").append(p).append('\n');
        }
        return b.append("}\n").toString();
    }

    /** Builds the forwarder of the first virtual server of {@code config}, not started. */
    HttpForwarder build(String config) throws Exception {
        return closing(
                L7Forwarders.build(
                        config,
                        Path.of("l7.conf"),
                        loops.dataPlane(ProxySettings.DEFAULTS),
                        finished::add));
    }

    HttpForwarder start(String config) throws Exception {
        HttpForwarder f = build(config);
        f.start();
        return f;
    }

    Socket connect(HttpForwarder f) throws IOException {
        Socket s = new Socket();
        s.connect(f.localAddresses().getFirst(), 5000);
        s.setSoTimeout(20000);
        return closing(s);
    }

    static void send(Socket s, String raw) throws IOException {
        s.getOutputStream().write(raw.getBytes(StandardCharsets.ISO_8859_1));
        s.getOutputStream().flush();
    }

    static String get(String path) {
        return "GET " + path + " HTTP/1.1\r\nHost: h\r\n\r\n";
    }

    /** Reads one response framed by Content-Length, or to EOF when it has none. */
    static Response read(Socket s) throws IOException {
        InputStream in = s.getInputStream();
        String statusLine = line(in);
        int status = Integer.parseInt(statusLine.split(" ")[1]);
        Map<String, String> headers = new LinkedHashMap<>();
        for (String l = line(in); !l.isEmpty(); l = line(in)) {
            int colon = l.indexOf(':');
            headers.put(
                    l.substring(0, colon).toLowerCase(Locale.ROOT), l.substring(colon + 1).strip());
        }
        String length = headers.get("content-length");
        byte[] body = length == null ? in.readAllBytes() : in.readNBytes(Integer.parseInt(length));
        return new Response(status, headers, new String(body, StandardCharsets.ISO_8859_1));
    }

    static Response exchange(Socket s, String raw) throws IOException {
        send(s, raw);
        return read(s);
    }

    static String line(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) != -1 && c != '\n') {
            if (c != '\r') {
                out.write(c);
            }
        }
        return out.toString(StandardCharsets.ISO_8859_1);
    }

    static boolean closedByPeer(Socket s) {
        try {
            return s.getInputStream().read() == -1;
        } catch (IOException e) {
            return true; // reset
        }
    }

    static int deadPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    @Override
    public void close() throws IOException {
        for (AutoCloseable c : opened.reversed()) {
            try {
                c.close();
            } catch (IOException | RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new IOException(e);
            }
        }
    }
}
