/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ipmob: internal declarations shared by the files of ipmob.ko.
 */
#ifndef _IPMOB_H
#define _IPMOB_H

#include <linux/netdevice.h>
#include <linux/rhashtable.h>
#include <linux/rbtree.h>
#include <linux/ratelimit.h>
#include <linux/workqueue.h>
#include <linux/in6.h>
#include <linux/ip.h>
#include <net/ipv6.h>
#include <net/genetlink.h>
#include <net/gro_cells.h>
#include <net/netns/generic.h>
#include <uapi/linux/ipmob.h>

/**
 * enum ipmob_kind - which table a binding belongs to (part of the key)
 * @IPMOB_KIND_CACHE: binding cache entry (home agent or correspondent);
 *	the home address is remote, peer in the key is ::
 * @IPMOB_KIND_MN_HOME: mobile node's home registration (tunnel mode);
 *	peer in the key is ::, the home agent is in &ipmob_binding.peer
 * @IPMOB_KIND_MN_RO: mobile node's route-optimised binding with one
 *	correspondent; peer in the key is that correspondent
 */
enum ipmob_kind {
	IPMOB_KIND_CACHE = 1,
	IPMOB_KIND_MN_HOME,
	IPMOB_KIND_MN_RO,
};

/* IANA "MOBILE", minimal encapsulation (RFC 2004); no uapi constant */
#define IPMOB_IPPROTO_MINENC	55

/*
 * Distinct ingress interfaces that interface-keyed sessions of one
 * namespace may name (the receive side probes each, binding.c).
 */
#define IPMOB_MAX_IIFS	16

/* Address families of keys (index of &ipmob_net.plens). */
enum ipmob_fam {
	IPMOB_FAM6,
	IPMOB_FAM4,
	IPMOB_NFAM,
};

/**
 * struct ipmob_key - hash key of a binding
 * @hoa: home address, or home prefix with its host bits zero; an IPv4
 *	one as an IPv4-mapped address (::ffff:a.b.c.d), so that one table
 *	and one longest-match code serve both families
 * @peer: correspondent address for IPMOB_KIND_MN_RO (the one kind that
 *	uses it); shares its room with @iif and @iif_pad
 * @iif: ingress interface (ifindex) for IPMOB_KIND_CACHE and
 *	IPMOB_KIND_MN_HOME, 0 = any interface (IPMOB_BA_IIF); the longest
 *	match probes a length with the packet's ingress interface first,
 *	then with 0 (binding.c)
 * @iif_pad: always zero for the kinds that use @iif
 * @kind: enum ipmob_kind
 * @plen: prefix length of @hoa, 128 for a home address (an IPv4 prefix
 *	length + 96)
 * @pad: always zero, so the key can be hashed and compared as bytes
 */
struct ipmob_key {
	struct in6_addr hoa;
	union {
		struct in6_addr peer;
		struct {
			u32 iif;
			u32 iif_pad[3];
		};
	};
	u8 kind;
	u8 plen;
	u8 pad[2];
};

/**
 * struct ipmob_ep_key - what identifies a tunnel endpoint
 * @local: outer source, IPv4-mapped for IPv4 (::, ::ffff:0.0.0.0: chosen
 *	by the route)
 * @remote: outer destination, IPv4-mapped for IPv4
 * @encap: enum ipmob_encap
 * @has_okey: @okey is sent (IPMOB_ENCAP_GRE)
 * @pad: always zero, so the key can be hashed and compared as bytes
 * @okey: GRE key sent, if @has_okey (else zero)
 */
struct ipmob_ep_key {
	struct in6_addr local;
	struct in6_addr remote;
	u8 encap;
	u8 has_okey;
	u8 pad[2];
	u32 okey;
};

/**
 * struct ipmob_ep - a tunnel endpoint shared by care-of records (endpoint.c)
 * @node: linkage in &ipmob_net.eps
 * @rcu: deferred free
 * @key: addresses and encapsulation
 * @users: care-of records using it (written under &ipmob_net.lock, read
 *	locklessly by dumps)
 * @route: cached outer routes (RCU-replaced slots), for IPv6 [0] and
 *	IPv4 [1] inner packets
 * @md: IPMOB_ENCAP_GRE: the transmit tunnel metadata handed to the
 *	collect_md GRE device with each packet (immutable, a reference per
 *	packet), else %NULL
 */
struct ipmob_ep {
	struct rhash_head node;
	struct rcu_head rcu;
	struct ipmob_ep_key key;
	unsigned int users;
	struct ipmob_ep_route __rcu *route[2];
	struct metadata_dst *md;
};

