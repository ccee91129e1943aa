// SPDX-License-Identifier: GPL-2.0
/*
 * test_flow.c - "flow": argv -> struct -> message, the IPMOB_A_FLOW
 * codec, the FLOW_GET dump as text and JSON, the command against the
 * fake kernel, batch packing of "flow add" lines, the new counters.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <libmnl/libmnl.h>

#include "names.h"
#include "print.h"
#include "t.h"

#define MAXW 80

static int parse(const char *cmd, struct flow_args *a, char *err)
{
	char store[2048], *argv[MAXW], e2[ERRBUF_LEN];
	int argc;

	snprintf(store, sizeof(store), "%s", cmd);
	argc = tokenize(store, argv, MAXW, e2, sizeof(e2));
	err[0] = '\0';
	return flow_args_parse(argc, argv, a, err, ERRBUF_LEN);
}

static bool eq6(const struct in6_addr *a, const char *s)
{
	struct in6_addr b;

	inet_pton(AF_INET6, s, &b);
	return !memcmp(a, &b, sizeof(b));
}

static bool eq4(const struct in_addr *a, const char *s)
{
	struct in_addr b;

	inet_pton(AF_INET, s, &b);
	return !memcmp(a, &b, sizeof(b));
}

#define S6 "hoa 2001:db8:1::1 dev lo"

static void test_parse_ok(void)
{
	static struct flow_args a;
	struct ipmob_flow *f = &a.flow;
	char err[ERRBUF_LEN];

	/* the minimum: session, fid, one bid; prio and action filled in */
	CHECK(parse("add " S6 " fid 10 bid 1", &a, err) == 0);
	CHECK_STR(err, "");
	CHECK(a.op == FOP_ADD);
	CHECK(BA_HAS(&a.key, IPMOB_BA_HOA) && eq6(&a.key.hoa, "2001:db8:1::1"));
	CHECK(a.key.present == BA_BIT(IPMOB_BA_HOA));
	CHECK(a.has_dev && !strcmp(a.dev, "lo"));
	CHECK(f->present == (FA_BIT(IPMOB_FA_FID) | FA_BIT(IPMOB_FA_PRIO) |
			     FA_BIT(IPMOB_FA_ACTION) | FA_BIT(IPMOB_FA_BID)));
	CHECK(f->fid == 10 && f->prio == 0 && f->nbid == 1 && f->bid[0] == 1);
	CHECK(f->action == IPMOB_FLOW_FORWARD);

	/* every field */
	CHECK(parse("add hoa 2001:db8:1::/64 peer 2001:db8::1 peer 192.0.2.1 mode tunnel dev lo fid 65535 prio 255 bid 1 bid 2 bid 8 "
		    "src 2001:db8:5::/48 dst 2001:db8:6::1-2001:db8:6::9 sport 1000-2000 dport 5001 spi 0-4294967295 dscp 10-46 flowlabel 0x12345-0xfffff",
		    &a, err) == 0);
	CHECK_STR(err, "");
	CHECK(BA_HAS(&a.key, IPMOB_BA_PREFIX_LEN) && a.key.prefix_len == 64);
	CHECK(BA_HAS(&a.key, IPMOB_BA_PEER) && BA_HAS(&a.key, IPMOB_BA_PEER4));
	CHECK(eq4(&a.key.peer4, "192.0.2.1"));
	CHECK(BA_HAS(&a.key, IPMOB_BA_MODE) && a.key.mode == IPMOB_MODE_TUNNEL);
	CHECK(f->fid == 65535 && f->prio == 255);
	CHECK(f->nbid == 3 && f->bid[0] == 1 && f->bid[1] == 2 && f->bid[2] == 8);
	CHECK(eq6(&f->src, "2001:db8:5::"));
	CHECK(eq6(&f->src_end, "2001:db8:5:ffff:ffff:ffff:ffff:ffff"));
	CHECK(FA_HAS(f, IPMOB_FA_SRC_END));
	CHECK(eq6(&f->dst, "2001:db8:6::1") && eq6(&f->dst_end, "2001:db8:6::9"));
	CHECK(!FA_HAS(f, IPMOB_FA_PROTO));
	CHECK(f->sport == 1000 && f->sport_end == 2000 &&
	      FA_HAS(f, IPMOB_FA_SPORT_END));
	CHECK(f->dport == 5001 && !FA_HAS(f, IPMOB_FA_DPORT_END));
	CHECK(f->spi == 0 && f->spi_end == 4294967295u);
	CHECK(f->dscp == 10 && f->dscp_end == 46);
	CHECK(f->flow_label == 0x12345 && f->flow_label_end == 0xfffff);
	CHECK(!FA_HAS(f, IPMOB_FA_SRC4) && !FA_HAS(f, IPMOB_FA_PACKETS));

	/* drop, IPv4: prefix -> range, single address -> start only */
	CHECK(parse("add hoa 10.1.0.5 peer 2001:db8::1 dev lo fid 3 prio 5 drop src 10.0.0.0/24 dst 10.9.9.9", &a, err) == 0);
	CHECK(BA_HAS(&a.key, IPMOB_BA_HOA4) && eq4(&a.key.hoa4, "10.1.0.5"));
	CHECK(f->action == IPMOB_FLOW_DROP && f->nbid == 0 &&
	      !FA_HAS(f, IPMOB_FA_BID));
	CHECK(FA_HAS(f, IPMOB_FA_SRC4) && FA_HAS(f, IPMOB_FA_SRC4_END));
	CHECK(eq4(&f->src4, "10.0.0.0") && eq4(&f->src4_end, "10.0.0.255"));
	CHECK(FA_HAS(f, IPMOB_FA_DST4) && !FA_HAS(f, IPMOB_FA_DST4_END));
	CHECK(eq4(&f->dst4, "10.9.9.9"));

	/* edges: /0, /32, /128, a-a and N-N are single values */
	CHECK(parse("add " S6 " fid 1 drop src 0.0.0.0/0 dst 10.0.0.1/32", &a, err) == 0);
	CHECK(eq4(&f->src4, "0.0.0.0") && eq4(&f->src4_end, "255.255.255.255"));
	CHECK(!FA_HAS(f, IPMOB_FA_DST4_END));
	CHECK(parse("add " S6 " fid 1 drop src ::/0 dst ::1/128", &a, err) == 0);
	CHECK(eq6(&f->src_end, "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff"));
	CHECK(FA_HAS(f, IPMOB_FA_DST) && !FA_HAS(f, IPMOB_FA_DST_END));
	CHECK(parse("add " S6 " fid 1 drop src ::1-::1 dport 80-80 dscp 0-0 flowlabel 17-0x11", &a, err) == 0);
	CHECK(!FA_HAS(f, IPMOB_FA_SRC_END) && !FA_HAS(f, IPMOB_FA_DPORT_END));
	CHECK(FA_HAS(f, IPMOB_FA_SRC) && eq6(&f->src, "::1"));
	CHECK(f->dport == 80 && f->dport_end == 0);
	CHECK(!FA_HAS(f, IPMOB_FA_DSCP_END) && FA_HAS(f, IPMOB_FA_DSCP));
	CHECK(f->flow_label == 17 && !FA_HAS(f, IPMOB_FA_FLOW_LABEL_END));

	/* every protocol name, and numbers */
	{
		static const struct {
			const char *name;
			unsigned int num;
		} p[] = {
			{ "tcp", 6 }, { "udp", 17 }, { "icmp", 1 },
			{ "ipv6-icmp", 58 }, { "esp", 50 }, { "ah", 51 },
			{ "sctp", 132 }, { "udplite", 136 }, { "dccp", 33 },
			{ "gre", 47 }, { "0", 0 }, { "255", 255 }, { "89", 89 },
		};
		unsigned int i;
		char cmd[256];

		for (i = 0; i < ARRAY_SIZE(p); i++) {
			snprintf(cmd, sizeof(cmd), "add " S6 " fid 1 bid 1 proto %s",
				 p[i].name);
			CHECK(parse(cmd, &a, err) == 0);
			CHECK(f->proto == p[i].num);
			if (p[i].name[0] > '9')
				CHECK_STR(flow_proto_name(p[i].num), p[i].name);
		}
		CHECK(flow_proto_name(89) == NULL);
		CHECK(flow_proto_number("bogus") == -1);
	}
	/* ports with port protocols, spi with esp and ah */
	CHECK(parse("add " S6 " fid 1 bid 1 proto sctp sport 1 dport 2", &a, err) == 0);
	CHECK(parse("add " S6 " fid 1 bid 1 proto dccp dport 2", &a, err) == 0);
	CHECK(parse("add " S6 " fid 1 bid 1 proto udplite dport 2", &a, err) == 0);
	CHECK(parse("add " S6 " fid 1 bid 1 proto tcp dport 2", &a, err) == 0);
	CHECK(parse("add " S6 " fid 1 bid 1 proto ah spi 7", &a, err) == 0);
	CHECK(parse("add " S6 " fid 1 bid 1 proto esp spi 7-9", &a, err) == 0);
	CHECK(parse("add " S6 " fid 1 bid 1 dport 2 spi 3", &a, err) == 0);
	CHECK(parse("add " S6 " fid 1 bid 1 flowlabel 0xABCDE", &a, err) == 0);
	CHECK(f->flow_label == 0xabcde);
	CHECK(parse("add " S6 " fid 1 bid 1 flowlabel 1048575", &a, err) == 0);
	CHECK(f->flow_label == 0xfffff);
	/* keywords in any order, session words anywhere */
	CHECK(parse("add fid 4 dscp 3 hoa 2001:db8:1::1 bid 2 dev lo prio 1", &a, err) == 0);
	CHECK(f->fid == 4 && f->dscp == 3 && f->prio == 1 && f->bid[0] == 2);
	/* mode ro with an IPv6 peer */
	CHECK(parse("add hoa 2001:db8:1::1 peer 2001:db8:9::1 mode ro dev lo fid 1 bid 1", &a, err) == 0);
	CHECK(a.key.mode == IPMOB_MODE_RO);
	/* a session keyed on an ingress interface: index now, name later */
	CHECK(parse("add hoa 10.9.0.0/24 peer 10.1.1.2 iif 4 dev lo fid 1 bid 1", &a, err) == 0);
	CHECK(BA_HAS(&a.key, IPMOB_BA_IIF) && a.key.iif == 4 && !a.iif[0]);
	CHECK(parse("del hoa 10.9.0.0/24 peer 10.1.1.2 iif lo dev lo", &a, err) == 0);
	CHECK(!BA_HAS(&a.key, IPMOB_BA_IIF) && !strcmp(a.iif, "lo"));
	CHECK(iif_resolve(a.iif, &a.key, err, ERRBUF_LEN) == 0 &&
	      BA_HAS(&a.key, IPMOB_BA_IIF) && a.key.iif == 1);
	CHECK(parse("del hoa 10.9.0.0/24 iif 0 dev lo", &a, err) == -1);
	CHECK_CONTAINS(err, "invalid iif \"0\"");
	CHECK(parse("show iif 3", &a, err) == -1);
	CHECK_STR(err, "\"iif\" requires \"hoa\"");

	/* del: no fid, several fids */
	CHECK(parse("del " S6, &a, err) == 0);
	CHECK(a.op == FOP_DEL && a.nfid == 0);
	CHECK(parse("delete " S6 " fid 1 fid 65535 fid 7", &a, err) == 0);
	CHECK(a.nfid == 3 && a.fid[0] == 1 && a.fid[1] == 65535 && a.fid[2] == 7);
	CHECK(parse("d hoa 10.0.0.0/8 peer 10.0.0.1 dev lo", &a, err) == 0);
	CHECK(a.op == FOP_DEL && a.key.prefix_len == 8);

	/* show: nothing, a session with or without dev; help */
	CHECK(parse("", &a, err) == 0 && a.op == FOP_SHOW && !a.key.present);
	CHECK(parse("show", &a, err) == 0 && a.op == FOP_SHOW);
	CHECK(parse("list", &a, err) == 0 && a.op == FOP_SHOW);
	CHECK(parse("show hoa 2001:db8:1::1", &a, err) == 0 && !a.has_dev);
	CHECK(parse("show " S6 " peer 2001:db8::1 mode tunnel", &a, err) == 0);
	CHECK(a.has_dev && BA_HAS(&a.key, IPMOB_BA_PEER));
	CHECK(parse("help", &a, err) == 0 && a.op == FOP_HELP);

	CHECK(is_flow_add(3, (char *[]){ "flow", "add", "x" }));
	CHECK(is_flow_add(2, (char *[]){ "f", "a" }));
	CHECK(!is_flow_add(2, (char *[]){ "flow", "del" }));
	CHECK(!is_flow_add(2, (char *[]){ "binding", "add" }));
	CHECK(!is_flow_add(1, (char *[]){ "flow" }));
}

