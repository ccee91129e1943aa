// SPDX-License-Identifier: GPL-2.0
/*
 * test_udp.c - the UDP encapsulation, role and buffer additions: "binding
 * add ... role R", "encap udp [port P]" (parse, request, show line and
 * JSON, "buffered"), and "ipmob udp" (parse, requests, the UDP_GET
 * reply, the datagram lines and their rate limit, the socket, the
 * commands against the fake kernel).
 */
#include <arpa/inet.h>
#include <errno.h>
#include <stdlib.h>
#include <unistd.h>
#include <sys/socket.h>
#include <libmnl/libmnl.h>

#include "t.h"

static int bparse(const char *cmd, struct binding_args *a, char *err)
{
	char store[1024], *argv[64], e2[ERRBUF_LEN];
	int argc;

	snprintf(store, sizeof(store), "%s", cmd);
	argc = tokenize(store, argv, 64, e2, sizeof(e2));
	err[0] = '\0';
	return binding_args_parse(argc, argv, a, err, ERRBUF_LEN);
}

static int uparse(const char *cmd, struct udp_args *a, char *err)
{
	char store[512], *argv[16], e2[ERRBUF_LEN];
	int argc;

	snprintf(store, sizeof(store), "%s", cmd);
	argc = tokenize(store, argv, 16, e2, sizeof(e2));
	err[0] = '\0';
	return udp_args_parse(argc, argv, a, err, ERRBUF_LEN);
}

#define H "hoa 2001:db8:1::100"
#define C "coa 2001:db8:2::100"

static void test_role(void)
{
	static const struct {
		const char *cmd;
		int role;	/* 0: error */
		const char *err;
	} cases[] = {
		{ "add " H " " C " role ha dev lo", IPMOB_ROLE_HA, NULL },
		{ "add " H " " C " role lma dev lo", IPMOB_ROLE_LMA, NULL },
		{ "add " H " " C " role map mode tunnel dev lo", IPMOB_ROLE_MAP, NULL },
		{ "add " H " " C " role par dev lo", IPMOB_ROLE_PAR, NULL },
		{ "add " H " " C " role nar dev lo", IPMOB_ROLE_NAR, NULL },
		{ "add " H " " C " role anchor dev lo", IPMOB_ROLE_ANCHOR, NULL },
		{ "add " H " " C " role cn mode ro dev lo", IPMOB_ROLE_CN, NULL },
		{ "change " H " " C " role mn peer 2001:db8::1 mode ro dev lo", IPMOB_ROLE_MN, NULL },
		{ "add " H " " C " role mn peer 2001:db8::1 dev lo", IPMOB_ROLE_MN, NULL },
		{ "add " H " " C " role mag peer 2001:db8::1 dev lo", IPMOB_ROLE_MAG, NULL },
		{ "add hoa 10.0.1.1 coa 10.0.2.1 role fa peer 10.0.0.1 dev lo", IPMOB_ROLE_FA, NULL },
		{ "add " H " " C " role mn dev lo", 0, "role mn needs a \"peer\"" },
		{ "add " H " " C " role mag dev lo", 0, "role mag needs a \"peer\" and mode tunnel" },
		{ "add " H " " C " role fa peer 2001:db8::1 mode ro dev lo", 0, "role fa needs a \"peer\" and mode tunnel" },
		{ "add " H " " C " role cn dev lo", 0, "role cn needs no \"peer\" and mode ro" },
		{ "add " H " " C " role cn peer 2001:db8::1 mode ro dev lo", 0, "role cn needs no \"peer\" and mode ro" },
		{ "add " H " " C " role ha mode ro dev lo", 0, "role ha needs no \"peer\" and mode tunnel" },
		{ "add " H " " C " role lma peer 2001:db8::1 dev lo", 0, "role lma needs no \"peer\" and mode tunnel" },
		{ "add " H " " C " role HA dev lo", 0, "invalid role \"HA\" (expected \"ha\", \"cn\", \"mn\", \"lma\", \"mag\", \"fa\", \"map\", \"par\", \"nar\" or \"anchor\")" },
		{ "add " H " " C " role ha role ha dev lo", 0, "duplicate \"role\"" },
		{ "add " H " " C " role", 0, "missing value for \"role\"" },
		{ "del " H " role ha dev lo", 0, "keyword \"role\" is not valid for \"binding del\"" },
		{ "show " H " role ha", 0, "keyword \"role\" is not valid for \"binding show\"" },
	};
	static uint32_t buf[GENL_TXBUF_LEN / 4];
	struct binding_args a;
	struct ipmob_binding got;
	char err[ERRBUF_LEN];
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		int ret = bparse(cases[i].cmd, &a, err);

		if (cases[i].role) {
			CHECK(ret == 0);
			CHECK_STR(err, "");
			CHECK(BA_HAS(&a.b, IPMOB_BA_ROLE) &&
			      a.b.role == cases[i].role);
		} else {
			CHECK(ret == -1);
			CHECK_STR(err, cases[i].err);
		}
	}
	/* no role: none sent (the kernel implies it) */
	CHECK(bparse("add " H " " C " dev lo", &a, err) == 0);
	CHECK(!BA_HAS(&a.b, IPMOB_BA_ROLE));
	/* the request carries IPMOB_BA_ROLE, a u8 */
	CHECK(bparse("add " H " " C " role nar dev lo", &a, err) == 0);
	a.ifindex = 1;
	{
		struct nlmsghdr *nlh = binding_args_msg(&a, FAKE_FAMILY, 1, buf,
							 sizeof(buf));
		const struct nlattr *n, *x;
		unsigned int roles = 0;

		CHECK(nlh != NULL);
		n = mnl_nlmsg_get_payload_offset(nlh, GENL_HDRLEN);
		CHECK(binding_from_nest(n, &got) == 0);
		CHECK(BA_HAS(&got, IPMOB_BA_ROLE) && got.role == IPMOB_ROLE_NAR);
		mnl_attr_for_each_nested(x, n) {
			if (mnl_attr_get_type(x) != IPMOB_BA_ROLE)
				continue;
			roles++;
			CHECK(mnl_attr_get_payload_len(x) == 1);
		}
		CHECK(roles == 1);
	}
}

