package io.tandem.script;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * Drains a process's output to its end, keeping only the first {@link #LIMIT} bytes. Draining
 * everything keeps a chatty script from blocking on a full pipe. Thread-safe: one thread drains,
 * another reads {@link #text} at any time.
 */
final class OutputCapture implements Runnable {

    static final int LIMIT = 4096;

    private final InputStream source;
    private final ByteArrayOutputStream kept = new ByteArrayOutputStream();

    OutputCapture(InputStream source) {
        this.source = source;
    }

    @Override
    public void run() {
        byte[] buffer = new byte[8192];
        try (source) {
            int n;
            while ((n = source.read(buffer)) >= 0) {
                synchronized (kept) {
                    int room = LIMIT - kept.size();
                    if (room > 0) {
                        kept.write(buffer, 0, Math.min(room, n));
                    }
                }
            }
        } catch (IOException e) {
            // The stream closed under us (the process was killed); what was kept stays.
        }
    }

    /** What was kept so far, decoded as UTF-8 with malformed bytes replaced. */
    String text() {
        synchronized (kept) {
            return kept.toString(StandardCharsets.UTF_8);
        }
    }
}