static void test_parse_bad(void)
{
	static const struct {
		const char *cmd;
		const char *err;
	} cases[] = {
		{ "frob", "unknown command \"frob\" for \"flow\" (try \"ipmob flow help\")" },
		{ "help me", "unexpected argument \"me\" after \"help\"" },
		{ "add " S6 " fid 1 bid 1 xyz 1", "unknown keyword \"xyz\"" },
		{ "add " S6 " fid 1 bid", "missing value for \"bid\"" },
		{ "add " S6 " fid", "missing value for \"fid\"" },
		{ "add dev lo fid 1 bid 1", "missing \"hoa\"" },
		{ "add hoa 2001:db8::1 fid 1 bid 1", "missing \"dev\"" },
		{ "add " S6 " bid 1", "missing \"fid\"" },
		{ "add " S6 " fid 1", "missing \"bid\", \"drop\" or \"buffer\"" },
		{ "add " S6 " fid 1 prio 1", "missing \"bid\", \"drop\" or \"buffer\"" },
		{ "add " S6 " fid 1 bid 1 buffer", "\"bid\" and \"buffer\" exclude each other" },
		{ "add " S6 " fid 1 buffer bid 1", "\"bid\" and \"buffer\" exclude each other" },
		{ "add " S6 " fid 1 buffer drop", "\"drop\" and \"buffer\" exclude each other" },
		{ "add " S6 " fid 1 buffer buffer", "duplicate \"buffer\"" },
		{ "add " S6 " fid 1 send", "keyword \"send\" is not valid for \"flow add\"" },
		{ "flush " S6, "missing \"send\" or \"drop\"" },
		{ "flush " S6 " send drop", "\"send\" and \"drop\" exclude each other" },
		{ "flush " S6 " drop send", "\"send\" and \"drop\" exclude each other" },
		{ "flush " S6 " send send", "duplicate \"send\"" },
		{ "flush hoa 2001:db8::1 send", "missing \"dev\"" },
		{ "flush dev lo send", "missing \"hoa\"" },
		{ "flush " S6 " fid 1 send", "keyword \"fid\" is not valid for \"flow flush\"" },
		{ "flush " S6 " buffer", "keyword \"buffer\" is not valid for \"flow flush\"" },
		{ "flush hoa 10.0.1.1 mode ro dev lo drop", "mode ro is IPv6 only, not for the IPv4 home address \"10.0.1.1\"" },
		{ "del " S6 " send", "keyword \"send\" is not valid for \"flow del\"" },
		{ "add " S6 " fid 1 bid 1 drop", "\"bid\" and \"drop\" exclude each other" },
		{ "add " S6 " fid 1 drop bid 1", "\"bid\" and \"drop\" exclude each other" },
		{ "add " S6 " fid 1 drop drop", "duplicate \"drop\"" },
		{ "add " S6 " fid 0 bid 1", "invalid fid \"0\" (1-65535)" },
		{ "add " S6 " fid 65536 bid 1", "invalid fid \"65536\" (1-65535)" },
		{ "add " S6 " fid x bid 1", "invalid fid \"x\" (1-65535)" },
		{ "add " S6 " fid 1 fid 2 bid 1", "duplicate \"fid\"" },
		{ "add " S6 " fid 1 prio 256 bid 1", "invalid prio \"256\" (0-255)" },
		{ "add " S6 " fid 1 prio -1 bid 1", "invalid prio \"-1\" (0-255)" },
		{ "add " S6 " fid 1 prio 1 prio 2 bid 1", "duplicate \"prio\"" },
		{ "add " S6 " fid 1 bid 0", "invalid bid \"0\" (1-65535)" },
		{ "add " S6 " fid 1 bid 65536", "invalid bid \"65536\" (1-65535)" },
		{ "add " S6 " fid 1 bid 3 bid 3", "duplicate bid 3" },
		{ "add " S6 " fid 1 bid 1 bid 2 bid 3 bid 4 bid 5 bid 6 bid 7 bid 8 bid 9",
		  "too many bids (at most 8)" },
		{ "add " S6 " fid 1 bid 1 dscp 64", "invalid dscp \"64\" (0-63)" },
		{ "add " S6 " fid 1 bid 1 dscp 1-64", "invalid dscp \"1-64\" (0-63)" },
		{ "add " S6 " fid 1 bid 1 dscp 9-3", "invalid dscp range \"9-3\" (start after end)" },
		{ "add " S6 " fid 1 bid 1 dscp 1-", "invalid dscp \"1-\" (0-63)" },
		{ "add " S6 " fid 1 bid 1 dscp -1", "invalid dscp \"-1\" (0-63)" },
		{ "add " S6 " fid 1 bid 1 dscp 0x3", "invalid dscp \"0x3\" (0-63)" },
		{ "add " S6 " fid 1 bid 1 sport 65536", "invalid sport \"65536\" (0-65535)" },
		{ "add " S6 " fid 1 bid 1 dport 2-1", "invalid dport range \"2-1\" (start after end)" },
		{ "add " S6 " fid 1 bid 1 dport 1 dport 2", "duplicate \"dport\"" },
		{ "add " S6 " fid 1 bid 1 spi 4294967296", "invalid spi \"4294967296\" (0-4294967295)" },
		{ "add " S6 " fid 1 bid 1 flowlabel 0x100000", "invalid flowlabel \"0x100000\" (0-0xfffff)" },
		{ "add " S6 " fid 1 bid 1 flowlabel 1048576", "invalid flowlabel \"1048576\" (0-0xfffff)" },
		{ "add " S6 " fid 1 bid 1 flowlabel 0x", "invalid flowlabel \"0x\" (0-0xfffff)" },
		{ "add " S6 " fid 1 bid 1 flowlabel 0xg", "invalid flowlabel \"0xg\" (0-0xfffff)" },
		{ "add " S6 " fid 1 bid 1 flowlabel 0x5-0x4", "invalid flowlabel range \"0x5-0x4\" (start after end)" },
		{ "add " S6 " fid 1 bid 1 proto foo", "invalid proto \"foo\" (tcp, udp, icmp, ipv6-icmp, esp, ah, sctp, udplite, dccp, gre or 0-255)" },
		{ "add " S6 " fid 1 bid 1 proto 256", "invalid proto \"256\" (tcp, udp, icmp, ipv6-icmp, esp, ah, sctp, udplite, dccp, gre or 0-255)" },
		{ "add " S6 " fid 1 bid 1 proto icmp dport 1", "dport needs proto tcp, udp, udplite, sctp or dccp" },
		{ "add " S6 " fid 1 bid 1 proto gre sport 1", "sport needs proto tcp, udp, udplite, sctp or dccp" },
		{ "add " S6 " fid 1 bid 1 proto udp spi 1", "spi needs proto esp or ah" },
		{ "add " S6 " fid 1 bid 1 src foo", "invalid src address \"foo\"" },
		{ "add " S6 " fid 1 bid 1 dst 10.0.0.256", "invalid dst address \"10.0.0.256\"" },
		{ "add " S6 " fid 1 bid 1 src 10.0.0.0/33", "invalid prefix length in \"10.0.0.0/33\" (0-32)" },
		{ "add " S6 " fid 1 bid 1 src ::/129", "invalid prefix length in \"::/129\" (0-128)" },
		{ "add " S6 " fid 1 bid 1 src ::/", "invalid prefix length in \"::/\" (0-128)" },
		{ "add " S6 " fid 1 bid 1 src 10.0.0.1/24", "src prefix \"10.0.0.1/24\" has host bits set" },
		{ "add " S6 " fid 1 bid 1 dst 2001:db8::1/64", "dst prefix \"2001:db8::1/64\" has host bits set" },
		{ "add " S6 " fid 1 bid 1 src 10.0.0.9-10.0.0.1", "invalid src range \"10.0.0.9-10.0.0.1\" (start after end)" },
		{ "add " S6 " fid 1 bid 1 src ::9-::1", "invalid src range \"::9-::1\" (start after end)" },
		{ "add " S6 " fid 1 bid 1 src 10.0.0.1-::1", "invalid src range \"10.0.0.1-::1\" (IPv4 and IPv6 mixed)" },
		{ "add " S6 " fid 1 bid 1 src 10.0.0.1-x", "invalid src address \"10.0.0.1-x\"" },
		{ "add " S6 " fid 1 bid 1 src 10.0.0.0/8 dst ::1", "src and dst must be of the same family" },
		{ "add " S6 " fid 1 bid 1 src ::1 dst 10.0.0.1", "src and dst must be of the same family" },
		{ "add " S6 " fid 1 bid 1 src ::1 src ::2", "duplicate \"src\"" },
		{ "add " S6 " fid 1 bid 1 src 10.0.0.1 flowlabel 1", "flowlabel matches IPv6 packets only, not IPv4 src" },
		{ "add " S6 " fid 1 bid 1 dst 10.0.0.1 flowlabel 1", "flowlabel matches IPv6 packets only, not IPv4 dst" },
		{ "add hoa foo dev lo fid 1 bid 1", "invalid home address \"foo\"" },
		{ "add hoa 2001:db8::1/64 dev lo fid 1 bid 1", "home prefix \"2001:db8::1/64\" has host bits set" },
		{ "add " S6 " hoa 2001:db8::2 fid 1 bid 1", "duplicate \"hoa\"" },
		{ "add " S6 " mode ro mode ro fid 1 bid 1", "duplicate \"mode\"" },
		{ "add " S6 " mode x fid 1 bid 1", "invalid mode \"x\" (expected \"tunnel\" or \"ro\")" },
		{ "add " S6 " peer ::1 fid 1 bid 1", "invalid peer address \"::1\" (loopback address)" },
		{ "add " S6 " peer 2001:db8::1 peer 2001:db8::2 fid 1 bid 1",
		  "duplicate \"peer\" (at most one IPv6 and one IPv4 address)" },
		{ "add hoa 10.0.0.1 mode ro dev lo fid 1 bid 1",
		  "mode ro is IPv6 only, not for the IPv4 home address \"10.0.0.1\"" },
		{ "add " S6 " dev lo fid 1 bid 1", "duplicate \"dev\"" },
		{ "add hoa 2001:db8::1 dev a/b fid 1 bid 1", "invalid device name \"a/b\"" },
		{ "del " S6 " prio 1", "keyword \"prio\" is not valid for \"flow del\"" },
		{ "del " S6 " drop", "keyword \"drop\" is not valid for \"flow del\"" },
		{ "del " S6 " src ::1", "keyword \"src\" is not valid for \"flow del\"" },
		{ "del " S6 " fid 2 fid 2", "duplicate fid 2" },
		{ "del " S6 " fid 0", "invalid fid \"0\" (1-65535)" },
		{ "del hoa 2001:db8::1", "missing \"dev\"" },
		{ "del dev lo", "missing \"hoa\"" },
		{ "show fid 1", "keyword \"fid\" is not valid for \"flow show\"" },
		{ "show dev lo", "\"dev\" requires \"hoa\"" },
		{ "show peer 2001:db8::1", "\"peer\" requires \"hoa\"" },
		{ "show mode ro", "\"mode\" requires \"hoa\"" },
		{ "add hoa 2001:db8::1 mode ro iif 3 dev lo fid 1 bid 1",
		  "\"iif\" is not for mode ro" },
		{ "del hoa 2001:db8::1 iif lo mode ro dev lo",
		  "\"iif\" is not for mode ro" },
		{ "show hoa", "missing value for \"hoa\"" },
	};
	static struct flow_args a;
	char err[ERRBUF_LEN];
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		CHECK(parse(cases[i].cmd, &a, err) == -1);
		if (strcmp(err, cases[i].err))
			fprintf(stderr, "  (case \"%s\")\n", cases[i].cmd);
		CHECK_STR(err, cases[i].err);
	}

	/* more fids than a del takes */
	{
		static char cmd[16384];
		size_t n;

		n = (size_t)snprintf(cmd, sizeof(cmd), "del " S6);
		for (i = 1; i <= FLOW_DEL_MAX_FIDS + 1; i++)
			n += (size_t)snprintf(cmd + n, sizeof(cmd) - n,
					      " fid %u", i);
		{
			char *argv[2 * FLOW_DEL_MAX_FIDS + 16], e2[ERRBUF_LEN];
			int argc = tokenize(cmd, argv, (int)ARRAY_SIZE(argv),
					    e2, sizeof(e2));

			CHECK(argc == 5 + 2 * (FLOW_DEL_MAX_FIDS + 1));
			CHECK(flow_args_parse(argc, argv, &a, err,
					      sizeof(err)) == -1);
			CHECK_STR(err, "too many fids (at most 1024)");
			/* one fewer is fine */
			CHECK(flow_args_parse(argc - 2, argv, &a, err,
					      sizeof(err)) == 0);
			CHECK(a.nfid == FLOW_DEL_MAX_FIDS);
		}
	}
}

