// SPDX-License-Identifier: GPL-2.0
/*
 * ipmob: the "ipmob" generic netlink family (uapi/linux/ipmob.h,
 * Documentation/netlink/specs/ipmob.yaml).
 *
 * Every error carries an extack message. A request carrying several
 * bindings is applied all or nothing, and may name each binding once.
 * Every command, dump and the events group need CAP_NET_ADMIN.
 */

#include <linux/slab.h>
#include <linux/sort.h>
#include <net/genetlink.h>
#include <net/ipv6.h>
#include <net/sock.h>

#include "ipmob.h"

static struct genl_family ipmob_genl_family;

enum ipmob_mcgrp { IPMOB_MCGRP_EVENTS_ID };

/*
 * Events say where every mobile node is: like the commands, only for
 * CAP_NET_ADMIN in the namespace's user namespace.
 */
static const struct genl_multicast_group ipmob_mcgrps[] = {
	[IPMOB_MCGRP_EVENTS_ID] = {
		.name = IPMOB_MCGRP_EVENTS,
		.flags = GENL_MCAST_CAP_NET_ADMIN,
	},
};

static const struct nla_policy ipmob_coa_policy[IPMOB_CA_MAX + 1] = {
	[IPMOB_CA_ADDR] = NLA_POLICY_EXACT_LEN(sizeof(struct in6_addr)),
	[IPMOB_CA_BID] = { .type = NLA_U16 },
	[IPMOB_CA_PRIO] = { .type = NLA_U8 },
	[IPMOB_CA_ADDR4] = { .type = NLA_BE32 },
	[IPMOB_CA_ENCAP] = NLA_POLICY_RANGE(NLA_U8, IPMOB_ENCAP_IP,
					    IPMOB_ENCAP_HOME),
	[IPMOB_CA_GRE_OKEY] = { .type = NLA_U32 },
	[IPMOB_CA_GRE_IKEY] = { .type = NLA_U32 },
	[IPMOB_CA_UDP_PORT] = { .type = NLA_U16 },
	[IPMOB_CA_UDP_HDR] = NLA_POLICY_MAX(NLA_U8, IPMOB_UDP_HDR_TLV),
	[IPMOB_CA_UDP_LEARN] = { .type = NLA_FLAG },
};

static const struct nla_policy ipmob_binding_policy[IPMOB_BA_MAX + 1] = {
	[IPMOB_BA_HOA] = NLA_POLICY_EXACT_LEN(sizeof(struct in6_addr)),
	[IPMOB_BA_PEER] = NLA_POLICY_EXACT_LEN(sizeof(struct in6_addr)),
	[IPMOB_BA_LOCAL] = NLA_POLICY_EXACT_LEN(sizeof(struct in6_addr)),
	[IPMOB_BA_MODE] = NLA_POLICY_RANGE(NLA_U8, IPMOB_MODE_TUNNEL,
					   IPMOB_MODE_RO),
	[IPMOB_BA_LIFETIME] = { .type = NLA_U32 },
	[IPMOB_BA_REMAINING] = { .type = NLA_REJECT },
	[IPMOB_BA_COA] = NLA_POLICY_NESTED(ipmob_coa_policy),
	[IPMOB_BA_IFINDEX] = { .type = NLA_U32 },
	[IPMOB_BA_FLAGS] = { .type = NLA_REJECT },
	[IPMOB_BA_TX_PACKETS] = { .type = NLA_REJECT },
	[IPMOB_BA_RX_PACKETS] = { .type = NLA_REJECT },
	[IPMOB_BA_SEQ] = { .type = NLA_U16 },
	[IPMOB_BA_PREFIX_LEN] = NLA_POLICY_RANGE(NLA_U8, 1, 128),
	[IPMOB_BA_HOA4] = { .type = NLA_BE32 },
	[IPMOB_BA_PEER4] = { .type = NLA_BE32 },
	[IPMOB_BA_LOCAL4] = { .type = NLA_BE32 },
	[IPMOB_BA_BUFFERED] = { .type = NLA_REJECT },
	[IPMOB_BA_ROLE] = NLA_POLICY_RANGE(NLA_U8, IPMOB_ROLE_HA,
					   IPMOB_ROLE_ANCHOR),
	[IPMOB_BA_IIF] = { .type = NLA_U32 },
	[IPMOB_BA_INSTANCE] = { .type = NLA_U32 },
	[IPMOB_BA_PROXY_IF] = { .type = NLA_U32 },
	[IPMOB_BA_PROXY_ROUTER] = { .type = NLA_FLAG },
};

/*
 * A flow rule. The flow label's range (20 bits) is checked in code: the
 * policies of 6.1 cannot bound a u32 above 32767.
 */
static const struct nla_policy ipmob_flow_policy[IPMOB_FA_MAX + 1] = {
	[IPMOB_FA_FID] = NLA_POLICY_MIN(NLA_U16, 1),
	[IPMOB_FA_PRIO] = { .type = NLA_U8 },
	[IPMOB_FA_ACTION] = NLA_POLICY_RANGE(NLA_U8, IPMOB_FLOW_FORWARD,
					     IPMOB_FLOW_BUFFER),
	[IPMOB_FA_BID] = NLA_POLICY_MIN(NLA_U16, 1),
	[IPMOB_FA_SRC] = NLA_POLICY_EXACT_LEN(sizeof(struct in6_addr)),
	[IPMOB_FA_SRC_END] = NLA_POLICY_EXACT_LEN(sizeof(struct in6_addr)),
	[IPMOB_FA_DST] = NLA_POLICY_EXACT_LEN(sizeof(struct in6_addr)),
	[IPMOB_FA_DST_END] = NLA_POLICY_EXACT_LEN(sizeof(struct in6_addr)),
	[IPMOB_FA_SRC4] = { .type = NLA_BE32 },
	[IPMOB_FA_SRC4_END] = { .type = NLA_BE32 },
	[IPMOB_FA_DST4] = { .type = NLA_BE32 },
	[IPMOB_FA_DST4_END] = { .type = NLA_BE32 },
	[IPMOB_FA_PROTO] = { .type = NLA_U8 },
	[IPMOB_FA_SPORT] = { .type = NLA_U16 },
	[IPMOB_FA_SPORT_END] = { .type = NLA_U16 },
	[IPMOB_FA_DPORT] = { .type = NLA_U16 },
	[IPMOB_FA_DPORT_END] = { .type = NLA_U16 },
	[IPMOB_FA_SPI] = { .type = NLA_U32 },
	[IPMOB_FA_SPI_END] = { .type = NLA_U32 },
	[IPMOB_FA_DSCP] = NLA_POLICY_MAX(NLA_U8, 63),
	[IPMOB_FA_DSCP_END] = NLA_POLICY_MAX(NLA_U8, 63),
	[IPMOB_FA_FLOW_LABEL] = { .type = NLA_U32 },
	[IPMOB_FA_FLOW_LABEL_END] = { .type = NLA_U32 },
	[IPMOB_FA_PACKETS] = { .type = NLA_REJECT },
};

static const struct nla_policy ipmob_policy[IPMOB_A_MAX + 1] = {
	[IPMOB_A_IFINDEX] = { .type = NLA_U32 },
	[IPMOB_A_IFNAME] = { .type = NLA_NUL_STRING, .len = IFNAMSIZ - 1 },
	[IPMOB_A_BINDING] = NLA_POLICY_NESTED(ipmob_binding_policy),
	[IPMOB_A_STATS] = { .type = NLA_REJECT },
	[IPMOB_A_SRC] = { .type = NLA_REJECT },
	[IPMOB_A_DST] = { .type = NLA_REJECT },
	[IPMOB_A_HOA] = { .type = NLA_REJECT },
	[IPMOB_A_BE_STATUS] = { .type = NLA_REJECT },
	[IPMOB_A_MH_TYPE] = { .type = NLA_REJECT },
	[IPMOB_A_ENDPOINT] = { .type = NLA_REJECT },
	[IPMOB_A_FLOW] = NLA_POLICY_NESTED(ipmob_flow_policy),
	[IPMOB_A_BUFFER_SEND] = NLA_POLICY_MAX(NLA_U8, 1),
	[IPMOB_A_FD] = { .type = NLA_U32 },
	[IPMOB_A_UDP_PORT] = { .type = NLA_REJECT },
	[IPMOB_A_UDP_FAMILY] = { .type = NLA_REJECT },
	[IPMOB_A_FLOW_REPLACE] = { .type = NLA_FLAG },
};

static int ipmob_get_addr(const struct nlattr *attr, struct in6_addr *addr,
			  const char *what, struct netlink_ext_ack *extack)
{
	*addr = nla_get_in6_addr(attr);
	if (!ipmob_addr_valid(addr)) {
		IPMOB_ERR_ATTR(extack, attr, "not a global unicast address",
			       "%s must be a global unicast address", what);
		return -EINVAL;
	}
	return 0;
}

static int ipmob_get_addr4(const struct nlattr *attr, __be32 *addr,
			   const char *what, struct netlink_ext_ack *extack)
{
	*addr = nla_get_in_addr(attr);
	if (!ipmob_addr4_valid(*addr)) {
		IPMOB_ERR_ATTR(extack, attr, "not a unicast IPv4 address",
			       "%s must be a unicast IPv4 address", what);
		return -EINVAL;
	}
	return 0;
}

static int ipmob_coa_cmp(const void *a, const void *b)
{
	const struct ipmob_coa *x = a, *y = b;

	if (x->prio != y->prio)
		return x->prio < y->prio ? -1 : 1;
	return x->bid < y->bid ? -1 : x->bid > y->bid;
}

/*
 * The outer family is the care-of address's: a mobile node needs its home
 * agent's address of that family; route optimisation is IPv6 only.
 */
static int ipmob_check_coa_family(const struct ipmob_binding *b,
				  const struct ipmob_coa *coa,
				  const struct nlattr *attr,
				  struct netlink_ext_ack *extack)
{
	bool is4 = ipmob_coa_is4(coa);

	if (is4 && b->mode == IPMOB_MODE_RO) {
		NL_SET_ERR_MSG_ATTR(extack, attr,
				    "route optimisation needs an IPv6 care-of address");
		return -EINVAL;
	}
	if (b->key.kind != IPMOB_KIND_MN_HOME)
		return 0;
	if (is4 && !b->peer4) {
		NL_SET_ERR_MSG_ATTR(extack, attr,
				    "an IPv4 care-of address needs the home agent's IPv4 address (peer4)");
		return -EINVAL;
	}
	if (!is4 && ipv6_addr_any(&b->peer)) {
		NL_SET_ERR_MSG_ATTR(extack, attr,
				    "an IPv6 care-of address needs the home agent's IPv6 address (peer)");
		return -EINVAL;
	}
	return 0;
}

/*
 * A care-of record's encapsulation (IPMOB_CA_ENCAP, given as @attr) and
 * GRE keys (@tb) against the binding. RFC 2004 3: minimal encapsulation
 * rewrites the original IPv4 header, so both the home address and the
 * care-of address are IPv4. GRE goes through the namespace's collect_md
 * GRE device of the outer family, which must exist. A header after UDP
 * (RFC 3519 3.3, RFC 5845 7.2) needs UDP; GRE keys go with GRE, or with
 * UDP and the TLV header, whose payload is GRE (RFC 5845 7.1).
 */
static int ipmob_check_coa_encap(struct ipmob_net *in,
				 const struct ipmob_binding *b,
				 const struct ipmob_coa *coa,
				 const struct nlattr *attr, struct nlattr **tb,
				 struct netlink_ext_ack *extack)
{
	const struct nlattr *key = tb[IPMOB_CA_GRE_OKEY] ?:
				   tb[IPMOB_CA_GRE_IKEY];

