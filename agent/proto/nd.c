// SPDX-License-Identifier: GPL-2.0
/*
 * nd.c - ICMPv6 wire codec for Mobile IPv6: Home Agent Address Discovery
 * (RFC 6275 6.5, 6.6), Mobile Prefix Solicitation/Advertisement (6.7,
 * 6.8), the Router Advertisement changes of RFC 6275 7.1-7.4 and the
 * Router/Neighbor Solicitation/Advertisement messages of RFC 4861 4.1-4.4.
 *
 * Pure functions: no I/O, no allocation, no state but const tables.
 *
 * Decisions the header leaves open (see also nd.h):
 *  - Flag fields next to a Reserved field the RFC says "MUST be ignored
 *    by the receiver" are masked to the bits nd.h defines on parse (NA
 *    R/S/O, DHAAD R, MPA M/O, HAI R), and nd_build refuses other bits
 *    (ND_ERR_INVAL). The RA flags octet and the Prefix Information flags
 *    octet are kept raw both ways: RFC 4191 (router preference, 0x18)
 *    and later RFCs put more bits there.
 *  - Options an RFC does not define for a message are skipped without
 *    looking inside (RFC 4861 6.1.1, 6.1.2, 7.1.1, 7.1.2: "MUST be
 *    ignored and the packet processed as normal") and counted in
 *    unknown_opts, like unrecognized types. Only the structure (length
 *    zero, truncation) of every option is checked (RFC 4861 4.6).
 *  - Options known per message: RS, NS: SLLA; NA: TLLA; RA: SLLA, PI,
 *    MTU, Advertisement Interval, HAI; MPA: PI and, because nd.h says
 *    nd_build writes them for MPA too, MTU, Advertisement Interval and
 *    HAI; MPS: none (RFC 6275 6.7 defines none). DHAAD messages have no
 *    options: octets after a Request's fixed part are ignored.
 *  - A single-instance option (LLA, MTU, Advertisement Interval, HAI)
 *    seen again is validated, the first one kept and the repeat counted
 *    in unknown_opts.
 *  - A HAI option in an RA whose H bit is clear is validated and then
 *    ignored (counted in unknown_opts): RFC 6275 7.4 forbids sending it
 *    there and 10.5.1 uses nothing of such an RA but the deletion.
 *  - A link-layer address option longer than ND_LLA_MAX octets of data
 *    keeps its first ND_LLA_MAX octets; lla_len is the option data
 *    length (6 for Ethernet, length 1), padding included.
 *  - With src/dst given, the address checks of RFC 4861 are applied in
 *    both directions (ND_ERR_VALUE on parse, ND_ERR_INVAL on build): RA
 *    source link-local (6.1.2); no SLLA from the unspecified address in
 *    RS/NS (6.1.1, 7.1.1); NS from the unspecified address goes to a
 *    solicited-node address (7.1.1); NA to a multicast address has S
 *    clear (7.1.2).
 *  - Parse checks, in order: length of the ICMPv6 header, type, length
 *    of the fixed part, checksum, code, hop limit, then the body.
 */
#include <string.h>

#include "nd.h"

#define ND_HAI_F_R		0x80	/* RFC 3963 7.3 */
#define ND_NA_F_ALL		(ND_NA_F_R | ND_NA_F_S | ND_NA_F_O)
#define ND_MPA_F_ALL		(ND_MPA_F_M | ND_MPA_F_O)

#define OPT_BIT(t)		(1u << (t))

static const char *const nd_errstr[ND_ERR_MAX] = {
	[ND_OK]			= "success",
	[ND_ERR_SHORT]		= "message too short",
	[ND_ERR_CSUM]		= "bad checksum",
	[ND_ERR_TYPE]		= "unknown message type",
	[ND_ERR_CODE]		= "code is not 0",
	[ND_ERR_LEN]		= "address list not a multiple of 16 octets",
	[ND_ERR_OPT_TRUNC]	= "option runs past the end of the message",
	[ND_ERR_OPT_ZERO]	= "option with length 0",
	[ND_ERR_OPT_LEN]	= "wrong option length",
	[ND_ERR_VALUE]		= "field value out of range",
	[ND_ERR_HOPLIMIT]	= "hop limit is not 255",
	[ND_ERR_NOSPACE]	= "buffer too small",
	[ND_ERR_INVAL]		= "invalid field for encoding",
};