/**
 * struct ipmob_coa - one care-of record of a binding (RFC 5648)
 * @addr: care-of address, IPv4-mapped for an IPv4 one (the outer family)
 * @ep: its tunnel endpoint while the binding is published (tunnel mode),
 *	else %NULL
 * @bid: binding identifier, 0 when the binding has a single care-of
 * @prio: BID priority, lower is preferred
 * @encap: enum ipmob_encap toward it (tunnel mode)
 * @keys: IPMOB_COA_OKEY, IPMOB_COA_IKEY (IPMOB_ENCAP_GRE, and
 *	IPMOB_ENCAP_UDP with IPMOB_UDP_HDR_TLV), IPMOB_COA_LEARN
 *	(IPMOB_ENCAP_UDP)
 * @udp_hdr: IPMOB_ENCAP_UDP: enum ipmob_udp_hdr, the header after UDP
 * @port: IPMOB_ENCAP_UDP: the UDP port it is reached at, host order (0:
 *	none learnt yet); with IPMOB_COA_LEARN the receive path writes it
 *	(READ_ONCE / WRITE_ONCE), the one field of a published care-of
 *	record that changes
 * @okey: GRE key sent toward it, if IPMOB_COA_OKEY
 * @ikey: GRE key its packets carry, if IPMOB_COA_IKEY
 */
struct ipmob_coa {
	struct in6_addr addr;
	struct ipmob_ep *ep;
	u16 bid;
	u8 prio;
	u8 encap;
	u8 keys;
	u8 udp_hdr;
	u16 port;
	u32 okey;
	u32 ikey;
};

/*
 * How long (jiffies) a port given with a binding holds against packets
 * from the mapping it replaced (&ipmob_binding.learn_hold): more than
 * the difference in delay between two access paths (a geostationary
 * satellite's is about 600 ms) and short enough that a NAT that rebinds
 * just after a registration is followed soon (its packets are dropped
 * meanwhile).
 */
#define IPMOB_UDP_LEARN_HOLD	(2 * HZ)

#define IPMOB_COA_OKEY	0x1
#define IPMOB_COA_IKEY	0x2
#define IPMOB_COA_LEARN	0x4

/* Fields a flow rule matches on (&ipmob_flow.match). */
#define IPMOB_FM_FAM6	0x001	/* IPv6 packets only */
#define IPMOB_FM_FAM4	0x002	/* IPv4 packets only */
#define IPMOB_FM_SRC	0x004
#define IPMOB_FM_DST	0x008
#define IPMOB_FM_PROTO	0x010
#define IPMOB_FM_SPORT	0x020
#define IPMOB_FM_DPORT	0x040
#define IPMOB_FM_SPI	0x080
#define IPMOB_FM_DSCP	0x100
#define IPMOB_FM_LABEL	0x200

/**
 * struct ipmob_flow - one flow rule (RFC 6089 flow binding with an RFC
 *	6088 traffic selector); each range is [start, end], host order
 * @src: source address range, IPv4-mapped for IPv4 (IPMOB_FM_SRC)
 * @dst: destination address range, likewise (IPMOB_FM_DST)
 * @spi: IPsec SPI range (IPMOB_FM_SPI)
 * @label: IPv6 flow label range (IPMOB_FM_LABEL)
 * @packets: packets the rule decided (written by the packet path)
 * @sport: source port range (IPMOB_FM_SPORT)
 * @dport: destination port range (IPMOB_FM_DPORT)
 * @fid: flow identifier, unique in its session
 * @match: IPMOB_FM_* fields present
 * @bid: binding IDs of the care-of records it forwards to
 * @prio: priority, lower first
 * @action: enum ipmob_flow_action
 * @proto: upper-layer protocol (IPMOB_FM_PROTO)
 * @nbid: entries in @bid (0 for IPMOB_FLOW_DROP)
 * @dscp: DSCP range (IPMOB_FM_DSCP)
 */
struct ipmob_flow {
	struct in6_addr src[2];
	struct in6_addr dst[2];
	u32 spi[2];
	u32 label[2];
	atomic64_t packets;
	u16 sport[2];
	u16 dport[2];
	u16 fid;
	u16 match;
	u16 bid[IPMOB_MAX_COA];
	u8 prio;
	u8 action;
	u8 proto;
	u8 nbid;
	u8 dscp[2];
};

/**
 * struct ipmob_buf - packets a session's buffering rules hold
 * @q: the packets; its lock protects @q and @dead
 * @rcu: deferred free
 * @dead: the buffer is being freed: hold nothing more
 */
