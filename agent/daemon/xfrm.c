// SPDX-License-Identifier: GPL-2.0
/*
 * xfrm.c - the IPsec policies of home registrations that IPsec protects
 * (security ipsec; RFC 4877 4.2, 6.1; RFC 3776 4).
 *
 * ipmobd owns the security policy entries, someone else the states: an
 * administrator (ip xfrm state, manual keys) or an IKE daemon, whose
 * states carry the association's reqid. Per mobile node, two policies
 * for the Mobility Header (protocol 135, every message type: RFC 4877 5's
 * "protocol only" granularity) between home address and home agent, ESP
 * in transport mode with that reqid, level required:
 *
 *   mobile node:  out  HoA -> HA     in  HA -> HoA
 *   home agent:   in   HoA -> HA     out HA -> HoA
 *
 * and the same for the Mobile Prefix Solicitation (ICMPv6 146, from the
 * home address) and Advertisement (147, to it), RFC 4877 4.1.
 *
 * The inbound policy is what refuses a Binding Update in clear, or under
 * another node's state, for that home address: the kernel checks it at
 * the raw socket (after ipmob.ko has swapped the Home Address option, so
 * the selector sees the home address, RFC 4877 4.2). The reqid ties the
 * home address to its node's state, whose own addresses a transport
 * template does not name. The policies outlive ipmobd: the data plane
 * must not send in clear what policy says is protected while it is away;
 * a new start replaces them (XFRM_MSG_UPDPOLICY).
 *
 * security ikev2 adds the tunnel (RFC 4877 4.1, 5): HoTI and HoT, or
 * with protect payload every packet of the home address, between care-of
 * address and home agent in ESP tunnel mode, under the states of the
 * second child SA charon keys (ike.c, reqid + 1). Their outer addresses
 * are the care-of address and the home agent, so these policies are set
 * again at each movement (the mobile node) or registration (the home
 * agent) and removed when it ends:
 *
 *   mobile node:  out  HoA -> any [HoTI]   in   any -> HoA [MH, use]
 *   home agent:   out  any -> HoA [MH]     fwd  HoA -> any [MH]
 *                 (protect payload: in HoA -> any too, and Neighbor
 *                 Solicitations and Advertisements to and from the home
 *                 address bypass them all, for the node back home)
 *
 * A packet an xfrm policy takes is the xfrm tunnel's, not the ipmob
 * device's (dataplane.md: the route is a bundle, the hooks leave it), as
 * it would be with any other tunnel device; the inbound policies refuse
 * what came in clear.
 */
#include <errno.h>
#include <string.h>
#include <syslog.h>
#include <netinet/in.h>
#include <linux/netlink.h>
#include <linux/xfrm.h>
#include <libmnl/libmnl.h>

#include "daemon.h"
#include "mh.h"
#include "util.h"

/*
 * Lower is preferred: ahead of a site's wider policies, which leave the
 * default priority (0) to ip xfrm's users at their peril.
 */
#define XFRM_MH_PRIORITY	1000
/* the tunnel's come after the Mobility Header's between HoA and HA */
#define XFRM_TUN_PRIORITY	2000

/* Neighbor Discovery's bypass comes before both */
#define XFRM_ND_PRIORITY	500

#define ND_MPS_TYPE	146
#define ND_MPA_TYPE	147
#define MH_HOTI		1
#define ND_NS		135
#define ND_NA		136

static struct mnl_socket *xfrm_nl;

/*
 * One XFRM_MSG_UPDPOLICY (it replaces a policy with the same selector and
 * direction): allow, with tmpl if not NULL (none: a bypass).
 */
static int policy_put(const struct xfrm_selector *sel, uint8_t dir,
		      uint32_t priority, const struct xfrm_user_tmpl *tmpl)
{
	char buf[512];
	struct xfrm_userpolicy_info *pol;
	struct nlmsghdr *nlh;

	memset(buf, 0, sizeof(buf));
	nlh = mnl_nlmsg_put_header(buf);
	nlh->nlmsg_type = XFRM_MSG_UPDPOLICY;
	nlh->nlmsg_flags = NLM_F_REQUEST;
	pol = mnl_nlmsg_put_extra_header(nlh, sizeof(*pol));
	pol->sel = *sel;
	pol->lft.soft_byte_limit = XFRM_INF;
	pol->lft.hard_byte_limit = XFRM_INF;
	pol->lft.soft_packet_limit = XFRM_INF;
	pol->lft.hard_packet_limit = XFRM_INF;
	pol->priority = priority;
	pol->dir = dir;
	pol->action = XFRM_POLICY_ALLOW;
	pol->share = XFRM_SHARE_ANY;
	if (tmpl)
		mnl_attr_put(nlh, XFRMA_TMPL, sizeof(*tmpl), tmpl);
	return nl_request(&xfrm_nl, NETLINK_XFRM, nlh);
}

