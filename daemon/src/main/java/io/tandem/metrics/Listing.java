package io.tandem.metrics;

import io.tandem.admin.api.ServiceStatus;
import io.tandem.admin.api.VrrpInstanceStatus;
import java.util.List;

/**
 * What the live gauges show: the virtual services and VRRP instances as the admin listing gives
 * them at one scrape, and the packet forwarders' counters. Servers added or removed at run time
 * appear or vanish with the next one.
 */
public record Listing(
        List<ServiceStatus> services, List<VrrpInstanceStatus> vrrp, List<PacketTally> packets) {

    public static final Listing EMPTY = new Listing(List.of(), List.of());

    public Listing {
        services = List.copyOf(services);
        vrrp = List.copyOf(vrrp);
        packets = List.copyOf(packets);
    }

    /** A listing without packet forwarders. */
    public Listing(List<ServiceStatus> services, List<VrrpInstanceStatus> vrrp) {
        this(services, vrrp, List.of());
    }
}