struct ipmob_buf {
	struct sk_buff_head q;
	struct rcu_head rcu;
	bool dead;
};

/**
 * struct ipmob_flows - the flow rules of a session, immutable once
 *	published (replaced whole, see flow.c)
 * @rcu: deferred free
 * @buf: the session's buffer, handed from each set of rules to the next
 *	while the session has rules (%NULL until a rule buffers)
 * @n: number of rules
 * @f: the rules, sorted by (@prio, @fid)
 */
struct ipmob_flows {
	struct rcu_head rcu;
	struct ipmob_buf *buf;
	unsigned int n;
	struct ipmob_flow f[];
};

/**
 * struct ipmob_binding - one binding, immutable once published
 * @node: rhashtable linkage
 * @exp_node: linkage in &ipmob_net.exp_tree (bindings with a lifetime)
 * @rcu: deferred free (shares the space of @exp_node: a binding leaves
 *	the expiry tree before it is freed, and readers never use either)
 * @key: hash key
 * @peer: home agent or correspondent when this node is the mobile node
 *	(IPv6; :: when the binding has only an IPv4 home agent)
 * @local: outer source address toward IPv6 care-of addresses (may be ::)
 * @peer4: the home agent's IPv4 address (mobile node over IPv4 care-of
 *	addresses), 0 if none; only a session with a peer has one
 * @proxy_if: for a session without a peer (&ipmob_key.kind
 *	%IPMOB_KIND_CACHE), the interface on which the home address is
 *	answered for in Neighbor Discovery (IPMOB_BA_PROXY_IF, ndproxy.c),
 *	0 = none; it shares @peer4's room, which such a session never uses
 * @local4: outer source toward IPv4 care-of addresses, 0 = by route
 * @dev: ipmob device the binding belongs to (reference held)
 * @mode: enum ipmob_mode
 * @ncoa: number of valid entries in @coa
 * @coa_slots: number of entries allocated (see ipmob_binding_alloc())
 * @role: enum ipmob_role
 * @seq: signalling sequence number, kept for the daemon (IPMOB_BA_SEQ)
 * @notified: refresh notification already sent (0 or 1, set by cmpxchg)
 * @has_seq: @seq was given
 * @proxy_router: the proxy's answers set the Router bit
 *	(IPMOB_BA_PROXY_ROUTER)
 * @home: one of @coa is a home record (IPMOB_ENCAP_HOME): the hooks ask
 *	the flow rules whether a packet leaves natively
 * @owns_flows: @flows is this binding's to free (a replacement takes the
 *	rules over and clears it in the old binding, whose readers may
 *	still follow the pointer until the grace period ends; written under
 *	&ipmob_net.lock)
 * @lifetime: granted lifetime in seconds, 0 = no expiry
 * @expires: low 32 bits of jiffies at which the binding expires (valid
 *	if @lifetime; never more than IPMOB_MAX_LIFETIME ahead, so
 *	time_before32() compares it and any two of them)
 * @instance: the control-plane instance that owns the session
 *	(IPMOB_BA_INSTANCE, 0 = none); the packet path never reads it
 * @refresh_at: low 32 bits of jiffies from which a packet using the
 *	binding triggers the one refresh notification (valid if @lifetime;
 *	it is never more than IPMOB_MAX_LIFETIME ahead, so an unsigned
 *	difference compares it)
 * @ro_hint_at: (IPMOB_KIND_MN_HOME) low 32 bits of jiffies at the last
 *	route optimisation hint about it (compared as an unsigned
 *	difference, so the 32-bit wrap does not matter; a second before
 *	allocation at first)
 * @learn_hold: (IPMOB_KIND_CACHE) low 32 bits of jiffies until which its
 *	UDP care-of records learn no port: a change gave one of them
 *	another port than it had (a Binding Update through the NAT's new
 *	mapping), and packets still on their way from the old mapping must
 *	not take it back (ipmob_udp_carry()). Held while it is at most
 *	IPMOB_UDP_LEARN_HOLD ahead (an unsigned difference: the 32-bit wrap
 *	costs at most one spurious hold of that length every 2^32 jiffies);
 *	a second before allocation at first, as @ro_hint_at
 * @flows: its flow rules (flow.c), %NULL if none; replaced under
 *	&ipmob_net.lock, read under RCU
 * @tx_packets: packets sent using the binding
 * @rx_packets: packets received and accepted using the binding
 * @coa: care-of records sorted by priority, @coa_slots of them
 *
 * A change replaces the whole object (copy, update, publish), so readers
 * under RCU always see a consistent binding. Only @notified, @ro_hint_at,
 * @flows and the counters are written after publication.
 */
