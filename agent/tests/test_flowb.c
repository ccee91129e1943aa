// SPDX-License-Identifier: GPL-2.0
/*
 * test_flowb.c - flow bindings (flowb.c, RFC 6089 5.3): new and known
 * FIDs, every status, removal by omission, the Flow Summary, the rules
 * an entry list becomes for a set of BIDs, and the traffic selector
 * conversions both ways.
 */
#include <arpa/inet.h>
#include <string.h>

#include "flowb.h"
#include "t.h"

static void set_of(struct mcoa_set *s, unsigned int n, const uint16_t *bids)
{
	unsigned int i;

	memset(s, 0, sizeof(*s));
	for (i = 0; i < n; i++) {
		s->r[i].bid = bids[i];
		s->r[i].prio = i + 1;
		inet_pton(AF_INET6, "2001:db8:a::5", &s->r[i].coa);
	}
	s->n = n;
}

static void bu_init(struct mh_msg *m)
{
	memset(m, 0, sizeof(*m));
	m->type = MH_BU;
	m->bu.lifetime = 15;
	m->bu.flags = MH_BU_F_A | MH_BU_F_H;
}

/* a FID option: UDP to port @dport (0: no selector) to BIDs @b1, @b2 */
static struct mh_fid *fid_add(struct mh_msg *m, uint16_t fid, uint16_t pri,
			      uint16_t dport, uint16_t b1, uint16_t b2)
{
	struct mh_fid *o = &m->fid[m->n_fid++];

	memset(o, 0, sizeof(*o));
	o->fid = fid;
	o->pri = pri;
	if (dport) {
		o->ts_format = TS_FMT_IPV6;
		o->ts.format = TS_FMT_IPV6;
		o->ts.fields = TS_F_DPORT_START | TS_F_PROTO_START;
		o->ts.dport[0] = dport;
		o->ts.proto[0] = 17;
	}
	if (b1)
		o->bref[o->n_bref++] = b1;
	if (b2)
		o->bref[o->n_bref++] = b2;
	m->opts |= MH_OPT(MHOPT_FID);
	return o;
}

static void fsum_add(struct mh_msg *m, uint16_t fid)
{
	m->fsum[m->n_fsum++] = fid;
	m->opts |= MH_OPT(MHOPT_FSUM);
}

/* the BA's status for @fid, or -1 */
static int ba_st(const struct mh_msg *ba, uint16_t fid)
{
	unsigned int i;

	for (i = 0; i < ba->n_fid; i++)
		if (ba->fid[i].fid == fid)
			return ba->fid[i].status;
	return -1;
}

