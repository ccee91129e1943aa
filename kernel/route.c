// SPDX-License-Identifier: GPL-2.0
/*
 * ipmob: the route into the device.
 *
 * The hooks decide, this file routes, the device encapsulates. Each ipmob
 * device owns one IPv6 and one IPv4 route (dsts through the device, made
 * when the device goes up, dropped when it goes down). The hooks attach it to a
 * packet a binding claims and let the packet go on; from then on the
 * packet takes the path of any packet routed into a tunnel device:
 *
 *   forwarded: PRE_ROUTING -> ipmob_forward() / ipmob_forward4()
 *              (forwarding IPsec policy, hop limit / TTL, the FORWARD
 *              hook) -> ip6_output() / ip_output()
 *   local:     LOCAL_OUT -> ip6_output() / ip_output()
 *   both:      POST_ROUTING, fragmentation to the device MTU, the qdisc
 *              layer -> the device's ndo_start_xmit, which looks the
 *              binding up again and encapsulates.
 *
 * So a firewall's FORWARD and POSTROUTING chains, conntrack and IPsec
 * policy see the inner flow exactly as with ip6_tunnel or ipip, with no
 * route per binding. ip6_forward() and ip_forward() are not exported;
 * ipmob_forward() and ipmob_forward4() do the steps of them that apply to
 * a packet whose next hop is a tunnel (RFC 8200 3, RFC 1812 5.3.1: each
 * node that forwards decrements the hop limit / TTL).
 *
 * All packets of a route share one NOARP neighbour entry of the device
 * instead of one per destination: the IPv6 route has a fixed gateway (::,
 * rt6_nexthop() returns the gateway of an RTF_GATEWAY route), and IPv4
 * keys the neighbours of a point-to-point device by 0.0.0.0.
 */

#include <linux/netfilter.h>
#include <linux/netfilter_ipv6.h>
#include <net/addrconf.h>
#include <linux/inetdevice.h>
#include <net/dst.h>
#include <net/ip.h>
#include <net/route.h>
#include <net/ip6_route.h>
#include <net/xfrm.h>

#include "ipmob.h"

static int ipmob_forward_finish(struct net *net, struct sock *sk,
				struct sk_buff *skb)
{
	struct dst_entry *dst = skb_dst(skb);

	__IP6_INC_STATS(net, ip6_dst_idev(dst), IPSTATS_MIB_OUTFORWDATAGRAMS);
	__IP6_ADD_STATS(net, ip6_dst_idev(dst), IPSTATS_MIB_OUTOCTETS,
			skb->len);
	skb_clear_tstamp(skb);
	return dst_output(net, sk, skb);
}

/*
 * dst->input of the device's route: a received packet the PRE_ROUTING
 * hook routed into the device. The hook already checked that the node
 * forwards, that the packet is for this host's MAC and that its hop limit
 * allows forwarding (else the core's ip6_forward() answers).
 */
static int ipmob_forward(struct sk_buff *skb)
{
	struct dst_entry *dst = skb_dst(skb);
	struct net *net = dev_net(dst->dev);
	struct ipmob_net *in = ipmob_pernet(net);

	if (unlikely(skb->sk))
		goto drop;
	/* forwarding policy (e.g. "fwd" of an IPsec tunnel), as ip6_forward */
	if (!xfrm6_policy_check(NULL, XFRM_POLICY_FWD, skb) ||
	    !xfrm6_route_forward(skb)) {
		ipmob_count(in, IPMOB_STAT_DROP_POLICY);
		goto drop;
	}
	skb_forward_csum(skb);
	dst = skb_dst(skb);	/* may now be an IPsec bundle */
	if (skb_cow(skb, dst->dev->hard_header_len)) {
		ipmob_count(in, IPMOB_STAT_DROP_NOMEM);
		goto drop;
	}
	ipv6_hdr(skb)->hop_limit--;
	IP6CB(skb)->flags |= IP6SKB_FORWARDED;
	return NF_HOOK(NFPROTO_IPV6, NF_INET_FORWARD, net, NULL, skb,
		       skb->dev, dst->dev, ipmob_forward_finish);

drop:
	kfree_skb(skb);
	return -EINVAL;
}

static int ipmob_forward4_finish(struct net *net, struct sock *sk,
				 struct sk_buff *skb)
{
	__IP_INC_STATS(net, IPSTATS_MIB_OUTFORWDATAGRAMS);
	__IP_ADD_STATS(net, IPSTATS_MIB_OUTOCTETS, skb->len);
	skb_clear_tstamp(skb);
	return dst_output(net, sk, skb);
}

