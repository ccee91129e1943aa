// SPDX-License-Identifier: GPL-2.0
/*
 * test_endpoint.c - the IPMOB_A_ENDPOINT codec (endpoint.c) and
 * "ipmob endpoint show" (cli_endpoint.c) against synthesized
 * IPMOB_CMD_ENDPOINT_GET dump messages.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <stdlib.h>
#include <libmnl/libmnl.h>

#include "t.h"

/* ---- building messages the way ipmob.ko does (raw libmnl) ---- */

static void put6(struct nlmsghdr *nlh, uint16_t type, const char *s)
{
	struct in6_addr a;

	if (inet_pton(AF_INET6, s, &a) != 1)
		abort();
	mnl_attr_put(nlh, type, sizeof(a), &a);
}

static void put4(struct nlmsghdr *nlh, uint16_t type, const char *s)
{
	struct in_addr a;

	if (inet_pton(AF_INET, s, &a) != 1)
		abort();
	mnl_attr_put(nlh, type, sizeof(a), &a);
}

/*
 * An endpoint nest: local may be NULL (chosen by the route), the family
 * follows the remote address; encap < 0, users < 0, cached < 0 leave
 * the attribute out.
 */
static void put_ep(struct nlmsghdr *nlh, const char *local, const char *remote,
		   int encap, long long users, int cached)
{
	struct nlattr *n = mnl_attr_nest_start(nlh, IPMOB_A_ENDPOINT);
	bool is4 = !strchr(remote, ':');

	if (local)
		(is4 ? put4 : put6)(nlh, is4 ? IPMOB_EA_LOCAL4 : IPMOB_EA_LOCAL,
				    local);
	(is4 ? put4 : put6)(nlh, is4 ? IPMOB_EA_REMOTE4 : IPMOB_EA_REMOTE,
			    remote);
	if (encap >= 0)
		mnl_attr_put_u8(nlh, IPMOB_EA_ENCAP, (uint8_t)encap);
	if (users >= 0)
		mnl_attr_put_u32(nlh, IPMOB_EA_USERS, (uint32_t)users);
	if (cached >= 0)
		mnl_attr_put_u8(nlh, IPMOB_EA_CACHED, (uint8_t)cached);
	mnl_attr_nest_end(nlh, n);
}

/* The first attribute of a message (the nest under test). */
static const struct nlattr *first_attr(const struct nlmsghdr *nlh)
{
	return mnl_nlmsg_get_payload_offset(nlh, GENL_HDRLEN);
}

static struct nlmsghdr *msg_start(void *buf)
{
	memset(buf, 0, 1024);
	return genl_msg_start(buf, FAKE_FAMILY, IPMOB_CMD_ENDPOINT_GET, 1, 0);
}

/* endpoint_format() of the single nest of nlh, "(malformed)" if refused */
static const char *fmt_nest(const struct nlmsghdr *nlh)
{
	static char line[256];
	struct ipmob_endpoint ep;

	if (endpoint_from_nest(first_attr(nlh), &ep) < 0)
		return "(malformed)";
	endpoint_format(line, sizeof(line), &ep);
	return line;
}

/* endpoint_json_fields() of ep as one object, compact or pretty. */
static char *json_of(const struct ipmob_endpoint *ep, bool pretty)
{
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);
	struct json j;

	if (!f)
		abort();
	json_init(&j, f, pretty);
	json_obj_open(&j);
	endpoint_json_fields(&j, ep);
	json_obj_close(&j);
	fclose(f);
	return text;
}

/* ---- the codec ---- */

