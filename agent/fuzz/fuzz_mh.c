// SPDX-License-Identifier: GPL-2.0
/*
 * fuzz_mh.c - libFuzzer target for the Mobility Header codec (mh.c).
 *
 * 1. The input as a message: parsed without and with the checksum
 *    (the two verdicts must agree but for MH_ERR_CSUM). A message that
 *    parses is rebuilt with mh_build() and parsed again: the decoded
 *    fields must be equal. What may legitimately differ: unknown
 *    options are dropped (unknown_opts becomes 0), options come back in
 *    canonical order with canonical padding, so the AUTH and BAD
 *    offsets and the length may change. Rebuilding the rebuilt message
 *    must give the same octets (the canonical form is a fixed point),
 *    and a buffer one octet short must be refused untouched past cap.
 *    A message with a Traffic Selector of an unknown format is not
 *    rebuilt (the codec keeps only the format's number; mh.h).
 * 2. The input as a struct mh_msg: built into a heap buffer of a size
 *    taken from the input (ASan catches a write past cap); whatever
 *    builds must parse back to the same fields.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mh.h"
#include "../tests/mh_eq.h"

#define KNOWN	MH_OPTS_KNOWN

static const struct in6_addr src = { .s6_addr = {
	0x20, 0x01, 0x0d, 0xb8, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0 } };
static const struct in6_addr dst = { .s6_addr = {
	0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1 } };

#define FAIL(...)							\
	do {								\
		fprintf(stderr, "fuzz_mh: " __VA_ARGS__);		\
		fputc('\n', stderr);					\
		abort();						\
	} while (0)

/* Offsets reported by parse/build point at the right option type. */
static void check_offsets(const uint8_t *b, size_t len, const struct mh_msg *m)
{
	if (m->opts & MH_OPT(MHOPT_AUTH)) {
		if (m->auth.off + 19u > len || b[m->auth.off] != MHOPT_AUTH ||
		    m->auth.off % 4 != 1 || mh_auth_covered(m->auth.off) > len)
			FAIL("auth.off %u", m->auth.off);
	} else if (m->auth.off) {
		FAIL("auth.off without AUTH");
	}
	if (m->opts & MH_OPT(MHOPT_BAD)) {
		if (m->bad_off + 14u != len || b[m->bad_off] != MHOPT_BAD)
			FAIL("bad_off %u", m->bad_off);
	} else if (m->bad_off) {
		FAIL("bad_off without BAD");
	}
}

/* The verdict with the checksum follows the one without it. */
static void check_csum_verdict(int plain, int csum)
{
	if (csum == plain)
		return;
	if (csum == MH_ERR_CSUM && plain != MH_ERR_SHORT &&
	    plain != MH_ERR_HDRLEN && plain != MH_ERR_PROTO)
		return;
	FAIL("verdicts %d (%s) and %d (%s) with checksum", plain,
	     mh_strerror(plain), csum, mh_strerror(csum));
}

/* A parsed message, with its checksum filled in, parses the same. */
static void check_finish(const uint8_t *data, size_t size,
			 const struct mh_msg *m1)
{
	uint8_t b[MH_MAX_LEN];
	struct mh_msg m;

	memcpy(b, data, size);
	mh_finish(b, size, &src, &dst);
	if (mh_parse(b, size, &src, &dst, &m) != MH_OK)
		FAIL("finished message does not verify");
	if (!msg_eq(m1, &m) || m.unknown_opts != m1->unknown_opts ||
	    m.auth.off != m1->auth.off || m.bad_off != m1->bad_off)
		FAIL("finished message differs");
}

