package io.tandem.proxy;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The listening channels of one forwarder: every address is bound, or none is. Control thread only,
 * except {@link #isEmpty}, which event loops may read.
 */
public final class Listeners {
    private static final Logger log = LoggerFactory.getLogger(Listeners.class);

    private static final int BACKLOG = 4096;

    private final List<Channel> channels = new CopyOnWriteArrayList<>();

    /**
     * A bootstrap for a stream forwarder's listeners: nonlocal bind (a VRRP backup listens on a VIP
     * it does not hold yet), a 4096-connection backlog, SO_REUSEADDR, and {@code accepted} called
     * on each new channel's event loop before it is active.
     */
    public static ServerBootstrap streamBootstrap(
            NettyTransport transport, EventLoopGroup group, Consumer<Channel> accepted) {
        return transport
                .allowNonLocalBind(new ServerBootstrap())
                .group(group)
                .option(ChannelOption.SO_BACKLOG, BACKLOG)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childHandler(
                        new ChannelInitializer<Channel>() {
                            @Override
                            protected void initChannel(Channel client) {
                                accepted.accept(client);
                            }
                        });
    }

    /** {@link #bindAll} with {@code bootstrap}, on the server channel of each address's family. */
    public void bindAllStreams(
            List<InetSocketAddress> addresses,
            ServerBootstrap bootstrap,
            String protocol,
            NettyTransport transport)
            throws IOException {
        bindAll(
                addresses,
                address ->
                        bootstrap
                                .clone()
                                .channelFactory(
                                        transport.serverChannelFactory(
                                                NettyTransport.familyOf(address)))
                                .bind(address),
                protocol,
                transport);
    }

    /**
     * Binds each address with {@code bind}; when one fails, closes those already bound and throws
     * an error naming the address and the kernel's reason.
     *
     * @param protocol {@code TCP} or {@code UDP}, for messages
     */
    public void bindAll(
            List<InetSocketAddress> addresses,
            Function<InetSocketAddress, ChannelFuture> bind,
            String protocol,
            NettyTransport transport)
            throws IOException {
        for (InetSocketAddress address : addresses) {
            ChannelFuture bound = bind.apply(address).awaitUninterruptibly();
            if (!bound.isSuccess()) {
                close();
                Throwable cause = bound.cause();
                throw new IOException(
                        "cannot listen on "
                                + protocol
                                + " "
                                + address
                                + ": "
                                + (cause == null ? "unknown error" : cause.getMessage()),
                        cause);
            }
            channels.add(bound.channel());
            log.info(
                    "{} listening on {} ({})",
                    protocol,
                    bound.channel().localAddress(),
                    transport.name());
        }
    }

    public List<InetSocketAddress> localAddresses() {
        return channels.stream().map(c -> (InetSocketAddress) c.localAddress()).toList();
    }

    public boolean isEmpty() {
        return channels.isEmpty();
    }

    /**
     * Closes every listener; waits until they are closed unless called on an event loop (which must
     * never wait). Idempotent.
     */
    public void close() {
        for (Channel channel : channels) {
            ChannelFuture closed = channel.close();
            if (!channel.eventLoop().inEventLoop()) {
                closed.awaitUninterruptibly();
            }
        }
        channels.clear();
    }
}
