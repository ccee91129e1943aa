// SPDX-License-Identifier: GPL-2.0
/*
 * mh.c - Mobility Header wire codec (see mh.h).
 *
 * RFC 6275 6.1 (messages), 6.2 (options), RFC 4283 (Mobile Node
 * Identifier option), RFC 4285 5 and 6 (authentication and replay
 * protection options), RFC 3963 6.2 (Mobile Network Prefix option), RFC
 * 5648 4.3 (Binding Identifier option; its flags octet carries RFC
 * 6089's BID-PRI), RFC 6089 4.2 (Flow Identification and Flow Summary
 * options; the traffic selectors are ts.c's). Pure functions: no I/O, no allocation, no
 * state but the constant tables below.
 *
 * Placement of the options that "MUST be last":
 *
 *  - Binding Authorization Data (RFC 6275 6.2, 6.2.7): last, no trailing
 *    padding, hence implicitly at 8n+2. With its 12-octet authenticator
 *    (14 octets in all) it then ends exactly on an 8-octet boundary.
 *
 *  - Mobility Message Authentication (RFC 4285 5, 5.1): last, aligned at
 *    4n+1, 19 octets long (Type, Length, Subtype, SPI and 12 octets of
 *    data). At 8n+5 it ends at 8n+24, on an 8-octet boundary; at 8n+1 it
 *    ends at 8n+20 and 6.1.1 (total length a multiple of 8) forces four
 *    octets of padding after it. 4n+1 allows both, so a conforming peer
 *    may send either (scapy, for one, emits the trailing PadN). Hence:
 *      parser:  after AUTH only Pad1/PadN may follow, fewer than 8
 *               octets in all (that is all the 8-octet rule can ask for);
 *               anything else is MH_ERR_OPT_ORDER;
 *      builder: always places AUTH at 8n+5, so it is truly the last
 *               octets of the message. This never costs more octets than
 *               8n+1 followed by padding would.
 *    The padding after AUTH is outside what the authenticator covers
 *    (mh_auth_covered()), but it carries nothing and must be zero.
 */
#include <string.h>

#include "mh.h"

#define MH_HDR_LEN		6	/* 6.1.1: up to the end of Checksum */
#define MH_AUTH_OPT_LEN		(5 + MH_AUTH_DATA_LEN)	/* RFC 4285 5 */
#define MH_MESGID_OPT_LEN	8	/* RFC 4285 6 */

/*
 * Per MH type: smallest Header Len (the fixed part with no options, as
 * the kernel's mip6_mh_filter() also checks) and the MH offset of the
 * first option, right after the fixed part (6.1.2 - 6.1.9).
 */
static const uint8_t mh_min_hlen[MH_TYPE_KNOWN_MAX + 1] = {
	[MH_BRR] = 0, [MH_HOTI] = 1, [MH_COTI] = 1, [MH_HOT] = 2,
	[MH_COT] = 2, [MH_BU] = 1, [MH_BA] = 1, [MH_BE] = 2,
	[MH_FB] = 1,
};

static const uint8_t mh_opt_start[MH_TYPE_KNOWN_MAX + 1] = {
	[MH_BRR] = 8, [MH_HOTI] = 16, [MH_COTI] = 16, [MH_HOT] = 24,
	[MH_COT] = 24, [MH_BU] = 12, [MH_BA] = 12, [MH_BE] = 24,
	[MH_FB] = 12,
};

static const char *const mh_type_names[MH_TYPE_KNOWN_MAX + 1] = {
	[MH_BRR] = "BRR", [MH_HOTI] = "HoTI", [MH_COTI] = "CoTI",
	[MH_HOT] = "HoT", [MH_COT] = "CoT", [MH_BU] = "BU",
	[MH_BA] = "BA", [MH_BE] = "BE", [MH_FB] = "FB",
};

static const char *const mh_err_names[MH_ERR_MAX] = {
	[MH_OK]			= "ok",
	[MH_ERR_SHORT]		= "message too short",
	[MH_ERR_HDRLEN]		= "header length mismatch",
	[MH_ERR_PROTO]		= "payload proto not 59",
	[MH_ERR_CSUM]		= "bad checksum",
	[MH_ERR_TYPE]		= "unknown MH type",
	[MH_ERR_MINLEN]		= "too short for its type",
	[MH_ERR_RESERVED]	= "reserved field set",
	[MH_ERR_OPT_TRUNC]	= "truncated option",
	[MH_ERR_OPT_LEN]	= "bad option length",
	[MH_ERR_OPT_ALIGN]	= "misaligned option",
	[MH_ERR_OPT_DUP]	= "duplicate option",
	[MH_ERR_OPT_ORDER]	= "option out of order",
	[MH_ERR_OPT_PAD]	= "non-zero padding",
	[MH_ERR_NOSPACE]	= "buffer too small",
	[MH_ERR_INVAL]		= "invalid field",
	[MH_ERR_OPT_MANY]	= "too many options of a type",
	[MH_ERR_TS]		= "bad traffic selector",
};

