package io.tandem.proxy.http;

import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import io.netty.util.concurrent.ScheduledFuture;
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
 * closed once it has been idle for the keep-alive timeout, or at once when the server closes it.
 *
 * <p>The most recently used connection is handed out first, so a quiet period lets the others age
 * out. Expiry costs one timer per loop and server, not one per request: at tens of thousands of
 * requests a second, a timer per returned connection filled the loop's timer queue with a minute's
 * worth of tasks and each of them closed a connection that might have been reused since.
 */
final class BackendPool {
    // Enough for every client connection of a busy loop to find one; more are closed.
    private static final int MAX_IDLE_PER_SERVER = 512;

    private final Map<EventLoop, Map<RealServer, IdleConnections>> loops =
            new ConcurrentHashMap<>();
    private final long idleNanos;

    BackendPool(Duration idleTimeout) {
        this.idleNanos = idleTimeout.toNanos();
    }

    /** Event loop {@code loop}: an open idle connection to {@code server}, or null. */
    @Nullable Channel poll(EventLoop loop, RealServer server) {
        return idle(loop, server).takeNewest();
    }

    /** The channel's event loop: {@code backend} finished a response and may be reused. */
    void offer(Channel backend, RealServer server) {
        IdleConnections idle = idle(backend.eventLoop(), server);
        if (!backend.isActive() || idle.size() >= MAX_IDLE_PER_SERVER) {
            var unused = backend.close();
            return;
        }
        idle.add(backend);
    }

    /** Any thread: closes every idle connection (the forwarder closed). */
    void close() {
        loops.forEach(
                (loop, byServer) ->
                        loop.execute(
                                () -> {
                                    for (IdleConnections q : byServer.values()) {
                                        q.closeAll();
                                    }
                                }));
    }

    private IdleConnections idle(EventLoop loop, RealServer server) {
        return loops.computeIfAbsent(loop, l -> new HashMap<>())
                .computeIfAbsent(server, s -> new IdleConnections(loop, idleNanos));
    }

    /** One loop's idle connections to one server, oldest first; touched only on that loop. */
    private static final class IdleConnections {
        private record Idle(Channel channel, long sinceNanos) {}

        private final EventLoop loop;
        private final long idleNanos;
        private final ArrayDeque<Idle> idle = new ArrayDeque<>();
        private @Nullable ScheduledFuture<?> expiry;

        IdleConnections(EventLoop loop, long idleNanos) {
            this.loop = loop;
            this.idleNanos = idleNanos;
        }

        int size() {
            return idle.size();
        }

        void add(Channel channel) {
            idle.addLast(new Idle(channel, System.nanoTime()));
            if (expiry == null) {
                expiry = loop.schedule(this::expire, idleNanos, TimeUnit.NANOSECONDS);
            }
        }

        @Nullable Channel takeNewest() {
            Idle i;
            while ((i = idle.pollLast()) != null) {
                if (i.channel.isActive()) {
                    return i.channel;
                }
            }
            return null;
        }

        private void expire() {
            expiry = null;
            long now = System.nanoTime();
            Idle oldest;
            while ((oldest = idle.peekFirst()) != null
                    && (now - oldest.sinceNanos >= idleNanos || !oldest.channel.isActive())) {
                idle.pollFirst();
                var unused = oldest.channel.close();
            }
            if (oldest != null) {
                long wait = oldest.sinceNanos + idleNanos - now;
                expiry = loop.schedule(this::expire, wait, TimeUnit.NANOSECONDS);
            }
        }

        void closeAll() {
            Idle i;
            while ((i = idle.pollFirst()) != null) {
                var unused = i.channel.close();
            }
            if (expiry != null) {
                expiry.cancel(false);
                expiry = null;
            }
        }
    }
}
