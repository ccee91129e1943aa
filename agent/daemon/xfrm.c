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
