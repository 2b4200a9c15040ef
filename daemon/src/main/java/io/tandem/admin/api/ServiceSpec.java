package io.tandem.admin.api;

import org.jspecify.annotations.Nullable;

/**
 * ipvsadm {@code -A}/{@code -E}: a virtual service to add or edit.
 *
 * @param scheduler an IPVS scheduler name ({@code wlc} when ipvsadm's {@code -s} is absent)
 * @param persistenceSeconds {@code -p [timeout]}; null when not persistent (ipvsadm's default
 *     timeout is 300 s)
 * @param persistenceNetmask {@code -M}; null for a host mask
 */
public record ServiceSpec(
        ServiceKey key,
        String scheduler,
        @Nullable Integer persistenceSeconds,
        @Nullable String persistenceNetmask) {}
