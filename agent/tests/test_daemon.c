// SPDX-License-Identifier: GPL-2.0
/*
 * test_daemon.c - ipmobd's event handling: how notifications change the
 * daemon's view of the binding table; the rtnetlink snapshot
 * (netstate_parse()). ipmobd.c is compiled in here with its main()
 * renamed.
 */
#define main ipmobd_main
#include "../daemon/ipmobd.c"
#undef main

#include <arpa/inet.h>
#include <linux/if_addr.h>
#include <linux/rtnetlink.h>

#include "t.h"

static struct nlmsghdr *event(char *buf, uint8_t cmd, const char *hoa,
			      const char *peer, uint8_t mode, uint32_t ifindex)
{
	struct nlmsghdr *nlh = genl_msg_start(buf, FAKE_FAMILY, cmd, 1, 0);
	struct nlattr *n, *c;
	struct in6_addr a;

	n = mnl_attr_nest_start(nlh, IPMOB_A_BINDING);
	inet_pton(AF_INET6, hoa, &a);
	mnl_attr_put(nlh, IPMOB_BA_HOA, 16, &a);
	if (peer) {
		inet_pton(AF_INET6, peer, &a);
		mnl_attr_put(nlh, IPMOB_BA_PEER, 16, &a);
	}
	mnl_attr_put_u8(nlh, IPMOB_BA_MODE, mode);
	mnl_attr_put_u32(nlh, IPMOB_BA_IFINDEX, ifindex);
	c = mnl_attr_nest_start(nlh, IPMOB_BA_COA);
	inet_pton(AF_INET6, "2001:db8:2::100", &a);
	mnl_attr_put(nlh, IPMOB_CA_ADDR, 16, &a);
	mnl_attr_nest_end(nlh, c);
	mnl_attr_nest_end(nlh, n);
	return nlh;
}

/* An IPv4 binding (IPMOB_BA_HOA4, no IPMOB_BA_HOA) as the kernel sends it. */
static void put_binding4(struct nlmsghdr *nlh, const char *hoa4,
			 const char *peer4, uint32_t ifindex)
{
	struct nlattr *n, *c;
	struct in_addr a;

	n = mnl_attr_nest_start(nlh, IPMOB_A_BINDING);
	inet_pton(AF_INET, hoa4, &a);
	mnl_attr_put(nlh, IPMOB_BA_HOA4, 4, &a);
	if (peer4) {
		inet_pton(AF_INET, peer4, &a);
		mnl_attr_put(nlh, IPMOB_BA_PEER4, 4, &a);
	}
	mnl_attr_put_u8(nlh, IPMOB_BA_MODE, IPMOB_MODE_TUNNEL);
	mnl_attr_put_u32(nlh, IPMOB_BA_IFINDEX, ifindex);
	c = mnl_attr_nest_start(nlh, IPMOB_BA_COA);
	inet_pton(AF_INET, "10.0.2.100", &a);
	mnl_attr_put(nlh, IPMOB_CA_ADDR4, 4, &a);
	mnl_attr_put_u8(nlh, IPMOB_CA_ENCAP, IPMOB_ENCAP_IP);
	mnl_attr_nest_end(nlh, c);
	mnl_attr_nest_end(nlh, n);
}

/*
 * IPv4 bindings in the kernel's table: the view mirrors them under keys
 * of their own (never as an IPv6 binding with hoa ::), and none of them
 * is one the daemon's roles would take for theirs.
 */
