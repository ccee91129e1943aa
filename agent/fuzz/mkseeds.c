// SPDX-License-Identifier: GPL-2.0
/*
 * mkseeds.c - write the seed corpora of fuzz_binding, fuzz_genl,
 * fuzz_binding_args, fuzz_flow_args, fuzz_conf, fuzz_dsmip and
 * fuzz_vici ("make fuzz-seeds"; the seeds are kept in git, this
 * rebuilds them).
 *
 * The netlink seeds are real messages made with the codec writers
 * (binding_to_nest, endpoint_to_nest, genl_msg_start, libmnl), shaped
 * like what ipmob.ko sends (kernel/netlink.c: ipmob_fill_binding, the
 * endpoint dump, the notifications, the counters) and what nlctrl and
 * the netlink core send (family replies, NLMSG_ERROR with extended ACK,
 * NLMSG_DONE).
 *
 * The DSMIPv6 seeds are UDP payloads as a mobile node on an IPv4-only
 * link and its home agent send them (RFC 5555 4.2, 4.4.2): Mobility
 * Headers made with mh_build() and mh_finish() in an IPv6 header
 * written by dsmip_build().
 *
 * The VICI seeds are streams of segments as charon and its clients
 * exchange them on the vici socket (strongSwan's vici README.md),
 * written here byte by byte rather than with vici.c's writer, which
 * fuzz_vici checks against them.
 *
 * usage: mkseeds CORPUS_DIR CONF_EXAMPLE
 */
#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <libmnl/libmnl.h>
#include <linux/if_addr.h>
#include <linux/if_link.h>
#include <linux/rtnetlink.h>

#include "binding.h"
#include "dsmip.h"
#include "endpoint.h"
#include "flow.h"
#include "genl.h"
#include "vici.h"

#define FAMILY	0x1f	/* some dynamic generic netlink family id */

static const char *top;

static void out(const char *corpus, const char *name, const void *p,
		size_t len)
{
	char path[512];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", top, corpus);
	if (mkdir(path, 0755) < 0 && errno != EEXIST) {
		perror(path);
		exit(1);
	}
	snprintf(path, sizeof(path), "%s/%s/%s", top, corpus, name);
	f = fopen(path, "w");
	if (!f || fwrite(p, 1, len, f) != len || fclose(f)) {
		perror(path);
		exit(1);
	}
}

static struct in6_addr A6(const char *s)
{
	struct in6_addr a;

	if (inet_pton(AF_INET6, s, &a) != 1)
		abort();
	return a;
}

static struct in_addr A4(const char *s)
{
	struct in_addr a;

	if (inet_pton(AF_INET, s, &a) != 1)
		abort();
	return a;
}

static void coa6(struct ipmob_binding *b, const char *addr, int bid, int prio)
{
	struct ipmob_coa *c = &b->coa[b->ncoa++];

	c->addr = A6(addr);
	c->has_addr = true;
	c->bid = (uint16_t)bid;
	c->has_bid = bid >= 0;
	c->prio = (uint8_t)prio;
	c->has_prio = prio >= 0;
	BA_SET(b, IPMOB_BA_COA);
}

static void coa4(struct ipmob_binding *b, const char *addr, int bid, int prio)
{
	struct ipmob_coa *c = &b->coa[b->ncoa++];

	c->addr4 = A4(addr);
	c->has_addr4 = true;
	c->bid = (uint16_t)bid;
	c->has_bid = bid >= 0;
	c->prio = (uint8_t)prio;
	c->has_prio = prio >= 0;
	c->encap = IPMOB_ENCAP_IP;
	c->has_encap = true;
	BA_SET(b, IPMOB_BA_COA);
}

/* The bindings of the seeds. */
enum { B_CACHE6, B_MN_MULTI, B_RO, B_CACHE4, B_MN_MIXED, B_PREFIX,
       B_GRE, B_UDP, B_N };

static void make(struct ipmob_binding *b, int which)
{
	unsigned int i;

	memset(b, 0, sizeof(*b));
	b->ifindex = 3;
	BA_SET(b, IPMOB_BA_IFINDEX);
	b->mode = IPMOB_MODE_TUNNEL;
	BA_SET(b, IPMOB_BA_MODE);
	b->lifetime = 3600;
	BA_SET(b, IPMOB_BA_LIFETIME);
	switch (which) {
	case B_CACHE6:	/* home agent: a mobile node's home registration */
		b->hoa = A6("2001:db8:1::100");
		BA_SET(b, IPMOB_BA_HOA);
		coa6(b, "2001:db8:2::1", 0, 0);
		b->seq = 42;
		BA_SET(b, IPMOB_BA_SEQ);
		break;
	case B_MN_MULTI:	/* mobile node, RFC 5648: all the records */
		b->hoa = A6("2001:db8:1::100");
		BA_SET(b, IPMOB_BA_HOA);
		b->peer = A6("2001:db8:1::1");
		BA_SET(b, IPMOB_BA_PEER);
		b->local = A6("2001:db8:2::1");
		BA_SET(b, IPMOB_BA_LOCAL);
		for (i = 0; i < IPMOB_MAX_COA; i++) {
			char a[64];

			snprintf(a, sizeof(a), "2001:db8:%x::1", i + 2);
			coa6(b, a, (int)i + 1, (int)(i * 10 % 7));
		}
		break;
	case B_RO:	/* mobile node, route optimisation with a CN */
		b->hoa = A6("2001:db8:1::100");
		BA_SET(b, IPMOB_BA_HOA);
		b->peer = A6("2001:db8:5::7");
		BA_SET(b, IPMOB_BA_PEER);
		b->mode = IPMOB_MODE_RO;
		b->lifetime = 420;
		coa6(b, "2001:db8:2::1", -1, -1);
		break;
	case B_CACHE4:	/* IPv4 home prefix, IPv4 care-of (RFC 5944) */
		b->hoa4 = A4("10.1.0.0");
		BA_SET(b, IPMOB_BA_HOA4);
		b->prefix_len = 24;
		BA_SET(b, IPMOB_BA_PREFIX_LEN);
		b->local4 = A4("192.0.2.1");
		BA_SET(b, IPMOB_BA_LOCAL4);
		coa4(b, "198.51.100.7", 0, 0);
		b->lifetime = 0;
		break;
	case B_MN_MIXED:	/* DSMIPv6: IPv6 and IPv4 care-of, both peers */
		b->hoa4 = A4("10.1.0.100");
		BA_SET(b, IPMOB_BA_HOA4);
		b->peer = A6("2001:db8:1::1");
		BA_SET(b, IPMOB_BA_PEER);
		b->peer4 = A4("192.0.2.1");
		BA_SET(b, IPMOB_BA_PEER4);
		b->local4 = A4("198.51.100.7");
		BA_SET(b, IPMOB_BA_LOCAL4);
		coa6(b, "2001:db8:2::1", 1, 0);
		coa4(b, "198.51.100.7", 2, 1);
		break;
	case B_PREFIX:	/* a mobile network prefix (RFC 3963) from one
			 * inside link (ingress interface 3) */
		b->hoa = A6("2001:db8:7::");
		BA_SET(b, IPMOB_BA_HOA);
		b->prefix_len = 48;
		BA_SET(b, IPMOB_BA_PREFIX_LEN);
		b->iif = 3;
		BA_SET(b, IPMOB_BA_IIF);
		b->peer = A6("2001:db8:1::1");
		BA_SET(b, IPMOB_BA_PEER);
		coa6(b, "2001:db8:2::1", -1, 3);
		break;
	case B_GRE:	/* PMIPv6 LMA: GRE keys (RFC 5845), minimal encap;
			 * an operator's (instance 7) */
		b->hoa4 = A4("10.1.0.100");
		BA_SET(b, IPMOB_BA_HOA4);
		b->instance = 7;
		BA_SET(b, IPMOB_BA_INSTANCE);
		coa4(b, "198.51.100.7", 1, 0);
		b->coa[0].encap = IPMOB_ENCAP_GRE;
		b->coa[0].okey = 100;
		b->coa[0].has_okey = true;
		b->coa[0].ikey = 4294967295u;
		b->coa[0].has_ikey = true;
		coa4(b, "198.51.100.8", 2, 1);
		b->coa[1].encap = IPMOB_ENCAP_MINENC;
		break;
	case B_UDP:	/* PMIPv6 LMA over UDP (RFC 5844 7.1): one port
			 * learnt (with the RFC 3519 header), one not yet (0) */
		b->hoa = A6("2001:db8:1::100");
		BA_SET(b, IPMOB_BA_HOA);
		b->role = IPMOB_ROLE_LMA;
		BA_SET(b, IPMOB_BA_ROLE);
		coa4(b, "198.51.100.7", 1, 0);
		b->coa[0].encap = IPMOB_ENCAP_UDP;
		b->coa[0].port = 4191;
		b->coa[0].has_port = true;
		b->coa[0].udp_hdr = IPMOB_UDP_HDR_MIP4;	/* RFC 3519 3.3 */
		b->coa[0].has_udp_hdr = true;
		coa6(b, "2001:db8:2::1", 2, 1);
		b->coa[1].encap = IPMOB_ENCAP_UDP;
		b->coa[1].has_encap = true;
		b->coa[1].has_port = true;
		break;
	}
}

