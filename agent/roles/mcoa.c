// SPDX-License-Identifier: GPL-2.0
/*
 * mcoa.c - multiple care-of addresses at the home agent (RFC 5648 6.2).
 * See mcoa.h.
 */
#include <string.h>

#include "mcoa.h"

const struct mcoa_rec *mcoa_find(const struct mcoa_set *s, uint16_t bid)
{
	unsigned int i;

	for (i = 0; i < s->n; i++)
		if (s->r[i].bid == bid)
			return &s->r[i];
	return NULL;
}

const struct mcoa_rec *mcoa_home(const struct mcoa_set *s)
{
	unsigned int i;

	for (i = 0; i < s->n; i++)
		if (s->r[i].home)
			return &s->r[i];
	return NULL;
}

const struct in6_addr *mcoa_primary(const struct mcoa_set *s)
{
	unsigned int i, best = 0;

	for (i = 1; i < s->n; i++)
		if (s->r[i].prio < s->r[best].prio ||
		    (s->r[i].prio == s->r[best].prio &&
		     s->r[i].bid < s->r[best].bid))
			best = i;
	return &s->r[best].coa;
}

bool mcoa_equal(const struct mcoa_set *a, const struct mcoa_set *b)
{
	unsigned int i;

	if (a->n != b->n)
		return false;
	for (i = 0; i < a->n; i++)
		if (a->r[i].bid != b->r[i].bid || a->r[i].prio != b->r[i].prio ||
		    a->r[i].home != b->r[i].home ||
		    memcmp(&a->r[i].coa, &b->r[i].coa, sizeof(a->r[i].coa)))
			return false;
	return true;
}

void mcoa_sort(struct mcoa_set *s)
{
	unsigned int i, j;
	struct mcoa_rec t;

	for (i = 1; i < s->n; i++) {
		t = s->r[i];
		for (j = i; j > 0 && s->r[j - 1].bid > t.bid; j--)
			s->r[j] = s->r[j - 1];
		s->r[j] = t;
	}
}

/* A care-of address a binding may name: global unicast IPv6 (6.2). */
static bool coa_usable(const struct in6_addr *a)
{
	return !IN6_IS_ADDR_UNSPECIFIED(a) && !IN6_IS_ADDR_LOOPBACK(a) &&
	       !IN6_IS_ADDR_MULTICAST(a) && !IN6_IS_ADDR_LINKLOCAL(a) &&
	       !IN6_IS_ADDR_V4MAPPED(a) && !IN6_IS_ADDR_V4COMPAT(a);
}

static void set_remove(struct mcoa_set *s, uint16_t bid)
{
	unsigned int i;

	for (i = 0; i < s->n; i++) {
		if (s->r[i].bid != bid)
			continue;
		memmove(&s->r[i], &s->r[i + 1],
			(s->n - i - 1) * sizeof(s->r[0]));
		s->n--;
		return;
	}
}

/* Add or update @r, in BID order. 0, or -1 when the set is full. */
static int set_put(struct mcoa_set *s, const struct mcoa_rec *r)
{
	unsigned int i;

	for (i = 0; i < s->n && s->r[i].bid < r->bid; i++)
		;
	if (i < s->n && s->r[i].bid == r->bid) {
		s->r[i] = *r;
		return 0;
	}
	if (s->n == MH_MAX_BID)
		return -1;
	memmove(&s->r[i + 1], &s->r[i], (s->n - i) * sizeof(s->r[0]));
	s->r[i] = *r;
	s->n++;
	return 0;
}

/* Drop every home binding of @s but @keep's BID (0: every one). */
static void set_unhome(struct mcoa_set *s, uint16_t keep)
{
	unsigned int i = 0;

	while (i < s->n) {
		if (s->r[i].home && s->r[i].bid != keep)
			set_remove(s, s->r[i].bid);
		else
			i++;
	}
}

/*
 * The binding one registering BID option @b makes in @r; 0, or the
 * status that refuses it.
 */
static uint8_t bid_rec(const struct mcoa_set *cur, const struct mh_bid *b,
		       const struct in6_addr *hoa, bool home_ok,
		       struct mcoa_rec *r)
{
	const struct mcoa_rec *old = mcoa_find(cur, b->bid);
	bool home = b->flags & MH_BID_F_H;

