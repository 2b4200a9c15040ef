package io.tandem.proxy;

import io.netty.channel.EventLoopGroup;

/**
 * What every forwarder of one daemon shares: the transport, the one event loop group made from it
 * (so a backend connection can live on its client's loop), and the timeouts.
 *
 * @param group made by {@code transport}; owned by the daemon, never closed by a forwarder
 */
public record DataPlane(NettyTransport transport, EventLoopGroup group, ProxySettings settings) {}
