// SPDX-License-Identifier: GPL-2.0
/*
 * netstate.c - the rtnetlink dump replies ipmobd reads for movement
 * detection (RFC 6275 11.5.1): links, IPv6 addresses and IPv6 default
 * routers, parsed into a struct netstate; and the IPv4 addresses and
 * IPv4 default routers, for a mobile node on an IPv4-only link that
 * registers an IPv4 care-of address (DSMIPv6, RFC 5555 4.1). No I/O
 * (rtnl.c sends the dump requests and hands the replies here), so it is
 * unit-tested (tests/test_daemon.c) and fuzzed (fuzz/fuzz_rtnl.c) like
 * the wire codecs.
 *
 * An address is IFA_LOCAL if the message has one, else IFA_ADDRESS (on a
 * point-to-point link IFA_ADDRESS is the peer's); a default router is a
 * default route of the main table (RTN_UNICAST) with a gateway and an
 * output interface. An IPv6 router whose lifetime ran out is left out
 * (RTA_CACHEINFO); IPv4 routes do not expire.
 *
 * A message too short for its fixed header, an attribute of the wrong
 * size or an interface name without its NUL is skipped, never read past;
 * the tables are bounded (NS_MAX_*), what does not fit is left out; a
 * message whose length runs past the buffer ends it (genl_nlmsg_ok()).
 */
#include <string.h>
#include <net/if.h>
#include <libmnl/libmnl.h>
#include <linux/if_addr.h>
#include <linux/rtnetlink.h>

#include "daemon.h"
#include "genl.h"

/*
 * mnl_attr_for_each() bounded by the message's own length, not by its
 * aligned tail: the last message of a buffer may end short of its
 * padding (genl_nlmsg_valid_len()), and no attribute is read past it.
 */
#define ns_attr_for_each(a, nlh, offset)				\
	for ((a) = mnl_nlmsg_get_payload_offset((nlh), (offset));	\
	     mnl_attr_ok((a), (int)((const char *)(nlh) +		\
				    (nlh)->nlmsg_len - (const char *)(a))); \
	     (a) = mnl_attr_next(a))

/* The address of an AF_INET or AF_INET6 RTM_NEWADDR into addrs4 or addrs. */
static int addr_cb(const struct nlmsghdr *nlh, struct netstate *ns)
{
	const struct ifaddrmsg *ifa = mnl_nlmsg_get_payload(nlh);
	const struct nlattr *a;
	uint32_t flags;
	const void *addr = NULL;
	size_t alen;

	if (mnl_nlmsg_get_payload_len(nlh) < sizeof(*ifa))
		return MNL_CB_OK;
	if (ifa->ifa_family == AF_INET6)
		alen = sizeof(struct in6_addr);
	else if (ifa->ifa_family == AF_INET)
		alen = sizeof(struct in_addr);
	else
		return MNL_CB_OK;
	flags = ifa->ifa_flags;
	ns_attr_for_each(a, nlh, sizeof(*ifa)) {
		if (mnl_attr_get_type(a) == IFA_FLAGS &&
		    mnl_attr_get_payload_len(a) == 4)
			flags = mnl_attr_get_u32(a);
		if ((mnl_attr_get_type(a) == IFA_ADDRESS && !addr) ||
		    mnl_attr_get_type(a) == IFA_LOCAL)
			if (mnl_attr_get_payload_len(a) == alen)
				addr = mnl_attr_get_payload(a);
	}
	if (!addr)
		return MNL_CB_OK;
	if (ifa->ifa_family == AF_INET6) {
		struct ns_addr *x;

		if (ns->n_addrs >= NS_MAX_ADDRS)
			return MNL_CB_OK;
		x = &ns->addrs[ns->n_addrs++];
		memcpy(&x->addr, addr, sizeof(x->addr));
		x->plen = ifa->ifa_prefixlen;
		x->ifindex = (int)ifa->ifa_index;
		x->flags = flags;
		x->scope = ifa->ifa_scope;
	} else {
		struct ns_addr4 *x;

		if (ns->n_addrs4 >= NS_MAX_ADDRS4)
			return MNL_CB_OK;
		x = &ns->addrs4[ns->n_addrs4++];
		memcpy(&x->addr, addr, sizeof(x->addr));
		x->plen = ifa->ifa_prefixlen;
		x->ifindex = (int)ifa->ifa_index;
		x->flags = flags;
		x->scope = ifa->ifa_scope;
	}
	return MNL_CB_OK;
}

