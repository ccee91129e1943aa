// SPDX-License-Identifier: GPL-2.0
/*
 * arp.c - the gratuitous ARP Request (RFC 826, RFC 5944 4.6). See arp.h.
 */
#include <errno.h>
#include <string.h>
#include <arpa/inet.h>

#include "arp.h"

int arp_build_announce(uint8_t *buf, size_t cap, const uint8_t *lla,
		       size_t lla_len, struct in_addr addr)
{
	uint32_t a = ntohl(addr.s_addr);
	uint8_t *p = buf;

	if (lla_len != ARP_ETH_ALEN || !lla)
		return -EINVAL;
	/* an address a cache may hold for a host: not 0/8, 127/8, class
	 * D or E, nor the limited broadcast */
	if ((a >> 24) == 0 || (a >> 24) == 127 || (a >> 28) >= 0xe)
		return -EINVAL;
	if (cap < ARP_ETH_IPV4_LEN)
		return -ENOSPC;
	*p++ = ARP_HRD_ETHER >> 8;
	*p++ = ARP_HRD_ETHER & 0xff;
	*p++ = ARP_PRO_IPV4 >> 8;
	*p++ = ARP_PRO_IPV4 & 0xff;
	*p++ = ARP_ETH_ALEN;			/* ar$hln */
	*p++ = 4;				/* ar$pln */
	*p++ = ARP_OP_REQUEST >> 8;
	*p++ = ARP_OP_REQUEST & 0xff;
	memcpy(p, lla, ARP_ETH_ALEN);		/* ar$sha */
	p += ARP_ETH_ALEN;
	memcpy(p, &addr.s_addr, 4);		/* ar$spa */
	p += 4;
	/* ar$tha: unused in a Request (RFC 5944 4.6), zero */
	memset(p, 0, ARP_ETH_ALEN);
	p += ARP_ETH_ALEN;
	memcpy(p, &addr.s_addr, 4);		/* ar$tpa = ar$spa */
	p += 4;
	return (int)(p - buf);
}
