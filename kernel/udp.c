// SPDX-License-Identifier: GPL-2.0
/*
 * ipmob: UDP encapsulation (RFC 5555 4.1 for DSMIPv6, RFC 5844 7.1 for
 * PMIPv6 over IPv4): the inner IPv4 or IPv6 packet right after a UDP
 * header, over IPv4 or IPv6.
 *
 * The signalling arrives on the same port as the data (a DSMIPv6 Binding
 * Update is an IPv6 packet in UDP), and the home agent must see the
 * address and port the NAT gave it (RFC 5555 4.1). So user space owns the
 * socket: it binds it and hands it over (IPMOB_CMD_UDP_SET), as user space
 * hands its socket to ovpn. ipmob sets the socket's encapsulation receive
 * hook, decapsulates what belongs to a session (outer address and port of
 * the care-of record, inner addresses of the session) and leaves every
 * other datagram, and every Mobility Header message, in the socket for its
 * owner. Transmit builds the UDP header from the socket's port.
 *
 * The socket's lifetime is its owner's: closing it (encap_destroy) takes
 * it away from ipmob, and ipmob holds only a struct sock reference in
 * between (a reference on the file would keep the namespace alive).
 *
 * A binding cache record without a port learns it from the packets its
 * session accepts from the care-of address, and follows the NAT when it
 * changes the mapping.
 *
 * A care-of record may put a header between UDP and the inner packet
 * (IPMOB_CA_UDP_HDR): the RFC 3519 3.3 MIP Tunnel Data header (Type 4,
 * Next Header 4 or 41) or the RFC 5845 7.2 TLV header (Type 0, Next
 * Header 47, Length) followed by GRE with the record's key (RFC 5845 7.1:
 * TLV is how GRE goes over UDP). The first octet after UDP tells them
 * apart on receive: an IP version (4 or 6 in the high nibble), Type 4,
 * or Type 0 (RFC 5845 7.1 chose 0 so that it differs from a version).
 * Every other datagram (RFC 3519 registration messages, types 1 and 3,
 * and a TLV header whose reserved nibble is not zero, which cannot be
 * told from them) stays in the socket for its owner. A tunnel header
 * that does not parse is dropped (IPMOB_STAT_DROP_UDP_HDR).
 *
 * A GSO packet of a TLV record is segmented before it is encapsulated:
 * the TLV Length is each datagram's, which the UDP tunnel segmentation
 * (copying the headers in front of the inner packet) cannot fix up. The
 * Tunnel Data header is the same in every segment, so those keep GSO.
 */

#include <linux/file.h>
#include <linux/if_tunnel.h>
#include <linux/net.h>
#include <linux/udp.h>
#include <net/gre.h>
#include <net/inet_ecn.h>
#include <net/ip.h>
#include <net/ip6_checksum.h>
#include <net/ip6_route.h>
#include <net/ip6_tunnel.h>
#include <net/ip_tunnels.h>
#include <net/udp.h>
#include <net/udp_tunnel.h>

#include "ipmob.h"

/*
 * Marks the socket as an encapsulation socket (the core only tells ESP's
 * type apart); the value shows in "ss -e" style dumps as ipmob's.
 */
#define IPMOB_UDP_ENCAP_TYPE	0x4d

/*
 * GSO types of a tunnelled packet: software segmentation of a UDP tunnel
 * (skb_udp_tunnel_segment) hands the part after the UDP header (and the
 * RFC 3519 header) to the offload of the inner IP protocol under the
 * outer family: sit/ipip over IPv4 want SKB_GSO_IPXIP4, ip4ip6/ip6ip6
 * over IPv6 SKB_GSO_IPXIP6, and refuse the packet (-EINVAL, a tx drop)
 * without it. So both bits, as FOU's IP-in-IP-in-UDP has them.
 */
#define IPMOB_UDP_GSO4	(SKB_GSO_UDP_TUNNEL_CSUM | SKB_GSO_IPXIP4)
#define IPMOB_UDP_GSO6	(SKB_GSO_UDP_TUNNEL_CSUM | SKB_GSO_IPXIP6)

/* RFC 3519 3.3: Type of the MIP Tunnel Data message */
#define IPMOB_MIP4_TUNNEL_DATA	4
/* RFC 5845 7.2: the TLV header's Type (high nibble) and reserved nibble */
#define IPMOB_TLV_TYPE		0
#define IPMOB_UDP_SHIM_LEN	4	/* either header */

