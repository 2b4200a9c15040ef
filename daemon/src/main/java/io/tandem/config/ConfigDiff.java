package io.tandem.config;

import io.tandem.common.HostPort;
import io.tandem.common.Protocol;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What changed between the running configuration and a new one, by key, ignoring where things are
 * written in the file: virtual servers by (protocol, listen addresses), real servers by address
 * within their virtual server, checkers per real server, VRRP instances by (interface,
 * virtual_router_id). Pure: no I/O, thread-safe; the app's Reloader applies it.
 *
 * @param addedVirtualServers only in the new config
 * @param removedVirtualServers only in the old config
 * @param changedVirtualServers in both, different
 * @param addedVrrpInstances only in the new config
 * @param removedVrrpInstances only in the old config
 * @param changedVrrpInstances in both (same interface and vrid), different settings: {@code [old,
 *     new]}
 * @param vrrpScriptsOrGroupsChanged whether a {@code vrrp_script} or {@code vrrp_sync_group}
 *     changed
 * @param notApplied sections that changed but take effect only on restart ({@code global_defs},
 *     {@code dns_service})
 */
public record ConfigDiff(
        List<VirtualServerConfig> addedVirtualServers,
        List<VirtualServerConfig> removedVirtualServers,
        List<VirtualServerChange> changedVirtualServers,
        List<VrrpInstanceConfig> addedVrrpInstances,
        List<VrrpInstanceConfig> removedVrrpInstances,
        List<List<VrrpInstanceConfig>> changedVrrpInstances,
        boolean vrrpScriptsOrGroupsChanged,
        List<String> notApplied) {

    public ConfigDiff {
        addedVirtualServers = List.copyOf(addedVirtualServers);
        removedVirtualServers = List.copyOf(removedVirtualServers);
        changedVirtualServers = List.copyOf(changedVirtualServers);
        addedVrrpInstances = List.copyOf(addedVrrpInstances);
        removedVrrpInstances = List.copyOf(removedVrrpInstances);
        changedVrrpInstances = changedVrrpInstances.stream().map(List::copyOf).toList();
        notApplied = List.copyOf(notApplied);
    }

    /** A virtual server's identity across configs: what ipvsadm keys a service by. */
    public record VirtualServerKey(Protocol protocol, Set<HostPort> addresses) {
        public static VirtualServerKey of(VirtualServerConfig vs) {
            return new VirtualServerKey(vs.protocol(), Set.copyOf(vs.listenAddresses()));
        }
    }

    /** A VRRP instance's identity: the router it is on the wire. */
    public record VrrpKey(String interfaceName, int virtualRouterId) {
        public static VrrpKey of(VrrpInstanceConfig i) {
            return new VrrpKey(i.interfaceName(), i.virtualRouterId());
        }
    }

    public static ConfigDiff between(TandemConfig before, TandemConfig after) {
        Map<VirtualServerKey, VirtualServerConfig> old = new LinkedHashMap<>();
        before.virtualServers().forEach(vs -> old.put(VirtualServerKey.of(vs), vs));
        List<VirtualServerConfig> added = new ArrayList<>();
        List<VirtualServerChange> changed = new ArrayList<>();
        for (VirtualServerConfig vs : after.virtualServers()) {
            VirtualServerConfig was = old.remove(VirtualServerKey.of(vs));
            if (was == null) {
                added.add(vs);
            } else if (!SameSetting.same(was, vs)) {
                changed.add(change(was, vs));
            }
        }
        List<VirtualServerConfig> removed = List.copyOf(old.values());

        Map<VrrpKey, VrrpInstanceConfig> oldVrrp = new LinkedHashMap<>();
        before.vrrp().instances().forEach(i -> oldVrrp.put(VrrpKey.of(i), i));
        List<VrrpInstanceConfig> addedVrrp = new ArrayList<>();
        List<List<VrrpInstanceConfig>> changedVrrp = new ArrayList<>();
        for (VrrpInstanceConfig i : after.vrrp().instances()) {
            VrrpInstanceConfig was = oldVrrp.remove(VrrpKey.of(i));
            if (was == null) {
                addedVrrp.add(i);
            } else if (!SameSetting.same(was, i)) {
                changedVrrp.add(List.of(was, i));
            }
        }
        boolean scriptsOrGroups =
                !SameSetting.same(before.vrrp().scripts(), after.vrrp().scripts())
                        || !SameSetting.same(before.vrrp().syncGroups(), after.vrrp().syncGroups());
        List<String> notApplied = new ArrayList<>();
        if (!SameSetting.same(before.globalDefs(), after.globalDefs())) {
            notApplied.add("global_defs");
        }
        if (!SameSetting.same(before.dnsService(), after.dnsService())) {
            notApplied.add("dns_service");
        }
        return new ConfigDiff(
                added,
                removed,
                changed,
                addedVrrp,
                List.copyOf(oldVrrp.values()),
                changedVrrp,
                scriptsOrGroups,
                notApplied);
    }

    private static VirtualServerChange change(VirtualServerConfig was, VirtualServerConfig vs) {
        Map<HostPort, RealServerConfig> old = new LinkedHashMap<>();
        was.realServers().forEach(rs -> old.put(rs.address(), rs));
        List<RealServerConfig> added = new ArrayList<>();
        List<RealServerChange> changed = new ArrayList<>();
        for (RealServerConfig rs : vs.realServers()) {
            RealServerConfig before = old.remove(rs.address());
            if (before == null) {
                added.add(rs);
            } else if (!SameSetting.same(before, rs)) {
                changed.add(
                        new RealServerChange(
                                before, rs, !SameSetting.same(before.checks(), rs.checks())));
            }
        }
        boolean settings = !SameSetting.same(was, vs, Set.of("realServers"));
        return new VirtualServerChange(
                was, vs, settings, added, List.copyOf(old.values()), changed);
    }

    /** Whether the new config changes nothing. */
    public boolean isEmpty() {
        return addedVirtualServers.isEmpty()
                && removedVirtualServers.isEmpty()
                && changedVirtualServers.isEmpty()
                && addedVrrpInstances.isEmpty()
                && removedVrrpInstances.isEmpty()
                && changedVrrpInstances.isEmpty()
                && !vrrpScriptsOrGroupsChanged
                && notApplied.isEmpty();
    }
}
