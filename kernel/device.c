// SPDX-License-Identifier: GPL-2.0
/*
 * ipmob: the "ipmob" network device.
 *
 * One device serves every binding of a node; there is no per-binding
 * device. Its transmit path looks the packet's binding up (O(1)) and
 * tunnels it (tunnel.c) or route-optimises it (exthdr.c). Packets reach it
 * through the device's own route, which the hooks (hooks.c) give a packet
 * a binding claims (route.c), or by a FIB route into the device. The outer
 * lookup never returns an ipmob device: such a route would loop and is
 * dropped and counted (IPMOB_STAT_DROP_LOOP).
 */

#include <linux/if_arp.h>
#include <linux/icmp.h>
#include <linux/icmpv6.h>
#include <net/icmp.h>
#include <net/ip.h>
#include <net/ipv6.h>
#include <net/ip6_route.h>
#include <net/ip_tunnels.h>
#include <net/rtnetlink.h>

#include "ipmob.h"

/**
 * ipmob_route_outer - route an outer (or route-optimised) packet
 * @in: per-netns state
 * @skb: the packet (for its mark)
 * @dev: the ipmob device
 * @proto: next header of the outgoing packet
 * @saddr: source, or :: for source address selection
 * @daddr: destination
 * @fl6: filled with the flow, including the selected source
 *
 * Return: a dst reference, or an ERR_PTR (the reason is counted).
 */
struct dst_entry *ipmob_route_outer(struct ipmob_net *in,
				    struct sk_buff *skb,
				    struct net_device *dev, u8 proto,
				    const struct in6_addr *saddr,
				    const struct in6_addr *daddr,
				    struct flowi6 *fl6)
{
	struct net *net = dev_net(dev);
	struct dst_entry *dst;

	memset(fl6, 0, sizeof(*fl6));
	fl6->flowi6_proto = proto;
	fl6->flowi6_mark = skb->mark;
	fl6->flowi6_uid = sock_net_uid(net, NULL);
	fl6->saddr = *saddr;
	fl6->daddr = *daddr;
	dst = ip6_dst_lookup_flow(net, NULL, fl6, NULL);
	if (IS_ERR(dst)) {
		ipmob_count(in, IPMOB_STAT_DROP_ROUTE);
		return dst;
	}
	if (ipmob_is_dev(dst->dev)) {
		dst_release(dst);
		ipmob_count(in, IPMOB_STAT_DROP_LOOP);
		return ERR_PTR(-ELOOP);
	}
	return dst;
}

/**
 * ipmob_outer_addrs - the addresses of the packet a binding sends
 * @b: binding
 * @coa: the care-of record chosen for the packet
 * @ip6h: the inner packet's header (may be %NULL in tunnel mode)
 * @saddr: set to the outer (tunnel) or new (route optimisation) source,
 *	:: for source address selection
 * @daddr: set to the destination
 *
 * For an IPv6 care-of record; see ipmob_outer_addrs4() for IPv4 ones.
 */
void ipmob_outer_addrs(const struct ipmob_binding *b,
		       const struct ipmob_coa *coa, const struct ipv6hdr *ip6h,
		       const struct in6_addr **saddr,
		       const struct in6_addr **daddr)
{
	bool cache = b->key.kind == IPMOB_KIND_CACHE;

	if (b->mode == IPMOB_MODE_RO) {
		/* CN: to the care-of address (9.3.2); MN: from it (11.3.1) */
		*saddr = cache ? &ip6h->saddr : &coa->addr;
		*daddr = cache ? &coa->addr : &ip6h->daddr;
	} else if (cache) {
		*saddr = &b->local;	/* home agent -> care-of address */
		*daddr = &coa->addr;
	} else {
		*saddr = &coa->addr;	/* mobile node -> home agent */
		*daddr = &b->peer;
	}
}