static void test_apply(void)
{
	static const uint16_t b12[] = { 1, 2 }, b1[] = { 1 };
	struct fb_list cur, next;
	const struct fb_entry *e;
	struct mcoa_set set;
	struct mh_msg bu, ba;

	set_of(&set, 2, b12);

	/* two new entries; the list comes out in FID-PRI order */
	bu_init(&bu);
	fid_add(&bu, 10, 20, 5001, 2, 0);
	fid_add(&bu, 11, 5, 5002, 1, 2);
	memset(&ba, 0, sizeof(ba));
	fb_apply(NULL, &bu, &set, FB_MAX, &next, &ba);
	CHECK(next.n == 2 && next.e[0].fid == 11 && next.e[1].fid == 10);
	CHECK(ba.n_fid == 2 && ba_st(&ba, 10) == FID_OK &&
	      ba_st(&ba, 11) == FID_OK && (ba.opts & MH_OPT(MHOPT_FID)));
	CHECK(ba.fid[0].n_bref == 1 && ba.fid[0].bref[0] == 2 &&
	      ba.fid[0].pri == 20 && ba.fid[0].ts_format == 0);
	e = fb_find(&next, 11);
	CHECK(e && e->n_bref == 2 && e->ts.dport[0] == 5002);

	/* 5.3.4: a BU naming neither removes both */
	cur = next;
	bu_init(&bu);
	fb_apply(&cur, &bu, &set, FB_MAX, &next, &ba);
	CHECK(next.n == 0 && ba.n_fid == 0 && !(ba.opts & MH_OPT(MHOPT_FID)));

	/* 5.3.3: a Flow Summary keeps one, the other goes; an unknown
	 * FID there is 132 */
	bu_init(&bu);
	fsum_add(&bu, 10);
	fsum_add(&bu, 99);
	fsum_add(&bu, 10);
	fb_apply(&cur, &bu, &set, FB_MAX, &next, &ba);
	CHECK(next.n == 1 && next.e[0].fid == 10 && next.e[0].pri == 20);
	CHECK(ba.n_fid == 1 && ba_st(&ba, 99) == FID_NOT_FOUND);

	/* 5.3.2.2: a known FID without sub-options takes the new FID-PRI
	 * and keeps its selector and BIDs; one with a Binding Reference
	 * takes its BIDs */
	bu_init(&bu);
	fid_add(&bu, 10, 3, 0, 0, 0);
	fid_add(&bu, 11, 4, 0, 1, 0);
	fb_apply(&cur, &bu, &set, FB_MAX, &next, &ba);
	CHECK(ba_st(&ba, 10) == FID_OK && ba_st(&ba, 11) == FID_OK);
	CHECK(next.n == 2 && next.e[0].fid == 10 && next.e[0].pri == 3 &&
	      next.e[0].ts.dport[0] == 5001 && next.e[0].n_bref == 1 &&
	      next.e[0].bref[0] == 2);
	CHECK(next.e[1].fid == 11 && next.e[1].n_bref == 1 &&
	      next.e[1].bref[0] == 1 && next.e[1].ts.dport[0] == 5002);

	/* two entries swap their priorities in one BU */
	bu_init(&bu);
	fid_add(&bu, 10, 5, 0, 0, 0);
	fid_add(&bu, 11, 20, 0, 0, 0);
	fb_apply(&cur, &bu, &set, FB_MAX, &next, &ba);
	CHECK(ba_st(&ba, 10) == FID_OK && ba_st(&ba, 11) == FID_OK &&
	      next.n == 2 && next.e[0].fid == 10 && next.e[1].fid == 11);

	/* 5.3.2.1: a new FID without selector, without Binding Reference
	 * (130), a BID not bound (131), FID-PRI 0 or FID 0 (130), an
	 * FID-PRI another entry keeps (130); the refused options change
	 * nothing and the entries they do not name go */
	bu_init(&bu);
	fid_add(&bu, 20, 30, 0, 1, 0);
	fid_add(&bu, 21, 31, 6000, 0, 0);
	fid_add(&bu, 22, 32, 6000, 7, 0);
	fid_add(&bu, 23, 0, 6000, 1, 0);
	fid_add(&bu, 0, 33, 6000, 1, 0);
	fid_add(&bu, 24, 20, 6000, 1, 0);
	fsum_add(&bu, 10);
	fb_apply(&cur, &bu, &set, FB_MAX, &next, &ba);
	CHECK(ba_st(&ba, 20) == FID_MALFORMED &&
	      ba_st(&ba, 21) == FID_MALFORMED &&
	      ba_st(&ba, 22) == FID_BID_NOT_FOUND &&
	      ba_st(&ba, 23) == FID_MALFORMED &&
	      ba_st(&ba, 0) == FID_MALFORMED &&
	      ba_st(&ba, 24) == FID_MALFORMED);
	CHECK(next.n == 1 && next.e[0].fid == 10);

	/* a selector the kernel cannot express (a protocol range), an
	 * unknown format: 133, the entry as it was */
	bu_init(&bu);
	fid_add(&bu, 11, 5, 5009, 1, 0)->ts.fields |= TS_F_PROTO_END;
	bu.fid[0].ts.proto[1] = 18;
	fid_add(&bu, 30, 40, 5009, 1, 0)->ts_format = 7;
	fb_apply(&cur, &bu, &set, FB_MAX, &next, &ba);
	CHECK(ba_st(&ba, 11) == FID_TS_UNSUPPORTED &&
	      ba_st(&ba, 30) == FID_TS_UNSUPPORTED);
	e = fb_find(&next, 11);
	CHECK(next.n == 1 && e && e->pri == 5 && e->ts.dport[0] == 5002);

	/* 5.3.2: the same FID twice refuses every FID option */
	bu_init(&bu);
	fid_add(&bu, 11, 5, 0, 0, 0);
	fid_add(&bu, 40, 41, 5010, 1, 0);
	fid_add(&bu, 11, 6, 0, 0, 0);
	fb_apply(&cur, &bu, &set, FB_MAX, &next, &ba);
	CHECK(ba.n_fid == 3 && ba.fid[0].status == FID_MALFORMED &&
	      ba.fid[1].status == FID_MALFORMED &&
	      ba.fid[2].status == FID_MALFORMED);
	CHECK(next.n == 1 && next.e[0].fid == 11 && next.e[0].pri == 5);

	/* the bound: the entry past max is 128 */
	bu_init(&bu);
	fid_add(&bu, 50, 1, 1, 1, 0);
	fid_add(&bu, 51, 2, 2, 1, 0);
	fid_add(&bu, 52, 3, 3, 1, 0);
	fb_apply(NULL, &bu, &set, 2, &next, &ba);
	CHECK(next.n == 2 && ba_st(&ba, 52) == FID_PROHIBITED);

	/* the BA holds MH_MAX_FID statuses at most */
	bu_init(&bu);
	for (unsigned int i = 0; i < MH_MAX_FID; i++)
		fid_add(&bu, 100 + i, 100 + i, 0, 0, 0);
	for (unsigned int i = 0; i < 10; i++)
		fsum_add(&bu, 1000 + i);
	fb_apply(NULL, &bu, &set, FB_MAX, &next, &ba);
	CHECK(ba.n_fid == MH_MAX_FID && next.n == 0);

	/* a BID deregistered leaves the entry; it names a BID not bound */
	set_of(&set, 1, b1);
	bu_init(&bu);
	fsum_add(&bu, 10);
	fb_apply(&cur, &bu, &set, FB_MAX, &next, &ba);
	CHECK(next.n == 1 && next.e[0].fid == 10 && ba.n_fid == 0);
}

