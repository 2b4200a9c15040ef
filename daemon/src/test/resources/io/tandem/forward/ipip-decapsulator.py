#!/usr/bin/env python3
"""A user-space IPIP endpoint for the lb_kind TUN system test (TunnelingIT).

It stands in for the kernel's ipip module (`ip link add tunl0 type ipip`), which the CI kernel
lacks: it reads IP-in-IP packets (protocol 4) from a raw socket, strips the outer header, and
writes the inner packet into a tun device, where the kernel delivers it to the VIP held on lo.
A raw socket for protocol 4 also keeps the kernel from answering "protocol unreachable".

Usage: ipip-decapsulator.py TUN_NAME. Prints "ready" once the tun device exists; runs until
killed. Counts nothing and never writes anything but inner IPv4 packets.
"""
import fcntl
import os
import socket
import struct
import sys

TUNSETIFF = 0x400454CA
IFF_TUN = 0x0001
IFF_NO_PI = 0x1000
IPPROTO_IPIP = 4


def main() -> None:
    name = sys.argv[1]
    tun = os.open("/dev/net/tun", os.O_RDWR)
    fcntl.ioctl(tun, TUNSETIFF, struct.pack("16sH", name.encode(), IFF_TUN | IFF_NO_PI))
    raw = socket.socket(socket.AF_INET, socket.SOCK_RAW, IPPROTO_IPIP)
    print("ready", flush=True)
    while True:
        packet = raw.recv(65535)
        if len(packet) < 20 or packet[0] >> 4 != 4:
            continue
        inner = packet[(packet[0] & 0x0F) * 4 :]
        if len(inner) >= 20 and inner[0] >> 4 == 4:
            os.write(tun, inner)


if __name__ == "__main__":
    main()
