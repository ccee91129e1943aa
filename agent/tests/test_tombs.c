// SPDX-License-Identifier: GPL-2.0
/*
 * test_tombs.c - the correspondent's table of deleted bindings (tombs.c):
 * lookups, replacement, expiry in order, the bound, many collisions.
 */
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>

#include "t.h"
#include "tombs.h"

static struct in6_addr addr_n(unsigned int n)
{
	struct in6_addr a;

	inet_pton(AF_INET6, "2001:db8:77::", &a);
	a.s6_addr[12] = (uint8_t)(n >> 24);
	a.s6_addr[13] = (uint8_t)(n >> 16);
	a.s6_addr[14] = (uint8_t)(n >> 8);
	a.s6_addr[15] = (uint8_t)n;
	return a;
}

void test_tombs(void)
{
	struct tombs *t = tombs_new(4, 12345);
	struct in6_addr a = addr_n(1), b = addr_n(2);
	uint16_t seq = 0;
	unsigned int i, hits;

	CHECK(t != NULL);
	CHECK(!tombs_new(0, 1));
	CHECK(!tombs_get(t, &a, 0, &seq));

	/* put, get, replace, delete */
	tombs_put(t, &a, 7, 1000, 0);
	CHECK(tombs_get(t, &a, 10, &seq) && seq == 7);
	CHECK(!tombs_get(t, &b, 10, &seq));
	tombs_put(t, &a, 9, 1100, 20);
	CHECK(tombs_get(t, &a, 30, &seq) && seq == 9);
	CHECK(tombs_count(t) == 1);
	tombs_del(t, &a);
	CHECK(!tombs_get(t, &a, 30, &seq) && tombs_count(t) == 0);
	tombs_del(t, &a);		/* twice: nothing */

	/* expiry: at "until" the entry is gone */
	tombs_put(t, &a, 1, 2000, 100);
	tombs_put(t, &b, 2, 2100, 200);
	CHECK(tombs_get(t, &a, 1999, &seq) && seq == 1);
	CHECK(!tombs_get(t, &a, 2000, &seq));
	CHECK(tombs_get(t, &b, 2000, &seq) && seq == 2);
	CHECK(tombs_count(t) == 1);	/* a swept */
	CHECK(!tombs_get(t, &b, 2100, &seq) && tombs_count(t) == 0);

	/* the bound: the oldest goes, the rest stay */
	tombs_free(t);
	t = tombs_new(4, 99);
	for (i = 0; i < 6; i++) {
		struct in6_addr x = addr_n(100 + i);

		tombs_put(t, &x, (uint16_t)i, 10000 + i, 3000 + i);
	}
	CHECK(tombs_count(t) == 4);
	for (i = 0, hits = 0; i < 6; i++) {
		struct in6_addr x = addr_n(100 + i);

		if (tombs_get(t, &x, 3010, &seq)) {
			hits++;
			CHECK(i >= 2 && seq == i);
		}
	}
	CHECK(hits == 4);
	/* replacing entries leaves dead slots; the bound still holds */
	for (i = 0; i < 100; i++) {
		struct in6_addr x = addr_n(104 + i % 2);

		tombs_put(t, &x, (uint16_t)i, 20000 + i, 4000 + i);
	}
	CHECK(tombs_count(t) <= 4);
	b = addr_n(105);
	CHECK(tombs_get(t, &b, 5000, &seq) && seq == 99);
	b = addr_n(104);
	CHECK(tombs_get(t, &b, 5000, &seq) && seq == 98);
	tombs_free(t);

	/* 100,000 deletions into 16,384 slots: bounded, the newest found */
	t = tombs_new(16384, 42);
	for (i = 0; i < 100000; i++) {
		struct in6_addr x = addr_n(i);

		tombs_put(t, &x, (uint16_t)i, 240000 + i, i);
	}
	CHECK(tombs_count(t) == 16384);
	for (i = 100000 - 16384, hits = 0; i < 100000; i++) {
		struct in6_addr x = addr_n(i);

		hits += tombs_get(t, &x, 100000, &seq) && seq == (uint16_t)i;
	}
	CHECK(hits == 16384);
	{
		struct in6_addr x = addr_n(0);

		CHECK(!tombs_get(t, &x, 100000, &seq));
	}
	tombs_free(t);
}