struct ipmob_binding {
	struct rhash_head node;
	union {
		struct rb_node exp_node;
		struct rcu_head rcu;
	};
	struct ipmob_key key;
	struct in6_addr peer;
	struct in6_addr local;
	union {
		__be32 peer4;
		u32 proxy_if;
	};
	__be32 local4;
	u32 lifetime;
	struct net_device *dev;
	u8 mode;
	u8 ncoa;
	u8 coa_slots;
	u8 role;
	u16 seq;
	u8 notified;
	u8 has_seq:1;
	u8 owns_flows:1;
	u8 proxy_router:1;
	u8 home:1;
	u32 expires;
	u32 instance;
	u32 refresh_at;
	union {
		u32 ro_hint_at;
		u32 learn_hold;
	};
	struct ipmob_flows __rcu *flows;
	atomic64_t tx_packets;
	atomic64_t rx_packets;
	struct ipmob_coa coa[];
};

/**
 * struct ipmob_dev - private data of an ipmob device
 * @gro_cells: per-CPU GRO for decapsulated packets (as ip6_tunnel)
 * @dst: the IPv6 route into the device while it is up (route.c);
 *	written under RTNL, read under RCU
 * @dst4: the IPv4 route, likewise (%NULL without IPv4 on the device)
 * @dev: the device itself
 * @node: in &ipmob_net.devs (added and removed under RTNL, walked under
 *	RCU)
 */
struct ipmob_dev {
	struct gro_cells gro_cells;
	struct dst_entry __rcu *dst;
	struct dst_entry __rcu *dst4;
	struct net_device *dev;
	struct list_head node;
};

/**
 * struct ipmob_pcpu_stats - per-CPU counters, indexed by enum ipmob_stat
 * @cnt: counters
 */
struct ipmob_pcpu_stats {
	unsigned long cnt[__IPMOB_STAT_MAX];
};

/**
 * struct ipmob_net - per network namespace state
 * @net: the namespace
 * @lock: protects @exp_tree, the writers of @table and @eps, and the
 *	endpoints' user counts
 * @table: binding table, lookups under RCU
 * @eps: tunnel endpoints, lookups under RCU
 * @neps: number of endpoints (under @lock)
 * @nflows: flow rules of all sessions (under @lock), at most
 *	IPMOB_MAX_FLOWS_NET
 * @nbuffered: packets held by all sessions' buffers, at most
 *	IPMOB_BUF_PKTS_NET
 * @exp_tree: bindings with a finite lifetime, ordered by expiry
 * @stats: per-CPU counters
 * @gc_work: lifetime enforcement, runs at the earliest expiry
 * @plen_refs: bindings per family, kind and prefix length (under @lock)
 * @plens: prefix lengths in use per family (enum ipmob_fam) and kind
 *	(index kind - 1), one bit each, read locklessly by the
 *	longest-match lookup
 * @iif_refs: interface-keyed bindings (&ipmob_key.iif set) per family,
 *	kind and prefix length (under @lock)
 * @iif_plens: their prefix lengths, as @plens
 * @iif_keyed: interface-keyed bindings per family and kind, read
 *	locklessly: 0 makes the lookups exactly what they are without the
 *	feature
 * @iifs: the interfaces those bindings name (0: free slot), written
 *	under @lock, read locklessly by the receive side
 * @iif_users: bindings naming each of @iifs (under @lock)
 * @ndevs: number of ipmob devices in the namespace (protected by RTNL)
 * @devs: those devices (&ipmob_dev.node; RTNL protects changes, readers
 *	walk it under RCU: the devices are few, an administrator's)
 * @dead: set by pre_exit; the global receive handlers ignore the
 *	namespace from then on (its table goes away in exit)
 * @berr_rs: rate limit of Binding Error notifications (RFC 6275 9.3.1)
 * @ro_hint_rs: rate limit of route optimisation hints
 * @gre_dev: the namespace's collect_md GRE device per outer family (enum
 *	ipmob_fam: ip6gre, gre), written under RTNL (gre.c), read under RCU
 * @udp: the namespace's UDP tunnel socket (udp.c), written under @lock,
 *	read under RCU
 */
