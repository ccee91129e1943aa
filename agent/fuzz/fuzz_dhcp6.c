// SPDX-License-Identifier: GPL-2.0
/*
 * fuzz_dhcp6.c - libFuzzer target for the DHCPv6 relay codec (dhcp6.c),
 * which reads what mobile routers, their clients and the delegating
 * server send (RFC 6276 relays at both ends).
 *
 * Input: the message. Each layer that parses as a relay message is
 * rebuilt from its fields (dhcp6_relay_build) and must come back the
 * same, then its Relay Message is taken apart the same way, up to
 * DHCP6_HOP_COUNT_LIMIT levels deep; the innermost must parse as a
 * client or server message or be refused, with its prefixes within
 * bounds. Builds into exactly sized heap buffers one octet too small
 * must fail without writing past them (ASan).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "dhcp6.h"

static void check_msg(const uint8_t *buf, size_t len)
{
	struct dhcp6_info m;
	unsigned int i;

	if (dhcp6_msg_parse(buf, len, &m) < 0)
		return;
	if (m.type < DHCP6_SOLICIT || m.type > DHCP6_INFO_REQUEST ||
	    m.n_pd > DHCP6_MAX_PD || m.xid > 0xffffff)
		abort();
	for (i = 0; i < m.n_pd; i++)
		if (m.pd[i].plen > 128 || m.pd[i].preferred > m.pd[i].valid)
			abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const uint8_t *buf = data;
	size_t len = size;
	unsigned int depth;

	for (depth = 0; depth <= DHCP6_HOP_COUNT_LIMIT; depth++) {
		struct dhcp6_relay r, r2;
		uint8_t *out;
		size_t n, need;

		if (dhcp6_relay_parse(buf, len, &r) < 0)
			break;
		if (r.msg < buf || r.msg + r.msg_len > buf + len)
			abort();
		need = DHCP6_RELAY_HDR + 4 + r.msg_len;
		out = malloc(need);
		if (!out)
			return 0;
		n = dhcp6_relay_build(out, need, r.type, r.hops, &r.link,
				      &r.peer, r.msg, r.msg_len);
		if (n != need || dhcp6_relay_parse(out, n, &r2) < 0 ||
		    r2.type != r.type || r2.hops != r.hops ||
		    memcmp(&r2.link, &r.link, 16) ||
		    memcmp(&r2.peer, &r.peer, 16) ||
		    r2.msg_len != r.msg_len ||
		    memcmp(r2.msg, r.msg, r.msg_len))
			abort();
		if (dhcp6_relay_build(out, need - 1, r.type, r.hops, &r.link,
				      &r.peer, r.msg, r.msg_len))
			abort();
		free(out);
		buf = r.msg;
		len = r.msg_len;
	}
	check_msg(buf, len);
	return 0;
}
