// SPDX-License-Identifier: GPL-2.0
/*
 * test_output.c - what "binding show", "stats" and "monitor" print,
 * in plain text and JSON, from synthesized kernel messages.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <stdlib.h>
#include <time.h>
#include <libmnl/libmnl.h>

#include "t.h"

static void put_addr(struct nlmsghdr *nlh, uint16_t type, const char *s)
{
	struct in6_addr a;

	inet_pton(AF_INET6, s, &a);
	mnl_attr_put(nlh, type, 16, &a);
}

static void put_binding(struct nlmsghdr *nlh, const char *hoa, bool full)
{
	struct nlattr *n = mnl_attr_nest_start(nlh, IPMOB_A_BINDING), *c;

	put_addr(nlh, IPMOB_BA_HOA, hoa);
	c = mnl_attr_nest_start(nlh, IPMOB_BA_COA);
	put_addr(nlh, IPMOB_CA_ADDR, "2001:db8:2::100");
	mnl_attr_put_u16(nlh, IPMOB_CA_BID, 1);
	mnl_attr_put_u8(nlh, IPMOB_CA_PRIO, 0);
	mnl_attr_nest_end(nlh, c);
	mnl_attr_put_u8(nlh, IPMOB_BA_MODE, IPMOB_MODE_TUNNEL);
	mnl_attr_put_u32(nlh, IPMOB_BA_IFINDEX, 1);
	if (full) {
		c = mnl_attr_nest_start(nlh, IPMOB_BA_COA);
		put_addr(nlh, IPMOB_CA_ADDR, "2001:db8:4::1");
		mnl_attr_put_u8(nlh, IPMOB_CA_PRIO, 3);
		mnl_attr_nest_end(nlh, c);
		put_addr(nlh, IPMOB_BA_PEER, "2001:db8:3::1");
		put_addr(nlh, IPMOB_BA_LOCAL, "2001:db8:2::1");
		mnl_attr_put_u32(nlh, IPMOB_BA_LIFETIME, 300);
		mnl_attr_put_u32(nlh, IPMOB_BA_REMAINING, 287000);
		mnl_attr_put_u32(nlh, IPMOB_BA_FLAGS, 1);
		mnl_attr_put_u64(nlh, IPMOB_BA_TX_PACKETS, 12);
		mnl_attr_put_u64(nlh, IPMOB_BA_RX_PACKETS, 10);
	}
	mnl_attr_nest_end(nlh, n);
}

static void put_addr4(struct nlmsghdr *nlh, uint16_t type, const char *s)
{
	struct in_addr a;

	inet_pton(AF_INET, s, &a);
	mnl_attr_put(nlh, type, 4, &a);
}

/*
 * IPv4 bindings: a home agent's (IPv4 in IPv4), a DSMIPv6 mobile node's
 * with both peers and locals, and an IPv4 home prefix of another.
 */