/* 6.1.8, RFC 3963 (140-143), RFC 4285 6 (144-146), RFC 5648 (4, 5, 164-169) */
static const char *const mh_ba_names[256] = {
	[BA_ACCEPTED]		= "accepted",
	[BA_ACCEPTED_PD]	= "accepted, prefix discovery necessary",
	[BA_MCOA_NOTCOMPLETE]	= "accepted, some bindings refused",
	[BA_MCOA_RETURNHOME_WO_NDP] = "accepted, returning home without NDP",
	[BA_UNSPECIFIED]	= "reason unspecified",
	[BA_PROHIBITED]		= "administratively prohibited",
	[BA_INSUFFICIENT]	= "insufficient resources",
	[BA_HR_NOT_SUPPORTED]	= "home registration not supported",
	[BA_NOT_HOME_SUBNET]	= "not home subnet",
	[BA_NOT_HA_FOR_MN]	= "not home agent for this mobile node",
	[BA_DAD_FAILED]		= "duplicate address detection failed",
	[BA_SEQ_OUT_OF_WINDOW]	= "sequence number out of window",
	[BA_EXPIRED_HNI]	= "expired home nonce index",
	[BA_EXPIRED_CNI]	= "expired care-of nonce index",
	[BA_EXPIRED_NONCES]	= "expired nonces",
	[BA_REG_TYPE_CHANGE]	= "registration type change disallowed",
	[BA_MR_OP_NOT_PERMITTED] = "mobile router operation not permitted",
	[BA_INVALID_PREFIX]	= "invalid prefix",
	[BA_NOT_AUTH_FOR_PREFIX] = "not authorized for prefix",
	[BA_FWD_SETUP_FAILED]	= "forwarding setup failed",
	[BA_ID_MISMATCH]	= "identification mismatch",
	[BA_MESG_ID_REQD]	= "message ID required",
	[BA_AUTH_FAIL]		= "authentication failed",
	[BA_MCOA_MALFORMED]	= "MCoA malformed",
	[BA_MCOA_NON_MCOA_EXISTS] = "non-MCoA binding exists",
	[BA_MCOA_PROHIBITED]	= "MCoA prohibited",
	[BA_MCOA_UNKNOWN_COA]	= "MCoA unknown care-of address",
	[BA_MCOA_BULK_PROHIBITED] = "bulk registration prohibited",
	[BA_MCOA_SIMUL_PROHIBITED] = "simultaneous home and foreign prohibited",
	[BA_INVALID_COA]	= "invalid care-of address",
};

const char *mh_strerror(int err)
{
	if (err < 0 && err > -MH_ERR_MAX)
		err = -err;		/* as mh_build() returns it */
	if (err < 0 || err >= MH_ERR_MAX || !mh_err_names[err])
		return "unknown error";
	return mh_err_names[err];
}

const char *mh_type_name(unsigned int type)
{
	return type <= MH_TYPE_KNOWN_MAX ? mh_type_names[type] : NULL;
}

bool mh_type_known(unsigned int type)
{
	return mh_type_name(type) != NULL;
}

const char *mh_ba_status_name(unsigned int status)
{
	return status < 256 ? mh_ba_names[status] : NULL;
}

/* RFC 5555 3.2.1: the IPv4 Address Acknowledgement's status */
const char *mh_v4ack_status_name(unsigned int status)
{
	switch (status) {
	case V4ACK_SUCCESS:
		return "success";
	case V4ACK_UNSPECIFIED:
		return "failure, reason unspecified";
	case V4ACK_PROHIBITED:
		return "administratively prohibited";
	case V4ACK_INCORRECT_HOA:
		return "incorrect IPv4 home address";
	case V4ACK_INVALID_ADDR:
		return "invalid IPv4 address";
	case V4ACK_NO_DYNAMIC:
		return "dynamic IPv4 home address assignment not available";
	case V4ACK_PREFIX_UNAUTH:
		return "prefix allocation unauthorized";
	}
	return status < 128 ? "success" : "failure";
}

/* ---- byte order helpers ---- */

static uint16_t get16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

static uint32_t get32(const uint8_t *p)
{
	return (uint32_t)get16(p) << 16 | get16(p + 2);
}

static uint64_t get64(const uint8_t *p)
{
	return (uint64_t)get32(p) << 32 | get32(p + 4);
}

/* ---- checksum, 6.1.1 ---- */

/* Sum of big-endian 16-bit words; an odd last octet is padded with 0. */
static uint64_t sum16(uint64_t sum, const uint8_t *p, size_t len)
{
	size_t i;

	for (i = 0; i + 1 < len; i += 2)
		sum += get16(p + i);
	if (len & 1)
		sum += (uint64_t)p[len - 1] << 8;
	return sum;
}

static uint16_t fold(uint64_t sum)
{
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return (uint16_t)sum;
}

/*
 * One's complement sum over the pseudo-header (RFC 2460 8.1: source,
 * destination, Upper-Layer Packet Length = MH length, Next Header 135)
 * and the message, with or without its own Checksum field.
 */
static uint16_t mh_sum(const uint8_t *mh, size_t len,
		       const struct in6_addr *src, const struct in6_addr *dst,
		       bool with_csum)
{
	uint64_t sum;

	sum = sum16(0, src->s6_addr, 16);
	sum = sum16(sum, dst->s6_addr, 16);
	sum += (uint32_t)len >> 16;
	sum += (uint32_t)len & 0xffff;
	sum += IPPROTO_MH;
	if (with_csum)
		return fold(sum16(sum, mh, len));
	/* Skip octets 4 and 5; 4 and 6 are even, words stay aligned. */
	sum = sum16(sum, mh, len < 4 ? len : 4);
	if (len > MH_HDR_LEN)
		sum = sum16(sum, mh + MH_HDR_LEN, len - MH_HDR_LEN);
	return fold(sum);
}