/* ---- messages ---- */

struct view {
	uint8_t cmd;
	uint16_t flags;
	unsigned int bindings, flows, others;
	struct ipmob_binding key;
	struct ipmob_flow flow[8];
	unsigned int raw_bids;		/* IPMOB_FA_BID attributes seen */
};

static void view(const struct nlmsghdr *nlh, struct view *v)
{
	const struct genlmsghdr *g = mnl_nlmsg_get_payload(nlh);
	const struct nlattr *a, *b;

	memset(v, 0, sizeof(*v));
	v->cmd = g->cmd;
	v->flags = nlh->nlmsg_flags;
	mnl_attr_for_each(a, nlh, GENL_HDRLEN) {
		switch (mnl_attr_get_type(a)) {
		case IPMOB_A_BINDING:
			CHECK(binding_from_nest(a, &v->key) == 0);
			v->bindings++;
			break;
		case IPMOB_A_FLOW:
			if (v->flows < 8)
				CHECK(flow_from_nest(a, &v->flow[v->flows]) == 0);
			mnl_attr_for_each_nested(b, a)
				if (mnl_attr_get_type(b) == IPMOB_FA_BID)
					v->raw_bids++;
			v->flows++;
			break;
		default:
			v->others++;
		}
	}
}

static struct nlmsghdr *build(const char *cmd, struct view *v)
{
	static uint32_t buf[GENL_TXBUF_LEN / 4];
	static struct flow_args a;
	struct nlmsghdr *nlh;
	char err[ERRBUF_LEN];

	if (parse(cmd, &a, err) < 0) {
		fprintf(stderr, "build: %s: %s\n", cmd, err);
		CHECK(0);
		return NULL;
	}
	a.ifindex = 7;
	nlh = flow_args_msg(&a, FAKE_FAMILY, IPMOB_GENL_VERSION, buf,
			    sizeof(buf));
	CHECK(nlh != NULL);
	if (nlh)
		view(nlh, v);
	return nlh;
}

