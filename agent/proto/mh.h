/* SPDX-License-Identifier: GPL-2.0 */
/*
 * mh.h - Mobility Header wire codec: RFC 6275 section 6.1 (messages) and
 * 6.2 (options), the Mobile Node Identifier option (RFC 4283) and the
 * authentication and replay protection options of RFC 4285.
 *
 * Pure functions: no I/O, no allocation, no global state. A parser
 * validates everything it reads (lengths, alignment, order, checksum)
 * and returns a reason (enum mh_err) on rejection; a builder never
 * writes past the buffer it is given.
 */
#ifndef IPMOB_MH_H
#define IPMOB_MH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <netinet/in.h>

#include "ts.h"

#ifndef IPPROTO_MH
#define IPPROTO_MH		135
#endif
#define MH_PAYLOAD_NONE		59	/* 6.1.1: Payload Proto SHOULD be 59 */
#define MH_MAX_LEN		2048	/* largest message this codec builds */

/* MH Type, RFC 6275 6.1.2-6.1.9 */
enum mh_type {
	MH_BRR	= 0,	/* Binding Refresh Request */
	MH_HOTI	= 1,	/* Home Test Init */
	MH_COTI	= 2,	/* Care-of Test Init */
	MH_HOT	= 3,	/* Home Test */
	MH_COT	= 4,	/* Care-of Test */
	MH_BU	= 5,	/* Binding Update */
	MH_BA	= 6,	/* Binding Acknowledgement */
	MH_BE	= 7,	/* Binding Error */
	MH_FB	= 21,	/* Flow Binding, RFC 7109 6.1 */
	MH_TYPE_KNOWN_MAX = MH_FB,	/* (the types between are not known:
					 * mh_type_known()) */
};

/* Flow Binding Type, RFC 7109 6.1.1, 6.1.2 (16 bits at MH offset 6) */
#define MH_FB_FBI		1	/* Flow Binding Indication */
#define MH_FB_FBA		2	/* Flow Binding Acknowledgement */
#define MH_FB_F_A		0x80	/* FBI: acknowledge */
/* FBI Trigger, RFC 7109 6.1.1 */
#define FBI_TRIG_UNSPECIFIED	1
#define FBI_TRIG_ADMIN		2
#define FBI_TRIG_OUT_OF_SYNC	3
/* FBA Status, RFC 7109 6.1.2; < 128 accepted */
#define FBA_SUCCESS		0
#define FBA_NO_BINDING		128	/* binding (target CoA) does not exist */
#define FBA_NOT_AUTHORIZED	129	/* action not authorized */
/* Flow Binding Action sub-option values, RFC 7109 6.2.1 */
#define FB_ACT_ADD		11
#define FB_ACT_DELETE		12
#define FB_ACT_MODIFY		13
#define FB_ACT_REFRESH		14
#define FB_ACT_MOVE		15
#define FB_ACT_REVOKE		16

/* Mobility options, RFC 6275 6.2, RFC 4283, RFC 4285, RFC 3963, RFC 5648 */
enum mh_opt_type {
	MHOPT_PAD1	= 0,
	MHOPT_PADN	= 1,
	MHOPT_BRA	= 2,	/* Binding Refresh Advice, 2n */
	MHOPT_ALTCOA	= 3,	/* Alternate Care-of Address, 8n+6 */
	MHOPT_NONCE	= 4,	/* Nonce Indices, 2n */
	MHOPT_BAD	= 5,	/* Binding Authorization Data, 8n+2, last */
	MHOPT_MNP	= 6,	/* Mobile Network Prefix, RFC 3963 6.2, 8n+4 */
	MHOPT_MNID	= 8,	/* Mobile Node Identifier, RFC 4283 */
	MHOPT_AUTH	= 9,	/* Mobility Message Authentication, 4n+1, last */
	MHOPT_MESGID	= 10,	/* Mobility Message Replay Protection, 8n+2 */
	MHOPT_V4HOA	= 29,	/* IPv4 Home Address, RFC 5555 3.1.1, 4n */
	MHOPT_V4ACK	= 30,	/* IPv4 Address Acknowledgement, 3.2.1, 4n */
	MHOPT_NATD	= 31,	/* NAT Detection, 3.2.2, 4n */
	MHOPT_V4COA	= 32,	/* IPv4 Care-of Address, 3.1.2, 4n */
	MHOPT_BID	= 35,	/* Binding Identifier, RFC 5648 4.3 */
	MHOPT_FSUM	= 44,	/* Flow Summary, RFC 6089 4.2.2, 2n */
	MHOPT_FID	= 45,	/* Flow Identification, RFC 6089 4.2, 2n */
};