	if (coa->encap != IPMOB_ENCAP_IP && b->mode != IPMOB_MODE_TUNNEL) {
		NL_SET_ERR_MSG_ATTR(extack, attr,
				    "route optimisation has no encapsulation");
		return -EINVAL;
	}
	/*
	 * RFC 5648 5.6.3: a home binding's care-of address is the home
	 * address; it is the session's way onto the home link, one at most
	 */
	if (coa->encap == IPMOB_ENCAP_HOME &&
	    (ipmob_key_is4(&b->key) || b->key.plen != 128 ||
	     (b->key.kind != IPMOB_KIND_CACHE &&
	      b->key.kind != IPMOB_KIND_MN_HOME))) {
		NL_SET_ERR_MSG_ATTR(extack, attr,
				    "a home record belongs to an IPv6 home address's session");
		return -EINVAL;
	}
	if (coa->encap == IPMOB_ENCAP_HOME &&
	    !ipv6_addr_equal(&coa->addr, &b->key.hoa)) {
		NL_SET_ERR_MSG_ATTR(extack, attr,
				    "a home record's address is the home address (RFC 5648 5.6.3)");
		return -EINVAL;
	}
	if (coa->encap == IPMOB_ENCAP_HOME && b->home) {
		NL_SET_ERR_MSG_ATTR(extack, attr, "more than one home record");
		return -EINVAL;
	}
	if (coa->encap == IPMOB_ENCAP_MINENC &&
	    (!ipmob_key_is4(&b->key) || !ipmob_coa_is4(coa))) {
		NL_SET_ERR_MSG_ATTR(extack, attr,
				    "minimal encapsulation carries IPv4 in IPv4 only (RFC 2004)");
		return -EINVAL;
	}
	if (key && coa->encap != IPMOB_ENCAP_GRE &&
	    !(coa->encap == IPMOB_ENCAP_UDP &&
	      coa->udp_hdr == IPMOB_UDP_HDR_TLV)) {
		NL_SET_ERR_MSG_ATTR(extack, key,
				    "a key needs GRE encapsulation, or UDP with the TLV header");
		return -EINVAL;
	}
	if (tb[IPMOB_CA_UDP_HDR] && coa->encap != IPMOB_ENCAP_UDP) {
		NL_SET_ERR_MSG_ATTR(extack, tb[IPMOB_CA_UDP_HDR],
				    "a header after UDP needs UDP encapsulation");
		return -EINVAL;
	}
	if (tb[IPMOB_CA_UDP_LEARN] && coa->encap != IPMOB_ENCAP_UDP) {
		NL_SET_ERR_MSG_ATTR(extack, tb[IPMOB_CA_UDP_LEARN],
				    "learning a port needs UDP encapsulation");
		return -EINVAL;
	}
	if (tb[IPMOB_CA_UDP_PORT] && coa->encap != IPMOB_ENCAP_UDP) {
		NL_SET_ERR_MSG_ATTR(extack, tb[IPMOB_CA_UDP_PORT],
				    "a port needs UDP encapsulation");
		return -EINVAL;
	}
	if (coa->encap == IPMOB_ENCAP_UDP && !coa->port &&
	    b->key.kind != IPMOB_KIND_CACHE) {
		NL_SET_ERR_MSG_ATTR(extack, attr,
				    "a mobile node's UDP care-of record names the home agent's port");
		return -EINVAL;
	}
	if (coa->encap == IPMOB_ENCAP_GRE &&
	    !ipmob_gre_available(in, ipmob_coa_is4(coa))) {
		if (ipmob_coa_is4(coa))
			NL_SET_ERR_MSG_ATTR(extack, attr,
					    "GRE needs the namespace's collect_md GRE device (ip link add NAME type gre external)");
		else
			NL_SET_ERR_MSG_ATTR(extack, attr,
					    "GRE needs the namespace's collect_md GRE device (ip link add NAME type ip6gre external)");
		return -ENODEV;
	}
	return 0;
}

static int ipmob_parse_coas(struct ipmob_net *in, struct ipmob_binding *b,
			    const struct nlattr *nest,
			    struct netlink_ext_ack *extack)
{
	struct nlattr *tb[IPMOB_CA_MAX + 1];
	const struct nlattr *attr;
	unsigned int i, j;
	int rem, err;

	nla_for_each_nested(attr, nest, rem) {
		if (nla_type(attr) != IPMOB_BA_COA)
			continue;
		if (b->ncoa == IPMOB_MAX_COA) {
			IPMOB_ERR_ATTR(extack, attr, "too many care-of addresses",
				       "at most %u care-of addresses",
				       IPMOB_MAX_COA);
			return -E2BIG;
		}
		err = nla_parse_nested(tb, IPMOB_CA_MAX, attr,
				       ipmob_coa_policy, extack);
		if (err)
			return err;
		if (!tb[IPMOB_CA_ADDR] == !tb[IPMOB_CA_ADDR4]) {
			NL_SET_ERR_MSG_ATTR(extack, attr,
					    "a care-of record needs one address, IPv6 or IPv4");
			return -EINVAL;
		}
		if (tb[IPMOB_CA_ADDR]) {
			err = ipmob_get_addr(tb[IPMOB_CA_ADDR],
					     &b->coa[b->ncoa].addr,
					     "care-of address", extack);
		} else {
			__be32 a4;

			err = ipmob_get_addr4(tb[IPMOB_CA_ADDR4], &a4,
					      "care-of address", extack);
			ipv6_addr_set_v4mapped(a4, &b->coa[b->ncoa].addr);
		}
		if (err)
			return err;
		err = ipmob_check_coa_family(b, &b->coa[b->ncoa], attr,
					     extack);
		if (err)
			return err;
		b->coa[b->ncoa].encap = tb[IPMOB_CA_ENCAP] ?
					nla_get_u8(tb[IPMOB_CA_ENCAP]) :
					IPMOB_ENCAP_IP;
		if (tb[IPMOB_CA_GRE_OKEY]) {
			b->coa[b->ncoa].okey = nla_get_u32(tb[IPMOB_CA_GRE_OKEY]);
			b->coa[b->ncoa].keys |= IPMOB_COA_OKEY;
		}
		if (tb[IPMOB_CA_GRE_IKEY]) {
			b->coa[b->ncoa].ikey = nla_get_u32(tb[IPMOB_CA_GRE_IKEY]);
			b->coa[b->ncoa].keys |= IPMOB_COA_IKEY;
		}
		if (b->coa[b->ncoa].encap == IPMOB_ENCAP_UDP) {
			if (tb[IPMOB_CA_UDP_PORT])
				b->coa[b->ncoa].port =
					nla_get_u16(tb[IPMOB_CA_UDP_PORT]);
			/*
			 * no port at a binding cache entry: the NAT's, learnt;
			 * with IPMOB_CA_UDP_LEARN the one given, then learnt
			 */
			if (!b->coa[b->ncoa].port ||
			    nla_get_flag(tb[IPMOB_CA_UDP_LEARN]))
				b->coa[b->ncoa].keys |= IPMOB_COA_LEARN;
			if (tb[IPMOB_CA_UDP_HDR])
				b->coa[b->ncoa].udp_hdr =
					nla_get_u8(tb[IPMOB_CA_UDP_HDR]);
		}
		err = ipmob_check_coa_encap(in, b, &b->coa[b->ncoa],
					    tb[IPMOB_CA_ENCAP] ?: attr, tb,
					    extack);
		if (err)
			return err;
		if (b->coa[b->ncoa].encap == IPMOB_ENCAP_HOME)
			b->home = 1;
		if (tb[IPMOB_CA_BID])
			b->coa[b->ncoa].bid = nla_get_u16(tb[IPMOB_CA_BID]);
		if (tb[IPMOB_CA_PRIO])
			b->coa[b->ncoa].prio = nla_get_u8(tb[IPMOB_CA_PRIO]);
		for (j = 0; j < b->ncoa; j++) {
			if (b->coa[j].bid == b->coa[b->ncoa].bid) {
				NL_SET_ERR_MSG_ATTR(extack, attr,
						    "duplicate binding ID");
				return -EINVAL;
			}
		}
		b->ncoa++;
	}
	if (!b->ncoa) {
		NL_SET_ERR_MSG_ATTR(extack, nest, "missing care-of address");
		return -EINVAL;
	}
	for (i = 0; i < b->ncoa; i++) {
		if (b->coa[i].encap == IPMOB_ENCAP_HOME ||
		    !ipv6_prefix_equal(&b->coa[i].addr, &b->key.hoa,
				       b->key.plen))
			continue;
		if (b->key.plen == 128)
			NL_SET_ERR_MSG_ATTR(extack, nest,
					    "care-of address equals the home address");
		else
			NL_SET_ERR_MSG_ATTR(extack, nest,
					    "care-of address inside the home prefix");
		return -EINVAL;
	}
	sort(b->coa, b->ncoa, sizeof(b->coa[0]), ipmob_coa_cmp, NULL);
	return 0;
}

/*
 * The ingress interface of a key (IPMOB_BA_IIF, 0 = any). The route
 * optimisation kind keeps its correspondent where the other kinds keep
 * the interface (struct ipmob_key), so it takes none. Whether the
 * interface exists is checked at insert time, under the lock.
 */
static int ipmob_parse_iif(struct nlattr **tb, struct ipmob_key *key,
			   struct netlink_ext_ack *extack)
{
	u32 iif;

	if (!tb[IPMOB_BA_IIF])
		return 0;
	iif = nla_get_u32(tb[IPMOB_BA_IIF]);
	if (!iif)
		return 0;
	if (key->kind == IPMOB_KIND_MN_RO) {
		NL_SET_ERR_MSG_ATTR(extack, tb[IPMOB_BA_IIF],
				    "route optimisation takes no ingress interface");
		return -EINVAL;
	}
	if (iif > INT_MAX) {
		NL_SET_ERR_MSG_ATTR(extack, tb[IPMOB_BA_IIF],
				    "no interface with that index");
		return -ENODEV;
	}
	key->iif = iif;
	return 0;
}

/*
 * Key of the binding named by a nest: (hoa, peer) and, with a peer, mode.
 * An IPv4 home address or prefix is keyed IPv4-mapped, its prefix length
 * + 96. @peer and @peer4 are set to the home agent or correspondent
 * addresses given (or zero).
 */
