package io.tandem.config;

import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One {@code vrrp_instance NAME { ... }} block, with keepalived's defaults filled in and the global
 * {@code vrrp_version} / {@code vrrp_garp_*} defaults applied.
 *
 * @param name the instance name
 * @param initialStateMaster {@code state MASTER}; only a hint, every non-owner starts as backup
 * @param interfaceName {@code interface}, where adverts go and VIPs are added
 * @param virtualRouterId {@code virtual_router_id}, 1..255
 * @param priority {@code priority}, 1..255, 100 by default
 * @param advertInterval {@code advert_int}: whole seconds for v2, centiseconds for v3
 * @param version {@code version} or global {@code vrrp_version}: 2 or 3
 * @param authPass {@code authentication { auth_type PASS; auth_pass P }} (v2 only), or null
 * @param virtualIpAddresses {@code virtual_ipaddress}: carried in adverts and added as master
 * @param excludedIpAddresses {@code virtual_ipaddress_excluded}: added as master, not advertised
 * @param nopreempt {@code nopreempt}
 * @param preemptDelay {@code preempt_delay}, 0..1000 s
 * @param garpMasterDelay {@code garp_master_delay}: the second burst after becoming master, 5 s
 * @param garpMasterRepeat {@code garp_master_repeat}: ARPs per burst, 5
 * @param garpMasterRefresh {@code garp_master_refresh}: re-announce period as master; zero = never
 * @param garpMasterRefreshRepeat {@code garp_master_refresh_repeat}: ARPs per refresh, 1
 * @param sourceAddress {@code unicast_src_ip} or {@code mcast_src_ip}, or null for the interface's
 *     first address
 * @param unicastPeers {@code unicast_peer}: when not empty, adverts go to these instead of
 *     multicast
 * @param trackInterfaces {@code track_interface}
 * @param trackScripts {@code track_script}, names of defined {@code vrrp_script}s
 * @param notifyScripts the notify commands
 * @param smtpAlert {@code smtp_alert}
 * @param position where the block starts
 */
public record VrrpInstanceConfig(
        String name,
        boolean initialStateMaster,
        String interfaceName,
        int virtualRouterId,
        int priority,
        Duration advertInterval,
        int version,
        @Nullable String authPass,
        List<VirtualIpAddress> virtualIpAddresses,
        List<VirtualIpAddress> excludedIpAddresses,
        boolean nopreempt,
        Duration preemptDelay,
        Duration garpMasterDelay,
        int garpMasterRepeat,
        Duration garpMasterRefresh,
        int garpMasterRefreshRepeat,
        @Nullable InetAddress sourceAddress,
        List<InetAddress> unicastPeers,
        List<VrrpTrack> trackInterfaces,
        List<VrrpTrack> trackScripts,
        VrrpNotify notifyScripts,
        boolean smtpAlert,
        SourcePosition position) {

    public static final int DEFAULT_PRIORITY = 100;
    public static final Duration DEFAULT_GARP_MASTER_DELAY = Duration.ofSeconds(5);
    public static final int DEFAULT_GARP_MASTER_REPEAT = 5;
    public static final int DEFAULT_GARP_MASTER_REFRESH_REPEAT = 1;

    public VrrpInstanceConfig {
        virtualIpAddresses = List.copyOf(virtualIpAddresses);
        excludedIpAddresses = List.copyOf(excludedIpAddresses);
        unicastPeers = List.copyOf(unicastPeers);
        trackInterfaces = List.copyOf(trackInterfaces);
        trackScripts = List.copyOf(trackScripts);
    }
}