static void put_bindings4(struct nlmsghdr *nlh)
{
	struct nlattr *n, *c;

	n = mnl_attr_nest_start(nlh, IPMOB_A_BINDING);
	put_addr4(nlh, IPMOB_BA_HOA4, "10.0.1.100");
	c = mnl_attr_nest_start(nlh, IPMOB_BA_COA);
	put_addr4(nlh, IPMOB_CA_ADDR4, "10.0.2.100");
	mnl_attr_put_u8(nlh, IPMOB_CA_PRIO, 0);
	mnl_attr_put_u8(nlh, IPMOB_CA_ENCAP, IPMOB_ENCAP_IP);
	mnl_attr_nest_end(nlh, c);
	mnl_attr_put_u8(nlh, IPMOB_BA_MODE, IPMOB_MODE_TUNNEL);
	put_addr4(nlh, IPMOB_BA_LOCAL4, "10.0.1.1");
	mnl_attr_put_u32(nlh, IPMOB_BA_IFINDEX, 1);
	mnl_attr_nest_end(nlh, n);

	n = mnl_attr_nest_start(nlh, IPMOB_A_BINDING);
	put_addr(nlh, IPMOB_BA_HOA, "2001:db8:1::100");
	c = mnl_attr_nest_start(nlh, IPMOB_BA_COA);
	put_addr(nlh, IPMOB_CA_ADDR, "2001:db8:2::100");
	mnl_attr_put_u16(nlh, IPMOB_CA_BID, 1);
	mnl_attr_put_u8(nlh, IPMOB_CA_PRIO, 0);
	mnl_attr_nest_end(nlh, c);
	c = mnl_attr_nest_start(nlh, IPMOB_BA_COA);
	put_addr4(nlh, IPMOB_CA_ADDR4, "10.0.2.100");
	mnl_attr_put_u16(nlh, IPMOB_CA_BID, 2);
	mnl_attr_put_u8(nlh, IPMOB_CA_PRIO, 1);
	mnl_attr_nest_end(nlh, c);
	mnl_attr_put_u8(nlh, IPMOB_BA_MODE, IPMOB_MODE_TUNNEL);
	put_addr(nlh, IPMOB_BA_PEER, "2001:db8:1::1");
	put_addr4(nlh, IPMOB_BA_PEER4, "10.0.1.1");
	put_addr(nlh, IPMOB_BA_LOCAL, "2001:db8:2::100");
	put_addr4(nlh, IPMOB_BA_LOCAL4, "10.0.2.100");
	mnl_attr_put_u32(nlh, IPMOB_BA_IFINDEX, 1);
	mnl_attr_nest_end(nlh, n);

	n = mnl_attr_nest_start(nlh, IPMOB_A_BINDING);
	put_addr4(nlh, IPMOB_BA_HOA4, "10.1.0.0");
	mnl_attr_put_u8(nlh, IPMOB_BA_PREFIX_LEN, 16);
	c = mnl_attr_nest_start(nlh, IPMOB_BA_COA);
	put_addr(nlh, IPMOB_CA_ADDR, "2001:db8:2::200");
	mnl_attr_put_u8(nlh, IPMOB_CA_PRIO, 0);
	mnl_attr_nest_end(nlh, c);
	mnl_attr_put_u8(nlh, IPMOB_BA_MODE, IPMOB_MODE_TUNNEL);
	put_addr4(nlh, IPMOB_BA_PEER4, "10.0.1.1");
	mnl_attr_put_u32(nlh, IPMOB_BA_IFINDEX, 1);
	mnl_attr_nest_end(nlh, n);
}

static char *cmd_output(struct cli_ctx *ctx, bool json, bool pretty,
			int (*fn)(struct cli_ctx *, int, char **),
			const char *args, int *ret)
{
	char store[256], *argv[16], err[ERRBUF_LEN];
	int argc;

	ctx_open(ctx);
	ctx->json = json;
	ctx->pretty = pretty;
	snprintf(store, sizeof(store), "%s", args);
	argc = tokenize(store, argv, 16, err, sizeof(err));
	*ret = fn(ctx, argc, argv);
	return strdup(ctx_out(ctx) ? ctx_out(ctx) : "");
}

