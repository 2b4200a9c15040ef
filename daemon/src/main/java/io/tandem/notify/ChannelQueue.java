package io.tandem.notify;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One worker virtual thread per channel, sending its notices in order, so that a slow SMTP relay
 * never holds up the webhook and a DOWN never overtakes the UP after it. Bounded: beyond {@link
 * #CAPACITY} waiting notices (the rate limit makes that rare) new ones are dropped and logged.
 */
final class ChannelQueue {

    static final int CAPACITY = 1000;
    private static final Logger log = LoggerFactory.getLogger(Alerts.class);

    private final AlertChannel channel;
    private final BlockingQueue<Notice> waiting = new LinkedBlockingQueue<>(CAPACITY);
    private final Thread worker;
    private volatile boolean closing;

    ChannelQueue(AlertChannel channel) {
        this.channel = channel;
        this.worker = Thread.ofVirtual().name("alert-" + channel.name()).start(this::work);
    }

    String name() {
        return channel.name();
    }

    /** Never blocks. */
    void offer(Notice notice) {
        if (closing || !waiting.offer(notice)) {
            log.warn(
                    "alert '{}' not sent by {}: {}",
                    notice.alert().summary(),
                    channel.name(),
                    closing ? "shutting down" : CAPACITY + " alerts already waiting");
        }
    }

    private void work() {
        try {
            while (!(closing && waiting.isEmpty())) {
                Notice notice = waiting.poll(100, TimeUnit.MILLISECONDS);
                if (notice != null) {
                    send(notice);
                }
            }
        } catch (InterruptedException e) {
            // close() gave up waiting: what is left is reported there.
        }
    }

    private void send(Notice notice) throws InterruptedException {
        try {
            channel.deliver(notice);
            log.debug("alert '{}' sent by {}", notice.alert().summary(), channel.name());
        } catch (IOException e) {
            log.warn("alert '{}' not sent: {}", notice.alert().summary(), e.getMessage());
        } catch (RuntimeException e) {
            log.warn(
                    "alert '{}' not sent by {}: {}",
                    notice.alert().summary(),
                    channel.name(),
                    e,
                    e);
        }
    }

    /** Stops taking notices and waits up to {@code grace} for the waiting ones to go out. */
    void close(Duration grace) throws InterruptedException {
        closing = true;
        if (!worker.join(grace)) {
            worker.interrupt();
            worker.join(Duration.ofSeconds(1));
            int left = waiting.size();
            log.warn(
                    "{}: gave up after {} ms with an alert in flight and {} waiting",
                    channel.name(),
                    grace.toMillis(),
                    left);
        }
        channel.close();
    }
}
