// SPDX-License-Identifier: GPL-2.0
/*
 * authvec.c - a driver for cross-checking auth.c (tests/check_auth.py):
 * reads one request per line on stdin (or one from the arguments) and
 * prints one result line for each:
 *
 *   mnha KEYHEX COA HOA MHHEX COVERED      -> 12 octets hex
 *   token KCNHEX ADDR NONCEHEX 0|1         -> 8 octets hex
 *   kbm HTHEX [CTHEX]                      -> 20 octets hex
 *   bad KBMHEX COA CN MHHEX COVERED        -> 12 octets hex
 *   sign KEYHEX COA HOA MHHEX AUTHOFF      -> the signed message, hex
 *   verify KEYHEX COA HOA MHHEX AUTHOFF    -> 1 or 0
 *   ntp SEC NSEC                           -> 16 hex digits
 *   replay TS NOW LAST WINDOW              -> OK, NOT_NEWER or SKEW
 *   resync RECEIVED NOW                    -> 16 hex digits
 *
 * Addresses are IPv6 text, TS/NOW/LAST/RECEIVED 64-bit hex, the other
 * numbers decimal; "-" stands for an empty hex string. For sign and verify the struct mh_msg is filled as
 * a parser would from the AUTH option at AUTHOFF. A failing function
 * prints "ERR"; a function that modified its input message "MODIFIED";
 * a malformed request "BAD REQUEST".
 */
#define _GNU_SOURCE
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth.h"
#include "util.h"

#define MAX_ARGS	8

/* Hex string into out (cap octets); -1 if odd, too long or not hex. */
static long unhex(const char *s, uint8_t *out, size_t cap)
{
	size_t n = 0, slen;

	if (!strcmp(s, "-"))
		return 0;
	slen = strlen(s);
	if (slen % 2 || slen / 2 > cap)
		return -1;
	for (; *s; s += 2) {
		char b[3] = { s[0], s[1], 0 };
		char *end;

		if (!strchr("0123456789abcdefABCDEF", s[0]) ||
		    !strchr("0123456789abcdefABCDEF", s[1]))
			return -1;
		out[n++] = (uint8_t)strtoul(b, &end, 16);
	}
	return (long)n;
}

static void puthex(const uint8_t *p, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		printf("%02x", p[i]);
	putchar('\n');
}

static int num64x(const char *s, uint64_t *out)
{
	char *end;

	if (!*s || strlen(s) > 16)
		return -1;
	*out = strtoull(s, &end, 16);
	return *end ? -1 : 0;
}

/* The AUTH option at off as mh_parse() would present it. */
static void auth_msg(const uint8_t *mh, size_t len, uint16_t off,
		     struct mh_msg *m)
{
	memset(m, 0, sizeof(*m));
	m->type = len > 2 ? mh[2] : 0;
	m->opts = MH_OPT(MHOPT_AUTH);
	m->auth.off = off;
	if ((size_t)off + 7 + MH_AUTH_DATA_LEN <= len) {
		m->auth.subtype = mh[off + 2];
		m->auth.spi = (uint32_t)mh[off + 3] << 24 |
			      (uint32_t)mh[off + 4] << 16 |
			      (uint32_t)mh[off + 5] << 8 | mh[off + 6];
		memcpy(m->auth.data, mh + off + 7, MH_AUTH_DATA_LEN);
	}
}

