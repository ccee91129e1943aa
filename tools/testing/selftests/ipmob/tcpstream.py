#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""A TCP stream that must survive movements.

  tcpstream.py server ADDR PORT
      accept one connection on ADDR (the home address, IPv6 or IPv4),
      read counters ("N\\n", N = 1, 2, ...) and answer "END\\n" with
      "RECEIVED <count> ERRORS <out-of-order>\\n".
  tcpstream.py client ADDR PORT STOPFILE [INTERVAL]
      connect, send a counter every INTERVAL s (default 0.02) until
      STOPFILE exists, then "END"; print the server's answer. Exit 0 only
      if the server got every counter in order.
"""
import os
import socket
import sys
import time


def server(addr, port):
    family = socket.AF_INET6 if ":" in addr else socket.AF_INET
    s = socket.socket(family, socket.SOCK_STREAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind((addr, port))
    s.listen(1)
    c, peer = s.accept()
    f = c.makefile("rwb", buffering=0)
    count = errors = 0
    for line in f:
        line = line.strip()
        if line == b"END":
            f.write(b"RECEIVED %d ERRORS %d\n" % (count, errors))
            break
        count += 1
        if int(line) != count:
            errors += 1
    print("server: received %d, errors %d" % (count, errors), flush=True)
    c.close()


def client(addr, port, stopfile, interval):
    c = socket.create_connection((addr, port), timeout=10)
    c.settimeout(120)
    n = 0
    while not os.path.exists(stopfile):
        n += 1
        c.sendall(b"%d\n" % n)
        time.sleep(interval)
    c.settimeout(150)  # TCP may sit in RTO backoff (up to 120 s)
    c.sendall(b"END\n")
    reply = c.makefile("rb").readline().decode().strip()
    print("client: sent %d, server: %s" % (n, reply), flush=True)
    ok = reply == "RECEIVED %d ERRORS 0" % n
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    if sys.argv[1] == "server":
        server(sys.argv[2], int(sys.argv[3]))
    else:
        client(sys.argv[2], int(sys.argv[3]), sys.argv[4],
               float(sys.argv[5]) if len(sys.argv) > 5 else 0.02)