static int ipmob_parse_key(struct nlattr **tb, const struct nlattr *nest,
			   struct ipmob_key *key, struct in6_addr *peer,
			   __be32 *peer4, struct netlink_ext_ack *extack)
{
	u8 mode = IPMOB_MODE_TUNNEL;
	unsigned int base = 0, max = 128;
	int err;

	memset(key, 0, sizeof(*key));
	memset(peer, 0, sizeof(*peer));
	*peer4 = 0;
	if (tb[IPMOB_BA_MODE])
		mode = nla_get_u8(tb[IPMOB_BA_MODE]);
	if (tb[IPMOB_BA_HOA] && tb[IPMOB_BA_HOA4]) {
		NL_SET_ERR_MSG_ATTR(extack, tb[IPMOB_BA_HOA4],
				    "a binding has one home address, IPv6 or IPv4");
		return -EINVAL;
	}
	if (tb[IPMOB_BA_HOA]) {
		err = ipmob_get_addr(tb[IPMOB_BA_HOA], &key->hoa,
				     "home address", extack);
	} else if (tb[IPMOB_BA_HOA4]) {
		__be32 a4;

		err = ipmob_get_addr4(tb[IPMOB_BA_HOA4], &a4, "home address",
				      extack);
		ipv6_addr_set_v4mapped(a4, &key->hoa);
		base = 96;
		max = 32;
		if (!err && mode == IPMOB_MODE_RO) {
			NL_SET_ERR_MSG_ATTR(extack, tb[IPMOB_BA_HOA4],
					    "route optimisation is for IPv6 home addresses");
			err = -EINVAL;
		}
	} else {
		NL_SET_ERR_MSG_ATTR(extack, nest, "missing home address");
		return -EINVAL;
	}
	if (err)
		return err;
	key->plen = 128;
	if (tb[IPMOB_BA_PREFIX_LEN]) {
		unsigned int plen = nla_get_u8(tb[IPMOB_BA_PREFIX_LEN]);
		struct in6_addr net;

		if (plen > max) {
			NL_SET_ERR_MSG_ATTR(extack, tb[IPMOB_BA_PREFIX_LEN],
					    "an IPv4 home prefix is at most 32 bits long");
			return -EINVAL;
		}
		key->plen = base + plen;
		ipv6_addr_prefix(&net, &key->hoa, key->plen);
		if (!ipv6_addr_equal(&net, &key->hoa)) {
			NL_SET_ERR_MSG_ATTR(extack, tb[IPMOB_BA_PREFIX_LEN],
					    "home prefix has host bits set");
			return -EINVAL;
		}
		if (key->plen != 128 && mode == IPMOB_MODE_RO) {
			NL_SET_ERR_MSG_ATTR(extack, tb[IPMOB_BA_PREFIX_LEN],
					    "route optimisation is for a home address, not a prefix");
			return -EINVAL;
		}
	}
	if (tb[IPMOB_BA_PEER]) {
		err = ipmob_get_addr(tb[IPMOB_BA_PEER], peer, "peer address",
				     extack);
		if (err)
			return err;
	}
	if (tb[IPMOB_BA_PEER4]) {
		err = ipmob_get_addr4(tb[IPMOB_BA_PEER4], peer4,
				      "IPv4 peer address", extack);
		if (err)
			return err;
	}
	if (!tb[IPMOB_BA_PEER] && !tb[IPMOB_BA_PEER4]) {
		key->kind = IPMOB_KIND_CACHE;
		return ipmob_parse_iif(tb, key, extack);
	}
	if (mode == IPMOB_MODE_RO) {
		if (!tb[IPMOB_BA_PEER] || tb[IPMOB_BA_PEER4]) {
			NL_SET_ERR_MSG_ATTR(extack, nest,
					    "route optimisation is with an IPv6 correspondent (peer), only");
			return -EINVAL;
		}
		key->kind = IPMOB_KIND_MN_RO;
		key->peer = *peer;
	} else {
		key->kind = IPMOB_KIND_MN_HOME;
	}
	return ipmob_parse_iif(tb, key, extack);
}

/*
 * The role of a binding: the one given, which must agree with the key and
 * mode, or the one they imply (enum ipmob_role).
 */
static int ipmob_parse_role(struct nlattr **tb, struct ipmob_binding *b,
			    struct netlink_ext_ack *extack)
{
	bool cache = b->key.kind == IPMOB_KIND_CACHE;
	bool ro = b->mode == IPMOB_MODE_RO;
	const struct nlattr *attr = tb[IPMOB_BA_ROLE];

	if (!attr) {
		b->role = !cache ? IPMOB_ROLE_MN :
			  ro ? IPMOB_ROLE_CN : IPMOB_ROLE_HA;
		return 0;
	}
	b->role = nla_get_u8(attr);
	switch (b->role) {
	case IPMOB_ROLE_MN:
		if (cache) {
			NL_SET_ERR_MSG_ATTR(extack, attr,
					    "a mobile node's binding names its peer");
			return -EINVAL;
		}
		return 0;
	case IPMOB_ROLE_MAG:
	case IPMOB_ROLE_FA:
		if (cache || ro) {
			NL_SET_ERR_MSG_ATTR(extack, attr,
					    "this role tunnels to a peer: give the peer, tunnel mode");
			return -EINVAL;
		}
		return 0;
	case IPMOB_ROLE_CN:
		if (!cache || !ro) {
			NL_SET_ERR_MSG_ATTR(extack, attr,
					    "a correspondent's binding has no peer and is in route optimisation mode");
			return -EINVAL;
		}
		return 0;
	default:
		if (!cache || ro) {
			NL_SET_ERR_MSG_ATTR(extack, attr,
					    "this role's binding has no peer and is in tunnel mode");
			return -EINVAL;
		}
		return 0;
	}
}

/*
 * The interface on which a session's home address is answered for in
 * Neighbor Discovery (IPMOB_BA_PROXY_IF, ndproxy.c): a session without a
 * peer in tunnel mode (a home agent's, RFC 6275 10.4.1), keyed by one
 * whole IPv6 address.
 */
static int ipmob_parse_proxy(struct net *net, struct nlattr **tb,
			     struct ipmob_binding *b,
			     struct netlink_ext_ack *extack)
{
	const struct nlattr *attr = tb[IPMOB_BA_PROXY_IF];
	struct net_device *dev;
	u32 ifindex = attr ? nla_get_u32(attr) : 0;
	bool ok;

	if (!ifindex) {
		if (!tb[IPMOB_BA_PROXY_ROUTER])
			return 0;
		NL_SET_ERR_MSG_ATTR(extack, tb[IPMOB_BA_PROXY_ROUTER],
				    "the proxy's router bit needs a proxy interface");
		return -EINVAL;
	}
	if (b->key.kind != IPMOB_KIND_CACHE || b->mode != IPMOB_MODE_TUNNEL) {
		NL_SET_ERR_MSG_ATTR(extack, attr,
				    "only a session without a peer in tunnel mode (a home agent's) has a proxy");
		return -EINVAL;
	}
	/* an IPv6 home address (ND) or an IPv4 one (ARP, RFC 5555 4.5) */
	if (b->key.plen != 128) {
		NL_SET_ERR_MSG_ATTR(extack, attr,
				    "a proxy answers for one home address (prefix length 128, or 32 for IPv4)");
		return -EINVAL;
	}
	if (ipv6_addr_v4mapped(&b->key.hoa) && tb[IPMOB_BA_PROXY_ROUTER]) {
		NL_SET_ERR_MSG_ATTR(extack, tb[IPMOB_BA_PROXY_ROUTER],
				    "ARP has no router bit");
		return -EINVAL;
	}
	rcu_read_lock();
	dev = ifindex <= INT_MAX ? dev_get_by_index_rcu(net, ifindex) : NULL;
	ok = dev && !ipmob_is_dev(dev) && !(dev->flags & IFF_LOOPBACK);
	rcu_read_unlock();
	if (!ok) {
		NL_SET_ERR_MSG_ATTR(extack, attr,
				    "no link-layer interface with that index for the proxy");
		return -ENODEV;
	}
	b->proxy_if = ifindex;
	b->proxy_router = !!tb[IPMOB_BA_PROXY_ROUTER];
	return 0;
}

/* Build a new (unpublished) binding from a nest. */
static struct ipmob_binding *ipmob_parse_binding(struct net *net,
						 const struct nlattr *nest,
						 struct netlink_ext_ack *extack)
{
	struct nlattr *tb[IPMOB_BA_MAX + 1];
	const struct nlattr *attr;
	unsigned int slots = 0;
	struct net_device *dev;
	struct ipmob_binding *b;
	int err, rem;

	err = nla_parse_nested(tb, IPMOB_BA_MAX, nest, ipmob_binding_policy,
			       extack);
	if (err)
		return ERR_PTR(err);
	/* as long as its care-of records need (too many: refused below) */
	nla_for_each_nested(attr, nest, rem)
		slots += nla_type(attr) == IPMOB_BA_COA;
	b = ipmob_binding_alloc(clamp(slots, 1U, (unsigned int)IPMOB_MAX_COA));
	if (!b) {
		NL_SET_ERR_MSG(extack, "out of memory");
		return ERR_PTR(-ENOMEM);
	}
	err = ipmob_parse_key(tb, nest, &b->key, &b->peer, &b->peer4,
			      extack);
	if (err)
		goto err_free;
	b->mode = tb[IPMOB_BA_MODE] ? nla_get_u8(tb[IPMOB_BA_MODE]) :
				      IPMOB_MODE_TUNNEL;
	err = ipmob_parse_role(tb, b, extack);
	if (err)
		goto err_free;
	err = ipmob_parse_proxy(net, tb, b, extack);
	if (err)
		goto err_free;
	if (tb[IPMOB_BA_INSTANCE])
		b->instance = nla_get_u32(tb[IPMOB_BA_INSTANCE]);
	if (tb[IPMOB_BA_LOCAL]) {
		err = ipmob_get_addr(tb[IPMOB_BA_LOCAL], &b->local,
				     "local address", extack);
		if (err)
			goto err_free;
	}
	if (tb[IPMOB_BA_LOCAL4]) {
		err = ipmob_get_addr4(tb[IPMOB_BA_LOCAL4], &b->local4,
				      "IPv4 local address", extack);
		if (err)
			goto err_free;
	}
	if (tb[IPMOB_BA_SEQ]) {
		b->seq = nla_get_u16(tb[IPMOB_BA_SEQ]);
		b->has_seq = true;
	}
	if (tb[IPMOB_BA_LIFETIME]) {
		b->lifetime = nla_get_u32(tb[IPMOB_BA_LIFETIME]);
		if (b->lifetime > IPMOB_MAX_LIFETIME) {
			IPMOB_ERR_ATTR(extack, tb[IPMOB_BA_LIFETIME],
				       "lifetime too long",
				       "lifetime above %u seconds",
				       IPMOB_MAX_LIFETIME);
			err = -ERANGE;
			goto err_free;
		}
	}
	err = ipmob_parse_coas(ipmob_pernet(net), b, nest, extack);
	if (err)
		goto err_free;
	if (!tb[IPMOB_BA_IFINDEX]) {
		NL_SET_ERR_MSG_ATTR(extack, nest, "missing ipmob device");
		err = -EINVAL;
		goto err_free;
	}
	dev = dev_get_by_index(net, nla_get_u32(tb[IPMOB_BA_IFINDEX]));
	if (!dev || !ipmob_is_dev(dev)) {
		dev_put(dev);
		NL_SET_ERR_MSG_ATTR(extack, tb[IPMOB_BA_IFINDEX],
				    "not an ipmob device");
		err = -ENODEV;
		goto err_free;
	}
	b->dev = dev;
	return b;

err_free:
	ipmob_binding_free(b);
	return ERR_PTR(err);
}

static unsigned int ipmob_count_bindings(struct genl_info *info)
{
	const struct nlattr *attr;
	unsigned int n = 0;
	int rem;

	nlmsg_for_each_attr(attr, info->nlhdr, GENL_HDRLEN, rem)
		if (nla_type(attr) == IPMOB_A_BINDING)
			n++;
	return n;
}

/* Parse every IPMOB_A_BINDING of the request into @bs, nests into @nests. */
static int ipmob_parse_all(struct genl_info *info, struct ipmob_binding **bs,
			   const struct nlattr **nests, unsigned int n)
{
	struct net *net = genl_info_net(info);
	const struct nlattr *attr;
	unsigned int i = 0;
	int rem;

	nlmsg_for_each_attr(attr, info->nlhdr, GENL_HDRLEN, rem) {
		if (nla_type(attr) != IPMOB_A_BINDING)
			continue;
		nests[i] = attr;
		bs[i] = ipmob_parse_binding(net, attr, info->extack);
		if (IS_ERR(bs[i])) {
			int err = PTR_ERR(bs[i]);

			while (i--)
				ipmob_binding_free(bs[i]);
			return err;
		}
		i++;
	}
	return 0;
}

static int ipmob_ptr_key_cmp(const void *a, const void *b)
{
	const struct ipmob_binding *x = *(const struct ipmob_binding **)a;
	const struct ipmob_binding *y = *(const struct ipmob_binding **)b;

	return memcmp(&x->key, &y->key, sizeof(x->key));
}

