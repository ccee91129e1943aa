#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""Craft a Binding Update to a home agent (RFC 6275 6.1.7) with the
mobile node identifier (RFC 4283) and the RFC 4285 replay protection and
MN-HA authentication options, computed here independently of ipmobd
(hmac/hashlib), and send it (the packet is built by hand: importing
scapy takes seconds in the emulated test VM, once per BU).

  mip6_bu.py --coa C --hoa H --ha A --nai N --spi S --key HEX --seq Q
             [--lifetime SECS] [--ts-offset SECS] [--dump FILE]
             [--mr] [--mnp PREFIX/LEN]... [--bid BID[:PRI][=COA]]...
             [--overwrite] [--fid FID:PRI[:BID[,BID]...[:SEL]]]...
             [--fsum FID]...
  --mr: the mobile router flag (RFC 3963 6.1); --mnp: a Mobile Network
  Prefix option (RFC 3963 6.2, at 8n+4), repeatable; --bid: a Binding
  Identifier option (RFC 5648 4.3, RFC 6089 BID-PRI; with an IPv6 care-of
  address at 8n+2, without at 2n), repeatable; --overwrite: the O flag
  (RFC 5648 4.2, 0x0040); --fid: a Flow Identification option (RFC
  6089 4.2, at 2n) with a Binding Reference sub-option when BIDs are
  given and an IPv6 binary traffic selector (RFC 6088 3.2) sub-option
  when SEL is ("sport=N,dport=N,proto=N"), repeatable; --fsum: a FID of
  the one Flow Summary option (RFC 6089 4.2.2), repeatable
  mip6_bu.py --replay FILE    resend the exact packet of an earlier --dump
  DSMIPv6 (RFC 5555): --v4hoa ADDR: an IPv4 Home Address option (3.1.1,
  Prefix-len 32, at 4n; 0.0.0.0 asks for one); --udp HA4 --v4coa ADDR:
  the IPv6 packet (from the home address, no Home Address option, 4.1)
  goes in UDP from an IPv4 socket of its own to HA4 port 4191 with an
  IPv4 Care-of Address option (3.1.2, at 4n), authenticated over the
  IPv4-mapped ADDR; the answer is awaited (5 s) and printed as
  "BA status S v4ack STATUS ADDR" (or "no answer")
