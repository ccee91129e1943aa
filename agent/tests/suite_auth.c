// SPDX-License-Identifier: GPL-2.0
/*
 * suite_auth.c - auth.c against fixed vectors computed independently
 * with Python's hmac and hashlib.
 *
 * Every expected value carries, in the comment above its check, the
 * Python expression that produced it ("py:"), evaluated after this
 * preamble ("py>"), whose names are the constants below:
 *
 * py> import hmac, hashlib
 * py> H = bytes.fromhex
 * py> z = lambda m: m[:4] + b"\0\0" + m[6:]    # Checksum taken as zero
 * py> KEY = H("000102030405060708090a0b0c0d0e0f")
 * py> KEY64 = bytes(range(64))
 * py> COA = H("20010db8000200000000000000000100")
 * py> HOA = H("20010db8000100000000000000000100")
 * py> CN = H("20010db8000300000000000000000001")
 * py> BU = H("3b050500a1b21234c00000960104000000000a08e9b7c5a38000000f0009110100000100000000000000000000000000")
 * py> BA = H("3b050600c3d40000123400960104000000000a08e9b7c5a38000000f0009110100000100000000000000000000000000")
 * py> KCN = bytes(range(0x20, 0x34))
 * py> NONCE = H("0123456789abcdef")
 * py> HT = hmac.new(KCN, HOA + NONCE + b"\0", hashlib.sha1).digest()[:8]
 * py> CT = hmac.new(KCN, COA + NONCE + b"\1", hashlib.sha1).digest()[:8]
 * py> KBM = hashlib.sha1(HT + CT).digest()
 * py> KBM0 = hashlib.sha1(HT).digest()
 * py> BU2 = H("3b0305005a5a004280000069040400030004050c000000000000000000000000")
 * py> BU3 = H("3b0305000000004380000000040400030004050c000000000000000000000000")
 */
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <arpa/inet.h>
#include <openssl/crypto.h>

#include "auth.h"
#include "t.h"

int t_pass, t_fail;

/* 2001:db8:2::100, 2001:db8:1::100, 2001:db8:3::1 */
#define COA_HEX	"20010db8000200000000000000000100"
#define HOA_HEX	"20010db8000100000000000000000100"
#define CN_HEX	"20010db8000300000000000000000001"
#define KEY_HEX	"000102030405060708090a0b0c0d0e0f"

/*
 * A home registration BU (6.1.7), 48 octets:
 *   0  Payload Proto 59, Header Len 5, MH Type 5, Reserved
 *   4  Checksum 0xa1b2 (deliberately not zero: it must be ignored)
 *   6  Sequence 0x1234, flags A|H, Lifetime 150 (600 s)
 *  12  PadN (6 octets)
 *  18  Mobility Message Replay Protection (RFC 4285 6, 8n+2): timestamp
 *  28  Pad1
 *  29  MN-HA AUTH (4n+1): length 17, subtype 1, SPI 256
 *  36  Authentication Data (zero, to be signed)
 */
#define BU_HEX	"3b050500a1b21234c00000960104000000000a08e9b7c5a3" \
		"8000000f0009110100000100000000000000000000000000"
/* The matching BA (6.1.8): status 0, seq 0x1234, same options. */
#define BA_HEX	"3b050600c3d40000123400960104000000000a08e9b7c5a3" \
		"8000000f0009110100000100000000000000000000000000"
#define AUTH_OFF	29
/*
 * A BU to a correspondent (6.1.7, 5.2.6), 32 octets: seq 0x42, flag A,
 * lifetime 105 (420 s = MAX_RR_BINDING_LIFETIME), Nonce Indices (home
 * 3, care-of 4) at 12, Binding Authorization Data at 18 (8n+2),
 * authenticator at 20.
 */
#define BU2_HEX	"3b0305005a5a004280000069040400030004050c" \
		"000000000000000000000000"
/* The same as a deregistration: seq 0x43, lifetime 0, checksum 0. */
#define BU3_HEX	"3b0305000000004380000000040400030004050c" \
		"000000000000000000000000"
#define BAD_OFF	18

static size_t unhex(const char *s, uint8_t *out, size_t cap)
{
	size_t n = 0;

	while (s[0] && s[1] && n < cap) {
		unsigned int v;

		if (sscanf(s, "%2x", &v) != 1)
			break;
		out[n++] = (uint8_t)v;
		s += 2;
	}
	return n;
}

