// SPDX-License-Identifier: GPL-2.0
/*
 * test_binding.c - "binding" argv -> struct -> message, nest parsing,
 * the show line format, and fuzzing of the parsers.
 */
#include <arpa/inet.h>
#include <stdlib.h>
#include <libmnl/libmnl.h>

#include "t.h"

#define MAXW 80

/* Split a command line (test convenience, no quoting). */
static int split(const char *cmd, char *store, size_t storelen, char **argv)
{
	char err[ERRBUF_LEN];

	snprintf(store, storelen, "%s", cmd);
	return tokenize(store, argv, MAXW, err, sizeof(err));
}

static int parse(const char *cmd, struct binding_args *a, char *err)
{
	char store[2048], *argv[MAXW];
	int argc = split(cmd, store, sizeof(store), argv);

	err[0] = '\0';
	return binding_args_parse(argc, argv, a, err, ERRBUF_LEN);
}

static struct in6_addr A(const char *s)
{
	struct in6_addr a;

	inet_pton(AF_INET6, s, &a);
	return a;
}

static bool addr_eq(const struct in6_addr *a, const char *s)
{
	struct in6_addr b = A(s);

	return !memcmp(a, &b, sizeof(b));
}

static struct in_addr A4(const char *s)
{
	struct in_addr a;

	inet_pton(AF_INET, s, &a);
	return a;
}

static bool addr4_eq(const struct in_addr *a, const char *s)
{
	struct in_addr b = A4(s);

	return !memcmp(a, &b, sizeof(b));
}

static void test_parse_ok(void)
{
	struct binding_args a;
	char err[ERRBUF_LEN];

	CHECK(parse("add hoa 2001:db8:1::100 coa 2001:db8:2::100 dev mob0",
		    &a, err) == 0);
	CHECK(a.op == BOP_ADD);
	CHECK(addr_eq(&a.b.hoa, "2001:db8:1::100"));
	CHECK(a.b.ncoa == 1);
	CHECK(addr_eq(&a.b.coa[0].addr, "2001:db8:2::100"));
	CHECK(!a.b.coa[0].has_bid);		/* bid 0 = none */
	CHECK(a.b.coa[0].has_prio && a.b.coa[0].prio == 0);
	CHECK(BA_HAS(&a.b, IPMOB_BA_MODE) && a.b.mode == IPMOB_MODE_TUNNEL);
	CHECK(BA_HAS(&a.b, IPMOB_BA_LIFETIME) && a.b.lifetime == 0);
	CHECK(!BA_HAS(&a.b, IPMOB_BA_PEER));
	CHECK(!BA_HAS(&a.b, IPMOB_BA_LOCAL));
	CHECK(a.has_dev && !strcmp(a.dev, "mob0"));

	CHECK(parse("change hoa 2001:db8:1::100 coa 2001:db8:2::1 bid 1 prio 5 "
		    "coa 2001:db8:2::2 prio 7 bid 2 coa 2001:db8:2::3 bid 9 "
		    "mode ro peer 2001:db8:3::1 local 2001:db8:2::1 "
		    "lifetime 300 dev mob0", &a, err) == 0);
	CHECK(a.op == BOP_CHANGE);
	CHECK(a.b.ncoa == 3);
	CHECK(a.b.coa[0].has_bid && a.b.coa[0].bid == 1 &&
	      a.b.coa[0].prio == 5);
	CHECK(a.b.coa[1].has_bid && a.b.coa[1].bid == 2 &&
	      a.b.coa[1].prio == 7);
	CHECK(a.b.coa[2].bid == 9 && a.b.coa[2].prio == 0);
	CHECK(a.b.mode == IPMOB_MODE_RO);
	CHECK(addr_eq(&a.b.peer, "2001:db8:3::1"));
	CHECK(addr_eq(&a.b.local, "2001:db8:2::1"));
	CHECK(a.b.lifetime == 300);

	/* a home prefix (RFC 3963 mobile network prefix) */
	CHECK(parse("add hoa 2001:db8:5::/64 coa 2001:db8:2::1 dev x", &a,
		    err) == 0 && addr_eq(&a.b.hoa, "2001:db8:5::") &&
	      BA_HAS(&a.b, IPMOB_BA_PREFIX_LEN) && a.b.prefix_len == 64);
	CHECK(parse("add hoa 2001:db8:5::1/128 coa 2001:db8:2::1 dev x", &a,
		    err) == 0 && a.b.prefix_len == 128);
	CHECK(parse("add hoa 2001:db8::1 coa 2001:db8:2::1 dev x", &a,
		    err) == 0 && !BA_HAS(&a.b, IPMOB_BA_PREFIX_LEN));

	CHECK(parse("add hoa 2001:db8::1 coa 2001:db8::2 lifetime forever "
		    "lifetime_is_not_a_word_here dev x", &a, err) < 0);
	CHECK(parse("add hoa 2001:db8::1 coa 2001:db8::2 lifetime forever dev x",
		    &a, err) == 0 && a.b.lifetime == 0);
	CHECK(parse("add hoa 2001:db8::1 coa 2001:db8::2 lifetime 4294967295 dev x",
		    &a, err) == 0 && a.b.lifetime == UINT32_MAX);
	CHECK(parse("add hoa 2001:db8::1 coa 2001:db8::2 bid 65535 prio 255 dev x",
		    &a, err) == 0 && a.b.coa[0].bid == 65535 &&
	      a.b.coa[0].prio == 255);
	/* eight records is the maximum */
	CHECK(parse("add hoa 2001:db8::1 coa 2001:db8::11 bid 1 "
		    "coa 2001:db8::12 bid 2 coa 2001:db8::13 bid 3 "
		    "coa 2001:db8::14 bid 4 coa 2001:db8::15 bid 5 "
		    "coa 2001:db8::16 bid 6 coa 2001:db8::17 bid 7 "
		    "coa 2001:db8::18 bid 8 dev x",
		    &a, err) == 0 && a.b.ncoa == IPMOB_MAX_COA);

	CHECK(parse("del hoa 2001:db8::1 peer 2001:db8::2 dev mob0", &a,
		    err) == 0 && a.op == BOP_DEL && !BA_HAS(&a.b, IPMOB_BA_MODE));
	CHECK(parse("del hoa 2001:db8::1 peer 2001:db8::2 mode ro dev mob0", &a,
		    err) == 0 && a.b.mode == IPMOB_MODE_RO);
	CHECK(parse("show hoa 2001:db8::1 mode tunnel", &a, err) == 0 &&
	      BA_HAS(&a.b, IPMOB_BA_MODE));
	CHECK(parse("delete hoa 2001:db8::1 dev mob0", &a, err) == 0 &&
	      a.op == BOP_DEL);
	CHECK(parse("show", &a, err) == 0 && a.op == BOP_SHOW &&
	      !BA_HAS(&a.b, IPMOB_BA_HOA));
	CHECK(parse("list dev mob0", &a, err) == 0 && a.op == BOP_SHOW &&
	      a.has_dev);
	CHECK(parse("show hoa 2001:db8::1 peer 2001:db8::2", &a, err) == 0);
	CHECK(parse("flush", &a, err) == 0 && a.op == BOP_FLUSH &&
	      !a.has_dev);
	CHECK(parse("flush dev mob0", &a, err) == 0 && a.has_dev);
	CHECK(parse("help", &a, err) == 0 && a.op == BOP_HELP);
	CHECK(parse("", &a, err) == 0 && a.op == BOP_SHOW);
	CHECK(parse("a hoa 2001:db8::1 coa 2001:db8::2 dev x", &a, err) == 0 &&
	      a.op == BOP_ADD);
}

