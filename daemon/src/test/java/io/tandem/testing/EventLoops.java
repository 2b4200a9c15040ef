package io.tandem.testing;

import io.netty.channel.EventLoopGroup;
import io.tandem.proxy.DataPlane;
import io.tandem.proxy.NettyTransport;
import io.tandem.proxy.ProxySettings;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One event loop group per test class, as the daemon has one per process. Register it as a static
 * field with {@code @RegisterExtension}.
 */
public final class EventLoops implements BeforeAllCallback, AfterAllCallback {
    private final NettyTransport transport;
    private @Nullable EventLoopGroup group;

    private EventLoops(NettyTransport transport) {
        this.transport = transport;
    }

    /** The transport the daemon would choose here (epoll on Linux). */
    public static EventLoops detected() {
        return new EventLoops(NettyTransport.detect());
    }

    public static EventLoops nio() {
        return new EventLoops(NettyTransport.nio());
    }

    public NettyTransport transport() {
        return transport;
    }

    /** The data plane a forwarder under test runs on: these loops, with {@code settings}. */
    public DataPlane dataPlane(ProxySettings settings) {
        return new DataPlane(transport, group(), settings);
    }

    public EventLoopGroup group() {
        EventLoopGroup g = group;
        if (g == null) {
            throw new IllegalStateException("extension not started");
        }
        return g;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        group = transport.newEventLoopGroup(2);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        EventLoopGroup g = group;
        if (g != null) {
            g.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }
}