uint16_t mh_checksum(const uint8_t *mh, size_t len,
		     const struct in6_addr *src, const struct in6_addr *dst)
{
	return (uint16_t)~mh_sum(mh, len, src, dst, false);
}

void mh_finish(uint8_t *buf, size_t len, const struct in6_addr *src,
	       const struct in6_addr *dst)
{
	uint16_t csum;

	if (!buf || len < MH_HDR_LEN)
		return;
	csum = mh_checksum(buf, len, src, dst);
	buf[4] = (uint8_t)(csum >> 8);
	buf[5] = (uint8_t)csum;
}

/* ---- parsing ---- */

/* Fixed part of a message whose length was checked (mh_min_hlen). */
static void parse_fixed(const uint8_t *b, struct mh_msg *m)
{
	switch (m->type) {
	case MH_HOTI:		/* 6.1.3, 6.1.4: Reserved, cookie */
	case MH_COTI:
		memcpy(m->ti.cookie, b + 8, MH_COOKIE_LEN);
		break;
	case MH_HOT:		/* 6.1.5, 6.1.6 */
	case MH_COT:
		m->t.nonce_index = get16(b + 6);
		memcpy(m->t.cookie, b + 8, MH_COOKIE_LEN);
		memcpy(m->t.token, b + 16, MH_TOKEN_LEN);
		break;
	case MH_BU:		/* 6.1.7: flags kept raw, reserved bits too */
		m->bu.seq = get16(b + 6);
		m->bu.flags = get16(b + 8);
		m->bu.lifetime = get16(b + 10);
		break;
	case MH_BA:		/* 6.1.8 */
		m->ba.status = b[6];
		m->ba.flags = b[7];
		m->ba.seq = get16(b + 8);
		m->ba.lifetime = get16(b + 10);
		break;
	case MH_BE:		/* 6.1.9 */
		m->be.status = b[6];
		memcpy(m->be.hoa.s6_addr, b + 8, 16);
		break;
	case MH_FB:		/* RFC 7109 6.1.1, 6.1.2 */
		m->fb.type = get16(b + 6);
		m->fb.seq = get16(b + 8);
		m->fb.code = b[10];
		m->fb.flags = b[11];
		break;
	default:		/* MH_BRR, 6.1.2: Reserved only */
		break;
	}
}

/* Where an option's Type octet sits, and its data (after Type, Len). */
struct mh_opt {
	uint8_t type;
	size_t off;		/* MH offset of the Type octet */
	size_t len;		/* Option Length (0 for Pad1) */
	const uint8_t *data;
};

static bool is_pad(uint8_t type)
{
	return type == MHOPT_PAD1 || type == MHOPT_PADN;
}

static bool is_known(uint8_t type)
{
	return type < 64 && (MH_OPTS_KNOWN & MH_OPT(type));
}

/* May appear more than once (mh.h: MH_MAX_MNP, MH_MAX_BID). */
static bool is_multi(uint8_t type)
{
	return type == MHOPT_MNP || type == MHOPT_BID || type == MHOPT_FID;
}

/*
 * Order and duplicate rules, checked before the option is decoded:
 * a known option at most once (MNP, BID and FID as often as they are
 * kept);
 * nothing at all after BAD (6.2); only
 * padding, fewer than 8 octets (see the top of this file), after AUTH
 * (RFC 4285 5.1), which also rules out MNID after AUTH (RFC 4283 3.2)
 * and AUTH with BAD.
 */
static int check_order(const struct mh_msg *m, const struct mh_opt *o,
		       size_t auth_end)
{
	if (is_known(o->type) && !is_multi(o->type) &&
	    (m->opts & MH_OPT(o->type)))
		return MH_ERR_OPT_DUP;
	if (m->opts & MH_OPT(MHOPT_BAD))
		return MH_ERR_OPT_ORDER;
	if (!(m->opts & MH_OPT(MHOPT_AUTH)))
		return MH_OK;
	if (!is_pad(o->type))
		return MH_ERR_OPT_ORDER;
	if (o->off + (o->type == MHOPT_PAD1 ? 1 : 2 + o->len) - auth_end >= 8)
		return MH_ERR_OPT_ORDER;
	return MH_OK;
}

/*
 * Known options with a fixed Option Length: that length and the
 * alignment "xn+y" of the Type octet (6.2.1). MNID (RFC 4283 3) has a
 * variable length and no alignment.
 */
static const struct {
	uint8_t len, x, y;
} mh_opt_rules[] = {
	[MHOPT_BRA]	= { 2, 2, 0 },			/* 6.2.4: 2n */
	[MHOPT_ALTCOA]	= { 16, 8, 6 },			/* 6.2.5: 8n+6 */
	[MHOPT_NONCE]	= { 4, 2, 0 },			/* 6.2.6: 2n */
	[MHOPT_BAD]	= { MH_BAD_LEN, 8, 2 },		/* 6.2.7: 8n+2 */
	[MHOPT_MNP]	= { 18, 8, 4 },			/* RFC 3963 6.2 */
	[MHOPT_AUTH]	= { MH_AUTH_OPT_LEN, 4, 1 },	/* RFC 4285 5 */
	[MHOPT_MESGID]	= { MH_MESGID_OPT_LEN, 8, 2 },	/* RFC 4285 6 */
	[MHOPT_V4HOA]	= { 6, 4, 0 },			/* RFC 5555 3.1.1 */
	[MHOPT_V4ACK]	= { 6, 4, 0 },			/* 3.2.1 */
	[MHOPT_NATD]	= { 6, 4, 0 },			/* 3.2.2 */
	[MHOPT_V4COA]	= { 6, 4, 0 },			/* 3.1.2 */
};

