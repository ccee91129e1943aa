// SPDX-License-Identifier: GPL-2.0
/*
 * view.c - hash table of bindings, keyed like the kernel's table
 * (binding_same_key()).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "daemon.h"
#include "view.h"

#define VIEW_INITIAL_BUCKETS 1024

static uint32_t fnv1a(uint32_t h, const void *p, size_t len)
{
	const unsigned char *c = p;

	while (len--) {
		h ^= *c++;
		h *= 16777619u;
	}
	return h;
}

/* Hash of what binding_same_key() compares. */
static uint32_t key_hash(const struct ipmob_binding *b)
{
	enum binding_kind k = binding_kind(b);
	uint32_t h = 2166136261u;

	h = fnv1a(h, &k, sizeof(k));
	if (BA_HAS(b, IPMOB_BA_HOA))
		h = fnv1a(h, &b->hoa, sizeof(b->hoa));
	if (BA_HAS(b, IPMOB_BA_HOA4))
		h = fnv1a(h, &b->hoa4, sizeof(b->hoa4));
	if (k == BINDING_KIND_MN_RO)
		h = fnv1a(h, &b->peer, sizeof(b->peer));
	return h;
}

int view_init(struct view *v)
{
	v->nbuckets = VIEW_INITIAL_BUCKETS;
	v->count = 0;
	v->n_ro_cache = 0;
	v->ro_heap = NULL;
	v->ro_heap_cap = 0;
	v->buckets = calloc(v->nbuckets, sizeof(*v->buckets));
	return v->buckets ? 0 : -1;
}

bool view_is_ro_cache(const struct ipmob_binding *b)
{
	return binding_kind(b) == BINDING_KIND_CACHE &&
	       BA_HAS(b, IPMOB_BA_MODE) && b->mode == IPMOB_MODE_RO;
}

/* When b will expire, from what the kernel or the daemon said last. */
static uint64_t expiry_of(const struct ipmob_binding *b)
{
	if (BA_HAS(b, IPMOB_BA_REMAINING) && b->remaining)
		return now_ms() + b->remaining;
	if (BA_HAS(b, IPMOB_BA_LIFETIME) && b->lifetime)
		return now_ms() + (uint64_t)b->lifetime * 1000;
	return UINT64_MAX;
}

/* ---- the min-heap of route-optimisation cache entries ---- */

static void heap_set(struct view *v, size_t i, struct view_entry *e)
{
	v->ro_heap[i] = e;
	e->heap_pos = i;
}

static void heap_up(struct view *v, size_t i)
{
	struct view_entry *e = v->ro_heap[i];

	while (i) {
		size_t parent = (i - 1) / 2;

		if (v->ro_heap[parent]->expires_ms <= e->expires_ms)
			break;
		heap_set(v, i, v->ro_heap[parent]);
		i = parent;
	}
	heap_set(v, i, e);
}

static void heap_down(struct view *v, size_t i)
{
	struct view_entry *e = v->ro_heap[i];
	size_t n = v->n_ro_cache;

	for (;;) {
		size_t c = 2 * i + 1;

		if (c >= n)
			break;
		if (c + 1 < n &&
		    v->ro_heap[c + 1]->expires_ms < v->ro_heap[c]->expires_ms)
			c++;
		if (e->expires_ms <= v->ro_heap[c]->expires_ms)
			break;
		heap_set(v, i, v->ro_heap[c]);
		i = c;
	}
	heap_set(v, i, e);
}

/* Room for one more, before anything changes: 0 or -1 (ENOMEM). */
static int heap_reserve(struct view *v)
{
	struct view_entry **h;
	size_t cap;

	if (v->n_ro_cache < v->ro_heap_cap)
		return 0;
	cap = v->ro_heap_cap ? v->ro_heap_cap * 2 : 64;
	h = realloc(v->ro_heap, cap * sizeof(*h));
	if (!h)
		return -1;
	v->ro_heap = h;
	v->ro_heap_cap = cap;
	return 0;
}

/* after heap_reserve() */
static void heap_add(struct view *v, struct view_entry *e)
{
	heap_set(v, v->n_ro_cache++, e);
	heap_up(v, e->heap_pos);
}

static void heap_del(struct view *v, struct view_entry *e)
{
	size_t i = e->heap_pos;
	struct view_entry *last;

	if (i == VIEW_NOT_IN_HEAP)
		return;
	e->heap_pos = VIEW_NOT_IN_HEAP;
	last = v->ro_heap[--v->n_ro_cache];
	if (last == e)
		return;
	heap_set(v, i, last);
	heap_up(v, i);
	heap_down(v, last->heap_pos);
}

