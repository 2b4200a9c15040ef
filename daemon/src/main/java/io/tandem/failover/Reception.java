package io.tandem.failover;

import io.tandem.vrrp.Advertisement;
import io.tandem.vrrp.RejectReason;
import java.net.InetAddress;

/** What one {@link VrrpChannel#receive} call brought: an advert, a dropped packet, or nothing. */
sealed interface Reception {

    /** A valid advertisement from {@code source}, the sender's IP source address. */
    record Heard(Advertisement advertisement, InetAddress source) implements Reception {}

    /** A packet that failed a receive check; counted, never acted on. */
    record Dropped(RejectReason reason, String detail) implements Reception {}

    /** The wait ended with no packet. */
    record Silence() implements Reception {}
}