/**
 * struct ipmob_udp - the namespace's UDP tunnel socket
 * @sk: the socket (a reference held; freed after RCU, as every UDP socket)
 * @port: its local port, network order
 * @family: AF_INET or AF_INET6
 * @rcu: deferred free
 */
struct ipmob_udp {
	struct sock *sk;
	__be16 port;
	u16 family;
	struct rcu_head rcu;
};

static int ipmob_udp_rcv(struct sock *sk, struct sk_buff *skb);
static void ipmob_udp_destroy(struct sock *sk);

/* Take the hooks off the socket and let it go. Context: in->lock. */
static void ipmob_udp_detach(struct ipmob_net *in)
{
	struct ipmob_udp *u = rcu_dereference_protected(in->udp,
						lockdep_is_held(&in->lock));
	struct sock *sk;

	if (!u)
		return;
	RCU_INIT_POINTER(in->udp, NULL);
	sk = u->sk;
	lock_sock(sk);
	WRITE_ONCE(udp_sk(sk)->encap_rcv, NULL);
	WRITE_ONCE(udp_sk(sk)->encap_destroy, NULL);
	WRITE_ONCE(udp_sk(sk)->encap_type, 0);
	release_sock(sk);
	/* receive paths that saw the hook are done before the last put */
	synchronize_net();
	sock_put(sk);
	kfree_rcu(u, rcu);
}

/**
 * ipmob_udp_set - make a socket of the caller the namespace's UDP socket
 * @in: per-netns state
 * @fd: its file descriptor in the caller, or -1 to let go of the one set
 * @extack: error report
 *
 * Context: process, holds in->lock.
 * Return: 0 or a negative errno (nothing changed).
 */
int ipmob_udp_set(struct ipmob_net *in, int fd, struct netlink_ext_ack *extack)
{
	struct ipmob_udp *u;
	struct socket *sock;
	struct sock *sk;
	int err;

	lockdep_assert_held(&in->lock);
	if (fd < 0) {
		ipmob_udp_detach(in);
		return 0;
	}
	sock = sockfd_lookup(fd, &err);
	if (!sock) {
		NL_SET_ERR_MSG(extack, "not a socket");
		return err;
	}
	sk = sock->sk;
	err = -EINVAL;
	if (sock->type != SOCK_DGRAM || sk->sk_protocol != IPPROTO_UDP ||
	    (sk->sk_family != AF_INET && sk->sk_family != AF_INET6)) {
		NL_SET_ERR_MSG(extack, "not a UDP socket");
		goto out;
	}
	if (!net_eq(sock_net(sk), in->net)) {
		NL_SET_ERR_MSG(extack, "the socket is of another namespace");
		goto out;
	}
	if (!inet_sk(sk)->inet_num) {
		NL_SET_ERR_MSG(extack, "the socket is not bound to a port");
		goto out;
	}
	u = kzalloc(sizeof(*u), GFP_KERNEL);
	if (!u) {
		err = -ENOMEM;
		goto out;
	}
	lock_sock(sk);
	if (READ_ONCE(udp_sk(sk)->encap_type)) {
		release_sock(sk);
		kfree(u);
		NL_SET_ERR_MSG(extack,
			       "the socket already carries an encapsulation");
		err = -EBUSY;
		goto out;
	}
	sock_hold(sk);
	u->sk = sk;
	u->port = inet_sk(sk)->inet_sport;
	u->family = sk->sk_family;
	WRITE_ONCE(udp_sk(sk)->encap_type, IPMOB_UDP_ENCAP_TYPE);
	WRITE_ONCE(udp_sk(sk)->encap_rcv, ipmob_udp_rcv);
	WRITE_ONCE(udp_sk(sk)->encap_destroy, ipmob_udp_destroy);
	udp_tunnel_encap_enable(sk);
	release_sock(sk);

	ipmob_udp_detach(in);
	rcu_assign_pointer(in->udp, u);
	err = 0;
out:
	sockfd_put(sock);
	return err;
}

/**
 * ipmob_udp_get - the namespace's UDP socket's port and family
 * @in: per-netns state
 * @port: set to the port, host order
 * @family: set to the family
 *
 * Return: false when there is none.
 */
