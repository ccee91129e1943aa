// SPDX-License-Identifier: GPL-2.0
/*
 * ipmob: Home Address destination option and type 2 routing header.
 *
 * Transmit: the mobile node inserts a Destination Options header carrying
 * the Home Address option and sends from its care-of address (RFC 6275
 * 6.3, 9.3.1 / 11.3.1); the correspondent inserts a type 2 routing header
 * carrying the home address and sends to the care-of address (6.4, 9.3.2).
 * The upper-layer checksum stays computed over the home address, as 6.3
 * and 6.4 require, so CHECKSUM_PARTIAL and GSO state are left untouched.
 *
 * Receive: done in a PRE_ROUTING hook, before the core's own MIP6 code
 * (CONFIG_IPV6_MIP6), which would drop both headers for want of an xfrm
 * state. An accepted header gets its addresses swapped as 9.3.1 and 6.4
 * describe and its type rewritten to an RFC 4727 experimental value that
 * the core skips (IPMOB_HAO_DONE_TYPE, IPMOB_RH2_DONE_TYPE).
 */

#include <linux/skbuff.h>
#include <linux/netfilter.h>
#include <linux/netfilter_ipv6.h>
#include <net/ipv6.h>
#include <net/addrconf.h>

#include "ipmob.h"

#define IPMOB_EXTHDR_LEN	24	/* both headers are 24 octets */
#define IPMOB_MH_TYPE_BU	5	/* RFC 6275 6.1.7 */

/*
 * Find where a header goes: after the IPv6 header and Hop-by-Hop options,
 * and for the Home Address option also after routing headers (6.3).
 * Returns the offset from the network header, and in *nhoff the offset of
 * the Next Header byte that must name the inserted header.
 */
static int ipmob_insert_point(struct sk_buff *skb, bool after_rt, int *nhoff)
{
	unsigned int off = sizeof(struct ipv6hdr);
	u8 nexthdr = ipv6_hdr(skb)->nexthdr;

	*nhoff = offsetof(struct ipv6hdr, nexthdr);
	while (nexthdr == NEXTHDR_HOP ||
	       (after_rt && nexthdr == NEXTHDR_ROUTING)) {
		struct ipv6_opt_hdr _h;
		const struct ipv6_opt_hdr *h;

		h = skb_header_pointer(skb, skb_network_offset(skb) + off,
				       sizeof(_h), &_h);
		if (!h)
			return -EINVAL;
		*nhoff = off;
		nexthdr = h->nexthdr;
		off += ipv6_optlen(h);
	}
	return off;
}

/* Open a gap of IPMOB_EXTHDR_LEN octets at @off; returns the gap. */
static u8 *ipmob_open_gap(struct sk_buff *skb, int off, int nhoff, u8 type)
{
	struct ipv6hdr *ip6h;
	u8 *gap;
	u8 *nh;

	if (skb_network_offset(skb) != 0 || !pskb_may_pull(skb, off))
		return NULL;
	if (skb_cow_head(skb, IPMOB_EXTHDR_LEN))
		return NULL;
	skb_push(skb, IPMOB_EXTHDR_LEN);
	memmove(skb->data, skb->data + IPMOB_EXTHDR_LEN, off);
	skb_reset_network_header(skb);
	ip6h = ipv6_hdr(skb);
	nh = skb_network_header(skb);
	gap = nh + off;
	gap[0] = nh[nhoff];		/* new header inherits Next Header */
	gap[1] = (IPMOB_EXTHDR_LEN / 8) - 1;
	nh[nhoff] = type;
	be16_add_cpu(&ip6h->payload_len, IPMOB_EXTHDR_LEN);
	if (skb->ip_summed == CHECKSUM_COMPLETE)
		skb->ip_summed = CHECKSUM_NONE;
	return gap;
}

/**
 * ipmob_push_hao - insert a Home Address option, send from the care-of
 * @skb: IPv6 packet from the home address, network header at skb->data
 * @coa: care-of address to use as source
 *
 * Layout (RFC 6275 6.3): Next Header, Hdr Ext Len 2, PadN(2), then option
 * type 201 with length 16 at offset 6, so the address is 8n+6 aligned.
 */
