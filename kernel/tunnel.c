// SPDX-License-Identifier: GPL-2.0
/*
 * ipmob: IP-in-IP encapsulation between mobile node and home agent.
 *
 * The inner family is the binding's (its home address), the outer family
 * the care-of address's, so one binding code serves four encapsulations:
 *   IPv6 in IPv6   RFC 2473 (RFC 6275 10.4.2 / 11.3.1)
 *   IPv4 in IPv6   RFC 2473 (DSMIPv6, RFC 5555 4.2)
 *   IPv6 in IPv4   RFC 4213 3.5 (DSMIPv6 from an IPv4 network, 5555 4.3)
 *   IPv4 in IPv4   RFC 2003 (Mobile IPv4, RFC 5944 3.1)
 *
 * Transmit: the home agent tunnels to the care-of address, the mobile node
 * to its home agent. Receive: tunnel6 / tunnel4 handlers ahead of
 * ip6_tunnel's, ipip's and sit's claim packets whose inner addresses
 * belong to a binding, check the outer source (the registered care-of
 * address at the home agent, RFC 6275 10.4.5, RFC 5944 3.8.3; the home
 * agent at the mobile node) and the inbound IPsec policy, and hand the
 * inner packet to the binding's device. Fragmented outer packets reach
 * the handlers already reassembled by the core. ICMP errors about an
 * outer packet (Packet Too Big, Fragmentation Needed) update the path MTU
 * toward the tunnel end point, which the next oversize inner packet turns
 * into an error to its sender (RFC 2473 7.1, RFC 2003 4).
 */

#include <linux/skbuff.h>
#include <linux/icmp.h>
#include <linux/icmpv6.h>
#include <net/ip.h>
#include <net/ipv6.h>
#include <net/icmp.h>
#include <net/route.h>
#include <net/ip6_route.h>
#include <net/ip6_tunnel.h>
#include <net/ip_tunnels.h>
#include <net/xfrm.h>
#include <net/inet_ecn.h>
#include <net/dsfield.h>

#include "ipmob.h"

static bool ipmob_skb_is4(const struct sk_buff *skb)
{
	return skb->protocol == htons(ETH_P_IP);
}

/**
 * ipmob_outer_addrs4 - the outer IPv4 addresses of a tunnelled packet
 * @b: binding
 * @coa: its IPv4 care-of record
 * @saddr: set to the outer source (0: by route)
 * @daddr: set to the outer destination
 */
void ipmob_outer_addrs4(const struct ipmob_binding *b,
			const struct ipmob_coa *coa, __be32 *saddr,
			__be32 *daddr)
{
	if (b->key.kind == IPMOB_KIND_CACHE) {
		*saddr = b->local4;	/* home agent -> care-of address */
		*daddr = coa->addr.s6_addr32[3];
	} else {
		*saddr = coa->addr.s6_addr32[3];	/* MN -> home agent */
		*daddr = b->peer4;
	}
}

/**
 * ipmob_route_outer4 - route an outer IPv4 packet
 * @in: per-netns state
 * @skb: the inner packet (for its mark)
 * @proto: protocol of the outer packet (IPPROTO_IPIP, IPPROTO_IPV6)
 * @saddr: source, 0 for source address selection
 * @daddr: destination
 * @fl4: filled with the flow, including the selected source
 *
 * Return: a route (with outbound IPsec applied), or an ERR_PTR (the reason
 * is counted). A route back into an ipmob device would loop.
 */
struct rtable *ipmob_route_outer4(struct ipmob_net *in, struct sk_buff *skb,
				  u8 proto, __be32 saddr, __be32 daddr,
				  struct flowi4 *fl4)
{
	struct net *net = in->net;
	struct rtable *rt;

	memset(fl4, 0, sizeof(*fl4));
	fl4->flowi4_proto = proto;
	fl4->flowi4_mark = skb->mark;
	fl4->flowi4_uid = sock_net_uid(net, NULL);
	fl4->saddr = saddr;
	fl4->daddr = daddr;
	rt = ip_route_output_flow(net, fl4, NULL);
	if (IS_ERR(rt)) {
		ipmob_count(in, IPMOB_STAT_DROP_ROUTE);
		return rt;
	}
	if (ipmob_is_dev(rt->dst.dev)) {
		ip_rt_put(rt);
		ipmob_count(in, IPMOB_STAT_DROP_LOOP);
		return ERR_PTR(-ELOOP);
	}
	return rt;
}