static struct in6_addr addr(const char *hex)
{
	struct in6_addr a;

	unhex(hex, a.s6_addr, sizeof(a.s6_addr));
	return a;
}

static void check_hex(const char *file, int line, const uint8_t *got,
		      size_t len, const char *want)
{
	char buf[2 * 64 + 1];
	size_t i;

	for (i = 0; i < len && i < 64; i++)
		snprintf(buf + 2 * i, 3, "%02x", got[i]);
	buf[2 * i] = 0;
	if (strlen(want) == 2 * len && !strcmp(buf, want)) {
		t_pass++;
	} else {
		t_fail++;
		fprintf(stderr, "FAIL %s:%d: got %s\n%*swant %s\n", file, line,
			buf, (int)strlen(file) + 10, "", want);
	}
}

#define CHECK_HEX(got, len, want) check_hex(__FILE__, __LINE__, got, len, want)

/* A parsed-looking mh_msg for the AUTH option at off. */
static struct mh_msg auth_msg(const uint8_t *mh, uint16_t off)
{
	struct mh_msg m;

	memset(&m, 0, sizeof(m));
	m.type = mh[2];
	m.opts = MH_OPT(MHOPT_AUTH);
	m.auth.off = off;
	m.auth.subtype = mh[off + 2];
	m.auth.spi = (uint32_t)mh[off + 3] << 24 | (uint32_t)mh[off + 4] << 16 |
		     (uint32_t)mh[off + 5] << 8 | mh[off + 6];
	memcpy(m.auth.data, mh + off + 7, MH_AUTH_DATA_LEN);
	return m;
}

static void test_mnha_compute(void)
{
	struct in6_addr coa = addr(COA_HEX), hoa = addr(HOA_HEX);
	uint8_t key[AUTH_KEY_MAX + 1], bu[64], copy[64], out[12];
	size_t len = unhex(BU_HEX, bu, sizeof(bu)), keylen;
	size_t covered = mh_auth_covered(AUTH_OFF);
	unsigned int i;

	keylen = unhex(KEY_HEX, key, sizeof(key));
	CHECK(len == 48 && keylen == 16);
	CHECK(covered == 36);
	memcpy(copy, bu, len);

	/* py: hmac.new(KEY, COA + HOA + z(BU[:36]), hashlib.sha1).hexdigest()[:24] */
	CHECK(auth_mnha_compute(key, keylen, &coa, &hoa, bu, covered, out) == 0);
	CHECK_HEX(out, 12, "b7d44f823bb268751a697abf");
	/* The caller's buffer, its checksum included, is left alone. */
	CHECK(!memcmp(bu, copy, len));

	/* Whatever the Checksum field holds, it counts as zero. */
	bu[4] = 0xff;
	bu[5] = 0x00;
	memset(out, 0, sizeof(out));
	CHECK(auth_mnha_compute(key, keylen, &coa, &hoa, bu, covered, out) == 0);
	/* py: hmac.new(KEY, COA + HOA + z(BU[:36]), hashlib.sha1).hexdigest()[:24] */
	CHECK_HEX(out, 12, "b7d44f823bb268751a697abf");
	memcpy(bu, copy, len);

	/* The order is care-of address | home address. */
	CHECK(auth_mnha_compute(key, keylen, &hoa, &coa, bu, covered, out) == 0);
	CHECK(memcmp(out, "\xb7\xd4\x4f\x82", 4));

	/* The shortest MH Data: the common header alone. */
	/* py: hmac.new(KEY, COA + HOA + z(BU[:6]), hashlib.sha1).hexdigest()[:24] */
	CHECK(auth_mnha_compute(key, keylen, &coa, &hoa, bu, 6, out) == 0);
	CHECK_HEX(out, 12, "67d71bf621844b208f5d5361");
	CHECK(auth_mnha_compute(key, keylen, &coa, &hoa, bu, 5, out) == -1);
	CHECK(auth_mnha_compute(key, keylen, &coa, &hoa, bu, 0, out) == -1);

	/* Key lengths: AUTH_KEY_MAX (one HMAC block) is the longest. */
	for (i = 0; i < sizeof(key); i++)
		key[i] = (uint8_t)i;
	/* py: hmac.new(KEY64, COA + HOA + z(BU[:36]), hashlib.sha1).hexdigest()[:24] */
	CHECK(auth_mnha_compute(key, AUTH_KEY_MAX, &coa, &hoa, bu, covered,
				out) == 0);
	CHECK_HEX(out, 12, "3454883d465618d9b2543bff");
	CHECK(auth_mnha_compute(key, AUTH_KEY_MAX + 1, &coa, &hoa, bu, covered,
				out) == -1);
	CHECK(auth_mnha_compute(key, 0, &coa, &hoa, bu, covered, out) == -1);
	CHECK(!memcmp(bu, copy, len));
}

