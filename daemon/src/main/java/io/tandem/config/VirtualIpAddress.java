package io.tandem.config;

import java.net.Inet4Address;
import java.net.InetAddress;
import org.jspecify.annotations.Nullable;

/**
 * One line of keepalived's {@code virtual_ipaddress { ADDR[/PREFIX] [dev IF] [label L] }}.
 *
 * @param address the virtual address
 * @param prefixLength 32 (IPv4) or 128 (IPv6) unless given, as keepalived does
 * @param device {@code dev IF}, or null for the instance's interface
 * @param label {@code label L} (IPv4 only), or null
 * @param position where the line starts
 */
public record VirtualIpAddress(
        InetAddress address,
        int prefixLength,
        @Nullable String device,
        @Nullable String label,
        SourcePosition position) {

    /** keepalived's default prefix: a host route, so the VIP adds no subnet route. */
    public static int hostPrefix(InetAddress address) {
        return address instanceof Inet4Address ? 32 : 128;
    }
}