/**
 * ipmob_check_unique - refuse a request that names one binding twice
 * @bs: the request's bindings, in request order
 * @tmp: scratch room for @n pointers
 * @nests: the request's binding nests, in request order
 * @n: number of bindings
 * @extack: error report
 *
 * Applying such a request would replace or delete an object the rest of
 * the request still points to. O(n log n), for batches of 100k.
 * Return: 0 or -EINVAL.
 */
static int ipmob_check_unique(struct ipmob_binding **bs,
			      struct ipmob_binding **tmp,
			      const struct nlattr **nests, unsigned int n,
			      struct netlink_ext_ack *extack)
{
	unsigned int i, j, first = n, second = n;

	memcpy(tmp, bs, n * sizeof(*tmp));
	sort(tmp, n, sizeof(*tmp), ipmob_ptr_key_cmp, NULL);
	for (i = 1; i < n; i++) {
		const struct ipmob_key *dup = &tmp[i]->key;

		if (memcmp(&tmp[i - 1]->key, dup, sizeof(*dup)))
			continue;
		/* report the first two positions that carry this key */
		for (j = 0; j < n && second == n; j++) {
			if (memcmp(&bs[j]->key, dup, sizeof(*dup)))
				continue;
			if (first == n)
				first = j;
			else
				second = j;
		}
		IPMOB_ERR_ATTR(extack, nests[second],
			       "names the same binding as an earlier one",
			       "binding %u of %u names the same binding as %u",
			       second + 1, n, first + 1);
		return -EINVAL;
	}
	return 0;
}

static bool ipmob_dev_alive(const struct ipmob_binding *b)
{
	return b->dev->reg_state == NETREG_REGISTERED;
}

static int ipmob_nl_binding_new_set(struct sk_buff *skb, struct genl_info *info,
				    bool replace)
{
	struct ipmob_net *in = ipmob_pernet(genl_info_net(info));
	const struct nlattr **nests;
	struct ipmob_binding **bs;
	unsigned int n, i, done = 0, linked = 0;
	int err;

	n = ipmob_count_bindings(info);
	if (!n) {
		NL_SET_ERR_MSG(info->extack, "missing binding");
		return -EINVAL;
	}
	/* one allocation: n binding pointers, n scratch, n nest pointers */
	bs = kvcalloc(n, 2 * sizeof(*bs) + sizeof(*nests), GFP_KERNEL);
	if (!bs) {
		NL_SET_ERR_MSG(info->extack, "out of memory");
		return -ENOMEM;
	}
	nests = (const struct nlattr **)(bs + 2 * n);
	err = ipmob_parse_all(info, bs, nests, n);
	if (err)
		goto out_free_array;
	err = ipmob_check_unique(bs, bs + n, nests, n, info->extack);
	if (err) {
		for (i = 0; i < n; i++)
			ipmob_binding_free(bs[i]);
		goto out_free_array;
	}

	mutex_lock(&in->lock);
	for (linked = 0; linked < n; linked++) {
		err = ipmob_binding_link(in, bs[linked]);
		if (err) {
			NL_SET_ERR_MSG(info->extack, "out of memory");
			goto rollback;
		}
	}
	for (i = 0; i < n; i++) {
		if (!ipmob_dev_alive(bs[i])) {
			NL_SET_ERR_MSG_ATTR(info->extack, nests[i],
					    "device is going away");
			err = -ENODEV;
			goto rollback;
		}
		if (ipmob_key_has_iif(&bs[i]->key)) {
			bool there;

			/*
			 * Under the lock: an interface unregistered from
			 * here on takes the session with it (binding.c).
			 */
			rcu_read_lock();
			there = dev_get_by_index_rcu(genl_info_net(info),
						     bs[i]->key.iif);
			rcu_read_unlock();
			if (!there) {
				IPMOB_ERR_ATTR(info->extack, nests[i],
					       "no interface with that index",
					       "no interface with index %u",
					       bs[i]->key.iif);
				err = -ENODEV;
				goto rollback;
			}
		}
		ipmob_binding_set_expiry(in, bs[i]);
		if (replace) {
			/* all must exist before any is replaced */
			if (!ipmob_lookup_key(in, &bs[i]->key)) {
				IPMOB_ERR_ATTR(info->extack, nests[i],
					       "binding does not exist",
					       "binding %u of %u does not exist",
					       i + 1, n);
				err = -ENOENT;
				goto rollback;
			}
			continue;
		}
		err = ipmob_binding_insert(in, bs[i]);
		if (err) {
			if (err == -EEXIST)
				IPMOB_ERR_ATTR(info->extack, nests[i],
					       "binding already exists",
					       "binding %u of %u: already exists",
					       i + 1, n);
			else if (err == -ENOSPC)
				IPMOB_ERR_ATTR(info->extack, nests[i],
					       "too many ingress interfaces in use",
					       "binding %u of %u: sessions name %u ingress interfaces already",
					       i + 1, n, IPMOB_MAX_IIFS);
			else
				IPMOB_ERR_ATTR(info->extack, nests[i],
					       "cannot insert binding",
					       "binding %u of %u: cannot insert",
					       i + 1, n);
			goto rollback;
		}
		done++;
	}
	if (replace) {
		for (i = 0; i < n; i++) {
			err = ipmob_binding_replace(in, bs[i]);
			if (WARN_ON_ONCE(err)) {
				ipmob_binding_unlink(in, bs[i]);
				ipmob_binding_free(bs[i]);
			}
		}
	}
	for (i = 0; i < n; i++)
		ipmob_notify_binding(in, replace ? IPMOB_CMD_BINDING_SET :
				     IPMOB_CMD_BINDING_NEW, bs[i], GFP_KERNEL);
	mutex_unlock(&in->lock);
	kvfree(bs);
	return 0;

rollback:
	for (i = 0; i < done; i++)
		ipmob_binding_remove(in, bs[i]);
	for (i = done; i < n; i++) {
		if (i < linked)
			ipmob_binding_unlink(in, bs[i]);
		ipmob_binding_free(bs[i]);
	}
	mutex_unlock(&in->lock);
out_free_array:
	kvfree(bs);
	return err;
}

static int ipmob_nl_binding_new(struct sk_buff *skb, struct genl_info *info)
{
	return ipmob_nl_binding_new_set(skb, info, false);
}

static int ipmob_nl_binding_set(struct sk_buff *skb, struct genl_info *info)
{
	return ipmob_nl_binding_new_set(skb, info, true);
}

/* Find the published binding a nest names (hoa, peer, mode). */
static struct ipmob_binding *ipmob_find(struct ipmob_net *in,
					const struct nlattr *nest,
					struct netlink_ext_ack *extack)
{
	struct nlattr *tb[IPMOB_BA_MAX + 1];
	struct ipmob_binding *b;
	struct in6_addr peer;
	struct ipmob_key key;
	__be32 peer4;
	int err;

	err = nla_parse_nested(tb, IPMOB_BA_MAX, nest, ipmob_binding_policy,
			       extack);
	if (err)
		return ERR_PTR(err);
	err = ipmob_parse_key(tb, nest, &key, &peer, &peer4, extack);
	if (err)
		return ERR_PTR(err);
	b = ipmob_lookup_key(in, &key);
	/* a home registration is named by the peers given */
	if (b && key.kind == IPMOB_KIND_MN_HOME &&
	    ((tb[IPMOB_BA_PEER] && !ipv6_addr_equal(&b->peer, &peer)) ||
	     (tb[IPMOB_BA_PEER4] && b->peer4 != peer4)))
		b = NULL;
	/* a peer without a mode: the home registration, else the RO one */
	if (!b && key.kind == IPMOB_KIND_MN_HOME && !key.iif &&
	    !tb[IPMOB_BA_MODE] && tb[IPMOB_BA_PEER] && !tb[IPMOB_BA_PEER4])
		b = ipmob_lookup(in, &key.hoa, &peer, IPMOB_KIND_MN_RO);
	if (b && tb[IPMOB_BA_IFINDEX] &&
	    b->dev->ifindex != nla_get_u32(tb[IPMOB_BA_IFINDEX]))
		b = NULL;
	if (!b) {
		NL_SET_ERR_MSG_ATTR(extack, nest, "no such binding");
		return ERR_PTR(-ENOENT);
	}
	return b;
}

static int ipmob_nl_binding_del(struct sk_buff *skb, struct genl_info *info)
{
	struct ipmob_net *in = ipmob_pernet(genl_info_net(info));
	const struct nlattr **nests;
	struct ipmob_binding **bs;
	const struct nlattr *attr;
	unsigned int n, i = 0;
	int rem, err = 0;

	n = ipmob_count_bindings(info);
	if (!n) {
		NL_SET_ERR_MSG(info->extack, "missing binding");
		return -EINVAL;
	}
	/* n binding pointers, n scratch, n nest pointers */
	bs = kvcalloc(n, 2 * sizeof(*bs) + sizeof(*nests), GFP_KERNEL);
	if (!bs) {
		NL_SET_ERR_MSG(info->extack, "out of memory");
		return -ENOMEM;
	}
	nests = (const struct nlattr **)(bs + 2 * n);
	mutex_lock(&in->lock);
	nlmsg_for_each_attr(attr, info->nlhdr, GENL_HDRLEN, rem) {
		if (nla_type(attr) != IPMOB_A_BINDING)
			continue;
		nests[i] = attr;
		bs[i] = ipmob_find(in, attr, info->extack);
		if (IS_ERR(bs[i])) {
			err = PTR_ERR(bs[i]);
			goto out;
		}
		i++;
	}
	err = ipmob_check_unique(bs, bs + n, nests, n, info->extack);
	if (err)
		goto out;
	for (i = 0; i < n; i++) {
		ipmob_notify_binding(in, IPMOB_CMD_BINDING_DEL, bs[i],
				     GFP_KERNEL);
		ipmob_binding_remove(in, bs[i]);
	}
out:
	mutex_unlock(&in->lock);
	kvfree(bs);
	return err;
}

/* The key attributes of a session (what names it in a request). */
static int ipmob_put_key(struct sk_buff *skb, const struct ipmob_binding *b)
{
	bool is4 = ipmob_key_is4(&b->key);

	if ((is4 ? nla_put_in_addr(skb, IPMOB_BA_HOA4, b->key.hoa.s6_addr32[3]) :
		   nla_put_in6_addr(skb, IPMOB_BA_HOA, &b->key.hoa)) ||
	    (b->key.plen != 128 &&
	     nla_put_u8(skb, IPMOB_BA_PREFIX_LEN, b->key.plen - (is4 ? 96 : 0))) ||
	    (!ipv6_addr_any(&b->peer) &&
	     nla_put_in6_addr(skb, IPMOB_BA_PEER, &b->peer)) ||
	    (b->key.kind != IPMOB_KIND_CACHE && b->peer4 &&
	     nla_put_in_addr(skb, IPMOB_BA_PEER4, b->peer4)) ||
	    nla_put_u8(skb, IPMOB_BA_MODE, b->mode) ||
	    nla_put_u32(skb, IPMOB_BA_IFINDEX, b->dev->ifindex) ||
	    (ipmob_key_has_iif(&b->key) &&
	     nla_put_u32(skb, IPMOB_BA_IIF, b->key.iif)))
		return -EMSGSIZE;
	return 0;
}

