// SPDX-License-Identifier: GPL-2.0
/*
 * tombs.c - a bounded table of deleted bindings' sequence numbers
 * (tombs.h): a ring of entries in insertion order, chained from the
 * buckets of a keyed hash.
 */
#include <stdlib.h>
#include <string.h>

#include "tombs.h"
#include "util.h"

#define NIL	UINT32_MAX

struct tomb {
	struct in6_addr hoa;
	uint64_t until;
	uint32_t next;		/* in its bucket's chain */
	uint16_t seq;
	bool live;
};

struct tombs {
	struct tomb *e;		/* ring of cap entries */
	uint32_t *bucket;	/* nb chain heads */
	uint32_t cap, nb;
	uint32_t head, n;	/* oldest slot, slots in use (live or not) */
	uint32_t live;
	uint64_t seed;
};

static uint32_t tomb_hash(const struct tombs *t, const struct in6_addr *a)
{
	return in6_hash(a, t->seed) & (t->nb - 1);
}

struct tombs *tombs_new(unsigned int cap, uint64_t seed)
{
	struct tombs *t;
	uint32_t i;

	if (!cap || cap > (1u << 24))
		return NULL;
	t = calloc(1, sizeof(*t));
	if (!t)
		return NULL;
	t->cap = cap;
	for (t->nb = 1; t->nb < cap; t->nb <<= 1)
		;
	t->seed = seed;
	t->e = calloc(cap, sizeof(*t->e));
	t->bucket = malloc(t->nb * sizeof(*t->bucket));
	if (!t->e || !t->bucket) {
		tombs_free(t);
		return NULL;
	}
	for (i = 0; i < t->nb; i++)
		t->bucket[i] = NIL;
	return t;
}

void tombs_free(struct tombs *t)
{
	if (!t)
		return;
	free(t->e);
	free(t->bucket);
	free(t);
}

/* The slot of hoa's live entry, or NIL. */
static uint32_t find(const struct tombs *t, const struct in6_addr *hoa)
{
	uint32_t i;

	for (i = t->bucket[tomb_hash(t, hoa)]; i != NIL; i = t->e[i].next)
		if (!memcmp(&t->e[i].hoa, hoa, sizeof(*hoa)))
			return i;
	return NIL;
}

/* Take live slot i out of its chain. */
static void unlink_slot(struct tombs *t, uint32_t i)
{
	uint32_t *pp = &t->bucket[tomb_hash(t, &t->e[i].hoa)];

	while (*pp != NIL && *pp != i)
		pp = &t->e[*pp].next;
	if (*pp == i)
		*pp = t->e[i].next;
	t->e[i].live = false;
	t->live--;
}

/* Free the oldest slot. */
static void pop(struct tombs *t)
{
	if (t->e[t->head].live)
		unlink_slot(t, t->head);
	t->head = (t->head + 1) % t->cap;
	t->n--;
}

/* Drop what is dead or past its time from the old end. */
static void sweep(struct tombs *t, uint64_t now)
{
	while (t->n && (!t->e[t->head].live || t->e[t->head].until <= now))
		pop(t);
}

void tombs_put(struct tombs *t, const struct in6_addr *hoa, uint16_t seq,
	       uint64_t until, uint64_t now)
{
	uint32_t i, h;

	sweep(t, now);
	i = find(t, hoa);
	if (i != NIL)
		unlink_slot(t, i);	/* its slot dies in the ring */
	if (t->n == t->cap)
		pop(t);			/* at capacity: the oldest goes */
	i = (t->head + t->n) % t->cap;
	t->n++;
	h = tomb_hash(t, hoa);
	t->e[i].hoa = *hoa;
	t->e[i].seq = seq;
	t->e[i].until = until;
	t->e[i].live = true;
	t->e[i].next = t->bucket[h];
	t->bucket[h] = i;
	t->live++;
}

bool tombs_get(struct tombs *t, const struct in6_addr *hoa, uint64_t now,
	       uint16_t *seq)
{
	uint32_t i;

	sweep(t, now);
	i = find(t, hoa);
	if (i == NIL || t->e[i].until <= now)
		return false;
	*seq = t->e[i].seq;
	return true;
}

void tombs_del(struct tombs *t, const struct in6_addr *hoa)
{
	uint32_t i = find(t, hoa);

	if (i != NIL)
		unlink_slot(t, i);
}

unsigned int tombs_count(const struct tombs *t)
{
	return t->live;
}
