package io.tandem.proxy.tcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufAllocatorMetricProvider;
import io.tandem.pool.PoolSnapshot;
import io.tandem.pool.RealServer;
import io.tandem.pool.TrafficCounters;
import io.tandem.proxy.ProxySettings;
import io.tandem.schedule.Balancer;
import io.tandem.testing.EventLoops;
import io.tandem.testing.PatternStream;
import io.tandem.testing.RoundRobinSchedulerFactory;
import io.tandem.testing.StubBackend;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Bulk transfers: data arrives intact, and a slow real server slows the client down. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class TcpTransferIT {
    private static final long SIZE = 64L * 1024 * 1024;

    // The four kernel socket buffers in the path hold a few MiB (autotuned up to tcp_wmem and
    // tcp_rmem max); a client able to write far more means the proxy reads without waiting.
    private static final long STALL_BOUND = 32L * 1024 * 1024;

    @RegisterExtension static final EventLoops loops = EventLoops.detected();

    private final List<AutoCloseable> opened = new ArrayList<>();

    @AfterEach
    void closeEverything() throws Exception {
        for (AutoCloseable c : opened.reversed()) {
            c.close();
        }
    }

    @Test
    void sixtyFourMebibytesFromTheClientArriveIntact() throws Exception {
        RealServer server = backend(StubBackend.digest(new CountDownLatch(0)));
        TcpForwarder forwarder = forwarder(server);

        try (Socket client = connect(forwarder)) {
            new PatternStream(SIZE).transferTo(client.getOutputStream());
            client.shutdownOutput();
            assertThat(client.getInputStream().readAllBytes())
                    .isEqualTo(PatternStream.sha256(SIZE));
        }
        assertThat(server.traffic().bytesIn()).isEqualTo(SIZE);
    }

    @Test
    void sixtyFourMebibytesFromTheRealServerArriveIntact() throws Exception {
        RealServer server = backend(StubBackend.stream(SIZE));
        TcpForwarder forwarder = forwarder(server);

        MessageDigest sha = StubBackend.sha256();
        long received;
        try (Socket client = connect(forwarder);
                InputStream in = new DigestInputStream(client.getInputStream(), sha)) {
            received = in.transferTo(OutputStream.nullOutputStream());
        }

        assertThat(received).isEqualTo(SIZE);
        assertThat(sha.digest()).isEqualTo(PatternStream.sha256(SIZE));
        await().until(() -> server.traffic().bytesOut() == SIZE);
    }

    @Test
    void stalledRealServerStopsTheClientInsteadOfFillingMemory() throws Exception {
        CountDownLatch gate = new CountDownLatch(1);
        RealServer server = backend(StubBackend.digest(gate));
        TcpForwarder forwarder = forwarder(server);
        PatternStream data = new PatternStream(SIZE);
        ByteBuffer chunk = ByteBuffer.allocate(64 * 1024).flip();

        try (SocketChannel client = SocketChannel.open(forwarder.localAddresses().getFirst())) {
            long written = writeUntilStalled(client, data, chunk);

            // Measured on epoll: stalls after ~8 MB written, 4 MB read by the proxy, 384 KiB of
            // direct buffers in use.
            assertThat(written).isLessThan(STALL_BOUND);
            assertThat(directMemory()).isLessThan(16L * 1024 * 1024);
            assertThat(server.traffic().bytesIn()).isLessThan(STALL_BOUND);

            gate.countDown();
            client.configureBlocking(true);
            while (chunk.hasRemaining() || refill(data, chunk)) {
                written += client.write(chunk);
            }
            client.shutdownOutput();
            assertThat(written).isEqualTo(SIZE);
            assertThat(client.socket().getInputStream().readAllBytes())
                    .isEqualTo(PatternStream.sha256(SIZE));
        }
    }

    /** Writes without blocking until no byte fits for a whole second; returns the bytes written. */
    private static long writeUntilStalled(
            SocketChannel client, PatternStream data, ByteBuffer chunk) throws IOException {
        client.configureBlocking(false);
        long written = 0;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        try (Selector selector = Selector.open()) {
            SelectionKey key = client.register(selector, SelectionKey.OP_WRITE);
            while (System.nanoTime() < deadline && (chunk.hasRemaining() || refill(data, chunk))) {
                int n = client.write(chunk);
                written += n;
                if (n == 0 && selector.select(1_000) == 0) {
                    break;
                }
                selector.selectedKeys().clear();
            }
            key.cancel();
            selector.selectNow(); // deregisters, so the channel may block again
        }
        return written;
    }

    private static boolean refill(PatternStream data, ByteBuffer chunk) {
        byte[] bytes = new byte[chunk.capacity()];
        int n = data.read(bytes, 0, bytes.length);
        chunk.clear();
        chunk.put(bytes, 0, Math.max(n, 0)).flip();
        return n > 0;
    }

    private static long directMemory() {
        return ((ByteBufAllocatorMetricProvider) ByteBufAllocator.DEFAULT)
                .metric()
                .usedDirectMemory();
    }

    private RealServer backend(StubBackend.Script script) throws IOException {
        StubBackend stub = StubBackend.start("bulk", script);
        opened.add(stub);
        return stub.realServer();
    }

    private TcpForwarder forwarder(RealServer server) throws IOException {
        Balancer balancer = Balancer.of(new RoundRobinSchedulerFactory());
        balancer.update(PoolSnapshot.of(server), null);
        TcpForwarder forwarder =
                new TcpForwarder(
                        List.of(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)),
                        balancer,
                        new TrafficCounters(),
                        loops.dataPlane(ProxySettings.DEFAULTS));
        opened.add(forwarder);
        forwarder.start();
        return forwarder;
    }

    private Socket connect(TcpForwarder forwarder) throws IOException {
        Socket client = new Socket();
        client.connect(forwarder.localAddresses().getFirst(), 5_000);
        client.setSoTimeout(30_000);
        return client;
    }
}