/* IPv4 home, care-of, peer and local addresses, and "encap". */
static void test_parse_ipv4(void)
{
	struct binding_args a;
	char err[ERRBUF_LEN];

	/* an IPv4 home agent binding */
	CHECK(parse("add hoa 10.0.1.100 coa 10.0.2.100 local 10.0.1.1 dev mob0",
		    &a, err) == 0);
	CHECK(BA_HAS(&a.b, IPMOB_BA_HOA4) && !BA_HAS(&a.b, IPMOB_BA_HOA));
	CHECK(addr4_eq(&a.b.hoa4, "10.0.1.100"));
	CHECK(a.b.ncoa == 1 && a.b.coa[0].has_addr4 && !a.b.coa[0].has_addr);
	CHECK(addr4_eq(&a.b.coa[0].addr4, "10.0.2.100"));
	CHECK(!a.b.coa[0].has_encap && a.encap[0] == 0);
	CHECK(BA_HAS(&a.b, IPMOB_BA_LOCAL4) && !BA_HAS(&a.b, IPMOB_BA_LOCAL));
	CHECK(addr4_eq(&a.b.local4, "10.0.1.1"));
	CHECK(!BA_HAS(&a.b, IPMOB_BA_PREFIX_LEN));
	CHECK(binding_kind(&a.b) == BINDING_KIND_CACHE);
	CHECK(a.b.mode == IPMOB_MODE_TUNNEL);

	/* DSMIPv6: IPv6 home address, IPv4 care-of address */
	CHECK(parse("add hoa 2001:db8:1::100 coa 10.0.2.100 encap ip6ip4 "
		    "local 10.0.1.1 dev mob0", &a, err) == 0);
	CHECK(BA_HAS(&a.b, IPMOB_BA_HOA) && !BA_HAS(&a.b, IPMOB_BA_HOA4));
	CHECK(a.b.coa[0].has_addr4 && a.b.coa[0].has_encap &&
	      a.b.coa[0].encap == IPMOB_ENCAP_IP &&
	      a.encap[0] == CLI_ENCAP_IP6IP4);

	/* minimal encapsulation (RFC 2004): IPv4 in IPv4 */
	CHECK(parse("add hoa 10.0.1.100 coa 10.0.2.100 encap minenc "
		    "local 10.0.1.1 dev mob0", &a, err) == 0);
	CHECK(a.b.coa[0].has_encap && a.b.coa[0].encap == IPMOB_ENCAP_MINENC &&
	      a.encap[0] == CLI_ENCAP_MINENC);
	CHECK_STR(binding_encap_name(&a.b, &a.b.coa[0]), "minenc");

	/* a home record (RFC 5648 5.6): the home address, no tunnel */
	CHECK(parse("add hoa 2001:db8:1::100 coa 2001:db8:1::100 encap home "
		    "bid 3 prio 1 coa 2001:db8:a::100 bid 1 prio 2 dev mob0",
		    &a, err) == 0);
	CHECK(a.b.ncoa == 2 && a.b.coa[0].encap == IPMOB_ENCAP_HOME &&
	      a.encap[0] == CLI_ENCAP_HOME && !a.b.coa[1].has_encap);
	CHECK_STR(binding_encap_name(&a.b, &a.b.coa[0]), "home");
	CHECK_STR(binding_encap_name(&a.b, &a.b.coa[1]), "ip6ip6");

	/* GRE with keys (RFC 2890, RFC 5845), any families */
	CHECK(parse("add hoa 2001:db8:1::100 coa 10.0.2.100 encap gre "
		    "okey 7 ikey 4294967295 local 10.0.1.1 dev mob0",
		    &a, err) == 0);
	CHECK(a.b.coa[0].encap == IPMOB_ENCAP_GRE && a.encap[0] == CLI_ENCAP_GRE);
	CHECK(a.b.coa[0].has_okey && a.b.coa[0].okey == 7);
	CHECK(a.b.coa[0].has_ikey && a.b.coa[0].ikey == 4294967295u);
	CHECK_STR(binding_encap_name(&a.b, &a.b.coa[0]), "gre");
	CHECK(parse("add hoa 10.0.1.100 coa 2001:db8:2::100 key 0 encap gre "
		    "dev mob0", &a, err) == 0);
	CHECK(a.b.coa[0].has_okey && a.b.coa[0].okey == 0 &&
	      a.b.coa[0].has_ikey && a.b.coa[0].ikey == 0);
	CHECK(parse("add hoa 10.0.1.100 coa 10.0.2.100 encap gre dev mob0",
		    &a, err) == 0);
	CHECK(!a.b.coa[0].has_okey && !a.b.coa[0].has_ikey);

	/* a mobile node with both peers, one record per family */
	CHECK(parse("add hoa 2001:db8:1::100 coa 2001:db8:2::100 bid 1 "
		    "encap ip6ip6 coa 10.0.2.100 bid 2 prio 1 encap ip6ip4 "
		    "peer 2001:db8:1::1 peer 10.0.1.1 local 10.0.2.100 "
		    "local 2001:db8:2::100 dev mob0", &a, err) == 0);
	CHECK(binding_kind(&a.b) == BINDING_KIND_MN_HOME);
	CHECK(addr_eq(&a.b.peer, "2001:db8:1::1") &&
	      addr4_eq(&a.b.peer4, "10.0.1.1"));
	CHECK(addr_eq(&a.b.local, "2001:db8:2::100") &&
	      addr4_eq(&a.b.local4, "10.0.2.100"));
	CHECK(a.b.ncoa == 2 && a.b.coa[0].has_addr && a.b.coa[1].has_addr4);
	CHECK(a.b.coa[1].bid == 2 && a.b.coa[1].prio == 1);
	CHECK(a.encap[0] == CLI_ENCAP_IP6IP6 && a.encap[1] == CLI_ENCAP_IP6IP4);

	/* a mobile node over IPv4 only: peer4 alone makes it one */
	CHECK(parse("add hoa 10.0.1.100 coa 10.0.2.100 encap ipip "
		    "peer 10.0.1.1 dev mob0", &a, err) == 0);
	CHECK(binding_kind(&a.b) == BINDING_KIND_MN_HOME);
	CHECK(!BA_HAS(&a.b, IPMOB_BA_PEER) && BA_HAS(&a.b, IPMOB_BA_PEER4));
	CHECK(a.encap[0] == CLI_ENCAP_IPIP);
	/* IPv4 home address over an IPv6 care-of address */
	CHECK(parse("add hoa 10.0.1.100 coa 2001:db8:2::100 encap ip4ip6 "
		    "peer 2001:db8:1::1 dev mob0", &a, err) == 0);
	CHECK(a.encap[0] == CLI_ENCAP_IP4IP6);

	/* IPv4 home prefixes */
	CHECK(parse("add hoa 10.1.0.0/16 coa 10.0.2.100 dev x", &a, err) == 0 &&
	      addr4_eq(&a.b.hoa4, "10.1.0.0") && a.b.prefix_len == 16);
	CHECK(parse("add hoa 10.0.1.100/32 coa 10.0.2.100 dev x", &a,
		    err) == 0 && a.b.prefix_len == 32);
	CHECK(parse("add hoa 128.0.0.0/1 coa 10.0.2.100 dev x", &a, err) == 0);
	/* outside the prefix, even if close */
	CHECK(parse("add hoa 10.0.1.0/24 coa 10.0.2.1 dev x", &a, err) == 0);
	CHECK(parse("add hoa 10.0.1.101/31 coa 10.0.1.102 dev x", &a,
		    err) < 0);	/* host bits */
	CHECK(parse("add hoa 10.0.1.100/31 coa 10.0.1.102 dev x", &a,
		    err) == 0);
	CHECK(parse("add hoa 10.0.1.100/30 coa 10.0.1.104 dev x", &a,
		    err) == 0);

	/* del and show name IPv4 keys */
	CHECK(parse("del hoa 10.0.1.100 peer 10.0.1.1 dev mob0", &a, err) == 0 &&
	      BA_HAS(&a.b, IPMOB_BA_HOA4) && BA_HAS(&a.b, IPMOB_BA_PEER4));
	CHECK(parse("del hoa 10.1.0.0/16 dev mob0", &a, err) == 0 &&
	      a.b.prefix_len == 16);
	CHECK(parse("show hoa 10.0.1.100 peer 10.0.1.1 peer 2001:db8::1", &a,
		    err) == 0 && BA_HAS(&a.b, IPMOB_BA_PEER) &&
	      BA_HAS(&a.b, IPMOB_BA_PEER4));
	CHECK(parse("show hoa 10.0.1.100 mode tunnel", &a, err) == 0);
}

