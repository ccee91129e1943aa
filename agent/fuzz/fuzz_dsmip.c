// SPDX-License-Identifier: GPL-2.0
/*
 * fuzz_dsmip.c - libFuzzer target for the DSMIPv6 UDP payload codec
 * (dsmip.c): the IPv6 packet with a Mobility Header that a mobile node
 * and its home agent exchange in UDP over IPv4 (RFC 5555 4.1, 4.2).
 *
 * 1. The input as a UDP payload. Refused: with a known reason. Accepted:
 *    the MH is the rest of the input, its Header Len says so (mh_parse()
 *    then never finds fault with its framing), the addresses are none
 *    the codec refuses; rebuilt with dsmip_build() from the parse into
 *    a heap buffer of exactly its size, and in place, it comes back
 *    octet for octet but for Traffic Class and Flow Label (not kept,
 *    written as 0); a buffer one octet short is refused untouched (ASan
 *    catches a write past it). The MH goes to mh_parse() with the inner
 *    addresses as its pseudo-header.
 * 2. The input as a Mobility Header: wrapped with dsmip_build(), it
 *    parses back exactly when its own framing is right (at least 8
 *    octets, (Header Len + 1) * 8 of them), and then to the same octets.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dsmip.h"
#include "mh.h"

#define FAIL(...)							\
	do {								\
		fprintf(stderr, "fuzz_dsmip: " __VA_ARGS__);		\
		fputc('\n', stderr);					\
		abort();						\
	} while (0)

static const struct in6_addr hoa = { .s6_addr = {
	0x20, 0x01, 0x0d, 0xb8, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0 } };
static const struct in6_addr ha = { .s6_addr = {
	0x20, 0x01, 0x0d, 0xb8, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1 } };

static struct mh_msg m;

/* The rebuilt packet is the input with Traffic Class and Flow Label 0. */
static void check_same(const uint8_t *out, const uint8_t *data, size_t size,
		       const char *how)
{
	if (out[0] != 0x60 || out[1] || out[2] || out[3] ||
	    memcmp(out + 4, data + 4, size - 4))
		FAIL("%s rebuild differs from the input", how);
}

static void as_payload(const uint8_t *data, size_t size)
{
	struct dsmip_pkt p;
	uint8_t *out;
	int err, n;

	err = dsmip_parse(data, size, &p);
	if (err) {
		if (err >= 0 || err <= -DSMIP_ERR_MAX ||
		    err == -DSMIP_ERR_NOSPACE ||
		    !strcmp(dsmip_strerror(err), "unknown error"))
			FAIL("parse returned %d", err);
		return;
	}
	if (size < DSMIP_IP6_HDR_LEN + 8 || size > DSMIP_MAX_LEN ||
	    p.mh != data + DSMIP_IP6_HDR_LEN ||
	    p.mh_len != size - DSMIP_IP6_HDR_LEN ||
	    ((size_t)p.mh[1] + 1) * 8 != p.mh_len || data[0] >> 4 != 6 ||
	    data[6] != IPPROTO_MH || p.hop_limit != data[7] ||
	    memcmp(&p.src, data + 8, 16) || memcmp(&p.dst, data + 24, 16) ||
	    p.src.s6_addr[0] == 0xff || p.dst.s6_addr[0] == 0xff)
		FAIL("accepted packet with the wrong fields");

	out = malloc(size);
	if (!out)
		return;
	n = dsmip_build(out, size, &p.src, &p.dst, p.hop_limit, p.mh,
			p.mh_len);
	if (n != (int)size)
		FAIL("rebuild returned %d, not %zu", n, size);
	check_same(out, data, size, "the");
	/* in place: everything it is given points into the buffer */
	memcpy(out, data, size);
	n = dsmip_build(out, size, (const struct in6_addr *)(out + 8),
			(const struct in6_addr *)(out + 24), out[7], out + 40,
			size - DSMIP_IP6_HDR_LEN);
	if (n != (int)size)
		FAIL("in-place rebuild returned %d", n);
	check_same(out, data, size, "the in-place");
	free(out);
	out = malloc(size - 1);
	if (!out)
		return;
	memset(out, 0xee, size - 1);
	if (dsmip_build(out, size - 1, &p.src, &p.dst, p.hop_limit, p.mh,
			p.mh_len) != -DSMIP_ERR_NOSPACE)
		FAIL("rebuild one octet short not refused");
	for (n = 0; n < (int)size - 1; n++)
		if (out[n] != 0xee)
			FAIL("short rebuild wrote octet %d", n);
	free(out);

	/* the caller's next step; the framing was checked already */
	err = mh_parse(p.mh, p.mh_len, &p.src, &p.dst, &m);
	if (err == MH_ERR_SHORT || err == MH_ERR_HDRLEN)
		FAIL("mh_parse: %s", mh_strerror(err));
	err = mh_parse(p.mh, p.mh_len, NULL, NULL, &m);
	if (err == MH_ERR_SHORT || err == MH_ERR_HDRLEN)
		FAIL("mh_parse without checksum: %s", mh_strerror(err));
}

static void as_mh(const uint8_t *data, size_t size)
{
	struct dsmip_pkt p;
	bool framed;
	uint8_t *out;
	int n;

	if (size > 0xffff)
		return;
	out = malloc(DSMIP_IP6_HDR_LEN + size);
	if (!out)
		return;
	n = dsmip_build(out, DSMIP_IP6_HDR_LEN + size, &hoa, &ha, 64, data,
			size);
	if (n != (int)(DSMIP_IP6_HDR_LEN + size))
		FAIL("wrapping %zu octets returned %d", size, n);
	framed = size >= 8 && ((size_t)data[1] + 1) * 8 == size;
	n = dsmip_parse(out, DSMIP_IP6_HDR_LEN + size, &p);
	if (framed != (n == 0))
		FAIL("wrapped MH of %zu octets: %s", size, dsmip_strerror(n));
	if (!n && (p.mh_len != size || memcmp(p.mh, data, size) ||
		   memcmp(&p.src, &hoa, 16) || memcmp(&p.dst, &ha, 16) ||
		   p.hop_limit != 64))
		FAIL("wrapped MH comes back different");
	free(out);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	as_payload(data, size);
	as_mh(data, size);
	return 0;
}