/* An ESP template of mode with reqid, any algorithm; no addresses yet. */
static void tmpl_esp(struct xfrm_user_tmpl *tmpl, uint8_t mode,
		     uint32_t reqid)
{
	memset(tmpl, 0, sizeof(*tmpl));
	tmpl->id.proto = IPPROTO_ESP;
	tmpl->family = AF_INET6;
	tmpl->reqid = reqid;
	tmpl->mode = mode;
	tmpl->share = XFRM_SHARE_ANY;
	tmpl->aalgos = ~0U;
	tmpl->ealgos = ~0U;
	tmpl->calgos = ~0U;
}

/* proto: IPPROTO_MH (every type) or IPPROTO_ICMPV6 with that type */
static int mh_policy(const struct in6_addr *src, const struct in6_addr *dst,
		     bool out, uint32_t reqid, uint8_t proto, int type)
{
	struct xfrm_user_tmpl tmpl;
	struct xfrm_selector sel;

	memset(&sel, 0, sizeof(sel));
	memcpy(&sel.saddr, src, sizeof(*src));
	memcpy(&sel.daddr, dst, sizeof(*dst));
	sel.family = AF_INET6;
	sel.prefixlen_s = 128;
	sel.prefixlen_d = 128;
	sel.proto = proto;
	if (type >= 0) {
		sel.sport = htons((uint16_t)type);
		sel.sport_mask = 0xffff;
	}
	/* transport mode: the template names no addresses (RFC 4301 4.4.1) */
	tmpl_esp(&tmpl, XFRM_MODE_TRANSPORT, reqid);
	return policy_put(&sel, out ? XFRM_POLICY_OUT : XFRM_POLICY_IN,
			  XFRM_MH_PRIORITY, &tmpl);
}

int xfrm_mh_pair(const struct in6_addr *hoa, const struct in6_addr *ha,
		 uint32_t reqid, bool at_ha)
{
	const struct in6_addr *local = at_ha ? ha : hoa;
	const struct in6_addr *peer = at_ha ? hoa : ha;
	char l[INET6_ADDRSTRLEN], p[INET6_ADDRSTRLEN];
	int err;

	err = mh_policy(local, peer, true, reqid, IPPROTO_MH, -1);
	if (!err)
		err = mh_policy(peer, local, false, reqid, IPPROTO_MH, -1);
	/*
	 * RFC 4877 4.1, 6.1: Mobile Prefix Solicitations from the home
	 * address, Advertisements to it, under the same states
	 */
	if (!err)
		err = mh_policy(hoa, ha, !at_ha, reqid, IPPROTO_ICMPV6,
				ND_MPS_TYPE);
	if (!err)
		err = mh_policy(ha, hoa, at_ha, reqid, IPPROTO_ICMPV6,
				ND_MPA_TYPE);
	if (err)
		logmsg(LOG_ERR, "cannot install the IPsec policies %s <-> %s (proto 135, ICMPv6 146 and 147) reqid %u: %s",
		       in6_str(local, l), in6_str(peer, p), reqid,
		       strerror(-err));
	else
		logmsg(LOG_INFO, "IPsec policies %s <-> %s (proto 135, ICMPv6 146 and 147): ESP transport, reqid %u",
		       in6_str(local, l), in6_str(peer, p), reqid);
	return err;
}

/*
 * What a tunnel policy selects besides the home address (sel_kind):
 * SEL_ANY every protocol, SEL_MH the Mobility Header (every type), or
 * one type: a Mobility Header type (MH_HOTI), or an ICMPv6 one (ND_NS,
 * ND_NA).
 */
#define SEL_ANY		(-1)
#define SEL_MH		(-2)

