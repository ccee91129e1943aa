#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""The hostile packet storm of stress_storm.sh, sent from R, with its
accounting: the frames sent of the classes that must land in a counter
must equal the growth of that counter, read in the
namespace that drops it ("ipmob -j stats", or /proc/net/snmp6 for a
packet ipmob rightly hands on and the kernel drops), and no other drop reason of
ipmob may move meanwhile in any of the three namespaces.

  stress_storm.py IPMOB CN MN HA CN_ADDR HOA COA HA_ADDR N [EXTRA]

N packets per class, all sent in one storm. EXTRA (the test's
self-check) names a class one packet of which is sent unannounced: the
accounting must then fail. Prints one line per counter; exits 1 on any
mismatch, any other drop reason that moved, or an echo reply.
"""
import json
import subprocess
import sys
import time

import socket

from scapy.all import (HAO, Ether, ICMPv6EchoRequest, IPv6, IPv6ExtHdrDestOpt,
                       IPv6ExtHdrFragment, IPv6ExtHdrRouting, Raw, conf,
                       fragment6, get_if_hwaddr)
from scapy.layers.inet6 import getmacbyip6

conf.verb = 0
ipmob, CN, MN, HA, cn, hoa, coa, ha = sys.argv[1:9]
N = int(sys.argv[9])
extra = sys.argv[10] if len(sys.argv) > 10 else ""


def e(i):
    return ICMPv6EchoRequest(id=i & 0xffff, seq=1)


def hao_raw(optlen, nh=58):
    """A Destination Options header holding one Home Address option of
    option length optlen (16 is the right one), padded to 8 octets."""
    body = bytes([201, optlen]) + bytes(range(1, optlen + 1))
    pad = (-(2 + len(body))) % 8
    if pad == 1:
        body += b"\x00"
    elif pad:
        body += bytes([1, pad - 2]) + bytes(pad - 2)
    return bytes([nh, (2 + len(body)) // 8 - 1]) + body


# (class, namespace that drops it, its drop reason, builder(i)): an
# ipmob drop reason, or "snmp:NAME" for the kernel's own counter where the
# kernel rightly drops a packet after ipmob handed it on
CLASSES = [
    ("hao-truncated", CN, "drop_hao_malformed",
     lambda i: [IPv6(src=coa, dst=cn, nh=60) / Raw(hao_raw(8)) / e(i)]),
    ("hao-oversized", CN, "drop_hao_malformed",
     lambda i: [IPv6(src=coa, dst=cn, nh=60) / Raw(hao_raw(24)) / e(i)]),
    ("hao-twice", CN, "drop_hao_malformed",
     lambda i: [IPv6(src=coa, dst=cn) /
                IPv6ExtHdrDestOpt(options=[HAO(hoa=hoa), HAO(hoa=hoa)]) / e(i)]),
    ("hao-multicast", CN, "drop_hao_malformed",
     lambda i: [IPv6(src=coa, dst=cn) /
                IPv6ExtHdrDestOpt(options=[HAO(hoa="ff02::1")]) / e(i)]),
    # a truncated HAO in the unfragmentable part: in each of 3 fragments
    ("hao-fragmented", CN, "drop_hao_malformed",
     lambda i: list(fragment6(IPv6(src=coa, dst=cn, nh=60) /
                              Raw(hao_raw(8, nh=44)) /
                              IPv6ExtHdrFragment(id=i + 1) /
                              e(i) / Raw(bytes(1200)), 600))),
    ("rh2-segleft-0", MN, "drop_rh2_malformed",
     lambda i: [IPv6(src=cn, dst=coa) /
                IPv6ExtHdrRouting(type=2, segleft=0, addresses=[hoa]) / e(i)]),
    ("rh2-two-addresses", MN, "drop_rh2_malformed",
     lambda i: [IPv6(src=cn, dst=coa) /
                IPv6ExtHdrRouting(type=2, segleft=1, addresses=[hoa, hoa]) / e(i)]),
    ("rh2-segleft-2", MN, "drop_rh2_malformed",
     lambda i: [IPv6(src=cn, dst=coa) /
                IPv6ExtHdrRouting(type=2, segleft=2, addresses=[hoa]) / e(i)]),
    ("rh2-not-hoa", MN, "drop_rh2_not_hoa",
     lambda i: [IPv6(src=cn, dst=coa) /
                IPv6ExtHdrRouting(type=2, segleft=1,
                                  addresses=["2001:db8:1::999"]) / e(i)]),
    ("tunnel-wrong-outer", HA, "drop_bad_outer_src",
     lambda i: [IPv6(src="2001:db8:2::66", dst=ha, nh=41) /
                IPv6(src=hoa, dst=cn) / e(i)]),
    # the inner header claims 1000 octets and has 8: ipmob decapsulates
    # (the session matches), the kernel drops it on mob0 as truncated
    ("tunnel-truncated-inner", HA, "snmp:Ip6InTruncatedPkts",
     lambda i: [IPv6(src=coa, dst=ha, nh=41) /
                IPv6(src=hoa, dst=cn, plen=1000) / e(i)]),
    # decapsulated once, the inner tunnel packet comes from the home
    # address, not from the care-of address
    ("tunnel-nested", HA, "drop_bad_outer_src",
     lambda i: [IPv6(src=coa, dst=ha, nh=41) /
                IPv6(src=hoa, dst=ha, nh=41) / IPv6(src=hoa, dst=cn) / e(i)]),
]
NAMESPACES = (CN, MN, HA)


def snapshot():
    s = {}
    for ns in NAMESPACES:
        d = json.loads(subprocess.check_output([ipmob, "-n", ns, "-j", "stats"]))
        for k, v in d.items():
            s[(ns, k)] = v
        out = subprocess.check_output(["ip", "netns", "exec", ns, "cat",
                                       "/proc/net/snmp6"], text=True)
        for line in out.splitlines():
            k, v = line.split()
            s[(ns, "snmp:" + k)] = int(v)
    return s


def settled(a=None):
    """A snapshot once the counters stop moving (under emulation the
    packets sit in backlogs for a moment)."""
    a = a or snapshot()
    for _ in range(20):
        time.sleep(0.3)
        b = snapshot()
        if all(a[k] == b[k] for k in a if not k[1].startswith("snmp:")):
            return b
        a = b
    return a


def short(ns):
    return ns.split("-")[1]


# Frames are built once per class in up to VARIANTS versions (the echo
# identifier differs) and sent as raw Ethernet frames, cycling: scapy
# builds a few dozen packets a second under emulation.
VARIANTS = 16
links = {}


def frame(p):
    """The Ethernet frame of p on R's link toward its destination."""
    iface, _, nh = conf.route6.route(p[IPv6].dst)
    if iface not in links:
        s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW)
        s.bind((iface, 0))
        links[iface] = (s, {})
    sock, macs = links[iface]
    nh = nh if nh != "::" else p[IPv6].dst
    if nh not in macs:
        macs[nh] = getmacbyip6(nh)
    return sock, bytes(Ether(src=get_if_hwaddr(iface), dst=macs[nh]) / p)