static int ipmob_fill_binding(struct sk_buff *skb, const struct ipmob_binding *b,
			      u32 portid, u32 seq, int flags, u8 cmd)
{
	struct nlattr *nest, *coa;
	unsigned long now = jiffies;
	unsigned int i;
	void *hdr;

	hdr = genlmsg_put(skb, portid, seq, &ipmob_genl_family, flags, cmd);
	if (!hdr)
		return -EMSGSIZE;
	nest = nla_nest_start(skb, IPMOB_A_BINDING);
	if (!nest)
		goto cancel;
	if (ipmob_put_key(skb, b) ||
	    nla_put_u8(skb, IPMOB_BA_ROLE, b->role) ||
	    nla_put_u32(skb, IPMOB_BA_LIFETIME, b->lifetime) ||
	    nla_put_u32(skb, IPMOB_BA_FLAGS,
			READ_ONCE(b->notified) ?
			IPMOB_BF_NOTIFIED_REFRESH : 0) ||
	    nla_put_u64_64bit(skb, IPMOB_BA_TX_PACKETS,
			      atomic64_read(&b->tx_packets), IPMOB_BA_PAD) ||
	    nla_put_u64_64bit(skb, IPMOB_BA_RX_PACKETS,
			      atomic64_read(&b->rx_packets), IPMOB_BA_PAD))
		goto cancel;
	if (b->local4 && nla_put_in_addr(skb, IPMOB_BA_LOCAL4, b->local4))
		goto cancel;
	if (b->has_seq && nla_put_u16(skb, IPMOB_BA_SEQ, b->seq))
		goto cancel;
	if (b->instance && nla_put_u32(skb, IPMOB_BA_INSTANCE, b->instance))
		goto cancel;
	if (b->key.kind == IPMOB_KIND_CACHE && b->proxy_if &&
	    (nla_put_u32(skb, IPMOB_BA_PROXY_IF, b->proxy_if) ||
	     (b->proxy_router && nla_put_flag(skb, IPMOB_BA_PROXY_ROUTER))))
		goto cancel;
	if (!ipv6_addr_any(&b->local) &&
	    nla_put_in6_addr(skb, IPMOB_BA_LOCAL, &b->local))
		goto cancel;
	if (ipmob_buffered(b) &&
	    nla_put_u32(skb, IPMOB_BA_BUFFERED, ipmob_buffered(b)))
		goto cancel;
	if (b->lifetime &&
	    nla_put_u32(skb, IPMOB_BA_REMAINING,
			time_after32(b->expires, (u32)now) ?
			jiffies_to_msecs(b->expires - (u32)now) : 0))
		goto cancel;
	for (i = 0; i < b->ncoa; i++) {
		coa = nla_nest_start(skb, IPMOB_BA_COA);
		if (!coa ||
		    (ipmob_coa_is4(&b->coa[i]) ?
		     nla_put_in_addr(skb, IPMOB_CA_ADDR4,
				     b->coa[i].addr.s6_addr32[3]) :
		     nla_put_in6_addr(skb, IPMOB_CA_ADDR, &b->coa[i].addr)) ||
		    nla_put_u8(skb, IPMOB_CA_ENCAP, b->coa[i].encap) ||
		    ((b->coa[i].keys & IPMOB_COA_OKEY) &&
		     nla_put_u32(skb, IPMOB_CA_GRE_OKEY, b->coa[i].okey)) ||
		    ((b->coa[i].keys & IPMOB_COA_IKEY) &&
		     nla_put_u32(skb, IPMOB_CA_GRE_IKEY, b->coa[i].ikey)) ||
		    (b->coa[i].encap == IPMOB_ENCAP_UDP &&
		     nla_put_u16(skb, IPMOB_CA_UDP_PORT,
				 READ_ONCE(b->coa[i].port))) ||
		    (b->coa[i].udp_hdr != IPMOB_UDP_HDR_NONE &&
		     nla_put_u8(skb, IPMOB_CA_UDP_HDR, b->coa[i].udp_hdr)) ||
		    ((b->coa[i].keys & IPMOB_COA_LEARN) &&
		     nla_put_flag(skb, IPMOB_CA_UDP_LEARN)) ||
		    nla_put_u16(skb, IPMOB_CA_BID, b->coa[i].bid) ||
		    nla_put_u8(skb, IPMOB_CA_PRIO, b->coa[i].prio))
			goto cancel;
		nla_nest_end(skb, coa);
	}
	nla_nest_end(skb, nest);
	genlmsg_end(skb, hdr);
	return 0;

cancel:
	genlmsg_cancel(skb, hdr);
	return -EMSGSIZE;
}

/* An address of an endpoint: IPv4-mapped ones as the *4 attribute. */
static int ipmob_put_ep_addr(struct sk_buff *skb, int attr6, int attr4,
			     const struct in6_addr *addr)
{
	if (ipv6_addr_v4mapped(addr))
		return addr->s6_addr32[3] ?
		       nla_put_in_addr(skb, attr4, addr->s6_addr32[3]) : 0;
	return ipv6_addr_any(addr) ? 0 : nla_put_in6_addr(skb, attr6, addr);
}

static int ipmob_fill_ep(struct sk_buff *skb, struct ipmob_ep *ep, u32 portid,
			 u32 seq)
{
	u8 cached = 0;
	struct nlattr *nest;
	void *hdr;

	if (rcu_access_pointer(ep->route[0]))
		cached |= IPMOB_EC_INNER6;
	if (rcu_access_pointer(ep->route[1]))
		cached |= IPMOB_EC_INNER4;
	hdr = genlmsg_put(skb, portid, seq, &ipmob_genl_family, NLM_F_MULTI,
			  IPMOB_CMD_ENDPOINT_GET);
	if (!hdr)
		return -EMSGSIZE;
	nest = nla_nest_start(skb, IPMOB_A_ENDPOINT);
	if (!nest ||
	    ipmob_put_ep_addr(skb, IPMOB_EA_LOCAL, IPMOB_EA_LOCAL4,
			      &ep->key.local) ||
	    ipmob_put_ep_addr(skb, IPMOB_EA_REMOTE, IPMOB_EA_REMOTE4,
			      &ep->key.remote) ||
	    nla_put_u8(skb, IPMOB_EA_ENCAP, ep->key.encap) ||
	    nla_put_u32(skb, IPMOB_EA_USERS, READ_ONCE(ep->users)) ||
	    nla_put_u8(skb, IPMOB_EA_CACHED, cached) ||
	    (ep->key.has_okey &&
	     nla_put_u32(skb, IPMOB_EA_GRE_OKEY, ep->key.okey))) {
		genlmsg_cancel(skb, hdr);
		return -EMSGSIZE;
	}
	nla_nest_end(skb, nest);
	genlmsg_end(skb, hdr);
	return 0;
}

static int ipmob_nl_binding_get(struct sk_buff *skb, struct genl_info *info)
{
	struct ipmob_net *in = ipmob_pernet(genl_info_net(info));
	struct ipmob_binding *b;
	struct sk_buff *msg;
	int err;

	if (!info->attrs[IPMOB_A_BINDING]) {
		NL_SET_ERR_MSG(info->extack, "missing binding");
		return -EINVAL;
	}
	msg = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	if (!msg) {
		NL_SET_ERR_MSG(info->extack, "out of memory");
		return -ENOMEM;
	}
	rcu_read_lock();
	b = ipmob_find(in, info->attrs[IPMOB_A_BINDING], info->extack);
	if (IS_ERR(b)) {
		rcu_read_unlock();
		nlmsg_free(msg);
		return PTR_ERR(b);
	}
	err = ipmob_fill_binding(msg, b, info->snd_portid, info->snd_seq, 0,
				 IPMOB_CMD_BINDING_GET);
	rcu_read_unlock();
	if (err) {
		nlmsg_free(msg);
		NL_SET_ERR_MSG(info->extack, "reply does not fit");
		return err;
	}
	return genlmsg_reply(msg, info);
}

static int ipmob_nl_dump_start(struct netlink_callback *cb)
{
	struct ipmob_net *in = ipmob_pernet(sock_net(cb->skb->sk));
	struct rhashtable_iter *iter;

	iter = kmalloc(sizeof(*iter), GFP_KERNEL);
	if (!iter)
		return -ENOMEM;
	rhashtable_walk_enter(&in->table, iter);
	cb->args[0] = (long)iter;
	return 0;
}

static int ipmob_nl_dump_done(struct netlink_callback *cb)
{
	struct rhashtable_iter *iter = (struct rhashtable_iter *)cb->args[0];

	if (iter) {
		rhashtable_walk_exit(iter);
		kfree(iter);
	}
	return 0;
}

static int ipmob_nl_binding_dump(struct sk_buff *skb,
				 struct netlink_callback *cb)
{
	struct nlattr **attrs = ipmob_dump_attrs(cb);
	struct rhashtable_iter *iter = (struct rhashtable_iter *)cb->args[0];
	struct ipmob_binding *b;
	u32 ifindex = 0;
	int err = 0;

	if (attrs[IPMOB_A_IFINDEX])
		ifindex = nla_get_u32(attrs[IPMOB_A_IFINDEX]);

	rhashtable_walk_start(iter);
	b = rhashtable_walk_peek(iter);
	for (;;) {
		if (IS_ERR(b)) {
			if (PTR_ERR(b) != -EAGAIN)
				break;
			b = rhashtable_walk_next(iter);
			continue;
		}
		if (!b)
			break;
		if (!ipmob_binding_expired(b) &&
		    (!ifindex || b->dev->ifindex == ifindex)) {
			err = ipmob_fill_binding(skb, b,
						 NETLINK_CB(cb->skb).portid,
						 cb->nlh->nlmsg_seq, NLM_F_MULTI,
						 IPMOB_CMD_BINDING_GET);
			if (err)
				break;
		}
		b = rhashtable_walk_next(iter);
	}
	rhashtable_walk_stop(iter);
	/* a full skb ends this round; the walk resumes at the same binding */
	return err ? skb->len : 0;
}

static int ipmob_nl_ep_dump_start(struct netlink_callback *cb)
{
	struct ipmob_net *in = ipmob_pernet(sock_net(cb->skb->sk));
	struct rhashtable_iter *iter;

	iter = kmalloc(sizeof(*iter), GFP_KERNEL);
	if (!iter)
		return -ENOMEM;
	rhashtable_walk_enter(&in->eps, iter);
	cb->args[0] = (long)iter;
	return 0;
}

static int ipmob_nl_ep_dump(struct sk_buff *skb, struct netlink_callback *cb)
{
	struct rhashtable_iter *iter = (struct rhashtable_iter *)cb->args[0];
	struct ipmob_ep *ep;
	int err = 0;

	rhashtable_walk_start(iter);
	ep = rhashtable_walk_peek(iter);
	for (;;) {
		if (IS_ERR(ep)) {
			if (PTR_ERR(ep) != -EAGAIN)
				break;
			ep = rhashtable_walk_next(iter);
			continue;
		}
		if (!ep)
			break;
		err = ipmob_fill_ep(skb, ep, NETLINK_CB(cb->skb).portid,
				    cb->nlh->nlmsg_seq);
		if (err)
			break;
		ep = rhashtable_walk_next(iter);
	}
	rhashtable_walk_stop(iter);
	return err ? skb->len : 0;
}

static int ipmob_nl_binding_flush(struct sk_buff *skb, struct genl_info *info)
{
	struct ipmob_net *in = ipmob_pernet(genl_info_net(info));
	struct net_device *dev = NULL;

	if (info->attrs[IPMOB_A_IFINDEX]) {
		dev = dev_get_by_index(genl_info_net(info),
				       nla_get_u32(info->attrs[IPMOB_A_IFINDEX]));
		if (!dev || !ipmob_is_dev(dev)) {
			dev_put(dev);
			NL_SET_ERR_MSG_ATTR(info->extack,
					    info->attrs[IPMOB_A_IFINDEX],
					    "not an ipmob device");
			return -ENODEV;
		}
	}
	mutex_lock(&in->lock);
	ipmob_binding_flush(in, dev);
	ipmob_notify_flush(in, dev);
	mutex_unlock(&in->lock);
	dev_put(dev);
	return 0;
}