static int parse_padn(const struct mh_opt *o)
{
	size_t i;

	for (i = 0; i < o->len; i++)	/* 6.2.3: zero-valued octets */
		if (o->data[i])
			return MH_ERR_OPT_PAD;
	return MH_OK;
}

static int parse_mnid(const struct mh_opt *o, struct mh_msg *m)
{
	/* RFC 4283 3: Subtype, then an Identifier of 0..253 octets */
	if (o->len < 1 || o->len - 1 > MH_MNID_MAX)
		return MH_ERR_OPT_LEN;
	m->mnid.subtype = o->data[0];
	m->mnid.len = (uint8_t)(o->len - 1);
	memcpy(m->mnid.id, o->data + 1, o->len - 1);
	return MH_OK;
}

/* Data of a fixed-length option whose length and alignment are right */
static void parse_fixed_opt(const struct mh_opt *o, struct mh_msg *m)
{
	const uint8_t *d = o->data;

	switch (o->type) {
	case MHOPT_BRA:
		m->refresh = get16(d);
		break;
	case MHOPT_ALTCOA:
		memcpy(m->alt_coa.s6_addr, d, 16);
		break;
	case MHOPT_NONCE:
		m->home_nonce_index = get16(d);
		m->coa_nonce_index = get16(d + 2);
		break;
	case MHOPT_BAD:
		memcpy(m->bad, d, MH_BAD_LEN);
		m->bad_off = (uint16_t)o->off;
		break;
	case MHOPT_AUTH:	/* Subtype, SPI, First(96, HMAC_SHA1) */
		m->auth.subtype = d[0];
		m->auth.spi = get32(d + 1);
		memcpy(m->auth.data, d + 5, MH_AUTH_DATA_LEN);
		m->auth.off = (uint16_t)o->off;
		break;
	case MHOPT_MESGID:	/* NTP timestamp */
		m->timestamp = get64(d);
		break;
	case MHOPT_MNP:		/* Reserved, Prefix Length, Prefix */
		m->mnp[m->n_mnp].plen = d[1];
		memcpy(m->mnp[m->n_mnp].prefix.s6_addr, d + 2, 16);
		m->n_mnp++;
		break;
	case MHOPT_V4HOA:	/* Prefix-len(6) P(1) Reserved(9), address */
		m->v4hoa.plen = d[0] >> 2;
		m->v4hoa.flags = (d[0] & 0x02) ? MH_V4HOA_F_P : 0;
		memcpy(m->v4hoa.addr, d + 2, 4);
		break;
	case MHOPT_V4ACK:	/* Status, Pref-len(6) Res(2), address */
		m->v4ack.status = d[0];
		m->v4ack.plen = d[1] >> 2;
		memcpy(m->v4ack.addr, d + 2, 4);
		break;
	case MHOPT_NATD:	/* F(1) Reserved(15), Refresh time */
		m->natd.flags = get16(d) & MH_NATD_F_F;
		m->natd.refresh = get32(d + 2);
		break;
	case MHOPT_V4COA:	/* Reserved(16), address */
		memcpy(m->v4coa, d + 2, 4);
		break;
	}
}

/*
 * RFC 5648 4.3: Length 4 (no care-of address) at 2n, 8 (IPv4) or 20
 * (IPv6) at 8n+2: BID, Status, flags (H, BID-PRI), care-of address.
 */
static int parse_bid(const struct mh_opt *o, struct mh_msg *m)
{
	struct mh_bid *b;

	if (o->len != 4 && o->len != 8 && o->len != 20)
		return MH_ERR_OPT_LEN;
	if (o->len == 4 ? o->off % 2 : o->off % 8 != 2)
		return MH_ERR_OPT_ALIGN;
	if (m->n_bid == MH_MAX_BID)
		return MH_ERR_OPT_MANY;
	b = &m->bid[m->n_bid++];
	b->bid = get16(o->data);
	b->status = o->data[2];
	b->flags = o->data[3];
	b->coa_len = (uint8_t)(o->len - 4);
	memcpy(b->coa, o->data + 4, b->coa_len);
	return MH_OK;
}

/* Binding Reference sub-option (RFC 6089 4.2.1.3): one or more BIDs */
static int parse_bref(const uint8_t *d, size_t len, struct mh_fid *f)
{
	size_t i;

	if (f->n_bref)
		return MH_ERR_OPT_DUP;		/* "MUST NOT include more" */
	if (!len || len % 2)
		return MH_ERR_OPT_LEN;
	if (len / 2 > MH_MAX_BID)
		return MH_ERR_OPT_MANY;
	for (i = 0; i < len / 2; i++)
		f->bref[i] = get16(d + 2 * i);
	f->n_bref = (uint8_t)(len / 2);
	return MH_OK;
}

