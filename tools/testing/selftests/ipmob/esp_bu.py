#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""Send a Binding Update under an ESP transport SA, as a mobile node away
from home sends it (RFC 4877 4.2, RFC 6275 11.3.2):

  IPv6 src SRC dst DST | Destination Options: Home Address option HOA |
  ESP (SPI, SEQ; AES-GCM, RFC 4106) | MH BU (H, A; sequence MHSEQ,
  lifetime LIFETIME x 4 s) + Alternate Care-of Address option COA

  esp_bu.py SRC DST HOA COA SPI KEY SEQ MHSEQ [LIFETIME=15]

SPI is as `ip xfrm state` prints it (0x...), KEY the AEAD key of its
"aead rfc4106(gcm(aes)) 0x..." line: the AES key followed by the 4-byte
salt. The Mobility Header checksum is computed over HOA and DST (the
addresses the receiver sees once it has processed the Home Address
option). The packet goes whole on a raw socket (IPV6_HDRINCL), so the
sender's own xfrm policies and states play no part. Prints the ESP
sequence number and MH sequence number sent.
"""
import os
import socket
import struct
import sys

from cryptography.hazmat.primitives.ciphers.aead import AESGCM

MH = 135
ESP = 50
DSTOPTS = 60
HAO = 201


def csum(data):
    if len(data) % 2:
        data += b"\0"
    s = sum(struct.unpack("!%dH" % (len(data) // 2), data))
    while s >> 16:
        s = (s & 0xFFFF) + (s >> 16)
    return ~s & 0xFFFF


def bu(hoa, dst, coa, seq, lifetime):
    # payload proto 59, length 3 (32 octets), type 5 (BU), reserved,
    # checksum; sequence, flags A|H, lifetime; PadN(0) to 8n+6; the
    # Alternate Care-of Address option (type 3, 16 octets)
    m = bytearray(struct.pack("!BBBBHHHH", 59, 3, 5, 0, 0, seq, 0xC000,
                              lifetime))
    m += bytes([1, 0, 3, 16]) + socket.inet_pton(socket.AF_INET6, coa)
    assert len(m) == 32
    pseudo = socket.inet_pton(socket.AF_INET6, hoa) + \
        socket.inet_pton(socket.AF_INET6, dst) + \
        struct.pack("!I3xB", len(m), MH)
    struct.pack_into("!H", m, 4, csum(pseudo + bytes(m)))
    return bytes(m)


def esp(spi, keysalt, seq, payload, nxt):
    key, salt = keysalt[:-4], keysalt[-4:]
    # RFC 4303 2.4: pad so that pad length and next header end on 4
    # octets (AES-GCM's block is 1), the padding 1, 2, 3...
    pad = (-(len(payload) + 2)) % 4
    plain = payload + bytes(range(1, pad + 1)) + bytes([pad, nxt])
    iv = os.urandom(8)
    hdr = struct.pack("!II", spi, seq)
    # RFC 4106: nonce = salt | IV; AAD = SPI | sequence (no ESN);
    # the 16-octet ICV follows the ciphertext
    return hdr + iv + AESGCM(key).encrypt(salt + iv, plain, hdr)


def main(argv):
    src, dst, hoa, coa = argv[1:5]
    spi = int(argv[5], 0)
    key = bytes.fromhex(argv[6][2:] if argv[6].startswith("0x") else argv[6])
    seq, mhseq = int(argv[7]), int(argv[8])
    lifetime = int(argv[9]) if len(argv) > 9 else 15
    body = esp(spi, key, seq, bu(hoa, dst, coa, mhseq, lifetime), MH)
    # Destination Options: next header ESP, length 2 (24 octets),
    # PadN(2), the Home Address option at offset 6 (8n+6)
    dopt = bytes([ESP, 2, 1, 2, 0, 0, HAO, 16]) + \
        socket.inet_pton(socket.AF_INET6, hoa)
    plen = len(dopt) + len(body)
    ip6 = struct.pack("!IHBB", 6 << 28, plen, DSTOPTS, 64) + \
        socket.inet_pton(socket.AF_INET6, src) + \
        socket.inet_pton(socket.AF_INET6, dst)
    s = socket.socket(socket.AF_INET6, socket.SOCK_RAW, socket.IPPROTO_RAW)
    s.sendto(ip6 + dopt + body, (dst, 0))
    print(seq, mhseq)


if __name__ == "__main__":
    main(sys.argv)