static int ipmob_nl_stats_get(struct sk_buff *skb, struct genl_info *info)
{
	struct ipmob_net *in = ipmob_pernet(genl_info_net(info));
	struct sk_buff *msg;
	struct nlattr *nest;
	unsigned int id;
	void *hdr;
	int cpu;

	msg = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	if (!msg) {
		NL_SET_ERR_MSG(info->extack, "out of memory");
		return -ENOMEM;
	}
	hdr = genlmsg_put_reply(msg, info, &ipmob_genl_family, 0,
				IPMOB_CMD_STATS_GET);
	if (!hdr)
		goto nospace;
	nest = nla_nest_start(msg, IPMOB_A_STATS);
	if (!nest)
		goto nospace;
	for (id = IPMOB_STAT_UNSPEC + 1; id <= IPMOB_STAT_MAX; id++) {
		u64 sum = 0;

		for_each_possible_cpu(cpu)
			sum += per_cpu_ptr(in->stats, cpu)->cnt[id];
		if (nla_put_u64_64bit(msg, id, sum, IPMOB_STAT_UNSPEC))
			goto nospace;
	}
	nla_nest_end(msg, nest);
	genlmsg_end(msg, hdr);
	return genlmsg_reply(msg, info);

nospace:
	nlmsg_free(msg);
	NL_SET_ERR_MSG(info->extack, "reply does not fit");
	return -EMSGSIZE;
}

static int ipmob_nl_link_new(struct sk_buff *skb, struct genl_info *info)
{
	char name[IFNAMSIZ];

	if (!info->attrs[IPMOB_A_IFNAME]) {
		NL_SET_ERR_MSG(info->extack, "missing interface name");
		return -EINVAL;
	}
	nla_strscpy(name, info->attrs[IPMOB_A_IFNAME], sizeof(name));
	return ipmob_dev_create(genl_info_net(info), name, info->extack);
}

static int ipmob_nl_link_del(struct sk_buff *skb, struct genl_info *info)
{
	struct net *net = genl_info_net(info);
	struct net_device *dev = NULL;
	char name[IFNAMSIZ];
	int err = 0;

	rtnl_lock();
	if (info->attrs[IPMOB_A_IFINDEX]) {
		dev = __dev_get_by_index(net,
					 nla_get_u32(info->attrs[IPMOB_A_IFINDEX]));
	} else if (info->attrs[IPMOB_A_IFNAME]) {
		nla_strscpy(name, info->attrs[IPMOB_A_IFNAME], sizeof(name));
		dev = __dev_get_by_name(net, name);
	} else {
		NL_SET_ERR_MSG(info->extack, "missing interface");
		err = -EINVAL;
		goto out;
	}
	if (!dev || !ipmob_is_dev(dev)) {
		NL_SET_ERR_MSG(info->extack, "not an ipmob device");
		err = -ENODEV;
		goto out;
	}
	unregister_netdevice(dev);
out:
	rtnl_unlock();
	return err;
}

/*
 * Flow rules (RFC 6089, RFC 6088): FLOW_NEW and FLOW_DEL name one session
 * by its key (IPMOB_A_BINDING, as BINDING_DEL does) and change its rules
 * all or none; FLOW_GET dumps them.
 */

/* The session a flow request names: exactly one IPMOB_A_BINDING. */
static struct ipmob_binding *ipmob_flow_session(struct ipmob_net *in,
						struct genl_info *info)
{
	if (ipmob_count_bindings(info) != 1) {
		NL_SET_ERR_MSG(info->extack,
			       "name one session (one binding attribute)");
		return ERR_PTR(-EINVAL);
	}
	return ipmob_find(in, info->attrs[IPMOB_A_BINDING], info->extack);
}

static unsigned int ipmob_count_flows(struct genl_info *info)
{
	const struct nlattr *attr;
	unsigned int n = 0;
	int rem;

	nlmsg_for_each_attr(attr, info->nlhdr, GENL_HDRLEN, rem)
		if (nla_type(attr) == IPMOB_A_FLOW)
			n++;
	return n;
}

/*
 * An address range of a rule: start and optional end, of one family (an
 * IPv4 one kept IPv4-mapped, so one comparison serves both).
 */
static int ipmob_flow_addr(struct nlattr **tb, const struct nlattr *nest,
			   int a6, int a4, struct in6_addr *r, u16 *match,
			   u16 bit, struct netlink_ext_ack *extack)
{
	int e6 = a6 + 1, e4 = a4 + 1;	/* each *_END follows its start */

	if ((tb[a6] || tb[e6]) && (tb[a4] || tb[e4])) {
		NL_SET_ERR_MSG_ATTR(extack, tb[a4] ? tb[a4] : tb[e4],
				    "an address range is of one family");
		return -EINVAL;
	}
	if ((tb[e6] && !tb[a6]) || (tb[e4] && !tb[a4])) {
		NL_SET_ERR_MSG_ATTR(extack, tb[e6] ? tb[e6] : tb[e4],
				    "an address range end needs its start");
		return -EINVAL;
	}
	if (tb[a6]) {
		r[0] = nla_get_in6_addr(tb[a6]);
		r[1] = tb[e6] ? nla_get_in6_addr(tb[e6]) : r[0];
		*match |= bit | IPMOB_FM_FAM6;
	} else if (tb[a4]) {
		ipv6_addr_set_v4mapped(nla_get_in_addr(tb[a4]), &r[0]);
		ipv6_addr_set_v4mapped(tb[e4] ? nla_get_in_addr(tb[e4]) :
				       nla_get_in_addr(tb[a4]), &r[1]);
		*match |= bit | IPMOB_FM_FAM4;
	} else {
		return 0;
	}
	if (memcmp(&r[0], &r[1], sizeof(r[0])) > 0) {
		NL_SET_ERR_MSG_ATTR(extack, tb[e6] ? tb[e6] : tb[e4],
				    "address range ends before it starts");
		return -EINVAL;
	}
	return 0;
}

/* A numeric range of a rule: start and optional end (@a + 1). */
static int ipmob_flow_num(struct nlattr **tb, int a, u32 *lo, u32 *hi,
			  u32 max, bool *present,
			  struct netlink_ext_ack *extack)
{
	u32 v[2];
	int i;

	*present = false;
	if (tb[a + 1] && !tb[a]) {
		NL_SET_ERR_MSG_ATTR(extack, tb[a + 1],
				    "a range end needs its start");
		return -EINVAL;
	}
	if (!tb[a])
		return 0;
	for (i = 0; i < 2; i++) {
		const struct nlattr *x = tb[a + i] ? tb[a + i] : tb[a];

		switch (nla_len(x)) {
		case 1:
			v[i] = nla_get_u8(x);
			break;
		case 2:
			v[i] = nla_get_u16(x);
			break;
		default:
			v[i] = nla_get_u32(x);
			break;
		}
		if (v[i] > max) {
			NL_SET_ERR_MSG_ATTR(extack, x, "value out of range");
			return -ERANGE;
		}
	}
	if (v[0] > v[1]) {
		NL_SET_ERR_MSG_ATTR(extack, tb[a + 1],
				    "range ends before it starts");
		return -EINVAL;
	}
	*lo = v[0];
	*hi = v[1];
	*present = true;
	return 0;
}

/* Build rule @f from nest @nest for session @b (BIDs checked against it). */
static int ipmob_parse_flow(const struct nlattr *nest,
			    const struct ipmob_binding *b,
			    struct ipmob_flow *f, struct netlink_ext_ack *extack)
{
	static const struct {
		u16 attr, bit;
		u32 max;
	} nums[] = {
		{ IPMOB_FA_SPORT, IPMOB_FM_SPORT, U16_MAX },
		{ IPMOB_FA_DPORT, IPMOB_FM_DPORT, U16_MAX },
		{ IPMOB_FA_SPI, IPMOB_FM_SPI, U32_MAX },
		{ IPMOB_FA_DSCP, IPMOB_FM_DSCP, 63 },
		{ IPMOB_FA_FLOW_LABEL, IPMOB_FM_LABEL, 0xfffff },
	};
	struct nlattr *tb[IPMOB_FA_MAX + 1];
	const struct nlattr *a;
	unsigned int i, j;
	u32 lo, hi;
	bool has;
	int rem, err;

	memset(f, 0, sizeof(*f));
	err = nla_parse_nested(tb, IPMOB_FA_MAX, nest, ipmob_flow_policy,
			       extack);
	if (err)
		return err;
	if (!tb[IPMOB_FA_FID]) {
		NL_SET_ERR_MSG_ATTR(extack, nest, "missing flow ID");
		return -EINVAL;
	}
	f->fid = nla_get_u16(tb[IPMOB_FA_FID]);
	if (tb[IPMOB_FA_PRIO])
		f->prio = nla_get_u8(tb[IPMOB_FA_PRIO]);
	f->action = tb[IPMOB_FA_ACTION] ? nla_get_u8(tb[IPMOB_FA_ACTION]) :
		    IPMOB_FLOW_FORWARD;
	nla_for_each_nested(a, nest, rem) {
		u16 bid;

		if (nla_type(a) != IPMOB_FA_BID)
			continue;
		bid = nla_get_u16(a);
		if (f->action != IPMOB_FLOW_FORWARD) {
			NL_SET_ERR_MSG_ATTR(extack, a,
					    "a drop or buffer rule names no BID");
			return -EINVAL;
		}
		if (f->nbid == IPMOB_MAX_COA) {
			NL_SET_ERR_MSG_ATTR(extack, a,
					    "a rule names at most 8 BIDs");
			return -EINVAL;
		}
		for (j = 0; j < f->nbid; j++) {
			if (f->bid[j] == bid) {
				NL_SET_ERR_MSG_ATTR(extack, a,
						    "BID named twice");
				return -EINVAL;
			}
		}
		for (j = 0; j < b->ncoa; j++)
			if (b->coa[j].bid == bid)
				break;
		if (j == b->ncoa) {
			IPMOB_ERR_ATTR(extack, a,
				       "no care-of record of the session has this BID",
				       "no care-of record of the session has BID %u",
				       bid);
			return -ENOENT;
		}
		f->bid[f->nbid++] = bid;
	}
	if (f->action == IPMOB_FLOW_FORWARD && !f->nbid) {
		NL_SET_ERR_MSG_ATTR(extack, nest,
				    "a forwarding rule names a BID");
		return -EINVAL;
	}
	err = ipmob_flow_addr(tb, nest, IPMOB_FA_SRC, IPMOB_FA_SRC4, f->src,
			      &f->match, IPMOB_FM_SRC, extack);
	if (!err)
		err = ipmob_flow_addr(tb, nest, IPMOB_FA_DST, IPMOB_FA_DST4,
				      f->dst, &f->match, IPMOB_FM_DST, extack);
	if (err)
		return err;
	for (i = 0; i < ARRAY_SIZE(nums); i++) {
		err = ipmob_flow_num(tb, nums[i].attr, &lo, &hi, nums[i].max,
				     &has, extack);
		if (err)
			return err;
		if (!has)
			continue;
		f->match |= nums[i].bit;
		switch (nums[i].bit) {
		case IPMOB_FM_SPORT:
			f->sport[0] = lo;
			f->sport[1] = hi;
			break;
		case IPMOB_FM_DPORT:
			f->dport[0] = lo;
			f->dport[1] = hi;
			break;
		case IPMOB_FM_SPI:
			f->spi[0] = lo;
			f->spi[1] = hi;
			break;
		case IPMOB_FM_DSCP:
			f->dscp[0] = lo;
			f->dscp[1] = hi;
			break;
		default:
			f->label[0] = lo;
			f->label[1] = hi;
			f->match |= IPMOB_FM_FAM6;
			break;
		}
	}
	if (tb[IPMOB_FA_PROTO]) {
		f->proto = nla_get_u8(tb[IPMOB_FA_PROTO]);
		f->match |= IPMOB_FM_PROTO;
	}
	if ((f->match & IPMOB_FM_FAM4) && (f->match & IPMOB_FM_FAM6)) {
		NL_SET_ERR_MSG_ATTR(extack, nest,
				    "a rule's addresses and flow label are of one family");
		return -EINVAL;
	}
	return 0;
}