static void test_parse_format(void)
{
	static char buf[1024] __attribute__((aligned(8)));
	struct nlmsghdr *nlh;
	struct ipmob_endpoint ep;
	char *js;

	/* IPv6, everything */
	nlh = msg_start(buf);
	put_ep(nlh, "2001:db8:1::1", "2001:db8:2::100", IPMOB_ENCAP_IP, 3,
	       IPMOB_EC_INNER6 | IPMOB_EC_INNER4);
	CHECK(endpoint_from_nest(first_attr(nlh), &ep) == 0);
	CHECK(!endpoint_is4(&ep));
	CHECK(EA_HAS(&ep, IPMOB_EA_LOCAL) && EA_HAS(&ep, IPMOB_EA_REMOTE));
	CHECK(!EA_HAS(&ep, IPMOB_EA_LOCAL4) && !EA_HAS(&ep, IPMOB_EA_REMOTE4));
	CHECK(ep.encap == IPMOB_ENCAP_IP && ep.users == 3 && ep.cached == 3);
	CHECK_STR(fmt_nest(nlh),
		  "local 2001:db8:1::1 remote 2001:db8:2::100 encap ip users 3 cached ip6,ip4");
	js = json_of(&ep, false);
	CHECK_STR(js, "{\"local\":\"2001:db8:1::1\",\"remote\":\"2001:db8:2::100\","
		      "\"encap\":\"ip\",\"users\":3,\"cached\":[\"ip6\",\"ip4\"]}");
	free(js);
	js = json_of(&ep, true);
	CHECK_STR(js, "{\n  \"local\": \"2001:db8:1::1\",\n  \"remote\": \"2001:db8:2::100\",\n"
		      "  \"encap\": \"ip\",\n  \"users\": 3,\n  \"cached\": [\n    \"ip6\",\n"
		      "    \"ip4\"\n  ]\n}");
	free(js);

	/* the example of the contract: two home agent bindings share it */
	nlh = msg_start(buf);
	put_ep(nlh, "10.0.1.1", "10.0.2.100", IPMOB_ENCAP_IP, 2, 0);
	CHECK_STR(fmt_nest(nlh), "local 10.0.1.1 remote 10.0.2.100 encap ip users 2");
	CHECK(endpoint_from_nest(first_attr(nlh), &ep) == 0);
	CHECK(endpoint_is4(&ep));
	js = json_of(&ep, false);
	CHECK_STR(js, "{\"local\":\"10.0.1.1\",\"remote\":\"10.0.2.100\",\"encap\":\"ip\","
		      "\"users\":2,\"cached\":[]}");
	free(js);

	/* IPv4, no local (the route chooses), cached for IPv6 inner only */
	nlh = msg_start(buf);
	put_ep(nlh, NULL, "198.51.100.7", IPMOB_ENCAP_IP, 1, IPMOB_EC_INNER6);
	CHECK_STR(fmt_nest(nlh), "remote 198.51.100.7 encap ip users 1 cached ip6");
	CHECK(endpoint_from_nest(first_attr(nlh), &ep) == 0);
	js = json_of(&ep, false);
	CHECK_STR(js, "{\"remote\":\"198.51.100.7\",\"encap\":\"ip\",\"users\":1,"
		      "\"cached\":[\"ip6\"]}");
	free(js);

	/* IPv6, no local, IPv4 inner cached, no CACHED attribute at all */
	nlh = msg_start(buf);
	put_ep(nlh, NULL, "2001:db8:2::100", IPMOB_ENCAP_IP, 0, IPMOB_EC_INNER4);
	CHECK_STR(fmt_nest(nlh), "remote 2001:db8:2::100 encap ip users 0 cached ip4");
	nlh = msg_start(buf);
	put_ep(nlh, NULL, "2001:db8:2::100", IPMOB_ENCAP_IP, 5, -1);
	CHECK_STR(fmt_nest(nlh), "remote 2001:db8:2::100 encap ip users 5");
	CHECK(endpoint_from_nest(first_attr(nlh), &ep) == 0);
	js = json_of(&ep, false);
	CHECK_STR(js, "{\"remote\":\"2001:db8:2::100\",\"encap\":\"ip\",\"users\":5,"
		      "\"cached\":[]}");
	free(js);

	/* bits this program does not know are not shown */
	nlh = msg_start(buf);
	put_ep(nlh, NULL, "10.0.2.100", IPMOB_ENCAP_IP, 1, 0xfc);
	CHECK_STR(fmt_nest(nlh), "remote 10.0.2.100 encap ip users 1");
	nlh = msg_start(buf);
	put_ep(nlh, NULL, "10.0.2.100", IPMOB_ENCAP_IP, 1, 0x80 | IPMOB_EC_INNER4);
	CHECK_STR(fmt_nest(nlh), "remote 10.0.2.100 encap ip users 1 cached ip4");
	CHECK(endpoint_from_nest(first_attr(nlh), &ep) == 0);
	js = json_of(&ep, false);
	CHECK_CONTAINS(js, "\"cached\":[\"ip4\"]}");
	free(js);

	/* an encapsulation of a newer kernel: its number */
	nlh = msg_start(buf);
	put_ep(nlh, "2001:db8:1::1", "2001:db8:2::100", 7, 1, 0);
	CHECK_STR(fmt_nest(nlh), "local 2001:db8:1::1 remote 2001:db8:2::100 encap 7 users 1");
	CHECK(endpoint_from_nest(first_attr(nlh), &ep) == 0);
	js = json_of(&ep, false);
	CHECK_CONTAINS(js, "\"encap\":\"7\",");
	free(js);
	CHECK_STR(endpoint_encap_name(IPMOB_ENCAP_IP), "ip");
	CHECK(endpoint_encap_name(0) == NULL && endpoint_encap_name(255) == NULL);

	/* no ENCAP / USERS (not what ipmob.ko sends): left out */
	nlh = msg_start(buf);
	put_ep(nlh, NULL, "10.0.2.100", -1, -1, -1);
	CHECK_STR(fmt_nest(nlh), "remote 10.0.2.100");
	CHECK(endpoint_from_nest(first_attr(nlh), &ep) == 0);
	js = json_of(&ep, false);
	CHECK_STR(js, "{\"remote\":\"10.0.2.100\",\"cached\":[]}");
	free(js);

	/* the longest line there is */
	nlh = msg_start(buf);
	put_ep(nlh, "ffff:ffff:ffff:ffff:ffff:ffff:ffff:fffe",
	       "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", 255, 4294967295LL,
	       0xff);
	CHECK_STR(fmt_nest(nlh),
		  "local ffff:ffff:ffff:ffff:ffff:ffff:ffff:fffe "
		  "remote ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff "
		  "encap 255 users 4294967295 cached ip6,ip4");
}

