package io.tandem.linux;

import org.jspecify.annotations.Nullable;

/**
 * What {@code ip link show} tells about one interface. {@code up} is IFF_UP (administratively up,
 * {@code ip link set X up}); {@code running} is IFF_RUNNING (up and carrier present, what
 * keepalived tracks as link status). {@code macAddress} is null for links without a 6-byte hardware
 * address, such as tunnels.
 */
public record LinkState(
        String name, int index, boolean up, boolean running, @Nullable MacAddress macAddress) {}
