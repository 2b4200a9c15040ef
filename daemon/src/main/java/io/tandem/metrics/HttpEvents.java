package io.tandem.metrics;

/**
 * What the L7 proxy reports per request. Called on an event loop: implementations only increment
 * counters and never block.
 */
public interface HttpEvents {

    HttpEvents NONE = (virtualServer, status) -> {};

    /** A response with {@code status} (100..599) went back to a client of {@code virtualServer}. */
    void requestCompleted(String virtualServer, int status);
}
