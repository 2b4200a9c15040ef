package io.tandem.app;

import io.tandem.config.LvsTimeouts;
import io.tandem.forward.ConnectionTimeouts;
import io.tandem.forward.PacketForwarder;
import java.util.List;
import java.util.function.Supplier;

/**
 * The packet forwarders' connection timeouts, daemon-wide as IPVS's are: {@code lvs_timeouts} at
 * start and on reload, {@code adm --set} at run time. A forwarder started later takes the current
 * ones. Any thread.
 */
final class PacketTimeouts {
    private final Supplier<List<VirtualService>> services;
    private volatile ConnectionTimeouts current = ConnectionTimeouts.IPVS_DEFAULTS;

    PacketTimeouts(Supplier<List<VirtualService>> services) {
        this.services = services;
    }

    /** keepalived's {@code lvs_timeouts}: IPVS's defaults, then those the config sets. */
    void configure(LvsTimeouts config) {
        apply(
                ConnectionTimeouts.IPVS_DEFAULTS.with(
                        config.tcpSeconds(), config.tcpFinSeconds(), config.udpSeconds()));
    }

    /** {@code ipvsadm --set tcp tcpfin udp}; 0 leaves one unchanged. */
    void set(long tcpSeconds, long tcpFinSeconds, long udpSeconds) {
        apply(current.with(tcpSeconds, tcpFinSeconds, udpSeconds));
    }

    ConnectionTimeouts current() {
        return current;
    }

    /** Before a forwarder starts. */
    void prepare(VirtualService service) {
        if (service.forwarder() instanceof PacketForwarder packets) {
            packets.setTimeouts(current);
        }
    }

    private synchronized void apply(ConnectionTimeouts next) {
        current = next;
        for (VirtualService s : services.get()) {
            if (s.forwarder() instanceof PacketForwarder packets) {
                packets.setTimeouts(next);
            }
        }
    }
}