static void request(int argc, char **argv)
{
	static uint8_t mh[MH_MAX_LEN], copy[MH_MAX_LEN];
	uint8_t key[AUTH_KEY_MAX + 1], b1[RR_KBM_LEN], b2[RR_KBM_LEN];
	uint8_t out[RR_KBM_LEN];
	struct in6_addr a1, a2;
	struct mh_msg m;
	uint64_t u1, u2, u3, u4;
	long klen, mlen, n1, n2;
	const char *cmd = argc ? argv[0] : "";

	if (!strcmp(cmd, "mnha") || !strcmp(cmd, "bad")) {
		int r;

		if (argc != 6 || parse_in6(argv[2], &a1) ||
		    parse_in6(argv[3], &a2) ||
		    (mlen = unhex(argv[4], mh, sizeof(mh))) < 0 ||
		    parse_uint(argv[5], (uint64_t)mlen, &u1))
			goto bad;
		memcpy(copy, mh, (size_t)mlen);
		if (cmd[0] == 'm') {
			klen = unhex(argv[1], key, sizeof(key));
			if (klen < 0)
				goto bad;
			r = auth_mnha_compute(key, (size_t)klen, &a1, &a2, mh,
					      (size_t)u1, out);
		} else {
			if (unhex(argv[1], key, sizeof(key)) != RR_KBM_LEN)
				goto bad;
			r = rr_bad_compute(key, &a1, &a2, mh, (size_t)u1, out);
		}
		if (memcmp(copy, mh, (size_t)mlen))
			puts("MODIFIED");
		else if (r)
			puts("ERR");
		else
			puthex(out, 12);
	} else if (!strcmp(cmd, "sign") || !strcmp(cmd, "verify")) {
		if (argc != 6 || (klen = unhex(argv[1], key, sizeof(key))) < 0 ||
		    parse_in6(argv[2], &a1) || parse_in6(argv[3], &a2) ||
		    (mlen = unhex(argv[4], mh, sizeof(mh))) < 0 ||
		    parse_uint(argv[5], UINT16_MAX, &u1))
			goto bad;
		auth_msg(mh, (size_t)mlen, (uint16_t)u1, &m);
		memcpy(copy, mh, (size_t)mlen);
		if (cmd[0] == 'v') {
			bool ok = auth_mnha_verify(key, (size_t)klen, &a1, &a2,
						   mh, (size_t)mlen, &m);

			puts(memcmp(copy, mh, (size_t)mlen) ? "MODIFIED" :
			     ok ? "1" : "0");
		} else if (auth_mnha_sign(key, (size_t)klen, &a1, &a2, mh,
					  (size_t)mlen, &m)) {
			puts(memcmp(copy, mh, (size_t)mlen) ? "MODIFIED" : "ERR");
		} else if (memcmp(mh + u1 + 7, m.auth.data, MH_AUTH_DATA_LEN)) {
			puts("MISMATCH");	/* buffer and m disagree */
		} else {
			puthex(mh, (size_t)mlen);
		}
	} else if (!strcmp(cmd, "token")) {
		if (argc != 5 || unhex(argv[1], key, sizeof(key)) != RR_KCN_LEN ||
		    parse_in6(argv[2], &a1) ||
		    unhex(argv[3], b1, sizeof(b1)) != RR_NONCE_LEN ||
		    parse_uint(argv[4], 1, &u1))
			goto bad;
		if (rr_keygen_token(key, &a1, b1, u1 == 1, out))
			puts("ERR");
		else
			puthex(out, MH_TOKEN_LEN);
	} else if (!strcmp(cmd, "kbm")) {
		if ((argc != 2 && argc != 3) ||
		    unhex(argv[1], b1, sizeof(b1)) != MH_TOKEN_LEN ||
		    (argc == 3 && unhex(argv[2], b2, sizeof(b2)) != MH_TOKEN_LEN))
			goto bad;
		if (rr_kbm(b1, argc == 3 ? b2 : NULL, out))
			puts("ERR");
		else
			puthex(out, RR_KBM_LEN);
	} else if (!strcmp(cmd, "ntp")) {
		struct timespec ts;
		char *e1, *e2;

		if (argc != 3)
			goto bad;
		n1 = strtol(argv[1], &e1, 10);
		n2 = strtol(argv[2], &e2, 10);
		if (!*argv[1] || !*argv[2] || *e1 || *e2)
			goto bad;
		ts.tv_sec = n1;
		ts.tv_nsec = n2;
		printf("%016" PRIx64 "\n", ntp_from_timespec(&ts));
	} else if (!strcmp(cmd, "replay")) {
		static const char *const name[] = {
			[REPLAY_OK] = "OK",
			[REPLAY_NOT_NEWER] = "NOT_NEWER",
			[REPLAY_SKEW] = "SKEW",
		};
		enum replay_verdict v;

		if (argc != 5 || num64x(argv[1], &u1) || num64x(argv[2], &u2) ||
		    num64x(argv[3], &u3) || parse_uint(argv[4], UINT32_MAX, &u4))
			goto bad;
		v = replay_check(u1, u2, u3, (unsigned int)u4);
		puts((unsigned int)v < 3 ? name[v] : "ERR");
	} else if (!strcmp(cmd, "resync")) {
		if (argc != 3 || num64x(argv[1], &u1) || num64x(argv[2], &u2))
			goto bad;
		printf("%016" PRIx64 "\n", replay_resync(u1, u2));
	} else {
		goto bad;
	}
	return;
bad:
	puts("BAD REQUEST");
}

static int split(char *line, char **argv)
{
	char *save = NULL, *t;
	int n = 0;

	for (t = strtok_r(line, " \t\r\n", &save); t;
	     t = strtok_r(NULL, " \t\r\n", &save)) {
		if (n == MAX_ARGS)
			return -1;
		argv[n++] = t;
	}
	return n;
}

int main(int argc, char **argv)
{
	char *line = NULL, *args[MAX_ARGS];
	size_t cap = 0;
	int n;

	if (argc > 1) {
		request(argc - 1, argv + 1);
		return 0;
	}
	while (getline(&line, &cap, stdin) > 0) {
		n = split(line, args);
		if (n < 0)
			puts("BAD REQUEST");
		else
			request(n, args);
	}
	free(line);
	return 0;
}