static const struct {
	const char *cmd;
	const char *err;
} bad[] = {
	{ "frobnicate", "unknown command \"frobnicate\" for \"binding\"" },
	{ "help me", "unexpected argument \"me\" after \"help\"" },
	{ "add", "missing \"hoa\"" },
	{ "add coa 2001:db8::2 dev x", "missing \"hoa\"" },
	{ "add hoa 2001:db8::1 dev x", "missing \"coa\"" },
	{ "add hoa 2001:db8::1 coa 2001:db8::2", "missing \"dev\"" },
	{ "add hoa foo coa 2001:db8::2 dev x", "invalid home address \"foo\"" },
	{ "add hoa 2001:db8::1 coa foo dev x",
	  "invalid care-of address \"foo\"" },
	{ "add hoa 2001:db8::1 coa 2001:db8::2 peer 1.2.3 dev x",
	  "invalid peer address \"1.2.3\"" },
	{ "add hoa 2001:db8::1 coa 2001:db8::2 local x dev x",
	  "invalid local address \"x\"" },
	{ "add hoa :: coa 2001:db8::2 dev x",
	  "invalid home address \"::\" (unspecified address)" },
	{ "add hoa 2001:db8::1 coa ff02::1 dev x",
	  "invalid care-of address \"ff02::1\" (multicast address)" },
	{ "add hoa 2001:db8::1/64 coa 2001:db8::2 dev x",
	  "home prefix \"2001:db8::1/64\" has host bits set" },
	{ "add hoa 2001:db8::/0 coa 2001:db8::2 dev x",
	  "invalid prefix length in \"2001:db8::/0\" (1-128)" },
	{ "add hoa 2001:db8::/129 coa 2001:db8::2 dev x",
	  "invalid prefix length in \"2001:db8::/129\" (1-128)" },
	{ "add hoa 2001:db8::/ coa 2001:db8::2 dev x",
	  "invalid prefix length in \"2001:db8::/\" (1-128)" },
	{ "add hoa 2001:db8::/+64 coa 2001:db8::2 dev x",
	  "invalid prefix length in \"2001:db8::/+64\" (1-128)" },
	{ "add hoa 2001:db8::/64x coa 2001:db8::2 dev x",
	  "invalid prefix length in \"2001:db8::/64x\" (1-128)" },
	{ "add hoa foo/64 coa 2001:db8::2 dev x", "invalid home address \"foo\"" },
	{ "add hoa 2001:db8::1 coa 2001:db8::2 xyz 1 dev x",
	  "unknown keyword \"xyz\"" },
	{ "add hoa 2001:db8::1 coa 2001:db8::2 dev", "missing value for \"dev\"" },
	{ "add hoa", "missing value for \"hoa\"" },
	{ "add hoa 2001:db8::1 bid 1 coa 2001:db8::2 dev x",
	  "\"bid\" must follow a \"coa\"" },
	{ "add hoa 2001:db8::1 prio 1 coa 2001:db8::2 dev x",
	  "\"prio\" must follow a \"coa\"" },
	{ "add hoa 2001:db8::1 coa 2001:db8::2 bid 65536 dev x",
	  "invalid bid \"65536\" (0-65535)" },
	{ "add hoa 2001:db8::1 coa 2001:db8::2 bid -1 dev x",
	  "invalid bid \"-1\"" },
	{ "add hoa 2001:db8::1 coa 2001:db8::2 prio 256 dev x",
	  "invalid prio \"256\" (0-255)" },
	{ "add hoa 2001:db8::1 coa 2001:db8::2 prio 0x1 dev x",
	  "invalid prio \"0x1\"" },
	{ "add hoa 2001:db8::1 coa 2001:db8::2 bid 1 bid 2 dev x",
	  "duplicate \"bid\"" },
	{ "add hoa 2001:db8::1 coa 2001:db8::2 bid 3 coa 2001:db8::3 bid 3 dev x",
	  "duplicate bid 3" },
	{ "add hoa 2001:db8::1 coa 2001:db8::2 coa 2001:db8::2 dev x",
	  "duplicate care-of address \"2001:db8::2\"" },
	{ "add hoa 2001:db8::1 hoa 2001:db8::1 coa 2001:db8::2 dev x",
	  "duplicate \"hoa\"" },
	{ "add hoa 2001:db8::1 coa 2001:db8::2 dev x dev y",
	  "duplicate \"dev\"" },
	{ "add hoa 2001:db8::1 coa 2001:db8::2 mode fast dev x",
	  "invalid mode \"fast\" (expected \"tunnel\" or \"ro\")" },
	{ "add hoa 2001:db8::1 coa 2001:db8::2 lifetime 4294967296 dev x",
	  "invalid lifetime \"4294967296\"" },
	{ "add hoa 2001:db8::1 coa 2001:db8::2 lifetime -5 dev x",
	  "invalid lifetime \"-5\"" },
	{ "add hoa 2001:db8::1 coa 2001:db8::2 dev 0123456789abcdef",
	  "invalid device name \"0123456789abcdef\"" },
	{ "add hoa 2001:db8::1 coa 2001:db8::2 dev a/b",
	  "invalid device name \"a/b\"" },
	{ "add hoa 2001:db8::1 coa 2001:db8::11 coa 2001:db8::12 "
	  "coa 2001:db8::13 coa 2001:db8::14 coa 2001:db8::15 "
	  "coa 2001:db8::16 coa 2001:db8::17 coa 2001:db8::18 "
	  "coa 2001:db8::19 dev x",
	  "too many care-of addresses (at most 8)" },
	{ "del hoa 2001:db8::1 coa 2001:db8::2 dev x",
	  "keyword \"coa\" is not valid for \"binding del\"" },
	{ "del hoa 2001:db8::1", "missing \"dev\"" },
	{ "del dev x", "missing \"hoa\"" },
	{ "show peer 2001:db8::2", "\"peer\" requires \"hoa\"" },
	{ "show mode tunnel", "\"mode\" requires \"hoa\"" },
	{ "show lifetime 5", "keyword \"lifetime\" is not valid for \"binding show\"" },
	{ "add hoa ::1 coa 2001:db8::2 dev x",
	  "invalid home address \"::1\" (loopback address)" },
	{ "add hoa 2001:db8::1 coa ::ffff:192.0.2.1 dev x",
	  "invalid care-of address \"::ffff:192.0.2.1\" (IPv4-mapped address)" },
	{ "add hoa 2001:db8::1 coa 2001:db8:0::1 dev x",
	  "care-of address \"2001:db8::1\" equals the home address" },
	{ "add coa 2001:db8::1 hoa 2001:db8::1 dev x",
	  "care-of address \"2001:db8::1\" equals the home address" },
	{ "add hoa 2001:db8::1 coa 2001:db8::2 bid 1 coa 2001:db8::3 dev x",
	  "care-of address 2 needs a \"bid\"" },
	{ "add hoa 2001:db8::1 coa 2001:db8::2 coa 2001:db8::3 bid 0 dev x",
	  "care-of address 1 needs a \"bid\"" },
	{ "flush hoa 2001:db8::1",
	  "keyword \"hoa\" is not valid for \"binding flush\"" },
	/* IPv4 */
	{ "add hoa 10.0.1 coa 10.0.2.100 dev x",
	  "invalid home address \"10.0.1\"" },
	{ "add hoa 10.0.1.100 coa 010.0.2.100 dev x",
	  "invalid care-of address \"010.0.2.100\"" },
	{ "add hoa 0.0.0.0 coa 10.0.2.100 dev x",
	  "invalid home address \"0.0.0.0\" (unspecified address)" },
	{ "add hoa 10.0.1.100 coa 239.1.1.1 dev x",
	  "invalid care-of address \"239.1.1.1\" (multicast address)" },
	{ "add hoa 127.0.0.2 coa 10.0.2.100 dev x",
	  "invalid home address \"127.0.0.2\" (loopback address)" },
	{ "add hoa 10.0.1.100 coa 255.255.255.255 dev x",
	  "invalid care-of address \"255.255.255.255\" (broadcast address)" },
	{ "add hoa 10.0.1.100 coa 10.0.2.100 local 224.0.0.1 dev x",
	  "invalid local address \"224.0.0.1\" (multicast address)" },
	{ "add hoa 10.0.1.0/33 coa 10.0.2.100 dev x",
	  "invalid prefix length in \"10.0.1.0/33\" (1-32)" },
	{ "add hoa 10.0.1.0/0 coa 10.0.2.100 dev x",
	  "invalid prefix length in \"10.0.1.0/0\" (1-32)" },
	{ "add hoa 10.0.1.0/64 coa 10.0.2.100 dev x",
	  "invalid prefix length in \"10.0.1.0/64\" (1-32)" },
	{ "add hoa 10.0.1.1/24 coa 10.0.2.100 dev x",
	  "home prefix \"10.0.1.1/24\" has host bits set" },
	{ "add hoa 10.0.1.100 coa 10.0.1.100 dev x",
	  "care-of address \"10.0.1.100\" equals the home address" },
	{ "add hoa 10.0.1.100/32 coa 10.0.1.100 dev x",
	  "care-of address \"10.0.1.100\" equals the home address" },
	{ "add hoa 10.0.1.0/24 coa 10.0.2.1 bid 1 coa 10.0.1.7 bid 2 dev x",
	  "care-of address \"10.0.1.7\" is inside the home prefix \"10.0.1.0/24\"" },
	{ "add hoa 10.0.1.100 coa 10.0.2.100 coa 10.0.2.100 dev x",
	  "duplicate care-of address \"10.0.2.100\"" },
	{ "add hoa 10.0.1.100 coa 10.0.2.100 mode ro dev x",
	  "mode ro is IPv6 only, not for the IPv4 home address \"10.0.1.100\"" },
	{ "add hoa 2001:db8::1 coa 10.0.2.100 mode ro dev x",
	  "mode ro is IPv6 only, not for the IPv4 care-of address \"10.0.2.100\"" },
	{ "add hoa 2001:db8::1 coa 10.0.2.100 mode ro peer 2001:db8::9 dev x",
	  "mode ro is IPv6 only, not for the IPv4 care-of address \"10.0.2.100\"" },
	{ "add hoa 2001:db8::1 coa 2001:db8::2 mode ro peer 2001:db8::9 "
	  "peer 10.0.0.9 dev x",
	  "mode ro is IPv6 only, not for the IPv4 peer address \"10.0.0.9\"" },
	{ "add hoa 2001:db8::1 coa 2001:db8::2 mode ro local 10.0.0.1 dev x",
	  "mode ro is IPv6 only, not for the IPv4 local address \"10.0.0.1\"" },
	{ "del hoa 10.0.1.100 mode ro dev x",
	  "mode ro is IPv6 only, not for the IPv4 home address \"10.0.1.100\"" },
	{ "show hoa 10.0.1.100 mode ro",
	  "mode ro is IPv6 only, not for the IPv4 home address \"10.0.1.100\"" },
	{ "add hoa 10.0.1.100 coa 10.0.2.100 peer 2001:db8::1 dev x",
	  "IPv4 care-of address \"10.0.2.100\" needs an IPv4 \"peer\"" },
	{ "add hoa 2001:db8::100 coa 2001:db8:2::1 bid 1 coa 10.0.2.100 bid 2 "
	  "peer 2001:db8::1 dev x",
	  "IPv4 care-of address \"10.0.2.100\" needs an IPv4 \"peer\"" },
	{ "add hoa 10.0.1.100 coa 2001:db8:2::1 peer 10.0.1.1 dev x",
	  "IPv6 care-of address \"2001:db8:2::1\" needs an IPv6 \"peer\"" },
	{ "add hoa 2001:db8::1 coa 2001:db8::2 peer 2001:db8::3 peer 2001:db8::4 dev x",
	  "duplicate \"peer\" (at most one IPv6 and one IPv4 address)" },
	{ "add hoa 10.0.1.100 coa 10.0.2.100 peer 10.0.1.1 peer 10.0.1.2 dev x",
	  "duplicate \"peer\" (at most one IPv6 and one IPv4 address)" },
	{ "add hoa 10.0.1.100 coa 10.0.2.100 local 10.0.1.1 local 10.0.1.2 dev x",
	  "duplicate \"local\" (at most one IPv6 and one IPv4 address)" },
	{ "del hoa 10.0.1.100 peer 10.0.1.1 peer 10.0.1.2 dev x",
	  "duplicate \"peer\"" },
	{ "add hoa 10.0.1.100 coa 10.0.2.100 encap ip6ip6 dev x",
	  "encap ip6ip6 needs an IPv6 home address and an IPv6 care-of address" },
	{ "add hoa 2001:db8::1 coa 10.0.2.100 encap ipip dev x",
	  "encap ipip needs an IPv4 home address and an IPv4 care-of address" },
	{ "add hoa 2001:db8::1 coa 2001:db8::2 encap ip4ip6 dev x",
	  "encap ip4ip6 needs an IPv4 home address and an IPv6 care-of address" },
	{ "add hoa 10.0.1.100 coa 10.0.2.100 encap ip6ip4 dev x",
	  "encap ip6ip4 needs an IPv6 home address and an IPv4 care-of address" },
	{ "add coa 10.0.2.100 encap ipip hoa 2001:db8::1 dev x",
	  "encap ipip needs an IPv4 home address and an IPv4 care-of address" },
	{ "add hoa 2001:db8:1::100 coa 2001:db8:1::101 encap home dev x",
	  "encap home needs the IPv6 home address as its care-of address (care-of address 1)" },
	{ "add hoa 10.0.1.100 coa 10.0.1.100 encap home dev x",
	  "encap home needs the IPv6 home address as its care-of address (care-of address 1)" },
	{ "add hoa 2001:db8:1::/64 coa 2001:db8:1:: encap home dev x",
	  "encap home needs the IPv6 home address as its care-of address (care-of address 1)" },
	{ "add hoa 2001:db8:1::100 coa 2001:db8:1::100 encap home key 5 dev x",
	  "encap home takes no key, port or header (care-of address 1)" },
	{ "add hoa 2001:db8:1::100 coa 2001:db8:1::100 encap home bid 1 "
	  "coa 2001:db8:1::100 encap home bid 2 dev x",
	  "duplicate care-of address \"2001:db8:1::100\"" },
	{ "add hoa 2001:db8:1::100 coa 2001:db8:1::100 encap home "
	  "mode ro peer 2001:db8:9::1 dev x",
	  "encap home needs mode tunnel" },
	{ "add hoa 10.0.1.100 coa 10.0.2.100 encap vxlan dev x",
	  "invalid encap \"vxlan\" (expected \"ip6ip6\", \"ipip\", \"ip4ip6\", \"ip6ip4\", \"minenc\", \"gre\", \"udp\" or \"home\")" },
	{ "add hoa 10.0.1.100 coa 10.0.2.100 key 5 dev x",
	  "a GRE key needs \"encap gre\" or \"encap udp header tlv\" (care-of address 1)" },
	{ "add hoa 10.0.1.100 coa 10.0.2.100 encap ipip okey 5 dev x",
	  "a GRE key needs \"encap gre\" or \"encap udp header tlv\" (care-of address 1)" },
	{ "add hoa 10.0.1.100 coa 10.0.2.100 encap gre key 5 okey 6 dev x",
	  "duplicate \"okey\" for care-of address 1" },
	{ "add hoa 10.0.1.100 coa 10.0.2.100 encap gre ikey 4294967296 dev x",
	  "invalid ikey \"4294967296\" (0-4294967295)" },
	{ "add hoa 10.0.1.100 key 5 coa 10.0.2.100 encap gre dev x",
	  "\"key\" must follow a \"coa\"" },
	{ "add hoa 2001:db8::1 coa 2001:db8::2 encap gre mode ro peer 2001:db8::3 dev x",
	  "encap gre needs mode tunnel" },
	{ "add hoa 2001:db8::1 coa 10.0.2.100 encap minenc dev x",
	  "encap minenc needs an IPv4 home address and an IPv4 care-of address" },
	{ "add hoa 10.0.1.100 coa 2001:db8::2 encap minenc dev x",
	  "encap minenc needs an IPv4 home address and an IPv4 care-of address" },
	{ "add hoa 10.0.1.100 coa 10.0.2.100 encap ipip encap ipip dev x",
	  "duplicate \"encap\" for care-of address 1" },
	{ "add hoa 10.0.1.100 encap ipip coa 10.0.2.100 dev x",
	  "\"encap\" must follow a \"coa\"" },
	{ "add hoa 10.0.1.100 coa 10.0.2.100 encap", "missing value for \"encap\"" },
	{ "del hoa 10.0.1.100 encap ipip dev x",
	  "keyword \"encap\" is not valid for \"binding del\"" },
	{ "flush dev", "missing value for \"dev\"" },
	{ "flush extra", "unknown keyword \"extra\"" },
	{ "add hoa 10.9.0.0/24 coa 10.0.2.100 peer 10.0.1.1 iif 0 dev x",
	  "invalid iif \"0\" (an interface name or index 1-2147483647)" },
	{ "add hoa 10.9.0.0/24 coa 10.0.2.100 peer 10.0.1.1 iif 2147483648 dev x",
	  "invalid iif \"2147483648\" (an interface name or index 1-2147483647)" },
	{ "add hoa 10.9.0.0/24 coa 10.0.2.100 peer 10.0.1.1 iif 3x dev x",
	  "invalid iif \"3x\"" },
	{ "add hoa 10.9.0.0/24 coa 10.0.2.100 iif a/b dev x",
	  "invalid iif \"a/b\"" },
	{ "add hoa 10.9.0.0/24 coa 10.0.2.100 iif eth1 iif eth2 dev x",
	  "duplicate \"iif\"" },
	{ "add hoa 2001:db8::1 coa 2001:db8::2 peer 2001:db8::3 mode ro iif eth1 dev x",
	  "\"iif\" is not for mode ro" },
	{ "del hoa 2001:db8::1 peer 2001:db8::3 mode ro iif 4 dev x",
	  "\"iif\" is not for mode ro" },
	{ "add hoa 10.9.0.0/24 coa 10.0.2.100 dev x iif",
	  "missing value for \"iif\"" },
	{ "flush iif eth1", "keyword \"iif\" is not valid for \"binding flush\"" },
	{ "add hoa 2001:db8::1 coa 2001:db8::2 instance x dev x",
	  "invalid instance \"x\" (0-4294967295)" },
	{ "add hoa 2001:db8::1 coa 2001:db8::2 instance 4294967296 dev x",
	  "invalid instance \"4294967296\" (0-4294967295)" },
	{ "add hoa 2001:db8::1 coa 2001:db8::2 instance 1 instance 2 dev x",
	  "duplicate \"instance\"" },
	{ "del hoa 2001:db8::1 instance 3 dev x",
	  "keyword \"instance\" is not valid for \"binding del\"" },
	{ "flush instance 1", "keyword \"instance\" is not valid for \"binding flush\"" },
	{ "add hoa 2001:db8::1 coa 2001:db8::2 proxy 0 dev x",
	  "invalid proxy \"0\" (an interface name or index 1-2147483647)" },
	{ "add hoa 2001:db8::1 coa 2001:db8::2 proxy a/b dev x",
	  "invalid proxy \"a/b\"" },
	{ "add hoa 2001:db8::1 coa 2001:db8::2 proxy-router on dev x",
	  "\"proxy-router\" needs \"proxy\"" },
	{ "add hoa 2001:db8::1 coa 2001:db8::2 proxy eth0 proxy-router yes dev x",
	  "invalid proxy-router \"yes\" (expected \"on\" or \"off\")" },
	{ "del hoa 2001:db8::1 proxy eth0 dev x",
	  "keyword \"proxy\" is not valid for \"binding del\"" },
	{ "show proxy eth0", "keyword \"proxy\" is not valid for \"binding show\"" },
};

