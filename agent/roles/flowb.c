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

/* [start, end] of a 16-bit field pair into a rule's start/end */
#define TS_RANGE(ts, flag, field, f, attr, fstart, fend) do {		\
	if ((ts)->fields & (flag)) {					\
		(f)->fstart = (ts)->field[0];				\
		FA_SET(f, attr);					\
		if (((ts)->fields & ((flag) >> 1)) &&			\
		    (ts)->field[1] != (ts)->field[0]) {			\
			(f)->fend = (ts)->field[1];			\
			FA_SET(f, attr##_END);				\
		}							\
	}								\
} while (0)

bool ts_to_flow(const struct ts_sel *ts, struct ipmob_flow *f)
{
	bool v4 = ts->format == TS_FMT_IPV4;

	if (ts->format != TS_FMT_IPV4 && ts->format != TS_FMT_IPV6)
		return false;
	if ((ts->fields & TS_F_PROTO_END) && ts->proto[1] != ts->proto[0])
		return false;
	if (v4 && (ts->fields & (TS_F_FL_START | TS_F_FL_END)))
		return false;
	if (ts->fields & TS_F_SRC_START) {
		if (v4) {
			memcpy(&f->src4, ts->src[0], 4);
			f->src4_end = f->src4;
			FA_SET(f, IPMOB_FA_SRC4);
		} else {
			memcpy(&f->src, ts->src[0], 16);
			f->src_end = f->src;
			FA_SET(f, IPMOB_FA_SRC);
		}
		if (ts->fields & TS_F_SRC_END) {
			if (v4) {
				memcpy(&f->src4_end, ts->src[1], 4);
				FA_SET(f, IPMOB_FA_SRC4_END);
			} else {
				memcpy(&f->src_end, ts->src[1], 16);
				FA_SET(f, IPMOB_FA_SRC_END);
			}
		}
	}
	if (ts->fields & TS_F_DST_START) {
		if (v4) {
			memcpy(&f->dst4, ts->dst[0], 4);
			f->dst4_end = f->dst4;
			FA_SET(f, IPMOB_FA_DST4);
		} else {
			memcpy(&f->dst, ts->dst[0], 16);
			f->dst_end = f->dst;
			FA_SET(f, IPMOB_FA_DST);
		}
		if (ts->fields & TS_F_DST_END) {
			if (v4) {
				memcpy(&f->dst4_end, ts->dst[1], 4);
				FA_SET(f, IPMOB_FA_DST4_END);
			} else {
				memcpy(&f->dst_end, ts->dst[1], 16);
				FA_SET(f, IPMOB_FA_DST_END);
			}
		}
	}
	TS_RANGE(ts, TS_F_SPI_START, spi, f, IPMOB_FA_SPI, spi, spi_end);
	TS_RANGE(ts, TS_F_FL_START, flow_label, f, IPMOB_FA_FLOW_LABEL,
		 flow_label, flow_label_end);
	TS_RANGE(ts, TS_F_SPORT_START, sport, f, IPMOB_FA_SPORT, sport,
		 sport_end);
	TS_RANGE(ts, TS_F_DPORT_START, dport, f, IPMOB_FA_DPORT, dport,
		 dport_end);
	if (ts->fields & TS_F_DS_START) {
		/* RFC 6088 3.1, 3.2: the 6 upper bits; ECN bits ignored */
		f->dscp = ts->ds[0] >> 2;
		FA_SET(f, IPMOB_FA_DSCP);
		if ((ts->fields & TS_F_DS_END) && ts->ds[1] >> 2 != f->dscp) {
			f->dscp_end = ts->ds[1] >> 2;
			FA_SET(f, IPMOB_FA_DSCP_END);
		}
	}
	if (ts->fields & TS_F_PROTO_START) {
		f->proto = ts->proto[0];
		FA_SET(f, IPMOB_FA_PROTO);
	}
	if (f->flow_label > 0xfffff || f->flow_label_end > 0xfffff)
		return false;
	return true;
}

/* a rule's start/end pair into a selector's (end only when a range) */
#define FLOW_RANGE(f, attr, fstart, fend, ts, flag, field) do {	\
	if (FA_HAS(f, attr)) {						\
		(ts)->field[0] = (f)->fstart;				\
		(ts)->fields |= (flag);					\
		if (FA_HAS(f, attr##_END)) {				\
			(ts)->field[1] = (f)->fend;			\
			(ts)->fields |= (flag) >> 1;			\
		}							\
	}								\
} while (0)

