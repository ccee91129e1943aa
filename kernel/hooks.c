// SPDX-License-Identifier: GPL-2.0
/*
 * ipmob: netfilter hooks. They decide; route.c routes; the device
 * encapsulates.
 *
 * PRE_ROUTING, right after defragmentation and before conntrack: process
 * the Home Address option and the type 2 routing header of packets
 * addressed to this node, before the core's MIP6 code sees them
 * (exthdr.c), so that conntrack and the sockets see the home address.
 * PRE_ROUTING, last: a packet whose destination is a home address or
 * inside a home prefix with a binding cache entry (home agent, RFC 6275
 * 10.4.1, RFC 3963 6.5; correspondent acting as router), or, on a mobile
 * router, whose source is inside its mobile network prefix (RFC 3963 5.5),
 * is routed into the binding's ipmob device; a Neighbor Solicitation for
 * a home address the home agent proxies is answered (ndproxy.c).
 * LOCAL_OUT, last: the same for locally generated packets, plus the mobile
 * node's packets from its home address (source lookup). IPv4 has the two
 * routing hooks too (IPv4 home addresses and prefixes). LOCAL_OUT, early:
 * a packet ipmobd sends from a home address with its care-of address in
 * an IPMOB_HAO_TX_TYPE option gets the two swapped, past IPsec (exthdr.c:
 * an IPsec-protected Binding Update). A packet whose
 * route is an IPsec bundle is left to IPsec first: the transformed packet
 * comes back through LOCAL_OUT (xfrm_output_resume) and is routed then, so
 * policy that says "protect" is never bypassed.
 *
 * The routing hooks run after every other hook of their chain (mangle,
 * NAT, route-type chains that reroute), as the core's routing decision
 * does; the packet then goes through FORWARD, POST_ROUTING and xfrm like
 * any packet routed into a tunnel. No route per binding is needed.
 *
 * The hooks are registered in a namespace only while it has an ipmob
 * device; with no bindings the cost is one atomic read per packet.
 */

#include <linux/netfilter.h>
#include <linux/netfilter_ipv4.h>
#include <linux/netfilter_ipv6.h>
#include <linux/netfilter_arp.h>
#include <linux/inetdevice.h>
#include <net/ip.h>
#include <net/route.h>
#include <net/ipv6.h>
#include <net/ndisc.h>
#include <net/addrconf.h>
#include <net/dst.h>
#include <net/dst_metadata.h>

#include "ipmob.h"

/* after nf_defrag_ipv6 (whole packets), before raw and conntrack */
#define IPMOB_NF_PRIO_EXTHDR	(NF_IP6_PRI_CONNTRACK_DEFRAG + 50)
/* after every hook that may change the addresses or the route */
#define IPMOB_NF_PRIO_ROUTE	(NF_IP6_PRI_LAST - 1)

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
 * A packet this node sends to itself (its route is local, through the
 * loopback device) stays here: an ICMP error about a packet from a home
 * address, which the core sends to that home address, must not be
 * tunnelled back to this node (IPv4 would drop it as a martian).
 */
static bool ipmob_is_local(const struct dst_entry *dst)
{
	return dst && (dst->dev->flags & IFF_LOOPBACK);
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
	b = ipmob_lookup_lpm(in, &ip6h->saddr, IPMOB_KIND_MN_HOME,
			     ipmob_skb_iif(skb));
	if (!b)
		return NULL;
	type = ipv6_addr_type(&ip6h->daddr);
	if (!(type & IPV6_ADDR_UNICAST) ||
	    (type & (IPV6_ADDR_LINKLOCAL | IPV6_ADDR_LOOPBACK)) ||
	    ipv6_chk_addr(in->net, &ip6h->daddr, NULL, 0))
		return NULL;
	return b;
}

