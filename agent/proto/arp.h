/* SPDX-License-Identifier: GPL-2.0 */
/*
 * arp.h - the ARP packet (RFC 826) a node sends to move other nodes'
 * ARP cache entries for an IPv4 address: a gratuitous ARP (RFC 5944
 * 4.6), an ARP Request whose Sender and Target Protocol Addresses are
 * both the address and whose Sender Hardware Address is the link-layer
 * address the entry should take. The home agent sends it when it starts
 * to answer for a mobile node's IPv4 home address (proxy ARP, the IPv4
 * side of RFC 6275 10.4.1), the node when it is back on its home link.
 *
 * Pure functions: no I/O, no allocation, no global state.
 */
#ifndef IPMOB_ARP_H
#define IPMOB_ARP_H

#include <stddef.h>
#include <stdint.h>
#include <netinet/in.h>

#define ARP_HRD_ETHER	1	/* RFC 826 ar$hrd, Ethernet */
#define ARP_PRO_IPV4	0x0800	/* ar$pro, the EtherType of IPv4 */
#define ARP_OP_REQUEST	1	/* ar$op */
#define ARP_ETH_ALEN	6
/* 8 octets of header, then two hardware and two IPv4 addresses */
#define ARP_ETH_IPV4_LEN	(8 + 2 * ARP_ETH_ALEN + 2 * 4)

/*
 * arp_build_announce - write the gratuitous ARP Request for @addr with
 * sender hardware address @lla (Ethernet, @lla_len 6) into @buf.
 * Returns its length (ARP_ETH_IPV4_LEN), -ENOSPC when @cap is too small,
 * -EINVAL for another hardware address length or an address that is not
 * unicast (0.0.0.0, 127/8, multicast, 255.255.255.255).
 */
int arp_build_announce(uint8_t *buf, size_t cap, const uint8_t *lla,
		       size_t lla_len, struct in_addr addr);

#endif
