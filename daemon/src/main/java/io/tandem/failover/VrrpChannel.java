package io.tandem.failover;

import io.tandem.vrrp.Advertisement;
import java.io.IOException;
import java.time.Duration;

/**
 * Where one instance's adverts go and come from. Only the instance's runner thread calls it; {@link
 * #close} may come from any thread.
 */
interface VrrpChannel extends AutoCloseable {

    /** Sends to the VRRP group (or each unicast peer). Does not block beyond the socket write. */
    void send(Advertisement advertisement) throws IOException;

    /** Waits up to {@code timeout} for one packet, checked and decoded. */
    Reception receive(Duration timeout) throws IOException;

    @Override
    void close();
}
