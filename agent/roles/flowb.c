// SPDX-License-Identifier: GPL-2.0
/*
 * flowb.c - flow bindings (RFC 6089). See flowb.h.
 */
#include <string.h>

#include "flowb.h"

const struct fb_entry *fb_find(const struct fb_list *l, uint16_t fid)
{
	unsigned int i;

	if (!l)
		return NULL;
	for (i = 0; i < l->n; i++)
		if (l->e[i].fid == fid)
			return &l->e[i];
	return NULL;
}

static struct fb_entry *list_find(struct fb_list *l, uint16_t fid)
{
	return (struct fb_entry *)fb_find(l, fid);
}

static bool bids_bound(const uint16_t *bref, unsigned int n,
		       const struct mcoa_set *set)
{
	unsigned int i;

	for (i = 0; i < n; i++)
		if (!mcoa_find(set, bref[i]))
			return false;
	return true;
}

/* Is @fid named by one of @bu's FID options? */
static bool bu_names(const struct mh_msg *bu, uint16_t fid)
{
	unsigned int i;

	for (i = 0; i < bu->n_fid; i++)
		if (bu->fid[i].fid == fid)
			return true;
	return false;
}

/*
 * Would FID-PRI @pri of @fid's option be another's too: of an entry the
 * BU leaves where it is, or of another of its FID options? (Two entries
 * may swap their priorities in one BU.)
 */
static bool pri_taken(const struct fb_list *l, const struct mh_msg *bu,
		      uint16_t pri, uint16_t fid)
{
	unsigned int i;

	for (i = 0; i < l->n; i++)
		if (l->e[i].pri == pri && l->e[i].fid != fid &&
		    !bu_names(bu, l->e[i].fid))
			return true;
	for (i = 0; i < bu->n_fid; i++)
		if (bu->fid[i].pri == pri && bu->fid[i].fid != fid)
			return true;
	return false;
}

/* The BA's copy of a FID option (no traffic selector), or NULL if full. */
static struct mh_fid *ba_fid(struct mh_msg *ba, uint16_t fid, uint16_t pri,
			     uint8_t status)
{
	struct mh_fid *o;

	if (ba->n_fid >= MH_MAX_FID)
		return NULL;
	o = &ba->fid[ba->n_fid++];
	memset(o, 0, sizeof(*o));
	o->fid = fid;
	o->pri = pri;
	o->status = status;
	ba->opts |= MH_OPT(MHOPT_FID);
	return o;
}

static void list_sort(struct fb_list *l)
{
	struct fb_entry t;
	unsigned int i, j;

	for (i = 1; i < l->n; i++) {
		t = l->e[i];
		for (j = i; j > 0 && l->e[j - 1].pri > t.pri; j--)
			l->e[j] = l->e[j - 1];
		l->e[j] = t;
	}
}

/* The status of one FID option against the entries so far (@l). */
static uint8_t fid_check(const struct fb_list *l, const struct mh_msg *bu,
			 const struct mh_fid *o, const struct mcoa_set *set,
			 unsigned int max)
{
	const struct fb_entry *e = fb_find(l, o->fid);
	struct ipmob_flow f;

	if (!o->fid || !o->pri || pri_taken(l, bu, o->pri, o->fid))
		return FID_MALFORMED;
	if (!e) {
		/* 5.3.2.1: a new entry needs both sub-options */
		if (!o->ts_format || !o->n_bref)
			return FID_MALFORMED;
	}
	if (o->ts_format) {
		memset(&f, 0, sizeof(f));
		if ((o->ts_format != TS_FMT_IPV4 &&
		     o->ts_format != TS_FMT_IPV6) || !ts_to_flow(&o->ts, &f))
			return FID_TS_UNSUPPORTED;
	}
	if (o->n_bref && !bids_bound(o->bref, o->n_bref, set))
		return FID_BID_NOT_FOUND;
	if (!e && l->n >= max)
		return FID_PROHIBITED;
	return FID_OK;
}

void fb_apply(const struct fb_list *cur, const struct mh_msg *bu,
	      const struct mcoa_set *set, unsigned int max,
	      struct fb_list *next, struct mh_msg *ba)
{
	bool keep[FB_MAX] = { false };
	bool dup = false;
	unsigned int i, j, k;
	struct fb_entry *e;
	uint8_t st;

	if (max > FB_MAX)
		max = FB_MAX;
	if (cur)
		*next = *cur;
	else
		next->n = 0;
	ba->n_fid = 0;
	ba->opts &= ~MH_OPT(MHOPT_FID);

	for (i = 0; i < bu->n_fid && !dup; i++)
		for (j = i + 1; j < bu->n_fid; j++)
			if (bu->fid[i].fid == bu->fid[j].fid) {
				dup = true;
				break;
			}

	for (i = 0; i < bu->n_fid; i++) {
		const struct mh_fid *o = &bu->fid[i];
		struct mh_fid *c;

		st = dup ? FID_MALFORMED : fid_check(next, bu, o, set, max);
		e = list_find(next, o->fid);
		if (st == FID_OK) {
			if (!e) {
				e = &next->e[next->n++];
				memset(e, 0, sizeof(*e));
				e->fid = o->fid;
			}
			e->pri = o->pri;
			if (o->ts_format)
				e->ts = o->ts;
			if (o->n_bref) {
				e->n_bref = o->n_bref;
				memcpy(e->bref, o->bref, sizeof(e->bref));
			}
		}
		/* named, so kept, accepted or not (5.3.4) */
		if (e)
			keep[e - next->e] = true;
		c = ba_fid(ba, o->fid, o->pri, st);
		if (c) {
			c->n_bref = o->n_bref;
			memcpy(c->bref, o->bref, sizeof(c->bref));
		}
	}

	for (i = 0; i < bu->n_fsum; i++) {
		e = list_find(next, bu->fsum[i]);
		if (e)
			keep[e - next->e] = true;
		else if (bu->fsum[i])
			ba_fid(ba, bu->fsum[i], 0, FID_NOT_FOUND);
	}

	for (i = 0, k = 0; i < next->n; i++)
		if (keep[i])
			next->e[k++] = next->e[i];
	next->n = k;
	list_sort(next);
}

unsigned int fb_rules(const struct fb_list *l, const struct mcoa_set *set,
		      bool mirror, struct ipmob_flow *out)
{
	unsigned int i, j, n = 0;

	for (i = 0; i < l->n; i++) {
		const struct fb_entry *e = &l->e[i];
		struct ipmob_flow *f = &out[n];
		struct ts_sel ts = e->ts;

		memset(f, 0, sizeof(*f));
		for (j = 0; j < e->n_bref && f->nbid < IPMOB_MAX_COA; j++)
			if (mcoa_find(set, e->bref[j]))
				f->bid[f->nbid++] = e->bref[j];
		if (!f->nbid)
			continue;	/* inactive (4.3) */
		if (mirror)
			ts_mirror(&ts);
		if (!ts_to_flow(&ts, f))
			continue;
		f->fid = e->fid;
		f->prio = n > 255 ? 255 : n;
		f->action = IPMOB_FLOW_FORWARD;
		FA_SET(f, IPMOB_FA_FID);
		FA_SET(f, IPMOB_FA_PRIO);
		FA_SET(f, IPMOB_FA_ACTION);
		FA_SET(f, IPMOB_FA_BID);
		n++;
	}
	return n;
}
