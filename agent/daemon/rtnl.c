// SPDX-License-Identifier: GPL-2.0
/*
 * rtnl.c - what ipmobd asks of the rest of the IPv6 stack over
 * rtnetlink (libmnl): addresses (the home address on the ipmob device
 * or the home link; an IPv4 care-of address, DSMIPv6, RFC 5555), proxy
 * neighbour entries (RFC 6275 10.4.1), a snapshot of links, IPv6 and
 * IPv4 addresses and default routers for movement detection (11.5.1),
 * and the monitor socket that tells when to look.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <syslog.h>
#include <unistd.h>
#include <net/if.h>
#include <sys/ioctl.h>
#include <libmnl/libmnl.h>
#include <linux/if_addr.h>
#include <linux/if_arp.h>
#include <linux/neighbour.h>
#include <linux/rtnetlink.h>

#include "daemon.h"
#include "util.h"

/* One request, one ack, on a socket kept open. 0 or a negative errno. */
static struct mnl_socket *req_nl;

int nl_request(struct mnl_socket **sk, int bus, struct nlmsghdr *nlh)
{
	struct mnl_socket *req_nl;
	char buf[MNL_SOCKET_BUFFER_SIZE];
	uint32_t portid;
	static uint32_t seq;
	size_t len;
	int ret;

	if (!*sk) {
		*sk = mnl_socket_open2(bus, SOCK_CLOEXEC);
		if (!*sk)
			return -errno;
		if (mnl_socket_bind(*sk, 0, MNL_SOCKET_AUTOPID) < 0) {
			ret = -errno;
			mnl_socket_close(*sk);
			*sk = NULL;
			return ret;
		}
	}
	req_nl = *sk;
	portid = mnl_socket_get_portid(req_nl);
	nlh->nlmsg_seq = ++seq;
	nlh->nlmsg_flags |= NLM_F_ACK;
	if (mnl_socket_sendto(req_nl, nlh, nlh->nlmsg_len) < 0)
		return -errno;
	for (;;) {
		ret = (int)nl_recv_kernel(mnl_socket_get_fd(req_nl), buf,
					  sizeof(buf), 0);
		if (ret < 0)
			return ret;
		len = genl_nlmsg_valid_len(buf, (size_t)ret);
		if (!len)
			continue;	/* no message: not our answer */
		/*
		 * A stale answer (another sequence number, another port) is
		 * skipped here, not from mnl_cb_run()'s errno: an error
		 * message of ours may say ESRCH too (a route to delete that
		 * is gone), which is an answer.
		 */
		if (((const struct nlmsghdr *)buf)->nlmsg_seq != seq ||
		    (((const struct nlmsghdr *)buf)->nlmsg_pid &&
		     ((const struct nlmsghdr *)buf)->nlmsg_pid != portid))
			continue;
		ret = mnl_cb_run(buf, len, seq, portid, NULL, NULL);
		if (ret < 0)
			return -errno;
		return 0;
	}
}

static int rtnl_do(struct nlmsghdr *nlh)
{
	return nl_request(&req_nl, NETLINK_ROUTE, nlh);
}

/*
 * Start a request in buf (RTNL_BUF bytes, zeroed here): the netlink
 * header with NLM_F_REQUEST and flags, then a family header of hdr_len
 * bytes, which is returned for the caller to fill.
 */
#define RTNL_BUF	256
static void *req_start(char *buf, struct nlmsghdr **nlh, uint16_t type,
		       uint16_t flags, size_t hdr_len)
{
	memset(buf, 0, RTNL_BUF);
	*nlh = mnl_nlmsg_put_header(buf);
	(*nlh)->nlmsg_type = type;
	(*nlh)->nlmsg_flags = NLM_F_REQUEST | flags;
	return mnl_nlmsg_put_extra_header(*nlh, hdr_len);
}

/* An AF_INET6 neighbour request for a on ifindex. */
static struct ndmsg *neigh_start(char *buf, struct nlmsghdr **nlh,
				 uint16_t type, uint16_t flags, int ifindex,
				 const struct in6_addr *a)
{
	struct ndmsg *nd = req_start(buf, nlh, type, flags, sizeof(*nd));

	nd->ndm_family = AF_INET6;
	nd->ndm_ifindex = ifindex;
	mnl_attr_put(*nlh, NDA_DST, sizeof(*a), a);
	return nd;
}