/*
 * The MTU a binding's packets get over an outer route: the route's MTU
 * less what is added in front; never below the minimum MTU of the inner
 * family (RFC 2473 7.1: 1280 for IPv6; 68 for IPv4, RFC 791).
 */
static unsigned int ipmob_mtu_of(const struct sk_buff *skb,
				 const struct dst_entry *dst,
				 unsigned int overhead)
{
	int mtu = (int)dst_mtu(dst) - (int)overhead;

	if (skb->protocol == htons(ETH_P_IP))
		return max(mtu, 68);
	return max(mtu, IPV6_MIN_MTU);
}

/**
 * ipmob_frag_size - fragment a local packet for its binding's path
 * @in: per-netns state
 * @skb: a locally generated packet routed into the device, longer than
 *	the minimum MTU and fragmentable (IPv6: by its socket; IPv4: no DF)
 * @b: its binding (RCU)
 *
 * The core fragments a packet routed into the device to the device MTU;
 * a binding's path may be narrower. Called by the LOCAL_OUT hooks, this
 * makes ip6_fragment() / ip_fragment() cut the packet to the tunnel MTU
 * of its path, as it would have with a tunnel device per binding.
 * Return: NF_ACCEPT, or NF_DROP (counted) when there is no outer route.
 */
unsigned int ipmob_frag_size(struct ipmob_net *in, struct sk_buff *skb,
			     const struct ipmob_binding *b)
{
	const struct ipmob_coa *coas[IPMOB_MAX_COA], *coa;
	bool inner4 = skb->protocol == htons(ETH_P_IP);
	struct ipmob_flow *rule;
	unsigned int mtu, extra = 0;

	/* a packet a rule drops or holds is handled by the device */
	if (!ipmob_flow_select(b, skb, coas, &rule, false))
		return NF_ACCEPT;
	coa = coas[0];
	/* natively, through the route's own MTU */
	if (coa->encap == IPMOB_ENCAP_HOME)
		return NF_ACCEPT;
	if (coa->encap == IPMOB_ENCAP_UDP)
		extra = IPMOB_UDP_OVERHEAD + ipmob_udp_hdr_len(coa);

	if (ipmob_coa_is4(coa)) {
		u8 proto = coa->encap == IPMOB_ENCAP_MINENC ?
			   IPMOB_IPPROTO_MINENC :
			   coa->encap == IPMOB_ENCAP_UDP ? IPPROTO_UDP :
			   inner4 ? IPPROTO_IPIP : IPPROTO_IPV6;
		struct flowi4 fl4;
		struct rtable *rt;

		/* the endpoint's cached route, as the transmit path's */
		rt = ipmob_coa_route4(in, skb, b, coa, proto, &fl4);
		if (IS_ERR(rt))
			return NF_DROP;
		mtu = ipmob_mtu_of(skb, &rt->dst,
				   IPMOB_TUNNEL4_OVERHEAD + extra);
		ip_rt_put(rt);
	} else {
		const struct ipv6hdr *ip6h = inner4 ? NULL : ipv6_hdr(skb);
		const struct in6_addr *saddr, *daddr;
		struct dst_entry *dst;
		struct flowi6 fl6;
		bool ro = b->mode == IPMOB_MODE_RO;

		ipmob_outer_addrs(b, coa, ip6h, &saddr, &daddr);
		dst = ipmob_route_outer(in, skb, b->dev,
					ro ? ip6h->nexthdr :
					inner4 ? IPPROTO_IPIP : IPPROTO_IPV6,
					saddr, daddr, &fl6);
		if (IS_ERR(dst))
			return NF_DROP;
		mtu = ipmob_mtu_of(skb, dst, ro ? IPMOB_RO_OVERHEAD :
					     IPMOB_TUNNEL_OVERHEAD + extra);
		dst_release(dst);
	}
	if (skb->len > mtu && mtu < dst_mtu(skb_dst(skb))) {
		if (inner4)
			IPCB(skb)->frag_max_size = mtu;
		else
			IP6CB(skb)->frag_max_size = mtu;
	}
	return NF_ACCEPT;
}

