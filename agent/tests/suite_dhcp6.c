// SPDX-License-Identifier: GPL-2.0
/*
 * suite_dhcp6.c - tests of the DHCPv6 relay codec (dhcp6.c): byte
 * vectors built by scapy 2.5.0 on this machine (the expression above
 * each), the relay build/parse round trip, and every way a message is
 * refused: truncation at every length, options running past their
 * container, a relay message without (or with two) Relay Message
 * options, the IA_PD and IA Prefix rules of RFC 8415 21.21, 21.22.
 */
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dhcp6.h"
#include "t.h"

int t_pass, t_fail;

static struct in6_addr A(const char *s)
{
	struct in6_addr a;

	if (inet_pton(AF_INET6, s, &a) != 1) {
		fprintf(stderr, "bad address %s\n", s);
		exit(2);
	}
	return a;
}

/*
 * What Kea 2.2 answers the home agent's relay (two levels):
 * DHCP6_RelayReply(hopcount=2, linkaddr=hoa, peeraddr=hoa) /
 *   DHCP6OptRelayMsg(message=DHCP6_RelayReply(hopcount=1, linkaddr=hoa,
 *   peeraddr=hoa) / DHCP6OptRelayMsg(message=DHCP6_Reply(trid=0xabcdef) /
 *   DHCP6OptClientId(duid=DUID_LL(lladdr="02:00:00:00:00:01")) /
 *   DHCP6OptIA_PD(iaid=1, T1=40, T2=70, iapdopt=[DHCP6OptIAPrefix(
 *   preflft=90, validlft=120, plen=48, prefix="2001:db8:105::")])))
 * with hoa = 2001:db8:1::100
 */
static const uint8_t kea_reply[] = {
	0x0d, 0x02, 0x20, 0x01, 0x0d, 0xb8, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x01, 0x00, 0x20, 0x01, 0x0d, 0xb8, 0x00, 0x01,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x09,
	0x00, 0x65, 0x0d, 0x01, 0x20, 0x01, 0x0d, 0xb8, 0x00, 0x01, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01, 0x00, 0x20, 0x01, 0x0d, 0xb8,
	0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01, 0x00,
	0x00, 0x09, 0x00, 0x3f, 0x07, 0xab, 0xcd, 0xef, 0x00, 0x01, 0x00, 0x0a,
	0x00, 0x03, 0x00, 0x01, 0x02, 0x00, 0x00, 0x00, 0x00, 0x01, 0x00, 0x19,
	0x00, 0x29, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x28, 0x00, 0x00,
	0x00, 0x46, 0x00, 0x1a, 0x00, 0x19, 0x00, 0x00, 0x00, 0x5a, 0x00, 0x00,
	0x00, 0x78, 0x30, 0x20, 0x01, 0x0d, 0xb8, 0x01, 0x05, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
};

/* DHCP6_Reply(trid=1) / DHCP6OptIA_PD(iaid=1,
 *   iapdopt=[DHCP6OptStatusCode(statuscode=6)])   (NoPrefixAvail) */
static const uint8_t no_prefix[] = {
	0x07, 0x00, 0x00, 0x01, 0x00, 0x19, 0x00, 0x12, 0x00, 0x00, 0x00, 0x01,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x0d, 0x00, 0x02,
	0x00, 0x06,
};

/*
 * DHCP6_Reply(trid=2) / DHCP6OptIA_PD(iaid=1, iapdopt=[
 *   DHCP6OptIAPrefix(preflft=10, validlft=20, plen=56,
 *                    prefix="2001:db8:200::"),
 *   DHCP6OptIAPrefix(preflft=0, validlft=0, plen=56,
 *                    prefix="2001:db8:300::")]) /
 * DHCP6OptIA_PD(iaid=2, iapdopt=[DHCP6OptIAPrefix(preflft=5, validlft=6,
 *   plen=64, prefix="2001:db8:400::",
 *   iaprefopts=[DHCP6OptStatusCode(statuscode=6)])])
 */
static const uint8_t two_ia[] = {
	0x07, 0x00, 0x00, 0x02, 0x00, 0x19, 0x00, 0x46, 0x00, 0x00, 0x00, 0x01,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x1a, 0x00, 0x19,
	0x00, 0x00, 0x00, 0x0a, 0x00, 0x00, 0x00, 0x14, 0x38, 0x20, 0x01, 0x0d,
	0xb8, 0x02, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x1a, 0x00, 0x19, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x38, 0x20, 0x01, 0x0d, 0xb8, 0x03, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x19, 0x00, 0x2f, 0x00, 0x00,
	0x00, 0x02, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x1a,
	0x00, 0x1f, 0x00, 0x00, 0x00, 0x05, 0x00, 0x00, 0x00, 0x06, 0x40, 0x20,
	0x01, 0x0d, 0xb8, 0x04, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x0d, 0x00, 0x02, 0x00, 0x06,
};