/*
 * The endpoint's cached outer route for a packet: only packets without a
 * mark use the cache (a mark may choose another route).
 */
static struct dst_entry *ipmob_ep_route(struct ipmob_ep *ep,
					const struct sk_buff *skb,
					struct in6_addr *saddr)
{
	if (!ep || skb->mark)
		return NULL;
	return ipmob_ep_route_get(ep, ipmob_skb_is4(skb), saddr);
}

static void ipmob_ep_route_cache(struct ipmob_ep *ep,
				 const struct sk_buff *skb,
				 struct dst_entry *dst,
				 const struct in6_addr *saddr)
{
	if (ep && !skb->mark)
		ipmob_ep_route_set(ep, ipmob_skb_is4(skb), dst, saddr);
}

static u8 ipmob_inner_dsfield(const struct sk_buff *skb)
{
	return ipmob_skb_is4(skb) ? ipv4_get_dsfield(ip_hdr(skb)) :
				    ipv6_get_dsfield(ipv6_hdr(skb));
}

/* Outer IPv6: IPv6 or IPv4 in IPv6 (RFC 2473). */
static int ipmob_tunnel_xmit6(struct sk_buff *skb, struct net_device *dev,
			      struct ipmob_binding *b,
			      const struct ipmob_coa *coa)
{
	struct ipmob_net *in = ipmob_pernet(dev_net(dev));
	u8 proto = ipmob_skb_is4(skb) ? IPPROTO_IPIP : IPPROTO_IPV6;
	const struct in6_addr *saddr, *daddr;
	struct in6_addr isrc, idst, src;
	struct ipv6hdr *outer;
	struct dst_entry *dst;
	struct flowi6 fl6;
	u8 dsfield;
	int err;

	ipmob_outer_addrs(b, coa, NULL, &saddr, &daddr);
	dst = ipmob_ep_route(coa->ep, skb, &src);
	if (dst) {
		memset(&fl6, 0, sizeof(fl6));
		fl6.flowi6_proto = proto;
		fl6.saddr = src;
		fl6.daddr = *daddr;
	} else {
		dst = ipmob_route_outer(in, skb, dev, proto, saddr, daddr,
					&fl6);
		if (IS_ERR(dst))
			return PTR_ERR(dst);
		ipmob_ep_route_cache(coa->ep, skb, dst, &fl6.saddr);
	}

	err = ipmob_check_mtu(in, skb, dst, IPMOB_TUNNEL_OVERHEAD);
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
	skb_set_inner_ipproto(skb, proto);

	dsfield = ipmob_inner_dsfield(skb);
	if (proto == IPPROTO_IPV6) {
		isrc = ipv6_hdr(skb)->saddr;
		idst = ipv6_hdr(skb)->daddr;
	}
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
	outer->nexthdr = proto;
	outer->saddr = fl6.saddr;	/* resolved by the route lookup */
	outer->daddr = fl6.daddr;

	ipmob_binding_used(in, b, true);
	ipmob_count(in, IPMOB_STAT_TX_TUNNEL);
	if (proto == IPPROTO_IPV6)
		ipmob_notify_ro_hint(in, b, &isrc, &idst);
	ip6tunnel_xmit(NULL, skb, dev);
	return 0;

err_dst:
	dst_release(dst);
	return err;
}

/**
 * ipmob_coa_route4 - the outer IPv4 route toward a care-of record
 * @in: per-netns state
 * @skb: the inner packet (its family picks the endpoint's cache slot)
 * @b: binding
 * @coa: its IPv4 care-of record
 * @proto: outer protocol (4, 41, 55)
 * @fl4: set to the outer source and destination
 *
 * The endpoint's cached route when it is valid, else a lookup that is
 * cached for the next packet.
 * Return: a route reference, or an ERR_PTR (counted).
 */
struct rtable *ipmob_coa_route4(struct ipmob_net *in, struct sk_buff *skb,
				const struct ipmob_binding *b,
				const struct ipmob_coa *coa, u8 proto,
				struct flowi4 *fl4)
{
	struct dst_entry *dst;
	__be32 saddr, daddr;
	struct in6_addr src;
	struct rtable *rt;