static unsigned int ipmob_route_fwd(void *priv, struct sk_buff *skb,
				     const struct nf_hook_state *state)
{
	struct ipmob_net *in = ipmob_pernet(state->net);
	const struct ipv6hdr *ip6h;
	struct ipmob_binding *b;

	if (!ipmob_has_bindings(in) || !pskb_may_pull(skb, sizeof(*ip6h)))
		return NF_ACCEPT;
	/*
	 * Decapsulated by a collect_md GRE device: its session's? (gre.c)
	 * Before the Neighbor Discovery exemption: a tunnelled packet is
	 * no packet of this link, whatever its hop limit.
	 */
	if (unlikely(skb_tunnel_info(skb))) {
		unsigned int v = ipmob_gre_rx(in, skb, false);

		if (v != NF_ACCEPT)
			return v;
	}
	/* a solicitation for a proxied home address is answered here */
	if (ipmob_is_nd(skb))
		return ipmob_nd_proxy(in, skb, state->hook);
	ip6h = ipv6_hdr(skb);
	/*
	 * Only where the node forwards (a home agent is a router, RFC 6275
	 * 10.1); an exhausted hop limit is the core's to answer.
	 */
	if (!READ_ONCE(in->net->ipv6.devconf_all->forwarding) ||
	    ip6h->hop_limit <= 1 || skb->pkt_type != PACKET_HOST)
		return NF_ACCEPT;
	b = ipmob_lookup_lpm(in, &ip6h->daddr, IPMOB_KIND_CACHE,
			     ipmob_skb_iif(skb));
	if (!b)
		b = ipmob_lookup_fwd_src(in, skb);
	if (!b)
		return NF_ACCEPT;
	/* RFC 5648 5.6: to the home link, by the route it has */
	if (unlikely(b->home) && ipmob_home_native(in, b, skb))
		return NF_ACCEPT;
	return ipmob_route_skb(in, skb, b, true);
}

static unsigned int ipmob_exthdr(void *priv, struct sk_buff *skb,
				 const struct nf_hook_state *state)
{
	u8 nexthdr;

	if (!pskb_may_pull(skb, sizeof(struct ipv6hdr)))
		return NF_ACCEPT;
	nexthdr = ipv6_hdr(skb)->nexthdr;
	if ((nexthdr == NEXTHDR_HOP || nexthdr == NEXTHDR_ROUTING ||
	     nexthdr == NEXTHDR_DEST) &&
	    ipv6_chk_addr(state->net, &ipv6_hdr(skb)->daddr, NULL, 0))
		return ipmob_rx_exthdrs(ipmob_pernet(state->net), skb);
	return NF_ACCEPT;
}

/*
 * LOCAL_OUT, early: a packet ipmobd sends from a home address with the
 * care-of address in an IPMOB_HAO_TX_TYPE option leaves from the care-of
 * address, once IPsec has transformed it (exthdr.c). Before conntrack, so
 * that it and the filters see the packet as it goes on the wire.
 */
static unsigned int ipmob_tx_exthdr(void *priv, struct sk_buff *skb,
				    const struct nf_hook_state *state)
{
	const struct dst_entry *dst = skb_dst(skb);

	if (likely(ipv6_hdr(skb)->nexthdr != NEXTHDR_DEST) ||
	    (dst && dst_xfrm(dst)))
		return NF_ACCEPT;
	return ipmob_tx_hao_swap(ipmob_pernet(state->net), skb, state->sk);
}

static unsigned int ipmob_route_local(void *priv, struct sk_buff *skb,
				      const struct nf_hook_state *state)
{
	struct ipmob_net *in = ipmob_pernet(state->net);
	const struct dst_entry *dst = skb_dst(skb);
	struct ipmob_binding *b;
	unsigned int verdict;

	if (!ipmob_has_bindings(in) || (dst && dst_xfrm(dst)) ||
	    ipmob_is_local(dst) || ipmob_is_nd(skb))
		return NF_ACCEPT;
	b = ipmob_lookup_tx(in, ipv6_hdr(skb), ipmob_skb_iif(skb));
	if (!b)
		return NF_ACCEPT;
	/* unless a FIB route already goes into an ipmob device */
	if (!dst || !ipmob_is_dev(dst->dev)) {
		/* RFC 5648 5.6: through the home link, by the route it has */
		if (unlikely(b->home) && dst && ipmob_home_native(in, b, skb))
			return NF_ACCEPT;
		verdict = ipmob_route_skb(in, skb, b, false);
		if (verdict != NF_ACCEPT)
			return verdict;
	}
	if (skb->len > IPV6_MIN_MTU && skb->ignore_df && !skb_is_gso(skb))
		return ipmob_frag_size(in, skb, b);
	return NF_ACCEPT;
}

/*
 * IPv4 (DSMIPv6 IPv4 home addresses, Mobile IPv4): the same decisions,
 * no extension headers, no route optimisation. A mobile router's hosts
 * (RFC 5177 NEMOv4) are found by source as in IPv6.
 */
static struct ipmob_binding *ipmob_lookup_fwd_src4(struct ipmob_net *in,
						   struct sk_buff *skb)
{
	const struct iphdr *iph = ip_hdr(skb);
	struct ipmob_binding *b;

