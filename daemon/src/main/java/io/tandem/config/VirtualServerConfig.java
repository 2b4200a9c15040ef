package io.tandem.config;

import io.tandem.common.HostPort;
import io.tandem.common.Protocol;
import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One {@code virtual_server IP PORT { ... }} or {@code virtual_server group NAME { ... }} block,
 * validated.
 *
 * @param name how ipvsadm and the logs name it: {@code 10.0.0.1:80} or {@code group NAME}
 * @param listenAddresses the addresses Tandem accepts on (one, or every member of the group)
 * @param protocol {@code protocol}, TCP by default
 * @param scheduler {@code lb_algo} / {@code lvs_sched}, wlc by default as in IPVS
 * @param forwardingMethod {@code lb_kind} / {@code lvs_method}, NAT by default
 * @param delayLoop {@code delay_loop}: the health-check interval, 60 s by default
 * @param persistenceTimeout {@code persistence_timeout}; {@link Duration#ZERO} means no persistence
 * @param persistencePrefixLength {@code persistence_granularity} as a prefix length (32 or 128 when
 *     not set: each client address on its own)
 * @param quorum {@code quorum}: minimum healthy weight sum, 1 by default
 * @param hysteresis {@code hysteresis}, 0 by default
 * @param alpha {@code alpha}: real servers start down until their first check passes
 * @param omega {@code omega}: run the quorum_down script on shutdown
 * @param sorryServer {@code sorry_server}, or null
 * @param realServers the {@code real_server} blocks, in file order, no duplicates
 * @param position where the block starts
 * @param quorumUp {@code quorum_up}: run when the healthy weight reaches the quorum again, or null
 * @param quorumDown {@code quorum_down}: run when it drops below, or null
 * @param smtpAlert {@code smtp_alert}: e-mail on this service's transitions
 * @param http the L7 part of a {@code protocol HTTP} virtual server, null for TCP and UDP
 * @param packet how a packet-forwarded service (lb_kind DR or TUN, or NAT with {@code packet_mode})
 *     meets the wire; null for the full proxy, so non-null means packet forwarding
 */
public record VirtualServerConfig(
        String name,
        List<HostPort> listenAddresses,
        Protocol protocol,
        SchedulerKind scheduler,
        ForwardingMethod forwardingMethod,
        Duration delayLoop,
        Duration persistenceTimeout,
        int persistencePrefixLength,
        int quorum,
        int hysteresis,
        boolean alpha,
        boolean omega,
        @Nullable HostPort sorryServer,
        List<RealServerConfig> realServers,
        SourcePosition position,
        @Nullable NotifyScript quorumUp,
        @Nullable NotifyScript quorumDown,
        boolean smtpAlert,
        @Nullable HttpConfig http,
        @Nullable PacketConfig packet) {

    public static final Duration DEFAULT_DELAY_LOOP = Duration.ofSeconds(60);

    /** A proxied L4 (TCP or UDP) virtual server: no HTTP part, no packet interface. */
    public VirtualServerConfig(
            String name,
            List<HostPort> listenAddresses,
            Protocol protocol,
            SchedulerKind scheduler,
            ForwardingMethod forwardingMethod,
            Duration delayLoop,
            Duration persistenceTimeout,
            int persistencePrefixLength,
            int quorum,
            int hysteresis,
            boolean alpha,
            boolean omega,
            @Nullable HostPort sorryServer,
            List<RealServerConfig> realServers,
            SourcePosition position,
            @Nullable NotifyScript quorumUp,
            @Nullable NotifyScript quorumDown,
            boolean smtpAlert) {
        this(
                name,
                listenAddresses,
                protocol,
                scheduler,
                forwardingMethod,
                delayLoop,
                persistenceTimeout,
                persistencePrefixLength,
                quorum,
                hysteresis,
                alpha,
                omega,
                sorryServer,
                realServers,
                position,
                quorumUp,
                quorumDown,
                smtpAlert,
                null,
                null);
    }

    public VirtualServerConfig {
        listenAddresses = List.copyOf(listenAddresses);
        realServers = List.copyOf(realServers);
    }

    /** The interface a packet-forwarded service works on, or null for the full proxy. */
    public @Nullable String packetInterface() {
        PacketConfig p = packet;
        return p == null ? null : p.interfaceName();
    }

    public boolean persistent() {
        return !persistenceTimeout.isZero();
    }

    /** The same virtual server with another scheduler and persistence ({@code ipvsadm -E}). */
    public VirtualServerConfig withScheduling(
            SchedulerKind newScheduler, Duration newPersistenceTimeout, int newPrefixLength) {
        return new VirtualServerConfig(
                name,
                listenAddresses,
                protocol,
                newScheduler,
                forwardingMethod,
                delayLoop,
                newPersistenceTimeout,
                newPrefixLength,
                quorum,
                hysteresis,
                alpha,
                omega,
                sorryServer,
                realServers,
                position,
                quorumUp,
                quorumDown,
                smtpAlert,
                http,
                packet);
    }
}
