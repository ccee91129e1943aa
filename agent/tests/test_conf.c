// SPDX-License-Identifier: GPL-2.0
/*
 * test_conf.c - ipmobd configuration parser and binding view.
 */
#include <arpa/inet.h>
#include <fcntl.h>
#include <stdlib.h>
#include <syslog.h>
#include <unistd.h>
#include <sys/stat.h>

#include "t.h"
#include "conf.h"
#include "roles.h"
#include "view.h"

#define KEY16 "00112233445566778899aabbccddeeff"
#define KEY64 KEY16 KEY16 KEY16 "00112233445566778899AABBCCDDEEFF"
#define HA_MIN "[home-agent]\nhome-link eth0\nhome-prefix 2001:db8:1::/64\n"
#define MN_MIN "[mobile-node]\nhome-address 2001:db8:1::100/64\n" \
	       "authentication none\n"
#define SA1 "[security-association mn1@example.com]\nspi 256\nkey " KEY16 "\n"
#define CN_MIN "[correspondent]\n"
/* CONF_MAX_RO_EXCLUDE (16) exclusions, one a line */
#define RO_X(n) "no-route-optimization 2001:db8:" n "::/64\n"
#define RO16 RO_X("1") RO_X("2") RO_X("3") RO_X("4") RO_X("5") RO_X("6") \
	     RO_X("7") RO_X("8") RO_X("9") RO_X("a") RO_X("b") RO_X("c") \
	     RO_X("d") RO_X("e") RO_X("f") RO_X("10")

static int parse_len(const char *text, size_t len, const char *path,
		     struct ipmobd_conf *c, char *err)
{
	conf_defaults(c);
	err[0] = '\0';
	return conf_parse_buf(text, len, path, c, err, ERRBUF_LEN);
}

static int parse_at(const char *text, const char *path, struct ipmobd_conf *c,
		    char *err)
{
	return parse_len(text, strlen(text), path, c, err);
}

/* Parse a real file (conf_parse() on a FILE that has a descriptor). */
static int parse_file(const char *path, struct ipmobd_conf *c, char *err)
{
	FILE *f = fopen(path, "re");
	int ret;

	if (!f)
		abort();
	conf_defaults(c);
	ret = conf_parse(f, path, c, err, ERRBUF_LEN);
	fclose(f);
	return ret;
}

static int parse_conf(const char *text, struct ipmobd_conf *c, char *err)
{
	return parse_at(text, "test.conf", c, err);
}

static bool addr_is(const struct in6_addr *a, const char *s)
{
	struct in6_addr b;

	return inet_pton(AF_INET6, s, &b) == 1 && !memcmp(a, &b, sizeof(b));
}

static bool key_is(const struct conf_key *k, const char *hex)
{
	size_t i, n = strlen(hex) / 2;
	unsigned int byte;

	if (k->len != n)
		return false;
	for (i = 0; i < n; i++) {
		if (sscanf(hex + 2 * i, "%2x", &byte) != 1 || k->key[i] != byte)
			return false;
	}
	return true;
}

static bool find_nai(const struct conf_ha *ha, const char *nai)
{
	const struct conf_sa *sa = conf_find_sa(ha, (const uint8_t *)nai,
						strlen(nai));

	return sa && !strcmp(sa->nai, nai);
}

static void test_conf_defaults(void)
{
	struct ipmobd_conf c;
	char err[ERRBUF_LEN], roles[64];

	conf_defaults(&c);
	CHECK_STR(conf_roles(&c, roles, sizeof(roles)), "none");
	CHECK(c.log_level == LOG_INFO);
	CHECK_STR(c.device, "mob0");
	/* route optimisation on, no exclusions; correspondent role off */
	CHECK(c.mn.ro && c.mn.n_ro_exclude == 0);
	CHECK(!c.cn.enabled && c.cn.max_lifetime == 420);
	conf_free(&c);		/* nothing to free: harmless */

	CHECK(parse_conf(HA_MIN, &c, err) == 0);
	CHECK_STR(err, "");
	CHECK(c.ha.enabled && !c.mn.enabled);
	CHECK_STR(conf_roles(&c, roles, sizeof(roles)), "home-agent");
	CHECK(c.log_level == LOG_INFO);
	CHECK_STR(c.device, "mob0");
	CHECK_STR(c.ha.home_link, "eth0");
	CHECK(c.ha.n_prefixes == 1 && c.ha.prefixes[0].plen == 64 &&
	      addr_is(&c.ha.prefixes[0].prefix, "2001:db8:1::"));
	CHECK(c.ha.max_bindings == 1024);
	CHECK(c.ha.max_lifetime == 3600);
	CHECK(c.ha.preference == 0);
	CHECK(c.ha.dad && c.ha.dad_optimistic && c.ha.auth);
	CHECK(c.ha.replay_window == 7);
	CHECK(c.ha.n_sa == 0 && c.ha.sa == NULL);
	/* the mobile node part keeps its defaults too */
	CHECK(c.mn.auth && c.mn.lifetime == 300 && c.mn.n_links == 0);
	CHECK(c.mn.initial_bindack_ms == 1000 && c.mn.max_bindack_ms == 32000 &&
	      c.mn.first_reg_bindack_ms == 1500);
	CHECK(c.mn.ro && c.mn.n_ro_exclude == 0);
	CHECK(!c.cn.enabled && c.cn.max_lifetime == 420);
	conf_free(&c);

	CHECK(parse_conf(MN_MIN, &c, err) == 0);
	CHECK(c.mn.enabled && !c.ha.enabled);
	CHECK_STR(conf_roles(&c, roles, sizeof(roles)), "mobile-node");
	CHECK(addr_is(&c.mn.hoa, "2001:db8:1::100") && c.mn.home_plen == 64);
	CHECK(!c.mn.has_ha && !c.mn.auth && c.mn.nai[0] == '\0');
	CHECK(c.mn.spi == 0 && c.mn.key.len == 0);
	CHECK(c.mn.lifetime == 300 && c.mn.n_links == 0);
	CHECK(c.mn.initial_bindack_ms == 1000 && c.mn.max_bindack_ms == 32000);
	CHECK(c.mn.ro && c.mn.n_ro_exclude == 0);
	CHECK(!c.cn.enabled && c.cn.max_lifetime == 420);
	conf_free(&c);

	CHECK(parse_conf(MN_MIN HA_MIN, &c, err) == 0);
	CHECK_STR(conf_roles(&c, roles, sizeof(roles)),
		  "mobile-node home-agent");
	CHECK_STR(conf_roles(&c, roles, 8), "mobile-");	/* truncated */
	CHECK(!c.cn.enabled);
	conf_free(&c);

	/* the correspondent role, alone and with the others */
	CHECK(parse_conf(CN_MIN, &c, err) == 0);
	CHECK_STR(err, "");
	CHECK(c.cn.enabled && !c.mn.enabled && !c.ha.enabled);
	CHECK(c.cn.max_lifetime == 420);
	CHECK_STR(conf_roles(&c, roles, sizeof(roles)), "correspondent");
	conf_free(&c);

	CHECK(parse_conf(CN_MIN MN_MIN, &c, err) == 0);
	CHECK_STR(conf_roles(&c, roles, sizeof(roles)),
		  "mobile-node correspondent");
	conf_free(&c);

	CHECK(parse_conf(HA_MIN CN_MIN, &c, err) == 0);
	CHECK_STR(conf_roles(&c, roles, sizeof(roles)),
		  "home-agent correspondent");
	conf_free(&c);

	CHECK(parse_conf(CN_MIN HA_MIN MN_MIN, &c, err) == 0);
	CHECK(c.mn.enabled && c.ha.enabled && c.cn.enabled);
	CHECK_STR(conf_roles(&c, roles, sizeof(roles)),
		  "mobile-node home-agent correspondent");
	CHECK_STR(conf_roles(&c, roles, 20), "mobile-node home-ag");
	CHECK_STR(conf_roles(&c, roles, 12), "mobile-node");
	CHECK_STR(conf_roles(&c, roles, 1), "");
	CHECK_STR(conf_roles(&c, NULL, 0), "");
	conf_free(&c);
}

/* route-optimization, no-route-optimization (RFC 6275 11.3.3, 11.6) */
static void test_conf_ro(void)
{
	struct ipmobd_conf c;
	char err[ERRBUF_LEN];
	unsigned int i;
	bool all = true;

	CHECK(parse_conf(MN_MIN "route-optimization off\n", &c, err) == 0);
	CHECK_STR(err, "");
	CHECK(!c.mn.ro && c.mn.n_ro_exclude == 0);
	conf_free(&c);

	CHECK(parse_conf(MN_MIN "route-optimization on\n", &c, err) == 0);
	CHECK(c.mn.ro);
	CHECK(c.mn.optimistic_dad);
	conf_free(&c);

	CHECK(parse_conf(MN_MIN "optimistic-dad off\n", &c, err) == 0);
	CHECK(!c.mn.optimistic_dad);
	CHECK(c.mn.dna);
	CHECK(parse_conf(MN_MIN "dna off\n", &c, err) == 0);
	CHECK(!c.mn.dna);
	CHECK(parse_conf(MN_MIN "dna maybe\n", &c, err) == -1);
	CHECK_STR(err, "test.conf:4: invalid dna \"maybe\" (expected on or off)");
	conf_free(&c);
	CHECK(parse_conf(MN_MIN "optimistic-dad yes\n", &c, err) == -1);
	CHECK_STR(err, "test.conf:4: invalid optimistic-dad \"yes\" (expected on or off)");

	/* host bits cleared; a bare address is a /128, kept whole */
	CHECK(parse_conf(MN_MIN
			 "no-route-optimization 2001:db8:5:6::1/48  # a net\n"
			 "no-route-optimization 2001:db8:9::9\n"
			 "no-route-optimization 2001:db8:9::9/127\n"
			 "no-route-optimization 2001:db8:a::1/128\n"
			 "no-route-optimization fd00::/8\n"
			 "no-route-optimization 2001:db8:ffff::1/36\n"
			 "route-optimization on\n", &c, err) == 0);
	CHECK_STR(err, "");
	CHECK(c.mn.ro && c.mn.n_ro_exclude == 6);
	CHECK(addr_is(&c.mn.ro_exclude[0].prefix, "2001:db8:5::") &&
	      c.mn.ro_exclude[0].plen == 48);
	CHECK(addr_is(&c.mn.ro_exclude[1].prefix, "2001:db8:9::9") &&
	      c.mn.ro_exclude[1].plen == 128);
	CHECK(addr_is(&c.mn.ro_exclude[2].prefix, "2001:db8:9::8") &&
	      c.mn.ro_exclude[2].plen == 127);
	CHECK(addr_is(&c.mn.ro_exclude[3].prefix, "2001:db8:a::1") &&
	      c.mn.ro_exclude[3].plen == 128);
	CHECK(addr_is(&c.mn.ro_exclude[4].prefix, "fd00::") &&
	      c.mn.ro_exclude[4].plen == 8);
	CHECK(addr_is(&c.mn.ro_exclude[5].prefix, "2001:db8:f000::") &&
	      c.mn.ro_exclude[5].plen == 36);
	conf_free(&c);

	/* exclusions are kept with route optimisation off, too */
	CHECK(parse_conf(MN_MIN "no-route-optimization 2001:db8::1\n"
			 "route-optimization off\n", &c, err) == 0);
	CHECK(!c.mn.ro && c.mn.n_ro_exclude == 1);
	conf_free(&c);

	/* CONF_MAX_RO_EXCLUDE of them */
	CHECK(parse_conf(MN_MIN RO16, &c, err) == 0);
	CHECK_STR(err, "");
	CHECK(c.mn.n_ro_exclude == CONF_MAX_RO_EXCLUDE);
	for (i = 0; i < CONF_MAX_RO_EXCLUDE; i++) {
		struct in6_addr a;

		inet_pton(AF_INET6, "2001:db8::", &a);
		a.s6_addr[4] = (uint8_t)((i + 1) >> 8);
		a.s6_addr[5] = (uint8_t)(i + 1);
		all = all && c.mn.ro_exclude[i].plen == 64 &&
		      !memcmp(&c.mn.ro_exclude[i].prefix, &a, sizeof(a));
	}
	CHECK(all);
	conf_free(&c);
}

/* [correspondent] (RFC 6275 9) */
static void test_conf_cn(void)
{
	struct ipmobd_conf c;
	char err[ERRBUF_LEN];

	CHECK(parse_conf("log-level debug\n[correspondent]\n"
			 "max-lifetime 300\n", &c, err) == 0);
	CHECK_STR(err, "");
	CHECK(c.cn.enabled && c.cn.max_lifetime == 300);
	CHECK(c.log_level == LOG_DEBUG);
	CHECK(!c.mn.enabled && !c.ha.enabled);
	conf_free(&c);

	/* the bounds */
	CHECK(parse_conf(CN_MIN "max-lifetime 4\n", &c, err) == 0);
	CHECK(c.cn.max_lifetime == 4);
	conf_free(&c);
	CHECK(parse_conf(CN_MIN "max-lifetime 420\n", &c, err) == 0);
	CHECK(c.cn.max_lifetime == 420);
	conf_free(&c);

	/* max-lifetime of [home-agent] and of [correspondent] are apart */
	CHECK(parse_conf(HA_MIN "max-lifetime 600\n"
			 "[correspondent]   # also a CN\nmax-lifetime 100\n",
			 &c, err) == 0);
	CHECK_STR(err, "");
	CHECK(c.ha.max_lifetime == 600 && c.cn.max_lifetime == 100);
	conf_free(&c);
	CHECK(parse_conf("[correspondent]\nmax-lifetime 8\n" HA_MIN, &c,
			 err) == 0);
	CHECK(c.ha.max_lifetime == 3600 && c.cn.max_lifetime == 8);
	conf_free(&c);
	CHECK(parse_conf(CN_MIN HA_MIN "max-lifetime 5\n", &c, err) == 0);
	CHECK(c.ha.max_lifetime == 5 && c.cn.max_lifetime == 420);
	conf_free(&c);
	/* max-bindings too; the correspondent's default is 16384 */
	CHECK(parse_conf(CN_MIN HA_MIN "max-bindings 7\n", &c, err) == 0);
	CHECK(c.ha.max_bindings == 7 && c.cn.max_bindings == 16384);
	conf_free(&c);
	CHECK(parse_conf(HA_MIN CN_MIN "max-bindings 1000000\n", &c, err) == 0);
	CHECK(c.ha.max_bindings == 1024 && c.cn.max_bindings == 1000000);
	conf_free(&c);
	CHECK(parse_conf(CN_MIN "max-bindings 0\n", &c, err) < 0);
	CHECK_STR(err, "test.conf:2: invalid max-bindings \"0\" (expected 1..1000000)");
	/* the limits: defaults, and set */
	CHECK(parse_conf(CN_MIN, &c, err) == 0);
	CHECK(c.reply_rate == 200 && c.reply_burst == 100 &&
	      c.peer_log_rate == 20 && c.peer_log_burst == 100 &&
	      c.mn.max_correspondents == 256);
	conf_free(&c);
	CHECK(parse_conf("reply-rate 7\nreply-burst 8\npeer-log-rate 9\n"
			 "peer-log-burst 10\n" MN_MIN "max-correspondents 3\n",
			 &c, err) == 0);
	CHECK_STR(err, "");
	CHECK(c.reply_rate == 7 && c.reply_burst == 8 &&
	      c.peer_log_rate == 9 && c.peer_log_burst == 10 &&
	      c.mn.max_correspondents == 3);
	conf_free(&c);
	CHECK(parse_conf("reply-rate 0\n" CN_MIN, &c, err) < 0);
	CHECK_STR(err, "test.conf:1: invalid reply-rate \"0\" (expected 1..1000000 per second)");
	CHECK(parse_conf(CN_MIN "peer-log-rate 5\n", &c, err) < 0);
	CHECK_STR(err, "test.conf:2: global key \"peer-log-rate\" must come before the first section");
	CHECK(parse_conf(MN_MIN "max-correspondents 65537\n", &c, err) < 0);
	CHECK_STR(err, "test.conf:4: invalid max-correspondents \"65537\" (expected 1..65536)");
	CHECK(parse_conf(CN_MIN, &c, err) == 0 && c.cn.max_deleted == 16384);
	conf_free(&c);
	CHECK(parse_conf(CN_MIN "max-deleted-bindings 16\n", &c, err) == 0);
	CHECK(c.cn.max_deleted == 16);
	conf_free(&c);
	CHECK(parse_conf(CN_MIN "max-deleted-bindings 15\n", &c, err) < 0);
	CHECK_STR(err, "test.conf:2: invalid max-deleted-bindings \"15\" (expected 16..1000000)");
	CHECK(parse_conf(HA_MIN "max-deleted-bindings 99\n", &c, err) < 0);
	CHECK_STR(err, "test.conf:4: key \"max-deleted-bindings\" is not valid in [home-agent] (it belongs in [correspondent])");

	/* a SA section needs the home agent, not just a correspondent */
	CHECK(parse_conf(CN_MIN SA1 HA_MIN, &c, err) == 0);
	CHECK(c.ha.n_sa == 1 && c.cn.enabled);
	conf_free(&c);
}

