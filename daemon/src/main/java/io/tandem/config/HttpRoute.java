package io.tandem.config;

import java.util.List;

/**
 * One {@code route NAME { host ...; path_prefix ...; real_server_group ... }} of an HTTP virtual
 * server. A request takes the route whose host matches (exact before {@code *.suffix} wildcards)
 * with the longest matching path prefix; a route without hosts matches every host, and one with
 * neither hosts nor a prefix is the default.
 *
 * @param hosts lower-case host names, or {@code *.example.com} wildcards (which match one or more
 *     labels in front of {@code example.com}, not {@code example.com} itself); empty means any
 * @param pathPrefix the path prefix, starting with {@code /}; {@code /} matches every path
 * @param group the name of the {@link RealServerGroupConfig} it sends to
 */
public record HttpRoute(
        String name, List<String> hosts, String pathPrefix, String group, SourcePosition position) {

    public HttpRoute {
        hosts = List.copyOf(hosts);
    }
}