static void test_encap_udp(void)
{
	static const struct {
		const char *cmd;
		const char *err;
	} bad[] = {
		{ "add " H " " C " port 4191 dev lo", "a port needs \"encap udp\" (care-of address 1)" },
		{ "add " H " " C " encap gre port 4191 dev lo", "a port needs \"encap udp\" (care-of address 1)" },
		{ "add " H " " C " encap udp peer 2001:db8::1 dev lo", "encap udp needs the home agent's port at a mobile node (port PORT)" },
		{ "add " H " " C " encap udp port 0 dev lo", "invalid port \"0\" (1-65535)" },
		{ "add " H " " C " encap udp port 65536 dev lo", "invalid port \"65536\" (1-65535)" },
		{ "add " H " " C " encap udp port 1 port 2 dev lo", "duplicate \"port\" for care-of address 1" },
		{ "add " H " port 1 " C " dev lo", "\"port\" must follow a \"coa\"" },
		{ "add " H " " C " encap udp mode ro dev lo", "encap udp needs mode tunnel" },
		{ "del " H " port 1 dev lo", "keyword \"port\" is not valid for \"binding del\"" },
		/* learn: the NAT's later mappings, at a binding cache entry */
		{ "add " H " " C " learn on dev lo", "learn needs \"encap udp\" at a binding cache entry (care-of address 1)" },
		{ "add " H " " C " encap gre learn on dev lo", "learn needs \"encap udp\" at a binding cache entry (care-of address 1)" },
		{ "add " H " " C " encap udp port 4191 learn on peer 2001:db8::1 dev lo", "learn needs \"encap udp\" at a binding cache entry (care-of address 1)" },
		{ "add " H " " C " encap udp learn yes dev lo", "invalid learn \"yes\" (expected \"on\" or \"off\")" },
		{ "add " H " " C " encap udp learn on learn off dev lo", "duplicate \"learn\" for care-of address 1" },
		{ "add " H " learn on " C " dev lo", "\"learn\" must follow a \"coa\"" },
		{ "add " H " " C " encap udp learn", "missing value for \"learn\"" },
		{ "del " H " learn on dev lo", "keyword \"learn\" is not valid for \"binding del\"" },
	};
	struct binding_args a;
	struct ipmob_binding *b = &a.b;
	char err[ERRBUF_LEN];
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		CHECK(bparse(bad[i].cmd, &a, err) == -1);
		CHECK_STR(err, bad[i].err);
	}
	/* a binding cache entry: no port (learnt), or one */
	CHECK(bparse("add " H " coa 10.0.2.1 encap udp role ha dev lo", &a, err) == 0);
	CHECK_STR(err, "");
	CHECK(b->coa[0].has_encap && b->coa[0].encap == IPMOB_ENCAP_UDP);
	CHECK(!b->coa[0].has_port && !b->coa[0].learn);
	/* learn on: the port given first, then the NAT's (RFC 5555 4.1);
	 * off: the port given only; the flag travels in the request */
	CHECK(bparse("add " H " coa 10.0.2.1 encap udp port 4191 learn on role ha dev lo", &a, err) == 0);
	CHECK_STR(err, "");
	CHECK(b->coa[0].has_port && b->coa[0].port == 4191 && b->coa[0].learn);
	{
		static uint32_t lbuf[GENL_TXBUF_LEN / 4];
		struct ipmob_binding got;
		struct nlmsghdr *nlh;

		a.ifindex = 1;
		nlh = binding_args_msg(&a, FAKE_FAMILY, 1, lbuf, sizeof(lbuf));
		CHECK(nlh != NULL);
		CHECK(binding_from_nest(mnl_nlmsg_get_payload_offset(nlh, GENL_HDRLEN),
					&got) == 0);
		CHECK(got.ncoa == 1 && got.coa[0].learn && got.coa[0].port == 4191);
	}
	CHECK(bparse("add " H " coa 10.0.2.1 encap udp port 4191 learn off dev lo", &a, err) == 0);
	CHECK(b->coa[0].has_port && !b->coa[0].learn);
	/* a mobile node: the home agent's port; either family each way */
	CHECK(bparse("add hoa 10.0.1.1 coa 2001:db8:2::1 bid 1 encap udp port 4191 coa 10.0.2.1 bid 2 encap udp port 65535 "
		     "peer 2001:db8::1 peer 192.0.2.1 dev lo", &a, err) == 0);
	CHECK_STR(err, "");
	CHECK(b->coa[0].has_port && b->coa[0].port == 4191);
	CHECK(b->coa[1].has_port && b->coa[1].port == 65535);
	CHECK(b->coa[1].encap == IPMOB_ENCAP_UDP);
	{
		static uint32_t buf[GENL_TXBUF_LEN / 4];
		struct nlmsghdr *nlh;
		struct ipmob_binding got;
		const struct nlattr *n, *c, *x;
		unsigned int ports = 0;

		a.ifindex = 1;
		nlh = binding_args_msg(&a, FAKE_FAMILY, 1, buf, sizeof(buf));
		CHECK(nlh != NULL);
		n = mnl_nlmsg_get_payload_offset(nlh, GENL_HDRLEN);
		CHECK(binding_from_nest(n, &got) == 0);
		CHECK(got.ncoa == 2 && got.coa[0].port == 4191 &&
		      got.coa[1].port == 65535);
		mnl_attr_for_each_nested(c, n) {
			if (mnl_attr_get_type(c) != IPMOB_BA_COA)
				continue;
			mnl_attr_for_each_nested(x, c) {
				if (mnl_attr_get_type(x) == IPMOB_CA_UDP_PORT) {
					ports++;
					CHECK(mnl_attr_get_payload_len(x) == 2);
				}
				if (mnl_attr_get_type(x) == IPMOB_CA_ENCAP)
					CHECK(mnl_attr_get_u8(x) == IPMOB_ENCAP_UDP);
			}
		}
		CHECK(ports == 2);
	}
}

