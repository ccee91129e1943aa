// SPDX-License-Identifier: GPL-2.0
/*
 * ipmob: care-of address selection.
 *
 * A binding holds up to IPMOB_MAX_COA care-of records (RFC 5648 multiple
 * care-of addresses), sorted by BID priority when the binding is built.
 * Traffic uses the preferred priority class; within that class a flow keeps
 * its care-of address (hash of the flow), so a flow is never reordered over
 * two paths. Flow rules (RFC 6089 flow bindings with RFC 6088 traffic
 * selectors) come first when a session has them.
 */

#include <linux/bitmap.h>
#include <linux/bsearch.h>
#include <linux/skbuff.h>
#include <linux/sort.h>
#include <net/dsfield.h>
#include <net/ip.h>
#include <net/ipv6.h>

#include "ipmob.h"

/**
 * ipmob_select_coa - pick the care-of record for a packet
 * @b: binding with at least one care-of record
 * @skb: the packet (for its flow hash)
 *
 * Return: the selected record. O(IPMOB_MAX_COA), independent of the
 * number of bindings.
 */
const struct ipmob_coa *ipmob_select_coa(const struct ipmob_binding *b,
					 struct sk_buff *skb)
{
	unsigned int n = 1;
	u32 hash;

	while (n < b->ncoa && b->coa[n].prio == b->coa[0].prio)
		n++;
	if (n == 1)
		return &b->coa[0];
	hash = skb_get_hash(skb);
	return &b->coa[reciprocal_scale(hash, n)];
}

/**
 * ipmob_home_native - does a packet leave by its own route (RFC 5648 5.6)?
 * @in: per-netns state
 * @b: its binding (RCU), one with a home record (&ipmob_binding.home)
 * @skb: the packet, network header set
 *
 * Called by the hooks before they route a packet into the device: when
 * the flow rules (or, without a deciding rule, the priorities) choose the
 * home record alone, the packet keeps the route it has, onto the home
 * link, and is counted here (IPMOB_STAT_TX_HOME, the rule, the binding).
 * Any other choice (a tunnel, n-cast, drop, buffer) is the device's.
 * Return: true when the packet leaves natively.
 */
bool ipmob_home_native(struct ipmob_net *in, struct ipmob_binding *b,
		       struct sk_buff *skb)
{
	const struct ipmob_coa *coas[IPMOB_MAX_COA];
	struct ipmob_flow *rule;

	if (ipmob_flow_select(b, skb, coas, &rule, false) != 1 ||
	    coas[0]->encap != IPMOB_ENCAP_HOME)
		return false;
	if (rule) {
		atomic64_inc(&rule->packets);
		ipmob_count(in, IPMOB_STAT_TX_FLOW);
	}
	ipmob_count(in, IPMOB_STAT_TX_HOME);
	ipmob_binding_used(in, b, true);
	return true;
}

/**
 * ipmob_coa_find - the binding's care-of record for an address
 * @b: binding
 * @addr: address to look for (e.g. the outer source of a tunnelled packet)
 *
 * Return: the record, or %NULL if @addr is none of its care-of addresses.
 */
const struct ipmob_coa *ipmob_coa_find(const struct ipmob_binding *b,
				       const struct in6_addr *addr)
{
	unsigned int i;

	for (i = 0; i < b->ncoa; i++)
		if (ipv6_addr_equal(&b->coa[i].addr, addr))
			return &b->coa[i];
	return NULL;
}


/*
 * Flow rules (RFC 6089 flow bindings, RFC 6088 traffic selectors).
 *
 * A session's rules are one array, sorted by (priority, FID) and replaced
 * whole under &ipmob_net.lock (copy, change, publish, free after a grace
 * period), so a packet walks a consistent set without a lock. The walk
 * costs O(rules of that session), never more with the number of sessions;
 * a session without rules costs one pointer test.
 */

