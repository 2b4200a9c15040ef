package io.tandem.linux;

import java.io.IOException;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import org.jspecify.annotations.Nullable;

/**
 * A dedicated platform thread living inside a named network namespace ({@code ip netns add NAME},
 * bound at {@code /var/run/netns/NAME}). {@code setns(2)} with CLONE_NEWNET moves only the calling
 * thread, so tasks run here create sockets, netlink sockets and interface look-ups inside the
 * namespace; a socket keeps its namespace for life, so other threads may use it afterwards. This
 * lets the system tests, or one JVM, act as several hosts.
 *
 * <p>Never do this from a virtual thread: it would move its carrier thread, and with it every
 * virtual thread later mounted there. Threads the task starts are not guaranteed to inherit the
 * namespace; open sockets here and hand them out instead.
 *
 * <p>Tasks run one at a time, in submission order; a task that blocks delays the next ones.
 */
public final class NetworkNamespace implements AutoCloseable {

    private static final String NETNS_DIRECTORY = "/var/run/netns/";

    /** Queued by {@link #close} after the last task; never run. */
    private static final Runnable STOP = new FutureTask<>(() -> {}, "stop");

    private final String name;
    private final BlockingQueue<Runnable> tasks = new LinkedBlockingQueue<>();
    private final CompletableFuture<@Nullable Void> inside = new CompletableFuture<>();
    private final Thread thread;
    private volatile boolean closed;

    private NetworkNamespace(String name) {
        this.name = name;
        this.thread = Thread.ofPlatform().name("netns-" + name).daemon(true).unstarted(this::run);
    }

    /**
     * Starts the thread and moves it into namespace {@code name}; returns once it is inside.
     *
     * @throws ErrnoException when the namespace does not exist (ENOENT) or the process lacks
     *     CAP_SYS_ADMIN (EPERM)
     */
    public static NetworkNamespace enter(String name) throws IOException {
        if (name.isEmpty() || name.contains("/") || name.equals(".") || name.equals("..")) {
            throw new IllegalArgumentException("not a network namespace name: '" + name + "'");
        }
        NetworkNamespace namespace = new NetworkNamespace(name);
        namespace.thread.start();
        try {
            namespace.inside.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            namespace.close();
            throw new IOException("interrupted entering network namespace " + name, e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            throw new IllegalStateException("entering network namespace " + name, e.getCause());
        }
        return namespace;
    }

    private void run() {
        try {
            // ip-netns(8) keeps a bind mount of the namespace at /var/run/netns/NAME.
            int fd = Libc.open(NETNS_DIRECTORY + name, Libc.O_RDONLY | Libc.O_CLOEXEC);
            try {
                Libc.setns(fd, Libc.CLONE_NEWNET);
            } finally {
                Libc.close(fd);
            }
        } catch (IOException | RuntimeException e) {
            closed = true;
            inside.completeExceptionally(e);
            return; // the thread ends outside the namespace: nothing may run on it
        }
        inside.complete(null);
        try {
            for (Runnable task = tasks.take(); task != STOP; task = tasks.take()) {
                task.run();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        // Tasks that raced with close never run: cancel them so no caller waits forever.
        for (Runnable late; (late = tasks.poll()) != null; ) {
            if (late instanceof Future<?> future) {
                future.cancel(false);
            }
        }
    }

    public String name() {
        return name;
    }

    /** Queues {@code task} to run on the namespace's thread. */
    public <T> Future<T> submit(Callable<T> task) {
        if (closed) {
            throw new RejectedExecutionException("network namespace " + name + " is closed");
        }
        FutureTask<T> future = new FutureTask<>(task);
        tasks.add(future);
        return future;
    }

    /**
     * Runs {@code task} inside the namespace and waits for its result, rethrowing what it threw.
     * Must not be called from the namespace's own thread (it would wait for itself).
     */
    public <T> T call(Callable<T> task) throws Exception {
        if (Thread.currentThread() == thread) {
            return task.call();
        }
        try {
            return submit(task).get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Exception cause) {
                throw cause;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw e;
        }
    }

    /** Lets queued tasks finish, then ends the thread; waits for it unless called from it. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        tasks.add(STOP);
        if (Thread.currentThread() != thread) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