static void test_conf_mn(void)
{
	static const char text[] =
		"# a mobile node\n"
		"log-level debug\n"
		"device mob1\n"
		"\n"
		"[mobile-node]   # the roaming part\n"
		"home-address 2001:db8:1::100/64\n"
		"home-agent 2001:db8:1::1\n"
		"identifier \"mn1@example.com\"\n"
		"spi 4294967295\n"
		"key " KEY64 "\n"
		"authentication required\n"
		"lifetime 262140\n"
		"link wlan0 preference 10\n"
		"\tlink\teth0\r\n"
		"link wwan0 preference -1000\n"
		"initial-bindack-timeout 1500\n"
		"max-bindack-timeout 256000\n"
		"initial-bindack-timeout-first-reg 3000\n";
	struct ipmobd_conf c;
	char err[ERRBUF_LEN];

	CHECK(parse_conf(text, &c, err) == 0);
	CHECK_STR(err, "");
	CHECK(c.log_level == LOG_DEBUG);
	CHECK_STR(c.device, "mob1");
	CHECK(c.mn.enabled && !c.ha.enabled);
	CHECK(addr_is(&c.mn.hoa, "2001:db8:1::100") && c.mn.home_plen == 64);
	CHECK(c.mn.has_ha && addr_is(&c.mn.ha, "2001:db8:1::1"));
	CHECK_STR(c.mn.nai, "mn1@example.com");
	CHECK(c.mn.spi == 4294967295u);
	CHECK(key_is(&c.mn.key, KEY64));
	CHECK(c.mn.auth);
	CHECK(c.mn.lifetime == 262140);
	CHECK(c.mn.n_links == 3);
	CHECK_STR(c.mn.links[0].name, "wlan0");
	CHECK(c.mn.links[0].preference == 10);
	CHECK_STR(c.mn.links[1].name, "eth0");
	CHECK(c.mn.links[1].preference == 0);
	CHECK_STR(c.mn.links[2].name, "wwan0");
	CHECK(c.mn.links[2].preference == -1000);
	CHECK(c.mn.initial_bindack_ms == 1500);
	CHECK(c.mn.max_bindack_ms == 256000);
	CHECK(c.mn.first_reg_bindack_ms == 3000);
	conf_free(&c);
	CHECK(c.mn.key.len == 0);	/* wiped */

	/* RFC 5648: BIDs and BID-PRIs, given or by position */
	CHECK(parse_conf("[mobile-node]\nhome-address 2001:db8:1::100/64\n"
			 "identifier mn1@example.com\nspi 256\nkey " KEY16 "\n"
			 "multiple-care-of yes\nlink a\n"
			 "link b bid 1 priority 3 preference 2\nlink c\n",
			 &c, err) == 0);
	CHECK_STR(err, "");
	CHECK(c.mn.mcoa && c.mn.n_links == 3);
	CHECK(c.mn.links[0].bid == 2 && c.mn.links[0].priority == 1);
	CHECK(c.mn.links[1].bid == 1 && c.mn.links[1].priority == 3 &&
	      c.mn.links[1].preference == 2);
	CHECK(c.mn.links[2].bid == 3 && c.mn.links[2].priority == 3);
	conf_free(&c);

	/* RFC 5648 5.6: home bindings, at both ends */
	CHECK(parse_conf("[mobile-node]\nhome-address 2001:db8:1::100/64\n"
			 "identifier mn1@example.com\nspi 256\nkey " KEY16 "\n"
			 "multiple-care-of yes\nhome-binding yes\n"
			 "link a\nlink b\n", &c, err) == 0);
	CHECK_STR(err, "");
	CHECK(c.mn.home_binding && c.mn.mcoa);
	conf_free(&c);
	CHECK(parse_conf("[home-agent]\nhome-link br0\n"
			 "home-prefix 2001:db8:1::/64\nhome-binding yes\n",
			 &c, err) == 0);
	CHECK_STR(err, "");
	CHECK(c.ha.home_binding);
	conf_free(&c);

	/* RFC 6089 flow bindings: in FID order, links by index */
	CHECK(parse_conf("[mobile-node]\nhome-address 2001:db8:1::100/64\n"
			 "identifier mn1@example.com\nspi 256\nkey " KEY16 "\n"
			 "multiple-care-of yes\n"
			 "flow default via wifi\n"
			 "flow 20 dscp ef via lte\n"
			 "flow 10 udp dport 5001 via sat,lte\n"
			 "flow 30 proto tcp dst 2001:db8:99::/64 sport 1000-2000 via wifi\n"
			 "link sat\nlink lte\nlink wifi\n", &c, err) == 0);
	CHECK_STR(err, "");
	CHECK(c.mn.n_flows == 4);
	CHECK(c.mn.flows[0].fid == 10 && c.mn.flows[0].n_via == 2 &&
	      c.mn.flows[0].via[0] == 0 && c.mn.flows[0].via[1] == 1 &&
	      FA_HAS(&c.mn.flows[0].sel, IPMOB_FA_PROTO) &&
	      c.mn.flows[0].sel.proto == 17 &&
	      c.mn.flows[0].sel.dport == 5001 &&
	      c.mn.flows[0].sel.present ==
	      (FA_BIT(IPMOB_FA_PROTO) | FA_BIT(IPMOB_FA_DPORT)));
	CHECK(c.mn.flows[1].fid == 20 && c.mn.flows[1].sel.dscp == 46 &&
	      c.mn.flows[1].n_via == 1 && c.mn.flows[1].via[0] == 1);
	CHECK(c.mn.flows[2].fid == 30 &&
	      FA_HAS(&c.mn.flows[2].sel, IPMOB_FA_DST_END) &&
	      c.mn.flows[2].sel.sport_end == 2000 &&
	      c.mn.flows[2].via[0] == 2);
	CHECK(c.mn.flows[3].fid == CONF_FLOW_DEFAULT &&
	      c.mn.flows[3].sel.present == 0 && c.mn.flows[3].via[0] == 2);
	conf_free(&c);

	/* the lower bounds; a /128 home address has no host part to check */
	CHECK(parse_conf("[mobile-node]\nhome-address 2001:db8::/128\n"
			 "identifier a\nspi 256\nkey " KEY16 "\n"
			 "lifetime 4\ninitial-bindack-timeout 100\n"
			 "max-bindack-timeout 100\n"
			 "link a preference 1000\n", &c, err) == 0);
	CHECK(addr_is(&c.mn.hoa, "2001:db8::") && c.mn.home_plen == 128);
	CHECK(c.mn.spi == 256 && key_is(&c.mn.key, KEY16));
	CHECK(c.mn.lifetime == 4);
	CHECK(c.mn.initial_bindack_ms == 100 && c.mn.max_bindack_ms == 100);
	CHECK(c.mn.links[0].preference == 1000);
	conf_free(&c);

	/* authentication none: the rest is optional but still parsed */
	CHECK(parse_conf("[mobile-node]\nauthentication none\n"
			 "home-address 2001:db8:1::7/48\nspi 300\n", &c,
			 err) == 0);
	CHECK(!c.mn.auth && c.mn.spi == 300 && c.mn.key.len == 0);
	CHECK(addr_is(&c.mn.hoa, "2001:db8:1::7") && c.mn.home_plen == 48);
	conf_free(&c);

	/* security: rfc4285 / none as authentication says; ipsec (RFC 4877) */
	CHECK(parse_conf("[mobile-node]\nhome-address 2001:db8:1::7/64\n"
			 "home-agent 2001:db8:1::1\nsecurity ipsec\n"
			 "ipsec-reqid 4877\n", &c, err) == 0);
	CHECK(c.mn.ipsec && !c.mn.auth && c.mn.ipsec_reqid == 4877);
	conf_free(&c);
	CHECK(parse_conf("[mobile-node]\nhome-address 2001:db8:1::7/64\n"
			 "security none\n", &c, err) == 0);
	CHECK(!c.mn.ipsec && !c.mn.auth);
	conf_free(&c);
	CHECK(parse_conf("[mobile-node]\nhome-address 2001:db8:1::7/64\n"
			 "identifier a\nspi 256\nkey " KEY16 "\n"
			 "security rfc4285\n", &c, err) == 0);
	CHECK(!c.mn.ipsec && c.mn.auth);
	conf_free(&c);
	CHECK(parse_conf(HA_MIN SA1 "[security-association b@c]\nsecurity ipsec\n"
			 "ipsec-reqid 9\nhome-address 2001:db8:1::9\n", &c,
			 err) == 0);
	CHECK(c.ha.n_sa == 2 && c.ha.sa[0].security == CONF_SEC_RFC4285 &&
	      c.ha.sa[1].security == CONF_SEC_IPSEC &&
	      c.ha.sa[1].ipsec_reqid == 9);
	{
		struct in6_addr a9, a8;

		inet_pton(AF_INET6, "2001:db8:1::9", &a9);
		inet_pton(AF_INET6, "2001:db8:1::8", &a8);
		CHECK(conf_find_sa_ipsec(&c.ha, &a9) == &c.ha.sa[1]);
		CHECK(conf_find_sa_ipsec(&c.ha, &a8) == NULL);
	}
	conf_free(&c);

	/* security ikev2 with a pre-shared key: the MN's key */
	CHECK(parse_conf("vici-socket /tmp/x.vici\n[mobile-node]\n"
			 "home-address 2001:db8:1::7/64\nhome-agent 2001:db8:1::1\n"
			 "identifier a@b\nkey " KEY16 "\nsecurity ikev2\n"
			 "ipsec-reqid 8\nike-peer-identity ha.example.net\n",
			 &c, err) == 0);
	CHECK(c.mn.ikev2 && c.mn.ipsec && !c.mn.auth && c.mn.key.len == 16);
	CHECK_STR(c.mn.ike.peer_id, "ha.example.net");
	CHECK_STR(c.vici_socket, "/tmp/x.vici");
	CHECK(!c.mn.protect_payload && c.mn.ro);
	conf_free(&c);

	/*
	 * unsaid, security is ikev2 where IKEv2 is configured (the MN's
	 * ike-peer-identity; the HA's ike-identity and no spi), and
	 * protect payload turns route optimisation off
	 */
	CHECK(parse_conf("[mobile-node]\n"
			 "home-address 2001:db8:1::7/64\nhome-agent 2001:db8:1::1\n"
			 "identifier a@b\nkey " KEY16 "\n"
			 "ipsec-reqid 8\nike-peer-identity ha.example.net\n"
			 "protect payload\n", &c, err) == 0);
	CHECK_STR(err, "");
	CHECK(c.mn.ikev2 && c.mn.ipsec && !c.mn.auth);
	CHECK(c.mn.protect_payload && !c.mn.ro);
	conf_free(&c);
	CHECK(parse_conf(HA_MIN "ike-identity ha.example.net\n"
			 "[security-association a@b]\nipsec-reqid 9\n"
			 "home-address 2001:db8:1::9\nkey " KEY16 "\n"
			 "protect payload\n"
			 "[security-association c@d]\nspi 256\nkey " KEY16 "\n",
			 &c, err) == 0);
	CHECK_STR(err, "");
	CHECK(c.ha.n_sa == 2 && c.ha.sa[0].security == CONF_SEC_IKEV2 &&
	      c.ha.sa[0].protect_payload &&
	      c.ha.sa[1].security == CONF_SEC_RFC4285);
	conf_free(&c);
	/* and route-optimization on beside protect payload is refused */
	CHECK(parse_conf("[mobile-node]\n"
			 "home-address 2001:db8:1::7/64\nhome-agent 2001:db8:1::1\n"
			 "identifier a@b\nkey " KEY16 "\n"
			 "ipsec-reqid 8\nike-peer-identity ha.example.net\n"
			 "protect payload\nroute-optimization on\n", &c, err) == -1);
	CHECK_STR(err, "test.conf:9: route-optimization on is not for protect payload (every packet goes through the home agent in ESP)");

	/* a ULA home address is fine; only the max raised past initial */
	CHECK(parse_conf("[mobile-node]\nhome-address fd00::1/64\n"
			 "authentication none\n"
			 "initial-bindack-timeout 60000\n"
			 "max-bindack-timeout 60000\n", &c, err) == 0);
	CHECK(c.mn.initial_bindack_ms == 60000);
	conf_free(&c);

	/* a mobile router (RFC 3963): its prefixes, implicit mode, no RO */
	CHECK(parse_conf(MN_MIN "link eth0\nmobile-router yes\n"
			 "mobile-network-prefix 2001:db8:100::/48\n"
			 "mobile-network-prefix 2001:db8:200:1::/64\n"
			 "mobile-network-link in0\nmobile-network-link in1\n"
			 "prefix-mode implicit\n", &c, err) == 0);
	CHECK_STR(err, "");
	CHECK(c.mn.mobile_router && c.mn.mnp_implicit && c.mn.n_mnp == 2 &&
	      addr_is(&c.mn.mnp[1].prefix, "2001:db8:200:1::") &&
	      c.mn.mnp[1].plen == 64 && !c.mn.ro);
	CHECK(c.mn.n_mnp_links == 2 && !strcmp(c.mn.mnp_links[1], "in1"));
	conf_free(&c);
	CHECK(parse_conf(MN_MIN, &c, err) == 0);
	CHECK(!c.mn.mobile_router && !c.mn.mnp_implicit && !c.mn.n_mnp &&
	      c.mn.ro);
	conf_free(&c);
}