static void test_msg(void)
{
	static struct flow_args a;
	struct view v;
	struct nlmsghdr *nlh;
	char err[ERRBUF_LEN], small[64];
	const struct ipmob_flow *f = &v.flow[0];

	nlh = build("add hoa 2001:db8:1::/64 peer 2001:db8::1 mode tunnel dev lo fid 9 prio 3 bid 1 bid 2 "
		    "src 2001:db8:5::/48 dst 2001:db8:6::1 proto esp spi 4-5 dscp 46 flowlabel 0x12345", &v);
	CHECK(nlh && nlh->nlmsg_type == FAKE_FAMILY);
	CHECK(v.cmd == IPMOB_CMD_FLOW_NEW && !(v.flags & NLM_F_DUMP));
	CHECK(v.bindings == 1 && v.flows == 1 && v.others == 0);
	CHECK(v.key.present == (BA_BIT(IPMOB_BA_HOA) | BA_BIT(IPMOB_BA_PREFIX_LEN) |
				BA_BIT(IPMOB_BA_PEER) | BA_BIT(IPMOB_BA_MODE) |
				BA_BIT(IPMOB_BA_IFINDEX)));
	CHECK(v.key.ifindex == 7 && v.key.prefix_len == 64);
	CHECK(eq6(&v.key.hoa, "2001:db8:1::") && eq6(&v.key.peer, "2001:db8::1"));
	CHECK(f->present == (FA_BIT(IPMOB_FA_FID) | FA_BIT(IPMOB_FA_PRIO) |
			     FA_BIT(IPMOB_FA_ACTION) | FA_BIT(IPMOB_FA_BID) |
			     FA_BIT(IPMOB_FA_SRC) | FA_BIT(IPMOB_FA_SRC_END) |
			     FA_BIT(IPMOB_FA_DST) | FA_BIT(IPMOB_FA_PROTO) |
			     FA_BIT(IPMOB_FA_SPI) |
			     FA_BIT(IPMOB_FA_SPI_END) | FA_BIT(IPMOB_FA_DSCP) |
			     FA_BIT(IPMOB_FA_FLOW_LABEL)));
	CHECK(v.raw_bids == 2 && f->nbid == 2 && f->bid[0] == 1 && f->bid[1] == 2);
	CHECK(f->fid == 9 && f->prio == 3 && f->action == IPMOB_FLOW_FORWARD);
	CHECK(eq6(&f->src, "2001:db8:5::") &&
	      eq6(&f->src_end, "2001:db8:5:ffff:ffff:ffff:ffff:ffff"));
	CHECK(eq6(&f->dst, "2001:db8:6::1"));
	CHECK(f->proto == 50 && f->spi == 4 && f->spi_end == 5);
	CHECK(f->dscp == 46 && f->flow_label == 0x12345);

	/* the attributes' exact sizes, as the kernel's policy wants them */
	{
		const struct nlattr *nest = NULL, *x;
		unsigned int seen = 0;

		mnl_attr_for_each(x, nlh, GENL_HDRLEN)
			if (mnl_attr_get_type(x) == IPMOB_A_FLOW)
				nest = x;
		CHECK(nest != NULL);
		mnl_attr_for_each_nested(x, nest) {
			unsigned int t = mnl_attr_get_type(x), len =
				mnl_attr_get_payload_len(x);

			seen++;
			switch (t) {
			case IPMOB_FA_FID:
			case IPMOB_FA_BID:
			case IPMOB_FA_SPORT:
			case IPMOB_FA_SPORT_END:
			case IPMOB_FA_DPORT:
				CHECK(len == 2);
				break;
			case IPMOB_FA_PRIO:
			case IPMOB_FA_ACTION:
			case IPMOB_FA_PROTO:
			case IPMOB_FA_DSCP:
				CHECK(len == 1);
				break;
			case IPMOB_FA_SPI:
			case IPMOB_FA_SPI_END:
			case IPMOB_FA_FLOW_LABEL:
				CHECK(len == 4);
				break;
			case IPMOB_FA_SRC:
			case IPMOB_FA_SRC_END:
			case IPMOB_FA_DST:
				CHECK(len == 16);
				break;
			default:
				CHECK(0);
			}
			if (t == IPMOB_FA_SPI)
				CHECK(mnl_attr_get_u32(x) == 4);
			if (t == IPMOB_FA_FLOW_LABEL)
				CHECK(mnl_attr_get_u32(x) == 0x12345);
			if (t == IPMOB_FA_ACTION)
				CHECK(mnl_attr_get_u8(x) == IPMOB_FLOW_FORWARD);
		}
		CHECK(seen == 13);
	}

	/* IPv4 home address and selector, drop */
	build("add hoa 10.1.0.5 peer 2001:db8::1 dev lo fid 3 prio 5 drop src 10.0.0.0/24 dst 10.0.1.1-10.0.1.7", &v);
	CHECK(BA_HAS(&v.key, IPMOB_BA_HOA4) && !BA_HAS(&v.key, IPMOB_BA_HOA));
	CHECK(f->action == IPMOB_FLOW_DROP && v.raw_bids == 0);
	CHECK(f->present == (FA_BIT(IPMOB_FA_FID) | FA_BIT(IPMOB_FA_PRIO) |
			     FA_BIT(IPMOB_FA_ACTION) | FA_BIT(IPMOB_FA_SRC4) |
			     FA_BIT(IPMOB_FA_SRC4_END) | FA_BIT(IPMOB_FA_DST4) |
			     FA_BIT(IPMOB_FA_DST4_END)));
	CHECK(eq4(&f->src4, "10.0.0.0") && eq4(&f->src4_end, "10.0.0.255"));
	CHECK(eq4(&f->dst4, "10.0.1.1") && eq4(&f->dst4_end, "10.0.1.7"));

	/* del: one nest per fid, each the fid alone; none: all */
	build("del " S6 " fid 4 fid 2", &v);
	CHECK(v.cmd == IPMOB_CMD_FLOW_DEL && v.bindings == 1 && v.flows == 2);
	CHECK(v.flow[0].present == FA_BIT(IPMOB_FA_FID) && v.flow[0].fid == 4);
	CHECK(v.flow[1].present == FA_BIT(IPMOB_FA_FID) && v.flow[1].fid == 2);
	CHECK(v.key.ifindex == 7);
	build("del " S6, &v);
	CHECK(v.cmd == IPMOB_CMD_FLOW_DEL && v.bindings == 1 && v.flows == 0);

	/* show: a dump, with the session as filter or without */
	build("show", &v);
	CHECK(v.cmd == IPMOB_CMD_FLOW_GET && (v.flags & NLM_F_DUMP) == NLM_F_DUMP);
	CHECK(v.bindings == 0 && v.flows == 0 && v.others == 0);
	build("show hoa 10.1.0.0/16", &v);
	CHECK(v.cmd == IPMOB_CMD_FLOW_GET && (v.flags & NLM_F_DUMP) == NLM_F_DUMP);
	CHECK(v.bindings == 1 && v.flows == 0);
	CHECK(v.key.present == (BA_BIT(IPMOB_BA_HOA4) | BA_BIT(IPMOB_BA_PREFIX_LEN)));
	build("show " S6, &v);
	CHECK(BA_HAS(&v.key, IPMOB_BA_IFINDEX) && v.key.ifindex == 7);

	/* help builds nothing; a buffer too small is refused */
	CHECK(parse("help", &a, err) == 0);
	CHECK(flow_args_msg(&a, 1, 1, small, sizeof(small)) == NULL);
	CHECK(parse("add " S6 " fid 1 bid 1 src ::1-::2 dst ::3-::4", &a, err) == 0);
	CHECK(flow_args_msg(&a, 1, 1, small, sizeof(small)) == NULL);
	CHECK(flow_args_msg(&a, 1, 1, small, 8) == NULL);
}

/* ---- the codec and the output ---- */

static void put6(struct nlmsghdr *nlh, uint16_t t, const char *s)
{
	struct in6_addr a;

	inet_pton(AF_INET6, s, &a);
	mnl_attr_put(nlh, t, sizeof(a), &a);
}

static void put4(struct nlmsghdr *nlh, uint16_t t, const char *s)
{
	struct in_addr a;

	inet_pton(AF_INET, s, &a);
	mnl_attr_put(nlh, t, sizeof(a), &a);
}

/* What the kernel's dump holds: two sessions, three rules. */
static struct nlmsghdr *dump_msg1(void *buf)
{
	struct nlmsghdr *nlh = genl_msg_start(buf, FAKE_FAMILY,
					      IPMOB_CMD_FLOW_GET, 1, 0);
	struct nlattr *n;

	n = mnl_attr_nest_start(nlh, IPMOB_A_BINDING);
	put6(nlh, IPMOB_BA_HOA, "2001:db8:1::1");
	mnl_attr_nest_end(nlh, n);

	n = mnl_attr_nest_start(nlh, IPMOB_A_FLOW);
	mnl_attr_put_u16(nlh, IPMOB_FA_FID, 10);
	mnl_attr_put_u8(nlh, IPMOB_FA_PRIO, 0);
	mnl_attr_put_u8(nlh, IPMOB_FA_ACTION, IPMOB_FLOW_FORWARD);
	mnl_attr_put_u16(nlh, IPMOB_FA_BID, 1);
	mnl_attr_put_u16(nlh, IPMOB_FA_BID, 2);
	mnl_attr_put_u8(nlh, IPMOB_FA_PROTO, 17);
	mnl_attr_put_u16(nlh, IPMOB_FA_DPORT, 5001);
	mnl_attr_put_u16(nlh, IPMOB_FA_DPORT_END, 5002);
	mnl_attr_put_u64(nlh, IPMOB_FA_PACKETS, 12);
	mnl_attr_nest_end(nlh, n);

	n = mnl_attr_nest_start(nlh, IPMOB_A_FLOW);
	mnl_attr_put_u16(nlh, IPMOB_FA_FID, 11);
	mnl_attr_put_u8(nlh, IPMOB_FA_PRIO, 7);
	/* no action: forward */
	mnl_attr_put_u16(nlh, IPMOB_FA_BID, 3);
	put6(nlh, IPMOB_FA_SRC, "2001:db8:5::");
	put6(nlh, IPMOB_FA_SRC_END, "2001:db8:5:ffff:ffff:ffff:ffff:ffff");
	put6(nlh, IPMOB_FA_DST, "2001:db8:6::1");
	put6(nlh, IPMOB_FA_DST_END, "2001:db8:6::9");
	mnl_attr_put_u8(nlh, IPMOB_FA_PROTO, 50);
	mnl_attr_put_u32(nlh, IPMOB_FA_SPI, 256);
	mnl_attr_put_u32(nlh, IPMOB_FA_SPI_END, 256);	/* = start */
	mnl_attr_put_u8(nlh, IPMOB_FA_DSCP, 10);
	mnl_attr_put_u8(nlh, IPMOB_FA_DSCP_END, 12);
	mnl_attr_put_u32(nlh, IPMOB_FA_FLOW_LABEL, 0x12345);
	mnl_attr_put_u32(nlh, IPMOB_FA_FLOW_LABEL_END, 0x12346);
	mnl_attr_put_u16(nlh, IPMOB_FA_SPORT, 7);
	mnl_attr_put_u32(nlh, IPMOB_FA_MAX + 1, 99);	/* newer kernel */
	mnl_attr_put_u64(nlh, IPMOB_FA_PACKETS, 0);
	mnl_attr_nest_end(nlh, n);
	return nlh;
}

static struct nlmsghdr *dump_msg2(void *buf)
{
	struct nlmsghdr *nlh = genl_msg_start(buf, FAKE_FAMILY,
					      IPMOB_CMD_FLOW_GET, 1, 0);
	struct nlattr *n;

	n = mnl_attr_nest_start(nlh, IPMOB_A_BINDING);
	put4(nlh, IPMOB_BA_HOA4, "10.1.0.5");
	put6(nlh, IPMOB_BA_PEER, "2001:db8::1");
	mnl_attr_nest_end(nlh, n);
	n = mnl_attr_nest_start(nlh, IPMOB_A_FLOW);
	mnl_attr_put_u16(nlh, IPMOB_FA_FID, 3);
	mnl_attr_put_u8(nlh, IPMOB_FA_PRIO, 5);
	mnl_attr_put_u8(nlh, IPMOB_FA_ACTION, IPMOB_FLOW_DROP);
	put4(nlh, IPMOB_FA_SRC4, "10.0.0.0");
	put4(nlh, IPMOB_FA_SRC4_END, "10.0.0.255");
	put4(nlh, IPMOB_FA_DST4, "10.0.1.1");
	put4(nlh, IPMOB_FA_DST4_END, "10.0.1.7");
	mnl_attr_put_u64(nlh, IPMOB_FA_PACKETS, 0);
	mnl_attr_nest_end(nlh, n);
	n = mnl_attr_nest_start(nlh, IPMOB_A_FLOW);
	mnl_attr_put_u16(nlh, IPMOB_FA_FID, 4);
	mnl_attr_put_u8(nlh, IPMOB_FA_ACTION, 9);	/* unknown action */
	mnl_attr_put_u8(nlh, IPMOB_FA_PROTO, 89);
	mnl_attr_nest_end(nlh, n);
	return nlh;
}