/**
 * ipmob_check_mtu - enforce the path MTU on a packet before it grows
 * @in: per-netns state
 * @skb: the inner packet (IPv6 or IPv4)
 * @dst: route of the outer packet
 * @overhead: octets added in front of it
 *
 * RFC 2473 7.1: an inner IPv6 packet that does not fit gets a Packet Too
 * Big with the tunnel MTU, which is never below the IPv6 minimum; an
 * outer packet that then exceeds the path MTU is fragmented. RFC 2003 4:
 * an inner IPv4 packet with DF that does not fit gets a Fragmentation
 * Needed; one without DF goes, its outer packet fragmented. (A local
 * packet that may be fragmented was cut to size before, see
 * ipmob_frag_size().) The path MTU of the device's own route is never
 * lowered: it is shared by every binding; the error reaches a local
 * sender's route through ICMP like any other.
 * Return: 0 if the packet may go, -EMSGSIZE if it was refused (the caller
 * frees it).
 */
int ipmob_check_mtu(struct ipmob_net *in, struct sk_buff *skb,
		    struct dst_entry *dst, unsigned int overhead)
{
	unsigned int mtu = ipmob_mtu_of(skb, dst, overhead);
	bool inner4 = skb->protocol == htons(ETH_P_IP);

	if (skb->len <= mtu)
		return 0;
	if (skb_is_gso(skb) && skb_gso_validate_network_len(skb, mtu))
		return 0;
	if (inner4 && !(ip_hdr(skb)->frag_off & htons(IP_DF)))
		return 0;
	if (skb_dst(skb) && !ipmob_is_dev(skb_dst(skb)->dev))
		skb_dst_update_pmtu_no_confirm(skb, mtu);
	if (inner4)
		icmp_ndo_send(skb, ICMP_DEST_UNREACH, ICMP_FRAG_NEEDED,
			      htonl(mtu));
	else
		icmpv6_ndo_send(skb, ICMPV6_PKT_TOOBIG, 0, mtu);
	ipmob_count(in, IPMOB_STAT_TX_PTB);
	ipmob_count(in, IPMOB_STAT_DROP_TOO_BIG);
	return -EMSGSIZE;
}

/*
 * Send @skb (an IPv6 packet, its MTU checked) by route @dst, whose
 * reference it takes, counted on @dev: through LOCAL_OUT (@local_out: a
 * route-optimised packet, which the hooks and IPsec policy see as this
 * node's), or straight to the route's output (a home record's native
 * packet, which the hooks already passed to the device).
 */
static void ipmob_dst_send(struct sk_buff *skb, struct net_device *dev,
			   struct dst_entry *dst, bool local_out)
{
	struct net *net = dev_net(dev);
	unsigned int len = skb->len;
	int err;

	skb_dst_drop(skb);
	skb_dst_set(skb, dst);
	memset(IP6CB(skb), 0, sizeof(*IP6CB(skb)));
	err = local_out ? ip6_local_out(net, NULL, skb) :
			  dst_output(net, skb->sk, skb);
	if (likely(!net_xmit_eval(err)))
		dev_sw_netstats_tx_add(dev, 1, len);
	else
		DEV_STATS_INC(dev, tx_errors);
}

static int ipmob_ro_xmit(struct sk_buff *skb, struct net_device *dev,
			 struct ipmob_binding *b, const struct ipmob_coa *coa)
{
	struct ipmob_net *in = ipmob_pernet(dev_net(dev));
	const struct ipv6hdr *ip6h = ipv6_hdr(skb);
	bool cn = b->key.kind == IPMOB_KIND_CACHE;
	const struct in6_addr *saddr, *daddr;
	struct dst_entry *dst;
	struct flowi6 fl6;
	int err;