static void test_conf_ha(void)
{
	static const char text[] =
		"log-level warn\n"
		"[home-agent]\n"
		"home-link \"br-home\"\n"
		"home-prefix 2001:db8:1::/64   # a comment\n"
		"home-prefix 2001:db8:1:200::/56\n"
		"home-prefix 2001:db8:2::2/127\n"
		"max-bindings 1000000\n"
		"max-lifetime 262140\n"
		"preference -32768\n"
		"dad off\n"
		"authentication none\n"
		"replay-window 60\n"
		"[security-association mn1@example.com]\n"
		"spi 256\n"
		"key " KEY16 "\n"
		"home-address 2001:db8:1::100 2001:db8:1::101  2001:db8:2::2\n"
		"[security-association MN2@example.com]\n"
		"key " KEY64 "\n"
		"spi 257\n";
	struct ipmobd_conf c;
	char err[ERRBUF_LEN];
	const struct conf_sa *sa;

	CHECK(parse_conf(text, &c, err) == 0);
	CHECK_STR(err, "");
	CHECK(c.log_level == LOG_WARNING);
	CHECK(c.ha.enabled && !c.mn.enabled);
	CHECK_STR(c.ha.home_link, "br-home");
	CHECK(c.ha.n_prefixes == 3);
	CHECK(addr_is(&c.ha.prefixes[0].prefix, "2001:db8:1::") &&
	      c.ha.prefixes[0].plen == 64);
	CHECK(addr_is(&c.ha.prefixes[1].prefix, "2001:db8:1:200::") &&
	      c.ha.prefixes[1].plen == 56);
	CHECK(addr_is(&c.ha.prefixes[2].prefix, "2001:db8:2::2") &&
	      c.ha.prefixes[2].plen == 127);
	CHECK(c.ha.max_bindings == 1000000);
	CHECK(c.ha.max_lifetime == 262140);
	CHECK(c.ha.preference == -32768);
	CHECK(!c.ha.dad && !c.ha.dad_optimistic && !c.ha.auth);
	CHECK(c.ha.replay_window == 60);
	CHECK(c.ha.n_sa == 2);
	sa = conf_find_sa(&c.ha, (const uint8_t *)"mn1@example.com", 15);
	CHECK(sa && sa->spi == 256 && key_is(&sa->key, KEY16));
	CHECK(sa && sa->n_hoa == 3 && addr_is(&sa->hoa[0], "2001:db8:1::100") &&
	      addr_is(&sa->hoa[1], "2001:db8:1::101") &&
	      addr_is(&sa->hoa[2], "2001:db8:2::2"));
	{
		struct in6_addr a;

		inet_pton(AF_INET6, "2001:db8:1::101", &a);
		CHECK(conf_sa_owns(sa, &a));
		inet_pton(AF_INET6, "2001:db8:1::102", &a);
		CHECK(!conf_sa_owns(sa, &a));
		CHECK(!conf_sa_owns(NULL, &a));
	}
	sa = conf_find_sa(&c.ha, (const uint8_t *)"MN2@example.com", 15);
	CHECK(sa && sa->spi == 257 && key_is(&sa->key, KEY64) && !sa->n_hoa);
	/* byte comparison: case, length and prefixes matter */
	CHECK(!conf_find_sa(&c.ha, (const uint8_t *)"mn2@example.com", 15));
	CHECK(!conf_find_sa(&c.ha, (const uint8_t *)"mn1@example.co", 14));
	CHECK(!conf_find_sa(&c.ha, (const uint8_t *)"mn1@example.com.", 16));
	CHECK(!conf_find_sa(&c.ha, (const uint8_t *)"mn1@example.com", 0));
	CHECK(!conf_find_sa(&c.ha, NULL, 0));
	conf_free(&c);
	CHECK(c.ha.sa == NULL && c.ha.n_sa == 0);
	CHECK(!conf_find_sa(&c.ha, (const uint8_t *)"mn1@example.com", 15));

	/* upper bounds, and authentication required without any SA */
	CHECK(parse_conf(HA_MIN "preference 32767\nmax-bindings 1\n"
			 "max-lifetime 4\nreplay-window 1\ndad on\n"
			 "refresh-advice 262140\n"
			 "authentication required\n", &c, err) == 0);
	CHECK(c.ha.refresh_advice == 262140);
	CHECK(c.ha.preference == 32767 && c.ha.max_bindings == 1);
	CHECK(c.ha.max_lifetime == 4 && c.ha.replay_window == 1);
	CHECK(c.ha.dad && !c.ha.dad_optimistic && c.ha.auth && c.ha.n_sa == 0);
	conf_free(&c);
	CHECK(parse_conf(HA_MIN "dad optimistic\n", &c, err) == 0);
	CHECK(c.ha.dad && c.ha.dad_optimistic);
	conf_free(&c);

	/* DSMIPv6 (RFC 5555) at both ends */
	CHECK(parse_conf(HA_MIN "ipv4-address 192.0.2.1\n"
			 "ipv4-home-prefix 10.0.1.0/24\nnat-keepalive 20\n"
			 "force-udp yes\n" SA1 "ipv4-home-address 10.0.1.100\n",
			 &c, err) == 0);
	CHECK(c.ha.has_addr4 && c.ha.addr4.s_addr == htonl(0xc0000201));
	CHECK(c.ha.has_home4 && c.ha.home4.s_addr == htonl(0x0a000100) &&
	      c.ha.home4_plen == 24);
	CHECK(c.ha.nat_keepalive == 20 && c.ha.force_udp && !c.ha.has_pool4);
	CHECK(c.ha.n_sa == 1 && c.ha.sa[0].has_hoa4 &&
	      c.ha.sa[0].hoa4.s_addr == htonl(0x0a000164));
	conf_free(&c);
	CHECK(parse_conf(HA_MIN "ipv4-address 192.0.2.1\n"
			 "ipv4-home-prefix 10.0.1.0/24\n"
			 "ipv4-home-pool 10.0.1.200-10.0.1.250\n", &c, err) == 0);
	CHECK(c.ha.has_pool4 && c.ha.pool4_lo.s_addr == htonl(0x0a0001c8) &&
	      c.ha.pool4_hi.s_addr == htonl(0x0a0001fa));
	conf_free(&c);
	CHECK(parse_conf(HA_MIN, &c, err) == 0);
	CHECK(!c.ha.has_addr4 && c.ha.nat_keepalive == 110 && !c.ha.force_udp);
	conf_free(&c);
	CHECK(parse_conf(MN_MIN "home-agent 2001:db8:1::1\n"
			 "home-agent-ipv4 192.0.2.1\nipv4-home-address dynamic\n"
			 "force-udp yes\nnat-keepalive 5\n", &c, err) == 0);
	CHECK(c.mn.has_ha4 && c.mn.ha4.s_addr == htonl(0xc0000201));
	CHECK(c.mn.hoa4_mode == CONF_HOA4_DYNAMIC && c.mn.force_udp &&
	      c.mn.nat_keepalive == 5);
	conf_free(&c);
	CHECK(parse_conf(MN_MIN "home-agent 2001:db8:1::1\n"
			 "home-agent-ipv4 192.0.2.1\n"
			 "ipv4-home-address 10.0.1.100\n", &c, err) == 0);
	CHECK(c.mn.hoa4_mode == CONF_HOA4_STATIC &&
	      c.mn.hoa4.s_addr == htonl(0x0a000164) && !c.mn.force_udp &&
	      c.mn.nat_keepalive == 110 && c.mn.hoa4_plen == 32);
	conf_free(&c);
	/* the home link's prefix length, used at home */
	CHECK(parse_conf(MN_MIN "home-agent 2001:db8:1::1\n"
			 "home-agent-ipv4 192.0.2.1\n"
			 "ipv4-home-address 10.0.1.100/24\n", &c, err) == 0);
	CHECK(c.mn.hoa4_mode == CONF_HOA4_STATIC &&
	      c.mn.hoa4.s_addr == htonl(0x0a000164) && c.mn.hoa4_plen == 24);
	conf_free(&c);

	/* eight prefixes; SA sections may come before [home-agent] */
	CHECK(parse_conf(SA1 "[home-agent]\nhome-link eth0\n"
			 "home-prefix 2001:db8:1::/64\nhome-prefix 2001:db8:2::/64\n"
			 "home-prefix 2001:db8:3::/64\nhome-prefix 2001:db8:4::/64\n"
			 "home-prefix 2001:db8:5::/64\nhome-prefix 2001:db8:6::/64\n"
			 "home-prefix 2001:db8:7::/64\nhome-prefix 2001:db8:1::/48\n",
			 &c, err) == 0);
	CHECK(c.ha.n_prefixes == 8 && c.ha.n_sa == 1);
	CHECK(find_nai(&c.ha, "mn1@example.com"));
	conf_free(&c);

	/* a mobile router (RFC 3963) with two prefixes, one without any */
	CHECK(parse_conf(HA_MIN SA1 "home-address 2001:db8:1::7\n"
			 "mobile-router yes\n"
			 "mobile-network-prefix 2001:db8:100::/48\n"
			 "mobile-network-prefix 2001:db8:101:5::/64\n"
			 "[security-association mr2@example.com]\nspi 257\n"
			 "key " KEY16 "\nhome-address 2001:db8:1::8\n"
			 "mobile-router yes\n", &c, err) == 0);
	CHECK_STR(err, "");
	sa = conf_find_sa(&c.ha, (const uint8_t *)"mn1@example.com", 15);
	CHECK(sa && sa->mobile_router && sa->n_mnp == 2 &&
	      addr_is(&sa->mnp[0].prefix, "2001:db8:100::") &&
	      sa->mnp[0].plen == 48 &&
	      addr_is(&sa->mnp[1].prefix, "2001:db8:101:5::") &&
	      sa->mnp[1].plen == 64);
	sa = conf_find_sa(&c.ha, (const uint8_t *)"mr2@example.com", 15);
	CHECK(sa && sa->mobile_router && !sa->n_mnp);
	conf_free(&c);
	CHECK(parse_conf(HA_MIN SA1, &c, err) == 0);
	sa = conf_find_sa(&c.ha, (const uint8_t *)"mn1@example.com", 15);
	CHECK(sa && !sa->mobile_router && !sa->n_mnp);
	conf_free(&c);
}

static void test_conf_levels(void)
{
	static const struct {
		const char *word;
		int level;
	} levels[] = {
		{ "emerg", LOG_EMERG }, { "alert", LOG_ALERT },
		{ "crit", LOG_CRIT }, { "err", LOG_ERR }, { "error", LOG_ERR },
		{ "warning", LOG_WARNING }, { "warn", LOG_WARNING },
		{ "notice", LOG_NOTICE }, { "info", LOG_INFO },
		{ "debug", LOG_DEBUG }, { "0", 0 }, { "3", 3 }, { "7", 7 },
	};
	struct ipmobd_conf c;
	char text[128], err[ERRBUF_LEN];
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(levels); i++) {
		snprintf(text, sizeof(text), "log-level %s\n" HA_MIN,
			 levels[i].word);
		CHECK(parse_conf(text, &c, err) == 0);
		CHECK(c.log_level == levels[i].level);
		conf_free(&c);
	}
	CHECK_STR(log_level_name(LOG_WARNING), "warning");
	CHECK_STR(log_level_name(LOG_DEBUG), "debug");
	CHECK_STR(log_level_name(8), "?");
	CHECK_STR(log_level_name(-1), "?");
}

/* A NAI of n bytes, 253 at most. */
static const char *nai_of(size_t n)
{
	static char buf[300];

	memset(buf, 'a', n);
	buf[n] = '\0';
	if (n > 2)
		buf[n / 2] = '@';
	return buf;
}

static void test_conf_nai(void)
{
	struct ipmobd_conf c;
	char text[1024], err[ERRBUF_LEN];
	const char *nai;
	unsigned int i;

	/* 1 and 253 bytes, punctuation, a '#' inside a word */
	snprintf(text, sizeof(text),
		 HA_MIN "[security-association %s]\nspi 256\nkey " KEY16 "\n"
		 "[security-association x]\nspi 256\nkey " KEY16 "\n"
		 "[security-association a#b!\"\"$%%&'\"'\"'\"*+,-./:;<=>?@[\\]^_`{|}~]\n"
		 "spi 256\nkey " KEY16 "\n", nai_of(253));
	CHECK(parse_conf(text, &c, err) == 0);
	CHECK_STR(err, "");
	CHECK(c.ha.n_sa == 3);
	CHECK(find_nai(&c.ha, nai_of(253)));
	CHECK(find_nai(&c.ha, "x"));
	CHECK(find_nai(&c.ha, "a#b!$%&\"'*+,-./:;<=>?@[\\]^_`{|}~"));
	conf_free(&c);

	snprintf(text, sizeof(text),
		 "[mobile-node]\nhome-address 2001:db8::1/64\nidentifier %s\n"
		 "spi 1000\nkey " KEY16 "\n", nai_of(253));
	CHECK(parse_conf(text, &c, err) == 0);
	CHECK_STR(c.mn.nai, nai_of(253));
	conf_free(&c);

	snprintf(text, sizeof(text), HA_MIN "[security-association %s]\n",
		 nai_of(254));
	CHECK(parse_conf(text, &c, err) == -1);
	CHECK_STR(err, "test.conf:4: NAI too long (254 bytes, at most 253)");
	snprintf(text, sizeof(text), "[mobile-node]\nidentifier %s\n",
		 nai_of(254));
	CHECK(parse_conf(text, &c, err) == -1);
	CHECK_STR(err, "test.conf:2: identifier too long (254 bytes, at most 253)");

	/* many SAs: the array grows, each is found */
	{
		char *big = malloc(100 * 128 + 256);
		size_t off = 0;
		bool all = true;

		if (!big)
			abort();
		off += (size_t)sprintf(big + off, "%s", HA_MIN);
		for (i = 0; i < 100; i++)
			off += (size_t)sprintf(big + off,
				"[security-association mn%u@example.com]\n"
				"spi %u\nkey " KEY16 "\n", i, 256 + i);
		CHECK(parse_conf(big, &c, err) == 0);
		CHECK(c.ha.n_sa == 100);
		for (i = 0; i < 100; i++) {
			const struct conf_sa *sa;

			snprintf(text, sizeof(text), "mn%u@example.com", i);
			sa = conf_find_sa(&c.ha, (const uint8_t *)text,
					  strlen(text));
			all = all && sa && sa->spi == 256 + i &&
			      key_is(&sa->key, KEY16);
		}
		CHECK(all);
		conf_free(&c);

		/* the same with a duplicate NAI last: nothing is kept */
		sprintf(big + off, "[security-association mn42@example.com]\n");
		CHECK(parse_conf(big, &c, err) == -1);
		nai = "test.conf:304: duplicate NAI \"mn42@example.com\" (first on line 130)";
		CHECK_STR(err, nai);
		CHECK(c.ha.sa == NULL && c.ha.n_sa == 0);

		/* and an error found only at the end */
		sprintf(big + off, "[security-association last]\nspi 999\n");
		CHECK(parse_conf(big, &c, err) == -1);
		CHECK_STR(err, "test.conf: [security-association last] needs \"key\" or \"key-file\"");
		CHECK(c.ha.sa == NULL && c.ha.n_sa == 0);
		free(big);
	}
}

#define MN_AUTH "[mobile-node]\nhome-address 2001:db8:1::100/64\n" \
		"identifier mn1@example.com\nspi 256\nkey " KEY16 "\n"