struct msg_view {
	uint8_t cmd;
	uint16_t flags;
	unsigned int n_bindings;
	const struct nlattr *binding;
	bool has_ifindex;
	uint32_t ifindex;
	unsigned int n_other;
};

static void view_msg(const struct nlmsghdr *nlh, struct msg_view *v)
{
	const struct genlmsghdr *g = mnl_nlmsg_get_payload(nlh);
	const struct nlattr *attr;

	memset(v, 0, sizeof(*v));
	v->cmd = g->cmd;
	v->flags = nlh->nlmsg_flags;
	mnl_attr_for_each(attr, nlh, GENL_HDRLEN) {
		switch (mnl_attr_get_type(attr)) {
		case IPMOB_A_BINDING:
			v->n_bindings++;
			v->binding = attr;
			break;
		case IPMOB_A_IFINDEX:
			v->has_ifindex = true;
			v->ifindex = mnl_attr_get_u32(attr);
			break;
		default:
			v->n_other++;
		}
	}
}

/* "iif": an index at once, a name for the caller to resolve; key, output */
static void test_iif(void)
{
	static char buf[GENL_TXBUF_LEN];
	struct binding_args a;
	struct ipmob_binding b, c;
	struct nlmsghdr *nlh;
	char err[ERRBUF_LEN], line[512];
	struct msg_view v;

	CHECK(parse("add hoa 10.9.0.0/24 coa 10.0.2.100 peer 10.0.1.1 iif 5 dev mob0",
		    &a, err) == 0);
	CHECK(a.has_iif && !a.iif[0] && BA_HAS(&a.b, IPMOB_BA_IIF) &&
	      a.b.iif == 5);
	CHECK(binding_args_resolve_iif(&a, err, sizeof(err)) == 0 &&
	      a.b.iif == 5);
	a.ifindex = 7;
	nlh = binding_args_msg(&a, FAKE_FAMILY, 1, buf, sizeof(buf));
	CHECK(nlh != NULL);
	view_msg(nlh, &v);
	CHECK(v.n_bindings == 1 && binding_from_nest(v.binding, &b) == 0);
	CHECK(BA_HAS(&b, IPMOB_BA_IIF) && b.iif == 5 &&
	      binding_iif(&b) == 5);
	/* a name waits for the caller's namespace */
	CHECK(parse("del hoa 10.9.0.0/24 peer 10.0.1.1 iif lo dev mob0", &a,
		    err) == 0);
	CHECK(a.has_iif && !strcmp(a.iif, "lo") &&
	      !BA_HAS(&a.b, IPMOB_BA_IIF));
	CHECK(binding_args_resolve_iif(&a, err, sizeof(err)) == 0 &&
	      BA_HAS(&a.b, IPMOB_BA_IIF) && a.b.iif == 1);
	CHECK(parse("show iif no-such-if0", &a, err) == 0);
	CHECK(binding_args_resolve_iif(&a, err, sizeof(err)) == -1);
	CHECK_STR(err, "cannot find interface \"no-such-if0\" (iif)");
	/* part of the key; an ifindex-keyed session is not ipmobd's */
	CHECK(parse("add hoa 2001:db8:9::/64 coa 2001:db8:2::1 peer 2001:db8:3::1 dev mob0",
		    &a, err) == 0);
	b = a.b;
	c = b;
	CHECK(binding_same_key(&b, &c) && binding_is_ip6_only(&c));
	c.iif = 3;
	BA_SET(&c, IPMOB_BA_IIF);
	CHECK(!binding_same_key(&b, &c) && !binding_is_ip6_only(&c));
	c.iif = 0;	/* 0 is "any", as absent */
	CHECK(binding_same_key(&b, &c));
	/* output: "iif NAME" after dev, the number without a name */
	c.iif = 3;
	binding_format(line, sizeof(line), &c, "mob0");
	CHECK_CONTAINS(line, " dev mob0 iif 3");
	snprintf(c.iif_name, sizeof(c.iif_name), "eth1");
	binding_format(line, sizeof(line), &c, "mob0");
	CHECK_CONTAINS(line, " dev mob0 iif eth1");
}

/* "instance": kept, sent, printed; a filter of "show" */
static void test_instance(void)
{
	static char buf[GENL_TXBUF_LEN];
	struct binding_args a;
	struct ipmob_binding b;
	struct nlmsghdr *nlh;
	char err[ERRBUF_LEN], line[512];
	struct msg_view v;

	CHECK(parse("add hoa 2001:db8:1::5 coa 2001:db8:2::1 role ha instance 4294967295 dev mob0",
		    &a, err) == 0);
	CHECK(BA_HAS(&a.b, IPMOB_BA_INSTANCE) && a.b.instance == 4294967295u);
	a.ifindex = 7;
	nlh = binding_args_msg(&a, FAKE_FAMILY, 1, buf, sizeof(buf));
	CHECK(nlh != NULL);
	view_msg(nlh, &v);
	CHECK(v.n_bindings == 1 && binding_from_nest(v.binding, &b) == 0);
	CHECK(BA_HAS(&b, IPMOB_BA_INSTANCE) && b.instance == 4294967295u);
	/* after the role; absent (the kernel's 0, none) is not printed */
	binding_format(line, sizeof(line), &b, "mob0");
	CHECK_CONTAINS(line, " role ha instance 4294967295 ");
	b.present &= ~BA_BIT(IPMOB_BA_INSTANCE);
	binding_format(line, sizeof(line), &b, "mob0");
	CHECK(!strstr(line, "instance"));
	/* "show instance N" dumps and filters: no attribute in the dump */
	CHECK(parse("show instance 0", &a, err) == 0);
	CHECK(BA_HAS(&a.b, IPMOB_BA_INSTANCE) && !a.b.instance);
	CHECK(parse("change hoa 10.1.0.1 coa 10.2.0.1 instance 0 dev mob0",
		    &a, err) == 0);
}

/* "proxy IFACE [proxy-router on]": sent, parsed back, printed */
static void test_proxy(void)
{
	static char buf[GENL_TXBUF_LEN];
	struct binding_args a;
	struct ipmob_binding b, named;
	const struct ipmob_binding *p;
	struct nlmsghdr *nlh;
	char err[ERRBUF_LEN], line[512];
	struct msg_view v;

	CHECK(parse("add hoa 2001:db8:1::5 coa 2001:db8:2::1 proxy 4 proxy-router on dev mob0",
		    &a, err) == 0);
	CHECK(a.has_proxy && BA_HAS(&a.b, IPMOB_BA_PROXY_IF) &&
	      a.b.proxy_if == 4 && BA_HAS(&a.b, IPMOB_BA_PROXY_ROUTER));
	a.ifindex = 7;
	nlh = binding_args_msg(&a, FAKE_FAMILY, 1, buf, sizeof(buf));
	CHECK(nlh != NULL);
	view_msg(nlh, &v);
	CHECK(v.n_bindings == 1 && binding_from_nest(v.binding, &b) == 0);
	CHECK(BA_HAS(&b, IPMOB_BA_PROXY_IF) && b.proxy_if == 4 &&
	      BA_HAS(&b, IPMOB_BA_PROXY_ROUTER));
	binding_format(line, sizeof(line), &b, "mob0");
	CHECK_CONTAINS(line, " proxy 4 proxy-router on ");
	/* off: no flag; the name resolved in the caller's namespace */
	CHECK(parse("change hoa 2001:db8:1::5 coa 2001:db8:2::1 proxy lo proxy-router off dev mob0",
		    &a, err) == 0);
	CHECK(!BA_HAS(&a.b, IPMOB_BA_PROXY_IF) &&
	      !BA_HAS(&a.b, IPMOB_BA_PROXY_ROUTER));
	CHECK(binding_args_resolve_iif(&a, err, sizeof(err)) == 0 &&
	      BA_HAS(&a.b, IPMOB_BA_PROXY_IF) && a.b.proxy_if == 1);
	p = with_iif_name(&a.b, &named);
	binding_format(line, sizeof(line), p, "mob0");
	CHECK_CONTAINS(line, " proxy lo ");
	CHECK(!strstr(line, "proxy-router"));
	CHECK(parse("add hoa 2001:db8:1::5 coa 2001:db8:2::1 proxy no-such-if0 dev mob0",
		    &a, err) == 0);
	CHECK(binding_args_resolve_iif(&a, err, sizeof(err)) == -1);
	CHECK_STR(err, "cannot find interface \"no-such-if0\" (proxy)");
}