/* Bit of struct mh_msg.opts for an option type (< 64): MH_OPT(MHOPT_BRA) */
#define MH_OPT(t)		((uint64_t)1 << (t))

/* Options the codec decodes, builds and records in struct mh_msg.opts */
#define MH_OPTS_KNOWN	(MH_OPT(MHOPT_BRA) | MH_OPT(MHOPT_ALTCOA) |	\
			 MH_OPT(MHOPT_NONCE) | MH_OPT(MHOPT_BAD) |	\
			 MH_OPT(MHOPT_MNID) | MH_OPT(MHOPT_AUTH) |	\
			 MH_OPT(MHOPT_MESGID) | MH_OPT(MHOPT_MNP) |	\
			 MH_OPT(MHOPT_BID) | MH_OPT(MHOPT_FID) |	\
			 MH_OPT(MHOPT_FSUM) | MH_OPT(MHOPT_V4HOA) |	\
			 MH_OPT(MHOPT_V4ACK) | MH_OPT(MHOPT_NATD) |	\
			 MH_OPT(MHOPT_V4COA))

/*
 * Options that may appear more than once: a Mobile Network Prefix per
 * prefix (RFC 3963 6.2), a Binding Identifier per care-of address in a
 * bulk registration (RFC 5648 6.1.1), a Flow Identification per flow
 * (RFC 6089 4.2). Each is kept up to its limit; a message with more is
 * refused (MH_ERR_OPT_MANY), as is a Binding Reference sub-option naming
 * more BIDs than MH_MAX_BID.
 */
#define MH_MAX_MNP		8
#define MH_MAX_BID		8	/* = IPMOB_MAX_COA */
#define MH_MAX_FID		32
#define MH_MAX_FSUM		127	/* Option Length 254 / 2 */

/* Flow Identification sub-options, RFC 6089 4.2.1 */
#define MH_FSUB_PAD1		0
#define MH_FSUB_PADN		1
#define MH_FSUB_BREF		2	/* Binding Reference: BIDs, 2n */
#define MH_FSUB_TS		3	/* Traffic Selector (RFC 6088) */
#define MH_FSUB_ACTION		4	/* Flow Binding Action, RFC 7109 6.2.1 */
#define MH_FSUB_TCOA		5	/* Target Care-of Address, 6.2.2 */

/* Flow Identification Status, RFC 6089 4.2 */
enum mh_fid_status {
	FID_OK			= 0,
	FID_PROHIBITED		= 128,
	FID_UNSPECIFIED		= 129,
	FID_MALFORMED		= 130,
	FID_BID_NOT_FOUND	= 131,
	FID_NOT_FOUND		= 132,
	FID_TS_UNSUPPORTED	= 133,
};

/* BU flags (16 bits at MH offset 8), 6.1.7 and the IANA registry */
#define MH_BU_F_A		0x8000	/* acknowledge */
#define MH_BU_F_H		0x4000	/* home registration */
#define MH_BU_F_L		0x2000	/* link-local address compatibility */
#define MH_BU_F_K		0x1000	/* key management mobility capability */
#define MH_BU_F_M		0x0800	/* MAP registration (RFC 5380) */
#define MH_BU_F_R		0x0400	/* mobile router (RFC 3963) */
#define MH_BU_F_P		0x0200	/* proxy registration (RFC 5213) */
#define MH_BU_F_F		0x0100	/* force UDP encapsulation (RFC 5555) */

/* IPv4 Home Address option (RFC 5555 3.1.1): Prefix-len, P */
#define MH_V4HOA_F_P		0x01	/* struct mh_msg.v4hoa.flags */
/* NAT Detection option (3.2.2) */
#define MH_NATD_F_F		0x8000	/* UDP encapsulation required */
#define MH_NATD_NO_REFRESH	0xffffffffu	/* (RFC 5555 4.1: no keepalives) */
/* IPv4 Address Acknowledgement status (3.2.1); < 128 success */
enum mh_v4ack_status {
	V4ACK_SUCCESS		= 0,
	V4ACK_UNSPECIFIED	= 128,
	V4ACK_PROHIBITED	= 129,
	V4ACK_INCORRECT_HOA	= 130,
	V4ACK_INVALID_ADDR	= 131,
	V4ACK_NO_DYNAMIC	= 132,
	V4ACK_PREFIX_UNAUTH	= 133,
};

/* BA flags (8 bits at MH offset 7), 6.1.8 */
#define MH_BA_F_K		0x80
#define MH_BA_F_R		0x40	/* RFC 3963 */
#define MH_BA_F_P		0x20	/* RFC 5213 */

