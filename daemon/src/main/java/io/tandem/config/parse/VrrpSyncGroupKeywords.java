package io.tandem.config.parse;

import java.util.ArrayList;
import java.util.List;

/** The {@code vrrp_sync_group} section: instances that fail over together. */
final class VrrpSyncGroupKeywords {
    static final String SECTION = "vrrp_sync_group";

    static final KeywordTable<VrrpSyncGroupDraft> TABLE = new KeywordTable<>(SECTION, keywords());

    private VrrpSyncGroupKeywords() {}

    private static List<Keyword<VrrpSyncGroupDraft>> keywords() {
        List<Keyword<VrrpSyncGroupDraft>> k = new ArrayList<>();
        k.add(
                new Keyword.Supported<>(
                        "group",
                        "group",
                        0,
                        0,
                        Keyword.BlockUse.REQUIRED,
                        false,
                        VrrpSyncGroupKeywords::group));
        k.add(VrrpValues.command("notify_master", (d, c) -> d.notifyMaster = c));
        k.add(VrrpValues.command("notify_backup", (d, c) -> d.notifyBackup = c));
        k.add(VrrpValues.command("notify_fault", (d, c) -> d.notifyFault = c));
        k.add(VrrpValues.command("notify_stop", (d, c) -> d.notifyStop = c));
        k.add(VrrpValues.command("notify", (d, c) -> d.notify = c));
        k.add(Keyword.flag("smtp_alert", (s, d, v) -> d.smtpAlert = true));
        k.addAll(
                KeywordTable.notSupportedYet(
                        "this vrrp_sync_group option is not supported yet",
                        "track_interface",
                        "track_script",
                        "track_file",
                        "track_process",
                        "track_bfd",
                        "global_tracking",
                        "sync_group_tracking_weight"));
        return k;
    }

    /** Instance names, one or several per line. */
    private static void group(Statement s, VrrpSyncGroupDraft d, ValueReader v) {
        for (Statement line : s.children()) {
            if (line.block() != null) {
                v.error(line.keyword(), "group: takes no nested { ... } block");
                continue;
            }
            d.members.add(line.keyword());
            d.members.addAll(line.arguments());
        }
    }
}
