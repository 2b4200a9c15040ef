package io.tandem.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.pool.PoolSnapshot;
import io.tandem.pool.RealServer;
import io.tandem.pool.TrafficCounters;
import io.tandem.proxy.tcp.TcpForwarder;
import io.tandem.proxy.udp.UdpForwarder;
import io.tandem.schedule.Balancer;
import io.tandem.testing.EventLoops;
import io.tandem.testing.RoundRobinSchedulerFactory;
import io.tandem.testing.StubBackend;
import io.tandem.testing.UdpStubBackend;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The forwarders on the portable NIO transport, for hosts without native epoll. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class NioTransportIT {
    @RegisterExtension static final EventLoops loops = EventLoops.nio();

    private static final InetSocketAddress ANY_LOOPBACK_PORT =
            new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);

    @Test
    void tcpRelaysAndPropagatesHalfCloseOnNio() throws Exception {
        try (StubBackend stub = StubBackend.start("nio", StubBackend.IDENTITY);
                TcpForwarder forwarder =
                        new TcpForwarder(
                                List.of(ANY_LOOPBACK_PORT),
                                balancer(stub.realServer()),
                                new TrafficCounters(),
                                loops.dataPlane(ProxySettings.DEFAULTS));
                Socket client = new Socket()) {
            forwarder.start();
            client.connect(forwarder.localAddresses().getFirst(), 5_000);
            client.setSoTimeout(10_000);
            client.getOutputStream().write("hi\n".getBytes(StandardCharsets.UTF_8));
            client.shutdownOutput();

            assertThat(client.getInputStream().readAllBytes())
                    .asString(StandardCharsets.UTF_8)
                    .isEqualTo("nio\nhi\neof seen by nio\n");
        }
    }

    @Test
    void udpMakesTheRoundTripOnNio() throws Exception {
        try (UdpStubBackend stub = UdpStubBackend.start("nio");
                UdpForwarder forwarder =
                        new UdpForwarder(
                                List.of(ANY_LOOPBACK_PORT),
                                balancer(stub.realServer()),
                                new TrafficCounters(),
                                loops.dataPlane(ProxySettings.DEFAULTS));
                DatagramSocket client = new DatagramSocket(ANY_LOOPBACK_PORT)) {
            forwarder.start();
            client.setSoTimeout(5_000);
            byte[] hello = "hello".getBytes(StandardCharsets.UTF_8);
            client.send(
                    new DatagramPacket(hello, hello.length, forwarder.localAddresses().getFirst()));
            DatagramPacket reply = new DatagramPacket(new byte[64], 64);
            client.receive(reply);

            assertThat(new String(reply.getData(), 0, reply.getLength(), StandardCharsets.UTF_8))
                    .isEqualTo("nio:hello");
        }
    }

    private static Balancer balancer(RealServer server) {
        Balancer balancer = Balancer.of(new RoundRobinSchedulerFactory());
        balancer.update(PoolSnapshot.of(server), null);
        return balancer;
    }
}
