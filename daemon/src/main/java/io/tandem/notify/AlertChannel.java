package io.tandem.notify;

import java.io.IOException;

/**
 * One way an alert leaves the balancer: e-mail, webhook. {@link #deliver} blocks (network I/O,
 * retries) and is called from one worker virtual thread per channel, in alert order.
 */
public interface AlertChannel extends AutoCloseable {

    /** For logs: "e-mail via 10.0.0.9:25", "webhook https://hooks.example.com". */
    String name();

    /**
     * Sends one notice.
     *
     * @throws IOException with a message saying what failed (refused, timed out, HTTP 500)
     */
    void deliver(Notice notice) throws IOException, InterruptedException;

    @Override
    default void close() {}
}