bool flow_to_ts(const struct ipmob_flow *f, struct ts_sel *ts)
{
	bool v4 = FA_HAS(f, IPMOB_FA_SRC4) || FA_HAS(f, IPMOB_FA_DST4);
	bool v6 = FA_HAS(f, IPMOB_FA_SRC) || FA_HAS(f, IPMOB_FA_DST) ||
		  FA_HAS(f, IPMOB_FA_FLOW_LABEL);

	if (v4 && v6)
		return false;
	memset(ts, 0, sizeof(*ts));
	ts->format = v4 ? TS_FMT_IPV4 : TS_FMT_IPV6;
	if (v4) {
		if (FA_HAS(f, IPMOB_FA_SRC4)) {
			memcpy(ts->src[0], &f->src4, 4);
			ts->fields |= TS_F_SRC_START;
			if (FA_HAS(f, IPMOB_FA_SRC4_END)) {
				memcpy(ts->src[1], &f->src4_end, 4);
				ts->fields |= TS_F_SRC_END;
			}
		}
		if (FA_HAS(f, IPMOB_FA_DST4)) {
			memcpy(ts->dst[0], &f->dst4, 4);
			ts->fields |= TS_F_DST_START;
			if (FA_HAS(f, IPMOB_FA_DST4_END)) {
				memcpy(ts->dst[1], &f->dst4_end, 4);
				ts->fields |= TS_F_DST_END;
			}
		}
	} else {
		if (FA_HAS(f, IPMOB_FA_SRC)) {
			memcpy(ts->src[0], &f->src, 16);
			ts->fields |= TS_F_SRC_START;
			if (FA_HAS(f, IPMOB_FA_SRC_END)) {
				memcpy(ts->src[1], &f->src_end, 16);
				ts->fields |= TS_F_SRC_END;
			}
		}
		if (FA_HAS(f, IPMOB_FA_DST)) {
			memcpy(ts->dst[0], &f->dst, 16);
			ts->fields |= TS_F_DST_START;
			if (FA_HAS(f, IPMOB_FA_DST_END)) {
				memcpy(ts->dst[1], &f->dst_end, 16);
				ts->fields |= TS_F_DST_END;
			}
		}
		FLOW_RANGE(f, IPMOB_FA_FLOW_LABEL, flow_label, flow_label_end,
			   ts, TS_F_FL_START, flow_label);
	}
	FLOW_RANGE(f, IPMOB_FA_SPI, spi, spi_end, ts, TS_F_SPI_START, spi);
	FLOW_RANGE(f, IPMOB_FA_SPORT, sport, sport_end, ts, TS_F_SPORT_START,
		   sport);
	FLOW_RANGE(f, IPMOB_FA_DPORT, dport, dport_end, ts, TS_F_DPORT_START,
		   dport);
	if (FA_HAS(f, IPMOB_FA_DSCP)) {
		ts->ds[0] = f->dscp << 2;
		ts->ds[1] = (FA_HAS(f, IPMOB_FA_DSCP_END) ? f->dscp_end :
			     f->dscp) << 2 | 3;
		ts->fields |= TS_F_DS_START | TS_F_DS_END;
	}
	if (FA_HAS(f, IPMOB_FA_PROTO)) {
		ts->proto[0] = f->proto;
		ts->fields |= TS_F_PROTO_START;
	}
	return true;
}

/*
 * Swap two flag pairs of @fields; in both the IPv4 and IPv6 orders a
 * source flag is its destination flag shifted left by two.
 */
static uint16_t swap_flags(uint16_t fields, uint16_t src)
{
	uint16_t dst = src >> 2;

	return (fields & ~(src | dst)) | (fields & src) >> 2 |
	       (fields & dst) << 2;
}

void ts_mirror(struct ts_sel *ts)
{
	uint8_t a[2][16];
	uint16_t p[2];

	memcpy(a, ts->src, sizeof(a));
	memcpy(ts->src, ts->dst, sizeof(a));
	memcpy(ts->dst, a, sizeof(a));
	memcpy(p, ts->sport, sizeof(p));
	memcpy(ts->sport, ts->dport, sizeof(p));
	memcpy(ts->dport, p, sizeof(p));
	ts->fields = swap_flags(ts->fields, TS_F_SRC_START | TS_F_SRC_END);
	ts->fields = swap_flags(ts->fields, TS_F_SPORT_START | TS_F_SPORT_END);
}