/* What the kernel adds in its replies: the read-only attributes. */
static void put_read_only(struct nlmsghdr *nlh, struct nlattr *nest)
{
	(void)nest;
	mnl_attr_put_u32(nlh, IPMOB_BA_FLAGS, IPMOB_BF_NOTIFIED_REFRESH);
	mnl_attr_put(nlh, IPMOB_BA_PAD, 0, NULL);
	mnl_attr_put_u64(nlh, IPMOB_BA_TX_PACKETS, 123456789);
	mnl_attr_put_u64(nlh, IPMOB_BA_RX_PACKETS, 987654321);
	mnl_attr_put_u32(nlh, IPMOB_BA_REMAINING, 1234567);
	mnl_attr_put_u32(nlh, IPMOB_BA_BUFFERED, 256);
}

/* Append binding which (with the read-only attributes) to nlh. */
static void put_binding(struct nlmsghdr *nlh, size_t cap, int which, bool ro)
{
	struct ipmob_binding b;
	struct nlattr *nest;

	make(&b, which);
	nest = (struct nlattr *)mnl_nlmsg_get_payload_tail(nlh);
	if (!binding_to_nest(nlh, cap, IPMOB_A_BINDING, &b))
		abort();
	if (ro) {
		/* reopen the nest: the read-only ones go at its end */
		put_read_only(nlh, nest);
		nest->nla_len = (uint16_t)((char *)mnl_nlmsg_get_payload_tail(nlh) -
					   (char *)nest);
	}
}

static void binding_seeds(void)
{
	static const char *const names[B_N] = {
		"cache6", "mn_multi_coa", "ro", "cache4_prefix", "mn_mixed",
		"mn_prefix", "gre_minenc", "udp_role",
	};
	static uint64_t buf[8192];
	int i;

	for (i = 0; i < B_N; i++) {
		struct nlmsghdr *nlh;
		const struct nlattr *nest;

		memset(buf, 0, sizeof(buf));
		nlh = genl_msg_start(buf, FAMILY, IPMOB_CMD_BINDING_GET, 1, 0);
		put_binding(nlh, sizeof(buf), i, i % 2 == 0);
		nest = mnl_nlmsg_get_payload_offset(nlh, GENL_HDRLEN);
		/* the nest's payload: the fuzzer puts the header around it */
		out("binding", names[i], mnl_attr_get_payload(nest),
		    mnl_attr_get_payload_len(nest));
	}
	/* more records than IPMOB_MAX_COA, and attributes of the future */
	{
		struct nlmsghdr *nlh;
		struct nlattr *nest, *c;
		struct in6_addr a = A6("2001:db8:2::1");

		memset(buf, 0, sizeof(buf));
		nlh = genl_msg_start(buf, FAMILY, IPMOB_CMD_BINDING_GET, 1, 0);
		nest = mnl_attr_nest_start(nlh, IPMOB_A_BINDING);
		mnl_attr_put(nlh, IPMOB_BA_HOA, 16, &a);
		for (i = 0; i < IPMOB_MAX_COA + 2; i++) {
			c = mnl_attr_nest_start(nlh, IPMOB_BA_COA);
			a.s6_addr[15] = (uint8_t)(i + 2);
			mnl_attr_put(nlh, IPMOB_CA_ADDR, 16, &a);
			mnl_attr_put_u16(nlh, IPMOB_CA_BID, (uint16_t)(i + 1));
			mnl_attr_put_u8(nlh, IPMOB_CA_ENCAP, 7);
			mnl_attr_put_u32(nlh, IPMOB_CA_MAX + 1, 1);
			mnl_attr_nest_end(nlh, c);
		}
		mnl_attr_put_u8(nlh, IPMOB_BA_MODE, 9);
		mnl_attr_put_u32(nlh, IPMOB_BA_MAX + 1, 5);
		mnl_attr_put_u32(nlh, IPMOB_BA_LIFETIME, 0);
		mnl_attr_nest_end(nlh, nest);
		out("binding", "truncated_unknown", mnl_attr_get_payload(nest),
		    mnl_attr_get_payload_len(nest));
	}
}

/* ---- fuzz_genl: receive buffers ---- */

struct rx {
	uint64_t buf[8192];
	size_t len;
};

static struct nlmsghdr *rx_msg(struct rx *r, uint16_t type, uint8_t cmd,
			       uint16_t flags)
{
	struct nlmsghdr *nlh = (struct nlmsghdr *)((char *)r->buf + r->len);

	nlh = genl_msg_start(nlh, type, cmd, 1, 0);
	nlh->nlmsg_flags = flags;
	nlh->nlmsg_seq = 1000;
	return nlh;
}

static void rx_end(struct rx *r, struct nlmsghdr *nlh)
{
	r->len += MNL_ALIGN(nlh->nlmsg_len);
}

static size_t rx_room(const struct rx *r)
{
	return sizeof(r->buf) - r->len;
}

static void rx_done(struct rx *r, int error, const char *msg)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header((char *)r->buf + r->len);

	nlh->nlmsg_type = NLMSG_DONE;
	nlh->nlmsg_flags = NLM_F_MULTI | (msg ? NLM_F_ACK_TLVS : 0);
	nlh->nlmsg_seq = 1000;
	*(int *)mnl_nlmsg_put_extra_header(nlh, sizeof(int)) = error;
	if (msg)
		mnl_attr_put_strz(nlh, NLMSGERR_ATTR_MSG, msg);
	rx_end(r, nlh);
}

static void rx_error(struct rx *r, int error, bool capped, const char *msg,
		     int offs, int miss)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header((char *)r->buf + r->len);
	struct nlmsgerr *e;

	nlh->nlmsg_type = NLMSG_ERROR;
	nlh->nlmsg_seq = 1000;
	e = mnl_nlmsg_put_extra_header(nlh, sizeof(*e));
	e->error = error;
	e->msg.nlmsg_len = NLMSG_HDRLEN + GENL_HDRLEN + 24;
	e->msg.nlmsg_type = FAMILY;
	e->msg.nlmsg_seq = 1000;
	if (capped) {
		nlh->nlmsg_flags |= NLM_F_CAPPED;
	} else {
		/* the request echoed: genl header and a binding nest */
		char *p = mnl_nlmsg_get_payload_tail(nlh);

		memset(p, 0, GENL_HDRLEN + 24);
		p[0] = IPMOB_CMD_BINDING_NEW;
		p[1] = 1;
		nlh->nlmsg_len += GENL_HDRLEN + 24;
	}
	if (msg || offs >= 0 || miss >= 0)
		nlh->nlmsg_flags |= NLM_F_ACK_TLVS;
	if (msg)
		mnl_attr_put_strz(nlh, NLMSGERR_ATTR_MSG, msg);
	if (offs >= 0)
		mnl_attr_put_u32(nlh, NLMSGERR_ATTR_OFFS, (uint32_t)offs);
	if (miss >= 0)
		mnl_attr_put_u32(nlh, NLMSGERR_ATTR_MISS_TYPE, (uint32_t)miss);
	rx_end(r, nlh);
}

static void rx_out(struct rx *r, const char *name)
{
	out("genl", name, r->buf, r->len);
	memset(r, 0, sizeof(*r));
}

/*
 * An endpoint: local may be NULL (chosen by the route), the family is
 * the remote address's.
 */
static void put_endpoint(struct nlmsghdr *nlh, size_t cap, const char *local,
			 const char *remote, uint8_t encap, uint32_t users,
			 uint8_t cached)
{
	struct ipmob_endpoint ep;
	bool is4 = !strchr(remote, ':');

	memset(&ep, 0, sizeof(ep));
	if (is4) {
		ep.remote4 = A4(remote);
		EA_SET(&ep, IPMOB_EA_REMOTE4);
		if (local) {
			ep.local4 = A4(local);
			EA_SET(&ep, IPMOB_EA_LOCAL4);
		}
	} else {
		ep.remote = A6(remote);
		EA_SET(&ep, IPMOB_EA_REMOTE);
		if (local) {
			ep.local = A6(local);
			EA_SET(&ep, IPMOB_EA_LOCAL);
		}
	}
	ep.encap = encap;
	ep.users = users;
	ep.cached = cached;
	EA_SET(&ep, IPMOB_EA_ENCAP);
	EA_SET(&ep, IPMOB_EA_USERS);
	EA_SET(&ep, IPMOB_EA_CACHED);
	if (!endpoint_to_nest(nlh, cap, IPMOB_A_ENDPOINT, &ep))
		abort();
}