/**
 * struct ipmob_pkt - what the selectors look at, taken from a packet once
 * @src: source address, IPv4-mapped for IPv4
 * @dst: destination address, likewise
 * @spi: IPsec SPI (host order), valid if @has_spi
 * @label: IPv6 flow label (host order)
 * @sport: source port (host order), valid if @has_ports
 * @dport: destination port (host order), valid if @has_ports
 * @proto: upper-layer protocol, valid if @has_proto
 * @dscp: DSCP (upper six bits of the traffic class / TOS)
 * @is4: an IPv4 packet
 * @has_proto: the upper-layer header was found (IPv6: the extension
 *	header chain could be walked)
 * @has_ports: @sport and @dport were read (a first fragment or none)
 * @has_spi: @spi was read
 */
struct ipmob_pkt {
	struct in6_addr src;
	struct in6_addr dst;
	u32 spi;
	u32 label;
	u16 sport;
	u16 dport;
	u8 proto;
	u8 dscp;
	bool is4;
	bool has_proto;
	bool has_ports;
	bool has_spi;
};

static bool ipmob_proto_has_ports(u8 proto)
{
	switch (proto) {
	case IPPROTO_TCP:
	case IPPROTO_UDP:
	case IPPROTO_UDPLITE:
	case IPPROTO_SCTP:
	case IPPROTO_DCCP:
		return true;
	}
	return false;
}

/* Ports or SPI of the upper-layer header at offset @off, if it has them. */
static void ipmob_pkt_l4(struct ipmob_pkt *p, const struct sk_buff *skb,
			 int off, bool first_frag)
{
	__be32 buf[2];
	const __be32 *w;

	if (!first_frag)
		return;
	if (ipmob_proto_has_ports(p->proto)) {
		const __be16 *ports = skb_header_pointer(skb, off, 4, buf);

		if (ports) {
			p->sport = ntohs(ports[0]);
			p->dport = ntohs(ports[1]);
			p->has_ports = true;
		}
	} else if (p->proto == IPPROTO_ESP) {
		w = skb_header_pointer(skb, off, 4, buf);
		if (w) {
			p->spi = ntohl(w[0]);
			p->has_spi = true;
		}
	} else if (p->proto == IPPROTO_AH) {
		/* next header, length, reserved, then the SPI (RFC 4302 2) */
		w = skb_header_pointer(skb, off, 8, buf);
		if (w) {
			p->spi = ntohl(w[1]);
			p->has_spi = true;
		}
	}
}

static void ipmob_pkt_parse(struct ipmob_pkt *p, const struct sk_buff *skb)
{
	int nh = skb_network_offset(skb);

	memset(p, 0, sizeof(*p));
	if (skb->protocol == htons(ETH_P_IP)) {
		const struct iphdr *iph = ip_hdr(skb);

		p->is4 = true;
		ipv6_addr_set_v4mapped(iph->saddr, &p->src);
		ipv6_addr_set_v4mapped(iph->daddr, &p->dst);
		p->dscp = ipv4_get_dsfield(iph) >> 2;
		p->proto = iph->protocol;
		p->has_proto = true;
		ipmob_pkt_l4(p, skb, nh + iph->ihl * 4,
			     !(iph->frag_off & htons(IP_OFFSET)));
	} else {
		const struct ipv6hdr *ip6h = ipv6_hdr(skb);
		__be16 frag_off = 0;
		u8 nexthdr = ip6h->nexthdr;
		int off;

		p->src = ip6h->saddr;
		p->dst = ip6h->daddr;
		p->dscp = ipv6_get_dsfield(ip6h) >> 2;
		p->label = ntohl(ip6_flowlabel(ip6h));
		off = ipv6_skip_exthdr(skb, nh + sizeof(*ip6h), &nexthdr,
				       &frag_off);
		if (off < 0)
			return;
		p->proto = nexthdr;
		p->has_proto = true;
		ipmob_pkt_l4(p, skb, off, !(frag_off & htons(~0x7)));
	}
}

static bool ipmob_in6_range(const struct in6_addr *a,
			    const struct in6_addr *r)
{
	return memcmp(a, &r[0], sizeof(*a)) >= 0 &&
	       memcmp(a, &r[1], sizeof(*a)) <= 0;
}

