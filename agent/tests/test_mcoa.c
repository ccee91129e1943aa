// SPDX-License-Identifier: GPL-2.0
/*
 * test_mcoa.c - the home agent's multiple care-of addresses (mcoa.c,
 * RFC 5648 6.2): registration, refresh, bulk, overwrite, per-BID and
 * whole-BU statuses, deregistration of one BID, the bounds.
 */
#include <arpa/inet.h>
#include <string.h>

#include "mcoa.h"
#include "t.h"

static struct in6_addr a6(const char *s)
{
	struct in6_addr a;

	inet_pton(AF_INET6, s, &a);
	return a;
}

/* a BU with lifetime (units of 4 s) and flags, no BID yet */
static void bu_init(struct mh_msg *m, uint16_t lifetime, uint16_t flags)
{
	memset(m, 0, sizeof(*m));
	m->type = MH_BU;
	m->bu.lifetime = lifetime;
	m->bu.flags = MH_BU_F_A | MH_BU_F_H | flags;
}

static void bid_add(struct mh_msg *m, uint16_t bid, const char *coa,
		    uint8_t flags)
{
	struct mh_bid *b = &m->bid[m->n_bid++];

	memset(b, 0, sizeof(*b));
	b->bid = bid;
	b->flags = flags;
	if (coa) {
		struct in6_addr a = a6(coa);

		b->coa_len = 16;
		memcpy(b->coa, &a, 16);
	}
}

static bool rec_is(const struct mcoa_set *s, uint16_t bid, const char *coa,
		   uint8_t prio)
{
	const struct mcoa_rec *r = mcoa_find(s, bid);
	struct in6_addr a = a6(coa);

	return r && !memcmp(&r->coa, &a, sizeof(a)) && r->prio == prio;
}

