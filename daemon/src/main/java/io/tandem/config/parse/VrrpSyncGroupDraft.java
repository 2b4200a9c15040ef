package io.tandem.config.parse;

import io.tandem.config.VrrpNotify;
import io.tandem.config.VrrpSyncGroupConfig;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** A {@code vrrp_sync_group} block while its statements are read. */
final class VrrpSyncGroupDraft {
    final Statement header;
    final List<Token> members = new ArrayList<>();
    @Nullable String notifyMaster;
    @Nullable String notifyBackup;
    @Nullable String notifyFault;
    @Nullable String notifyStop;
    @Nullable String notify;
    boolean smtpAlert;

    VrrpSyncGroupDraft(Statement header) {
        this.header = header;
    }

    VrrpSyncGroupConfig build() {
        return new VrrpSyncGroupConfig(
                header.argument(0).text(),
                members.stream().map(Token::text).toList(),
                new VrrpNotify(notifyMaster, notifyBackup, notifyFault, notifyStop, notify),
                smtpAlert,
                header.position());
    }
}
