// SPDX-License-Identifier: GPL-2.0
/*
 * auth.c - the cryptography of Mobile IPv6 signalling (see auth.h):
 * HMAC-SHA1 and SHA-1 through the OpenSSL 3 EVP interfaces.
 *
 * Pure functions: no I/O, no global state, the caller's message is
 * never modified except by auth_mnha_sign(). Intermediate secrets
 * (full MACs, Kbm input) are wiped with OPENSSL_cleanse() before
 * returning.
 */
#include <string.h>
#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/params.h>

#include "auth.h"

#define SHA1_LEN	20
#define MH_CSUM_OFF	4	/* 6.1.1: Checksum at octets 4-5 of the MH */
#define MH_HDR_MIN	6	/* through the Checksum */
/* RFC 4285 5: Option Length covers Subtype, SPI and the data */
#define AUTH_OPT_LEN	(1 + 4 + MH_AUTH_DATA_LEN)

/* One piece of the data fed to a MAC or digest. */
struct piece {
	const void *p;
	size_t len;
};

/*
 * One HMAC-SHA1 context, set up once (the algorithm fetched, the digest
 * chosen) and keyed again for each MAC: fetching per MAC costs more than
 * the hashing (OpenSSL 3 looks the names up under a lock), and a home
 * agent under a flood of forged Binding Updates computes one per packet.
 * ipmobd is single-threaded. The context keeps the last key's inner and
 * outer pads until the next MAC; the keys themselves stay in the
 * configuration for the daemon's life anyway.
 */
static EVP_MAC_CTX *hmac_ctx(void)
{
	static EVP_MAC_CTX *ctx;
	char digest[] = "SHA1";
	OSSL_PARAM params[2];
	EVP_MAC *mac;

	if (ctx)
		return ctx;
	mac = EVP_MAC_fetch(NULL, "HMAC", NULL);
	if (!mac)
		return NULL;
	ctx = EVP_MAC_CTX_new(mac);
	EVP_MAC_free(mac);		/* the context holds a reference */
	if (!ctx)
		return NULL;
	params[0] = OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST,
						     digest, 0);
	params[1] = OSSL_PARAM_construct_end();
	if (!EVP_MAC_CTX_set_params(ctx, params)) {
		EVP_MAC_CTX_free(ctx);
		ctx = NULL;
	}
	return ctx;
}

/* HMAC_SHA1(key, piece[0] | piece[1] | ...), all 20 octets. */
static int hmac_sha1(const uint8_t *key, size_t keylen,
		     const struct piece *pc, size_t n, uint8_t out[SHA1_LEN])
{
	EVP_MAC_CTX *ctx = hmac_ctx();
	size_t outl = 0, i;

	/* A NULL key would mean "keep the previous key": never pass one. */
	if (!ctx || !key || !EVP_MAC_init(ctx, key, keylen, NULL))
		return -1;
	for (i = 0; i < n; i++)
		if (pc[i].len && !EVP_MAC_update(ctx, pc[i].p, pc[i].len))
			return -1;
	if (!EVP_MAC_final(ctx, out, &outl, SHA1_LEN) || outl != SHA1_LEN)
		return -1;
	return 0;
}

/*
 * key | addr1 | addr2 | MH Data, First(96, ...), with the MH Checksum
 * (octets 4-5) fed as zero and the first covered octets of mh:
 * RFC 4285 5.1 ("The Checksum field in the Mobility Header MUST be set
 * to 0 to calculate the Mobility Data") and RFC 6275 6.2.7 ("calculated
 * as if the Checksum field in the Mobility Header was zero"). The
 * caller's buffer is read in three pieces around the checksum and left
 * untouched.
 */
static int mh_mac96(const uint8_t *key, size_t keylen,
		    const struct in6_addr *a1, const struct in6_addr *a2,
		    const uint8_t *mh, size_t covered, uint8_t out[12])
{
	static const uint8_t zero[2];
	uint8_t full[SHA1_LEN];
	struct piece pc[5] = {
		{ a1, sizeof(*a1) },
		{ a2, sizeof(*a2) },
		{ mh, MH_CSUM_OFF },
		{ zero, sizeof(zero) },
		{ mh + MH_HDR_MIN, covered - MH_HDR_MIN },
	};
	int ret;

	ret = hmac_sha1(key, keylen, pc, 5, full);
	if (!ret)
		memcpy(out, full, 12);		/* First(96, ...) */
	OPENSSL_cleanse(full, sizeof(full));
	return ret;
}