static void test_conf_bad(void)
{
	static const struct {
		const char *text;
		const char *err;
	} cases[] = {
		/* structure */
		{ "\n# nothing\n",
		  "test.conf: no role section: expected [mobile-node], [home-agent] and/or [correspondent]" },
		{ "log-level info\ndevice mob0\n",
		  "test.conf: no role section: expected [mobile-node], [home-agent] and/or [correspondent]" },
		{ HA_MIN "\nfoo bar\n", "test.conf:5: unknown key \"foo\"" },
		{ "role ha\n",
		  "test.conf:1: unknown key \"role\" (roles are sections now: [mobile-node], [home-agent], [correspondent], see ipmobd.conf(5))" },
		{ "interface mob0\n",
		  "test.conf:1: unknown key \"interface\" (did you mean \"device\"?, see ipmobd.conf(5))" },
		{ "log-level\n" HA_MIN,
		  "test.conf:1: missing value for \"log-level\"" },
		{ "log-level info debug\n",
		  "test.conf:1: unexpected \"debug\" after the value of \"log-level\"" },
		{ "log-level \"\"\n", "test.conf:1: empty value for \"log-level\"" },
		{ "log-level \"info\n", "test.conf:1: unterminated double quote" },
		{ "device 'mob0\n", "test.conf:1: unterminated single quote" },
		{ "log-level 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16\n",
		  "test.conf:1: too many words on one line (max 16)" },
		{ "foo\033[31m bar\n", "test.conf:1: unknown key \"foo?[31m\"" },
		{ "[foo]\n",
		  "test.conf:1: unknown section \"[foo]\" (expected [mobile-node], [home-agent], [correspondent], [prefix-delegation] or [security-association NAI])" },
		{ "[mobile node]\n",
		  "test.conf:1: unknown section \"[mobile ...\" (expected [mobile-node], [home-agent], [correspondent], [prefix-delegation] or [security-association NAI])" },
		{ "[home-agent\n",
		  "test.conf:1: malformed section header (missing \"]\")" },
		{ "[home-agent] x\n",
		  "test.conf:1: malformed section header (missing \"]\")" },
		{ "[home-agent] \"\"\n",
		  "test.conf:1: malformed section header (missing \"]\")" },
		{ "\"\" x\n", "test.conf:1: unknown key \"\"" },
		{ "[home-agent] [x]\n",
		  "test.conf:1: unexpected \"[x]\" after section header [home-agent]" },
		{ "[security-association]\n",
		  "test.conf:1: [security-association] needs a NAI: [security-association NAI]" },
		{ "[security-association ]\n",
		  "test.conf:1: [security-association] needs a NAI: [security-association NAI]" },
		{ "[security-association a b]\n",
		  "test.conf:1: unexpected \"b]\" in section header (a NAI has no spaces)" },
		{ "[security-association \"a b\"]\n",
		  "test.conf:1: invalid NAI \"a b\" (printable ASCII characters only, no spaces)" },
		{ "[security-association \"\"]\n",
		  "test.conf:1: [security-association] needs a NAI: [security-association NAI]" },
		{ "[security-association a\tb]\n",
		  "test.conf:1: unexpected \"b]\" in section header (a NAI has no spaces)" },
		{ "[security-association caf\xc3\xa9]\n",
		  "test.conf:1: invalid NAI \"caf\xc3\xa9\" (printable ASCII characters only, no spaces)" },
		{ HA_MIN "[home-agent]\n",
		  "test.conf:4: duplicate section [home-agent] (first on line 1)" },
		{ MN_MIN "lifetime 8\n[mobile-node]\n",
		  "test.conf:5: duplicate section [mobile-node] (first on line 1)" },
		{ HA_MIN SA1 SA1,
		  "test.conf:7: duplicate NAI \"mn1@example.com\" (first on line 4)" },
		{ "[correspondent]\n[correspondent]\n",
		  "test.conf:2: duplicate section [correspondent] (first on line 1)" },
		{ HA_MIN "[correspondent]\nmax-lifetime 60\n" MN_MIN
		  "[correspondent]\n",
		  "test.conf:9: duplicate section [correspondent] (first on line 4)" },
		{ "[correspondent] x\n",
		  "test.conf:1: malformed section header (missing \"]\")" },
		{ "[correspondent] [x]\n",
		  "test.conf:1: unexpected \"[x]\" after section header [correspondent]" },
		{ "[Correspondent]\n",
		  "test.conf:1: unknown section \"[Correspondent]\"" },
		{ "[correspondent\n",
		  "test.conf:1: malformed section header (missing \"]\")" },
		{ CN_MIN SA1,
		  "test.conf: [security-association mn1@example.com] without a [home-agent] section" },
		{ CN_MIN "[mobile-node]\n",
		  "test.conf: [mobile-node] needs \"home-address\"" },
		/* the new keys out of place */
		{ "route-optimization off\n",
		  "test.conf:1: key \"route-optimization\" outside a section (it belongs in [mobile-node])" },
		{ "no-route-optimization 2001:db8::1\n",
		  "test.conf:1: key \"no-route-optimization\" outside a section (it belongs in [mobile-node])" },
		{ "max-lifetime 60\n",
		  "test.conf:1: key \"max-lifetime\" outside a section (it belongs in [home-agent] or [correspondent])" },
		{ HA_MIN "route-optimization off\n",
		  "test.conf:4: key \"route-optimization\" is not valid in [home-agent] (it belongs in [mobile-node])" },
		{ HA_MIN "no-route-optimization 2001:db8::/32\n",
		  "test.conf:4: key \"no-route-optimization\" is not valid in [home-agent] (it belongs in [mobile-node])" },
		{ CN_MIN "route-optimization on\n",
		  "test.conf:2: key \"route-optimization\" is not valid in [correspondent] (it belongs in [mobile-node])" },
		{ CN_MIN "no-route-optimization 2001:db8::1\n",
		  "test.conf:2: key \"no-route-optimization\" is not valid in [correspondent] (it belongs in [mobile-node])" },
		{ HA_MIN SA1 "route-optimization off\n",
		  "test.conf:7: key \"route-optimization\" is not valid in [security-association mn1@example.com] (it belongs in [mobile-node])" },
		{ MN_MIN "max-lifetime 60\n",
		  "test.conf:4: key \"max-lifetime\" is not valid in [mobile-node] (it belongs in [home-agent] or [correspondent])" },
		{ HA_MIN SA1 "max-lifetime 60\n",
		  "test.conf:7: key \"max-lifetime\" is not valid in [security-association mn1@example.com] (it belongs in [home-agent] or [correspondent])" },
		{ CN_MIN "lifetime 60\n",
		  "test.conf:2: key \"lifetime\" is not valid in [correspondent] (it belongs in [mobile-node])" },
		{ CN_MIN "home-link eth0\n",
		  "test.conf:2: key \"home-link\" is not valid in [correspondent] (it belongs in [home-agent])" },
		{ CN_MIN "authentication none\n",
		  "test.conf:2: key \"authentication\" is not valid in [correspondent] (it belongs in [mobile-node] or [home-agent])" },
		{ CN_MIN "spi 300\n",
		  "test.conf:2: key \"spi\" is not valid in [correspondent] (it belongs in [mobile-node] or [security-association NAI])" },
		{ CN_MIN "device mob1\n",
		  "test.conf:2: global key \"device\" must come before the first section" },
		/* keys out of place */
		{ HA_MIN "device mob1\n",
		  "test.conf:4: global key \"device\" must come before the first section" },
		{ MN_MIN "log-level debug\n",
		  "test.conf:4: global key \"log-level\" must come before the first section" },
		{ "lifetime 30\n",
		  "test.conf:1: key \"lifetime\" outside a section (it belongs in [mobile-node])" },
		{ "spi 300\n",
		  "test.conf:1: key \"spi\" outside a section (it belongs in [mobile-node] or [security-association NAI])" },
		{ "authentication none\n",
		  "test.conf:1: key \"authentication\" outside a section (it belongs in [mobile-node] or [home-agent])" },
		{ HA_MIN "lifetime 30\n",
		  "test.conf:4: key \"lifetime\" is not valid in [home-agent] (it belongs in [mobile-node])" },
		{ HA_MIN "spi 300\n",
		  "test.conf:4: key \"spi\" is not valid in [home-agent] (it belongs in [mobile-node] or [security-association NAI])" },
		{ MN_MIN "home-link eth0\n",
		  "test.conf:4: key \"home-link\" is not valid in [mobile-node] (it belongs in [home-agent])" },
		{ HA_MIN SA1 "dad off\n",
		  "test.conf:7: key \"dad\" is not valid in [security-association mn1@example.com] (it belongs in [home-agent])" },
		{ HA_MIN SA1 "identifier x\n",
		  "test.conf:7: key \"identifier\" is not valid in [security-association mn1@example.com] (it belongs in [mobile-node])" },
		/* duplicates */
		{ "log-level info\nlog-level debug\n",
		  "test.conf:2: duplicate key \"log-level\" (first on line 1)" },
		{ "device a\ndevice b\n",
		  "test.conf:2: duplicate key \"device\" (first on line 1)" },
		{ MN_MIN "home-address 2001:db8:1::100/64\n",
		  "test.conf:4: duplicate key \"home-address\" (first on line 2)" },
		{ MN_AUTH "key-file /nonexistent\n",
		  "test.conf:6: duplicate key \"key-file\" (a key was already given on line 5)" },
		{ MN_AUTH "key " KEY16 "\n",
		  "test.conf:6: duplicate key \"key\" (a key was already given on line 5)" },
		{ MN_AUTH "spi 300\n",
		  "test.conf:6: duplicate key \"spi\" (first on line 4)" },
		{ MN_AUTH "identifier b\n",
		  "test.conf:6: duplicate key \"identifier\" (first on line 3)" },
		{ MN_AUTH "home-agent 2001:db8::1\nhome-agent 2001:db8::2\n",
		  "test.conf:7: duplicate key \"home-agent\" (first on line 6)" },
		{ MN_AUTH "authentication none\nauthentication none\n",
		  "test.conf:7: duplicate key \"authentication\" (first on line 6)" },
		{ MN_AUTH "lifetime 4\nlifetime 4\n",
		  "test.conf:7: duplicate key \"lifetime\" (first on line 6)" },
		{ MN_AUTH "initial-bindack-timeout 100\ninitial-bindack-timeout 100\n",
		  "test.conf:7: duplicate key \"initial-bindack-timeout\" (first on line 6)" },
		{ MN_AUTH "max-bindack-timeout 100000\nmax-bindack-timeout 100000\n",
		  "test.conf:7: duplicate key \"max-bindack-timeout\" (first on line 6)" },
		{ HA_MIN "home-link eth1\n",
		  "test.conf:4: duplicate key \"home-link\" (first on line 2)" },
		{ HA_MIN "max-bindings 1\nmax-bindings 2\n",
		  "test.conf:5: duplicate key \"max-bindings\" (first on line 4)" },
		{ HA_MIN "max-lifetime 4\nmax-lifetime 4\n",
		  "test.conf:5: duplicate key \"max-lifetime\" (first on line 4)" },
		{ HA_MIN "preference 1\npreference 1\n",
		  "test.conf:5: duplicate key \"preference\" (first on line 4)" },
		{ HA_MIN "dad on\ndad off\n",
		  "test.conf:5: duplicate key \"dad\" (first on line 4)" },
		{ HA_MIN "authentication none\nauthentication none\n",
		  "test.conf:5: duplicate key \"authentication\" (first on line 4)" },
		{ HA_MIN "replay-window 7\nreplay-window 7\n",
		  "test.conf:5: duplicate key \"replay-window\" (first on line 4)" },
		{ MN_MIN "route-optimization on\nroute-optimization off\n",
		  "test.conf:5: duplicate key \"route-optimization\" (first on line 4)" },
		{ MN_MIN "no-route-optimization 2001:db8:1::1/64\n"
		  "no-route-optimization 2001:db8:1::/64\n",
		  "test.conf:5: duplicate no-route-optimization \"2001:db8:1::/64\"" },
		{ MN_MIN "no-route-optimization 2001:db8::1\n"
		  "no-route-optimization 2001:db8::1/128\n",
		  "test.conf:5: duplicate no-route-optimization \"2001:db8::1/128\"" },
		{ MN_MIN RO16 "no-route-optimization 2001:db8:11::/64\n",
		  "test.conf:20: too many no-route-optimization keys (at most 16)" },
		{ CN_MIN "max-lifetime 60\nmax-lifetime 60\n",
		  "test.conf:3: duplicate key \"max-lifetime\" (first on line 2)" },
		{ HA_MIN "max-lifetime 60\n" CN_MIN "max-lifetime 60\n"
		  "max-lifetime 60\n",
		  "test.conf:7: duplicate key \"max-lifetime\" (first on line 6)" },
		{ HA_MIN SA1 "spi 300\n",
		  "test.conf:7: duplicate key \"spi\" (first on line 5)" },
		{ HA_MIN SA1 "key-file k\n",
		  "test.conf:7: duplicate key \"key-file\" (a key was already given on line 6)" },
		{ HA_MIN SA1 "home-address 2001:db8:1::5\nhome-address 2001:db8:1::5\n",
		  "test.conf:8: duplicate key \"home-address\" (first on line 7)" },
		{ HA_MIN SA1 "home-address 2001:db8:1::5 2001:db8:1::6 2001:db8:1::5\n",
		  "test.conf:7: duplicate home-address \"2001:db8:1::5\"" },
		{ HA_MIN SA1 "home-address 2001:db8:1::5 fe80::1\n",
		  "test.conf:7: invalid home-address \"fe80::1\" (link-local address, expected a global unicast address)" },
		{ HA_MIN SA1 "home-address 1 2 3 4 5 6 7 8 9\n",
		  "test.conf:7: too many addresses for \"home-address\" (at most 8)" },
		{ HA_MIN SA1 "home-address 2001:db8:1::5 2001:db8:1::6\n"
		  "[security-association mn2@example.com]\nspi 257\nkey " KEY16 "\n"
		  "home-address 2001:db8:1::7 2001:db8:1::6\n",
		  "test.conf:11: home-address \"2001:db8:1::6\" is already that of [security-association mn1@example.com] (line 4)" },
		{ MN_AUTH "home-address 2001:db8:1::5/64 2001:db8:1::6/64\n",
		  "test.conf:6: unexpected \"2001:db8:1::6/64\" after the value of \"home-address\"" },
		{ MN_AUTH "link eth0\nlink eth0 preference 3\n",
		  "test.conf:7: duplicate link \"eth0\"" },
		{ HA_MIN "home-prefix 2001:db8:1::/64\n",
		  "test.conf:4: duplicate home-prefix \"2001:db8:1::/64\"" },
		/* mobile routers (RFC 3963) */
		{ MN_MIN "link eth0\nmobile-router yes\n",
		  "test.conf: [mobile-node] \"mobile-router yes\" needs mobile-network-prefix (or [prefix-delegation] client-link)" },
		/* prefix delegation (RFC 6276) */
		{ MN_MIN "link eth0\nmobile-router yes\n"
		  "mobile-network-prefix 2001:db8:100::/48\n[prefix-delegation]\n",
		  "test.conf: [prefix-delegation] needs one of \"server\" (home agent) and \"client-link\" (mobile router)" },
		{ MN_MIN "link eth0\nmobile-router yes\n[prefix-delegation]\n"
		  "client-link pd-r\n",
		  "test.conf: [prefix-delegation] \"client-link\" needs \"prefix-mode implicit\" in [mobile-node] (RFC 6276 3.1)" },
		{ MN_MIN "link eth0\n[prefix-delegation]\nclient-link pd-r\n",
		  "test.conf: [prefix-delegation] \"client-link\" needs [mobile-node] with \"mobile-router yes\"" },
		{ MN_MIN "link eth0\nmobile-router yes\nprefix-mode implicit\n"
		  "[prefix-delegation]\nclient-link eth0\n",
		  "test.conf: [prefix-delegation] client-link \"eth0\" is a link to roam on (link)" },
		{ MN_MIN "link eth0\nmobile-router yes\nprefix-mode implicit\n"
		  "[prefix-delegation]\nclient-link pd-r\nserver 2001:db8::5\n",
		  "test.conf: [prefix-delegation] needs one of \"server\" (home agent) and \"client-link\" (mobile router)" },
		{ MN_MIN "link eth0\nmobile-router yes\nprefix-mode implicit\n"
		  "mobile-network-prefix 2001:db8:100::/48\n"
		  "[prefix-delegation]\nserver 2001:db8::5\n",
		  "test.conf: [prefix-delegation] \"server\" needs [home-agent]" },
		{ HA_MIN "[prefix-delegation]\nserver ff02::1:2\n",
		  "test.conf:5: invalid server \"ff02::1:2\" (multicast address, expected a global unicast address)" },
		{ HA_MIN "[prefix-delegation]\nserver fe80::1\n",
		  "test.conf:5: invalid server \"fe80::1\" (link-local address, expected a global unicast address)" },
		{ HA_MIN "[prefix-delegation]\nclient-link pd-r\n",
		  "test.conf: [prefix-delegation] \"client-link\" needs [mobile-node] with \"mobile-router yes\"" },
		{ HA_MIN SA1 "prefix-delegation yes\n",
		  "test.conf: [security-association mn1@example.com] has prefix-delegation yes but not \"mobile-router yes\"" },
		/* DSMIPv6 (RFC 5555) */
		{ HA_MIN "ipv4-address 224.0.0.1\n",
		  "test.conf:4: invalid ipv4-address \"224.0.0.1\" (multicast address, expected a unicast address)" },
		{ HA_MIN "ipv4-address 10.0.0\n",
		  "test.conf:4: invalid ipv4-address \"10.0.0\" (expected an IPv4 address)" },
		{ HA_MIN "ipv4-address 127.0.0.1\n",
		  "test.conf:4: invalid ipv4-address \"127.0.0.1\" (loopback address, expected a unicast address)" },
		{ HA_MIN "ipv4-address 0.0.0.0\n",
		  "test.conf:4: invalid ipv4-address \"0.0.0.0\" (in 0.0.0.0/8, expected a unicast address)" },
		{ HA_MIN "ipv4-address 192.0.2.1\nipv4-home-prefix 10.0.1.1/24\n",
		  "test.conf:5: invalid ipv4-home-prefix \"10.0.1.1/24\" (host bits set, expected a prefix)" },
		{ HA_MIN "ipv4-address 192.0.2.1\nipv4-home-prefix 10.0.1.0/33\n",
		  "test.conf:5: invalid ipv4-home-prefix \"10.0.1.0/33\" (expected A.B.C.D/PLEN, PLEN 1..32)" },
		{ HA_MIN "ipv4-address 192.0.2.1\nipv4-home-prefix 10.0.1.0\n",
		  "test.conf:5: invalid ipv4-home-prefix \"10.0.1.0\" (expected A.B.C.D/PLEN, PLEN 1..32)" },
		{ HA_MIN "ipv4-home-prefix 10.0.1.0/24\n",
		  "test.conf: [home-agent] has \"ipv4-home-prefix\" but not \"ipv4-address\"" },
		{ HA_MIN SA1 "ipv4-home-address 10.0.1.100\n",
		  "test.conf: [security-association mn1@example.com] has \"ipv4-home-address\" but [home-agent] has no \"ipv4-address\"" },
		{ HA_MIN "ipv4-address 192.0.2.1\nipv4-home-prefix 10.0.1.0/24\n"
		  SA1 "ipv4-home-address 10.0.2.100\n",
		  "test.conf: [security-association mn1@example.com]: ipv4-home-address 10.0.2.100 is not in ipv4-home-prefix" },
		/* the pool (RFC 5555 2.5) */
		{ HA_MIN "ipv4-address 192.0.2.1\nipv4-home-pool 10.0.1.200-10.0.1.250\n",
		  "test.conf: [home-agent] has \"ipv4-home-pool\" but not \"ipv4-home-prefix\"" },
		{ HA_MIN "ipv4-address 192.0.2.1\nipv4-home-prefix 10.0.1.0/24\n"
		  "ipv4-home-pool 10.0.1.200-10.0.2.10\n",
		  "test.conf: [home-agent] ipv4-home-pool is not inside ipv4-home-prefix" },
		{ HA_MIN "ipv4-address 192.0.2.1\nipv4-home-prefix 10.0.1.0/24\n"
		  "ipv4-home-pool 10.0.1.200-10.0.1.255\n",
		  "test.conf: [home-agent] ipv4-home-pool holds the home prefix's network or broadcast address" },
		{ HA_MIN "ipv4-address 192.0.2.1\nipv4-home-prefix 10.0.1.0/24\n"
		  "ipv4-home-pool 10.0.1.250-10.0.1.200\n",
		  "test.conf:6: invalid ipv4-home-pool \"10.0.1.250-10.0.1.200\" (the last address is before the first)" },
		{ HA_MIN "ipv4-address 192.0.2.1\nipv4-home-prefix 10.0.0.0/8\n"
		  "ipv4-home-pool 10.0.0.1-10.1.0.1\n",
		  "test.conf:6: invalid ipv4-home-pool \"10.0.0.1-10.1.0.1\" (at most 65536 addresses)" },
		{ HA_MIN "ipv4-address 192.0.2.1\nipv4-home-prefix 10.0.1.0/24\n"
		  "ipv4-home-pool 10.0.1.200\n",
		  "test.conf:6: invalid ipv4-home-pool \"10.0.1.200\" (expected FIRST-LAST, two IPv4 addresses)" },
		{ HA_MIN "ipv4-address 192.0.2.1\nipv4-home-prefix 10.0.1.0/24\n"
		  "ipv4-home-pool 10.0.1.200-x\n",
		  "test.conf:6: invalid ipv4-home-pool \"x\" (expected an IPv4 address)" },
		{ HA_MIN "ipv4-address 192.0.2.1\nipv4-home-prefix 10.0.1.0/24\n"
		  "ipv4-home-pool 10.0.1.200-10.0.1.250\n" SA1 "ipv4-home-address 10.0.1.210\n",
		  "test.conf: [security-association mn1@example.com]: ipv4-home-address 10.0.1.210 is in ipv4-home-pool" },
		{ HA_MIN "ipv4-address 192.0.2.1\n" SA1
		  "ipv4-home-address 10.0.1.100\n"
		  "[security-association mn2@example.com]\nspi 257\nkey " KEY16 "\n"
		  "ipv4-home-address 10.0.1.100\n",
		  "test.conf:12: ipv4-home-address \"10.0.1.100\" is already that of [security-association mn1@example.com] (line 5)" },
		{ HA_MIN "nat-keepalive 4\n",
		  "test.conf:4: invalid nat-keepalive \"4\" (expected 5..3600 seconds)" },
		{ MN_MIN "home-agent 2001:db8:1::1\nipv4-home-address 10.0.1.100\n",
		  "test.conf:5: \"ipv4-home-address\" needs \"home-agent-ipv4\"" },
		{ MN_MIN "home-agent-ipv4 192.0.2.1\n",
		  "test.conf:4: \"home-agent-ipv4\" needs \"home-agent\" (its IPv6 address)" },
		{ MN_MIN "force-udp yes\n",
		  "test.conf:4: \"force-udp\" needs \"home-agent-ipv4\"" },
		{ MN_MIN "home-agent 2001:db8:1::1\nhome-agent-ipv4 192.0.2.1\n"
		  "ipv4-home-address some\n",
		  "test.conf:6: invalid ipv4-home-address \"some\" (expected an IPv4 address)" },
		{ MN_MIN "home-agent 2001:db8:1::1\nhome-agent-ipv4 192.0.2.1\n"
		  "ipv4-home-address 10.0.1.100/7\n",
		  "test.conf:6: invalid ipv4-home-address \"10.0.1.100/7\" (the prefix length is 8 to 32)" },
		{ MN_MIN "home-agent 2001:db8:1::1\nhome-agent-ipv4 192.0.2.1\n"
		  "ipv4-home-address 10.0.1.100/33\n",
		  "test.conf:6: invalid ipv4-home-address \"10.0.1.100/33\" (the prefix length is 8 to 32)" },
		{ MN_MIN "home-agent 2001:db8:1::1\nhome-agent-ipv4 192.0.2.1\n"
		  "ipv4-home-address 10.0.1.100/\n",
		  "test.conf:6: invalid ipv4-home-address \"10.0.1.100/\" (the prefix length is 8 to 32)" },
		{ MN_MIN "home-agent 2001:db8:1::1\nhome-agent-ipv4 192.0.2.1\n"
		  "ipv4-home-address 10.0.1.100/24x\n",
		  "test.conf:6: invalid ipv4-home-address \"10.0.1.100/24x\" (the prefix length is 8 to 32)" },
		{ MN_MIN "home-agent 2001:db8:1::1\nhome-agent-ipv4 192.0.2.1\n"
		  "ipv4-home-address 224.0.0.1/24\n",
		  "test.conf:6: invalid ipv4-home-address \"224.0.0.1\" (multicast address, expected a unicast address)" },
		{ MN_MIN "home-agent 2001:db8:1::1\nhome-agent-ipv4 192.0.2.1\n"
		  "ipv4-home-address 10.0.1.100/24/24\n",
		  "test.conf:6: invalid ipv4-home-address \"10.0.1.100/24/24\" (the prefix length is 8 to 32)" },
		{ MN_MIN "home-agent 2001:db8:1::1\nhome-agent-ipv4 192.0.2.1\n"
		  "ipv4-home-address 10.0.1.100/0024000000000000000000\n",
		  "test.conf:6: invalid ipv4-home-address \"10.0.1.100/0024000000000000000000\" (expected an IPv4 address, a prefix length after it optional)" },
		/* home agent initiated flow bindings (RFC 7109) */
		{ HA_MIN SA1 "home-flow 30 udp dport 6000\n",
		  "test.conf:7: home-flow 30 needs \"bid BID\"" },
		{ HA_MIN SA1 "home-flow 30 udp dport 6000 bid\n",
		  "test.conf:7: home-flow 30 needs \"bid BID\"" },
		{ HA_MIN SA1 "home-flow 30 udp dport 6000 bid 2 3\n",
		  "test.conf:7: home-flow 30: one BID after \"bid\", nothing after it" },
		{ HA_MIN SA1 "home-flow 30 bid 2\n",
		  "test.conf:7: home-flow 30 needs a selector" },
		{ HA_MIN SA1 "home-flow 0 udp bid 2\n",
		  "test.conf:7: invalid home-flow \"0\" (expected 1..65534)" },
		{ HA_MIN SA1 "home-flow 30 udp dport 6000 bid 0\n",
		  "test.conf:7: invalid bid \"0\" (expected 1..65535)" },
		{ HA_MIN SA1 "home-flow 30 udp color red bid 2\n",
		  "test.conf:7: flow 30: unknown selector \"color\" (expected src, dst, proto, a protocol's name, sport, dport, spi, dscp, flowlabel or bid)" },
		{ HA_MIN SA1 "home-flow 30 udp bid 2\nhome-flow 30 tcp bid 1\n",
		  "test.conf:8: duplicate home-flow 30" },
		{ HA_MIN SA1 "home-flow 1 udp bid 2\nhome-flow 2 udp bid 2\n"
		  "home-flow 3 udp bid 2\nhome-flow 4 udp bid 2\n"
		  "home-flow 5 udp bid 2\nhome-flow 6 udp bid 2\n"
		  "home-flow 7 udp bid 2\nhome-flow 8 udp bid 2\n"
		  "home-flow 9 udp bid 2\n",
		  "test.conf:15: too many home-flow keys (at most 8)" },
		{ MN_MIN "home-initiated-flows perhaps\n",
		  "test.conf:4: invalid home-initiated-flows \"perhaps\" (expected yes or no)" },
		{ HA_MIN SA1 "prefix-delegation maybe\n",
		  "test.conf:7: invalid prefix-delegation \"maybe\" (expected yes or no)" },
		{ "[prefix-delegation]\nserver 2001:db8::5\n",
		  "test.conf: no role section: expected [mobile-node], [home-agent] and/or [correspondent]" },
		{ MN_MIN "mobile-router yes\nmobile-network-prefix 2001:db8:100::/48\n",
		  "test.conf: [mobile-node] \"mobile-router yes\" needs its links named (link)" },
		{ MN_MIN "mobile-network-prefix 2001:db8:100::/48\n",
		  "test.conf: [mobile-node] has mobile-network-prefix but not \"mobile-router yes\"" },
		{ MN_MIN "link eth0\nmobile-router yes\n"
		  "mobile-network-prefix 2001:db8::/32\n",
		  "test.conf: [mobile-node] mobile-network-prefix overlaps the home prefix" },
		{ MN_MIN "link eth0\nmobile-router yes\n"
		  "mobile-network-prefix 2001:db8:100::/48\n"
		  "mobile-network-prefix 2001:db8:100:1::/64\n",
		  "test.conf:7: mobile-network-prefix \"2001:db8:100:1::/64\" overlaps another" },
		{ MN_MIN "link eth0\nmobile-router yes\nroute-optimization on\n"
		  "mobile-network-prefix 2001:db8:100::/48\n",
		  "test.conf:6: route-optimization on is not for a mobile router (RFC 3963 has none)" },
		{ MN_MIN "link eth0\nmobile-router yes\n"
		  "mobile-network-prefix 2001:db8:100::/48\n"
		  "mobile-network-link eth0\n",
		  "test.conf:7: mobile-network-link \"eth0\" is a link to roam on (link)" },
		{ MN_MIN "mobile-router yes\nmobile-network-prefix 2001:db8:100::/48\n"
		  "mobile-network-link in0\nlink in0\n",
		  "test.conf: [mobile-node] mobile-network-link \"in0\" is a link to roam on (link)" },
		{ MN_MIN "mobile-network-link in0\n",
		  "test.conf: [mobile-node] has mobile-network-link but not \"mobile-router yes\"" },
		{ MN_MIN "link eth0\nmobile-router yes\n"
		  "mobile-network-prefix 2001:db8:100::/48\n"
		  "mobile-network-link in0\nmobile-network-link in0\n",
		  "test.conf:8: duplicate mobile-network-link \"in0\"" },
		{ MN_MIN "prefix-mode sometimes\n",
		  "test.conf:4: invalid prefix-mode \"sometimes\" (expected implicit or explicit)" },
		{ HA_MIN SA1 "mobile-router perhaps\n",
		  "test.conf:7: invalid mobile-router \"perhaps\" (expected yes or no)" },
		{ HA_MIN SA1 "home-address 2001:db8:1::7\nmobile-router yes\n"
		  "mobile-network-prefix 2001:db8:100::1/48\n",
		  "test.conf:9: invalid mobile-network-prefix \"2001:db8:100::1/48\" (host bits set: the prefix is 2001:db8:100::/48)" },
		{ HA_MIN SA1 "home-address 2001:db8:1::7\nmobile-router yes\n"
		  "mobile-network-prefix 2001:db8:100::/48\n"
		  "mobile-network-prefix 2001:db8:100:7::/64\n",
		  "test.conf:10: mobile-network-prefix \"2001:db8:100:7::/64\" overlaps another of this association's" },
		{ HA_MIN SA1 "home-address 2001:db8:1::7\nmobile-router yes\n"
		  "mobile-network-prefix 2001:db8:100::/48\n"
		  "[security-association mr2@example.com]\nspi 257\nkey " KEY16 "\n"
		  "mobile-network-prefix 2001:db8::/32\n",
		  "test.conf:13: mobile-network-prefix \"2001:db8::/32\" overlaps one of [security-association mn1@example.com] (line 4)" },
		{ HA_MIN SA1 "home-address 2001:db8:1::7\nmobile-router yes\n"
		  "mobile-network-prefix 2001:db8:1:0:8000::/65\n",
		  "test.conf: [security-association mn1@example.com]: mobile-network-prefix 2001:db8:1:0:8000::/65 overlaps home-prefix" },
		{ HA_MIN SA1 "mobile-network-prefix 2001:db8:100::/48\n",
		  "test.conf: [security-association mn1@example.com] has mobile-network-prefix but not \"mobile-router yes\"" },
		{ HA_MIN SA1 "mobile-router yes\n",
		  "test.conf: [security-association mn1@example.com]: \"mobile-router yes\" needs its home-address" },
		{ HA_MIN SA1 "home-address 2001:db8:1::7\nmobile-router yes\n"
		  "mobile-network-prefix 2001:db8:100::/48\n"
		  "mobile-network-prefix 2001:db8:101::/48\n"
		  "mobile-network-prefix 2001:db8:102::/48\n"
		  "mobile-network-prefix 2001:db8:103::/48\n"
		  "mobile-network-prefix 2001:db8:104::/48\n"
		  "mobile-network-prefix 2001:db8:105::/48\n"
		  "mobile-network-prefix 2001:db8:106::/48\n"
		  "mobile-network-prefix 2001:db8:107::/48\n"
		  "mobile-network-prefix 2001:db8:108::/48\n",
		  "test.conf:17: too many mobile-network-prefix keys (at most 8)" },
		{ HA_MIN "home-prefix 2001:db8:1::5/64\n",
		  "test.conf:4: invalid home-prefix \"2001:db8:1::5/64\" (host bits set: the prefix is 2001:db8:1::/64)" },
		{ HA_MIN "home-prefix 2001:db8:1:2ff::/56\n",
		  "test.conf:4: invalid home-prefix \"2001:db8:1:2ff::/56\" (host bits set: the prefix is 2001:db8:1:200::/56)" },
		{ MN_AUTH "link a\nlink b\nlink c\nlink d\nlink e\nlink f\n"
		  "link g\nlink h\nlink i\n",
		  "test.conf:14: too many links (at most 8)" },
		{ HA_MIN "home-prefix 2001:db8:2::/64\nhome-prefix 2001:db8:3::/64\n"
		  "home-prefix 2001:db8:4::/64\nhome-prefix 2001:db8:5::/64\n"
		  "home-prefix 2001:db8:6::/64\nhome-prefix 2001:db8:7::/64\n"
		  "home-prefix 2001:db8:8::/64\nhome-prefix 2001:db8:9::/64\n",
		  "test.conf:11: too many home-prefix keys (at most 8)" },
		/* required keys */
		{ "[mobile-node]\n", "test.conf: [mobile-node] needs \"home-address\"" },
		{ "[mobile-node]\nauthentication none\n",
		  "test.conf: [mobile-node] needs \"home-address\"" },
		{ "[mobile-node]\nhome-address 2001:db8:1::100/64\n",
		  "test.conf: [mobile-node] needs \"identifier\" (authentication is required)" },
		{ "[mobile-node]\nhome-address 2001:db8:1::100/64\nidentifier a\n",
		  "test.conf: [mobile-node] needs \"spi\" (authentication is required)" },
		{ "[mobile-node]\nhome-address 2001:db8:1::100/64\nidentifier a\n"
		  "spi 256\nauthentication required\n",
		  "test.conf: [mobile-node] needs \"key\" or \"key-file\" (authentication is required)" },
		{ "[home-agent]\n", "test.conf: [home-agent] needs \"home-link\"" },
		{ "[home-agent]\nhome-link eth0\n",
		  "test.conf: [home-agent] needs \"home-prefix\"" },
		{ HA_MIN "[security-association a@b]\nkey " KEY16 "\n",
		  "test.conf: [security-association a@b] needs \"spi\"" },
		{ HA_MIN "[security-association a@b]\nspi 256\n",
		  "test.conf: [security-association a@b] needs \"key\" or \"key-file\"" },
		{ HA_MIN "[security-association a@b]\n",
		  "test.conf: [security-association a@b] needs \"spi\"" },
		{ MN_MIN SA1,
		  "test.conf: [security-association mn1@example.com] without a [home-agent] section" },
		/* security ipsec (RFC 4877) */
		{ "[mobile-node]\nhome-address 2001:db8:1::100/64\nsecurity ipsec\n",
		  "test.conf: [mobile-node] needs \"ipsec-reqid\" (security ipsec)" },
		{ "[mobile-node]\nhome-address 2001:db8:1::100/64\nsecurity ipsec\nipsec-reqid 7\n",
		  "test.conf: [mobile-node] needs \"home-agent\" (security ipsec)" },
		{ MN_MIN "ipsec-reqid 7\n",
		  "test.conf:4: ipsec-reqid without \"security ipsec\"" },
		{ "[mobile-node]\nhome-address 2001:db8:1::100/64\nsecurity ikev1\n",
		  "test.conf:3: invalid security \"ikev1\" (expected rfc4285, ipsec, ikev2 or none)" },
		{ MN_MIN "security ipsec\n",
		  "test.conf:4: duplicate key \"security\" (first on line 3)" },
		{ MN_MIN "ipsec-reqid 0\n",
		  "test.conf:4: invalid ipsec-reqid \"0\" (expected 1..4294967294)" },
		/* protect payload (RFC 4877 4.1): security ikev2 only */
		{ "[mobile-node]\nhome-address 2001:db8:1::100/64\nhome-agent 2001:db8:1::1\nsecurity ipsec\nipsec-reqid 7\nprotect payload\n",
		  "test.conf:6: protect payload needs \"security ikev2\"" },
		{ MN_MIN "protect everything\n",
		  "test.conf:4: invalid protect \"everything\"" },
		{ HA_MIN "[security-association a@b]\nsecurity ipsec\nipsec-reqid 9\n"
		  "home-address 2001:db8:1::100\nprotect payload\n",
		  "test.conf: [security-association a@b]: protect payload needs security ikev2" },
		{ HA_MIN "[security-association a@b]\nprotect payload\nspi 256\nkey " KEY16 "\n",
		  "test.conf: [security-association a@b] has \"protect\" without \"security ikev2\"" },
		{ HA_MIN "[security-association a@b]\nsecurity ipsec\nipsec-reqid 9\n"
		  "home-address 2001:db8:1::100\n"
		  "[security-association c@d]\nsecurity ipsec\nipsec-reqid 9\n"
		  "home-address 2001:db8:1::101\n",
		  "test.conf: [security-association c@d]: ipsec-reqid 9 meets that of [security-association a@b] (9; security ikev2 takes reqid and reqid + 1)" },
		{ HA_MIN "ike-identity ha\n[security-association a@b]\nsecurity ikev2\nipsec-reqid 9\n"
		  "home-address 2001:db8:1::100\nkey " KEY16 "\n"
		  "[security-association c@d]\nsecurity ipsec\nipsec-reqid 10\n"
		  "home-address 2001:db8:1::101\n",
		  "test.conf: [security-association c@d]: ipsec-reqid 10 meets that of [security-association a@b] (9; security ikev2 takes reqid and reqid + 1)" },
		{ HA_MIN "ike-identity ha\n[security-association a@b]\nsecurity ikev2\nipsec-reqid 4294967295\n"
		  "home-address 2001:db8:1::100\nkey " KEY16 "\n",
		  "test.conf: [security-association a@b]: ipsec-reqid 4294967295 leaves no room for the tunnel's (reqid + 1)" },
		{ HA_MIN "[security-association a@b]\nsecurity ipsec\nhome-address 2001:db8:1::100\n",
		  "test.conf: [security-association a@b] needs \"ipsec-reqid\" (security ipsec)" },
		{ HA_MIN "[security-association a@b]\nsecurity ipsec\nipsec-reqid 9\n",
		  "test.conf: [security-association a@b] needs \"home-address\" (security ipsec)" },
		{ HA_MIN "[security-association a@b]\nsecurity ipsec\nipsec-reqid 9\n"
		  "home-address 2001:db8:1::100\nspi 256\n",
		  "test.conf: [security-association a@b] has \"spi\", which security ipsec does not use" },
		{ HA_MIN "[security-association a@b]\nsecurity ipsec\nipsec-reqid 9\n"
		  "home-address 2001:db8:1::100\nkey " KEY16 "\n",
		  "test.conf: [security-association a@b] has \"key\", which security ipsec does not use" },
		{ HA_MIN SA1 "ipsec-reqid 9\n",
		  "test.conf: [security-association mn1@example.com] has \"ipsec-reqid\" without \"security ipsec\"" },
		/* security ikev2 (RFC 4877 7) */
		{ "[mobile-node]\nhome-address 2001:db8:1::100/64\nhome-agent 2001:db8:1::1\n"
		  "security ikev2\nipsec-reqid 7\n",
		  "test.conf: [mobile-node] needs \"identifier\" (its IKEv2 identity, security ikev2)" },
		{ "[mobile-node]\nhome-address 2001:db8:1::100/64\nhome-agent 2001:db8:1::1\n"
		  "security ikev2\nipsec-reqid 7\nidentifier a@b\n",
		  "test.conf: [mobile-node] needs \"ike-peer-identity\" (the home agent's, security ikev2)" },
		{ "[mobile-node]\nhome-address 2001:db8:1::100/64\nhome-agent 2001:db8:1::1\n"
		  "security ikev2\nipsec-reqid 7\nidentifier a@b\nike-peer-identity ha\n",
		  "test.conf: [mobile-node] needs \"ike-certificate\" or \"key\" (the IKEv2 pre-shared key), security ikev2" },
		{ "[mobile-node]\nhome-address 2001:db8:1::100/64\nhome-agent 2001:db8:1::1\n"
		  "security ikev2\nidentifier a@b\nike-peer-identity ha\n",
		  "test.conf: [mobile-node] needs \"ipsec-reqid\" (security ikev2)" },
		{ MN_MIN "ike-peer-identity ha\n",
		  "test.conf: [mobile-node] has ike- keys without \"security ikev2\"" },
		{ MN_MIN "ike-peer-identity a b\n",
		  "test.conf:4: unexpected \"b\" after the value of \"ike-peer-identity\"" },
		{ MN_MIN "ike-certificate /nonexistent/ipmob-test.pem\n",
		  "test.conf:4: cannot open ike-certificate \"/nonexistent/ipmob-test.pem\": No such file or directory" },
		{ HA_MIN "[security-association a@b]\nsecurity ikev2\nipsec-reqid 9\n"
		  "home-address 2001:db8:1::100\n",
		  "test.conf: [security-association a@b] needs \"key\" or \"key-file\" (the IKEv2 pre-shared key), or [home-agent] \"ike-certificate\"" },
		{ HA_MIN "[security-association a@b]\nsecurity ikev2\nipsec-reqid 9\n"
		  "home-address 2001:db8:1::100\nkey " KEY16 "\n",
		  "test.conf: [home-agent] needs \"ike-identity\" (security ikev2 in [security-association a@b])" },
		{ HA_MIN "[security-association a@b]\nsecurity ikev2\nipsec-reqid 9\n"
		  "home-address 2001:db8:1::100\nspi 300\n",
		  "test.conf: [security-association a@b] has \"spi\", which security ikev2 does not use" },
		{ "vici-socket run/charon.vici\n" HA_MIN,
		  "test.conf:1: invalid vici-socket \"run/charon.vici\" (expected an absolute path of at most 107 bytes)" },
		{ HA_MIN "[security-association a@b]\nsecurity none\n",
		  "test.conf:5: invalid security \"none\" (expected rfc4285, ipsec or ikev2)" },
		{ SA1, "test.conf: no role section: expected [mobile-node], [home-agent] and/or [correspondent]" },
		/* values */
		{ "log-level loud\n",
		  "test.conf:1: invalid log-level \"loud\" (expected emerg, alert, crit, err, warning, notice, info or debug)" },
		{ "log-level 8\n", "test.conf:1: invalid log-level \"8\"" },
		{ "log-level -1\n", "test.conf:1: invalid log-level \"-1\"" },
		{ "log-level INFO\n", "test.conf:1: invalid log-level \"INFO\"" },
		{ "device a/b\n",
		  "test.conf:1: invalid device \"a/b\" (expected an interface name)" },
		{ "device 0123456789abcdef\n",
		  "test.conf:1: invalid device \"0123456789abcdef\" (expected an interface name)" },
		{ "device ..\n", "test.conf:1: invalid device \"..\"" },
		{ HA_MIN "home-link a:b\n", "test.conf:4: duplicate key \"home-link\"" },
		{ "[home-agent]\nhome-link a:b\n",
		  "test.conf:2: invalid home-link \"a:b\" (expected an interface name)" },
		{ MN_AUTH "link a/b\n",
		  "test.conf:6: invalid link \"a/b\" (expected an interface name)" },
		{ MN_AUTH "link eth0 pref 3\n",
		  "test.conf:6: unexpected \"pref\" after the value of \"link\" (expected \"preference N\", \"bid B\" or \"priority P\")" },
		/* multiple care-of addresses (RFC 5648) */
		{ MN_AUTH "multiple-care-of yes\nlink a bid 0\nlink b\n",
		  "test.conf:7: invalid link bid \"0\" (expected 1..65535)" },
		{ MN_AUTH "multiple-care-of yes\nlink a priority 128\nlink b\n",
		  "test.conf:7: invalid link priority \"128\" (expected 1..127)" },
		{ MN_AUTH "multiple-care-of yes\nlink a bid 5\nlink b bid 5\n",
		  "test.conf:8: link \"b\" has the bid of link \"a\" (5)" },
		{ MN_AUTH "multiple-care-of yes\nlink a bid 5 bid 6\nlink b\n",
		  "test.conf:7: duplicate \"bid\" for link \"a\"" },
		{ MN_AUTH "multiple-care-of yes\nlink a bid\nlink b\n",
		  "test.conf:7: missing value for \"bid\" of link \"a\"" },
		{ MN_AUTH "link a bid 3\nlink b\n",
		  "test.conf: [mobile-node] link \"a\" has a bid or priority but not \"multiple-care-of yes\"" },
		{ MN_AUTH "multiple-care-of yes\nlink a\n",
		  "test.conf: [mobile-node] \"multiple-care-of yes\" needs its links named (link), two at least" },
		/* flow bindings (RFC 6089) */
		{ MN_AUTH "multiple-care-of yes\nlink a\nlink b\nflow 0 via a\n",
		  "test.conf:9: invalid flow \"0\" (expected 1..65534)" },
		{ MN_AUTH "multiple-care-of yes\nlink a\nlink b\nflow 1 udp\n",
		  "test.conf:9: flow 1 needs \"via LINK\"" },
		{ MN_AUTH "multiple-care-of yes\nlink a\nlink b\nflow 1 via\n",
		  "test.conf:9: missing links after \"via\" of flow 1" },
		{ MN_AUTH "multiple-care-of yes\nlink a\nlink b\nflow 1 via a udp\n",
		  "test.conf:9: unexpected \"udp\" after the links of flow 1" },
		{ MN_AUTH "multiple-care-of yes\nlink a\nlink b\nflow 1 via a,a\n",
		  "test.conf:9: link \"a\" twice after \"via\" of flow 1" },
		{ MN_AUTH "multiple-care-of yes\nlink a\nlink b\nflow 1 port 5 via a\n",
		  "test.conf:9: flow 1: unknown selector \"port\" (expected src, dst, proto, a protocol's name, sport, dport, spi, dscp, flowlabel or via)" },
		{ MN_AUTH "multiple-care-of yes\nlink a\nlink b\nflow 1 dport 5 dport 6 via a\n",
		  "test.conf:9: flow 1: duplicate \"dport\"" },
		{ MN_AUTH "multiple-care-of yes\nlink a\nlink b\nflow 1 udp tcp via a\n",
		  "test.conf:9: flow 1: duplicate protocol \"tcp\"" },
		{ MN_AUTH "multiple-care-of yes\nlink a\nlink b\nflow 1 dscp xx via a\n",
		  "test.conf:9: flow 1: invalid dscp \"xx\" (0-63)" },
		{ MN_AUTH "multiple-care-of yes\nlink a\nlink b\nflow 1 icmp dport 5 via a\n",
		  "test.conf:9: flow 1: dport needs proto tcp, udp, udplite, sctp or dccp" },
		{ MN_AUTH "multiple-care-of yes\nlink a\nlink b\nflow 1 dport\n",
		  "test.conf:9: flow 1: missing value for \"dport\"" },
		{ MN_AUTH "multiple-care-of yes\nlink a\nlink b\nflow default udp via a\n",
		  "test.conf:9: \"flow default\" takes no selector (\"udp\"), only \"via LINK\"" },
		{ MN_AUTH "multiple-care-of yes\nlink a\nlink b\nflow 1 via a\nflow 1 via b\n",
		  "test.conf:10: duplicate flow 1" },
		{ MN_AUTH "multiple-care-of yes\nlink a\nlink b\nflow 1 via c\n",
		  "test.conf:9: flow 1 goes via \"c\", which is no \"link\"" },
		{ MN_AUTH "link a\nlink b\nflow 1 via a\n",
		  "test.conf:8: flow bindings need \"multiple-care-of yes\"" },
		{ MN_AUTH "link a\nlink b\nhome-binding yes\n",
		  "test.conf:8: home-binding needs \"multiple-care-of yes\"" },
		{ MN_AUTH "multiple-care-of yes\nlink a\nlink b\nhome-binding maybe\n",
		  "test.conf:9: invalid home-binding \"maybe\" (expected yes or no)" },
		{ MN_AUTH "link eth0 preference\n",
		  "test.conf:6: missing value for \"preference\" of link \"eth0\"" },
		{ MN_AUTH "link eth0 preference 1001\n",
		  "test.conf:6: invalid link preference \"1001\" (expected -1000..1000)" },
		{ MN_AUTH "link eth0 preference -1001\n",
		  "test.conf:6: invalid link preference \"-1001\" (expected -1000..1000)" },
		{ MN_AUTH "link eth0 preference +1\n",
		  "test.conf:6: invalid link preference \"+1\"" },
		{ MN_AUTH "link eth0 preference 1 x\n",
		  "test.conf:6: unexpected \"x\" after the value of \"link\"" },
		{ MN_AUTH "link\n", "test.conf:6: missing value for \"link\"" },
		/* spi */
		{ MN_MIN "spi 255\n",
		  "test.conf:4: invalid spi \"255\" (expected 256..4294967295; 0..255 are reserved, RFC 4285)" },
		{ MN_MIN "spi 0\n", "test.conf:4: invalid spi \"0\"" },
		{ MN_MIN "spi 4294967296\n", "test.conf:4: invalid spi \"4294967296\"" },
		{ MN_MIN "spi -300\n", "test.conf:4: invalid spi \"-300\"" },
		{ MN_MIN "spi 0x100\n", "test.conf:4: invalid spi \"0x100\"" },
		{ MN_MIN "spi \"\"\n", "test.conf:4: empty value for \"spi\"" },
		{ HA_MIN "[security-association a]\nspi 1\n",
		  "test.conf:5: invalid spi \"1\" (expected 256..4294967295; 0..255 are reserved, RFC 4285)" },
		/* keys: the value never shows */
		{ MN_MIN "key 00112233445566778899aabbccddee\n",
		  "test.conf:4: key too short (15 bytes, RFC 4285 needs at least 16)" },
		{ MN_MIN "key 00\n",
		  "test.conf:4: key too short (1 bytes, RFC 4285 needs at least 16)" },
		{ MN_MIN "key " KEY16 "0\n",
		  "test.conf:4: invalid key (odd number of hex digits)" },
		{ MN_MIN "key 0x112233445566778899aabbccddeeff\n",
		  "test.conf:4: invalid key (expected hex digits only)" },
		{ MN_MIN "key " KEY64 "00\n",
		  "test.conf:4: key too long (65 bytes, at most 64)" },
		{ HA_MIN "[security-association a]\nkey 0011\n",
		  "test.conf:5: key too short (2 bytes, RFC 4285 needs at least 16)" },
		/* addresses */
		{ MN_MIN "home-agent zz\n",
		  "test.conf:4: invalid home-agent \"zz\" (expected an IPv6 address)" },
		{ MN_MIN "home-agent 192.0.2.1\n",
		  "test.conf:4: invalid home-agent \"192.0.2.1\" (expected an IPv6 address)" },
		{ MN_MIN "home-agent 2001:db8::1/64\n",
		  "test.conf:4: invalid home-agent \"2001:db8::1/64\" (expected an IPv6 address)" },
		{ MN_MIN "home-agent ::\n",
		  "test.conf:4: invalid home-agent \"::\" (unspecified address, expected a global unicast address)" },
		{ MN_MIN "home-agent ::1\n",
		  "test.conf:4: invalid home-agent \"::1\" (loopback address, expected a global unicast address)" },
		{ MN_MIN "home-agent ff02::1\n",
		  "test.conf:4: invalid home-agent \"ff02::1\" (multicast address, expected a global unicast address)" },
		{ MN_MIN "home-agent fe80::1\n",
		  "test.conf:4: invalid home-agent \"fe80::1\" (link-local address, expected a global unicast address)" },
		{ MN_MIN "home-agent ::ffff:192.0.2.1\n",
		  "test.conf:4: invalid home-agent \"::ffff:192.0.2.1\" (IPv4-mapped address, expected a global unicast address)" },
		{ "[mobile-node]\nhome-address 2001:db8::1\n",
		  "test.conf:2: invalid home-address \"2001:db8::1\" (expected ADDR/PLEN, PLEN 1..128)" },
		{ "[mobile-node]\nhome-address 2001:db8::1/129\n",
		  "test.conf:2: invalid home-address \"2001:db8::1/129\" (expected ADDR/PLEN, PLEN 1..128)" },
		{ "[mobile-node]\nhome-address 2001:db8::1/0\n",
		  "test.conf:2: invalid home-address \"2001:db8::1/0\" (expected ADDR/PLEN, PLEN 1..128)" },
		{ "[mobile-node]\nhome-address 2001:db8::1/\n",
		  "test.conf:2: invalid home-address \"2001:db8::1/\" (expected ADDR/PLEN, PLEN 1..128)" },
		{ "[mobile-node]\nhome-address 2001:db8::1/64x\n",
		  "test.conf:2: invalid home-address \"2001:db8::1/64x\" (expected ADDR/PLEN, PLEN 1..128)" },
		{ "[mobile-node]\nhome-address zz/64\n",
		  "test.conf:2: invalid home-address \"zz/64\" (expected ADDR/PLEN with an IPv6 address)" },
		{ "[mobile-node]\nhome-address /64\n",
		  "test.conf:2: invalid home-address \"/64\" (expected ADDR/PLEN with an IPv6 address)" },
		{ "[mobile-node]\nhome-address 2001:db8:1::/64\n",
		  "test.conf:2: invalid home-address \"2001:db8:1::/64\" (no host part: that is the prefix, not an address in it)" },
		{ "[mobile-node]\nhome-address fe80::1/64\n",
		  "test.conf:2: invalid home-address \"fe80::1/64\" (link-local address, expected a global unicast address)" },
		{ "[mobile-node]\nhome-address ff0e::1/64\n",
		  "test.conf:2: invalid home-address \"ff0e::1/64\" (multicast address, expected a global unicast address)" },
		{ "[mobile-node]\nhome-address ::1/128\n",
		  "test.conf:2: invalid home-address \"::1/128\" (loopback address, expected a global unicast address)" },
		{ "[mobile-node]\nhome-address ::/128\n",
		  "test.conf:2: invalid home-address \"::/128\" (unspecified address, expected a global unicast address)" },
		{ "[home-agent]\nhome-prefix 2001:db8::\n",
		  "test.conf:2: invalid home-prefix \"2001:db8::\" (expected ADDR/PLEN, PLEN 1..128)" },
		{ "[home-agent]\nhome-prefix fe80::/64\n",
		  "test.conf:2: invalid home-prefix \"fe80::/64\" (link-local address, expected a global unicast prefix)" },
		{ "[home-agent]\nhome-prefix ff00::/8\n",
		  "test.conf:2: invalid home-prefix \"ff00::/8\" (multicast address, expected a global unicast prefix)" },
		{ "[home-agent]\nhome-prefix ::/1\n",
		  "test.conf:2: invalid home-prefix \"::/1\" (unspecified address, expected a global unicast prefix)" },
		{ "[home-agent]\nhome-prefix ::ffff:0:0/96\n",
		  "test.conf:2: invalid home-prefix \"::ffff:0:0/96\" (IPv4-mapped address, expected a global unicast prefix)" },
		{ HA_MIN "[security-association a]\nhome-address 2001:db8::1/64\n",
		  "test.conf:5: invalid home-address \"2001:db8::1/64\" (expected an IPv6 address)" },
		{ HA_MIN "[security-association a]\nhome-address fe80::1\n",
		  "test.conf:5: invalid home-address \"fe80::1\" (link-local address, expected a global unicast address)" },
		/* the mobile node's identifier */
		{ "[mobile-node]\nidentifier \"a b\"\n",
		  "test.conf:2: invalid identifier \"a b\" (printable ASCII characters only, no spaces)" },
		{ "[mobile-node]\nidentifier a b\n",
		  "test.conf:2: unexpected \"b\" after the value of \"identifier\"" },
		/* numbers */
		{ MN_MIN "lifetime 3\n",
		  "test.conf:4: invalid lifetime \"3\" (expected 4..262140 seconds)" },
		{ MN_MIN "lifetime 262141\n",
		  "test.conf:4: invalid lifetime \"262141\" (expected 4..262140 seconds)" },
		{ MN_MIN "lifetime 1h\n", "test.conf:4: invalid lifetime \"1h\"" },
		{ MN_MIN "authentication maybe\n",
		  "test.conf:4: duplicate key \"authentication\" (first on line 3)" },
		{ "[mobile-node]\nauthentication maybe\n",
		  "test.conf:2: invalid authentication \"maybe\" (expected required or none)" },
		{ "[home-agent]\nauthentication off\n",
		  "test.conf:2: invalid authentication \"off\" (expected required or none)" },
		{ HA_MIN "dad yes\n",
		  "test.conf:4: invalid dad \"yes\" (expected on, off or optimistic)" },
		/* route optimisation */
		{ MN_MIN "route-optimization yes\n",
		  "test.conf:4: invalid route-optimization \"yes\" (expected on or off)" },
		{ MN_MIN "route-optimization ON\n",
		  "test.conf:4: invalid route-optimization \"ON\" (expected on or off)" },
		{ MN_MIN "route-optimization\n",
		  "test.conf:4: missing value for \"route-optimization\"" },
		{ MN_MIN "route-optimization \"\"\n",
		  "test.conf:4: empty value for \"route-optimization\"" },
		{ MN_MIN "route-optimization off now\n",
		  "test.conf:4: unexpected \"now\" after the value of \"route-optimization\"" },
		{ MN_MIN "no-route-optimization\n",
		  "test.conf:4: missing value for \"no-route-optimization\"" },
		{ MN_MIN "no-route-optimization zz\n",
		  "test.conf:4: invalid no-route-optimization \"zz\" (expected ADDR or ADDR/PLEN with an IPv6 address)" },
		{ MN_MIN "no-route-optimization 192.0.2.1\n",
		  "test.conf:4: invalid no-route-optimization \"192.0.2.1\" (expected ADDR or ADDR/PLEN with an IPv6 address)" },
		{ MN_MIN "no-route-optimization zz/64\n",
		  "test.conf:4: invalid no-route-optimization \"zz/64\" (expected ADDR or ADDR/PLEN with an IPv6 address)" },
		{ MN_MIN "no-route-optimization /64\n",
		  "test.conf:4: invalid no-route-optimization \"/64\" (expected ADDR or ADDR/PLEN with an IPv6 address)" },
		{ MN_MIN "no-route-optimization 2001:db8::/129\n",
		  "test.conf:4: invalid no-route-optimization \"2001:db8::/129\" (expected ADDR or ADDR/PLEN, PLEN 1..128)" },
		{ MN_MIN "no-route-optimization 2001:db8::/0\n",
		  "test.conf:4: invalid no-route-optimization \"2001:db8::/0\" (expected ADDR or ADDR/PLEN, PLEN 1..128)" },
		{ MN_MIN "no-route-optimization 2001:db8::/\n",
		  "test.conf:4: invalid no-route-optimization \"2001:db8::/\" (expected ADDR or ADDR/PLEN, PLEN 1..128)" },
		{ MN_MIN "no-route-optimization 2001:db8::/64x\n",
		  "test.conf:4: invalid no-route-optimization \"2001:db8::/64x\" (expected ADDR or ADDR/PLEN, PLEN 1..128)" },
		{ MN_MIN "no-route-optimization 2001:db8::1/64/64\n",
		  "test.conf:4: invalid no-route-optimization \"2001:db8::1/64/64\" (expected ADDR or ADDR/PLEN, PLEN 1..128)" },
		{ MN_MIN "no-route-optimization 2001:0db8:0000:0000:0000:0000:0000:00001\n",
		  "test.conf:4: invalid no-route-optimization \"2001:0db8:0000:0000:0000:0000:0000:00001\" (expected ADDR or ADDR/PLEN with an IPv6 address)" },
		{ MN_MIN "no-route-optimization fe80::1\n",
		  "test.conf:4: invalid no-route-optimization \"fe80::1\" (link-local address, expected a global unicast prefix)" },
		{ MN_MIN "no-route-optimization ff02::1/128\n",
		  "test.conf:4: invalid no-route-optimization \"ff02::1/128\" (multicast address, expected a global unicast prefix)" },
		{ MN_MIN "no-route-optimization ::1\n",
		  "test.conf:4: invalid no-route-optimization \"::1\" (loopback address, expected a global unicast prefix)" },
		{ MN_MIN "no-route-optimization ::\n",
		  "test.conf:4: invalid no-route-optimization \"::\" (unspecified address, expected a global unicast prefix)" },
		{ MN_MIN "no-route-optimization ::ffff:192.0.2.1\n",
		  "test.conf:4: invalid no-route-optimization \"::ffff:192.0.2.1\" (IPv4-mapped address, expected a global unicast prefix)" },
		{ MN_MIN "no-route-optimization 2001:db8::1 2001:db8::2\n",
		  "test.conf:4: unexpected \"2001:db8::2\" after the value of \"no-route-optimization\"" },
		/* the correspondent's max-lifetime: MAX_RR_BINDING_LIFETIME */
		{ CN_MIN "max-lifetime 3\n",
		  "test.conf:2: invalid max-lifetime \"3\" (expected 4..420 seconds, MAX_RR_BINDING_LIFETIME of RFC 6275)" },
		{ CN_MIN "max-lifetime 0\n",
		  "test.conf:2: invalid max-lifetime \"0\" (expected 4..420 seconds, MAX_RR_BINDING_LIFETIME of RFC 6275)" },
		{ CN_MIN "max-lifetime 421\n",
		  "test.conf:2: invalid max-lifetime \"421\" (expected 4..420 seconds, MAX_RR_BINDING_LIFETIME of RFC 6275)" },
		{ HA_MIN CN_MIN "max-lifetime 3600\n",
		  "test.conf:5: invalid max-lifetime \"3600\" (expected 4..420 seconds, MAX_RR_BINDING_LIFETIME of RFC 6275)" },
		{ CN_MIN "max-lifetime -1\n",
		  "test.conf:2: invalid max-lifetime \"-1\" (expected 4..420 seconds" },
		{ CN_MIN "max-lifetime 7m\n",
		  "test.conf:2: invalid max-lifetime \"7m\" (expected 4..420 seconds" },
		{ CN_MIN "max-lifetime 99999999999999999999999\n",
		  "test.conf:2: invalid max-lifetime \"99999999999999999999999\" (expected 4..420 seconds" },
		{ CN_MIN "max-lifetime\n",
		  "test.conf:2: missing value for \"max-lifetime\"" },
		{ CN_MIN "max-lifetime ''\n",
		  "test.conf:2: empty value for \"max-lifetime\"" },
		{ CN_MIN "max-lifetime 60 s\n",
		  "test.conf:2: unexpected \"s\" after the value of \"max-lifetime\"" },
		{ HA_MIN "max-bindings 0\n",
		  "test.conf:4: invalid max-bindings \"0\" (expected 1..1000000)" },
		{ HA_MIN "max-bindings 1000001\n",
		  "test.conf:4: invalid max-bindings \"1000001\" (expected 1..1000000)" },
		{ HA_MIN "max-lifetime 3\n",
		  "test.conf:4: invalid max-lifetime \"3\" (expected 4..262140 seconds)" },
		{ HA_MIN "max-lifetime 262141\n",
		  "test.conf:4: invalid max-lifetime \"262141\" (expected 4..262140 seconds)" },
		{ HA_MIN "refresh-advice 3\n",
		  "test.conf:4: invalid refresh-advice \"3\" (expected 4..262140 seconds)" },
		{ HA_MIN "replay-window 0\n",
		  "test.conf:4: invalid replay-window \"0\" (expected 1..60 seconds)" },
		{ HA_MIN "replay-window 61\n",
		  "test.conf:4: invalid replay-window \"61\" (expected 1..60 seconds)" },
		{ HA_MIN "preference 32768\n",
		  "test.conf:4: invalid preference \"32768\" (expected -32768..32767)" },
		{ HA_MIN "preference -32769\n",
		  "test.conf:4: invalid preference \"-32769\" (expected -32768..32767)" },
		{ HA_MIN "preference -\n", "test.conf:4: invalid preference \"-\"" },
		{ HA_MIN "preference 1.5\n", "test.conf:4: invalid preference \"1.5\"" },
		{ MN_AUTH "initial-bindack-timeout 99\n",
		  "test.conf:6: invalid initial-bindack-timeout \"99\" (expected 100..60000 ms)" },
		{ MN_AUTH "initial-bindack-timeout 60001\n",
		  "test.conf:6: invalid initial-bindack-timeout \"60001\" (expected 100..60000 ms)" },
		{ MN_AUTH "max-bindack-timeout 99\n",
		  "test.conf:6: invalid max-bindack-timeout \"99\" (expected 100..256000 ms)" },
		{ MN_AUTH "max-bindack-timeout 256001\n",
		  "test.conf:6: invalid max-bindack-timeout \"256001\" (expected 100..256000 ms)" },
		{ MN_AUTH "max-bindack-timeout 500\n",
		  "test.conf:6: max-bindack-timeout (500 ms) is less than initial-bindack-timeout (1000 ms, the default)" },
		{ MN_AUTH "initial-bindack-timeout 40000\n",
		  "test.conf:6: max-bindack-timeout (32000 ms, the default) is less than initial-bindack-timeout (40000 ms)" },
		{ MN_AUTH "max-bindack-timeout 2000\ninitial-bindack-timeout 5000\n",
		  "test.conf:7: max-bindack-timeout (2000 ms) is less than initial-bindack-timeout (5000 ms)" },
		{ MN_AUTH "initial-bindack-timeout 5000\nmax-bindack-timeout 2000\n",
		  "test.conf:7: max-bindack-timeout (2000 ms) is less than initial-bindack-timeout (5000 ms)" },
	};
	struct ipmobd_conf c;
	char err[ERRBUF_LEN];
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		int ret = parse_conf(cases[i].text, &c, err);

		CHECK(ret == -1);
		if (ret != -1) {
			fprintf(stderr, "    case %u (%s) parsed\n", i,
				cases[i].err);
			conf_free(&c);
			continue;
		}
		/* the message starts with the expected text (most are whole) */
		if (strncmp(err, cases[i].err, strlen(cases[i].err)))
			CHECK_STR(err, cases[i].err);
		else
			CHECK(true);
		CHECK(!strchr(err, '\n'));
		CHECK(c.ha.sa == NULL && c.ha.n_sa == 0);
	}
}