/* "endpoint show": the ENDPOINT_GET dump */
static void endpoint_seeds(struct rx *r)
{
	struct nlmsghdr *nlh;
	struct nlattr *nest;
	struct in_addr a4;

	/* a home agent's IPv6 and IPv4 bindings behind one IPv4 care-of */
	nlh = rx_msg(r, FAMILY, IPMOB_CMD_ENDPOINT_GET, NLM_F_MULTI);
	put_endpoint(nlh, rx_room(r), "10.0.1.1", "10.0.2.100",
		     IPMOB_ENCAP_IP, 2, IPMOB_EC_INNER6 | IPMOB_EC_INNER4);
	put_endpoint(nlh, rx_room(r), NULL, "2001:db8:2::100", IPMOB_ENCAP_IP,
		     1, IPMOB_EC_INNER6);
	put_endpoint(nlh, rx_room(r), "2001:db8:1::1", "2001:db8:4::1",
		     IPMOB_ENCAP_IP, 8, 0);
	put_endpoint(nlh, rx_room(r), NULL, "10.0.2.100", IPMOB_ENCAP_MINENC,
		     1, IPMOB_EC_INNER4);
	/* a GRE endpoint with the key it sends */
	nest = mnl_attr_nest_start(nlh, IPMOB_A_ENDPOINT);
	a4 = A4("10.0.2.101");
	mnl_attr_put(nlh, IPMOB_EA_REMOTE4, sizeof(a4), &a4);
	mnl_attr_put_u8(nlh, IPMOB_EA_ENCAP, IPMOB_ENCAP_GRE);
	mnl_attr_put_u32(nlh, IPMOB_EA_USERS, 1);
	mnl_attr_put_u8(nlh, IPMOB_EA_CACHED, 0);
	mnl_attr_put_u32(nlh, IPMOB_EA_GRE_OKEY, 4242);
	mnl_attr_nest_end(nlh, nest);
	rx_end(r, nlh);
	/* a newer kernel: another encapsulation, attributes, cached bits */
	nlh = rx_msg(r, FAMILY, IPMOB_CMD_ENDPOINT_GET, NLM_F_MULTI);
	nest = mnl_attr_nest_start(nlh, IPMOB_A_ENDPOINT);
	mnl_attr_put_u32(nlh, IPMOB_EA_MAX + 1, 7);
	a4 = A4("198.51.100.7");
	mnl_attr_put(nlh, IPMOB_EA_REMOTE4, sizeof(a4), &a4);
	mnl_attr_put_u8(nlh, IPMOB_EA_ENCAP, 9);
	mnl_attr_put_u32(nlh, IPMOB_EA_USERS, 100000);
	mnl_attr_put_u8(nlh, IPMOB_EA_CACHED, 0x80 | IPMOB_EC_INNER4);
	mnl_attr_nest_end(nlh, nest);
	mnl_attr_put_u32(nlh, IPMOB_A_MAX + 1, 1);
	rx_end(r, nlh);
	rx_done(r, 0, NULL);
	rx_out(r, "endpoints");

	/* a malformed endpoint (users as u16), then the dump fails */
	nlh = rx_msg(r, FAMILY, IPMOB_CMD_ENDPOINT_GET, NLM_F_MULTI);
	put_endpoint(nlh, rx_room(r), NULL, "10.0.2.100", IPMOB_ENCAP_IP, 1, 0);
	nest = mnl_attr_nest_start(nlh, IPMOB_A_ENDPOINT);
	a4 = A4("10.0.2.101");
	mnl_attr_put(nlh, IPMOB_EA_REMOTE4, sizeof(a4), &a4);
	mnl_attr_put_u16(nlh, IPMOB_EA_USERS, 1);
	mnl_attr_nest_end(nlh, nest);
	rx_end(r, nlh);
	rx_done(r, -ENOBUFS, "dump interrupted");
	rx_out(r, "endpoints_malformed");

	/* a module from before the endpoint dump */
	rx_error(r, -EOPNOTSUPP, false, NULL, -1, -1);
	rx_out(r, "endpoints_unsupported");
}

/* One message of the FLOW_GET dump: a session and its rules. */
static void put_flows(struct rx *r, int which)
{
	struct nlmsghdr *nlh = rx_msg(r, FAMILY, IPMOB_CMD_FLOW_GET,
				      NLM_F_MULTI);
	struct ipmob_binding key;
	struct ipmob_flow f;
	struct nlattr *nest;

	memset(&key, 0, sizeof(key));
	if (which == 0) {
		key.hoa = A6("2001:db8:1::100");
		BA_SET(&key, IPMOB_BA_HOA);
		key.ifindex = 1;
		BA_SET(&key, IPMOB_BA_IFINDEX);
	} else {
		key.hoa4 = A4("10.1.0.0");
		BA_SET(&key, IPMOB_BA_HOA4);
		key.prefix_len = 16;
		BA_SET(&key, IPMOB_BA_PREFIX_LEN);
		key.peer = A6("2001:db8:1::1");
		BA_SET(&key, IPMOB_BA_PEER);
		key.peer4 = A4("192.0.2.1");
		BA_SET(&key, IPMOB_BA_PEER4);
		key.mode = IPMOB_MODE_TUNNEL;
		BA_SET(&key, IPMOB_BA_MODE);
	}
	if (!binding_to_nest(nlh, rx_room(r), IPMOB_A_BINDING, &key))
		abort();

	/* forward to two BIDs, UDP ports, counted */
	memset(&f, 0, sizeof(f));
	f.fid = 10;
	f.action = IPMOB_FLOW_FORWARD;
	f.bid[f.nbid++] = 1;
	f.bid[f.nbid++] = 2;
	f.proto = IPPROTO_UDP;
	f.dport = 5001;
	f.dport_end = 5002;
	f.packets = 12;
	f.present = FA_BIT(IPMOB_FA_FID) | FA_BIT(IPMOB_FA_PRIO) |
		    FA_BIT(IPMOB_FA_ACTION) | FA_BIT(IPMOB_FA_BID) |
		    FA_BIT(IPMOB_FA_PROTO) | FA_BIT(IPMOB_FA_DPORT) |
		    FA_BIT(IPMOB_FA_DPORT_END);
	if (!flow_to_nest(nlh, rx_room(r), IPMOB_A_FLOW, &f))
		abort();

	/* every selector field */
	memset(&f, 0, sizeof(f));
	f.fid = 11;
	f.prio = 7;
	f.action = which ? IPMOB_FLOW_DROP : IPMOB_FLOW_FORWARD;
	if (!which)
		f.bid[f.nbid++] = 3;
	if (which) {
		f.src4 = A4("10.0.0.0");
		f.src4_end = A4("10.0.0.255");
		f.dst4 = A4("10.0.1.1");
		f.dst4_end = A4("10.0.1.7");
		f.present = FA_BIT(IPMOB_FA_SRC4) | FA_BIT(IPMOB_FA_SRC4_END) |
			    FA_BIT(IPMOB_FA_DST4) | FA_BIT(IPMOB_FA_DST4_END);
	} else {
		f.src = A6("2001:db8:5::");
		f.src_end = A6("2001:db8:5:ffff:ffff:ffff:ffff:ffff");
		f.dst = A6("2001:db8:6::1");
		f.dst_end = A6("2001:db8:6::9");
		f.flow_label = 0x12345;
		f.flow_label_end = 0x12346;
		f.present = FA_BIT(IPMOB_FA_SRC) | FA_BIT(IPMOB_FA_SRC_END) |
			    FA_BIT(IPMOB_FA_DST) | FA_BIT(IPMOB_FA_DST_END) |
			    FA_BIT(IPMOB_FA_FLOW_LABEL) |
			    FA_BIT(IPMOB_FA_FLOW_LABEL_END) |
			    FA_BIT(IPMOB_FA_BID);
	}
	f.proto = IPPROTO_ESP;
	f.spi = 256;
	f.spi_end = 512;
	f.sport = 7;
	f.dscp = 10;
	f.dscp_end = 12;
	f.present |= FA_BIT(IPMOB_FA_FID) | FA_BIT(IPMOB_FA_PRIO) |
		     FA_BIT(IPMOB_FA_ACTION) | FA_BIT(IPMOB_FA_PROTO) |
		     FA_BIT(IPMOB_FA_SPI) | FA_BIT(IPMOB_FA_SPI_END) |
		     FA_BIT(IPMOB_FA_SPORT) | FA_BIT(IPMOB_FA_DSCP) |
		     FA_BIT(IPMOB_FA_DSCP_END);
	if (!flow_to_nest(nlh, rx_room(r), IPMOB_A_FLOW, &f))
		abort();

	/* the kernel's read-only counter and a newer kernel's attribute */
	nest = mnl_attr_nest_start(nlh, IPMOB_A_FLOW);
	mnl_attr_put_u16(nlh, IPMOB_FA_FID, 12);
	mnl_attr_put_u8(nlh, IPMOB_FA_ACTION, IPMOB_FLOW_DROP);
	mnl_attr_put_u64(nlh, IPMOB_FA_PACKETS, 123456789);
	mnl_attr_put_u32(nlh, IPMOB_FA_MAX + 1, 5);
	mnl_attr_nest_end(nlh, nest);
	rx_end(r, nlh);
}