/* Per message type: length of the fixed part and the options it knows. */
struct nd_type_info {
	uint8_t type;
	uint8_t fixed;		/* octets before options / address list */
	bool has_opts;		/* ND-format options follow the fixed part */
	bool hop255;		/* RFC 4861 6.1, 7.1: hop limit must be 255 */
	unsigned int opts;	/* OPT_BIT() of the options decoded */
};

static const struct nd_type_info nd_types[] = {
	/* RFC 4861 4.1, 6.1.1 */
	{ ND_RS, 8, true, true, OPT_BIT(ND_OPT_SLLA) },
	/* RFC 4861 4.2, 6.1.2; RFC 6275 7.1-7.4 */
	{ ND_RA, 16, true, true,
	  OPT_BIT(ND_OPT_SLLA) | OPT_BIT(ND_OPT_PI) | OPT_BIT(ND_OPT_MTU) |
	  OPT_BIT(ND_OPT_ADV_IVAL) | OPT_BIT(ND_OPT_HAI) },
	/* RFC 4861 4.3, 7.1.1 */
	{ ND_NS, 24, true, true, OPT_BIT(ND_OPT_SLLA) },
	/* RFC 4861 4.4, 7.1.2 */
	{ ND_NA, 24, true, true, OPT_BIT(ND_OPT_TLLA) },
	/* RFC 6275 6.5, 6.6: no options, the reply lists addresses */
	{ ND_DHAAD_REQ, 8, false, false, 0 },
	{ ND_DHAAD_REP, 8, false, false, 0 },
	/* RFC 6275 6.7: ND-format options, none defined */
	{ ND_MPS, 8, true, false, 0 },
	/* RFC 6275 6.8: Prefix Information; the rest as nd.h promises */
	{ ND_MPA, 8, true, false,
	  OPT_BIT(ND_OPT_PI) | OPT_BIT(ND_OPT_MTU) |
	  OPT_BIT(ND_OPT_ADV_IVAL) | OPT_BIT(ND_OPT_HAI) },
};

static const struct nd_type_info *type_info(uint8_t type)
{
	size_t i;

	for (i = 0; i < sizeof(nd_types) / sizeof(nd_types[0]); i++)
		if (nd_types[i].type == type)
			return &nd_types[i];
	return NULL;
}

const char *nd_strerror(int err)
{
	if (err < 0)
		err = -err;
	if (err >= ND_ERR_MAX || !nd_errstr[err])
		return "unknown error";
	return nd_errstr[err];
}

/* ---- byte order ---- */

static inline uint16_t get16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

static inline uint32_t get32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	       (uint32_t)p[2] << 8 | p[3];
}

static inline void put16(uint8_t *p, uint16_t v)
{
	p[0] = v >> 8;
	p[1] = v & 0xff;
}

static inline void put32(uint8_t *p, uint32_t v)
{
	p[0] = v >> 24;
	p[1] = (v >> 16) & 0xff;
	p[2] = (v >> 8) & 0xff;
	p[3] = v & 0xff;
}

/* ---- addresses ---- */

static bool addr_is_unspec(const struct in6_addr *a)
{
	static const struct in6_addr any;

	return !memcmp(a, &any, sizeof(any));
}

static bool addr_is_mcast(const struct in6_addr *a)
{
	return a->s6_addr[0] == 0xff;
}

/* fe80::/10 */
static bool addr_is_linklocal(const struct in6_addr *a)
{
	return a->s6_addr[0] == 0xfe && (a->s6_addr[1] & 0xc0) == 0x80;
}

