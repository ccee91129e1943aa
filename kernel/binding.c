// SPDX-License-Identifier: GPL-2.0
/*
 * ipmob: the binding table.
 *
 * One rhashtable per network namespace holds the binding cache entries
 * (home agent, correspondent) and the mobile node's binding update list
 * entries, keyed by (home address, peer, kind). Packet-path lookups are
 * lockless under RCU and O(1) in the number of bindings; writers hold
 * ipmob_net.lock. A binding is never modified in place: a change publishes
 * a new object and frees the old one after a grace period.
 */

#include <linux/slab.h>
#include <net/ipv6.h>

#include "ipmob.h"

/* Bindings with one care-of record, the common case; more: kmalloc. */
static struct kmem_cache *ipmob_binding_cache;

static const struct rhashtable_params ipmob_rht_params = {
	.head_offset = offsetof(struct ipmob_binding, node),
	.key_offset = offsetof(struct ipmob_binding, key),
	.key_len = sizeof(struct ipmob_key),
	.automatic_shrinking = true,
	.min_size = 64,
};

int ipmob_binding_cache_init(void)
{
	ipmob_binding_cache =
		kmem_cache_create("ipmob_binding",
				  struct_size_t(struct ipmob_binding, coa, 1),
				  __alignof__(struct ipmob_binding),
				  SLAB_ACCOUNT, NULL);
	return ipmob_binding_cache ? 0 : -ENOMEM;
}

void ipmob_binding_cache_destroy(void)
{
	/* Wait for the call_rcu() frees of the last bindings. */
	rcu_barrier();
	kmem_cache_destroy(ipmob_binding_cache);
}

/**
 * ipmob_binding_alloc - a zeroed binding with room for care-of records
 * @slots: care-of records it can hold, 1..IPMOB_MAX_COA
 *
 * A binding is as long as its care-of records need: one with a single
 * care-of address comes from its own slab cache (under 256 bytes).
 */
struct ipmob_binding *ipmob_binding_alloc(unsigned int slots)
{
	struct ipmob_binding *b;

	if (WARN_ON_ONCE(!slots || slots > IPMOB_MAX_COA))
		return NULL;
	if (slots == 1)
		b = kmem_cache_zalloc(ipmob_binding_cache, GFP_KERNEL_ACCOUNT);
	else
		b = kzalloc(struct_size(b, coa, slots), GFP_KERNEL_ACCOUNT);
	if (b) {
		b->coa_slots = slots;
		/* no hint yet: the first one may go at once */
		b->ro_hint_at = (u32)jiffies - HZ;
	}
	return b;
}

static void ipmob_binding_free_rcu(struct rcu_head *head)
{
	struct ipmob_binding *b = container_of(head, struct ipmob_binding, rcu);

	dev_put(b->dev);
	/* only a binding torn down with its namespace still owns rules */
	if (b->owns_flows)
		ipmob_flows_destroy(rcu_dereference_protected(b->flows, 1));
	if (b->coa_slots == 1)
		kmem_cache_free(ipmob_binding_cache, b);
	else
		kfree(b);
}

/**
 * ipmob_binding_free - free a binding that is not (or no longer) published
 * @b: the binding; its device reference is dropped after a grace period
 */
void ipmob_binding_free(struct ipmob_binding *b)
{
	call_rcu(&b->rcu, ipmob_binding_free_rcu);
}

int ipmob_bindings_init(struct ipmob_net *in)
{
	int err;

	in->exp_tree = RB_ROOT_CACHED;
	err = ipmob_eps_init(in);
	if (err)
		return err;
	err = rhashtable_init(&in->table, &ipmob_rht_params);
	if (err)
		ipmob_eps_destroy(in);
	return err;
}

static void ipmob_free_one(void *ptr, void *arg)
{
	ipmob_binding_free(ptr);
}

void ipmob_bindings_destroy(struct ipmob_net *in)
{
	rhashtable_free_and_destroy(&in->table, ipmob_free_one, NULL);
	ipmob_eps_destroy(in);
}

