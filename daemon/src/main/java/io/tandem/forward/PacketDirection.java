package io.tandem.forward;

/**
 * Which of IPVS's TCP transition tables a packet of a connection goes through (ip_vs_proto_tcp.c):
 * a client packet of a connection whose replies the balancer sees (NAT), a real server's reply
 * (NAT), or a client packet of a connection whose replies bypass the balancer (DR, TUN, and a NAT
 * connection before its first reply).
 */
public enum PacketDirection {
    INPUT,
    OUTPUT,
    INPUT_ONLY
}
