#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""flow_udp.py: UDP over IPv6 with a chosen traffic class, for the flow
binding tests.

  flow_udp.py server ADDR PORT [TCLASS]   echo each datagram back (with
                                          TCLASS), until killed
  flow_udp.py client SRC DST PORT COUNT INTERVAL [TCLASS]
                                          send COUNT datagrams from SRC;
                                          print "sent N received M"
"""
import socket
import sys
import time


def sock(tclass):
    s = socket.socket(socket.AF_INET6, socket.SOCK_DGRAM)
    if tclass:
        s.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_TCLASS, tclass)
    return s


def server(addr, port, tclass):
    s = sock(tclass)
    s.bind((addr, port))
    while True:
        data, peer = s.recvfrom(2048)
        s.sendto(data, peer)


def client(src, dst, port, count, interval, tclass):
    s = sock(tclass)
    s.bind((src, 0))
    s.settimeout(0.001)
    got = set()
    end = None
    i = 0
    while True:
        now = time.monotonic()
        if i < count:
            s.sendto(b"%08d" % i, (dst, port))
            i += 1
            if i == count:
                end = now + 1.5
        try:
            while True:
                data = s.recv(2048)
                got.add(data)
        except (socket.timeout, BlockingIOError):
            pass
        if end is not None and time.monotonic() > end:
            break
        time.sleep(interval if i < count else 0.05)
    print("sent %d received %d" % (count, len(got)))


def main():
    a = sys.argv
    if a[1] == "server":
        server(a[2], int(a[3]), int(a[4]) if len(a) > 4 else 0)
    else:
        client(a[2], a[3], int(a[4]), int(a[5]), float(a[6]),
               int(a[7]) if len(a) > 7 else 0)


if __name__ == "__main__":
    main()