static void test_show(void)
{
	static char m1[4096], m2[4096];
	struct nlmsghdr *n1, *n2;
	struct cli_ctx ctx;
	char *out;
	int ret;

	n1 = genl_msg_start(m1, FAKE_FAMILY, IPMOB_CMD_BINDING_GET, 1, 0);
	put_binding(n1, "2001:db8:1::100", true);
	put_binding(n1, "2001:db8:1::101", false);
	n2 = genl_msg_start(m2, FAKE_FAMILY, IPMOB_CMD_BINDING_GET, 1, 0);
	put_binding(n2, "2001:db8:1::102", false);

	fake_reset();
	fake.replies[0] = n1;
	fake.replies[1] = n2;
	fake.n_replies = 2;
	out = cmd_output(&ctx, false, false, cmd_binding, "show", &ret);
	CHECK(ret == 0);
	CHECK_STR(out,
		  "hoa 2001:db8:1::100 coa 2001:db8:2::100 bid 1 prio 0 coa 2001:db8:4::1 prio 3 "
		  "mode tunnel peer 2001:db8:3::1 local 2001:db8:2::1 lifetime 300 remaining 287s "
		  "dev lo flags notified-refresh tx 12 rx 10\n"
		  "hoa 2001:db8:1::101 coa 2001:db8:2::100 bid 1 prio 0 mode tunnel dev lo\n"
		  "hoa 2001:db8:1::102 coa 2001:db8:2::100 bid 1 prio 0 mode tunnel dev lo\n");
	CHECK(fake.n_msgs == 1 && fake.cmd[0] == IPMOB_CMD_BINDING_GET);
	free(out);
	ctx_close(&ctx);

	out = cmd_output(&ctx, true, false, cmd_binding, "show", &ret);
	CHECK(ret == 0);
	CHECK_STR(out,
		  "[{\"hoa\":\"2001:db8:1::100\",\"coas\":[{\"addr\":\"2001:db8:2::100\",\"bid\":1,\"prio\":0,\"encap\":\"ip6ip6\"},"
		  "{\"addr\":\"2001:db8:4::1\",\"prio\":3,\"encap\":\"ip6ip6\"}],\"mode\":\"tunnel\",\"peer\":\"2001:db8:3::1\","
		  "\"local\":\"2001:db8:2::1\",\"lifetime\":300,\"remaining_ms\":287000,\"dev\":\"lo\","
		  "\"ifindex\":1,\"flags\":1,\"tx_packets\":12,\"rx_packets\":10},"
		  "{\"hoa\":\"2001:db8:1::101\",\"coas\":[{\"addr\":\"2001:db8:2::100\",\"bid\":1,\"prio\":0,\"encap\":\"ip6ip6\"}],"
		  "\"mode\":\"tunnel\",\"dev\":\"lo\",\"ifindex\":1},"
		  "{\"hoa\":\"2001:db8:1::102\",\"coas\":[{\"addr\":\"2001:db8:2::100\",\"bid\":1,\"prio\":0,\"encap\":\"ip6ip6\"}],"
		  "\"mode\":\"tunnel\",\"dev\":\"lo\",\"ifindex\":1}]\n");
	free(out);
	ctx_close(&ctx);

	/* pretty JSON of one binding, via the GET doit path with a filter */
	fake.n_replies = 1;
	fake.replies[0] = n2;
	out = cmd_output(&ctx, true, true, cmd_binding,
			 "show hoa 2001:db8:1::102 dev lo", &ret);
	CHECK(ret == 0);
	CHECK_STR(out,
		  "[\n  {\n    \"hoa\": \"2001:db8:1::102\",\n    \"coas\": [\n      {\n"
		  "        \"addr\": \"2001:db8:2::100\",\n        \"bid\": 1,\n        \"prio\": 0,\n"
		  "        \"encap\": \"ip6ip6\"\n"
		  "      }\n    ],\n    \"mode\": \"tunnel\",\n    \"dev\": \"lo\",\n"
		  "    \"ifindex\": 1\n  }\n]\n");
	free(out);
	ctx_close(&ctx);

	/* client-side filtering of what a kernel returns unfiltered */
	fake.n_replies = 1;
	fake.replies[0] = n1;
	out = cmd_output(&ctx, false, false, cmd_binding,
			 "show hoa 2001:db8:1::101", &ret);
	CHECK(ret == 0);
	CHECK_STR(out, "hoa 2001:db8:1::101 coa 2001:db8:2::100 bid 1 prio 0 mode tunnel dev lo\n");
	free(out);
	ctx_close(&ctx);

	/* empty dump */
	fake.n_replies = 0;
	out = cmd_output(&ctx, true, false, cmd_binding, "show", &ret);
	CHECK(ret == 0);
	CHECK_STR(out, "[]\n");
	free(out);
	ctx_close(&ctx);

	/* help goes to stdout, exit 0 */
	out = cmd_output(&ctx, false, false, cmd_binding, "help", &ret);
	CHECK(ret == 0);
	CHECK_CONTAINS(out, "Usage: ipmob binding");
	free(out);
	ctx_close(&ctx);
}