static const char *const want_text =
	"hoa 2001:db8:1::1 fid 10 prio 0 bid 1 bid 2 proto udp dport 5001-5002 packets 12\n"
	"hoa 2001:db8:1::1 fid 11 prio 7 bid 3 src 2001:db8:5::/48 dst 2001:db8:6::1-2001:db8:6::9 proto esp sport 7 spi 256 dscp 10-12 flowlabel 0x12345-0x12346 packets 0\n"
	"hoa 10.1.0.5 peer 2001:db8::1 fid 3 prio 5 drop src 10.0.0.0/24 dst 10.0.1.1-10.0.1.7 packets 0\n"
	"hoa 10.1.0.5 peer 2001:db8::1 fid 4 prio 0 action 9 proto 89\n";

static const char *const want_json =
	"[{\"hoa\":\"2001:db8:1::1\",\"fid\":10,\"prio\":0,\"action\":\"forward\",\"bids\":[1,2],\"proto\":17,\"dport\":5001,\"dport_end\":5002,\"packets\":12},"
	"{\"hoa\":\"2001:db8:1::1\",\"fid\":11,\"prio\":7,\"action\":\"forward\",\"bids\":[3],\"src\":\"2001:db8:5::\",\"src_end\":\"2001:db8:5:ffff:ffff:ffff:ffff:ffff\",\"dst\":\"2001:db8:6::1\",\"dst_end\":\"2001:db8:6::9\",\"proto\":50,\"sport\":7,\"spi\":256,\"spi_end\":256,\"dscp\":10,\"dscp_end\":12,\"flowlabel\":74565,\"flowlabel_end\":74566,\"packets\":0},"
	"{\"hoa\":\"10.1.0.5\",\"peer\":\"2001:db8::1\",\"fid\":3,\"prio\":5,\"action\":\"drop\",\"src\":\"10.0.0.0\",\"src_end\":\"10.0.0.255\",\"dst\":\"10.0.1.1\",\"dst_end\":\"10.0.1.7\",\"packets\":0},"
	"{\"hoa\":\"10.1.0.5\",\"peer\":\"2001:db8::1\",\"fid\":4,\"prio\":0,\"action\":\"9\",\"bids\":[],\"proto\":89}]\n";

static void test_flow_output(void)
{
	static uint64_t b1[1024], b2[1024];
	struct nlmsghdr *m1 = dump_msg1(b1), *m2 = dump_msg2(b2);
	struct ipmob_binding key;
	struct cli_ctx ctx;
	struct json j;

	CHECK(flow_msg_parse(m1, &key) == 2);
	CHECK(BA_HAS(&key, IPMOB_BA_HOA) && eq6(&key.hoa, "2001:db8:1::1"));
	CHECK(flow_msg_parse(m2, &key) == 2);
	CHECK(BA_HAS(&key, IPMOB_BA_HOA4));

	/* the pure printer, text */
	ctx_open(&ctx);
	CHECK(flow_print_msg(&ctx, NULL, m1) == 2);
	CHECK(flow_print_msg(&ctx, NULL, m2) == 2);
	CHECK_STR(ctx_out(&ctx), want_text);
	ctx_close(&ctx);

	/* JSON */
	ctx_open(&ctx);
	ctx.json = true;
	json_init(&j, ctx.out, false);
	json_arr_open(&j);
	CHECK(flow_print_msg(&ctx, &j, m1) == 2);
	CHECK(flow_print_msg(&ctx, &j, m2) == 2);
	json_arr_close(&j);
	fputc('\n', ctx.out);
	CHECK_STR(ctx_out(&ctx), want_json);
	ctx_close(&ctx);

	/* the command against the fake kernel: dump of both messages */
	fake_reset();
	fake.replies[0] = m1;
	fake.replies[1] = m2;
	fake.n_replies = 2;
	ctx_open(&ctx);
	CHECK(cli_dispatch(&ctx, 2, (char *[]){ "flow", "show" }) == 0);
	CHECK_STR(ctx_out(&ctx), want_text);
	CHECK_STR(ctx_err(&ctx), "");
	CHECK(fake.n_msgs == 1 && fake.cmd[0] == IPMOB_CMD_FLOW_GET);
	CHECK((fake.flags[0] & NLM_F_DUMP) == NLM_F_DUMP);
	ctx_close(&ctx);

	fake_reset();
	fake.replies[0] = m1;
	fake.replies[1] = m2;
	fake.n_replies = 2;
	ctx_open(&ctx);
	ctx.json = true;
	CHECK(cli_dispatch(&ctx, 1, (char *[]){ "flow" }) == 0);
	CHECK_STR(ctx_out(&ctx), want_json);
	ctx_close(&ctx);

	/* JSON of an empty dump */
	fake_reset();
	ctx_open(&ctx);
	ctx.json = true;
	CHECK(cli_dispatch(&ctx, 4, (char *[]){ "flow", "show", "hoa", "2001:db8::1" }) == 0);
	CHECK_STR(ctx_out(&ctx), "[]\n");
	CHECK(fake.nests[0] == 1);
	ctx_close(&ctx);

	/* a dump marked inconsistent warns */
	fake_reset();
	fake.replies[0] = m1;
	fake.n_replies = 1;
	fake.dump_intr = true;
	ctx_open(&ctx);
	CHECK(cli_dispatch(&ctx, 2, (char *[]){ "flow", "show" }) == 0);
	CHECK_STR(ctx_err(&ctx), "ipmob: warning: flow rules changed during the dump, the list may be inconsistent\n");
	ctx_close(&ctx);

	/* the show line: dev from the key's ifindex, mode, prefix, peer4 */
	{
		static uint64_t b3[256];
		struct nlmsghdr *nlh = genl_msg_start(b3, FAKE_FAMILY,
						      IPMOB_CMD_FLOW_GET, 1, 0);
		struct nlattr *n;

		n = mnl_attr_nest_start(nlh, IPMOB_A_BINDING);
		put6(nlh, IPMOB_BA_HOA, "2001:db8:7::");
		mnl_attr_put_u8(nlh, IPMOB_BA_PREFIX_LEN, 48);
		mnl_attr_put_u8(nlh, IPMOB_BA_MODE, IPMOB_MODE_TUNNEL);
		put6(nlh, IPMOB_BA_PEER, "2001:db8::1");
		put4(nlh, IPMOB_BA_PEER4, "192.0.2.1");
		mnl_attr_put_u32(nlh, IPMOB_BA_IFINDEX, 1);	/* lo */
		mnl_attr_put_u32(nlh, IPMOB_BA_IIF, 1);	/* lo */
		mnl_attr_nest_end(nlh, n);
		n = mnl_attr_nest_start(nlh, IPMOB_A_FLOW);
		mnl_attr_put_u16(nlh, IPMOB_FA_FID, 1);
		mnl_attr_put_u16(nlh, IPMOB_FA_BID, 1);
		put6(nlh, IPMOB_FA_SRC, "::");
		put6(nlh, IPMOB_FA_SRC_END, "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff");
		put6(nlh, IPMOB_FA_DST, "2001:db8::1");
		put6(nlh, IPMOB_FA_DST_END, "2001:db8::1");
		mnl_attr_nest_end(nlh, n);
		ctx_open(&ctx);
		CHECK(flow_print_msg(&ctx, NULL, nlh) == 1);
		CHECK_STR(ctx_out(&ctx),
			  "hoa 2001:db8:7::/48 mode tunnel peer 2001:db8::1 peer 192.0.2.1 dev lo iif lo fid 1 prio 0 bid 1 src ::/0 dst 2001:db8::1\n");
		ctx_close(&ctx);
		ctx_open(&ctx);
		ctx.json = true;
		json_init(&j, ctx.out, false);
		CHECK(flow_print_msg(&ctx, &j, nlh) == 1);
		CHECK_STR(ctx_out(&ctx),
			  "{\"hoa\":\"2001:db8:7::\",\"prefix_len\":48,\"mode\":\"tunnel\",\"peer\":\"2001:db8::1\",\"peer4\":\"192.0.2.1\",\"dev\":\"lo\",\"ifindex\":1,\"iif\":\"lo\",\"iif_index\":1,"
			  "\"fid\":1,\"prio\":0,\"action\":\"forward\",\"bids\":[1],\"src\":\"::\",\"src_end\":\"ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff\",\"dst\":\"2001:db8::1\",\"dst_end\":\"2001:db8::1\"}");
		ctx_close(&ctx);
	}
}