"""
import argparse
import hmac
import hashlib
import socket
import struct
import sys
import time


def send6(pkt):
    """Send a whole IPv6 packet (bytes, or a scapy packet), routed by the
    kernel (scapy's own routing does not know that a link lost its
    carrier)."""
    data = bytes(pkt)
    s = socket.socket(socket.AF_INET6, socket.SOCK_RAW, socket.IPPROTO_RAW)
    s.sendto(data, (socket.inet_ntop(socket.AF_INET6, data[24:40]), 0))
    s.close()


def csum(data):
    if len(data) % 2:
        data += b"\0"
    s = sum(struct.unpack("!%dH" % (len(data) // 2), data))
    while s >> 16:
        s = (s & 0xffff) + (s >> 16)
    return (~s) & 0xffff


def pad(mh, x, y):
    """Pad1/PadN so that the next option starts at xn+y (6.2)."""
    n = (y - len(mh)) % x
    if n == 1:
        mh += bytes([0])
    elif n >= 2:
        mh += bytes([1, n - 2]) + bytes(n - 2)


def ts6(sel):
    """RFC 6089 4.2.1.4 sub-option data for an RFC 6088 3.2 selector:
    TS Format 2, Reserved, Flags (A-P), Reserved, the fields in order."""
    v = dict(kv.split("=") for kv in sel.split(","))
    flags, fields = 0, b""
    if "sport" in v:                       # (I)
        flags |= 0x0080
        fields += struct.pack("!H", int(v["sport"]))
    if "dport" in v:                       # (K)
        flags |= 0x0020
        fields += struct.pack("!H", int(v["dport"]))
    if "proto" in v:                       # (O) Start Next Header
        flags |= 0x0002
        fields += bytes([int(v["proto"])])
    return bytes([2, 0]) + struct.pack("!HH", flags, 0) + fields


def build(a):
    coa = socket.inet_pton(socket.AF_INET6, a.coa)
    hoa = socket.inet_pton(socket.AF_INET6, a.hoa)
    ha = socket.inet_pton(socket.AF_INET6, a.ha)
    nai = a.nai.encode()
    now = time.time() + a.ts_offset
    ts = ((int(now) + 2208988800) << 32) | int((now % 1) * (1 << 32))
    # (callers that build a namespace of their own may leave these out)
    mr, mnps = getattr(a, "mr", False), getattr(a, "mnp", None) or []
    bids = getattr(a, "bid", None) or []
    flags = 0xC000 | (0x0400 if mr else 0)
    if getattr(a, "overwrite", False):
        flags |= 0x0040
    body = struct.pack("!HHH", a.seq, flags, a.lifetime // 4)
    mh = bytearray(struct.pack("!BBBBH", 59, 0, 5, 0, 0) + body)   # 12
    for p in mnps:                                                    # MNP
        prefix, plen = p.split("/")
        pad(mh, 8, 4)
        mh += bytes([6, 18, 0, int(plen)])
        mh += socket.inet_pton(socket.AF_INET6, prefix)
    for b in bids:                                                    # BID
        b, _, c = b.partition("=")
        bid, _, pri = b.partition(":")
        opt = struct.pack("!HBB", int(bid), 0, int(pri or 0) & 0x7f)
        if c:
            pad(mh, 8, 2)
            mh += bytes([35, 20]) + opt + socket.inet_pton(socket.AF_INET6, c)
        else:
            pad(mh, 2, 0)
            mh += bytes([35, 4]) + opt
    for f in getattr(a, "fid", None) or []:                          # FID
        parts = f.split(":")
        sub = b""
        if len(parts) > 2 and parts[2]:
            bl = [int(x) for x in parts[2].split(",")]
            sub += bytes([2, 2 * len(bl)]) + b"".join(
                struct.pack("!H", x) for x in bl)
        if len(parts) > 3 and parts[3]:
            t = ts6(parts[3])
            sub += bytes([3, len(t)]) + t
        body = struct.pack("!HHBB", int(parts[0]), int(parts[1]), 0, 0) + sub
        pad(mh, 2, 0)
        mh += bytes([45, len(body)]) + body
    fsum = getattr(a, "fsum", None) or []
    if fsum:                                                          # FSUM
        pad(mh, 2, 0)
        mh += bytes([44, 2 * len(fsum)]) + b"".join(
            struct.pack("!H", x) for x in fsum)
    v4hoa = getattr(a, "v4hoa", None)
    if v4hoa:                                                         # V4HOA
        pad(mh, 4, 0)
        mh += bytes([29, 6, 32 << 2, 0]) + socket.inet_pton(socket.AF_INET, v4hoa)
    v4coa = getattr(a, "v4coa", None)
    if v4coa:                                                         # V4COA
        pad(mh, 4, 0)
        mh += bytes([32, 6, 0, 0]) + socket.inet_pton(socket.AF_INET, v4coa)
    mh += bytes([8, 1 + len(nai), 1]) + nai                           # MNID
    pad(mh, 8, 2)
    mh += bytes([10, 8]) + struct.pack("!Q", ts)                      # MESGID
    pad(mh, 4, 1)
    auth_off = len(mh)
    mh += bytes([9, 17, 1]) + struct.pack("!I", a.spi)               # AUTH
    mh += bytes(12)
    while len(mh) % 8:
        mh += bytes([0])
    mh[1] = len(mh) // 8 - 1
    covered = bytes(mh[:auth_off + 7])
    key = bytes.fromhex(a.key)
    # RFC 4285 5.1: First(96, HMAC_SHA1(key, CoA | HoA | MH data))
    mac = hmac.new(key, coa + hoa + covered, hashlib.sha1).digest()[:12]
    mh[auth_off + 7:auth_off + 19] = mac
    # RFC 6275 6.1.1: pseudo-header with the home address as source
    pseudo = hoa + ha + struct.pack("!I", len(mh)) + bytes(3) + bytes([135])
    mh[4:6] = struct.pack("!H", csum(pseudo + bytes(mh)))
    if getattr(a, "udp", None):
        # RFC 5555 4.1: from the home address, no Home Address option
        return (struct.pack("!IHBB", 6 << 28, len(mh), 135, 64) + hoa + ha +
                bytes(mh))
    return hao_packet(coa, ha, hoa, bytes(mh))


def udp_exchange(pkt, ha4):
    """Send the IPv6 packet in UDP to ha4 port 4191 and read the BA that
    comes back: "BA status S v4ack STATUS ADDR" ("v4ack -" without the
    IPv4 Address Acknowledgement option), or "no answer"."""
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.settimeout(5)
    s.sendto(pkt, (ha4, 4191))
    try:
        data, _ = s.recvfrom(2048)
    except socket.timeout:
        return "no answer"
    nh, off = data[6], 40
    while nh in (0, 43, 60) and off + 8 <= len(data):   # to the MH
        nh, off = data[off], off + (data[off + 1] + 1) * 8
    mh = data[off:] if nh == 135 else b""
    if len(mh) < 12 or mh[2] != 6:
        return "not a BA"
    out = "BA status %d" % mh[6]
    i, end, ack = 12, (mh[1] + 1) * 8, "-"
    while i + 2 <= end and i < len(mh):
        t = mh[i]
        if t == 0:
            i += 1
            continue
        ln = mh[i + 1]
        if t == 30 and ln == 6:
            ack = "%d %s" % (mh[i + 2], socket.inet_ntop(socket.AF_INET,
                                                         mh[i + 4:i + 8]))
        i += 2 + ln
    return out + " v4ack " + ack


def hao_packet(src, dst, hoa, mh):
    """An IPv6 packet (bytes) from src to dst (16-byte addresses) with a
    Destination Options header holding the Home Address option hoa, at
    8n+6 after a PadN (RFC 6275 6.3), and the Mobility Header mh."""
    dopt = bytes([135, 2, 1, 2, 0, 0, 201, 16]) + hoa
    return (struct.pack("!IHBB", 6 << 28, len(dopt) + len(mh), 60, 64) +
            src + dst + dopt + mh)


def main():
    p = argparse.ArgumentParser()
    for k in ("coa", "hoa", "ha", "nai", "key", "dump", "replay"):
        p.add_argument("--" + k)
    p.add_argument("--spi", type=int)
    p.add_argument("--seq", type=int)
    p.add_argument("--lifetime", type=int, default=60)
    p.add_argument("--ts-offset", type=float, default=0.0)
    p.add_argument("--mr", action="store_true")
    p.add_argument("--mnp", action="append")
    p.add_argument("--bid", action="append")
    p.add_argument("--overwrite", action="store_true")
    p.add_argument("--fid", action="append")
    p.add_argument("--fsum", action="append", type=int)
    p.add_argument("--v4hoa")
    p.add_argument("--v4coa")
    p.add_argument("--udp", metavar="HA4")
    a = p.parse_args()
    if a.replay:
        pkt = open(a.replay, "rb").read()
    else:
        pkt = build(a)
        if a.dump:
            open(a.dump, "wb").write(bytes(pkt))
    if a.udp:
        print(udp_exchange(pkt, a.udp), flush=True)
        return 0
    send6(pkt)


if __name__ == "__main__":
    sys.exit(main())