/*
 * An address of family (AF_INET6: 16 octets at a, AF_INET: 4) added or
 * replaced, or deleted, with IFA_FLAGS flags when adding: 0 (also for an
 * address already there, or one to delete that is not) or a negative
 * errno.
 */
static int addr_do(int family, int ifindex, const void *a, size_t alen,
		   unsigned int plen, bool add, uint32_t flags)
{
	char buf[RTNL_BUF] __attribute__((aligned(8)));
	struct nlmsghdr *nlh;
	struct ifaddrmsg *ifa;
	int ret;

	ifa = req_start(buf, &nlh, add ? RTM_NEWADDR : RTM_DELADDR,
			add ? NLM_F_CREATE | NLM_F_REPLACE : 0, sizeof(*ifa));
	ifa->ifa_family = (uint8_t)family;
	ifa->ifa_prefixlen = (uint8_t)plen;
	ifa->ifa_index = (uint32_t)ifindex;
	ifa->ifa_scope = RT_SCOPE_UNIVERSE;
	mnl_attr_put(nlh, IFA_LOCAL, alen, a);
	mnl_attr_put(nlh, IFA_ADDRESS, alen, a);
	if (add && flags)
		mnl_attr_put_u32(nlh, IFA_FLAGS, flags);
	ret = rtnl_do(nlh);
	if (!add && ret == -EADDRNOTAVAIL)
		ret = 0;
	if (add && ret == -EEXIST)
		ret = 0;
	return ret;
}

int rtnl_addr(int ifindex, const struct in6_addr *a, unsigned int plen,
	      bool add, bool nodad)
{
	return addr_do(AF_INET6, ifindex, a, sizeof(*a), plen, add,
		       (nodad ? IFA_F_NODAD : 0) |
		       (plen == 128 ? IFA_F_NOPREFIXROUTE : 0));
}

/*
 * An IPv4 address (DSMIPv6, RFC 5555: an IPv4 care-of or home address)
 * added or replaced, or deleted, as rtnl_addr() does an IPv6 one: 0
 * (also for an address already there, or one to delete that is not) or
 * a negative errno, which errno holds too.
 */
int rtnl_addr4(int ifindex, const struct in_addr *a, unsigned int plen,
	       bool add)
{
	int ret = addr_do(AF_INET, ifindex, a, sizeof(*a), plen, add, 0);

	if (ret < 0)
		errno = -ret;
	return ret;
}

/*
 * RFC 6059 5.4, 5.5.2: a router's neighbour entry set STALE with the
 * link-layer address the SDAT keeps, so that the unicast probe goes to
 * that address (and the kernel confirms the entry as it does any).
 */
int rtnl_neigh_stale(int ifindex, const struct in6_addr *a,
		     const uint8_t *lla, size_t lla_len)
{
	char buf[RTNL_BUF] __attribute__((aligned(8)));
	struct nlmsghdr *nlh;
	struct ndmsg *nd;

	nd = neigh_start(buf, &nlh, RTM_NEWNEIGH, NLM_F_CREATE | NLM_F_REPLACE,
			 ifindex, a);
	nd->ndm_state = NUD_STALE;
	mnl_attr_put(nlh, NDA_LLADDR, lla_len, lla);
	return rtnl_do(nlh);
}

/*
 * Remove the default route through gw on ifindex (a router that DNA
 * found not to be on the link now); a later RA of it adds it again.
 */