/* Malformed dump messages: nothing printed, the command fails. */
static void test_output_bad(void)
{
	static uint64_t buf[512];
	struct nlmsghdr *nlh;
	struct nlattr *n;
	struct ipmob_binding key;
	struct cli_ctx ctx;
	unsigned int c;

	for (c = 0; c < 6; c++) {
		nlh = genl_msg_start(buf, FAKE_FAMILY, IPMOB_CMD_FLOW_GET, 1, 0);
		if (c != 1) {
			n = mnl_attr_nest_start(nlh, IPMOB_A_BINDING);
			put6(nlh, IPMOB_BA_HOA, "2001:db8::1");
			if (c == 2)
				mnl_attr_put_u16(nlh, IPMOB_BA_HOA4, 1);
			mnl_attr_nest_end(nlh, n);
		}
		if (c == 3) {	/* two keys */
			n = mnl_attr_nest_start(nlh, IPMOB_A_BINDING);
			put6(nlh, IPMOB_BA_HOA, "2001:db8::2");
			mnl_attr_nest_end(nlh, n);
		}
		/* a good rule first: it is not printed either */
		n = mnl_attr_nest_start(nlh, IPMOB_A_FLOW);
		mnl_attr_put_u16(nlh, IPMOB_FA_FID, 1);
		mnl_attr_nest_end(nlh, n);
		n = mnl_attr_nest_start(nlh, IPMOB_A_FLOW);
		mnl_attr_put_u16(nlh, IPMOB_FA_FID, 2);
		if (c == 4)
			mnl_attr_put_u32(nlh, IPMOB_FA_DSCP, 1);
		if (c == 5)
			put4(nlh, IPMOB_FA_SRC, "10.0.0.1");
		if (c == 0)
			mnl_attr_put_u32(nlh, IPMOB_FA_FID, 1);
		mnl_attr_nest_end(nlh, n);

		CHECK(flow_msg_parse(nlh, &key) == -EBADMSG);
		ctx_open(&ctx);
		CHECK(flow_print_msg(&ctx, NULL, nlh) == -EBADMSG);
		CHECK_STR(ctx_out(&ctx), "");
		ctx_close(&ctx);

		fake_reset();
		fake.replies[0] = nlh;
		fake.n_replies = 1;
		ctx_open(&ctx);
		CHECK(cli_dispatch(&ctx, 2, (char *[]){ "flow", "show" }) == EXIT_KERNEL);
		CHECK_STR(ctx_out(&ctx), "");
		CHECK_STR(ctx_err(&ctx), "ipmob: malformed flow rule in kernel reply\n");
		ctx_close(&ctx);
	}

	/* a key with no rules, a message too short: nothing, or malformed */
	nlh = genl_msg_start(buf, FAKE_FAMILY, IPMOB_CMD_FLOW_GET, 1, 0);
	n = mnl_attr_nest_start(nlh, IPMOB_A_BINDING);
	put6(nlh, IPMOB_BA_HOA, "2001:db8::1");
	mnl_attr_nest_end(nlh, n);
	CHECK(flow_msg_parse(nlh, &key) == 0);
	nlh->nlmsg_len = NLMSG_HDRLEN + 2;
	CHECK(flow_msg_parse(nlh, &key) == -EBADMSG);

	/* more BIDs than a rule may have: "bid ..." */
	nlh = genl_msg_start(buf, FAKE_FAMILY, IPMOB_CMD_FLOW_GET, 1, 0);
	n = mnl_attr_nest_start(nlh, IPMOB_A_BINDING);
	put6(nlh, IPMOB_BA_HOA, "2001:db8::1");
	mnl_attr_nest_end(nlh, n);
	n = mnl_attr_nest_start(nlh, IPMOB_A_FLOW);
	mnl_attr_put_u16(nlh, IPMOB_FA_FID, 1);
	for (c = 1; c <= IPMOB_MAX_COA + 1; c++)
		mnl_attr_put_u16(nlh, IPMOB_FA_BID, (uint16_t)c);
	mnl_attr_nest_end(nlh, n);
	ctx_open(&ctx);
	CHECK(flow_print_msg(&ctx, NULL, nlh) == 1);
	CHECK_STR(ctx_out(&ctx), "hoa 2001:db8::1 fid 1 prio 0 bid 1 bid 2 bid 3 bid 4 bid 5 bid 6 bid 7 bid 8 bid ...\n");
	ctx_close(&ctx);
}

/* flow_to_nest -> flow_from_nest: the same rule; text line lengths. */
static void test_codec(void)
{
	static uint64_t buf[512];
	static struct flow_args a;
	struct ipmob_flow back;
	struct nlmsghdr *nlh;
	char err[ERRBUF_LEN], line[16];
	size_t n;

	CHECK(parse("add " S6 " fid 9 prio 3 bid 1 bid 2 src 10.0.0.0/8 dst 10.1.0.0-10.1.0.9 proto tcp sport 1-2 dport 3-4 dscp 1-2", &a, err) == 0);
	nlh = genl_msg_start(buf, 1, IPMOB_CMD_FLOW_NEW, 1, 0);
	CHECK(flow_to_nest(nlh, sizeof(buf), IPMOB_A_FLOW, &a.flow));
	CHECK(flow_from_nest(mnl_nlmsg_get_payload_offset(nlh, GENL_HDRLEN),
			     &back) == 0);
	CHECK(!memcmp(&back, &a.flow, sizeof(back)));
	/* no room: nothing written */
	n = nlh->nlmsg_len;
	CHECK(!flow_to_nest(nlh, n + 20, IPMOB_A_FLOW, &a.flow));
	CHECK(nlh->nlmsg_len == n);
	/* a short buffer counts the whole line */
	n = flow_format(line, sizeof(line), &a.flow);
	CHECK(n == strlen("fid 9 prio 3 bid 1 bid 2 src 10.0.0.0/8 dst 10.1.0.0-10.1.0.9 proto tcp sport 1-2 dport 3-4 dscp 1-2"));
	CHECK(strlen(line) == sizeof(line) - 1);
	/* packets is never written */
	a.flow.packets = 5;
	FA_SET(&a.flow, IPMOB_FA_PACKETS);
	nlh = genl_msg_start(buf, 1, IPMOB_CMD_FLOW_NEW, 1, 0);
	CHECK(flow_to_nest(nlh, sizeof(buf), IPMOB_A_FLOW, &a.flow));
	CHECK(flow_from_nest(mnl_nlmsg_get_payload_offset(nlh, GENL_HDRLEN),
			     &back) == 0);
	CHECK(!FA_HAS(&back, IPMOB_FA_PACKETS));
	/* packets as a u32 (genl_attr_uint) */
	{
		struct nlattr *x;

		nlh = genl_msg_start(buf, 1, IPMOB_CMD_FLOW_GET, 1, 0);
		x = mnl_attr_nest_start(nlh, IPMOB_A_FLOW);
		mnl_attr_put_u32(nlh, IPMOB_FA_PACKETS, 77);
		mnl_attr_nest_end(nlh, x);
		CHECK(flow_from_nest(x, &back) == 0);
		CHECK(back.packets == 77 && FA_HAS(&back, IPMOB_FA_PACKETS));
	}
}

/* ---- the commands against the fake kernel ---- */

static void test_cmd(void)
{
	struct cli_ctx ctx;

	fake_reset();
	ctx_open(&ctx);
	CHECK(cli_dispatch(&ctx, 10, (char *[]){ "flow", "add", "hoa", "2001:db8::1", "dev", "lo", "fid", "1", "bid", "1" }) == 0);
	CHECK(fake.n_msgs == 1 && fake.cmd[0] == IPMOB_CMD_FLOW_NEW);
	CHECK(fake.nests[0] == 1 && fake.flows[0] == 1);
	CHECK_STR(ctx_err(&ctx), "");
	CHECK(cli_dispatch(&ctx, 6, (char *[]){ "flow", "del", "hoa", "2001:db8::1", "dev", "lo" }) == 0);
	CHECK(fake.n_msgs == 2 && fake.cmd[1] == IPMOB_CMD_FLOW_DEL);
	CHECK(fake.flows[1] == 0);
	CHECK(cli_dispatch(&ctx, 2, (char *[]){ "flow", "help" }) == 0);
	CHECK_CONTAINS(ctx_out(&ctx), "Usage: ipmob flow add SESSION fid FID");
	CHECK(fake.n_msgs == 2);
	ctx_close(&ctx);

	/* bad input: one line, nothing sent */
	fake_reset();
	ctx_open(&ctx);
	CHECK(cli_dispatch(&ctx, 12, (char *[]){ "flow", "add", "hoa", "2001:db8::1", "dev", "lo", "fid", "1", "bid", "1", "dscp", "64" }) == EXIT_USAGE);
	CHECK_STR(ctx_err(&ctx), "ipmob: invalid dscp \"64\" (0-63)\n");
	CHECK(fake.n_msgs == 0);
	ctx_close(&ctx);
	fake_reset();
	ctx_open(&ctx);
	CHECK(cli_dispatch(&ctx, 10, (char *[]){ "flow", "add", "hoa", "2001:db8::1", "dev", "nosuchdev0", "fid", "1", "bid", "1" }) == EXIT_USAGE);
	CHECK_STR(ctx_err(&ctx), "ipmob: cannot find device \"nosuchdev0\"\n");
	CHECK(fake.n_msgs == 0);
	ctx_close(&ctx);

	/* kernel errors: its words, or ours */
	{
		static const struct {
			int error;
			const char *msg;
			const char *cmd;
			const char *want;
		} e[] = {
			{ -EEXIST, NULL, "add", "ipmob: flow rule already exists\n" },
			{ -ENOENT, NULL, "add", "ipmob: no such binding\n" },
			{ -ENOENT, NULL, "del", "ipmob: no such binding or flow rule\n" },
			{ -EOPNOTSUPP, NULL, "del", "ipmob: the kernel has no flow rules (ipmob module too old?)\n" },
			{ -EOPNOTSUPP, NULL, "show", "ipmob: the kernel has no flow rules (ipmob module too old?)\n" },
			{ -ENOSPC, "too many flow rules", "add", "ipmob: too many flow rules\n" },
			{ -EINVAL, "no care-of record with bid 3", "add", "ipmob: no care-of record with bid 3\n" },
		};
		unsigned int i;

		for (i = 0; i < ARRAY_SIZE(e); i++) {
			char *argv[] = { "flow", (char *)e[i].cmd, "hoa", "2001:db8::1",
					 "dev", "lo", "fid", "1", "bid", "1" };
			int argc = !strcmp(e[i].cmd, "add") ? 10 :
				   !strcmp(e[i].cmd, "del") ? 6 : 2;

			fake_reset();
			fake.fail_error = e[i].error;
			fake.fail_msg = e[i].msg;
			ctx_open(&ctx);
			CHECK(cli_dispatch(&ctx, argc, argv) == EXIT_KERNEL);
			CHECK_STR(ctx_err(&ctx), e[i].want);
			ctx_close(&ctx);
		}
	}
}

/* ---- batch ---- */

static char *text;
static size_t text_len, text_cap;

static void addf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static void addf(const char *fmt, ...)
{
	va_list ap;
	int n;

	for (;;) {
		size_t room = text_cap - text_len;

		va_start(ap, fmt);
		n = vsnprintf(text ? text + text_len : NULL, room, fmt, ap);
		va_end(ap);
		if ((size_t)n < room) {
			text_len += (size_t)n;
			return;
		}
		text_cap = text_cap ? text_cap * 2 : 4096;
		text = realloc(text, text_cap);
		if (!text)
			abort();
	}
}

