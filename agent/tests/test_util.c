// SPDX-License-Identifier: GPL-2.0
/*
 * test_util.c - number/address parsing, interface names, tokenizer.
 */
#include <arpa/inet.h>
#include <stdlib.h>

#include "t.h"
#include "names.h"

static void test_parse_uint(void)
{
	uint64_t v = 42;

	CHECK(parse_uint("0", 10, &v) == 0 && v == 0);
	CHECK(parse_uint("65535", 65535, &v) == 0 && v == 65535);
	CHECK(parse_uint("65536", 65535, &v) < 0 && v == 65535);
	CHECK(parse_uint("4294967295", UINT32_MAX, &v) == 0 &&
	      v == UINT32_MAX);
	CHECK(parse_uint("4294967296", UINT32_MAX, &v) < 0);
	CHECK(parse_uint("18446744073709551615", UINT64_MAX, &v) == 0 &&
	      v == UINT64_MAX);
	CHECK(parse_uint("18446744073709551616", UINT64_MAX, &v) < 0);
	CHECK(parse_uint("99999999999999999999999", UINT64_MAX, &v) < 0);
	CHECK(parse_uint("", 10, &v) < 0);
	CHECK(parse_uint(NULL, 10, &v) < 0);
	CHECK(parse_uint("-1", 10, &v) < 0);
	CHECK(parse_uint("+1", 10, &v) < 0);
	CHECK(parse_uint(" 1", 10, &v) < 0);
	CHECK(parse_uint("1 ", 10, &v) < 0);
	CHECK(parse_uint("0x10", 100, &v) < 0);
	CHECK(parse_uint("1e3", 10000, &v) < 0);
	CHECK(parse_uint("007", 10, &v) == 0 && v == 7);
}

static void test_parse_in6(void)
{
	struct in6_addr a, want;
	char buf[INET6_ADDRSTRLEN];

	inet_pton(AF_INET6, "2001:db8::1", &want);
	CHECK(parse_in6("2001:db8::1", &a) == 0 && !memcmp(&a, &want, 16));
	CHECK(parse_in6("2001:DB8:0:0:0:0:0:1", &a) == 0 &&
	      !memcmp(&a, &want, 16));
	CHECK(parse_in6("::", &a) == 0);
	CHECK(parse_in6("::ffff:192.0.2.1", &a) == 0);
	CHECK(parse_in6("192.0.2.1", &a) < 0);
	CHECK(parse_in6("2001:db8::1/64", &a) < 0);
	CHECK(parse_in6("fe80::1%eth0", &a) < 0);
	CHECK(parse_in6("2001:db8:::1", &a) < 0);
	CHECK(parse_in6("2001:db8::g", &a) < 0);
	CHECK(parse_in6("", &a) < 0);
	CHECK(parse_in6(NULL, &a) < 0);
	CHECK(parse_in6("1:2:3:4:5:6:7:8:9", &a) < 0);
	CHECK(parse_in6("0000000000000000000000000000000000000000000000000000000000000000000000::1",
			&a) < 0);
	CHECK_STR(in6_str(&want, buf), "2001:db8::1");
}

static void test_parse_in4(void)
{
	struct in_addr a, want;
	char buf[INET_ADDRSTRLEN];

	inet_pton(AF_INET, "192.0.2.1", &want);
	CHECK(parse_in4("192.0.2.1", &a) == 0 && !memcmp(&a, &want, 4));
	CHECK(parse_in4("0.0.0.0", &a) == 0 && a.s_addr == 0);
	CHECK(parse_in4("255.255.255.255", &a) == 0);
	CHECK(parse_in4("192.0.2.01", &a) < 0);	/* no octal look-alikes */
	CHECK(parse_in4("192.0.2", &a) < 0);
	CHECK(parse_in4("192.0.2.256", &a) < 0);
	CHECK(parse_in4("192.0.2.1/24", &a) < 0);
	CHECK(parse_in4("0xc0.0.2.1", &a) < 0);
	CHECK(parse_in4("3221225985", &a) < 0);
	CHECK(parse_in4(" 192.0.2.1", &a) < 0);
	CHECK(parse_in4("::ffff:192.0.2.1", &a) < 0);
	CHECK(parse_in4("", &a) < 0);
	CHECK(parse_in4(NULL, &a) < 0);
	CHECK(parse_in4("1111111111111111.0.2.1", &a) < 0);
	CHECK_STR(in4_str(&want, buf), "192.0.2.1");
}

static void test_ifname(void)
{
	char buf[IF_NAMESIZE + 8];

	CHECK(ifname_valid("mob0"));
	CHECK(ifname_valid("a"));
	CHECK(ifname_valid("123456789012345"));
	CHECK(!ifname_valid("1234567890123456"));
	CHECK(!ifname_valid(""));
	CHECK(!ifname_valid(NULL));
	CHECK(!ifname_valid("."));
	CHECK(!ifname_valid(".."));
	CHECK(!ifname_valid("a/b"));
	CHECK(!ifname_valid("a:b"));
	CHECK(!ifname_valid("a b"));
	CHECK(!ifname_valid("a\tb"));
	CHECK_STR(ifindex_name(1, buf), "lo");
	CHECK_STR(ifindex_name(1, buf), "lo");	/* cached */
	CHECK_STR(ifindex_name(0x7ffffff0, buf), "if2147483632");
	CHECK_STR(ifindex_name(0x7ffffff0, buf), "if2147483632");
	ifindex_cache_flush();
	CHECK_STR(ifindex_name(1, buf), "lo");
}