/* ff02::1:ff00:0/104, RFC 4291 2.7.1 */
static bool addr_is_solicited_node(const struct in6_addr *a)
{
	static const uint8_t pfx[13] = {
		0xff, 0x02, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x01, 0xff,
	};

	return !memcmp(a->s6_addr, pfx, sizeof(pfx));
}

void nd_solicited_node(const struct in6_addr *addr, struct in6_addr *out)
{
	struct in6_addr r = { 0 };

	/* RFC 4291 2.7.1: FF02:0:0:0:0:1:FF00::/104 | low 24 bits */
	r.s6_addr[0] = 0xff;
	r.s6_addr[1] = 0x02;
	r.s6_addr[11] = 0x01;
	r.s6_addr[12] = 0xff;
	r.s6_addr[13] = addr->s6_addr[13];
	r.s6_addr[14] = addr->s6_addr[14];
	r.s6_addr[15] = addr->s6_addr[15];
	*out = r;
}

/*
 * RFC 2526 2 (reserved subnet anycast addresses), anycast ID 126 for the
 * Mobile IPv6 Home-Agents (RFC 2526 3, RFC 6275 9.3.1 / 10.5 via [8]):
 *  - prefix length 64, EUI-64 format interface identifier: 57 bits
 *    "1111110111...111" (the universal/local bit, bit 6 of the first
 *    octet, is 0) then the 7-bit anycast ID: FDFF:FFFF:FFFF:FFFE;
 *  - other prefix lengths n: 121 - n one bits then the 7-bit ID, i.e.
 *    every bit after the prefix set except the lowest one.
 * RFC 2526 leaves n > 121 undefined (the ID does not fit); the low 7
 * bits then still become the ID, overwriting prefix bits. plen above
 * 128 is taken as 128.
 */
void nd_ha_anycast(const struct in6_addr *prefix, unsigned int plen,
		   struct in6_addr *out)
{
	struct in6_addr r = *prefix;
	unsigned int i;

	if (plen > 128)
		plen = 128;
	if (plen == 64) {
		static const uint8_t iid[8] = {
			0xfd, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xfe,
		};

		memcpy(&r.s6_addr[8], iid, sizeof(iid));
		*out = r;
		return;
	}
	for (i = plen; i < 128; i++)
		r.s6_addr[i / 8] |= 0x80 >> (i % 8);
	r.s6_addr[15] = (r.s6_addr[15] & 0x80) | 0x7e;
	*out = r;
}

/* ---- checksum, RFC 4443 2.3 over the RFC 8200 8.1 pseudo-header ---- */

static uint32_t sum_bytes(uint32_t sum, const uint8_t *p, size_t len)
{
	size_t i;

	for (i = 0; i + 1 < len; i += 2) {
		sum += get16(p + i);
		sum = (sum & 0xffff) + (sum >> 16);
	}
	if (len & 1) {
		sum += (uint32_t)p[len - 1] << 8;
		sum = (sum & 0xffff) + (sum >> 16);
	}
	return sum;
}

/*
 * One's complement sum (folded, not complemented) of the pseudo-header
 * and the message; the Checksum field (octets 2-3) is counted only if
 * with_csum.
 */
static uint16_t csum_sum(const uint8_t *msg, size_t len,
			 const struct in6_addr *src,
			 const struct in6_addr *dst, bool with_csum)
{
	static const struct in6_addr any;
	uint8_t ph[8];
	uint32_t sum = 0;

	sum = sum_bytes(sum, (src ? src : &any)->s6_addr, 16);
	sum = sum_bytes(sum, (dst ? dst : &any)->s6_addr, 16);
	/* Upper-Layer Packet Length (32), three zero octets, Next Header */
	put32(ph, (uint32_t)len);
	ph[4] = ph[5] = ph[6] = 0;
	ph[7] = IPPROTO_ICMPV6;
	sum = sum_bytes(sum, ph, sizeof(ph));
	if (len <= 2 || with_csum) {
		sum = sum_bytes(sum, msg, len);
	} else {
		sum = sum_bytes(sum, msg, 2);
		if (len > 4)
			sum = sum_bytes(sum, msg + 4, len - 4);
	}
	return (uint16_t)sum;
}