/*
 * RFC 4285 5.1:
 *   Authentication Data = First (96, HMAC_SHA1(MN-HA Shared key,
 *   Mobility Data))
 *   Mobility Data = care-of address | home address | Mobility Header
 *   (MH) Data
 *   MH Data is the content of the Mobility Header up to and including
 *   the mobility SPI field of this option.
 *
 * The key is an arbitrary octet string (16 octets per 5.1); an empty
 * key or one longer than AUTH_KEY_MAX is refused (-1): an empty HMAC
 * key would let anyone forge the authenticator.
 */
int auth_mnha_compute(const uint8_t *key, size_t keylen,
		      const struct in6_addr *coa, const struct in6_addr *hoa,
		      const uint8_t *mh, size_t covered,
		      uint8_t out[MH_AUTH_DATA_LEN])
{
	if (!key || !keylen || keylen > AUTH_KEY_MAX || !coa || !hoa ||
	    !mh || !out || covered < MH_HDR_MIN)
		return -1;
	return mh_mac96(key, keylen, coa, hoa, mh, covered, out);
}

/*
 * Offset of the AUTH option of m in a message of len octets if it is an
 * MN-HA option whose data lies inside the message, else -1. The option
 * header in the buffer must agree with m (type 9, length 17, subtype 1):
 * these octets are part of the authenticated data.
 */
static long mnha_opt_off(const uint8_t *mh, size_t len, const struct mh_msg *m)
{
	size_t off;

	if (!(m->opts & MH_OPT(MHOPT_AUTH)) || m->auth.subtype != MH_AUTH_MN_HA)
		return -1;
	off = m->auth.off;
	if (off < MH_HDR_MIN || len < off || len - off < 2 + AUTH_OPT_LEN)
		return -1;
	if (mh[off] != MHOPT_AUTH || mh[off + 1] != AUTH_OPT_LEN ||
	    mh[off + 2] != MH_AUTH_MN_HA)
		return -1;
	return (long)off;
}

bool auth_mnha_verify(const uint8_t *key, size_t keylen,
		      const struct in6_addr *coa, const struct in6_addr *hoa,
		      const uint8_t *mh, size_t len, const struct mh_msg *m)
{
	uint8_t want[MH_AUTH_DATA_LEN];
	bool ok;
	long off;

	if (!mh || !m)
		return false;
	off = mnha_opt_off(mh, len, m);
	if (off < 0)
		return false;
	if (auth_mnha_compute(key, keylen, coa, hoa, mh,
			      mh_auth_covered((uint16_t)off), want))
		return false;
	/* 5.1.1: "MUST verify the authentication data"; constant time. */
	ok = !CRYPTO_memcmp(want, m->auth.data, MH_AUTH_DATA_LEN);
	OPENSSL_cleanse(want, sizeof(want));
	return ok;
}

int auth_mnha_sign(const uint8_t *key, size_t keylen,
		   const struct in6_addr *coa, const struct in6_addr *hoa,
		   uint8_t *mh, size_t len, struct mh_msg *m)
{
	uint8_t data[MH_AUTH_DATA_LEN];
	size_t covered;
	long off;

	if (!mh || !m)
		return -1;
	off = mnha_opt_off(mh, len, m);
	if (off < 0)
		return -1;
	covered = mh_auth_covered((uint16_t)off);
	if (auth_mnha_compute(key, keylen, coa, hoa, mh, covered, data))
		return -1;
	/* The data follows the SPI, right where the covered part ends. */
	memcpy(mh + covered, data, MH_AUTH_DATA_LEN);
	memcpy(m->auth.data, data, MH_AUTH_DATA_LEN);
	OPENSSL_cleanse(data, sizeof(data));
	return 0;
}

