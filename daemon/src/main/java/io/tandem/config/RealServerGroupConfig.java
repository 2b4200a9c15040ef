package io.tandem.config;

import io.tandem.common.HostPort;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A set of real servers an HTTP route sends to: a top-level {@code real_server_group NAME { ... }}
 * or, named {@link #DEFAULT}, the virtual server's own {@code real_server} blocks. Its servers'
 * full configurations (checks, weights) are in {@link VirtualServerConfig#realServers()}, which
 * lists every server of every group the virtual server uses, so health checking sees them all.
 *
 * @param scheduler {@code lb_algo}, the virtual server's by default
 * @param hashKey {@code hash_key} for {@code sh}, or null to hash the client address
 * @param members the group's real server addresses, in file order
 */
public record RealServerGroupConfig(
        String name,
        SchedulerKind scheduler,
        @Nullable HashKey hashKey,
        List<HostPort> members,
        SourcePosition position) {

    /** The name of a virtual server's own group, made of its {@code real_server} blocks. */
    public static final String DEFAULT = "default";

    public RealServerGroupConfig {
        members = List.copyOf(members);
    }
}