/* Does rule @f take packet @p? Each field present must match. */
static bool ipmob_flow_match(const struct ipmob_flow *f,
			     const struct ipmob_pkt *p)
{
	u16 m = f->match;

	if (((m & IPMOB_FM_FAM6) && p->is4) || ((m & IPMOB_FM_FAM4) && !p->is4))
		return false;
	if ((m & IPMOB_FM_SRC) && !ipmob_in6_range(&p->src, f->src))
		return false;
	if ((m & IPMOB_FM_DST) && !ipmob_in6_range(&p->dst, f->dst))
		return false;
	if ((m & IPMOB_FM_PROTO) && (!p->has_proto || p->proto != f->proto))
		return false;
	if ((m & IPMOB_FM_SPORT) && (!p->has_ports || p->sport < f->sport[0] ||
				     p->sport > f->sport[1]))
		return false;
	if ((m & IPMOB_FM_DPORT) && (!p->has_ports || p->dport < f->dport[0] ||
				     p->dport > f->dport[1]))
		return false;
	if ((m & IPMOB_FM_SPI) && (!p->has_spi || p->spi < f->spi[0] ||
				   p->spi > f->spi[1]))
		return false;
	if ((m & IPMOB_FM_DSCP) && (p->dscp < f->dscp[0] || p->dscp > f->dscp[1]))
		return false;
	if ((m & IPMOB_FM_LABEL) && (p->label < f->label[0] ||
				     p->label > f->label[1]))
		return false;
	return true;
}

/* The care-of record of @b with binding ID @bid, or %NULL. */
static const struct ipmob_coa *ipmob_coa_by_bid(const struct ipmob_binding *b,
						u16 bid)
{
	unsigned int i;

	for (i = 0; i < b->ncoa; i++)
		if (b->coa[i].bid == bid)
			return &b->coa[i];
	return NULL;
}

/**
 * ipmob_flow_select - the care-of records a packet goes to
 * @b: its binding (RCU), with at least one care-of record
 * @skb: the packet, network header set
 * @out: filled with the records, first the one whose copy is the packet
 * @rule: set to the rule that decided, %NULL when none did
 * @flushed: the packet comes out of the session's buffer: buffering
 *	rules are passed over
 *
 * The first of the binding's flow rules whose selector matches decides
 * (RFC 6089 4.2: flow bindings before the binding's default); a
 * forwarding rule none of whose BIDs is a care-of record of the binding
 * now is passed over. With no deciding rule: ipmob_select_coa().
 * Return: the number of records in @out (1..IPMOB_MAX_COA), 0 when a
 * rule says drop or buffer. Counts nothing: the caller does.
 */
unsigned int ipmob_flow_select(const struct ipmob_binding *b,
			       struct sk_buff *skb,
			       const struct ipmob_coa **out,
			       struct ipmob_flow **rule, bool flushed)
{
	const struct ipmob_flows *fs = rcu_dereference(b->flows);
	struct ipmob_pkt p;
	unsigned int i, j, n;

	*rule = NULL;
	if (fs) {
		ipmob_pkt_parse(&p, skb);
		for (i = 0; i < fs->n; i++) {
			struct ipmob_flow *f = (struct ipmob_flow *)&fs->f[i];

			if (!ipmob_flow_match(f, &p))
				continue;
			if (f->action == IPMOB_FLOW_BUFFER && flushed)
				continue;
			if (f->action != IPMOB_FLOW_FORWARD) {
				*rule = f;
				return 0;
			}
			for (j = 0, n = 0; j < f->nbid; j++) {
				out[n] = ipmob_coa_by_bid(b, f->bid[j]);
				if (out[n])
					n++;
			}
			if (n) {
				*rule = f;
				return n;
			}
		}
	}
	out[0] = ipmob_select_coa(b, skb);
	return 1;
}

