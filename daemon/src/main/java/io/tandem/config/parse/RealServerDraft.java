package io.tandem.config.parse;

import io.tandem.common.HostPort;
import io.tandem.config.RealServerConfig;
import org.jspecify.annotations.Nullable;

/** A {@code real_server} block while its statements are read. */
final class RealServerDraft {
    final Statement statement;

    /** Null when the header's address or port was bad (already reported). */
    final @Nullable HostPort address;

    int weight = RealServerConfig.DEFAULT_WEIGHT;
    boolean inhibitOnFailure;
    int upperThreshold;
    int lowerThreshold;

    RealServerDraft(Statement statement, @Nullable HostPort address) {
        this.statement = statement;
        this.address = address;
    }

    /**
     * @param inhibitByDefault the virtual server's own {@code inhibit_on_failure}, which keepalived
     *     applies to each of its real servers
     */
    RealServerConfig build(HostPort address, boolean inhibitByDefault) {
        return new RealServerConfig(
                address,
                weight,
                inhibitOnFailure || inhibitByDefault,
                upperThreshold,
                lowerThreshold,
                statement.position());
    }
}