static void test_format_len(void)
{
	static char buf[1024] __attribute__((aligned(8)));
	const char *want = "local 10.0.1.1 remote 10.0.2.100 encap ip users 2 cached ip4";
	struct nlmsghdr *nlh = msg_start(buf);
	struct ipmob_endpoint ep;
	char small[10];

	put_ep(nlh, "10.0.1.1", "10.0.2.100", IPMOB_ENCAP_IP, 2, IPMOB_EC_INNER4);
	CHECK(endpoint_from_nest(first_attr(nlh), &ep) == 0);
	/* like snprintf: the length the whole line needs, terminated */
	CHECK(endpoint_format(NULL, 0, &ep) == strlen(want));
	memset(small, 'x', sizeof(small));
	CHECK(endpoint_format(small, sizeof(small), &ep) == strlen(want));
	CHECK_STR(small, "local 10.");
}

static void test_wrong_sizes(void)
{
	static char buf[1024] __attribute__((aligned(8)));
	static const struct {
		uint16_t type;
		size_t size;
	} bad[] = {
		{ IPMOB_EA_LOCAL, 4 },		/* an in_addr where in6_addr */
		{ IPMOB_EA_LOCAL, 17 },
		{ IPMOB_EA_REMOTE, 4 },
		{ IPMOB_EA_REMOTE, 0 },
		{ IPMOB_EA_LOCAL4, 16 },	/* an in6_addr where in_addr */
		{ IPMOB_EA_LOCAL4, 3 },
		{ IPMOB_EA_REMOTE4, 16 },
		{ IPMOB_EA_REMOTE4, 8 },
		{ IPMOB_EA_ENCAP, 4 },		/* a u32 where u8 */
		{ IPMOB_EA_ENCAP, 0 },
		{ IPMOB_EA_USERS, 1 },
		{ IPMOB_EA_USERS, 8 },		/* a u64 where u32 */
		{ IPMOB_EA_CACHED, 2 },
		{ IPMOB_EA_CACHED, 4 },
	};
	static const uint8_t zero[32] = { 0 };
	struct ipmob_endpoint ep;
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		struct nlmsghdr *nlh = msg_start(buf);
		struct nlattr *n = mnl_attr_nest_start(nlh, IPMOB_A_ENDPOINT);

		/* a well-formed endpoint of the same family, plus the bad one */
		if (bad[i].type == IPMOB_EA_LOCAL4 ||
		    bad[i].type == IPMOB_EA_REMOTE4)
			put4(nlh, bad[i].type == IPMOB_EA_REMOTE4 ?
			     IPMOB_EA_LOCAL4 : IPMOB_EA_REMOTE4, "10.0.2.100");
		else if (bad[i].type != IPMOB_EA_REMOTE)
			put6(nlh, IPMOB_EA_REMOTE, "2001:db8:2::100");
		else
			put6(nlh, IPMOB_EA_LOCAL, "2001:db8:1::1");
		mnl_attr_put(nlh, bad[i].type, bad[i].size, zero);
		mnl_attr_nest_end(nlh, n);
		if (endpoint_from_nest(first_attr(nlh), &ep) == 0) {
			CHECK(!"wrong size accepted");
			fprintf(stderr, "  attribute %u, %zu bytes\n",
				bad[i].type, bad[i].size);
		} else {
			CHECK(true);
		}
	}
}