/* The endpoint a care-of record of @b names (tunnel mode). */
static void ipmob_coa_ep_key(const struct ipmob_binding *b,
			     const struct ipmob_coa *coa,
			     struct ipmob_ep_key *key)
{
	memset(key, 0, sizeof(*key));
	key->encap = coa->encap;
	if (coa->encap == IPMOB_ENCAP_GRE && (coa->keys & IPMOB_COA_OKEY)) {
		key->has_okey = 1;
		key->okey = coa->okey;
	}
	if (b->key.kind == IPMOB_KIND_CACHE) {
		/* home agent: local -> care-of address */
		key->remote = coa->addr;
		if (ipmob_coa_is4(coa))
			ipv6_addr_set_v4mapped(b->local4, &key->local);
		else
			key->local = b->local;
	} else {
		/* mobile node: care-of address -> home agent */
		key->local = coa->addr;
		if (ipmob_coa_is4(coa))
			ipv6_addr_set_v4mapped(b->peer4, &key->remote);
		else
			key->remote = b->peer;
	}
}

/**
 * ipmob_binding_link - give a binding's care-of records their endpoints
 * @in: per-netns state
 * @b: binding about to be published (tunnel mode; RO has none)
 *
 * Context: holds in->lock.
 * Return: 0, or -ENOMEM with no endpoint taken.
 */
int ipmob_binding_link(struct ipmob_net *in, struct ipmob_binding *b)
{
	struct ipmob_ep_key key;
	unsigned int i;

	lockdep_assert_held(&in->lock);
	if (b->mode != IPMOB_MODE_TUNNEL)
		return 0;
	for (i = 0; i < b->ncoa; i++) {
		/* a home record sends natively: no tunnel endpoint */
		if (b->coa[i].encap == IPMOB_ENCAP_HOME)
			continue;
		ipmob_coa_ep_key(b, &b->coa[i], &key);
		b->coa[i].ep = ipmob_ep_get(in, &key);
		if (!b->coa[i].ep) {
			ipmob_binding_unlink(in, b);
			return -ENOMEM;
		}
	}
	return 0;
}

/**
 * ipmob_binding_unlink - give back a binding's endpoints
 * @in: per-netns state
 * @b: binding no longer (or never) published; readers that still see it
 *	see its endpoints until a grace period has passed
 *
 * Context: holds in->lock.
 */
void ipmob_binding_unlink(struct ipmob_net *in, struct ipmob_binding *b)
{
	unsigned int i;

	lockdep_assert_held(&in->lock);
	for (i = 0; i < b->ncoa; i++) {
		if (b->coa[i].ep)
			ipmob_ep_put(in, b->coa[i].ep);
		b->coa[i].ep = NULL;
	}
}

/**
 * ipmob_lookup_key - find a binding by its exact key
 * @in: per-netns state
 * @key: the key (plen 128 for a home address)
 *
 * Context: RCU read side, or in->lock held. Expired bindings are not
 * returned.
 * Return: the binding or %NULL.
 */
struct ipmob_binding *ipmob_lookup_key(struct ipmob_net *in,
				       const struct ipmob_key *key)
{
	struct ipmob_binding *b;

	b = rhashtable_lookup_fast(&in->table, key, ipmob_rht_params);
	if (b && ipmob_binding_expired(b))
		return NULL;
	return b;
}

/**
 * ipmob_lookup - find the binding of a home address
 * @in: per-netns state
 * @hoa: home address
 * @peer: correspondent for IPMOB_KIND_MN_RO, else ignored
 * @kind: which table
 *
 * Context: RCU read side, or in->lock held. Expired bindings are not
 * returned.
 * Return: the binding or %NULL.
 */
struct ipmob_binding *ipmob_lookup(struct ipmob_net *in,
				   const struct in6_addr *hoa,
				   const struct in6_addr *peer,
				   enum ipmob_kind kind)
{
	struct ipmob_key key = {
		.hoa = *hoa,
		.kind = kind,
		.plen = 128,
	};

	if (kind == IPMOB_KIND_MN_RO)
		key.peer = *peer;
	return ipmob_lookup_key(in, &key);
}

