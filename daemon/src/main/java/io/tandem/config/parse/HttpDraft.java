package io.tandem.config.parse;

import io.tandem.common.HostPort;
import io.tandem.config.HashKey;
import io.tandem.config.HttpConfig;
import io.tandem.config.HttpLimits;
import io.tandem.config.HttpRoute;
import io.tandem.config.RealServerConfig;
import io.tandem.config.RealServerGroupConfig;
import io.tandem.config.SchedulerKind;
import io.tandem.config.SourcePosition;
import io.tandem.config.TlsCertificate;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/** The L7 statements of one {@code virtual_server} block while it is read. */
final class HttpDraft {
    private static final HttpLimits D = HttpLimits.DEFAULTS;

    /** The first L7 statement, to point at when the virtual server is not {@code protocol HTTP}. */
    @Nullable Statement firstUse;

    final List<RouteDraft> routes = new ArrayList<>();
    final List<TlsCertificateDraft> tls = new ArrayList<>();

    /** The word {@code HTTPS} of {@code protocol HTTPS}, or null for plain HTTP. */
    @Nullable Token https;

    @Nullable HashKey hashKey;
    boolean xForwarded = true;
    boolean forwarded;
    @Nullable Path accessLog;
    int maxRequestLine = D.maxRequestLine();
    int maxHeaderSize = D.maxHeaderSize();
    int maxHeaderCount = D.maxHeaderCount();
    int maxConnections = D.maxConnections();
    Duration clientHeaderTimeout = D.clientHeaderTimeout();
    Duration keepaliveTimeout = D.keepaliveTimeout();
    Duration backendConnectTimeout = D.backendConnectTimeout();
    Duration backendResponseTimeout = D.backendResponseTimeout();

    void use(Statement s) {
        if (firstUse == null) {
            firstUse = s;
        }
    }

    /**
     * The HTTP part of virtual server {@code name}, whose own real servers are already in {@code
     * servers}; the servers of every group a route names are appended to it.
     *
     * @param build builds a group's real server with the virtual server's checker defaults, or
     *     empty when its header was bad
     */
    HttpConfig build(
            String name,
            SourcePosition position,
            SchedulerKind scheduler,
            List<RealServerConfig> servers,
            Map<String, RealServerGroupDraft> groupDrafts,
            Function<RealServerDraft, @Nullable RealServerConfig> build,
            ValueReader values) {
        Map<HostPort, String> owner = new HashMap<>();
        List<HostPort> own = new ArrayList<>();
        for (RealServerConfig rs : servers) {
            owner.put(rs.address(), "the virtual server's own real servers");
            own.add(rs.address());
        }
        Map<String, RealServerGroupConfig> groups = new LinkedHashMap<>();
        Statement first = firstUse;
        checkHashKey(hashKey, scheduler, first, name, values);
        groups.put(
                RealServerGroupConfig.DEFAULT,
                new RealServerGroupConfig(
                        RealServerGroupConfig.DEFAULT, scheduler, hashKey, own, position));
        List<HttpRoute> built = new ArrayList<>();
        Map<String, RouteDraft> names = new HashMap<>();
        Map<String, RouteDraft> matches = new HashMap<>();
        for (RouteDraft route : routes) {
            RouteDraft same = names.putIfAbsent(route.name(), route);
            if (same != null) {
                values.error(
                        route.statement.argument(0),
                        "duplicate route "
                                + route.name()
                                + " in virtual_server "
                                + name
                                + " (first at "
                                + same.statement.position()
                                + ")");
                continue;
            }
            for (String host : route.hosts.isEmpty() ? List.of("*") : route.hosts) {
                RouteDraft clash = matches.putIfAbsent(host + " " + route.pathPrefix, route);
                if (clash != null) {
                    values.error(
                            route.statement.argument(0),
                            "route "
                                    + route.name()
                                    + " matches the same requests as route "
                                    + clash.name()
                                    + " (host "
                                    + host
                                    + ", path_prefix "
                                    + route.pathPrefix
                                    + ")");
                }
            }
            Token group = route.group;
            if (group == null) {
                values.error(
                        route.statement.keyword(),
                        "route " + route.name() + ": real_server_group NAME is missing");
                continue;
            }
            if (!groups.containsKey(group.text())) {
                RealServerGroupDraft draft = groupDrafts.get(group.text());
                if (draft == null) {
                    values.error(
                            group,
                            "route "
                                    + route.name()
                                    + ": no real_server_group named '"
                                    + group.text()
                                    + "'");
                    continue;
                }
                groups.put(
                        group.text(), group(draft, scheduler, servers, owner, build, name, values));
            }
            built.add(
                    new HttpRoute(
                            route.name(),
                            route.hosts,
                            route.pathPrefix,
                            group.text(),
                            route.statement.position()));
        }
        return new HttpConfig(
                built,
                groups,
                new HttpLimits(
                        maxRequestLine,
                        maxHeaderSize,
                        maxHeaderCount,
                        clientHeaderTimeout,
                        keepaliveTimeout,
                        backendConnectTimeout,
                        backendResponseTimeout,
                        maxConnections),
                xForwarded,
                forwarded,
                accessLog,
                certificates(name, values));
    }

