package io.tandem.forward;

import io.tandem.proxy.ProxiedConnection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;

/**
 * The connection table as {@code ipvsadm -L -c} lists it, for other threads: a listing asked for by
 * another thread is answered by the packet thread, which owns the table, between two batches.
 */
final class TableListing {

    private final ConnectionTable table;
    private final AtomicReference<@Nullable CompletableFuture<List<ProxiedConnection>>> wanted =
            new AtomicReference<>();

    TableListing(ConnectionTable table) {
        this.table = table;
    }

    /** Any thread: waits (at most a second) for the packet thread's copy. */
    List<ProxiedConnection> ask() {
        CompletableFuture<List<ProxiedConnection>> mine = new CompletableFuture<>();
        CompletableFuture<List<ProxiedConnection>> pending = wanted.compareAndExchange(null, mine);
        CompletableFuture<List<ProxiedConnection>> answer = pending != null ? pending : mine;
        try {
            return answer.get(1, TimeUnit.SECONDS);
        } catch (TimeoutException | ExecutionException e) {
            return List.of(); // the packet thread stopped meanwhile
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return List.of();
        }
    }

    /** The packet thread, between batches: answers a pending request. */
    void answer(long now) {
        CompletableFuture<List<ProxiedConnection>> listing = wanted.getAndSet(null);
        if (listing != null) {
            listing.complete(listed(now));
        }
    }

    /** The packet thread, stopping: answers a pending request with nothing. */
    void stop() {
        CompletableFuture<List<ProxiedConnection>> listing = wanted.getAndSet(null);
        if (listing != null) {
            listing.complete(List.of());
        }
    }

    private List<ProxiedConnection> listed(long now) {
        List<ProxiedConnection> out = new ArrayList<>();
        for (ConnectionTable.Entry e : table.entries(now)) {
            out.add(
                    new ProxiedConnection(
                            e.protocol() == Ipv4.UDP,
                            e.state().name(),
                            Duration.ofNanos(e.expiresInNanos()),
                            e.client(),
                            e.virtual(),
                            e.server().address().toSocketAddress()));
        }
        return out;
    }
}