static int link_cb(const struct nlmsghdr *nlh, struct netstate *ns)
{
	const struct ifinfomsg *ifi = mnl_nlmsg_get_payload(nlh);
	const struct nlattr *a;
	struct ns_link *l;

	if (mnl_nlmsg_get_payload_len(nlh) < sizeof(*ifi) ||
	    ns->n_links >= NS_MAX_LINKS)
		return MNL_CB_OK;
	l = &ns->links[ns->n_links++];
	memset(l, 0, sizeof(*l));
	l->ifindex = ifi->ifi_index;
	l->flags = ifi->ifi_flags;
	ns_attr_for_each(a, nlh, sizeof(*ifi)) {
		size_t n = mnl_attr_get_payload_len(a);
		const char *name = mnl_attr_get_payload(a);

		/* a name is NUL-terminated and fits IF_NAMESIZE */
		if (mnl_attr_get_type(a) != IFLA_IFNAME || !n ||
		    n > sizeof(l->name) || memchr(name, 0, n) == NULL)
			continue;
		memcpy(l->name, name, n);
	}
	return MNL_CB_OK;
}

/* An AF_INET or AF_INET6 default route into routers4 or routers. */
static int route_cb(const struct nlmsghdr *nlh, struct netstate *ns)
{
	const struct rtmsg *rtm = mnl_nlmsg_get_payload(nlh);
	const struct nlattr *a;
	const void *gw = NULL;
	bool expired = false;
	size_t alen;
	int oif = 0;

	if (mnl_nlmsg_get_payload_len(nlh) < sizeof(*rtm) ||
	    rtm->rtm_dst_len != 0 || rtm->rtm_table != RT_TABLE_MAIN ||
	    rtm->rtm_type != RTN_UNICAST)
		return MNL_CB_OK;
	if (rtm->rtm_family == AF_INET6)
		alen = sizeof(struct in6_addr);
	else if (rtm->rtm_family == AF_INET)
		alen = sizeof(struct in_addr);
	else
		return MNL_CB_OK;
	ns_attr_for_each(a, nlh, sizeof(*rtm)) {
		if (mnl_attr_get_type(a) == RTA_GATEWAY &&
		    mnl_attr_get_payload_len(a) == alen)
			gw = mnl_attr_get_payload(a);
		if (mnl_attr_get_type(a) == RTA_OIF &&
		    mnl_attr_get_payload_len(a) == 4)
			oif = (int)mnl_attr_get_u32(a);
		/*
		 * A default route learnt from a Router Advertisement whose
		 * router lifetime ran out stays in the table until garbage
		 * collection, but lookups skip it (the kernel reports a
		 * negative rta_expires): that router is gone (11.5.1).
		 * IPv4 routes have no such expiry.
		 */
		if (rtm->rtm_family == AF_INET6 &&
		    mnl_attr_get_type(a) == RTA_CACHEINFO &&
		    mnl_attr_get_payload_len(a) >= sizeof(struct rta_cacheinfo)) {
			struct rta_cacheinfo ci;

			memcpy(&ci, mnl_attr_get_payload(a), sizeof(ci));
			expired = (int32_t)ci.rta_expires < 0;
		}
	}
	if (!gw || !oif || expired)
		return MNL_CB_OK;
	if (rtm->rtm_family == AF_INET6) {
		struct ns_router *r;

		if (ns->n_routers >= NS_MAX_ROUTERS)
			return MNL_CB_OK;
		r = &ns->routers[ns->n_routers++];
		memcpy(&r->gw, gw, sizeof(r->gw));
		r->ifindex = oif;
		r->linkdown = (rtm->rtm_flags & RTNH_F_LINKDOWN) != 0;
	} else {
		struct ns_router4 *r;

		if (ns->n_routers4 >= NS_MAX_ROUTERS)
			return MNL_CB_OK;
		r = &ns->routers4[ns->n_routers4++];
		memcpy(&r->gw, gw, sizeof(r->gw));
		r->ifindex = oif;
		r->linkdown = (rtm->rtm_flags & RTNH_F_LINKDOWN) != 0;
	}
	return MNL_CB_OK;
}

static int netstate_cb(const struct nlmsghdr *nlh, void *data)
{
	struct netstate *ns = data;

	switch (nlh->nlmsg_type) {
	case RTM_NEWLINK:
		return link_cb(nlh, ns);
	case RTM_NEWADDR:
		return addr_cb(nlh, ns);
	case RTM_NEWROUTE:
		return route_cb(nlh, ns);
	}
	return MNL_CB_OK;
}

int netstate_parse(struct netstate *ns, const void *buf, size_t len,
		   unsigned int seq, unsigned int portid)
{
	/*
	 * mnl_nlmsg_ok() compares a length of 2 GiB or more as negative:
	 * only the messages genl_nlmsg_ok() takes go to mnl_cb_run().
	 */
	len = genl_nlmsg_valid_len(buf, len);
	if (!len)
		return MNL_CB_OK;
	return mnl_cb_run(buf, len, seq, portid, netstate_cb, ns);
}

const struct ns_link *netstate_link(const struct netstate *ns, int ifindex)
{
	unsigned int i;

	for (i = 0; i < ns->n_links; i++)
		if (ns->links[i].ifindex == ifindex)
			return &ns->links[i];
	return NULL;
}