static void test_daemon_ipv4(void)
{
	static char buf[2048] __attribute__((aligned(8)));
	struct dump_state s;
	struct ipmob_binding key;
	const struct ipmob_binding *b;
	struct nlmsghdr *nlh;
	struct genl_err e;
	struct daemon d;

	memset(&d, 0, sizeof(d));
	CHECK(view_init(&d.view) == 0);

	/* a dump (restart): IPv4 and IPv6 bindings, all parsed */
	nlh = genl_msg_start(buf, FAKE_FAMILY, IPMOB_CMD_BINDING_GET, 1, 0);
	put_binding4(nlh, "10.0.1.100", NULL, 1);
	put_binding4(nlh, "10.0.1.100", "10.0.1.1", 1);
	put_binding4(nlh, "10.0.1.101", NULL, 1);
	memset(&s, 0, sizeof(s));
	s.view = &d.view;
	CHECK(dump_cb(nlh, &s, &e) == 0);
	CHECK(s.count == 3 && s.bad == 0 && !s.nomem);
	CHECK(d.view.count == 3);	/* cache entry and MN binding apart */
	event_cb(event(buf, IPMOB_CMD_BINDING_NEW, "2001:db8:1::100", NULL,
		       IPMOB_MODE_TUNNEL, 1), &d, &e);
	CHECK(d.view.count == 4);

	/* an IPv6 key of hoa :: finds none of them */
	memset(&key, 0, sizeof(key));
	BA_SET(&key, IPMOB_BA_HOA);
	CHECK(view_find(&d.view, &key) == NULL);
	/* the IPv4 key finds the IPv4 binding, which is no daemon's */
	inet_pton(AF_INET, "10.0.1.100", &key.hoa4);
	key.present = BA_BIT(IPMOB_BA_HOA4);
	b = view_find(&d.view, &key);
	CHECK(b && binding_kind(b) == BINDING_KIND_CACHE &&
	      b->coa[0].has_addr4 && !b->coa[0].has_addr);
	CHECK(b && !binding_hoa_is6(b) && !binding_is_ip6_only(b));
	key.peer4 = b ? b->peer4 : key.peer4;
	BA_SET(&key, IPMOB_BA_PEER4);
	b = view_find(&d.view, &key);
	CHECK(b && binding_kind(b) == BINDING_KIND_MN_HOME &&
	      !binding_hoa_is6(b));

	/* events of IPv4 bindings touch only their own keys */
	nlh = genl_msg_start(buf, FAKE_FAMILY, IPMOB_CMD_BINDING_EXPIRED, 1, 0);
	put_binding4(nlh, "10.0.1.100", NULL, 1);
	CHECK(event_cb(nlh, &d, &e) == 0);
	CHECK(d.view.count == 3);
	nlh = genl_msg_start(buf, FAKE_FAMILY, IPMOB_CMD_BINDING_DEL, 1, 0);
	put_binding4(nlh, "10.0.1.100", "10.0.1.1", 1);
	CHECK(event_cb(nlh, &d, &e) == 0);
	CHECK(d.view.count == 2);
	memset(&key, 0, sizeof(key));
	inet_pton(AF_INET6, "2001:db8:1::100", &key.hoa);
	BA_SET(&key, IPMOB_BA_HOA);
	b = view_find(&d.view, &key);
	CHECK(b && binding_is_ip6_only(b));

	/* a malformed IPv4 address (16 bytes) is skipped, not misread */
	nlh = genl_msg_start(buf, FAKE_FAMILY, IPMOB_CMD_BINDING_NEW, 1, 0);
	{
		struct nlattr *n = mnl_attr_nest_start(nlh, IPMOB_A_BINDING);

		mnl_attr_put(nlh, IPMOB_BA_HOA4, 16, &key.hoa);
		mnl_attr_nest_end(nlh, n);
	}
	CHECK(event_cb(nlh, &d, &e) == 0);
	CHECK(d.view.count == 2);

	view_free(&d.view);
}

static bool file_is(const char *path, const char *want)
{
	char got[64];

	return sysctl_get(path, got, sizeof(got)) == 0 && !strcmp(got, want);
}