static void test_mnha_sign_verify(void)
{
	struct in6_addr coa = addr(COA_HEX), hoa = addr(HOA_HEX);
	uint8_t key[16], bu[64], copy[64], ba[64], tmp[64];
	size_t len = unhex(BU_HEX, bu, sizeof(bu));
	struct mh_msg m, m2;
	unsigned int i, bad;

	unhex(KEY_HEX, key, sizeof(key));
	m = auth_msg(bu, AUTH_OFF);
	CHECK(m.auth.subtype == MH_AUTH_MN_HA && m.auth.spi == 256);
	memcpy(copy, bu, len);

	CHECK(auth_mnha_sign(key, sizeof(key), &coa, &hoa, bu, len, &m) == 0);
	/* py: hmac.new(KEY, COA + HOA + z(BU[:36]), hashlib.sha1).hexdigest()[:24] */
	CHECK_HEX(bu + 36, 12, "b7d44f823bb268751a697abf");
	/* py: hmac.new(KEY, COA + HOA + z(BU[:36]), hashlib.sha1).hexdigest()[:24] */
	CHECK_HEX(m.auth.data, 12, "b7d44f823bb268751a697abf");
	/* Only the Authentication Data changed (not the checksum). */
	CHECK(!memcmp(bu, copy, 36));

	/* As received: parse the signed message, verify. */
	m2 = auth_msg(bu, AUTH_OFF);
	memcpy(copy, bu, len);
	CHECK(auth_mnha_verify(key, sizeof(key), &coa, &hoa, bu, len, &m2));
	CHECK(!memcmp(bu, copy, len));
	/* A checksum set by mh_finish() afterwards does not matter. */
	bu[4] = 0x12;
	bu[5] = 0x34;
	CHECK(auth_mnha_verify(key, sizeof(key), &coa, &hoa, bu, len, &m2));

	/* Any other covered octet does. */
	bad = 0;
	for (i = 0; i < 36; i++) {
		if (i == 4 || i == 5)
			continue;
		memcpy(tmp, bu, len);
		tmp[i] ^= 0x01;
		m = auth_msg(tmp, AUTH_OFF);
		/* The option header octets are checked against m too. */
		m.auth.subtype = MH_AUTH_MN_HA;
		if (auth_mnha_verify(key, sizeof(key), &coa, &hoa, tmp, len, &m))
			bad++;
	}
	CHECK(bad == 0);

	/* The data, the key, the addresses and their order. */
	m = m2;
	m.auth.data[11] ^= 0x80;
	CHECK(!auth_mnha_verify(key, sizeof(key), &coa, &hoa, bu, len, &m));
	key[0] ^= 1;
	CHECK(!auth_mnha_verify(key, sizeof(key), &coa, &hoa, bu, len, &m2));
	key[0] ^= 1;
	CHECK(!auth_mnha_verify(key, sizeof(key), &hoa, &coa, bu, len, &m2));
	CHECK(!auth_mnha_verify(key, sizeof(key), &coa, &coa, bu, len, &m2));
	CHECK(!auth_mnha_verify(key, 0, &coa, &hoa, bu, len, &m2));

	/* No AUTH option, not MN-HA, out of bounds. */
	m = m2;
	m.opts = MH_OPT(MHOPT_MESGID);
	CHECK(!auth_mnha_verify(key, sizeof(key), &coa, &hoa, bu, len, &m));
	m = m2;
	m.auth.subtype = MH_AUTH_MN_AAA;
	CHECK(!auth_mnha_verify(key, sizeof(key), &coa, &hoa, bu, len, &m));
	CHECK(!auth_mnha_verify(key, sizeof(key), &coa, &hoa, bu, len - 1, &m2));
	CHECK(!auth_mnha_verify(key, sizeof(key), &coa, &hoa, bu, 36, &m2));
	m = m2;
	m.auth.off = 28;	/* the Pad1 */
	CHECK(!auth_mnha_verify(key, sizeof(key), &coa, &hoa, bu, len, &m));
	m.auth.off = 0xffff;
	CHECK(!auth_mnha_verify(key, sizeof(key), &coa, &hoa, bu, len, &m));
	m.auth.off = 2;
	CHECK(!auth_mnha_verify(key, sizeof(key), &coa, &hoa, bu, len, &m));

	/* Sign refuses the same and leaves buffer and m alone. */
	memcpy(copy, bu, len);
	m = m2;
	m.auth.off = 28;
	m.auth.data[0] ^= 0xff;
	memcpy(&m2, &m, sizeof(m));
	CHECK(auth_mnha_sign(key, sizeof(key), &coa, &hoa, bu, len, &m) == -1);
	m.auth.off = AUTH_OFF;
	CHECK(auth_mnha_sign(key, sizeof(key), &coa, &hoa, bu, len - 1, &m) == -1);
	CHECK(auth_mnha_sign(key, AUTH_KEY_MAX + 1, &coa, &hoa, bu, len, &m) == -1);
	m.auth.off = 28;
	CHECK(!memcmp(bu, copy, len) && !memcmp(&m, &m2, sizeof(m)));

	/*
	 * The BA: RFC 4285 5.1 uses "care-of address | home address" in
	 * both directions (not source | destination).
	 */
	len = unhex(BA_HEX, ba, sizeof(ba));
	m = auth_msg(ba, AUTH_OFF);
	CHECK(auth_mnha_sign(key, sizeof(key), &coa, &hoa, ba, len, &m) == 0);
	/* py: hmac.new(KEY, COA + HOA + z(BA[:36]), hashlib.sha1).hexdigest()[:24] */
	CHECK_HEX(ba + 36, 12, "5734673bec79f17399d001a6");
	m = auth_msg(ba, AUTH_OFF);
	CHECK(auth_mnha_verify(key, sizeof(key), &coa, &hoa, ba, len, &m));
	CHECK(!auth_mnha_verify(key, sizeof(key), &hoa, &coa, ba, len, &m));
}