/* "header { none | mip4 | tlv }" after "encap udp" (RFC 3519, RFC 5845) */
static void test_udp_hdr(void)
{
	static const struct {
		const char *cmd;
		const char *err;
	} bad[] = {
		{ "add " H " " C " header mip4 dev lo", "a header needs \"encap udp\" (care-of address 1)" },
		{ "add " H " " C " encap gre header tlv dev lo", "a header needs \"encap udp\" (care-of address 1)" },
		{ "add " H " " C " encap udp header ip dev lo", "invalid header \"ip\" (expected \"none\", \"mip4\" or \"tlv\")" },
		{ "add " H " " C " encap udp header mip4 header tlv dev lo", "duplicate \"header\" for care-of address 1" },
		{ "add " H " header tlv " C " dev lo", "\"header\" must follow a \"coa\"" },
		{ "add " H " " C " encap udp key 5 dev lo", "a GRE key needs \"encap gre\" or \"encap udp header tlv\" (care-of address 1)" },
		{ "add " H " " C " encap udp header mip4 okey 5 dev lo", "a GRE key needs \"encap gre\" or \"encap udp header tlv\" (care-of address 1)" },
		{ "add " H " " C " encap udp header none ikey 5 dev lo", "a GRE key needs \"encap gre\" or \"encap udp header tlv\" (care-of address 1)" },
		{ "del " H " header mip4 dev lo", "keyword \"header\" is not valid for \"binding del\"" },
	};
	static uint32_t buf[GENL_TXBUF_LEN / 4];
	struct binding_args a;
	struct ipmob_binding *b = &a.b, got;
	char err[ERRBUF_LEN], line[512], cmd[600];
	const struct nlattr *n, *c, *x;
	struct nlmsghdr *nlh;
	unsigned int hdrs = 0, keys = 0, i;

	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		CHECK(bparse(bad[i].cmd, &a, err) == -1);
		CHECK_STR(err, bad[i].err);
	}
	CHECK(bparse("add " H " coa 10.0.2.1 bid 1 encap udp header mip4 coa 10.0.2.2 bid 2 header tlv encap udp key 7 "
		     "coa 10.0.2.3 bid 3 encap udp port 434 header none dev lo", &a, err) == 0);
	CHECK_STR(err, "");
	CHECK(b->coa[0].has_udp_hdr && b->coa[0].udp_hdr == IPMOB_UDP_HDR_MIP4);
	CHECK(b->coa[1].has_udp_hdr && b->coa[1].udp_hdr == IPMOB_UDP_HDR_TLV);
	CHECK(b->coa[1].has_okey && b->coa[1].okey == 7 &&
	      b->coa[1].has_ikey && b->coa[1].ikey == 7);
	CHECK(b->coa[2].has_udp_hdr && b->coa[2].udp_hdr == IPMOB_UDP_HDR_NONE);
	a.ifindex = 1;
	nlh = binding_args_msg(&a, FAKE_FAMILY, 1, buf, sizeof(buf));
	CHECK(nlh != NULL);
	n = mnl_nlmsg_get_payload_offset(nlh, GENL_HDRLEN);
	mnl_attr_for_each_nested(c, n) {
		if (mnl_attr_get_type(c) != IPMOB_BA_COA)
			continue;
		mnl_attr_for_each_nested(x, c) {
			if (mnl_attr_get_type(x) == IPMOB_CA_UDP_HDR) {
				hdrs++;
				CHECK(mnl_attr_get_payload_len(x) == 1);
			}
			if (mnl_attr_get_type(x) == IPMOB_CA_GRE_OKEY ||
			    mnl_attr_get_type(x) == IPMOB_CA_GRE_IKEY)
				keys++;
		}
	}
	CHECK(hdrs == 3 && keys == 2);
	CHECK(binding_from_nest(n, &got) == 0);
	CHECK(got.ncoa == 3 && got.coa[0].udp_hdr == IPMOB_UDP_HDR_MIP4 &&
	      got.coa[1].udp_hdr == IPMOB_UDP_HDR_TLV &&
	      got.coa[2].has_udp_hdr && got.coa[2].udp_hdr == 0);

	/* shown back: text parses again; JSON names it; unknown as a number */
	binding_format(line, sizeof(line), &got, "lo");
	CHECK_CONTAINS(line, "coa 10.0.2.1 bid 1 prio 0 encap udp header mip4 coa");
	CHECK_CONTAINS(line, "coa 10.0.2.2 bid 2 prio 0 encap udp key 7 header tlv coa");
	CHECK_CONTAINS(line, "encap udp port 434 header none mode");
	snprintf(cmd, sizeof(cmd), "add %s", line);
	CHECK(bparse(cmd, &a, err) == 0);
	CHECK_STR(err, "");
	CHECK(a.b.coa[1].udp_hdr == IPMOB_UDP_HDR_TLV && a.b.coa[1].okey == 7);
	{
		struct cli_ctx ctx;
		struct json j;

		ctx_open(&ctx);
		json_init(&j, ctx.out, false);
		json_obj_open(&j);
		binding_json_fields(&j, &got);
		json_obj_close(&j);
		CHECK_CONTAINS(ctx_out(&ctx), "\"encap\":\"udp\",\"udp_header\":\"mip4\"}");
		CHECK_CONTAINS(ctx_out(&ctx), "\"okey\":7,\"ikey\":7,\"udp_header\":\"tlv\"}");
		ctx_close(&ctx);
	}
	got.coa[0].udp_hdr = 9;
	binding_format(line, sizeof(line), &got, "lo");
	CHECK_CONTAINS(line, "encap udp header 9 coa");
}