/* A failed parse changes nothing and leaves nothing allocated. */
static void test_conf_atomic(void)
{
	static const char nul[] = HA_MIN "log-level\0 debug\n";
	static const char text[] = "log-level debug\ndevice mob7\n" HA_MIN SA1
		"[security-association two]\nspi 300\nkey " KEY16 "\nbogus 1\n";
	struct ipmobd_conf c;
	char err[ERRBUF_LEN];
	FILE *f;

	/* the key is not echoed, even in part */
	CHECK(parse_conf(MN_MIN "key 5ec7e75ec7e75ec7e75ec7e75ec7e7zz\n", &c,
			 err) == -1);
	CHECK(!strstr(err, "5ec7e7"));

	CHECK(parse_len(nul, sizeof(nul) - 1, "test.conf", &c, err) == -1);
	CHECK_STR(err, "test.conf:4: NUL byte in line");

	/* parsed SAs and settings are dropped with the error */
	f = fmemopen((void *)text, strlen(text), "r");
	if (!f)
		abort();
	memset(&c, 0x5a, sizeof(c));
	c.ha.sa = NULL;
	c.log_level = 42;
	CHECK(conf_parse(f, "x.conf", &c, err, sizeof(err)) == -1);
	fclose(f);
	CHECK_STR(err, "x.conf:12: unknown key \"bogus\"");
	CHECK(c.log_level == 42 && c.ha.sa == NULL);
	CHECK(c.device[0] == 0x5a);

	/* a short error buffer is truncated, not overrun */
	{
		char small[12];

		f = fmemopen((void *)"foo\n", 4, "r");
		if (!f)
			abort();
		conf_defaults(&c);
		memset(small, 'x', sizeof(small));
		CHECK(conf_parse(f, "test.conf", &c, small, 8) == -1);
		fclose(f);
		CHECK_STR(small, "test.co");
		CHECK(small[8] == 'x');
	}
}