static void test_not_an_endpoint(void)
{
	static char buf[1024] __attribute__((aligned(8)));
	struct nlmsghdr *nlh;
	struct nlattr *n;

	/* empty nest; local only; both remotes; families mixed */
	nlh = msg_start(buf);
	n = mnl_attr_nest_start(nlh, IPMOB_A_ENDPOINT);
	mnl_attr_nest_end(nlh, n);
	CHECK_STR(fmt_nest(nlh), "(malformed)");

	nlh = msg_start(buf);
	n = mnl_attr_nest_start(nlh, IPMOB_A_ENDPOINT);
	put6(nlh, IPMOB_EA_LOCAL, "2001:db8:1::1");
	mnl_attr_put_u8(nlh, IPMOB_EA_ENCAP, IPMOB_ENCAP_IP);
	mnl_attr_put_u32(nlh, IPMOB_EA_USERS, 1);
	mnl_attr_nest_end(nlh, n);
	CHECK_STR(fmt_nest(nlh), "(malformed)");

	nlh = msg_start(buf);
	n = mnl_attr_nest_start(nlh, IPMOB_A_ENDPOINT);
	put6(nlh, IPMOB_EA_REMOTE, "2001:db8:2::100");
	put4(nlh, IPMOB_EA_REMOTE4, "10.0.2.100");
	mnl_attr_nest_end(nlh, n);
	CHECK_STR(fmt_nest(nlh), "(malformed)");

	nlh = msg_start(buf);
	n = mnl_attr_nest_start(nlh, IPMOB_A_ENDPOINT);
	put6(nlh, IPMOB_EA_LOCAL, "2001:db8:1::1");
	put4(nlh, IPMOB_EA_REMOTE4, "10.0.2.100");
	mnl_attr_nest_end(nlh, n);
	CHECK_STR(fmt_nest(nlh), "(malformed)");

	nlh = msg_start(buf);
	n = mnl_attr_nest_start(nlh, IPMOB_A_ENDPOINT);
	put4(nlh, IPMOB_EA_LOCAL4, "10.0.1.1");
	put6(nlh, IPMOB_EA_REMOTE, "2001:db8:2::100");
	mnl_attr_nest_end(nlh, n);
	CHECK_STR(fmt_nest(nlh), "(malformed)");

	nlh = msg_start(buf);
	n = mnl_attr_nest_start(nlh, IPMOB_A_ENDPOINT);
	put6(nlh, IPMOB_EA_LOCAL, "2001:db8:1::1");
	put4(nlh, IPMOB_EA_LOCAL4, "10.0.1.1");
	put4(nlh, IPMOB_EA_REMOTE4, "10.0.2.100");
	mnl_attr_nest_end(nlh, n);
	CHECK_STR(fmt_nest(nlh), "(malformed)");
}

static void test_unknown_skipped(void)
{
	static char buf[1024] __attribute__((aligned(8)));
	static const uint8_t junk[7] = { 1, 2, 3, 4, 5, 6, 7 };
	struct nlmsghdr *nlh = msg_start(buf);
	struct nlattr *n = mnl_attr_nest_start(nlh, IPMOB_A_ENDPOINT), *sub;

	/* attributes of a newer kernel, of any size, even nested ones */
	mnl_attr_put(nlh, IPMOB_EA_UNSPEC, sizeof(junk), junk);
	put4(nlh, IPMOB_EA_REMOTE4, "10.0.2.100");
	mnl_attr_put(nlh, IPMOB_EA_MAX + 1, sizeof(junk), junk);
	mnl_attr_put_u8(nlh, IPMOB_EA_ENCAP, IPMOB_ENCAP_IP);
	sub = mnl_attr_nest_start(nlh, IPMOB_EA_MAX + 2);
	mnl_attr_put_u64(nlh, 1, 42);
	mnl_attr_nest_end(nlh, sub);
	mnl_attr_put_u32(nlh, IPMOB_EA_USERS, 9);
	mnl_attr_put(nlh, 0x7fff, 0, NULL);
	mnl_attr_nest_end(nlh, n);
	CHECK_STR(fmt_nest(nlh), "remote 10.0.2.100 encap ip users 9");
}