static void test_tokenize(void)
{
	char *argv[8], err[ERRBUF_LEN];
	char l1[] = "  binding add   hoa 2001:db8::1\n";
	char l2[] = "   \t \n";
	char l3[] = "# comment only\n";
	char l4[] = "stats # trailing comment\n";
	char l5[] = "link add \"my dev\" 'x y'z\n";
	char l6[] = "link add \"open\n";
	char l7[] = "a b c d e f g h i\n";
	char l8[] = "a#b c";
	char l9[] = "\"\" x";
	char l10[] = "";

	CHECK(tokenize(l1, argv, 8, err, sizeof(err)) == 4);
	CHECK_STR(argv[0], "binding");
	CHECK_STR(argv[3], "2001:db8::1");
	CHECK(tokenize(l2, argv, 8, err, sizeof(err)) == 0);
	CHECK(tokenize(l3, argv, 8, err, sizeof(err)) == 0);
	CHECK(tokenize(l4, argv, 8, err, sizeof(err)) == 1);
	CHECK_STR(argv[0], "stats");
	CHECK(tokenize(l5, argv, 8, err, sizeof(err)) == 4);
	CHECK_STR(argv[2], "my dev");
	CHECK_STR(argv[3], "x yz");
	CHECK(tokenize(l6, argv, 8, err, sizeof(err)) == -1);
	CHECK_CONTAINS(err, "unterminated double quote");
	CHECK(tokenize(l7, argv, 8, err, sizeof(err)) == -1);
	CHECK_CONTAINS(err, "too many words");
	CHECK(tokenize(l8, argv, 8, err, sizeof(err)) == 2);
	CHECK_STR(argv[0], "a#b");
	CHECK(tokenize(l9, argv, 8, err, sizeof(err)) == 2);
	CHECK_STR(argv[0], "");
	CHECK(tokenize(l10, argv, 8, err, sizeof(err)) == 0);
}

static void test_matches(void)
{
	CHECK(matches("b", "binding"));
	CHECK(matches("binding", "binding"));
	CHECK(!matches("bindings", "binding"));
	CHECK(!matches("", "binding"));
	CHECK(!matches("x", "binding"));

	CHECK_STR(cli_match_option("-j"), "json");
	CHECK_STR(cli_match_option("--json"), "json");
	CHECK_STR(cli_match_option("-p"), "pretty");
	CHECK_STR(cli_match_option("-n"), "netns");
	CHECK_STR(cli_match_option("-netns"), "netns");
	CHECK_STR(cli_match_option("-b"), "batch");
	CHECK_STR(cli_match_option("-V"), "Version");
	CHECK_STR(cli_match_option("-version"), "Version");
	CHECK_STR(cli_match_option("-h"), "help");
	CHECK(cli_match_option("-") == NULL);
	CHECK(cli_match_option("--") == NULL);
	CHECK(cli_match_option("---j") == NULL);
	CHECK(cli_match_option("-x") == NULL);
	CHECK(cli_match_option("-jsonx") == NULL);
	CHECK(cli_match_option("j") == NULL);
}

static void test_names(void)
{
	CHECK_STR(stat_name(IPMOB_STAT_TX_TUNNEL), "tx_tunnel");
	CHECK_STR(stat_name(IPMOB_STAT_DROP_BAD_OUTER_SRC),
		  "drop_bad_outer_src");
	CHECK_STR(stat_name(IPMOB_STAT_BERR_RATELIMITED),
		  "berr_ratelimited");
	CHECK(stat_name(IPMOB_STAT_UNSPEC) == NULL);
	CHECK(stat_name(IPMOB_STAT_MAX + 1) == NULL);
	CHECK(stat_max() == IPMOB_STAT_MAX);
	for (unsigned int i = 1; i <= IPMOB_STAT_MAX; i++)
		CHECK(stat_name(i) != NULL);
	CHECK_STR(mode_name(IPMOB_MODE_TUNNEL), "tunnel");
	CHECK_STR(mode_name(IPMOB_MODE_RO), "ro");
	CHECK(mode_name(0) == NULL);
	CHECK_STR(event_name(IPMOB_CMD_BERR_NEEDED), "berr_needed");
	CHECK_STR(event_name(IPMOB_CMD_RO_HINT), "ro_hint");
	CHECK(event_name(IPMOB_CMD_STATS_GET) == NULL);
}