static void text_reset(void)
{
	text_len = 0;
	if (text)
		text[0] = '\0';
}

static int run_batch(struct cli_ctx *ctx)
{
	FILE *f = fmemopen(text, text_len ? text_len : 1, "r");
	int ret;

	if (!f)
		abort();
	ret = cli_batch(ctx, f);
	fclose(f);
	return ret;
}

/* A rule of session s: small (fid, prio, action, bid, dport) or large. */
static void flow_line(unsigned int s, unsigned int fid, bool big)
{
	addf("flow add hoa 2001:db8:1::%x dev lo fid %u", s, fid);
	if (big)
		addf(" prio 9 bid 1 bid 2 bid 3 src 2001:db8:5::%x-2001:db8:5::ffff dst 2001:db8:6::/64 proto udp sport 1-2 dport %u-65535 dscp 3-4 flowlabel 0x1-0x2\n",
		     fid, fid);
	else
		addf(" bid 1 proto tcp dport %u\n", fid);
}

static void test_flow_batch(void)
{
	struct cli_ctx ctx;
	unsigned long i, sum;

	/* 10,000 rules of one session: a few full messages */
	fake_reset();
	text_reset();
	for (i = 1; i <= 10000; i++)
		flow_line(1, (unsigned int)i, false);
	ctx_open(&ctx);
	CHECK(run_batch(&ctx) == 0);
	CHECK_STR(ctx_err(&ctx), "");
	CHECK(fake.total_flows == 10000 && fake.applied_flows == 10000);
	CHECK(fake.n_msgs < 30);
	for (i = 0, sum = 0; i < fake.n_msgs; i++) {
		CHECK(fake.cmd[i] == IPMOB_CMD_FLOW_NEW);
		CHECK(fake.nests[i] == 1);	/* the session, once */
		CHECK(fake.len[i] <= PACK_MAX_BYTES);
		if (i + 1 < fake.n_msgs)
			CHECK(fake.len[i] > PACK_MAX_BYTES - 100);
		sum += fake.flows[i];
	}
	CHECK(sum == 10000);
	printf("flow batch: 10000 rules of one session in %lu messages\n",
	       fake.n_msgs);
	ctx_close(&ctx);

	/* large rules: the bytes limit still holds */
	fake_reset();
	text_reset();
	for (i = 1; i <= 2000; i++)
		flow_line(1, (unsigned int)i, true);
	ctx_open(&ctx);
	CHECK(run_batch(&ctx) == 0);
	CHECK(fake.total_flows == 2000 && fake.n_msgs > 5);
	for (i = 0; i < fake.n_msgs; i++)
		CHECK(fake.len[i] <= PACK_MAX_BYTES);
	ctx_close(&ctx);

	/* a session change starts a new message; other lines keep order */
	fake_reset();
	text_reset();
	for (i = 1; i <= 3; i++)
		flow_line(1, (unsigned int)i, false);
	for (i = 1; i <= 2; i++)
		flow_line(2, (unsigned int)i, false);
	addf("flow add hoa 2001:db8:1::2 dev lo fid 9 drop\n");	/* same session */
	addf("binding add hoa 2001:db8:1::9 coa 2001:db8:2::1 dev lo\n");
	addf("binding add hoa 2001:db8:1::a coa 2001:db8:2::1 dev lo\n");
	flow_line(2, 10, false);
	addf("# comment\n\n");
	flow_line(2, 11, false);
	addf("flow del hoa 2001:db8:1::2 dev lo fid 10\n");
	flow_line(2, 12, false);
	addf("flow add hoa 2001:db8:1::2 peer 2001:db8::1 dev lo fid 1 bid 1\n");	/* another */
	ctx_open(&ctx);
	CHECK(run_batch(&ctx) == 0);
	CHECK_STR(ctx_err(&ctx), "");
	CHECK(fake.n_msgs == 7);
	CHECK(fake.cmd[0] == IPMOB_CMD_FLOW_NEW && fake.flows[0] == 3);
	CHECK(fake.cmd[1] == IPMOB_CMD_FLOW_NEW && fake.flows[1] == 3);
	CHECK(fake.cmd[2] == IPMOB_CMD_BINDING_NEW && fake.nests[2] == 2 &&
	      fake.flows[2] == 0);
	CHECK(fake.cmd[3] == IPMOB_CMD_FLOW_NEW && fake.flows[3] == 2);
	CHECK(fake.cmd[4] == IPMOB_CMD_FLOW_DEL && fake.flows[4] == 1);
	CHECK(fake.cmd[5] == IPMOB_CMD_FLOW_NEW && fake.flows[5] == 1);
	CHECK(fake.cmd[6] == IPMOB_CMD_FLOW_NEW && fake.flows[6] == 1);
	ctx_close(&ctx);

	/* a binding add after flow adds goes apart */
	fake_reset();
	text_reset();
	flow_line(1, 1, false);
	addf("binding add hoa 2001:db8:1::9 coa 2001:db8:2::1 dev lo\n");
	flow_line(1, 2, false);
	ctx_open(&ctx);
	CHECK(run_batch(&ctx) == 0);
	CHECK(fake.n_msgs == 3);
	CHECK(fake.cmd[0] == IPMOB_CMD_FLOW_NEW && fake.cmd[1] == IPMOB_CMD_BINDING_NEW &&
	      fake.cmd[2] == IPMOB_CMD_FLOW_NEW);
	ctx_close(&ctx);

	/* the kernel refuses rule 7 of 10: nothing applied, line 7 named */
	fake_reset();
	text_reset();
	for (i = 1; i <= 10; i++)
		flow_line(1, (unsigned int)i, false);
	fake.fail_fid_set = true;
	fake.fail_fid = 7;
	ctx_open(&ctx);
	CHECK(run_batch(&ctx) == EXIT_KERNEL);
	CHECK_STR(ctx_err(&ctx), "ipmob: line 7: flow rule 7 of 10: fid in use\n");
	CHECK(fake.applied_flows == 0 && fake.n_msgs == 1);
	ctx_close(&ctx);

	/* ... from the extack offset, in the second message */
	fake_reset();
	text_reset();
	addf("# header\n");
	for (i = 1; i <= 5000; i++)
		flow_line(1, (unsigned int)i, false);
	fake.fail_fid_set = true;
	fake.fail_fid = 4000;
	fake.fail_mode = FAIL_OFFSET;
	ctx_open(&ctx);
	CHECK(run_batch(&ctx) == EXIT_KERNEL);
	CHECK_STR(ctx_err(&ctx), "ipmob: line 4001: bad home address\n");
	CHECK(fake.applied_flows > 0 && fake.applied_flows < 4000);
	ctx_close(&ctx);

	/* ... or the lines of the message when it cannot be told */
	fake_reset();
	text_reset();
	addf("flow del hoa 2001:db8:1::1 dev lo\n");
	for (i = 1; i <= 10; i++)
		flow_line(1, (unsigned int)i, false);
	fake.fail_fid_set = true;
	fake.fail_fid = 3;
	fake.fail_mode = FAIL_VAGUE;
	ctx_open(&ctx);
	CHECK(run_batch(&ctx) == EXIT_KERNEL);
	CHECK_STR(ctx_err(&ctx), "ipmob: lines 2-11: boom\n");
	ctx_close(&ctx);

	/* every line refused at once (no such session): the range */
	fake_reset();
	text_reset();
	for (i = 1; i <= 4; i++)
		flow_line(1, (unsigned int)i, false);
	fake.fail_error = -ENOENT;
	ctx_open(&ctx);
	CHECK(run_batch(&ctx) == EXIT_KERNEL);
	CHECK_STR(ctx_err(&ctx), "ipmob: lines 1-4: no such binding\n");
	ctx_close(&ctx);

	/* bad argument on line 4: lines 1-3 sent first, then exit 1 */
	fake_reset();
	text_reset();
	for (i = 1; i <= 3; i++)
		flow_line(1, (unsigned int)i, false);
	addf("flow add hoa 2001:db8:1::1 dev lo fid 4 bid 1 dscp 64\n");
	flow_line(1, 5, false);
	ctx_open(&ctx);
	CHECK(run_batch(&ctx) == EXIT_USAGE);
	CHECK_STR(ctx_err(&ctx), "ipmob: line 4: invalid dscp \"64\" (0-63)\n");
	CHECK(fake.applied_flows == 3 && fake.n_msgs == 1);
	ctx_close(&ctx);

	/* ... unless those fail: then the earlier line is the error */
	fake_reset();
	text_reset();
	for (i = 1; i <= 3; i++)
		flow_line(1, (unsigned int)i, false);
	addf("flow add hoa 2001:db8:1::1 dev lo fid 0 bid 1\n");
	fake.fail_fid_set = true;
	fake.fail_fid = 2;
	ctx_open(&ctx);
	CHECK(run_batch(&ctx) == EXIT_KERNEL);
	CHECK_STR(ctx_err(&ctx), "ipmob: line 2: flow rule 2 of 3: fid in use\n");
	ctx_close(&ctx);

	/* a tighter packer: max_flows */
	fake_reset();
	text_reset();
	ctx_open(&ctx);
	ctx.packer = packer_new();
	ctx.packer->max_flows = 4;
	for (i = 1; i <= 10; i++) {
		char cmd[128], *argv[MAXW], e[ERRBUF_LEN];
		int argc;

		snprintf(cmd, sizeof(cmd),
			 "flow add hoa 2001:db8:1::1 dev lo fid %lu bid 1", i);
		argc = tokenize(cmd, argv, MAXW, e, sizeof(e));
		ctx.lineno = i;
		CHECK(cli_dispatch(&ctx, argc, argv) == 0);
	}
	CHECK(packer_flush(&ctx) == 0);
	CHECK(fake.n_msgs == 3 && fake.flows[0] == 4 && fake.flows[2] == 2);
	ctx_close(&ctx);

	/* the same session spelled otherwise; another device, prefix */
	fake_reset();
	text_reset();
	addf("flow add hoa 2001:db8:1::1 dev lo fid 1 drop\n");
	addf("flow add hoa 2001:db8:1:0:0::1 dev lo fid 2 drop\n");
	addf("flow add dev lo fid 3 drop hoa 2001:DB8:1::1\n");
	addf("flow add hoa 2001:db8:1::1/128 dev lo fid 4 drop\n");
	addf("flow add hoa 2001:db8:1::1 mode tunnel dev lo fid 5 drop\n");
	ctx_open(&ctx);
	CHECK(run_batch(&ctx) == 0);
	CHECK(fake.n_msgs == 3 && fake.flows[0] == 3 && fake.flows[1] == 1 &&
	      fake.flows[2] == 1);
	ctx_close(&ctx);

	/* the rule a kernel message names, in its several wordings */
	{
		struct add_packer *p = packer_new();
		struct genl_err e;
		static const char *const msgs[] = {
			"flow rule 3 of 5: no such bid",
			"flow 3 of 5: no such bid",
			"rule 3 of 5: no such bid",
		};

		p->nlh = (struct nlmsghdr *)p->buf;
		p->nlh->nlmsg_len = 100;
		p->count = 5;
		p->cmd = IPMOB_CMD_FLOW_NEW;
		for (i = 0; i < ARRAY_SIZE(msgs); i++) {
			memset(&e, 0, sizeof(e));
			e.kernel_msg = true;
			snprintf(e.msg, sizeof(e.msg), "%s", msgs[i]);
			CHECK(packer_error_index(p, &e) == 2);
		}
		snprintf(e.msg, sizeof(e.msg), "binding 3 of 5: x");
		CHECK(packer_error_index(p, &e) == -1);
		snprintf(e.msg, sizeof(e.msg), "flow rule 3 of 4: x");
		CHECK(packer_error_index(p, &e) == -1);
		p->cmd = IPMOB_CMD_BINDING_NEW;
		CHECK(packer_error_index(p, &e) == -1);
		snprintf(e.msg, sizeof(e.msg), "binding 3 of 5: x");
		CHECK(packer_error_index(p, &e) == 2);
		p->nlh = NULL;
		packer_free(p);
	}

	free(text);
	text = NULL;
	text_cap = 0;
}