int rtnl_default_del(int ifindex, const struct in6_addr *gw)
{
	char buf[RTNL_BUF] __attribute__((aligned(8)));
	struct nlmsghdr *nlh;
	struct rtmsg *rtm;
	int ret;

	rtm = req_start(buf, &nlh, RTM_DELROUTE, 0, sizeof(*rtm));
	rtm->rtm_family = AF_INET6;
	rtm->rtm_table = RT_TABLE_MAIN;
	rtm->rtm_dst_len = 0;
	rtm->rtm_type = RTN_UNICAST;
	rtm->rtm_scope = RT_SCOPE_UNIVERSE;
	mnl_attr_put_u32(nlh, RTA_OIF, (uint32_t)ifindex);
	mnl_attr_put(nlh, RTA_GATEWAY, sizeof(*gw), gw);
	ret = rtnl_do(nlh);
	if (ret == -ESRCH || ret == -ENOENT)
		ret = 0;
	return ret;
}

/*
 * A default route (or, with dst, a route to that one address) for the
 * packets from src only, through gw on ifindex (a source-specific route:
 * IPv6 subtrees), added or replaced, or deleted. A mobile node with
 * several care-of addresses (RFC 5648) sends each tunnelled packet out of
 * its care-of address's own link so; the route to the home agent's
 * address keeps them there while the home link, on-link and more
 * specific than a default, is attached too (5.6).
 */
/*
 * An IPv6 route in the main table through gw on ifindex: to dst/dst_len
 * (dst NULL: the default), from src/128 only when src is given; added or
 * replaced, or deleted (one that is not there: 0).
 */
static int route6_do(int ifindex, const struct in6_addr *gw,
		     const struct in6_addr *src, const struct in6_addr *dst,
		     unsigned int dst_len, bool add)
{
	char buf[RTNL_BUF] __attribute__((aligned(8)));
	struct nlmsghdr *nlh;
	struct rtmsg *rtm;
	int ret;

	rtm = req_start(buf, &nlh, add ? RTM_NEWROUTE : RTM_DELROUTE,
			add ? NLM_F_CREATE | NLM_F_REPLACE : 0, sizeof(*rtm));
	rtm->rtm_family = AF_INET6;
	rtm->rtm_table = RT_TABLE_MAIN;
	rtm->rtm_dst_len = dst ? (uint8_t)dst_len : 0;
	rtm->rtm_src_len = src ? 128 : 0;
	rtm->rtm_protocol = RTPROT_STATIC;
	rtm->rtm_type = RTN_UNICAST;
	rtm->rtm_scope = RT_SCOPE_UNIVERSE;
	if (dst)
		mnl_attr_put(nlh, RTA_DST, sizeof(*dst), dst);
	if (src)
		mnl_attr_put(nlh, RTA_SRC, sizeof(*src), src);
	mnl_attr_put_u32(nlh, RTA_OIF, (uint32_t)ifindex);
	mnl_attr_put(nlh, RTA_GATEWAY, sizeof(*gw), gw);
	ret = rtnl_do(nlh);
	if (!add && (ret == -ESRCH || ret == -ENOENT))
		ret = 0;
	return ret;
}

int rtnl_srcroute(int ifindex, const struct in6_addr *gw,
		  const struct in6_addr *src, const struct in6_addr *dst,
		  bool add)
{
	return route6_do(ifindex, gw, src, dst, 128, add);
}

/*
 * A route for a prefix through gw on ifindex, added or replaced, or
 * deleted: a mobile router's prefix through its home address while it is
 * at home (RFC 3963 5.8).
 */
int rtnl_prefix_route(int ifindex, const struct in6_addr *gw,
		      const struct in6_addr *prefix, unsigned int plen,
		      bool add)
{
	return route6_do(ifindex, gw, NULL, prefix, plen, add);
}

int rtnl_default_dev(int family, int ifindex, uint32_t metric, bool add)
{
	char buf[RTNL_BUF] __attribute__((aligned(8)));
	struct nlmsghdr *nlh;
	struct rtmsg *rtm;
	int ret;

	rtm = req_start(buf, &nlh, add ? RTM_NEWROUTE : RTM_DELROUTE,
			add ? NLM_F_CREATE | NLM_F_REPLACE : 0, sizeof(*rtm));
	rtm->rtm_family = (uint8_t)family;
	rtm->rtm_table = RT_TABLE_MAIN;
	rtm->rtm_protocol = RTPROT_STATIC;
	rtm->rtm_type = RTN_UNICAST;
	rtm->rtm_scope = family == AF_INET ? RT_SCOPE_LINK : RT_SCOPE_UNIVERSE;
	mnl_attr_put_u32(nlh, RTA_OIF, (uint32_t)ifindex);
	mnl_attr_put_u32(nlh, RTA_PRIORITY, metric);
	ret = rtnl_do(nlh);
	if (!add && (ret == -ESRCH || ret == -ENOENT))
		ret = 0;
	return ret;
}