/* A kernel binding with the new attributes, through the show paths. */
static void test_show(void)
{
	static uint64_t buf[512];
	struct nlmsghdr *nlh = genl_msg_start(buf, FAKE_FAMILY,
					      IPMOB_CMD_BINDING_GET, 1, 0);
	struct in6_addr hoa, coa;
	struct in_addr coa4;
	struct ipmob_binding b;
	struct nlattr *n, *c;
	struct cli_ctx ctx;
	char line[512];
	struct json j;

	inet_pton(AF_INET6, "2001:db8:1::100", &hoa);
	inet_pton(AF_INET6, "2001:db8:2::100", &coa);
	inet_pton(AF_INET, "198.51.100.7", &coa4);
	n = mnl_attr_nest_start(nlh, IPMOB_A_BINDING);
	mnl_attr_put(nlh, IPMOB_BA_HOA, 16, &hoa);
	mnl_attr_put_u8(nlh, IPMOB_BA_MODE, IPMOB_MODE_TUNNEL);
	mnl_attr_put_u8(nlh, IPMOB_BA_ROLE, IPMOB_ROLE_HA);
	mnl_attr_put_u32(nlh, IPMOB_BA_IFINDEX, 1);
	mnl_attr_put_u32(nlh, IPMOB_BA_LIFETIME, 0);
	mnl_attr_put_u32(nlh, IPMOB_BA_BUFFERED, 17);
	c = mnl_attr_nest_start(nlh, IPMOB_BA_COA);
	mnl_attr_put(nlh, IPMOB_CA_ADDR, 16, &coa);
	mnl_attr_put_u8(nlh, IPMOB_CA_ENCAP, IPMOB_ENCAP_UDP);
	mnl_attr_put_u16(nlh, IPMOB_CA_UDP_PORT, 0);	/* not learnt yet */
	mnl_attr_put_u16(nlh, IPMOB_CA_BID, 1);
	mnl_attr_put_u8(nlh, IPMOB_CA_PRIO, 0);
	mnl_attr_nest_end(nlh, c);
	c = mnl_attr_nest_start(nlh, IPMOB_BA_COA);
	mnl_attr_put(nlh, IPMOB_CA_ADDR4, 4, &coa4);
	mnl_attr_put_u8(nlh, IPMOB_CA_ENCAP, IPMOB_ENCAP_UDP);
	mnl_attr_put_u16(nlh, IPMOB_CA_UDP_PORT, 4500);
	mnl_attr_put_u16(nlh, IPMOB_CA_BID, 2);
	mnl_attr_put_u8(nlh, IPMOB_CA_PRIO, 1);
	mnl_attr_nest_end(nlh, c);
	mnl_attr_nest_end(nlh, n);

	CHECK(binding_from_nest(mnl_nlmsg_get_payload_offset(nlh, GENL_HDRLEN),
				&b) == 0);
	CHECK(b.role == IPMOB_ROLE_HA && b.buffered == 17);
	binding_format(line, sizeof(line), &b, "lo");
	CHECK_STR(line, "hoa 2001:db8:1::100 coa 2001:db8:2::100 bid 1 prio 0 encap udp port 0 "
			"coa 198.51.100.7 bid 2 prio 1 encap udp port 4500 mode tunnel role ha "
			"lifetime forever dev lo buffered 17");

	/* "binding show" against the fake kernel, text and JSON */
	fake_reset();
	fake.replies[0] = nlh;
	fake.n_replies = 1;
	ctx_open(&ctx);
	CHECK(cli_dispatch(&ctx, 2, (char *[]){ "binding", "show" }) == 0);
	CHECK_STR(ctx_out(&ctx), "hoa 2001:db8:1::100 coa 2001:db8:2::100 bid 1 prio 0 encap udp port 0 "
				 "coa 198.51.100.7 bid 2 prio 1 encap udp port 4500 mode tunnel role ha "
				 "lifetime forever dev lo buffered 17\n");
	ctx_close(&ctx);
	ctx_open(&ctx);
	json_init(&j, ctx.out, false);
	json_obj_open(&j);
	binding_json_fields(&j, &b);
	json_obj_close(&j);
	CHECK_STR(ctx_out(&ctx),
		  "{\"hoa\":\"2001:db8:1::100\",\"coas\":[{\"addr\":\"2001:db8:2::100\",\"bid\":1,\"prio\":0,\"encap\":\"udp\",\"udp_port\":0},"
		  "{\"addr\":\"198.51.100.7\",\"bid\":2,\"prio\":1,\"encap\":\"udp\",\"udp_port\":4500}],"
		  "\"mode\":\"tunnel\",\"role\":\"ha\",\"lifetime\":0,\"dev\":\"lo\",\"ifindex\":1,\"buffered\":17}");
	ctx_close(&ctx);

	/* an unknown role prints as its number; the show line parses back */
	b.role = 99;
	b.present &= ~BA_BIT(IPMOB_BA_BUFFERED);
	binding_format(line, sizeof(line), &b, NULL);
	CHECK_CONTAINS(line, " mode tunnel role 99 lifetime forever");
	{
		struct binding_args a;
		char err[ERRBUF_LEN], cmd[600];

		b.role = IPMOB_ROLE_LMA;
		b.coa[0].port = 7;
		binding_format(line, sizeof(line), &b, "lo");
		snprintf(cmd, sizeof(cmd), "add %s", line);
		CHECK(bparse(cmd, &a, err) == 0);
		CHECK_STR(err, "");
		CHECK(a.b.role == IPMOB_ROLE_LMA && a.b.coa[0].port == 7 &&
		      a.b.coa[1].port == 4500);
	}
}