/* Write a file with exactly this mode (the umask does not apply). */
static void write_file(const char *path, const char *data, size_t len,
		       mode_t mode)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);

	if (fd < 0 || fchmod(fd, mode) < 0 ||
	    write(fd, data, len) != (ssize_t)len || close(fd) < 0)
		abort();
}

/* the IKEv2 credentials (security ikev2): PEM files, the key secret */
static void test_conf_pem(void)
{
	char dir[] = "/tmp/ipmob-test-pem-XXXXXX";
	char conf[96], path[128], want[512], text[1024], err[ERRBUF_LEN];
	static const char cert[] = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n";
	static const char key[] = "-----BEGIN RSA PRIVATE KEY-----\nMIIE\n-----END RSA PRIVATE KEY-----\n";
	static const char *const names[] = { "ca.pem", "ha.pem", "ha.key",
					     "open.key", "text.pem", "ipmobd.conf" };
	struct ipmobd_conf c;
	unsigned int i;
	FILE *f;

	if (!mkdtemp(dir))
		abort();
	snprintf(path, sizeof(path), "%s/ca.pem", dir);
	write_file(path, cert, sizeof(cert) - 1, 0644);
	snprintf(path, sizeof(path), "%s/ha.pem", dir);
	write_file(path, cert, sizeof(cert) - 1, 0644);
	snprintf(path, sizeof(path), "%s/ha.key", dir);
	write_file(path, key, sizeof(key) - 1, 0600);
	snprintf(path, sizeof(path), "%s/open.key", dir);
	write_file(path, key, sizeof(key) - 1, 0644);
	snprintf(path, sizeof(path), "%s/text.pem", dir);
	write_file(path, "not a certificate\n", 18, 0644);
	snprintf(conf, sizeof(conf), "%s/ipmobd.conf", dir);

	snprintf(text, sizeof(text), HA_MIN "ike-identity ha.example.net\n"
		 "ike-certificate ha.pem\nike-private-key ha.key\n"
		 "ike-ca-certificate %s/ca.pem\n"
		 "[security-association mn@example.net]\nsecurity ikev2\n"
		 "ipsec-reqid 5\nhome-address 2001:db8:1::5\n", dir);
	f = fopen(conf, "w");
	if (!f || fputs(text, f) < 0 || fclose(f))
		abort();
	chmod(conf, 0600);
	f = fopen(conf, "r");
	CHECK(f && conf_parse(f, conf, &c, err, sizeof(err)) == 0);
	if (f)
		fclose(f);
	CHECK(c.ha.ike.cert.len == sizeof(cert) - 1 &&
	      !strcmp(c.ha.ike.cert.data, cert));
	CHECK(c.ha.ike.key.len == sizeof(key) - 1 && c.ha.ike.ca.data);
	CHECK(c.ha.sa[0].security == CONF_SEC_IKEV2 && !c.ha.sa[0].key.len);
	conf_free(&c);
	CHECK(c.ha.ike.cert.data == NULL && c.ha.ike.key.data == NULL);

	/* a key others may read; a file that is not PEM; two of three */
	snprintf(text, sizeof(text), HA_MIN "ike-private-key open.key\n");
	CHECK(parse_at(text, conf, &c, err) < 0);
	snprintf(want, sizeof(want),
		 "%s:4: ike-private-key \"%s/open.key\" is accessible by group or others (mode 0644), chmod 600 it",
		 conf, dir);
	CHECK_STR(err, want);
	snprintf(text, sizeof(text), HA_MIN "ike-certificate text.pem\n");
	CHECK(parse_at(text, conf, &c, err) < 0);
	snprintf(want, sizeof(want),
		 "%s:4: ike-certificate \"%s/text.pem\" is not in PEM form",
		 conf, dir);
	CHECK_STR(err, want);
	snprintf(text, sizeof(text), HA_MIN "ike-certificate ha.pem\n"
		 "ike-private-key ha.key\n");
	CHECK(parse_at(text, conf, &c, err) < 0);
	snprintf(want, sizeof(want),
		 "%s: [home-agent] needs all of \"ike-certificate\", \"ike-private-key\" and \"ike-ca-certificate\", or none",
		 conf);
	CHECK_STR(err, want);

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		snprintf(path, sizeof(path), "%s/%s", dir, names[i]);
		unlink(path);
	}
	rmdir(dir);
}

