// SPDX-License-Identifier: GPL-2.0
/*
 * ipmob: care-of address selection.
 *
 * A binding holds up to IPMOB_MAX_COA care-of records (RFC 5648 multiple
 * care-of addresses), sorted by BID priority when the binding is built.
 * Traffic uses the preferred priority class; within that class a flow keeps
 * its care-of address (hash of the flow), so a flow is never reordered over
 * two paths. Flow binding policies (RFC 6089) will extend this file.
 */

#include <linux/skbuff.h>
#include <net/ipv6.h>

#include "ipmob.h"

/**
 * ipmob_select_coa - pick the care-of record for a packet
 * @b: binding with at least one care-of record
 * @skb: the packet (for its flow hash)
 *
 * Return: the selected record. O(IPMOB_MAX_COA), independent of the
 * number of bindings.
 */
const struct ipmob_coa *ipmob_select_coa(const struct ipmob_binding *b,
					 struct sk_buff *skb)
{
	unsigned int n = 1;
	u32 hash;

	while (n < b->ncoa && b->coa[n].prio == b->coa[0].prio)
		n++;
	if (n == 1)
		return &b->coa[0];
	hash = skb_get_hash(skb);
	return &b->coa[reciprocal_scale(hash, n)];
}

/**
 * ipmob_coa_find - the binding's care-of record for an address
 * @b: binding
 * @addr: address to look for (e.g. the outer source of a tunnelled packet)
 *
 * Return: the record, or %NULL if @addr is none of its care-of addresses.
 */
const struct ipmob_coa *ipmob_coa_find(const struct ipmob_binding *b,
				       const struct in6_addr *addr)
{
	unsigned int i;

	for (i = 0; i < b->ncoa; i++)
		if (ipv6_addr_equal(&b->coa[i].addr, addr))
			return &b->coa[i];
	return NULL;
}

