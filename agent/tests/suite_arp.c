// SPDX-License-Identifier: GPL-2.0
/*
 * suite_arp.c - tests of the gratuitous ARP builder (arp.c, RFC 826,
 * RFC 5944 4.6): a vector from scapy 2.5.0, every too small buffer,
 * and the addresses and hardware address lengths it refuses.
 */
#include <errno.h>
#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>

#include "arp.h"
#include "t.h"

int t_pass, t_fail;

static const uint8_t lla[6] = { 0x02, 0x11, 0x22, 0x33, 0x44, 0x55 };

static struct in_addr A4(const char *s)
{
	struct in_addr a = { 0 };

	if (inet_pton(AF_INET, s, &a) != 1)
		fprintf(stderr, "bad address %s\n", s);
	return a;
}

/* bytes(ARP(op=1, hwsrc='02:11:22:33:44:55', psrc='10.0.1.100',
 *      hwdst='00:00:00:00:00:00', pdst='10.0.1.100')), scapy 2.5.0 */
static const uint8_t scapy_vec[] = {
	0x00, 0x01, 0x08, 0x00, 0x06, 0x04, 0x00, 0x01,
	0x02, 0x11, 0x22, 0x33, 0x44, 0x55, 0x0a, 0x00, 0x01, 0x64,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x0a, 0x00, 0x01, 0x64,
};

static void test_scapy(void)
{
	uint8_t buf[64];
	int len;

	memset(buf, 0xa5, sizeof(buf));
	len = arp_build_announce(buf, sizeof(buf), lla, 6, A4("10.0.1.100"));
	CHECK(len == ARP_ETH_IPV4_LEN);
	CHECK(len == (int)sizeof(scapy_vec));
	CHECK(!memcmp(buf, scapy_vec, sizeof(scapy_vec)));
	/* nothing written past the packet */
	CHECK(buf[ARP_ETH_IPV4_LEN] == 0xa5);
}

static void test_nospace(void)
{
	uint8_t buf[ARP_ETH_IPV4_LEN];
	size_t cap;

	for (cap = 0; cap < sizeof(buf); cap++)
		CHECK(arp_build_announce(buf, cap, lla, 6,
					 A4("10.0.1.100")) == -ENOSPC);
	CHECK(arp_build_announce(buf, sizeof(buf), lla, 6,
				 A4("10.0.1.100")) == ARP_ETH_IPV4_LEN);
}

static void test_refused(void)
{
	static const char *const bad[] = {
		"0.0.0.0", "0.1.2.3", "127.0.0.1", "224.0.0.1",
		"239.255.255.255", "240.0.0.1", "255.255.255.255",
	};
	uint8_t buf[64];
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		CHECK(arp_build_announce(buf, sizeof(buf), lla, 6,
					 A4(bad[i])) == -EINVAL);
	CHECK(arp_build_announce(buf, sizeof(buf), lla, 0,
				 A4("10.0.1.100")) == -EINVAL);
	CHECK(arp_build_announce(buf, sizeof(buf), lla, 8,
				 A4("10.0.1.100")) == -EINVAL);
	CHECK(arp_build_announce(buf, sizeof(buf), NULL, 6,
				 A4("10.0.1.100")) == -EINVAL);
	/* the edges that are host addresses */
	CHECK(arp_build_announce(buf, sizeof(buf), lla, 6,
				 A4("1.0.0.0")) == ARP_ETH_IPV4_LEN);
	CHECK(arp_build_announce(buf, sizeof(buf), lla, 6,
				 A4("223.255.255.254")) == ARP_ETH_IPV4_LEN);
}

int main(void)
{
	test_scapy();
	test_nospace();
	test_refused();
	printf("%d passed, %d failed\n", t_pass, t_fail);
	return t_fail ? 1 : 0;
}
