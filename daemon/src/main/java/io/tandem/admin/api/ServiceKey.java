package io.tandem.admin.api;

/**
 * A virtual service as ipvsadm names it: protocol, virtual address (an IP literal) and port. A
 * keepalived {@code virtual_server} with several listen addresses (a group) answers to each.
 */
public record ServiceKey(ServiceProtocol protocol, String address, int port) {}