static bool same(const struct ipmob_endpoint *a, const struct ipmob_endpoint *b)
{
	return !memcmp(a, b, sizeof(*a));
}

static void test_round_trip(void)
{
	static char buf[1024] __attribute__((aligned(8)));
	struct ipmob_endpoint in[4], out;
	struct nlmsghdr *nlh;
	unsigned int i;
	size_t before;

	memset(in, 0, sizeof(in));
	/* IPv6, everything */
	inet_pton(AF_INET6, "2001:db8:1::1", &in[0].local);
	inet_pton(AF_INET6, "2001:db8:2::100", &in[0].remote);
	in[0].encap = IPMOB_ENCAP_IP;
	in[0].users = 2;
	in[0].cached = IPMOB_EC_INNER6 | IPMOB_EC_INNER4;
	in[0].present = EA_BIT(IPMOB_EA_LOCAL) | EA_BIT(IPMOB_EA_REMOTE) |
			EA_BIT(IPMOB_EA_ENCAP) | EA_BIT(IPMOB_EA_USERS) |
			EA_BIT(IPMOB_EA_CACHED);
	/* IPv4, no local */
	inet_pton(AF_INET, "10.0.2.100", &in[1].remote4);
	in[1].encap = IPMOB_ENCAP_IP;
	in[1].users = 70000;
	in[1].present = EA_BIT(IPMOB_EA_REMOTE4) | EA_BIT(IPMOB_EA_ENCAP) |
			EA_BIT(IPMOB_EA_USERS) | EA_BIT(IPMOB_EA_CACHED);
	/* IPv4 with local, unknown encap, unknown cached bits */
	inet_pton(AF_INET, "10.0.1.1", &in[2].local4);
	inet_pton(AF_INET, "10.0.2.100", &in[2].remote4);
	in[2].encap = 200;
	in[2].users = UINT32_MAX;
	in[2].cached = 0xf0 | IPMOB_EC_INNER4;
	in[2].present = EA_BIT(IPMOB_EA_LOCAL4) | EA_BIT(IPMOB_EA_REMOTE4) |
			EA_BIT(IPMOB_EA_ENCAP) | EA_BIT(IPMOB_EA_USERS) |
			EA_BIT(IPMOB_EA_CACHED);
	/* IPv6, the remote alone */
	inet_pton(AF_INET6, "2001:db8:2::200", &in[3].remote);
	in[3].present = EA_BIT(IPMOB_EA_REMOTE);

	for (i = 0; i < ARRAY_SIZE(in); i++) {
		nlh = msg_start(buf);
		CHECK(endpoint_to_nest(nlh, sizeof(buf), IPMOB_A_ENDPOINT,
				       &in[i]));
		CHECK(endpoint_from_nest(first_attr(nlh), &out) == 0);
		CHECK(same(&in[i], &out));
	}

	/* no room: false, the message as it was */
	nlh = msg_start(buf);
	before = nlh->nlmsg_len;
	CHECK(!endpoint_to_nest(nlh, before + 20, IPMOB_A_ENDPOINT, &in[0]));
	CHECK(nlh->nlmsg_len == before);
	CHECK(!endpoint_to_nest(nlh, before - 1, IPMOB_A_ENDPOINT, &in[0]));
	CHECK(nlh->nlmsg_len == before);
}

/* ---- the command ---- */

static char *run(struct cli_ctx *ctx, bool json, bool pretty,
		 const char *args, int *ret)
{
	char store[256], *argv[16], err[ERRBUF_LEN];
	int argc;

	ctx_open(ctx);
	ctx->json = json;
	ctx->pretty = pretty;
	snprintf(store, sizeof(store), "%s", args);
	argc = tokenize(store, argv, 16, err, sizeof(err));
	*ret = cli_dispatch(ctx, argc, argv);
	return strdup(ctx_out(ctx) ? ctx_out(ctx) : "");
}

