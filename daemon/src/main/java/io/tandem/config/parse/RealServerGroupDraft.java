package io.tandem.config.parse;

import io.tandem.config.HashKey;
import io.tandem.config.SchedulerKind;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A top-level {@code real_server_group NAME { ... }} while it is read. Its real servers are built
 * per virtual server that routes to it (they take that virtual server's checker defaults).
 */
final class RealServerGroupDraft {
    final Statement statement;
    @Nullable SchedulerKind scheduler;
    @Nullable HashKey hashKey;
    final List<RealServerDraft> realServers = new ArrayList<>();

    RealServerGroupDraft(Statement statement) {
        this.statement = statement;
    }

    String name() {
        return statement.argument(0).text();
    }
}