/* BA status, 6.1.8 and RFC 4285 6; < 128 accepted */
enum mh_ba_status {
	BA_ACCEPTED		= 0,
	BA_ACCEPTED_PD		= 1,	/* prefix discovery necessary */
	BA_UNSPECIFIED		= 128,
	BA_PROHIBITED		= 129,
	BA_INSUFFICIENT		= 130,
	BA_HR_NOT_SUPPORTED	= 131,
	BA_NOT_HOME_SUBNET	= 132,
	BA_NOT_HA_FOR_MN	= 133,
	BA_DAD_FAILED		= 134,
	BA_SEQ_OUT_OF_WINDOW	= 135,
	BA_EXPIRED_HNI		= 136,
	BA_EXPIRED_CNI		= 137,
	BA_EXPIRED_NONCES	= 138,
	BA_REG_TYPE_CHANGE	= 139,
	BA_MR_OP_NOT_PERMITTED	= 140,	/* RFC 3963 6.6 */
	BA_INVALID_PREFIX	= 141,	/* RFC 3963 */
	BA_NOT_AUTH_FOR_PREFIX	= 142,	/* RFC 3963 */
	BA_FWD_SETUP_FAILED	= 143,	/* RFC 3963: prefixes missing */
	BA_ID_MISMATCH		= 144,	/* RFC 4285: MIPV6-ID-MISMATCH */
	BA_MESG_ID_REQD		= 145,	/* RFC 4285: MIPV6-MESG-ID-REQD */
	BA_AUTH_FAIL		= 146,	/* RFC 4285: MIPV6-AUTH-FAIL */
	BA_MCOA_MALFORMED	= 164,	/* RFC 5648 6.1.2 .. 169 */
	BA_MCOA_NON_MCOA_EXISTS	= 165,
	BA_MCOA_PROHIBITED	= 166,
	BA_MCOA_UNKNOWN_COA	= 167,
	BA_MCOA_BULK_PROHIBITED	= 168,
	BA_MCOA_SIMUL_PROHIBITED = 169,
	BA_INVALID_COA		= 174,
};

/* Accepted statuses of RFC 5648 6.1.2 (BA Status below 128) */
#define BA_MCOA_NOTCOMPLETE	4	/* bulk: some BIDs refused */
#define BA_MCOA_RETURNHOME_WO_NDP 5	/* home: no ND for the home address */

/* Binding Identifier option flags octet, RFC 5648 4.3, RFC 6089 4.1 */
#define MH_BID_F_H		0x80	/* simultaneous home and foreign */
#define MH_BID_PRI_MASK		0x7f	/* BID-PRI (RFC 6089); Reserved in 5648 */

/* BE status, 6.1.9 */
enum mh_be_status {
	BE_UNKNOWN_HAO		= 1,	/* no binding for the Home Address option */
	BE_UNKNOWN_MH		= 2,	/* unrecognized MH Type */
};

#define MH_MNID_NAI		1	/* RFC 4283 subtype: NAI */
#define MH_MNID_MAX		253	/* option length 255 minus the subtype octet */
#define MH_AUTH_MN_HA		1	/* RFC 4285 subtype: MN-HA */
#define MH_AUTH_MN_AAA		2	/* RFC 4285 subtype: MN-AAA */
#define MH_AUTH_DATA_LEN	12	/* First(96, HMAC_SHA1(...)) */
#define MH_BAD_LEN		12	/* 5.2.6: First(96, HMAC_SHA1(Kbm, ...)) */
#define MH_COOKIE_LEN		8
#define MH_TOKEN_LEN		8

/*
 * One decoded (or to be encoded) Mobility Header message. Fixed-part
 * fields are in host byte order; lifetimes and refresh intervals are
 * in the wire's units of 4 seconds.
 */
struct mh_msg {
	uint8_t type;			/* enum mh_type */
	uint8_t payload_proto;		/* parse: as received; build: 0 = 59 */
	union {
		struct {		/* MH_HOTI, MH_COTI */
			uint8_t cookie[MH_COOKIE_LEN];
		} ti;
		struct {		/* MH_HOT, MH_COT */
			uint16_t nonce_index;
			uint8_t cookie[MH_COOKIE_LEN];
			uint8_t token[MH_TOKEN_LEN];
		} t;
		struct {		/* MH_BU */
			uint16_t seq;
			uint16_t flags;		/* MH_BU_F_* */
			uint16_t lifetime;	/* units of 4 s */
		} bu;
		struct {		/* MH_BA */
			uint8_t status;		/* enum mh_ba_status */
			uint8_t flags;		/* MH_BA_F_* */
			uint16_t seq;
			uint16_t lifetime;	/* units of 4 s */
		} ba;
		struct {		/* MH_BE */
			uint8_t status;		/* enum mh_be_status */
			struct in6_addr hoa;
		} be;
		struct {		/* MH_FB (RFC 7109) */
			uint16_t type;		/* MH_FB_FBI, MH_FB_FBA */
			uint16_t seq;
			uint8_t code;		/* FBI: Trigger; FBA: Status */
			uint8_t flags;		/* FBI: MH_FB_F_A; FBA: 0 */
		} fb;
	};