static void tun_sel(struct xfrm_selector *sel, const struct in6_addr *hoa,
		    bool from_hoa, int kind)
{
	memset(sel, 0, sizeof(*sel));
	sel->family = AF_INET6;
	if (from_hoa) {
		memcpy(&sel->saddr, hoa, sizeof(*hoa));
		sel->prefixlen_s = 128;
	} else {
		memcpy(&sel->daddr, hoa, sizeof(*hoa));
		sel->prefixlen_d = 128;
	}
	if (kind == SEL_MH) {
		sel->proto = IPPROTO_MH;
	} else if (kind >= 0) {
		/* the type is the source "port" (RFC 4301 4.4.1.1) */
		sel->proto = kind == ND_NS || kind == ND_NA ? IPPROTO_ICMPV6 :
							      IPPROTO_MH;
		sel->sport = htons((uint16_t)kind);
		sel->sport_mask = 0xffff;
	}
}

/*
 * One policy; tsrc NULL: none with a template (a bypass, Neighbor
 * Discovery's), optional: a template the packet may also go without.
 */
static int tun_policy(const struct in6_addr *hoa, bool from_hoa, int kind,
		      uint8_t dir, const struct in6_addr *tsrc,
		      const struct in6_addr *tdst, uint32_t reqid,
		      bool optional)
{
	struct xfrm_user_tmpl tmpl;
	struct xfrm_selector sel;

	tun_sel(&sel, hoa, from_hoa, kind);
	if (!tsrc)
		return policy_put(&sel, dir, XFRM_ND_PRIORITY, NULL);
	/* tunnel mode: the outer addresses, those of charon's states */
	tmpl_esp(&tmpl, XFRM_MODE_TUNNEL, reqid);
	memcpy(&tmpl.id.daddr, tdst, sizeof(*tdst));
	memcpy(&tmpl.saddr, tsrc, sizeof(*tsrc));
	tmpl.optional = optional;
	return policy_put(&sel, dir, XFRM_TUN_PRIORITY, &tmpl);
}

static int tun_policy_del(const struct in6_addr *hoa, bool from_hoa,
			  int kind, uint8_t dir)
{
	char buf[256];
	struct xfrm_userpolicy_id *id;
	struct nlmsghdr *nlh;
	int err;

	memset(buf, 0, sizeof(buf));
	nlh = mnl_nlmsg_put_header(buf);
	nlh->nlmsg_type = XFRM_MSG_DELPOLICY;
	nlh->nlmsg_flags = NLM_F_REQUEST;
	id = mnl_nlmsg_put_extra_header(nlh, sizeof(*id));
	tun_sel(&id->sel, hoa, from_hoa, kind);
	id->dir = dir;
	err = nl_request(&xfrm_nl, NETLINK_XFRM, nlh);
	return err == -ENOENT ? 0 : err;
}

/*
 * The policies of one home address, in this node's role and kind
 * (payload: every packet, else HoTI and HoT).
 *
 * Only where a socket sends does the kernel's flow carry the Mobility
 * Header's type (the raw socket reads it, rawv6_probe_proto_opt()); on
 * the receiving and forwarding paths the type the xfrm lookup sees is not
 * the packet's (tested on 6.1 and 6.12: a policy for type 1 there matched
 * no HoTI, XfrmInNoPols). So only the mobile node's HoTI policy names its
 * type; the others take the Mobility Header whole: at the home agent what
 * a node's home address sends through it and what a correspondent sends
 * to it (HoTI and HoT, and a Binding Refresh Request or Error on the same
 * path, all in ESP then); at the mobile node the inbound policy is
 * optional (level use), as a correspondent's BA or BRR comes in clear to
 * the care-of address with a type 2 routing header. The HoT's secrecy,
 * what RFC 4877 4.1 protects (the home keygen token), is the home agent's
 * outbound policy's, which is required.
 */
struct tun_pol {
	bool from_hoa;		/* the selector's source is the home address */
	uint8_t dir;
	bool to_hoa_tmpl;	/* the template's destination is the node's */
	bool optional;
};

