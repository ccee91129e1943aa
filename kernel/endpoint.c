// SPDX-License-Identifier: GPL-2.0
/*
 * ipmob: tunnel endpoints (dataplane.md, "endpoint").
 *
 * An endpoint is a pair of outer addresses with an encapsulation: the
 * home agent's (local, care-of address), the mobile node's (care-of
 * address, home agent). Every care-of record that names the same pair
 * shares one endpoint, with one cached outer route: a mobile node's IPv6
 * and IPv4 home addresses (DSMIPv6), every mobile node behind one MAG
 * (PMIPv6), bindings of a mobile router's prefixes (NEMO). Per packet the
 * cached route saves the FIB lookup; it is dropped when the FIB or the
 * IPsec policy it came from changes (dst->ops->check with its cookie).
 *
 * Endpoints live in a per-namespace rhashtable keyed by struct
 * ipmob_ep_key, are counted by the care-of records that use them (under
 * ipmob_net.lock) and freed a grace period after the last one is gone,
 * so packet-path readers that still see an old binding see its endpoint.
 * The route cache is one RCU-replaced slot per inner family (the outer
 * protocol, 41 or 4, may select a different IPsec policy): a miss
 * allocates, a hit takes a reference; there is no per-CPU state, so an
 * endpoint costs the same on a 2- or a 256-CPU machine.
 */

#include <linux/slab.h>
#include <net/dst.h>
#include <net/dst_metadata.h>
#include <net/ip6_fib.h>
#include <net/ip6_route.h>
#include <net/route.h>

#include "ipmob.h"

/**
 * struct ipmob_ep_route - a cached outer route of an endpoint
 * @rcu: deferred release
 * @dst: the route, a reference held
 * @saddr: the source it chose (IPv4-mapped for IPv4)
 * @cookie: what dst->ops->check() validates it against
 */
struct ipmob_ep_route {
	struct rcu_head rcu;
	struct dst_entry *dst;
	struct in6_addr saddr;
	u32 cookie;
};

static const struct rhashtable_params ipmob_ep_params = {
	.head_offset = offsetof(struct ipmob_ep, node),
	.key_offset = offsetof(struct ipmob_ep, key),
	.key_len = sizeof(struct ipmob_ep_key),
	.automatic_shrinking = true,
};

int ipmob_eps_init(struct ipmob_net *in)
{
	return rhashtable_init(&in->eps, &ipmob_ep_params);
}

static void ipmob_ep_route_free(struct rcu_head *head)
{
	struct ipmob_ep_route *r = container_of(head, struct ipmob_ep_route,
						rcu);

	dst_release(r->dst);
	kfree(r);
}

static void ipmob_ep_free_rcu(struct rcu_head *head)
{
	struct ipmob_ep *ep = container_of(head, struct ipmob_ep, rcu);
	struct ipmob_ep_route *r;
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(ep->route); i++) {
		r = rcu_dereference_protected(ep->route[i], 1);
		if (r) {
			dst_release(r->dst);
			kfree(r);
		}
	}
	if (ep->md)
		dst_release(&ep->md->dst);
	kfree(ep);
}

static void ipmob_ep_destroy_one(void *ptr, void *arg)
{
	struct ipmob_ep *ep = ptr;

	call_rcu(&ep->rcu, ipmob_ep_free_rcu);
}

void ipmob_eps_destroy(struct ipmob_net *in)
{
	rhashtable_free_and_destroy(&in->eps, ipmob_ep_destroy_one, NULL);
}

/**
 * ipmob_ep_get - the endpoint with this key, made if there is none
 * @in: per-netns state
 * @key: the key (pad zero)
 *
 * Context: holds in->lock; may sleep.
 * Return: the endpoint with one more user, or %NULL (out of memory).
 */