static void test_parse_bad(void)
{
	struct binding_args a;
	char err[ERRBUF_LEN];
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		int ret = parse(bad[i].cmd, &a, err);

		CHECK(ret == -1);
		CHECK_CONTAINS(err, bad[i].err);
		/* one line, no trailing newline: the caller adds it */
		CHECK(strchr(err, '\n') == NULL);
	}
	/*
	 * Words from the shell may hold any byte; the message that echoes
	 * them is still one line (found by fuzz_binding_args).
	 */
	{
		char w0[] = "l\nd", w1[] = "add", w2[] = "hoa",
		     w3[] = "2001:db8::1\r\n\033[2J", w4[] = "dev",
		     w5[] = "x\ty";
		char *argv1[] = { w0 };
		char *argv2[] = { w1, w2, w3 };
		char *argv3[] = { w1, w4, w5 };

		CHECK(binding_args_parse(1, argv1, &a, err, sizeof(err)) == -1);
		CHECK_STR(err, "unknown command \"l?d\" for \"binding\" (try \"ipmob binding help\")");
		CHECK(binding_args_parse(3, argv2, &a, err, sizeof(err)) == -1);
		CHECK_STR(err, "invalid home address \"2001:db8::1???[2J\"");
		CHECK(binding_args_parse(3, argv3, &a, err, sizeof(err)) == -1);
		CHECK_STR(err, "invalid device name \"x?y\"");
	}
}

/* Collect the top-level attributes of a request. */
static unsigned int count_nested(const struct nlattr *nest, uint16_t type)
{
	const struct nlattr *a;
	unsigned int n = 0;

	mnl_attr_for_each_nested(a, nest)
		if (mnl_attr_get_type(a) == type)
			n++;
	return n;
}

static const struct nlattr *find_nested(const struct nlattr *nest,
					uint16_t type)
{
	const struct nlattr *a;

	mnl_attr_for_each_nested(a, nest)
		if (mnl_attr_get_type(a) == type)
			return a;
	return NULL;
}

static void test_msg(void)
{
	static char buf[GENL_TXBUF_LEN];
	struct binding_args a;
	struct ipmob_binding b;
	struct nlmsghdr *nlh;
	struct msg_view v;
	const struct nlattr *coa, *x;
	char err[ERRBUF_LEN];

	/* add: one nest with everything given plus defaults */
	CHECK(parse("add hoa 2001:db8:1::100 coa 2001:db8:2::1 bid 1 prio 2 "
		    "coa 2001:db8:2::2 bid 2 peer 2001:db8:3::1 dev mob0", &a,
		    err) == 0);
	a.ifindex = 7;
	nlh = binding_args_msg(&a, FAKE_FAMILY, 1, buf, sizeof(buf));
	CHECK(nlh != NULL);
	CHECK(nlh->nlmsg_type == FAKE_FAMILY);
	CHECK(nlh->nlmsg_flags & NLM_F_REQUEST);
	view_msg(nlh, &v);
	CHECK(v.cmd == IPMOB_CMD_BINDING_NEW);
	CHECK(!(v.flags & NLM_F_DUMP));
	CHECK(v.n_bindings == 1 && !v.has_ifindex && v.n_other == 0);
	CHECK(binding_from_nest(v.binding, &b) == 0);
	CHECK(addr_eq(&b.hoa, "2001:db8:1::100"));
	CHECK(addr_eq(&b.peer, "2001:db8:3::1"));
	CHECK(!BA_HAS(&b, IPMOB_BA_LOCAL));
	CHECK(BA_HAS(&b, IPMOB_BA_IFINDEX) && b.ifindex == 7);
	CHECK(BA_HAS(&b, IPMOB_BA_MODE) && b.mode == IPMOB_MODE_TUNNEL);
	CHECK(BA_HAS(&b, IPMOB_BA_LIFETIME) && b.lifetime == 0);
	CHECK(b.ncoa == 2);
	CHECK(b.coa[0].has_bid && b.coa[0].bid == 1 && b.coa[0].prio == 2);
	CHECK(b.coa[1].bid == 2 && b.coa[1].has_prio && b.coa[1].prio == 0);
	CHECK(count_nested(v.binding, IPMOB_BA_COA) == 2);
	/* attribute sizes on the wire */
	x = find_nested(v.binding, IPMOB_BA_HOA);
	CHECK(x && mnl_attr_get_payload_len(x) == 16);
	x = find_nested(v.binding, IPMOB_BA_MODE);
	CHECK(x && mnl_attr_get_payload_len(x) == 1);
	x = find_nested(v.binding, IPMOB_BA_LIFETIME);
	CHECK(x && mnl_attr_get_payload_len(x) == 4);
	x = find_nested(v.binding, IPMOB_BA_IFINDEX);
	CHECK(x && mnl_attr_get_payload_len(x) == 4);
	coa = find_nested(v.binding, IPMOB_BA_COA);
	/* nests carry NLA_F_NESTED, which strict kernel validation wants */
	CHECK(coa && (coa->nla_type & NLA_F_NESTED));
	CHECK(v.binding->nla_type & NLA_F_NESTED);
	x = coa ? find_nested(coa, IPMOB_CA_BID) : NULL;
	CHECK(x && mnl_attr_get_payload_len(x) == 2);
	x = coa ? find_nested(coa, IPMOB_CA_PRIO) : NULL;
	CHECK(x && mnl_attr_get_payload_len(x) == 1);
	/* read-only attributes are never sent */
	CHECK(!find_nested(v.binding, IPMOB_BA_REMAINING));
	CHECK(!find_nested(v.binding, IPMOB_BA_FLAGS));
	CHECK(!find_nested(v.binding, IPMOB_BA_TX_PACKETS));

	/* no bid: no IPMOB_CA_BID attribute (0 means none) */
	CHECK(parse("add hoa 2001:db8::1 coa 2001:db8::2 dev x", &a, err) == 0);
	nlh = binding_args_msg(&a, FAKE_FAMILY, 1, buf, sizeof(buf));
	view_msg(nlh, &v);
	coa = find_nested(v.binding, IPMOB_BA_COA);
	CHECK(coa && !find_nested(coa, IPMOB_CA_BID) &&
	      find_nested(coa, IPMOB_CA_PRIO));

	/* del with a mode names the RO binding of that peer */
	CHECK(parse("del hoa 2001:db8::1 peer 2001:db8::9 mode ro dev x", &a,
		    err) == 0);
	nlh = binding_args_msg(&a, FAKE_FAMILY, 1, buf, sizeof(buf));
	view_msg(nlh, &v);
	CHECK(binding_from_nest(v.binding, &b) == 0 &&
	      BA_HAS(&b, IPMOB_BA_MODE) && b.mode == IPMOB_MODE_RO);

	/* change -> BINDING_SET */
	CHECK(parse("change hoa 2001:db8::1 coa 2001:db8::2 mode ro dev x", &a,
		    err) == 0);
	a.ifindex = 3;
	nlh = binding_args_msg(&a, FAKE_FAMILY, 1, buf, sizeof(buf));
	view_msg(nlh, &v);
	CHECK(v.cmd == IPMOB_CMD_BINDING_SET && v.n_bindings == 1);
	CHECK(binding_from_nest(v.binding, &b) == 0 &&
	      b.mode == IPMOB_MODE_RO);

	/* del: only the key and the device */
	CHECK(parse("del hoa 2001:db8::1 peer 2001:db8::9 dev x", &a,
		    err) == 0);
	a.ifindex = 3;
	nlh = binding_args_msg(&a, FAKE_FAMILY, 1, buf, sizeof(buf));
	view_msg(nlh, &v);
	CHECK(v.cmd == IPMOB_CMD_BINDING_DEL && v.n_bindings == 1);
	CHECK(binding_from_nest(v.binding, &b) == 0);
	CHECK(b.present == (BA_BIT(IPMOB_BA_HOA) | BA_BIT(IPMOB_BA_PEER) |
			    BA_BIT(IPMOB_BA_IFINDEX)));

	/* show with hoa: GET doit, no device in the nest when none given */
	CHECK(parse("show hoa 2001:db8::1", &a, err) == 0);
	nlh = binding_args_msg(&a, FAKE_FAMILY, 1, buf, sizeof(buf));
	view_msg(nlh, &v);
	CHECK(v.cmd == IPMOB_CMD_BINDING_GET && !(v.flags & NLM_F_DUMP));
	CHECK(v.n_bindings == 1 && binding_from_nest(v.binding, &b) == 0);
	CHECK(b.present == BA_BIT(IPMOB_BA_HOA));

	/* show: dump, device filter as top-level IPMOB_A_IFINDEX */
	CHECK(parse("show dev x", &a, err) == 0);
	a.ifindex = 9;
	nlh = binding_args_msg(&a, FAKE_FAMILY, 1, buf, sizeof(buf));
	view_msg(nlh, &v);
	CHECK(v.cmd == IPMOB_CMD_BINDING_GET);
	CHECK((v.flags & NLM_F_DUMP) == NLM_F_DUMP);
	CHECK(v.n_bindings == 0 && v.has_ifindex && v.ifindex == 9);
	CHECK(parse("show", &a, err) == 0);
	nlh = binding_args_msg(&a, FAKE_FAMILY, 1, buf, sizeof(buf));
	view_msg(nlh, &v);
	CHECK(v.n_bindings == 0 && !v.has_ifindex && v.n_other == 0);

	/* flush */
	CHECK(parse("flush dev x", &a, err) == 0);
	a.ifindex = 4;
	nlh = binding_args_msg(&a, FAKE_FAMILY, 1, buf, sizeof(buf));
	view_msg(nlh, &v);
	CHECK(v.cmd == IPMOB_CMD_BINDING_FLUSH && v.has_ifindex &&
	      v.ifindex == 4 && v.n_bindings == 0);
	CHECK(parse("flush", &a, err) == 0);
	nlh = binding_args_msg(&a, FAKE_FAMILY, 1, buf, sizeof(buf));
	view_msg(nlh, &v);
	CHECK(!v.has_ifindex && v.n_bindings == 0 && v.n_other == 0);

	/* too small a buffer: NULL, never an overflow */
	CHECK(parse("add hoa 2001:db8::1 coa 2001:db8::2 dev x", &a, err) == 0);
	CHECK(binding_args_msg(&a, FAKE_FAMILY, 1, buf, 40) == NULL);
	CHECK(binding_args_msg(&a, FAKE_FAMILY, 1, buf, 8) == NULL);
	CHECK(parse("help", &a, err) == 0);
	CHECK(binding_args_msg(&a, FAKE_FAMILY, 1, buf, sizeof(buf)) == NULL);

	/* IPv4: 4-byte addresses, encap only when given */
	CHECK(parse("add hoa 10.0.1.0/24 coa 10.0.2.100 bid 1 encap ipip "
		    "coa 2001:db8:2::1 bid 2 peer 10.0.1.1 peer 2001:db8:1::1 "
		    "local 10.0.2.100 dev mob0", &a, err) == 0);
	a.ifindex = 7;
	nlh = binding_args_msg(&a, FAKE_FAMILY, 1, buf, sizeof(buf));
	CHECK(nlh != NULL);
	view_msg(nlh, &v);
	CHECK(v.cmd == IPMOB_CMD_BINDING_NEW && v.n_bindings == 1);
	x = find_nested(v.binding, IPMOB_BA_HOA4);
	CHECK(x && mnl_attr_get_payload_len(x) == 4 &&
	      !memcmp(mnl_attr_get_payload(x), "\x0a\x00\x01\x00", 4));
	CHECK(!find_nested(v.binding, IPMOB_BA_HOA));
	x = find_nested(v.binding, IPMOB_BA_PREFIX_LEN);
	CHECK(x && mnl_attr_get_u8(x) == 24);
	x = find_nested(v.binding, IPMOB_BA_PEER4);
	CHECK(x && mnl_attr_get_payload_len(x) == 4);
	x = find_nested(v.binding, IPMOB_BA_PEER);
	CHECK(x && mnl_attr_get_payload_len(x) == 16);
	x = find_nested(v.binding, IPMOB_BA_LOCAL4);
	CHECK(x && mnl_attr_get_payload_len(x) == 4);
	CHECK(!find_nested(v.binding, IPMOB_BA_LOCAL));
	CHECK(count_nested(v.binding, IPMOB_BA_COA) == 2);
	coa = find_nested(v.binding, IPMOB_BA_COA);
	x = coa ? find_nested(coa, IPMOB_CA_ADDR4) : NULL;
	CHECK(x && mnl_attr_get_payload_len(x) == 4 &&
	      !memcmp(mnl_attr_get_payload(x), "\x0a\x00\x02\x64", 4));
	CHECK(coa && !find_nested(coa, IPMOB_CA_ADDR));
	x = coa ? find_nested(coa, IPMOB_CA_ENCAP) : NULL;
	CHECK(x && mnl_attr_get_payload_len(x) == 1 &&
	      mnl_attr_get_u8(x) == IPMOB_ENCAP_IP);
	CHECK(binding_from_nest(v.binding, &b) == 0);
	CHECK(b.ncoa == 2 && b.coa[1].has_addr && !b.coa[1].has_addr4 &&
	      !b.coa[1].has_encap);	/* no encap given: none sent */
	CHECK(b.present == (BA_BIT(IPMOB_BA_HOA4) | BA_BIT(IPMOB_BA_PREFIX_LEN) |
			    BA_BIT(IPMOB_BA_COA) | BA_BIT(IPMOB_BA_PEER) |
			    BA_BIT(IPMOB_BA_PEER4) | BA_BIT(IPMOB_BA_LOCAL4) |
			    BA_BIT(IPMOB_BA_MODE) | BA_BIT(IPMOB_BA_LIFETIME) |
			    BA_BIT(IPMOB_BA_IFINDEX)));

	/* show with an IPv4 home address: GET doit, not a dump */
	CHECK(parse("show hoa 10.0.1.100", &a, err) == 0);
	nlh = binding_args_msg(&a, FAKE_FAMILY, 1, buf, sizeof(buf));
	view_msg(nlh, &v);
	CHECK(v.cmd == IPMOB_CMD_BINDING_GET && !(v.flags & NLM_F_DUMP));
	CHECK(v.n_bindings == 1 && binding_from_nest(v.binding, &b) == 0 &&
	      b.present == BA_BIT(IPMOB_BA_HOA4));
	/* del of an IPv4 mobile node binding: the key */
	CHECK(parse("del hoa 10.0.1.100 peer 10.0.1.1 dev x", &a, err) == 0);
	a.ifindex = 3;
	nlh = binding_args_msg(&a, FAKE_FAMILY, 1, buf, sizeof(buf));
	view_msg(nlh, &v);
	CHECK(v.cmd == IPMOB_CMD_BINDING_DEL && v.n_bindings == 1 &&
	      binding_from_nest(v.binding, &b) == 0);
	CHECK(b.present == (BA_BIT(IPMOB_BA_HOA4) | BA_BIT(IPMOB_BA_PEER4) |
			    BA_BIT(IPMOB_BA_IFINDEX)));

	/* link requests */
	nlh = link_msg(IPMOB_CMD_LINK_NEW, "mob0", FAKE_FAMILY, 1, buf,
		       sizeof(buf));
	view_msg(nlh, &v);
	CHECK(v.cmd == IPMOB_CMD_LINK_NEW && v.n_other == 1);
	x = mnl_nlmsg_get_payload_offset(nlh, GENL_HDRLEN);
	CHECK(mnl_attr_get_type(x) == IPMOB_A_IFNAME &&
	      !strcmp(mnl_attr_get_str(x), "mob0"));
}