/* Send held packets in arrival order, through the rules as they are now. */
static void ipmob_send_held(struct ipmob_net *in, struct sk_buff_head *list,
			    struct net_device *dev)
{
	struct sk_buff *pkt;

	while ((pkt = __skb_dequeue(list))) {
		ipmob_count(in, IPMOB_STAT_TX_UNBUFFERED);
		ipmob_xmit_flushed(pkt, dev);
	}
}

static int ipmob_nl_flow_new(struct sk_buff *skb, struct genl_info *info)
{
	struct ipmob_net *in = ipmob_pernet(genl_info_net(info));
	bool replace = nla_get_flag(info->attrs[IPMOB_A_FLOW_REPLACE]);
	unsigned int n = ipmob_count_flows(info), i = 0;
	const struct nlattr **nests, *attr;
	struct net_device *dev = NULL;
	struct sk_buff_head held;
	struct ipmob_binding *b;
	struct ipmob_flow *fs;
	int rem, err;

	__skb_queue_head_init(&held);
	if (!n) {
		NL_SET_ERR_MSG(info->extack, "missing flow rule");
		return -EINVAL;
	}
	if (n > IPMOB_MAX_FLOWS) {
		NL_SET_ERR_MSG(info->extack, "too many flow rules for one session");
		return -ENOSPC;
	}
	fs = kvcalloc(n, sizeof(*fs) + sizeof(*nests), GFP_KERNEL);
	if (!fs) {
		NL_SET_ERR_MSG(info->extack, "out of memory");
		return -ENOMEM;
	}
	nests = (const struct nlattr **)(fs + n);
	mutex_lock(&in->lock);
	b = ipmob_flow_session(in, info);
	if (IS_ERR(b)) {
		err = PTR_ERR(b);
		goto out;
	}
	nlmsg_for_each_attr(attr, info->nlhdr, GENL_HDRLEN, rem) {
		if (nla_type(attr) != IPMOB_A_FLOW)
			continue;
		nests[i] = attr;
		err = ipmob_parse_flow(attr, b, &fs[i], info->extack);
		if (err)
			goto out;
		i++;
	}
	err = ipmob_flows_add(in, b, fs, nests, n, replace, &held,
			      info->extack);
	if (!skb_queue_empty(&held)) {
		dev = b->dev;
		dev_hold(dev);
	}
out:
	mutex_unlock(&in->lock);
	kvfree(fs);
	if (dev) {
		ipmob_send_held(in, &held, dev);
		dev_put(dev);
	}
	return err;
}

static int ipmob_nl_flow_del(struct sk_buff *skb, struct genl_info *info)
{
	struct ipmob_net *in = ipmob_pernet(genl_info_net(info));
	unsigned int n = ipmob_count_flows(info), i = 0;
	struct nlattr *tb[IPMOB_FA_MAX + 1];
	const struct nlattr **nests, *attr;
	struct net_device *dev = NULL;
	struct ipmob_binding *b;
	struct sk_buff_head held;
	u16 *fids;
	int rem, err;

	__skb_queue_head_init(&held);
	if (n > IPMOB_MAX_FLOWS) {
		NL_SET_ERR_MSG(info->extack, "too many flow rules for one session");
		return -EINVAL;
	}
	fids = kvcalloc(n + 1, sizeof(*fids) + sizeof(*nests), GFP_KERNEL);
	if (!fids) {
		NL_SET_ERR_MSG(info->extack, "out of memory");
		return -ENOMEM;
	}
	nests = (const struct nlattr **)PTR_ALIGN(fids + n + 1,
						  sizeof(*nests));
	mutex_lock(&in->lock);
	b = ipmob_flow_session(in, info);
	if (IS_ERR(b)) {
		err = PTR_ERR(b);
		goto out;
	}
	nlmsg_for_each_attr(attr, info->nlhdr, GENL_HDRLEN, rem) {
		if (nla_type(attr) != IPMOB_A_FLOW)
			continue;
		err = nla_parse_nested(tb, IPMOB_FA_MAX, attr,
				       ipmob_flow_policy, info->extack);
		if (err)
			goto out;
		if (!tb[IPMOB_FA_FID]) {
			NL_SET_ERR_MSG_ATTR(info->extack, attr,
					    "missing flow ID");
			err = -EINVAL;
			goto out;
		}
		nests[i] = attr;
		fids[i++] = nla_get_u16(tb[IPMOB_FA_FID]);
	}
	err = ipmob_flows_del(in, b, fids, nests, n, &held, info->extack);
	if (!skb_queue_empty(&held)) {
		dev = b->dev;
		dev_hold(dev);
	}
out:
	mutex_unlock(&in->lock);
	kvfree(fids);
	if (dev) {
		ipmob_send_held(in, &held, dev);
		dev_put(dev);
	}
	return err;
}

static int ipmob_nl_buffer_flush(struct sk_buff *skb, struct genl_info *info)
{
	struct ipmob_net *in = ipmob_pernet(genl_info_net(info));
	bool send = info->attrs[IPMOB_A_BUFFER_SEND] &&
		    nla_get_u8(info->attrs[IPMOB_A_BUFFER_SEND]);
	struct net_device *dev = NULL;
	struct ipmob_binding *b;
	struct sk_buff_head list;
	unsigned int n;

	__skb_queue_head_init(&list);
	mutex_lock(&in->lock);
	b = ipmob_flow_session(in, info);
	if (IS_ERR(b)) {
		mutex_unlock(&in->lock);
		return PTR_ERR(b);
	}
	n = ipmob_buf_take(in, b, &list);
	if (n && send) {
		dev = b->dev;
		dev_hold(dev);
	}
	mutex_unlock(&in->lock);
	if (!send) {
		__skb_queue_purge(&list);
		this_cpu_add(in->stats->cnt[IPMOB_STAT_DROP_BUFFER], n);
		return 0;
	}
	ipmob_send_held(in, &list, dev);
	if (dev)
		dev_put(dev);
	return 0;
}

static int ipmob_nl_udp_set(struct sk_buff *skb, struct genl_info *info)
{
	struct ipmob_net *in = ipmob_pernet(genl_info_net(info));
	int fd = -1, err;

	if (info->attrs[IPMOB_A_FD]) {
		u32 v = nla_get_u32(info->attrs[IPMOB_A_FD]);

		if (v > INT_MAX) {
			NL_SET_ERR_MSG_ATTR(info->extack, info->attrs[IPMOB_A_FD],
					    "not a file descriptor");
			return -EBADF;
		}
		fd = v;
	}
	mutex_lock(&in->lock);
	err = ipmob_udp_set(in, fd, info->extack);
	mutex_unlock(&in->lock);
	return err;
}

static int ipmob_nl_udp_get(struct sk_buff *skb, struct genl_info *info)
{
	struct ipmob_net *in = ipmob_pernet(genl_info_net(info));
	struct sk_buff *msg;
	u16 port, family;
	void *hdr;

	msg = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	if (!msg)
		return -ENOMEM;
	hdr = genlmsg_put_reply(msg, info, &ipmob_genl_family, 0,
				IPMOB_CMD_UDP_GET);
	if (!hdr)
		goto nospace;
	if (ipmob_udp_get(in, &port, &family) &&
	    (nla_put_u16(msg, IPMOB_A_UDP_PORT, port) ||
	     nla_put_u16(msg, IPMOB_A_UDP_FAMILY, family)))
		goto nospace;
	genlmsg_end(msg, hdr);
	return genlmsg_reply(msg, info);

nospace:
	nlmsg_free(msg);
	return -EMSGSIZE;
}

static int ipmob_put_flow_addr(struct sk_buff *skb, const struct ipmob_flow *f,
			       const struct in6_addr *r, int a6, int a4)
{
	bool same = ipv6_addr_equal(&r[0], &r[1]);

	if (f->match & IPMOB_FM_FAM4)
		return nla_put_in_addr(skb, a4, r[0].s6_addr32[3]) ||
		       (!same && nla_put_in_addr(skb, a4 + 1, r[1].s6_addr32[3]));
	return nla_put_in6_addr(skb, a6, &r[0]) ||
	       (!same && nla_put_in6_addr(skb, a6 + 1, &r[1]));
}

static int ipmob_put_flow(struct sk_buff *skb, const struct ipmob_flow *f)
{
	struct nlattr *nest = nla_nest_start(skb, IPMOB_A_FLOW);
	unsigned int i;

	if (!nest)
		return -EMSGSIZE;
	if (nla_put_u16(skb, IPMOB_FA_FID, f->fid) ||
	    nla_put_u8(skb, IPMOB_FA_PRIO, f->prio) ||
	    nla_put_u8(skb, IPMOB_FA_ACTION, f->action))
		goto cancel;
	for (i = 0; i < f->nbid; i++)
		if (nla_put_u16(skb, IPMOB_FA_BID, f->bid[i]))
			goto cancel;
	if (((f->match & IPMOB_FM_SRC) &&
	     ipmob_put_flow_addr(skb, f, f->src, IPMOB_FA_SRC, IPMOB_FA_SRC4)) ||
	    ((f->match & IPMOB_FM_DST) &&
	     ipmob_put_flow_addr(skb, f, f->dst, IPMOB_FA_DST, IPMOB_FA_DST4)) ||
	    ((f->match & IPMOB_FM_PROTO) &&
	     nla_put_u8(skb, IPMOB_FA_PROTO, f->proto)) ||
	    ((f->match & IPMOB_FM_SPORT) &&
	     (nla_put_u16(skb, IPMOB_FA_SPORT, f->sport[0]) ||
	      nla_put_u16(skb, IPMOB_FA_SPORT_END, f->sport[1]))) ||
	    ((f->match & IPMOB_FM_DPORT) &&
	     (nla_put_u16(skb, IPMOB_FA_DPORT, f->dport[0]) ||
	      nla_put_u16(skb, IPMOB_FA_DPORT_END, f->dport[1]))) ||
	    ((f->match & IPMOB_FM_SPI) &&
	     (nla_put_u32(skb, IPMOB_FA_SPI, f->spi[0]) ||
	      nla_put_u32(skb, IPMOB_FA_SPI_END, f->spi[1]))) ||
	    ((f->match & IPMOB_FM_DSCP) &&
	     (nla_put_u8(skb, IPMOB_FA_DSCP, f->dscp[0]) ||
	      nla_put_u8(skb, IPMOB_FA_DSCP_END, f->dscp[1]))) ||
	    ((f->match & IPMOB_FM_LABEL) &&
	     (nla_put_u32(skb, IPMOB_FA_FLOW_LABEL, f->label[0]) ||
	      nla_put_u32(skb, IPMOB_FA_FLOW_LABEL_END, f->label[1]))) ||
	    nla_put_u64_64bit(skb, IPMOB_FA_PACKETS,
			      atomic64_read(&f->packets), IPMOB_FA_PAD))
		goto cancel;
	nla_nest_end(skb, nest);
	return 0;

cancel:
	nla_nest_cancel(skb, nest);
	return -EMSGSIZE;
}

/*
 * One message of @b's rules from *@pos on, as many as fit. Return: 0 when
 * the last went in, -EMSGSIZE when the skb is full (*@pos says where to go
 * on).
 */
