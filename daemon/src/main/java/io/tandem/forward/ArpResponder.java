package io.tandem.forward;

import io.tandem.linux.PacketRing;
import java.lang.foreign.MemorySegment;

/**
 * Answers ARP requests for the virtual addresses from the ring with the interface's own MAC, so the
 * VIP need not be assigned to the interface (see {@link ArpReply} for why).
 */
final class ArpResponder {

    private final VirtualServices services;
    private final long ownMac;
    private final PacketCounters counters;

    ArpResponder(VirtualServices services, long ownMac, PacketCounters counters) {
        this.services = services;
        this.ownMac = ownMac;
        this.counters = counters;
    }

    /** Answers the ARP frame at {@code s[at]} when it asks for a virtual address. */
    void answer(PacketRing r, MemorySegment s, long at, int length) {
        int asked = ArpReply.requestedAddress(s, at, length);
        if (asked == 0 || services.indexOf(asked) < 0) {
            return;
        }
        long out = r.claimOffset();
        if (out >= 0) {
            ArpReply.write(s, at, r.transmitRing(), out, ownMac, asked);
            r.commit(ArpReply.FRAME_LENGTH);
            counters.arpReplies.increment();
        }
    }
}
