# SPDX-License-Identifier: GPL-2.0
"""pcapread.py: the IPv6 packets of a capture file (pcap or pcapng, as
dumpcap writes them), read without scapy: importing scapy costs seconds
in the emulated VM, and the tests' decoders only need the bytes.

  for ip in ipv6_packets(path): ...   # bytes from the IPv6 header on

Link types: Ethernet (1, an 802.1Q tag skipped), Linux cooked (113,
276), raw IP (12, 101, 228, 229). Frames of other protocols are left
out."""
import struct

ETH, RAW, RAW_OLD, IPV6, IPV4, SLL, SLL2 = 1, 101, 12, 229, 228, 113, 276


def _ip_of(linktype, frame):
    """The IPv6 packet in a link-layer frame, or None."""
    if linktype == ETH:
        off, proto = 14, frame[12:14]
        if proto == b"\x81\x00":
            off, proto = 18, frame[16:18]
    elif linktype == SLL:
        off, proto = 16, frame[14:16]
    elif linktype == SLL2:
        off, proto = 20, frame[0:2]
    elif linktype in (RAW, RAW_OLD, IPV6, IPV4):
        off, proto = 0, b"\x86\xdd"
    else:
        return None
    ip = frame[off:]
    if proto != b"\x86\xdd" or len(ip) < 40 or ip[0] >> 4 != 6:
        return None
    return ip


def frames(path):
    """(link type, frame bytes) of each packet of a pcap or pcapng file."""
    data = open(path, "rb").read()
    if len(data) < 24:
        return
    magic = data[:4]
    if magic in (b"\xd4\xc3\xb2\xa1", b"\x4d\x3c\xb2\xa1",
                 b"\xa1\xb2\xc3\xd4", b"\xa1\xb2\x3c\x4d"):
        e = "<" if magic[0] in (0xd4, 0x4d) else ">"
        linktype = struct.unpack(e + "I", data[20:24])[0] & 0xffff
        i = 24
        while i + 16 <= len(data):
            caplen = struct.unpack(e + "I", data[i + 8:i + 12])[0]
            yield linktype, data[i + 16:i + 16 + caplen]
            i += 16 + caplen
        return
    # pcapng: blocks of type, total length, body, total length
    e, links, i = "<", [], 0
    while i + 12 <= len(data):
        if data[i:i + 4] == b"\x0a\x0d\x0d\x0a":         # Section Header
            e = "<" if data[i + 8:i + 12] == b"\x4d\x3c\x2b\x1a" else ">"
            links = []
        btype, blen = struct.unpack(e + "II", data[i:i + 8])
        if blen < 12 or i + blen > len(data):
            return
        body = data[i + 8:i + blen - 4]
        if btype == 1:                                   # Interface Description
            links.append(struct.unpack(e + "H", body[0:2])[0])
        elif btype == 6 and len(body) >= 20:             # Enhanced Packet
            ifc, _, _, caplen = struct.unpack(e + "IIII", body[0:16])
            if ifc < len(links):
                yield links[ifc], body[20:20 + caplen]
        elif btype == 3 and links and len(body) >= 4:    # Simple Packet
            yield links[0], body[4:]
        i += blen


def ipv6_packets(path):
    """The IPv6 packets (from the IPv6 header on) of a capture file."""
    for linktype, frame in frames(path):
        ip = _ip_of(linktype, frame)
        if ip is not None:
            yield ip