	ipmob_outer_addrs4(b, coa, &saddr, &daddr);
	dst = ipmob_ep_route(coa->ep, skb, &src);
	if (dst) {
		fl4->saddr = src.s6_addr32[3];
		fl4->daddr = daddr;
		return container_of(dst, struct rtable, dst);
	}
	rt = ipmob_route_outer4(in, skb, proto, saddr, daddr, fl4);
	if (IS_ERR(rt))
		return rt;
	ipv6_addr_set_v4mapped(fl4->saddr, &src);
	ipmob_ep_route_cache(coa->ep, skb, &rt->dst, &src);
	return rt;
}

/* Outer IPv4: IPv4 in IPv4 (RFC 2003) or IPv6 in IPv4 (RFC 4213 3.5). */
int ipmob_tunnel_xmit4(struct sk_buff *skb, struct net_device *dev,
		       struct ipmob_binding *b, const struct ipmob_coa *coa)
{
	struct ipmob_net *in = ipmob_pernet(dev_net(dev));
	bool inner4 = ipmob_skb_is4(skb);
	u8 proto = inner4 ? IPPROTO_IPIP : IPPROTO_IPV6;
	struct flowi4 fl4;
	struct rtable *rt;
	__be16 df = 0;
	u8 dsfield;
	int err;

	rt = ipmob_coa_route4(in, skb, b, coa, proto, &fl4);
	if (IS_ERR(rt))
		return PTR_ERR(rt);

	err = ipmob_check_mtu(in, skb, &rt->dst, IPMOB_TUNNEL4_OVERHEAD);
	if (err)
		goto err_rt;

	err = -ENOMEM;
	if (skb_cow_head(skb, LL_RESERVED_SPACE(rt->dst.dev) +
			      sizeof(struct iphdr) + rt->dst.header_len)) {
		ipmob_count(in, IPMOB_STAT_DROP_NOMEM);
		goto err_rt;
	}
	if (iptunnel_handle_offloads(skb, SKB_GSO_IPXIP4)) {
		ipmob_count(in, IPMOB_STAT_DROP_NOMEM);
		goto err_rt;
	}
	skb_set_inner_ipproto(skb, proto);

	dsfield = ipmob_inner_dsfield(skb);
	/*
	 * RFC 2003 3.1: DF copied from an IPv4 inner header (an oversize one
	 * with DF was refused above); an IPv6 inner packet that fits the
	 * tunnel MTU may have its outer packet fragmented (RFC 4213 3.2).
	 */
	if (inner4)
		df = ip_hdr(skb)->frag_off & htons(IP_DF);

	ipmob_binding_used(in, b, true);
	ipmob_count(in, IPMOB_STAT_TX_TUNNEL);
	/* scrubs the packet (same namespace), sets the route, sends */
	iptunnel_xmit(NULL, rt, skb, fl4.saddr, fl4.daddr, proto,
		      INET_ECN_encapsulate(dsfield, dsfield),
		      ip4_dst_hoplimit(&rt->dst), df, false);
	return 0;

err_rt:
	ip_rt_put(rt);
	return err;
}

/**
 * ipmob_tunnel_xmit - encapsulate a packet for a tunnel-mode binding
 * @skb: inner IPv6 or IPv4 packet, network header at skb->data
 * @dev: ipmob device
 * @b: binding (RCU)
 * @coa: the care-of record it goes to (ipmob_flow_select())
 *
 * Return: 0 when the packet was sent; the caller frees on error.
 */
int ipmob_tunnel_xmit(struct sk_buff *skb, struct net_device *dev,
		      struct ipmob_binding *b, const struct ipmob_coa *coa)
{
	if (coa->encap == IPMOB_ENCAP_MINENC)
		return ipmob_minenc_xmit(skb, dev, b, coa);
	if (coa->encap == IPMOB_ENCAP_GRE)
		return ipmob_gre_xmit(skb, dev, b, coa);
	if (coa->encap == IPMOB_ENCAP_UDP)
		return ipmob_udp_xmit(skb, dev, b, coa);
	if (ipmob_coa_is4(coa))
		return ipmob_tunnel_xmit4(skb, dev, b, coa);
	return ipmob_tunnel_xmit6(skb, dev, b, coa);
}