/* Traffic Selector sub-option (4.2.1.4): TS Format, Reserved, selector */
static int parse_ts(const uint8_t *d, size_t len, struct mh_fid *f)
{
	if (f->ts_format)
		return MH_ERR_OPT_DUP;		/* "MUST NOT include more" */
	if (len < 2 || !d[0])			/* TS Format 0 is reserved */
		return MH_ERR_OPT_LEN;
	f->ts_format = d[0];
	if (d[0] != TS_FMT_IPV4 && d[0] != TS_FMT_IPV6)
		return MH_OK;			/* the receiver answers 133 */
	return ts_parse(d + 2, len - 2, d[0], &f->ts) ? MH_ERR_TS : MH_OK;
}

/* Flow Binding Action sub-option (RFC 7109 6.2.1): Reserved, Action */
static int parse_action(const uint8_t *d, size_t len, struct mh_fid *f)
{
	if (f->action)
		return MH_ERR_OPT_DUP;
	if (len != 2 || !d[1])
		return MH_ERR_OPT_LEN;
	f->action = d[1];
	return MH_OK;
}

/* Target Care-of Address sub-option (6.2.2): Reserved(16), address */
static int parse_tcoa(const uint8_t *d, size_t len, struct mh_fid *f)
{
	if (f->tcoa_len)
		return MH_ERR_OPT_DUP;
	if (len != 2 + 4 && len != 2 + 16)
		return MH_ERR_OPT_LEN;
	f->tcoa_len = (uint8_t)(len - 2);
	memcpy(f->tcoa, d + 2, f->tcoa_len);
	return MH_OK;
}

/*
 * Flow Identification (RFC 6089 4.2): FID, FID-PRI, Reserved, Status,
 * then sub-options in TLV form (Pad1 without a length), unknown ones
 * skipped (4.2.1). Sub-option alignment is what a sender should do, so
 * it is not checked here.
 */
static int parse_fid(const struct mh_opt *o, struct mh_msg *m)
{
	const uint8_t *d = o->data;
	struct mh_fid *f;
	size_t off = 6;
	int err;

	if (o->len < 6)
		return MH_ERR_OPT_LEN;
	if (o->off % 2)
		return MH_ERR_OPT_ALIGN;
	if (m->n_fid == MH_MAX_FID)
		return MH_ERR_OPT_MANY;
	f = &m->fid[m->n_fid];
	memset(f, 0, sizeof(*f));
	f->fid = get16(d);
	f->pri = get16(d + 2);
	f->status = d[5];
	while (off < o->len) {
		uint8_t t = d[off];
		size_t n;

		if (t == MH_FSUB_PAD1) {
			off++;
			continue;
		}
		if (o->len - off < 2 || o->len - off - 2 < d[off + 1])
			return MH_ERR_OPT_TRUNC;
		n = d[off + 1];
		err = MH_OK;
		if (t == MH_FSUB_BREF)
			err = parse_bref(d + off + 2, n, f);
		else if (t == MH_FSUB_TS)
			err = parse_ts(d + off + 2, n, f);
		else if (t == MH_FSUB_ACTION)
			err = parse_action(d + off + 2, n, f);
		else if (t == MH_FSUB_TCOA)
			err = parse_tcoa(d + off + 2, n, f);
		else if (t != MH_FSUB_PADN)	/* PadN: "MUST be ignored" */
			m->unknown_opts++;
		if (err)
			return err;
		off += 2 + n;
	}
	m->n_fid++;
	return MH_OK;
}

/* Flow Summary (RFC 6089 4.2.2): one or more FIDs, 2n */
static int parse_fsum(const struct mh_opt *o, struct mh_msg *m)
{
	size_t i;

	if (!o->len || o->len % 2)
		return MH_ERR_OPT_LEN;
	if (o->off % 2)
		return MH_ERR_OPT_ALIGN;
	for (i = 0; i < o->len / 2; i++)
		m->fsum[i] = get16(o->data + 2 * i);
	m->n_fsum = (uint8_t)(o->len / 2);
	return MH_OK;
}

/* Decode one option whose order was checked. */
static int parse_opt(const struct mh_opt *o, struct mh_msg *m)
{
	int err;

	if (o->type == MHOPT_PAD1)
		return MH_OK;
	if (o->type == MHOPT_PADN)
		return parse_padn(o);
	if (!is_known(o->type)) {
		m->unknown_opts++;	/* 6.2.1: skipped, not an error */
		return MH_OK;
	}
	if (o->type == MHOPT_MNID) {
		err = parse_mnid(o, m);
	} else if (o->type == MHOPT_BID) {
		err = parse_bid(o, m);
	} else if (o->type == MHOPT_FID) {
		err = parse_fid(o, m);
	} else if (o->type == MHOPT_FSUM) {
		err = parse_fsum(o, m);
	} else if (o->len != mh_opt_rules[o->type].len) {
		err = MH_ERR_OPT_LEN;
	} else if (o->off % mh_opt_rules[o->type].x !=
		   mh_opt_rules[o->type].y) {
		err = MH_ERR_OPT_ALIGN;
	} else if (o->type == MHOPT_MNP && m->n_mnp == MH_MAX_MNP) {
		err = MH_ERR_OPT_MANY;
	} else {
		parse_fixed_opt(o, m);
		err = MH_OK;
	}
	if (!err)
		m->opts |= MH_OPT(o->type);
	return err;
}

