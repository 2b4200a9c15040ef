package io.tandem.linux;

import java.net.InetAddress;

/** An ICMP or ICMPv6 echo reply that matched a request: who answered, and to which sequence. */
public record EchoReply(InetAddress source, int sequence) {}
