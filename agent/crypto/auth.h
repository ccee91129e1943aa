/* SPDX-License-Identifier: GPL-2.0 */
/*
 * auth.h - the cryptography of Mobile IPv6 signalling, as pure functions
 * over libcrypto (HMAC-SHA1, SHA-1):
 *   - RFC 4285 5.1 MN-HA authenticator and 6 timestamp replay protection;
 *   - RFC 6275 5.2 return routability: keygen tokens, Kbm, the Binding
 *     Authorization Data authenticator.
 */
#ifndef IPMOB_AUTH_H
#define IPMOB_AUTH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>
#include <netinet/in.h>

#include "mh.h"

#define AUTH_KEY_MAX		64	/* longest MN-HA shared key accepted */
#define AUTH_REPLAY_WINDOW	7	/* RFC 4285 6: default "close enough", s */
#define RR_KCN_LEN		20	/* 5.2.1 */
#define RR_NONCE_LEN		8
#define RR_KBM_LEN		20	/* SHA-1 output */

/*
 * RFC 4285 5.1: Authentication Data = First(96, HMAC_SHA1(key,
 * care-of address | home address | MH Data)), where MH Data is the
 * message from its first octet up to and including the SPI of the AUTH
 * option (covered = mh_auth_covered(auth_off)) with the Checksum field
 * taken as zero (whatever buf holds there). Returns 0, -1 on a libcrypto
 * failure or covered < 6.
 */
int auth_mnha_compute(const uint8_t *key, size_t keylen,
		      const struct in6_addr *coa, const struct in6_addr *hoa,
		      const uint8_t *mh, size_t covered,
		      uint8_t out[MH_AUTH_DATA_LEN]);

/*
 * Verify the AUTH option of a parsed message m (mh/len as parsed):
 * true if present with subtype MN-HA and the data matches (constant
 * time comparison).
 */
bool auth_mnha_verify(const uint8_t *key, size_t keylen,
		      const struct in6_addr *coa, const struct in6_addr *hoa,
		      const uint8_t *mh, size_t len, const struct mh_msg *m);

/*
 * Compute the authenticator of a message built by mh_build() with AUTH
 * present and store it in the message (buf) and in m->auth.data.
 */
int auth_mnha_sign(const uint8_t *key, size_t keylen,
		   const struct in6_addr *coa, const struct in6_addr *hoa,
		   uint8_t *mh, size_t len, struct mh_msg *m);

/* NTP 64-bit timestamp (seconds since 1900 << 32 | fraction). */
uint64_t ntp_from_timespec(const struct timespec *ts);

enum replay_verdict {
	REPLAY_OK = 0,
	REPLAY_NOT_NEWER,	/* not greater than the last accepted one */
	REPLAY_SKEW,		/* further than window seconds from now */
};

/*
 * RFC 4285 6: a timestamp is valid if it is within window seconds of
 * now and greater than last (the last accepted one; 0 = none).
 */
enum replay_verdict replay_check(uint64_t ts, uint64_t now, uint64_t last,
				 unsigned int window);

/*
 * RFC 4285 6: the timestamp a home agent returns for an invalid one:
 * its own high 32 bits, the low 32 bits of the received one.
 */
uint64_t replay_resync(uint64_t received, uint64_t now);

/* 5.2.5: First(64, HMAC_SHA1(Kcn, addr | nonce | 0 or 1)). */
int rr_keygen_token(const uint8_t kcn[RR_KCN_LEN], const struct in6_addr *addr,
		    const uint8_t nonce[RR_NONCE_LEN], bool care_of,
		    uint8_t out[MH_TOKEN_LEN]);

/*
 * 5.2.5: Kbm = SHA1(home keygen token | care-of keygen token), or
 * SHA1(home keygen token) when coa_token is NULL (deregistration).
 */
int rr_kbm(const uint8_t home_token[MH_TOKEN_LEN],
	   const uint8_t *coa_token, uint8_t out[RR_KBM_LEN]);

/*
 * 6.2.7: Authenticator = First(96, HMAC_SHA1(Kbm, care-of address |
 * correspondent | MH Data)), MH Data being the whole message with the
 * Checksum taken as zero and the authenticator field itself excluded
 * (covered = the BAD option's data offset, m->bad_off + 2).
 */
int rr_bad_compute(const uint8_t kbm[RR_KBM_LEN], const struct in6_addr *coa,
		   const struct in6_addr *cn, const uint8_t *mh, size_t covered,
		   uint8_t out[MH_BAD_LEN]);

/*
 * Verify the BAD option of a parsed message (m from mh_parse of mh,
 * len); sign a built one (m from mh_build, its authenticator written
 * into mh and m->bad). coa and cn are the addresses of 6.2.7: the
 * care-of address and the correspondent.
 */
bool rr_bad_verify(const uint8_t kbm[RR_KBM_LEN], const struct in6_addr *coa,
		   const struct in6_addr *cn, const uint8_t *mh, size_t len,
		   const struct mh_msg *m);
int rr_bad_sign(const uint8_t kbm[RR_KBM_LEN], const struct in6_addr *coa,
		const struct in6_addr *cn, uint8_t *mh, size_t len,
		struct mh_msg *m);

#endif /* IPMOB_AUTH_H */