bool ipmob_udp_get(struct ipmob_net *in, u16 *port, u16 *family)
{
	const struct ipmob_udp *u;
	bool ret = false;

	rcu_read_lock();
	u = rcu_dereference(in->udp);
	if (u) {
		*port = ntohs(u->port);
		*family = u->family;
		ret = true;
	}
	rcu_read_unlock();
	return ret;
}

/**
 * ipmob_udp_exit - let go of the socket when the namespace or the module goes
 * @in: per-netns state
 */
void ipmob_udp_exit(struct ipmob_net *in)
{
	mutex_lock(&in->lock);
	ipmob_udp_detach(in);
	mutex_unlock(&in->lock);
}

/* The owner closed the socket: it is no longer the tunnel's. */
static void ipmob_udp_destroy(struct sock *sk)
{
	struct ipmob_net *in = ipmob_pernet(sock_net(sk));
	struct ipmob_udp *u;

	mutex_lock(&in->lock);
	u = rcu_dereference_protected(in->udp, lockdep_is_held(&in->lock));
	if (u && u->sk == sk)
		ipmob_udp_detach(in);
	mutex_unlock(&in->lock);
}

/*
 * Is the inner IPv6 packet at @off a Mobility Header message? Those are
 * the owner's (a DSMIPv6 Binding Update or Acknowledgement: it must see
 * the outer address and port).
 */
static bool ipmob_udp_inner_mh(struct sk_buff *skb, int off)
{
	const struct ipv6hdr *ip6h = (const struct ipv6hdr *)(skb->data + off);
	__be16 frag_off;
	u8 nexthdr = ip6h->nexthdr;

	if (ipv6_skip_exthdr(skb, off + sizeof(*ip6h), &nexthdr,
			     &frag_off) < 0)
		return false;
	return nexthdr == IPPROTO_MH;
}

/**
 * struct ipmob_udp_rx - what the receive path learnt of the headers
 *	after UDP
 * @off: offset of the inner IP header from skb->data (the UDP header)
 * @hdr: enum ipmob_udp_hdr
 * @inner4: the inner packet is IPv4
 * @has_key: a GRE key came (IPMOB_UDP_HDR_TLV)
 * @key: that key, host order
 */
struct ipmob_udp_rx {
	unsigned int off;
	u8 hdr;
	bool inner4;
	bool has_key;
	u32 key;
};

/*
 * Parse the RFC 5845 7.2 TLV header and the GRE header after it, at
 * skb->data + @hlen (the first octet, Type 0, seen). Returns 0, or
 * IPMOB_STAT_DROP_UDP_HDR for a header to drop.
 */
static enum ipmob_stat ipmob_udp_parse_tlv(struct sk_buff *skb, int hlen,
					   struct ipmob_udp_rx *rx)
{
	const struct gre_base_hdr *greh;
	unsigned int off = hlen + IPMOB_UDP_SHIM_LEN;
	const u8 *tlv;
	__be16 flags;
	__be32 key;

	if (!pskb_may_pull(skb, off + sizeof(*greh)))
		return IPMOB_STAT_DROP_UDP_HDR;
	tlv = skb->data + hlen;
	/*
	 * RFC 5845 7.1: the payload length from the UDP length (the stack
	 * trimmed the datagram to it) MUST equal the TLV Length, or the
	 * packet is discarded. Only GRE (Next Header 47) is carried.
	 */
	if (tlv[1] != IPPROTO_GRE ||
	    ((tlv[2] << 8) | tlv[3]) != skb->len - off)
		return IPMOB_STAT_DROP_UDP_HDR;
	greh = (const struct gre_base_hdr *)(skb->data + off);
	flags = greh->flags;
	/* RFC 2784 2.5 version 0; RFC 2890: a key, no checksum or sequence */
	if (flags & ~GRE_KEY)
		return IPMOB_STAT_DROP_UDP_HDR;
	if (greh->protocol == htons(ETH_P_IP))
		rx->inner4 = true;
	else if (greh->protocol == htons(ETH_P_IPV6))
		rx->inner4 = false;
	else
		return IPMOB_STAT_DROP_UDP_HDR;
	off += sizeof(*greh);
	if (flags & GRE_KEY) {
		if (!pskb_may_pull(skb, off + sizeof(__be32)))
			return IPMOB_STAT_DROP_UDP_HDR;
		rx->has_key = true;
		memcpy(&key, skb->data + off, sizeof(key));
		rx->key = ntohl(key);
		off += sizeof(__be32);
	}
	rx->off = off;
	return 0;
}

