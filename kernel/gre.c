// SPDX-License-Identifier: GPL-2.0
/*
 * ipmob: GRE encapsulation with keys (RFC 2784, RFC 2890; Proxy Mobile
 * IPv6 RFC 5845, Mobile IPv4 RFC 5944 3.1) through a collect_md device.
 *
 * ip_gre owns GRE's slot in the kernel's GRE demultiplexer and ip6_gre
 * the IPv6 protocol handler; ipmob takes neither. The operator creates
 * the namespace's metadata-mode GRE devices ("ip link add gre-md type gre
 * external", "ip link add gre6-md type ip6gre external", one of each per
 * namespace at most, as the kernel allows); this file tracks them
 * (netdevice notifier, under RTNL) in ipmob_net.gre_dev.
 *
 * Transmit: a care-of record with IPMOB_ENCAP_GRE has an endpoint that
 * holds one immutable metadata dst (outer addresses, the key sent, TTL);
 * the packet gets a reference to it as its route and goes to the GRE
 * device, which adds GRE and the outer header, routes and sends it (its
 * path MTU handling included), as for a BPF program's
 * bpf_skb_set_tunnel_key() and a redirect.
 *
 * Receive: the GRE device decapsulates any GRE packet addressed to this
 * node and hands the inner packet, with the outer source and key as
 * receive metadata, to the stack on itself. ipmob's PRE_ROUTING hook
 * (hooks.c) looks up the session by the inner addresses, as for IP in
 * IP, and accepts the packet only from a registered care-of address (the
 * home agent or LMA at a mobile node or MAG) in GRE with the key the
 * session expects; otherwise it is dropped and counted (drop_bad_outer_src,
 * drop_encap, drop_key). Packets for no session are not ipmob's.
 */

#include <linux/netdevice.h>
#include <net/dst_metadata.h>
#include <net/ip_tunnels.h>
#include <net/ip6_tunnel.h>
#include <net/inet_ecn.h>
#include <net/xfrm.h>

#include "ipmob.h"

#ifdef IPMOB_HAVE_TUNNEL_FLAG_BITS
static bool ipmob_info_has_key(const struct ip_tunnel_info *info)
{
	return test_bit(IP_TUNNEL_KEY_BIT, info->key.tun_flags);
}
#else
static bool ipmob_info_has_key(const struct ip_tunnel_info *info)
{
	return info->key.tun_flags & TUNNEL_KEY;
}
#endif

/* Is @dev a collect_md GRE device (L3) of IPv4 or IPv6 outer packets? */
static bool ipmob_is_gre_md(const struct net_device *dev, bool *outer4)
{
	const struct rtnl_link_ops *ops = dev->rtnl_link_ops;

	/* (a collect_md gre device's type is ARPHRD_NONE, not IPGRE) */
	if (!ops)
		return false;
	if (!strcmp(ops->kind, "gre")) {
		*outer4 = true;
		return ((struct ip_tunnel *)netdev_priv(dev))->collect_md;
	}
	if (!strcmp(ops->kind, "ip6gre")) {
		*outer4 = false;
		return ((struct ip6_tnl *)netdev_priv(dev))->parms.collect_md;
	}
	return false;
}

/**
 * ipmob_gre_available - does the namespace have a GRE device for it?
 * @in: per-netns state
 * @outer4: for IPv4 outer packets (gre), else IPv6 (ip6gre)
 */
bool ipmob_gre_available(struct ipmob_net *in, bool outer4)
{
	return rcu_access_pointer(in->gre_dev[outer4 ? IPMOB_FAM4 :
					       IPMOB_FAM6]);
}

/**
 * ipmob_gre_ep_init - give a GRE endpoint its transmit metadata
 * @ep: endpoint being made (key set)
 *
 * Context: process context (GFP_KERNEL).
 * Return: 0 or -ENOMEM.
 */