uint16_t nd_checksum(const uint8_t *msg, size_t len,
		     const struct in6_addr *src, const struct in6_addr *dst)
{
	return (uint16_t)~csum_sum(msg, len, src, dst, false);
}

/*
 * The sum over everything including the received checksum must be all
 * ones; this accepts both 0x0000 and 0xffff where the complement of the
 * sum is 0 (both encode zero in one's complement).
 */
static bool csum_ok(const uint8_t *msg, size_t len,
		    const struct in6_addr *src, const struct in6_addr *dst)
{
	return csum_sum(msg, len, src, dst, true) == 0xffff;
}

/*
 * RFC 4861 address rules that need the IP addresses; m is the decoded
 * (or to be encoded) message.
 */
static bool addr_rules_ok(const struct nd_msg *m, const struct in6_addr *src,
			  const struct in6_addr *dst)
{
	switch (m->type) {
	case ND_RA:
		/* 6.1.2: IP Source Address is a link-local address */
		if (src && !addr_is_linklocal(src))
			return false;
		break;
	case ND_RS:
		/* 6.1.1: no SLLA from the unspecified address */
		if (src && addr_is_unspec(src) && m->lla_len)
			return false;
		break;
	case ND_NS:
		/* 7.1.1: DAD probes: no SLLA, to a solicited-node address */
		if (src && addr_is_unspec(src)) {
			if (m->lla_len)
				return false;
			if (dst && !addr_is_solicited_node(dst))
				return false;
		}
		break;
	case ND_NA:
		/* 7.1.2: multicast destination => Solicited flag is zero */
		if (dst && addr_is_mcast(dst) && (m->n.flags & ND_NA_F_S))
			return false;
		break;
	}
	return true;
}

/* ---- parse ---- */

/* Prefix Information option, RFC 4861 4.6.2 with RFC 6275 7.2. */
static int parse_pi(const uint8_t *o, struct nd_msg *m)
{
	struct nd_prefix *p;

	if (o[1] != 4)
		return ND_ERR_OPT_LEN;
	if (o[2] > 128)			/* 4.6.2: "from 0 to 128" */
		return ND_ERR_VALUE;
	if (m->n_prefix >= ND_MAX_PREFIX) {
		m->dropped++;
		return ND_OK;
	}
	p = &m->prefix[m->n_prefix++];
	p->len = o[2];
	p->flags = o[3];		/* raw: L A R + Reserved1 */
	p->valid = get32(o + 4);
	p->preferred = get32(o + 8);
	/* Reserved2 at o + 12 ignored; the Prefix is kept whole, 7.2 R */
	memcpy(&p->prefix, o + 16, 16);
	return ND_OK;
}

static int parse_opt(const uint8_t *o, size_t olen, unsigned int known,
		     struct nd_msg *m)
{
	uint8_t t = o[0];
	size_t n;

