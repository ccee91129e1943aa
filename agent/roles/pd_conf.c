// SPDX-License-Identifier: GPL-2.0
/*
 * pd_conf.c - the [prefix-delegation] section of ipmobd.conf (RFC 6276):
 * on a home agent, "server ADDR", the DHCPv6 server that delegates the
 * mobile routers' prefixes (the relay here forwards to it); on a mobile
 * router, "client-link IFNAME", the link its DHCPv6 client sends on (the
 * co-located relay listens there). See ipmobd.conf(5).
 */
#include <string.h>

#include "conf.h"
#include "util.h"

static int pd_server(struct conf_parser *p, int argc, char **argv)
{
	struct conf_pd *pd = &conf_data(p)->pd;

	(void)argc;
	if (conf_value_addr(p, argv[0], argv[1], &pd->server) < 0)
		return -1;	/* (a global unicast address) */
	pd->has_server = true;
	return 0;
}

static int pd_client_link(struct conf_parser *p, int argc, char **argv)
{
	(void)argc;
	return conf_value_ifname(p, argv[0], argv[1],
				 conf_data(p)->pd.client_link);
}

/*
 * One of the two ends: the home agent's relay (server) or the mobile
 * router's (client-link), each beside the role it serves; a mobile
 * router registers in implicit mode (RFC 6276 3.1: it may not know any
 * prefix yet).
 */
static int pd_check(struct conf_parser *p)
{
	const struct ipmobd_conf *c = conf_data(p);
	const struct conf_pd *pd = &c->pd;

	if (pd->has_server == !!pd->client_link[0])
		return conf_fail_file(p, "[prefix-delegation] needs one of \"server\" (home agent) and \"client-link\" (mobile router)");
	if (pd->has_server && !c->ha.enabled)
		return conf_fail_file(p, "[prefix-delegation] \"server\" needs [home-agent]");
	if (pd->client_link[0]) {
		unsigned int i;

		if (!c->mn.enabled || !c->mn.mobile_router)
			return conf_fail_file(p, "[prefix-delegation] \"client-link\" needs [mobile-node] with \"mobile-router yes\"");
		if (!c->mn.mnp_implicit)
			return conf_fail_file(p, "[prefix-delegation] \"client-link\" needs \"prefix-mode implicit\" in [mobile-node] (RFC 6276 3.1)");
		for (i = 0; i < c->mn.n_links; i++)
			if (!strcmp(c->mn.links[i].name, pd->client_link))
				return conf_fail_file(p, "[prefix-delegation] client-link \"%s\" is a link to roam on (link)",
						      pd->client_link);
	}
	return 0;
}

static const struct conf_keydef pd_keys[] = {
	{ .name = "server", .type = CONF_T_FN, .parse = pd_server },
	{ .name = "client-link", .type = CONF_T_FN, .parse = pd_client_link },
};

const struct conf_section pd_conf_section = {
	.name = "prefix-delegation",
	.keys = pd_keys,
	.n_keys = ARRAY_SIZE(pd_keys),
	.enabled_off = CONF_OFF(pd.enabled),
	.check = pd_check,
	.companion = true,
};
