// SPDX-License-Identifier: GPL-2.0
/*
 * ipmob: minimal encapsulation (RFC 2004), IP protocol 55.
 *
 * Mobile IPv4's optional encapsulation (RFC 5944 3.1, the M bit of a
 * Registration Request): no second IP header, the original one is
 * rewritten to go to the tunnel exit and a minimal forwarding header
 * after it keeps what was rewritten:
 *
 *	| IP header (protocol 55, src encapsulator, dst tunnel exit) |
 *	| protocol | S | reserved | checksum | original destination |
 *	| original source (S = 1) | original payload ...              |
 *
 * Transmit: care-of records with IPMOB_ENCAP_MINENC (IPv4 home and
 * care-of addresses) come here from ipmob_tunnel_xmit(). A fragment goes
 * as IPv4 in IPv4 instead (RFC 2004 3), a GSO packet is segmented first
 * (there is no offload for this header). The TTL is left alone (RFC 2004
 * 3: forwarding decremented it already); the header's ID, DF and options
 * stay the original's, so a DF packet that would not fit the path gets a
 * Fragmentation Needed (ipmob_check_mtu()).
 *
 * Receive: no kernel module handles protocol 55, so ipmob owns it. The
 * header checksum is verified, the session found by the inner addresses,
 * the outer source and the session's encapsulation checked as for IP in
 * IP (ipmob_rx_check()), the original header restored in place and the
 * packet handed to the session's device (ipmob_rx_deliver()). Packets for
 * no session are counted (drop_no_session) and dropped.
 */

#include <linux/skbuff.h>
#include <linux/icmp.h>
#include <net/ip.h>
#include <net/icmp.h>
#include <net/protocol.h>
#include <net/route.h>
#include <net/checksum.h>
#include <net/ip_tunnels.h>
#ifdef IPMOB_HAVE_NET_GSO_H
#include <net/gso.h>
#endif

#include "ipmob.h"

/* The S bit: the original source address is present. */
#define IPMOB_MINFWD_S		0x80

/**
 * struct ipmob_minfwd - the minimal forwarding header (RFC 2004 3)
 * @protocol: the original header's protocol
 * @flags: %IPMOB_MINFWD_S, the rest reserved
 * @check: one's complement checksum of this header alone
 * @daddr: the original destination
 * @saddr: the original source, present with %IPMOB_MINFWD_S only
 */
struct ipmob_minfwd {
	u8 protocol;
	u8 flags;
	__sum16 check;
	__be32 daddr;
	__be32 saddr;
};

#define IPMOB_MINFWD_LEN(s)	((s) ? 12 : 8)

/*
 * Rewrite one (non-GSO) IPv4 packet into its minimal encapsulation and
 * send it on @rt (whose reference it takes). Consumes the packet.
 */
static void ipmob_minenc_send(struct ipmob_net *in, struct net_device *dev,
			      struct sk_buff *skb, struct rtable *rt,
			      __be32 saddr, __be32 daddr)
{
	struct ipmob_minfwd *mh;
	unsigned int hlen, mlen;
	struct iphdr *iph;
	int err, len;
	bool s;

	/*
	 * A checksum left to the hardware would be computed by a device
	 * that reads protocol 55 in the header: do it here.
	 */
	if (skb->ip_summed == CHECKSUM_PARTIAL && skb_checksum_help(skb))
		goto nomem;
	hlen = ip_hdr(skb)->ihl * 4;
	if (skb_cow_head(skb, LL_RESERVED_SPACE(rt->dst.dev) +
			      IPMOB_MINENC_OVERHEAD + rt->dst.header_len) ||
	    skb_ensure_writable(skb, hlen))
		goto nomem;

	iph = ip_hdr(skb);
	/* RFC 2004 3: the source is replaced unless it is the encapsulator */
	s = iph->saddr != saddr;
	mlen = IPMOB_MINFWD_LEN(s);
	skb_push(skb, mlen);
	memmove(skb->data, skb->data + mlen, hlen);
	skb_reset_network_header(skb);
	iph = ip_hdr(skb);
	mh = (struct ipmob_minfwd *)((u8 *)iph + hlen);
	mh->protocol = iph->protocol;
	mh->flags = s ? IPMOB_MINFWD_S : 0;
	mh->check = 0;
	mh->daddr = iph->daddr;
	if (s)
		mh->saddr = iph->saddr;
	mh->check = ip_compute_csum(mh, mlen);

	iph->protocol = IPMOB_IPPROTO_MINENC;
	iph->saddr = saddr;
	iph->daddr = daddr;
	iph->tot_len = htons(ntohs(iph->tot_len) + mlen);
	ip_send_check(iph);

	/* a new packet of this node, as in iptunnel_xmit() */
	skb_scrub_packet(skb, false);
	skb_dst_set(skb, &rt->dst);
	memset(IPCB(skb), 0, sizeof(*IPCB(skb)));
	skb->protocol = htons(ETH_P_IP);
	len = skb->len;
	err = ip_local_out(in->net, NULL, skb);
	if (likely(!net_xmit_eval(err)))
		dev_sw_netstats_tx_add(dev, 1, len);
	else
		DEV_STATS_INC(dev, tx_errors);
	return;

nomem:
	ipmob_count(in, IPMOB_STAT_DROP_NOMEM);
	ip_rt_put(rt);
	kfree_skb(skb);
}