static void test_show_ipv4(void)
{
	static char m[4096];
	struct nlmsghdr *nlh;
	struct cli_ctx ctx;
	char *out;
	int ret;

	nlh = genl_msg_start(m, FAKE_FAMILY, IPMOB_CMD_BINDING_GET, 1, 0);
	put_bindings4(nlh);
	fake_reset();
	fake.replies[0] = nlh;
	fake.n_replies = 1;

	out = cmd_output(&ctx, false, false, cmd_binding, "show", &ret);
	CHECK(ret == 0);
	CHECK_STR(out,
		  "hoa 10.0.1.100 coa 10.0.2.100 prio 0 encap ipip mode tunnel local 10.0.1.1 dev lo\n"
		  "hoa 2001:db8:1::100 coa 2001:db8:2::100 bid 1 prio 0 coa 10.0.2.100 bid 2 prio 1 "
		  "encap ip6ip4 mode tunnel peer 2001:db8:1::1 peer 10.0.1.1 local 2001:db8:2::100 "
		  "local 10.0.2.100 dev lo\n"
		  "hoa 10.1.0.0/16 coa 2001:db8:2::200 prio 0 encap ip4ip6 mode tunnel peer 10.0.1.1 dev lo\n");
	free(out);
	ctx_close(&ctx);

	out = cmd_output(&ctx, true, false, cmd_binding, "show", &ret);
	CHECK(ret == 0);
	CHECK_STR(out,
		  "[{\"hoa\":\"10.0.1.100\",\"coas\":[{\"addr\":\"10.0.2.100\",\"prio\":0,\"encap\":\"ipip\"}],"
		  "\"mode\":\"tunnel\",\"local4\":\"10.0.1.1\",\"dev\":\"lo\",\"ifindex\":1},"
		  "{\"hoa\":\"2001:db8:1::100\",\"coas\":[{\"addr\":\"2001:db8:2::100\",\"bid\":1,\"prio\":0,"
		  "\"encap\":\"ip6ip6\"},{\"addr\":\"10.0.2.100\",\"bid\":2,\"prio\":1,\"encap\":\"ip6ip4\"}],"
		  "\"mode\":\"tunnel\",\"peer\":\"2001:db8:1::1\",\"peer4\":\"10.0.1.1\","
		  "\"local\":\"2001:db8:2::100\",\"local4\":\"10.0.2.100\",\"dev\":\"lo\",\"ifindex\":1},"
		  "{\"hoa\":\"10.1.0.0\",\"prefix_len\":16,\"coas\":[{\"addr\":\"2001:db8:2::200\",\"prio\":0,"
		  "\"encap\":\"ip4ip6\"}],\"mode\":\"tunnel\",\"peer4\":\"10.0.1.1\",\"dev\":\"lo\",\"ifindex\":1}]\n");
	free(out);
	ctx_close(&ctx);

	/* filters: IPv4 home address, prefix length, IPv4 peer */
	out = cmd_output(&ctx, false, false, cmd_binding, "show hoa 10.0.1.100",
			 &ret);
	CHECK(ret == 0);
	CHECK_STR(out, "hoa 10.0.1.100 coa 10.0.2.100 prio 0 encap ipip mode tunnel local 10.0.1.1 dev lo\n");
	CHECK(fake.cmd[fake.n_msgs - 1] == IPMOB_CMD_BINDING_GET);
	free(out);
	ctx_close(&ctx);
	out = cmd_output(&ctx, false, false, cmd_binding, "show hoa 10.1.0.0",
			 &ret);
	CHECK(ret == 0);
	CHECK_STR(out, "");	/* /16 is another key than /32 */
	free(out);
	ctx_close(&ctx);
	out = cmd_output(&ctx, false, false, cmd_binding,
			 "show hoa 10.1.0.0/16 peer 10.0.1.1", &ret);
	CHECK(ret == 0);
	CHECK_STR(out, "hoa 10.1.0.0/16 coa 2001:db8:2::200 prio 0 encap ip4ip6 mode tunnel peer 10.0.1.1 dev lo\n");
	free(out);
	ctx_close(&ctx);
	out = cmd_output(&ctx, false, false, cmd_binding,
			 "show hoa 10.1.0.0/16 peer 10.0.1.2", &ret);
	CHECK(ret == 0);
	CHECK_STR(out, "");
	free(out);
	ctx_close(&ctx);
	out = cmd_output(&ctx, false, false, cmd_binding,
			 "show hoa 2001:db8:1::100 peer 10.0.1.1", &ret);
	CHECK(ret == 0);
	CHECK_CONTAINS(out, "hoa 2001:db8:1::100 ");
	free(out);
	ctx_close(&ctx);

	/* a usage error: one line, status 1, nothing sent */
	fake_reset();
	out = cmd_output(&ctx, false, false, cmd_binding,
			 "add hoa 10.0.1.100 coa 10.0.2.100 encap ip6ip4 dev lo",
			 &ret);
	CHECK(ret == EXIT_USAGE && fake.n_msgs == 0);
	CHECK_STR(ctx_err(&ctx),
		  "ipmob: encap ip6ip4 needs an IPv6 home address and an IPv4 care-of address\n");
	free(out);
	ctx_close(&ctx);
}

