#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""Seeds for fuzz_roles (see the record format at the top of
fuzz_roles.c): one scenario per file, each a few records long.

  mkseeds_roles.py DIR
"""
import os
import struct
import sys

HOA, HA, CN, COA, HOA2, COA2, ROUTER, MCAST, ANYCAST = 1, 2, 3, 4, 5, 6, 7, 8, 9
NEW, SET, DEL, FLUSH, EXPIRED, REFRESH, BERR, ROHINT = 1, 2, 3, 5, 7, 8, 9, 12


def mh(mtype, body, opts=b""):
    m = bytearray(struct.pack("!BBBBH", 59, 0, mtype, 0, 0) + body + opts)
    while len(m) % 8:
        m.append(0)
    m[1] = len(m) // 8 - 1
    return bytes(m)


def pkt(icmp, src, dst, hao, rh2, msg):
    """rh2 | 0x80: the fuzzer puts the right MH checksum in"""
    return bytes([1 if icmp else 0, src, dst, hao, rh2 | 0x80, len(msg)]) + msg


def wait(quarters):
    return bytes([2, quarters])


def event(cmd, hoa, coa, peer, mode, lt):
    return bytes([4, cmd, hoa, coa, peer, mode, lt])


def bu(seq, flags, lifetime, opts=b""):
    return mh(5, struct.pack("!HHH", seq, flags, lifetime // 4), opts)


def ba(status, seq, lifetime, opts=b""):
    return mh(6, struct.pack("!BBHH", status, 0, seq, lifetime // 4), opts)


PADN4 = bytes([1, 4, 0, 0, 0, 0])         # 12 -> 18 = 8n+2 (BA + BAD)
PADN6 = bytes([1, 6]) + bytes(6)          # 18 -> 26 (BU + NONCE + BAD)
NONCE = bytes([4, 4, 0, 1, 0, 1])
BAD = bytes([5, 12]) + bytes(12)
ALTCOA = bytes([3, 16]) + bytes(15) + b"\x05"

MNID_MR = bytes([8, 15, 1]) + b"mr@example.com"


def mnp(plen, prefix):
    """Mobile Network Prefix option (RFC 3963 6.2), right at 8n+4"""
    return bytes([6, 18, 0, plen]) + prefix


P100 = bytes.fromhex("20010db8010000000000000000000000")
P200 = bytes.fromhex("20010db8020000000000000000000000")

def bid(b, pri, coa16=b""):
    """Binding Identifier option (RFC 5648 4.3, RFC 6089 BID-PRI)"""
    return bytes([35, 4 + len(coa16)]) + struct.pack("!HBB", b, 0, pri) + coa16


def fid(f, pri, bref=(), ts=b""):
    """Flow Identification option (RFC 6089 4.2), a Binding Reference
    and a traffic selector (RFC 6088 IPv6) sub-option"""
    sub = b""
    if bref:
        sub += bytes([2, 2 * len(bref)]) + b"".join(struct.pack("!H", x) for x in bref)
    if ts:
        sub += bytes([3, len(ts)]) + ts
    body = struct.pack("!HHBB", f, pri, 0, 0) + sub
    return bytes([45, len(body)]) + body


def fsum(*fids):
    return bytes([44, 2 * len(fids)]) + b"".join(struct.pack("!H", x) for x in fids)


# source port 5001 (RFC 6088 3.2: flag I)
TS_UDP5001 = bytes([2, 0]) + struct.pack("!HHH", 0x0080, 0, 5001)

def v4hoa(addr, plen=32, p=0):
    """IPv4 Home Address option (RFC 5555 3.1.1), 4n"""
    return struct.pack("!BBH", 29, 6, plen << 10 | p << 9) + bytes(addr)


def v4coa(addr):
    """IPv4 Care-of Address option (3.1.2), 4n"""
    return struct.pack("!BBH", 32, 6, 0) + bytes(addr)


def natd(f, refresh):
    """NAT Detection option (3.2.2), 4n"""
    return struct.pack("!BBHI", 31, 6, f << 15, refresh)


def v4ack(status, addr, plen=32):
    """IPv4 Address Acknowledgement option (3.2.1), 4n"""
    return struct.pack("!BBBB", 30, 6, status, plen << 2) + bytes(addr)


UDP_NAT, UDP_HA = 0x40, 0x70    # fuzz_roles: in UDP from a NAT / the HA:4191

seeds = {
    # multiple care-of addresses and flow bindings (RFC 5648, 6089): a
    # bulk registration with two flows, a refresh summarising them, a
    # BID deregistered, an unknown FID summarised, a duplicate FID
    "ha_flows": pkt(0, HOA, HA, COA, 0, bu(1, 0xC040, 60,
                    bid(1, 1) + bid(2, 2) + fid(10, 10, (1,), TS_UDP5001) +
                    fid(20, 20, (2,), TS_UDP5001))) +
    pkt(0, HOA, HA, COA, 0, bu(2, 0xC000, 60, bid(1, 1) + fsum(10, 20))) +
    pkt(0, HOA, HA, COA, 0, bu(3, 0xC000, 0, bid(2, 2) + fsum(10, 99))) +
    pkt(0, HOA, HA, COA, 0, bu(4, 0xC000, 60, bid(1, 1) +
                    fid(30, 1, (1,), TS_UDP5001) + fid(30, 2, (7,)))) +
    event(EXPIRED, HOA, COA, 0, 0, 0),
    # a home registration, refreshed, then deregistered; its expiry
    "ha_register": pkt(0, HOA, HA, COA, 0, bu(1, 0xC000, 60)) +
    pkt(0, HOA, HA, COA2, 0, bu(2, 0xC000, 60)) +
    event(REFRESH, HOA, COA2, 0, 0, 4) + wait(8) +
    pkt(0, HOA, HA, COA, 0, bu(3, 0xC000, 0)) +
    event(EXPIRED, HOA2, COA, 0, 0, 0),
    # a mobile router (RFC 3963): explicit, a prefix not its own (142),
    # an invalid one (141), implicit, without R (139), expiry of its
    # prefix session, deregistration; a node that may not be one (140)
    "ha_nemo": pkt(0, HOA2, HA, COA, 0,
                   bu(1, 0xC400, 60, mnp(48, P100) + MNID_MR)) +
    pkt(0, HOA2, HA, COA, 0, bu(2, 0xC400, 60, mnp(48, P200) + MNID_MR)) +
    pkt(0, HOA2, HA, COA, 0, bu(3, 0xC400, 60, mnp(0, P100) + MNID_MR)) +
    pkt(0, HOA2, HA, COA2, 0, bu(4, 0xC400, 60, MNID_MR)) +
    pkt(0, HOA2, HA, COA2, 0, bu(5, 0xC000, 60, MNID_MR)) +
    event(EXPIRED, HOA2, COA2, 0, 0, 0) +
    pkt(0, HOA2, HA, COA, 0, bu(6, 0xC400, 60, mnp(48, P100) + MNID_MR)) +
    pkt(0, HOA2, HA, COA, 0, bu(7, 0xC400, 0, MNID_MR)) +
    pkt(0, HOA, HA, COA, 0, bu(1, 0xC400, 60, mnp(48, P100))),
    # a home registration from home, a stale one, one outside the prefix
    "ha_odd": pkt(0, HOA2, HA, 0, 0, bu(9, 0xC000, 60)) +
    pkt(0, HOA2, HA, COA, 0, bu(8, 0xC000, 60)) +
    pkt(0, 11, HA, COA, 0, bu(1, 0xC000, 60)),
    # return routability with the correspondent, then a BU and a deletion
    "cn_rr": pkt(0, HOA, CN, 0, 0, mh(1, bytes(2) + b"cookie01")) +
    pkt(0, COA, CN, 0, 0, mh(2, bytes(2) + b"cookie02")) +
    pkt(0, HOA, CN, COA, 0, bu(7, 0x8000, 40, NONCE + PADN6 + BAD)) +
    pkt(0, HOA, CN, COA, 0, bu(8, 0x8000, 0, NONCE + PADN6 + BAD)) +
    event(DEL, HOA, COA, 0, 1, 10),
    # a BU with an alternate care-of address, an unknown type
    "cn_other": pkt(0, HOA, CN, COA, 0,
                    bu(7, 0x8000, 40, bytes([1, 0]) + ALTCOA + NONCE + BAD)) +
    pkt(0, HOA, CN, 0, 0, mh(42, bytes(2))),
    # the mobile node away: timers run, the home agent answers, refresh
    # (its first sequence number: 51094, getpid() being 1)
    "mn_away": wait(4) +
    pkt(0, HA, HOA, 0, COA, ba(0, 51094, 60)) + wait(40) + wait(200) +
    pkt(0, HA, HOA, 0, COA, ba(135, 5, 0)) +
    pkt(0, HA, HOA, 0, COA, mh(7, bytes([2, 0]) + bytes(16))) +
    event(EXPIRED, HOA, COA, HA, 0, 0),
    # route optimisation: a hint from the kernel, HoT and CoT back
    "ro_hint": wait(4) + pkt(0, HA, HOA, 0, COA, ba(0, 51094, 60)) +
    bytes([3, ROHINT, 0, 0]) +
    pkt(0, CN, HOA, 0, 0, mh(3, struct.pack("!H", 3) + bytes(16))) +
    pkt(0, CN, COA, 0, 0, mh(4, struct.pack("!H", 3) + bytes(16))) +
    pkt(0, CN, HOA, 0, COA, ba(0, 1, 40, PADN4 + BAD)) +
    pkt(0, CN, HOA, 0, COA, mh(0, bytes(2))) + wait(200),
    # ICMPv6: DHAAD request and reply, mobile prefix solicitation and
    # advertisement, a router advertisement, a parameter problem
    "icmp": pkt(1, COA, ANYCAST, 0, 0, bytes([144, 0, 0, 0, 0x12, 0x34, 0, 0])) +
    pkt(1, HA, COA, 0, 0, bytes([145, 0, 0, 0, 0x12, 0x34, 0, 0]) + bytes(16)) +
    pkt(1, COA, HA, HOA, 0, bytes([146, 0, 0, 0, 0, 7, 0, 0])) +
    pkt(1, HA, HOA, 0, COA, bytes([147, 0, 0, 0, 0, 7, 0, 0]) +
        bytes([3, 4, 64, 0xe0]) + bytes(12) + bytes([0x20, 1, 0xd, 0xb8, 0, 1] + [0] * 10)) +
    pkt(1, ROUTER, MCAST | 0x10, 0, 0, bytes([134, 0, 0, 0, 64, 0, 0, 100]) + bytes(8) +
        bytes([3, 4, 64, 0xc0]) + bytes(12) + bytes([0x20, 1, 0xd, 0xb8, 0, 0xb] + [0] * 10)) +
    pkt(1, CN, COA, 0, 0, bytes([4, 1, 0, 0, 0, 0, 0, 40]) + bytes(48)),
    # DSMIPv6 (RFC 5555): BUs in UDP through a NAT with the IPv4 home
    # address, asked for, someone else's, none, forced UDP; a BA in UDP
    "dsmip": pkt(0, HOA2, HA, UDP_NAT, 0, bu(1, 0xC000, 60,
                 v4hoa([10, 0, 1, 200]) + v4coa([192, 168, 1, 100]))) +
    pkt(0, HOA2, HA, UDP_NAT, 0, bu(2, 0xC100, 60,
        v4hoa([0, 0, 0, 0]) + v4coa([10, 0, 250, 2]))) +
    pkt(0, HOA2, HA, UDP_NAT, 0, bu(3, 0xC000, 60,
        v4hoa([10, 0, 1, 7]) + v4coa([192, 168, 1, 100]))) +
    pkt(0, HOA2, HA, UDP_NAT, 0, bu(4, 0xC000, 60, v4coa([192, 168, 1, 100]))) +
    pkt(0, HOA2, HA, UDP_NAT, 0, bu(5, 0xC000, 60)) +
    pkt(0, HOA2, HA, 0, 0, bu(6, 0xC000, 60, v4hoa([10, 0, 1, 200]))) +
    pkt(0, HOA2, HA, UDP_NAT, 0, bu(7, 0xC000, 0, v4coa([192, 168, 1, 100]))) +
    wait(4) + pkt(0, HA, HOA, UDP_HA, 0, ba(0, 51094, 60,
                  natd(1, 110) + v4ack(0, [10, 0, 1, 100]))) +
    pkt(0, HA, HOA, UDP_HA, 0, ba(0, 51095, 60, natd(0, 0xffffffff) +
                                  v4ack(130, [0, 0, 0, 0], 0))),
    # the kernel: a binding error owed, a flush, a malformed event
    "events": bytes([3, BERR, 0, 0]) + bytes([3, FLUSH, 0, 0]) +
    bytes([3, NEW, 0, 8, 8, 0, 1, 0, 0, 0, 0, 0]) +
    event(NEW, HOA2, COA, 0, 0, 10) + event(SET, HOA, COA, CN, 1, 10) +
    bytes([5, 1]) + pkt(0, HOA, HA, COA, 0, bu(1, 0xC000, 60)) + bytes([5, 0]),
}

for name, data in seeds.items():
    with open(os.path.join(sys.argv[1], name), "wb") as f:
        f.write(data)