/*
 * NTP timestamp format (RFC 1305, RFC 5905 6): 32 bits of seconds since
 * 1900-01-01 00:00 UTC, 32 bits of fraction. The Unix epoch is
 * 2208988800 s after the NTP one. The seconds are taken modulo 2^32:
 * from 2036-02-07 06:28:16 UTC on they restart from 0 (NTP era 1);
 * replay_check() compares modulo 2^64 so that the rollover is harmless.
 *
 * The fraction is floor(tv_nsec * 2^32 / 10^9): nanoseconds give about
 * 30 significant bits; RFC 4285 6 says the bits "not available from a
 * time source SHOULD be generated from a good source of randomness",
 * which is left to the caller (this function is pure). An out of range
 * tv_nsec is normalized into the seconds.
 */
#define NTP_UNIX_OFFSET	2208988800ULL
#define NSEC_PER_SEC	1000000000LL

uint64_t ntp_from_timespec(const struct timespec *ts)
{
	int64_t sec = ts->tv_sec, nsec = ts->tv_nsec;
	uint64_t hi, lo;

	sec += nsec / NSEC_PER_SEC;
	nsec %= NSEC_PER_SEC;
	if (nsec < 0) {
		nsec += NSEC_PER_SEC;
		sec--;
	}
	hi = ((uint64_t)sec + NTP_UNIX_OFFSET) & 0xffffffffULL;
	lo = ((uint64_t)nsec << 32) / (uint64_t)NSEC_PER_SEC;
	return hi << 32 | lo;
}

/*
 * RFC 4285 6: "In order to be valid, the timestamp contained in the
 * Timestamp field MUST be close enough to the Home Agent's time-of-day
 * clock and the timestamp MUST be greater than all previously accepted
 * timestamps for the requesting Mobile Node."
 *
 * Precision: both tests use all 64 bits (1/2^32 s), not only the
 * seconds: ts is close enough iff |ts - now| <= window * 2^32, so a
 * timestamp exactly window seconds away is accepted and one 2^-32 s
 * further is not (comparing only the high 32 bits would widen the
 * window by up to one second on either side).
 *
 * Both differences are taken modulo 2^64 and read as signed (serial
 * number arithmetic), so the test keeps working across the NTP era
 * rollover of 2036; "greater than last" therefore means "at most 2^63
 * units (about 68 years) after last", which the window bounds anyway.
 *
 * Order: a timestamp that is not newer than the last accepted one is
 * reported as REPLAY_NOT_NEWER (a replay) even if it is also out of the
 * window. last == 0 means that no timestamp was accepted yet.
 */
enum replay_verdict replay_check(uint64_t ts, uint64_t now, uint64_t last,
				 unsigned int window)
{
	uint64_t d = ts - now, span = (uint64_t)window << 32;

	if (last && (int64_t)(ts - last) <= 0)
		return REPLAY_NOT_NEWER;
	if ((int64_t)d < 0)
		d = -d;		/* |ts - now|, fits: 2^63 at most */
	if (d > span)
		return REPLAY_SKEW;
	return REPLAY_OK;
}

/*
 * RFC 4285 6: "If the timestamp is not valid, the Home Agent copies
 * only the low-order 32 bits into the BA, and supplies the high-order
 * 32 bits from its own time of day."
 */
uint64_t replay_resync(uint64_t received, uint64_t now)
{
	return (now & 0xffffffff00000000ULL) | (received & 0xffffffffULL);
}

/*
 * RFC 6275 5.2.5:
 *   home keygen token :=
 *     First (64, HMAC_SHA1 (Kcn, (home address | nonce | 0)))
 *   care-of keygen token :=
 *     First (64, HMAC_SHA1 (Kcn, (care-of address | nonce | 1)))
 * where 'The final "0" inside the HMAC_SHA1 function is a single zero
 * octet' and the final "1" 'is a single octet containing the hex value
 * 0x01'.
 */
int rr_keygen_token(const uint8_t kcn[RR_KCN_LEN], const struct in6_addr *addr,
		    const uint8_t nonce[RR_NONCE_LEN], bool care_of,
		    uint8_t out[MH_TOKEN_LEN])
{
	const uint8_t which = care_of ? 1 : 0;
	uint8_t full[SHA1_LEN];
	struct piece pc[3] = {
		{ addr, sizeof(*addr) },
		{ nonce, RR_NONCE_LEN },
		{ &which, 1 },
	};
	int ret;

	if (!kcn || !addr || !nonce || !out)
		return -1;
	ret = hmac_sha1(kcn, RR_KCN_LEN, pc, 3, full);
	if (!ret)
		memcpy(out, full, MH_TOKEN_LEN);	/* First(64, ...) */
	OPENSSL_cleanse(full, sizeof(full));
	return ret;
}