int sysctl_set(const char *fmt_path, const char *ifname, const char *value)
{
	char path[256];
	ssize_t n;
	int fd;

	snprintf(path, sizeof(path), fmt_path, ifname);
	fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	n = write(fd, value, strlen(value));
	close(fd);
	return n < 0 ? -errno : 0;
}

int link_lladdr(int ifindex, uint8_t *lla, size_t cap)
{
	struct ifreq ifr;
	int fd, ret = -1;

	memset(&ifr, 0, sizeof(ifr));
	if (!if_indextoname((unsigned int)ifindex, ifr.ifr_name))
		return -1;
	fd = socket(AF_INET6, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -1;
	if (ioctl(fd, SIOCGIFHWADDR, &ifr) == 0 &&
	    ifr.ifr_hwaddr.sa_family == ARPHRD_ETHER && cap >= 6) {
		memcpy(lla, ifr.ifr_hwaddr.sa_data, 6);
		ret = 6;
	}
	close(fd);
	return ret;
}

/* ---- snapshot ---- */

/* One dump of type (RTM_GETLINK: every family; else of family) into ns. */
static int dump(struct mnl_socket *nl, int type, uint8_t family,
		struct netstate *ns)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	uint32_t portid = mnl_socket_get_portid(nl);
	struct nlmsghdr *nlh;
	uint32_t seq = (uint32_t)now_ms() + (uint32_t)type + family;
	size_t len;
	int ret;

	memset(buf, 0, 64);
	nlh = mnl_nlmsg_put_header(buf);
	nlh->nlmsg_type = (uint16_t)type;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
	nlh->nlmsg_seq = seq;
	if (type == RTM_GETLINK) {
		struct ifinfomsg *ifi = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifi));

		ifi->ifi_family = AF_UNSPEC;
	} else if (type == RTM_GETADDR) {
		struct ifaddrmsg *ifa = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifa));

		ifa->ifa_family = family;
	} else {
		struct rtmsg *rtm = mnl_nlmsg_put_extra_header(nlh, sizeof(*rtm));

		rtm->rtm_family = family;
	}
	if (mnl_socket_sendto(nl, nlh, nlh->nlmsg_len) < 0)
		return -errno;
	for (;;) {
		ret = (int)nl_recv_kernel(mnl_socket_get_fd(nl), buf,
					  sizeof(buf), 0);
		if (ret < 0)
			return ret;
		len = genl_nlmsg_valid_len(buf, (size_t)ret);
		if (!len)
			continue;	/* no message: not the dump */
		ret = netstate_parse(ns, buf, len, seq, portid);
		if (ret < 0)
			return -errno;
		if (ret == MNL_CB_STOP)
			return 0;
	}
}

int netstate_read(struct netstate *ns)
{
	struct mnl_socket *nl;
	int ret;

	memset(ns, 0, sizeof(*ns));
	nl = mnl_socket_open(NETLINK_ROUTE);
	if (!nl)
		return -errno;
	if (mnl_socket_bind(nl, 0, MNL_SOCKET_AUTOPID) < 0) {
		ret = -errno;
		goto out;
	}
	ret = dump(nl, RTM_GETLINK, AF_UNSPEC, ns);
	if (!ret)
		ret = dump(nl, RTM_GETADDR, AF_INET6, ns);
	if (!ret)
		ret = dump(nl, RTM_GETROUTE, AF_INET6, ns);
	/* DSMIPv6 (RFC 5555): the IPv4 addresses and default routers */
	if (!ret)
		ret = dump(nl, RTM_GETADDR, AF_INET, ns);
	if (!ret)
		ret = dump(nl, RTM_GETROUTE, AF_INET, ns);
out:
	mnl_socket_close(nl);
	return ret;
}

