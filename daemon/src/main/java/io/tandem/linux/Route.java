package io.tandem.linux;

import java.net.Inet4Address;
import org.jspecify.annotations.Nullable;

/**
 * The kernel's answer to "how do I reach this IPv4 address?" ({@code ip route get}): the outgoing
 * interface, the gateway when the destination is not on-link, and the source address the kernel
 * would pick.
 *
 * @param interfaceIndex RTA_OIF; the loopback interface for a local address
 * @param gateway RTA_GATEWAY, or null when the destination is on-link
 * @param preferredSource RTA_PREFSRC, or null when the kernel gave none
 */
public record Route(
        int interfaceIndex,
        @Nullable Inet4Address gateway,
        @Nullable Inet4Address preferredSource) {

    /**
     * Reads like {@code ip route get}'s answer, "via 10.97.0.254 dev eth0 src 10.97.0.2", with
     * {@code interfaceName} the name of {@link #interfaceIndex}.
     */
    public String describe(String interfaceName) {
        StringBuilder text = new StringBuilder();
        if (gateway != null) {
            text.append("via ").append(gateway.getHostAddress()).append(' ');
        }
        text.append("dev ").append(interfaceName);
        if (preferredSource != null) {
            text.append(" src ").append(preferredSource.getHostAddress());
        }
        return text.toString();
    }
}