/*
 * Ingress interface in the key (IPMOB_BA_IIF: a MAG's or foreign agent's
 * access link, RFC 5213 6.9.3, RFC 3024 5; a mobile router's inside link,
 * RFC 3963 5.5). Precedence: the longest prefix wins, whatever the
 * interface; at one length the session keyed with the packet's ingress
 * interface wins over the one with none. So a more specific prefix is
 * never shadowed by a shorter interface-keyed one, and an interface-less
 * session is the fallback of its length, as it is today. The extra probe
 * is made only at lengths that interface-keyed sessions of the family and
 * kind use, and not at all while there are none (iif_keyed).
 */
/*
 * The longest prefix length below @size that sessions without an
 * interface (@plens) or with one (@iplens) use, @size when none does;
 * @plain and @keyed say which of them use it.
 */
static unsigned int ipmob_next_plen(const unsigned long *plens,
				    const unsigned long *iplens,
				    unsigned int size, bool *plain, bool *keyed)
{
	unsigned int p = find_last_bit(plens, size);
	unsigned int q = find_last_bit(iplens, size);
	unsigned int plen = p == size ? q : q == size ? p : max(p, q);

	*plain = plen < size && p == plen;
	*keyed = plen < size && q == plen;
	return plen;
}

static struct ipmob_binding *ipmob_lpm(struct ipmob_net *in,
					const struct in6_addr *addr,
					enum ipmob_fam fam,
					enum ipmob_kind kind, int iif)
{
	const unsigned long *plens = in->plens[fam][kind - 1];
	struct ipmob_key key = { .kind = kind };
	unsigned int size = 129, plen;
	const unsigned long *iplens;
	struct ipmob_binding *b;
	bool plain, keyed;

	if (!iif || kind == IPMOB_KIND_MN_RO ||
	    !READ_ONCE(in->iif_keyed[fam][kind - 1])) {
		while ((plen = find_last_bit(plens, size)) < size) {
			ipv6_addr_prefix(&key.hoa, addr, plen);
			key.plen = plen;
			b = ipmob_lookup_key(in, &key);
			if (b)
				return b;
			size = plen;
		}
		return NULL;
	}
	iplens = in->iif_plens[fam][kind - 1];
	for (;;) {
		plen = ipmob_next_plen(plens, iplens, size, &plain, &keyed);
		if (plen == size)
			return NULL;
		ipv6_addr_prefix(&key.hoa, addr, plen);
		key.plen = plen;
		if (keyed) {
			key.iif = iif;
			b = ipmob_lookup_key(in, &key);
			key.iif = 0;
			if (b)
				return b;
		}
		if (plain) {
			b = ipmob_lookup_key(in, &key);
			if (b)
				return b;
		}
		size = plen;
	}
}

/**
 * ipmob_lookup_lpm - longest-match lookup of an IPv6 address
 * @in: per-netns state
 * @addr: destination (binding cache) or source (home registration)
 * @kind: IPMOB_KIND_CACHE or IPMOB_KIND_MN_HOME
 * @iif: the packet's ingress interface (ipmob_skb_iif()), 0 for none
 *
 * One hash lookup per prefix length in use by IPv6 bindings of @kind,
 * longest first: O(1) in the number of bindings (at most 128 probes; one
 * with home addresses only, none when @kind has no binding); one more at
 * each length interface-keyed bindings use, when @iif is set (see
 * ipmob_lpm()). An IPv4-mapped address in an IPv6 header (invalid on the
 * wire, RFC 4291 2.5.5.2) never matches an IPv4 binding.
 * Context: RCU read side.
 * Return: the binding or %NULL.
 */
struct ipmob_binding *ipmob_lookup_lpm(struct ipmob_net *in,
				       const struct in6_addr *addr,
				       enum ipmob_kind kind, int iif)
{
	if (unlikely(ipv6_addr_v4mapped(addr)))
		return NULL;
	return ipmob_lpm(in, addr, IPMOB_FAM6, kind, iif);
}

/**
 * ipmob_lookup_lpm4 - longest-match lookup of an IPv4 address
 * @in: per-netns state
 * @addr: destination (binding cache) or source (home registration)
 * @kind: IPMOB_KIND_CACHE or IPMOB_KIND_MN_HOME
 * @iif: the packet's ingress interface, 0 for none
 *
 * As ipmob_lookup_lpm(), over the IPv4 bindings (at most 32 probes).
 * Context: RCU read side.
 * Return: the binding or %NULL.
 */