int ipmob_gre_ep_init(struct ipmob_ep *ep)
{
	bool outer4 = ipv6_addr_v4mapped(&ep->key.remote);
	struct ip_tunnel_info *info;
	struct metadata_dst *md;
	__be64 id = key32_to_tunnel_id(htonl(ep->key.okey));

	md = metadata_dst_alloc(0, METADATA_IP_TUNNEL, GFP_KERNEL);
	if (!md)
		return -ENOMEM;
	info = &md->u.tun_info;
	info->mode = IP_TUNNEL_INFO_TX;
	/*
	 * TTL: a fresh one, as the other encapsulations (0 would copy the
	 * inner packet's). TOS 1: ip_gre copies the inner packet's (ip6_gre
	 * takes it as is: the outer IPv6 traffic class is 0).
	 */
	if (outer4) {
#ifdef IPMOB_HAVE_TUNNEL_FLAG_BITS
		IP_TUNNEL_DECLARE_FLAGS(flags) = { };

		if (ep->key.has_okey)
			__set_bit(IP_TUNNEL_KEY_BIT, flags);
#else
		__be16 flags = ep->key.has_okey ? TUNNEL_KEY : 0;
#endif
		ip_tunnel_key_init(&info->key, ep->key.local.s6_addr32[3],
				   ep->key.remote.s6_addr32[3], 1, IPDEFTTL, 0,
				   0, 0, id, flags);
	} else {
		info->mode |= IP_TUNNEL_INFO_IPV6;
		info->key.u.ipv6.src = ep->key.local;
		info->key.u.ipv6.dst = ep->key.remote;
		info->key.ttl = IPDEFTTL;
		info->key.tun_id = id;
#ifdef IPMOB_HAVE_TUNNEL_FLAG_BITS
		if (ep->key.has_okey)
			__set_bit(IP_TUNNEL_KEY_BIT, info->key.tun_flags);
#else
		info->key.tun_flags = ep->key.has_okey ? TUNNEL_KEY : 0;
#endif
	}
	ep->md = md;
	return 0;
}

/**
 * ipmob_gre_xmit - send a packet in GRE through the collect_md device
 * @skb: inner packet, network header at skb->data
 * @dev: ipmob device
 * @b: binding (RCU)
 * @coa: its care-of record with IPMOB_ENCAP_GRE
 *
 * Return: 0 when the packet was handed on; the caller frees on error.
 */
int ipmob_gre_xmit(struct sk_buff *skb, struct net_device *dev,
		   struct ipmob_binding *b, const struct ipmob_coa *coa)
{
	struct ipmob_net *in = ipmob_pernet(dev_net(dev));
	bool outer4 = ipmob_coa_is4(coa);
	struct net_device *gdev;
	struct ipmob_ep *ep = coa->ep;

	gdev = rcu_dereference(in->gre_dev[outer4 ? IPMOB_FAM4 : IPMOB_FAM6]);
	if (unlikely(!ep || !ep->md || !gdev || !(gdev->flags & IFF_UP))) {
		ipmob_count(in, IPMOB_STAT_DROP_ROUTE);
		return -ENETUNREACH;
	}
	skb_dst_drop(skb);
	dst_hold(&ep->md->dst);
	skb_dst_set(skb, &ep->md->dst);
	skb->dev = gdev;
	ipmob_binding_used(in, b, true);
	ipmob_count(in, IPMOB_STAT_TX_TUNNEL);
	dev_sw_netstats_tx_add(dev, 1, skb->len);
	dev_queue_xmit(skb);
	return 0;
}

/**
 * ipmob_gre_rx - check a packet the collect_md GRE device decapsulated
 * @in: per-netns state
 * @skb: the inner packet, on the GRE device, with receive metadata
 * @inner4: it is IPv4
 *
 * Context: PRE_ROUTING hook (RCU read side).
 * Return: NF_STOLEN (its session's: handed to the session's device),
 * NF_ACCEPT (no session's: not ipmob's) or NF_DROP (counted).
 */