/*
 * Find what follows the UDP header. Returns 0 with @rx set (the inner
 * header pulled), -1 for a datagram that is not tunnel data (the
 * owner's), or the counter of why a tunnel data packet is dropped.
 */
static int ipmob_udp_parse(struct sk_buff *skb, struct ipmob_udp_rx *rx)
{
	const int hlen = sizeof(struct udphdr);
	enum ipmob_stat why;
	u8 type, nexthdr, version;

	memset(rx, 0, sizeof(*rx));
	if (!pskb_may_pull(skb, hlen + 1))
		return -1;
	type = skb->data[hlen];
	switch (type >> 4) {
	case 4:
	case 6:
		rx->hdr = IPMOB_UDP_HDR_NONE;
		rx->off = hlen;
		rx->inner4 = type >> 4 == 4;
		break;
	case IPMOB_TLV_TYPE:
		if (type == IPMOB_MIP4_TUNNEL_DATA) {
			rx->hdr = IPMOB_UDP_HDR_MIP4;
			rx->off = hlen + IPMOB_UDP_SHIM_LEN;
			if (!pskb_may_pull(skb, rx->off))
				return IPMOB_STAT_DROP_UDP_HDR;
			/* RFC 3519 3.3: Reserved ignored on reception */
			nexthdr = skb->data[hlen + 1];
			if (nexthdr == IPPROTO_IPIP)
				rx->inner4 = true;
			else if (nexthdr == IPPROTO_IPV6)
				rx->inner4 = false;
			else
				return IPMOB_STAT_DROP_UDP_HDR;
			break;
		}
		/* RFC 5845 7.2: Type 0; the reserved nibble sent as zero */
		if (type != IPMOB_TLV_TYPE << 4)
			return -1;
		rx->hdr = IPMOB_UDP_HDR_TLV;
		why = ipmob_udp_parse_tlv(skb, hlen, rx);
		if (why)
			return why;
		break;
	default:
		return -1;
	}

	/* the inner header; skb->data may have moved */
	if (!pskb_may_pull(skb, rx->off + (rx->inner4 ? sizeof(struct iphdr) :
						       sizeof(struct ipv6hdr))))
		goto short_inner;
	version = skb->data[rx->off] >> 4;
	if (rx->inner4 ? version != 4 ||
			 ((const struct iphdr *)(skb->data + rx->off))->ihl < 5 :
			 version != 6)
		goto short_inner;
	return 0;

short_inner:
	/* bare IP that is not IP is the owner's, as before */
	if (rx->hdr == IPMOB_UDP_HDR_NONE)
		return -1;
	/* RFC 3519 3.3: Next Header must match what it carries */
	return IPMOB_STAT_DROP_UDP_HDR;
}

/*
 * encap_rcv: skb->data is the UDP header (checksum verified). Returns 0
 * when ipmob took the packet, 1 to leave it to the socket.
 */
