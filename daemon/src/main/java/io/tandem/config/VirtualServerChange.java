package io.tandem.config;

import java.util.List;

/**
 * A {@code virtual_server} present (by protocol and addresses) in both configs that changed.
 *
 * @param settingsChanged whether anything but its real servers changed (scheduler, persistence,
 *     quorum, sorry server, scripts, ...)
 * @param addedRealServers real servers only the new config has
 * @param removedRealServers real servers only the old config has
 * @param changedRealServers real servers in both with different settings
 */
public record VirtualServerChange(
        VirtualServerConfig before,
        VirtualServerConfig after,
        boolean settingsChanged,
        List<RealServerConfig> addedRealServers,
        List<RealServerConfig> removedRealServers,
        List<RealServerChange> changedRealServers) {

    public VirtualServerChange {
        addedRealServers = List.copyOf(addedRealServers);
        removedRealServers = List.copyOf(removedRealServers);
        changedRealServers = List.copyOf(changedRealServers);
    }

    /** Whether the L7 part (routes, groups, limits) changed, wherever it sits in the file. */
    public boolean httpChanged() {
        return !SameSetting.same(before.http(), after.http());
    }
}