static void test_conf_key_file(void)
{
	char dir[] = "/tmp/ipmob-test-conf-XXXXXX";
	char tmp[] = "/tmp/ipmob-test-key-XXXXXX";
	char conf[64], path[128], text[512], want[512], err[ERRBUF_LEN];
	static const struct {
		const char *name;
		const char *data;
		mode_t mode;
		const char *err;	/* after "DIR/ipmobd.conf:4: " */
	} files[] = {
		{ "k", KEY16 "\n", 0600, NULL },
		{ "ro", KEY16, 0400, NULL },
		{ "ws", KEY64 " \t\r\n\n  \n", 0600, NULL },
		{ "crlf", KEY16 "\r\n", 0600, NULL },
		{ "k644", KEY16 "\n", 0644,
		  "key-file \"DIR/k644\" is accessible by group or others (mode 0644), chmod 600 it" },
		{ "k640", KEY16 "\n", 0640,
		  "key-file \"DIR/k640\" is accessible by group or others (mode 0640), chmod 600 it" },
		{ "k604", KEY16 "\n", 0604,
		  "key-file \"DIR/k604\" is accessible by group or others (mode 0604), chmod 600 it" },
		{ "k620", KEY16 "\n", 0620,
		  "key-file \"DIR/k620\" is accessible by group or others (mode 0620), chmod 600 it" },
		{ "empty", "", 0600, "key-file \"DIR/empty\" is empty" },
		{ "blank", " \n\n", 0600, "key-file \"DIR/blank\" is empty" },
		{ "lead", " " KEY16 "\n", 0600,
		  "key-file \"DIR/lead\": invalid key (expected hex digits only)" },
		{ "twolines", KEY16 "\n" KEY16 "\n", 0600,
		  "key-file \"DIR/twolines\": invalid key (expected hex digits only)" },
		{ "short", "0011223344556677\n", 0600,
		  "key-file \"DIR/short\": key too short (8 bytes, RFC 4285 needs at least 16)" },
		{ "odd", KEY16 "1\n", 0600,
		  "key-file \"DIR/odd\": invalid key (odd number of hex digits)" },
		{ "long", KEY64 "00\n", 0600,
		  "key-file \"DIR/long\": key too long (65 bytes, at most 64)" },
		{ "missing", NULL, 0,
		  "cannot open key-file \"DIR/missing\": No such file or directory" },
		{ "sub", NULL, 0, "key-file \"DIR/sub\" is not a regular file" },
		{ "fifo", NULL, 0, "key-file \"DIR/fifo\" is not a regular file" },
		{ "big", NULL, 0, "key-file \"DIR/big\" is too large" },
	};
	struct ipmobd_conf c;
	char big[5000];
	unsigned int i;
	int fd;

	if (!mkdtemp(dir))
		abort();
	snprintf(conf, sizeof(conf), "%s/ipmobd.conf", dir);
	snprintf(path, sizeof(path), "%s/sub", dir);
	if (mkdir(path, 0700) < 0)
		abort();
	snprintf(path, sizeof(path), "%s/sub/k2", dir);
	write_file(path, KEY16 "\n", sizeof(KEY16), 0600);
	snprintf(path, sizeof(path), "%s/fifo", dir);
	if (mkfifo(path, 0600) < 0)
		abort();
	memset(big, '0', sizeof(big));
	snprintf(path, sizeof(path), "%s/big", dir);
	write_file(path, big, sizeof(big), 0600);
	for (i = 0; i < ARRAY_SIZE(files); i++) {
		if (!files[i].data)
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, files[i].name);
		write_file(path, files[i].data, strlen(files[i].data),
			   files[i].mode);
	}

	/* relative to the configuration file's directory */
	for (i = 0; i < ARRAY_SIZE(files); i++) {
		const char *d = files[i].err ? strstr(files[i].err, "DIR") : NULL;

		snprintf(text, sizeof(text),
			 "[mobile-node]\nhome-address 2001:db8::1/64\n"
			 "identifier mn\nkey-file %s\nspi 256\n", files[i].name);
		if (!files[i].err) {
			CHECK(parse_at(text, conf, &c, err) == 0);
			CHECK_STR(err, "");
			CHECK(c.mn.key.len == (strlen(files[i].data) > 64 ? 64 : 16));
			CHECK(key_is(&c.mn.key, c.mn.key.len == 64 ? KEY64 : KEY16));
			conf_free(&c);
			continue;
		}
		CHECK(parse_at(text, conf, &c, err) == -1);
		snprintf(want, sizeof(want), "%s:4: %.*s%s%s", conf,
			 (int)(d - files[i].err), files[i].err, dir, d + 3);
		CHECK_STR(err, want);
		CHECK(c.ha.sa == NULL);
	}

	/* a subdirectory, "./", an absolute path; a SA's key-file */
	snprintf(text, sizeof(text),
		 "[home-agent]\nhome-link eth0\nhome-prefix 2001:db8::/64\n"
		 "[security-association a]\nkey-file sub/k2\nspi 256\n"
		 "[security-association b]\nkey-file ./k\nspi 257\n"
		 "[security-association c]\nkey-file %s/ro\nspi 258\n", dir);
	CHECK(parse_at(text, conf, &c, err) == 0);
	CHECK_STR(err, "");
	CHECK(c.ha.n_sa == 3);
	for (i = 0; i < c.ha.n_sa; i++)
		CHECK(key_is(&c.ha.sa[i].key, KEY16));
	conf_free(&c);

	/* a configuration path without a directory: relative to "." */
	CHECK(parse_at("[mobile-node]\nkey-file no-such-key-file\n",
		       "ipmobd.conf", &c, err) == -1);
	CHECK_STR(err, "ipmobd.conf:2: cannot open key-file \"no-such-key-file\": No such file or directory");
	/* "/ipmobd.conf" anchors at "/" */
	CHECK(parse_at("[mobile-node]\nkey-file no-such-key-file\n",
		       "/ipmobd.conf", &c, err) == -1);
	CHECK_STR(err, "/ipmobd.conf:2: cannot open key-file \"/no-such-key-file\": No such file or directory");

	/* mkstemp's 0600 file, named absolutely; then made world-readable */
	fd = mkstemp(tmp);
	if (fd < 0 || write(fd, KEY16, 32) != 32 || close(fd) < 0)
		abort();
	snprintf(text, sizeof(text), HA_MIN "[security-association x]\n"
		 "spi 256\nkey-file %s\n", tmp);
	CHECK(parse_at(text, conf, &c, err) == 0);
	CHECK(c.ha.n_sa == 1 && key_is(&c.ha.sa[0].key, KEY16));
	conf_free(&c);
	if (chmod(tmp, 0444) < 0)
		abort();
	CHECK(parse_at(text, conf, &c, err) == -1);
	snprintf(want, sizeof(want),
		 "%s:6: key-file \"%s\" is accessible by group or others (mode 0444), chmod 600 it",
		 conf, tmp);
	CHECK_STR(err, want);
	unlink(tmp);

	/* a key-file of another user: whoever owns it can change the key */
	snprintf(path, sizeof(path), "%s/k", dir);
	if (geteuid() == 0 && chown(path, 65534, 65534) == 0) {
		snprintf(text, sizeof(text), HA_MIN "[security-association x]\n"
			 "spi 256\nkey-file k\n");
		CHECK(parse_at(text, conf, &c, err) == -1);
		snprintf(want, sizeof(want),
			 "%s:6: key-file \"%s\" is owned by uid 65534, not by uid 0 that ipmobd runs as, chown it",
			 conf, path);
		CHECK_STR(err, want);
	}

	/* a key inline: the configuration file is a key file then */
	snprintf(text, sizeof(text),
		 "[mobile-node]\nhome-address 2001:db8::1/64\n"
		 "identifier mn\nkey " KEY16 "\nspi 256\n");
	write_file(conf, text, strlen(text), 0644);
	CHECK(parse_file(conf, &c, err) == -1);
	snprintf(want, sizeof(want),
		 "%s:4: a key in a file accessible by group or others (mode 0644): chmod 600 it, or use key-file",
		 conf);
	CHECK_STR(err, want);
	write_file(conf, text, strlen(text), 0600);
	CHECK(parse_file(conf, &c, err) == 0);
	CHECK(key_is(&c.mn.key, KEY16));
	conf_free(&c);
	if (geteuid() == 0 && chown(conf, 65534, 65534) == 0) {
		CHECK(parse_file(conf, &c, err) == -1);
		snprintf(want, sizeof(want),
			 "%s:4: a key in a file owned by uid 65534, not by uid 0 that ipmobd runs as: chown it",
			 conf);
		CHECK_STR(err, want);
	}
	/* without a key, any mode will do */
	snprintf(text, sizeof(text), HA_MIN "authentication none\n");
	write_file(conf, text, strlen(text), 0644);
	CHECK(parse_file(conf, &c, err) == 0);
	conf_free(&c);
	unlink(conf);

	for (i = 0; i < ARRAY_SIZE(files); i++) {
		snprintf(path, sizeof(path), "%s/%s", dir, files[i].name);
		if (strcmp(files[i].name, "sub"))
			unlink(path);
	}
	snprintf(path, sizeof(path), "%s/sub/k2", dir);
	unlink(path);
	snprintf(path, sizeof(path), "%s/sub", dir);
	rmdir(path);
	CHECK(rmdir(dir) == 0);
}

