package io.tandem.proxy;

import io.netty.bootstrap.AbstractBootstrap;
import io.netty.channel.ChannelFactory;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.ServerSocketChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.SocketProtocolFamily;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.net.Inet4Address;
import java.net.InetSocketAddress;
import java.nio.channels.spi.SelectorProvider;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Netty transport every forwarder of one daemon uses: native epoll on Linux when its library
 * loads, NIO otherwise. The daemon makes one event loop group from it ({@link #newEventLoopGroup})
 * and hands that group to every forwarder, so a backend connection can live on its client's loop.
 *
 * <p>Sockets are opened in the family of their address (AF_INET for IPv4): Netty's default is a
 * dual-stack IPv6 socket, which costs an extra {@code setsockopt} per connection and the kernel's
 * v4-mapped path on every packet.
 *
 * @param name {@code epoll} or {@code nio}, for logs
 * @param freeBindOption the option that lets listeners bind an address the host does not hold yet
 *     (a VIP that VRRP will add later), {@code IP_FREEBIND}; null on NIO, which has none
 */
public record NettyTransport(
        String name,
        IoHandlerFactory ioHandlerFactory,
        Function<SocketProtocolFamily, ServerSocketChannel> serverSocketChannels,
        Function<SocketProtocolFamily, SocketChannel> socketChannels,
        Class<? extends DatagramChannel> datagramChannel,
        @Nullable ChannelOption<Boolean> freeBindOption) {

    private static final Logger log = LoggerFactory.getLogger(NettyTransport.class);

    /** Epoll when available, else NIO; logs the choice and, for NIO, why. */
    public static NettyTransport detect() {
        if (Epoll.isAvailable()) {
            log.info("Netty transport: native epoll");
            return epoll();
        }
        log.info(
                "Netty transport: NIO (native epoll unavailable: {}); listeners cannot bind"
                        + " non-local addresses",
                String.valueOf(Epoll.unavailabilityCause()));
        return nio();
    }

    /**
     * The transport named by {@code --transport}: {@code auto} (see {@link #detect}), {@code epoll}
     * or {@code nio}. Fails with the reason when the platform does not offer it.
     */
    public static NettyTransport byName(String name) {
        return switch (name) {
            case "auto" -> detect();
            case "epoll" -> {
                if (!Epoll.isAvailable()) {
                    throw new IllegalArgumentException(
                            "transport epoll unavailable: " + Epoll.unavailabilityCause());
                }
                yield epoll();
            }
            case "nio" -> nio();
            default ->
                    throw new IllegalArgumentException(
                            "unknown transport '" + name + "' (expected auto, epoll or nio)");
        };
    }

    /** Native epoll; only call when {@link Epoll#isAvailable()}. */
    public static NettyTransport epoll() {
        return new NettyTransport(
                "epoll",
                EpollIoHandler.newFactory(),
                EpollServerSocketChannel::new,
                EpollSocketChannel::new,
                EpollDatagramChannel.class,
                EpollChannelOption.IP_FREEBIND);
    }

    /** The JDK's NIO selector: portable, no non-local bind. */
    public static NettyTransport nio() {
        SelectorProvider provider = SelectorProvider.provider();
        return new NettyTransport(
                "nio",
                NioIoHandler.newFactory(),
                family -> new NioServerSocketChannel(provider, family),
                family -> new NioSocketChannel(provider, family),
                NioDatagramChannel.class,
                null);
    }

    /** Whether listeners may bind an address the host does not hold yet. */
    public boolean nonLocalBind() {
        return freeBindOption != null;
    }

    /** Listening TCP sockets of one address family. */
    public ChannelFactory<ServerSocketChannel> serverChannelFactory(SocketProtocolFamily family) {
        return () -> serverSocketChannels.apply(family);
    }

    /** Connecting TCP sockets of one address family. */
    public ChannelFactory<SocketChannel> socketChannelFactory(SocketProtocolFamily family) {
        return () -> socketChannels.apply(family);
    }

    /** One group for the whole daemon; {@code threads <= 0} means one per core. */
    public EventLoopGroup newEventLoopGroup(int threads) {
        int n = threads > 0 ? threads : Runtime.getRuntime().availableProcessors();
        return new MultiThreadIoEventLoopGroup(n, ioHandlerFactory);
    }

    /**
     * Lets a listener bind an address the host does not hold (IP_FREEBIND), so a backup node can
     * listen on its VIP before VRRP moves the address to it. A no-op on NIO.
     */
    public <B extends AbstractBootstrap<B, ?>> B allowNonLocalBind(B bootstrap) {
        ChannelOption<Boolean> freeBind = freeBindOption;
        return freeBind == null ? bootstrap : bootstrap.option(freeBind, true);
    }

    /** The socket family an address needs: INET for IPv4, INET6 otherwise. */
    public static SocketProtocolFamily familyOf(InetSocketAddress address) {
        return address.getAddress() instanceof Inet4Address
                ? SocketProtocolFamily.INET
                : SocketProtocolFamily.INET6;
    }
}
