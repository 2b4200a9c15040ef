package io.tandem.app;

import io.tandem.admin.api.AdminException;
import io.tandem.admin.api.ServiceKey;
import io.tandem.admin.api.ServiceProtocol;
import io.tandem.common.HostPort;
import io.tandem.common.IpLiteral;
import io.tandem.common.Protocol;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import org.jspecify.annotations.Nullable;

/** Conversions between the admin protocol's plain values and the daemon's types. Pure. */
final class AdminValues {

    private AdminValues() {}

    static Protocol protocol(ServiceKey key) {
        return key.protocol() == ServiceProtocol.TCP ? Protocol.TCP : Protocol.UDP;
    }

    /** ipvsadm knows TCP and UDP; an L7 HTTP service runs over TCP and is listed as such. */
    static ServiceProtocol protocol(Protocol protocol) {
        return protocol == Protocol.UDP ? ServiceProtocol.UDP : ServiceProtocol.TCP;
    }

    static HostPort address(ServiceKey key) throws AdminException {
        return hostPort(key.address(), key.port());
    }

    static HostPort hostPort(String address, int port) throws AdminException {
        InetAddress ip =
                IpLiteral.parse(address)
                        .orElseThrow(
                                () -> new AdminException("'" + address + "' is not an IP address"));
        if (port < 0 || port > 65535) {
            throw new AdminException("port " + port + " out of range (expected 0..65535)");
        }
        return new HostPort(ip, port);
    }

    /** {@code TCP 10.0.0.1:80}, for messages. */
    static String describe(ServiceKey key) {
        String host = key.address().contains(":") ? "[" + key.address() + "]" : key.address();
        return key.protocol() + " " + host + ":" + key.port();
    }

    /** ipvsadm -M as a prefix length; null is a host mask. */
    static int prefixLength(@Nullable String netmask, HostPort vip) throws AdminException {
        int host = vip.isIpv6() ? 128 : 32;
        if (netmask == null) {
            return host;
        }
        String text = netmask.startsWith("/") ? netmask.substring(1) : netmask;
        if (text.chars().allMatch(Character::isDigit) && !text.isEmpty()) {
            int prefix = Integer.parseInt(text);
            if (prefix < 0 || prefix > host) {
                throw new AdminException("netmask /" + prefix + " out of range (0.." + host + ")");
            }
            return prefix;
        }
        InetAddress mask =
                IpLiteral.parse(text)
                        .orElseThrow(() -> new AdminException("bad netmask '" + netmask + "'"));
        if (!(mask instanceof Inet4Address)) {
            throw new AdminException("bad netmask '" + netmask + "'");
        }
        int bits = java.nio.ByteBuffer.wrap(mask.getAddress()).getInt();
        int prefix = Integer.bitCount(bits);
        if (bits != (prefix == 0 ? 0 : -1 << (32 - prefix))) {
            throw new AdminException("netmask " + netmask + " is not contiguous");
        }
        return prefix;
    }

    /** The prefix length as ipvsadm prints -M (dotted for IPv4), or null for a host mask. */
    static @Nullable String netmask(int prefixLength, HostPort vip) {
        if (prefixLength >= (vip.isIpv6() ? 128 : 32)) {
            return null;
        }
        if (vip.isIpv6()) {
            return String.valueOf(prefixLength);
        }
        int bits = prefixLength == 0 ? 0 : -1 << (32 - prefixLength);
        try {
            return InetAddress.getByAddress(java.nio.ByteBuffer.allocate(4).putInt(bits).array())
                    .getHostAddress();
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }
}
