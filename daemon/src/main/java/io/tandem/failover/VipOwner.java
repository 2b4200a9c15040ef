package io.tandem.failover;

import java.io.IOException;

/**
 * Adds, removes and announces one instance's virtual addresses. Idempotent: acquiring twice or
 * releasing addresses not held is fine. Called from the runner thread only; each call takes
 * microseconds (rtnetlink round trips, packet sends).
 */
interface VipOwner extends AutoCloseable {

    void acquire() throws IOException;

    void release() throws IOException;

    /** Sends {@code count} gratuitous ARPs for every IPv4 virtual address. */
    void announce(int count) throws IOException;

    @Override
    void close();
}
