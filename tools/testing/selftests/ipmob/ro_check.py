#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""Check the return routability crypto in a capture, independently of
ipmobd (RFC 6275 5.2.5, 6.2.7), with Python's hashlib/hmac:

  ro_check.py PCAP

For every Binding Update to a correspondent (Nonce Indices + Binding
Authorization Data) in the capture, find the Home Test (to the home
address) and Care-of Test (to the care-of address) that carried the
nonce indices it names, compute

  Kbm = SHA1(home keygen token | care-of keygen token)
        (SHA1(home keygen token) for a deregistration)
  Authenticator = First(96, HMAC_SHA1(Kbm, care-of (home for a
                  deregistration) | correspondent |
                  MH data with the checksum zeroed, up to the BAD data))

and compare with the BU's; the same Kbm for the BA that answers it.
Prints one line per message and a summary
  "bu verified N mismatched M unmatched K; ba verified N mismatched M"
"""
import hashlib
import hmac
import os
import socket
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from pcapread import ipv6_packets  # noqa: E402


def a6(b):
    return socket.inet_ntop(socket.AF_INET6, bytes(b))


def walk(ip):
    """(src, dst, hoa, rh2, mh) of an IPv6 packet carrying an MH."""
    nh, off = ip[6], 40
    hoa = rh2 = None
    while nh in (0, 43, 60):
        hdr = ip[off:]
        hlen = (hdr[1] + 1) * 8
        if nh == 60:
            i = 2
            while i < hlen:
                t = hdr[i]
                if t == 0:
                    i += 1
                    continue
                if t == 201 and hdr[i + 1] == 16:
                    hoa = hdr[i + 2:i + 18]
                i += 2 + hdr[i + 1]
        elif nh == 43 and hdr[2] == 2:
            rh2 = hdr[8:24]
        nh, off = hdr[0], off + hlen
    if nh != 135:
        return None
    mh = ip[off:]
    mh = mh[:(mh[1] + 1) * 8]
    return ip[8:24], ip[24:40], hoa, rh2, mh


def options(mh):
    opts, i = {}, 12 if mh[2] in (5, 6) else len(mh)
    while i < len(mh):
        if mh[i] == 0:
            i += 1
            continue
        opts[mh[i]] = (i, mh[i + 2:i + 2 + mh[i + 1]])
        i += 2 + mh[i + 1]
    return opts


def bad_of(kbm, coa, cn, mh, bad_off):
    data = bytearray(mh[:bad_off + 2])
    data[4:6] = b"\0\0"
    return hmac.new(kbm, bytes(coa) + bytes(cn) + bytes(data),
                    hashlib.sha1).digest()[:12]


def main(path):
    hot, cot = {}, {}          # (address, index) -> token
    kbms = {}                  # (hoa, cn, seq) -> (kbm, coa)
    bu = {"ok": 0, "bad": 0, "unmatched": 0}
    ba = {"ok": 0, "bad": 0}
    for ip in ipv6_packets(path):
        w = walk(ip)
        if not w:
            continue
        src, dst, hoa, rh2, mh = w
        t = mh[2]
        if t in (3, 4):
            idx = int.from_bytes(mh[6:8], "big")
            (hot if t == 3 else cot)[(bytes(dst), idx)] = bytes(mh[16:24])
        elif t == 5:
            o = options(mh)
            if 4 not in o or 5 not in o:
                continue
            home = bytes(hoa) if hoa else bytes(src)
            coa = bytes(src)
            hni = int.from_bytes(o[4][1][0:2], "big")
            cni = int.from_bytes(o[4][1][2:4], "big")
            seq = int.from_bytes(mh[6:8], "big")
            lifetime = int.from_bytes(mh[10:12], "big")
            ht = hot.get((home, hni))
            # 5.2.5, 6.2.7: a deregistration (lifetime 0 or from home)
            # takes the home token alone and covers the home address
            dereg = home == coa or lifetime == 0
            ct = None if dereg else cot.get((coa, cni))
            if ht is None or (not dereg and ct is None):
                print("bu seq %d from %s: no HoT/CoT for indices %d/%d"
                      % (seq, a6(coa), hni, cni))
                bu["unmatched"] += 1
                continue
            kbm = hashlib.sha1(ht + (ct or b"")).digest()
            if dereg:
                coa = home
            want = bad_of(kbm, coa, dst, mh, o[5][0])
            ok = want == bytes(o[5][1])
            bu["ok" if ok else "bad"] += 1
            kbms[(home, bytes(dst), seq)] = (kbm, coa)
            print("bu seq %d care-of %s lifetime %d: Kbm %s authenticator %s"
                  % (seq, a6(coa), lifetime * 4, kbm.hex(),
                     "matches" if ok else "MISMATCH"))
        elif t == 6:
            o = options(mh)
            if 5 not in o:
                continue
            home = bytes(rh2) if rh2 else bytes(dst)
            seq = int.from_bytes(mh[8:10], "big")
            k = kbms.get((home, bytes(src), seq))
            if not k:
                continue
            kbm, coa = k
            ok = bad_of(kbm, coa, src, mh, o[5][0]) == bytes(o[5][1])
            ba["ok" if ok else "bad"] += 1
            print("ba seq %d status %d: authenticator %s"
                  % (seq, mh[6], "matches" if ok else "MISMATCH"))
    print("bu verified %d mismatched %d unmatched %d; ba verified %d mismatched %d"
          % (bu["ok"], bu["bad"], bu["unmatched"], ba["ok"], ba["bad"]))


if __name__ == "__main__":
    main(sys.argv[1])
