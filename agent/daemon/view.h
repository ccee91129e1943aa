/* SPDX-License-Identifier: GPL-2.0 */
/*
 * view.h - ipmobd's in-memory view of the kernel binding table.
 *
 * The kernel is the source of truth ("nothing is lost"): the view is
 * rebuilt from a dump at startup and after a lost notification, and
 * kept current from the events multicast group in between.
 */
#ifndef IPMOB_VIEW_H
#define IPMOB_VIEW_H

#include <stddef.h>
#include "binding.h"

struct view_entry {
	struct view_entry *next;
	uint64_t expires_ms;	/* CLOCK_MONOTONIC estimate; UINT64_MAX: never */
	size_t heap_pos;	/* index in view.ro_heap, VIEW_NOT_IN_HEAP
				 * unless view_is_ro_cache(&b) */
	struct ipmob_binding b;
};

#define VIEW_NOT_IN_HEAP ((size_t)-1)

struct view {
	struct view_entry **buckets;
	size_t nbuckets;	/* power of two */
	size_t count;
	size_t n_ro_cache;	/* of them, route-optimisation cache entries
				 * (a correspondent's, view_is_ro_cache()):
				 * the length of ro_heap */
	/* those entries in a binary min-heap on expires_ms, so that the
	 * one to evict is found in O(1) and kept in O(log n) */
	struct view_entry **ro_heap;
	size_t ro_heap_cap;
};

int view_init(struct view *v);
void view_clear(struct view *v);
void view_free(struct view *v);
/* Insert or replace the binding with the same key. 0 or -1 (ENOMEM). */
int view_upsert(struct view *v, const struct ipmob_binding *b);
/* Remove the binding with b's key; true if there was one. */
bool view_remove(struct view *v, const struct ipmob_binding *b);
/* Remove all bindings of ifindex (0: all); returns how many. */
size_t view_flush(struct view *v, uint32_t ifindex);
const struct ipmob_binding *view_find(const struct view *v,
				      const struct ipmob_binding *key);
/* A correspondent's binding cache entry (RFC 6275 9.1): kind cache, RO. */
bool view_is_ro_cache(const struct ipmob_binding *b);
/*
 * The route-optimisation cache entry on ifindex that expires first (by
 * the lifetime the view last saw), or NULL: the one to drop when the
 * cache is full (RFC 6275 9.6). O(1) from the heap when its top is on
 * ifindex (one ipmob device per namespace: always), else O(entries).
 */
const struct ipmob_binding *view_ro_cache_victim(const struct view *v,
						 uint32_t ifindex);
/* Number of bindings on ifindex. */
size_t view_count_dev(const struct view *v, uint32_t ifindex);

#endif /* IPMOB_VIEW_H */
