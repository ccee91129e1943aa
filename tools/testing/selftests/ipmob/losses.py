#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""Packets lost per movement, from "ping -D -O -i INTERVAL" output and a
log of movements ("EPOCH-SECONDS FROM->TO" per line).

  losses.py PINGLOG MOVELOG
prints one line per movement ("move 3 A->B: lost 4 of 40, gap 200 ms")
and a total. A probe counts as lost if no reply came for its sequence
number; it is charged to the last movement before it was sent. The gap
is the time without connectivity the losses stand for: probes lost
times the probing interval (the median spacing of the probes sent).
"""
import re
import sys

RE_REPLY = re.compile(r"^\[(\d+\.\d+)\].*icmp_seq=(\d+) .*time=")
RE_NOANS = re.compile(r"^\[(\d+\.\d+)\] no answer yet for icmp_seq=(\d+)")


def main(pinglog, movelog):
    sent = {}      # seq -> approximate send time
    replied = set()
    for line in open(pinglog, errors="replace"):
        m = RE_REPLY.match(line)
        if m:
            replied.add(int(m.group(2)))
            sent.setdefault(int(m.group(2)), float(m.group(1)))
            continue
        m = RE_NOANS.match(line)
        if m:
            sent.setdefault(int(m.group(2)), float(m.group(1)))
    moves = []
    for line in open(movelog):
        t, what = line.split(None, 1)
        moves.append((float(t), what.strip()))
    per = [0] * len(moves)
    tot = [0] * len(moves)
    before = 0
    for seq, t in sent.items():
        k = -1
        for i, (mt, _) in enumerate(moves):
            if mt <= t:
                k = i
        if k < 0:
            before += seq not in replied
            continue
        tot[k] += 1
        per[k] += seq not in replied
    times = sorted(sent.values())
    steps = sorted(b - a for a, b in zip(times, times[1:]))
    interval = steps[len(steps) // 2] if steps else 0.0
    for i, (t, what) in enumerate(moves):
        print("move %d %s: lost %d of %d, gap %d ms"
              % (i + 1, what, per[i], tot[i], round(per[i] * interval * 1000)))
    print("total lost %d of %d (%d before the first move)"
          % (sum(per) + before, len(sent), before))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
