// SPDX-License-Identifier: GPL-2.0
/*
 * ipmob: Neighbor Discovery proxy for home addresses (RFC 6275 10.4.1),
 * and ARP proxy for IPv4 home addresses (RFC 5555 4.5).
 *
 * A home agent answers Neighbor Solicitations for the home addresses it
 * has registered, so that the home link sends their packets to it. The
 * core's proxy (proxy_ndp and one pneigh entry per address) keeps its
 * entries in a list and joins a solicited-node group for each: adding
 * the n-th costs O(n), and a home agent with 100,000 mobile nodes spends
 * most of its signalling time there. Here the binding table answers: a
 * session carries the interface to answer on (IPMOB_BA_PROXY_IF), the
 * hook looks the target up as it looks up a destination (O(1) in the
 * number of sessions), and the control plane puts the home link in
 * all-multicast mode instead of joining a group per address.
 *
 * Only solicitations that RFC 4861 7.1.1 accepts are answered: hop limit
 * 255 (checked by the caller), code 0, a valid checksum, at least 24
 * octets, a unicast target, options of non-zero length, and from the
 * unspecified address only to a solicited-node address and without a
 * source link-layer address option. The answer follows RFC 4861 7.2.4:
 * to the soliciting node with S set, or to all-nodes with S clear for a
 * Duplicate Address Detection probe; O clear, as for any proxied
 * address; R for a mobile router's home address (RFC 3963 6.2); the
 * interface's link-layer address as target link-layer address. It leaves
 * through the core's ndisc_send_skb(), so LOCAL_OUT, POST_ROUTING and the
 * neighbour cache see it as any advertisement of this node's.
 */

#include <linux/icmpv6.h>
#include <linux/netfilter.h>
#include <linux/netfilter_ipv6.h>
#include <net/ipv6.h>
#include <net/ndisc.h>
#include <net/addrconf.h>
#include <net/neighbour.h>
#include <net/arp.h>
#include <linux/if_arp.h>
#include <linux/netfilter_arp.h>

#include "ipmob.h"

/* ND options of a solicitation: the source link-layer address, if any */
static int ipmob_ns_opts(const u8 *opt, unsigned int len,
			 const struct net_device *dev, const u8 **lladdr)
{
	unsigned int olen;

	*lladdr = NULL;
	while (len) {
		if (len < 2)
			return -EINVAL;
		olen = opt[1] << 3;
		/* 7.1.1: every option has a length greater than zero */
		if (!olen || olen > len)
			return -EINVAL;
		if (opt[0] == ND_OPT_SOURCE_LL_ADDR) {
			if (olen < 2 + dev->addr_len)
				return -EINVAL;
			*lladdr = opt + 2;
		}
		opt += olen;
		len -= olen;
	}
	return 0;
}

/* Neighbor Advertisement for @target to @daddr, out of @dev. */
static int ipmob_send_na(struct net_device *dev, const struct in6_addr *daddr,
			 const struct in6_addr *target, bool router,
			 bool solicited)
{
	int pad = ndisc_addr_option_pad(dev->type);
	int optlen = dev->addr_len ?
		     __ndisc_opt_addr_space(dev->addr_len, pad) : 0;
	int hlen = LL_RESERVED_SPACE(dev) + sizeof(struct ipv6hdr);
	struct in6_addr saddr;
	struct sk_buff *skb;
	struct nd_msg *msg;
	u8 *opt;

	/* 10.4.1: from the home agent's own address on that interface */
	if (ipv6_dev_get_saddr(dev_net(dev), dev, daddr, 0, &saddr))
		return -EADDRNOTAVAIL;
	skb = alloc_skb(hlen + sizeof(*msg) + optlen + dev->needed_tailroom,
			GFP_ATOMIC);
	if (!skb)
		return -ENOMEM;
	skb_reserve(skb, hlen);
	skb_reset_transport_header(skb);
	skb->protocol = htons(ETH_P_IPV6);
	skb->dev = dev;
	msg = skb_put_zero(skb, sizeof(*msg));
	msg->icmph.icmp6_type = NDISC_NEIGHBOUR_ADVERTISEMENT;
	msg->icmph.icmp6_router = router;
	msg->icmph.icmp6_solicited = solicited;
	/* RFC 4861 7.2.4: O clear for an address the node proxies */
	msg->target = *target;
	if (optlen) {
		opt = skb_put_zero(skb, optlen);
		opt[0] = ND_OPT_TARGET_LL_ADDR;
		opt[1] = optlen >> 3;
		memcpy(opt + 2 + pad, dev->dev_addr, dev->addr_len);
	}
	/* checksum, IPv6 header (hop limit 255), route, LOCAL_OUT */
	ndisc_send_skb(skb, daddr, &saddr);
	return 0;
}