	if (t >= 32 || !(known & OPT_BIT(t))) {
		m->unknown_opts++;
		return ND_OK;
	}
	switch (t) {
	case ND_OPT_SLLA:
	case ND_OPT_TLLA:
		/* 4.6.1: any length >= 1 unit (6.1.1/7.1.1: addr_rules_ok) */
		if (m->lla_len) {
			m->unknown_opts++;
			break;
		}
		n = olen - 2;
		if (n > ND_LLA_MAX)
			n = ND_LLA_MAX;
		memcpy(m->lla, o + 2, n);
		m->lla_len = (uint8_t)n;
		break;
	case ND_OPT_PI:
		return parse_pi(o, m);
	case ND_OPT_MTU:
		/* 4.6.4: Length 1, Reserved (16), MTU (32) */
		if (o[1] != 1)
			return ND_ERR_OPT_LEN;
		if (m->has_mtu) {
			m->unknown_opts++;
			break;
		}
		m->has_mtu = true;
		m->mtu = get32(o + 4);
		break;
	case ND_OPT_ADV_IVAL:
		/* RFC 6275 7.3: Length MUST be 1 */
		if (o[1] != 1)
			return ND_ERR_OPT_LEN;
		if (m->has_adv_ival) {
			m->unknown_opts++;
			break;
		}
		m->has_adv_ival = true;
		m->adv_ival = get32(o + 4);
		break;
	case ND_OPT_HAI:
		/* RFC 6275 7.4: Length MUST be 1, Lifetime 0 MUST NOT */
		if (o[1] != 1)
			return ND_ERR_OPT_LEN;
		if (get16(o + 6) == 0)
			return ND_ERR_VALUE;
		/* 7.4: MUST NOT be in an RA without H; 10.5.1 ignores it */
		if (m->has_hai ||
		    (m->type == ND_RA && !(m->ra.flags & ND_RA_F_H))) {
			m->unknown_opts++;
			break;
		}
		m->has_hai = true;
		m->hai_flags = o[2] & ND_HAI_F_R;
		m->hai_pref = get16(o + 4);
		m->hai_lifetime = get16(o + 6);
		break;
	}
	return ND_OK;
}

/* ND-format options, RFC 4861 4.6, from off to the end of the message. */
static int parse_opts(const uint8_t *buf, size_t len, size_t off,
		      unsigned int known, struct nd_msg *m)
{
	while (off < len) {
		size_t olen;
		int err;

		if (len - off < 2)
			return ND_ERR_OPT_TRUNC;
		if (buf[off + 1] == 0)		/* 4.6: "MUST silently discard" */
			return ND_ERR_OPT_ZERO;
		olen = (size_t)buf[off + 1] * 8;
		if (olen > len - off)
			return ND_ERR_OPT_TRUNC;
		err = parse_opt(buf + off, olen, known, m);
		if (err)
			return err;
		off += olen;
	}
	return ND_OK;
}

int nd_parse(const uint8_t *buf, size_t len, const struct in6_addr *src,
	     const struct in6_addr *dst, int hop_limit, struct nd_msg *m)
{
	const struct nd_type_info *ti;
	size_t i, n;
	int err;

	memset(m, 0, sizeof(*m));
	if (len < 4)			/* Type, Code, Checksum */
		return ND_ERR_SHORT;
	ti = type_info(buf[0]);
	if (!ti)
		return ND_ERR_TYPE;
	if (len < ti->fixed)
		return ND_ERR_SHORT;
	if (src && dst && !csum_ok(buf, len, src, dst))
		return ND_ERR_CSUM;
	if (buf[1] != 0)
		return ND_ERR_CODE;
	if (ti->hop255 && hop_limit >= 0 && hop_limit != 255)
		return ND_ERR_HOPLIMIT;

	m->type = buf[0];
	m->code = buf[1];
	switch (m->type) {
	case ND_RS:
		/* 4.1: Reserved (32) ignored */
		break;
	case ND_RA:
		/* 4.2, RFC 6275 7.1 */
		m->ra.hop_limit = buf[4];
		m->ra.flags = buf[5];
		m->ra.router_lifetime = get16(buf + 6);
		m->ra.reachable = get32(buf + 8);
		m->ra.retrans = get32(buf + 12);
		break;
	case ND_NS:
	case ND_NA:
		/* 4.3, 4.4; 7.1.1, 7.1.2: target is not multicast */
		if (m->type == ND_NA)
			m->n.flags = get32(buf + 4) & ND_NA_F_ALL;
		memcpy(&m->n.target, buf + 8, 16);
		if (addr_is_mcast(&m->n.target))
			return ND_ERR_VALUE;
		break;
	case ND_DHAAD_REQ:
	case ND_DHAAD_REP:
		/* RFC 6275 6.5, 6.6; R bit RFC 3963 */
		m->dhaad.id = get16(buf + 4);
		m->dhaad.flags = get16(buf + 6) & ND_DHAAD_F_R;
		if (m->type == ND_DHAAD_REQ)
			break;
		/* 6.6: the count follows from the remaining length */
		if ((len - 8) % 16)
			return ND_ERR_LEN;
		n = (len - 8) / 16;
		for (i = 0; i < n; i++) {
			if (i >= ND_MAX_HA) {
				m->dropped++;
				continue;
			}
			memcpy(&m->dhaad.ha[i], buf + 8 + 16 * i, 16);
		}
		m->dhaad.n_ha = n < ND_MAX_HA ? (unsigned int)n : ND_MAX_HA;
		break;
	case ND_MPS:
		/* 6.7: Reserved ignored */
		m->mp.id = get16(buf + 4);
		break;
	case ND_MPA:
		/* 6.8 */
		m->mp.id = get16(buf + 4);
		m->mp.flags = get16(buf + 6) & ND_MPA_F_ALL;
		break;
	}
	if (ti->has_opts) {
		err = parse_opts(buf, len, ti->fixed, ti->opts, m);
		if (err)
			return err;
	}
	if (!addr_rules_ok(m, src, dst))
		return ND_ERR_VALUE;
	return ND_OK;
}

