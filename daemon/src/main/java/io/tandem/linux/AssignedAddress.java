package io.tandem.linux;

import java.net.InetAddress;
import org.jspecify.annotations.Nullable;

/**
 * An address an interface holds, as {@code ip addr} shows it: {@code 10.99.0.10/24} with its label
 * ({@code veth0:vip}). {@code label} is null for IPv6, which has no labels.
 */
public record AssignedAddress(InetAddress address, int prefixLength, @Nullable String label) {

    @Override
    public String toString() {
        String text = address.getHostAddress() + "/" + prefixLength;
        return label == null ? text : text + " " + label;
    }
}
