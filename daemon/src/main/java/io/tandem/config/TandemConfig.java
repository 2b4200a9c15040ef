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
 * @param vrrp the {@code vrrp_instance}, {@code vrrp_script} and {@code vrrp_sync_group} blocks
 * @param dnsService {@code dns_service}, or null when there is none
 */
public record TandemConfig(
        Path source,
        GlobalDefs globalDefs,
        List<VirtualServerConfig> virtualServers,
        VrrpConfig vrrp,
        @Nullable DnsServiceConfig dnsService) {

    public TandemConfig {
        virtualServers = List.copyOf(virtualServers);
    }
}
