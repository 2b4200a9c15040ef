package io.tandem.proxy;

import io.netty.bootstrap.AbstractBootstrap;
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
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Netty transport every forwarder of one daemon uses: native epoll on Linux when its library
 * loads, NIO otherwise. The daemon makes one event loop group from it ({@link #newEventLoopGroup})
 * and hands that group to every forwarder, so a backend connection can live on its client's loop.
 *
 * @param name {@code epoll} or {@code nio}, for logs
 * @param nonLocalBind whether listeners may bind an address the host does not hold yet (a VIP that
 *     VRRP will add later); only epoll has {@code IP_FREEBIND}
 */
public record NettyTransport(
        String name,
        IoHandlerFactory ioHandlerFactory,
        Class<? extends ServerSocketChannel> serverSocketChannel,
        Class<? extends SocketChannel> socketChannel,
        Class<? extends DatagramChannel> datagramChannel,
        boolean nonLocalBind) {

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

    /** Native epoll; only call when {@link Epoll#isAvailable()}. */
    public static NettyTransport epoll() {
        return new NettyTransport(
                "epoll",
                EpollIoHandler.newFactory(),
                EpollServerSocketChannel.class,
                EpollSocketChannel.class,
                EpollDatagramChannel.class,
                true);
    }

    /** The JDK's NIO selector: portable, no non-local bind. */
    public static NettyTransport nio() {
        return new NettyTransport(
                "nio",
                NioIoHandler.newFactory(),
                NioServerSocketChannel.class,
                NioSocketChannel.class,
                NioDatagramChannel.class,
                false);
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
        return nonLocalBind ? bootstrap.option(EpollChannelOption.IP_FREEBIND, true) : bootstrap;
    }
}