static void test_rules(void)
{
	static const uint16_t b12[] = { 1, 2 }, b1[] = { 1 }, b3[] = { 3 };
	struct ipmob_flow out[FB_MAX];
	struct mcoa_set set;
	struct fb_list l;
	struct mh_msg bu, ba;
	unsigned int n;

	set_of(&set, 2, b12);
	bu_init(&bu);
	fid_add(&bu, 4, 10, 5001, 2, 0);
	fid_add(&bu, 2, 30, 5002, 1, 2);
	fid_add(&bu, 5, 40, 5003, 1, 0);
	fb_apply(NULL, &bu, &set, FB_MAX, &l, &ba);

	n = fb_rules(&l, &set, false, out);
	CHECK(n == 3);
	CHECK(out[0].fid == 4 && out[0].prio == 0 && out[0].nbid == 1 &&
	      out[0].bid[0] == 2 && out[0].action == IPMOB_FLOW_FORWARD &&
	      FA_HAS(&out[0], IPMOB_FA_DPORT) && out[0].dport == 5001 &&
	      !FA_HAS(&out[0], IPMOB_FA_DPORT_END) &&
	      FA_HAS(&out[0], IPMOB_FA_PROTO) && out[0].proto == 17 &&
	      !FA_HAS(&out[0], IPMOB_FA_SPORT));
	CHECK(out[1].fid == 2 && out[1].prio == 1 && out[1].nbid == 2);
	CHECK(out[2].fid == 5 && out[2].prio == 2);

	/* BID 2 gone: FID 4 is inactive, FID 2 keeps BID 1 (4.3) */
	set_of(&set, 1, b1);
	n = fb_rules(&l, &set, false, out);
	CHECK(n == 2 && out[0].fid == 2 && out[0].prio == 0 &&
	      out[0].nbid == 1 && out[0].bid[0] == 1 && out[1].fid == 5);

	/* the mobile node's own rules are the mirror image */
	n = fb_rules(&l, &set, true, out);
	CHECK(n == 2 && FA_HAS(&out[0], IPMOB_FA_SPORT) &&
	      out[0].sport == 5002 && !FA_HAS(&out[0], IPMOB_FA_DPORT));

	/* nothing bound that they name: no rules */
	set_of(&set, 1, b3);
	CHECK(fb_rules(&l, &set, false, out) == 0);
}