/**
 * ipmob_nd_proxy - answer a Neighbor Solicitation for a proxied address
 * @in: per-netns state
 * @skb: a Neighbor Discovery packet received (ICMPv6 right after the
 *	IPv6 header, hop limit 255), network header at @skb->data
 * @hook: the netfilter hook it is in
 *
 * Context: PRE_ROUTING, RCU read side.
 * Return: %NF_STOLEN when the solicitation was for an address a session
 * proxies on the interface it came in on (answered or, malformed,
 * counted and dropped), %NF_ACCEPT for every other packet.
 */
unsigned int ipmob_nd_proxy(struct ipmob_net *in, struct sk_buff *skb,
			    unsigned int hook)
{
	struct net_device *dev = skb->dev;
	const struct ipv6hdr *ip6h;
	const struct ipmob_binding *b;
	const struct nd_msg *msg;
	struct in6_addr daddr;
	unsigned int len;
	const u8 *lladdr;
	bool dad, router;
	u8 _type, *type;

	/* a multicast of this node's own looped back (its DAD probe) */
	if (skb->pkt_type == PACKET_LOOPBACK)
		return NF_ACCEPT;
	type = skb_header_pointer(skb, sizeof(*ip6h), sizeof(_type), &_type);
	if (!type || *type != NDISC_NEIGHBOUR_SOLICITATION)
		return NF_ACCEPT;
	len = skb->len - sizeof(*ip6h);
	if (len < sizeof(*msg) || !pskb_may_pull(skb, sizeof(*ip6h) + len))
		return NF_ACCEPT;
	ip6h = ipv6_hdr(skb);
	msg = (const struct nd_msg *)(ip6h + 1);
	if (ipv6_addr_is_multicast(&msg->target))
		return NF_ACCEPT;
	b = ipmob_lookup_lpm(in, &msg->target, IPMOB_KIND_CACHE,
			     ipmob_skb_iif(skb));
	if (!b || !b->proxy_if || b->proxy_if != dev->ifindex ||
	    b->key.plen != 128 || ipmob_binding_expired(b))
		return NF_ACCEPT;
	router = b->proxy_router;

	/* ours: RFC 4861 7.1.1 validity, else counted and dropped */
	dad = ipv6_addr_any(&ip6h->saddr);
	if (msg->icmph.icmp6_code ||
	    nf_ip6_checksum(skb, hook, sizeof(*ip6h), IPPROTO_ICMPV6) ||
	    ipv6_addr_is_multicast(&ip6h->saddr) ||
	    (dad && !ipv6_addr_is_solict_mult(&ip6h->daddr)) ||
	    ipmob_ns_opts(msg->opt, len - sizeof(*msg), dev, &lladdr) ||
	    (dad && lladdr))
		goto drop;
	if (dad) {
		/* 7.2.4: a DAD probe's answer goes to all nodes */
		ipv6_addr_set(&daddr, htonl(0xff020000), 0, 0, htonl(1));
	} else {
		daddr = ip6h->saddr;
		/* the solicitor's address, as the core learns it (7.2.3) */
		if (lladdr) {
			struct neighbour *neigh;

			neigh = __neigh_lookup(&nd_tbl, &daddr, dev, 1);
			if (neigh) {
				neigh_update(neigh, lladdr, NUD_STALE,
					     NEIGH_UPDATE_F_WEAK_OVERRIDE |
					     NEIGH_UPDATE_F_OVERRIDE, 0);
				neigh_release(neigh);
			}
		}
	}
	if (ipmob_send_na(dev, &daddr, &msg->target, router, !dad))
		ipmob_count(in, IPMOB_STAT_DROP_NOMEM);
	else
		ipmob_count(in, IPMOB_STAT_TX_PROXY_NA);
	consume_skb(skb);
	return NF_STOLEN;

drop:
	ipmob_count(in, IPMOB_STAT_DROP_ND);
	kfree_skb(skb);
	return NF_STOLEN;
}