	/* Options: MH_OPT(type) set in opts for each one present. */
	uint64_t opts;
	uint16_t refresh;		/* BRA: units of 4 s */
	struct in6_addr alt_coa;	/* ALTCOA */
	uint16_t home_nonce_index;	/* NONCE */
	uint16_t coa_nonce_index;	/* NONCE */
	uint8_t bad[MH_BAD_LEN];	/* BAD authenticator */
	uint16_t bad_off;		/* BAD: MH offset of its Type octet */
	struct {			/* MNID */
		uint8_t subtype;
		uint8_t len;
		uint8_t id[MH_MNID_MAX];
	} mnid;
	uint64_t timestamp;		/* MESGID: NTP format, host order */
	struct {			/* AUTH */
		uint8_t subtype;
		uint32_t spi;
		uint8_t data[MH_AUTH_DATA_LEN];
		uint16_t off;		/* MH offset of its Type octet */
	} auth;
	uint8_t n_mnp;			/* MNP: how many, 1..MH_MAX_MNP */
	struct mh_mnp {
		uint8_t plen;		/* Prefix Length, as on the wire */
		struct in6_addr prefix;
	} mnp[MH_MAX_MNP];
	uint8_t n_bid;			/* BID: how many, 1..MH_MAX_BID */
	struct mh_bid {
		uint16_t bid;		/* 0 reserved (SHOULD NOT be used) */
		uint8_t status;		/* per BID in a BA; 0 otherwise */
		uint8_t flags;		/* MH_BID_F_H, MH_BID_PRI_MASK */
		uint8_t coa_len;	/* 0, 4 (IPv4) or 16 (IPv6) */
		uint8_t coa[16];
	} bid[MH_MAX_BID];
	uint8_t n_fid;			/* FID: how many, 1..MH_MAX_FID */
	struct mh_fid {
		uint16_t fid;		/* 0 reserved */
		uint16_t pri;		/* FID-PRI, lower first; 0 reserved */
		uint8_t status;		/* enum mh_fid_status, in a BA */
		uint8_t n_bref;		/* Binding Reference BIDs; 0: none */
		uint16_t bref[MH_MAX_BID];
		/*
		 * Traffic Selector sub-option: ts_format 0 when there is
		 * none; TS_FMT_IPV4 or TS_FMT_IPV6 decoded into ts; any
		 * other format kept as its number only (the receiver
		 * answers 133), which mh_build() refuses to write.
		 */
		uint8_t ts_format;
		struct ts_sel ts;
		/* RFC 7109 6.2: the Flow Binding Action (FB_ACT_*; 0:
		 * none, a 0 on the wire is refused) and the Target
		 * Care-of Address (tcoa_len 0: none, 4 or 16) */
		uint8_t action;
		uint8_t tcoa_len;
		uint8_t tcoa[16];
	} fid[MH_MAX_FID];
	struct {			/* V4HOA (RFC 5555 3.1.1) */
		uint8_t plen;		/* Prefix-len, 6 bits (0 is an
					 * error the receiver answers) */
		uint8_t flags;		/* MH_V4HOA_F_P */
		uint8_t addr[4];	/* 0.0.0.0: one is asked for */
	} v4hoa;
	struct {			/* V4ACK (3.2.1) */
		uint8_t status;		/* enum mh_v4ack_status */
		uint8_t plen;		/* Pref-len, 6 bits */
		uint8_t addr[4];
	} v4ack;
	struct {			/* NATD (3.2.2) */
		uint16_t flags;		/* MH_NATD_F_F */
		uint32_t refresh;	/* s; 0: none suggested */
	} natd;
	uint8_t v4coa[4];		/* V4COA (3.1.2) */
	uint8_t n_fsum;			/* FSUM: FIDs, 1..MH_MAX_FSUM */
	uint16_t fsum[MH_MAX_FSUM];
	unsigned int unknown_opts;	/* parse: options (and Flow
					 * Identification sub-options)
					 * skipped as unknown */
};

