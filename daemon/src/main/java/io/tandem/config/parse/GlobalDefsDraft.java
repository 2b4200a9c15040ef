package io.tandem.config.parse;

import io.tandem.common.HostPort;
import io.tandem.config.AdminHttpConfig;
import io.tandem.config.GlobalDefs;
import io.tandem.config.LvsTimeouts;
import io.tandem.config.ScriptUser;
import io.tandem.config.SourcePosition;
import io.tandem.config.VrrpInstanceConfig;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** {@code global_defs} while its statements are read; keepalived's defaults until set. */
final class GlobalDefsDraft {
    @Nullable String routerId;
    final List<String> notificationEmails = new ArrayList<>();
    @Nullable String notificationEmailFrom;
    @Nullable HostPort smtpServer;
    Duration smtpConnectTimeout = GlobalDefs.DEFAULT_SMTP_CONNECT_TIMEOUT;
    boolean smtpAlert;
    @Nullable URI notifyWebhook;
    Duration notifyWebhookTimeout = GlobalDefs.DEFAULT_NOTIFY_WEBHOOK_TIMEOUT;
    boolean enableScriptSecurity;
    @Nullable ScriptUser scriptUser;
    Path adminSocket = GlobalDefs.DEFAULT_ADMIN_SOCKET;
    @Nullable HostPort adminHttp;
    @Nullable SourcePosition adminHttpPosition;
    @Nullable String adminToken;
    @Nullable Path adminTokenFile;
    LvsTimeouts lvsTimeouts = LvsTimeouts.UNSET;

    // VRRP defaults every vrrp_instance inherits unless it sets its own.
    int vrrpVersion = 2;
    Duration garpMasterDelay = VrrpInstanceConfig.DEFAULT_GARP_MASTER_DELAY;
    int garpMasterRepeat = VrrpInstanceConfig.DEFAULT_GARP_MASTER_REPEAT;
    Duration garpMasterRefresh = Duration.ZERO;
    int garpMasterRefreshRepeat = VrrpInstanceConfig.DEFAULT_GARP_MASTER_REFRESH_REPEAT;

    GlobalDefs build() {
        return new GlobalDefs(
                routerId,
                notificationEmails,
                notificationEmailFrom,
                smtpServer,
                smtpConnectTimeout,
                smtpAlert,
                notifyWebhook,
                notifyWebhookTimeout,
                enableScriptSecurity,
                scriptUser,
                adminSocket,
                adminHttp == null || adminHttpPosition == null
                        ? null
                        : new AdminHttpConfig(
                                adminHttp, adminToken, adminTokenFile, adminHttpPosition),
                lvsTimeouts);
    }
}
