#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""Send or receive Mobility Header messages on a raw socket (IPPROTO_MH).

  ipsec_mh.py send SRC DST COA SEQ
      a Binding Update (RFC 6275 6.1.7) from SRC to DST whose care-of
      address COA rides in a Destination Options header as an option of
      type IPMOB_HAO_TX_TYPE (0x5E): ipmob.ko's LOCAL_OUT hook swaps the two
      after IPsec, as it does for ipmobd (uapi/linux/ipmob.h). The kernel
      computes the MH checksum (raw MH sockets do, offset 4) over SRC.
  ipsec_mh.py clear SRC DST HOA SEQ
      the same BU as a peer in clear would send it, from SRC with a Home
      Address option holding HOA (type 201), its checksum over HOA
      (6.1.1); from a node without ipmob, which leaves it as it is
  ipsec_mh.py replay PCAP SRC DST
      send again, byte for byte (IPV6_HDRINCL), the IPv6 packets of the
      capture from SRC to DST whose first header is Destination Options
      (Binding Updates with a Home Address option)
  ipsec_mh.py recv SECONDS
      print "SRC TYPE SEQ" for each message received until SECONDS pass
      with nothing; "ready" on stderr once the socket is open.
"""
import os
import select
import socket
import struct
import sys

MH = 135
HAO_TX_TYPE = 0x5E


def send(src, dst, coa, seq):
    s = socket.socket(socket.AF_INET6, socket.SOCK_RAW, MH)
    # payload proto 59, length 1 (16 octets), type 5 (BU), reserved,
    # checksum; sequence, flags A|H, lifetime 10 (40 s); PadN(2)
    bu = struct.pack("!BBBBHHHHBBBB", 59, 1, 5, 0, 0, seq, 0xC000, 10,
                     1, 2, 0, 0)
    # Destination Options: next header (the kernel fills it), length 2
    # (24 octets), PadN(2), the option at offset 6 (8n+6, as the HAO)
    opt = bytes([0, 2, 1, 2, 0, 0, HAO_TX_TYPE, 16]) + \
        socket.inet_pton(socket.AF_INET6, coa)
    pktinfo = socket.inet_pton(socket.AF_INET6, src) + struct.pack("@i", 0)
    anc = [(socket.IPPROTO_IPV6, socket.IPV6_PKTINFO, pktinfo),
           (socket.IPPROTO_IPV6, socket.IPV6_DSTOPTS, opt)]
    s.sendmsg([bu], anc, 0, (dst, 0))


def csum(data):
    if len(data) % 2:
        data += b"\0"
    s = sum(struct.unpack("!%dH" % (len(data) // 2), data))
    while s >> 16:
        s = (s & 0xFFFF) + (s >> 16)
    return ~s & 0xFFFF


def clear(src, dst, hoa, seq):
    s = socket.socket(socket.AF_INET6, socket.SOCK_RAW, MH)
    s.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_CHECKSUM, -1)
    bu = bytearray(struct.pack("!BBBBHHHHBBBB", 59, 1, 5, 0, 0, seq, 0xC000,
                               10, 1, 2, 0, 0))
    pseudo = socket.inet_pton(socket.AF_INET6, hoa) + \
        socket.inet_pton(socket.AF_INET6, dst) + \
        struct.pack("!I3xB", len(bu), MH)
    struct.pack_into("!H", bu, 4, csum(pseudo + bytes(bu)))
    opt = bytes([0, 2, 1, 2, 0, 0, 201, 16]) + \
        socket.inet_pton(socket.AF_INET6, hoa)
    pktinfo = socket.inet_pton(socket.AF_INET6, src) + struct.pack("@i", 0)
    anc = [(socket.IPPROTO_IPV6, socket.IPV6_PKTINFO, pktinfo),
           (socket.IPPROTO_IPV6, socket.IPV6_DSTOPTS, opt)]
    s.sendmsg([bytes(bu)], anc, 0, (dst, 0))


def replay(path, src, dst):
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    from pcapread import ipv6_packets
    s = socket.socket(socket.AF_INET6, socket.SOCK_RAW, socket.IPPROTO_RAW)
    a = socket.inet_pton(socket.AF_INET6, src)
    b = socket.inet_pton(socket.AF_INET6, dst)
    n = 0
    for ip in ipv6_packets(path):
        if ip[6] == 60 and ip[8:24] == a and ip[24:40] == b:
            s.sendto(ip, (dst, 0))
            n += 1
    print(n)


def recv(seconds):
    s = socket.socket(socket.AF_INET6, socket.SOCK_RAW, MH)
    print("ready", file=sys.stderr, flush=True)
    while select.select([s], [], [], seconds)[0]:
        data, addr = s.recvfrom(2048)
        seq = struct.unpack("!H", data[6:8])[0] if len(data) >= 8 else -1
        print(addr[0], data[2] if len(data) > 2 else -1, seq, flush=True)


if __name__ == "__main__":
    if sys.argv[1] == "send":
        send(sys.argv[2], sys.argv[3], sys.argv[4], int(sys.argv[5]))
    elif sys.argv[1] == "clear":
        clear(sys.argv[2], sys.argv[3], sys.argv[4], int(sys.argv[5]))
    elif sys.argv[1] == "replay":
        replay(sys.argv[2], sys.argv[3], sys.argv[4])
    else:
        recv(float(sys.argv[2]))