/*
 * A receive buffer for fuzz_genl and, after the byte 1 that chooses
 * replies, for fuzz_flow_args.
 */
static void rx_out_flows(struct rx *r, const char *name)
{
	static uint8_t buf[sizeof(r->buf) + 1];

	buf[0] = 1;
	memcpy(buf + 1, r->buf, r->len);
	out("flow_args", name, buf, r->len + 1);
	rx_out(r, name);
}

/* "flow show": the FLOW_GET dump, and a malformed rule */
static void flow_seeds(struct rx *r)
{
	struct nlmsghdr *nlh;
	struct nlattr *nest;
	struct in6_addr a = A6("2001:db8:1::100");

	put_flows(r, 0);
	put_flows(r, 1);
	rx_done(r, 0, NULL);
	rx_out_flows(r, "flows");

	nlh = rx_msg(r, FAMILY, IPMOB_CMD_FLOW_GET, NLM_F_MULTI);
	nest = mnl_attr_nest_start(nlh, IPMOB_A_BINDING);
	mnl_attr_put(nlh, IPMOB_BA_HOA, sizeof(a), &a);
	mnl_attr_nest_end(nlh, nest);
	nest = mnl_attr_nest_start(nlh, IPMOB_A_FLOW);
	mnl_attr_put_u16(nlh, IPMOB_FA_FID, 1);
	mnl_attr_put_u32(nlh, IPMOB_FA_DSCP, 1);	/* u8 in a u32 */
	mnl_attr_nest_end(nlh, nest);
	rx_end(r, nlh);
	rx_done(r, -ENOBUFS, "dump interrupted");
	rx_out_flows(r, "flows_malformed");

	/* a module from before the flow rules */
	rx_error(r, -EOPNOTSUPP, false, NULL, -1, -1);
	rx_out(r, "flows_unsupported");
}

static void genl_seeds(void)
{
	static struct rx r;
	struct nlmsghdr *nlh;
	struct nlattr *nest, *g;
	struct in6_addr a;
	unsigned int i;
	int k;

	/* "binding show": a dump, two bindings a message, then DONE */
	for (k = 0; k < B_N; k += 2) {
		nlh = rx_msg(&r, FAMILY, IPMOB_CMD_BINDING_GET, NLM_F_MULTI);
		put_binding(nlh, rx_room(&r), k, true);
		if (k + 1 < B_N)
			put_binding(nlh, rx_room(&r), k + 1, true);
		rx_end(&r, nlh);
	}
	rx_done(&r, 0, NULL);
	rx_out(&r, "dump");

	/* the notifications of each binding command */
	{
		static const uint8_t cmds[] = {
			IPMOB_CMD_BINDING_NEW, IPMOB_CMD_BINDING_SET,
			IPMOB_CMD_BINDING_DEL, IPMOB_CMD_BINDING_EXPIRED,
			IPMOB_CMD_BINDING_REFRESH,
		};

		for (i = 0; i < sizeof(cmds); i++) {
			nlh = rx_msg(&r, FAMILY, cmds[i], 0);
			put_binding(nlh, rx_room(&r), (int)i, true);
			rx_end(&r, nlh);
		}
		rx_out(&r, "events_binding");
	}

	/* Binding Error needed; a route optimisation hint; a flush */
	nlh = rx_msg(&r, FAMILY, IPMOB_CMD_BERR_NEEDED, 0);
	a = A6("2001:db8:5::7");
	mnl_attr_put(nlh, IPMOB_A_SRC, 16, &a);
	a = A6("2001:db8:1::100");
	mnl_attr_put(nlh, IPMOB_A_DST, 16, &a);
	mnl_attr_put(nlh, IPMOB_A_HOA, 16, &a);
	mnl_attr_put_u8(nlh, IPMOB_A_BE_STATUS, IPMOB_BE_UNKNOWN_HAO);
	mnl_attr_put_u8(nlh, IPMOB_A_MH_TYPE, 255);
	rx_end(&r, nlh);
	nlh = rx_msg(&r, FAMILY, IPMOB_CMD_RO_HINT, 0);
	mnl_attr_put(nlh, IPMOB_A_HOA, 16, &a);
	a = A6("2001:db8:5::7");
	mnl_attr_put(nlh, IPMOB_A_DST, 16, &a);
	rx_end(&r, nlh);
	nlh = rx_msg(&r, FAMILY, IPMOB_CMD_BINDING_FLUSH, 0);
	mnl_attr_put_u32(nlh, IPMOB_A_IFINDEX, 3);
	rx_end(&r, nlh);
	nlh = rx_msg(&r, FAMILY, IPMOB_CMD_BINDING_FLUSH, 0);
	rx_end(&r, nlh);
	rx_out(&r, "events_other");

	/* "ipmob stats": every counter, u64 with a pad attribute of 0 */
	nlh = rx_msg(&r, FAMILY, IPMOB_CMD_STATS_GET, 0);
	nest = mnl_attr_nest_start(nlh, IPMOB_A_STATS);
	for (i = IPMOB_STAT_UNSPEC + 1; i <= IPMOB_STAT_MAX; i++)
		mnl_attr_put_u64(nlh, (uint16_t)i, (uint64_t)i * 1000003);
	mnl_attr_put_u64(nlh, IPMOB_STAT_MAX + 3, 77);	/* a newer one */
	mnl_attr_put_u32(nlh, IPMOB_STAT_MAX + 4, 78);	/* as u32 */
	mnl_attr_nest_end(nlh, nest);
	rx_end(&r, nlh);
	rx_error(&r, 0, true, NULL, -1, -1);
	rx_out(&r, "stats");

	/* errors: with extended ACK, echoed request, missing attribute */
	rx_error(&r, -EEXIST, true, "binding 2 of 3: already exists", 40, -1);
	rx_out(&r, "error_extack");
	rx_error(&r, -EINVAL, false, "missing care-of address\n", -1, -1);
	rx_error(&r, -EINVAL, false, NULL, -1, IPMOB_BA_IFINDEX);
	rx_error(&r, 0, true, "deprecated", -1, -1);	/* ACK, warning */
	rx_out(&r, "error_echo_miss");
	nlh = rx_msg(&r, FAMILY, IPMOB_CMD_BINDING_GET, NLM_F_MULTI);
	put_binding(nlh, rx_room(&r), B_CACHE6, true);
	rx_end(&r, nlh);
	rx_done(&r, -ENODEV, "no such device");
	rx_out(&r, "dump_failed");

	/* nlctrl's answer to genl_open(): id, version, groups */
	nlh = rx_msg(&r, GENL_ID_CTRL, CTRL_CMD_NEWFAMILY, 0);
	mnl_attr_put_strz(nlh, CTRL_ATTR_FAMILY_NAME, IPMOB_GENL_NAME);
	mnl_attr_put_u16(nlh, CTRL_ATTR_FAMILY_ID, FAMILY);
	mnl_attr_put_u32(nlh, CTRL_ATTR_VERSION, IPMOB_GENL_VERSION);
	mnl_attr_put_u32(nlh, CTRL_ATTR_HDRSIZE, 0);
	mnl_attr_put_u32(nlh, CTRL_ATTR_MAXATTR, IPMOB_A_MAX);
	nest = mnl_attr_nest_start(nlh, CTRL_ATTR_MCAST_GROUPS);
	for (i = 0; i < 2; i++) {
		g = mnl_attr_nest_start(nlh, (uint16_t)(i + 1));
		mnl_attr_put_u32(nlh, CTRL_ATTR_MCAST_GRP_ID, 10 + i);
		mnl_attr_put_strz(nlh, CTRL_ATTR_MCAST_GRP_NAME,
				  i ? "other" : IPMOB_MCGRP_EVENTS);
		mnl_attr_nest_end(nlh, g);
	}
	mnl_attr_nest_end(nlh, nest);
	rx_end(&r, nlh);
	rx_error(&r, 0, true, NULL, -1, -1);
	rx_out(&r, "ctrl_family");

	/* UDP_GET replies: a socket, none */
	nlh = rx_msg(&r, FAMILY, IPMOB_CMD_UDP_GET, 0);
	mnl_attr_put_u16(nlh, IPMOB_A_UDP_PORT, IPMOB_DSMIP6_PORT);
	mnl_attr_put_u16(nlh, IPMOB_A_UDP_FAMILY, AF_INET6);
	rx_end(&r, nlh);
	nlh = rx_msg(&r, FAMILY, IPMOB_CMD_UDP_GET, 0);
	rx_end(&r, nlh);
	rx_out(&r, "udp_get");

	endpoint_seeds(&r);
	flow_seeds(&r);
}

