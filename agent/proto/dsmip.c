// SPDX-License-Identifier: GPL-2.0
/*
 * dsmip.c - Dual-Stack Mobile IPv6 signalling in UDP over IPv4 (see
 * dsmip.h).
 *
 * RFC 5555 4.1 (the UDP tunnelling format: IPv4, UDP, then the IPv6
 * packet, whose version field tells it from IPv4), 4.2 (NAT detection:
 * the BU's outer IPv4 source against its IPv4 Care-of Address option;
 * the BA comes back the same way), 4.3 and 6 (NAT keepalives,
 * NATKATIMEOUT), 4.4.2 (the BU sent from an IPv4-only link: IPv6
 * source the home address, destination the home agent). Pure
 * functions: no I/O, no allocation, no state but the table below.
 *
 * What is refused, and why:
 *
 *  - anything but exactly one IPv6 header and one Mobility Header: the
 *    Payload Length must account for every octet of the datagram (the
 *    UDP length delimits it; a shorter or longer one is damaged or
 *    forged), the Next Header must be 135 itself. RFC 5555 4.2 draws
 *    an ESP header there when IPsec protects the signalling; that is
 *    not handled here and is refused as another next header.
 *  - a Mobility Header whose Header Len disagrees with its length
 *    (RFC 6275 6.1.1), as mh_parse() would; checked here already so
 *    that the length is right before the caller looks inside.
 *  - a multicast, unspecified or loopback source and a multicast or
 *    unspecified destination (RFC 4291 2.5.2, 2.5.3, 2.7): no BU or BA
 *    has them.
 *
 * The Mobility Header checksum is left to mh_parse(), given p.src and
 * p.dst (its pseudo-header is the inner IPv6 header's, 6.1.1).
 */
#include <string.h>

#include "dsmip.h"

/* (Header Len + 1) * 8 with Header Len at most 255 (6.1.1) */
_Static_assert(MH_MAX_LEN == 256 * 8, "DSMIP_MAX_LEN assumes MH_MAX_LEN");

static const char *const dsmip_err_names[DSMIP_ERR_MAX] = {
	[DSMIP_OK]		= "ok",
	[DSMIP_ERR_TRUNC]	= "truncated",
	[DSMIP_ERR_VERSION]	= "not IPv6",
	[DSMIP_ERR_LEN]		= "length mismatch",
	[DSMIP_ERR_NEXTHDR]	= "not a mobility header",
	[DSMIP_ERR_MHLEN]	= "mobility header length mismatch",
	[DSMIP_ERR_ADDR]	= "bad address",
	[DSMIP_ERR_NOSPACE]	= "no space",
};

const char *dsmip_strerror(int err)
{
	if (err < 0 && err > -DSMIP_ERR_MAX)
		err = -err;
	if (err < 0 || err >= DSMIP_ERR_MAX || !dsmip_err_names[err])
		return "unknown error";
	return dsmip_err_names[err];
}

static bool addr_unspecified(const struct in6_addr *a)
{
	static const struct in6_addr any;

	return !memcmp(a, &any, sizeof(any));
}

static bool addr_loopback(const struct in6_addr *a)
{
	static const struct in6_addr lo = { .s6_addr = { [15] = 1 } };

	return !memcmp(a, &lo, sizeof(lo));
}

static bool addr_multicast(const struct in6_addr *a)
{
	return a->s6_addr[0] == 0xff;
}

int dsmip_parse(const uint8_t *buf, size_t len, struct dsmip_pkt *p)
{
	size_t mh_len;

	if (!buf || len < DSMIP_IP6_HDR_LEN)
		return -DSMIP_ERR_TRUNC;
	/* 4.1: "the receiver parses the version field following the UDP
	 * header"; an IPv4 packet is not signalling */
	if (buf[0] >> 4 != 6)
		return -DSMIP_ERR_VERSION;
	mh_len = len - DSMIP_IP6_HDR_LEN;
	if (((size_t)buf[4] << 8 | buf[5]) != mh_len)
		return -DSMIP_ERR_LEN;
	if (buf[6] != IPPROTO_MH)
		return -DSMIP_ERR_NEXTHDR;
	if (mh_len < DSMIP_MH_MIN_LEN)
		return -DSMIP_ERR_TRUNC;
	if (((size_t)buf[DSMIP_IP6_HDR_LEN + 1] + 1) * 8 != mh_len)
		return -DSMIP_ERR_MHLEN;
	memcpy(&p->src, buf + 8, 16);
	memcpy(&p->dst, buf + 24, 16);
	if (addr_multicast(&p->src) || addr_unspecified(&p->src) ||
	    addr_loopback(&p->src) || addr_multicast(&p->dst) ||
	    addr_unspecified(&p->dst))
		return -DSMIP_ERR_ADDR;
	p->hop_limit = buf[7];
	p->mh = buf + DSMIP_IP6_HDR_LEN;
	p->mh_len = mh_len;
	return 0;
}

int dsmip_build(uint8_t *buf, size_t cap, const struct in6_addr *src,
		const struct in6_addr *dst, uint8_t hop_limit,
		const uint8_t *mh, size_t mh_len)
{
	struct in6_addr s = *src, d = *dst;

	if (mh_len > 0xffff || cap < DSMIP_IP6_HDR_LEN ||
	    mh_len > cap - DSMIP_IP6_HDR_LEN)
		return -DSMIP_ERR_NOSPACE;
	/* src, dst and mh may all point into buf (a message built in
	 * place at buf + 40, a packet rebuilt from its own parse): the
	 * addresses are read first, the message moved before the header
	 * is written */
	if (mh_len)
		memmove(buf + DSMIP_IP6_HDR_LEN, mh, mh_len);
	memcpy(buf + 8, &s, 16);
	memcpy(buf + 24, &d, 16);
	buf[0] = 6 << 4;		/* version 6, Traffic Class 0 */
	buf[1] = 0;			/* Flow Label 0 */
	buf[2] = 0;
	buf[3] = 0;
	buf[4] = (uint8_t)(mh_len >> 8);
	buf[5] = (uint8_t)mh_len;
	buf[6] = IPPROTO_MH;
	buf[7] = hop_limit;
	return (int)(DSMIP_IP6_HDR_LEN + mh_len);
}

bool dsmip_nat_detected(const struct in_addr *outer_src,
			const uint8_t v4coa[4])
{
	/* both in network byte order */
	return memcmp(&outer_src->s_addr, v4coa, 4) != 0;
}

uint32_t dsmip_keepalive_s(bool have_natd, uint32_t refresh_time,
			   uint32_t fallback_s)
{
	if (!have_natd || refresh_time == 0)	/* 3.2.2: 0 is ignored */
		return fallback_s;
	if (refresh_time == MH_NATD_NO_REFRESH)	/* all 1s: none needed */
		return 0;
	return refresh_time;			/* 4.3: SHOULD use it */
}
