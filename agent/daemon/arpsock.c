// SPDX-License-Identifier: GPL-2.0
/*
 * arpsock.c - gratuitous ARP (RFC 5944 4.6) on an IPv4 home link: the
 * home agent's when it starts to answer for a mobile node's IPv4 home
 * address (DSMIPv6, RFC 5555, with proxy ARP in the module), the mobile
 * node's when it is back home. Each announcement goes out at once and
 * ARP_ANNOUNCE_COUNT - 1 times more, ARP_ANNOUNCE_GAP_MS apart ("SHOULD be
 * retransmitted a small number of times", 4.6), as a link-layer
 * broadcast from a packet socket that receives nothing (protocol 0).
 *
 * At most ARP_ANNOUNCE_SLOTS announcements are repeated at a time; a new
 * one for the same link and address replaces the old, and arp_cancel()
 * stops one whose address has gone to another node. When every slot is
 * busy the announcement is sent once. The daemon sends these only for
 * addresses of its own configuration or of a registration it accepted,
 * never because of an unauthenticated packet.
 */
#include <errno.h>
#include <string.h>
#include <syslog.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <linux/if_ether.h>
#include <linux/if_packet.h>
#include <sys/socket.h>

#include "arp.h"
#include "daemon.h"
#include "util.h"

#define ARP_ANNOUNCE_SLOTS	16
#define ARP_ANNOUNCE_COUNT	3
#define ARP_ANNOUNCE_GAP_MS	1000

/**
 * struct arp_slot - one announcement being repeated
 * @t: the next repetition
 * @d: the daemon (for the timer's callback)
 * @ifindex: the link, 0 when the slot is free
 * @addr: the IPv4 address announced
 * @left: repetitions still to send
 * @pkt: the ARP packet
 */
struct arp_slot {
	struct timer t;
	struct daemon *d;
	int ifindex;
	struct in_addr addr;
	unsigned int left;
	uint8_t pkt[ARP_ETH_IPV4_LEN];
};

static struct arp_slot slots[ARP_ANNOUNCE_SLOTS];
static int arp_fd = -1;

static int arp_send(int ifindex, const uint8_t *pkt)
{
	struct sockaddr_ll to = {
		.sll_family = AF_PACKET,
		.sll_protocol = htons(ETH_P_ARP),
		.sll_ifindex = ifindex,
		.sll_halen = ARP_ETH_ALEN,
		.sll_addr = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff },
	};

	if (arp_fd < 0) {
		/* protocol 0: a socket for sending, that receives nothing */
		arp_fd = socket(AF_PACKET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
		if (arp_fd < 0)
			return -1;
	}
	if (sendto(arp_fd, pkt, ARP_ETH_IPV4_LEN, 0,
		   (const struct sockaddr *)&to, sizeof(to)) < 0)
		return -1;
	return 0;
}

static void arp_repeat(struct daemon *d, void *data)
{
	struct arp_slot *s = data;
	char a[INET_ADDRSTRLEN];

	if (!s->ifindex || !s->left)
		return;
	if (arp_send(s->ifindex, s->pkt) < 0)
		logmsg(LOG_WARNING, "gratuitous ARP for %s: %s",
		       in4_str(&s->addr, a), strerror(errno));
	if (--s->left)
		loop_timer_arm(d, &s->t, ARP_ANNOUNCE_GAP_MS);
	else
		s->ifindex = 0;
}

void arp_announce(struct daemon *d, int ifindex, struct in_addr addr,
		  const uint8_t *lla, size_t lla_len)
{
	struct arp_slot *s = NULL, *free_slot = NULL;
	uint8_t pkt[ARP_ETH_IPV4_LEN];
	char a[INET_ADDRSTRLEN];
	unsigned int i;
	int len;

	len = arp_build_announce(pkt, sizeof(pkt), lla, lla_len, addr);
	if (len < 0) {
		logmsg(LOG_DEBUG, "no gratuitous ARP for %s on link %d: %s",
		       in4_str(&addr, a), ifindex, strerror(-len));
		return;
	}
	for (i = 0; i < ARP_ANNOUNCE_SLOTS; i++) {
		if (slots[i].ifindex == ifindex &&
		    slots[i].addr.s_addr == addr.s_addr)
			s = &slots[i];
		else if (!slots[i].ifindex && !free_slot)
			free_slot = &slots[i];
	}
	if (!s)
		s = free_slot;
	if (!s) {
		/* every slot busy: this one goes once */
		if (arp_send(ifindex, pkt) < 0)
			logmsg(LOG_WARNING, "gratuitous ARP for %s: %s",
			       in4_str(&addr, a), strerror(errno));
		return;
	}
	if (s->d)
		loop_timer_cancel(d, &s->t);
	else
		loop_timer_init(&s->t, arp_repeat, s);
	s->d = d;
	s->ifindex = ifindex;
	s->addr = addr;
	s->left = ARP_ANNOUNCE_COUNT;
	memcpy(s->pkt, pkt, sizeof(pkt));
	logmsg(LOG_INFO, "gratuitous ARP for %s on link %d", in4_str(&addr, a),
	       ifindex);
	arp_repeat(d, s);
}

void arp_cancel(struct daemon *d, struct in_addr addr)
{
	unsigned int i;

	for (i = 0; i < ARP_ANNOUNCE_SLOTS; i++) {
		if (!slots[i].ifindex || slots[i].addr.s_addr != addr.s_addr)
			continue;
		loop_timer_cancel(d, &slots[i].t);
		slots[i].ifindex = 0;
	}
}

void arpsock_close(struct daemon *d)
{
	unsigned int i;

	for (i = 0; i < ARP_ANNOUNCE_SLOTS; i++)
		if (slots[i].d)
			loop_timer_cancel(d, &slots[i].t);
	memset(slots, 0, sizeof(slots));
	if (arp_fd >= 0)
		close(arp_fd);
	arp_fd = -1;
}