struct ipmob_net {
	struct net *net;
	struct mutex lock;
	struct rhashtable table;
	struct rhashtable eps;
	unsigned int neps;
	unsigned int nflows;
	atomic_t nbuffered;
	struct rb_root_cached exp_tree;
	struct ipmob_pcpu_stats __percpu *stats;
	struct delayed_work gc_work;
	unsigned int plen_refs[IPMOB_NFAM][IPMOB_KIND_MN_RO][129];
	unsigned long plens[IPMOB_NFAM][IPMOB_KIND_MN_RO][BITS_TO_LONGS(129)];
	unsigned int iif_refs[IPMOB_NFAM][IPMOB_KIND_MN_HOME][129];
	unsigned long iif_plens[IPMOB_NFAM][IPMOB_KIND_MN_HOME]
			       [BITS_TO_LONGS(129)];
	unsigned int iif_keyed[IPMOB_NFAM][IPMOB_KIND_MN_HOME];
	int iifs[IPMOB_MAX_IIFS];
	unsigned int iif_users[IPMOB_MAX_IIFS];
	unsigned int ndevs;
	struct list_head devs;
	bool dead;
	struct ratelimit_state berr_rs;
	struct ratelimit_state ro_hint_rs;
	struct net_device __rcu *gre_dev[IPMOB_NFAM];
	struct ipmob_udp __rcu *udp;
};

extern unsigned int ipmob_net_id;

static inline struct ipmob_net *ipmob_pernet(const struct net *net)
{
	return net_generic(net, ipmob_net_id);
}

/*
 * A home, care-of, peer or local address: global unicast (RFC 6275 6.3 and
 * 6.4 require a routable unicast home address), the one rule for what the
 * packet path accepts in a header and what netlink accepts in a binding.
 */
static inline bool ipmob_addr_valid(const struct in6_addr *a)
{
	int type = ipv6_addr_type(a);

	return (type & IPV6_ADDR_UNICAST) &&
	       !(type & (IPV6_ADDR_LINKLOCAL | IPV6_ADDR_LOOPBACK |
			 IPV6_ADDR_MAPPED));
}

/* An IPv4 home, care-of, peer or local address: unicast and routable. */
static inline bool ipmob_addr4_valid(__be32 a)
{
	return !ipv4_is_zeronet(a) && !ipv4_is_loopback(a) &&
	       !ipv4_is_multicast(a) && !ipv4_is_lbcast(a) &&
	       !ipv4_is_linklocal_169(a);
}

static inline bool ipmob_key_is4(const struct ipmob_key *key)
{
	return ipv6_addr_v4mapped(&key->hoa);
}

/*
 * Is the binding cache entry @b's UDP port learning held now
 * (&ipmob_binding.learn_hold)?
 */
static inline bool ipmob_learn_held(const struct ipmob_binding *b)
{
	return b->learn_hold - (u32)jiffies <= IPMOB_UDP_LEARN_HOLD;
}

/* Does the key name an ingress interface (IPMOB_BA_IIF)? */
static inline bool ipmob_key_has_iif(const struct ipmob_key *key)
{
	return key->kind != IPMOB_KIND_MN_RO && key->iif;
}

static inline enum ipmob_fam ipmob_key_fam(const struct ipmob_key *key)
{
	return ipmob_key_is4(key) ? IPMOB_FAM4 : IPMOB_FAM6;
}

/*
 * The ingress interface a packet is looked up with: the one it came in
 * on (forwarded), none (0) for one this node makes; an outer packet keeps
 * that of the packet it carries, so that the hook's lookup and the
 * device's second one agree.
 */
static inline int ipmob_skb_iif(const struct sk_buff *skb)
{
	return skb->skb_iif;
}

static inline bool ipmob_coa_is4(const struct ipmob_coa *coa)
{
	return ipv6_addr_v4mapped(&coa->addr);
}

/* Lockless: the hooks' fast exit when a namespace has no binding. */
static inline bool ipmob_has_bindings(struct ipmob_net *in)
{
	return atomic_read(&in->table.nelems) != 0;
}

static inline void ipmob_count(struct ipmob_net *in, enum ipmob_stat id)
{
	this_cpu_inc(in->stats->cnt[id]);
}

static inline bool ipmob_binding_expired(const struct ipmob_binding *b)
{
	return b->lifetime && !time_before32((u32)jiffies, b->expires);
}

/* binding.c */
int ipmob_bindings_init(struct ipmob_net *in);
void ipmob_bindings_destroy(struct ipmob_net *in);
struct ipmob_binding *ipmob_lookup(struct ipmob_net *in,
				   const struct in6_addr *hoa,
				   const struct in6_addr *peer,
				   enum ipmob_kind kind);