/*
 * RFC 6275 5.2.5:
 *   Kbm = SHA-1 (home keygen token | care-of keygen token)
 * and, when deregistering ("returning home"),
 *   Kbm = SHA-1(home keygen token)
 */
int rr_kbm(const uint8_t home_token[MH_TOKEN_LEN],
	   const uint8_t *coa_token, uint8_t out[RR_KBM_LEN])
{
	uint8_t in[2 * MH_TOKEN_LEN];
	size_t n = MH_TOKEN_LEN;
	unsigned int outl = 0;
	int ret = -1;

	if (!home_token || !out)
		return -1;
	memcpy(in, home_token, MH_TOKEN_LEN);
	if (coa_token) {
		memcpy(in + MH_TOKEN_LEN, coa_token, MH_TOKEN_LEN);
		n += MH_TOKEN_LEN;
	}
	if (EVP_Digest(in, n, out, &outl, EVP_sha1(), NULL) &&
	    outl == RR_KBM_LEN)
		ret = 0;
	OPENSSL_cleanse(in, sizeof(in));
	return ret;
}

/*
 * RFC 6275 6.2.7:
 *   Mobility Data = care-of address | correspondent | MH Data
 *   Authenticator = First (96, HMAC_SHA1 (Kbm, Mobility Data))
 *   "MH Data" is the content of the Mobility Header, excluding the
 *   Authenticator field itself. The Authenticator value is calculated
 *   as if the Checksum field in the Mobility Header was zero.
 * The BAD option is the last one and ends the message (8n+2 alignment,
 * 12 octets), so MH Data is the first covered = bad_off + 2 octets.
 */
int rr_bad_compute(const uint8_t kbm[RR_KBM_LEN], const struct in6_addr *coa,
		   const struct in6_addr *cn, const uint8_t *mh, size_t covered,
		   uint8_t out[MH_BAD_LEN])
{
	if (!kbm || !coa || !cn || !mh || !out || covered < MH_HDR_MIN)
		return -1;
	return mh_mac96(kbm, RR_KBM_LEN, coa, cn, mh, covered, out);
}

/*
 * Offset of the authenticator of the BAD option of m in a message of
 * len octets, or -1: the option must be where the parser or builder
 * found it, with its type and length octets (authenticated data).
 */
static long bad_data_off(const uint8_t *mh, size_t len, const struct mh_msg *m)
{
	size_t off;

	if (!(m->opts & MH_OPT(MHOPT_BAD)))
		return -1;
	off = m->bad_off;
	if (off < MH_HDR_MIN || len < off || len - off < 2 + MH_BAD_LEN)
		return -1;
	if (mh[off] != MHOPT_BAD || mh[off + 1] != MH_BAD_LEN)
		return -1;
	return (long)off + 2;
}

bool rr_bad_verify(const uint8_t kbm[RR_KBM_LEN], const struct in6_addr *coa,
		   const struct in6_addr *cn, const uint8_t *mh, size_t len,
		   const struct mh_msg *m)
{
	uint8_t want[MH_BAD_LEN];
	bool ok;
	long off;

	if (!mh || !m)
		return false;
	off = bad_data_off(mh, len, m);
	if (off < 0 || rr_bad_compute(kbm, coa, cn, mh, (size_t)off, want))
		return false;
	/* 9.5.1: "MUST ... verify the Binding Authorization Data" */
	ok = !CRYPTO_memcmp(want, m->bad, MH_BAD_LEN);
	OPENSSL_cleanse(want, sizeof(want));
	return ok;
}

int rr_bad_sign(const uint8_t kbm[RR_KBM_LEN], const struct in6_addr *coa,
		const struct in6_addr *cn, uint8_t *mh, size_t len,
		struct mh_msg *m)
{
	long off;

	if (!mh || !m)
		return -1;
	off = bad_data_off(mh, len, m);
	if (off < 0 || rr_bad_compute(kbm, coa, cn, mh, (size_t)off, m->bad))
		return -1;
	memcpy(mh + off, m->bad, MH_BAD_LEN);
	return 0;
}
