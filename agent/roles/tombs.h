/* SPDX-License-Identifier: GPL-2.0 */
/*
 * tombs.h - a bounded table of the sequence numbers of deleted bindings,
 * keyed by home address (RFC 6275 5.2.8: a correspondent remembers them
 * while the nonces that authorised a binding may still be valid).
 *
 * Every entry lives the same time, so entries leave in the order they
 * came: a ring in insertion order (expiry and eviction of the oldest in
 * O(1)) indexed by a keyed hash (lookup in O(1) on average; the key is
 * random, so a peer cannot choose home addresses that collide). At
 * capacity the oldest entry goes. No I/O: unit-tested.
 */
#ifndef IPMOB_TOMBS_H
#define IPMOB_TOMBS_H

#include <stdbool.h>
#include <stdint.h>
#include <netinet/in.h>

struct tombs;

/* A table of at most cap entries (cap >= 1), hashed with seed. NULL: OOM. */
struct tombs *tombs_new(unsigned int cap, uint64_t seed);
void tombs_free(struct tombs *t);

/*
 * Remember seq for hoa until now_ms() reaches until (a later until than
 * any entry's before; an entry for hoa is replaced). Entries whose time
 * is past, or the oldest one at capacity, make room.
 */
void tombs_put(struct tombs *t, const struct in6_addr *hoa, uint16_t seq,
	       uint64_t until, uint64_t now);

/* The sequence number kept for hoa, if any is still valid at now. */
bool tombs_get(struct tombs *t, const struct in6_addr *hoa, uint64_t now,
	       uint16_t *seq);

/* Forget hoa (a new binding was created for it). */
void tombs_del(struct tombs *t, const struct in6_addr *hoa);

/* Entries held (expired ones not yet swept included). */
unsigned int tombs_count(const struct tombs *t);

#endif
