package io.tandem.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.socket.ServerSocketChannel;
import io.netty.channel.socket.SocketProtocolFamily;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 10, unit = TimeUnit.SECONDS)
class NettyTransportTest {

    @Test
    void detectPicksNativeEpollExactlyWhenItLoads() {
        NettyTransport detected = NettyTransport.detect();

        if (Epoll.isAvailable()) {
            assertThat(detected.name()).isEqualTo("epoll");
            assertThat(openAndClose(detected)).isInstanceOf(EpollServerSocketChannel.class);
            assertThat(detected.nonLocalBind()).isTrue();
        } else {
            assertThat(detected.name()).isEqualTo("nio");
            assertThat(detected.nonLocalBind()).isFalse();
        }
    }

    @Test
    void nioCannotBindNonLocalAddresses() {
        NettyTransport nio = NettyTransport.nio();

        assertThat(openAndClose(nio)).isInstanceOf(NioServerSocketChannel.class);
        assertThat(nio.nonLocalBind()).isFalse();
    }

    private static ServerSocketChannel openAndClose(NettyTransport transport) {
        ServerSocketChannel channel =
                transport.serverChannelFactory(SocketProtocolFamily.INET).newChannel();
        channel.unsafe().closeForcibly();
        return channel;
    }
}
