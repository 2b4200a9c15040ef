package io.tandem.config;

import java.nio.file.Path;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A whole, validated configuration: what {@code ConfigLoader} returns and the daemon runs.
 *
 * @param source the top-level file it was read from
 * @param globalDefs {@code global_defs}, defaults when absent
 * @param virtualServers every {@code virtual_server}, in file order
 * @param dnsService {@code dns_service}, or null when there is none
 */
public record TandemConfig(
        Path source,
        GlobalDefs globalDefs,
        List<VirtualServerConfig> virtualServers,
        @Nullable DnsServiceConfig dnsService) {

    public TandemConfig {
        virtualServers = List.copyOf(virtualServers);
    }

    /** A configuration without {@code dns_service}. */
    public TandemConfig(
            Path source, GlobalDefs globalDefs, List<VirtualServerConfig> virtualServers) {
        this(source, globalDefs, virtualServers, null);
    }
}
