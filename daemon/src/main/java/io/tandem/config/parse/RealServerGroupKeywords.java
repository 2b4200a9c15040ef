package io.tandem.config.parse;

import io.tandem.config.SchedulerKind;
import java.util.List;

/**
 * The top-level {@code real_server_group NAME} section, Tandem's addition: real servers with their
 * own scheduler that HTTP routes send to.
 */
final class RealServerGroupKeywords {
    static final String SECTION = "real_server_group";

    static final KeywordTable<RealServerGroupDraft> TABLE =
            new KeywordTable<>(
                    SECTION,
                    List.of(
                            Keyword.value(
                                    "lb_algo",
                                    "lb_algo SCHEDULER",
                                    (s, g, v) ->
                                            SchedulerKind.byIpvsName(s.argument(0).text())
                                                    .ifPresentOrElse(
                                                            k -> g.scheduler = k,
                                                            () ->
                                                                    v.expected(
                                                                            s.name(),
                                                                            "an IPVS scheduler"
                                                                                    + " name such"
                                                                                    + " as rr, wlc"
                                                                                    + " or sh",
                                                                            s.argument(0)))),
                            HttpKeywords.hashKey((g, key) -> g.hashKey = key),
                            new Keyword.Supported<>(
                                    "real_server",
                                    "real_server IP PORT",
                                    2,
                                    2,
                                    Keyword.BlockUse.OPTIONAL,
                                    true,
                                    (s, g, v) -> {
                                        RealServerDraft real =
                                                new RealServerDraft(
                                                        s,
                                                        v.hostPort(
                                                                        s.name(),
                                                                        s.argument(0),
                                                                        s.argument(1))
                                                                .orElse(null));
                                        RealServerKeywords.TABLE.bind(s.children(), real, v);
                                        g.realServers.add(real);
                                    })));

    private RealServerGroupKeywords() {}
}
