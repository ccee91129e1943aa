// SPDX-License-Identifier: GPL-2.0
/*
 * ipmob: netfilter hooks.
 *
 * PRE_ROUTING: process the Home Address option and the type 2 routing
 * header before the core's MIP6 code sees them (exthdr.c), then divert a
 * packet whose destination is a home address with a binding cache entry:
 * the home agent tunnels it to the care-of address (RFC 6275 10.4.1), a
 * correspondent acting as router route-optimises it; a destination inside
 * a home prefix (longest match) is tunnelled the same way (RFC 3963 6.5),
 * and a mobile router sends its hosts' packets (source inside its mobile
 * network prefix) to its home agent. No route per binding
 * is needed.
 * LOCAL_OUT: divert locally generated packets the same way, and the mobile
 * node's packets from its home address (source lookup), so neither role
 * needs routes into the device. A packet whose route is an IPsec bundle is
 * left to IPsec first: the transformed packet comes back through LOCAL_OUT
 * (xfrm_output_resume) and is diverted then, so policy that says "protect"
 * is never bypassed.
 *
 * The hooks are registered in a namespace only while it has an ipmob
 * device; with no bindings the cost is one atomic read per packet.
 */

#include <linux/netfilter.h>
#include <linux/netfilter_ipv6.h>
#include <net/ipv6.h>
#include <net/ndisc.h>
#include <net/addrconf.h>
#include <net/dst.h>

#include "ipmob.h"

#define IPMOB_NF_PRIO	(NF_IP6_PRI_RAW_BEFORE_DEFRAG - 50)

/*
 * Neighbor Discovery (RFC 4861, hop limit 255) stays on its link: a home
 * agent answers for a registered home address by proxy (RFC 6275
 * 10.4.1), and a mobile node back home resolves its home agent, while
 * the binding still exists.
 */
static bool ipmob_is_nd(struct sk_buff *skb)
{
	const struct ipv6hdr *ip6h = ipv6_hdr(skb);
	u8 _type, *type;

	if (ip6h->nexthdr != IPPROTO_ICMPV6 || ip6h->hop_limit != 255)
		return false;
	type = skb_header_pointer(skb, sizeof(*ip6h), sizeof(_type), &_type);
	return type && *type >= NDISC_ROUTER_SOLICITATION &&
	       *type <= NDISC_REDIRECT;
}

/*
 * A mobile router (RFC 3963 5.5) sends what its hosts send from a mobile
 * network prefix into its home registration's tunnel: source lookup of a
 * forwarded packet, never of one the tunnel itself delivered, never of one
 * for this node or its link.
 */
static struct ipmob_binding *ipmob_lookup_fwd_src(struct ipmob_net *in,
						  struct sk_buff *skb)
{
	const struct ipv6hdr *ip6h = ipv6_hdr(skb);
	struct ipmob_binding *b;
	int type;

	if (ipmob_is_dev(skb->dev))
		return NULL;
	b = ipmob_lookup_lpm(in, &ip6h->saddr, IPMOB_KIND_MN_HOME);
	if (!b)
		return NULL;
	type = ipv6_addr_type(&ip6h->daddr);
	if (!(type & IPV6_ADDR_UNICAST) ||
	    (type & (IPV6_ADDR_LINKLOCAL | IPV6_ADDR_LOOPBACK)) ||
	    ipv6_chk_addr(in->net, &ip6h->daddr, NULL, 0))
		return NULL;
	return b;
}

