package io.tandem.app;

import io.tandem.common.HostPort;
import io.tandem.config.TandemConfig;
import io.tandem.config.VirtualIpAddress;
import io.tandem.config.VirtualServerConfig;
import io.tandem.config.VrrpInstanceConfig;
import io.tandem.failover.FailoverEvents;
import io.tandem.forward.PacketForwarder;
import io.tandem.vrrp.TransitionReason;
import io.tandem.vrrp.VrrpState;
import java.net.InetAddress;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * "The VIP moves, the forwarder follows": a packet forwarder whose VIP is a {@code
 * virtual_ipaddress} (or excluded one) of a {@code vrrp_instance} is active (answers ARP, forwards,
 * announces the VIP) only while that instance is MASTER; the instance announces the VIP but never
 * assigns it ({@link #forwards}), so the kernel does not deliver its packets locally (decision
 * 0008). A forwarder whose VIP no instance holds is always active.
 *
 * <p>Threads: state changes arrive on the instances' threads and only flip volatile flags; {@link
 * #configure} runs at start and on reload; {@link #prepare} before a forwarder starts.
 */
final class PacketVipFollower implements FailoverEvents {
    private final Supplier<List<VirtualService>> services;
    private final Map<String, VrrpState> states = new ConcurrentHashMap<>();
    private volatile Map<InetAddress, String> owners = Map.of();
    private volatile Set<InetAddress> forwarded = Set.of();

    PacketVipFollower(Supplier<List<VirtualService>> services) {
        this.services = services;
    }

    /**
     * Which instance holds which address, and which addresses packet virtual servers serve; at
     * start and on reload, before services are added (the running ones are {@code config}'s or go).
     */
    void configure(TandemConfig config) {
        Map<InetAddress, String> byAddress = new HashMap<>();
        for (VrrpInstanceConfig i : config.vrrp().instances()) {
            for (VirtualIpAddress vip : i.virtualIpAddresses()) {
                byAddress.putIfAbsent(vip.address(), i.name());
            }
            for (VirtualIpAddress vip : i.excludedIpAddresses()) {
                byAddress.putIfAbsent(vip.address(), i.name());
            }
        }
        Set<InetAddress> served = new HashSet<>();
        for (VirtualServerConfig vs : config.virtualServers()) {
            if (vs.packetInterface() != null) {
                vs.listenAddresses().forEach(a -> served.add(a.address()));
            }
        }
        owners = Map.copyOf(byAddress);
        forwarded = Set.copyOf(served);
        // A reload that took the VIP out of every instance leaves its forwarder on its own.
        for (VirtualService s : services.get()) {
            if (s.forwarder() instanceof PacketForwarder packets && owner(s.config()) == null) {
                packets.setActive(true);
            }
        }
    }

    /** For {@code Failover.start}: an address a packet forwarder answers ARP for. Any thread. */
    boolean forwards(InetAddress address) {
        return forwarded.contains(address);
    }

    /** Before a forwarder starts: active unless its VIP's instance is known and not MASTER. */
    void prepare(VirtualService service) {
        if (service.forwarder() instanceof PacketForwarder packets) {
            String owner = owner(service.config());
            packets.setActive(owner == null || states.get(owner) == VrrpState.MASTER);
        }
    }

    @Override
    public void instanceChangedState(
            String instance, VrrpState from, VrrpState to, TransitionReason reason, int priority) {
        states.put(instance, to);
        for (VirtualService s : services.get()) {
            if (s.forwarder() instanceof PacketForwarder packets
                    && instance.equals(owner(s.config()))) {
                packets.setActive(to == VrrpState.MASTER);
            }
        }
    }

    private @Nullable String owner(VirtualServerConfig config) {
        Map<InetAddress, String> now = owners;
        for (HostPort listen : config.listenAddresses()) {
            String owner = now.get(listen.address());
            if (owner != null) {
                return owner;
            }
        }
        return null;
    }
}
