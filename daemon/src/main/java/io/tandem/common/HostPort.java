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
        if (!(address instanceof Inet6Address v6)) {
            return address.getHostAddress();
        }
        String host = rfc5952(v6.getAddress());
        String text = address.getHostAddress();
        int scope = text.indexOf('%');
        if (scope >= 0 && v6.getScopeId() != 0) {
            host += text.substring(scope);
        }
        return "[" + host + "]";
    }

    /**
     * RFC 5952 section 4 text, as ipvsadm and {@code ip} print it: the longest run of two or more
     * zero groups (the first of equals) becomes {@code ::}. The JDK prints every group instead.
     */
    private static String rfc5952(byte[] bytes) {
        int[] groups = new int[8];
        for (int i = 0; i < 8; i++) {
            groups[i] = ((bytes[2 * i] & 0xff) << 8) | (bytes[2 * i + 1] & 0xff);
        }
        int bestStart = -1;
        int bestLength = 1;
        for (int i = 0; i < 8; ) {
            int j = i;
            while (j < 8 && groups[j] == 0) {
                j++;
            }
            if (j - i > bestLength) {
                bestStart = i;
                bestLength = j - i;
            }
            i = j == i ? i + 1 : j;
        }
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                text.append("::");
                i += bestLength - 1;
                continue;
            }
            if (!text.isEmpty() && text.charAt(text.length() - 1) != ':') {
                text.append(':');
            }
            text.append(Integer.toHexString(groups[i]));
        }
        return text.toString();
    }

    @Override
    public String toString() {
        return hostText() + ":" + port;
    }
}
