package io.tandem.health;

import io.tandem.common.HostPort;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SNIMatcher;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.StandardConstants;

/**
 * A TLS server with a self-signed certificate made by keytool for the test; answers every request
 * with {@code 200} and {@code body}, and records the SNI names the client sent.
 */
final class TlsStub implements AutoCloseable {
    private final SSLServerSocket listener;
    volatile List<SNIServerName> lastServerNames = List.of();
    final String body = "secure\n";

    TlsStub(Path dir) throws Exception {
        Path store = dir.resolve("stub.p12");
        if (!java.nio.file.Files.exists(store)) {
            makeKeyStore(store);
        }
        KeyStore keys = KeyStore.getInstance(store.toFile(), "changeit".toCharArray());
        KeyManagerFactory kmf =
                KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(keys, "changeit".toCharArray());
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(kmf.getKeyManagers(), null, null);
        listener = (SSLServerSocket) context.getServerSocketFactory().createServerSocket();
        listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        // The server's matcher sees the names the client sent, in every TLS version.
        SSLParameters parameters = listener.getSSLParameters();
        parameters.setSNIMatchers(
                List.of(
                        new SNIMatcher(StandardConstants.SNI_HOST_NAME) {
                            @Override
                            public boolean matches(SNIServerName name) {
                                lastServerNames = List.of(name);
                                return true;
                            }
                        }));
        listener.setSSLParameters(parameters);
        Thread.ofVirtual().start(this::acceptLoop);
    }

    /** A PKCS12 store with a self-signed EC key, made by the JDK's keytool. */
    private static void makeKeyStore(Path store) throws Exception {
        Process keytool =
                new ProcessBuilder(
                                Path.of(System.getProperty("java.home"), "bin", "keytool")
                                        .toString(),
                                "-genkeypair",
                                "-alias",
                                "stub",
                                "-keyalg",
                                "EC",
                                "-dname",
                                "CN=stub",
                                "-validity",
                                "2",
                                "-storetype",
                                "PKCS12",
                                "-keystore",
                                store.toString(),
                                "-storepass",
                                "changeit")
                        .redirectErrorStream(true)
                        .start();
        String output = new String(keytool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!keytool.waitFor(30, TimeUnit.SECONDS) || keytool.exitValue() != 0) {
            throw new IllegalStateException("keytool failed: " + output);
        }
    }

    HostPort address() {
        return HostPort.of((InetSocketAddress) listener.getLocalSocketAddress());
    }

    private void acceptLoop() {
        while (!listener.isClosed()) {
            try {
                SSLSocket socket = (SSLSocket) listener.accept();
                Thread.ofVirtual().start(() -> serve(socket));
            } catch (IOException closed) {
                return;
            }
        }
    }

    private void serve(SSLSocket socket) {
        try (socket) {
            socket.startHandshake();
            InputStream in = socket.getInputStream();
            int state = 0;
            // Read up to the blank line that ends the request.
            while (state < 4) {
                int c = in.read();
                if (c < 0) {
                    return;
                }
                state =
                        (c == '\r' && state % 2 == 0) || (c == '\n' && state % 2 == 1)
                                ? state + 1
                                : 0;
            }
            socket.getOutputStream()
                    .write(
                            ("HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\n\r\n" + body)
                                    .getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            // the client went away
        }
    }

    @Override
    public void close() throws IOException {
        listener.close();
    }
}