/* the start-up journal (undo.c), on files standing in for sysctls */
static void test_undo(void)
{
	static struct daemon d;
	char dir[] = "/tmp/ipmob-undo-XXXXXX", a[64], b[64];
	FILE *f;

	CHECK(mkdtemp(dir) != NULL);
	snprintf(a, sizeof(a), "%s/a", dir);
	snprintf(b, sizeof(b), "%s/b", dir);
	f = fopen(a, "w");
	CHECK(f && fputs("0\n", f) >= 0);
	if (f)
		fclose(f);
	f = fopen(b, "w");
	CHECK(f && fputs("1\n", f) >= 0);
	if (f)
		fclose(f);

	memset(&d, 0, sizeof(d));
	log_max = -1;
	/* not armed: set, nothing recorded */
	CHECK(undo_sysctl_set(&d, "%s", a, "1") == 0 && file_is(a, "1"));
	CHECK(d.undo.n == 0);
	CHECK(undo_sysctl_set(&d, "%s", a, "0") == 0 && file_is(a, "0"));
	/* armed: a change is recorded, the same value is not */
	d.undo.armed = true;
	CHECK(undo_sysctl_set(&d, "%s", a, "1") == 0 && d.undo.n == 1);
	CHECK(undo_sysctl_set(&d, "%s", b, "1") == 0 && d.undo.n == 1);
	CHECK(undo_sysctl_set(&d, "%s", b, "7") == 0 && d.undo.n == 2);
	CHECK(undo_sysctl_set(&d, "%s", a, "2") == 0 && d.undo.n == 3);
	CHECK(file_is(a, "2") && file_is(b, "7"));
	/* a missing file: an error, nothing recorded */
	CHECK(undo_sysctl_set(&d, "%s/none", dir, "1") < 0 && d.undo.n == 3);
	/* start-up failed: newest first, so a ends as it was found */
	undo_run(&d);
	CHECK(file_is(a, "0") && file_is(b, "1"));
	CHECK(d.undo.n == 0 && !d.undo.armed);
	/* once started, nothing is undone */
	d.undo.armed = true;
	CHECK(undo_sysctl_set(&d, "%s", a, "1") == 0 && d.undo.n == 1);
	undo_forget(&d);
	undo_run(&d);
	CHECK(file_is(a, "1"));
	/* a full journal still sets */
	d.undo.armed = true;
	d.undo.n = UNDO_MAX;
	CHECK(undo_sysctl_set(&d, "%s", a, "5") == 0 && file_is(a, "5"));
	CHECK(d.undo.n == UNDO_MAX);
	undo_forget(&d);
	unlink(a);
	unlink(b);
	CHECK(rmdir(dir) == 0);
}

/* ---- netstate_parse() (netstate.c): rtnetlink dump replies ---- */

/* A receive buffer of dump replies, built as the kernel sends them. */
struct rtbuf {
	char buf[8192] __attribute__((aligned(8)));
	size_t len;
};

static struct nlmsghdr *rt_msg(struct rtbuf *r, uint16_t type, size_t extra)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(r->buf + r->len);

	nlh->nlmsg_type = type;
	nlh->nlmsg_flags = NLM_F_MULTI;
	mnl_nlmsg_put_extra_header(nlh, extra);
	return nlh;
}

static void rt_end(struct rtbuf *r, const struct nlmsghdr *nlh)
{
	r->len += NLMSG_ALIGN(nlh->nlmsg_len);
}

static void rt_done(struct rtbuf *r)
{
	struct nlmsghdr *nlh = rt_msg(r, NLMSG_DONE, sizeof(int));

	rt_end(r, nlh);
}

/* An address: IFA_ADDRESS addr, and IFA_LOCAL local if not NULL. */
static void rt_addr(struct rtbuf *r, int family, int ifindex, const char *addr,
		    const char *local, unsigned int plen, uint32_t flags)
{
	struct nlmsghdr *nlh = rt_msg(r, RTM_NEWADDR, sizeof(struct ifaddrmsg));
	struct ifaddrmsg *ifa = mnl_nlmsg_get_payload(nlh);
	size_t alen = family == AF_INET ? 4 : 16;
	uint8_t a[16];

	ifa->ifa_family = (uint8_t)family;
	ifa->ifa_prefixlen = (uint8_t)plen;
	ifa->ifa_index = (uint32_t)ifindex;
	ifa->ifa_flags = (uint8_t)flags;
	ifa->ifa_scope = RT_SCOPE_UNIVERSE;
	inet_pton(family, addr, a);
	mnl_attr_put(nlh, IFA_ADDRESS, alen, a);
	if (local) {
		inet_pton(family, local, a);
		mnl_attr_put(nlh, IFA_LOCAL, alen, a);
	}
	mnl_attr_put_u32(nlh, IFA_FLAGS, flags);
	rt_end(r, nlh);
}