/*
 * The session of a decapsulated IPv4 packet, by its inner addresses and,
 * among interface-keyed sessions, its outer header @o (source, GRE key;
 * ipmob_lookup_rx()).
 */
struct ipmob_binding *ipmob_rx_session4(struct ipmob_net *in,
					__be32 saddr, __be32 daddr,
					const struct ipmob_outer *o)
{
	struct ipmob_binding *b;
	struct in6_addr a;

	ipv6_addr_set_v4mapped(saddr, &a);
	b = ipmob_lookup_rx(in, &a, IPMOB_KIND_CACHE, o);
	if (!b || b->mode != IPMOB_MODE_TUNNEL) {
		ipv6_addr_set_v4mapped(daddr, &a);
		b = ipmob_lookup_rx(in, &a, IPMOB_KIND_MN_HOME, o);
	}
	return b;
}

/* The session of a decapsulated IPv6 packet, likewise. */
struct ipmob_binding *ipmob_rx_session6(struct ipmob_net *in,
					const struct ipv6hdr *ip6h,
					const struct ipmob_outer *o)
{
	struct ipmob_binding *b = NULL;

	if (!ipv6_addr_v4mapped(&ip6h->saddr))
		b = ipmob_lookup_rx(in, &ip6h->saddr, IPMOB_KIND_CACHE, o);
	if ((!b || b->mode != IPMOB_MODE_TUNNEL) &&
	    !ipv6_addr_v4mapped(&ip6h->daddr))
		b = ipmob_lookup_rx(in, &ip6h->daddr, IPMOB_KIND_MN_HOME, o);
	return b;
}

/*
 * Does care-of record @coa take a packet that came in @o (its
 * encapsulation, key, port)? Minimal encapsulation sends fragments as IP
 * in IP (RFC 2004 3, minenc.c). @hold: a record that learns its port
 * learns none now (&ipmob_binding.learn_hold). Returns 0 or the counter
 * of why not.
 */
static enum ipmob_stat ipmob_coa_takes(const struct ipmob_coa *coa,
				       bool frag, struct ipmob_outer *o,
				       bool hold)
{
	u8 encap = o->encap;

	if (coa->encap != encap &&
	    !(coa->encap == IPMOB_ENCAP_MINENC && encap == IPMOB_ENCAP_IP &&
	      frag))
		return IPMOB_STAT_DROP_ENCAP;
	/* RFC 3519 3.3, RFC 5845 7.2: the header negotiated for the record */
	if (encap == IPMOB_ENCAP_UDP && coa->udp_hdr != o->udp_hdr)
		return IPMOB_STAT_DROP_ENCAP;
	/*
	 * GRE, or GRE in UDP after the TLV header (RFC 5845 7.1); before a
	 * port is learnt, so that a packet without the key moves nothing
	 */
	if (!ipmob_coa_key_ok(coa, o))
		return IPMOB_STAT_DROP_KEY;
	if (encap == IPMOB_ENCAP_UDP && READ_ONCE(coa->port) != o->port) {
		if (!(coa->keys & IPMOB_COA_LEARN))
			return IPMOB_STAT_DROP_PORT;
		/* a packet late from the mapping a registration replaced */
		if (hold)
			return IPMOB_STAT_DROP_PORT;
		/*
		 * The NAT's mapping (RFC 5555 4.1), from a packet whose outer
		 * address is the care-of address and whose inner addresses
		 * are the session's; the record is the packet path's to
		 * write (struct ipmob_coa).
		 */
		WRITE_ONCE(((struct ipmob_coa *)coa)->port, o->port);
		o->learnt = true;
	}
	return 0;
}

/*
 * May a packet that arrived as @o (source, encapsulation, key) be
 * decapsulated for @b? @frag: its inner packet is an IPv4 fragment.
 * Returns 0, or the counter of the reason it may not.
 */
enum ipmob_stat ipmob_rx_check(const struct ipmob_binding *b,
			       struct ipmob_outer *o, bool frag,
			       struct sk_buff *skb)
{
	const struct ipmob_coa *coa;
	enum ipmob_stat why;
	unsigned int i;