struct ipmob_binding *ipmob_lookup_lpm4(struct ipmob_net *in, __be32 addr,
					enum ipmob_kind kind, int iif)
{
	struct in6_addr mapped;

	ipv6_addr_set_v4mapped(addr, &mapped);
	return ipmob_lpm(in, &mapped, IPMOB_FAM4, kind, iif);
}

/*
 * Did @b's anchor send tunnelled packet @o: its outer source, and with
 * GRE the key that anchor's care-of record receives with (RFC 5845 1:
 * one MAG, one LMA, overlapping private home addresses told apart by
 * key)?
 */
static bool ipmob_from_anchor(const struct ipmob_binding *b,
			      const struct ipmob_outer *o)
{
	const struct ipmob_coa *coa;
	unsigned int i;

	if (b->key.kind == IPMOB_KIND_CACHE) {
		coa = ipmob_coa_find(b, &o->saddr);
		return coa && ipmob_coa_key_ok(coa, o);
	}
	if (o->is4 ? !b->peer4 || o->saddr.s6_addr32[3] != b->peer4 :
		     !ipv6_addr_equal(&o->saddr, &b->peer))
		return false;
	for (i = 0; i < b->ncoa; i++)
		if (ipmob_coa_key_ok(&b->coa[i], o))
			return true;
	return false;
}

/**
 * ipmob_lookup_rx - the session of a decapsulated (or quoted) packet
 * @in: per-netns state
 * @addr: its inner source (binding cache) or destination (home
 *	registration), IPv4-mapped for IPv4
 * @kind: IPMOB_KIND_CACHE or IPMOB_KIND_MN_HOME
 * @o: its outer header (source, encapsulation, GRE key); %NULL: any
 *	session
 *
 * A tunnelled packet has no ingress interface of its inner packet's: at
 * each length, longest first, an interface-keyed session whose anchor
 * sent @o (ipmob_from_anchor(); any one, without @o), then the one
 * without an interface (as without the feature, whatever its anchor;
 * ipmob_rx_check() judges).
 * When nothing matches so, the longest interface-keyed session of the
 * address, whose check then counts the packet's wrong outer source.
 * Interface-keyed lengths cost one probe per interface in use
 * (IPMOB_MAX_IIFS at most); none while there are none.
 * Context: RCU read side.
 * Return: the binding or %NULL.
 */
struct ipmob_binding *ipmob_lookup_rx(struct ipmob_net *in,
				      const struct in6_addr *addr,
				      enum ipmob_kind kind,
				      const struct ipmob_outer *o)
{
	enum ipmob_fam fam = ipv6_addr_v4mapped(addr) ? IPMOB_FAM4 : IPMOB_FAM6;
	const unsigned long *plens = in->plens[fam][kind - 1];
	const unsigned long *iplens = in->iif_plens[fam][kind - 1];
	struct ipmob_key key = { .kind = kind };
	unsigned int size = 129, plen, i;
	struct ipmob_binding *b, *first = NULL;
	bool plain, keyed;
	int iif;

	if (!READ_ONCE(in->iif_keyed[fam][kind - 1]))
		return ipmob_lpm(in, addr, fam, kind, 0);
	for (;;) {
		plen = ipmob_next_plen(plens, iplens, size, &plain, &keyed);
		if (plen == size)
			return first;
		ipv6_addr_prefix(&key.hoa, addr, plen);
		key.plen = plen;
		for (i = 0; keyed && i < IPMOB_MAX_IIFS; i++) {
			iif = READ_ONCE(in->iifs[i]);
			if (!iif)
				continue;
			key.iif = iif;
			b = ipmob_lookup_key(in, &key);
			if (b && (!o || ipmob_from_anchor(b, o)))
				return b;
			if (b && !first)
				first = b;
		}
		key.iif = 0;
		if (plain) {
			b = ipmob_lookup_key(in, &key);
			if (b)
				return b;
		}
		size = plen;
	}
}

