package io.tandem.app;

import io.tandem.forward.PacketCounters;
import io.tandem.forward.PacketForwarder;
import io.tandem.metrics.Listing;
import io.tandem.metrics.PacketTally;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Hands the packet forwarders' counters to a scrape's {@link Listing}: the composition root reads
 * {@code forward}, so that neither {@code forward} nor {@code metrics} knows the other.
 */
final class PacketTallies {
    private PacketTallies() {}

    /** {@code listing} with a tally for every packet-forwarded service in {@code services}. */
    static Listing addedTo(Listing listing, List<VirtualService> services) {
        List<PacketTally> tallies = new ArrayList<>();
        for (VirtualService s : services) {
            if (s.forwarder() instanceof PacketForwarder packets) {
                PacketCounters c = packets.counters();
                tallies.add(
                        new PacketTally(
                                s.config().name(),
                                s.config().protocol().name().toLowerCase(Locale.ROOT),
                                packets.forwarding(),
                                c.forwarded(),
                                c.replies(),
                                c.arpReplies(),
                                c.unscheduled(),
                                c.unresolved(),
                                c.ringFull(),
                                c.fragments(),
                                c.malformed(),
                                c.standby(),
                                c.tooBig(),
                                c.fragmentationNeeded(),
                                c.snatPortsExhausted()));
            }
        }
        return new Listing(listing.services(), listing.vrrp(), tallies);
    }
}
