package io.tandem.admin.api;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One VRRP instance: its role now and how it got there.
 *
 * @param state {@code INIT}, {@code BACKUP}, {@code MASTER} or {@code FAULT}
 * @param effectivePriority priority after tracking weights
 * @param since when it entered {@code state}, ISO-8601
 * @param syncGroup the vrrp_sync_group it belongs to, or null
 */
public record VrrpInstanceStatus(
        String name,
        String interfaceName,
        int virtualRouterId,
        int version,
        String state,
        int priority,
        int effectivePriority,
        List<String> virtualAddresses,
        long transitions,
        String since,
        @Nullable String syncGroup) {

    public VrrpInstanceStatus {
        virtualAddresses = List.copyOf(virtualAddresses);
    }
}
