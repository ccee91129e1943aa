// SPDX-License-Identifier: GPL-2.0
/*
 * fuzz_nd.c - libFuzzer target for the ICMPv6 codec (nd.c).
 *
 * Input: one control octet, then the ICMPv6 message.
 *   bits 0-1  addresses: 0 none (no checksum, no address rules),
 *             1 as given (checksum checked as it is),
 *             2, 3 checksum patched to be right, so that the address
 *             rules of RFC 4861 are reached
 *   bits 2-3  address pair: fe80::1 -> ff02::1, :: -> ff02::1:ff00:1,
 *             2001:db8::1 -> 2001:db8:1::100, fe80::1 -> fe80::2
 *   bits 4-5  hop limit: -1, 255, 64, 254
 *   bits 6-7  capacity of the short builds below
 *
 * A message that parses must build again (nd_build accepts everything
 * nd_parse produces), the build must parse to the same fields and build
 * to the same octets. What legitimately differs after one round trip:
 * unknown and repeated options are gone (unknown_opts 0), HAs and
 * prefixes beyond ND_MAX_* are gone (dropped 0), reserved bits and a
 * DHAAD request's trailing octets are zero, a link-layer address longer
 * than ND_LLA_MAX is cut, and a checksum of 0xffff is sent as 0x0000.
 * Builds into exactly sized heap buffers smaller than needed must fail
 * with ND_ERR_NOSPACE without writing past them (ASan). The same input
 * also drives nd_ha_anycast and nd_solicited_node (check_addrs).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "nd.h"

static const struct in6_addr addrs[4][2] = {
	{ { { { 0xfe, 0x80, [15] = 1 } } },
	  { { { 0xff, 0x02, [15] = 1 } } } },
	{ { { { 0 } } },
	  { { { 0xff, 0x02, [11] = 1, [12] = 0xff, [15] = 1 } } } },
	{ { { { 0x20, 0x01, 0x0d, 0xb8, [15] = 1 } } },
	  { { { 0x20, 0x01, 0x0d, 0xb8, 0, 1, [14] = 1 } } } },
	{ { { { 0xfe, 0x80, [15] = 1 } } },
	  { { { 0xfe, 0x80, [15] = 2 } } } },
};

static const int hop_limits[4] = { -1, 255, 64, 254 };

static bool prefix_eq(const struct nd_prefix *a, const struct nd_prefix *b)
{
	return a->len == b->len && a->flags == b->flags &&
	       a->valid == b->valid && a->preferred == b->preferred &&
	       !memcmp(&a->prefix, &b->prefix, sizeof(a->prefix));
}

static bool msg_eq(const struct nd_msg *a, const struct nd_msg *b)
{
	unsigned int i;

	if (a->type != b->type || a->code != b->code)
		return false;
	switch (a->type) {
	case ND_RA:
		if (a->ra.hop_limit != b->ra.hop_limit ||
		    a->ra.flags != b->ra.flags ||
		    a->ra.router_lifetime != b->ra.router_lifetime ||
		    a->ra.reachable != b->ra.reachable ||
		    a->ra.retrans != b->ra.retrans)
			return false;
		break;
	case ND_NS:
	case ND_NA:
		if (a->n.flags != b->n.flags ||
		    memcmp(&a->n.target, &b->n.target, sizeof(a->n.target)))
			return false;
		break;
	case ND_DHAAD_REQ:
	case ND_DHAAD_REP:
		if (a->dhaad.id != b->dhaad.id ||
		    a->dhaad.flags != b->dhaad.flags ||
		    a->dhaad.n_ha != b->dhaad.n_ha)
			return false;
		for (i = 0; i < a->dhaad.n_ha; i++)
			if (memcmp(&a->dhaad.ha[i], &b->dhaad.ha[i],
				   sizeof(a->dhaad.ha[i])))
				return false;
		break;
	case ND_MPS:
	case ND_MPA:
		if (a->mp.id != b->mp.id || a->mp.flags != b->mp.flags)
			return false;
		break;
	}
	if (a->n_prefix != b->n_prefix)
		return false;
	for (i = 0; i < a->n_prefix; i++)
		if (!prefix_eq(&a->prefix[i], &b->prefix[i]))
			return false;
	return a->has_mtu == b->has_mtu && a->mtu == b->mtu &&
	       a->has_adv_ival == b->has_adv_ival &&
	       a->adv_ival == b->adv_ival &&
	       a->has_hai == b->has_hai && a->hai_flags == b->hai_flags &&
	       a->hai_pref == b->hai_pref &&
	       a->hai_lifetime == b->hai_lifetime &&
	       a->lla_len == b->lla_len &&
	       !memcmp(a->lla, b->lla, a->lla_len);
}

/* Sanity of any successfully parsed message. */
static void check_parsed(const struct nd_msg *m, size_t len)
{
	unsigned int i;

	if (m->code != 0 || m->n_prefix > ND_MAX_PREFIX ||
	    m->lla_len > ND_LLA_MAX)
		abort();
	if ((m->type == ND_DHAAD_REQ || m->type == ND_DHAAD_REP) &&
	    m->dhaad.n_ha > ND_MAX_HA)
		abort();
	if (m->type == ND_DHAAD_REP &&
	    8 + 16 * (size_t)(m->dhaad.n_ha + m->dropped) != len)
		abort();
	for (i = 0; i < m->n_prefix; i++)
		if (m->prefix[i].len > 128)
			abort();
	if (m->has_hai && m->hai_lifetime == 0)
		abort();
	if ((m->type == ND_NS || m->type == ND_NA) &&
	    m->n.target.s6_addr[0] == 0xff)
		abort();
}

