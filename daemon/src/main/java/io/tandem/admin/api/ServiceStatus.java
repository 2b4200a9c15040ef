package io.tandem.admin.api;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One virtual service of a listing, with its real servers in configuration order.
 *
 * @param name the keepalived {@code virtual_server} as written (its group name, or address and
 *     port), for the extra verbs and the dashboard
 * @param sorryServer {@code sorry_server} as {@code address:port}, or null
 */
public record ServiceStatus(
        ServiceKey key,
        String name,
        String scheduler,
        @Nullable Integer persistenceSeconds,
        @Nullable String persistenceNetmask,
        Counters stats,
        Rates rates,
        List<RealServerStatus> realServers,
        @Nullable String sorryServer) {

    public ServiceStatus {
        realServers = List.copyOf(realServers);
    }
}
