#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""
Cross-check auth.c against Python's hmac/hashlib with random inputs.

usage: check_auth.py ./tests/authvec [CASES] [--seed N]

Generates CASES (default 200) random requests per function, feeds them
all to the authvec driver in one run (one request a line on stdin) and
compares every answer line with the value recomputed here:

  RFC 4285 5.1  First(96, HMAC_SHA1(key, CoA | HoA | MH Data)), MH Data
                up to and including the SPI, Checksum taken as zero
  RFC 6275 5.2.5 keygen tokens First(64, HMAC_SHA1(Kcn, addr | nonce |
                0 or 1)), Kbm = SHA1(home token [| care-of token])
  RFC 6275 6.2.7 First(96, HMAC_SHA1(Kbm, CoA | CN | MH Data))
  and the NTP conversion, the replay window and the resync rule as
  documented in auth.c.

Prints "N passed, N failed" as its last line; exits 1 on any failure.
"""

import hashlib
import hmac
import ipaddress
import os
import random
import subprocess
import sys

KEY_MAX = 64
MH_AUTH, MN_HA, MN_AAA = 9, 1, 2
AUTH_OPT_LEN = 17
NTP_UNIX = 2208988800
M64 = (1 << 64) - 1

# All the random data comes from R, seeded from os.urandom (or --seed):
# a failure is reproducible from the seed printed with it.
R = random.Random()


def rnd(n):
    return R.randbytes(n)


def hx(b):
    return b.hex() or "-"     # authvec: "-" is the empty string


def addr(b):
    return str(ipaddress.IPv6Address(b))


def zero_csum(mh):
    return mh[:4] + b"\0\0" + mh[6:]


def mac96(key, a1, a2, mh, covered):
    if covered < 6:
        return "ERR"
    data = a1 + a2 + zero_csum(mh[:covered])
    return hmac.new(key, data, hashlib.sha1).digest()[:12].hex()


def randaddr():
    # mostly random, sometimes with zero runs so that "::" appears
    b = bytearray(rnd(16))
    if R.random() < 0.3:
        i = R.randrange(16)
        j = R.randrange(i, 17)
        b[i:j] = bytes(j - i)
    return bytes(b)


def gen_mnha(r):
    n = r.randrange(6, 400)
    mh = rnd(n)
    klen = r.choice([16] * 4 + list(range(1, KEY_MAX + 1)) + [0, KEY_MAX + 1])
    key = rnd(klen)
    cov = r.randrange(6, n + 1) if r.random() < 0.95 else r.randrange(0, 6)
    coa, hoa = randaddr(), randaddr()
    want = mac96(key, coa, hoa, mh, cov)
    if not 1 <= klen <= KEY_MAX:
        want = "ERR"
    return ("mnha %s %s %s %s %d" % (hx(key), addr(coa), addr(hoa),
                                     mh.hex(), cov), want)


def gen_bad(r):
    n = r.randrange(6, 400)
    mh = rnd(n)
    kbm = rnd(20)
    cov = r.randrange(6, n + 1) if r.random() < 0.95 else r.randrange(0, 6)
    coa, cn = randaddr(), randaddr()
    return ("bad %s %s %s %s %d" % (kbm.hex(), addr(coa), addr(cn),
                                    mh.hex(), cov),
            mac96(kbm, coa, cn, mh, cov))


def gen_token(r):
    kcn, a, nonce, bit = rnd(20), randaddr(), rnd(8), r.randrange(2)
    want = hmac.new(kcn, a + nonce + bytes([bit]),
                    hashlib.sha1).digest()[:8].hex()
    return ("token %s %s %s %d" % (kcn.hex(), addr(a), nonce.hex(), bit),
            want)


def gen_kbm(r):
    ht = rnd(8)
    if r.random() < 0.5:
        return "kbm %s" % ht.hex(), hashlib.sha1(ht).hexdigest()
    ct = rnd(8)
    return ("kbm %s %s" % (ht.hex(), ct.hex()),
            hashlib.sha1(ht + ct).hexdigest())


def random_auth_msg(r):
    """A message of 8n octets with an MN-HA AUTH option at 4n+1."""
    n = 8 * r.randrange(4, 40)
    mh = bytearray(rnd(n))
    off = 4 * r.randrange(2, (n - 19 - 1) // 4 + 1) + 1
    assert off + 19 <= n and off % 4 == 1
    mh[off:off + 3] = bytes([MH_AUTH, AUTH_OPT_LEN, MN_HA])
    return mh, off


def auth_ok(mh, off):
    return (off >= 6 and off + 19 <= len(mh) and mh[off] == MH_AUTH and
            mh[off + 1] == AUTH_OPT_LEN and mh[off + 2] == MN_HA)


def gen_sign(r):
    mh, off = random_auth_msg(r)
    key = rnd(r.choice([16, 20, 32, 64]))
    coa, hoa = randaddr(), randaddr()
    if r.random() < 0.1:    # a wrong option header: refused
        mh[off + r.randrange(3)] ^= 1 << r.randrange(8)
    if auth_ok(mh, off):
        out = bytearray(mh)
        out[off + 7:off + 19] = bytes.fromhex(
            mac96(key, coa, hoa, bytes(mh), off + 7))
        want = out.hex()
    else:
        want = "ERR"
    return ("sign %s %s %s %s %d" % (key.hex(), addr(coa), addr(hoa),
                                     mh.hex(), off), want)


def gen_verify(r):
    mh, off = random_auth_msg(r)
    key = rnd(r.choice([16, 20, 32, 64]))
    coa, hoa = randaddr(), randaddr()
    mh[off + 7:off + 19] = bytes.fromhex(
        mac96(key, coa, hoa, bytes(mh), off + 7))
    k = r.random()
    if k < 0.4:             # flip one bit anywhere (checksum included)
        i = r.randrange(len(mh))
        mh[i] ^= 1 << r.randrange(8)
    elif k < 0.5:           # another key
        key = bytes([key[0] ^ 1]) + key[1:]
    elif k < 0.6:           # the addresses swapped
        coa, hoa = hoa, coa
    good = (auth_ok(mh, off) and
            mac96(key, coa, hoa, bytes(mh), off + 7) ==
            bytes(mh[off + 7:off + 19]).hex())
    return ("verify %s %s %s %s %d" % (key.hex(), addr(coa), addr(hoa),
                                       mh.hex(), off), "1" if good else "0")


def gen_ntp(r):
    sec = r.choice([r.randrange(-(1 << 31), 1 << 33),
                    r.randrange(1600000000, 2200000000)])
    nsec = (r.randrange(10 ** 9) if r.random() < 0.9 else
            r.randrange(-3 * 10 ** 9, 3 * 10 ** 9))
    s, ns = divmod(sec * 10 ** 9 + nsec, 10 ** 9)
    want = (((s + NTP_UNIX) % (1 << 32)) << 32) | ((ns << 32) // 10 ** 9)
    return "ntp %d %d" % (sec, nsec), "%016x" % want


def signed(x):
    x &= M64
    return x - (1 << 64) if x >> 63 else x


def gen_replay(r):
    now = r.getrandbits(64)
    window = r.choice([0, 1, 3, 7, 7, 7, 30, r.getrandbits(32)])

    def near(base):
        k = r.random()
        if k < 0.2:
            d = r.choice([0, 1, -1])
        elif k < 0.5:   # around the window edge
            d = r.choice([1, -1]) * ((window << 32) + r.choice([-1, 0, 1]))
        elif k < 0.9:
            d = r.randrange(-(20 << 32), 20 << 32)
        else:
            d = r.getrandbits(64)
        return (base + d) & M64

    ts = near(now)
    last = 0 if r.random() < 0.2 else near(ts)
    if last and signed(ts - last) <= 0:
        want = "NOT_NEWER"
    elif abs(signed(ts - now)) > window << 32:
        want = "SKEW"
    else:
        want = "OK"
    return ("replay %x %x %x %d" % (ts, now, last, window), want)


def gen_resync(r):
    rec, now = r.getrandbits(64), r.getrandbits(64)
    want = (now & ~0xffffffff & M64) | (rec & 0xffffffff)
    return "resync %x %x" % (rec, now), "%016x" % want


GENS = [gen_mnha, gen_bad, gen_token, gen_kbm, gen_sign, gen_verify,
        gen_ntp, gen_replay, gen_resync]


def main():
    args = sys.argv[1:]
    seed = int.from_bytes(os.urandom(8), "big")
    if "--seed" in args:
        i = args.index("--seed")
        seed = int(args[i + 1])
        del args[i:i + 2]
    if not args:
        print("usage: check_auth.py AUTHVEC [CASES] [--seed N]",
              file=sys.stderr)
        return 2
    n = int(args[1]) if len(args) > 1 else 200
    R.seed(seed)
    cases = [g(R) for g in GENS for _ in range(n)]
    inp = "".join(c[0] + "\n" for c in cases)
    try:
        p = subprocess.run([args[0]], input=inp, capture_output=True,
                           text=True, timeout=300)
    except (OSError, subprocess.TimeoutExpired) as e:
        print("cannot run %s: %s" % (args[0], e))
        print("0 passed, 1 failed")
        return 1
    got = p.stdout.split("\n")
    passed = failed = 0
    if p.returncode != 0:
        print("FAIL: %s exited with %d: %s" % (args[0], p.returncode,
                                               p.stderr.strip()[:2000]))
        failed += 1
    for i, (req, want) in enumerate(cases):
        g = got[i] if i < len(got) else "(no answer)"
        if g == want:
            passed += 1
        else:
            failed += 1
            if failed <= 20:
                print("FAIL: %s\n  got  %s\n  want %s" %
                      (req[:200], g[:200], want[:200]))
    if failed:
        print("seed %d" % seed)
    print("%d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