static void test_udp_args(void)
{
	static const struct {
		const char *cmd;
		const char *err;
	} bad[] = {
		{ "frob", "unknown command \"frob\" for \"udp\" (try \"ipmob udp help\")" },
		{ "help x", "unexpected argument \"x\" after \"help\"" },
		{ "show x", "unknown keyword \"x\"" },
		{ "listen", "missing \"port\"" },
		{ "listen address ::", "missing \"port\"" },
		{ "listen port", "missing value for \"port\"" },
		{ "listen port 0", "invalid port \"0\" (1-65535)" },
		{ "listen port 65536", "invalid port \"65536\" (1-65535)" },
		{ "listen port 1 port 2", "duplicate \"port\"" },
		{ "listen address foo port 1", "invalid address \"foo\"" },
		{ "listen address 10.0.0.256 port 1", "invalid address \"10.0.0.256\"" },
		{ "listen address :: address :: port 1", "duplicate \"address\"" },
		{ "listen port 1 dev lo", "unknown keyword \"dev\"" },
	};
	struct udp_args a;
	char err[ERRBUF_LEN];
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		CHECK(uparse(bad[i].cmd, &a, err) == -1);
		CHECK_STR(err, bad[i].err);
	}
	CHECK(udp_args_parse(0, NULL, &a, err, sizeof(err)) == 0 &&
	      a.op == UOP_SHOW);
	CHECK(uparse("sh", &a, err) == 0 && a.op == UOP_SHOW);
	CHECK(uparse("help", &a, err) == 0 && a.op == UOP_HELP);
	CHECK(uparse("listen port 4191", &a, err) == 0);
	CHECK(a.op == UOP_LISTEN && a.port == 4191 && !a.has_addr);
	CHECK(uparse("l address 192.0.2.1 port 1", &a, err) == 0);
	CHECK(a.has_addr && a.addr4 && a.port == 1);
	CHECK(!memcmp(&a.addr.s6_addr[12], "\xc0\x00\x02\x01", 4));
	CHECK(uparse("listen port 65535 address 2001:db8::1", &a, err) == 0);
	CHECK(a.has_addr && !a.addr4 && a.port == 65535);
	CHECK(a.addr.s6_addr[0] == 0x20 && a.addr.s6_addr[15] == 1);
}