static void test_stats(void)
{
	static char m[4096];
	struct nlmsghdr *nlh;
	struct nlattr *n;
	struct cli_ctx ctx;
	char *out;
	int ret;

	nlh = genl_msg_start(m, FAKE_FAMILY, IPMOB_CMD_STATS_GET, 1, 0);
	n = mnl_attr_nest_start(nlh, IPMOB_A_STATS);
	mnl_attr_put_u64(nlh, IPMOB_STAT_TX_TUNNEL, 5);
	mnl_attr_put_u64(nlh, IPMOB_STAT_DROP_BAD_OUTER_SRC, 3);
	mnl_attr_put_u64(nlh, IPMOB_STAT_MAX + 2, 7);	/* newer kernel */
	mnl_attr_nest_end(nlh, n);

	fake_reset();
	fake.replies[0] = nlh;
	fake.n_replies = 1;
	out = cmd_output(&ctx, false, false, cmd_stats, "", &ret);
	CHECK(ret == 0);
	CHECK(!strncmp(out, "tx_tunnel 5\ntx_ro_hao 0\n", 24));
	CHECK_CONTAINS(out, "\ndrop_bad_outer_src 3\n");
	CHECK_CONTAINS(out, "\nberr_ratelimited 0\n");
	{
		char want[32];

		snprintf(want, sizeof(want), "\nstat_%d 7\n",
			 IPMOB_STAT_MAX + 2);
		CHECK_CONTAINS(out, want);
	}
	free(out);
	ctx_close(&ctx);

	out = cmd_output(&ctx, true, false, cmd_stats, "show", &ret);
	CHECK(ret == 0);
	CHECK(!strncmp(out, "{\"tx_tunnel\":5,\"tx_ro_hao\":0,", 29));
	CHECK_CONTAINS(out, "\"drop_bad_outer_src\":3,");
	CHECK(out[strlen(out) - 2] == '}');
	free(out);
	ctx_close(&ctx);

	/* reply without counters: kernel error status */
	nlh = genl_msg_start(m, FAKE_FAMILY, IPMOB_CMD_STATS_GET, 1, 0);
	out = cmd_output(&ctx, false, false, cmd_stats, "", &ret);
	CHECK(ret == EXIT_KERNEL);
	CHECK_STR(ctx_err(&ctx), "ipmob: no counters in kernel reply\n");
	free(out);
	ctx_close(&ctx);

	/* malformed counter (2 bytes) */
	nlh = genl_msg_start(m, FAKE_FAMILY, IPMOB_CMD_STATS_GET, 1, 0);
	n = mnl_attr_nest_start(nlh, IPMOB_A_STATS);
	mnl_attr_put_u16(nlh, IPMOB_STAT_TX_TUNNEL, 5);
	mnl_attr_nest_end(nlh, n);
	out = cmd_output(&ctx, false, false, cmd_stats, "", &ret);
	CHECK(ret == EXIT_KERNEL);
	CHECK_STR(ctx_err(&ctx), "ipmob: malformed counters in kernel reply\n");
	free(out);
	ctx_close(&ctx);

	out = cmd_output(&ctx, false, false, cmd_stats, "bogus", &ret);
	CHECK(ret == EXIT_USAGE);
	CHECK_CONTAINS(ctx_err(&ctx), "unknown command \"bogus\" for \"stats\"");
	free(out);
	ctx_close(&ctx);
}

