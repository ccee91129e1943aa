// SPDX-License-Identifier: GPL-2.0
/*
 * test_conf.c - ipmobd configuration parser and binding view.
 */
#include <arpa/inet.h>
#include <stdlib.h>
#include <syslog.h>

#include "t.h"
#include "conf.h"
#include "view.h"

static int parse_conf(const char *text, struct ipmobd_conf *c, char *err)
{
	FILE *f = fmemopen((void *)text, strlen(text) ? strlen(text) : 1, "r");
	int ret;

	if (!f)
		abort();
	conf_defaults(c);
	err[0] = '\0';
	ret = conf_parse(f, "test.conf", c, err, ERRBUF_LEN);
	fclose(f);
	return ret;
}

static void test_conf_ok(void)
{
	struct ipmobd_conf c;
	char err[ERRBUF_LEN];

	CHECK(parse_conf("# ipmobd\nrole ha\n\ninterface mob0\n"
			 "interface mob1   # second\nlog-level debug\n",
			 &c, err) == 0);
	CHECK(c.role == ROLE_HA);
	CHECK(c.n_ifaces == 2 && !strcmp(c.ifaces[1], "mob1"));
	CHECK(c.log_level == LOG_DEBUG);
	CHECK(parse_conf("role mn\n", &c, err) == 0 && c.role == ROLE_MN &&
	      c.log_level == LOG_INFO && c.n_ifaces == 0);
	CHECK(parse_conf("role cn\nlog-level 3", &c, err) == 0 &&
	      c.role == ROLE_CN && c.log_level == LOG_ERR);
	CHECK(parse_conf("\trole\t\"mn\"\r\n", &c, err) == 0);
	CHECK_STR(role_name(ROLE_HA), "ha");
	CHECK_STR(log_level_name(LOG_WARNING), "warning");
}

static void test_conf_bad(void)
{
	static const struct {
		const char *text;
		const char *err;
	} cases[] = {
		{ "role mn\n\nfoo bar\n", "test.conf:3: unknown key \"foo\"" },
		{ "role\n", "test.conf:1: missing value for \"role\"" },
		{ "role mn ha\n",
		  "test.conf:1: unexpected \"ha\" after the value of \"role\"" },
		{ "role xx\n", "test.conf:1: invalid role \"xx\"" },
		{ "role mn\nrole ha\n", "test.conf:2: duplicate key \"role\"" },
		{ "role mn\ninterface a/b\n",
		  "test.conf:2: invalid interface name \"a/b\"" },
		{ "role mn\ninterface m\ninterface m\n",
		  "test.conf:3: duplicate interface \"m\"" },
		{ "role mn\nlog-level loud\n",
		  "test.conf:2: invalid log-level \"loud\"" },
		{ "role mn\nlog-level 8\n", "test.conf:2: invalid log-level \"8\"" },
		{ "role \"mn\n", "test.conf:1: unterminated double quote" },
		{ "interface mob0\n", "test.conf: missing \"role\"" },
		{ "\n# nothing\n", "test.conf: missing \"role\"" },
		{ "role mn\nlog-level\n", "test.conf:2: missing value for \"log-level\"" },
	};
	struct ipmobd_conf c;
	char err[ERRBUF_LEN];
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		CHECK(parse_conf(cases[i].text, &c, err) == -1);
		CHECK_CONTAINS(err, cases[i].err);
	}
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
	view_free(&v);
}

void test_conf(void)
{
	test_conf_ok();
	test_conf_bad();
	test_view();
}
