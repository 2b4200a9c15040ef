package io.tandem.health;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import org.jspecify.annotations.Nullable;

/**
 * One HTTP/1.0 GET the way keepalived's HTTP_GET and SSL_GET send it, on a plain (or TLS) socket.
 * Hand-written rather than the JDK HttpClient because the digest must be MD5 of the body bytes
 * exactly as sent (no decoding), the source address must be bindable ({@code bind_to}), and
 * certificates are not verified (keepalived does not either).
 *
 * <p>Blocking, on the calling (virtual) thread, for at most about {@code timeout} overall.
 */
public final class HttpFetch {
    /** A health page larger than this is refused rather than read. */
    static final long MAX_BODY = 16L << 20;

    private static final byte[] HEADER_END = {'\r', '\n', '\r', '\n'};

    private HttpFetch() {}

    /**
     * @param host the Host header (and TLS server name when {@code sni})
     */
    static HttpReply get(
            ProbeTarget target,
            boolean tls,
            String path,
            String host,
            boolean sni,
            Duration timeout)
            throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        try (Socket plain = target.connect(timeout)) {
            Socket socket = tls ? wrap(plain, host, sni, target) : plain;
            try {
                setRemaining(socket, deadline);
                OutputStream out = socket.getOutputStream();
                String request =
                        "GET "
                                + path
                                + " HTTP/1.0\r\nUser-Agent: KeepAliveClient\r\nHost: "
                                + host
                                + "\r\n\r\n";
                out.write(request.getBytes(StandardCharsets.ISO_8859_1));
                out.flush();
                return read(socket, deadline);
            } finally {
                if (socket != plain) {
                    socket.close();
                }
            }
        }
    }

    private static HttpReply read(Socket socket, long deadline) throws IOException {
        InputStream in = socket.getInputStream();
        byte[] head = new byte[16 * 1024];
        int headLength = 0;
        int bodyStart = -1;
        byte[] buffer = new byte[16 * 1024];
        MessageDigest md5 = md5();
        long body = 0;
        while (true) {
            setRemaining(socket, deadline);
            int n = in.read(buffer);
            if (n < 0) {
                break;
            }
            int used = 0;
            if (bodyStart < 0) {
                int before = headLength;
                int copy = Math.min(n, head.length - headLength);
                System.arraycopy(buffer, 0, head, headLength, copy);
                headLength += copy;
                int end = indexOf(head, headLength, Math.max(0, before - 3));
                if (end < 0) {
                    if (headLength == head.length) {
                        throw new IOException("response headers longer than 16 KiB");
                    }
                    continue;
                }
                bodyStart = end + HEADER_END.length;
                // This read's bytes from bodyStart on (in head coordinates) are body.
                used = bodyStart - before;
            }
            int bodyPart = n - used;
            body += bodyPart;
            if (body > MAX_BODY) {
                throw new IOException("body larger than " + (MAX_BODY >> 20) + " MiB");
            }
            md5.update(buffer, used, bodyPart);
        }
        if (bodyStart < 0) {
            throw new IOException(
                    headLength == 0 ? "empty response" : "response ended inside the headers");
        }
        return new HttpReply(status(head, bodyStart), HexFormat.of().formatHex(md5.digest()), body);
    }

    /** The status of {@code HTTP/1.x NNN reason}. */
    private static int status(byte[] head, int length) throws IOException {
        String text = new String(head, 0, length, StandardCharsets.ISO_8859_1);
        String line = text.substring(0, Math.max(0, text.indexOf("\r\n")));
        String[] parts = line.split(" ", 3);
        if (parts.length < 2 || !parts[0].startsWith("HTTP/") || !parts[1].matches("[0-9]{3}")) {
            throw new IOException("not an HTTP response: '" + abbreviate(line) + "'");
        }
        return Integer.parseInt(parts[1]);
    }

    private static String abbreviate(String s) {
        return s.length() <= 60 ? s : s.substring(0, 60) + "...";
    }

    private static int indexOf(byte[] data, int length, int from) {
        outer:
        for (int i = from; i <= length - HEADER_END.length; i++) {
            for (int j = 0; j < HEADER_END.length; j++) {
                if (data[i + j] != HEADER_END[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private static void setRemaining(Socket socket, long deadline) throws IOException {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
            throw new SocketTimeoutException("deadline passed");
        }
        socket.setSoTimeout((int) Math.max(1, Math.min(Integer.MAX_VALUE, left / 1_000_000)));
    }

    private static Socket wrap(Socket plain, String host, boolean sni, ProbeTarget target)
            throws IOException {
        SSLSocket tls =
                (SSLSocket)
                        TRUST_ALL
                                .getSocketFactory()
                                .createSocket(
                                        plain,
                                        target.address().getHostString(),
                                        target.address().getPort(),
                                        false);
        SSLParameters parameters = tls.getSSLParameters();
        parameters.setServerNames(sni ? List.of(new SNIHostName(serverName(host))) : List.of());
        tls.setSSLParameters(parameters);
        tls.startHandshake();
        return tls;
    }

    /** The host part of a Host header value ({@code www.example.com:8443}). */
    private static String serverName(String host) {
        int colon = host.lastIndexOf(':');
        return colon > 0 && host.indexOf(':') == colon ? host.substring(0, colon) : host;
    }

    private static MessageDigest md5() {
        try {
            return MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has MD5", e);
        }
    }

    private static final SSLContext TRUST_ALL = trustAll();

    // keepalived's SSL_GET checks that the server answers, not who it is; so does Tandem.
    private static SSLContext trustAll() {
        X509TrustManager any =
                new X509TrustManager() {
                    @Override
                    public void checkClientTrusted(X509Certificate[] chain, String authType) {}

                    @Override
                    public void checkServerTrusted(X509Certificate[] chain, String authType) {}

                    @Override
                    public X509Certificate[] getAcceptedIssuers() {
                        return new X509Certificate[0];
                    }
                };
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] {any}, new SecureRandom());
            return context;
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException("TLS is not available", e);
        }
    }

    /**
     * {@code tandem genhash}: fetches {@code url} (http or https) once and returns the reply, whose
     * {@link HttpReply#bodyMd5} goes into {@code digest}.
     */
    public static HttpReply genhash(URI url, @Nullable InetAddress connectTo, Duration timeout)
            throws IOException {
        String scheme = url.getScheme() == null ? "" : url.getScheme();
        boolean tls = scheme.equalsIgnoreCase("https");
        if (!tls && !scheme.equalsIgnoreCase("http")) {
            throw new IOException("expected an http:// or https:// URL, got '" + url + "'");
        }
        String host = url.getHost();
        if (host == null) {
            throw new IOException("the URL has no host: '" + url + "'");
        }
        int port = url.getPort() > 0 ? url.getPort() : tls ? 443 : 80;
        InetAddress address = connectTo != null ? connectTo : InetAddress.getByName(host);
        String path =
                url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath();
        if (url.getRawQuery() != null) {
            path = path + "?" + url.getRawQuery();
        }
        String hostHeader = url.getPort() > 0 ? host + ":" + port : host;
        return get(
                new ProbeTarget(new InetSocketAddress(address, port), null),
                tls,
                path,
                hostHeader,
                tls,
                timeout);
    }
}