static void test_ts(void)
{
	struct ipmob_flow f, g;
	struct ts_sel ts, t2;

	/* IPv6: source prefix range, ports, DSCP EF, flow label */
	memset(&f, 0, sizeof(f));
	inet_pton(AF_INET6, "2001:db8:100::", &f.src);
	inet_pton(AF_INET6, "2001:db8:100::ffff", &f.src_end);
	FA_SET(&f, IPMOB_FA_SRC);
	FA_SET(&f, IPMOB_FA_SRC_END);
	f.dport = 5001;
	FA_SET(&f, IPMOB_FA_DPORT);
	f.sport = 1000;
	f.sport_end = 2000;
	FA_SET(&f, IPMOB_FA_SPORT);
	FA_SET(&f, IPMOB_FA_SPORT_END);
	f.dscp = 46;
	FA_SET(&f, IPMOB_FA_DSCP);
	f.flow_label = 0x12345;
	FA_SET(&f, IPMOB_FA_FLOW_LABEL);
	f.proto = 17;
	FA_SET(&f, IPMOB_FA_PROTO);
	CHECK(flow_to_ts(&f, &ts));
	CHECK(ts.format == TS_FMT_IPV6 && ts_check(&ts) == TS_OK);
	/* DSCP 46 is traffic class 184..187 (ECN any) */
	CHECK((ts.fields & (TS_F_DS_START | TS_F_DS_END)) ==
	      (TS_F_DS_START | TS_F_DS_END) && ts.ds[0] == 184 &&
	      ts.ds[1] == 187);
	memset(&g, 0, sizeof(g));
	CHECK(ts_to_flow(&ts, &g));
	CHECK(g.present == f.present && !memcmp(&g.src, &f.src, 16) &&
	      !memcmp(&g.src_end, &f.src_end, 16) && g.dport == 5001 &&
	      g.sport == 1000 && g.sport_end == 2000 && g.dscp == 46 &&
	      g.flow_label == 0x12345 && g.proto == 17);

	/* mirrored: source and destination swap, flags included */
	t2 = ts;
	ts_mirror(&t2);
	CHECK((t2.fields & (TS_F_DST_START | TS_F_DST_END)) ==
	      (TS_F_DST_START | TS_F_DST_END) &&
	      !(t2.fields & (TS_F_SRC_START | TS_F_SRC_END)));
	CHECK((t2.fields & (TS_F_DPORT_START | TS_F_DPORT_END)) ==
	      (TS_F_DPORT_START | TS_F_DPORT_END) &&
	      (t2.fields & TS_F_SPORT_START) &&
	      !(t2.fields & TS_F_SPORT_END) && t2.sport[0] == 5001 &&
	      t2.dport[0] == 1000 && t2.dport[1] == 2000);
	ts_mirror(&t2);
	CHECK(ts_equal(&t2, &ts));

	/* IPv4 */
	memset(&f, 0, sizeof(f));
	inet_pton(AF_INET, "192.0.2.1", &f.dst4);
	FA_SET(&f, IPMOB_FA_DST4);
	CHECK(flow_to_ts(&f, &ts) && ts.format == TS_FMT_IPV4 &&
	      ts.fields == TS_F_DST_START && ts_check(&ts) == TS_OK);
	memset(&g, 0, sizeof(g));
	CHECK(ts_to_flow(&ts, &g) && FA_HAS(&g, IPMOB_FA_DST4) &&
	      !FA_HAS(&g, IPMOB_FA_DST4_END) && g.dst4.s_addr == f.dst4.s_addr);

	/* both families in one rule; a flow label in IPv4; a protocol
	 * range; a flow label past 20 bits */
	FA_SET(&f, IPMOB_FA_SRC);
	CHECK(!flow_to_ts(&f, &ts));
	memset(&ts, 0, sizeof(ts));
	ts.format = TS_FMT_IPV4;
	ts.fields = TS_F_FL_START;
	CHECK(!ts_to_flow(&ts, &g));
	ts.format = TS_FMT_IPV6;
	ts.fields = TS_F_PROTO_START | TS_F_PROTO_END;
	ts.proto[0] = 6;
	ts.proto[1] = 17;
	CHECK(!ts_to_flow(&ts, &g));
	ts.proto[1] = 6;
	memset(&g, 0, sizeof(g));
	CHECK(ts_to_flow(&ts, &g) && g.proto == 6);
	ts.fields = TS_F_FL_START;
	ts.flow_label[0] = 0x100000;
	CHECK(!ts_to_flow(&ts, &g));
}

void test_flowb(void)
{
	test_apply();
	test_rules();
	test_ts();
}