struct ipmob_binding *ipmob_lookup_key(struct ipmob_net *in,
				       const struct ipmob_key *key);
struct ipmob_binding *ipmob_lookup_lpm(struct ipmob_net *in,
				       const struct in6_addr *addr,
				       enum ipmob_kind kind, int iif);
struct ipmob_binding *ipmob_lookup_lpm4(struct ipmob_net *in, __be32 addr,
					enum ipmob_kind kind, int iif);

/**
 * struct ipmob_outer - what the receive path needs of an outer header
 * @saddr: source, IPv4-mapped for an IPv4 one
 * @dsfield: traffic class / TOS octet
 * @is4: the outer header is IPv4
 * @has_key: a GRE header with a key came with it
 * @learnt: set by ipmob_rx_check() when a care-of record learnt @port
 * @port: UDP source port (IPMOB_ENCAP_UDP), host order
 * @udp_hdr: IPMOB_ENCAP_UDP: enum ipmob_udp_hdr, the header after UDP
 * @encap: the encapsulation it came in (enum ipmob_encap)
 * @key: that key
 */
struct ipmob_outer {
	struct in6_addr saddr;
	u8 dsfield;
	bool is4;
	bool has_key;
	bool learnt;
	u16 port;
	u8 udp_hdr;
	u8 encap;
	u32 key;
};

/**
 * ipmob_coa_key_ok - does a packet's GRE key match care-of record @coa?
 * @coa: the record
 * @o: the packet's outer header
 *
 * GRE, and GRE in UDP after the TLV header (RFC 5845 7.1): the key the
 * record receives with, or none when it has none (RFC 2890 2.1). Other
 * encapsulations carry no key.
 */
static inline bool ipmob_coa_key_ok(const struct ipmob_coa *coa,
				    const struct ipmob_outer *o)
{
	if (o->encap != IPMOB_ENCAP_GRE &&
	    (o->encap != IPMOB_ENCAP_UDP || o->udp_hdr != IPMOB_UDP_HDR_TLV))
		return true;
	return (coa->keys & IPMOB_COA_IKEY) ?
	       o->has_key && o->key == coa->ikey : !o->has_key;
}

struct ipmob_binding *ipmob_lookup_rx(struct ipmob_net *in,
				      const struct in6_addr *addr,
				      enum ipmob_kind kind,
				      const struct ipmob_outer *o);
struct ipmob_binding *ipmob_lookup_tx(struct ipmob_net *in,
				      const struct ipv6hdr *ip6h, int iif);

/* Any session of the address, interface-keyed or not (ICMP errors). */
static inline struct ipmob_binding *
ipmob_lookup_rx6(struct ipmob_net *in, const struct in6_addr *addr,
		 enum ipmob_kind kind)
{
	return ipv6_addr_v4mapped(addr) ? NULL :
	       ipmob_lookup_rx(in, addr, kind, NULL);
}

static inline struct ipmob_binding *
ipmob_lookup_rx4(struct ipmob_net *in, __be32 addr, enum ipmob_kind kind)
{
	struct in6_addr a;

	ipv6_addr_set_v4mapped(addr, &a);
	return ipmob_lookup_rx(in, &a, kind, NULL);
}
struct ipmob_binding *ipmob_lookup_tx4(struct ipmob_net *in,
				       const struct iphdr *iph, int iif);
struct ipmob_binding *ipmob_binding_alloc(unsigned int slots);
void ipmob_binding_free(struct ipmob_binding *b);
int ipmob_binding_link(struct ipmob_net *in, struct ipmob_binding *b);
void ipmob_binding_unlink(struct ipmob_net *in, struct ipmob_binding *b);
int ipmob_binding_insert(struct ipmob_net *in, struct ipmob_binding *b);
int ipmob_binding_replace(struct ipmob_net *in, struct ipmob_binding *b);
void ipmob_binding_remove(struct ipmob_net *in, struct ipmob_binding *b);
unsigned int ipmob_binding_flush(struct ipmob_net *in,
				 const struct net_device *dev);
void ipmob_binding_set_expiry(struct ipmob_net *in, struct ipmob_binding *b);
void ipmob_binding_used(struct ipmob_net *in, struct ipmob_binding *b,
			bool tx);
int ipmob_iif_init(void);
void ipmob_iif_exit(void);
int ipmob_binding_cache_init(void);
void ipmob_binding_cache_destroy(void);
void ipmob_gc_work(struct work_struct *work);