int ipmob_push_hao(struct sk_buff *skb, const struct in6_addr *coa)
{
	struct ipv6hdr *ip6h;
	int off, nhoff;
	u8 *gap;

	off = ipmob_insert_point(skb, true, &nhoff);
	if (off < 0)
		return off;
	gap = ipmob_open_gap(skb, off, nhoff, NEXTHDR_DEST);
	if (!gap)
		return -ENOMEM;
	ip6h = ipv6_hdr(skb);
	gap[2] = IPV6_TLV_PADN;
	gap[3] = 2;
	gap[4] = 0;
	gap[5] = 0;
	gap[6] = IPV6_TLV_HAO;
	gap[7] = sizeof(struct in6_addr);
	memcpy(gap + 8, &ip6h->saddr, sizeof(struct in6_addr));
	ip6h->saddr = *coa;
	return 0;
}

/**
 * ipmob_push_rh2 - insert a type 2 routing header, send to the care-of
 * @skb: IPv6 packet to the home address, network header at skb->data
 * @coa: care-of address to use as destination
 *
 * Layout (RFC 6275 6.4): Hdr Ext Len 2, type 2, Segments Left 1, four
 * reserved octets, the home address.
 */
int ipmob_push_rh2(struct sk_buff *skb, const struct in6_addr *coa)
{
	struct ipv6hdr *ip6h;
	int off, nhoff;
	u8 *gap;

	off = ipmob_insert_point(skb, false, &nhoff);
	if (off < 0)
		return off;
	gap = ipmob_open_gap(skb, off, nhoff, NEXTHDR_ROUTING);
	if (!gap)
		return -ENOMEM;
	ip6h = ipv6_hdr(skb);
	gap[2] = IPV6_SRCRT_TYPE_2;
	gap[3] = 1;
	memset(gap + 4, 0, 4);
	memcpy(gap + 8, &ip6h->daddr, sizeof(struct in6_addr));
	ip6h->daddr = *coa;
	return 0;
}

/**
 * ipmob_tx_hao_swap - send a home address's packet from the care-of address
 * @in: per-netns state
 * @skb: a locally generated IPv6 packet at LOCAL_OUT, past IPsec, whose
 *	first header after the IPv6 header is a Destination Options header
 * @sk: its socket, from the hook state
 *
 * ipmobd sends an IPsec-protected Binding Update from the home address, so
 * that the policy on the home address applies (RFC 4877 4.2), with the
 * care-of address in an option of type IPMOB_HAO_TX_TYPE; ESP goes after
 * that header (ip6_find_1stfragopt()). Now that IPsec is done, the option
 * becomes the Home Address option and the care-of address the source (RFC
 * 6275 6.3, 11.3.1): the addresses are swapped, as the receiver swaps
 * them back, and the packet is routed again from the care-of address. The
 * upper-layer checksum stays over the home address, as 6.3 requires. A
 * Destination Options header without that option is left alone.
 * Return: NF_ACCEPT, or NF_DROP (counted) when the option is malformed,
 * the care-of address is not this node's, or there is no route from it.
 */
unsigned int ipmob_tx_hao_swap(struct ipmob_net *in, struct sk_buff *skb,
			       struct sock *sk)
{
	const unsigned int off = sizeof(struct ipv6hdr);
	const struct ipv6_opt_hdr *h;
	unsigned int p, len, opt = 0;
	struct in6_addr *coa;
	struct ipv6hdr *ip6h;
	u8 *nh;

	if (skb_network_offset(skb) != 0 ||
	    !pskb_may_pull(skb, off + sizeof(*h)))
		return NF_ACCEPT;
	h = (struct ipv6_opt_hdr *)(skb_network_header(skb) + off);
	len = ipv6_optlen(h);
	if (!pskb_may_pull(skb, off + len))
		return NF_ACCEPT;
	nh = skb_network_header(skb);
	for (p = off + 2; p < off + len;) {
		if (nh[p] == IPV6_TLV_PAD1) {
			p++;
			continue;
		}
		if (p + 2 > off + len || p + 2 + nh[p + 1] > off + len)
			break;
		if (nh[p] == IPMOB_HAO_TX_TYPE) {
			opt = p;
			break;
		}
		p += 2 + nh[p + 1];
	}
	if (!opt)
		return NF_ACCEPT;
	coa = (struct in6_addr *)(nh + opt + 2);
	if (nh[opt + 1] != sizeof(struct in6_addr) || !ipmob_addr_valid(coa) ||
	    !ipv6_chk_addr(in->net, coa, NULL, 0))
		goto drop;
	if (skb_ensure_writable(skb, off + len))
		goto drop;
	nh = skb_network_header(skb);
	ip6h = ipv6_hdr(skb);
	coa = (struct in6_addr *)(nh + opt + 2);
	swap(ip6h->saddr, *coa);
	nh[opt] = IPV6_TLV_HAO;
	/* the source changed: the route of the care-of address */
	if (ip6_route_me_harder(in->net, sk, skb))
		goto drop;
	ipmob_count(in, IPMOB_STAT_TX_HAO_SWAP);
	return NF_ACCEPT;

drop:
	ipmob_count(in, IPMOB_STAT_DROP_HAO_SWAP);
	return NF_DROP;
}