static void check_rebuild(const struct mh_msg *m1)
{
	uint8_t b2[MH_MAX_LEN], b3[MH_MAX_LEN], *h;
	struct mh_msg c = *m1, m2, m3;
	int n2, n3, r;

	n2 = mh_build(&c, b2, sizeof(b2));
	if (n2 <= 0 || n2 % 8)
		FAIL("rebuild: %d (%s)", n2, mh_strerror(n2));
	r = mh_parse(b2, (size_t)n2, NULL, NULL, &m2);
	if (r != MH_OK)
		FAIL("reparse: %s", mh_strerror(r));
	if (!msg_eq(m1, &m2))
		FAIL("reparse: fields differ");
	if (m2.unknown_opts || m2.payload_proto != MH_PAYLOAD_NONE)
		FAIL("reparse: unknown options or payload proto");
	if (m2.auth.off != c.auth.off || m2.bad_off != c.bad_off)
		FAIL("reparse: offsets differ from the builder's");
	check_offsets(b2, (size_t)n2, &m2);

	m3 = m2;
	n3 = mh_build(&m3, b3, sizeof(b3));
	if (n3 != n2 || memcmp(b2, b3, (size_t)n2))
		FAIL("canonical form is not a fixed point");

	/* one octet short, in a heap block of exactly that size */
	h = malloc((size_t)n2 - 1);
	if (!h)
		return;
	r = mh_build(&m3, h, (size_t)n2 - 1);
	free(h);
	if (r != -MH_ERR_NOSPACE)
		FAIL("short buffer: %d", r);
}

static void fuzz_parse(const uint8_t *data, size_t size)
{
	struct mh_msg m1, mc;
	int r1, rc;

	r1 = mh_parse(data, size, NULL, NULL, &m1);
	rc = mh_parse(data, size, &src, &dst, &mc);
	check_csum_verdict(r1, rc);
	if (!mh_strerror(r1) || !mh_strerror(-r1))
		FAIL("strerror");
	if (r1 == MH_ERR_TYPE && mh_type_known(m1.type))
		FAIL("MH_ERR_TYPE with a known type");
	if (r1 != MH_OK)
		return;
	if (!mh_type_name(m1.type) || m1.payload_proto != MH_PAYLOAD_NONE ||
	    (m1.opts & ~KNOWN) || size % 8)
		FAIL("accepted an odd message");
	if (m1.type == MH_BA)
		(void)mh_ba_status_name(m1.ba.status);
	if (rc == MH_OK && (!msg_eq(&m1, &mc) || mc.auth.off != m1.auth.off))
		FAIL("checksum verification changed the fields");
	check_offsets(data, size, &m1);
	check_finish(data, size, &m1);
	if (mh_rebuildable(&m1))
		check_rebuild(&m1);
}

/* The input as the fields of a message to build. */
static void fuzz_build(const uint8_t *data, size_t size)
{
	struct mh_msg m, p;
	size_t cap;
	uint8_t *b;
	int n, r;

	if (size < 2)
		return;
	cap = (size_t)data[0] * 2 + (data[1] & 1);
	memset(&m, 0, sizeof(m));
	memcpy(&m, data + 2, size - 2 < sizeof(m) ? size - 2 : sizeof(m));
	if (!(data[1] & 2))
		m.opts &= KNOWN;
	if ((m.opts & MH_OPT(MHOPT_AUTH)) && (data[1] & 4))
		m.opts &= ~MH_OPT(MHOPT_BAD);
	b = malloc(cap ? cap : 1);
	if (!b)
		return;
	n = mh_build(&m, cap ? b : NULL, cap);
	if (n < 0) {
		if (n != -MH_ERR_NOSPACE && n != -MH_ERR_INVAL)
			FAIL("build: %d", n);
		free(b);
		return;
	}
	if ((size_t)n > cap || n % 8 || !mh_type_known(m.type))
		FAIL("build returned %d for cap %zu", n, cap);
	mh_finish(b, (size_t)n, &src, &dst);
	r = mh_parse(b, (size_t)n, &src, &dst, &p);
	if (m.payload_proto && m.payload_proto != MH_PAYLOAD_NONE) {
		if (r != MH_ERR_PROTO)
			FAIL("payload proto %u: %d", m.payload_proto, r);
	} else if (r != MH_OK || !msg_eq(&m, &p) ||
		   p.auth.off != m.auth.off || p.bad_off != m.bad_off) {
		FAIL("built message parses as %d (%s) or differs", r,
		     mh_strerror(r));
	}
	free(b);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_parse(data, size);
	fuzz_build(data, size);
	return 0;
}
