package io.tandem.proxy.http;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code access_log PATH}: one line per finished request, written by one virtual thread so that an
 * event loop only offers the record to a bounded queue. When the queue is full the record is
 * dropped and counted (a warning at most once a minute): a slow disk must not slow the proxy.
 *
 * <p>The format is Apache's common log format with the duration and the two servers added:
 *
 * <pre>
 * 127.0.0.1 - - [02/Dec/2026:00:32:18 +0000] "GET /api?q=1 HTTP/1.1" 200 512 3 "10.0.0.2:8080" "10.0.0.1:80"
 * </pre>
 *
 * (client, time the request arrived, request line, status, response body bytes, duration in ms,
 * real server or "-", virtual server). Quotes, backslashes and control characters in the request
 * line are escaped as {@code \"}, {@code \\} and {@code \xHH}.
 *
 * <p>logrotate: the file is reopened when it was moved or deleted (its inode is checked every few
 * seconds), so the default rename-and-create rotation works without a signal.
 */
public final class AccessLog implements HttpEvents, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(AccessLog.class);
    private static final int QUEUE = 8192;
    private static final long REOPEN_CHECK_NANOS = TimeUnit.SECONDS.toNanos(5);
    private static final long WARN_EVERY_NANOS = TimeUnit.MINUTES.toNanos(1);
    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ROOT)
                    .withZone(ZoneOffset.UTC);
    private static final RequestRecord STOP =
            new RequestRecord(
                    "",
                    null,
                    new java.net.InetSocketAddress(0),
                    java.time.Instant.EPOCH,
                    "",
                    "",
                    "",
                    0,
                    0,
                    0,
                    java.time.Duration.ZERO);

    private final Path path;
    private final BlockingQueue<RequestRecord> queue = new ArrayBlockingQueue<>(QUEUE);
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong lastWarning = new AtomicLong(System.nanoTime() - WARN_EVERY_NANOS);
    private final Thread writer;
    private Writer out;
    private @Nullable Object inode;

    private AccessLog(Path path) throws IOException {
        this.path = path;
        this.out = openFile();
        this.writer = Thread.ofVirtual().name("access-log " + path).start(this::drain);
    }

    /**
     * Opens (creating or appending to) {@code path}.
     *
     * @throws IOException saying which file and why, when it cannot be opened for writing
     */
    public static AccessLog open(Path path) throws IOException {
        try {
            return new AccessLog(path);
        } catch (IOException e) {
            throw new IOException("access_log " + path + ": cannot open: " + reason(e), e);
        }
    }

    private static String reason(IOException e) {
        if (e instanceof NoSuchFileException) {
            return "no such directory";
        }
        if (e instanceof java.nio.file.AccessDeniedException) {
            return "permission denied";
        }
        return e.getMessage() == null ? e.toString() : e.getMessage();
    }

    private Writer openFile() throws IOException {
        Writer w =
                new BufferedWriter(
                        Files.newBufferedWriter(
                                path,
                                StandardCharsets.UTF_8,
                                StandardOpenOption.CREATE,
                                StandardOpenOption.APPEND,
                                StandardOpenOption.WRITE),
                        1 << 16);
        inode = inodeOf(path);
        return w;
    }

    private static @Nullable Object inodeOf(Path p) {
        try {
            return Files.getAttribute(p, "unix:ino");
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return null;
        }
    }

    /** Event loop: never blocks. */
    @Override
    public void requestFinished(RequestRecord request) {
        if (!queue.offer(request)) {
            long n = dropped.incrementAndGet();
            long now = System.nanoTime();
            long last = lastWarning.get();
            if (now - last >= WARN_EVERY_NANOS && lastWarning.compareAndSet(last, now)) {
                log.warn("access_log {}: writer behind, {} lines dropped so far", path, n);
            }
        }
    }

    /** Lines dropped because the writer fell behind, since the log opened. */
    public long droppedLines() {
        return dropped.get();
    }

    private void drain() {
        List<RequestRecord> batch = new ArrayList<>();
        long nextCheck = System.nanoTime() + REOPEN_CHECK_NANOS;
        try {
            while (true) {
                RequestRecord first = queue.poll(1, TimeUnit.SECONDS);
                if (first != null) {
                    batch.add(first);
                    queue.drainTo(batch);
                    boolean stop = write(batch);
                    batch.clear();
                    if (stop) {
                        return;
                    }
                }
                if (System.nanoTime() - nextCheck >= 0) {
                    nextCheck = System.nanoTime() + REOPEN_CHECK_NANOS;
                    reopenIfMoved();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            try {
                out.close();
            } catch (IOException e) {
                log.warn("access_log {}: {}", path, e.toString());
            }
        }
    }

    /** Writes {@code batch} and flushes; true when it ended with the stop marker. */
    private boolean write(List<RequestRecord> batch) {
        StringBuilder line = new StringBuilder(256);
        try {
            for (RequestRecord r : batch) {
                @SuppressWarnings("ReferenceEquality") // the marker is this very instance
                boolean stop = r == STOP;
                if (stop) {
                    out.flush();
                    return true;
                }
                line.setLength(0);
                format(r, line);
                out.write(line.toString());
            }
            out.flush();
        } catch (IOException e) {
            dropped.addAndGet(batch.size());
            log.warn("access_log {}: cannot write: {}", path, e.toString());
        }
        return false;
    }

    private void reopenIfMoved() {
        Object now = inodeOf(path);
        if (now != null && now.equals(inode)) {
            return;
        }
        try {
            Writer reopened = openFile();
            out.close();
            out = reopened;
            log.info("access_log {}: reopened (the file was moved or removed)", path);
        } catch (IOException e) {
            log.warn("access_log {}: cannot reopen: {}", path, e.toString());
        }
    }

    /** One line, with its newline, for {@code r}. */
    static void format(RequestRecord r, StringBuilder b) {
        b.append(r.client().getAddress() == null ? "-" : r.client().getAddress().getHostAddress())
                .append(" - - [");
        TIME.formatTo(r.started(), b);
        b.append("] \"");
        escape(r.method(), b);
        b.append(' ');
        escape(r.path(), b);
        b.append(' ');
        escape(r.protocol(), b);
        b.append("\" ")
                .append(r.status())
                .append(' ')
                .append(r.bytesOut())
                .append(' ')
                .append(r.duration().toMillis())
                .append(" \"");
        escape(r.realServer() == null ? "-" : r.realServer(), b);
        b.append("\" \"");
        escape(r.virtualServer(), b);
        b.append("\"\n");
    }

    private static void escape(String s, StringBuilder b) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                b.append('\\').append(c);
            } else if (c < 0x20 || c == 0x7f) {
                b.append("\\x")
                        .append(Character.forDigit(c >> 4, 16))
                        .append(Character.forDigit(c & 15, 16));
            } else {
                b.append(c);
            }
        }
    }

    /** Writes what is queued, then closes the file; waits a few seconds at most. */
    @Override
    public void close() {
        try {
            queue.put(STOP);
            writer.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
