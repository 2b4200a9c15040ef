package io.tandem.config.parse;

import io.tandem.common.HostPort;
import io.tandem.config.SourcePosition;
import java.util.List;

/**
 * A {@code virtual_server_group NAME { ... }}: addresses that share one virtual server's
 * definition. Resolved into {@code VirtualServerConfig.listenAddresses}, so it has no record of its
 * own in {@code io.tandem.config}.
 *
 * @param members every address, ranges expanded, in file order
 */
record VirtualServerGroup(String name, List<HostPort> members, SourcePosition position) {

    VirtualServerGroup {
        members = List.copyOf(members);
    }
}