/*
 * A main-table unicast route of family to a prefix of dst_len bits
 * through gw (an IPv6 address if gw_len is 16, else IPv4) on oif.
 */
static void rt_route(struct rtbuf *r, int family, unsigned int dst_len,
		     const char *gw, size_t gw_len, int oif, unsigned int flags)
{
	struct nlmsghdr *nlh = rt_msg(r, RTM_NEWROUTE, sizeof(struct rtmsg));
	struct rtmsg *rtm = mnl_nlmsg_get_payload(nlh);
	uint8_t a[16] = { 0 };

	rtm->rtm_family = (uint8_t)family;
	rtm->rtm_dst_len = (uint8_t)dst_len;
	rtm->rtm_table = RT_TABLE_MAIN;
	rtm->rtm_type = RTN_UNICAST;
	rtm->rtm_flags = flags;
	mnl_attr_put_u32(nlh, RTA_TABLE, RT_TABLE_MAIN);
	if (dst_len)
		mnl_attr_put(nlh, RTA_DST, family == AF_INET ? 4 : 16, a);
	inet_pton(gw_len == 16 ? AF_INET6 : AF_INET, gw, a);
	mnl_attr_put(nlh, RTA_GATEWAY, gw_len, a);
	mnl_attr_put_u32(nlh, RTA_OIF, (uint32_t)oif);
	rt_end(r, nlh);
}

static bool is4(const struct in_addr *a, const char *s)
{
	struct in_addr b;

	return inet_pton(AF_INET, s, &b) == 1 && a->s_addr == b.s_addr;
}

static bool is6(const struct in6_addr *a, const char *s)
{
	struct in6_addr b;

	return inet_pton(AF_INET6, s, &b) == 1 && !memcmp(a, &b, sizeof(b));
}

/*
 * The IPv4 addresses and default routers (DSMIPv6, RFC 5555) beside the
 * IPv6 ones: IFA_LOCAL before IFA_ADDRESS, only default routes with a
 * 4-octet gateway and an output interface, the bounds.
 */
