package io.tandem.failover;

import io.tandem.config.VirtualIpAddress;
import io.tandem.linux.AddressControl;
import io.tandem.linux.GratuitousArp;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Virtual addresses through rtnetlink ({@code ip addr add/del}) and gratuitous ARP. An address with
 * {@code dev IF} goes there, the others on the instance's interface. IPv6 addresses are added and
 * removed but not yet announced (unsolicited neighbour advertisements are not built). An address a
 * packet forwarder serves is announced but never added: the forwarder answers ARP for it, and an
 * assigned VIP would make the kernel deliver its packets locally and reset them (decision 0008).
 */
final class NetlinkVipOwner implements VipOwner {
    private static final Logger log = LoggerFactory.getLogger(NetlinkVipOwner.class);

    private final AddressControl addresses;
    private final String interfaceName;
    private final List<VirtualIpAddress> vips;
    private final Predicate<InetAddress> forwarded;
    private final Map<String, GratuitousArp> arp = new HashMap<>();

    /** {@code forwarded}: the addresses a packet forwarder serves, which are never added. */
    NetlinkVipOwner(
            AddressControl addresses,
            String interfaceName,
            List<VirtualIpAddress> vips,
            Predicate<InetAddress> forwarded) {
        this.addresses = addresses;
        this.interfaceName = interfaceName;
        this.vips = List.copyOf(vips);
        this.forwarded = forwarded;
    }

    private String device(VirtualIpAddress vip) {
        String device = vip.device();
        return device != null ? device : interfaceName;
    }

    @Override
    public void acquire() throws IOException {
        for (VirtualIpAddress vip : vips) {
            if (forwarded.test(vip.address())) {
                continue;
            }
            addresses.add(device(vip), vip.address(), vip.prefixLength(), vip.label());
        }
    }

    @Override
    public void release() throws IOException {
        IOException first = null;
        for (VirtualIpAddress vip : vips) {
            try {
                addresses.delete(device(vip), vip.address(), vip.prefixLength());
            } catch (IOException e) {
                // Remove the others anyway: holding fewer addresses is the safe side.
                first = first == null ? e : first;
            }
        }
        if (first != null) {
            throw first;
        }
    }

    @Override
    public void announce(int count) throws IOException {
        for (VirtualIpAddress vip : vips) {
            if (vip.address() instanceof Inet4Address v4) {
                GratuitousArp sender = arp.get(device(vip));
                if (sender == null) {
                    sender = GratuitousArp.open(device(vip));
                    arp.put(device(vip), sender);
                }
                for (int i = 0; i < count; i++) {
                    sender.send(v4);
                }
            }
        }
    }

    @Override
    public void close() {
        for (GratuitousArp sender : arp.values()) {
            try {
                sender.close();
            } catch (IOException e) {
                log.debug("closing the gratuitous ARP socket: {}", e.toString());
            }
        }
        arp.clear();
    }
}