/* The options area, [off, len) of the message (6.2). */
static int parse_opts(const uint8_t *b, size_t off, size_t len,
		      struct mh_msg *m)
{
	size_t auth_end = 0;
	int err;

	while (off < len) {
		struct mh_opt o = { .type = b[off], .off = off };

		if (o.type != MHOPT_PAD1) {
			if (len - off < 2 || len - off - 2 < b[off + 1])
				return MH_ERR_OPT_TRUNC;
			o.len = b[off + 1];
			o.data = b + off + 2;
		}
		err = check_order(m, &o, auth_end);
		if (!err)
			err = parse_opt(&o, m);
		if (err)
			return err;
		off += o.type == MHOPT_PAD1 ? 1 : 2 + o.len;
		if (o.type == MHOPT_AUTH)
			auth_end = off;
	}
	return MH_OK;
}

int mh_parse(const uint8_t *buf, size_t len, const struct in6_addr *src,
	     const struct in6_addr *dst, struct mh_msg *m)
{
	memset(m, 0, sizeof(*m));
	/* 6.1.1: Header Len excludes the first 8 octets, none is shorter */
	if (!buf || len < 8)
		return MH_ERR_SHORT;
	/* 6.1.1: (Header Len + 1) * 8 octets; nothing may follow the MH */
	if (len != ((size_t)buf[1] + 1) * 8)
		return MH_ERR_HDRLEN;
	m->payload_proto = buf[0];
	m->type = buf[2];
	if (buf[0] != MH_PAYLOAD_NONE)
		return MH_ERR_PROTO;
	if (src && dst && mh_sum(buf, len, src, dst, true) != 0xffff)
		return MH_ERR_CSUM;
	/* 9.2: an unknown type is answered with a Binding Error, status 2 */
	if (!mh_type_known(m->type))
		return MH_ERR_TYPE;
	if (buf[1] < mh_min_hlen[m->type])
		return MH_ERR_MINLEN;
	parse_fixed(buf, m);
	return parse_opts(buf, mh_opt_start[m->type], len, m);
}

/* ---- building ---- */

/*
 * Bounded writer: octets beyond cap are counted but never written, so
 * one pass both lays the message out and detects a short buffer.
 */
struct mh_wr {
	uint8_t *buf;
	size_t cap;
	size_t off;
};

static void put(struct mh_wr *w, const void *p, size_t n)
{
	if (w->off <= w->cap && n <= w->cap - w->off)
		memcpy(w->buf + w->off, p, n);
	w->off += n;
}

static void put8(struct mh_wr *w, uint8_t v)
{
	put(w, &v, 1);
}

static void put16(struct mh_wr *w, uint16_t v)
{
	uint8_t b[2] = { (uint8_t)(v >> 8), (uint8_t)v };

	put(w, b, 2);
}

static void put32(struct mh_wr *w, uint32_t v)
{
	put16(w, (uint16_t)(v >> 16));
	put16(w, (uint16_t)v);
}

static void put64(struct mh_wr *w, uint64_t v)
{
	put32(w, (uint32_t)(v >> 32));
	put32(w, (uint32_t)v);
}

static void put_zero(struct mh_wr *w, size_t n)
{
	while (n--)
		put8(w, 0);
}

/* Pad1 or PadN (6.2.2, 6.2.3) up to the next offset that is xn+y. */
static void pad_to(struct mh_wr *w, unsigned int x, unsigned int y)
{
	size_t n = (y + x - w->off % x) % x;

	if (n == 1) {
		put8(w, MHOPT_PAD1);
	} else if (n > 1) {
		put8(w, MHOPT_PADN);
		put8(w, (uint8_t)(n - 2));
		put_zero(w, n - 2);
	}
}

/* Type and Length of a fixed-length option, after padding to its xn+y */
static void opt_start(struct mh_wr *w, uint8_t type)
{
	pad_to(w, mh_opt_rules[type].x, mh_opt_rules[type].y);
	put8(w, type);
	put8(w, mh_opt_rules[type].len);
}

static void build_fixed(const struct mh_msg *m, struct mh_wr *w)
{
	switch (m->type) {
	case MH_BRR:
		put_zero(w, 2);
		break;
	case MH_HOTI:
	case MH_COTI:
		put_zero(w, 2);
		put(w, m->ti.cookie, MH_COOKIE_LEN);
		break;
	case MH_HOT:
	case MH_COT:
		put16(w, m->t.nonce_index);
		put(w, m->t.cookie, MH_COOKIE_LEN);
		put(w, m->t.token, MH_TOKEN_LEN);
		break;
	case MH_BU:
		put16(w, m->bu.seq);
		put16(w, m->bu.flags);
		put16(w, m->bu.lifetime);
		break;
	case MH_BA:
		put8(w, m->ba.status);
		put8(w, m->ba.flags);
		put16(w, m->ba.seq);
		put16(w, m->ba.lifetime);
		break;
	case MH_BE:
		put8(w, m->be.status);
		put8(w, 0);
		put(w, m->be.hoa.s6_addr, 16);
		break;
	case MH_FB:
		put16(w, m->fb.type);
		put16(w, m->fb.seq);
		put8(w, m->fb.code);
		put8(w, m->fb.flags);
		break;
	}
}