static void test_netstate(void)
{
	static struct rtbuf r;
	static struct netstate ns;
	unsigned int i;

	/* a point-to-point IPv4 address: IFA_LOCAL wins, in either order */
	memset(&r, 0, sizeof(r));
	memset(&ns, 0, sizeof(ns));
	rt_addr(&r, AF_INET, 4, "10.64.0.1", "10.64.0.2", 32, IFA_F_PERMANENT);
	{
		/* IFA_LOCAL first, then the peer's IFA_ADDRESS */
		struct nlmsghdr *nlh = rt_msg(&r, RTM_NEWADDR,
					      sizeof(struct ifaddrmsg));
		struct ifaddrmsg *ifa = mnl_nlmsg_get_payload(nlh);
		struct in_addr a;

		ifa->ifa_family = AF_INET;
		ifa->ifa_prefixlen = 32;
		ifa->ifa_index = 5;
		ifa->ifa_flags = 0;
		inet_pton(AF_INET, "10.65.0.2", &a);
		mnl_attr_put(nlh, IFA_LOCAL, 4, &a);
		inet_pton(AF_INET, "10.65.0.1", &a);
		mnl_attr_put(nlh, IFA_ADDRESS, 4, &a);
		/* IFA_FLAGS past the 8 bits of ifa_flags */
		mnl_attr_put_u32(nlh, IFA_FLAGS, IFA_F_NOPREFIXROUTE);
		rt_end(&r, nlh);
	}
	rt_addr(&r, AF_INET, 2, "192.0.2.100", NULL, 24, 0);
	{
		/* a 16-octet address in an AF_INET message: left out */
		struct nlmsghdr *nlh = rt_msg(&r, RTM_NEWADDR,
					      sizeof(struct ifaddrmsg));
		struct ifaddrmsg *ifa = mnl_nlmsg_get_payload(nlh);
		struct in6_addr a;

		ifa->ifa_family = AF_INET;
		ifa->ifa_index = 2;
		inet_pton(AF_INET6, "2001:db8::1", &a);
		mnl_attr_put(nlh, IFA_LOCAL, 16, &a);
		rt_end(&r, nlh);
	}
	rt_done(&r);
	CHECK(netstate_parse(&ns, r.buf, r.len, 0, 0) == MNL_CB_STOP);
	CHECK(ns.n_addrs4 == 3 && ns.n_addrs == 0);
	CHECK(is4(&ns.addrs4[0].addr, "10.64.0.2"));
	CHECK(ns.addrs4[0].plen == 32 && ns.addrs4[0].ifindex == 4);
	CHECK(ns.addrs4[0].flags == IFA_F_PERMANENT);
	CHECK(ns.addrs4[0].scope == RT_SCOPE_UNIVERSE);
	CHECK(is4(&ns.addrs4[1].addr, "10.65.0.2"));
	CHECK(ns.addrs4[1].ifindex == 5);
	CHECK(ns.addrs4[1].flags == IFA_F_NOPREFIXROUTE);
	CHECK(is4(&ns.addrs4[2].addr, "192.0.2.100"));
	CHECK(ns.addrs4[2].plen == 24 && ns.addrs4[2].ifindex == 2);

	/* IPv4 routes: defaults with a gateway and an oif only */
	memset(&r, 0, sizeof(r));
	memset(&ns, 0, sizeof(ns));
	rt_route(&r, AF_INET, 0, "192.0.2.1", 4, 2, 0);
	rt_route(&r, AF_INET, 24, "192.0.2.254", 4, 2, 0);	/* not default */
	rt_route(&r, AF_INET, 0, "::ffff:192.0.2.9", 16, 2, 0); /* 16 octets */
	rt_route(&r, AF_INET, 0, "192.0.2.7", 4, 0, 0);		/* no oif */
	rt_route(&r, AF_INET, 0, "10.64.0.1", 4, 4, RTNH_F_LINKDOWN);
	{
		/* an expiry in an IPv4 route: IPv4 routes do not expire */
		struct nlmsghdr *nlh = rt_msg(&r, RTM_NEWROUTE,
					      sizeof(struct rtmsg));
		struct rtmsg *rtm = mnl_nlmsg_get_payload(nlh);
		struct rta_cacheinfo ci = { .rta_expires = (uint32_t)-5 };
		struct in_addr a;

		rtm->rtm_family = AF_INET;
		rtm->rtm_table = RT_TABLE_MAIN;
		rtm->rtm_type = RTN_UNICAST;
		inet_pton(AF_INET, "192.0.2.2", &a);
		mnl_attr_put(nlh, RTA_GATEWAY, 4, &a);
		mnl_attr_put_u32(nlh, RTA_OIF, 3);
		mnl_attr_put(nlh, RTA_CACHEINFO, sizeof(ci), &ci);
		rt_end(&r, nlh);
	}
	rt_done(&r);
	CHECK(netstate_parse(&ns, r.buf, r.len, 0, 0) == MNL_CB_STOP);
	CHECK(ns.n_routers4 == 3 && ns.n_routers == 0);
	CHECK(is4(&ns.routers4[0].gw, "192.0.2.1"));
	CHECK(ns.routers4[0].ifindex == 2 && !ns.routers4[0].linkdown);
	CHECK(is4(&ns.routers4[1].gw, "10.64.0.1"));
	CHECK(ns.routers4[1].ifindex == 4 && ns.routers4[1].linkdown);
	CHECK(is4(&ns.routers4[2].gw, "192.0.2.2"));
	CHECK(ns.routers4[2].ifindex == 3);

	/* bounds: NS_MAX_ADDRS4 + 1 addresses, NS_MAX_ROUTERS + 1 routers */
	memset(&r, 0, sizeof(r));
	memset(&ns, 0, sizeof(ns));
	for (i = 0; i <= NS_MAX_ADDRS4; i++) {
		char a[INET_ADDRSTRLEN];

		snprintf(a, sizeof(a), "10.0.%u.%u", i / 200, i % 200 + 1);
		rt_addr(&r, AF_INET, 2, a, a, 24, 0);
	}
	rt_done(&r);
	CHECK(r.len < sizeof(r.buf));
	CHECK(netstate_parse(&ns, r.buf, r.len, 0, 0) == MNL_CB_STOP);
	CHECK(ns.n_addrs4 == NS_MAX_ADDRS4);
	CHECK(is4(&ns.addrs4[NS_MAX_ADDRS4 - 1].addr, "10.0.0.64"));
	memset(&r, 0, sizeof(r));
	for (i = 0; i <= NS_MAX_ROUTERS; i++) {
		char a[INET_ADDRSTRLEN];

		snprintf(a, sizeof(a), "192.0.2.%u", i + 1);
		rt_route(&r, AF_INET, 0, a, 4, 2, 0);
	}
	rt_done(&r);
	CHECK(r.len < sizeof(r.buf));
	CHECK(netstate_parse(&ns, r.buf, r.len, 0, 0) == MNL_CB_STOP);
	CHECK(ns.n_routers4 == NS_MAX_ROUTERS);
	CHECK(ns.n_addrs4 == NS_MAX_ADDRS4 && ns.n_addrs == 0 &&
	      ns.n_routers == 0);

	/* a mixed dump: the IPv6 results are what they were */
	memset(&r, 0, sizeof(r));
	memset(&ns, 0, sizeof(ns));
	rt_addr(&r, AF_INET6, 2, "2001:db8:2::100", NULL, 64, IFA_F_PERMANENT);
	rt_addr(&r, AF_INET, 2, "192.0.2.100", "192.0.2.100", 24, 0);
	rt_addr(&r, AF_INET6, 2, "fe80::1", NULL, 64, IFA_F_PERMANENT);
	rt_route(&r, AF_INET6, 0, "fe80::1", 16, 2, 0);
	rt_route(&r, AF_INET, 0, "192.0.2.1", 4, 2, 0);
	rt_route(&r, AF_INET6, 0, "192.0.2.1", 4, 2, 0);	/* 4 octets */
	rt_route(&r, AF_INET6, 0, "fe80::2", 16, 3, RTNH_F_LINKDOWN);
	rt_done(&r);
	CHECK(netstate_parse(&ns, r.buf, r.len, 0, 0) == MNL_CB_STOP);
	CHECK(ns.n_addrs == 2 && ns.n_routers == 2);
	CHECK(ns.n_addrs4 == 1 && ns.n_routers4 == 1);
	CHECK(is6(&ns.addrs[0].addr, "2001:db8:2::100"));
	CHECK(ns.addrs[0].plen == 64 && ns.addrs[0].ifindex == 2);
	CHECK(ns.addrs[0].flags == IFA_F_PERMANENT);
	CHECK(is6(&ns.addrs[1].addr, "fe80::1"));
	CHECK(is6(&ns.routers[0].gw, "fe80::1"));
	CHECK(ns.routers[0].ifindex == 2 && !ns.routers[0].linkdown);
	CHECK(is6(&ns.routers[1].gw, "fe80::2"));
	CHECK(ns.routers[1].ifindex == 3 && ns.routers[1].linkdown);
	CHECK(is4(&ns.addrs4[0].addr, "192.0.2.100"));
	CHECK(is4(&ns.routers4[0].gw, "192.0.2.1"));
}