static void test_udp_msgs(void)
{
	static uint64_t buf[64];
	char small[8];
	struct nlmsghdr *nlh;
	const struct nlattr *x;
	unsigned int n = 0;

	nlh = udp_set_msg(5, FAKE_FAMILY, 1, buf, sizeof(buf));
	CHECK(nlh && nlh->nlmsg_type == FAKE_FAMILY);
	CHECK(((struct genlmsghdr *)mnl_nlmsg_get_payload(nlh))->cmd ==
	      IPMOB_CMD_UDP_SET);
	mnl_attr_for_each(x, nlh, GENL_HDRLEN) {
		n++;
		CHECK(mnl_attr_get_type(x) == IPMOB_A_FD);
		CHECK(mnl_attr_get_payload_len(x) == 4 && mnl_attr_get_u32(x) == 5);
	}
	CHECK(n == 1);
	nlh = udp_set_msg(-1, FAKE_FAMILY, 1, buf, sizeof(buf));
	CHECK(nlh && nlh->nlmsg_len == NLMSG_HDRLEN + GENL_HDRLEN);
	nlh = udp_get_msg(FAKE_FAMILY, 1, buf, sizeof(buf));
	CHECK(nlh && nlh->nlmsg_len == NLMSG_HDRLEN + GENL_HDRLEN);
	CHECK(((struct genlmsghdr *)mnl_nlmsg_get_payload(nlh))->cmd ==
	      IPMOB_CMD_UDP_GET);
	CHECK(!(nlh->nlmsg_flags & NLM_F_DUMP));
	CHECK(udp_set_msg(5, 1, 1, small, sizeof(small)) == NULL);
	CHECK(udp_get_msg(1, 1, small, sizeof(small)) == NULL);
}

static struct nlmsghdr *get_reply(void *buf, int port, int family, int bad)
{
	struct nlmsghdr *nlh = genl_msg_start(buf, FAKE_FAMILY,
					      IPMOB_CMD_UDP_GET, 1, 0);

	if (port >= 0)
		mnl_attr_put_u16(nlh, IPMOB_A_UDP_PORT, (uint16_t)port);
	if (family >= 0)
		mnl_attr_put_u16(nlh, IPMOB_A_UDP_FAMILY, (uint16_t)family);
	if (bad)
		mnl_attr_put_u32(nlh, IPMOB_A_UDP_PORT, 1);
	return nlh;
}