	if (ipmob_is_dev(skb->dev))
		return NULL;
	b = ipmob_lookup_lpm4(in, iph->saddr, IPMOB_KIND_MN_HOME,
			      ipmob_skb_iif(skb));
	if (!b || inet_addr_type(in->net, iph->daddr) != RTN_UNICAST)
		return NULL;
	return b;
}

static unsigned int ipmob_route_fwd4(void *priv, struct sk_buff *skb,
				     const struct nf_hook_state *state)
{
	struct ipmob_net *in = ipmob_pernet(state->net);
	const struct iphdr *iph;
	struct ipmob_binding *b;

	if (!ipmob_has_bindings(in) || !pskb_may_pull(skb, sizeof(*iph)))
		return NF_ACCEPT;
	if (unlikely(skb_tunnel_info(skb))) {
		unsigned int v = ipmob_gre_rx(in, skb, true);

		if (v != NF_ACCEPT)
			return v;
	}
	iph = ip_hdr(skb);
	/* as in IPv6: only on a router; an exhausted TTL is the core's */
	if (!READ_ONCE(IPV4_DEVCONF_ALL(in->net, FORWARDING)) || iph->ttl <= 1 ||
	    skb->pkt_type != PACKET_HOST)
		return NF_ACCEPT;
	b = ipmob_lookup_lpm4(in, iph->daddr, IPMOB_KIND_CACHE,
			      ipmob_skb_iif(skb));
	if (!b)
		b = ipmob_lookup_fwd_src4(in, skb);
	if (!b)
		return NF_ACCEPT;
	return ipmob_route_skb(in, skb, b, true);
}

static unsigned int ipmob_route_local4(void *priv, struct sk_buff *skb,
				       const struct nf_hook_state *state)
{
	struct ipmob_net *in = ipmob_pernet(state->net);
	const struct dst_entry *dst = skb_dst(skb);
	struct ipmob_binding *b;
	unsigned int verdict;

	if (!ipmob_has_bindings(in) || (dst && dst_xfrm(dst)) ||
	    ipmob_is_local(dst))
		return NF_ACCEPT;
	b = ipmob_lookup_tx4(in, ip_hdr(skb), ipmob_skb_iif(skb));
	if (!b)
		return NF_ACCEPT;
	if (!dst || !ipmob_is_dev(dst->dev)) {
		verdict = ipmob_route_skb(in, skb, b, false);
		if (verdict != NF_ACCEPT)
			return verdict;
	}
	/*
	 * Cut a packet without DF to its path's tunnel MTU (from 576 bytes
	 * up, RFC 791's datagram every host accepts; a smaller one on a
	 * narrower path goes in a fragmented outer packet).
	 */
	if (skb->len > 576 && !(ip_hdr(skb)->frag_off & htons(IP_DF)) &&
	    !skb_is_gso(skb))
		return ipmob_frag_size(in, skb, b);
	return NF_ACCEPT;
}

static const struct nf_hook_ops ipmob_nf_ops[] = {
	{
		.hook = ipmob_exthdr,
		.pf = NFPROTO_IPV6,
		.hooknum = NF_INET_PRE_ROUTING,
		.priority = IPMOB_NF_PRIO_EXTHDR,
	},
	{
		.hook = ipmob_route_fwd,
		.pf = NFPROTO_IPV6,
		.hooknum = NF_INET_PRE_ROUTING,
		.priority = IPMOB_NF_PRIO_ROUTE,
	},
	{
		.hook = ipmob_tx_exthdr,
		.pf = NFPROTO_IPV6,
		.hooknum = NF_INET_LOCAL_OUT,
		.priority = IPMOB_NF_PRIO_EXTHDR,
	},
	{
		.hook = ipmob_route_local,
		.pf = NFPROTO_IPV6,
		.hooknum = NF_INET_LOCAL_OUT,
		.priority = IPMOB_NF_PRIO_ROUTE,
	},
	{
		.hook = ipmob_route_fwd4,
		.pf = NFPROTO_IPV4,
		.hooknum = NF_INET_PRE_ROUTING,
		.priority = NF_IP_PRI_LAST - 1,
	},
	{
		.hook = ipmob_route_local4,
		.pf = NFPROTO_IPV4,
		.hooknum = NF_INET_LOCAL_OUT,
		.priority = NF_IP_PRI_LAST - 1,
	},
	{
		/* RFC 5555 4.5: address resolution for IPv4 home addresses */
		.hook = ipmob_arp_proxy,
		.pf = NFPROTO_ARP,
		.hooknum = NF_ARP_IN,
		.priority = 0,
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