	ipmob_outer_addrs(b, coa, ip6h, &saddr, &daddr);
	dst = ipmob_route_outer(in, skb, dev, ip6h->nexthdr, saddr, daddr,
				&fl6);
	if (IS_ERR(dst))
		return PTR_ERR(dst);
	err = ipmob_check_mtu(in, skb, dst, IPMOB_RO_OVERHEAD);
	if (err)
		goto err_dst;
	err = cn ? ipmob_push_rh2(skb, &coa->addr) :
		   ipmob_push_hao(skb, &coa->addr);
	if (err) {
		ipmob_count(in, IPMOB_STAT_DROP_NOMEM);
		goto err_dst;
	}
	ipmob_count(in, cn ? IPMOB_STAT_TX_RO_RH2 : IPMOB_STAT_TX_RO_HAO);
	ipmob_binding_used(in, b, true);
	skb->ignore_df = 1;	/* MTU enforced above */
	ipmob_dst_send(skb, dev, dst, true);
	return 0;

err_dst:
	dst_release(dst);
	return err;
}

/*
 * How many of our encapsulations the packet being sent on this CPU is
 * inside: an outer packet leaves through ip6_local_out() synchronously,
 * and if a binding claims it too it comes back into ndo_start_xmit (BH
 * disabled throughout, as dev_xmit_recursion counts), so the count is the
 * nesting depth. At most IPMOB_MAX_NEST levels: bindings that point at
 * each other (a care-of address that is another binding's home address)
 * cost two encapsulations and a drop counted under its own reason, never
 * a recursion.
 */
static DEFINE_PER_CPU(u8, ipmob_xmit_depth);

/*
 * The binding of a packet the device is asked to send, or %NULL (then
 * counted and answered unless it is stack chatter: MLD, router
 * solicitations, IPv4 multicast and broadcast).
 */
static struct ipmob_binding *ipmob_xmit_lookup(struct ipmob_net *in,
					       struct sk_buff *skb)
{
	int iif = ipmob_skb_iif(skb);
	struct ipmob_binding *b;

	if (skb->protocol == htons(ETH_P_IP)) {
		const struct iphdr *iph = ip_hdr(skb);

		b = ipmob_lookup_tx4(in, iph, iif);
		if (!b && !ipv4_is_multicast(iph->daddr) &&
		    !ipv4_is_lbcast(iph->daddr)) {
			ipmob_count(in, IPMOB_STAT_DROP_NO_BINDING);
			icmp_ndo_send(skb, ICMP_DEST_UNREACH,
				      ICMP_HOST_UNREACH, 0);
		}
	} else {
		const struct ipv6hdr *ip6h = ipv6_hdr(skb);

		/*
		 * A forwarded packet (it has no socket) as the PRE_ROUTING
		 * hook found it: destination, then a mobile router's source.
		 * Only this node's own Mobility Header messages bypass the
		 * binding cache (ipmob_lookup_tx()); one it forwards, e.g. a
		 * correspondent's Home Test to a home address, is tunnelled.
		 */
		if (!skb->sk) {
			b = ipmob_lookup_lpm(in, &ip6h->daddr,
					     IPMOB_KIND_CACHE, iif);
			if (!b)
				b = ipmob_lookup_lpm(in, &ip6h->saddr,
						     IPMOB_KIND_MN_HOME, iif);
		} else {
			b = ipmob_lookup_tx(in, ip6h, iif);
		}
		if (!b && !(ipv6_addr_type(&ip6h->daddr) &
			    (IPV6_ADDR_MULTICAST | IPV6_ADDR_LINKLOCAL))) {
			ipmob_count(in, IPMOB_STAT_DROP_NO_BINDING);
			icmpv6_ndo_send(skb, ICMPV6_DEST_UNREACH,
					ICMPV6_ADDR_UNREACH, 0);
		}
	}
	return b;
}