/* A reply nest as the kernel would send it, read-only fields included. */
static void put_kernel_binding(struct nlmsghdr *nlh, size_t len)
{
	struct in6_addr hoa = A("2001:db8:1::100"), coa = A("2001:db8:2::100");
	struct in6_addr peer = A("2001:db8:3::1");
	struct nlattr *n = mnl_attr_nest_start(nlh, IPMOB_A_BINDING), *c;

	(void)len;
	mnl_attr_put(nlh, IPMOB_BA_HOA, 16, &hoa);
	c = mnl_attr_nest_start(nlh, IPMOB_BA_COA);
	mnl_attr_put(nlh, IPMOB_CA_ADDR, 16, &coa);
	mnl_attr_put_u16(nlh, IPMOB_CA_BID, 1);
	mnl_attr_put_u8(nlh, IPMOB_CA_PRIO, 0);
	mnl_attr_nest_end(nlh, c);
	mnl_attr_put_u8(nlh, IPMOB_BA_MODE, IPMOB_MODE_TUNNEL);
	mnl_attr_put(nlh, IPMOB_BA_PEER, 16, &peer);
	mnl_attr_put_u32(nlh, IPMOB_BA_LIFETIME, 300);
	mnl_attr_put_u32(nlh, IPMOB_BA_REMAINING, 286001);
	mnl_attr_put_u32(nlh, IPMOB_BA_IFINDEX, 1);
	mnl_attr_put_u32(nlh, IPMOB_BA_FLAGS, 0);
	mnl_attr_put_u64(nlh, IPMOB_BA_TX_PACKETS, 12);
	mnl_attr_put_u64(nlh, IPMOB_BA_RX_PACKETS, 10);
	mnl_attr_put_u32(nlh, 200, 5);	/* unknown: newer kernel */
	mnl_attr_nest_end(nlh, n);
}

static void test_nest_and_format(void)
{
	static char buf[4096];
	struct nlmsghdr *nlh;
	struct ipmob_binding b;
	const struct nlattr *n;
	char line[512], small[16];
	size_t need;

	nlh = genl_msg_start(buf, FAKE_FAMILY, IPMOB_CMD_BINDING_GET, 1, 0);
	put_kernel_binding(nlh, sizeof(buf));
	n = mnl_nlmsg_get_payload_offset(nlh, GENL_HDRLEN);
	CHECK(binding_from_nest(n, &b) == 0);
	CHECK(b.remaining == 286001 && b.tx_packets == 12 && b.rx_packets == 10);
	binding_format(line, sizeof(line), &b, "mob0");
	CHECK_STR(line, "hoa 2001:db8:1::100 coa 2001:db8:2::100 bid 1 prio 0 "
			"mode tunnel peer 2001:db8:3::1 lifetime 300 "
			"remaining 287s dev mob0 tx 12 rx 10");
	/* truncation: terminated, and the needed length is reported */
	need = binding_format(small, sizeof(small), &b, "mob0");
	CHECK(need == strlen(line));
	CHECK(strlen(small) == sizeof(small) - 1);

	b.lifetime = 0;
	b.remaining = 0;
	b.flags = IPMOB_BF_NOTIFIED_REFRESH | 0x10;
	b.mode = 9;
	BA_SET(&b, IPMOB_BA_FLAGS);
	b.present &= ~(BA_BIT(IPMOB_BA_PEER) | BA_BIT(IPMOB_BA_TX_PACKETS) |
		       BA_BIT(IPMOB_BA_RX_PACKETS));
	binding_format(line, sizeof(line), &b, NULL);
	CHECK_STR(line, "hoa 2001:db8:1::100 coa 2001:db8:2::100 bid 1 prio 0 "
			"mode 9 lifetime forever flags notified-refresh 0x10");

	/* a home prefix prints as PREFIX/LEN */
	b.prefix_len = 64;
	BA_SET(&b, IPMOB_BA_PREFIX_LEN);
	binding_format(line, sizeof(line), &b, NULL);
	CHECK_STR(line, "hoa 2001:db8:1::100/64 coa 2001:db8:2::100 bid 1 "
			"prio 0 mode 9 lifetime forever flags notified-refresh 0x10");
	b.present &= ~BA_BIT(IPMOB_BA_PREFIX_LEN);

	/* wrong attribute sizes are rejected, not misread */
	{
		static char bad[512];
		struct nlmsghdr *m = genl_msg_start(bad, 1, 1, 1, 0);
		struct nlattr *nest = mnl_attr_nest_start(m, IPMOB_A_BINDING);
		uint32_t four = 4;

		mnl_attr_put(m, IPMOB_BA_HOA, 4, &four);
		mnl_attr_nest_end(m, nest);
		CHECK(binding_from_nest(nest, &b) == -1);

		m = genl_msg_start(bad, 1, 1, 1, 0);
		nest = mnl_attr_nest_start(m, IPMOB_A_BINDING);
		mnl_attr_put_u32(m, IPMOB_BA_MODE, 1);
		mnl_attr_nest_end(m, nest);
		CHECK(binding_from_nest(nest, &b) == -1);
	}
	/* more care-of records than IPMOB_MAX_COA: kept, flagged */
	{
		static char big[4096];
		struct nlmsghdr *m = genl_msg_start(big, 1, 1, 1, 0);
		struct nlattr *nest = mnl_attr_nest_start(m, IPMOB_A_BINDING);
		struct in6_addr c = A("2001:db8::1");
		int i;

		for (i = 0; i < IPMOB_MAX_COA + 3; i++) {
			struct nlattr *cn = mnl_attr_nest_start(m, IPMOB_BA_COA);

			c.s6_addr[15] = (uint8_t)i;
			mnl_attr_put(m, IPMOB_CA_ADDR, 16, &c);
			mnl_attr_nest_end(m, cn);
		}
		mnl_attr_nest_end(m, nest);
		CHECK(binding_from_nest(nest, &b) == 0);
		CHECK(b.ncoa == IPMOB_MAX_COA && b.coa_truncated);
		binding_format(line, sizeof(line), &b, NULL);
		CHECK_CONTAINS(line, "coa ...");
		CHECK(line[0] == 'c');	/* no hoa: no leading blank */
	}
	/*
	 * No home address (found by fuzz_binding): the length returned is
	 * the line's, without the blank that is not printed, and a short
	 * buffer gets the line's start, like snprintf.
	 */
	{
		char small[4];

		memset(&b, 0, sizeof(b));
		CHECK(binding_format(line, sizeof(line), &b, "mob0") == 8);
		CHECK_STR(line, "dev mob0");
		CHECK(binding_format(small, sizeof(small), &b, "mob0") == 8);
		CHECK_STR(small, "dev");
		CHECK(binding_format(NULL, 0, &b, "mob0") == 8);
		b.mode = IPMOB_MODE_RO;
		BA_SET(&b, IPMOB_BA_MODE);
		CHECK(binding_format(line, sizeof(line), &b, NULL) ==
		      strlen("mode ro"));
		CHECK_STR(line, "mode ro");
		memset(&b, 0, sizeof(b));
		CHECK(binding_format(line, sizeof(line), &b, NULL) == 0);
		CHECK_STR(line, "");
	}
}

