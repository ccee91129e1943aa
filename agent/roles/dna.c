// SPDX-License-Identifier: GPL-2.0
/*
 * dna.c - Simple DNA (RFC 6059) for the mobile node: the SDAT and the
 * detection a link-up starts. See dna.h.
 */
#include <string.h>

#include "dna.h"

void dna_init(struct dna *t)
{
	memset(t, 0, sizeof(*t));
}

static bool in_prefix(const struct in6_addr *a, const struct in6_addr *p,
		      unsigned int plen)
{
	unsigned int bytes = plen / 8, bits = plen % 8;

	if (plen > 128)
		return false;
	if (memcmp(a->s6_addr, p->s6_addr, bytes))
		return false;
	if (!bits)
		return true;
	return !((a->s6_addr[bytes] ^ p->s6_addr[bytes]) &
		 (uint8_t)(0xff << (8 - bits)));
}

static void mask(struct in6_addr *a, unsigned int plen)
{
	unsigned int i;

	for (i = 0; i < 16; i++) {
		if (plen >= 8) {
			plen -= 8;
			continue;
		}
		a->s6_addr[i] &= (uint8_t)(0xff << (8 - plen));
		plen = 0;
	}
}

/* The slot of ifindex in t->l, or -1. */
static int link_slot(const struct dna *t, int ifindex)
{
	unsigned int i;

	if (ifindex <= 0)
		return -1;
	for (i = 0; i < DNA_MAX_LINKS; i++)
		if (t->l[i].ifindex == ifindex)
			return (int)i;
	return -1;
}

static struct dna_link *link_of(struct dna *t, int ifindex)
{
	int i = link_slot(t, ifindex);

	return i < 0 ? NULL : &t->l[i];
}

static const struct dna_link *link_of_c(const struct dna *t, int ifindex)
{
	int i = link_slot(t, ifindex);

	return i < 0 ? NULL : &t->l[i];
}

static struct dna_router *router_of(struct dna *t, int ifindex,
				    const struct in6_addr *ll)
{
	unsigned int i;

	for (i = 0; i < t->n_r; i++)
		if (t->r[i].ifindex == ifindex &&
		    !memcmp(&t->r[i].ll, ll, sizeof(*ll)))
			return &t->r[i];
	return NULL;
}

/* Add a router's prefixes to the link's confirmed ones (bounded). */
static bool confirm(struct dna_link *l, const struct dna_router *r)
{
	bool added = false;
	unsigned int i, j;

	for (i = 0; i < r->n_prefix; i++) {
		for (j = 0; j < l->n_ok; j++)
			if (l->ok_plen[j] == r->plen[i] &&
			    !memcmp(&l->ok[j], &r->prefix[i], sizeof(l->ok[j])))
				break;
		if (j < l->n_ok || l->n_ok == DNA_MAX_PREFIX)
			continue;
		l->ok[l->n_ok] = r->prefix[i];
		l->ok_plen[l->n_ok++] = r->plen[i];
		added = true;
	}
	return added;
}

bool dna_ra(struct dna *t, int ifindex, const struct in6_addr *src,
	    const uint8_t *lla, size_t lla_len, uint16_t router_lifetime,
	    const struct nd_prefix *p, unsigned int n_prefix, uint64_t now)
{
	struct dna_link *l = link_of(t, ifindex);
	struct dna_router *r, tmp;
	bool changed = false;
	unsigned int i;

	if (ifindex <= 0 || !IN6_IS_ADDR_LINKLOCAL(src))
		return false;	/* RFC 4861 6.1.2: not a router's RA */
	r = router_of(t, ifindex, src);
	if (!r && router_lifetime) {
		if (t->n_r == DNA_MAX_ROUTERS) {
			unsigned int old = 0;

			/* 5.9: the least recently seen makes room */
			for (i = 1; i < t->n_r; i++)
				if (t->r[i].seen_ms < t->r[old].seen_ms)
					old = i;
			t->r[old] = t->r[--t->n_r];
		}
		r = &t->r[t->n_r++];
		memset(r, 0, sizeof(*r));
		r->ifindex = ifindex;
		r->ll = *src;
	}
	if (!r) {
		/* not kept; its prefixes still say where the host is */
		memset(&tmp, 0, sizeof(tmp));
		r = &tmp;
	}
	if (lla && lla_len == DNA_LLA_LEN) {
		memcpy(r->lla, lla, DNA_LLA_LEN);
		r->has_lla = true;
	}
	r->seen_ms = now;
	/* 5.10: the prefixes of this RA are the router's now */
	r->n_prefix = 0;
	for (i = 0; i < n_prefix && r->n_prefix < DNA_MAX_PREFIX; i++) {
		if (!(p[i].flags & ND_PI_F_A) || p[i].len > 128 ||
		    !p[i].valid)
			continue;
		r->prefix[r->n_prefix] = p[i].prefix;
		mask(&r->prefix[r->n_prefix], p[i].len);
		r->plen[r->n_prefix++] = p[i].len;
	}
	if (l) {
		/* 5.7.2: the RA is definitive for what it advertises */
		r->answered = true;
		changed = confirm(l, r);
		l->by_ra = true;
	}
	if (!router_lifetime && r != &tmp) {
		/* no longer a default router: forget it */
		*r = t->r[--t->n_r];
	}
	return changed;
}