void test_daemon(void)
{
	static char buf[1024] __attribute__((aligned(8)));
	struct ipmob_binding key;
	struct genl_err e;
	struct nlmsghdr *nlh;
	struct daemon d;

	test_undo();
	memset(&d, 0, sizeof(d));
	log_max = -1;		/* quiet */
	CHECK(view_init(&d.view) == 0);

	/* new, set of the same key, refresh: one binding */
	event_cb(event(buf, IPMOB_CMD_BINDING_NEW, "2001:db8:1::100", NULL,
		       IPMOB_MODE_TUNNEL, 1), &d, &e);
	CHECK(d.view.count == 1);
	event_cb(event(buf, IPMOB_CMD_BINDING_SET, "2001:db8:1::100", NULL,
		       IPMOB_MODE_TUNNEL, 1), &d, &e);
	CHECK(d.view.count == 1);
	event_cb(event(buf, IPMOB_CMD_BINDING_REFRESH, "2001:db8:1::100", NULL,
		       IPMOB_MODE_TUNNEL, 1), &d, &e);
	CHECK(d.view.count == 1);

	/* the mobile node's home registration and a RO binding */
	event_cb(event(buf, IPMOB_CMD_BINDING_NEW, "2001:db8:1::100",
		       "2001:db8:1::1", IPMOB_MODE_TUNNEL, 2), &d, &e);
	event_cb(event(buf, IPMOB_CMD_BINDING_NEW, "2001:db8:1::100",
		       "2001:db8:c::2", IPMOB_MODE_RO, 2), &d, &e);
	CHECK(d.view.count == 3);
	memset(&key, 0, sizeof(key));
	inet_pton(AF_INET6, "2001:db8:1::100", &key.hoa);
	BA_SET(&key, IPMOB_BA_HOA);
	CHECK(view_find(&d.view, &key) != NULL);

	/* expired and del remove */
	event_cb(event(buf, IPMOB_CMD_BINDING_EXPIRED, "2001:db8:1::100", NULL,
		       IPMOB_MODE_TUNNEL, 1), &d, &e);
	CHECK(d.view.count == 2 && view_find(&d.view, &key) == NULL);
	event_cb(event(buf, IPMOB_CMD_BINDING_DEL, "2001:db8:1::100",
		       "2001:db8:c::2", IPMOB_MODE_RO, 2), &d, &e);
	CHECK(d.view.count == 1);

	/* flush of one device */
	event_cb(event(buf, IPMOB_CMD_BINDING_NEW, "2001:db8:1::200", NULL,
		       IPMOB_MODE_TUNNEL, 3), &d, &e);
	CHECK(d.view.count == 2);
	nlh = genl_msg_start(buf, FAKE_FAMILY, IPMOB_CMD_BINDING_FLUSH, 1, 0);
	mnl_attr_put_u32(nlh, IPMOB_A_IFINDEX, 3);
	event_cb(nlh, &d, &e);
	CHECK(d.view.count == 1);

	/* berr_needed, a malformed nest, a truncated message: no change */
	nlh = genl_msg_start(buf, FAKE_FAMILY, IPMOB_CMD_BERR_NEEDED, 1, 0);
	mnl_attr_put_u8(nlh, IPMOB_A_BE_STATUS, IPMOB_BE_UNKNOWN_HAO);
	mnl_attr_put_u32(nlh, IPMOB_A_SRC, 5);	/* wrong size: ignored */
	CHECK(event_cb(nlh, &d, &e) == 0);
	nlh = genl_msg_start(buf, FAKE_FAMILY, IPMOB_CMD_BINDING_NEW, 1, 0);
	{
		struct nlattr *n = mnl_attr_nest_start(nlh, IPMOB_A_BINDING);

		mnl_attr_put_u32(nlh, IPMOB_BA_HOA, 1);
		mnl_attr_nest_end(nlh, n);
	}
	CHECK(event_cb(nlh, &d, &e) == 0);
	nlh->nlmsg_len = NLMSG_HDRLEN + 1;
	CHECK(event_cb(nlh, &d, &e) == 0);
	CHECK(d.view.count == 1);

	view_free(&d.view);
	test_daemon_ipv4();
	test_netstate();
}
