/* SPDX-License-Identifier: GPL-2.0 */
/*
 * binding.h - a binding as carried in an IPMOB_A_BINDING nest, with
 * the pure conversions nest -> struct, struct -> nest and struct ->
 * text shared by the CLI and the daemon.
 */
#ifndef IPMOB_BINDING_H
#define IPMOB_BINDING_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <netinet/in.h>
#include <linux/ipmob.h>

struct nlattr;
struct nlmsghdr;

/*
 * A care-of record. Its address is IPv6 (IPMOB_CA_ADDR, has_addr) or
 * IPv4 (IPMOB_CA_ADDR4, has_addr4); a record has one of the two.
 */
struct ipmob_coa {
	struct in6_addr addr;
	struct in_addr addr4;
	uint16_t bid;
	uint8_t prio;
	uint8_t encap;			/* IPMOB_CA_ENCAP, enum ipmob_encap */
	uint32_t okey;			/* IPMOB_CA_GRE_OKEY */
	uint32_t ikey;			/* IPMOB_CA_GRE_IKEY */
	uint16_t port;			/* IPMOB_CA_UDP_PORT (0 in a dump:
					 * none learnt yet) */
	uint8_t udp_hdr;		/* IPMOB_CA_UDP_HDR, enum
					 * ipmob_udp_hdr */
	bool has_addr, has_addr4, has_bid, has_prio, has_encap;
	bool has_okey, has_ikey, has_port, has_udp_hdr;
	bool learn;			/* IPMOB_CA_UDP_LEARN */
};

/*
 * The home address is IPv6 (IPMOB_BA_HOA, hoa) or IPv4 (IPMOB_BA_HOA4,
 * hoa4); peer and local may be given in both families, each serving the
 * care-of addresses of its family.
 */
struct ipmob_binding {
	uint32_t present;		/* bit (1 << IPMOB_BA_x) per attribute */
	struct in6_addr hoa;
	struct in6_addr peer;
	struct in6_addr local;
	struct in_addr hoa4;		/* IPMOB_BA_HOA4 */
	struct in_addr peer4;		/* IPMOB_BA_PEER4 */
	struct in_addr local4;		/* IPMOB_BA_LOCAL4 */
	uint8_t mode;
	uint32_t lifetime;
	uint32_t remaining;
	uint32_t ifindex;
	uint32_t flags;
	uint16_t seq;			/* IPMOB_BA_SEQ */
	uint8_t prefix_len;		/* IPMOB_BA_PREFIX_LEN, 1..128 (1..32
					 * with hoa4) */
	uint8_t role;			/* IPMOB_BA_ROLE, enum ipmob_role */
	uint32_t buffered;		/* IPMOB_BA_BUFFERED, read-only */
	uint32_t iif;			/* IPMOB_BA_IIF: ingress interface
					 * (ifindex), part of the key; 0 or
					 * absent: any */
	char iif_name[16];		/* its name for the output, filled
					 * by the caller ("": the number) */
	uint32_t instance;		/* IPMOB_BA_INSTANCE: owner, 0 or
					 * absent: none (ipmobd's) */
	uint32_t proxy_if;		/* IPMOB_BA_PROXY_IF: Neighbor
					 * Discovery proxy on this interface;
					 * IPMOB_BA_PROXY_ROUTER (a flag,
					 * present or not) sets R */
	char proxy_name[16];		/* its name for the output, filled
					 * by the caller ("": the number) */
	uint64_t tx_packets;
	uint64_t rx_packets;
	unsigned int ncoa;
	bool coa_truncated;		/* kernel sent more than IPMOB_MAX_COA */
	struct ipmob_coa coa[IPMOB_MAX_COA];
};

#define BA_BIT(attr)		(1u << (attr))
#define BA_HAS(b, attr)		(((b)->present & BA_BIT(attr)) != 0)
#define BA_SET(b, attr)		((b)->present |= BA_BIT(attr))

_Static_assert(IPMOB_BA_MAX < 32, "struct ipmob_binding.present has 32 bits");

/*
 * Parse an IPMOB_A_BINDING nest. Unknown attributes are skipped
 * (newer kernel); attributes of a wrong size make it fail.
 * Returns 0 or -1.
 */
int binding_from_nest(const struct nlattr *nest, struct ipmob_binding *b);

/*
 * Append b as a nest of type attr_type to nlh, without letting the
 * message grow past buflen bytes. Only the attributes marked present
 * are written (IPMOB_BA_COA: one nest per record; the read-only
 * attributes are never written). Returns false, with nlh unchanged,
 * if the nest does not fit.
 */
bool binding_to_nest(struct nlmsghdr *nlh, size_t buflen, uint16_t attr_type,
		     const struct ipmob_binding *b);

