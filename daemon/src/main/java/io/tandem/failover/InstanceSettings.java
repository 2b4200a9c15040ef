package io.tandem.failover;

import io.tandem.config.VirtualIpAddress;
import io.tandem.config.VrrpInstanceConfig;
import io.tandem.linux.AddressControl;
import io.tandem.linux.AssignedAddress;
import io.tandem.vrrp.Authentication;
import io.tandem.vrrp.VrrpInstanceSettings;
import io.tandem.vrrp.VrrpState;
import io.tandem.vrrp.VrrpVersion;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/** Turns a configured {@code vrrp_instance} into the state machine's settings. */
final class InstanceSettings {

    private InstanceSettings() {}

    static VrrpInstanceSettings of(VrrpInstanceConfig config, Inet4Address primary) {
        String pass = config.authPass();
        return new VrrpInstanceSettings(
                config.name(),
                config.virtualRouterId(),
                config.priority(),
                config.advertInterval(),
                config.version() == 3 ? VrrpVersion.V3 : VrrpVersion.V2,
                !config.nopreempt(),
                config.preemptDelay(),
                primary,
                config.virtualIpAddresses().stream().map(VirtualIpAddress::address).toList(),
                config.initialStateMaster() ? VrrpState.MASTER : VrrpState.BACKUP,
                pass == null ? Authentication.none() : Authentication.password(pass));
    }

    /**
     * {@code unicast_src_ip} / {@code mcast_src_ip}, else the interface's first IPv4 address that
     * is not one of the instance's virtual addresses (left over from a crashed run, say).
     */
    static Inet4Address primaryAddress(VrrpInstanceConfig config, AddressControl addresses)
            throws IOException {
        InetAddress configured = config.sourceAddress();
        if (configured != null) {
            if (configured instanceof Inet4Address v4) {
                return v4;
            }
            throw new IOException(
                    config.position()
                            + ": vrrp_instance "
                            + config.name()
                            + ": IPv6 VRRP is not supported yet");
        }
        Set<InetAddress> virtual =
                config.virtualIpAddresses().stream()
                        .map(VirtualIpAddress::address)
                        .collect(Collectors.toSet());
        virtual.addAll(
                config.excludedIpAddresses().stream().map(VirtualIpAddress::address).toList());
        List<AssignedAddress> assigned = addresses.addresses(config.interfaceName());
        for (AssignedAddress a : assigned) {
            if (a.address() instanceof Inet4Address v4 && !virtual.contains(v4)) {
                return v4;
            }
        }
        throw new IOException(
                config.position()
                        + ": vrrp_instance "
                        + config.name()
                        + ": interface "
                        + config.interfaceName()
                        + " has no IPv4 address to send adverts from");
    }
}
