package io.tandem.common;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;

/**
 * An IP address and a port, as keepalived writes them ({@code 10.0.0.3 80}). Printed the way
 * ipvsadm prints it: {@code 10.0.0.3:80}, {@code [2001:db8::1]:80}.
 *
 * @param address a resolved literal address, never a host name to look up
 * @param port 0..65535 (0 only for "any port" contexts such as an ephemeral bind)
 */
public record HostPort(InetAddress address, int port) {

    public HostPort {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException(
                    "port " + port + " out of range (expected 0..65535)");
        }
    }

    public static HostPort of(InetSocketAddress socketAddress) {
        return new HostPort(socketAddress.getAddress(), socketAddress.getPort());
    }

    public InetSocketAddress toSocketAddress() {
        return new InetSocketAddress(address, port);
    }

    public boolean isIpv6() {
        return address instanceof Inet6Address;
    }

    /** The address alone, bracketed when it is IPv6 so that a port can follow it. */
    public String hostText() {
        String host = address.getHostAddress();
        int scope = host.indexOf('%');
        if (scope >= 0 && address instanceof Inet6Address a && a.getScopeId() == 0) {
            host = host.substring(0, scope);
        }
        return isIpv6() ? "[" + host + "]" : host;
    }

    @Override
    public String toString() {
        return hostText() + ":" + port;
    }
}
