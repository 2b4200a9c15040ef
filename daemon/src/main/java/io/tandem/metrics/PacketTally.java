package io.tandem.metrics;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One packet forwarder's frame counters at a scrape ({@code lb_kind DR}, NAT {@code packet_mode}),
 * handed over by the composition root so that metrics never reads the data plane itself.
 *
 * @param protocol {@code tcp} or {@code udp}
 * @param active false while the forwarder is on standby (its VRRP instance not MASTER) or paused
 *     (its interface down or gone)
 */
public record PacketTally(
        String virtualServer,
        String protocol,
        boolean active,
        long forwarded,
        long replies,
        long arpReplies,
        long unscheduled,
        long unresolved,
        long ringFull,
        long fragments,
        long malformed,
        long standby,
        long tooBig,
        long fragmentationNeeded,
        long snatPortsExhausted) {

    /** The counts by the {@code result} label of {@code tandem_packet_frames_total}. */
    public Map<String, Long> byResult() {
        Map<String, Long> out = new LinkedHashMap<>();
        out.put("forwarded", forwarded);
        out.put("reply_forwarded", replies);
        out.put("arp_replied", arpReplies);
        out.put("unscheduled", unscheduled);
        out.put("unresolved", unresolved);
        out.put("ring_full", ringFull);
        out.put("fragment", fragments);
        out.put("malformed", malformed);
        out.put("standby", standby);
        out.put("too_big", tooBig);
        out.put("fragmentation_needed", fragmentationNeeded);
        out.put("snat_ports_exhausted", snatPortsExhausted);
        return out;
    }
}