want = {}     # (namespace, counter) -> frames that must land there
classes = {}  # (namespace, counter) -> the classes that land there
pkts = []
for idx, (cls, ns, reason, build) in enumerate(CLASSES):
    v = [[frame(f) for f in build(i)] for i in range(min(N, VARIANTS))]
    p = [f for i in range(N) for f in v[i % len(v)]]
    want[(ns, reason)] = want.get((ns, reason), 0) + len(p)
    classes.setdefault((ns, reason), []).append(f"{cls} {len(p)}")
    pkts += p
    if idx == 0 and extra:
        pkts += [frame(f) for c in CLASSES if c[0] == extra for f in c[3](0)]
before = settled()
t0 = time.time()
# in bursts: a veth peer's backlog (netdev_max_backlog) must not
# overflow, or frames would go uncounted
for i, (sock, b) in enumerate(pkts):
    sock.send(b)
    if i % 200 == 199:
        time.sleep(0.02)
took = time.time() - t0
after = settled()
bad = 0
for (ns, reason), n in want.items():
    got = after[(ns, reason)] - before[(ns, reason)]
    bad += got != n
    print(f"{'ok' if got == n else 'FAIL'} {short(ns)}:{reason} +{got}, "
          f"sent {n}: {', '.join(classes[(ns, reason)])}")
others = {f"{short(k[0])}:{k[1]}": after[k] - before[k] for k in after
          if k[1].startswith("drop_") and k not in want and after[k] != before[k]}
bad += bool(others)
print(f"{'ok' if not others else 'FAIL'} other drop reasons: {others or 'none'}")
replies = sum(after[(ns, "snmp:Icmp6OutEchoReplies")] -
              before[(ns, "snmp:Icmp6OutEchoReplies")] for ns in NAMESPACES)
print(f"{'ok' if replies == 0 else 'FAIL'} echo replies to the storm: {replies}")
bad += replies != 0
print(f"SENT {len(pkts)} frames in {took:.1f} s")
sys.exit(1 if bad else 0)