/**
 * ipmob_arp_proxy - answer an ARP request for a proxied IPv4 home address
 * @priv: unused
 * @skb: an ARP packet received, network header at @skb->data
 * @state: the hook (NF_ARP_IN) and its namespace
 *
 * RFC 5555 4.5: a home agent answers address resolution on the IPv4 home
 * link for the IPv4 home addresses it serves, as it does Neighbor
 * Discovery for the IPv6 ones. The session says where (its proxy
 * interface); the reply carries that interface's link-layer address and
 * goes through the core's arp_send() (the ARP OUT hook, the neighbour
 * cache). A probe (RFC 5227, sender 0.0.0.0) is answered too: the
 * address is in use. Only Ethernet-like requests (hardware address as
 * long as the interface's, IPv4 protocol addresses) are looked at.
 *
 * Context: NF_ARP_IN, RCU read side.
 * Return: %NF_STOLEN for a request answered here, %NF_ACCEPT otherwise.
 */
unsigned int ipmob_arp_proxy(void *priv, struct sk_buff *skb,
			     const struct nf_hook_state *state)
{
	struct ipmob_net *in = ipmob_pernet(state->net);
	struct net_device *dev = skb->dev;
	const struct ipmob_binding *b;
	const struct arphdr *arp;
	unsigned int len;
	const u8 *p, *sha;
	__be32 sip, tip;

	if (!ipmob_has_bindings(in) || !dev || skb->pkt_type == PACKET_OTHERHOST ||
	    skb->pkt_type == PACKET_LOOPBACK)
		return NF_ACCEPT;
	len = sizeof(*arp) + 2 * (dev->addr_len + sizeof(__be32));
	if (!dev->addr_len || !pskb_may_pull(skb, len))
		return NF_ACCEPT;
	arp = arp_hdr(skb);
	if (arp->ar_op != htons(ARPOP_REQUEST) ||
	    arp->ar_pro != htons(ETH_P_IP) || arp->ar_hln != dev->addr_len ||
	    arp->ar_pln != sizeof(__be32))
		return NF_ACCEPT;
	p = (const u8 *)(arp + 1);
	sha = p;
	memcpy(&sip, p + dev->addr_len, sizeof(sip));
	memcpy(&tip, p + 2 * dev->addr_len + sizeof(sip), sizeof(tip));
	if (ipv4_is_multicast(tip) || ipv4_is_lbcast(tip) ||
	    ipv4_is_multicast(sip) || ipv4_is_lbcast(sip) || sip == tip)
		return NF_ACCEPT;
	b = ipmob_lookup_lpm4(in, tip, IPMOB_KIND_CACHE, ipmob_skb_iif(skb));
	if (!b || !b->proxy_if || b->proxy_if != dev->ifindex ||
	    b->key.plen != 128 || ipmob_binding_expired(b))
		return NF_ACCEPT;
	/* to the requester (a probe's answer too: RFC 5227 2.1.1) */
	arp_send(ARPOP_REPLY, ETH_P_ARP, sip ? sip : tip, dev, tip, sha,
		 dev->dev_addr, sha);
	ipmob_count(in, IPMOB_STAT_TX_PROXY_ARP);
	consume_skb(skb);
	return NF_STOLEN;
}