/* ---- fuzz_binding_args: words separated by NUL ---- */

static void args(const char *name, const char *line)
{
	char buf[1024];
	size_t n = strlen(line), i;

	/* the words of line (one blank apart), each NUL-terminated */
	for (i = 0; i < n; i++)
		buf[i] = line[i] == ' ' ? '\0' : line[i];
	out("binding_args", name, buf, n);
}

static void args_seeds(void)
{
	args("add_multi", "add hoa 2001:db8:1::100 coa 2001:db8:2::1 bid 1 prio 0 coa 2001:db8:3::1 bid 2 prio 5 encap ip6ip6 mode tunnel peer 2001:db8:1::1 local 2001:db8:2::1 lifetime 3600 dev mob0");
	args("add_cache", "add hoa 2001:db8:1::100 coa 2001:db8:2::1 dev mob0");
	args("add_ipip", "add hoa 10.0.1.100 coa 10.0.2.100 encap ipip local 10.0.1.1 lifetime forever dev mob0");
	args("add_ip4ip6", "add hoa 10.1.0.0/24 coa 2001:db8:2::1 encap ip4ip6 dev mob0");
	args("change_dsmip", "change hoa 2001:db8:7::/48 coa 2001:db8:2::1 bid 1 coa 198.51.100.7 bid 2 encap ip6ip4 peer 2001:db8:1::1 peer 192.0.2.1 local 198.51.100.7 dev mob0");
	args("add_minenc", "add hoa 10.0.1.100 coa 10.0.2.100 encap minenc local 10.0.1.1 dev mob0");
	args("add_gre", "add hoa 2001:db8:1::100 coa 10.0.2.100 encap gre okey 7 ikey 8 local 10.0.1.1 dev mob0");
	args("add_gre_key", "add hoa 10.0.1.100 coa 2001:db8:2::1 key 4294967295 encap gre dev mob0");
	args("add_ro", "add hoa 2001:db8:1::100 coa 2001:db8:2::1 mode ro peer 2001:db8:5::7 lifetime 420 dev mob0");
	args("del_ro", "del hoa 2001:db8:1::100 peer 2001:db8:5::7 mode ro dev mob0");
	args("del_prefix4", "delete hoa 10.1.0.0/24 dev mob0");
	args("show_key", "show hoa 2001:db8:1::100 peer 2001:db8:1::1 mode tunnel dev mob0");
	args("show_all", "list dev mob0");
	args("flush", "flush dev mob0");
	args("help", "help");
	args("bad_encap", "add hoa 10.0.1.100 coa 10.0.2.100 encap ip6ip6 dev mob0");
	args("add_udp_mn", "add hoa 10.0.1.100 coa 2001:db8:2::1 bid 1 encap udp port 4191 coa 198.51.100.7 bid 2 encap udp port 4191 role mag peer 2001:db8:1::1 peer 192.0.2.1 dev mob0");
	args("add_udp_cache", "add hoa 2001:db8:1::100 coa 198.51.100.7 encap udp role lma dev mob0");
	args("add_role_cn", "change hoa 2001:db8:1::100 coa 2001:db8:2::1 mode ro role cn dev mob0");
	args("bad_role", "add hoa 2001:db8:1::100 coa 2001:db8:2::1 role mn dev mob0");
	args("bad_port", "add hoa 2001:db8:1::100 coa 2001:db8:2::1 port 4191 dev mob0");
	args("add_udp_mip4", "add hoa 10.0.1.100 coa 10.0.2.100 encap udp port 434 header mip4 peer 10.0.1.1 dev mob0");
	args("add_udp_tlv", "add hoa 2001:db8:1::100 coa 198.51.100.7 encap udp header tlv okey 100 ikey 200 role lma dev mob0");
	args("bad_header", "add hoa 2001:db8:1::100 coa 198.51.100.7 encap gre header mip4 key 5 dev mob0");
	args("add_iif", "add hoa 10.9.0.0/24 coa 198.51.100.7 encap gre key 9 role mag peer 192.0.2.1 iif eth1 dev mob0");
	args("del_iif", "del hoa 10.9.0.0/24 peer 192.0.2.1 iif 4 dev mob0");
	args("show_iif", "show iif eth2");
	args("add_instance", "add hoa 10.9.0.0/24 coa 198.51.100.7 encap ipip role lma local 192.0.2.1 instance 4294967295 dev mob0");
	args("show_instance", "show instance 9");
	args("add_proxy", "add hoa 2001:db8:1::100 coa 2001:db8:2::1 proxy home0 proxy-router on dev mob0");
	args("bad_proxy_router", "add hoa 2001:db8:1::100 coa 2001:db8:2::1 proxy-router on dev mob0");
	args("show_key_instance", "show hoa 2001:db8:1::100 instance 0 dev mob0");
	args("bad_instance", "add hoa 2001:db8:1::100 coa 2001:db8:2::1 instance 4294967296 dev mob0");
	args("bad_iif_ro", "add hoa 2001:db8:1::100 coa 2001:db8:2::1 mode ro peer 2001:db8:5::7 iif 3 dev mob0");
}

/* ---- fuzz_flow_args: byte 0, then words separated by NUL ---- */

static void fargs(const char *name, const char *line)
{
	char buf[1024];
	size_t n = strlen(line), i;

	buf[0] = 0;
	for (i = 0; i < n; i++)
		buf[i + 1] = line[i] == ' ' ? '\0' : line[i];
	out("flow_args", name, buf, n + 1);
}

/* "ipmob udp" arguments: byte 0 is 2 */
static void uargs(const char *name, const char *line)
{
	char buf[1024];
	size_t n = strlen(line), i;

	buf[0] = 2;
	for (i = 0; i < n; i++)
		buf[i + 1] = line[i] == ' ' ? '\0' : line[i];
	out("flow_args", name, buf, n + 1);
}

static void flow_args_seeds(void)
{
	fargs("add_udp", "add hoa 2001:db8:1::100 dev mob0 fid 10 bid 1 bid 2 proto udp dport 5001-5002");
	fargs("add_all", "add hoa 2001:db8:1::/64 peer 2001:db8:1::1 mode tunnel dev mob0 fid 65535 prio 255 bid 8 src 2001:db8:5::/48 dst 2001:db8:6::1-2001:db8:6::9 proto esp spi 256-512 dscp 10-46 flowlabel 0x12345-0xfffff");
	fargs("add_drop4", "add hoa 10.1.0.5 peer 2001:db8::1 dev mob0 fid 3 prio 5 drop src 10.0.0.0/24 dst 10.0.1.1-10.0.1.7 proto tcp sport 1-1024");
	fargs("add_ncast", "add hoa 10.1.0.0/16 peer 192.0.2.1 dev mob0 fid 7 bid 1 bid 2 bid 3 bid 4 bid 5 bid 6 bid 7 bid 8 proto 132 dport 0-65535");
	fargs("del_some", "del hoa 2001:db8:1::100 peer 2001:db8:5::7 mode ro dev mob0 fid 1 fid 2 fid 65535");
	fargs("del_all", "delete hoa 10.1.0.5 dev mob0");
	fargs("show_all", "show");
	fargs("show_key", "list hoa 2001:db8:1::100 peer 2001:db8:1::1");
	fargs("help", "help");
	fargs("bad_dscp", "add hoa 2001:db8:1::100 dev mob0 fid 1 bid 1 dscp 64");
	fargs("bad_family", "add hoa 2001:db8:1::100 dev mob0 fid 1 drop src 10.0.0.0/8 dst ::/0");
	fargs("add_buffer", "add hoa 2001:db8:1::100 dev mob0 fid 2 prio 1 buffer dst 2001:db8:9::/48");
	fargs("flush_send", "flush hoa 2001:db8:1::100 peer 2001:db8:1::1 dev mob0 send");
	fargs("flush_drop", "flush hoa 10.1.0.0/16 dev mob0 drop");
	fargs("bad_flush", "flush hoa 2001:db8:1::100 dev mob0 send drop");
	fargs("add_iif", "add hoa 10.1.0.0/16 peer 192.0.2.1 dev mob0 fid 7 bid 1 iif 8 proto 136 dport 0-65535");
	fargs("del_iif", "del hoa 10.9.0.0/24 iif eth1 dev mob0 fid 3");
	fargs("bad_iif_ro", "add hoa 2001:db8:1::100 peer 2001:db8:5::7 mode ro iif 3 dev mob0 fid 1 bid 1");
	uargs("udp_listen", "listen address 2001:db8::1 port 4191");
	uargs("udp_listen4", "listen port 4191 address 192.0.2.1");
	uargs("udp_show", "show");
	uargs("udp_bad", "listen port 0");
}