static unsigned int ipmob_divert(struct ipmob_net *in, struct sk_buff *skb,
				 bool forward)
{
	struct ipmob_binding *b;
	struct ipv6hdr *ip6h = ipv6_hdr(skb);
	int err;

	if (ipmob_is_nd(skb))
		return NF_ACCEPT;
	rcu_read_lock();
	if (forward) {
		b = ipmob_lookup_lpm(in, &ip6h->daddr, IPMOB_KIND_CACHE);
		if (!b)
			b = ipmob_lookup_fwd_src(in, skb);
	} else {
		b = ipmob_lookup_tx(in, ip6h);
	}
	if (!b) {
		rcu_read_unlock();
		return NF_ACCEPT;
	}
	if (forward) {
		/*
		 * Forwarding, so only where the node forwards (a home agent
		 * is a router, RFC 6275 10.1); the core answers an exhausted
		 * hop limit.
		 */
		if (!READ_ONCE(in->net->ipv6.devconf_all->forwarding) ||
		    ip6h->hop_limit <= 1 || skb->pkt_type != PACKET_HOST) {
			rcu_read_unlock();
			return NF_ACCEPT;
		}
		if (skb_ensure_writable(skb, sizeof(*ip6h))) {
			rcu_read_unlock();
			ipmob_count(in, IPMOB_STAT_DROP_NOMEM);
			return NF_DROP;
		}
		ipv6_hdr(skb)->hop_limit--;
		skb_clear_tstamp(skb);
	} else {
		/*
		 * Locally generated: the packet now leaves through the ipmob
		 * device, which is also where an ICMPv6 error about it
		 * (Packet Too Big, RFC 2473 7.1) comes from.
		 */
		skb->dev = b->dev;
	}
	err = ipmob_xmit_binding(skb, b->dev, b, !forward);
	rcu_read_unlock();
	if (err)
		kfree_skb(skb);
	return NF_STOLEN;
}

static unsigned int ipmob_pre_routing(void *priv, struct sk_buff *skb,
				      const struct nf_hook_state *state)
{
	struct ipmob_net *in = ipmob_pernet(state->net);
	unsigned int verdict;
	u8 nexthdr;

	if (!pskb_may_pull(skb, sizeof(struct ipv6hdr)))
		return NF_ACCEPT;
	nexthdr = ipv6_hdr(skb)->nexthdr;
	if ((nexthdr == NEXTHDR_HOP || nexthdr == NEXTHDR_ROUTING ||
	     nexthdr == NEXTHDR_DEST) &&
	    ipv6_chk_addr(state->net, &ipv6_hdr(skb)->daddr, NULL, 0)) {
		verdict = ipmob_rx_exthdrs(in, skb);
		if (verdict != NF_ACCEPT)
			return verdict;
	}
	if (!ipmob_has_bindings(in))
		return NF_ACCEPT;
	return ipmob_divert(in, skb, true);
}

static unsigned int ipmob_local_out(void *priv, struct sk_buff *skb,
				    const struct nf_hook_state *state)
{
	struct ipmob_net *in = ipmob_pernet(state->net);
	const struct dst_entry *dst = skb_dst(skb);

	if (!ipmob_has_bindings(in) || (dst && dst_xfrm(dst)))
		return NF_ACCEPT;
	return ipmob_divert(in, skb, false);
}

static const struct nf_hook_ops ipmob_nf_ops[] = {
	{
		.hook = ipmob_pre_routing,
		.pf = NFPROTO_IPV6,
		.hooknum = NF_INET_PRE_ROUTING,
		.priority = IPMOB_NF_PRIO,
	},
	{
		.hook = ipmob_local_out,
		.pf = NFPROTO_IPV6,
		.hooknum = NF_INET_LOCAL_OUT,
		.priority = IPMOB_NF_PRIO,
	},
};

/**
 * ipmob_hooks_get - a device appeared: register the hooks on the first one
 * @net: namespace
 *
 * Context: RTNL.
 */
int ipmob_hooks_get(struct net *net)
{
	struct ipmob_net *in = ipmob_pernet(net);
	int err;

	ASSERT_RTNL();
	if (in->ndevs == 0) {
		err = nf_register_net_hooks(net, ipmob_nf_ops,
					    ARRAY_SIZE(ipmob_nf_ops));
		if (err)
			return err;
	}
	in->ndevs++;
	return 0;
}

/**
 * ipmob_hooks_put - a device went away: unregister after the last one
 * @net: namespace
 *
 * Context: RTNL.
 */
void ipmob_hooks_put(struct net *net)
{
	struct ipmob_net *in = ipmob_pernet(net);

	ASSERT_RTNL();
	if (--in->ndevs == 0)
		nf_unregister_net_hooks(net, ipmob_nf_ops,
					ARRAY_SIZE(ipmob_nf_ops));
}
