/* SPDX-License-Identifier: GPL-2.0 */
/*
 * mh_eq.h - field-by-field equality of two decoded Mobility Header
 * messages (offsets excluded), shared by the unit suite and the fuzzer.
 */
#ifndef IPMOB_MH_EQ_H
#define IPMOB_MH_EQ_H

#include <stdbool.h>
#include <string.h>

#include "mh.h"

static inline bool fixed_eq(const struct mh_msg *a, const struct mh_msg *b)
{
	switch (a->type) {
	case MH_HOTI:
	case MH_COTI:
		return !memcmp(a->ti.cookie, b->ti.cookie, MH_COOKIE_LEN);
	case MH_HOT:
	case MH_COT:
		return a->t.nonce_index == b->t.nonce_index &&
		       !memcmp(a->t.cookie, b->t.cookie, MH_COOKIE_LEN) &&
		       !memcmp(a->t.token, b->t.token, MH_TOKEN_LEN);
	case MH_BU:
		return a->bu.seq == b->bu.seq && a->bu.flags == b->bu.flags &&
		       a->bu.lifetime == b->bu.lifetime;
	case MH_BA:
		return a->ba.status == b->ba.status &&
		       a->ba.flags == b->ba.flags && a->ba.seq == b->ba.seq &&
		       a->ba.lifetime == b->ba.lifetime;
	case MH_BE:
		return a->be.status == b->be.status &&
		       !memcmp(&a->be.hoa, &b->be.hoa, 16);
	case MH_FB:
		return a->fb.type == b->fb.type && a->fb.seq == b->fb.seq &&
		       a->fb.code == b->fb.code && a->fb.flags == b->fb.flags;
	}
	return true;
}

/* The MNP and BID options, in order (RFC 3963 6.2, RFC 5648 4.3). */
static inline bool multi_eq(const struct mh_msg *a, const struct mh_msg *b)
{
	unsigned int i;

	if (a->opts & MH_OPT(MHOPT_MNP)) {
		if (a->n_mnp != b->n_mnp)
			return false;
		for (i = 0; i < a->n_mnp && i < MH_MAX_MNP; i++)
			if (a->mnp[i].plen != b->mnp[i].plen ||
			    memcmp(&a->mnp[i].prefix, &b->mnp[i].prefix, 16))
				return false;
	}
	if (a->opts & MH_OPT(MHOPT_BID)) {
		if (a->n_bid != b->n_bid)
			return false;
		for (i = 0; i < a->n_bid && i < MH_MAX_BID; i++) {
			const struct mh_bid *x = &a->bid[i], *y = &b->bid[i];

			if (x->bid != y->bid || x->status != y->status ||
			    x->flags != y->flags || x->coa_len != y->coa_len ||
			    x->coa_len > 16 || memcmp(x->coa, y->coa, x->coa_len))
				return false;
		}
	}
	if (a->opts & MH_OPT(MHOPT_FID)) {
		if (a->n_fid != b->n_fid)
			return false;
		for (i = 0; i < a->n_fid && i < MH_MAX_FID; i++) {
			const struct mh_fid *x = &a->fid[i], *y = &b->fid[i];

			if (x->fid != y->fid || x->pri != y->pri ||
			    x->status != y->status || x->n_bref != y->n_bref ||
			    x->n_bref > MH_MAX_BID ||
			    memcmp(x->bref, y->bref, 2 * x->n_bref) ||
			    x->ts_format != y->ts_format ||
			    x->action != y->action ||
			    x->tcoa_len != y->tcoa_len || x->tcoa_len > 16 ||
			    memcmp(x->tcoa, y->tcoa, x->tcoa_len))
				return false;
			if ((x->ts_format == TS_FMT_IPV4 ||
			     x->ts_format == TS_FMT_IPV6) &&
			    !ts_equal(&x->ts, &y->ts))
				return false;
		}
	}
	if (a->opts & MH_OPT(MHOPT_FSUM)) {
		if (a->n_fsum != b->n_fsum || a->n_fsum > MH_MAX_FSUM ||
		    memcmp(a->fsum, b->fsum, 2 * a->n_fsum))
			return false;
	}
	return true;
}

/* The codec can write every option of a parsed message back: only a
 * Traffic Selector of an unknown format (kept as its number) it cannot. */
static inline bool mh_rebuildable(const struct mh_msg *m)
{
	unsigned int i;

	if (!(m->opts & MH_OPT(MHOPT_FID)))
		return true;
	for (i = 0; i < m->n_fid && i < MH_MAX_FID; i++)
		if (m->fid[i].ts_format && m->fid[i].ts_format != TS_FMT_IPV4 &&
		    m->fid[i].ts_format != TS_FMT_IPV6)
			return false;
	return true;
}

static inline bool opts_eq(const struct mh_msg *a, const struct mh_msg *b)
{
	uint64_t o = a->opts;

	if (a->opts != b->opts)
		return false;
	if ((o & MH_OPT(MHOPT_BRA)) && a->refresh != b->refresh)
		return false;
	if ((o & MH_OPT(MHOPT_ALTCOA)) && memcmp(&a->alt_coa, &b->alt_coa, 16))
		return false;
	if ((o & MH_OPT(MHOPT_NONCE)) &&
	    (a->home_nonce_index != b->home_nonce_index ||
	     a->coa_nonce_index != b->coa_nonce_index))
		return false;
	if ((o & MH_OPT(MHOPT_BAD)) && memcmp(a->bad, b->bad, MH_BAD_LEN))
		return false;
	if ((o & MH_OPT(MHOPT_MNID)) &&
	    (a->mnid.subtype != b->mnid.subtype || a->mnid.len != b->mnid.len ||
	     memcmp(a->mnid.id, b->mnid.id, a->mnid.len)))
		return false;
	if ((o & MH_OPT(MHOPT_MESGID)) && a->timestamp != b->timestamp)
		return false;
	if ((o & MH_OPT(MHOPT_V4HOA)) &&
	    (a->v4hoa.plen != b->v4hoa.plen || a->v4hoa.flags != b->v4hoa.flags ||
	     memcmp(a->v4hoa.addr, b->v4hoa.addr, 4)))
		return false;
	if ((o & MH_OPT(MHOPT_V4ACK)) &&
	    (a->v4ack.status != b->v4ack.status ||
	     a->v4ack.plen != b->v4ack.plen ||
	     memcmp(a->v4ack.addr, b->v4ack.addr, 4)))
		return false;
	if ((o & MH_OPT(MHOPT_NATD)) &&
	    (a->natd.flags != b->natd.flags ||
	     a->natd.refresh != b->natd.refresh))
		return false;
	if ((o & MH_OPT(MHOPT_V4COA)) && memcmp(a->v4coa, b->v4coa, 4))
		return false;
	if ((o & MH_OPT(MHOPT_AUTH)) &&
	    (a->auth.subtype != b->auth.subtype || a->auth.spi != b->auth.spi ||
	     memcmp(a->auth.data, b->auth.data, MH_AUTH_DATA_LEN)))
		return false;
	return multi_eq(a, b);
}

static inline bool msg_eq(const struct mh_msg *a, const struct mh_msg *b)
{
	return a->type == b->type && fixed_eq(a, b) && opts_eq(a, b);
}

#endif /* IPMOB_MH_EQ_H */
