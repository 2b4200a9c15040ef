package io.tandem.config;

import org.jspecify.annotations.Nullable;

/**
 * The notify commands of a {@code vrrp_instance} or {@code vrrp_sync_group}, as written; null when
 * absent. keepalived runs {@code notify} with {@code INSTANCE|GROUP NAME STATE PRIORITY} appended.
 */
public record VrrpNotify(
        @Nullable String master,
        @Nullable String backup,
        @Nullable String fault,
        @Nullable String stop,
        @Nullable String any) {

    public static VrrpNotify none() {
        return new VrrpNotify(null, null, null, null, null);
    }
}