static int ipmob_fill_flows(struct sk_buff *skb, struct netlink_callback *cb,
			    const struct ipmob_binding *b, long *pos)
{
	const struct ipmob_flows *fs = rcu_dereference(b->flows);
	struct nlattr *nest;
	long start = *pos;
	void *hdr;

	if (!fs || *pos >= fs->n)
		return 0;
	hdr = genlmsg_put(skb, NETLINK_CB(cb->skb).portid, cb->nlh->nlmsg_seq,
			  &ipmob_genl_family, NLM_F_MULTI, IPMOB_CMD_FLOW_GET);
	if (!hdr)
		return -EMSGSIZE;
	nest = nla_nest_start(skb, IPMOB_A_BINDING);
	if (!nest || ipmob_put_key(skb, b)) {
		genlmsg_cancel(skb, hdr);
		return -EMSGSIZE;
	}
	nla_nest_end(skb, nest);
	for (; *pos < fs->n; (*pos)++)
		if (ipmob_put_flow(skb, &fs->f[*pos]))
			break;
	if (*pos == start) {
		genlmsg_cancel(skb, hdr);
		return -EMSGSIZE;
	}
	genlmsg_end(skb, hdr);
	return *pos < fs->n ? -EMSGSIZE : 0;
}

/*
 * cb->args: [0] the table walk, [1] the next rule of the current session,
 * [2] set when the one session asked for is done.
 */
static int ipmob_nl_flow_dump(struct sk_buff *skb, struct netlink_callback *cb)
{
	struct ipmob_net *in = ipmob_pernet(sock_net(cb->skb->sk));
	struct rhashtable_iter *iter = (struct rhashtable_iter *)cb->args[0];
	struct nlattr **attrs = ipmob_dump_attrs(cb);
	struct ipmob_binding *b;
	int err = 0;

	if (attrs[IPMOB_A_BINDING]) {
		if (cb->args[2])
			return 0;
		rcu_read_lock();
		b = ipmob_find(in, attrs[IPMOB_A_BINDING], cb->extack);
		if (IS_ERR(b)) {
			rcu_read_unlock();
			return PTR_ERR(b);
		}
		err = ipmob_fill_flows(skb, cb, b, &cb->args[1]);
		rcu_read_unlock();
		if (!err)
			cb->args[2] = 1;
		return skb->len;
	}

	rhashtable_walk_start(iter);
	b = rhashtable_walk_peek(iter);
	for (;;) {
		if (IS_ERR(b)) {
			if (PTR_ERR(b) != -EAGAIN)
				break;
			b = rhashtable_walk_next(iter);
			continue;
		}
		if (!b)
			break;
		err = ipmob_fill_flows(skb, cb, b, &cb->args[1]);
		if (err)
			break;
		cb->args[1] = 0;
		b = rhashtable_walk_next(iter);
	}
	rhashtable_walk_stop(iter);
	/* a full skb ends this round; it resumes at the same session */
	return err ? skb->len : 0;
}

static const struct genl_ops ipmob_genl_ops[] = {
	{
		.cmd = IPMOB_CMD_BINDING_NEW,
		.doit = ipmob_nl_binding_new,
		.flags = GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd = IPMOB_CMD_BINDING_SET,
		.doit = ipmob_nl_binding_set,
		.flags = GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd = IPMOB_CMD_BINDING_DEL,
		.doit = ipmob_nl_binding_del,
		.flags = GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd = IPMOB_CMD_BINDING_GET,
		.doit = ipmob_nl_binding_get,
		.start = ipmob_nl_dump_start,
		.dumpit = ipmob_nl_binding_dump,
		.done = ipmob_nl_dump_done,
		.flags = GENL_UNS_ADMIN_PERM,	/* do and dump alike */
	},
	{
		.cmd = IPMOB_CMD_ENDPOINT_GET,
		.start = ipmob_nl_ep_dump_start,
		.dumpit = ipmob_nl_ep_dump,
		.done = ipmob_nl_dump_done,
		.flags = GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd = IPMOB_CMD_BINDING_FLUSH,
		.doit = ipmob_nl_binding_flush,
		.flags = GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd = IPMOB_CMD_STATS_GET,
		.doit = ipmob_nl_stats_get,
		.flags = GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd = IPMOB_CMD_LINK_NEW,
		.doit = ipmob_nl_link_new,
		.flags = GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd = IPMOB_CMD_LINK_DEL,
		.doit = ipmob_nl_link_del,
		.flags = GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd = IPMOB_CMD_FLOW_NEW,
		.doit = ipmob_nl_flow_new,
		.flags = GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd = IPMOB_CMD_FLOW_DEL,
		.doit = ipmob_nl_flow_del,
		.flags = GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd = IPMOB_CMD_BUFFER_FLUSH,
		.doit = ipmob_nl_buffer_flush,
		.flags = GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd = IPMOB_CMD_UDP_SET,
		.doit = ipmob_nl_udp_set,
		.flags = GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd = IPMOB_CMD_UDP_GET,
		.doit = ipmob_nl_udp_get,
		.flags = GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd = IPMOB_CMD_FLOW_GET,
		.start = ipmob_nl_dump_start,
		.dumpit = ipmob_nl_flow_dump,
		.done = ipmob_nl_dump_done,
		.flags = GENL_UNS_ADMIN_PERM,
	},
};

static struct genl_family ipmob_genl_family __ro_after_init = {
	.name = IPMOB_GENL_NAME,
	.version = IPMOB_GENL_VERSION,
	.maxattr = IPMOB_A_MAX,
	.policy = ipmob_policy,
	.netnsok = true,
	.module = THIS_MODULE,
	.ops = ipmob_genl_ops,
	.n_ops = ARRAY_SIZE(ipmob_genl_ops),
	.resv_start_op = IPMOB_CMD_LINK_DEL + 1,
	.mcgrps = ipmob_mcgrps,
	.n_mcgrps = ARRAY_SIZE(ipmob_mcgrps),
};

static void ipmob_multicast(struct ipmob_net *in, struct sk_buff *msg,
			    gfp_t gfp)
{
	genlmsg_multicast_netns(&ipmob_genl_family, in->net, msg, 0,
				IPMOB_MCGRP_EVENTS_ID, gfp);
}

/**
 * ipmob_notify_binding - multicast a binding event
 * @in: per-netns state
 * @cmd: IPMOB_CMD_BINDING_{NEW,SET,DEL,EXPIRED,REFRESH}
 * @b: the binding
 * @gfp: allocation context
 */
void ipmob_notify_binding(struct ipmob_net *in, u8 cmd,
			  const struct ipmob_binding *b, gfp_t gfp)
{
	struct sk_buff *msg;

	if (!genl_has_listeners(&ipmob_genl_family, in->net,
				IPMOB_MCGRP_EVENTS_ID))
		return;
	msg = genlmsg_new(NLMSG_GOODSIZE, gfp);
	if (!msg)
		return;
	if (ipmob_fill_binding(msg, b, 0, 0, 0, cmd)) {
		nlmsg_free(msg);
		return;
	}
	ipmob_multicast(in, msg, gfp);
}

/**
 * ipmob_notify_flush - multicast that bindings were flushed
 * @in: per-netns state
 * @dev: the device whose bindings went, or %NULL for all
 */
void ipmob_notify_flush(struct ipmob_net *in, const struct net_device *dev)
{
	struct sk_buff *msg;
	void *hdr;

	if (!genl_has_listeners(&ipmob_genl_family, in->net,
				IPMOB_MCGRP_EVENTS_ID))
		return;
	msg = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	if (!msg)
		return;
	hdr = genlmsg_put(msg, 0, 0, &ipmob_genl_family, 0,
			  IPMOB_CMD_BINDING_FLUSH);
	if (!hdr || (dev && nla_put_u32(msg, IPMOB_A_IFINDEX, dev->ifindex))) {
		nlmsg_free(msg);
		return;
	}
	genlmsg_end(msg, hdr);
	ipmob_multicast(in, msg, GFP_KERNEL);
}

/**
 * ipmob_notify_berr - ask the daemon for a Binding Error (RFC 6275 9.3.3)
 * @in: per-netns state
 * @src: source of the offending packet (the Binding Error goes there)
 * @dst: its destination
 * @hoa: the home address it carried
 * @status: Binding Error status
 * @mh_type: Mobility Header type of the packet, or 255
 *
 * Context: any (packet path); rate limited.
 */
void ipmob_notify_berr(struct ipmob_net *in, const struct in6_addr *src,
		       const struct in6_addr *dst, const struct in6_addr *hoa,
		       u8 status, u8 mh_type)
{
	struct sk_buff *msg;
	void *hdr;

	if (!genl_has_listeners(&ipmob_genl_family, in->net,
				IPMOB_MCGRP_EVENTS_ID))
		return;
	if (!__ratelimit(&in->berr_rs)) {
		ipmob_count(in, IPMOB_STAT_BERR_RATELIMITED);
		return;
	}
	msg = genlmsg_new(NLMSG_GOODSIZE, GFP_ATOMIC);
	if (!msg)
		return;
	hdr = genlmsg_put(msg, 0, 0, &ipmob_genl_family, 0,
			  IPMOB_CMD_BERR_NEEDED);
	if (!hdr ||
	    nla_put_in6_addr(msg, IPMOB_A_SRC, src) ||
	    nla_put_in6_addr(msg, IPMOB_A_DST, dst) ||
	    nla_put_in6_addr(msg, IPMOB_A_HOA, hoa) ||
	    nla_put_u8(msg, IPMOB_A_BE_STATUS, status) ||
	    nla_put_u8(msg, IPMOB_A_MH_TYPE, mh_type)) {
		nlmsg_free(msg);
		return;
	}
	genlmsg_end(msg, hdr);
	ipmob_count(in, IPMOB_STAT_BERR_NOTIFY);
	ipmob_multicast(in, msg, GFP_ATOMIC);
}

/**
 * ipmob_notify_ro_hint - tell the daemon a correspondent talks through
 *	the home agent (RFC 6275 11.3.3: the mobile node may then start
 *	return routability with it)
 * @in: per-netns state
 * @b: the mobile node's home registration the packet used (RCU)
 * @hoa: the mobile node's home address
 * @peer: the correspondent
 *
 * Context: packet path; at most one hint per binding every 100 ms (no
 * shared lock on the packet path), 10/s per namespace, nothing without
 * listeners.
 */
void ipmob_notify_ro_hint(struct ipmob_net *in, struct ipmob_binding *b,
			  const struct in6_addr *hoa,
			  const struct in6_addr *peer)
{
	unsigned long now = jiffies;
	struct sk_buff *msg;
	void *hdr;

	/* RFC 3963 gives mobile network prefixes no route optimisation */
	if (b->key.kind != IPMOB_KIND_MN_HOME || b->key.plen != 128 ||
	    b->key.iif ||
	    (u32)now - READ_ONCE(b->ro_hint_at) < HZ / 10 ||
	    ipv6_addr_equal(peer, &b->peer) ||
	    !(ipv6_addr_type(peer) & IPV6_ADDR_UNICAST) ||
	    (ipv6_addr_type(peer) & (IPV6_ADDR_LINKLOCAL | IPV6_ADDR_LOOPBACK)))
		return;
	WRITE_ONCE(b->ro_hint_at, (u32)now);
	if (!genl_has_listeners(&ipmob_genl_family, in->net,
				IPMOB_MCGRP_EVENTS_ID))
		return;
	if (!__ratelimit(&in->ro_hint_rs))
		return;
	msg = genlmsg_new(NLMSG_GOODSIZE, GFP_ATOMIC);
	if (!msg)
		return;
	hdr = genlmsg_put(msg, 0, 0, &ipmob_genl_family, 0, IPMOB_CMD_RO_HINT);
	if (!hdr ||
	    nla_put_in6_addr(msg, IPMOB_A_HOA, hoa) ||
	    nla_put_in6_addr(msg, IPMOB_A_DST, peer)) {
		nlmsg_free(msg);
		return;
	}
	genlmsg_end(msg, hdr);
	ipmob_count(in, IPMOB_STAT_RO_HINT);
	ipmob_multicast(in, msg, GFP_ATOMIC);
}

int ipmob_genl_init(void)
{
	return genl_register_family(&ipmob_genl_family);
}

void ipmob_genl_exit(void)
{
	genl_unregister_family(&ipmob_genl_family);
}
