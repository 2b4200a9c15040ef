package io.tandem.linux;

import java.net.Inet4Address;

/**
 * What {@link RawIpSocket#receive} put in the caller's buffer: {@code length} bytes starting with
 * the IPv4 header (raw(7) sockets deliver it), sent by {@code source}. {@code truncated} says the
 * datagram was longer than the buffer and its tail was dropped.
 */
public record RawDatagram(int length, Inet4Address source, boolean truncated) {}
