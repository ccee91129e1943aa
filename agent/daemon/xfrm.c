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
 *   mobile node:  out  HoA -> any [HoTI]   in   any -> HoA [HoT]
 *   home agent:   out  any -> HoA [HoT]    fwd  HoA -> any [HoTI]
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
#include "util.h"

#ifndef IPPROTO_MH
#define IPPROTO_MH	135
#endif

/*
 * Lower is preferred: ahead of a site's wider policies, which leave the
 * default priority (0) to ip xfrm's users at their peril.
 */
#define XFRM_MH_PRIORITY	1000
/* the tunnel's come after the Mobility Header's between HoA and HA */
#define XFRM_TUN_PRIORITY	2000

/* Neighbor Discovery's bypass comes before both */
#define XFRM_ND_PRIORITY	500

#define MH_HOTI		1
#define MH_HOT		3
#define ND_NS		135
#define ND_NA		136

static struct mnl_socket *xfrm_nl;

int xfrm_mh_policy(const struct in6_addr *src, const struct in6_addr *dst,
		   bool out, uint32_t reqid)
{
	char buf[512];
	struct xfrm_userpolicy_info *pol;
	struct xfrm_user_tmpl tmpl;
	struct nlmsghdr *nlh;

	memset(buf, 0, sizeof(buf));
	nlh = mnl_nlmsg_put_header(buf);
	nlh->nlmsg_type = XFRM_MSG_UPDPOLICY;
	nlh->nlmsg_flags = NLM_F_REQUEST;
	pol = mnl_nlmsg_put_extra_header(nlh, sizeof(*pol));
	memcpy(&pol->sel.saddr, src, sizeof(*src));
	memcpy(&pol->sel.daddr, dst, sizeof(*dst));
	pol->sel.family = AF_INET6;
	pol->sel.prefixlen_s = 128;
	pol->sel.prefixlen_d = 128;
	pol->sel.proto = IPPROTO_MH;
	pol->lft.soft_byte_limit = XFRM_INF;
	pol->lft.hard_byte_limit = XFRM_INF;
	pol->lft.soft_packet_limit = XFRM_INF;
	pol->lft.hard_packet_limit = XFRM_INF;
	pol->priority = XFRM_MH_PRIORITY;
	pol->dir = out ? XFRM_POLICY_OUT : XFRM_POLICY_IN;
	pol->action = XFRM_POLICY_ALLOW;
	pol->share = XFRM_SHARE_ANY;

	/* transport mode: the template names no addresses (RFC 4301 4.4.1) */
	memset(&tmpl, 0, sizeof(tmpl));
	tmpl.id.proto = IPPROTO_ESP;
	tmpl.family = AF_INET6;
	tmpl.reqid = reqid;
	tmpl.mode = XFRM_MODE_TRANSPORT;
	tmpl.share = XFRM_SHARE_ANY;
	tmpl.aalgos = ~0U;
	tmpl.ealgos = ~0U;
	tmpl.calgos = ~0U;
	mnl_attr_put(nlh, XFRMA_TMPL, sizeof(tmpl), &tmpl);
	return nl_request(&xfrm_nl, NETLINK_XFRM, nlh);
}

int xfrm_mh_pair(const struct in6_addr *local, const struct in6_addr *peer,
		 uint32_t reqid)
{
	char l[INET6_ADDRSTRLEN], p[INET6_ADDRSTRLEN];
	int err;

	err = xfrm_mh_policy(local, peer, true, reqid);
	if (!err)
		err = xfrm_mh_policy(peer, local, false, reqid);
	if (err)
		logmsg(LOG_ERR, "cannot install the IPsec policies %s <-> %s proto 135 reqid %u: %s",
		       in6_str(local, l), in6_str(peer, p), reqid,
		       strerror(-err));
	else
		logmsg(LOG_INFO, "IPsec policies %s <-> %s proto 135: ESP transport, reqid %u",
		       in6_str(local, l), in6_str(peer, p), reqid);
	return err;
}

/*
 * The selector of a tunnel policy: plen 128 on the home address's side;
 * type >= 0: that Mobility Header type, or (nd) that ICMPv6 type.
 */
static void tun_sel(struct xfrm_selector *sel, const struct in6_addr *hoa,
		    bool from_hoa, int mhtype)
{
	bool nd = mhtype == ND_NS || mhtype == ND_NA;

	memset(sel, 0, sizeof(*sel));
	sel->family = AF_INET6;
	if (from_hoa) {
		memcpy(&sel->saddr, hoa, sizeof(*hoa));
		sel->prefixlen_s = 128;
	} else {
		memcpy(&sel->daddr, hoa, sizeof(*hoa));
		sel->prefixlen_d = 128;
	}
	if (mhtype >= 0) {
		/* the type is the source "port" (RFC 4301 4.4.1.1) */
		sel->proto = nd ? IPPROTO_ICMPV6 : IPPROTO_MH;
		sel->sport = htons((uint16_t)mhtype);
		sel->sport_mask = 0xffff;
	}
}

