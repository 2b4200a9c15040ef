package io.tandem.config;

import io.tandem.common.HostPort;

/**
 * One {@code real_server IP PORT { ... }} block.
 *
 * @param address where connections go
 * @param weight {@code weight}, 1 by default; 0 takes no new connections (quiesced)
 * @param inhibitOnFailure {@code inhibit_on_failure}: when down, stay listed with weight 0
 * @param upperThreshold {@code uthreshold}: no new connections at or above this many (0 = none)
 * @param lowerThreshold {@code lthreshold}: accept again below this many (0 = 3/4 of upper)
 * @param position where the block starts
 */
public record RealServerConfig(
        HostPort address,
        int weight,
        boolean inhibitOnFailure,
        int upperThreshold,
        int lowerThreshold,
        SourcePosition position) {

    public static final int DEFAULT_WEIGHT = 1;
}