unsigned int dna_link_up(struct dna *t, int ifindex, uint64_t now,
			 struct dna_probe *probes)
{
	struct dna_link *l = link_of(t, ifindex);
	unsigned int i, j, n = 0, known = 0, slot;
	bool damped = false;

	if (ifindex <= 0)
		return 0;
	for (i = 0; i < t->n_r; i++)
		if (t->r[i].ifindex == ifindex)
			known++;
	if (!known) {
		dna_link_down(t, ifindex);
		return 0;	/* nothing known there: nothing to confirm */
	}
	if (!l) {
		for (i = 0; i < DNA_MAX_LINKS && !l; i++)
			if (!t->l[i].ifindex)
				l = &t->l[i];
		if (!l)
			return 0;	/* full: the kernel's view is used */
	}
	memset(l, 0, sizeof(*l));
	l->ifindex = ifindex;
	l->up_ms = now;
	/* 5.11: probe a flapping link at most once a second */
	slot = (unsigned int)(l - t->l);
	for (i = 0; i < DNA_MAX_LINKS; i++) {
		if (t->last_if[i] == ifindex) {
			damped = now - t->last_ms[i] < DNA_DAMP_MS;
			slot = i;
			break;
		}
	}
	for (i = 0; i < t->n_r; i++) {
		if (t->r[i].ifindex != ifindex)
			continue;
		t->r[i].probed_ms = 0;
		t->r[i].answered = false;
		t->r[i].gone = false;
	}
	if (damped)
		return 0;
	t->last_if[slot] = ifindex;
	t->last_ms[slot] = now;
	/* 5.5.2, 5.5.3: the most recently seen routers, at most six */
	while (n < DNA_MAX_PROBES) {
		struct dna_router *best = NULL;

		for (j = 0; j < t->n_r; j++) {
			struct dna_router *r = &t->r[j];

			if (r->ifindex != ifindex || !r->has_lla ||
			    !r->n_prefix || r->probed_ms)
				continue;
			if (!best || r->seen_ms > best->seen_ms)
				best = r;
		}
		if (!best)
			break;
		best->probed_ms = now ? now : 1;
		probes[n].ll = best->ll;
		memcpy(probes[n].lla, best->lla, DNA_LLA_LEN);
		n++;
	}
	return n;
}

void dna_link_down(struct dna *t, int ifindex)
{
	struct dna_link *l = link_of(t, ifindex);
	unsigned int i;

	if (l)
		memset(l, 0, sizeof(*l));
	for (i = 0; i < t->n_r; i++) {
		if (t->r[i].ifindex != ifindex)
			continue;
		t->r[i].probed_ms = 0;
		t->r[i].answered = false;
		t->r[i].gone = false;
	}
}

bool dna_na(struct dna *t, int ifindex, const struct in6_addr *src,
	    const struct in6_addr *target, const uint8_t *tlla,
	    size_t tlla_len)
{
	struct dna_link *l = link_of(t, ifindex);
	struct dna_router *r;

	if (!l || memcmp(src, target, sizeof(*src)))
		return false;
	r = router_of(t, ifindex, src);
	if (!r || !r->probed_ms || r->answered)
		return false;
	/* 5.7.1: both the IPv6 and the link-layer address must match */
	if (tlla && (tlla_len != DNA_LLA_LEN || !r->has_lla ||
		     memcmp(tlla, r->lla, DNA_LLA_LEN)))
		return false;
	r->answered = true;
	return confirm(l, r);
}

bool dna_usable(const struct dna *t, int ifindex, const struct in6_addr *addr)
{
	const struct dna_link *l = link_of_c(t, ifindex);
	unsigned int i;

	if (!l)
		return true;
	for (i = 0; i < l->n_ok; i++)
		if (in_prefix(addr, &l->ok[i], l->ok_plen[i]))
			return true;
	return false;
}

bool dna_detecting(const struct dna *t, int ifindex)
{
	return link_of_c(t, ifindex) != NULL;
}

unsigned int dna_absent(struct dna *t, int ifindex, uint64_t now,
			struct in6_addr *ll, unsigned int max)
{
	const struct dna_link *l = link_of(t, ifindex);
	unsigned int i, n = 0;

	if (!l || !l->by_ra)
		return 0;
	for (i = 0; i < t->n_r && n < max; i++) {
		struct dna_router *r = &t->r[i];

		if (r->ifindex != ifindex || !r->probed_ms || r->answered ||
		    r->gone || now - r->probed_ms < DNA_NA_WAIT_MS)
			continue;
		r->gone = true;
		ll[n++] = r->ll;
	}
	return n;
}