/* endpoint.c */
struct ipmob_ep_route;
int ipmob_eps_init(struct ipmob_net *in);
void ipmob_eps_destroy(struct ipmob_net *in);
struct ipmob_ep *ipmob_ep_get(struct ipmob_net *in,
			      const struct ipmob_ep_key *key);
void ipmob_ep_put(struct ipmob_net *in, struct ipmob_ep *ep);
struct dst_entry *ipmob_ep_route_get(struct ipmob_ep *ep, bool inner4,
				     struct in6_addr *saddr);
void ipmob_ep_route_set(struct ipmob_ep *ep, bool inner4,
			struct dst_entry *dst, const struct in6_addr *saddr);

/* flow.c */
const struct ipmob_coa *ipmob_select_coa(const struct ipmob_binding *b,
					 struct sk_buff *skb);
const struct ipmob_coa *ipmob_coa_find(const struct ipmob_binding *b,
				       const struct in6_addr *addr);
unsigned int ipmob_flow_select(const struct ipmob_binding *b,
			       struct sk_buff *skb,
			       const struct ipmob_coa **out,
			       struct ipmob_flow **rule, bool flushed);
int ipmob_buf_hold(struct ipmob_net *in, const struct ipmob_binding *b,
		   struct sk_buff *skb);
unsigned int ipmob_buf_take(struct ipmob_net *in, struct ipmob_binding *b,
			    struct sk_buff_head *list);
unsigned int ipmob_buffered(const struct ipmob_binding *b);
int ipmob_flows_add(struct ipmob_net *in, struct ipmob_binding *b,
		    const struct ipmob_flow *add,
		    const struct nlattr *const *nests, unsigned int n,
		    bool replace, struct sk_buff_head *release,
		    struct netlink_ext_ack *extack);
int ipmob_flows_del(struct ipmob_net *in, struct ipmob_binding *b,
		    const u16 *fids, const struct nlattr *const *nests,
		    unsigned int n, struct sk_buff_head *release,
		    struct netlink_ext_ack *extack);
void ipmob_flows_take_over(struct ipmob_binding *to,
			   struct ipmob_binding *from);
void ipmob_flows_release(struct ipmob_net *in, struct ipmob_binding *b);
void ipmob_flows_destroy(struct ipmob_flows *fs);

/* device.c */
extern struct rtnl_link_ops ipmob_link_ops;
void ipmob_xmit_flushed(struct sk_buff *skb, struct net_device *dev);
bool ipmob_is_dev(const struct net_device *dev);
int ipmob_dev_create(struct net *net, const char *name,
		     struct netlink_ext_ack *extack);
struct dst_entry *ipmob_route_outer(struct ipmob_net *in,
				    struct sk_buff *skb,
				    struct net_device *dev, u8 proto,
				    const struct in6_addr *saddr,
				    const struct in6_addr *daddr,
				    struct flowi6 *fl6);
int ipmob_check_mtu(struct ipmob_net *in, struct sk_buff *skb,
		    struct dst_entry *dst, unsigned int overhead);
void ipmob_outer_addrs(const struct ipmob_binding *b,
		       const struct ipmob_coa *coa, const struct ipv6hdr *ip6h,
		       const struct in6_addr **saddr,
		       const struct in6_addr **daddr);
bool ipmob_on_dev(struct ipmob_net *in, const struct in6_addr *addr);
bool ipmob_home_native(struct ipmob_net *in, struct ipmob_binding *b,
		       struct sk_buff *skb);
unsigned int ipmob_frag_size(struct ipmob_net *in, struct sk_buff *skb,
			     const struct ipmob_binding *b);

/* route.c */
int ipmob_route_up(struct net_device *dev);
void ipmob_route_down(struct net_device *dev);
unsigned int ipmob_route_skb(struct ipmob_net *in, struct sk_buff *skb,
			     const struct ipmob_binding *b, bool noref);

/* exthdr.c */
int ipmob_push_hao(struct sk_buff *skb, const struct in6_addr *coa);
int ipmob_push_rh2(struct sk_buff *skb, const struct in6_addr *coa);
unsigned int ipmob_rx_exthdrs(struct ipmob_net *in, struct sk_buff *skb);
unsigned int ipmob_tx_hao_swap(struct ipmob_net *in, struct sk_buff *skb,
			       struct sock *sk);

/* tunnel.c */
void ipmob_outer_addrs4(const struct ipmob_binding *b,
			const struct ipmob_coa *coa, __be32 *saddr,
			__be32 *daddr);
struct rtable *ipmob_route_outer4(struct ipmob_net *in, struct sk_buff *skb,
				  u8 proto, __be32 saddr, __be32 daddr,
				  struct flowi4 *fl4);