static void put4(struct nlmsghdr *nlh, uint16_t type, const char *s)
{
	struct in_addr a = A4(s);

	mnl_attr_put(nlh, type, 4, &a);
}

static void put6(struct nlmsghdr *nlh, uint16_t type, const char *s)
{
	struct in6_addr a = A(s);

	mnl_attr_put(nlh, type, 16, &a);
}

/* Parse the first nest of a message built by fill(). */
static int nest_of(char *buf, void (*fill)(struct nlmsghdr *),
		   struct ipmob_binding *b)
{
	struct nlmsghdr *nlh = genl_msg_start(buf, 1, 1, 1, 0);
	struct nlattr *n = mnl_attr_nest_start(nlh, IPMOB_A_BINDING);

	fill(nlh);
	mnl_attr_nest_end(nlh, n);
	return binding_from_nest(n, b);
}

/* An IPv4 home agent binding as the kernel would send it. */
static void fill_v4_cache(struct nlmsghdr *nlh)
{
	struct nlattr *c;

	put4(nlh, IPMOB_BA_HOA4, "10.0.1.100");
	c = mnl_attr_nest_start(nlh, IPMOB_BA_COA);
	put4(nlh, IPMOB_CA_ADDR4, "10.0.2.100");
	mnl_attr_put_u8(nlh, IPMOB_CA_PRIO, 0);
	mnl_attr_put_u8(nlh, IPMOB_CA_ENCAP, IPMOB_ENCAP_IP);
	mnl_attr_put_u32(nlh, 40, 1);	/* unknown: newer kernel */
	mnl_attr_nest_end(nlh, c);
	mnl_attr_put_u8(nlh, IPMOB_BA_MODE, IPMOB_MODE_TUNNEL);
	put4(nlh, IPMOB_BA_LOCAL4, "10.0.1.1");
	mnl_attr_put_u32(nlh, IPMOB_BA_LIFETIME, 0);
	mnl_attr_put_u32(nlh, IPMOB_BA_IFINDEX, 1);
	mnl_attr_put_u64(nlh, IPMOB_BA_TX_PACKETS, 3);
	mnl_attr_put_u64(nlh, IPMOB_BA_RX_PACKETS, 4);
}

/* A mobile node binding with both peers and records of both families. */
static void fill_mixed_mn(struct nlmsghdr *nlh)
{
	struct nlattr *c;

	put6(nlh, IPMOB_BA_HOA, "2001:db8:1::100");
	c = mnl_attr_nest_start(nlh, IPMOB_BA_COA);
	put6(nlh, IPMOB_CA_ADDR, "2001:db8:2::100");
	mnl_attr_put_u16(nlh, IPMOB_CA_BID, 1);
	mnl_attr_put_u8(nlh, IPMOB_CA_PRIO, 0);
	mnl_attr_put_u8(nlh, IPMOB_CA_ENCAP, IPMOB_ENCAP_IP);
	mnl_attr_nest_end(nlh, c);
	c = mnl_attr_nest_start(nlh, IPMOB_BA_COA);
	put4(nlh, IPMOB_CA_ADDR4, "10.0.2.100");
	mnl_attr_put_u16(nlh, IPMOB_CA_BID, 2);
	mnl_attr_put_u8(nlh, IPMOB_CA_PRIO, 1);
	mnl_attr_nest_end(nlh, c);
	mnl_attr_put_u8(nlh, IPMOB_BA_MODE, IPMOB_MODE_TUNNEL);
	put4(nlh, IPMOB_BA_PEER4, "10.0.1.1");	/* IPv4 first on the wire */
	put6(nlh, IPMOB_BA_PEER, "2001:db8:1::1");
	put6(nlh, IPMOB_BA_LOCAL, "2001:db8:2::100");
	put4(nlh, IPMOB_BA_LOCAL4, "10.0.2.100");
	mnl_attr_put_u32(nlh, IPMOB_BA_LIFETIME, 300);
	mnl_attr_put_u16(nlh, IPMOB_BA_SEQ, 7);
}

/* An IPv4 home prefix over an IPv6 care-of address, IPv4 peer only. */
static void fill_v4_over_v6(struct nlmsghdr *nlh)
{
	struct nlattr *c;

	put4(nlh, IPMOB_BA_HOA4, "10.1.0.0");
	mnl_attr_put_u8(nlh, IPMOB_BA_PREFIX_LEN, 16);
	c = mnl_attr_nest_start(nlh, IPMOB_BA_COA);
	put6(nlh, IPMOB_CA_ADDR, "2001:db8:2::100");
	mnl_attr_nest_end(nlh, c);
	put4(nlh, IPMOB_BA_PEER4, "10.0.1.1");
}

static void fill_bad_hoa4(struct nlmsghdr *nlh)
{
	put6(nlh, IPMOB_BA_HOA4, "2001:db8::1");	/* 16 bytes */
}

static void fill_bad_peer4(struct nlmsghdr *nlh)
{
	mnl_attr_put_u8(nlh, IPMOB_BA_PEER4, 1);
}

static void fill_bad_local4(struct nlmsghdr *nlh)
{
	mnl_attr_put_u16(nlh, IPMOB_BA_LOCAL4, 1);
}

static void fill_bad_addr4(struct nlmsghdr *nlh)
{
	struct nlattr *c = mnl_attr_nest_start(nlh, IPMOB_BA_COA);

	put6(nlh, IPMOB_CA_ADDR4, "2001:db8::1");
	mnl_attr_nest_end(nlh, c);
}

static void fill_bad_encap(struct nlmsghdr *nlh)
{
	struct nlattr *c = mnl_attr_nest_start(nlh, IPMOB_BA_COA);

	put4(nlh, IPMOB_CA_ADDR4, "10.0.2.100");
	mnl_attr_put_u32(nlh, IPMOB_CA_ENCAP, IPMOB_ENCAP_IP);
	mnl_attr_nest_end(nlh, c);
}

/* binding -> nest -> binding gives the same binding */
static bool round_trip(const struct ipmob_binding *in)
{
	static char buf[4096];
	struct nlmsghdr *nlh = genl_msg_start(buf, 1, 1, 1, 0);
	struct ipmob_binding out, want;
	const struct nlattr *n;

	memcpy(&want, in, sizeof(want));	/* padding too */
	if (!binding_to_nest(nlh, sizeof(buf), IPMOB_A_BINDING, in))
		return false;
	n = mnl_nlmsg_get_payload_offset(nlh, GENL_HDRLEN);
	if (binding_from_nest(n, &out) < 0)
		return false;
	/* the read-only ones are not written */
	want.present &= ~(BA_BIT(IPMOB_BA_REMAINING) | BA_BIT(IPMOB_BA_FLAGS) |
			  BA_BIT(IPMOB_BA_TX_PACKETS) |
			  BA_BIT(IPMOB_BA_RX_PACKETS) |
			  BA_BIT(IPMOB_BA_BUFFERED));
	want.remaining = want.flags = want.buffered = 0;
	want.tx_packets = want.rx_packets = 0;
	return !memcmp(&out, &want, sizeof(out));
}

static void test_ipv4_nest_and_format(void)
{
	static char buf[4096];
	struct ipmob_binding b;
	char line[512], json[1024];

	/* IPv4 in IPv4: "encap ipip" after prio */
	CHECK(nest_of(buf, fill_v4_cache, &b) == 0);
	CHECK(BA_HAS(&b, IPMOB_BA_HOA4) && !BA_HAS(&b, IPMOB_BA_HOA));
	CHECK(addr4_eq(&b.hoa4, "10.0.1.100") && addr4_eq(&b.local4, "10.0.1.1"));
	CHECK(b.ncoa == 1 && b.coa[0].has_addr4 && !b.coa[0].has_addr &&
	      b.coa[0].has_encap && b.coa[0].encap == IPMOB_ENCAP_IP);
	CHECK(binding_kind(&b) == BINDING_KIND_CACHE);
	CHECK(binding_hoa_is4(&b) && !binding_hoa_is6(&b) &&
	      !binding_is_ip6_only(&b));
	CHECK(binding_prefix_len(&b) == 32);
	binding_format(line, sizeof(line), &b, "mob0");
	CHECK_STR(line, "hoa 10.0.1.100 coa 10.0.2.100 prio 0 encap ipip "
			"mode tunnel local 10.0.1.1 lifetime forever dev mob0 "
			"tx 3 rx 4");
	CHECK(round_trip(&b));
	{
		struct json j;
		FILE *f = fmemopen(json, sizeof(json), "w");

		json_init(&j, f, false);
		json_obj_open(&j);
		binding_json_fields(&j, &b);
		json_obj_close(&j);
		fclose(f);
		CHECK_CONTAINS(json, "{\"hoa\":\"10.0.1.100\",\"coas\":[{\"addr\":"
			       "\"10.0.2.100\",\"prio\":0,\"encap\":\"ipip\"}],"
			       "\"mode\":\"tunnel\",\"local4\":\"10.0.1.1\",");
	}

	/* both families: IPv6 peer/local first, then the IPv4 ones */
	CHECK(nest_of(buf, fill_mixed_mn, &b) == 0);
	CHECK(binding_kind(&b) == BINDING_KIND_MN_HOME);
	CHECK(addr_eq(&b.peer, "2001:db8:1::1") && addr4_eq(&b.peer4, "10.0.1.1"));
	CHECK(!binding_is_ip6_only(&b) && binding_hoa_is6(&b));
	binding_format(line, sizeof(line), &b, NULL);
	CHECK_STR(line, "hoa 2001:db8:1::100 coa 2001:db8:2::100 bid 1 prio 0 "
			"coa 10.0.2.100 bid 2 prio 1 encap ip6ip4 mode tunnel "
			"peer 2001:db8:1::1 peer 10.0.1.1 local 2001:db8:2::100 "
			"local 10.0.2.100 lifetime 300 seq 7");
	CHECK(round_trip(&b));
	CHECK_STR(binding_encap_name(&b, &b.coa[0]), "ip6ip6");
	CHECK_STR(binding_encap_name(&b, &b.coa[1]), "ip6ip4");

	/* IPv4 in IPv6, a home prefix; peer4 alone makes a mobile node */
	CHECK(nest_of(buf, fill_v4_over_v6, &b) == 0);
	CHECK(binding_kind(&b) == BINDING_KIND_MN_HOME);
	CHECK(binding_prefix_len(&b) == 16);
	binding_format(line, sizeof(line), &b, NULL);
	CHECK_STR(line, "hoa 10.1.0.0/16 coa 2001:db8:2::100 encap ip4ip6 "
			"peer 10.0.1.1");
	CHECK(round_trip(&b));
	/* an encapsulation this version does not know: its number */
	b.coa[0].has_encap = true;
	b.coa[0].encap = 9;
	CHECK(binding_encap_name(&b, &b.coa[0]) == NULL);
	binding_format(line, sizeof(line), &b, NULL);
	CHECK_STR(line, "hoa 10.1.0.0/16 coa 2001:db8:2::100 encap 9 "
			"peer 10.0.1.1");
	CHECK(round_trip(&b));

	/* wrong sizes of the new attributes make the nest fail */
	CHECK(nest_of(buf, fill_bad_hoa4, &b) == -1);
	CHECK(nest_of(buf, fill_bad_peer4, &b) == -1);
	CHECK(nest_of(buf, fill_bad_local4, &b) == -1);
	CHECK(nest_of(buf, fill_bad_addr4, &b) == -1);
	CHECK(nest_of(buf, fill_bad_encap, &b) == -1);
}