/*
 * One line of text, the "ipmob binding show" format:
 * "hoa A coa C [bid N] [prio N] [encap E [port P]]... mode M [role R]
 *  [peer P] [peer P4] [local L] [local L4] lifetime S|forever
 *  [remaining Ns] dev D [flags F] tx N rx N [buffered N]"
 * (absent attributes are omitted; addresses of either family under the
 * same keyword, IPv6 first). encap is printed only when it is not IPv6
 * in IPv6 (binding_encap_name()); port is the UDP port of "encap udp"
 * as the kernel reports it (0: not learnt yet). dev is the device name to print
 * (NULL: none). Returns the length that the full line needs, like
 * snprintf; the text is always terminated.
 */
struct printer;
/*
 * " iif NAME" (its iif_name, or the index when that is empty) and JSON
 * "iif", "iif_index", if b has an ingress interface (IPMOB_BA_IIF).
 */
void binding_print_iif(struct printer *pr, const struct ipmob_binding *b);
/*
 * Every field of b, each described once, into a text line or JSON
 * object members (print.h); dev: the device's name, or NULL.
 */
void binding_print(struct printer *pr, const struct ipmob_binding *b,
		   const char *dev);
size_t binding_format(char *buf, size_t len, const struct ipmob_binding *b,
		      const char *dev);

/*
 * Identity of a binding in the kernel's table (per network namespace):
 * the home address and the kind of entry - binding cache (no peer),
 * the mobile node's home registration (peer, tunnel mode: one per home
 * address) or its route optimisation with a correspondent (peer, RO
 * mode: one per peer).
 */
enum binding_kind {
	BINDING_KIND_CACHE,
	BINDING_KIND_MN_HOME,
	BINDING_KIND_MN_RO,
};

/* A mobile node binding has IPMOB_BA_PEER or IPMOB_BA_PEER4 (or both). */
enum binding_kind binding_kind(const struct ipmob_binding *b);
/*
 * Same key: kind, home address of the same family, prefix length
 * (absent: 128 for IPv6, 32 for IPv4), ingress interface (absent: 0)
 * and, for route optimisation, peer.
 */
bool binding_same_key(const struct ipmob_binding *a,
		      const struct ipmob_binding *b);

/*
 * Families of a binding: the home address's (IPv4 with IPMOB_BA_HOA4
 * and no IPMOB_BA_HOA, otherwise IPv6) and a care-of record's (IPv4
 * when it has an IPv4 address and no IPv6 one).
 */
static inline bool binding_hoa_is4(const struct ipmob_binding *b)
{
	return BA_HAS(b, IPMOB_BA_HOA4) && !BA_HAS(b, IPMOB_BA_HOA);
}

/* An IPv6 home address and no IPv4 one: the key ipmobd can own. */
static inline bool binding_hoa_is6(const struct ipmob_binding *b)
{
	return BA_HAS(b, IPMOB_BA_HOA) && !BA_HAS(b, IPMOB_BA_HOA4);
}

static inline bool coa_is4(const struct ipmob_coa *c)
{
	return c->has_addr4 && !c->has_addr;
}

/*
 * Prefix length of the home address, part of the key: IPMOB_BA_PREFIX_LEN
 * or, when absent, the whole address (32 for IPv4, 128 for IPv6).
 */
unsigned int binding_prefix_len(const struct ipmob_binding *b);

/*
 * Name of the encapsulation toward care-of record c of b, from the
 * families (inner: the home address, outer: the care-of address):
 * "ip6ip6", "ipip" (4 in 4), "ip4ip6" (4 in 6), "ip6ip4" (6 in 4);
 * "minenc", "gre" and "udp" for those IPMOB_CA_ENCAP values. NULL for
 * an IPMOB_CA_ENCAP this program does not know.
 */
const char *binding_encap_name(const struct ipmob_binding *b,
			       const struct ipmob_coa *c);

/* The ingress interface of the key, 0 for any (IPMOB_BA_IIF absent). */
static inline uint32_t binding_iif(const struct ipmob_binding *b)
{
	return BA_HAS(b, IPMOB_BA_IIF) ? b->iif : 0;
}

/*
 * True for a binding of IPv6 only: an IPv6 home address, no IPv4 home
 * address, peer or local address, no ingress interface, and IPv6
 * care-of addresses only. These
 * are the bindings ipmobd (Mobile IPv6) manages; it leaves every other
 * one alone (IPv4 home addresses, DSMIPv6 care-of addresses).
 */
bool binding_is_ip6_only(const struct ipmob_binding *b);

#endif /* IPMOB_BINDING_H */