void test_mcoa(void)
{
	struct in6_addr src = a6("2001:db8:a::5");
	struct mcoa_set cur, next, before;
	uint8_t st[MH_MAX_BID];
	struct mh_msg m;
	unsigned int i;

	memset(&cur, 0, sizeof(cur));
	/* RFC 6275 BU: one regular binding; its deregistration: none */
	bu_init(&m, 15, 0);
	CHECK(mcoa_apply(&cur, &m, &src, NULL, false, &next, st) == BA_ACCEPTED);
	CHECK(mcoa_is_regular(&next) && rec_is(&next, 0, "2001:db8:a::5", 0));
	cur = next;
	/* BIDs beside it: 165 without O, replace it with O */
	bu_init(&m, 15, 0);
	bid_add(&m, 1, "2001:db8:a::5", 3);
	CHECK(mcoa_apply(&cur, &m, &src, NULL, false, &next, st) == BA_MCOA_NON_MCOA_EXISTS);
	CHECK(!memcmp(&next, &cur, sizeof(cur)));
	bu_init(&m, 15, MH_BU_F_O);
	bid_add(&m, 1, "2001:db8:a::5", 3);
	CHECK(mcoa_apply(&cur, &m, &src, NULL, false, &next, st) == BA_ACCEPTED);
	CHECK(next.n == 1 && rec_is(&next, 1, "2001:db8:a::5", 3) &&
	      !mcoa_is_regular(&next) && st[0] == 0);
	cur = next;
	/* a second BID adds, in BID order; BID-PRI kept */
	bu_init(&m, 15, 0);
	bid_add(&m, 7, "2001:db8:b::7", 1);
	CHECK(mcoa_apply(&cur, &m, &src, NULL, false, &next, st) == BA_ACCEPTED);
	CHECK(next.n == 2 && next.r[0].bid == 1 && next.r[1].bid == 7 &&
	      rec_is(&next, 7, "2001:db8:b::7", 1));
	cur = next;
	/* without a care-of address: a refresh of a bound BID */
	bu_init(&m, 15, 0);
	bid_add(&m, 7, NULL, 2);
	CHECK(mcoa_apply(&cur, &m, &src, NULL, false, &next, st) == BA_ACCEPTED);
	CHECK(rec_is(&next, 7, "2001:db8:b::7", 2));
	cur = next;
	/* ... and 167 for one not bound, as the BA's status (one BID) */
	bu_init(&m, 15, 0);
	bid_add(&m, 9, NULL, 0);
	CHECK(mcoa_apply(&cur, &m, &src, NULL, false, &next, st) == BA_MCOA_UNKNOWN_COA);
	CHECK(st[0] == 0 && !memcmp(&next, &cur, sizeof(cur)));
	/* bulk: the good ones stand, the others' statuses, NOTCOMPLETE */
	bu_init(&m, 15, 0);
	bid_add(&m, 3, "2001:db8:c::3", 0);
	bid_add(&m, 4, "fe80::4", 0);			/* not global: 164 */
	bid_add(&m, 5, "2001:db8:c::5", MH_BID_F_H);	/* 169 */
	bid_add(&m, 6, NULL, 0);			/* 167 */
	CHECK(mcoa_apply(&cur, &m, &src, NULL, false, &next, st) == BA_MCOA_NOTCOMPLETE);
	CHECK(st[0] == 0 && st[1] == BA_MCOA_MALFORMED &&
	      st[2] == BA_MCOA_SIMUL_PROHIBITED && st[3] == BA_MCOA_UNKNOWN_COA);
	CHECK(next.n == 3 && rec_is(&next, 3, "2001:db8:c::3", 0) &&
	      !mcoa_find(&next, 4) && !mcoa_find(&next, 5));
	cur = next;
	/* a bulk that is all refused changes nothing, even with O */
	bu_init(&m, 15, MH_BU_F_O);
	bid_add(&m, 10, "ff02::1", 0);
	bid_add(&m, 11, "::1", 0);
	CHECK(mcoa_apply(&cur, &m, &src, NULL, false, &next, st) == BA_MCOA_NOTCOMPLETE);
	CHECK(!memcmp(&next, &cur, sizeof(cur)) &&
	      st[0] == BA_MCOA_MALFORMED && st[1] == BA_MCOA_MALFORMED);
	/* BID 0, a BID twice: the whole BU is malformed */
	bu_init(&m, 15, 0);
	bid_add(&m, 0, "2001:db8:c::9", 0);
	CHECK(mcoa_apply(&cur, &m, &src, NULL, false, &next, st) == BA_MCOA_MALFORMED);
	bu_init(&m, 15, 0);
	bid_add(&m, 12, "2001:db8:c::9", 0);
	bid_add(&m, 12, "2001:db8:c::a", 0);
	CHECK(mcoa_apply(&cur, &m, &src, NULL, false, &next, st) == BA_MCOA_MALFORMED);
	CHECK(!memcmp(&next, &cur, sizeof(cur)));
	/* an IPv4 care-of address (DSMIPv6) is not registered yet */
	bu_init(&m, 15, 0);
	bid_add(&m, 13, NULL, 0);
	m.bid[0].coa_len = 4;
	CHECK(mcoa_apply(&cur, &m, &src, NULL, false, &next, st) == BA_MCOA_MALFORMED);
	/* deregistration of one BID leaves the others */
	bu_init(&m, 0, 0);
	bid_add(&m, 7, NULL, 0);
	CHECK(mcoa_apply(&cur, &m, &src, NULL, false, &next, st) == BA_ACCEPTED);
	CHECK(next.n == 2 && !mcoa_find(&next, 7) && mcoa_find(&next, 1) &&
	      mcoa_find(&next, 3));
	cur = next;
	/* ... of one not bound: 133, nothing removed */
	before = cur;
	bu_init(&m, 0, 0);
	bid_add(&m, 1, NULL, 0);
	bid_add(&m, 8, NULL, 0);
	CHECK(mcoa_apply(&cur, &m, &src, NULL, false, &next, st) == BA_NOT_HA_FOR_MN);
	CHECK(!memcmp(&next, &before, sizeof(before)));
	/* at most MH_MAX_BID bindings: the next one is 130 */
	for (i = 0; cur.n < MH_MAX_BID; i++) {
		char a[48];

		snprintf(a, sizeof(a), "2001:db8:d::%u", i + 1);
		bu_init(&m, 15, 0);
		bid_add(&m, (uint16_t)(100 + i), a, 0);
		CHECK(mcoa_apply(&cur, &m, &src, NULL, false, &next, st) == BA_ACCEPTED);
		cur = next;
	}
	bu_init(&m, 15, 0);
	bid_add(&m, 200, "2001:db8:d::ff", 0);
	CHECK(mcoa_apply(&cur, &m, &src, NULL, false, &next, st) == BA_INSUFFICIENT);
	CHECK(next.n == MH_MAX_BID);
	/* the preferred: lowest BID-PRI, then BID; sorting by BID */
	{
		struct mcoa_set s;

		memset(&s, 0, sizeof(s));
		s.n = 3;
		s.r[0].bid = 9; s.r[0].prio = 2; s.r[0].coa = a6("2001:db8::9");
		s.r[1].bid = 4; s.r[1].prio = 1; s.r[1].coa = a6("2001:db8::4");
		s.r[2].bid = 2; s.r[2].prio = 1; s.r[2].coa = a6("2001:db8::2");
		CHECK(!memcmp(mcoa_primary(&s), &s.r[2].coa, 16));
		mcoa_sort(&s);
		CHECK(s.r[0].bid == 2 && s.r[1].bid == 4 && s.r[2].bid == 9 &&
		      rec_is(&s, 9, "2001:db8::9", 2));
	}
	/* RFC 5648 5.6: home and away at once */
	{
		struct in6_addr hoa = a6("2001:db8:1::100");
		const struct mcoa_rec *h;

		memset(&cur, 0, sizeof(cur));
		bu_init(&m, 100, MH_BU_F_O);
		bid_add(&m, 3, "2001:db8:1::100", MH_BID_F_H | 1);
		bid_add(&m, 1, "2001:db8:a::5", 2);
		/* not offered: 169 for the home BID, the other stands */
		CHECK(mcoa_apply(&cur, &m, &src, &hoa, false, &next, st) ==
		      BA_MCOA_NOTCOMPLETE);
		CHECK(st[0] == BA_MCOA_SIMUL_PROHIBITED && st[1] == 0 &&
		      next.n == 1 && !mcoa_home(&next));
		/* offered: both, BID 3 the home binding */
		CHECK(mcoa_apply(&cur, &m, &src, &hoa, true, &next, st) ==
		      BA_ACCEPTED);
		h = mcoa_home(&next);
		CHECK(next.n == 2 && h && h->bid == 3 && h->prio == 1 &&
		      !memcmp(&h->coa, &hoa, 16) &&
		      rec_is(&next, 1, "2001:db8:a::5", 2) &&
		      !mcoa_find(&next, 1)->home);
		cur = next;
		/* a refresh of both without care-of addresses */
		bu_init(&m, 100, 0);
		bid_add(&m, 3, NULL, MH_BID_F_H | 1);
		bid_add(&m, 1, NULL, 2);
		CHECK(mcoa_apply(&cur, &m, &src, &hoa, true, &next, st) ==
		      BA_ACCEPTED && mcoa_equal(&next, &cur));
		/* H without the home address, or the home address without H */
		bu_init(&m, 100, 0);
		bid_add(&m, 3, "2001:db8:b::5", MH_BID_F_H | 1);
		CHECK(mcoa_apply(&cur, &m, &src, &hoa, true, &next, st) ==
		      BA_MCOA_MALFORMED && mcoa_equal(&next, &cur));
		bu_init(&m, 100, 0);
		bid_add(&m, 4, "2001:db8:1::100", 1);
		CHECK(mcoa_apply(&cur, &m, &src, &hoa, true, &next, st) ==
		      BA_MCOA_MALFORMED);
		/* a foreign BID's refresh with H is not the home binding's */
		bu_init(&m, 100, 0);
		bid_add(&m, 1, NULL, MH_BID_F_H | 2);
		CHECK(mcoa_apply(&cur, &m, &src, &hoa, true, &next, st) ==
		      BA_MCOA_UNKNOWN_COA);
		/* another BID at home: one home binding at a time (5.6.3) */
		bu_init(&m, 100, 0);
		bid_add(&m, 5, "2001:db8:1::100", MH_BID_F_H | 1);
		bid_add(&m, 1, NULL, 2);
		CHECK(mcoa_apply(&cur, &m, &src, &hoa, true, &next, st) ==
		      BA_ACCEPTED);
		h = mcoa_home(&next);
		CHECK(next.n == 2 && h && h->bid == 5 && !mcoa_find(&next, 3));
		/* 5.6.5: a registration without H ends it */
		bu_init(&m, 100, 0);
		bid_add(&m, 1, NULL, 2);
		CHECK(mcoa_apply(&cur, &m, &src, &hoa, true, &next, st) ==
		      BA_ACCEPTED);
		CHECK(next.n == 1 && !mcoa_home(&next) &&
		      rec_is(&next, 1, "2001:db8:a::5", 2));
		/* as does a deregistration of its BID */
		bu_init(&m, 0, 0);
		bid_add(&m, 3, NULL, MH_BID_F_H);
		CHECK(mcoa_apply(&cur, &m, &src, &hoa, true, &next, st) ==
		      BA_ACCEPTED && next.n == 1 && !mcoa_home(&next));
	}
	/* an RFC 6275 deregistration removes them all */
	bu_init(&m, 0, 0);
	CHECK(mcoa_apply(&cur, &m, &src, NULL, false, &next, st) == BA_ACCEPTED &&
	      next.n == 0);
	/* equal field by field whatever the padding holds */
	{
		struct mcoa_set x, y;

		memset(&x, 0x00, sizeof(x));
		memset(&y, 0xa5, sizeof(y));
		x.n = y.n = 1;
		x.r[0].bid = y.r[0].bid = 3;
		x.r[0].prio = y.r[0].prio = 2;
		x.r[0].home = y.r[0].home = false;
		x.r[0].coa = y.r[0].coa = a6("2001:db8:a::5");
		CHECK(mcoa_equal(&x, &y));
		y.r[0].prio = 1;
		CHECK(!mcoa_equal(&x, &y));
		y.r[0].prio = 2;
		y.n = 0;
		CHECK(!mcoa_equal(&x, &y));
	}
}