/**
 * ipmob_minenc_xmit - send a packet in minimal encapsulation
 * @skb: inner IPv4 packet, network header at skb->data
 * @dev: ipmob device
 * @b: binding (RCU)
 * @coa: its IPv4 care-of record with IPMOB_ENCAP_MINENC
 *
 * Return: 0 when the packet was consumed; the caller frees on error.
 */
int ipmob_minenc_xmit(struct sk_buff *skb, struct net_device *dev,
		      struct ipmob_binding *b, const struct ipmob_coa *coa)
{
	struct ipmob_net *in = ipmob_pernet(dev_net(dev));
	struct sk_buff *segs, *seg, *next;
	struct flowi4 fl4;
	struct rtable *rt;
	int err;

	/* only IPv4 bindings have such records (netlink.c); be sure */
	if (unlikely(skb->protocol != htons(ETH_P_IP) ||
		     !ipmob_coa_is4(coa)))
		return -EINVAL;
	/* RFC 2004 3: MUST NOT be used for a datagram already fragmented */
	if (ip_is_fragment(ip_hdr(skb)))
		return ipmob_tunnel_xmit4(skb, dev, b, coa);

	rt = ipmob_coa_route4(in, skb, b, coa, IPMOB_IPPROTO_MINENC, &fl4);
	if (IS_ERR(rt))
		return PTR_ERR(rt);

	err = ipmob_check_mtu(in, skb, &rt->dst, IPMOB_MINENC_OVERHEAD);
	if (err) {
		ip_rt_put(rt);
		return err;
	}
	ipmob_binding_used(in, b, true);

	if (!skb_is_gso(skb)) {
		ipmob_count(in, IPMOB_STAT_TX_TUNNEL);
		ipmob_minenc_send(in, dev, skb, rt, fl4.saddr, fl4.daddr);
		return 0;
	}
	/* no offload knows this header: segment, then encapsulate each */
	segs = skb_gso_segment(skb, 0);
	if (IS_ERR_OR_NULL(segs)) {
		ip_rt_put(rt);
		ipmob_count(in, IPMOB_STAT_DROP_NOMEM);
		return -ENOMEM;
	}
	consume_skb(skb);
	skb_list_walk_safe(segs, seg, next) {
		skb_mark_not_on_list(seg);
		dst_hold(&rt->dst);
		ipmob_count(in, IPMOB_STAT_TX_TUNNEL);
		ipmob_minenc_send(in, dev, seg, rt, fl4.saddr, fl4.daddr);
	}
	ip_rt_put(rt);
	return 0;
}