static void test_udp_show(void)
{
	static uint64_t b1[64], b2[64], b3[64], b4[64];
	struct nlmsghdr *r6 = get_reply(b1, 4191, AF_INET6, 0);
	struct nlmsghdr *r4 = get_reply(b2, 500, AF_INET, 0);
	struct nlmsghdr *none = get_reply(b3, -1, -1, 0);
	struct nlmsghdr *bad = get_reply(b4, 1, AF_INET, 1);
	struct cli_ctx ctx;

	ctx_open(&ctx);
	CHECK(udp_print_reply(&ctx, r6) == 0);
	CHECK(udp_print_reply(&ctx, r4) == 0);
	CHECK(udp_print_reply(&ctx, none) == 0);
	CHECK(udp_print_reply(&ctx, bad) == -EBADMSG);
	CHECK_STR(ctx_out(&ctx), "port 4191 family inet6\nport 500 family inet\n");
	ctx_close(&ctx);
	ctx_open(&ctx);
	ctx.json = true;
	CHECK(udp_print_reply(&ctx, r6) == 0);
	CHECK(udp_print_reply(&ctx, none) == 0);
	CHECK_STR(ctx_out(&ctx), "{\"port\":4191,\"family\":\"inet6\"}\n{}\n");
	ctx_close(&ctx);

	/* the command */
	fake_reset();
	fake.replies[0] = r6;
	fake.n_replies = 1;
	ctx_open(&ctx);
	CHECK(cli_dispatch(&ctx, 2, (char *[]){ "udp", "show" }) == 0);
	CHECK_STR(ctx_out(&ctx), "port 4191 family inet6\n");
	CHECK(fake.n_msgs == 1 && fake.cmd[0] == IPMOB_CMD_UDP_GET);
	ctx_close(&ctx);
	fake_reset();
	fake.replies[0] = none;
	fake.n_replies = 1;
	ctx_open(&ctx);
	ctx.json = true;
	CHECK(cli_dispatch(&ctx, 1, (char *[]){ "udp" }) == 0);
	CHECK_STR(ctx_out(&ctx), "{}\n");
	ctx_close(&ctx);
	fake_reset();
	fake.replies[0] = bad;
	fake.n_replies = 1;
	ctx_open(&ctx);
	CHECK(cli_dispatch(&ctx, 2, (char *[]){ "udp", "show" }) == EXIT_KERNEL);
	CHECK_STR(ctx_err(&ctx), "ipmob: malformed UDP socket reply from the kernel\n");
	ctx_close(&ctx);
	fake_reset();
	ctx_open(&ctx);
	CHECK(cli_dispatch(&ctx, 3, (char *[]){ "udp", "show", "x" }) == EXIT_USAGE);
	CHECK_STR(ctx_err(&ctx), "ipmob: unknown keyword \"x\"\n");
	CHECK(fake.n_msgs == 0);
	ctx_close(&ctx);
}

static void test_datagrams(void)
{
	struct udp_ratelimit rl = { .start_ms = 1000 };
	struct sockaddr_in6 s6 = { .sin6_family = AF_INET6,
				   .sin6_port = htons(4500) };
	struct sockaddr_in s4 = { .sin_family = AF_INET,
				  .sin_port = htons(1) };
	struct cli_ctx ctx;
	unsigned int i;
	int printed = 0;

	inet_pton(AF_INET6, "::ffff:198.51.100.7", &s6.sin6_addr);
	inet_pton(AF_INET, "192.0.2.9", &s4.sin_addr);
	ctx_open(&ctx);
	CHECK(udp_datagram_print(&ctx, &rl, 1000, (void *)&s6, 120) == 1);
	CHECK(udp_datagram_print(&ctx, &rl, 1001, (void *)&s4, 0) == 1);
	inet_pton(AF_INET6, "2001:db8::7", &s6.sin6_addr);
	CHECK(udp_datagram_print(&ctx, &rl, 1002, (void *)&s6, 65535) == 1);
	CHECK_STR(ctx_out(&ctx), "from 198.51.100.7 port 4500, 120 bytes\n"
				 "from 192.0.2.9 port 1, 0 bytes\n"
				 "from 2001:db8::7 port 4500, 65535 bytes\n");
	ctx_close(&ctx);

	/* at most 10 a second; the next line says how many were not */
	rl = (struct udp_ratelimit){ .start_ms = 5000 };
	ctx_open(&ctx);
	for (i = 0; i < 25; i++)
		printed += udp_datagram_print(&ctx, &rl, 5000 + i, (void *)&s4, 1);
	CHECK(printed == UDP_RATE_LINES && rl.suppressed == 15);
	CHECK(udp_datagram_print(&ctx, &rl, 5999, (void *)&s4, 1) == 0);
	CHECK(udp_datagram_print(&ctx, &rl, 6000, (void *)&s4, 2) == 2);
	CHECK(rl.suppressed == 0);
	CHECK_CONTAINS(ctx_out(&ctx), "from 192.0.2.9 port 1, 1 bytes\n"
				      "suppressed 16 datagrams\n"
				      "from 192.0.2.9 port 1, 2 bytes\n");
	ctx_close(&ctx);

	/* JSON: one object per line */
	rl = (struct udp_ratelimit){ .start_ms = 0, .lines = 10, .suppressed = 3 };
	ctx_open(&ctx);
	ctx.json = true;
	CHECK(udp_datagram_print(&ctx, &rl, 999, (void *)&s4, 9) == 0);
	CHECK(udp_datagram_print(&ctx, &rl, 1000, (void *)&s6, 9) == 2);
	CHECK_STR(ctx_out(&ctx), "{\"suppressed\":4}\n"
				 "{\"from\":\"2001:db8::7\",\"port\":4500,\"bytes\":9}\n");
	ctx_close(&ctx);
}