static void test_rr(void)
{
	struct in6_addr coa = addr(COA_HEX), hoa = addr(HOA_HEX), cn = addr(CN_HEX);
	uint8_t kcn[RR_KCN_LEN], nonce[RR_NONCE_LEN], ht[8], ct[8];
	uint8_t kbm[RR_KBM_LEN], kbm0[RR_KBM_LEN], out[12], bu[32], copy[32];
	size_t len;
	unsigned int i;

	for (i = 0; i < RR_KCN_LEN; i++)
		kcn[i] = (uint8_t)(0x20 + i);
	unhex("0123456789abcdef", nonce, sizeof(nonce));

	/* py: HT.hex() */
	CHECK(rr_keygen_token(kcn, &hoa, nonce, false, ht) == 0);
	CHECK_HEX(ht, 8, "5f99b0d0e21c1522");
	/* py: CT.hex() */
	CHECK(rr_keygen_token(kcn, &coa, nonce, true, ct) == 0);
	CHECK_HEX(ct, 8, "0812baee833acd87");
	/* The final octet matters: the home token of the care-of address. */
	/* py: hmac.new(KCN, COA + NONCE + b"\0", hashlib.sha1).hexdigest()[:16] */
	CHECK(rr_keygen_token(kcn, &coa, nonce, false, out) == 0);
	CHECK_HEX(out, 8, "cc5be468fa162b00");

	/* py: KBM.hex() */
	CHECK(rr_kbm(ht, ct, kbm) == 0);
	CHECK_HEX(kbm, 20, "2b9467d37b6c3dedc059d444563d8433e5a9522d");
	/* py: KBM0.hex() */
	CHECK(rr_kbm(ht, NULL, kbm0) == 0);
	CHECK_HEX(kbm0, 20, "1f403347f112906ea62eb2c96721659a4090e093");

	len = unhex(BU2_HEX, bu, sizeof(bu));
	CHECK(len == 32);
	memcpy(copy, bu, len);
	/* py: hmac.new(KBM, COA + CN + z(BU2[:20]), hashlib.sha1).hexdigest()[:24] */
	CHECK(rr_bad_compute(kbm, &coa, &cn, bu, BAD_OFF + 2, out) == 0);
	CHECK_HEX(out, 12, "2a84790e1de732733650593b");
	CHECK(!memcmp(bu, copy, len));
	/* The Authenticator field itself is not covered. */
	bu[25] = 0x99;
	/* py: hmac.new(KBM, COA + CN + z(BU2[:20]), hashlib.sha1).hexdigest()[:24] */
	CHECK(rr_bad_compute(kbm, &coa, &cn, bu, BAD_OFF + 2, out) == 0);
	CHECK_HEX(out, 12, "2a84790e1de732733650593b");
	CHECK(rr_bad_compute(kbm, &coa, &cn, bu, 5, out) == -1);

	/*
	 * 6.2.7: when deregistering, "care-of address" is the home
	 * address, and 5.2.5: Kbm = SHA-1(home keygen token).
	 */
	len = unhex(BU3_HEX, bu, sizeof(bu));
	/* py: hmac.new(KBM0, HOA + CN + z(BU3[:20]), hashlib.sha1).hexdigest()[:24] */
	CHECK(rr_bad_compute(kbm0, &hoa, &cn, bu, BAD_OFF + 2, out) == 0);
	CHECK_HEX(out, 12, "804e2c648b8a824ee41edf6d");
}