/**
 * ipmob_lookup_tx - find the binding that applies to an outgoing packet
 * @in: per-netns state
 * @ip6h: its (inner) IPv6 header
 * @iif: its ingress interface (ipmob_skb_iif()), 0 for none
 *
 * Order: a binding cache entry for the destination (this node is the home
 * agent or a correspondent), then the mobile node's route-optimised
 * binding with this correspondent, then its home registration.
 * Mobility Header messages bypass the first two (RFC 6275 6.1): the
 * daemon adds the HAO or RH2 a BU or BA needs itself; from a home
 * address they still go through the home registration, which is how a
 * Home Test Init reaches the correspondent (11.6.1).
 * Context: RCU read side. O(1): one hash lookup per prefix length in
 * use for the cache and the home registration, one for RO.
 * Return: the binding or %NULL.
 */
struct ipmob_binding *ipmob_lookup_tx(struct ipmob_net *in,
				      const struct ipv6hdr *ip6h, int iif)
{
	const struct in6_addr *saddr = &ip6h->saddr, *daddr = &ip6h->daddr;
	struct ipmob_binding *b;

	if (ip6h->nexthdr == IPPROTO_MH)
		return ipmob_lookup_lpm(in, saddr, IPMOB_KIND_MN_HOME, iif);
	b = ipmob_lookup_lpm(in, daddr, IPMOB_KIND_CACHE, iif);
	if (b)
		return b;
	b = ipmob_lookup(in, saddr, daddr, IPMOB_KIND_MN_RO);
	if (b)
		return b;
	return ipmob_lookup_lpm(in, saddr, IPMOB_KIND_MN_HOME, iif);
}

/**
 * ipmob_lookup_tx4 - find the binding that applies to an outgoing IPv4
 *	packet
 * @in: per-netns state
 * @iph: its (inner) IPv4 header
 * @iif: its ingress interface, 0 for none
 *
 * A binding cache entry for the destination (home agent), then the mobile
 * node's home registration of the source. IPv4 has no route optimisation.
 * Context: RCU read side.
 * Return: the binding or %NULL.
 */
struct ipmob_binding *ipmob_lookup_tx4(struct ipmob_net *in,
				       const struct iphdr *iph, int iif)
{
	struct ipmob_binding *b;

	b = ipmob_lookup_lpm4(in, iph->daddr, IPMOB_KIND_CACHE, iif);
	if (b)
		return b;
	return ipmob_lookup_lpm4(in, iph->saddr, IPMOB_KIND_MN_HOME, iif);
}

/*
 * A binding in use gets one refresh notification when less than a quarter
 * of its lifetime (at least IPMOB_REFRESH_MIN seconds) is left, so the
 * daemon can send a Binding Refresh Request (RFC 6275 9.5.5) or a new
 * Binding Update (11.7.1) in time. The first packet that uses it from
 * then on sends it (ipmob_binding_used()): no timer, no table walk.
 */
#define IPMOB_REFRESH_MIN	2

/* Bindings expired per run of the GC work before it yields the lock. */
#define IPMOB_GC_BATCH		256

/**
 * ipmob_binding_set_expiry - compute the deadlines of an unpublished binding
 * @in: per-netns state
 * @b: binding whose @lifetime is set
 */
void ipmob_binding_set_expiry(struct ipmob_net *in, struct ipmob_binding *b)
{
	unsigned long window;

	if (!b->lifetime)
		return;
	window = max_t(unsigned long, b->lifetime / 4, IPMOB_REFRESH_MIN) * HZ;
	/* IPMOB_MAX_LIFETIME * HZ is far below 2^31: 32 bits compare */
	b->expires = (u32)(jiffies + (unsigned long)b->lifetime * HZ);
	b->refresh_at = b->expires - (u32)window;
}

/**
 * ipmob_binding_used - note that a packet used a binding
 * @in: per-netns state
 * @b: binding (RCU)
 * @tx: true for a transmitted packet, false for a received one
 *
 * Context: packet path. Sends the binding's one refresh notification when
 * it is used inside its refresh window.
 */
void ipmob_binding_used(struct ipmob_net *in, struct ipmob_binding *b,
			bool tx)
{
	unsigned long now = jiffies;

	atomic64_inc(tx ? &b->tx_packets : &b->rx_packets);
	if (unlikely(b->lifetime && (s32)((u32)now - b->refresh_at) >= 0) &&
	    !READ_ONCE(b->notified) && !cmpxchg(&b->notified, 0, 1))
		ipmob_notify_binding(in, IPMOB_CMD_BINDING_REFRESH, b,
				     GFP_ATOMIC);
}

