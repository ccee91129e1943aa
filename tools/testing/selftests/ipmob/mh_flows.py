#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""mh_flows.py PCAP: the flow binding options (RFC 6089) of each Binding
Update and Acknowledgement in a capture, and the Flow Binding messages
(RFC 7109, MH type 21), decoded here from the raw bytes (Wireshark 4.0
dissects neither; ipmobd's codec is not used): one line per message,

  BU seq=S bids=1,2,3 fid=10/10/bref=1/st=0 ... fsum=20,30
  BA seq=S status=0 fid=10/10/bref=1/st=0 ...
  FBI seq=S trigger=T a=1 fid=30/30/bref=2/st=0/ts=2/act=11
  FBA seq=S status=0 fid=...

FID as fid/FID-PRI/bref=BIDs/st=status[/ts=TS-format][/act=action]
[/tcoa=address]."""
import ipaddress
import os
import struct
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from pcapread import ipv6_packets  # noqa: E402

EXT = (0, 43, 60, 44)


def mh_of(ip):
    """The Mobility Header bytes after the IPv6 header's chain, or None."""
    data, nh = ip[40:], ip[6]
    while nh in EXT and len(data) >= 2:
        nh, hl = data[0], (data[1] + 1) * 8 if nh != 44 else 8
        data = data[hl:]
    return data if nh == 135 else None


def opts(mh, start):
    end = (mh[1] + 1) * 8
    i = start
    while i < end:
        t = mh[i]
        if t == 0:
            i += 1
            continue
        ln = mh[i + 1]
        yield t, mh[i + 2:i + 2 + ln]
        i += 2 + ln


def fid_text(body):
    fid, pri, _res, st = struct.unpack("!HHBB", body[:6])
    bref, ts, extra = [], None, []
    j = 6
    while j < len(body):
        t = body[j]
        if t == 0:
            j += 1
            continue
        ln = body[j + 1]
        sub = body[j + 2:j + 2 + ln]
        if t == 2:
            bref = [struct.unpack("!H", sub[k:k + 2])[0]
                    for k in range(0, len(sub) - 1, 2)]
        elif t == 3:
            ts = sub[0]
        elif t == 4 and ln == 2:
            extra.append("act=%d" % sub[1])
        elif t == 5 and ln in (6, 18):
            extra.append("tcoa=%s" % ipaddress.ip_address(bytes(sub[2:])))
        j += 2 + ln
    s = "fid=%d/%d/bref=%s/st=%d" % (fid, pri, ",".join(map(str, bref)), st)
    s += "/ts=%d" % ts if ts is not None else ""
    return "/".join([s] + extra)


def main():
    for ip in ipv6_packets(sys.argv[1]):
        mh = mh_of(ip)
        if not mh or len(mh) < 12 or mh[2] not in (5, 6, 21):
            continue
        words = []
        if mh[2] == 21:
            fbt, seq = struct.unpack("!HH", mh[6:10])
            if fbt == 1:
                words += ["FBI", "seq=%d" % seq, "trigger=%d" % mh[10],
                          "a=%d" % (mh[11] >> 7)]
            else:
                words += ["FBA" if fbt == 2 else "FB%d" % fbt,
                          "seq=%d" % seq, "status=%d" % mh[10]]
        elif mh[2] == 5:
            words += ["BU", "seq=%d" % struct.unpack("!H", mh[6:8])[0]]
        else:
            words += ["BA", "seq=%d" % struct.unpack("!H", mh[8:10])[0],
                      "status=%d" % mh[6]]
        bids, fsum, fids = [], [], []
        for t, body in opts(mh, 12):
            if t == 35:
                bids.append(str(struct.unpack("!H", body[:2])[0]))
            elif t == 45:
                fids.append(fid_text(body))
            elif t == 44:
                fsum += [str(struct.unpack("!H", body[k:k + 2])[0])
                         for k in range(0, len(body) - 1, 2)]
        if bids:
            words.append("bids=" + ",".join(bids))
        words += fids
        if fsum:
            words.append("fsum=" + ",".join(fsum))
        print(" ".join(words))


if __name__ == "__main__":
    main()