/* Why a message was rejected. */
enum mh_err {
	MH_OK = 0,
	MH_ERR_SHORT,		/* shorter than the common header */
	MH_ERR_HDRLEN,		/* Header Len disagrees with the length */
	MH_ERR_PROTO,		/* Payload Proto is not 59 */
	MH_ERR_CSUM,		/* bad checksum */
	MH_ERR_TYPE,		/* unknown MH Type (m->type is set: BE 2) */
	MH_ERR_MINLEN,		/* too short for the fixed part of its type */
	MH_ERR_RESERVED,	/* (build only) nothing; kept for the table */
	MH_ERR_OPT_TRUNC,	/* option runs past the end */
	MH_ERR_OPT_LEN,		/* wrong Option Length for its type */
	MH_ERR_OPT_ALIGN,	/* option not at its alignment */
	MH_ERR_OPT_DUP,		/* option present twice */
	MH_ERR_OPT_ORDER,	/* AUTH/BAD not last, MNID after AUTH */
	MH_ERR_OPT_PAD,		/* PadN with non-zero bytes */
	MH_ERR_NOSPACE,		/* build: buffer too small */
	MH_ERR_INVAL,		/* build: bad field (e.g. MNID too long) */
	MH_ERR_OPT_MANY,	/* more MNP, BID or FID options than kept */
	MH_ERR_TS,		/* bad traffic selector (RFC 6088) */
	MH_ERR_MAX,
};

/* A short text for an enum mh_err ("bad checksum"). Never NULL. */
const char *mh_strerror(int err);

/* Name of an MH type ("BU") or NULL; of a BA status or NULL. */
const char *mh_type_name(unsigned int type);
/* Whether this codec knows the MH type (0..7, 21). */
bool mh_type_known(unsigned int type);
const char *mh_ba_status_name(unsigned int status);
/* RFC 5555 3.2.1 status text (never NULL) */
const char *mh_v4ack_status_name(unsigned int status);

/*
 * Checksum of a Mobility Header (6.1.1): one's complement sum over the
 * pseudo-header (src, dst, length, next header 135) and the message,
 * with its own Checksum field taken as zero. src is the home address
 * when the packet carries a Home Address option; dst the final
 * destination (the home address for a type 2 routing header).
 */
uint16_t mh_checksum(const uint8_t *mh, size_t len,
		     const struct in6_addr *src, const struct in6_addr *dst);

/*
 * Parse one Mobility Header message of len bytes (the upper-layer
 * payload, nothing after it). If src and dst are not NULL the checksum
 * is verified against them. Fills *m (zeroed first) and returns MH_OK,
 * or an enum mh_err. For MH_ERR_TYPE, m->type holds the unknown type.
 * Unknown option types are skipped (6.2.1) and counted; known ones are
 * checked for length, alignment, duplicates and order.
 */
int mh_parse(const uint8_t *buf, size_t len, const struct in6_addr *src,
	     const struct in6_addr *dst, struct mh_msg *m);

/*
 * Encode *m into buf (cap bytes): the common header, the fixed part of
 * m->type, then the options present in m->opts, in this order and
 * padded to their alignment: BRA, ALTCOA, NONCE, MNID, the MNPs, the
 * BIDs and the FIDs in array order, FSUM, MESGID, and last AUTH or BAD
 * (at most one of the two). A FID option starts at 8n, with its Traffic
 * Selector first (at 8n + 8, so that its fields fall on their natural
 * boundaries, RFC 6089 4.2.1) and its Binding Reference after it. The message is padded to
 * a multiple of 8 octets. AUTH and BAD are written with the data in
 * m->auth.data / m->bad (callers compute it afterwards, see auth.h);
 * m->auth.off and m->bad_off are set. The checksum is left zero: call
 * mh_finish() once the authenticator is in place.
 * Returns the length (> 0) or the negated enum mh_err.
 */
int mh_build(struct mh_msg *m, uint8_t *buf, size_t cap);

/* Write the checksum (see mh_checksum) into a built message. */
void mh_finish(uint8_t *buf, size_t len, const struct in6_addr *src,
	       const struct in6_addr *dst);

/*
 * Number of leading bytes of a message covered by the RFC 4285
 * authenticator: up to and including the Mobility SPI of the AUTH
 * option at offset auth_off (RFC 4285 5.1).
 */
static inline size_t mh_auth_covered(uint16_t auth_off)
{
	return (size_t)auth_off + 7;	/* type, length, subtype, SPI */
}

/* Sequence numbers, 9.5.1: true if a is "greater than" b modulo 2^16. */
static inline bool mh_seq_after(uint16_t a, uint16_t b)
{
	return (uint16_t)(a - b) != 0 && (uint16_t)(a - b) < 32768;
}

#endif /* IPMOB_MH_H */