/* Add @b to the expiry tree; make the GC run no later than its expiry. */
static void ipmob_expiry_add(struct ipmob_net *in, struct ipmob_binding *b)
{
	struct rb_node **link = &in->exp_tree.rb_root.rb_node, *parent = NULL;
	u32 now = (u32)jiffies;
	bool leftmost = true;

	if (!b->lifetime)
		return;
	while (*link) {
		struct ipmob_binding *e;

		parent = *link;
		e = rb_entry(parent, struct ipmob_binding, exp_node);
		if (time_before32(b->expires, e->expires)) {
			link = &parent->rb_left;
		} else {
			link = &parent->rb_right;
			leftmost = false;
		}
	}
	rb_link_node(&b->exp_node, parent, link);
	rb_insert_color_cached(&b->exp_node, &in->exp_tree, leftmost);
	/*
	 * Only a new earliest deadline moves the GC, and only earlier: a
	 * stream of inserts never postpones an expiry that is due.
	 */
	if (leftmost)
		mod_delayed_work(system_wq, &in->gc_work,
				 time_after32(b->expires, now) ?
				 b->expires - now : 0);
}

static void ipmob_expiry_del(struct ipmob_net *in, struct ipmob_binding *b)
{
	if (b->lifetime)
		rb_erase_cached(&b->exp_node, &in->exp_tree);
}

/*
 * Take (or give back, @d -1) the slot of an interface-keyed binding's
 * interface in &ipmob_net.iifs. Return: 0 or -ENOSPC (IPMOB_MAX_IIFS
 * interfaces in use already).
 */
static int ipmob_iif_ref(struct ipmob_net *in, int iif, int d)
{
	int i, free = -1;

	for (i = 0; i < IPMOB_MAX_IIFS; i++) {
		if (in->iifs[i] == iif)
			break;
		if (!in->iifs[i] && free < 0)
			free = i;
	}
	if (d < 0) {
		if (!WARN_ON_ONCE(i == IPMOB_MAX_IIFS) &&
		    --in->iif_users[i] == 0)
			WRITE_ONCE(in->iifs[i], 0);
		return 0;
	}
	if (i == IPMOB_MAX_IIFS) {
		if (free < 0)
			return -ENOSPC;
		i = free;
		WRITE_ONCE(in->iifs[i], iif);
	}
	in->iif_users[i]++;
	return 0;
}

/* One more (@d 1) or one less (@d -1) binding with this key's length. */
static void ipmob_plen_ref(struct ipmob_net *in, const struct ipmob_key *key,
			   int d)
{
	enum ipmob_fam fam = ipmob_key_fam(key);
	unsigned int *refs = &in->plen_refs[fam][key->kind - 1][key->plen];
	unsigned long *plens = in->plens[fam][key->kind - 1];

	if (ipmob_key_has_iif(key)) {
		unsigned int *keyed = &in->iif_keyed[fam][key->kind - 1];

		refs = &in->iif_refs[fam][key->kind - 1][key->plen];
		plens = in->iif_plens[fam][key->kind - 1];
		/* the length's bit first: a reader that sees the count
		 * probes it */
		if (d > 0 && (*refs)++ == 0)
			set_bit(key->plen, plens);
		else if (d < 0 && --(*refs) == 0)
			clear_bit(key->plen, plens);
		WRITE_ONCE(*keyed, *keyed + d);
		return;
	}

	if (d > 0 && (*refs)++ == 0)
		set_bit(key->plen, plens);
	else if (d < 0 && --(*refs) == 0)
		clear_bit(key->plen, plens);
}

/**
 * ipmob_binding_insert - publish a new binding
 * @in: per-netns state
 * @b: binding, fully initialised (ipmob_binding_set_expiry() done)
 *
 * An expired binding with the same key is removed (with its expiry
 * notification) and replaced, whether or not the GC got to it yet.
 * Context: holds in->lock.
 * Return: 0 or -EEXIST / -ENOMEM, or -ENOSPC when its key names an
 * interface and IPMOB_MAX_IIFS others are in use.
 */