static void test_monitor(void)
{
	static char m1[4096], m2[1024], m3[512], m4[512];
	struct nlmsghdr *n1, *n2, *n3, *n4;
	struct cli_ctx ctx;
	char *out;
	int ret;

	n1 = genl_msg_start(m1, FAKE_FAMILY, IPMOB_CMD_BINDING_NEW, 1, 0);
	put_binding(n1, "2001:db8:1::100", false);
	n2 = genl_msg_start(m2, FAKE_FAMILY, IPMOB_CMD_BERR_NEEDED, 1, 0);
	put_addr(n2, IPMOB_A_SRC, "2001:db8:9::1");
	put_addr(n2, IPMOB_A_DST, "2001:db8:1::1");
	put_addr(n2, IPMOB_A_HOA, "2001:db8:1::100");
	mnl_attr_put_u8(n2, IPMOB_A_BE_STATUS, IPMOB_BE_UNKNOWN_HAO);
	mnl_attr_put_u8(n2, IPMOB_A_MH_TYPE, 255);
	n3 = genl_msg_start(m3, FAKE_FAMILY, IPMOB_CMD_BINDING_EXPIRED, 1, 0);
	put_binding(n3, "2001:db8:1::100", false);
	put_binding(n3, "2001:db8:1::101", false);
	n4 = genl_msg_start(m4, FAKE_FAMILY, 99, 1, 0);

	fake_reset();
	fake.replies[0] = n1;
	fake.replies[1] = n2;
	fake.replies[2] = n3;
	fake.replies[3] = n4;
	fake.n_replies = 4;
	out = cmd_output(&ctx, false, false, cmd_monitor, "", &ret);
	CHECK(ret == 0);
	CHECK_STR(out,
		  "new hoa 2001:db8:1::100 coa 2001:db8:2::100 bid 1 prio 0 mode tunnel dev lo\n"
		  "berr_needed src 2001:db8:9::1 dst 2001:db8:1::1 hoa 2001:db8:1::100 status 1 mh_type 255\n"
		  "expired hoa 2001:db8:1::100 coa 2001:db8:2::100 bid 1 prio 0 mode tunnel dev lo\n"
		  "expired hoa 2001:db8:1::101 coa 2001:db8:2::100 bid 1 prio 0 mode tunnel dev lo\n"
		  "event_99\n");
	free(out);
	ctx_close(&ctx);

	out = cmd_output(&ctx, true, true, cmd_monitor, "", &ret);
	CHECK(ret == 0);
	/* -j: one compact object per line even with -p */
	CHECK_STR(out,
		  "{\"event\":\"new\",\"hoa\":\"2001:db8:1::100\",\"coas\":[{\"addr\":\"2001:db8:2::100\",\"bid\":1,\"prio\":0,\"encap\":\"ip6ip6\"}],"
		  "\"mode\":\"tunnel\",\"dev\":\"lo\",\"ifindex\":1}\n"
		  "{\"event\":\"berr_needed\",\"src\":\"2001:db8:9::1\",\"dst\":\"2001:db8:1::1\","
		  "\"hoa\":\"2001:db8:1::100\",\"status\":1,\"mh_type\":255}\n"
		  "{\"event\":\"expired\",\"hoa\":\"2001:db8:1::100\",\"coas\":[{\"addr\":\"2001:db8:2::100\",\"bid\":1,\"prio\":0,\"encap\":\"ip6ip6\"}],"
		  "\"mode\":\"tunnel\",\"dev\":\"lo\",\"ifindex\":1}\n"
		  "{\"event\":\"expired\",\"hoa\":\"2001:db8:1::101\",\"coas\":[{\"addr\":\"2001:db8:2::100\",\"bid\":1,\"prio\":0,\"encap\":\"ip6ip6\"}],"
		  "\"mode\":\"tunnel\",\"dev\":\"lo\",\"ifindex\":1}\n"
		  "{\"event\":\"event_99\"}\n");
	free(out);
	ctx_close(&ctx);

	/* a truncated message is reported, not printed */
	ctx_open(&ctx);
	n4->nlmsg_len = NLMSG_HDRLEN + 2;
	CHECK(monitor_print(&ctx, n4) == -EBADMSG);
	CHECK_STR(ctx_out(&ctx) ? ctx_out(&ctx) : "", "");
	ctx_close(&ctx);

	/*
	 * A good binding, then a malformed one (found by fuzz_genl): no
	 * line for the good one either, the message is malformed.
	 */
	ctx_open(&ctx);
	{
		struct nlattr *nest;

		n3 = genl_msg_start(m3, FAKE_FAMILY, IPMOB_CMD_BINDING_DEL, 1, 0);
		put_binding(n3, "2001:db8:1::100", false);
		nest = mnl_attr_nest_start(n3, IPMOB_A_BINDING);
		mnl_attr_put_u16(n3, IPMOB_BA_HOA, 1);	/* not 16 octets */
		mnl_attr_nest_end(n3, nest);
		CHECK(monitor_print(&ctx, n3) == -EBADMSG);
		CHECK_STR(ctx_out(&ctx) ? ctx_out(&ctx) : "", "");
		ctx.json = true;
		CHECK(monitor_print(&ctx, n3) == -EBADMSG);
		CHECK_STR(ctx_out(&ctx) ? ctx_out(&ctx) : "", "");
	}
	ctx_close(&ctx);

	out = cmd_output(&ctx, false, false, cmd_monitor, "now", &ret);
	CHECK(ret == EXIT_USAGE);
	free(out);
	ctx_close(&ctx);
}