/*
 * With the codec: mh_build() a BU with MESGID and MN-HA AUTH, sign,
 * mh_finish(), then mh_parse() with the checksum and verify; the same
 * for a BU to a correspondent with BAD.
 */
static void test_with_codec(void)
{
	struct in6_addr coa = addr(COA_HEX), hoa = addr(HOA_HEX), cn = addr(CN_HEX);
	uint8_t key[16], buf[MH_MAX_LEN], kbm[RR_KBM_LEN], want[12];
	struct mh_msg m, p;
	int len, i;

	unhex(KEY_HEX, key, sizeof(key));
	memset(&m, 0, sizeof(m));
	m.type = MH_BU;
	m.bu.seq = 0x1234;
	m.bu.flags = MH_BU_F_A | MH_BU_F_H;
	m.bu.lifetime = 150;
	m.opts = MH_OPT(MHOPT_MESGID) | MH_OPT(MHOPT_AUTH);
	m.timestamp = 0xe9b7c5a38000000fULL;
	m.auth.subtype = MH_AUTH_MN_HA;
	m.auth.spi = 256;
	len = mh_build(&m, buf, sizeof(buf));
	CHECK(len > 0);
	if (len <= 0)
		return;
	CHECK(auth_mnha_sign(key, sizeof(key), &coa, &hoa, buf, (size_t)len,
			     &m) == 0);
	CHECK(!memcmp(buf + m.auth.off + 7, m.auth.data, MH_AUTH_DATA_LEN));
	CHECK((size_t)m.auth.off + 7 + MH_AUTH_DATA_LEN <= (size_t)len);
	/* BU from the care-of address (HAO = home address) to the HA */
	mh_finish(buf, (size_t)len, &hoa, &cn);
	CHECK(mh_parse(buf, (size_t)len, &hoa, &cn, &p) == MH_OK);
	CHECK(p.auth.off == m.auth.off && p.timestamp == m.timestamp);
	CHECK(auth_mnha_verify(key, sizeof(key), &coa, &hoa, buf, (size_t)len,
			       &p));
	buf[9] ^= 1;		/* a reserved flag bit */
	CHECK(!auth_mnha_verify(key, sizeof(key), &coa, &hoa, buf, (size_t)len,
				&p));

	memset(&m, 0, sizeof(m));
	m.type = MH_BU;
	m.bu.seq = 0x42;
	m.bu.flags = MH_BU_F_A;
	m.bu.lifetime = 105;
	m.opts = MH_OPT(MHOPT_NONCE) | MH_OPT(MHOPT_BAD);
	m.home_nonce_index = 3;
	m.coa_nonce_index = 4;
	for (i = 0; i < RR_KBM_LEN; i++)
		kbm[i] = (uint8_t)(0xa0 + i);
	len = mh_build(&m, buf, sizeof(buf));
	CHECK(len > 0);
	if (len <= 0)
		return;
	/* 6.2.7: BAD last, so MH Data ends with its Type and Length. */
	CHECK((size_t)m.bad_off + 2 + MH_BAD_LEN == (size_t)len);
	CHECK(rr_bad_compute(kbm, &coa, &cn, buf, (size_t)m.bad_off + 2,
			     want) == 0);
	memcpy(buf + m.bad_off + 2, want, MH_BAD_LEN);
	mh_finish(buf, (size_t)len, &hoa, &cn);
	CHECK(mh_parse(buf, (size_t)len, &hoa, &cn, &p) == MH_OK);
	CHECK(p.bad_off == m.bad_off && !memcmp(p.bad, want, MH_BAD_LEN));
	/* The checksum now set does not change the authenticator. */
	CHECK(rr_bad_compute(kbm, &coa, &cn, buf, (size_t)p.bad_off + 2,
			     want) == 0);
	CHECK(!CRYPTO_memcmp(p.bad, want, MH_BAD_LEN));
	CHECK(rr_bad_verify(kbm, &coa, &cn, buf, (size_t)len, &p));
	CHECK(!rr_bad_verify(kbm, &hoa, &cn, buf, (size_t)len, &p));
	CHECK(!rr_bad_verify(kbm, &coa, &cn, buf, (size_t)len - 1, &p));
	kbm[0] ^= 1;
	CHECK(!rr_bad_verify(kbm, &coa, &cn, buf, (size_t)len, &p));
	kbm[0] ^= 1;

	/* rr_bad_sign writes what rr_bad_compute computes */
	memset(&m.bad, 0, sizeof(m.bad));
	len = mh_build(&m, buf, sizeof(buf));
	CHECK(len > 0 && rr_bad_sign(kbm, &coa, &cn, buf, (size_t)len, &m) == 0);
	CHECK(!memcmp(m.bad, want, MH_BAD_LEN) &&
	      !memcmp(buf + m.bad_off + 2, want, MH_BAD_LEN));
	m.opts &= ~MH_OPT(MHOPT_BAD);
	CHECK(rr_bad_sign(kbm, &coa, &cn, buf, (size_t)len, &m) == -1);
	m.opts |= MH_OPT(MHOPT_BAD);
	buf[m.bad_off] = 0;
	CHECK(rr_bad_sign(kbm, &coa, &cn, buf, (size_t)len, &m) == -1);
	buf[9] ^= 1;
	CHECK(!rr_bad_verify(kbm, &coa, &cn, buf, (size_t)len, &p));
}