static void test_in_prefix(void)
{
	struct in6_addr a, p;

	inet_pton(AF_INET6, "2001:db8:1::100", &a);
	inet_pton(AF_INET6, "2001:db8:1::", &p);
	CHECK(in6_in_prefix(&a, &p, 64));
	CHECK(in6_in_prefix(&a, &p, 0));
	CHECK(!in6_in_prefix(&a, &p, 128));
	inet_pton(AF_INET6, "2001:db8:0::", &p);
	CHECK(in6_in_prefix(&a, &p, 47));	/* ...:0000|0000 0000 0000 0001 */
	CHECK(!in6_in_prefix(&a, &p, 48));
	CHECK(in6_in_prefix(&a, &a, 128));
	/* host bits past a length: none at /128, some at /64 and at 119 */
	CHECK(!in6_host_bits(&a, 128) && in6_host_bits(&a, 64) &&
	      in6_host_bits(&a, 119) && !in6_host_bits(&a, 120));
	inet_pton(AF_INET6, "2001:db8:100::", &p);
	CHECK(!in6_host_bits(&p, 40) && in6_host_bits(&p, 39) &&
	      !in6_host_bits(&p, 48) && in6_host_bits(&p, 0));
	memset(&p, 0, sizeof(p));
	CHECK(!in6_host_bits(&p, 0));
}

static void test_in4_prefix(void)
{
	struct in_addr a, p;

	inet_pton(AF_INET, "10.0.1.100", &a);
	inet_pton(AF_INET, "10.0.1.0", &p);
	CHECK(in4_in_prefix(&a, &p, 24));
	CHECK(in4_in_prefix(&a, &p, 25));	/* 100 < 128 */
	CHECK(!in4_in_prefix(&a, &p, 26));	/* 100 = 64 + 36 */
	CHECK(in4_in_prefix(&a, &p, 0));
	CHECK(!in4_in_prefix(&a, &p, 32));
	CHECK(in4_in_prefix(&a, &a, 32));
	inet_pton(AF_INET, "138.0.0.0", &p);
	CHECK(in4_in_prefix(&a, &p, 0));
	CHECK(!in4_in_prefix(&a, &p, 1));
}

static void test_errf(void)
{
	char err[16];

	errf(err, sizeof(err), "bad \"%s\"", "a\nb\tc\x7f\xc3\xa9");
	CHECK_STR(err, "bad \"a?b?c?\xc3\xa9\"");	/* UTF-8 is kept */
	errf(err, 4, "%s", "\n\n\n\n\n");
	CHECK_STR(err, "???");
	errf(NULL, 0, "%s", "x");	/* no buffer: nothing */
	CHECK(1);
}

/* The token bucket: burst at once, then rate per second, no more. */
static void test_ratelimit(void)
{
	struct ratelimit rl = RATELIMIT_INIT(10, 5);
	unsigned int i, n;

	for (i = n = 0; i < 100; i++)
		n += ratelimit_ok(&rl, 1000);
	CHECK(n == 5 && rl.suppressed == 95);
	/* 100 ms: one more token; 1 s: ten, never above the burst */
	CHECK(ratelimit_ok(&rl, 1100) && !ratelimit_ok(&rl, 1100));
	for (i = n = 0; i < 100; i++)
		n += ratelimit_ok(&rl, 2100);
	CHECK(n == 5);
	/* steady: 10 per second over 10 s, whatever is asked */
	for (i = n = 0; i < 10000; i++)
		n += ratelimit_ok(&rl, 2100 + i);
	CHECK(n >= 99 && n <= 101);
	/* the clock going back changes nothing */
	CHECK(!ratelimit_ok(&rl, 50));
	/* a long silence refills to the burst only */
	for (i = n = 0; i < 100; i++)
		n += ratelimit_ok(&rl, 10000000);
	CHECK(n == 5);
}

/*
 * in6_hash: a function of address and seed only, and a run of addresses
 * that differ in one low byte (what a load generator or an attacker
 * registers) spreads over the buckets instead of piling into a few.
 */
static void test_in6_hash(void)
{
	unsigned int count[64] = { 0 }, i, max = 0, diff = 0;
	struct in6_addr a;

	parse_in6("2001:db8:1::1", &a);
	CHECK(in6_hash(&a, 42) == in6_hash(&a, 42));
	for (i = 0; i < 4096; i++) {
		a.s6_addr[14] = (uint8_t)(i >> 8);
		a.s6_addr[15] = (uint8_t)i;
		count[in6_hash(&a, 42) & 63]++;
		diff += in6_hash(&a, 42) != in6_hash(&a, 43);
	}
	for (i = 0; i < 64; i++)
		if (count[i] > max)
			max = count[i];
	CHECK(max < 2 * 4096 / 64);	/* no bucket holds twice its share */
	CHECK(diff > 4000);		/* another seed, another hash */
}

void test_util(void)
{
	test_in6_hash();
	test_ratelimit();
	test_errf();
	test_in_prefix();
	test_in4_prefix();
	test_parse_uint();
	test_parse_in6();
	test_parse_in4();
	test_ifname();
	test_tokenize();
	test_matches();
	test_names();
}
