package io.tandem.config.parse;

import io.tandem.config.TandemConfig;
import io.tandem.config.VirtualServerConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The top level while it is read. Virtual servers are built only at the end, because a {@code
 * virtual_server group NAME} may come before its {@code virtual_server_group NAME}.
 */
final class ConfigDraft {
    final GlobalDefsDraft globalDefs = new GlobalDefsDraft();
    final Map<String, VirtualServerGroup> groups = new LinkedHashMap<>();
    final Map<String, RealServerGroupDraft> realServerGroups = new LinkedHashMap<>();
    final List<VirtualServerDraft> virtualServers = new ArrayList<>();
    final VrrpDraft vrrp = new VrrpDraft();
    @Nullable DnsServiceDraft dnsService;

    TandemConfig build(Path source, ValueReader values) {
        List<VirtualServerConfig> built = new ArrayList<>();
        Map<String, VirtualServerConfig> seen = new HashMap<>();
        for (VirtualServerDraft draft : virtualServers) {
            draft.build(groups, realServerGroups, values)
                    .ifPresent(
                            vs -> {
                                // TCP and UDP on one address and port are two services.
                                String key = vs.name() + " " + vs.protocol();
                                VirtualServerConfig first = seen.putIfAbsent(key, vs);
                                if (first == null) {
                                    built.add(vs);
                                } else {
                                    values.error(
                                            draft.header.keyword(),
                                            "duplicate virtual_server "
                                                    + key
                                                    + " (first at "
                                                    + first.position()
                                                    + ")");
                                }
                            });
        }
        DnsServiceDraft dns = dnsService;
        return new TandemConfig(
                source,
                globalDefs.build(),
                built,
                vrrp.build(globalDefs, values),
                dns == null ? null : dns.build(built, values).orElse(null));
    }
}
