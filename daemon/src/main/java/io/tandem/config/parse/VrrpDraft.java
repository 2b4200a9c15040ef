package io.tandem.config.parse;

import io.tandem.config.SourcePosition;
import io.tandem.config.VrrpConfig;
import io.tandem.config.VrrpInstanceConfig;
import io.tandem.config.VrrpScriptConfig;
import io.tandem.config.VrrpSyncGroupConfig;
import io.tandem.config.VrrpTrack;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The VRRP blocks of a configuration while it is read. Built at the end, because a {@code
 * track_script} or a sync group may name what is defined further down.
 */
final class VrrpDraft {
    final List<VrrpInstanceDraft> instances = new ArrayList<>();
    final List<VrrpScriptDraft> scripts = new ArrayList<>();
    final List<VrrpSyncGroupDraft> syncGroups = new ArrayList<>();

    VrrpConfig build(GlobalDefsDraft global, ValueReader v) {
        Map<String, VrrpScriptConfig> scriptsByName = new HashMap<>();
        List<VrrpScriptConfig> builtScripts = new ArrayList<>();
        for (VrrpScriptDraft draft : scripts) {
            draft.build(v)
                    .ifPresent(
                            s -> {
                                VrrpScriptConfig first = scriptsByName.putIfAbsent(s.name(), s);
                                if (first != null) {
                                    duplicate(v, draft.header, "vrrp_script", first.position());
                                } else {
                                    builtScripts.add(s);
                                }
                            });
        }
        Map<String, VrrpInstanceConfig> byName = new HashMap<>();
        Map<String, VrrpInstanceConfig> byRouter = new HashMap<>();
        List<VrrpInstanceConfig> builtInstances = new ArrayList<>();
        for (VrrpInstanceDraft draft : instances) {
            var built = draft.build(global, v);
            if (built.isEmpty()) {
                continue;
            }
            VrrpInstanceConfig i = built.get();
            VrrpInstanceConfig first = byName.putIfAbsent(i.name(), i);
            if (first != null) {
                duplicate(v, draft.header, "vrrp_instance", first.position());
                continue;
            }
            String router = i.interfaceName() + " vrid " + i.virtualRouterId() + " v" + i.version();
            VrrpInstanceConfig sameRouter = byRouter.putIfAbsent(router, i);
            if (sameRouter != null) {
                v.error(
                        draft.header.keyword(),
                        "vrrp_instance "
                                + i.name()
                                + ": virtual_router_id "
                                + i.virtualRouterId()
                                + " on "
                                + i.interfaceName()
                                + " is already used by vrrp_instance "
                                + sameRouter.name()
                                + " ("
                                + sameRouter.position()
                                + ")");
                continue;
            }
            for (VrrpTrack t : i.trackScripts()) {
                if (!scriptsByName.containsKey(t.name())) {
                    v.error(t.position(), "track_script: no vrrp_script named '" + t.name() + "'");
                }
            }
            builtInstances.add(i);
        }
        Map<String, String> groupOf = new HashMap<>();
        List<VrrpSyncGroupConfig> builtGroups = new ArrayList<>();
        for (VrrpSyncGroupDraft draft : syncGroups) {
            VrrpSyncGroupConfig g = draft.build();
            for (Token member : draft.members) {
                if (!byName.containsKey(member.text())) {
                    v.error(
                            member,
                            "vrrp_sync_group "
                                    + g.name()
                                    + ": no vrrp_instance named '"
                                    + member.text()
                                    + "'");
                }
                String other = groupOf.putIfAbsent(member.text(), g.name());
                if (other != null) {
                    v.error(
                            member,
                            "vrrp_sync_group "
                                    + g.name()
                                    + ": vrrp_instance "
                                    + member.text()
                                    + " is already in vrrp_sync_group "
                                    + other);
                }
            }
            builtGroups.add(g);
        }
        return new VrrpConfig(builtInstances, builtScripts, builtGroups);
    }

    private static void duplicate(
            ValueReader v, Statement header, String kind, SourcePosition first) {
        v.error(
                header.argument(0),
                "duplicate "
                        + kind
                        + " "
                        + header.argument(0).text()
                        + " (first at "
                        + first
                        + ")");
    }
}