/*
 * What follows the header at @off: the upper-layer protocol, and for a
 * Mobility Header its type (255 when unknown).
 */
static u8 ipmob_upper(struct sk_buff *skb, unsigned int off, u8 nexthdr,
		      u8 *mh_type)
{
	__be16 frag_off;
	int upper;
	u8 _t, *t;

	*mh_type = 255;
	upper = ipv6_skip_exthdr(skb, off, &nexthdr, &frag_off);
	if (upper < 0)
		return NEXTHDR_NONE;
	if (nexthdr == IPPROTO_MH) {
		t = skb_header_pointer(skb, upper + 2, 1, &_t);
		if (t)
			*mh_type = *t;
	}
	return nexthdr;
}

/* Home Address option in the Destination Options header at @off. */
static unsigned int ipmob_rx_destopt(struct ipmob_net *in, struct sk_buff *skb,
				     unsigned int off, unsigned int len)
{
	struct ipmob_binding *b;
	struct ipv6hdr *ip6h;
	struct in6_addr *hoa;
	unsigned int p, hao = 0;
	u8 *nh = skb_network_header(skb);
	u8 upper, mh_type;

	for (p = off + 2; p < off + len;) {
		if (nh[p] == IPV6_TLV_PAD1) {
			p++;
			continue;
		}
		if (p + 2 > off + len || p + 2 + nh[p + 1] > off + len)
			return NF_ACCEPT;	/* malformed TLV: the core rejects it */
		if (nh[p] == IPV6_TLV_HAO) {
			if (hao) {		/* at most one per header, 6.3 */
				ipmob_count(in, IPMOB_STAT_DROP_HAO_MALFORMED);
				return NF_DROP;
			}
			hao = p;
		}
		p += 2 + nh[p + 1];
	}
	if (!hao)
		return NF_ACCEPT;
	if (nh[hao + 1] != sizeof(struct in6_addr)) {
		ipmob_count(in, IPMOB_STAT_DROP_HAO_MALFORMED);
		return NF_DROP;
	}
	hoa = (struct in6_addr *)(nh + hao + 2);
	if (!ipmob_addr_valid(hoa)) {
		ipmob_count(in, IPMOB_STAT_DROP_HAO_MALFORMED);
		return NF_DROP;
	}

	ip6h = ipv6_hdr(skb);
	b = ipmob_lookup(in, hoa, NULL, IPMOB_KIND_CACHE);
	if (b && ipmob_coa_find(b, &ip6h->saddr)) {
		ipmob_binding_used(in, b, false);
	} else {
		/*
		 * 9.3.1: no binding for this home address and care-of
		 * address. A Binding Update creates one and is let through
		 * (as is IPsec-protected traffic, which IPsec authenticates,
		 * RFC 4877); anything else is dropped and owes a Binding
		 * Error with status 1.
		 */
		upper = ipmob_upper(skb, off + len, nh[off], &mh_type);
		if (!((upper == IPPROTO_MH && mh_type == IPMOB_MH_TYPE_BU) ||
		      upper == IPPROTO_ESP || upper == IPPROTO_AH)) {
			ipmob_count(in, b ? IPMOB_STAT_DROP_HAO_BAD_COA :
					    IPMOB_STAT_DROP_HAO_NO_BINDING);
			ipmob_notify_berr(in, &ip6h->saddr, &ip6h->daddr, hoa,
					  IPMOB_BE_UNKNOWN_HAO,
					  upper == IPPROTO_MH ? mh_type : 255);
			return NF_DROP;
		}
	}

	/* Writable copy of the headers (a capture may share the data). */
	if (skb_ensure_writable(skb, off + len))
		return NF_DROP;
	nh = skb_network_header(skb);
	ip6h = ipv6_hdr(skb);
	hoa = (struct in6_addr *)(nh + hao + 2);
	skb_postpull_rcsum(skb, nh, off + len);
	swap(ip6h->saddr, *hoa);
	nh[hao] = IPMOB_HAO_DONE_TYPE;
	skb_postpush_rcsum(skb, nh, off + len);
	ipmob_count(in, IPMOB_STAT_RX_HAO);
	return NF_ACCEPT;
}