/*
 * A packet for a home record (RFC 5648 5.6) that reached the device: a
 * copy of an n-cast rule, or one a FIB route sent in. It leaves without
 * encapsulation by the route of its own addresses (the home agent: to the
 * home address on the home link; the mobile node: from the home address),
 * which never goes into an ipmob device (IPMOB_STAT_DROP_LOOP). Home
 * records belong to IPv6 home addresses only (netlink.c).
 */
static int ipmob_home_xmit(struct sk_buff *skb, struct net_device *dev,
			   struct ipmob_binding *b)
{
	struct ipmob_net *in = ipmob_pernet(dev_net(dev));
	bool cache = b->key.kind == IPMOB_KIND_CACHE;
	const struct ipv6hdr *ip6h;
	struct dst_entry *dst;
	struct flowi6 fl6;
	int err;

	if (skb->protocol != htons(ETH_P_IPV6)) {
		ipmob_count(in, IPMOB_STAT_DROP_BAD_INNER);
		return -EINVAL;
	}
	ip6h = ipv6_hdr(skb);
	dst = ipmob_route_outer(in, skb, dev, ip6h->nexthdr,
				cache ? &in6addr_any : &ip6h->saddr,
				&ip6h->daddr, &fl6);
	if (IS_ERR(dst))
		return PTR_ERR(dst);
	err = ipmob_check_mtu(in, skb, dst, 0);
	if (err) {
		dst_release(dst);
		return err;
	}
	ipmob_count(in, IPMOB_STAT_TX_HOME);
	ipmob_binding_used(in, b, true);
	ipmob_dst_send(skb, dev, dst, false);
	return 0;
}

/* Send @skb to one care-of record of @b; the caller frees on error. */
static int ipmob_xmit_one(struct sk_buff *skb, struct net_device *dev,
			  struct ipmob_binding *b, const struct ipmob_coa *coa)
{
	if (coa->encap == IPMOB_ENCAP_HOME)
		return ipmob_home_xmit(skb, dev, b);
	if (b->mode == IPMOB_MODE_RO)
		return ipmob_ro_xmit(skb, dev, b, coa);
	return ipmob_tunnel_xmit(skb, dev, b, coa);
}

/*
 * Send a packet the device was handed (@flushed: one a session's buffer
 * held, sent now by BUFFER_FLUSH). Context: BH disabled.
 */
static void ipmob_xmit(struct sk_buff *skb, struct net_device *dev,
		       bool flushed)
{
	struct ipmob_net *in = ipmob_pernet(dev_net(dev));
	const struct ipmob_coa *coas[IPMOB_MAX_COA];
	struct ipmob_flow *rule;
	struct ipmob_binding *b;
	unsigned int n, i;
	int err;

	if (!(skb->protocol == htons(ETH_P_IPV6) &&
	      pskb_may_pull(skb, sizeof(struct ipv6hdr)) &&
	      ipv6_hdr(skb)->version == 6) &&
	    !(skb->protocol == htons(ETH_P_IP) &&
	      pskb_may_pull(skb, sizeof(struct iphdr)) &&
	      ip_hdr(skb)->version == 4)) {
		ipmob_count(in, IPMOB_STAT_DROP_BAD_INNER);
		goto drop;
	}

	if (unlikely(__this_cpu_read(ipmob_xmit_depth) >= IPMOB_MAX_NEST)) {
		ipmob_count(in, IPMOB_STAT_DROP_NESTED);
		goto drop;
	}

	rcu_read_lock();
	b = ipmob_xmit_lookup(in, skb);
	if (!b) {
		rcu_read_unlock();
		goto drop;
	}
	n = ipmob_flow_select(b, skb, coas, &rule, flushed);
	if (rule) {
		atomic64_inc(&rule->packets);
		if (rule->action == IPMOB_FLOW_BUFFER) {
			err = ipmob_buf_hold(in, b, skb);
			rcu_read_unlock();
			if (err)
				goto drop;
			return;
		}
		ipmob_count(in, n ? IPMOB_STAT_TX_FLOW : IPMOB_STAT_DROP_FLOW);
	}
	if (!n) {
		rcu_read_unlock();
		goto drop;
	}
	__this_cpu_inc(ipmob_xmit_depth);
	/* n-cast (RFC 5648, 6089): a copy to each record but the first */
	for (i = 1; i < n; i++) {
		struct sk_buff *copy = pskb_copy(skb, GFP_ATOMIC);

		if (!copy) {
			ipmob_count(in, IPMOB_STAT_DROP_NOMEM);
			DEV_STATS_INC(dev, tx_dropped);
			continue;
		}
		ipmob_count(in, IPMOB_STAT_TX_COPY);
		if (ipmob_xmit_one(copy, dev, b, coas[i])) {
			DEV_STATS_INC(dev, tx_dropped);
			kfree_skb(copy);
		}
	}
	err = ipmob_xmit_one(skb, dev, b, coas[0]);
	__this_cpu_dec(ipmob_xmit_depth);
	rcu_read_unlock();
	if (err)
		goto drop;
	return;

drop:
	DEV_STATS_INC(dev, tx_dropped);
	kfree_skb(skb);
}

