// SPDX-License-Identifier: GPL-2.0
/*
 * test_dna.c - Simple DNA (dna.c, RFC 6059): the SDAT learnt from RAs,
 * the detection a link-up starts, confirmation by a probe's NA or by an
 * RA, the checks on the NA, damping, absent routers, the bounds.
 */
#include <arpa/inet.h>
#include <string.h>

#include "dna.h"
#include "t.h"

static struct in6_addr a6(const char *s)
{
	struct in6_addr a;

	inet_pton(AF_INET6, s, &a);
	return a;
}

static struct nd_prefix pfx(const char *s, unsigned int len, uint8_t flags)
{
	struct nd_prefix p;

	memset(&p, 0, sizeof(p));
	p.prefix = a6(s);
	p.len = (uint8_t)len;
	p.flags = flags;
	p.valid = 86400;
	p.preferred = 14400;
	return p;
}

static const uint8_t MAC1[6] = { 2, 0, 0, 0, 0, 1 };
static const uint8_t MAC2[6] = { 2, 0, 0, 0, 0, 2 };

void test_dna(void)
{
	static struct dna t;
	struct dna_probe pr[DNA_MAX_PROBES];
	struct in6_addr r1 = a6("fe80::1"), r2 = a6("fe80::2"), ll[8];
	struct in6_addr coa_a = a6("2001:db8:a::10"), coa_c = a6("2001:db8:c1::10");
	struct nd_prefix pa[2] = { pfx("2001:db8:a::", 64, ND_PI_F_A | ND_PI_F_L),
				   pfx("2001:db8:9::", 64, ND_PI_F_L) };
	struct nd_prefix pc = pfx("2001:db8:c1::", 64, ND_PI_F_A);
	unsigned int i, n;

	dna_init(&t);
	/* nothing known: a link-up starts no detection */
	CHECK(dna_link_up(&t, 3, 1000, pr) == 0);
	CHECK(!dna_detecting(&t, 3));
	CHECK(dna_usable(&t, 3, &coa_a));

	/* an RA teaches the SDAT; outside a detection nothing changes */
	CHECK(!dna_ra(&t, 3, &r1, MAC1, 6, 1800, pa, 2, 1000));
	CHECK(t.n_r == 1 && t.r[0].n_prefix == 1);	/* only the A prefix */
	/* an RA from a global address is not a router's (RFC 4861 6.1.2) */
	{
		struct in6_addr g = a6("2001:db8:a::1");

		CHECK(!dna_ra(&t, 3, &g, MAC1, 6, 1800, pa, 2, 1000));
		CHECK(t.n_r == 1);
	}

	/* link-up: one probe to R1's link-local and link-layer address */
	n = dna_link_up(&t, 3, 5000, pr);
	CHECK(n == 1);
	CHECK(!memcmp(&pr[0].ll, &r1, 16) && !memcmp(pr[0].lla, MAC1, 6));
	CHECK(dna_detecting(&t, 3));
	CHECK(!dna_usable(&t, 3, &coa_a));	/* 5.4: inoperable */
	CHECK(dna_usable(&t, 4, &coa_a));	/* another interface */

	/* NA checks: target must be the router, TLLA (if any) its own */
	{
		struct in6_addr other = a6("fe80::99");

		CHECK(!dna_na(&t, 3, &r1, &other, NULL, 0));
		CHECK(!dna_na(&t, 3, &other, &other, NULL, 0));
		CHECK(!dna_na(&t, 3, &r1, &r1, MAC2, 6));
		CHECK(!dna_na(&t, 3, &r1, &r1, MAC1, 5));
		CHECK(!dna_na(&t, 4, &r1, &r1, MAC1, 6));
		CHECK(!dna_usable(&t, 3, &coa_a));
	}
	/* the answer: R1's prefix is operable again; only once */
	CHECK(dna_na(&t, 3, &r1, &r1, NULL, 0));
	CHECK(dna_usable(&t, 3, &coa_a));
	CHECK(!dna_usable(&t, 3, &coa_c));
	CHECK(!dna_na(&t, 3, &r1, &r1, MAC1, 6));
	CHECK(dna_absent(&t, 3, 9000, ll, 8) == 0);

	/* carrier lost: the detection ends, the kernel's view again */
	dna_link_down(&t, 3);
	CHECK(!dna_detecting(&t, 3));
	CHECK(dna_usable(&t, 3, &coa_c));

	/* 5.11: a link-up within a second of the last probe sends none,
	 * but the detection runs (the RS and RAs still confirm) */
	CHECK(dna_link_up(&t, 3, 5500, pr) == 0);
	CHECK(dna_detecting(&t, 3));
	CHECK(!dna_usable(&t, 3, &coa_a));
	/* an NA to no probe confirms nothing */
	CHECK(!dna_na(&t, 3, &r1, &r1, NULL, 0));
	dna_link_down(&t, 3);

	/* another link: R1 is probed, R2 (new, prefix c1) answers by RA */
	CHECK(dna_link_up(&t, 3, 7000, pr) == 1);
	CHECK(dna_absent(&t, 3, 7300, ll, 8) == 0);	/* no RA yet */
	CHECK(dna_ra(&t, 3, &r2, MAC2, 6, 1800, &pc, 1, 7100));
	CHECK(dna_usable(&t, 3, &coa_c));
	CHECK(!dna_usable(&t, 3, &coa_a));
	/* R1 unanswered for DNA_NA_WAIT_MS: absent, reported once */
	CHECK(dna_absent(&t, 3, 7000 + DNA_NA_WAIT_MS - 1, ll, 8) == 0);
	CHECK(dna_absent(&t, 3, 7000 + DNA_NA_WAIT_MS, ll, 8) == 1);
	CHECK(!memcmp(&ll[0], &r1, 16));
	CHECK(dna_absent(&t, 3, 9000, ll, 8) == 0);
	dna_link_down(&t, 3);

	/* both routers known now: two probes, the most recent first */
	n = dna_link_up(&t, 3, 9000, pr);
	CHECK(n == 2 && !memcmp(&pr[0].ll, &r2, 16) &&
	      !memcmp(&pr[1].ll, &r1, 16));
	/* R1's RA in the detection confirms it: not absent */
	CHECK(dna_ra(&t, 3, &r1, NULL, 0, 1800, pa, 1, 9050));
	CHECK(dna_usable(&t, 3, &coa_a) && !dna_usable(&t, 3, &coa_c));
	CHECK(dna_absent(&t, 3, 9500, ll, 8) == 1 &&
	      !memcmp(&ll[0], &r2, 16));
	/* router lifetime 0: the entry goes */
	dna_ra(&t, 3, &r2, MAC2, 6, 0, &pc, 1, 9600);
	CHECK(t.n_r == 1);
	dna_link_down(&t, 3);

	/* a router without a link-layer address is not probed (5.5.2) */
	dna_init(&t);
	dna_ra(&t, 5, &r1, NULL, 0, 1800, pa, 1, 100);
	CHECK(dna_link_up(&t, 5, 5000, pr) == 0);
	CHECK(dna_detecting(&t, 5) && !dna_usable(&t, 5, &coa_a));
	dna_link_down(&t, 5);

	/* bounds: 40 routers on one link, 32 kept (the oldest go); six
	 * probes at most, each for a router with its link-layer address */
	dna_init(&t);
	for (i = 0; i < 40; i++) {
		struct in6_addr r = a6("fe80::100");

		r.s6_addr[15] = (uint8_t)i;
		dna_ra(&t, 6, &r, MAC1, 6, 1800, pa, 1, 1000 + i);
	}
	CHECK(t.n_r == DNA_MAX_ROUTERS);
	for (i = 0; i < t.n_r; i++)
		CHECK(t.r[i].seen_ms >= 1000 + 40 - DNA_MAX_ROUTERS);
	CHECK(dna_link_up(&t, 6, 5000, pr) == DNA_MAX_PROBES);
	CHECK(pr[0].ll.s6_addr[15] == 39);
	/* more interfaces than detection slots: the rest is not gated */
	for (i = 0; i < DNA_MAX_LINKS + 4; i++) {
		dna_ra(&t, 100 + (int)i, &r1, MAC1, 6, 1800, pa, 1, 6000);
		dna_link_up(&t, 100 + (int)i, 7000, pr);
	}
	CHECK(dna_usable(&t, 100 + DNA_MAX_LINKS + 3, &coa_c));
}