void view_clear(struct view *v)
{
	size_t i;

	/* (no walk of the empty buckets once every entry is freed) */
	for (i = 0; i < v->nbuckets && v->count; i++) {
		struct view_entry *e = v->buckets[i], *next;

		for (; e; e = next) {
			next = e->next;
			free(e);
			v->count--;
		}
		v->buckets[i] = NULL;
	}
	v->count = 0;
	v->n_ro_cache = 0;
}

void view_free(struct view *v)
{
	if (!v->buckets)
		return;
	view_clear(v);
	free(v->buckets);
	v->buckets = NULL;
	v->nbuckets = 0;
	free(v->ro_heap);
	v->ro_heap = NULL;
	v->ro_heap_cap = 0;
}

static void grow(struct view *v)
{
	size_t n = v->nbuckets * 4, i;
	struct view_entry **nb = calloc(n, sizeof(*nb));

	if (!nb)
		return;		/* keep the longer chains */
	for (i = 0; i < v->nbuckets; i++) {
		struct view_entry *e = v->buckets[i], *next;

		for (; e; e = next) {
			size_t h = key_hash(&e->b) & (n - 1);

			next = e->next;
			e->next = nb[h];
			nb[h] = e;
		}
	}
	free(v->buckets);
	v->buckets = nb;
	v->nbuckets = n;
}

static struct view_entry **lookup(const struct view *v,
				  const struct ipmob_binding *key)
{
	struct view_entry **pp = &v->buckets[key_hash(key) & (v->nbuckets - 1)];

	for (; *pp; pp = &(*pp)->next)
		if (binding_same_key(&(*pp)->b, key))
			return pp;
	return pp;
}

int view_upsert(struct view *v, const struct ipmob_binding *b)
{
	struct view_entry **pp, *e;

	bool ro = view_is_ro_cache(b);

	if (ro && heap_reserve(v) < 0)
		return -1;
	pp = lookup(v, b);
	if (*pp) {
		e = *pp;
		e->b = *b;
		e->expires_ms = expiry_of(b);
		if (!ro) {
			heap_del(v, e);
		} else if (e->heap_pos == VIEW_NOT_IN_HEAP) {
			heap_add(v, e);
		} else {
			heap_up(v, e->heap_pos);
			heap_down(v, e->heap_pos);
		}
		return 0;
	}
	e = malloc(sizeof(*e));
	if (!e)
		return -1;
	e->b = *b;
	e->expires_ms = expiry_of(b);
	e->heap_pos = VIEW_NOT_IN_HEAP;
	e->next = NULL;
	*pp = e;
	v->count++;
	if (ro)
		heap_add(v, e);
	if (v->count > v->nbuckets * 2)
		grow(v);
	return 0;
}

bool view_remove(struct view *v, const struct ipmob_binding *b)
{
	struct view_entry **pp = lookup(v, b), *e = *pp;

	if (!e)
		return false;
	*pp = e->next;
	heap_del(v, e);
	free(e);
	v->count--;
	return true;
}

size_t view_flush(struct view *v, uint32_t ifindex)
{
	size_t i, n = 0;

	for (i = 0; i < v->nbuckets; i++) {
		struct view_entry **pp = &v->buckets[i];

		while (*pp) {
			struct view_entry *e = *pp;

			if (!ifindex || e->b.ifindex == ifindex) {
				*pp = e->next;
				heap_del(v, e);
				free(e);
				v->count--;
				n++;
			} else {
				pp = &e->next;
			}
		}
	}
	return n;
}

const struct ipmob_binding *view_find(const struct view *v,
				      const struct ipmob_binding *key)
{
	struct view_entry **pp = lookup(v, key);

	return *pp ? &(*pp)->b : NULL;
}

const struct ipmob_binding *view_ro_cache_victim(const struct view *v,
						 uint32_t ifindex)
{
	const struct view_entry *best = NULL;
	size_t i;

	if (!v->n_ro_cache)
		return NULL;
	if (v->ro_heap[0]->b.ifindex == ifindex)
		return &v->ro_heap[0]->b;
	/* entries of another ipmob device on top: the walk */
	for (i = 0; i < v->n_ro_cache; i++) {
		const struct view_entry *e = v->ro_heap[i];

		if (e->b.ifindex == ifindex &&
		    (!best || e->expires_ms < best->expires_ms))
			best = e;
	}
	return best ? &best->b : NULL;
}

size_t view_count_dev(const struct view *v, uint32_t ifindex)
{
	size_t i, n = 0;

	for (i = 0; i < v->nbuckets; i++) {
		const struct view_entry *e;

		for (e = v->buckets[i]; e; e = e->next)
			if (e->b.ifindex == ifindex)
				n++;
	}
	return n;
}