int ipmob_binding_insert(struct ipmob_net *in, struct ipmob_binding *b)
{
	struct ipmob_binding *old;
	int err;

	lockdep_assert_held(&in->lock);
	if (ipmob_key_has_iif(&b->key) && ipmob_iif_ref(in, b->key.iif, 1))
		return -ENOSPC;
	err = rhashtable_lookup_insert_fast(&in->table, &b->node,
					    ipmob_rht_params);
	if (err == -EEXIST) {
		old = rhashtable_lookup_fast(&in->table, &b->key,
					     ipmob_rht_params);
		if (!old || !ipmob_binding_expired(old))
			return err;
		ipmob_notify_binding(in, IPMOB_CMD_BINDING_EXPIRED, old,
				     GFP_KERNEL);
		ipmob_binding_remove(in, old);
		err = rhashtable_lookup_insert_fast(&in->table, &b->node,
						    ipmob_rht_params);
	}
	if (err) {
		if (ipmob_key_has_iif(&b->key))
			ipmob_iif_ref(in, b->key.iif, -1);
		return err;
	}
	ipmob_plen_ref(in, &b->key, 1);
	ipmob_expiry_add(in, b);
	return 0;
}

/**
 * ipmob_binding_replace - replace the published binding with the same key
 * @in: per-netns state
 * @b: new binding; the old one is freed after a grace period and its
 *	counters and flow rules carry over
 *
 * Context: holds in->lock.
 * Return: 0 or -ENOENT.
 */
int ipmob_binding_replace(struct ipmob_net *in, struct ipmob_binding *b)
{
	struct ipmob_binding *old;
	int err;

	lockdep_assert_held(&in->lock);
	old = rhashtable_lookup_fast(&in->table, &b->key, ipmob_rht_params);
	if (!old)
		return -ENOENT;
	atomic64_set(&b->tx_packets, atomic64_read(&old->tx_packets));
	atomic64_set(&b->rx_packets, atomic64_read(&old->rx_packets));
	ipmob_flows_take_over(b, old);
	ipmob_udp_carry(b, old);
	err = rhashtable_replace_fast(&in->table, &old->node, &b->node,
				      ipmob_rht_params);
	if (err) {
		ipmob_flows_take_over(old, b);
		return err;
	}
	ipmob_expiry_del(in, old);
	ipmob_expiry_add(in, b);
	ipmob_binding_unlink(in, old);
	ipmob_binding_free(old);
	return 0;
}

/**
 * ipmob_binding_remove - unpublish and free a binding
 * @in: per-netns state
 * @b: binding currently in the table
 *
 * Context: holds in->lock.
 */
void ipmob_binding_remove(struct ipmob_net *in, struct ipmob_binding *b)
{
	lockdep_assert_held(&in->lock);
	if (rhashtable_remove_fast(&in->table, &b->node, ipmob_rht_params))
		return;
	ipmob_plen_ref(in, &b->key, -1);
	if (ipmob_key_has_iif(&b->key))
		ipmob_iif_ref(in, b->key.iif, -1);
	ipmob_expiry_del(in, b);
	ipmob_binding_unlink(in, b);
	ipmob_flows_release(in, b);
	ipmob_binding_free(b);
}

/*
 * Call @fn on every binding; @fn may remove the binding it is given.
 * Context: holds in->lock (the walk itself runs under RCU).
 */
static void ipmob_for_each(struct ipmob_net *in,
			   void (*fn)(struct ipmob_net *in,
				      struct ipmob_binding *b, void *arg),
			   void *arg)
{
	struct rhashtable_iter iter;
	struct ipmob_binding *b;

	lockdep_assert_held(&in->lock);
	rhashtable_walk_enter(&in->table, &iter);
	rhashtable_walk_start(&iter);
	while ((b = rhashtable_walk_next(&iter))) {
		if (IS_ERR(b)) {
			if (PTR_ERR(b) == -EAGAIN)
				continue;	/* resized: the walk restarts */
			break;
		}
		fn(in, b, arg);
	}
	rhashtable_walk_stop(&iter);
	rhashtable_walk_exit(&iter);
}