static void test_kea_reply(void)
{
	struct in6_addr hoa = A("2001:db8:1::100"), p = A("2001:db8:105::");
	struct dhcp6_relay outer, inner;
	struct dhcp6_info m;

	CHECK(dhcp6_relay_parse(kea_reply, sizeof(kea_reply), &outer) == 0);
	CHECK(outer.type == DHCP6_RELAY_REPL && outer.hops == 2);
	CHECK(!memcmp(&outer.link, &hoa, 16) && !memcmp(&outer.peer, &hoa, 16));
	CHECK(outer.msg == kea_reply + 38 && outer.msg_len == 0x65);
	CHECK(dhcp6_relay_parse(outer.msg, outer.msg_len, &inner) == 0);
	CHECK(inner.type == DHCP6_RELAY_REPL && inner.hops == 1);
	CHECK(!memcmp(&inner.peer, &hoa, 16));
	CHECK(dhcp6_msg_parse(inner.msg, inner.msg_len, &m) == 0);
	CHECK(m.type == DHCP6_REPLY && m.xid == 0xabcdef);
	CHECK(m.n_pd == 1 && !m.more_pd);
	CHECK(m.pd[0].plen == 48 && !memcmp(&m.pd[0].prefix, &p, 16));
	CHECK(m.pd[0].preferred == 90 && m.pd[0].valid == 120);
	/* a relay message is not a client or server message, and back */
	CHECK(dhcp6_msg_parse(kea_reply, sizeof(kea_reply), &m) < 0);
	CHECK(dhcp6_relay_parse(inner.msg, inner.msg_len, &outer) < 0);
}

static void test_status(void)
{
	struct in6_addr p2 = A("2001:db8:200::"), p3 = A("2001:db8:300::");
	struct dhcp6_info m;

	/* 21.13: an IA_PD whose status is not Success delegates nothing */
	CHECK(dhcp6_msg_parse(no_prefix, sizeof(no_prefix), &m) == 0);
	CHECK(m.type == DHCP6_REPLY && m.n_pd == 0);
	/* a withdrawn prefix (valid 0) is reported; one with a failed
	 * status of its own is not */
	CHECK(dhcp6_msg_parse(two_ia, sizeof(two_ia), &m) == 0);
	CHECK(m.n_pd == 2);
	CHECK(m.pd[0].plen == 56 && !memcmp(&m.pd[0].prefix, &p2, 16) &&
	      m.pd[0].valid == 20);
	CHECK(m.pd[1].plen == 56 && !memcmp(&m.pd[1].prefix, &p3, 16) &&
	      m.pd[1].valid == 0);
}

/* Every truncation of a good message is refused, without a read past
 * it (ASan: each is copied to a buffer of exactly its length). */
static void test_truncated(void)
{
	struct dhcp6_relay r;
	struct dhcp6_info m;
	size_t n;

	for (n = 0; n < sizeof(kea_reply); n++) {
		uint8_t *b = malloc(n ? n : 1);

		memcpy(b, kea_reply, n);
		CHECK(dhcp6_relay_parse(b, n, &r) < 0);
		free(b);
	}
	for (n = 0; n < sizeof(two_ia); n++) {
		uint8_t *b = malloc(n ? n : 1);
		int ret;

		memcpy(b, two_ia, n);
		ret = dhcp6_msg_parse(b, n, &m);
		/* cut at an option boundary the rest is still a message */
		CHECK(ret < 0 || n == 4 || n == 4 + 74);
		free(b);
	}
}