/* The new counters have names (gen-stat-names.awk). */
static void test_stats(void)
{
	CHECK_STR(stat_name(IPMOB_STAT_DROP_FLOW), "drop_flow");
	CHECK_STR(stat_name(IPMOB_STAT_TX_FLOW), "tx_flow");
	CHECK_STR(stat_name(IPMOB_STAT_TX_COPY), "tx_copy");
	CHECK_STR(stat_name(IPMOB_STAT_TX_BUFFERED), "tx_buffered");
	CHECK_STR(stat_name(IPMOB_STAT_TX_UNBUFFERED), "tx_unbuffered");
	CHECK_STR(stat_name(IPMOB_STAT_DROP_BUFFER), "drop_buffer");
	CHECK_STR(stat_name(IPMOB_STAT_RX_UDP_LEARN), "rx_udp_learn");
	CHECK_STR(stat_name(IPMOB_STAT_DROP_NO_PORT), "drop_no_port");
	CHECK_STR(stat_name(IPMOB_STAT_DROP_PORT), "drop_port");
	CHECK_STR(stat_name(IPMOB_STAT_DROP_UDP_HDR), "drop_udp_hdr");
	CHECK_STR(stat_name(IPMOB_STAT_TX_PROXY_NA), "tx_proxy_na");
	CHECK_STR(stat_name(IPMOB_STAT_DROP_ND), "drop_nd");
	CHECK_STR(stat_name(IPMOB_STAT_TX_PROXY_ARP), "tx_proxy_arp");
	CHECK_STR(stat_name(IPMOB_STAT_TX_HOME), "tx_home");
	CHECK_STR(stat_name(IPMOB_STAT_TX_HAO_SWAP), "tx_hao_swap");
	CHECK_STR(stat_name(IPMOB_STAT_DROP_HAO_SWAP), "drop_hao_swap");
	CHECK(stat_max() == IPMOB_STAT_DROP_HAO_SWAP);
}

/* "buffer" rules and "flow flush": parse, message, output, command. */
static void test_buffer(void)
{
	static struct flow_args a;
	static uint64_t b1[256];
	const struct ipmob_flow *f = &a.flow;
	char err[ERRBUF_LEN];
	struct nlmsghdr *nlh;
	const struct nlattr *x;
	struct cli_ctx ctx;
	struct json j;
	struct view v;
	unsigned int sends;
	int send;

	CHECK(parse("add " S6 " fid 5 prio 2 buffer dst 2001:db8:9::/48", &a, err) == 0);
	CHECK_STR(err, "");
	CHECK(f->action == IPMOB_FLOW_BUFFER && f->nbid == 0 &&
	      !FA_HAS(f, IPMOB_FA_BID));
	CHECK(f->present == (FA_BIT(IPMOB_FA_FID) | FA_BIT(IPMOB_FA_PRIO) |
			     FA_BIT(IPMOB_FA_ACTION) | FA_BIT(IPMOB_FA_DST) |
			     FA_BIT(IPMOB_FA_DST_END)));
	build("add " S6 " fid 5 buffer", &v);
	CHECK(v.cmd == IPMOB_CMD_FLOW_NEW && v.flows == 1 && v.raw_bids == 0);
	CHECK(v.flow[0].action == IPMOB_FLOW_BUFFER);

	/* flush: the session and IPMOB_A_BUFFER_SEND, 1 or 0 */
	for (send = 1; send >= 0; send--) {
		CHECK(parse(send ? "flush " S6 " send" :
			    "fl hoa 2001:db8:1::1 peer 2001:db8::1 mode tunnel dev lo drop",
			    &a, err) == 0);
		CHECK_STR(err, "");
		CHECK(a.op == FOP_FLUSH && a.send == (send == 1));
		nlh = build(send ? "flush " S6 " send" :
			    "fl hoa 2001:db8:1::1 peer 2001:db8::1 mode tunnel dev lo drop",
			    &v);
		CHECK(v.cmd == IPMOB_CMD_BUFFER_FLUSH && !(v.flags & NLM_F_DUMP));
		CHECK(v.bindings == 1 && v.flows == 0 && v.others == 1);
		CHECK(BA_HAS(&v.key, IPMOB_BA_IFINDEX) && v.key.ifindex == 7);
		CHECK(eq6(&v.key.hoa, "2001:db8:1::1"));
		CHECK(BA_HAS(&v.key, IPMOB_BA_PEER) == (send == 0));
		sends = 0;
		mnl_attr_for_each(x, nlh, GENL_HDRLEN) {
			if (mnl_attr_get_type(x) != IPMOB_A_BUFFER_SEND)
				continue;
			sends++;
			CHECK(mnl_attr_get_payload_len(x) == 1);
			CHECK(mnl_attr_get_u8(x) == send);
		}
		CHECK(sends == 1);
	}

	/* output: "buffer", JSON "action": "buffer", no "bids" */
	nlh = genl_msg_start(b1, FAKE_FAMILY, IPMOB_CMD_FLOW_GET, 1, 0);
	{
		struct nlattr *n = mnl_attr_nest_start(nlh, IPMOB_A_BINDING);

		put6(nlh, IPMOB_BA_HOA, "2001:db8:1::1");
		mnl_attr_nest_end(nlh, n);
		n = mnl_attr_nest_start(nlh, IPMOB_A_FLOW);
		mnl_attr_put_u16(nlh, IPMOB_FA_FID, 5);
		mnl_attr_put_u8(nlh, IPMOB_FA_PRIO, 2);
		mnl_attr_put_u8(nlh, IPMOB_FA_ACTION, IPMOB_FLOW_BUFFER);
		mnl_attr_put_u8(nlh, IPMOB_FA_PROTO, 17);
		mnl_attr_nest_end(nlh, n);
	}
	ctx_open(&ctx);
	CHECK(flow_print_msg(&ctx, NULL, nlh) == 1);
	CHECK_STR(ctx_out(&ctx), "hoa 2001:db8:1::1 fid 5 prio 2 buffer proto udp\n");
	ctx_close(&ctx);
	ctx_open(&ctx);
	ctx.json = true;
	json_init(&j, ctx.out, false);
	CHECK(flow_print_msg(&ctx, &j, nlh) == 1);
	CHECK_STR(ctx_out(&ctx),
		  "{\"hoa\":\"2001:db8:1::1\",\"fid\":5,\"prio\":2,\"action\":\"buffer\",\"proto\":17}");
	ctx_close(&ctx);

	/* the command: one BUFFER_FLUSH, nothing printed; errors */
	fake_reset();
	ctx_open(&ctx);
	CHECK(cli_dispatch(&ctx, 7, (char *[]){ "flow", "flush", "hoa",
		"2001:db8:1::1", "dev", "lo", "send" }) == 0);
	CHECK(fake.n_msgs == 1 && fake.cmd[0] == IPMOB_CMD_BUFFER_FLUSH);
	CHECK(fake.nests[0] == 1);
	CHECK_STR(ctx_out(&ctx), "");
	CHECK_STR(ctx_err(&ctx), "");
	ctx_close(&ctx);
	fake_reset();
	fake.fail_error = -ENOENT;
	ctx_open(&ctx);
	CHECK(cli_dispatch(&ctx, 7, (char *[]){ "flow", "flush", "hoa",
		"2001:db8:1::1", "dev", "lo", "drop" }) == EXIT_KERNEL);
	CHECK_STR(ctx_err(&ctx), "ipmob: no such binding\n");
	ctx_close(&ctx);
	fake_reset();
	ctx_open(&ctx);
	CHECK(cli_dispatch(&ctx, 6, (char *[]){ "flow", "flush", "hoa",
		"2001:db8:1::1", "dev", "lo" }) == EXIT_USAGE);
	CHECK_STR(ctx_err(&ctx), "ipmob: missing \"send\" or \"drop\"\n");
	CHECK(fake.n_msgs == 0);
	ctx_close(&ctx);
}

void test_flow(void)
{
	test_parse_ok();
	test_parse_bad();
	test_msg();
	test_codec();
	test_flow_output();
	test_output_bad();
	test_cmd();
	test_flow_batch();
	test_stats();
	test_buffer();
}
