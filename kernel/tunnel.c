// SPDX-License-Identifier: GPL-2.0
/*
 * ipmob: IPv6-in-IPv6 encapsulation between mobile node and home agent
 * (RFC 6275 10.4.2 / 11.3.1, RFC 2473).
 *
 * Transmit: the home agent tunnels to the care-of address, the mobile node
 * to its home agent. Receive: a tunnel6 handler ahead of ip6_tunnel's
 * claims packets whose inner addresses belong to a binding, checks the
 * outer source (the registered care-of address at the home agent, 10.4.5;
 * the home agent at the mobile node) and hands the inner packet to the
 * binding's device. Fragmented outer packets reach the handler already
 * reassembled by the IPv6 core. Packet Too Big about an outer packet
 * updates the path MTU toward the tunnel end point (RFC 2473 7.1).
 */

#include <linux/skbuff.h>
#include <linux/icmpv6.h>
#include <net/ipv6.h>
#include <net/ip6_route.h>
#include <net/ip6_tunnel.h>
#include <net/ip_tunnels.h>
#include <net/xfrm.h>
#include <net/inet_ecn.h>
#include <net/dsfield.h>

#include "ipmob.h"

/**
 * ipmob_tunnel_xmit - encapsulate a packet for a tunnel-mode binding
 * @skb: inner IPv6 packet, network header at skb->data
 * @dev: ipmob device
 * @b: binding (RCU)
 *
 * Return: 0 when the packet was sent or consumed; the caller frees on error.
 */
int ipmob_tunnel_xmit(struct sk_buff *skb, struct net_device *dev,
		      struct ipmob_binding *b)
{
	struct ipmob_net *in = ipmob_pernet(dev_net(dev));
	const struct in6_addr *saddr, *daddr;
	const struct ipmob_coa *coa;
	struct ipv6hdr *inner, *outer;
	struct dst_entry *dst;
	struct flowi6 fl6;
	u8 dsfield;
	int err;

	coa = ipmob_select_coa(b, skb);
	ipmob_outer_addrs(b, coa, ipv6_hdr(skb), &saddr, &daddr);

	dst = ipmob_route_outer(in, skb, dev, IPPROTO_IPV6, saddr, daddr, &fl6);
	if (IS_ERR(dst))
		return PTR_ERR(dst);

	err = ipmob_check_mtu(in, skb, dst, b);
	if (err)
		goto err_dst;

	err = -ENOMEM;
	if (skb_cow_head(skb, LL_RESERVED_SPACE(dst->dev) +
			      sizeof(struct ipv6hdr) + dst->header_len)) {
		ipmob_count(in, IPMOB_STAT_DROP_NOMEM);
		goto err_dst;
	}
	if (iptunnel_handle_offloads(skb, SKB_GSO_IPXIP6)) {
		ipmob_count(in, IPMOB_STAT_DROP_NOMEM);
		goto err_dst;
	}
	skb_set_inner_ipproto(skb, IPPROTO_IPV6);

	inner = ipv6_hdr(skb);
	dsfield = ipv6_get_dsfield(inner);
	/*
	 * The outer packet is a new packet of this node: no conntrack entry,
	 * secpath or route of the inner one comes along (mark kept: it chose
	 * the outer route above).
	 */
	skb_scrub_packet(skb, false);
	skb_dst_set(skb, dst);
	skb->ignore_df = 1;	/* MTU enforced above on the inner packet */

	skb_push(skb, sizeof(struct ipv6hdr));
	skb_reset_network_header(skb);
	outer = ipv6_hdr(skb);
	/* RFC 2473 5.1: traffic class copied, ECN per RFC 6040 normal mode */
	ip6_flow_hdr(outer, INET_ECN_encapsulate(dsfield, dsfield),
		     ip6_make_flowlabel(dev_net(dev), skb, 0, true, &fl6));
	outer->hop_limit = ip6_dst_hoplimit(dst);
	outer->nexthdr = IPPROTO_IPV6;
	outer->saddr = fl6.saddr;	/* resolved by the route lookup */
	outer->daddr = fl6.daddr;

	ipmob_binding_used(in, b, true);
	ipmob_count(in, IPMOB_STAT_TX_TUNNEL);
	ipmob_notify_ro_hint(in, b, &inner->saddr, &inner->daddr);
	ip6tunnel_xmit(NULL, skb, dev);
	return 0;

err_dst:
	dst_release(dst);
	return err;
}

static void ipmob_ecn_decap(const struct ipv6hdr *outer, struct sk_buff *skb)
{
	if (INET_ECN_is_ce(ipv6_get_dsfield(outer)))
		IP6_ECN_set_ce(skb, ipv6_hdr(skb));
}

/*
 * tunnel6 receive handler. skb->data is the inner IPv6 header, the network
 * header still the outer one. Returns 0 when the packet was consumed, a
 * negative value to let the next handler (e.g. ip6_tunnel) try.
 */
