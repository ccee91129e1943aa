#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""nl_dup.py IFINDEX HOA COA: requests that name one binding twice.

Speaks the "ipmob" generic netlink family directly (the CLI packs only
"binding add" lines into one message) and checks that binding-new, -set
and -del requests carrying the same key twice are refused with EINVAL and
an extack message, and that nothing of them is applied. Prints one line
per check ("ok ..." / "FAIL ..."); exits 1 if any failed.
"""
import errno
import socket
import struct
import sys

NETLINK_GENERIC = 16
SOL_NETLINK = 270
NETLINK_EXT_ACK = 11
NLM_F_REQUEST, NLM_F_ACK = 1, 4
NLMSG_ERROR = 2
NLA_F_NESTED = 0x8000
GENL_ID_CTRL, CTRL_CMD_GETFAMILY = 0x10, 3
CTRL_ATTR_FAMILY_ID, CTRL_ATTR_FAMILY_NAME = 1, 2
NLMSGERR_ATTR_MSG = 1
# uapi/linux/ipmob.h
CMD_NEW, CMD_SET, CMD_DEL, CMD_GET = 1, 2, 3, 4
A_BINDING = 3
BA_HOA, BA_LIFETIME, BA_COA, BA_IFINDEX = 1, 5, 7, 8
CA_ADDR = 1


def attr(typ, payload):
    n = 4 + len(payload)
    return struct.pack("HH", n, typ) + payload + bytes((4 - n % 4) % 4)


def attrs(buf):
    while len(buf) >= 4:
        n, typ = struct.unpack_from("HH", buf)
        if n < 4:
            break
        yield typ & 0x3FFF, buf[4:n]
        buf = buf[(n + 3) & ~3:]


class Genl:
    def __init__(self):
        self.s = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, NETLINK_GENERIC)
        self.s.setsockopt(SOL_NETLINK, NETLINK_EXT_ACK, 1)
        self.s.bind((0, 0))
        self.seq = 0
        reply = self.request(GENL_ID_CTRL, CTRL_CMD_GETFAMILY,
                             attr(CTRL_ATTR_FAMILY_NAME, b"ipmob\0"), want_reply=True)
        self.family = None
        for typ, val in attrs(reply[4:]):
            if typ == CTRL_ATTR_FAMILY_ID:
                self.family = struct.unpack("H", val[:2])[0]
        assert self.family, "no ipmob family"

    def request(self, family, cmd, payload, want_reply=False):
        """Returns (errno, extack message), or the reply's genl payload."""
        self.seq += 1
        body = struct.pack("BBH", cmd, 1, 0) + payload
        hdr = struct.pack("IHHII", 16 + len(body), family,
                          NLM_F_REQUEST | NLM_F_ACK, self.seq, 0)
        self.s.send(hdr + body)
        reply = None
        while True:
            data = self.s.recv(65536)
            while data:
                n, typ, flags, _seq, _pid = struct.unpack_from("IHHII", data)
                msg = data[16:n]
                data = data[(n + 3) & ~3:]
                if typ != NLMSG_ERROR:
                    reply = msg
                    continue
                err = -struct.unpack_from("i", msg)[0]
                text = ""
                if flags & 0x200:  # NLM_F_ACK_TLVS: after the quoted header
                    olen = struct.unpack_from("I", msg, 4)[0]
                    off = 4 + (olen if err and not flags & 0x100 else 16)
                    for t, v in attrs(msg[off:]):
                        if t == NLMSGERR_ATTR_MSG:
                            text = v.rstrip(b"\0").decode()
                if want_reply:
                    assert err == 0, (err, text)
                    return reply
                return err, text


def binding(ifindex, hoa, coa, lifetime=None):
    b = attr(BA_HOA, socket.inet_pton(socket.AF_INET6, hoa))
    b += attr(BA_COA | NLA_F_NESTED, attr(CA_ADDR, socket.inet_pton(socket.AF_INET6, coa)))
    b += attr(BA_IFINDEX, struct.pack("I", ifindex))
    if lifetime is not None:
        b += attr(BA_LIFETIME, struct.pack("I", lifetime))
    return attr(A_BINDING | NLA_F_NESTED, b)


def main():
    ifindex, hoa, coa = int(sys.argv[1]), sys.argv[2], sys.argv[3]
    g = Genl()
    failed = 0

    def check(desc, got, want_err):
        nonlocal failed
        err, text = got
        # 6.2+ formats the message; 6.1 has a static one (kernel/compat.h)
        ok = err == want_err and (not want_err or text in (
            "binding 2 of 2 names the same binding as 1",
            "names the same binding as an earlier one"))
        print(("ok " if ok else "FAIL ") + f"{desc}: {errno.errorcode.get(err, err)} {text!r}")
        failed += not ok

    def present(lifetime):
        err, _ = g.request(g.family, CMD_GET, binding(ifindex, hoa, coa))
        return err == 0

    b1 = binding(ifindex, hoa, coa)
    b2 = binding(ifindex, hoa, coa, lifetime=600)
    check("binding-new naming one key twice refused", g.request(g.family, CMD_NEW, b1 + b2), errno.EINVAL)
    print(("ok " if not present(0) else "FAIL ") + "nothing of it was added")
    failed += present(0)
    check("one binding-new", g.request(g.family, CMD_NEW, b1), 0)
    check("binding-set naming one key twice refused", g.request(g.family, CMD_SET, b1 + b2), errno.EINVAL)
    check("binding-del naming one key twice refused", g.request(g.family, CMD_DEL, b1 + b1), errno.EINVAL)
    print(("ok " if present(0) else "FAIL ") + "the binding is still there")
    failed += not present(0)
    check("binding-del naming it once", g.request(g.family, CMD_DEL, b1), 0)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
