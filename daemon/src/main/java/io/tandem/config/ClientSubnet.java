package io.tandem.config;

import java.net.Inet4Address;

/**
 * An IPv4 subnet in CIDR form ({@code 10.97.0.0/24}), as Tandem's {@code snat_clients} names the
 * clients whose source a NAT packet-mode service rewrites.
 *
 * @param network the subnet's address, host bits zero
 * @param prefixLength 0 to 32
 */
public record ClientSubnet(Inet4Address network, int prefixLength) {

    public ClientSubnet {
        if (prefixLength < 0 || prefixLength > 32) {
            throw new IllegalArgumentException("prefix length out of range: " + prefixLength);
        }
    }

    @Override
    public String toString() {
        return network.getHostAddress() + "/" + prefixLength;
    }
}