static bool bit(const struct in6_addr *a, unsigned int i)
{
	return a->s6_addr[i / 8] & (0x80 >> (i % 8));
}

/*
 * nd_ha_anycast (RFC 2526 2) and nd_solicited_node (RFC 4291 2.7.1) on
 * the first 16 octets as an address and the 17th as a prefix length.
 */
static void check_addrs(const uint8_t *p, size_t len)
{
	static const uint8_t sn[13] = {
		0xff, 0x02, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x01, 0xff,
	};
	static const uint8_t iid64[8] = {
		0xfd, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xfe,
	};
	struct in6_addr a, out;
	unsigned int plen, eff, i;

	if (len < 17)
		return;
	memcpy(&a, p, 16);
	plen = p[16] % 131;
	eff = plen > 128 ? 128 : plen;
	nd_ha_anycast(&a, plen, &out);
	if (eff == 64) {
		if (memcmp(&out, &a, 8) || memcmp(&out.s6_addr[8], iid64, 8))
			abort();
	} else {
		for (i = 0; i < 121; i++)
			if (bit(&out, i) != (i < eff ? bit(&a, i) : true))
				abort();
		if ((out.s6_addr[15] & 0x7f) != 0x7e)
			abort();
	}
	nd_solicited_node(&a, &out);
	if (memcmp(&out, sn, sizeof(sn)) || memcmp(&out.s6_addr[13],
						    &a.s6_addr[13], 3))
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static uint8_t msg[4096], out1[ND_MAX_LEN], out2[ND_MAX_LEN];
	const struct in6_addr *src = NULL, *dst = NULL;
	struct nd_msg m1, m2;
	uint8_t ctl;
	size_t len, cap;
	int hop, err, n1, n2;

	if (size < 1)
		return 0;
	ctl = data[0];
	len = size - 1;
	if (len > sizeof(msg))
		len = sizeof(msg);
	memcpy(msg, data + 1, len);
	if (ctl & 3) {
		src = &addrs[(ctl >> 2) & 3][0];
		dst = &addrs[(ctl >> 2) & 3][1];
	}
	if ((ctl & 2) && len >= 4) {
		uint16_t c = nd_checksum(msg, len, src, dst);

		msg[2] = c >> 8;
		msg[3] = c & 0xff;
	}
	hop = hop_limits[(ctl >> 4) & 3];
	check_addrs(data + 1, size - 1);

	err = nd_parse(msg, len, src, dst, hop, &m1);
	if (err < 0 || err >= ND_ERR_MAX)
		abort();
	(void)nd_strerror(err);
	if (err != ND_OK)
		return 0;
	check_parsed(&m1, len);

	/* What the parser produced must encode, and encode back to it. */
	n1 = nd_build(&m1, out1, sizeof(out1), src, dst);
	if (n1 <= 0 || n1 % 8 || (size_t)n1 > len)
		abort();
	err = nd_parse(out1, (size_t)n1, src, dst, hop, &m2);
	if (err != ND_OK || !msg_eq(&m1, &m2) || m2.unknown_opts ||
	    m2.dropped)
		abort();
	n2 = nd_build(&m2, out2, sizeof(out2), src, dst);
	if (n2 != n1 || memcmp(out1, out2, (size_t)n1))
		abort();
	if (src && dst && nd_checksum(out1, (size_t)n1, src, dst) !=
	    (uint16_t)(out1[2] << 8 | out1[3]))
		abort();

	/* Too small buffers, sized exactly so ASan sees an overflow. */
	cap = (size_t)n1 * ((ctl >> 6) & 3) / 4;
	for (;;) {
		uint8_t *b = malloc(cap ? cap : 1);

		if (!b)
			abort();
		if (nd_build(&m1, b, cap, src, dst) != -ND_ERR_NOSPACE)
			abort();
		free(b);
		if (cap + 1 >= (size_t)n1)
			break;
		cap = (size_t)n1 - 1;
	}
	return 0;
}