/* ---- fuzz_conf ---- */

static void conf(const char *name, const char *text)
{
	out("conf", name, text, strlen(text));
}

static void conf_seeds(const char *example)
{
	static char text[65536];
	char line[1024];
	size_t n = 0, k;
	bool mn = false;
	FILE *f = fopen(example, "r");

	if (!f) {
		perror(example);
		exit(1);
	}
	n = fread(text, 1, sizeof(text) - 1, f);
	text[n] = '\0';
	conf("example", text);	/* the example as shipped */

	/* its mobile node part, uncommented, with the fuzzer's key-file */
	rewind(f);
	n = 0;
	text[0] = '\0';
	while (fgets(line, sizeof(line), f)) {
		if (!strcmp(line, "#[mobile-node]\n"))
			mn = true;
		if (!mn || line[0] != '#' || line[1] == ' ' || line[1] == '\n')
			continue;
		if (!strncmp(line, "#[correspondent]", 16))
			mn = false;
		k = (size_t)snprintf(text + n, sizeof(text) - n, "%s",
				     line + 1);
		n += k;
	}
	fclose(f);
	conf("example_mobile_node", text);

	conf("mn_keyfile",
	     "log-level debug\n"
	     "device mob1\n"
	     "[mobile-node]\n"
	     "home-address 2001:db8:1::100/64\n"
	     "home-agent 2001:db8:1::1\n"
	     "identifier mn1@example.com\n"
	     "spi 1000\n"
	     "key-file mn1.key\n"
	     "lifetime 600\n"
	     "link eth0 preference 10\n"
	     "link \"wlan0\" preference -5\n"
	     "initial-bindack-timeout 1500\n"
	     "max-bindack-timeout 32000\n"
	     "route-optimization off\n"
	     "dna off\n"
	     "no-route-optimization 2001:db8:5::/48 # a comment\n"
	     "no-route-optimization 2001:db8:7::1\n"
	     "[correspondent]\n"
	     "max-lifetime 300\n");
	conf("ha_two_sa",
	     "[home-agent]\n"
	     "home-link eth1\n"
	     "home-prefix 2001:db8:1::/64\n"
	     "home-prefix 2001:db8:9::/48\n"
	     "max-bindings 10\n"
	     "max-lifetime 262140\n"
	     "preference -32768\n"
	     "dad off\n"
	     "authentication none\n"
	     "replay-window 60\n"
	     "refresh-advice 300\n"
	     "[security-association mn1@example.com]\n"
	     "spi 256\n"
	     "key 000102030405060708090a0b0c0d0e0f\n"
	     "home-address 2001:db8:1::100\n"
	     "[security-association 'mn2@example.com']\n"
	     "spi 4294967295\n"
	     "key-file mn1.key\n");
	conf("ha_dad_optimistic",
	     "[home-agent]\n"
	     "home-link eth1\n"
	     "home-prefix 2001:db8:1::/64\n"
	     "dad optimistic\n"
	     "dad on\n");
	conf("sa_keyfile_mode",
	     "[home-agent]\n"
	     "home-link eth1\n"
	     "home-prefix 2001:db8:1::/64\n"
	     "[security-association mn1@example.com]\n"
	     "spi 1000\n"
	     "key-file open.key\n");
	conf("mn_flows",
	     "[mobile-node]\n"
	     "home-address 2001:db8:1::100/64\n"
	     "identifier mn1@example.com\n"
	     "spi 256\n"
	     "key 000102030405060708090a0b0c0d0e0f\n"
	     "multiple-care-of yes\n"
	     "link sat0 bid 1 priority 3\n"
	     "link wwan0\n"
	     "link wlan0 priority 1\n"
	     "flow 10 udp dport 5001 via sat0,wwan0\n"
	     "flow 20 dscp ef via wwan0\n"
	     "flow 30 proto tcp src 2001:db8:100::/48 sport 1000-2000 via wlan0\n"
	     "flow default via wlan0,wwan0\n"
	     "[home-agent]\n"
	     "home-link eth1\n"
	     "home-prefix 2001:db8:1::/64\n"
	     "max-flow-bindings 2\n");
	conf("cn_only", "# correspondent only\n[correspondent]\n");
	conf("errors",
	     "role home-agent\n"
	     "[home-agent] extra\n"
	     "[security-association]\n"
	     "key-file ../x.key\n");
}

/* ---- rtnetlink dump replies (fuzz_rtnl) ---- */

static struct nlmsghdr *rt_msg(struct rx *r, uint16_t type, size_t extra)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header((char *)r->buf + r->len);

	nlh->nlmsg_type = type;
	nlh->nlmsg_flags = NLM_F_MULTI;
	nlh->nlmsg_seq = 1000;
	mnl_nlmsg_put_extra_header(nlh, extra);
	return nlh;
}

static void rt_link(struct rx *r, int ifindex, const char *name,
		    unsigned int flags)
{
	struct nlmsghdr *nlh = rt_msg(r, RTM_NEWLINK, sizeof(struct ifinfomsg));
	struct ifinfomsg *ifi = mnl_nlmsg_get_payload(nlh);

	ifi->ifi_index = ifindex;
	ifi->ifi_flags = flags;
	mnl_attr_put_strz(nlh, IFLA_IFNAME, name);
	mnl_attr_put_u32(nlh, IFLA_MTU, 1500);
	rx_end(r, nlh);
}

static void rt_addr(struct rx *r, int ifindex, const char *addr,
		    unsigned int plen, uint32_t flags)
{
	struct nlmsghdr *nlh = rt_msg(r, RTM_NEWADDR, sizeof(struct ifaddrmsg));
	struct ifaddrmsg *ifa = mnl_nlmsg_get_payload(nlh);
	struct in6_addr a = A6(addr);

	ifa->ifa_family = AF_INET6;
	ifa->ifa_prefixlen = (uint8_t)plen;
	ifa->ifa_index = (uint32_t)ifindex;
	ifa->ifa_flags = (uint8_t)flags;
	mnl_attr_put(nlh, IFA_ADDRESS, sizeof(a), &a);
	mnl_attr_put_u32(nlh, IFA_FLAGS, flags);
	rx_end(r, nlh);
}

static void rt_route(struct rx *r, int oif, const char *gw, int32_t expires)
{
	struct nlmsghdr *nlh = rt_msg(r, RTM_NEWROUTE, sizeof(struct rtmsg));
	struct rtmsg *rtm = mnl_nlmsg_get_payload(nlh);
	struct in6_addr a = A6(gw);
	struct rta_cacheinfo ci = { .rta_expires = (uint32_t)expires };

	rtm->rtm_family = AF_INET6;
	rtm->rtm_table = RT_TABLE_MAIN;
	rtm->rtm_type = RTN_UNICAST;
	rtm->rtm_protocol = RTPROT_RA;
	mnl_attr_put_u32(nlh, RTA_TABLE, RT_TABLE_MAIN);
	mnl_attr_put(nlh, RTA_GATEWAY, sizeof(a), &a);
	mnl_attr_put_u32(nlh, RTA_OIF, (uint32_t)oif);
	mnl_attr_put(nlh, RTA_CACHEINFO, sizeof(ci), &ci);
	rx_end(r, nlh);
}

/*
 * An IPv4 address (DSMIPv6, RFC 5555): IFA_LOCAL, and IFA_ADDRESS peer
 * if given (a point-to-point link) or the address again.
 */
static void rt_addr4(struct rx *r, int ifindex, const char *addr,
		     const char *peer, unsigned int plen, uint32_t flags)
{
	struct nlmsghdr *nlh = rt_msg(r, RTM_NEWADDR, sizeof(struct ifaddrmsg));
	struct ifaddrmsg *ifa = mnl_nlmsg_get_payload(nlh);
	struct in_addr a = A4(addr), p = A4(peer ? peer : addr);

	ifa->ifa_family = AF_INET;
	ifa->ifa_prefixlen = (uint8_t)plen;
	ifa->ifa_index = (uint32_t)ifindex;
	ifa->ifa_flags = (uint8_t)flags;
	ifa->ifa_scope = RT_SCOPE_UNIVERSE;
	mnl_attr_put(nlh, IFA_ADDRESS, sizeof(p), &p);
	mnl_attr_put(nlh, IFA_LOCAL, sizeof(a), &a);
	mnl_attr_put_u32(nlh, IFA_FLAGS, flags);
	rx_end(r, nlh);
}