/* Keys: kind from either peer, home addresses of either family. */
static void test_keys(void)
{
	struct ipmob_binding a, b;

	memset(&a, 0, sizeof(a));
	a.hoa4 = A4("10.0.1.100");
	BA_SET(&a, IPMOB_BA_HOA4);
	b = a;
	CHECK(binding_kind(&a) == BINDING_KIND_CACHE);
	CHECK(binding_same_key(&a, &b));
	/* an IPv6 binding whose hoa reads :: is not the IPv4 one */
	memset(&b, 0, sizeof(b));
	BA_SET(&b, IPMOB_BA_HOA);
	CHECK(!binding_same_key(&a, &b) && !binding_same_key(&b, &a));
	/* the prefix length is part of the key: /32 is the address */
	b = a;
	b.prefix_len = 32;
	BA_SET(&b, IPMOB_BA_PREFIX_LEN);
	CHECK(binding_same_key(&a, &b));
	b.prefix_len = 24;
	CHECK(!binding_same_key(&a, &b));
	b = a;
	b.hoa4 = A4("10.0.1.101");
	CHECK(!binding_same_key(&a, &b));
	/* PEER4 makes a mobile node binding */
	b = a;
	b.peer4 = A4("10.0.1.1");
	BA_SET(&b, IPMOB_BA_PEER4);
	CHECK(binding_kind(&b) == BINDING_KIND_MN_HOME);
	CHECK(!binding_same_key(&a, &b));
	b.mode = IPMOB_MODE_RO;
	BA_SET(&b, IPMOB_BA_MODE);
	CHECK(binding_kind(&b) == BINDING_KIND_MN_RO);

	/* IPv6: the prefix length counts too (absent = 128) */
	memset(&a, 0, sizeof(a));
	a.hoa = A("2001:db8:1::");
	BA_SET(&a, IPMOB_BA_HOA);
	b = a;
	b.prefix_len = 128;
	BA_SET(&b, IPMOB_BA_PREFIX_LEN);
	CHECK(binding_same_key(&a, &b));
	b.prefix_len = 64;
	CHECK(!binding_same_key(&a, &b));
	CHECK(binding_prefix_len(&a) == 128 && binding_prefix_len(&b) == 64);
	CHECK(binding_is_ip6_only(&a));
	b = a;
	b.ncoa = 1;
	b.coa[0].addr4 = A4("10.0.2.100");
	b.coa[0].has_addr4 = true;
	BA_SET(&b, IPMOB_BA_COA);
	CHECK(!binding_is_ip6_only(&b) && binding_same_key(&a, &b));
	b = a;
	b.local4 = A4("10.0.1.1");
	BA_SET(&b, IPMOB_BA_LOCAL4);
	CHECK(!binding_is_ip6_only(&b));
}

/* Random argv from the grammar's vocabulary: never a crash. */
static void test_fuzz_args(void)
{
	static const char *const words[] = {
		"add", "change", "del", "show", "flush", "help", "hoa", "coa",
		"bid", "prio", "mode", "peer", "local", "lifetime", "dev",
		"tunnel", "ro", "forever", "2001:db8::1", "2001:db8::2",
		"2001:db8::3", "::", "ff02::1", "0", "1", "255", "256",
		"65535", "65536", "4294967296", "-1", "", "mob0", "x",
		"0123456789abcdefg", "a/b", "1.2.3.4", "zz", "encap",
		"ipip", "ip6ip6", "ip4ip6", "ip6ip4", "minenc", "gre", "key", "okey", "ikey", "10.0.1.100",
		"10.0.2.100", "10.0.0.0/8", "10.0.1.100/33", "0.0.0.0",
		"2001:db8::/64",
	};
	static char buf[GENL_TXBUF_LEN];
	char *argv[24], err[ERRBUF_LEN];
	struct binding_args a;
	unsigned int seed = 12345;
	int i, ok = 0, failed = 0, silent = 0;

	for (i = 0; i < 200000; i++) {
		int argc = (int)(rand_r(&seed) % 24), k, ret;

		for (k = 0; k < argc; k++)
			argv[k] = (char *)words[rand_r(&seed) %
						ARRAY_SIZE(words)];
		err[0] = '\0';
		ret = binding_args_parse(argc, argv, &a, err, sizeof(err));
		if (ret == 0) {
			ok++;
			a.ifindex = 1;
			binding_args_msg(&a, FAKE_FAMILY, 1, buf, sizeof(buf));
		} else {
			failed++;
			if (!err[0])
				silent++;
		}
	}
	CHECK(ok > 0 && failed > 0);
	CHECK(silent == 0);	/* every failure says why */
}

/* Random bytes as a nest: the parser must stay inside the buffer. */
static void test_fuzz_nest(void)
{
	unsigned int seed = 777;
	int i;

	for (i = 0; i < 50000; i++) {
		size_t len = 4 + (size_t)(rand_r(&seed) % 300), k;
		unsigned char *p = malloc(len);
		struct nlattr *nest = (struct nlattr *)p;
		struct ipmob_binding b;
		char line[1024];

		for (k = 0; k < len; k++)
			p[k] = (unsigned char)rand_r(&seed);
		nest->nla_len = (uint16_t)len;
		if (binding_from_nest(nest, &b) == 0)
			binding_format(line, sizeof(line), &b, "x");
		free(p);
	}
	CHECK(1);
}

/* Size of a binding (or, with coa, a care-of record) attribute. */
static uint16_t attr_size(uint16_t type, bool coa)
{
	if (coa)
		return type == IPMOB_CA_ADDR ? 16 : type == IPMOB_CA_ADDR4 ? 4 :
		       type == IPMOB_CA_BID || type == IPMOB_CA_UDP_PORT ? 2 :
		       type == IPMOB_CA_GRE_OKEY || type == IPMOB_CA_GRE_IKEY ? 4 : 1;
	switch (type) {
	case IPMOB_BA_HOA:
	case IPMOB_BA_PEER:
	case IPMOB_BA_LOCAL:
		return 16;
	case IPMOB_BA_HOA4:
	case IPMOB_BA_PEER4:
	case IPMOB_BA_LOCAL4:
	case IPMOB_BA_LIFETIME:
	case IPMOB_BA_REMAINING:
	case IPMOB_BA_IFINDEX:
	case IPMOB_BA_FLAGS:
	case IPMOB_BA_BUFFERED:
		return 4;
	case IPMOB_BA_SEQ:
		return 2;
	case IPMOB_BA_TX_PACKETS:
	case IPMOB_BA_RX_PACKETS:
		return 8;
	}
	return 1;
}

/* One attribute of random content, mostly of the right size. */
static void put_random(struct nlmsghdr *nlh, uint16_t type, bool coa,
		       unsigned int *seed)
{
	static const uint16_t sizes[] = { 0, 1, 2, 3, 4, 5, 8, 16, 17 };
	uint16_t len = attr_size(type, coa), i;
	uint8_t data[17];

	if (rand_r(seed) % 8 == 0)
		len = sizes[rand_r(seed) % ARRAY_SIZE(sizes)];
	for (i = 0; i < len; i++)
		data[i] = (uint8_t)rand_r(seed);
	mnl_attr_put(nlh, type, len, data);
}

/*
 * Random nests made of attributes of this version (the IPv4 ones
 * included) with random sizes and contents: every one that parses
 * formats, goes back into a nest and parses the same.
 */
static void test_fuzz_nest_typed(void)
{
	static char buf[8192] __attribute__((aligned(8)));
	unsigned int seed = 4242, parsed = 0, v4 = 0;
	int i;

	for (i = 0; i < 20000; i++) {
		struct nlmsghdr *nlh = genl_msg_start(buf, 1, 1, 1, 0);
		struct nlattr *n = mnl_attr_nest_start(nlh, IPMOB_A_BINDING);
		unsigned int k, na = 1 + (unsigned int)(rand_r(&seed) % 12);
		struct ipmob_binding b;
		char line[1024];

		for (k = 0; k < na; k++) {
			uint16_t type = (uint16_t)(rand_r(&seed) %
						   (IPMOB_BA_MAX + 3));
			struct nlattr *cn;
			unsigned int c, nc;

			if (type != IPMOB_BA_COA) {
				put_random(nlh, type, false, &seed);
				continue;
			}
			cn = mnl_attr_nest_start(nlh, IPMOB_BA_COA);
			nc = (unsigned int)(rand_r(&seed) % 4);
			for (c = 0; c < nc; c++)
				put_random(nlh, (uint16_t)(rand_r(&seed) %
							   (IPMOB_CA_MAX + 2)),
					   true, &seed);
			mnl_attr_nest_end(nlh, cn);
		}
		mnl_attr_nest_end(nlh, n);
		if (binding_from_nest(n, &b) < 0)
			continue;
		parsed++;
		if (BA_HAS(&b, IPMOB_BA_HOA4) || BA_HAS(&b, IPMOB_BA_PEER4) ||
		    BA_HAS(&b, IPMOB_BA_LOCAL4))
			v4++;
		if (binding_format(line, sizeof(line), &b, "x") >= sizeof(line)) {
			CHECK(!"line too long");
			break;
		}
		/* a binding never keys equal to one of the other family */
		if (binding_hoa_is4(&b)) {
			struct ipmob_binding o = b;

			o.present &= ~BA_BIT(IPMOB_BA_HOA4);
			BA_SET(&o, IPMOB_BA_HOA);
			if (binding_same_key(&b, &o)) {
				CHECK(!"same key across families");
				break;
			}
		}
		if (!b.coa_truncated && !round_trip(&b)) {
			CHECK(!"round trip");
			break;
		}
	}
	CHECK(parsed > 1000 && v4 > 100);
}

void test_binding(void)
{
	test_parse_ok();
	test_parse_ipv4();
	test_parse_bad();
	test_msg();
	test_nest_and_format();
	test_ipv4_nest_and_format();
	test_keys();
	test_iif();
	test_instance();
	test_proxy();
	test_fuzz_args();
	test_fuzz_nest();
	test_fuzz_nest_typed();
}
