// SPDX-License-Identifier: GPL-2.0
/*
 * fuzz_rtnl.c - libFuzzer target for the rtnetlink dump replies ipmobd
 * reads for movement detection: netstate_parse() (netstate.c).
 *
 * The input is one receive buffer (aligned, as recvfrom() fills it),
 * parsed five times into one snapshot as netstate_read() parses its five
 * dumps (links; IPv6 and IPv4 addresses and routes). Whatever it holds:
 * no read outside it, the tables stay within their bounds, each link
 * name is NUL-terminated within IF_NAMESIZE, and netstate_link() finds
 * each link it kept.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <libmnl/libmnl.h>

#include "daemon.h"

#define FAIL(...)							\
	do {								\
		fprintf(stderr, "fuzz_rtnl: " __VA_ARGS__);		\
		fputc('\n', stderr);					\
		abort();						\
	} while (0)

static struct netstate ns;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	unsigned int i;
	uint8_t *buf;

	/* at most one receive buffer, exactly size bytes (malloc aligns) */
	if (size > (size_t)MNL_SOCKET_BUFFER_SIZE)
		return 0;
	buf = malloc(size ? size : 1);
	if (!buf)
		return 0;
	memcpy(buf, data, size);
	memset(&ns, 0, sizeof(ns));
	for (i = 0; i < 5; i++)
		netstate_parse(&ns, buf, size, 0, 0);
	free(buf);

	if (ns.n_links > NS_MAX_LINKS || ns.n_addrs > NS_MAX_ADDRS ||
	    ns.n_routers > NS_MAX_ROUTERS || ns.n_addrs4 > NS_MAX_ADDRS4 ||
	    ns.n_routers4 > NS_MAX_ROUTERS)
		FAIL("tables over their bounds: %u %u %u %u %u", ns.n_links,
		     ns.n_addrs, ns.n_routers, ns.n_addrs4, ns.n_routers4);
	for (i = 0; i < ns.n_links; i++) {
		if (!memchr(ns.links[i].name, 0, sizeof(ns.links[i].name)))
			FAIL("link %u: name not terminated", i);
		if (!netstate_link(&ns, ns.links[i].ifindex))
			FAIL("link %u not found by its ifindex", i);
	}
	return 0;
}