/* An IPv4 route to dst/dst_len through gw on oif, as the kernel dumps it. */
static void rt_route4(struct rx *r, int oif, const char *dst,
		      unsigned int dst_len, const char *gw, unsigned int flags)
{
	struct nlmsghdr *nlh = rt_msg(r, RTM_NEWROUTE, sizeof(struct rtmsg));
	struct rtmsg *rtm = mnl_nlmsg_get_payload(nlh);
	struct in_addr a = A4(gw);

	rtm->rtm_family = AF_INET;
	rtm->rtm_dst_len = (uint8_t)dst_len;
	rtm->rtm_table = RT_TABLE_MAIN;
	rtm->rtm_type = RTN_UNICAST;
	rtm->rtm_protocol = RTPROT_DHCP;
	rtm->rtm_flags = flags;
	mnl_attr_put_u32(nlh, RTA_TABLE, RT_TABLE_MAIN);
	if (dst_len) {
		struct in_addr d = A4(dst);

		mnl_attr_put(nlh, RTA_DST, sizeof(d), &d);
	}
	mnl_attr_put(nlh, RTA_GATEWAY, sizeof(a), &a);
	mnl_attr_put_u32(nlh, RTA_OIF, (uint32_t)oif);
	rx_end(r, nlh);
}

static void rtnl_seeds(void)
{
	static struct rx r;

	rt_link(&r, 1, "lo", 0x49);
	rt_link(&r, 2, "eth0", 0x11043);
	rt_link(&r, 3, "mob0", 0x41);
	rx_done(&r, 0, NULL);
	out("rtnl", "links", r.buf, r.len);
	memset(&r, 0, sizeof(r));

	rt_addr(&r, 2, "2001:db8:2::100", 64, IFA_F_PERMANENT);
	rt_addr(&r, 2, "fe80::1", 64, IFA_F_PERMANENT);
	rt_addr(&r, 3, "2001:db8:1::100", 128, IFA_F_HOMEADDRESS | IFA_F_NODAD);
	rx_done(&r, 0, NULL);
	out("rtnl", "addrs", r.buf, r.len);
	memset(&r, 0, sizeof(r));

	rt_route(&r, 2, "fe80::1", 1800);
	rt_route(&r, 2, "fe80::2", -5);
	rx_done(&r, 0, NULL);
	out("rtnl", "routes", r.buf, r.len);
	memset(&r, 0, sizeof(r));

	rt_link(&r, 2, "eth0", 0x11043);
	rt_addr(&r, 2, "2001:db8:2::100", 64, IFA_F_PERMANENT);
	rt_route(&r, 2, "fe80::1", 1800);
	rx_error(&r, -EBUSY, true, "busy", -1, -1);
	out("rtnl", "mixed_error", r.buf, r.len);
	memset(&r, 0, sizeof(r));

	/* DSMIPv6 (RFC 5555): an IPv4 care-of address, a point-to-point one */
	rt_addr4(&r, 2, "192.0.2.100", NULL, 24, IFA_F_PERMANENT);
	rt_addr4(&r, 4, "10.64.0.2", "10.64.0.1", 32, IFA_F_PERMANENT);
	rx_done(&r, 0, NULL);
	out("rtnl", "addrs4", r.buf, r.len);
	memset(&r, 0, sizeof(r));

	/* an IPv4 default router, one on a link that is down, a subnet route */
	rt_route4(&r, 2, NULL, 0, "192.0.2.1", 0);
	rt_route4(&r, 4, NULL, 0, "10.64.0.1", RTNH_F_LINKDOWN);
	rt_route4(&r, 2, "198.51.100.0", 24, "192.0.2.254", 0);
	rx_done(&r, 0, NULL);
	out("rtnl", "routes4", r.buf, r.len);
	memset(&r, 0, sizeof(r));
}

/* ---- fuzz_dsmip: IPv6 with a Mobility Header, the UDP payload ---- */

static struct mh_msg dm;

/* dm checksummed for src -> dst, in its IPv6 header */
static void dsmip_out(const char *name, const char *src, const char *dst,
		      uint8_t hop_limit)
{
	struct in6_addr s = A6(src), d = A6(dst);
	uint8_t buf[DSMIP_MAX_LEN];
	int n;

	n = mh_build(&dm, buf + DSMIP_IP6_HDR_LEN,
		     sizeof(buf) - DSMIP_IP6_HDR_LEN);
	if (n <= 0)
		abort();
	mh_finish(buf + DSMIP_IP6_HDR_LEN, (size_t)n, &s, &d);
	n = dsmip_build(buf, sizeof(buf), &s, &d, hop_limit,
			buf + DSMIP_IP6_HDR_LEN, (size_t)n);
	if (n <= 0)
		abort();
	out("dsmip", name, buf, (size_t)n);
}

static void dsmip_bu(uint16_t seq, uint16_t flags, uint16_t lifetime)
{
	memset(&dm, 0, sizeof(dm));
	dm.type = MH_BU;
	dm.bu.seq = seq;
	dm.bu.flags = flags;
	dm.bu.lifetime = lifetime;
}

static void dsmip_ba(uint8_t status, uint16_t seq, uint16_t lifetime)
{
	memset(&dm, 0, sizeof(dm));
	dm.type = MH_BA;
	dm.ba.status = status;
	dm.ba.seq = seq;
	dm.ba.lifetime = lifetime;
}

static void dsmip_seeds(void)
{
	static const char hoa[] = "2001:db8:1::100", ha[] = "2001:db8:1::1";

	/* behind a NAT, a dynamic IPv4 home address asked for */
	dsmip_bu(7, MH_BU_F_A | MH_BU_F_H, 150);
	dm.opts = MH_OPT(MHOPT_V4HOA) | MH_OPT(MHOPT_V4COA);
	dm.v4hoa.plen = 32;
	memcpy(dm.v4coa, "\x0a\x00\x00\x05", 4);
	dsmip_out("bu_v4coa_v4hoa", hoa, ha, 64);

	/* F set, a static IPv4 prefix (P), signed MN-HA (RFC 4285; the
	 * authenticator left zero) */
	dsmip_bu(8, MH_BU_F_A | MH_BU_F_H | MH_BU_F_F, 150);
	dm.opts = MH_OPT(MHOPT_V4HOA) | MH_OPT(MHOPT_V4COA) |
		  MH_OPT(MHOPT_MNID) | MH_OPT(MHOPT_MESGID) |
		  MH_OPT(MHOPT_AUTH);
	dm.v4hoa.plen = 24;
	dm.v4hoa.flags = MH_V4HOA_F_P;
	memcpy(dm.v4hoa.addr, "\xc0\x00\x02\x00", 4);
	memcpy(dm.v4coa, "\xc6\x33\x64\x14", 4);
	dm.mnid.subtype = MH_MNID_NAI;
	dm.mnid.len = 15;
	memcpy(dm.mnid.id, "mn1@example.org", 15);
	dm.timestamp = 0xe9a1b2c300000000ull;
	dm.auth.subtype = MH_AUTH_MN_HA;
	dm.auth.spi = 256;
	dsmip_out("bu_f_v4prefix_auth", hoa, ha, 64);

	/* deregistration from an IPv4-only link (4.4.2.1) */
	dsmip_bu(9, MH_BU_F_A | MH_BU_F_H, 0);
	dm.opts = MH_OPT(MHOPT_V4COA);
	memcpy(dm.v4coa, "\x0a\x00\x00\x05", 4);
	dsmip_out("bu_dereg", hoa, ha, 64);

	/* accepted, IPv4 home address given, NAT detected (4.2) */
	dsmip_ba(BA_ACCEPTED, 7, 150);
	dm.opts = MH_OPT(MHOPT_V4ACK) | MH_OPT(MHOPT_NATD);
	dm.v4ack.plen = 32;
	memcpy(dm.v4ack.addr, "\xc0\x00\x02\x21", 4);
	dm.natd.refresh = DSMIP_NATKATIMEOUT_S;
	dsmip_out("ba_v4ack_natd", ha, hoa, 64);

	/* no NAT but UDP forced, no keepalives (3.2.2: all 1s); the IPv4
	 * home address refused */
	dsmip_ba(BA_ACCEPTED, 8, 150);
	dm.opts = MH_OPT(MHOPT_V4ACK) | MH_OPT(MHOPT_NATD);
	dm.v4ack.status = V4ACK_PROHIBITED;
	dm.natd.flags = MH_NATD_F_F;
	dm.natd.refresh = MH_NATD_NO_REFRESH;
	dsmip_out("ba_v4ack_fail_natd_f", ha, hoa, 255);
}

/* ---- fuzz_vici: streams of VICI segments ---- */

static struct {
	uint8_t b[4096];
	size_t len, pkt;	/* bytes so far; where the packet began */
} vs;

static void vs_put(const void *p, size_t n)
{
	if (n > sizeof(vs.b) - vs.len)
		abort();
	memcpy(vs.b + vs.len, p, n);
	vs.len += n;
}