/* ---- monitor ---- */

static struct mnl_socket *mon;

int rtnl_monitor_open(void)
{
	unsigned int groups[] = { RTNLGRP_LINK, RTNLGRP_IPV6_IFADDR,
				  RTNLGRP_IPV6_ROUTE, RTNLGRP_IPV4_IFADDR,
				  RTNLGRP_IPV4_ROUTE };
	unsigned int i;

	mon = mnl_socket_open2(NETLINK_ROUTE, SOCK_CLOEXEC | SOCK_NONBLOCK);
	if (!mon)
		return -1;
	if (mnl_socket_bind(mon, 0, MNL_SOCKET_AUTOPID) < 0)
		goto err;
	for (i = 0; i < ARRAY_SIZE(groups); i++)
		if (mnl_socket_setsockopt(mon, NETLINK_ADD_MEMBERSHIP,
					  &groups[i], sizeof(groups[i])) < 0)
			goto err;
	return mnl_socket_get_fd(mon);
err:
	mnl_socket_close(mon);
	mon = NULL;
	return -1;
}

/* Drain the monitor; true if anything (or an overflow) was seen. */
bool rtnl_monitor_drain(void)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	bool seen = false;

	for (;;) {
		ssize_t n = nl_recv_kernel(mnl_socket_get_fd(mon), buf,
					   sizeof(buf), 0);

		if (n < 0) {
			if (n == -ENOBUFS) {
				seen = true;
				continue;
			}
			return seen;
		}
		if (n > 0)	/* the kernel's, not another process's */
			seen = true;
	}
}

void rtnl_monitor_close(void)
{
	if (mon)
		mnl_socket_close(mon);
	mon = NULL;
}

int ensure_ipmob_dev(struct daemon *d, const char *name)
{
	char buf[NLMSG_HDRLEN + GENL_HDRLEN + 64] __attribute__((aligned(8)));
	struct nlmsghdr *nlh;
	struct genl_err e;
	unsigned int idx = if_nametoindex(name);

	if (!idx) {
		memset(buf, 0, sizeof(buf));
		nlh = genl_msg_start(buf, d->req.family_id, IPMOB_CMD_LINK_NEW,
				     IPMOB_GENL_VERSION, 0);
		mnl_attr_put_strz(nlh, IPMOB_A_IFNAME, name);
		if (genl_talk(&d->req, nlh, NULL, NULL, &e) < 0) {
			logmsg(LOG_ERR, "cannot create ipmob device %s: %s",
			       name, genl_strerror(&e));
			return -1;
		}
		ifindex_cache_flush();
		idx = if_nametoindex(name);
		if (!idx)
			return -1;
		logmsg(LOG_INFO, "created ipmob device %s", name);
		undo_note_dev(d, name);
	}
	d->devindex = (int)idx;
	if (rtnl_link_up(d->devindex) < 0) {
		logmsg(LOG_ERR, "cannot bring ipmob device %s up", name);
		return -1;
	}
	return 0;
}

/* Set or clear one IFF_* flag of a link. */
static int link_flag(int ifindex, unsigned int flag, bool on)
{
	char buf[RTNL_BUF] __attribute__((aligned(8)));
	struct nlmsghdr *nlh;
	struct ifinfomsg *ifi;

	ifi = req_start(buf, &nlh, RTM_NEWLINK, 0, sizeof(*ifi));
	ifi->ifi_family = AF_UNSPEC;
	ifi->ifi_index = ifindex;
	ifi->ifi_flags = on ? flag : 0;
	ifi->ifi_change = flag;
	return rtnl_do(nlh);
}

/*
 * All-multicast on the home link: the module answers solicitations for
 * every registered home address (IPMOB_BA_PROXY_IF) without a
 * solicited-node group joined per address.
 */
int rtnl_link_allmulti(int ifindex, bool on)
{
	return link_flag(ifindex, IFF_ALLMULTI, on);
}

int rtnl_link_up(int ifindex)
{
	return link_flag(ifindex, IFF_UP, true);
}
