#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""Register route-optimised bindings with a correspondent, as a mobile
node would, computed here independently of ipmobd (hashlib/hmac):

  ro_reg.py --cn N HOA,COA,LIFETIME,SEQ ...   [--dump DIR]
  ro_reg.py --replay FILE

For each binding, in order: HoTI from HOA and CoTI from COA (raw
Mobility Header sockets bound to them, so both addresses must be this
node's), HoT and CoT back (RFC 6275 5.2.3, 11.6.1); Kbm =
SHA1(home keygen token | care-of keygen token) (5.2.5); a BU from COA
with a Home Address option HOA, A set, the Nonce Indices option and the
Binding Authorization Data over COA | N | MH data (6.2.7). With --dump,
each BU's packet is written to DIR/HOA.bu; --replay sends one again byte
for byte. The BAs come back through a type 2 routing header, which this
node need not understand: check them in a capture.
"""
import argparse
import hashlib
import os
import socket
import struct
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from mip6_bu import send6  # noqa: E402
from ro_dereg import bu_packet, recv_mh  # noqa: E402

MH = 135


def token(addr, cn, care_of):
    """(nonce index, keygen token) from a HoTI/CoTI exchange."""
    s = socket.socket(socket.AF_INET6, socket.SOCK_RAW, MH)
    s.bind((addr, 0))
    cookie = os.urandom(8)
    t_init, t_test = (2, 4) if care_of else (1, 3)
    try:
        for _ in range(3):
            s.sendto(struct.pack("!BBBBHH", 59, 1, t_init, 0, 0, 0) + cookie,
                     (cn, 0))
            m = recv_mh(s, lambda m: m[2] == t_test and m[8:16] == cookie, 3)
            if m:
                return int.from_bytes(m[6:8], "big"), bytes(m[16:24])
    finally:
        s.close()
    sys.exit("no %s from %s for %s" % ("CoT" if care_of else "HoT", cn, addr))


def bu(cn, hoa, coa, lifetime, seq):
    hni, htok = token(hoa, cn, False)
    cni, ctok = token(coa, cn, True)
    kbm = hashlib.sha1(htok + ctok).digest()
    return bu_packet(hoa, coa, cn, seq, lifetime, hni, cni, kbm)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--cn")
    p.add_argument("--dump")
    p.add_argument("--replay")
    p.add_argument("bindings", nargs="*")
    a = p.parse_args()
    if a.replay:
        send6(open(a.replay, "rb").read())
        return 0
    for spec in a.bindings:
        hoa, coa, lifetime, seq = spec.split(",")
        pkt = bu(a.cn, hoa, coa, int(lifetime), int(seq))
        if a.dump:
            with open(os.path.join(a.dump, hoa + ".bu"), "wb") as f:
                f.write(bytes(pkt))
        send6(pkt)
        print("BU %s care-of %s lifetime %s seq %s sent" %
              (hoa, coa, lifetime, seq))
    return 0


if __name__ == "__main__":
    sys.exit(main())
