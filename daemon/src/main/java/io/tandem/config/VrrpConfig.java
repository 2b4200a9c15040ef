package io.tandem.config;

import java.util.List;

/**
 * Everything VRRP in a configuration: instances, the scripts they track, and sync groups.
 * Cross-references (track_script names, sync group members) are already checked.
 */
public record VrrpConfig(
        List<VrrpInstanceConfig> instances,
        List<VrrpScriptConfig> scripts,
        List<VrrpSyncGroupConfig> syncGroups) {

    public VrrpConfig {
        instances = List.copyOf(instances);
        scripts = List.copyOf(scripts);
        syncGroups = List.copyOf(syncGroups);
    }
}