static int ipmob_flow_cmp(const void *a, const void *b)
{
	const struct ipmob_flow *x = a, *y = b;

	if (x->prio != y->prio)
		return x->prio < y->prio ? -1 : 1;
	return x->fid < y->fid ? -1 : x->fid > y->fid;
}

static void ipmob_flow_copy(struct ipmob_flow *to, const struct ipmob_flow *from)
{
	memcpy(to, from, sizeof(*to));
	atomic64_set(&to->packets, atomic64_read(&from->packets));
}

static struct ipmob_flows *ipmob_flows_get(struct ipmob_net *in,
					   struct ipmob_binding *b)
{
	return rcu_dereference_protected(b->flows, lockdep_is_held(&in->lock));
}

/*
 * Drop what a buffer holds and free it after a grace period (packet paths
 * that found it see it dead). @in is %NULL when the namespace goes away
 * (nothing to account).
 */
static void ipmob_buf_free(struct ipmob_net *in, struct ipmob_buf *buf)
{
	struct sk_buff_head list;
	unsigned int n;

	if (!buf)
		return;
	__skb_queue_head_init(&list);
	spin_lock_bh(&buf->q.lock);
	buf->dead = true;
	skb_queue_splice_init(&buf->q, &list);
	spin_unlock_bh(&buf->q.lock);
	n = skb_queue_len(&list);
	__skb_queue_purge(&list);
	if (in && n) {
		atomic_sub(n, &in->nbuffered);
		this_cpu_add(in->stats->cnt[IPMOB_STAT_DROP_BUFFER], n);
	}
	kfree_rcu(buf, rcu);
}

/*
 * Publish @fs (may be %NULL) as @b's rules, the old ones freed after RCU.
 * The session's buffer goes from the old set to the new one, or with the
 * last rule (emptied by the caller when it sends what it held).
 */
static void ipmob_flows_publish(struct ipmob_net *in, struct ipmob_binding *b,
				struct ipmob_flows *fs)
{
	struct ipmob_flows *old = ipmob_flows_get(in, b);

	if (fs && old && old->buf) {
		/* a buffer made for @fs in vain goes: the old one is kept */
		if (fs->buf)
			ipmob_buf_free(in, fs->buf);
		fs->buf = old->buf;
	}
	rcu_assign_pointer(b->flows, fs);
	if (old) {
		in->nflows -= old->n;
		if (!fs)
			ipmob_buf_free(in, old->buf);
		kvfree_rcu(old, rcu);
	}
	if (fs)
		in->nflows += fs->n;
	b->owns_flows = !!fs;
}

/* Does a set of rules (may be %NULL) buffer anything? */
static bool ipmob_flows_buffer(const struct ipmob_flows *fs)
{
	unsigned int i;

	for (i = 0; fs && i < fs->n; i++)
		if (fs->f[i].action == IPMOB_FLOW_BUFFER)
			return true;
	return false;
}

/* A new set of rules gets a buffer if one of them buffers and it has none. */
static int ipmob_flows_need_buf(struct ipmob_flows *fs,
				const struct ipmob_flows *old)
{
	unsigned int i;

	if (old && old->buf)
		return 0;
	for (i = 0; i < fs->n; i++) {
		if (fs->f[i].action != IPMOB_FLOW_BUFFER)
			continue;
		fs->buf = kzalloc(sizeof(*fs->buf), GFP_KERNEL_ACCOUNT);
		if (!fs->buf)
			return -ENOMEM;
		skb_queue_head_init(&fs->buf->q);
		break;
	}
	return 0;
}

static struct ipmob_flows *ipmob_flows_alloc(unsigned int n)
{
	struct ipmob_flows *fs;

	fs = kvmalloc(struct_size(fs, f, n), GFP_KERNEL_ACCOUNT);
	if (fs) {
		fs->n = n;
		fs->buf = NULL;
	}
	return fs;
}

/**
 * struct ipmob_fid_count - a replaced rule's counter, found by its FID
 * @fid: the rule's FID
 * @packets: what it counted
 */
struct ipmob_fid_count {
	u64 packets;
	u16 fid;
};

