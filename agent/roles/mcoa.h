/* SPDX-License-Identifier: GPL-2.0 */
/*
 * mcoa.h - multiple care-of addresses at the home agent (RFC 5648 6.2):
 * what a Binding Update with Binding Identifier options makes of a home
 * address's care-of records. Pure functions, no I/O.
 */
#ifndef IPMOB_MCOA_H
#define IPMOB_MCOA_H

#include <stdbool.h>
#include <stdint.h>
#include <netinet/in.h>

#include "mh.h"

/* the BU's Overwrite flag (RFC 5648 4.2; 0x0040, B for proxy BUs) */
#define MH_BU_F_O		0x0040

/**
 * struct mcoa_rec - one binding of a home address (RFC 5648 4.1)
 * @bid: Binding Identifier, 0 for the one binding of a BU without BID
 * @prio: BID-PRI (RFC 6089 6.1; lower first), 0 without
 * @home: a home binding (RFC 5648 5.6.3, the BID option's H flag): @coa
 *	is the home address, reached on the home link without a tunnel
 * @coa: care-of address
 */
struct mcoa_rec {
	uint16_t bid;
	uint8_t prio;
	bool home;
	struct in6_addr coa;
};

/**
 * struct mcoa_set - the bindings of a home address
 * @n: how many (0: none)
 * @r: the bindings; with BIDs, in ascending BID order; without, one of
 *     BID 0 (a regular RFC 6275 binding)
 */
struct mcoa_set {
	uint8_t n;
	struct mcoa_rec r[MH_MAX_BID];
};

/* Has the set a regular binding (no BID)? */
static inline bool mcoa_is_regular(const struct mcoa_set *s)
{
	return s->n == 1 && s->r[0].bid == 0;
}

/**
 * mcoa_apply - RFC 5648 6.2 at a home agent
 * @cur: the home address's bindings before
 * @bu: the Binding Update (validated by the caller: authenticated,
 *      sequence number, home address)
 * @coa: the care-of address of the packet (source, Home Address option
 *       or Alternate Care-of Address)
 * @hoa: the home address (NULL: not known, no check against it)
 * @home_ok: the home agent offers home bindings (5.6.2, topology a: it is
 *       the home link's only router and lets the node defend its address)
 * @next: the bindings after (written also on a refusal, then == @cur)
 * @st: the status of each of @bu's BID options, in their order (0:
 *      accepted), for the Binding Acknowledgement's copies of them
 *
 * Without BID options, a registration replaces every binding with one
 * regular binding and a deregistration removes them all. With them, a
 * deregistration removes the BIDs named (133 if one is not bound), a
 * registration adds or updates each BID: its care-of address from the
 * option, or, without one, the binding's own (167 for a BID not bound),
 * replacing everything with the 'O' flag, refused next to a regular
 * binding without it (165). An option that cannot be one (BID 0, a BID
 * twice, a care-of address that is not a global unicast IPv6 address)
 * is 164; an IPv4 care-of address (RFC 5648 8.1, DSMIPv6) is 164 until
 * IPv4 care-of addresses are registered at all; a BID without H whose
 * care-of address is the home address is 164. Simultaneous home and
 * foreign attachment (the H flag of the option, 5.6) is 169 without
 * @home_ok; with it, the BID becomes the one home binding (a care-of
 * address that is not the home address is 164; none refreshes the home
 * binding of that BID, 167 without one), replacing a home binding of
 * another BID; a registration none of whose BIDs has H ends the home
 * binding (5.6.5). A BID that would make more than MH_MAX_BID bindings
 * is 130.
 *
 * Return: the Binding Acknowledgement's status. A status that concerns
 * one BID goes into @st and the BA says 4 (MCOA NOTCOMPLETE) when the
 * BU had several (bulk registration); with one BID option, it is the
 * BA's status and @st is 0 (6.2, last paragraph). A refusal of the whole
 * BU (164 for a malformed bulk, 133, 165) leaves @next equal to @cur.
 */
uint8_t mcoa_apply(const struct mcoa_set *cur, const struct mh_msg *bu,
		   const struct in6_addr *coa, const struct in6_addr *hoa,
		   bool home_ok, struct mcoa_set *next,
		   uint8_t st[MH_MAX_BID]);

/* The home binding of @s (RFC 5648 5.6), or NULL. */
const struct mcoa_rec *mcoa_home(const struct mcoa_set *s);

/* The binding of @bid in @s, or NULL. */
const struct mcoa_rec *mcoa_find(const struct mcoa_set *s, uint16_t bid);

/*
 * The care-of address of @s's preferred binding: the lowest BID-PRI
 * (RFC 6089 4.1, lower first), then the lowest BID. @s has one at least.
 */
const struct in6_addr *mcoa_primary(const struct mcoa_set *s);

/*
 * The same bindings, field by field (the records' padding is not
 * compared: a set built by assignment may carry any bytes there).
 */
bool mcoa_equal(const struct mcoa_set *a, const struct mcoa_set *b);

/* Put @s's bindings in BID order (as the kernel gives them: by priority). */
void mcoa_sort(struct mcoa_set *s);

#endif