/* ---- build ---- */

static size_t lla_opt_len(const struct nd_msg *m)
{
	return m->lla_len ? ((size_t)m->lla_len + 2 + 7) / 8 * 8 : 0;
}

/* Validate *m for its type and return the encoded length (or -err). */
static int build_len(const struct nd_msg *m, const struct nd_type_info *ti)
{
	bool lla = false, ra_opts = false;
	size_t len = ti->fixed;
	unsigned int i;

	if (m->code != 0)
		return -ND_ERR_INVAL;
	switch (m->type) {
	case ND_RS:
		lla = true;
		break;
	case ND_RA:
		lla = ra_opts = true;
		/* RFC 6275 7.4: no HAI in an RA without H */
		if (m->has_hai && !(m->ra.flags & ND_RA_F_H))
			return -ND_ERR_INVAL;
		break;
	case ND_NA:
		if (m->n.flags & ~ND_NA_F_ALL)
			return -ND_ERR_INVAL;
		/* fall through */
	case ND_NS:
		lla = true;
		if (addr_is_mcast(&m->n.target))	/* 7.1.1, 7.1.2 */
			return -ND_ERR_INVAL;
		break;
	case ND_DHAAD_REP:
		if (m->dhaad.n_ha > ND_MAX_HA)
			return -ND_ERR_INVAL;
		len += 16 * (size_t)m->dhaad.n_ha;
		/* fall through */
	case ND_DHAAD_REQ:
		if (m->dhaad.flags & ~ND_DHAAD_F_R)
			return -ND_ERR_INVAL;
		break;
	case ND_MPS:
		break;
	case ND_MPA:
		if (m->mp.flags & ~ND_MPA_F_ALL)
			return -ND_ERR_INVAL;
		ra_opts = true;
		break;
	}
	if (lla) {
		if (m->lla_len > ND_LLA_MAX)
			return -ND_ERR_INVAL;
		len += lla_opt_len(m);
	}
	if (ra_opts) {
		if (m->n_prefix > ND_MAX_PREFIX)
			return -ND_ERR_INVAL;
		for (i = 0; i < m->n_prefix; i++)
			if (m->prefix[i].len > 128)
				return -ND_ERR_INVAL;
		len += 32 * (size_t)m->n_prefix;
		if (m->has_mtu)
			len += 8;
		if (m->has_adv_ival)
			len += 8;
		if (m->has_hai) {
			/* 7.4: Lifetime 0 MUST NOT be used */
			if (!m->hai_lifetime || (m->hai_flags & ~ND_HAI_F_R))
				return -ND_ERR_INVAL;
			len += 8;
		}
	}
	return (int)len;
}