static uint64_t ntp(time_t sec, long nsec)
{
	struct timespec ts = { .tv_sec = sec, .tv_nsec = nsec };

	return ntp_from_timespec(&ts);
}

static void test_ntp(void)
{
	/* py: hex(2208988800 << 32) */
	CHECK(ntp(0, 0) == 0x83aa7e8000000000ULL);
	/* py: hex((2208988800 << 32) | (500000000 << 32) // 10**9) */
	CHECK(ntp(0, 500000000) == 0x83aa7e8080000000ULL);
	/* Truncated, never rounded up into the seconds. */
	/* py: hex(((1 + 2208988800) << 32) | (999999999 << 32) // 10**9) */
	CHECK(ntp(1, 999999999) == 0x83aa7e81fffffffbULL);
	/* py: hex((2208988800 << 32) | (1 << 32) // 10**9) */
	CHECK(ntp(0, 1) == 0x83aa7e8000000004ULL);
	/* py: hex(((1700000000 + 2208988800) << 32) | (250000000 << 32) // 10**9) */
	CHECK(ntp(1700000000, 250000000) == 0xe8fe6f8040000000ULL);
	/* The era rollover, 2036-02-07 06:28:16 UTC. */
	/* py: hex(((2085978495 + 2208988800) % 2**32) << 32) */
	CHECK(ntp(2085978495, 0) == 0xffffffff00000000ULL);
	/* py: hex(((2085978496 + 2208988800) % 2**32) << 32) */
	CHECK(ntp(2085978496, 0) == 0);
	/* An out of range tv_nsec is carried into the seconds. */
	CHECK(ntp(0, 1500000000) == ntp(1, 500000000));
	CHECK(ntp(1, -500000000) == ntp(0, 500000000));
}