static int ipmob_tunnel_rcv(struct sk_buff *skb)
{
	struct ipmob_net *in = ipmob_pernet(dev_net(skb->dev));
	const struct ipv6hdr *outer = ipv6_hdr(skb);
	const struct ipv6hdr *inner;
	struct ipmob_binding *b;
	struct net_device *dev;
	bool ok;

	if (!pskb_may_pull(skb, sizeof(*inner)))
		return -EINVAL;
	outer = ipv6_hdr(skb);
	inner = (const struct ipv6hdr *)skb->data;
	if (inner->version != 6)
		return -EINVAL;

	rcu_read_lock();
	if (unlikely(READ_ONCE(in->dead))) {
		rcu_read_unlock();
		return -ENOENT;
	}
	b = ipmob_lookup_lpm(in, &inner->saddr, IPMOB_KIND_CACHE);
	if (b && b->mode == IPMOB_MODE_TUNNEL) {
		/* Home agent: 10.4.5, outer source is the care-of address */
		ok = ipmob_coa_match(b, &outer->saddr);
	} else {
		b = ipmob_lookup_lpm(in, &inner->daddr, IPMOB_KIND_MN_HOME);
		if (!b) {
			rcu_read_unlock();
			return -ENOENT;		/* not ours */
		}
		/* Mobile node: tunnelled by its home agent */
		ok = ipv6_addr_equal(&outer->saddr, &b->peer);
	}
	if (!ok) {
		rcu_read_unlock();
		ipmob_count(in, IPMOB_STAT_DROP_BAD_OUTER_SRC);
		kfree_skb(skb);
		return 0;
	}
	/*
	 * The outer packet is ours: IPsec inbound policy decides whether it
	 * had to arrive protected (RFC 4877 4.4, as ip6_tunnel does).
	 */
	if (!xfrm6_policy_check(NULL, XFRM_POLICY_IN, skb)) {
		rcu_read_unlock();
		ipmob_count(in, IPMOB_STAT_DROP_POLICY);
		kfree_skb(skb);
		return 0;
	}
	dev = b->dev;
	ipmob_binding_used(in, b, false);
	ipmob_notify_ro_hint(in, b, &inner->daddr, &inner->saddr);

	if (iptunnel_pull_header(skb, 0, htons(ETH_P_IPV6),
				 !net_eq(dev_net(skb->dev), dev_net(dev)))) {
		rcu_read_unlock();
		ipmob_count(in, IPMOB_STAT_DROP_BAD_INNER);
		kfree_skb(skb);
		return 0;
	}
	skb_reset_network_header(skb);
	skb_reset_mac_header(skb);
	ipmob_ecn_decap(outer, skb);
	skb->dev = dev;
	skb->pkt_type = PACKET_HOST;
	dev_sw_netstats_rx_add(dev, skb->len);
	ipmob_count(in, IPMOB_STAT_RX_DECAP);
	/* GRO per CPU, as ip6_tunnel; a device that is down takes nothing */
	gro_cells_receive(&((struct ipmob_dev *)netdev_priv(dev))->gro_cells,
			  skb);
	rcu_read_unlock();
	return 0;
}

/*
 * ICMPv6 error about an outer packet. skb->data is the quoted outer header.
 * Packet Too Big lowers the path MTU toward the care-of address / home
 * agent, which the next oversize inner packet turns into a Packet Too Big
 * to its sender (RFC 2473 7.1).
 */
static int ipmob_tunnel_err(struct sk_buff *skb, struct inet6_skb_parm *opt,
			    u8 type, u8 code, int offset, __be32 info)
{
	struct net *net = dev_net(skb->dev);
	struct ipmob_net *in = ipmob_pernet(net);
	struct ipv6hdr _inner;
	const struct ipv6hdr *inner;
	bool ours;

	inner = skb_header_pointer(skb, offset, sizeof(_inner), &_inner);
	if (!inner)
		return -ENOENT;
	rcu_read_lock();
	ours = !READ_ONCE(in->dead) &&
	       (ipmob_lookup_lpm(in, &inner->daddr, IPMOB_KIND_CACHE) ||
		ipmob_lookup_lpm(in, &inner->saddr, IPMOB_KIND_MN_HOME));
	rcu_read_unlock();
	if (!ours)
		return -ENOENT;

	if (type == ICMPV6_PKT_TOOBIG) {
		ipmob_count(in, IPMOB_STAT_RX_PTB);
		ip6_update_pmtu(skb, net, info, 0, 0, sock_net_uid(net, NULL));
	} else if (type == NDISC_REDIRECT) {
		ip6_redirect(skb, net, skb->dev->ifindex, 0,
			     sock_net_uid(net, NULL));
	}
	return 0;
}

static struct xfrm6_tunnel ipmob_tunnel_handler __read_mostly = {
	.handler = ipmob_tunnel_rcv,
	.err_handler = ipmob_tunnel_err,
	.priority = 0,		/* ahead of ip6_tunnel (1) */
};

int ipmob_tunnel_init(void)
{
	return xfrm6_tunnel_register(&ipmob_tunnel_handler, AF_INET6);
}

void ipmob_tunnel_exit(void)
{
	xfrm6_tunnel_deregister(&ipmob_tunnel_handler, AF_INET6);
}