	if (b->key.kind == IPMOB_KIND_CACHE) {
		/* home agent: only from a registered care-of address */
		coa = ipmob_coa_find(b, &o->saddr);
		if (!coa)
			return IPMOB_STAT_DROP_BAD_OUTER_SRC;
		/* RFC 3519 3.3: in the encapsulation of that binding */
		why = ipmob_coa_takes(coa, frag, o, ipmob_learn_held(b));
		if (why)
			return why;
	} else {
		/* mobile node: only from its home agent */
		if (o->is4 ? o->saddr.s6_addr32[3] != b->peer4 || !b->peer4 :
			     !ipv6_addr_equal(&o->saddr, &b->peer))
			return IPMOB_STAT_DROP_BAD_OUTER_SRC;
		/* in the way one of its care-of records takes */
		why = IPMOB_STAT_DROP_ENCAP;
		for (i = 0; i < b->ncoa && why; i++) {
			enum ipmob_stat w = ipmob_coa_takes(&b->coa[i], frag,
							    o, false);

			if (w == 0 || w == IPMOB_STAT_DROP_KEY)
				why = w;
		}
		if (why)
			return why;
	}
	/*
	 * The outer packet is ours: IPsec inbound policy decides whether it
	 * had to arrive protected (RFC 4877 4.4, as ip6_tunnel and ipip do).
	 */
	if (!(o->is4 ? xfrm4_policy_check(NULL, XFRM_POLICY_IN, skb) :
		       xfrm6_policy_check(NULL, XFRM_POLICY_IN, skb)))
		return IPMOB_STAT_DROP_POLICY;
	return 0;
}

/*
 * Hand an accepted inner packet (at skb->data) to the binding's device.
 * RCU read side; consumes the packet.
 */
void ipmob_rx_deliver(struct ipmob_net *in, struct ipmob_binding *b,
		      struct sk_buff *skb, bool inner4, u8 dsfield)
{
	struct net_device *dev = b->dev;

	ipmob_binding_used(in, b, false);
	if (!inner4) {
		const struct ipv6hdr *ip6h = (const struct ipv6hdr *)skb->data;

		ipmob_notify_ro_hint(in, b, &ip6h->daddr, &ip6h->saddr);
	}

	if (iptunnel_pull_header(skb, 0,
				 inner4 ? htons(ETH_P_IP) : htons(ETH_P_IPV6),
				 !net_eq(dev_net(skb->dev), dev_net(dev)))) {
		ipmob_count(in, IPMOB_STAT_DROP_BAD_INNER);
		kfree_skb(skb);
		return;
	}
	skb_reset_network_header(skb);
	skb_reset_mac_header(skb);
	/* RFC 6040: a CE mark on the outer header is kept */
	if (INET_ECN_is_ce(dsfield)) {
		if (inner4)
			IP_ECN_set_ce(ip_hdr(skb));
		else
			IP6_ECN_set_ce(skb, ipv6_hdr(skb));
	}
	skb->dev = dev;
	skb->pkt_type = PACKET_HOST;
	dev_sw_netstats_rx_add(dev, skb->len);
	ipmob_count(in, IPMOB_STAT_RX_DECAP);
	/* GRO per CPU, as ip6_tunnel; a device that is down takes nothing */
	gro_cells_receive(&((struct ipmob_dev *)netdev_priv(dev))->gro_cells,
			  skb);
}

/*
 * Receive handler body. skb->data is the inner header, the network header
 * still the outer one. Returns 0 when the packet was consumed, a negative
 * value to let the next handler (ip6_tunnel, ipip, sit) try.
 */