#define S(x)	((uint64_t)(x) << 32)

static void test_replay(void)
{
	uint64_t now = S(3900000000u) | 0x12345678;

	/* Nothing accepted yet (last 0), now exactly. */
	CHECK(replay_check(now, now, 0, AUTH_REPLAY_WINDOW) == REPLAY_OK);
	/* The window is inclusive, with full 64-bit precision. */
	CHECK(replay_check(now + S(7), now, 0, 7) == REPLAY_OK);
	CHECK(replay_check(now + S(7) + 1, now, 0, 7) == REPLAY_SKEW);
	CHECK(replay_check(now - S(7), now, 0, 7) == REPLAY_OK);
	CHECK(replay_check(now - S(7) - 1, now, 0, 7) == REPLAY_SKEW);
	/* Same seconds, fraction past the window: still too far. */
	CHECK(replay_check(now + S(7) + 0x80000000u, now, 0, 7) == REPLAY_SKEW);
	CHECK(replay_check(now + S(100), now, 0, 7) == REPLAY_SKEW);
	CHECK(replay_check(0, now, 0, 7) == REPLAY_SKEW);
	CHECK(replay_check(UINT64_MAX, now, 0, 7) == REPLAY_SKEW);
	/* Window 0: only now itself. */
	CHECK(replay_check(now, now, 0, 0) == REPLAY_OK);
	CHECK(replay_check(now + 1, now, 0, 0) == REPLAY_SKEW);
	CHECK(replay_check(now - 1, now, 0, 0) == REPLAY_SKEW);
	/* The largest window accepts anything but a replay. */
	CHECK(replay_check(now + (UINT64_C(1) << 62), now, 0, UINT_MAX) ==
	      REPLAY_OK);

	/* "greater than all previously accepted timestamps" */
	CHECK(replay_check(now, now, now - 1, 7) == REPLAY_OK);
	CHECK(replay_check(now, now, now, 7) == REPLAY_NOT_NEWER);
	CHECK(replay_check(now - 1, now, now, 7) == REPLAY_NOT_NEWER);
	CHECK(replay_check(now + 1, now, now, 7) == REPLAY_OK);
	/* A replay is reported as such even when also out of the window. */
	CHECK(replay_check(now - S(60), now, now - S(30), 7) ==
	      REPLAY_NOT_NEWER);
	CHECK(replay_check(now + S(60), now, now - S(30), 7) == REPLAY_SKEW);

	/* Across the 2036 era rollover: now is 0.5 s before it. */
	now = 0xffffffff80000000ULL;
	CHECK(replay_check(S(2) | 0x80000000u, now, 0, 7) == REPLAY_OK);
	CHECK(replay_check(S(6) | 0x80000000u, now, 0, 7) == REPLAY_OK);
	CHECK(replay_check((S(6) | 0x80000000u) + 1, now, 0, 7) == REPLAY_SKEW);
	CHECK(replay_check(now - S(7), now, 0, 7) == REPLAY_OK);
	CHECK(replay_check(S(1), now, now - S(1), 7) == REPLAY_OK);
	CHECK(replay_check(now - S(1), now, S(1), 7) == REPLAY_NOT_NEWER);

	/* 6: HA's high-order 32 bits, the received low-order 32 bits. */
	CHECK(replay_resync(0x1111111122222222ULL, 0x3333333344444444ULL) ==
	      0x3333333322222222ULL);
	CHECK(replay_resync(UINT64_MAX, 0) == 0xffffffffULL);
	CHECK(replay_resync(0, UINT64_MAX) == 0xffffffff00000000ULL);
	/* A skewed BU resynchronized is within the window of the HA. */
	now = S(3900000000u) | 0xf0000000u;
	CHECK(replay_check(now - S(100), now, 0, 7) == REPLAY_SKEW);
	CHECK(replay_check(replay_resync(now - S(100), now), now, 0, 7) ==
	      REPLAY_OK);
}

int main(void)
{
	test_mnha_compute();
	test_mnha_sign_verify();
	test_rr();
	test_with_codec();
	test_ntp();
	test_replay();
	printf("%d passed, %d failed\n", t_pass, t_fail);
	return t_fail ? 1 : 0;
}
