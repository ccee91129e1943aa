#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""Deregister a route-optimised binding from the care-of address, as RFC
6275 says, and check the correspondent's answer independently of ipmobd
(hashlib/hmac):

  ro_dereg.py --hoa H --coa C --cn N --seq Q

Run in the mobile node's namespace while H is registered with its home
agent (so that a Home Test Init from H goes through the tunnel):
  1. HoTI from H (a raw Mobility Header socket bound to H), HoT back:
     home nonce index and home keygen token (11.6.1, 5.2.3)
  2. Kbm = SHA1(home keygen token) (5.2.5: a deregistration uses the
     home token alone)
  3. BU from C with a Home Address option H, lifetime 0, A set, the Nonce
     Indices option (care-of index 0) and Binding Authorization Data
     First(96, HMAC_SHA1(Kbm, H | N | MH data)): 6.2.7 puts the home
     address in place of the care-of address for a deregistration
  4. the BA (to H through a type 2 routing header): status 0, the BU's
     sequence number, and an authenticator computed the same way
Prints one line and exits 0 only when all of that holds.
"""
import argparse
import hashlib
import hmac
import os
import select
import socket
import struct
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from mip6_bu import csum, hao_packet, pad, send6  # noqa: E402

MH = 135


def recv_mh(s, want, timeout):
    """The first Mobility Header of type @want that want-checks true."""
    end = time.time() + timeout
    while time.time() < end:
        r, _, _ = select.select([s], [], [], max(0.0, end - time.time()))
        if not r:
            break
        mh = s.recv(2048)
        if len(mh) >= 6 and want(mh):
            return mh
    return None


def options(mh):
    """{type: (offset of the data, data)} of a BU/BA's options."""
    opts, i = {}, 12
    while i + 1 < len(mh):
        if mh[i] == 0:
            i += 1
            continue
        opts[mh[i]] = (i + 2, bytes(mh[i + 2:i + 2 + mh[i + 1]]))
        i += 2 + mh[i + 1]
    return opts


def authenticator(kbm, coa, cn, mh, data_off):
    """6.2.7: over the MH up to the authenticator, checksum zeroed."""
    data = bytearray(mh[:data_off])
    data[4:6] = b"\0\0"
    return hmac.new(kbm, coa + cn + bytes(data), hashlib.sha1).digest()[:12]


def bu_packet(hoa, coa, cn, seq, lifetime, hni, cni, kbm):
    """A BU to correspondent cn from coa with a Home Address option hoa
    (addresses as text): A set, the Nonce Indices option, and Binding
    Authorization Data over coa | cn | MH data, or over hoa in place of
    coa for a deregistration (lifetime 0: 6.2.7)."""
    h = socket.inet_pton(socket.AF_INET6, hoa)
    c = socket.inet_pton(socket.AF_INET6, coa)
    n = socket.inet_pton(socket.AF_INET6, cn)
    mh = bytearray(struct.pack("!BBBBHHHH", 59, 0, 5, 0, 0, seq, 0x8000,
                               lifetime // 4))
    pad(mh, 8, 2)                                            # 6.2.6: 2n
    mh += bytes([4, 4]) + struct.pack("!HH", hni, cni)
    pad(mh, 8, 2)                                            # 6.2.7: 8n+2
    mh += bytes([5, 12])
    off = len(mh)
    mh += bytes(12)
    mh[1] = len(mh) // 8 - 1
    mh[off:off + 12] = authenticator(kbm, h if lifetime == 0 else c, n, mh,
                                     off)
    # 6.1.1: pseudo-header with the home address as source
    pseudo = h + n + struct.pack("!I", len(mh)) + bytes(3) + bytes([MH])
    mh[4:6] = struct.pack("!H", csum(pseudo + bytes(mh)))
    return hao_packet(c, n, h, bytes(mh))


def main():
    p = argparse.ArgumentParser()
    for k in ("hoa", "coa", "cn"):
        p.add_argument("--" + k, required=True)
    p.add_argument("--seq", type=int, required=True)
    a = p.parse_args()
    hoa = socket.inet_pton(socket.AF_INET6, a.hoa)
    cn = socket.inet_pton(socket.AF_INET6, a.cn)

    # the kernel fills in the MH checksum of a raw IPPROTO_MH socket
    s = socket.socket(socket.AF_INET6, socket.SOCK_RAW, MH)
    s.bind((a.hoa, 0))
    cookie = os.urandom(8)
    hot = None
    for _ in range(3):
        s.sendto(struct.pack("!BBBBHH", 59, 1, 1, 0, 0, 0) + cookie,
                 (a.cn, 0))
        hot = recv_mh(s, lambda m: m[2] == 3 and m[8:16] == cookie, 3)
        if hot:
            break
    if not hot:
        print("no HoT answered the HoTI from %s" % a.hoa)
        return 1
    hni = int.from_bytes(hot[6:8], "big")
    kbm = hashlib.sha1(bytes(hot[16:24])).digest()

    send6(bu_packet(a.hoa, a.coa, a.cn, a.seq, 0, hni, 0, kbm))

    ba = recv_mh(s, lambda m: m[2] == 6 and len(m) >= 12 and
                 int.from_bytes(m[8:10], "big") == a.seq, 5)
    s.close()
    if not ba:
        print("HoT index %d; BU seq %d lifetime 0 from %s: no BA"
              % (hni, a.seq, a.coa))
        return 1
    o = options(ba)
    status = ba[6]
    ok = 5 in o and len(o[5][1]) == 12 and \
        authenticator(kbm, hoa, cn, ba, o[5][0]) == o[5][1]
    print("HoT index %d; BU seq %d lifetime 0 from %s: BA status %d, "
          "authenticator over the home address %s"
          % (hni, a.seq, a.coa, status, "matches" if ok else "MISMATCH"))
    return 0 if status == 0 and ok else 1


if __name__ == "__main__":
    sys.exit(main())