static int tun_policy(const struct in6_addr *hoa, bool from_hoa, int mhtype,
		      uint8_t dir, const struct in6_addr *tsrc,
		      const struct in6_addr *tdst, uint32_t reqid)
{
	char buf[512];
	struct xfrm_userpolicy_info *pol;
	struct xfrm_user_tmpl tmpl;
	struct nlmsghdr *nlh;

	memset(buf, 0, sizeof(buf));
	nlh = mnl_nlmsg_put_header(buf);
	nlh->nlmsg_type = XFRM_MSG_UPDPOLICY;
	nlh->nlmsg_flags = NLM_F_REQUEST;
	pol = mnl_nlmsg_put_extra_header(nlh, sizeof(*pol));
	tun_sel(&pol->sel, hoa, from_hoa, mhtype);
	pol->lft.soft_byte_limit = XFRM_INF;
	pol->lft.hard_byte_limit = XFRM_INF;
	pol->lft.soft_packet_limit = XFRM_INF;
	pol->lft.hard_packet_limit = XFRM_INF;
	pol->priority = XFRM_TUN_PRIORITY;
	pol->dir = dir;
	pol->action = XFRM_POLICY_ALLOW;
	pol->share = XFRM_SHARE_ANY;
	/* Neighbor Discovery in clear: a policy with no template */
	if (mhtype == ND_NS || mhtype == ND_NA) {
		pol->priority = XFRM_ND_PRIORITY;
		return nl_request(&xfrm_nl, NETLINK_XFRM, nlh);
	}

	/* tunnel mode: the outer addresses, those of charon's states */
	memset(&tmpl, 0, sizeof(tmpl));
	tmpl.id.proto = IPPROTO_ESP;
	memcpy(&tmpl.id.daddr, tdst, sizeof(*tdst));
	memcpy(&tmpl.saddr, tsrc, sizeof(*tsrc));
	tmpl.family = AF_INET6;
	tmpl.reqid = reqid;
	tmpl.mode = XFRM_MODE_TUNNEL;
	tmpl.share = XFRM_SHARE_ANY;
	tmpl.aalgos = ~0U;
	tmpl.ealgos = ~0U;
	tmpl.calgos = ~0U;
	mnl_attr_put(nlh, XFRMA_TMPL, sizeof(tmpl), &tmpl);
	return nl_request(&xfrm_nl, NETLINK_XFRM, nlh);
}

static int tun_policy_del(const struct in6_addr *hoa, bool from_hoa,
			  int mhtype, uint8_t dir)
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
	tun_sel(&id->sel, hoa, from_hoa, mhtype);
	id->dir = dir;
	err = nl_request(&xfrm_nl, NETLINK_XFRM, nlh);
	return err == -ENOENT ? 0 : err;
}

/* NS and NA to and from the home address in clear (set) or not */
static int nd_bypass(const struct in6_addr *hoa, bool set)
{
	static const int types[] = { ND_NS, ND_NA };
	unsigned int i;
	int err = 0, e;

	for (i = 0; i < 2; i++) {
		e = set ? tun_policy(hoa, false, types[i], XFRM_POLICY_OUT,
				     hoa, hoa, 0) :
			  tun_policy_del(hoa, false, types[i], XFRM_POLICY_OUT);
		err = err ? err : e;
		e = set ? tun_policy(hoa, true, types[i], XFRM_POLICY_IN, hoa,
				     hoa, 0) :
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
	int to = payload ? -1 : MH_HOT;
	int from = payload ? -1 : MH_HOTI;
	int err;

	/* out and in (the mobile node), out and fwd (the home agent) */
	err = tun_policy(hoa, !ha, ha ? to : from,
			 XFRM_POLICY_OUT, local, peer, reqid);
	if (!err)
		err = tun_policy(hoa, ha, ha ? from : to,
				 ha ? XFRM_POLICY_FWD : XFRM_POLICY_IN, peer,
				 local, reqid);
	if (!err && ha && payload)
		err = tun_policy(hoa, true, -1, XFRM_POLICY_IN, peer, local,
				 reqid);
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
	int to = payload ? -1 : MH_HOT, from = payload ? -1 : MH_HOTI;
	int err, e;

	err = tun_policy_del(hoa, !ha, ha ? to : from, XFRM_POLICY_OUT);
	e = tun_policy_del(hoa, ha, ha ? from : to,
			   ha ? XFRM_POLICY_FWD : XFRM_POLICY_IN);
	err = err ? err : e;
	if (ha && payload) {
		e = tun_policy_del(hoa, true, -1, XFRM_POLICY_IN);
		err = err ? err : e;
		e = nd_bypass(hoa, false);
		err = err ? err : e;
	}
	return err;
}