struct ipmob_flush_arg {
	const struct net_device *dev;
	unsigned int n;
	int iif;
};

static void ipmob_flush_one(struct ipmob_net *in, struct ipmob_binding *b,
			    void *arg)
{
	struct ipmob_flush_arg *fa = arg;

	if (fa->dev && b->dev != fa->dev)
		return;
	if (fa->iif && (!ipmob_key_has_iif(&b->key) || b->key.iif != fa->iif))
		return;
	if (fa->iif)
		ipmob_notify_binding(in, IPMOB_CMD_BINDING_DEL, b, GFP_KERNEL);
	ipmob_binding_remove(in, b);
	fa->n++;
}

/**
 * ipmob_binding_flush - remove all bindings, or those of one device
 * @in: per-netns state
 * @dev: device filter or %NULL
 *
 * Context: holds in->lock.
 * Return: number of bindings removed.
 */
unsigned int ipmob_binding_flush(struct ipmob_net *in,
				 const struct net_device *dev)
{
	struct ipmob_flush_arg fa = { .dev = dev };

	ipmob_for_each(in, ipmob_flush_one, &fa);
	return fa.n;
}

/*
 * An interface goes away (or leaves the namespace): the sessions keyed
 * with its ifindex go with it, each with a BINDING_DEL notification, so
 * none outlives it to match a later interface that gets the same index.
 * At add time the interface must exist (checked under in->lock, and the
 * core unlists a device before it calls this notifier), so no session can
 * slip in between.
 */
static int ipmob_iif_event(struct notifier_block *nb, unsigned long event,
			   void *ptr)
{
	struct net_device *dev = netdev_notifier_info_to_dev(ptr);
	struct ipmob_flush_arg fa = { .iif = dev->ifindex };
	struct ipmob_net *in;
	unsigned int i;

	if (event != NETDEV_UNREGISTER)
		return NOTIFY_DONE;
	in = ipmob_pernet(dev_net(dev));
	/* a namespace whose init has not run, or whose table is going */
	if (!in || !in->net || READ_ONCE(in->dead))
		return NOTIFY_DONE;
	mutex_lock(&in->lock);
	for (i = 0; i < IPMOB_MAX_IIFS; i++)
		if (in->iifs[i] == dev->ifindex)
			break;
	if (i < IPMOB_MAX_IIFS)
		ipmob_for_each(in, ipmob_flush_one, &fa);
	mutex_unlock(&in->lock);
	return NOTIFY_DONE;
}

static struct notifier_block ipmob_iif_notifier = {
	.notifier_call = ipmob_iif_event,
};

int ipmob_iif_init(void)
{
	return register_netdevice_notifier(&ipmob_iif_notifier);
}

void ipmob_iif_exit(void)
{
	unregister_netdevice_notifier(&ipmob_iif_notifier);
}

/**
 * ipmob_gc_work - remove expired bindings and send their notifications
 * @work: &ipmob_net.gc_work
 *
 * Scheduled for the earliest expiry in &ipmob_net.exp_tree; takes only
 * expired bindings off the front of the tree, at most IPMOB_GC_BATCH per
 * run, so it never walks the table and never holds the lock for long.
 */
void ipmob_gc_work(struct work_struct *work)
{
	struct ipmob_net *in = container_of(to_delayed_work(work),
					    struct ipmob_net, gc_work);
	u32 now = (u32)jiffies;
	struct ipmob_binding *b;
	struct rb_node *node;
	unsigned int n = 0;

	mutex_lock(&in->lock);
	while ((node = rb_first_cached(&in->exp_tree))) {
		b = rb_entry(node, struct ipmob_binding, exp_node);
		if (time_before32(now, b->expires)) {
			mod_delayed_work(system_wq, &in->gc_work,
					 b->expires - now);
			break;
		}
		if (n++ == IPMOB_GC_BATCH) {
			mod_delayed_work(system_wq, &in->gc_work, 0);
			break;
		}
		ipmob_notify_binding(in, IPMOB_CMD_BINDING_EXPIRED, b,
				     GFP_KERNEL);
		ipmob_binding_remove(in, b);
	}
	mutex_unlock(&in->lock);
}
