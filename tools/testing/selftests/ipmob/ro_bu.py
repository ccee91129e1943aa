#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""Hostile Binding Updates to a correspondent (RFC 6275 6.1.7, 9.5.1).

  ro_bu.py --coa C --hoa H --cn N --seq Q --hni I --cni J
      a BU from C with a Home Address option H, Nonce Indices I/J and a
      random Binding Authorization Data (no Kbm can match it)
  ro_bu.py --replay PCAP --coa C --hoa H
      resend, byte for byte, the last BU with Binding Authorization
      Data that C sent for H in the capture
"""
import argparse
import os
import socket
import struct
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from mip6_bu import csum, hao_packet, pad, send6  # noqa: E402
from pcapread import ipv6_packets  # noqa: E402


def craft(a):
    hoa = socket.inet_pton(socket.AF_INET6, a.hoa)
    cn = socket.inet_pton(socket.AF_INET6, a.cn)
    mh = bytearray(struct.pack("!BBBBHHHH", 59, 0, 5, 0, 0, a.seq, 0x8000,
                               420 // 4))
    pad(mh, 8, 2)                                            # 6.2.6: 2n
    mh += bytes([4, 4]) + struct.pack("!HH", a.hni, a.cni)
    pad(mh, 8, 2)                                            # 6.2.7: 8n+2
    mh += bytes([5, 12]) + os.urandom(12)
    assert len(mh) % 8 == 0
    mh[1] = len(mh) // 8 - 1
    pseudo = hoa + cn + struct.pack("!I", len(mh)) + bytes(3) + bytes([135])
    mh[4:6] = struct.pack("!H", csum(pseudo + bytes(mh)))
    coa = socket.inet_pton(socket.AF_INET6, a.coa)
    return hao_packet(coa, cn, hoa, bytes(mh))


def last_bu(path, coa, hoa):
    want = socket.inet_pton(socket.AF_INET6, coa)
    home = socket.inet_pton(socket.AF_INET6, hoa)
    found = None
    for ip in ipv6_packets(path):
        if ip[8:24] != want:
            continue
        nh, off = ip[6], 40
        while nh in (0, 43, 60):
            nh, off = ip[off], off + (ip[off + 1] + 1) * 8
        if (nh == 135 and ip[off + 2] == 5 and home in ip[40:off] and
                ip[off + 12:].find(b"\x05\x0c") >= 0):
            found = ip
    return found


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--coa", required=True)
    p.add_argument("--hoa")
    p.add_argument("--cn")
    p.add_argument("--seq", type=int, default=1)
    p.add_argument("--hni", type=int, default=0)
    p.add_argument("--cni", type=int, default=0)
    p.add_argument("--replay")
    a = p.parse_args()
    if a.replay:
        ip = last_bu(a.replay, a.coa, a.hoa)
        if ip is None:
            sys.exit("no BU from %s in %s" % (a.coa, a.replay))
        s = socket.socket(socket.AF_INET6, socket.SOCK_RAW, socket.IPPROTO_RAW)
        s.sendto(ip, (socket.inet_ntop(socket.AF_INET6, ip[24:40]), 0))
        s.close()
        return
    send6(craft(a))


if __name__ == "__main__":
    main()