static const char *err_of(struct cli_ctx *ctx)
{
	return ctx_err(ctx) ? ctx_err(ctx) : "";
}

/* The request: ENDPOINT_GET, a dump, no attributes. */
static bool dump_request_ok(unsigned long i)
{
	return i < fake.n_msgs && fake.cmd[i] == IPMOB_CMD_ENDPOINT_GET &&
	       (fake.flags[i] & NLM_F_DUMP) == NLM_F_DUMP &&
	       fake.len[i] == NLMSG_HDRLEN + GENL_HDRLEN;
}

static void test_show(void)
{
	static char m1[1024] __attribute__((aligned(8)));
	static char m2[1024] __attribute__((aligned(8)));
	static const char *const forms[] = {
		"endpoint", "endpoint show", "endpoint list", "e", "e s",
		"endp sh", "en l", "endpoint sho",
	};
	const char *plain =
		"local 10.0.1.1 remote 10.0.2.100 encap ip users 2 cached ip6,ip4\n"
		"remote 2001:db8:2::100 encap ip users 1\n"
		"local 2001:db8:1::1 remote 2001:db8:4::1 encap 7 users 1 cached ip6\n";
	struct nlmsghdr *n1, *n2;
	struct cli_ctx ctx;
	unsigned int i;
	char *out;
	int ret;

	n1 = genl_msg_start(m1, FAKE_FAMILY, IPMOB_CMD_ENDPOINT_GET, 1, 0);
	put_ep(n1, "10.0.1.1", "10.0.2.100", IPMOB_ENCAP_IP, 2,
	       IPMOB_EC_INNER6 | IPMOB_EC_INNER4);
	put_ep(n1, NULL, "2001:db8:2::100", IPMOB_ENCAP_IP, 1, 0);
	n2 = genl_msg_start(m2, FAKE_FAMILY, IPMOB_CMD_ENDPOINT_GET, 1, 0);
	/* other top-level attributes are none of our business */
	mnl_attr_put_u32(n2, IPMOB_A_IFINDEX, 1);
	put_ep(n2, "2001:db8:1::1", "2001:db8:4::1", 7, 1, IPMOB_EC_INNER6);
	mnl_attr_put(n2, IPMOB_A_MAX + 1, 0, NULL);

	for (i = 0; i < ARRAY_SIZE(forms); i++) {
		fake_reset();
		fake.replies[0] = n1;
		fake.replies[1] = n2;
		fake.n_replies = 2;
		out = run(&ctx, false, false, forms[i], &ret);
		CHECK(ret == 0);
		CHECK_STR(out, plain);
		CHECK_STR(err_of(&ctx), "");
		CHECK(fake.n_msgs == 1 && dump_request_ok(0));
		free(out);
		ctx_close(&ctx);
	}

	out = run(&ctx, true, false, "endpoint show", &ret);
	CHECK(ret == 0);
	CHECK_STR(out,
		  "[{\"local\":\"10.0.1.1\",\"remote\":\"10.0.2.100\",\"encap\":\"ip\",\"users\":2,"
		  "\"cached\":[\"ip6\",\"ip4\"]},"
		  "{\"remote\":\"2001:db8:2::100\",\"encap\":\"ip\",\"users\":1,\"cached\":[]},"
		  "{\"local\":\"2001:db8:1::1\",\"remote\":\"2001:db8:4::1\",\"encap\":\"7\","
		  "\"users\":1,\"cached\":[\"ip6\"]}]\n");
	free(out);
	ctx_close(&ctx);

	fake.n_replies = 1;
	fake.replies[0] = n2;
	out = run(&ctx, true, true, "endpoint", &ret);
	CHECK(ret == 0);
	CHECK_STR(out,
		  "[\n  {\n    \"local\": \"2001:db8:1::1\",\n    \"remote\": \"2001:db8:4::1\",\n"
		  "    \"encap\": \"7\",\n    \"users\": 1,\n    \"cached\": [\n      \"ip6\"\n"
		  "    ]\n  }\n]\n");
	free(out);
	ctx_close(&ctx);

	/* no endpoints: nothing, or an empty array */
	fake.n_replies = 0;
	out = run(&ctx, false, false, "endpoint show", &ret);
	CHECK(ret == 0);
	CHECK_STR(out, "");
	free(out);
	ctx_close(&ctx);
	out = run(&ctx, true, false, "endpoint show", &ret);
	CHECK(ret == 0);
	CHECK_STR(out, "[]\n");
	free(out);
	ctx_close(&ctx);

	/* the dump changed under us: a warning, the list still printed */
	fake_reset();
	fake.replies[0] = n1;
	fake.n_replies = 1;
	fake.dump_intr = true;
	out = run(&ctx, false, false, "endpoint show", &ret);
	CHECK(ret == 0);
	CHECK_CONTAINS(out, "remote 2001:db8:2::100 encap ip users 1\n");
	CHECK_STR(err_of(&ctx),
		  "ipmob: warning: endpoints changed during the dump, the list may be inconsistent\n");
	free(out);
	ctx_close(&ctx);
}