unsigned int ipmob_gre_rx(struct ipmob_net *in, struct sk_buff *skb,
			  bool inner4)
{
	const struct ip_tunnel_info *info = skb_tunnel_info(skb);
	struct ipmob_binding *b;
	struct ipmob_outer o;
	enum ipmob_stat why;

	if (!info || (info->mode & IP_TUNNEL_INFO_TX) ||
	    (skb->dev != rcu_dereference(in->gre_dev[IPMOB_FAM4]) &&
	     skb->dev != rcu_dereference(in->gre_dev[IPMOB_FAM6])))
		return NF_ACCEPT;
	o.is4 = ip_tunnel_info_af(info) == AF_INET;
	if (o.is4)
		ipv6_addr_set_v4mapped(info->key.u.ipv4.src, &o.saddr);
	else
		o.saddr = info->key.u.ipv6.src;
	o.dsfield = 0;	/* ip_gre and ip6_gre decapsulated ECN already */
	o.encap = IPMOB_ENCAP_GRE;
	o.has_key = ipmob_info_has_key(info);
	o.key = ntohl(tunnel_id_to_key32(info->key.tun_id));
	/* by outer source and key among sessions of the same addresses */
	b = inner4 ? ipmob_rx_session4(in, ip_hdr(skb)->saddr,
				       ip_hdr(skb)->daddr, &o) :
		     ipmob_rx_session6(in, ipv6_hdr(skb), &o);
	if (!b)
		return NF_ACCEPT;
	/*
	 * The outer packet passed the inbound policy check of GRE's own
	 * protocol handler; ipmob_rx_check() repeats it on the inner one
	 * (secpath still kept), which holds as ip_gre's tunnels have it.
	 */
	why = ipmob_rx_check(b, &o, false, skb);
	if (why) {
		ipmob_count(in, why);
		return NF_DROP;
	}
	/*
	 * Out of the session's device, as every other encapsulation's
	 * packets: scrubbed (conntrack, the metadata dst) and through the
	 * stack again, so that routing, rules (ip rule iif) and firewalls
	 * see the session's device. That is how a MAG or an LMA keeps apart
	 * hosts that share a private address (RFC 5844 3.1.2, RFC 5845 1).
	 */
	ipmob_rx_deliver(in, b, skb, inner4, o.dsfield);
	return NF_STOLEN;
}

static int ipmob_gre_event(struct notifier_block *nb, unsigned long event,
			   void *ptr)
{
	struct net_device *dev = netdev_notifier_info_to_dev(ptr);
	struct net_device __rcu **slot;
	struct ipmob_net *in;
	bool outer4;

	if (event != NETDEV_REGISTER && event != NETDEV_UNREGISTER)
		return NOTIFY_DONE;
	if (!ipmob_is_gre_md(dev, &outer4))
		return NOTIFY_DONE;
	in = ipmob_pernet(dev_net(dev));
	if (!in)	/* a device made by a namespace's init before ours */
		return NOTIFY_DONE;
	slot = &in->gre_dev[outer4 ? IPMOB_FAM4 : IPMOB_FAM6];
	if (event == NETDEV_REGISTER) {
		if (!rtnl_dereference(*slot))
			rcu_assign_pointer(*slot, dev);
	} else if (rtnl_dereference(*slot) == dev) {
		/* packets in flight are under RCU: unregistering waits */
		RCU_INIT_POINTER(*slot, NULL);
	}
	return NOTIFY_DONE;
}

static struct notifier_block ipmob_gre_notifier = {
	.notifier_call = ipmob_gre_event,
};

int ipmob_gre_init(void)
{
	return register_netdevice_notifier(&ipmob_gre_notifier);
}

void ipmob_gre_exit(void)
{
	unregister_netdevice_notifier(&ipmob_gre_notifier);
}
