package io.tandem.config;

import java.util.List;

/**
 * A {@code vrrp_sync_group NAME { group { INSTANCE ... } }}: instances that change state together.
 *
 * @param name the group name
 * @param instances the member {@code vrrp_instance} names, each defined and in no other group
 * @param notifyScripts the group's notify commands
 * @param smtpAlert {@code smtp_alert}: e-mail the state changes of its instances
 * @param position where the block starts
 */
public record VrrpSyncGroupConfig(
        String name,
        List<String> instances,
        VrrpNotify notifyScripts,
        boolean smtpAlert,
        SourcePosition position) {

    public VrrpSyncGroupConfig {
        instances = List.copyOf(instances);
    }
}