/*
 * A Flow Identification option at 8n: its fixed part, the Traffic
 * Selector at 8n + 8 (RFC 6088 3: 8n is the most its fields need), the
 * Binding Reference at 2n. build_check() made sure that it fits its
 * Option Length and that the selector builds.
 */
static void build_fid(const struct mh_fid *f, struct mh_wr *w)
{
	uint8_t ts[TS_MAX_LEN];
	size_t start, i;
	int n;

	pad_to(w, 8, 0);
	start = w->off;
	put8(w, MHOPT_FID);
	put8(w, 0);			/* Option Len, below */
	put16(w, f->fid);
	put16(w, f->pri);
	put8(w, 0);
	put8(w, f->status);
	if (f->ts_format) {
		n = ts_build(&f->ts, ts, sizeof(ts));
		put8(w, MH_FSUB_TS);
		put8(w, (uint8_t)(2 + n));
		put8(w, f->ts_format);
		put8(w, 0);
		put(w, ts, (size_t)n);
	}
	if (f->n_bref) {
		pad_to(w, 2, 0);
		put8(w, MH_FSUB_BREF);
		put8(w, (uint8_t)(2 * f->n_bref));
		for (i = 0; i < f->n_bref; i++)
			put16(w, f->bref[i]);
	}
	if (f->action) {		/* RFC 7109 6.2.1 */
		pad_to(w, 2, 0);
		put8(w, MH_FSUB_ACTION);
		put8(w, 2);
		put8(w, 0);
		put8(w, f->action);
	}
	if (f->tcoa_len) {		/* 6.2.2 */
		pad_to(w, 2, 0);
		put8(w, MH_FSUB_TCOA);
		put8(w, (uint8_t)(2 + f->tcoa_len));
		put16(w, 0);
		put(w, f->tcoa, f->tcoa_len);
	}
	if (start + 1 < w->cap)
		w->buf[start + 1] = (uint8_t)(w->off - start - 2);
}

/* The options before AUTH/BAD, in canonical order and alignment. */
static void build_opts(const struct mh_msg *m, struct mh_wr *w)
{
	unsigned int i;

	if (m->opts & MH_OPT(MHOPT_BRA)) {
		opt_start(w, MHOPT_BRA);
		put16(w, m->refresh);
	}
	if (m->opts & MH_OPT(MHOPT_ALTCOA)) {
		opt_start(w, MHOPT_ALTCOA);
		put(w, m->alt_coa.s6_addr, 16);
	}
	if (m->opts & MH_OPT(MHOPT_NONCE)) {
		opt_start(w, MHOPT_NONCE);
		put16(w, m->home_nonce_index);
		put16(w, m->coa_nonce_index);
	}
	if (m->opts & MH_OPT(MHOPT_MNID)) {	/* before AUTH, RFC 4283 3.2 */
		put8(w, MHOPT_MNID);		/* no alignment */
		put8(w, (uint8_t)(1 + m->mnid.len));
		put8(w, m->mnid.subtype);
		put(w, m->mnid.id, m->mnid.len);
	}
	if (m->opts & MH_OPT(MHOPT_MNP)) {
		for (i = 0; i < m->n_mnp; i++) {
			opt_start(w, MHOPT_MNP);
			put8(w, 0);
			put8(w, m->mnp[i].plen);
			put(w, m->mnp[i].prefix.s6_addr, 16);
		}
	}
	/* RFC 5555 3.1, 3.2: each 4n */
	if (m->opts & MH_OPT(MHOPT_V4HOA)) {
		opt_start(w, MHOPT_V4HOA);
		put8(w, (uint8_t)(m->v4hoa.plen << 2 |
				  (m->v4hoa.flags & MH_V4HOA_F_P ? 0x02 : 0)));
		put8(w, 0);
		put(w, m->v4hoa.addr, 4);
	}
	if (m->opts & MH_OPT(MHOPT_V4COA)) {
		opt_start(w, MHOPT_V4COA);
		put16(w, 0);
		put(w, m->v4coa, 4);
	}
	if (m->opts & MH_OPT(MHOPT_V4ACK)) {
		opt_start(w, MHOPT_V4ACK);
		put8(w, m->v4ack.status);
		put8(w, (uint8_t)(m->v4ack.plen << 2));
		put(w, m->v4ack.addr, 4);
	}
	if (m->opts & MH_OPT(MHOPT_NATD)) {
		opt_start(w, MHOPT_NATD);
		put16(w, m->natd.flags & MH_NATD_F_F);
		put32(w, m->natd.refresh);
	}
	if (m->opts & MH_OPT(MHOPT_BID)) {
		for (i = 0; i < m->n_bid; i++) {
			const struct mh_bid *b = &m->bid[i];

			pad_to(w, b->coa_len ? 8 : 2, b->coa_len ? 2 : 0);
			put8(w, MHOPT_BID);
			put8(w, (uint8_t)(4 + b->coa_len));
			put16(w, b->bid);
			put8(w, b->status);
			put8(w, b->flags);
			put(w, b->coa, b->coa_len);
		}
	}
	if (m->opts & MH_OPT(MHOPT_FID))
		for (i = 0; i < m->n_fid; i++)
			build_fid(&m->fid[i], w);
	if (m->opts & MH_OPT(MHOPT_FSUM)) {
		pad_to(w, 2, 0);
		put8(w, MHOPT_FSUM);
		put8(w, (uint8_t)(2 * m->n_fsum));
		for (i = 0; i < m->n_fsum; i++)
			put16(w, m->fsum[i]);
	}
	if (m->opts & MH_OPT(MHOPT_MESGID)) {
		opt_start(w, MHOPT_MESGID);
		put64(w, m->timestamp);
	}
}