int ipmob_tunnel_xmit(struct sk_buff *skb, struct net_device *dev,
		      struct ipmob_binding *b, const struct ipmob_coa *coa);
int ipmob_tunnel_xmit4(struct sk_buff *skb, struct net_device *dev,
		       struct ipmob_binding *b, const struct ipmob_coa *coa);
struct rtable *ipmob_coa_route4(struct ipmob_net *in, struct sk_buff *skb,
				const struct ipmob_binding *b,
				const struct ipmob_coa *coa, u8 proto,
				struct flowi4 *fl4);
struct ipmob_binding *ipmob_rx_session4(struct ipmob_net *in,
					__be32 saddr, __be32 daddr,
					const struct ipmob_outer *o);
struct ipmob_binding *ipmob_rx_session6(struct ipmob_net *in,
					const struct ipv6hdr *ip6h,
					const struct ipmob_outer *o);
enum ipmob_stat ipmob_rx_check(const struct ipmob_binding *b,
			       struct ipmob_outer *o, bool frag,
			       struct sk_buff *skb);
void ipmob_rx_deliver(struct ipmob_net *in, struct ipmob_binding *b,
		      struct sk_buff *skb, bool inner4, u8 dsfield);

/* gre.c */
int ipmob_gre_xmit(struct sk_buff *skb, struct net_device *dev,
		   struct ipmob_binding *b, const struct ipmob_coa *coa);
unsigned int ipmob_gre_rx(struct ipmob_net *in, struct sk_buff *skb,
			  bool inner4);
bool ipmob_gre_available(struct ipmob_net *in, bool outer4);
int ipmob_gre_ep_init(struct ipmob_ep *ep);
int ipmob_gre_init(void);
void ipmob_gre_exit(void);

/* udp.c */
struct ipmob_udp;

/* Bytes a UDP care-of record puts between UDP and the inner packet. */
static inline unsigned int ipmob_udp_hdr_len(const struct ipmob_coa *coa)
{
	switch (coa->udp_hdr) {
	case IPMOB_UDP_HDR_MIP4:
		return IPMOB_UDP_MIP4_OVERHEAD;
	case IPMOB_UDP_HDR_TLV:
		/* the GRE key field only with a key (RFC 2890 2.1) */
		return (coa->keys & IPMOB_COA_OKEY) ?
		       IPMOB_UDP_TLV_OVERHEAD :
		       IPMOB_UDP_TLV_OVERHEAD - sizeof(__be32);
	}
	return 0;
}

int ipmob_udp_set(struct ipmob_net *in, int fd,
		  struct netlink_ext_ack *extack);
bool ipmob_udp_get(struct ipmob_net *in, u16 *port, u16 *family);
void ipmob_udp_exit(struct ipmob_net *in);
int ipmob_udp_xmit(struct sk_buff *skb, struct net_device *dev,
		   struct ipmob_binding *b, const struct ipmob_coa *coa);
void ipmob_udp_carry(struct ipmob_binding *b, const struct ipmob_binding *old);

/* minenc.c */
int ipmob_minenc_xmit(struct sk_buff *skb, struct net_device *dev,
		      struct ipmob_binding *b, const struct ipmob_coa *coa);
int ipmob_minenc_init(void);
void ipmob_minenc_exit(void);
int ipmob_tunnel_init(void);
void ipmob_tunnel_exit(void);

/* ndproxy.c */
struct nf_hook_state;
unsigned int ipmob_arp_proxy(void *priv, struct sk_buff *skb,
			     const struct nf_hook_state *state);
unsigned int ipmob_nd_proxy(struct ipmob_net *in, struct sk_buff *skb,
			    unsigned int hook);

/* hooks.c */
int ipmob_hooks_get(struct net *net);
void ipmob_hooks_put(struct net *net);

/* netlink.c */
int ipmob_genl_init(void);
void ipmob_genl_exit(void);
void ipmob_notify_binding(struct ipmob_net *in, u8 cmd,
			  const struct ipmob_binding *b, gfp_t gfp);
void ipmob_notify_flush(struct ipmob_net *in, const struct net_device *dev);
void ipmob_notify_ro_hint(struct ipmob_net *in, struct ipmob_binding *b,
			  const struct in6_addr *hoa,
			  const struct in6_addr *peer);
void ipmob_notify_berr(struct ipmob_net *in, const struct in6_addr *src,
		       const struct in6_addr *dst, const struct in6_addr *hoa,
		       u8 status, u8 mh_type);

#endif /* _IPMOB_H */