static int ipmob_udp_rcv(struct sock *sk, struct sk_buff *skb)
{
	struct ipmob_net *in = ipmob_pernet(sock_net(sk));
	bool outer4 = ip_hdr(skb)->version == 4;
	struct ipmob_udp_rx rx;
	struct ipmob_binding *b;
	struct ipmob_outer o;
	enum ipmob_stat why;
	bool frag = false;
	int ret;

	ret = ipmob_udp_parse(skb, &rx);
	if (ret < 0)
		return 1;
	if (ret) {
		ipmob_count(in, ret);
		kfree_skb(skb);
		return 0;
	}
	if (rx.inner4)
		frag = ip_is_fragment((const struct iphdr *)(skb->data +
							     rx.off));

	memset(&o, 0, sizeof(o));
	o.is4 = outer4;
	o.port = ntohs(udp_hdr(skb)->source);
	o.udp_hdr = rx.hdr;
	o.encap = IPMOB_ENCAP_UDP;
	o.has_key = rx.has_key;
	o.key = rx.key;
	if (outer4) {
		ipv6_addr_set_v4mapped(ip_hdr(skb)->saddr, &o.saddr);
		o.dsfield = ipv4_get_dsfield(ip_hdr(skb));
	} else {
		o.saddr = ipv6_hdr(skb)->saddr;
		o.dsfield = ipv6_get_dsfield(ipv6_hdr(skb));
	}

	rcu_read_lock();
	if (unlikely(READ_ONCE(in->dead)))
		goto to_socket;
	if (rx.inner4) {
		const struct iphdr *iph = (const struct iphdr *)(skb->data +
								 rx.off);

		b = ipmob_rx_session4(in, iph->saddr, iph->daddr, &o);
	} else {
		if (ipmob_udp_inner_mh(skb, rx.off))
			goto to_socket;
		b = ipmob_rx_session6(in, (const struct ipv6hdr *)
					  (skb->data + rx.off), &o);
	}
	if (!b)
		goto to_socket;
	why = ipmob_rx_check(b, &o, frag, skb);
	if (o.learnt)
		ipmob_count(in, IPMOB_STAT_RX_UDP_LEARN);
	if (why) {
		rcu_read_unlock();
		ipmob_count(in, why);
		kfree_skb(skb);
		return 0;
	}
	skb_pull_rcsum(skb, rx.off);
	ipmob_rx_deliver(in, b, skb, rx.inner4, o.dsfield);
	rcu_read_unlock();
	return 0;

to_socket:
	rcu_read_unlock();
	return 1;
}

/*
 * Push the record's header after UDP (RFC 3519 3.3 or RFC 5845 7.2 and a
 * GRE header, RFC 2784 2, RFC 2890 2) in front of the inner packet; the
 * headroom is there (ipmob_udp_hdr_len()).
 */
static void ipmob_udp_push_hdr(struct sk_buff *skb,
			       const struct ipmob_coa *coa, bool inner4)
{
	struct gre_base_hdr *greh;
	unsigned int len;
	u8 *p;

	switch (coa->udp_hdr) {
	case IPMOB_UDP_HDR_MIP4:
		p = __skb_push(skb, IPMOB_UDP_SHIM_LEN);
		p[0] = IPMOB_MIP4_TUNNEL_DATA;
		p[1] = inner4 ? IPPROTO_IPIP : IPPROTO_IPV6;
		p[2] = 0;	/* Reserved, sent as 0 */
		p[3] = 0;
		break;
	case IPMOB_UDP_HDR_TLV:
		if (coa->keys & IPMOB_COA_OKEY) {
			__be32 key = htonl(coa->okey);

			memcpy(__skb_push(skb, sizeof(key)), &key, sizeof(key));
		}
		greh = __skb_push(skb, sizeof(*greh));
		greh->flags = (coa->keys & IPMOB_COA_OKEY) ? GRE_KEY : 0;
		greh->protocol = inner4 ? htons(ETH_P_IP) : htons(ETH_P_IPV6);
		/* Length: what follows the TLV header (RFC 5845 7.2) */
		len = skb->len;
		p = __skb_push(skb, IPMOB_UDP_SHIM_LEN);
		p[0] = IPMOB_TLV_TYPE << 4;	/* Type 0, reserved 0 */
		p[1] = IPPROTO_GRE;
		p[2] = len >> 8;
		p[3] = len & 0xff;
		break;
	}
}

/* Push the UDP header of a packet from @u toward @dport. */
static void ipmob_udp_push(struct sk_buff *skb, const struct ipmob_udp *u,
			   __be16 dport)
{
	struct udphdr *uh;

	__skb_push(skb, sizeof(*uh));
	skb_reset_transport_header(skb);
	uh = udp_hdr(skb);
	uh->source = u->port;
	uh->dest = dport;
	uh->len = htons(skb->len);
	uh->check = 0;
}

/*
 * A packet whose checksum is still to be computed (CHECKSUM_PARTIAL, not
 * GSO: what this node sends, or forwards from a veth) gets it now, before
 * encapsulation. Else the outer UDP checksum would be computed at once
 * over the inner one's pseudo-header sum (local checksum offload) while
 * the inner one stays partial, and a NAT on the way (RFC 5555 4.2: the
 * reason for UDP), which rewrites the outer port of a partial packet on
 * the understanding that its checksum is computed later, would pass on
 * a wrong outer checksum. Resolved, the outer one is the partial one.
 */