static void test_show_errors(void)
{
	static char m1[1024] __attribute__((aligned(8)));
	static char m2[1024] __attribute__((aligned(8)));
	static const struct {
		const char *args;
		const char *err;
	} usage[] = {
		{ "endpoint bogus", "ipmob: unknown command \"bogus\" for \"endpoint\" (try \"ipmob endpoint help\")\n" },
		{ "endpoint show x", "ipmob: unknown keyword \"x\"\n" },
		{ "endpoint show dev lo", "ipmob: unknown keyword \"dev\"\n" },
		{ "endpoint list all", "ipmob: unknown keyword \"all\"\n" },
		{ "endpoint help me", "ipmob: unexpected argument \"me\" after \"help\"\n" },
		{ "endpoint add", "ipmob: unknown command \"add\" for \"endpoint\" (try \"ipmob endpoint help\")\n" },
	};
	struct nlmsghdr *n1, *n2;
	struct nlattr *n;
	struct cli_ctx ctx;
	unsigned int i;
	char *out;
	int ret;

	/* bad arguments: status 1, one line, nothing sent */
	for (i = 0; i < ARRAY_SIZE(usage); i++) {
		fake_reset();
		out = run(&ctx, false, false, usage[i].args, &ret);
		CHECK(ret == EXIT_USAGE);
		CHECK_STR(err_of(&ctx), usage[i].err);
		CHECK_STR(out, "");
		CHECK(fake.n_msgs == 0);
		free(out);
		ctx_close(&ctx);
	}

	/* help: stdout, status 0, nothing sent */
	out = run(&ctx, false, false, "endpoint help", &ret);
	CHECK(ret == 0 && fake.n_msgs == 0);
	CHECK_CONTAINS(out, "Usage: ipmob endpoint [ show ]\n");
	free(out);
	ctx_close(&ctx);
	out = run(&ctx, false, false, "help", &ret);
	CHECK(ret == 0);
	CHECK_CONTAINS(out, "OBJECT := { binding | flow | endpoint | udp | stats | monitor | link }");
	free(out);
	ctx_close(&ctx);

	/* kernel errors: status 2, the extack message or errno */
	fake_reset();
	fake.fail_error = -EPERM;
	out = run(&ctx, false, false, "endpoint show", &ret);
	CHECK(ret == EXIT_KERNEL);
	CHECK_STR(err_of(&ctx), "ipmob: Operation not permitted\n");
	free(out);
	ctx_close(&ctx);
	fake.fail_error = -EINVAL;
	fake.fail_msg = "something the kernel said";
	out = run(&ctx, true, false, "endpoint show", &ret);
	CHECK(ret == EXIT_KERNEL);
	CHECK_STR(err_of(&ctx), "ipmob: something the kernel said\n");
	CHECK_STR(out, "[]\n");
	free(out);
	ctx_close(&ctx);
	/* a module from before the endpoint dump */
	fake.fail_error = -EOPNOTSUPP;
	fake.fail_msg = NULL;
	out = run(&ctx, false, false, "endpoint show", &ret);
	CHECK(ret == EXIT_KERNEL);
	CHECK_STR(err_of(&ctx),
		  "ipmob: the kernel cannot list endpoints (ipmob module too old?)\n");
	free(out);
	ctx_close(&ctx);
	/* cannot connect (no module): the transport's status */
	fake_reset();
	fake.connect_ret = EXIT_KERNEL;
	out = run(&ctx, false, false, "endpoint show", &ret);
	CHECK(ret == EXIT_KERNEL && fake.n_msgs == 0);
	free(out);
	ctx_close(&ctx);

	/*
	 * A malformed endpoint in the second message: status 2; the first
	 * message was printed, nothing of the second.
	 */
	n1 = genl_msg_start(m1, FAKE_FAMILY, IPMOB_CMD_ENDPOINT_GET, 1, 0);
	put_ep(n1, NULL, "10.0.2.100", IPMOB_ENCAP_IP, 1, 0);
	n2 = genl_msg_start(m2, FAKE_FAMILY, IPMOB_CMD_ENDPOINT_GET, 1, 0);
	put_ep(n2, NULL, "10.0.2.101", IPMOB_ENCAP_IP, 1, 0);
	n = mnl_attr_nest_start(n2, IPMOB_A_ENDPOINT);
	put4(n2, IPMOB_EA_REMOTE4, "10.0.2.102");
	mnl_attr_put_u16(n2, IPMOB_EA_USERS, 1);	/* not a u32 */
	mnl_attr_nest_end(n2, n);
	fake_reset();
	fake.replies[0] = n1;
	fake.replies[1] = n2;
	fake.n_replies = 2;
	out = run(&ctx, false, false, "endpoint show", &ret);
	CHECK(ret == EXIT_KERNEL);
	CHECK_STR(out, "remote 10.0.2.100 encap ip users 1\n");
	CHECK_STR(err_of(&ctx), "ipmob: malformed endpoint in kernel reply\n");
	free(out);
	ctx_close(&ctx);
	out = run(&ctx, true, false, "endpoint show", &ret);
	CHECK(ret == EXIT_KERNEL);
	CHECK_STR(out, "[{\"remote\":\"10.0.2.100\",\"encap\":\"ip\",\"users\":1,\"cached\":[]}]\n");
	free(out);
	ctx_close(&ctx);

	/* endpoint_print_msg() itself: a truncated message */
	ctx_open(&ctx);
	n1->nlmsg_len = NLMSG_HDRLEN + 2;
	CHECK(endpoint_print_msg(&ctx, NULL, n1) == -EBADMSG);
	CHECK_STR(ctx_out(&ctx) ? ctx_out(&ctx) : "", "");
	n1->nlmsg_len = NLMSG_HDRLEN + GENL_HDRLEN;	/* no attributes */
	CHECK(endpoint_print_msg(&ctx, NULL, n1) == 0);
	CHECK(endpoint_print_msg(&ctx, NULL, n2) == -EBADMSG);
	CHECK_STR(ctx_out(&ctx) ? ctx_out(&ctx) : "", "");
	ctx_close(&ctx);
}