static uint8_t *put_opt_hdr(uint8_t *p, uint8_t type, size_t olen)
{
	memset(p, 0, olen);
	p[0] = type;
	p[1] = (uint8_t)(olen / 8);
	return p + olen;
}

int nd_build(const struct nd_msg *m, uint8_t *buf, size_t cap,
	     const struct in6_addr *src, const struct in6_addr *dst)
{
	const struct nd_type_info *ti;
	uint8_t *p, *o;
	unsigned int i;
	size_t olen;
	int len;

	ti = type_info(m->type);
	if (!ti)
		return -ND_ERR_TYPE;
	len = build_len(m, ti);
	if (len < 0)
		return len;
	if (!addr_rules_ok(m, src, dst))
		return -ND_ERR_INVAL;
	if ((size_t)len > cap)
		return -ND_ERR_NOSPACE;

	memset(buf, 0, ti->fixed);
	buf[0] = m->type;
	buf[1] = 0;
	switch (m->type) {
	case ND_RA:
		buf[4] = m->ra.hop_limit;
		buf[5] = m->ra.flags;
		put16(buf + 6, m->ra.router_lifetime);
		put32(buf + 8, m->ra.reachable);
		put32(buf + 12, m->ra.retrans);
		break;
	case ND_NA:
		put32(buf + 4, m->n.flags);
		/* fall through */
	case ND_NS:
		memcpy(buf + 8, &m->n.target, 16);
		break;
	case ND_DHAAD_REQ:
	case ND_DHAAD_REP:
		put16(buf + 4, m->dhaad.id);
		put16(buf + 6, m->dhaad.flags);
		if (m->type == ND_DHAAD_REP)
			memcpy(buf + 8, m->dhaad.ha, 16 * (size_t)m->dhaad.n_ha);
		break;
	case ND_MPS:
		put16(buf + 4, m->mp.id);
		break;
	case ND_MPA:
		put16(buf + 4, m->mp.id);
		put16(buf + 6, m->mp.flags);
		break;
	}
	p = buf + ti->fixed;
	if (m->type == ND_DHAAD_REP)
		p += 16 * (size_t)m->dhaad.n_ha;

	/* RFC 4861 4.6.1: SLLA in RS, RA, NS; TLLA in NA; zero padded */
	if ((m->type == ND_RS || m->type == ND_RA || m->type == ND_NS ||
	     m->type == ND_NA) && m->lla_len) {
		olen = lla_opt_len(m);
		o = p;
		p = put_opt_hdr(p, m->type == ND_NA ? ND_OPT_TLLA : ND_OPT_SLLA,
				olen);
		memcpy(o + 2, m->lla, m->lla_len);
	}
	if (m->type == ND_RA || m->type == ND_MPA) {
		if (m->has_mtu) {			/* RFC 4861 4.6.4 */
			o = p;
			p = put_opt_hdr(p, ND_OPT_MTU, 8);
			put32(o + 4, m->mtu);
		}
		for (i = 0; i < m->n_prefix; i++) {	/* 4.6.2, 7.2 */
			const struct nd_prefix *pf = &m->prefix[i];

			o = p;
			p = put_opt_hdr(p, ND_OPT_PI, 32);
			o[2] = pf->len;
			o[3] = pf->flags;
			put32(o + 4, pf->valid);
			put32(o + 8, pf->preferred);
			memcpy(o + 16, &pf->prefix, 16);
		}
		if (m->has_adv_ival) {			/* RFC 6275 7.3 */
			o = p;
			p = put_opt_hdr(p, ND_OPT_ADV_IVAL, 8);
			put32(o + 4, m->adv_ival);
		}
		if (m->has_hai) {			/* RFC 6275 7.4 */
			o = p;
			p = put_opt_hdr(p, ND_OPT_HAI, 8);
			o[2] = m->hai_flags;
			put16(o + 4, m->hai_pref);
			put16(o + 6, m->hai_lifetime);
		}
	}
	if (src && dst)
		put16(buf + 2, nd_checksum(buf, (size_t)len, src, dst));
	return len;
}