static void test_view(void)
{
	struct ipmob_binding b, k;
	struct view v;
	unsigned int i;

	CHECK(view_init(&v) == 0);
	memset(&b, 0, sizeof(b));
	inet_pton(AF_INET6, "2001:db8::1", &b.hoa);
	BA_SET(&b, IPMOB_BA_HOA);
	b.ifindex = 1;
	b.lifetime = 10;
	CHECK(view_upsert(&v, &b) == 0 && v.count == 1);
	b.lifetime = 20;
	CHECK(view_upsert(&v, &b) == 0 && v.count == 1);
	CHECK(view_find(&v, &b) && view_find(&v, &b)->lifetime == 20);
	/* same hoa with a peer is another binding (RFC 6275 BUL vs cache) */
	k = b;
	inet_pton(AF_INET6, "2001:db8::99", &k.peer);
	BA_SET(&k, IPMOB_BA_PEER);
	CHECK(view_upsert(&v, &k) == 0 && v.count == 2);
	/* the home registration is one per hoa, whatever the peer */
	inet_pton(AF_INET6, "2001:db8::98", &k.peer);
	CHECK(view_upsert(&v, &k) == 0 && v.count == 2);
	/* route optimisation: one per peer */
	k.mode = IPMOB_MODE_RO;
	BA_SET(&k, IPMOB_BA_MODE);
	CHECK(view_upsert(&v, &k) == 0 && v.count == 3);
	inet_pton(AF_INET6, "2001:db8::97", &k.peer);
	k.ifindex = 2;
	CHECK(view_upsert(&v, &k) == 0 && v.count == 4);
	CHECK(view_count_dev(&v, 1) == 3);
	CHECK(view_remove(&v, &b) && v.count == 3);
	CHECK(!view_remove(&v, &b));
	CHECK(view_flush(&v, 2) == 1 && v.count == 2);
	view_flush(&v, 0);
	b.ifindex = 1;
	CHECK(view_upsert(&v, &b) == 0 && v.count == 1);
	/* growth */
	{
		int fails = 0;

		for (i = 0; i < 20000; i++) {
			b.hoa.s6_addr[12] = (uint8_t)(i >> 16);
			b.hoa.s6_addr[13] = (uint8_t)(i >> 8);
			b.hoa.s6_addr[14] = (uint8_t)i;
			fails += view_upsert(&v, &b) != 0;
		}
		CHECK(fails == 0);
	}
	CHECK(v.count == 20000 && v.nbuckets > 1024);	/* i = 0 is b */
	b.hoa.s6_addr[14] = 5;
	b.hoa.s6_addr[13] = 0;
	CHECK(view_find(&v, &b) != NULL);
	CHECK(view_flush(&v, 0) == 20000 && v.count == 0);

	/* a correspondent's cache entries: counted, the first to expire
	 * is the victim (RFC 6275 9.6) */
	CHECK(v.n_ro_cache == 0 && !view_ro_cache_victim(&v, 1));
	memset(&b, 0, sizeof(b));
	BA_SET(&b, IPMOB_BA_HOA);
	b.ifindex = 1;
	b.mode = IPMOB_MODE_RO;
	BA_SET(&b, IPMOB_BA_MODE);
	BA_SET(&b, IPMOB_BA_LIFETIME);
	for (i = 0; i < 5; i++) {
		inet_pton(AF_INET6, "2001:db8::10", &b.hoa);
		b.hoa.s6_addr[15] += (uint8_t)i;
		b.lifetime = 100 + 10 * (4 - i);	/* ::14 expires first */
		CHECK(view_upsert(&v, &b) == 0);
	}
	k = b;				/* a home agent's tunnel entry */
	inet_pton(AF_INET6, "2001:db8::20", &k.hoa);
	k.mode = IPMOB_MODE_TUNNEL;
	k.lifetime = 1;
	CHECK(view_upsert(&v, &k) == 0);
	k = b;				/* a mobile node's own RO entry */
	inet_pton(AF_INET6, "2001:db8::99", &k.peer);
	BA_SET(&k, IPMOB_BA_PEER);
	k.lifetime = 2;
	CHECK(view_upsert(&v, &k) == 0);
	CHECK(v.count == 7 && v.n_ro_cache == 5);
	CHECK(view_ro_cache_victim(&v, 1) &&
	      addr_is(&view_ro_cache_victim(&v, 1)->hoa, "2001:db8::14"));
	CHECK(!view_ro_cache_victim(&v, 2));
	/* refreshed for longer, ::13 is next */
	b.lifetime = 1000;
	CHECK(view_upsert(&v, &b) == 0 && v.n_ro_cache == 5);
	CHECK(addr_is(&view_ro_cache_victim(&v, 1)->hoa, "2001:db8::13"));
	/* turned into a tunnel entry, it leaves the count */
	b.mode = IPMOB_MODE_TUNNEL;
	CHECK(view_upsert(&v, &b) == 0 && v.n_ro_cache == 4);
	b.mode = IPMOB_MODE_RO;
	CHECK(view_upsert(&v, &b) == 0 && v.n_ro_cache == 5);
	CHECK(view_remove(&v, &b) && v.n_ro_cache == 4);
	CHECK(view_flush(&v, 1) == 6 && v.n_ro_cache == 0);
	CHECK(view_upsert(&v, &b) == 0 && v.n_ro_cache == 1);
	view_clear(&v);
	CHECK(v.n_ro_cache == 0 && v.count == 0);
	view_free(&v);
}

/* The heap holds exactly the RO cache entries, each where it says, each
 * no earlier than its parent; and the victim is its top. */
static bool view_heap_ok(const struct view *v)
{
	size_t i, n = 0;

	for (i = 0; i < v->nbuckets; i++) {
		const struct view_entry *e;

		for (e = v->buckets[i]; e; e = e->next) {
			if (!view_is_ro_cache(&e->b)) {
				if (e->heap_pos != VIEW_NOT_IN_HEAP)
					return false;
				continue;
			}
			n++;
			if (e->heap_pos >= v->n_ro_cache ||
			    v->ro_heap[e->heap_pos] != e)
				return false;
		}
	}
	if (n != v->n_ro_cache)
		return false;
	for (i = 1; i < n; i++)
		if (v->ro_heap[(i - 1) / 2]->expires_ms > v->ro_heap[i]->expires_ms)
			return false;
	return n ? view_ro_cache_victim(v, 1) == &v->ro_heap[0]->b :
		   view_ro_cache_victim(v, 1) == NULL;
}

/* Random upserts (RO or tunnel, new or refreshed), removals and
 * flushes against the heap's invariants. */
static void test_view_heap(void)
{
	struct ipmob_binding b;
	struct view v;
	unsigned int seed = 12345, i, bad = 0;

	CHECK(view_init(&v) == 0);
	for (i = 0; i < 20000; i++) {
		unsigned int r;

		seed ^= seed << 13;		/* xorshift32 */
		seed ^= seed >> 17;
		seed ^= seed << 5;
		r = seed;
		memset(&b, 0, sizeof(b));
		BA_SET(&b, IPMOB_BA_HOA);
		inet_pton(AF_INET6, "2001:db8::", &b.hoa);
		b.hoa.s6_addr[14] = (uint8_t)(r % 400 >> 8);
		b.hoa.s6_addr[15] = (uint8_t)(r % 400);
		b.ifindex = 1;
		b.mode = r & 0x1000 ? IPMOB_MODE_TUNNEL : IPMOB_MODE_RO;
		BA_SET(&b, IPMOB_BA_MODE);
		b.lifetime = 1 + (r >> 13) % 5000;
		BA_SET(&b, IPMOB_BA_LIFETIME);
		switch ((r >> 24) % 8) {
		case 0:
		case 1:
			view_remove(&v, &b);
			break;
		case 2:
			if (i % 1000 == 2)
				view_flush(&v, 1);
			break;
		default:
			bad += view_upsert(&v, &b) != 0;
		}
		bad += !view_heap_ok(&v);
	}
	CHECK(bad == 0);
	CHECK(v.n_ro_cache > 0);
	view_free(&v);
}

/*
 * The schema: each role's section is listed for the parser and each
 * listed section is a role's; keys are unique in their section, within
 * CONF_MAX_KEYS, their ranges sane and their "same" a key of theirs.
 */
static void test_role_sections(void)
{
	unsigned int i, j, k, n = 0, bad = 0;

	for (i = 0; i < n_roles; i++) {
		bool listed = false;

		if (!roles[i]->conf)
			continue;
		for (j = 0; conf_role_sections[j]; j++)
			listed |= conf_role_sections[j] == roles[i]->conf;
		CHECK(listed);
	}
	for (j = 0; conf_role_sections[j]; j++) {
		const struct conf_section *s = conf_role_sections[j];
		bool a_role = false;

		n++;
		for (i = 0; i < n_roles; i++)
			a_role |= roles[i]->conf == s;
		CHECK(a_role);
		CHECK(s->name && s->n_keys <= CONF_MAX_KEYS);
		for (k = 0; k < s->n_keys; k++) {
			const struct conf_keydef *kd = &s->keys[k];
			unsigned int m;
			bool same_ok = !kd->same;

			for (m = 0; m < s->n_keys; m++) {
				bad += m != k && !strcmp(kd->name, s->keys[m].name);
				same_ok |= kd->same &&
					   !strcmp(kd->same, s->keys[m].name);
			}
			bad += !same_ok;
			bad += kd->type == CONF_T_UINT && kd->min > kd->max;
			bad += kd->type == CONF_T_BOOL && (!kd->yes || !kd->no);
			bad += kd->type == CONF_T_FN && !kd->parse;
		}
	}
	CHECK(bad == 0);
	CHECK(n >= 3 && n <= CONF_MAX_SECTIONS);
}

void test_conf(void)
{
	test_role_sections();
	test_conf_defaults();
	test_conf_mn();
	test_conf_ha();
	test_conf_ro();
	test_conf_cn();
	test_conf_levels();
	test_conf_nai();
	test_conf_bad();
	test_conf_atomic();
	test_conf_key_file();
	test_conf_pem();
	test_view();
	test_view_heap();
}