static int ipmob_udp_inner_csum(struct sk_buff *skb)
{
	if (skb->ip_summed != CHECKSUM_PARTIAL || skb_is_gso(skb))
		return 0;
	return skb_checksum_help(skb);
}

/* Send one packet (GSO unless TLV); the caller frees on error. */
static int ipmob_udp_xmit_one(struct sk_buff *skb, struct net_device *dev,
			      struct ipmob_binding *b,
			      const struct ipmob_coa *coa)
{
	struct ipmob_net *in = ipmob_pernet(dev_net(dev));
	bool inner4 = skb->protocol == htons(ETH_P_IP);
	u8 proto = inner4 ? IPPROTO_IPIP : IPPROTO_IPV6;
	unsigned int shim = ipmob_udp_hdr_len(coa);
	u16 port = READ_ONCE(coa->port);
	const struct ipmob_udp *u;
	u8 dsfield;
	int err;

	u = rcu_dereference(in->udp);
	if (!u || !port) {
		ipmob_count(in, IPMOB_STAT_DROP_NO_PORT);
		return -ENOTCONN;
	}
	dsfield = inner4 ? ipv4_get_dsfield(ip_hdr(skb)) :
			   ipv6_get_dsfield(ipv6_hdr(skb));

	if (ipmob_coa_is4(coa)) {
		struct flowi4 fl4;
		struct rtable *rt;
		__be16 df = 0;

		rt = ipmob_coa_route4(in, skb, b, coa, IPPROTO_UDP, &fl4);
		if (IS_ERR(rt))
			return PTR_ERR(rt);
		err = ipmob_check_mtu(in, skb, &rt->dst,
				      IPMOB_TUNNEL4_OVERHEAD +
				      IPMOB_UDP_OVERHEAD + shim);
		if (err)
			goto err_rt;
		err = -ENOMEM;
		if (skb_cow_head(skb, LL_RESERVED_SPACE(rt->dst.dev) +
				      sizeof(struct iphdr) +
				      sizeof(struct udphdr) + shim +
				      rt->dst.header_len) ||
		    ipmob_udp_inner_csum(skb) ||
		    iptunnel_handle_offloads(skb, IPMOB_UDP_GSO4)) {
			ipmob_count(in, IPMOB_STAT_DROP_NOMEM);
			goto err_rt;
		}
		skb_set_inner_ipproto(skb, proto);
		if (inner4)
			df = ip_hdr(skb)->frag_off & htons(IP_DF);
		ipmob_udp_push_hdr(skb, coa, inner4);
		ipmob_udp_push(skb, u, htons(port));
		udp_set_csum(false, skb, fl4.saddr, fl4.daddr, skb->len);
		ipmob_binding_used(in, b, true);
		ipmob_count(in, IPMOB_STAT_TX_TUNNEL);
		iptunnel_xmit(NULL, rt, skb, fl4.saddr, fl4.daddr, IPPROTO_UDP,
			      INET_ECN_encapsulate(dsfield, dsfield),
			      ip4_dst_hoplimit(&rt->dst), df, false);
		return 0;
err_rt:
		ip_rt_put(rt);
		return err;
	} else {
		const struct in6_addr *saddr, *daddr;
		struct dst_entry *dst;
		struct ipv6hdr *outer;
		struct flowi6 fl6;

		ipmob_outer_addrs(b, coa, NULL, &saddr, &daddr);
		dst = ipmob_route_outer(in, skb, dev, IPPROTO_UDP, saddr,
					daddr, &fl6);
		if (IS_ERR(dst))
			return PTR_ERR(dst);
		err = ipmob_check_mtu(in, skb, dst, IPMOB_TUNNEL_OVERHEAD +
						    IPMOB_UDP_OVERHEAD + shim);
		if (err)
			goto err_dst;
		err = -ENOMEM;
		if (skb_cow_head(skb, LL_RESERVED_SPACE(dst->dev) +
				      sizeof(struct ipv6hdr) +
				      sizeof(struct udphdr) + shim +
				      dst->header_len) ||
		    ipmob_udp_inner_csum(skb) ||
		    iptunnel_handle_offloads(skb, IPMOB_UDP_GSO6)) {
			ipmob_count(in, IPMOB_STAT_DROP_NOMEM);
			goto err_dst;
		}
		skb_set_inner_ipproto(skb, proto);
		skb_scrub_packet(skb, false);
		skb_dst_set(skb, dst);
		skb->ignore_df = 1;
		ipmob_udp_push_hdr(skb, coa, inner4);
		ipmob_udp_push(skb, u, htons(port));
		udp6_set_csum(false, skb, &fl6.saddr, &fl6.daddr, skb->len);
		skb_push(skb, sizeof(struct ipv6hdr));
		skb_reset_network_header(skb);
		outer = ipv6_hdr(skb);
		ip6_flow_hdr(outer, INET_ECN_encapsulate(dsfield, dsfield),
			     ip6_make_flowlabel(dev_net(dev), skb, 0, true,
						&fl6));
		outer->hop_limit = ip6_dst_hoplimit(dst);
		outer->nexthdr = IPPROTO_UDP;
		outer->saddr = fl6.saddr;
		outer->daddr = fl6.daddr;
		ipmob_binding_used(in, b, true);
		ipmob_count(in, IPMOB_STAT_TX_TUNNEL);
		ip6tunnel_xmit(NULL, skb, dev);
		return 0;
err_dst:
		dst_release(dst);
		return err;
	}
}

