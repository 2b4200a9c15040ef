package io.tandem.config;

import io.tandem.common.Protocol;

/**
 * One {@code name LABEL virtual_server ...} line of {@code dns_service}: a name answered with the
 * addresses of a virtual server's healthy real servers (A for IPv4, AAAA for IPv6).
 *
 * @param owner the absolute owner name, lower case with the trailing dot ({@code www.example.com.})
 * @param virtualServer the name of the virtual server, as {@link VirtualServerConfig#name()}
 * @param protocol which of the two services on that address and port, when both exist
 * @param position where the line starts
 */
public record DnsNameConfig(
        String owner, String virtualServer, Protocol protocol, SourcePosition position) {}