struct ipmob_ep *ipmob_ep_get(struct ipmob_net *in,
			      const struct ipmob_ep_key *key)
{
	struct ipmob_ep *ep;

	lockdep_assert_held(&in->lock);
	ep = rhashtable_lookup_fast(&in->eps, key, ipmob_ep_params);
	if (ep) {
		WRITE_ONCE(ep->users, ep->users + 1);	/* dumps read it */
		return ep;
	}
	ep = kzalloc(sizeof(*ep), GFP_KERNEL_ACCOUNT);
	if (!ep)
		return NULL;
	ep->key = *key;
	ep->users = 1;
	if (key->encap == IPMOB_ENCAP_GRE && ipmob_gre_ep_init(ep)) {
		kfree(ep);
		return NULL;
	}
	if (rhashtable_insert_fast(&in->eps, &ep->node, ipmob_ep_params)) {
		if (ep->md)
			dst_release(&ep->md->dst);
		kfree(ep);
		return NULL;
	}
	in->neps++;
	return ep;
}

/**
 * ipmob_ep_put - one user less; the last one frees it after a grace period
 * @in: per-netns state
 * @ep: endpoint
 *
 * Context: holds in->lock.
 */
void ipmob_ep_put(struct ipmob_net *in, struct ipmob_ep *ep)
{
	lockdep_assert_held(&in->lock);
	WRITE_ONCE(ep->users, ep->users - 1);
	if (ep->users)
		return;
	rhashtable_remove_fast(&in->eps, &ep->node, ipmob_ep_params);
	in->neps--;
	call_rcu(&ep->rcu, ipmob_ep_free_rcu);
}

/* Drop the cached route @r if it is still the one cached in @slot. */
static void ipmob_ep_route_drop(struct ipmob_ep_route __rcu **slot,
				struct ipmob_ep_route *r)
{
	if (unrcu_pointer(cmpxchg(slot, RCU_INITIALIZER(r), NULL)) == r)
		call_rcu(&r->rcu, ipmob_ep_route_free);
}

/**
 * ipmob_ep_route_get - the endpoint's cached outer route, if still valid
 * @ep: endpoint
 * @inner4: for an IPv4 inner packet (outer protocol 4), else IPv6 (41)
 * @saddr: set to the source the route chose
 *
 * Context: RCU read side (the cache's reference is released a grace
 * period after it is replaced, so taking another one here is safe).
 * Return: a route reference, or %NULL (none cached, or no longer valid).
 */
struct dst_entry *ipmob_ep_route_get(struct ipmob_ep *ep, bool inner4,
				     struct in6_addr *saddr)
{
	struct ipmob_ep_route *r = rcu_dereference(ep->route[inner4]);
	struct dst_entry *dst;

	if (!r)
		return NULL;
	dst = r->dst;
	if (unlikely(dst->obsolete && !dst->ops->check(dst, r->cookie))) {
		ipmob_ep_route_drop(&ep->route[inner4], r);
		return NULL;
	}
	dst_hold(dst);
	*saddr = r->saddr;
	return dst;
}

/**
 * ipmob_ep_route_set - cache an outer route in the endpoint
 * @ep: endpoint
 * @inner4: for IPv4 inner packets, else IPv6
 * @dst: the route (the caller keeps its own reference)
 * @saddr: the source it chose
 *
 * Context: RCU read side, any context (GFP_ATOMIC; a failed allocation
 * only means no caching).
 */
void ipmob_ep_route_set(struct ipmob_ep *ep, bool inner4,
			struct dst_entry *dst, const struct in6_addr *saddr)
{
	struct ipmob_ep_route *r, *old;

	r = kmalloc(sizeof(*r), GFP_ATOMIC);
	if (!r)
		return;
	dst_hold(dst);
	r->dst = dst;
	r->saddr = *saddr;
	r->cookie = ipv6_addr_v4mapped(saddr) ? 0 :
		    rt6_get_cookie(dst_rt6_info(dst));
	old = unrcu_pointer(xchg(&ep->route[inner4], RCU_INITIALIZER(r)));
	if (old)
		call_rcu(&old->rcu, ipmob_ep_route_free);
}