    /** The certificates of {@code protocol HTTPS}, read from their files; errors reported. */
    private List<TlsCertificate> certificates(String name, ValueReader values) {
        Token word = https;
        if (word == null) {
            if (!tls.isEmpty()) {
                Statement first = tls.getFirst().statement;
                values.error(
                        first.keyword(),
                        first.name()
                                + " needs protocol HTTPS (virtual_server "
                                + name
                                + " is HTTP)");
            }
            return List.of();
        }
        if (tls.isEmpty()) {
            values.error(
                    word, "protocol HTTPS needs a tls_certificate (virtual_server " + name + ")");
            return List.of();
        }
        List<TlsCertificate> out = new ArrayList<>();
        for (TlsCertificateDraft draft : tls) {
            Token key = draft.keyFile;
            if (key == null) {
                values.error(
                        draft.statement.keyword(),
                        "tls_certificate "
                                + draft.certificateFile.text()
                                + " has no key (add tls_key KEY.pem after it, or name the key"
                                + " as its second argument)");
                continue;
            }
            TlsCertificateReader.read(
                            draft.certificateFile, key, draft.statement.position(), values)
                    .ifPresent(out::add);
        }
        return out;
    }

    private static RealServerGroupConfig group(
            RealServerGroupDraft draft,
            SchedulerKind vsScheduler,
            List<RealServerConfig> servers,
            Map<HostPort, String> owner,
            Function<RealServerDraft, @Nullable RealServerConfig> build,
            String vsName,
            ValueReader values) {
        SchedulerKind scheduler = draft.scheduler == null ? vsScheduler : draft.scheduler;
        checkHashKey(draft.hashKey, scheduler, draft.statement, vsName, values);
        List<HostPort> members = new ArrayList<>();
        for (RealServerDraft real : draft.realServers) {
            RealServerConfig rs = build.apply(real);
            if (rs == null) {
                continue;
            }
            String other = owner.putIfAbsent(rs.address(), "real_server_group " + draft.name());
            if (other != null) {
                // One RealServer object per address and virtual server: its connection counts
                // and health would otherwise be split between two groups that disagree.
                values.error(
                        real.statement.keyword(),
                        "real_server "
                                + rs.address()
                                + " of real_server_group "
                                + draft.name()
                                + " is already in "
                                + other
                                + " of virtual_server "
                                + vsName
                                + " (a real server may be in one group per virtual server)");
                continue;
            }
            servers.add(rs);
            members.add(rs.address());
        }
        return new RealServerGroupConfig(
                draft.name(), scheduler, draft.hashKey, members, draft.statement.position());
    }

    private static void checkHashKey(
            @Nullable HashKey key,
            SchedulerKind scheduler,
            @Nullable Statement at,
            String vsName,
            ValueReader values) {
        if (key != null && scheduler != SchedulerKind.SH && at != null) {
            values.error(
                    at.keyword(),
                    "hash_key needs lb_algo sh (virtual_server "
                            + vsName
                            + " uses "
                            + scheduler.ipvsName()
                            + ")");
        }
    }
}