static int ipmob_fid_count_cmp(const void *a, const void *b)
{
	const struct ipmob_fid_count *x = a, *y = b;

	return x->fid < y->fid ? -1 : x->fid > y->fid;
}

/*
 * A replacement keeps the counters of the rules it restates: each new
 * rule of @fs whose FID an old one had starts from the old one's count
 * (a mobile node's flow bindings are restated on every Binding Update,
 * RFC 6089 5.2; their counters must not restart each time). Packets
 * the old rules count after this, until the new ones are published,
 * are not carried. Context: holds &ipmob_net.lock.
 */
static int ipmob_flows_keep_counts(struct ipmob_flows *fs,
				   const struct ipmob_flows *old)
{
	struct ipmob_fid_count *c, key = {}, *hit;
	unsigned int i;

	c = kvmalloc_array(old->n, sizeof(*c), GFP_KERNEL);
	if (!c)
		return -ENOMEM;
	for (i = 0; i < old->n; i++) {
		c[i].fid = old->f[i].fid;
		c[i].packets = atomic64_read(&old->f[i].packets);
	}
	sort(c, old->n, sizeof(*c), ipmob_fid_count_cmp, NULL);
	for (i = 0; i < fs->n; i++) {
		key.fid = fs->f[i].fid;
		hit = bsearch(&key, c, old->n, sizeof(*c), ipmob_fid_count_cmp);
		if (hit)
			atomic64_set(&fs->f[i].packets, hit->packets);
	}
	kvfree(c);
	return 0;
}

/**
 * ipmob_flows_add - add flow rules to a published binding, or replace them
 * @in: per-netns state
 * @b: the binding (published, so it owns its rules)
 * @add: the new rules, validated but for their FIDs
 * @nests: the attribute each came from (for error reports)
 * @n: number of them
 * @replace: @add replaces every rule of @b in one step (a packet sees
 *	the old set or the new one, RFC 6089 5.3: a Binding Update
 *	restates a mobile node's whole list of flow bindings); a rule
 *	whose FID was there keeps its counter
 * @release: receives the packets the session held when a replacement
 *	leaves no buffering rule (as ipmob_flows_del() does)
 * @extack: error report
 *
 * All or none: a FID that exists (when adding) or repeats, or a limit
 * reached, changes nothing. Context: holds in->lock.
 * Return: 0 or a negative errno.
 */
int ipmob_flows_add(struct ipmob_net *in, struct ipmob_binding *b,
		    const struct ipmob_flow *add,
		    const struct nlattr *const *nests, unsigned int n,
		    bool replace, struct sk_buff_head *release,
		    struct netlink_ext_ack *extack)
{
	struct ipmob_flows *old = ipmob_flows_get(in, b), *fs;
	unsigned int have = old && !replace ? old->n : 0, i;
	unsigned int gone = old && replace ? old->n : 0;
	unsigned long *fids;
	int err = 0;

	if (have + n > IPMOB_MAX_FLOWS) {
		IPMOB_ERR_ATTR(extack, NULL,
			       "too many flow rules for one session",
			  "a session holds at most %u flow rules (it has %u)",
			  IPMOB_MAX_FLOWS, have);
		return -ENOSPC;
	}
	if (in->nflows - gone + n > IPMOB_MAX_FLOWS_NET) {
		IPMOB_ERR_ATTR(extack, NULL,
			       "too many flow rules in the namespace",
			  "the namespace holds at most %u flow rules",
			  IPMOB_MAX_FLOWS_NET);
		return -ENOSPC;
	}
	fids = bitmap_zalloc(U16_MAX + 1, GFP_KERNEL);
	if (!fids)
		return -ENOMEM;
	for (i = 0; i < have; i++)
		__set_bit(old->f[i].fid, fids);
	for (i = 0; i < n; i++) {
		if (__test_and_set_bit(add[i].fid, fids)) {
			IPMOB_ERR_ATTR(extack, nests[i], "flow ID already in use",
				  "flow rule %u of %u: FID %u is already in use",
				  i + 1, n, add[i].fid);
			err = -EEXIST;
			goto out;
		}
	}
	fs = ipmob_flows_alloc(have + n);
	if (!fs) {
		err = -ENOMEM;
		goto out;
	}
	for (i = 0; i < have; i++)
		ipmob_flow_copy(&fs->f[i], &old->f[i]);
	for (i = 0; i < n; i++)
		ipmob_flow_copy(&fs->f[have + i], &add[i]);
	sort(fs->f, fs->n, sizeof(fs->f[0]), ipmob_flow_cmp, NULL);
	err = replace && old ? ipmob_flows_keep_counts(fs, old) : 0;
	if (!err)
		err = ipmob_flows_need_buf(fs, old);
	if (err) {
		kvfree(fs);
		goto out;
	}
	if (replace && !ipmob_flows_buffer(fs))
		ipmob_buf_take(in, b, release);
	ipmob_flows_publish(in, b, fs);
out:
	bitmap_free(fids);
	return err;
}

