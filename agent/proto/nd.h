/* SPDX-License-Identifier: GPL-2.0 */
/*
 * nd.h - ICMPv6 wire codec for Mobile IPv6: Home Agent Address Discovery
 * (RFC 6275 6.5, 6.6), Mobile Prefix Solicitation/Advertisement (6.7,
 * 6.8), the modified Router Advertisement (7.1 H bit, 7.2 Prefix
 * Information R bit, 7.3 Advertisement Interval, 7.4 Home Agent
 * Information) and the Neighbor Solicitation/Advertisement a home agent
 * sends for DAD and proxy ND (RFC 4861 4.3, 4.4; RFC 6275 10.4.1).
 *
 * Pure functions: no I/O, no allocation, no global state.
 */
#ifndef IPMOB_ND_H
#define IPMOB_ND_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <netinet/in.h>

#define ND_RS			133
#define ND_RA			134
#define ND_NS			135
#define ND_NA			136
#define ND_DHAAD_REQ		144
#define ND_DHAAD_REP		145
#define ND_MPS			146
#define ND_MPA			147

#define ND_OPT_SLLA		1
#define ND_OPT_TLLA		2
#define ND_OPT_PI		3
#define ND_OPT_MTU		5
#define ND_OPT_ADV_IVAL		7	/* 7.3 */
#define ND_OPT_HAI		8	/* 7.4 */

#define ND_RA_F_M		0x80
#define ND_RA_F_O		0x40
#define ND_RA_F_H		0x20	/* 7.1: home agent */
#define ND_PI_F_L		0x80
#define ND_PI_F_A		0x40
#define ND_PI_F_R		0x20	/* 7.2: prefix field is a router address */
#define ND_NA_F_R		0x80000000u
#define ND_NA_F_S		0x40000000u
#define ND_NA_F_O		0x20000000u
#define ND_DHAAD_F_R		0x8000	/* RFC 3963: mobile router support */
#define ND_MPA_F_M		0x8000
#define ND_MPA_F_O		0x4000

#define ND_MAX_HA		16	/* home agents kept from one reply */
#define ND_MAX_PREFIX		8	/* prefixes kept from one RA/MPA */
#define ND_LLA_MAX		16	/* link-layer address octets kept */
#define ND_MAX_LEN		1280	/* largest message this codec builds */

struct nd_prefix {
	uint8_t len;			/* prefix length, 0..128 */
	uint8_t flags;			/* ND_PI_F_* */
	uint32_t valid;			/* seconds */
	uint32_t preferred;		/* seconds */
	struct in6_addr prefix;
};

/* One decoded (or to be encoded) ICMPv6 message, host byte order. */
struct nd_msg {
	uint8_t type;			/* ND_* message type */
	uint8_t code;
	union {
		struct {		/* ND_DHAAD_REQ, ND_DHAAD_REP */
			uint16_t id;
			uint16_t flags;		/* ND_DHAAD_F_R */
			unsigned int n_ha;	/* reply */
			struct in6_addr ha[ND_MAX_HA];
		} dhaad;
		struct {		/* ND_MPS, ND_MPA */
			uint16_t id;
			uint16_t flags;		/* MPA: ND_MPA_F_* */
		} mp;
		struct {		/* ND_RA */
			uint8_t hop_limit;
			uint8_t flags;		/* ND_RA_F_* */
			uint16_t router_lifetime;	/* seconds */
			uint32_t reachable;	/* ms */
			uint32_t retrans;	/* ms */
		} ra;
		struct {		/* ND_NS, ND_NA */
			uint32_t flags;		/* NA: ND_NA_F_* */
			struct in6_addr target;
		} n;
	};
	/* Options (RA, MPA, NS, NA): present ones have their has_* set. */
	unsigned int n_prefix;		/* RA, MPA */
	struct nd_prefix prefix[ND_MAX_PREFIX];
	bool has_mtu;
	uint32_t mtu;
	bool has_adv_ival;
	uint32_t adv_ival;		/* ms */
	bool has_hai;
	uint8_t hai_flags;		/* 0x80: R, RFC 3963 */
	uint16_t hai_pref;		/* signed on the wire; kept raw */
	uint16_t hai_lifetime;		/* seconds */
	uint8_t lla_len;		/* SLLA (RS, RA, NS) or TLLA (NA) */
	uint8_t lla[ND_LLA_MAX];
	unsigned int unknown_opts;
	unsigned int dropped;		/* parse: HAs/prefixes beyond the MAX */
};

enum nd_err {
	ND_OK = 0,
	ND_ERR_SHORT,		/* shorter than the message's fixed part */
	ND_ERR_CSUM,		/* bad checksum */
	ND_ERR_TYPE,		/* not a type this codec knows */
	ND_ERR_CODE,		/* code is not 0 */
	ND_ERR_LEN,		/* DHAAD reply: addresses not a multiple of 16 */
	ND_ERR_OPT_TRUNC,	/* option runs past the end */
	ND_ERR_OPT_ZERO,	/* option with length 0 (RFC 4861 4.6) */
	ND_ERR_OPT_LEN,		/* wrong length for a known option */
	ND_ERR_VALUE,		/* a field out of range (prefix length > 128,
				 * HAI lifetime 0, multicast NS target...) */
	ND_ERR_HOPLIMIT,	/* parse_ndp: hop limit is not 255 */
	ND_ERR_NOSPACE,		/* build: buffer too small */
	ND_ERR_INVAL,		/* build: bad field */
	ND_ERR_MAX,
};

const char *nd_strerror(int err);

/*
 * ICMPv6 checksum (RFC 4443 2.3) of a message of len bytes with its
 * Checksum field taken as zero.
 */
uint16_t nd_checksum(const uint8_t *msg, size_t len,
		     const struct in6_addr *src, const struct in6_addr *dst);

/*
 * Parse one ICMPv6 message of a type listed above. If src and dst are
 * not NULL the checksum is verified. hop_limit is the received hop
 * limit, or -1 if unknown: RS/RA/NS/NA with a hop limit other than 255
 * are rejected (RFC 4861 6.1, 7.1). Fills *m (zeroed first).
 */
int nd_parse(const uint8_t *buf, size_t len, const struct in6_addr *src,
	     const struct in6_addr *dst, int hop_limit, struct nd_msg *m);

/*
 * Encode *m (any type above) into buf with its options: RA and MPA
 * carry their prefixes, MTU, Advertisement Interval and Home Agent
 * Information when set; RS/RA/NS an SLLA and NA a TLLA when lla_len is
 * not zero. If src and dst are not NULL the checksum is filled in (the
 * kernel fills it for raw ICMPv6 sockets anyway). Returns the length
 * (> 0) or the negated enum nd_err.
 */
int nd_build(const struct nd_msg *m, uint8_t *buf, size_t cap,
	     const struct in6_addr *src, const struct in6_addr *dst);

/*
 * RFC 2526 / RFC 6275 9.3.1: the Mobile IPv6 Home-Agents anycast address
 * of a prefix (interface identifier FDFF:FFFF:FFFF:FFFE for /64, the
 * last 128 - plen bits all ones but the anycast ID 126 otherwise).
 */
void nd_ha_anycast(const struct in6_addr *prefix, unsigned int plen,
		   struct in6_addr *out);

/* Solicited-node multicast address of a unicast address (RFC 4291). */
void nd_solicited_node(const struct in6_addr *addr, struct in6_addr *out);

#endif /* IPMOB_ND_H */