static int ipmob_tunnel_rcv(struct sk_buff *skb, bool outer4, bool inner4)
{
	struct ipmob_net *in = ipmob_pernet(dev_net(skb->dev));
	struct ipmob_binding *b;
	struct ipmob_outer o;
	enum ipmob_stat why;
	bool frag = false;

	if (inner4) {
		const struct iphdr *iph;

		if (!pskb_may_pull(skb, sizeof(*iph)))
			return -EINVAL;
		iph = (const struct iphdr *)skb->data;
		if (iph->version != 4 || iph->ihl < 5)
			return -EINVAL;
		frag = ip_is_fragment(iph);
	} else {
		if (!pskb_may_pull(skb, sizeof(struct ipv6hdr)) ||
		    ((const struct ipv6hdr *)skb->data)->version != 6)
			return -EINVAL;
	}
	o.is4 = outer4;
	o.has_key = false;
	o.encap = IPMOB_ENCAP_IP;
	if (outer4) {
		ipv6_addr_set_v4mapped(ip_hdr(skb)->saddr, &o.saddr);
		o.dsfield = ipv4_get_dsfield(ip_hdr(skb));
	} else {
		o.saddr = ipv6_hdr(skb)->saddr;
		o.dsfield = ipv6_get_dsfield(ipv6_hdr(skb));
	}

	rcu_read_lock();
	if (unlikely(READ_ONCE(in->dead))) {
		rcu_read_unlock();
		return -ENOENT;
	}
	if (inner4) {
		const struct iphdr *iph = (const struct iphdr *)skb->data;

		b = ipmob_rx_session4(in, iph->saddr, iph->daddr, &o);
	} else {
		b = ipmob_rx_session6(in, (const struct ipv6hdr *)skb->data,
				      &o);
	}
	if (!b) {
		rcu_read_unlock();
		return -ENOENT;		/* not ours */
	}
	why = ipmob_rx_check(b, &o, frag, skb);
	if (why) {
		rcu_read_unlock();
		ipmob_count(in, why);
		kfree_skb(skb);
		return 0;
	}
	ipmob_rx_deliver(in, b, skb, inner4, o.dsfield);
	rcu_read_unlock();
	return 0;
}

static int ipmob_rcv_6in6(struct sk_buff *skb)
{
	return ipmob_tunnel_rcv(skb, false, false);
}

static int ipmob_rcv_4in6(struct sk_buff *skb)
{
	return ipmob_tunnel_rcv(skb, false, true);
}

static int ipmob_rcv_4in4(struct sk_buff *skb)
{
	return ipmob_tunnel_rcv(skb, true, true);
}

static int ipmob_rcv_6in4(struct sk_buff *skb)
{
	return ipmob_tunnel_rcv(skb, true, false);
}

/*
 * Is the ICMP error (quoting our outer packet, its inner header at
 * @offset) about a packet of one of our bindings? The home agent sent
 * it to a home address (destination lookup), the mobile node from one.
 */
static bool ipmob_err_ours(struct ipmob_net *in, struct sk_buff *skb,
			   int offset, bool inner4)
{
	bool ours = false;

	rcu_read_lock();
	if (READ_ONCE(in->dead)) {
		/* nothing */
	} else if (inner4) {
		struct iphdr _iph;
		const struct iphdr *iph;

		iph = skb_header_pointer(skb, offset, sizeof(_iph), &_iph);
		ours = iph &&
		       (ipmob_lookup_rx4(in, iph->daddr, IPMOB_KIND_CACHE) ||
			ipmob_lookup_rx4(in, iph->saddr, IPMOB_KIND_MN_HOME));
	} else {
		struct ipv6hdr _ip6h;
		const struct ipv6hdr *ip6h;

		ip6h = skb_header_pointer(skb, offset, sizeof(_ip6h), &_ip6h);
		ours = ip6h &&
		       (ipmob_lookup_rx6(in, &ip6h->daddr, IPMOB_KIND_CACHE) ||
			ipmob_lookup_rx6(in, &ip6h->saddr, IPMOB_KIND_MN_HOME));
	}
	rcu_read_unlock();
	return ours;
}

/*
 * ICMPv6 error about an outer IPv6 packet; skb->data is the quoted outer
 * header, @offset the quoted inner one. Packet Too Big lowers the path
 * MTU toward the care-of address / home agent (RFC 2473 7.1).
 */