/* dst->input of the device's IPv4 route: as ipmob_forward(). */
static int ipmob_forward4(struct sk_buff *skb)
{
	struct dst_entry *dst = skb_dst(skb);
	struct net *net = dev_net(dst->dev);
	struct ipmob_net *in = ipmob_pernet(net);

	if (unlikely(skb->sk))
		goto drop;
	if (!xfrm4_policy_check(NULL, XFRM_POLICY_FWD, skb) ||
	    !xfrm4_route_forward(skb)) {
		ipmob_count(in, IPMOB_STAT_DROP_POLICY);
		goto drop;
	}
	skb_forward_csum(skb);
	dst = skb_dst(skb);	/* may now be an IPsec bundle */
	if (skb_cow(skb, LL_RESERVED_SPACE(dst->dev) + dst->header_len)) {
		ipmob_count(in, IPMOB_STAT_DROP_NOMEM);
		goto drop;
	}
	ip_decrease_ttl(ip_hdr(skb));
	IPCB(skb)->flags |= IPSKB_FORWARDED;
	return NF_HOOK(NFPROTO_IPV4, NF_INET_FORWARD, net, NULL, skb,
		       skb->dev, dst->dev, ipmob_forward4_finish);

drop:
	kfree_skb(skb);
	return -EINVAL;
}

/* The IPv4 route, or %NULL when the device has no IPv4 (no in_device). */
static struct dst_entry *ipmob_route4_alloc(struct net_device *dev)
{
	struct rtable *rt;

	if (!__in_dev_get_rtnl(dev))
		return NULL;
	rt = rt_dst_alloc(dev, 0, RTN_UNICAST, false);
	if (!rt)
		return NULL;
	rt->dst.input = ipmob_forward4;	/* output: ip_output() */
	rt->dst.obsolete = DST_OBSOLETE_NONE;
	return &rt->dst;
}

/**
 * ipmob_route_up - make the device's routes (ndo_open)
 * @dev: the ipmob device
 *
 * Context: RTNL.
 * Return: 0, -ENODEV when IPv6 is not available on the device, -ENOMEM.
 * Without IPv4 on the device (no in_device) it has no IPv4 route: IPv4
 * packets of its bindings are dropped (drop_down).
 */
int ipmob_route_up(struct net_device *dev)
{
	struct ipmob_dev *priv = netdev_priv(dev);
	struct inet6_dev *idev;
	struct rt6_info *rt;

	ASSERT_RTNL();
	idev = in6_dev_get(dev);
	if (!idev)
		return -ENODEV;
	rt = ip6_dst_alloc(dev_net(dev), dev, DST_NOCOUNT);
	if (!rt) {
		in6_dev_put(idev);
		return -ENOMEM;
	}
	rt->dst.input = ipmob_forward;
	rt->dst.output = ip6_output;
	/* owned by the device, never invalidated by FIB changes */
	rt->dst.obsolete = DST_OBSOLETE_NONE;
	rt->rt6i_idev = idev;	/* reference dropped by ip6_dst_destroy() */
	rt->rt6i_flags = RTF_GATEWAY | RTF_UP;
	rt->rt6i_gateway = in6addr_any;
	rcu_assign_pointer(priv->dst, &rt->dst);
	rcu_assign_pointer(priv->dst4, ipmob_route4_alloc(dev));
	return 0;
}

/**
 * ipmob_route_down - drop the device's routes (ndo_stop)
 * @dev: the ipmob device
 *
 * Packets that hold the route keep it (and the device) until they are
 * freed; lockless readers see it until a grace period has passed.
 * Context: RTNL.
 */
void ipmob_route_down(struct net_device *dev)
{
	struct ipmob_dev *priv = netdev_priv(dev);
	struct dst_entry *dst = rtnl_dereference(priv->dst);
	struct dst_entry *dst4 = rtnl_dereference(priv->dst4);

	RCU_INIT_POINTER(priv->dst, NULL);
	RCU_INIT_POINTER(priv->dst4, NULL);
	dst_release(dst);
	dst_release(dst4);
}

/**
 * ipmob_route_skb - route a packet into a binding's device
 * @in: per-netns state
 * @skb: the packet
 * @b: the binding that claims it (RCU)
 * @noref: the caller is inside the receive path's RCU section, which
 *	lasts until the packet is routed on or queued (as ip6_route_input())
 *
 * The route of the packet's family (skb->protocol).
 * Return: NF_ACCEPT with the packet's route set, or NF_DROP (counted)
 * when the device is down.
 */
unsigned int ipmob_route_skb(struct ipmob_net *in, struct sk_buff *skb,
			     const struct ipmob_binding *b, bool noref)
{
	struct ipmob_dev *priv = netdev_priv(b->dev);
	struct dst_entry *dst = skb->protocol == htons(ETH_P_IP) ?
				rcu_dereference(priv->dst4) :
				rcu_dereference(priv->dst);

	if (unlikely(!dst) || (!noref && unlikely(!dst_hold_safe(dst)))) {
		ipmob_count(in, IPMOB_STAT_DROP_DOWN);
		return NF_DROP;
	}
	skb_dst_drop(skb);
	if (noref)
		skb_dst_set_noref(skb, dst);
	else
		skb_dst_set(skb, dst);
	return NF_ACCEPT;
}
