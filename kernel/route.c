// SPDX-License-Identifier: GPL-2.0
/*
 * ipmob: the route into the device.
 *
 * The hooks decide, this file routes, the device encapsulates. Each ipmob
 * device owns one IPv6 route (a dst through the device, made when the
 * device goes up, dropped when it goes down). The hooks attach it to a
 * packet a binding claims and let the packet go on; from then on the
 * packet takes the path of any packet routed into a tunnel device:
 *
 *   forwarded: PRE_ROUTING -> ipmob_forward() (forwarding IPsec policy,
 *              hop limit, the FORWARD hook) -> ip6_output()
 *   local:     LOCAL_OUT -> ip6_output()
 *   both:      ip6_output() (POST_ROUTING, fragmentation to the device
 *              MTU, the qdisc layer) -> the device's ndo_start_xmit,
 *              which looks the binding up again and encapsulates.
 *
 * So a firewall's FORWARD and POSTROUTING chains, conntrack and IPsec
 * policy see the inner flow exactly as with ip6_tunnel, with no route per
 * binding. ip6_forward() itself is not exported; ipmob_forward() does the
 * steps of it that apply to a packet whose next hop is a tunnel (RFC 8200
 * 3: the hop limit is decremented by each node that forwards).
 *
 * The route has a fixed gateway (::), so all its packets share one NOARP
 * neighbour entry of the device instead of one per destination
 * (rt6_nexthop() returns the gateway of an RTF_GATEWAY route).
 */

#include <linux/netfilter.h>
#include <linux/netfilter_ipv6.h>
#include <net/addrconf.h>
#include <net/dst.h>
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

/**
 * ipmob_route_up - make the device's route (ndo_open)
 * @dev: the ipmob device
 *
 * Context: RTNL.
 * Return: 0, -ENODEV when IPv6 is not available on the device, -ENOMEM.
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
	return 0;
}

/**
 * ipmob_route_down - drop the device's route (ndo_stop, ndo_uninit)
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

	RCU_INIT_POINTER(priv->dst, NULL);
	dst_release(dst);
}

/**
 * ipmob_route_skb - route a packet into a binding's device
 * @in: per-netns state
 * @skb: the packet
 * @b: the binding that claims it (RCU)
 * @noref: the caller is inside the receive path's RCU section, which
 *	lasts until the packet is routed on or queued (as ip6_route_input())
 *
 * Return: NF_ACCEPT with the packet's route set, or NF_DROP (counted)
 * when the device is down.
 */
unsigned int ipmob_route_skb(struct ipmob_net *in, struct sk_buff *skb,
			     const struct ipmob_binding *b, bool noref)
{
	struct ipmob_dev *priv = netdev_priv(b->dev);
	struct dst_entry *dst = rcu_dereference(priv->dst);

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