static void vs_u8(unsigned int v)
{
	uint8_t b = (uint8_t)v;

	vs_put(&b, 1);
}

static void vs_name(const char *name)
{
	vs_u8((unsigned int)strlen(name));
	vs_put(name, strlen(name));
}

/* Close the packet begun last: its 32-bit big-endian length. */
static void vs_pkt_end(void)
{
	size_t n = vs.len - vs.pkt - 4;

	vs.b[vs.pkt] = (uint8_t)(n >> 24);
	vs.b[vs.pkt + 1] = (uint8_t)(n >> 16);
	vs.b[vs.pkt + 2] = (uint8_t)(n >> 8);
	vs.b[vs.pkt + 3] = (uint8_t)n;
}

/* Begin a packet (closing the one before): its type and name. */
static void vs_pkt(enum vici_pkt_type type, const char *name)
{
	if (vs.len)
		vs_pkt_end();
	vs.pkt = vs.len;
	vs_put("\0\0\0\0", 4);
	vs_u8(type);
	if (name)
		vs_name(name);
}

/* An element: its type, name and 16-bit length and value, if any. */
static void vs_el(enum vici_el_type type, const char *name, const char *val)
{
	vs_u8(type);
	if (name)
		vs_name(name);
	if (val) {
		vs_u8((unsigned int)(strlen(val) >> 8));
		vs_u8((unsigned int)strlen(val) & 0xff);
		vs_put(val, strlen(val));
	}
}

#define SEC(n)		vs_el(VICI_SECTION_START, n, NULL)
#define END()		vs_el(VICI_SECTION_END, NULL, NULL)
#define KV(k, v)	vs_el(VICI_KEY_VALUE, k, v)

/* Key/values from pairs of strings up to a NULL; a list of strings. */
static void vs_kvs(const char *const *kv)
{
	for (; *kv; kv += 2)
		KV(kv[0], kv[1]);
}

static void vs_list(const char *name, const char *const *items)
{
	vs_el(VICI_LIST_START, name, NULL);
	for (; *items; items++)
		vs_el(VICI_LIST_ITEM, NULL, *items);
	vs_el(VICI_LIST_END, NULL, NULL);
}

#define KVS(...)	vs_kvs((const char *const[]){ __VA_ARGS__, NULL })
#define LIST(n, ...)	vs_list(n, (const char *const[]){ __VA_ARGS__, NULL })

static void vs_out(const char *name)
{
	vs_pkt_end();
	out("vici", name, vs.b, vs.len);
	memset(&vs, 0, sizeof(vs));
}

/* An IKE_SA as list-sas and ike-updown describe it. */
static void vs_ike_sa(void)
{
	SEC("mip6");
	KVS("uniqueid", "1", "version", "2", "state", "ESTABLISHED",
	    "local-host", "2001:db8:2::1", "local-port", "4500",
	    "local-id", "mn@example.org", "remote-host", "2001:db8:1::1",
	    "remote-port", "4500", "remote-id", "ha.example.org",
	    "initiator", "yes", "initiator-spi", "8f1e2d3c4b5a6978",
	    "responder-spi", "0123456789abcdef", "encr-alg", "AES_GCM_16",
	    "encr-keysize", "256", "established", "12",
	    "rekey-time", "14075");
	SEC("child-sas");
	SEC("mip6-ho-1");
	KVS("name", "mip6-ho", "uniqueid", "1", "reqid", "1",
	    "state", "INSTALLED", "mode", "TRANSPORT", "protocol", "ESP",
	    "spi-in", "c1a2b3c4", "spi-out", "c5d6e7f8",
	    "bytes-in", "18446744073709551615", "packets-in", "0");
	LIST("local-ts", "2001:db8:1::100/128[mobility-header]");
	LIST("remote-ts", "2001:db8:1::1/128[mobility-header]");
	END();
	END();
	END();
}

static void vici_seeds(void)
{
	int i;

	/* swanctl --load-conns: a mobile node's connection, the answers */
	vs_pkt(VICI_CMD_REQUEST, "load-conn");
	SEC("mip6");
	KV("version", "2");
	LIST("local_addrs", "2001:db8:2::1");
	LIST("remote_addrs", "2001:db8:1::1");
	KVS("mobike", "yes", "rekey_time", "14400");
	SEC("local-0");
	KV("auth", "pubkey");
	LIST("certs", "mn.pem");
	KV("id", "mn@example.org");
	END();
	SEC("remote-0");
	KVS("auth", "pubkey", "id", "ha.example.org");
	END();
	SEC("children");
	SEC("mip6-ho");
	LIST("local_ts", "2001:db8:1::100/128[mobility-header]");
	LIST("remote_ts", "2001:db8:1::1/128[mobility-header]");
	LIST("esp_proposals", "aes256gcm16", "default");
	KVS("mode", "transport", "start_action", "trap");
	END();
	END();
	END();
	vs_out("load_conn");
	vs_pkt(VICI_CMD_RESPONSE, NULL);
	KV("success", "yes");
	vs_pkt(VICI_CMD_RESPONSE, NULL);
	KVS("success", "no", "errmsg", "parsing local_ts failed");
	vs_out("load_conn_replies");

	/* swanctl --version, --stats */
	vs_pkt(VICI_CMD_REQUEST, "version");
	vs_pkt(VICI_CMD_RESPONSE, NULL);
	KVS("daemon", "charon", "version", "5.9.8", "sysname", "Linux",
	    "release", "6.12.0", "machine", "x86_64");
	vs_out("version");
	vs_pkt(VICI_CMD_RESPONSE, NULL);
	SEC("uptime");
	KVS("running", "2 hours", "since", "Jan 1 00:00:00 2025");
	END();
	SEC("workers");
	KVS("total", "16", "idle", "11");
	SEC("active");
	KVS("critical", "4", "high", "0", "medium", "1", "low", "0");
	END();
	END();
	KV("scheduled", "3");
	SEC("ikesas");
	KVS("total", "1", "half-open", "0");
	END();
	LIST("plugins", "charon", "vici", "kernel-netlink");
	vs_out("stats");

	/* events: register, confirm, an ike-updown and a child-updown */
	vs_pkt(VICI_EVENT_REGISTER, "ike-updown");
	vs_pkt(VICI_EVENT_CONFIRM, NULL);
	vs_pkt(VICI_EVENT_REGISTER, "child-updown");
	vs_pkt(VICI_EVENT_CONFIRM, NULL);
	vs_pkt(VICI_EVENT, "ike-updown");
	KV("up", "yes");
	vs_ike_sa();
	vs_pkt(VICI_EVENT, "child-updown");
	vs_ike_sa();
	vs_pkt(VICI_EVENT_UNREGISTER, "ike-updown");
	vs_pkt(VICI_EVENT_CONFIRM, NULL);
	vs_out("events");

	/* list-sas: list-sa events, then the (empty) response */
	vs_pkt(VICI_CMD_REQUEST, "list-sas");
	KVS("ike", "mip6", "noblock", "yes");
	vs_pkt(VICI_EVENT, "list-sa");
	vs_ike_sa();
	vs_pkt(VICI_CMD_RESPONSE, NULL);
	vs_out("list_sas");

	/* initiate with its log, and what is unknown */
	vs_pkt(VICI_CMD_REQUEST, "initiate");
	KVS("child", "mip6-ho", "timeout", "0", "loglevel", "1");
	vs_pkt(VICI_EVENT, "control-log");
	KVS("group", "IKE", "level", "1", "ikesa-name", "mip6",
	    "ikesa-uniqueid", "1", "msg", "establishing CHILD_SA mip6-ho");
	vs_pkt(VICI_CMD_RESPONSE, NULL);
	KVS("success", "yes", "errmsg", "");
	vs_pkt(VICI_CMD_REQUEST, "mobility");
	vs_pkt(VICI_CMD_UNKNOWN, NULL);
	vs_pkt(VICI_EVENT_REGISTER, "mobility");
	vs_pkt(VICI_EVENT_UNKNOWN, NULL);
	vs_out("initiate_unknown");

	/* sections VICI_MAX_DEPTH deep, a list in the innermost */
	vs_pkt(VICI_EVENT, "deep");
	for (i = 0; i < VICI_MAX_DEPTH; i++)
		SEC("s");
	LIST("l", "x", "");
	KV("k", "v");
	for (i = 0; i < VICI_MAX_DEPTH; i++)
		END();
	vs_out("deep");
}

int main(int argc, char **argv)
{
	if (argc != 3) {
		fprintf(stderr, "usage: mkseeds CORPUS_DIR CONF_EXAMPLE\n");
		return 2;
	}
	top = argv[1];
	binding_seeds();
	genl_seeds();
	args_seeds();
	flow_args_seeds();
	conf_seeds(argv[2]);
	rtnl_seeds();
	dsmip_seeds();
	vici_seeds();
	return 0;
}