/**
 * ipmob_flows_del - delete flow rules of a published binding
 * @in: per-netns state
 * @b: the binding
 * @fids: FIDs of the rules to delete
 * @nests: the attribute each came from (for error reports)
 * @n: number of them; 0 deletes every rule
 * @release: receives the packets the session held when no buffering rule
 *	is left: the caller sends them (deleting the buffering rule ends
 *	the buffering, RFC 5568 6.4: the new router delivers what it held)
 * @extack: error report
 *
 * All or none. Context: holds in->lock.
 * Return: 0, -ENOENT for an unknown FID, -EINVAL for a repeated one.
 */
int ipmob_flows_del(struct ipmob_net *in, struct ipmob_binding *b,
		    const u16 *fids, const struct nlattr *const *nests,
		    unsigned int n, struct sk_buff_head *release,
		    struct netlink_ext_ack *extack)
{
	struct ipmob_flows *old = ipmob_flows_get(in, b), *fs = NULL;
	unsigned long *have, *del;
	unsigned int i, j;
	int err = 0;

	if (!n) {
		ipmob_buf_take(in, b, release);
		ipmob_flows_publish(in, b, NULL);
		return 0;
	}
	have = bitmap_zalloc(2 * (U16_MAX + 1), GFP_KERNEL);
	if (!have)
		return -ENOMEM;
	del = have + BITS_TO_LONGS(U16_MAX + 1);
	for (i = 0; old && i < old->n; i++)
		__set_bit(old->f[i].fid, have);
	for (i = 0; i < n; i++) {
		if (!test_bit(fids[i], have)) {
			IPMOB_ERR_ATTR(extack, nests[i], "no such flow rule",
				  "flow rule %u of %u: no rule has FID %u",
				  i + 1, n, fids[i]);
			err = -ENOENT;
			goto out;
		}
		if (__test_and_set_bit(fids[i], del)) {
			IPMOB_ERR_ATTR(extack, nests[i], "flow ID named twice",
				  "flow rule %u of %u: FID %u named twice",
				  i + 1, n, fids[i]);
			err = -EINVAL;
			goto out;
		}
	}
	if (n < old->n) {
		fs = ipmob_flows_alloc(old->n - n);
		if (!fs) {
			err = -ENOMEM;
			goto out;
		}
		for (i = 0, j = 0; i < old->n; i++)
			if (!test_bit(old->f[i].fid, del))
				ipmob_flow_copy(&fs->f[j++], &old->f[i]);
	}
	if (!ipmob_flows_buffer(fs))
		ipmob_buf_take(in, b, release);
	ipmob_flows_publish(in, b, fs);
out:
	bitmap_free(have);
	return err;
}

/**
 * ipmob_flows_take_over - a replacement binding takes over the rules
 * @to: the new binding
 * @from: the binding it replaces (or, to undo, the other way round)
 *
 * Readers of @from may keep following its pointer until the grace
 * period ends; only ownership moves. Context: holds &ipmob_net.lock.
 */