static unsigned int tun_pols(bool ha, bool payload, struct tun_pol *p,
			     int *kind)
{
	unsigned int n = 0;

	if (!ha) {
		p[n] = (struct tun_pol){ true, XFRM_POLICY_OUT, false, false };
		kind[n++] = payload ? SEL_ANY : MH_HOTI;
		p[n] = (struct tun_pol){ false, XFRM_POLICY_IN, true, !payload };
		kind[n++] = payload ? SEL_ANY : SEL_MH;
		return n;
	}
	p[n] = (struct tun_pol){ false, XFRM_POLICY_OUT, true, false };
	kind[n++] = payload ? SEL_ANY : SEL_MH;
	p[n] = (struct tun_pol){ true, XFRM_POLICY_FWD, false, false };
	kind[n++] = payload ? SEL_ANY : SEL_MH;
	if (payload) {
		p[n] = (struct tun_pol){ true, XFRM_POLICY_IN, false, false };
		kind[n++] = SEL_ANY;
	}
	return n;
}

/* NS and NA to and from the home address in clear (set) or not */
static int nd_bypass(const struct in6_addr *hoa, bool set)
{
	static const int types[] = { ND_NS, ND_NA };
	unsigned int i;
	int err = 0, e;

	for (i = 0; i < 2; i++) {
		e = set ? tun_policy(hoa, false, types[i], XFRM_POLICY_OUT,
				     NULL, NULL, 0, false) :
			  tun_policy_del(hoa, false, types[i], XFRM_POLICY_OUT);
		err = err ? err : e;
		e = set ? tun_policy(hoa, true, types[i], XFRM_POLICY_IN, NULL,
				     NULL, 0, false) :
			  tun_policy_del(hoa, true, types[i], XFRM_POLICY_IN);
		err = err ? err : e;
	}
	return err;
}

int xfrm_tunnel_set(bool ha, const struct in6_addr *hoa,
		    const struct in6_addr *local, const struct in6_addr *peer,
		    uint32_t reqid, bool payload)
{
	char h[INET6_ADDRSTRLEN], l[INET6_ADDRSTRLEN], p[INET6_ADDRSTRLEN];
	struct tun_pol pol[3];
	int kind[3], err = 0;
	unsigned int i, n;

	/* local is this node's end of the tunnel, peer the other's */
	n = tun_pols(ha, payload, pol, kind);
	for (i = 0; i < n && !err; i++) {
		const struct in6_addr *node = ha ? peer : local;
		const struct in6_addr *agent = ha ? local : peer;

		err = tun_policy(hoa, pol[i].from_hoa, kind[i], pol[i].dir,
				 pol[i].to_hoa_tmpl ? agent : node,
				 pol[i].to_hoa_tmpl ? node : agent, reqid,
				 pol[i].optional);
	}
	/*
	 * The node back on the home link resolves the home agent's address,
	 * and the home agent its home address, before the deregistration
	 * has removed these: Neighbor Discovery bypasses them (RFC 4301
	 * 4.4.1 leaves ND to the node; RFC 6275 10.4.1's proxy answers to
	 * other addresses, untouched).
	 */
	if (!err && ha && payload)
		err = nd_bypass(hoa, true);
	/* the other kind's, from an earlier configuration */
	if (!err)
		err = xfrm_tunnel_clear(ha, hoa, !payload);
	if (err)
		logmsg(LOG_ERR, "cannot install the IPsec tunnel policies of %s (%s <-> %s, reqid %u): %s",
		       in6_str(hoa, h), in6_str(local, l), in6_str(peer, p),
		       reqid, strerror(-err));
	else
		logmsg(LOG_INFO, "IPsec tunnel policies of %s: %s, ESP tunnel %s <-> %s, reqid %u",
		       in6_str(hoa, h), payload ? "every packet" : "HoTI and HoT",
		       in6_str(local, l), in6_str(peer, p), reqid);
	return err;
}

int xfrm_tunnel_clear(bool ha, const struct in6_addr *hoa, bool payload)
{
	struct tun_pol pol[3];
	int kind[3], err = 0, e;
	unsigned int i, n;

	n = tun_pols(ha, payload, pol, kind);
	for (i = 0; i < n; i++) {
		e = tun_policy_del(hoa, pol[i].from_hoa, kind[i], pol[i].dir);
		err = err ? err : e;
	}
	if (ha && payload) {
		e = nd_bypass(hoa, false);
		err = err ? err : e;
	}
	return err;
}