static int ipmob_err6(struct sk_buff *skb, u8 type, int offset,
		      __be32 info, bool inner4)
{
	struct net *net = dev_net(skb->dev);
	struct ipmob_net *in = ipmob_pernet(net);

	if (!ipmob_err_ours(in, skb, offset, inner4))
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

static int ipmob_err_6in6(struct sk_buff *skb, struct inet6_skb_parm *opt,
			  u8 type, u8 code, int offset, __be32 info)
{
	return ipmob_err6(skb, type, offset, info, false);
}

static int ipmob_err_4in6(struct sk_buff *skb, struct inet6_skb_parm *opt,
			  u8 type, u8 code, int offset, __be32 info)
{
	return ipmob_err6(skb, type, offset, info, true);
}

/*
 * ICMP error about an outer IPv4 packet; skb->data is the quoted outer
 * header. Fragmentation Needed lowers the path MTU toward the care-of
 * address / home agent (RFC 2003 4.1, RFC 4213 3.2).
 */
static int ipmob_err4(struct sk_buff *skb, u32 info, bool inner4)
{
	const struct iphdr *iph = (const struct iphdr *)skb->data;
	struct net *net = dev_net(skb->dev);
	struct ipmob_net *in = ipmob_pernet(net);
	const int type = icmp_hdr(skb)->type;
	const int code = icmp_hdr(skb)->code;

	if (!ipmob_err_ours(in, skb, iph->ihl * 4, inner4))
		return -ENOENT;
	if (type == ICMP_DEST_UNREACH && code == ICMP_FRAG_NEEDED) {
		ipmob_count(in, IPMOB_STAT_RX_PTB);
		ipv4_update_pmtu(skb, net, info, 0, iph->protocol);
	} else if (type == ICMP_REDIRECT) {
		ipv4_redirect(skb, net, 0, iph->protocol);
	}
	return 0;
}

static int ipmob_err_4in4(struct sk_buff *skb, u32 info)
{
	return ipmob_err4(skb, info, true);
}

static int ipmob_err_6in4(struct sk_buff *skb, u32 info)
{
	return ipmob_err4(skb, info, false);
}

/* priority 0: ahead of ip6_tunnel's, ipip's and sit's handlers (1) */
static struct xfrm6_tunnel ipmob_6in6_handler __read_mostly = {
	.handler = ipmob_rcv_6in6,
	.err_handler = ipmob_err_6in6,
	.priority = 0,
};

static struct xfrm6_tunnel ipmob_4in6_handler __read_mostly = {
	.handler = ipmob_rcv_4in6,
	.err_handler = ipmob_err_4in6,
	.priority = 0,
};

static struct xfrm_tunnel ipmob_4in4_handler __read_mostly = {
	.handler = ipmob_rcv_4in4,
	.err_handler = ipmob_err_4in4,
	.priority = 0,
};

static struct xfrm_tunnel ipmob_6in4_handler __read_mostly = {
	.handler = ipmob_rcv_6in4,
	.err_handler = ipmob_err_6in4,
	.priority = 0,
};

int ipmob_tunnel_init(void)
{
	int err;

	err = xfrm6_tunnel_register(&ipmob_6in6_handler, AF_INET6);
	if (err)
		return err;
	err = xfrm6_tunnel_register(&ipmob_4in6_handler, AF_INET);
	if (err)
		goto err_6in6;
	err = xfrm4_tunnel_register(&ipmob_4in4_handler, AF_INET);
	if (err)
		goto err_4in6;
	err = xfrm4_tunnel_register(&ipmob_6in4_handler, AF_INET6);
	if (err)
		goto err_4in4;
	err = ipmob_minenc_init();
	if (err)
		goto err_6in4;
	err = ipmob_gre_init();
	if (err)
		goto err_minenc;
	return 0;

err_minenc:
	ipmob_minenc_exit();
err_6in4:
	xfrm4_tunnel_deregister(&ipmob_6in4_handler, AF_INET6);
err_4in4:
	xfrm4_tunnel_deregister(&ipmob_4in4_handler, AF_INET);
err_4in6:
	xfrm6_tunnel_deregister(&ipmob_4in6_handler, AF_INET);
err_6in6:
	xfrm6_tunnel_deregister(&ipmob_6in6_handler, AF_INET6);
	return err;
}

void ipmob_tunnel_exit(void)
{
	ipmob_gre_exit();
	ipmob_minenc_exit();
	xfrm4_tunnel_deregister(&ipmob_6in4_handler, AF_INET6);
	xfrm4_tunnel_deregister(&ipmob_4in4_handler, AF_INET);
	xfrm6_tunnel_deregister(&ipmob_4in6_handler, AF_INET);
	xfrm6_tunnel_deregister(&ipmob_6in6_handler, AF_INET6);
}