void ipmob_flows_take_over(struct ipmob_binding *to,
			   struct ipmob_binding *from)
{
	RCU_INIT_POINTER(to->flows, rcu_dereference_protected(from->flows, 1));
	to->owns_flows = from->owns_flows;
	from->owns_flows = false;
}

/**
 * ipmob_flows_release - free the rules of a binding leaving the table
 * @in: per-netns state
 * @b: the binding; its readers may still follow the pointer until the
 *	grace period ends, which also frees @b
 *
 * Context: holds in->lock.
 */
void ipmob_flows_release(struct ipmob_net *in, struct ipmob_binding *b)
{
	struct ipmob_flows *fs = ipmob_flows_get(in, b);

	if (!fs || !b->owns_flows)
		return;
	b->owns_flows = false;
	in->nflows -= fs->n;
	ipmob_buf_free(in, fs->buf);
	kvfree_rcu(fs, rcu);
}

/**
 * ipmob_flows_destroy - free the rules of a binding freed with its namespace
 * @fs: the rules (may be %NULL)
 *
 * Context: after the grace period that frees the binding; nothing else
 * can reach them.
 */
void ipmob_flows_destroy(struct ipmob_flows *fs)
{
	if (!fs)
		return;
	if (fs->buf) {
		__skb_queue_purge(&fs->buf->q);
		kfree(fs->buf);
	}
	kvfree(fs);
}

/**
 * ipmob_buf_hold - hold a packet a buffering rule took
 * @in: per-netns state
 * @b: its session (RCU)
 * @skb: the packet
 *
 * Context: packet path, BH disabled.
 * Return: 0 when it is held, -ENOSPC when it was not (buffer full, or
 * gone: counted; the caller frees it).
 */
int ipmob_buf_hold(struct ipmob_net *in, const struct ipmob_binding *b,
		   struct sk_buff *skb)
{
	const struct ipmob_flows *fs = rcu_dereference(b->flows);
	struct ipmob_buf *buf = fs ? fs->buf : NULL;
	bool held = false;

	if (buf && atomic_inc_return(&in->nbuffered) <= IPMOB_BUF_PKTS_NET) {
		skb_dst_force(skb);
		spin_lock(&buf->q.lock);
		if (!buf->dead && skb_queue_len(&buf->q) < IPMOB_BUF_PKTS) {
			__skb_queue_tail(&buf->q, skb);
			held = true;
		}
		spin_unlock(&buf->q.lock);
	}
	if (held) {
		ipmob_count(in, IPMOB_STAT_TX_BUFFERED);
		return 0;
	}
	if (buf)
		atomic_dec(&in->nbuffered);
	ipmob_count(in, IPMOB_STAT_DROP_BUFFER);
	return -ENOSPC;
}

/**
 * ipmob_buf_take - take every packet a session holds
 * @in: per-netns state
 * @b: the session (published)
 * @list: receives them, in arrival order
 *
 * Context: holds in->lock.
 * Return: how many.
 */
unsigned int ipmob_buf_take(struct ipmob_net *in, struct ipmob_binding *b,
			    struct sk_buff_head *list)
{
	struct ipmob_flows *fs = ipmob_flows_get(in, b);
	unsigned int n;

	if (!fs || !fs->buf)
		return 0;
	spin_lock_bh(&fs->buf->q.lock);
	skb_queue_splice_tail_init(&fs->buf->q, list);
	spin_unlock_bh(&fs->buf->q.lock);
	n = skb_queue_len(list);
	atomic_sub(n, &in->nbuffered);
	return n;
}

/**
 * ipmob_buffered - packets a session holds (for dumps and notifications)
 * @b: the session, under RCU or &ipmob_net.lock
 *
 * Return: the number, read without the buffer's lock.
 */
unsigned int ipmob_buffered(const struct ipmob_binding *b)
{
	const struct ipmob_flows *fs = rcu_dereference_check(b->flows, 1);

	return fs && fs->buf ? skb_queue_len_lockless(&fs->buf->q) : 0;
}