	memset(r, 0, sizeof(*r));
	r->bid = b->bid;
	r->prio = b->flags & MH_BID_PRI_MASK;
	/* 5.6: at home and away at once, where this home agent offers it */
	if (home && !home_ok)
		return BA_MCOA_SIMUL_PROHIBITED;
	r->home = home;
	if (b->coa_len == 16) {
		memcpy(&r->coa, b->coa, sizeof(r->coa));
		if (!coa_usable(&r->coa))
			return BA_MCOA_MALFORMED;
		/* 5.6.3: a home binding names the home address, only it */
		if (hoa && home != !memcmp(&r->coa, hoa, sizeof(*hoa)))
			return BA_MCOA_MALFORMED;
		return 0;
	}
	/* 8.1: an IPv4 care-of address, not registered yet */
	if (b->coa_len == 4)
		return BA_MCOA_MALFORMED;
	/* a refresh of the binding, of the same kind */
	if (old && !mcoa_is_regular(cur) && old->home == home) {
		r->coa = old->coa;
		return 0;
	}
	return BA_MCOA_UNKNOWN_COA;
}

uint8_t mcoa_apply(const struct mcoa_set *cur, const struct mh_msg *bu,
		   const struct in6_addr *coa, const struct in6_addr *hoa,
		   bool home_ok, struct mcoa_set *next,
		   uint8_t st[MH_MAX_BID])
{
	bool dereg = bu->bu.lifetime == 0, any_home = false;
	unsigned int i, j, n = bu->n_bid, accepted = 0;
	struct mcoa_set s;

	memset(st, 0, MH_MAX_BID);
	*next = *cur;
	if (n > MH_MAX_BID)	/* the codec keeps at most as many */
		return BA_MCOA_MALFORMED;
	/* 6.2: no BID option, RFC 6275: one binding, or none */
	if (!n) {
		memset(next, 0, sizeof(*next));
		if (!dereg) {
			next->n = 1;
			next->r[0].coa = *coa;
		}
		return BA_ACCEPTED;
	}
	/* BID 0 (4.3: reserved) or a BID twice: no binding can be made */
	for (i = 0; i < n; i++) {
		if (!bu->bid[i].bid)
			return BA_MCOA_MALFORMED;
		for (j = 0; j < i; j++)
			if (bu->bid[j].bid == bu->bid[i].bid)
				return BA_MCOA_MALFORMED;
	}
	/* 6.2: a deregistration of a BID not bound is refused whole */
	if (dereg) {
		s = *cur;
		for (i = 0; i < n; i++) {
			if (!mcoa_find(cur, bu->bid[i].bid) ||
			    mcoa_is_regular(cur))
				return BA_NOT_HA_FOR_MN;
			set_remove(&s, bu->bid[i].bid);
		}
		*next = s;
		return BA_ACCEPTED;
	}
	/* 6.2: BIDs beside a regular binding only to replace it ('O') */
	if (!(bu->bu.flags & MH_BU_F_O) && mcoa_is_regular(cur))
		return BA_MCOA_NON_MCOA_EXISTS;
	if (bu->bu.flags & MH_BU_F_O)
		memset(&s, 0, sizeof(s));
	else
		s = *cur;
	/* 5.6.5: a registration without H ends the home binding */
	for (i = 0; i < n; i++)
		any_home |= bu->bid[i].flags & MH_BID_F_H;
	if (!any_home)
		set_unhome(&s, 0);
	for (i = 0; i < n; i++) {
		struct mcoa_rec r;

		st[i] = bid_rec(cur, &bu->bid[i], hoa, home_ok, &r);
		if (st[i])
			continue;
		/* 5.6.3: one home binding at a time */
		if (r.home)
			set_unhome(&s, r.bid);
		if (set_put(&s, &r) < 0) {
			st[i] = BA_INSUFFICIENT;
			continue;
		}
		accepted++;
	}
	if (accepted == n) {
		*next = s;
		return BA_ACCEPTED;
	}
	/* one BID: its status is the BA's (6.2) */
	if (n == 1) {
		uint8_t status = st[0];

		st[0] = 0;
		return status;
	}
	/* bulk: the accepted ones stand, the others say why */
	if (accepted)
		*next = s;
	return BA_MCOA_NOTCOMPLETE;
}