/* A free port of 127.0.0.1, from the kernel. */
static uint16_t free_port(void)
{
	struct sockaddr_in s = { .sin_family = AF_INET };
	socklen_t len = sizeof(s);
	int fd = socket(AF_INET, SOCK_DGRAM, 0);

	s.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (fd < 0 || bind(fd, (void *)&s, sizeof(s)) < 0 ||
	    getsockname(fd, (void *)&s, &len) < 0)
		abort();
	close(fd);
	return ntohs(s.sin_port);
}

static void test_socket(void)
{
	struct udp_args a;
	struct sockaddr_storage ss;
	socklen_t len = sizeof(ss);
	char err[ERRBUF_LEN], cmd[128];
	struct cli_ctx ctx;
	int fd, fd2, v6only = 1;
	socklen_t ol = sizeof(v6only);

	snprintf(cmd, sizeof(cmd), "listen address 127.0.0.1 port %u",
		 free_port());
	CHECK(uparse(cmd, &a, err) == 0);
	fd = udp_listen_socket(&a, err, sizeof(err));
	CHECK(fd >= 0);
	CHECK(getsockname(fd, (void *)&ss, &len) == 0);
	CHECK(ss.ss_family == AF_INET &&
	      ntohs(((struct sockaddr_in *)&ss)->sin_port) == a.port);
	/* the port is taken: a one-line reason */
	fd2 = udp_listen_socket(&a, err, sizeof(err));
	CHECK(fd2 < 0);
	CHECK_CONTAINS(err, "cannot bind to 127.0.0.1 port ");
	if (fd2 >= 0)
		close(fd2);
	close(fd);

	/* no address: IPv6 taking IPv4 too, when the host has IPv6 */
	snprintf(cmd, sizeof(cmd), "listen port %u", free_port());
	CHECK(uparse(cmd, &a, err) == 0);
	fd = udp_listen_socket(&a, err, sizeof(err));
	if (fd >= 0) {
		len = sizeof(ss);
		CHECK(getsockname(fd, (void *)&ss, &len) == 0);
		CHECK(ss.ss_family == AF_INET6);
		CHECK(getsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &v6only, &ol) == 0);
		CHECK(v6only == 0);
		close(fd);
	} else {
		fprintf(stderr, "udp: no IPv6 socket here (%s)\n", err);
	}

	/* listen: the kernel refuses the socket: its message, nothing out */
	snprintf(cmd, sizeof(cmd), "%u", free_port());
	fake_reset();
	fake.fail_error = -EBUSY;
	fake.fail_msg = "the socket already carries an encapsulation";
	ctx_open(&ctx);
	CHECK(cli_dispatch(&ctx, 6, (char *[]){ "udp", "listen", "address",
		"127.0.0.1", "port", cmd }) == EXIT_KERNEL);
	CHECK_STR(ctx_err(&ctx), "ipmob: the socket already carries an encapsulation\n");
	CHECK_STR(ctx_out(&ctx), "");
	CHECK(fake.n_msgs == 1 && fake.cmd[0] == IPMOB_CMD_UDP_SET);
	ctx_close(&ctx);
}

void test_udp(void)
{
	test_role();
	test_encap_udp();
	test_udp_hdr();
	test_show();
	test_udp_args();
	test_udp_msgs();
	test_udp_show();
	test_datagrams();
	test_socket();
}