/**
 * ipmob_udp_xmit - encapsulate a packet in UDP toward a care-of record
 * @skb: inner IPv6 or IPv4 packet
 * @dev: ipmob device
 * @b: binding (RCU)
 * @coa: its IPMOB_ENCAP_UDP care-of record
 *
 * Return: 0 when the packet was sent; the caller frees on error.
 */
int ipmob_udp_xmit(struct sk_buff *skb, struct net_device *dev,
		   struct ipmob_binding *b, const struct ipmob_coa *coa)
{
	struct sk_buff *segs, *seg, *next;

	if (coa->udp_hdr != IPMOB_UDP_HDR_TLV || !skb_is_gso(skb))
		return ipmob_udp_xmit_one(skb, dev, b, coa);
	/* each datagram's TLV Length is its own: segment first */
	segs = skb_gso_segment(skb, 0);
	if (IS_ERR_OR_NULL(segs)) {
		ipmob_count(ipmob_pernet(dev_net(dev)), IPMOB_STAT_DROP_NOMEM);
		return -ENOMEM;
	}
	consume_skb(skb);
	skb_list_walk_safe(segs, seg, next) {
		skb_mark_not_on_list(seg);
		if (ipmob_udp_xmit_one(seg, dev, b, coa))
			kfree_skb(seg);
	}
	return 0;
}

/**
 * ipmob_udp_carry - a changed binding keeps the ports its records learnt
 * @b: the new binding
 * @old: the binding it replaces
 *
 * A record given no port keeps the one learnt. A port given with the
 * binding is newer than one learnt; when it is another than the old
 * record's, the receive path learns none for IPMOB_UDP_LEARN_HOLD, so
 * that packets sent through the old mapping before the registration and
 * delayed on their way (the old access link was slower) do not take the
 * record back to a mapping the node has left (RFC 5555 4.1 learns the
 * NAT's changes from the packets; a registration is the surer word).
 *
 * Context: holds &ipmob_net.lock.
 */
void ipmob_udp_carry(struct ipmob_binding *b, const struct ipmob_binding *old)
{
	const struct ipmob_coa *oc;
	unsigned int i;

	/* a hold still running goes on (else the allocation's, none) */
	if (b->key.kind == IPMOB_KIND_CACHE && ipmob_learn_held(old))
		b->learn_hold = old->learn_hold;
	for (i = 0; i < b->ncoa; i++) {
		struct ipmob_coa *c = &b->coa[i];
		u16 oport;

		if (c->encap != IPMOB_ENCAP_UDP || !(c->keys & IPMOB_COA_LEARN))
			continue;
		oc = ipmob_coa_find(old, &c->addr);
		if (!oc || oc->encap != IPMOB_ENCAP_UDP)
			continue;
		oport = READ_ONCE(oc->port);
		if (!c->port)
			c->port = oport;
		else if (c->port != oport && oport &&
			 b->key.kind == IPMOB_KIND_CACHE)
			b->learn_hold = (u32)jiffies + IPMOB_UDP_LEARN_HOLD;
	}
}