/*
 * A home address of this node without a binding yet: configured on an
 * ipmob device, the packet addressed to one of our (care-of) addresses.
 * The Binding Acknowledgement of a first registration (6.1.8, 11.7.3)
 * and a correspondent's first route-optimised packets arrive this way.
 * Called under RCU (netfilter hook).
 */
static bool ipmob_own_hoa(struct ipmob_net *in, const struct in6_addr *hoa,
			  const struct in6_addr *coa)
{
	return ipv6_chk_addr(in->net, coa, NULL, 0) && ipmob_on_dev(in, hoa);
}

/* Type 2 routing header at @off (mobile node side, 6.4 and 11.3.3). */
static unsigned int ipmob_rx_rh2(struct ipmob_net *in, struct sk_buff *skb,
				 unsigned int off)
{
	struct ipmob_binding *b;
	struct ipv6hdr *ip6h;
	struct rt2_hdr *rt2;

	rt2 = (struct rt2_hdr *)(skb_network_header(skb) + off);
	if (rt2->rt_hdr.hdrlen != 2 || rt2->rt_hdr.segments_left != 1) {
		ipmob_count(in, IPMOB_STAT_DROP_RH2_MALFORMED);
		return NF_DROP;
	}
	ip6h = ipv6_hdr(skb);
	if (!ipmob_addr_valid(&rt2->addr)) {
		ipmob_count(in, IPMOB_STAT_DROP_RH2_MALFORMED);
		return NF_DROP;
	}
	b = ipmob_lookup(in, &rt2->addr, &ip6h->saddr, IPMOB_KIND_MN_RO);
	if (!b)
		b = ipmob_lookup(in, &rt2->addr, NULL, IPMOB_KIND_MN_HOME);
	if (!b && !ipmob_own_hoa(in, &rt2->addr, &ip6h->daddr)) {
		ipmob_count(in, IPMOB_STAT_DROP_RH2_NOT_HOA);
		return NF_DROP;
	}
	if (b)
		ipmob_binding_used(in, b, false);

	if (skb_ensure_writable(skb, off + sizeof(*rt2)))
		return NF_DROP;
	ip6h = ipv6_hdr(skb);
	rt2 = (struct rt2_hdr *)(skb_network_header(skb) + off);
	skb_postpull_rcsum(skb, ip6h, off + sizeof(*rt2));
	swap(ip6h->daddr, rt2->addr);
	rt2->rt_hdr.segments_left = 0;
	rt2->rt_hdr.type = IPMOB_RH2_DONE_TYPE;
	skb_postpush_rcsum(skb, ip6h, off + sizeof(*rt2));
	ipmob_count(in, IPMOB_STAT_RX_RH2);
	return NF_ACCEPT;
}

/**
 * ipmob_rx_exthdrs - process mobility extension headers of a received packet
 * @in: per-netns state
 * @skb: IPv6 packet at PRE_ROUTING, network header at skb->data
 *
 * Return: a netfilter verdict (NF_ACCEPT or NF_DROP).
 */
unsigned int ipmob_rx_exthdrs(struct ipmob_net *in, struct sk_buff *skb)
{
	unsigned int off = sizeof(struct ipv6hdr);
	u8 nexthdr = ipv6_hdr(skb)->nexthdr;
	unsigned int verdict = NF_ACCEPT;

	while (nexthdr == NEXTHDR_HOP || nexthdr == NEXTHDR_ROUTING ||
	       nexthdr == NEXTHDR_DEST) {
		const struct ipv6_opt_hdr *h;
		unsigned int len;

		if (!pskb_may_pull(skb, off + sizeof(*h)))
			return NF_ACCEPT;
		h = (struct ipv6_opt_hdr *)(skb_network_header(skb) + off);
		len = ipv6_optlen(h);
		if (!pskb_may_pull(skb, off + len))
			return NF_ACCEPT;
		h = (struct ipv6_opt_hdr *)(skb_network_header(skb) + off);
		if (nexthdr == NEXTHDR_ROUTING &&
		    ((struct ipv6_rt_hdr *)h)->type == IPV6_SRCRT_TYPE_2)
			verdict = ipmob_rx_rh2(in, skb, off);
		else if (nexthdr == NEXTHDR_DEST)
			verdict = ipmob_rx_destopt(in, skb, off, len);
		if (verdict != NF_ACCEPT)
			return verdict;
		h = (struct ipv6_opt_hdr *)(skb_network_header(skb) + off);
		nexthdr = h->nexthdr;
		off += len;
	}
	return NF_ACCEPT;
}