static netdev_tx_t ipmob_dev_xmit(struct sk_buff *skb, struct net_device *dev)
{
	ipmob_xmit(skb, dev, false);
	return NETDEV_TX_OK;
}

/**
 * ipmob_xmit_flushed - send a packet a session's buffer held
 * @skb: the packet, as the device was handed it
 * @dev: the ipmob device
 *
 * It goes through the session's rules as they are now, buffering rules
 * passed over. Context: process; takes BH off itself.
 */
void ipmob_xmit_flushed(struct sk_buff *skb, struct net_device *dev)
{
	local_bh_disable();
	ipmob_xmit(skb, dev, true);
	local_bh_enable();
}

static int ipmob_dev_init(struct net_device *dev)
{
	struct ipmob_dev *priv = netdev_priv(dev);
	int err;

	err = ipmob_compat_alloc_tstats(dev);
	if (err)
		return err;
	err = gro_cells_init(&priv->gro_cells, dev);
	if (err)
		goto err_tstats;
	err = ipmob_hooks_get(dev_net(dev));
	if (err)
		goto err_gro;
	priv->dev = dev;
	list_add_tail_rcu(&priv->node, &ipmob_pernet(dev_net(dev))->devs);
	return 0;

err_gro:
	gro_cells_destroy(&priv->gro_cells);
err_tstats:
	ipmob_compat_free_tstats(dev);
	return err;
}

static int ipmob_dev_open(struct net_device *dev)
{
	return ipmob_route_up(dev);
}

static int ipmob_dev_stop(struct net_device *dev)
{
	ipmob_route_down(dev);
	return 0;
}

static void ipmob_dev_uninit(struct net_device *dev)
{
	struct ipmob_net *in = ipmob_pernet(dev_net(dev));
	struct ipmob_dev *priv = netdev_priv(dev);

	/* readers are done with it before the device is freed (RCU) */
	list_del_rcu(&priv->node);
	mutex_lock(&in->lock);
	if (ipmob_binding_flush(in, dev))
		ipmob_notify_flush(in, dev);
	mutex_unlock(&in->lock);
	ipmob_hooks_put(dev_net(dev));
}

static void ipmob_dev_free(struct net_device *dev)
{
	struct ipmob_dev *priv = netdev_priv(dev);

	gro_cells_destroy(&priv->gro_cells);
	ipmob_compat_free_tstats(dev);
}

static const struct net_device_ops ipmob_netdev_ops = {
	.ndo_init = ipmob_dev_init,
	.ndo_uninit = ipmob_dev_uninit,
	.ndo_open = ipmob_dev_open,
	.ndo_stop = ipmob_dev_stop,
	.ndo_start_xmit = ipmob_dev_xmit,
	.ndo_get_stats64 = dev_get_tstats64,
};

