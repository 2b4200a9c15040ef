package io.tandem.failover;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A {@code vrrp_sync_group} at run time: when one member faults for its own reason (a tracked
 * interface or script), every member goes to FAULT with it, so that for example the outside and
 * inside addresses of a router never live on different hosts. Thread-safe: each member's runner
 * reports and reads it.
 */
final class SyncGroup {
    private final String name;
    private final Set<String> faulted = ConcurrentHashMap.newKeySet();

    SyncGroup(String name) {
        this.name = name;
    }

    String name() {
        return name;
    }

    void report(String member, boolean ownFault) {
        if (ownFault) {
            faulted.add(member);
        } else {
            faulted.remove(member);
        }
    }

    /** Whether a member other than {@code member} is in FAULT for its own reason. */
    boolean otherFaulted(String member) {
        return faulted.stream().anyMatch(m -> !m.equals(member));
    }
}