static void test_link(void)
{
	struct cli_ctx ctx;
	char *out;
	int ret;

	fake_reset();
	out = cmd_output(&ctx, false, false, cmd_link, "add mob0", &ret);
	CHECK(ret == 0 && fake.n_msgs == 1 &&
	      fake.cmd[0] == IPMOB_CMD_LINK_NEW);
	free(out);
	ctx_close(&ctx);
	out = cmd_output(&ctx, false, false, cmd_link, "del name mob0", &ret);
	CHECK(ret == 0 && fake.n_msgs == 2 &&
	      fake.cmd[1] == IPMOB_CMD_LINK_DEL);
	free(out);
	ctx_close(&ctx);

	{
		static const struct {
			const char *args;
			const char *err;
		} cases[] = {
			{ "", "ipmob: missing command for \"link\" (try \"ipmob link help\")\n" },
			{ "add", "ipmob: missing device name\n" },
			{ "add a/b", "ipmob: invalid device name \"a/b\"\n" },
			{ "add mob0 extra", "ipmob: unknown keyword \"extra\"\n" },
			{ "show", "ipmob: unknown command \"show\" for \"link\" (try \"ipmob link help\")\n" },
		};
		unsigned int i;

		for (i = 0; i < ARRAY_SIZE(cases); i++) {
			out = cmd_output(&ctx, false, false, cmd_link,
					 cases[i].args, &ret);
			CHECK(ret == EXIT_USAGE);
			CHECK_STR(ctx_err(&ctx), cases[i].err);
			free(out);
			ctx_close(&ctx);
		}
	}
}

/* 100,000 bindings in 1000 dump messages of 100, each under 32 KiB. */
static void test_show_big(void)
{
	static char m[GENL_TXBUF_LEN] __attribute__((aligned(8)));
	struct nlmsghdr *nlh;
	struct cli_ctx ctx;
	struct timespec t0, t1;
	const char *out, *p;
	unsigned long lines = 0;
	char hoa[64];
	int i, ret;

	nlh = genl_msg_start(m, FAKE_FAMILY, IPMOB_CMD_BINDING_GET, 1, 0);
	for (i = 0; i < 100; i++) {
		snprintf(hoa, sizeof(hoa), "2001:db8:1::%x", i);
		put_binding(nlh, hoa, true);
	}
	CHECK(nlh->nlmsg_len < 32768);
	fake_reset();
	fake.replies[0] = nlh;
	fake.n_replies = 1;
	fake.reply_repeat = 1000;
	for (i = 0; i < 2; i++) {
		ctx_open(&ctx);
		ctx.json = i == 1;
		clock_gettime(CLOCK_MONOTONIC, &t0);
		ret = cmd_binding(&ctx, 0, NULL);
		out = ctx_out(&ctx);
		clock_gettime(CLOCK_MONOTONIC, &t1);
		CHECK(ret == 0);
		/* (no strstr loop: ASan's makes it quadratic) */
		lines = 0;
		for (p = out; p && *p; p++)
			if (!strncmp(p, ctx.json ? "{\"hoa\"" : "hoa ",
				     ctx.json ? 6 : 4) &&
			    (p == out || p[-1] == '\n' || p[-1] == ',' ||
			     p[-1] == '['))
				lines++;
		CHECK(lines == 100000);
		printf("show: 100000 bindings (%s) in %.2fs, %zu bytes\n",
		       ctx.json ? "json" : "plain",
		       (double)(t1.tv_sec - t0.tv_sec) +
		       (double)(t1.tv_nsec - t0.tv_nsec) / 1e9, strlen(out));
		ctx_close(&ctx);
	}
}

void test_output(void)
{
	test_show();
	test_show_ipv4();
	test_show_big();
	test_stats();
	test_monitor();
	test_link();
}