static void test_malformed(void)
{
	uint8_t b[256];
	struct dhcp6_relay r;
	struct dhcp6_info m;
	size_t n;

	/* no Relay Message option */
	memcpy(b, kea_reply, 34);
	CHECK(dhcp6_relay_parse(b, 34, &r) < 0);
	/* two */
	n = dhcp6_relay_build(b, sizeof(b), DHCP6_RELAY_FORW, 0,
			      &in6addr_any, &in6addr_any, no_prefix,
			      sizeof(no_prefix));
	CHECK(n == 38 + sizeof(no_prefix));
	CHECK(dhcp6_relay_parse(b, n, &r) == 0);
	memcpy(b + n, b + 34, 4 + sizeof(no_prefix));
	CHECK(dhcp6_relay_parse(b, n + 4 + sizeof(no_prefix), &r) < 0);
	/* an empty one */
	memcpy(b + 34, "\x00\x09\x00\x00", 4);
	CHECK(dhcp6_relay_parse(b, 38, &r) < 0);
	/* an IA_PD too short for its fixed part */
	memcpy(b, "\x07\x00\x00\x01\x00\x19\x00\x0b", 8);
	memset(b + 8, 0, 11);
	CHECK(dhcp6_msg_parse(b, 19, &m) < 0);
	/* an IA Prefix too short, an IA Prefix's option past its end */
	memcpy(b, two_ia, sizeof(two_ia));
	b[23] = 24;
	CHECK(dhcp6_msg_parse(b, sizeof(two_ia), &m) < 0);
	memcpy(b, two_ia, sizeof(two_ia));
	b[sizeof(two_ia) - 3] = 3;	/* status code option length 3 */
	CHECK(dhcp6_msg_parse(b, sizeof(two_ia), &m) < 0);
	/* a status code too short for its code */
	memcpy(b, no_prefix, sizeof(no_prefix));
	b[7] = 0x11;
	b[23] = 1;
	CHECK(dhcp6_msg_parse(b, sizeof(no_prefix) - 1, &m) < 0);
	/* types 0 and 14.. are not client or server messages */
	b[0] = 0;
	CHECK(dhcp6_msg_parse(b, 4, &m) < 0);
	b[0] = 14;
	CHECK(dhcp6_msg_parse(b, 4, &m) < 0);
	/* a prefix length over 128, a preferred over its valid lifetime:
	 * ignored, not fatal (21.22) */
	memcpy(b, two_ia, sizeof(two_ia));
	b[32] = 129;
	b[31] = 9;			/* second: valid 0 < preferred 0? no */
	CHECK(dhcp6_msg_parse(b, sizeof(two_ia), &m) == 0 && m.n_pd == 1);
	memcpy(b, two_ia, sizeof(two_ia));
	b[27] = 21;			/* preferred 21 > valid 20 */
	CHECK(dhcp6_msg_parse(b, sizeof(two_ia), &m) == 0 && m.n_pd == 1 &&
	      m.pd[0].valid == 0);
}

static void test_build(void)
{
	struct in6_addr l = A("2001:db8:1::100"), p = A("fe80::1");
	uint8_t b[64], big[DHCP6_MAX_LEN];
	struct dhcp6_relay r;

	CHECK(dhcp6_relay_build(b, sizeof(b), DHCP6_RELAY_FORW, 1, &l, &p,
				no_prefix, sizeof(no_prefix)) ==
	      38 + sizeof(no_prefix));
	CHECK(dhcp6_relay_parse(b, 38 + sizeof(no_prefix), &r) == 0);
	CHECK(r.type == DHCP6_RELAY_FORW && r.hops == 1);
	CHECK(!memcmp(&r.link, &l, 16) && !memcmp(&r.peer, &p, 16));
	CHECK(r.msg_len == sizeof(no_prefix) &&
	      !memcmp(r.msg, no_prefix, sizeof(no_prefix)));
	/* no room, not a relay type, over an option's length */
	CHECK(dhcp6_relay_build(b, 38 + sizeof(no_prefix) - 1,
				DHCP6_RELAY_FORW, 1, &l, &p, no_prefix,
				sizeof(no_prefix)) == 0);
	CHECK(dhcp6_relay_build(b, sizeof(b), DHCP6_REPLY, 1, &l, &p,
				no_prefix, sizeof(no_prefix)) == 0);
	CHECK(dhcp6_relay_build(big, sizeof(big), DHCP6_RELAY_FORW, 1, &l, &p,
				big, 0x10000) == 0);
}

static void test_names(void)
{
	char t[12];

	CHECK_STR(dhcp6_type_name(DHCP6_SOLICIT, t), "Solicit");
	CHECK_STR(dhcp6_type_name(DHCP6_RELAY_REPL, t), "Relay-reply");
	CHECK_STR(dhcp6_type_name(0, t), "type-0");
	CHECK_STR(dhcp6_type_name(200, t), "type-200");
}

int main(void)
{
	test_kea_reply();
	test_status();
	test_truncated();
	test_malformed();
	test_build();
	test_names();
	printf("%d passed, %d failed\n", t_pass, t_fail);
	return t_fail ? 1 : 0;
}
