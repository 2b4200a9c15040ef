package io.tandem.proxy.http;

import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import io.tandem.pool.RealServer;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * Idle keep-alive connections to real servers, per event loop and real server, so a request is sent
 * on a connection of its client's loop. Each loop touches only its own map; an idle connection is
 * closed after the keep-alive timeout, or at once when the server closes it.
 */
final class BackendPool {
    // Enough for every client connection of a busy loop to find one; more are closed.
    private static final int MAX_IDLE_PER_SERVER = 512;

    private final Map<EventLoop, Map<RealServer, ArrayDeque<Channel>>> loops =
            new ConcurrentHashMap<>();
    private final long idleNanos;

    BackendPool(Duration idleTimeout) {
        this.idleNanos = idleTimeout.toNanos();
    }

    /** Event loop {@code loop}: an open idle connection to {@code server}, or null. */
    @Nullable Channel poll(EventLoop loop, RealServer server) {
        ArrayDeque<Channel> idle = idle(loop, server);
        Channel c;
        while ((c = idle.pollLast()) != null) {
            if (c.isActive()) {
                return c;
            }
        }
        return null;
    }

    /** The channel's event loop: {@code backend} finished a response and may be reused. */
    void offer(Channel backend, RealServer server) {
        ArrayDeque<Channel> idle = idle(backend.eventLoop(), server);
        if (!backend.isActive() || idle.size() >= MAX_IDLE_PER_SERVER) {
            var unused = backend.close();
            return;
        }
        idle.addLast(backend);
        var unusedTimer =
                backend.eventLoop()
                        .schedule(
                                () -> {
                                    if (idle.remove(backend)) {
                                        var unused = backend.close();
                                    }
                                },
                                idleNanos,
                                TimeUnit.NANOSECONDS);
    }

    /** Any thread: closes every idle connection (the forwarder closed). */
    void close() {
        loops.forEach(
                (loop, byServer) ->
                        loop.execute(
                                () -> {
                                    for (ArrayDeque<Channel> q : byServer.values()) {
                                        for (Channel c : q) {
                                            var unused = c.close();
                                        }
                                    }
                                }));
    }

    private ArrayDeque<Channel> idle(EventLoop loop, RealServer server) {
        return loops.computeIfAbsent(loop, l -> new HashMap<>())
                .computeIfAbsent(server, s -> new ArrayDeque<>());
    }
}
