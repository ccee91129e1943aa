#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""A sequence-numbered UDP stream and the handover gaps it saw (sig.sh).

  udpseq.py send DST PORT INTERVAL LOG [SRC]
      one datagram every INTERVAL seconds to DST:PORT (from SRC, bound
      even before the address exists), 8-byte sequence number 0, 1, ...,
      on a fixed schedule; LOG gets "SEQ SEND-TIME" per datagram, also
      when sending failed (no route during a movement: a loss). Runs
      until SIGTERM.
  udpseq.py recv ADDR PORT LOG
      LOG gets "SEQ RECEIVE-TIME" per datagram received. Until SIGTERM.
  udpseq.py gaps SENDLOG RECVLOG MOVELOG INTERVAL
      MOVELOG: "EPOCH-SECONDS LABEL" per movement. For each movement,
      the datagrams sent from it until the next one; its gap is the
      longest run of consecutive sequence numbers among them that never
      arrived, times INTERVAL. Prints "LABEL<TAB>GAP-MS<TAB>LOST<TAB>SENT"
      per movement.
"""
import signal
import socket
import struct
import sys
import time

IP_FREEBIND = 15


def stop(*_):
    sys.exit(0)


def send(dst, port, interval, log, src=None):
    s = socket.socket(socket.AF_INET6, socket.SOCK_DGRAM)
    if src:
        s.setsockopt(socket.SOL_IP, IP_FREEBIND, 1)
        s.bind((src, 0))
    out = open(log, "w", buffering=1)
    interval = float(interval)
    t0 = time.monotonic()
    seq = 0
    while True:
        now = time.time()
        try:
            s.sendto(struct.pack("!Q", seq), (dst, int(port)))
        except OSError:
            pass
        out.write("%d %.6f\n" % (seq, now))
        seq += 1
        delay = t0 + seq * interval - time.monotonic()
        if delay > 0:
            time.sleep(delay)


def recv(addr, port, log):
    s = socket.socket(socket.AF_INET6, socket.SOCK_DGRAM)
    s.setsockopt(socket.SOL_IP, IP_FREEBIND, 1)
    s.bind((addr, int(port)))
    out = open(log, "w", buffering=1)
    while True:
        data = s.recv(64)
        if len(data) == 8:
            out.write("%d %.6f\n" % (struct.unpack("!Q", data)[0], time.time()))


def read_pairs(path):
    r = []
    for line in open(path, errors="replace"):
        f = line.split()
        if len(f) == 2:
            try:
                r.append((int(f[0]), float(f[1])))
            except ValueError:
                pass
    return r


def gaps(sendlog, recvlog, movelog, interval):
    sent = read_pairs(sendlog)
    got = {q for q, _ in read_pairs(recvlog)}
    moves = []
    for line in open(movelog):
        f = line.split(None, 1)
        if len(f) == 2:
            moves.append((float(f[0]), f[1].strip()))
    moves.sort()
    for k, (t, label) in enumerate(moves):
        end = moves[k + 1][0] if k + 1 < len(moves) else float("inf")
        seqs = sorted(q for q, ts in sent if t <= ts < end)
        run = best = lost = 0
        for q in seqs:
            if q in got:
                run = 0
            else:
                lost += 1
                run += 1
                best = max(best, run)
        print("%s\t%d\t%d\t%d" % (label, round(best * float(interval) * 1000),
                                  lost, len(seqs)))


def main(argv):
    signal.signal(signal.SIGTERM, stop)
    cmds = {"send": (send, (4, 5)), "recv": (recv, (3,)),
            "gaps": (gaps, (4,))}
    if len(argv) < 2 or argv[1] not in cmds or \
            len(argv) - 2 not in cmds[argv[1]][1]:
        sys.stderr.write(__doc__)
        return 2
    cmds[argv[1]][0](*argv[2:])
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