bool ipmob_is_dev(const struct net_device *dev)
{
	return dev->netdev_ops == &ipmob_netdev_ops;
}

/**
 * ipmob_on_dev - is an address configured on one of the namespace's
 *	ipmob devices (a mobile node's home address)?
 * @in: per-netns state
 * @addr: the address
 *
 * The address may be on other devices as well (a mobile node on its home
 * link keeps its home address there too, RFC 5648 5.6), so each ipmob
 * device is asked, not the first device that has it.
 * Context: RCU read side. O(number of ipmob devices): one address hash
 * lookup each.
 * Return: true if one of them has it.
 */
bool ipmob_on_dev(struct ipmob_net *in, const struct in6_addr *addr)
{
	struct ipmob_dev *priv;

	list_for_each_entry_rcu(priv, &in->devs, node)
		if (ipv6_chk_addr(in->net, addr, priv->dev, 1))
			return true;
	return false;
}

#define IPMOB_FEATURES (NETIF_F_SG | NETIF_F_FRAGLIST | NETIF_F_HIGHDMA | \
			NETIF_F_GSO_SOFTWARE | NETIF_F_HW_CSUM)

static void ipmob_setup(struct net_device *dev)
{
	dev->netdev_ops = &ipmob_netdev_ops;
	dev->needs_free_netdev = true;
	dev->priv_destructor = ipmob_dev_free;
	dev->type = ARPHRD_NONE;
	dev->flags = IFF_POINTOPOINT | IFF_NOARP;
	dev->priv_flags |= IFF_NO_QUEUE;
	dev->hard_header_len = 0;
	dev->addr_len = 0;
	/* Room for the largest mobility overhead, the outer IPv6 header. */
	dev->needed_headroom = LL_MAX_HEADER + IPMOB_TUNNEL_OVERHEAD;
	dev->mtu = ETH_DATA_LEN - IPMOB_TUNNEL_OVERHEAD;
	dev->min_mtu = IPV6_MIN_MTU;
	dev->max_mtu = IP6_MAX_MTU - IPMOB_TUNNEL_OVERHEAD;
	dev->features |= IPMOB_FEATURES;
	dev->hw_features |= IPMOB_FEATURES;
	ipmob_compat_set_lltx(dev);
	/* bindings and hooks are per namespace: the device stays in its own */
	ipmob_compat_set_netns_local(dev);
	ipmob_compat_setup_tstats(dev);
	netif_keep_dst(dev);
}

struct rtnl_link_ops ipmob_link_ops __read_mostly = {
	.kind = IPMOB_LINK_KIND,
	.priv_size = sizeof(struct ipmob_dev),
	.setup = ipmob_setup,
};

/**
 * ipmob_dev_create - create an ipmob device (IPMOB_CMD_LINK_NEW)
 * @net: namespace
 * @name: interface name
 * @extack: error report
 */
int ipmob_dev_create(struct net *net, const char *name,
		     struct netlink_ext_ack *extack)
{
	struct net_device *dev;
	int err;

	if (!dev_valid_name(name)) {
		NL_SET_ERR_MSG(extack, "invalid interface name");
		return -EINVAL;
	}
	dev = alloc_netdev(sizeof(struct ipmob_dev), name, NET_NAME_USER,
			   ipmob_setup);
	if (!dev) {
		NL_SET_ERR_MSG(extack, "out of memory");
		return -ENOMEM;
	}
	dev_net_set(dev, net);
	dev->rtnl_link_ops = &ipmob_link_ops;
	rtnl_lock();
	err = register_netdevice(dev);
	rtnl_unlock();
	if (err) {
		NL_SET_ERR_MSG(extack, "cannot register the device (name in use?)");
		free_netdev(dev);
	}
	return err;
}
