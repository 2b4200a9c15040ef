package io.tandem.config.parse;

import io.tandem.config.CheckConfig;
import io.tandem.config.CheckSettings;
import io.tandem.config.HttpCheckConfig;
import io.tandem.config.MiscCheckConfig;
import io.tandem.config.NotifyScript;
import io.tandem.config.PingCheckConfig;
import io.tandem.config.TcpCheckConfig;
import io.tandem.config.UrlCheck;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/** One checker block while its statements are read; every checker kind uses the same draft. */
final class CheckDraft {
    final Statement statement;
    final CheckSettingsDraft settings = new CheckSettingsDraft();
    @Nullable InetAddress connectIp;
    int connectPort;
    @Nullable InetAddress bindTo;
    final List<UrlCheck> urls = new ArrayList<>();
    @Nullable String virtualhost;
    boolean sni;
    @Nullable NotifyScript miscPath;
    @Nullable Duration miscTimeout;
    boolean miscDynamic;
    @Nullable String user;
    @Nullable String group;

    CheckDraft(Statement statement) {
        this.statement = statement;
    }

    /** The record, with settings resolved over {@code outer}; empty (and reported) when invalid. */
    Optional<CheckConfig> build(CheckSettingsDraft outer, ValueReader values) {
        CheckSettingsDraft s = settings.over(outer);
        CheckSettings resolved =
                new CheckSettings(
                        connectIp,
                        connectPort,
                        bindTo,
                        s.connectTimeoutOrDefault(),
                        s.retryOrDefault(),
                        s.delayBeforeRetryOrDefault(),
                        s.delayLoopOrDefault(),
                        s.warmupOrDefault(),
                        s.alphaOrDefault(),
                        s.riseOrDefault());
        String kind = statement.name();
        return switch (kind) {
            case "TCP_CHECK" -> Optional.of(new TcpCheckConfig(resolved, statement.position()));
            case "PING_CHECK" -> Optional.of(new PingCheckConfig(resolved, statement.position()));
            case "HTTP_GET", "SSL_GET" -> {
                if (urls.isEmpty()) {
                    values.error(
                            statement.keyword(),
                            kind + ": needs at least one url { path ... } block");
                    yield Optional.empty();
                }
                yield Optional.of(
                        new HttpCheckConfig(
                                resolved,
                                kind.equals("SSL_GET"),
                                urls,
                                virtualhost,
                                sni,
                                statement.position()));
            }
            case "MISC_CHECK" -> {
                NotifyScript script = miscPath;
                if (script == null) {
                    values.error(statement.keyword(), "MISC_CHECK: misc_path is missing");
                    yield Optional.empty();
                }
                NotifyScript withUser =
                        new NotifyScript(script.command(), user, group, script.position());
                Duration timeout = miscTimeout != null ? miscTimeout : resolved.delayLoop();
                yield Optional.of(
                        new MiscCheckConfig(
                                resolved, withUser, timeout, miscDynamic, statement.position()));
            }
            default -> throw new IllegalStateException("no checker named " + kind);
        };
    }
}