static int ipmob_minenc_rcv(struct sk_buff *skb)
{
	struct ipmob_net *in = ipmob_pernet(dev_net(skb->dev));
	struct ipmob_minfwd mh;
	struct ipmob_binding *b;
	unsigned int hlen, mlen;
	struct ipmob_outer o;
	enum ipmob_stat why;
	struct iphdr *iph;
	__be32 isrc;

	if (!pskb_may_pull(skb, IPMOB_MINFWD_LEN(false)))
		goto bad;
	mlen = IPMOB_MINFWD_LEN(skb->data[1] & IPMOB_MINFWD_S);
	if (!pskb_may_pull(skb, mlen))
		goto bad;
	memcpy(&mh, skb->data, mlen);
	if (ip_compute_csum(&mh, mlen))
		goto bad;
	iph = ip_hdr(skb);
	isrc = mlen == IPMOB_MINFWD_LEN(true) ? mh.saddr : iph->saddr;
	if (!ipmob_addr4_valid(isrc) || !ipmob_addr4_valid(mh.daddr))
		goto bad;
	o.is4 = true;
	o.has_key = false;
	o.encap = IPMOB_ENCAP_MINENC;
	o.dsfield = 0;	/* the outer header is the inner one: nothing to copy */
	ipv6_addr_set_v4mapped(iph->saddr, &o.saddr);

	rcu_read_lock();
	if (unlikely(READ_ONCE(in->dead))) {
		rcu_read_unlock();
		kfree_skb(skb);
		return 0;
	}
	b = ipmob_rx_session4(in, isrc, mh.daddr, &o);
	why = b ? ipmob_rx_check(b, &o, false, skb) :
		  IPMOB_STAT_DROP_NO_SESSION;
	if (why) {
		rcu_read_unlock();
		ipmob_count(in, why);
		kfree_skb(skb);
		return 0;
	}

	/*
	 * Restore the original header in place: drop the forwarding header,
	 * move the (possibly optioned) IP header up to the payload. Both
	 * headers carry valid checksums, so neither changes a received
	 * CHECKSUM_COMPLETE sum; the rcsum helpers keep it exact anyway.
	 */
	hlen = skb_network_header_len(skb);
	if (skb_cow_head(skb, 0)) {
		rcu_read_unlock();
		ipmob_count(in, IPMOB_STAT_DROP_NOMEM);
		kfree_skb(skb);
		return 0;
	}
	skb_pull_rcsum(skb, mlen);
	memmove(skb_network_header(skb) + mlen, skb_network_header(skb),
		hlen);
	skb_push(skb, hlen);
	skb_reset_network_header(skb);
	iph = ip_hdr(skb);
	iph->protocol = mh.protocol;
	iph->saddr = isrc;
	iph->daddr = mh.daddr;
	iph->tot_len = htons(ntohs(iph->tot_len) - mlen);
	ip_send_check(iph);
	skb_postpush_rcsum(skb, iph, hlen);

	ipmob_rx_deliver(in, b, skb, true, 0);
	rcu_read_unlock();
	return 0;

bad:
	ipmob_count(in, IPMOB_STAT_DROP_BAD_INNER);
	kfree_skb(skb);
	return 0;
}

/*
 * ICMP error about a packet we sent in minimal encapsulation; skb->data
 * is the quoted (rewritten) header, the forwarding header after it.
 * Fragmentation Needed lowers the path MTU toward the tunnel exit.
 */
static int ipmob_minenc_err(struct sk_buff *skb, u32 info)
{
	const struct iphdr *iph = (const struct iphdr *)skb->data;
	struct net *net = dev_net(skb->dev);
	struct ipmob_net *in = ipmob_pernet(net);
	const int type = icmp_hdr(skb)->type;
	const int code = icmp_hdr(skb)->code;
	struct ipmob_minfwd _mh;
	const struct ipmob_minfwd *mh;
	__be32 isrc;
	bool ours;

	mh = skb_header_pointer(skb, iph->ihl * 4, IPMOB_MINFWD_LEN(false),
				&_mh);
	if (!mh)
		return -EINVAL;
	isrc = iph->saddr;
	if (mh->flags & IPMOB_MINFWD_S) {
		mh = skb_header_pointer(skb, iph->ihl * 4,
					IPMOB_MINFWD_LEN(true), &_mh);
		if (!mh)
			return -EINVAL;
		isrc = mh->saddr;
	}
	rcu_read_lock();
	ours = !READ_ONCE(in->dead) &&
	       (ipmob_lookup_rx4(in, mh->daddr, IPMOB_KIND_CACHE) ||
		ipmob_lookup_rx4(in, isrc, IPMOB_KIND_MN_HOME));
	rcu_read_unlock();
	if (!ours)
		return -ENOENT;
	if (type == ICMP_DEST_UNREACH && code == ICMP_FRAG_NEEDED) {
		ipmob_count(in, IPMOB_STAT_RX_PTB);
		ipv4_update_pmtu(skb, net, info, 0, IPMOB_IPPROTO_MINENC);
	} else if (type == ICMP_REDIRECT) {
		ipv4_redirect(skb, net, 0, IPMOB_IPPROTO_MINENC);
	}
	return 0;
}

/* no_policy: ipmob_rx_check() applies the inbound policy, as ipip does */
static const struct net_protocol ipmob_minenc_protocol = {
	.handler = ipmob_minenc_rcv,
	.err_handler = ipmob_minenc_err,
	.no_policy = 1,
};

int ipmob_minenc_init(void)
{
	int err = inet_add_protocol(&ipmob_minenc_protocol,
				    IPMOB_IPPROTO_MINENC);

	if (err)
		pr_err("ipmob: IP protocol %u (minimal encapsulation) is taken\n",
		       IPMOB_IPPROTO_MINENC);
	return err;
}

void ipmob_minenc_exit(void)
{
	inet_del_protocol(&ipmob_minenc_protocol, IPMOB_IPPROTO_MINENC);
	synchronize_net();
}