/* In a batch, "endpoint show" comes after the queued "binding add" lines. */
static void test_batch_order(void)
{
	static char text[] =
		"binding add hoa 10.0.1.100 coa 10.0.2.100 local 10.0.1.1 dev lo\n"
		"binding add hoa 2001:db8:1::100 coa 10.0.2.100 local 10.0.1.1 dev lo\n"
		"endpoint show\n"
		"endpoint bogus\n";
	struct cli_ctx ctx;
	FILE *f;
	int ret;

	fake_reset();
	ctx_open(&ctx);
	f = fmemopen(text, strlen(text), "r");
	if (!f)
		abort();
	ret = cli_batch(&ctx, f);
	fclose(f);
	CHECK(ret == EXIT_USAGE);
	CHECK(fake.n_msgs == 2);
	CHECK(fake.cmd[0] == IPMOB_CMD_BINDING_NEW && fake.nests[0] == 2);
	CHECK(dump_request_ok(1));
	CHECK_STR(err_of(&ctx),
		  "ipmob: line 4: unknown command \"bogus\" for \"endpoint\" (try \"ipmob endpoint help\")\n");
	ctx_close(&ctx);
}

void test_endpoint(void)
{
	test_parse_format();
	test_format_len();
	test_wrong_sizes();
	test_not_an_endpoint();
	test_unknown_skipped();
	test_round_trip();
	test_show();
	test_show_errors();
	test_batch_order();
}
