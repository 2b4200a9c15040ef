package io.tandem.failover;

import io.tandem.vrrp.VrrpState;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;

/**
 * A {@code vrrp_sync_group} at run time, keepalived's vrrp_sync.c semantics: a member in FAULT for
 * its own reason puts every member in FAULT; a member leaving MASTER for BACKUP takes every other
 * MASTER to BACKUP; a member goes MASTER only when every other member is MASTER or wants to be, and
 * then takes the others with it. The group's own notify scripts run when the state of the group as
 * a whole changes.
 *
 * <p>Thread-safe. Each member's runner reports to it and polls its own {@link #takeRequest}; a
 * runner never touches another runner's instance, it only leaves a request here.
 */
final class SyncGroup {
    private final String name;
    private final List<String> members;
    private final @Nullable NotifyScripts notify;
    private final Set<String> faulted = ConcurrentHashMap.newKeySet();
    private final Set<String> wantMaster = ConcurrentHashMap.newKeySet();
    private final Map<String, VrrpState> states = new ConcurrentHashMap<>();
    private final Map<String, AtomicReference<@Nullable VrrpState>> requests =
            new ConcurrentHashMap<>();
    private VrrpState groupState = VrrpState.INIT;

    SyncGroup(String name, List<String> members, @Nullable NotifyScripts notify) {
        this.name = name;
        this.members = List.copyOf(members);
        this.notify = notify;
        for (String m : this.members) {
            requests.put(m, new AtomicReference<>());
            states.put(m, VrrpState.INIT);
        }
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

    /** The member's instance is MASTER or wants to be (see VrrpInstance#wantsMaster). */
    void reportWantsMaster(String member, boolean wants) {
        if (wants) {
            wantMaster.add(member);
        } else {
            wantMaster.remove(member);
        }
    }

    /** Whether every member other than {@code member} is MASTER or wants to be. */
    boolean othersWantMaster(String member) {
        return members.stream().allMatch(m -> m.equals(member) || wantMaster.contains(m));
    }

    /**
     * {@code member} changed state for its own reason ({@code followed} false) or following the
     * group: asks the other members to follow where keepalived would, and runs the group's notify
     * scripts when the group as a whole changed state.
     */
    void changed(String member, VrrpState from, VrrpState to, boolean followed) {
        states.put(member, to);
        if (to == VrrpState.MASTER) {
            wantMaster.add(member);
        } else {
            wantMaster.remove(member);
        }
        if (!followed) {
            if (from == VrrpState.MASTER && to == VrrpState.BACKUP) {
                requestOthers(member, VrrpState.BACKUP);
            } else if (to == VrrpState.MASTER) {
                requestOthers(member, VrrpState.MASTER);
            }
        }
        notifyGroup();
    }

    /** The pending request for {@code member} (MASTER or BACKUP), cleared; null if none. */
    @Nullable VrrpState takeRequest(String member) {
        AtomicReference<@Nullable VrrpState> request = requests.get(member);
        return request == null ? null : request.getAndSet(null);
    }

    private void requestOthers(String member, VrrpState state) {
        requests.forEach(
                (m, request) -> {
                    if (!m.equals(member)) {
                        request.set(state);
                    }
                });
    }

    private synchronized void notifyGroup() {
        VrrpState now = aggregate();
        if (now == groupState) {
            return;
        }
        VrrpState before = groupState;
        groupState = now;
        if (notify != null) {
            notify.groupChanged(before, now);
        }
    }

    /** FAULT if any member is; MASTER or INIT if all are; BACKUP otherwise. */
    private VrrpState aggregate() {
        var values = states.values();
        if (values.contains(VrrpState.FAULT)) {
            return VrrpState.FAULT;
        }
        if (values.stream().allMatch(s -> s == VrrpState.MASTER)) {
            return VrrpState.MASTER;
        }
        if (values.stream().allMatch(s -> s == VrrpState.INIT)) {
            return VrrpState.INIT;
        }
        return VrrpState.BACKUP;
    }
}