/*
 * Last, AUTH at 8n+5 (a case of its 4n+1, see the top of this file) or
 * BAD at 8n+2: either then ends on an 8-octet boundary, unpadded.
 */
static void build_last(struct mh_msg *m, struct mh_wr *w)
{
	m->auth.off = 0;
	m->bad_off = 0;
	if (m->opts & MH_OPT(MHOPT_AUTH)) {
		pad_to(w, 8, 5);
		m->auth.off = (uint16_t)w->off;
		put8(w, MHOPT_AUTH);
		put8(w, MH_AUTH_OPT_LEN);
		put8(w, m->auth.subtype);
		put32(w, m->auth.spi);
		put(w, m->auth.data, MH_AUTH_DATA_LEN);
	} else if (m->opts & MH_OPT(MHOPT_BAD)) {
		opt_start(w, MHOPT_BAD);
		m->bad_off = (uint16_t)(w->off - 2);
		put(w, m->bad, MH_BAD_LEN);
	}
}

/* A FID the builder can write: a selector it knows, a BID list it keeps */
static int check_fid(const struct mh_fid *f)
{
	if (f->n_bref > MH_MAX_BID)
		return MH_ERR_INVAL;
	if (f->tcoa_len != 0 && f->tcoa_len != 4 && f->tcoa_len != 16)
		return MH_ERR_INVAL;
	if (!f->ts_format)
		return MH_OK;
	if (f->ts.format != f->ts_format || ts_check(&f->ts))
		return MH_ERR_INVAL;	/* unknown format, bad fields */
	return MH_OK;
}

static int build_check(const struct mh_msg *m)
{
	if (!mh_type_known(m->type))
		return MH_ERR_INVAL;
	if (m->opts & ~MH_OPTS_KNOWN)
		return MH_ERR_INVAL;
	if ((m->opts & MH_OPT(MHOPT_AUTH)) && (m->opts & MH_OPT(MHOPT_BAD)))
		return MH_ERR_INVAL;	/* both "MUST be last" */
	if ((m->opts & MH_OPT(MHOPT_MNID)) && m->mnid.len > MH_MNID_MAX)
		return MH_ERR_INVAL;
	if ((m->opts & MH_OPT(MHOPT_MNP)) &&
	    (!m->n_mnp || m->n_mnp > MH_MAX_MNP))
		return MH_ERR_INVAL;
	if (m->opts & MH_OPT(MHOPT_BID)) {
		unsigned int i;

		if (!m->n_bid || m->n_bid > MH_MAX_BID)
			return MH_ERR_INVAL;
		for (i = 0; i < m->n_bid; i++)
			if (m->bid[i].coa_len != 0 && m->bid[i].coa_len != 4 &&
			    m->bid[i].coa_len != 16)
				return MH_ERR_INVAL;
	}
	if ((m->opts & MH_OPT(MHOPT_FSUM)) &&
	    (!m->n_fsum || m->n_fsum > MH_MAX_FSUM))
		return MH_ERR_INVAL;
	/* 6-bit prefix lengths, the P flag and F alone (RFC 5555 3) */
	if ((m->opts & MH_OPT(MHOPT_V4HOA)) &&
	    (m->v4hoa.plen > 63 || (m->v4hoa.flags & ~MH_V4HOA_F_P)))
		return MH_ERR_INVAL;
	if ((m->opts & MH_OPT(MHOPT_V4ACK)) && m->v4ack.plen > 63)
		return MH_ERR_INVAL;
	if ((m->opts & MH_OPT(MHOPT_NATD)) && (m->natd.flags & ~MH_NATD_F_F))
		return MH_ERR_INVAL;
	if (m->opts & MH_OPT(MHOPT_FID)) {
		unsigned int i;

		if (!m->n_fid || m->n_fid > MH_MAX_FID)
			return MH_ERR_INVAL;
		for (i = 0; i < m->n_fid; i++)
			if (check_fid(&m->fid[i]))
				return MH_ERR_INVAL;
	}
	return MH_OK;
}

int mh_build(struct mh_msg *m, uint8_t *buf, size_t cap)
{
	struct mh_wr w = { .buf = buf, .cap = buf ? cap : 0 };
	int err;

	if (!m)
		return -MH_ERR_INVAL;
	err = build_check(m);
	if (err)
		return -err;
	put8(&w, m->payload_proto ? m->payload_proto : MH_PAYLOAD_NONE);
	put8(&w, 0);			/* Header Len, below */
	put8(&w, m->type);
	put8(&w, 0);			/* Reserved */
	put16(&w, 0);			/* Checksum: mh_finish() */
	build_fixed(m, &w);
	build_opts(m, &w);
	build_last(m, &w);
	pad_to(&w, 8, 0);		/* 6.1.1: a multiple of 8 octets */
	if (w.off > MH_MAX_LEN)		/* many FIDs: Header Len is 8 bits */
		return -MH_ERR_INVAL;
	if (w.off > w.cap)
		return -MH_ERR_NOSPACE;
	buf[1] = (uint8_t)(w.off / 8 - 1);
	return (int)w.off;
}
