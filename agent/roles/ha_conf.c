// SPDX-License-Identifier: GPL-2.0
/*
 * ha_conf.c - the [home-agent] section of ipmobd.conf (RFC 6275 10,
 * RFC 4285): its keys, their types and ranges, and what only the whole
 * section can tell. The security associations it authenticates with are
 * the core's [security-association NAI] sections. See ipmobd.conf(5).
 */
#include <string.h>
#include <arpa/inet.h>

#include "conf.h"
#include "util.h"

static int ha_home_link(struct conf_parser *p, int argc, char **argv)
{
	(void)argc;
	return conf_value_ifname(p, argv[0], argv[1],
				 conf_data(p)->ha.home_link);
}

static int ha_home_prefix(struct conf_parser *p, int argc, char **argv)
{
	struct conf_ha *ha = &conf_data(p)->ha;
	struct conf_prefix pf;
	unsigned int i;

	(void)argc;
	if (conf_value_prefix(p, argv[0], argv[1], true, false, &pf.prefix,
			      &pf.plen) < 0)
		return -1;
	for (i = 0; i < ha->n_prefixes; i++)
		if (ha->prefixes[i].plen == pf.plen &&
		    IN6_ARE_ADDR_EQUAL(&ha->prefixes[i].prefix, &pf.prefix))
			return conf_fail(p, "duplicate home-prefix \"%s\"",
					 argv[1]);
	if (ha->n_prefixes >= CONF_MAX_PREFIXES)
		return conf_fail(p, "too many home-prefix keys (at most %d)",
				 CONF_MAX_PREFIXES);
	ha->prefixes[ha->n_prefixes++] = pf;
	return 0;
}

static int ha_preference(struct conf_parser *p, int argc, char **argv)
{
	(void)argc;
	return conf_value_int(p, argv[0], argv[1], -32768, 32767,
			      &conf_data(p)->ha.preference);
}

/*
 * dad on | off | optimistic: whether a new home address is probed on the
 * home link (RFC 6275 10.3.1), and whether its registration waits for
 * the probe (on) or is accepted at once with the probe finishing behind
 * it (optimistic, RFC 4429 applied to the home agent's proxy).
 */
static int ha_dad(struct conf_parser *p, int argc, char **argv)
{
	struct conf_ha *ha = &conf_data(p)->ha;

	(void)argc;
	if (!strcmp(argv[1], "on")) {
		ha->dad = true;
		ha->dad_optimistic = false;
	} else if (!strcmp(argv[1], "optimistic")) {
		ha->dad = true;
		ha->dad_optimistic = true;
	} else if (!strcmp(argv[1], "off")) {
		ha->dad = false;
		ha->dad_optimistic = false;
	} else {
		return conf_fail(p, "invalid %s \"%s\" (expected on, off or optimistic)",
				 argv[0], argv[1]);
	}
	return 0;
}

/*
 * Mobile network prefixes (RFC 3963) are routed into a mobile router's
 * tunnel: one inside a home prefix would take addresses of the home
 * link away from it; one without "mobile-router yes" could never be
 * registered.
 */
static int ha_check_mnp(struct conf_parser *p)
{
	const struct conf_ha *ha = &conf_data(p)->ha;
	char b[INET6_ADDRSTRLEN];
	unsigned int i, j, k;

	for (i = 0; i < ha->n_sa; i++) {
		const struct conf_sa *sa = &ha->sa[i];

		if ((sa->n_mnp || sa->pd) && !sa->mobile_router)
			return conf_fail_file(p, "[security-association %s] has %s but not \"mobile-router yes\"",
					      sa->nai, sa->n_mnp ?
					      "mobile-network-prefix" :
					      "prefix-delegation yes");
		/* RFC 3963 6.1.2: the Prefix Table is keyed by home address */
		if (sa->mobile_router && !sa->n_hoa)
			return conf_fail_file(p, "[security-association %s]: \"mobile-router yes\" needs its home-address",
					      sa->nai);
		for (j = 0; j < sa->n_mnp; j++)
			for (k = 0; k < ha->n_prefixes; k++) {
				const struct conf_prefix *h = &ha->prefixes[k];
				const struct conf_prefix *m = &sa->mnp[j];

				if (conf_prefix_overlap(m, h))
					return conf_fail_file(p, "[security-association %s]: mobile-network-prefix %s/%u overlaps home-prefix",
							      sa->nai,
							      in6_str(&m->prefix, b),
							      m->plen);
			}
	}
	return 0;
}

static int ha_addr4(struct conf_parser *p, int argc, char **argv)
{
	struct conf_ha *ha = &conf_data(p)->ha;

	(void)argc;
	ha->has_addr4 = true;
	return conf_value_addr4(p, argv[0], argv[1], &ha->addr4);
}

static int ha_home4(struct conf_parser *p, int argc, char **argv)
{
	struct conf_ha *ha = &conf_data(p)->ha;

	(void)argc;
	ha->has_home4 = true;
	return conf_value_prefix4(p, argv[0], argv[1], &ha->home4,
				  &ha->home4_plen);
}

/* ipv4-home-pool A.B.C.D-E.F.G.H: at most HA_POOL4_MAX addresses */
#define HA_POOL4_MAX	65536
static int ha_pool4(struct conf_parser *p, int argc, char **argv)
{
	struct conf_ha *ha = &conf_data(p)->ha;
	char lo[INET_ADDRSTRLEN], *dash;
	uint32_t l, h;

	(void)argc;
	dash = strchr(argv[1], '-');
	if (!dash || (size_t)(dash - argv[1]) >= sizeof(lo))
		return conf_fail(p, "invalid %s \"%s\" (expected FIRST-LAST, two IPv4 addresses)",
				 argv[0], argv[1]);
	memcpy(lo, argv[1], (size_t)(dash - argv[1]));
	lo[dash - argv[1]] = '\0';
	if (conf_value_addr4(p, argv[0], lo, &ha->pool4_lo) < 0 ||
	    conf_value_addr4(p, argv[0], dash + 1, &ha->pool4_hi) < 0)
		return -1;
	l = ntohl(ha->pool4_lo.s_addr);
	h = ntohl(ha->pool4_hi.s_addr);
	if (h < l)
		return conf_fail(p, "invalid %s \"%s\" (the last address is before the first)",
				 argv[0], argv[1]);
	if (h - l >= HA_POOL4_MAX)
		return conf_fail(p, "invalid %s \"%s\" (at most %u addresses)",
				 argv[0], argv[1], HA_POOL4_MAX);
	ha->has_pool4 = true;
	return 0;
}

static bool in4_in(struct in_addr a, struct in_addr pf, unsigned int plen)
{
	uint32_t mask = plen >= 32 ? ~0u : ~(~0u >> plen);

	return (ntohl(a.s_addr) & mask) == ntohl(pf.s_addr);
}

/*
 * DSMIPv6 (RFC 5555): IPv4 home addresses need the home agent's IPv4
 * address (where their Binding Updates come in UDP), and lie in the
 * IPv4 home prefix when one is given.
 */
static int ha_check_v4(struct conf_parser *p)
{
	const struct conf_ha *ha = &conf_data(p)->ha;
	char b[INET_ADDRSTRLEN];
	unsigned int i;

	if (ha->has_home4 && !ha->has_addr4)
		return conf_fail_file(p, "[home-agent] has \"ipv4-home-prefix\" but not \"ipv4-address\"");
	if (ha->has_pool4) {
		uint32_t mask = ha->home4_plen >= 32 ? ~0u :
				~(~0u >> ha->home4_plen);
		uint32_t net = ntohl(ha->home4.s_addr);

		if (!ha->has_home4)
			return conf_fail_file(p, "[home-agent] has \"ipv4-home-pool\" but not \"ipv4-home-prefix\"");
		if (!in4_in(ha->pool4_lo, ha->home4, ha->home4_plen) ||
		    !in4_in(ha->pool4_hi, ha->home4, ha->home4_plen))
			return conf_fail_file(p, "[home-agent] ipv4-home-pool is not inside ipv4-home-prefix");
		/* the prefix's first and last address name no host */
		if (ha->home4_plen <= 30 &&
		    (ntohl(ha->pool4_lo.s_addr) == net ||
		     ntohl(ha->pool4_hi.s_addr) == (net | ~mask)))
			return conf_fail_file(p, "[home-agent] ipv4-home-pool holds the home prefix's network or broadcast address");
	}
	for (i = 0; i < ha->n_sa; i++) {
		const struct conf_sa *sa = &ha->sa[i];

		if (!sa->has_hoa4)
			continue;
		if (!ha->has_addr4)
			return conf_fail_file(p, "[security-association %s] has \"ipv4-home-address\" but [home-agent] has no \"ipv4-address\"",
					      sa->nai);
		if (ha->has_pool4 &&
		    ntohl(sa->hoa4.s_addr) >= ntohl(ha->pool4_lo.s_addr) &&
		    ntohl(sa->hoa4.s_addr) <= ntohl(ha->pool4_hi.s_addr))
			return conf_fail_file(p, "[security-association %s]: ipv4-home-address %s is in ipv4-home-pool",
					      sa->nai,
					      inet_ntop(AF_INET, &sa->hoa4, b,
							sizeof(b)));
		if (ha->has_home4 &&
		    !in4_in(sa->hoa4, ha->home4, ha->home4_plen))
			return conf_fail_file(p, "[security-association %s]: ipv4-home-address %s is not in ipv4-home-prefix",
					      sa->nai,
					      inet_ntop(AF_INET, &sa->hoa4, b,
							sizeof(b)));
	}
	return 0;
}

static int ha_ike(struct conf_parser *p, int argc, char **argv)
{
	(void)argc;
	return conf_ike_key(p, argv[0], argv[1], &conf_data(p)->ha.ike);
}

static int ha_check(struct conf_parser *p)
{
	const struct conf_ha *ha = &conf_data(p)->ha;

	if (!conf_seen(p, &ha_conf_section, "home-link"))
		return conf_fail_file(p, "[home-agent] needs \"home-link\"");
	if (!ha->n_prefixes)
		return conf_fail_file(p, "[home-agent] needs \"home-prefix\"");
	if (ha_check_v4(p) < 0)
		return -1;
	if (conf_ike_check(p, &ha->ike, "home-agent") < 0)
		return -1;
	return ha_check_mnp(p);
}

static const struct conf_keydef ha_keys[] = {
	{ .name = "home-link", .type = CONF_T_FN, .parse = ha_home_link },
	{ .name = "home-prefix", .type = CONF_T_FN, .parse = ha_home_prefix,
	  .flags = CONF_F_REPEAT },
	{ .name = "max-bindings", .type = CONF_T_UINT,
	  .off = CONF_OFF(ha.max_bindings), .min = 1, .max = 1000000 },
	/* RFC 6089: flow binding entries per mobile node (flowb.h FB_MAX) */
	{ .name = "max-flow-bindings", .type = CONF_T_UINT,
	  .off = CONF_OFF(ha.max_flow_bindings), .min = 0, .max = 64 },
	{ .name = "max-lifetime", .type = CONF_T_UINT,
	  .off = CONF_OFF(ha.max_lifetime), .min = CONF_LIFETIME_MIN,
	  .max = CONF_LIFETIME_MAX, .unit = " seconds" },
	{ .name = "preference", .type = CONF_T_FN, .parse = ha_preference },
	{ .name = "dad", .type = CONF_T_FN, .parse = ha_dad },
	{ .name = "authentication", .type = CONF_T_BOOL,
	  .off = CONF_OFF(ha.auth), .yes = "required", .no = "none" },
	{ .name = "replay-window", .type = CONF_T_UINT,
	  .off = CONF_OFF(ha.replay_window), .min = 1, .max = 60,
	  .unit = " seconds" },
	/* RFC 6275 6.2.4: a 16-bit count of 4-second units */
	{ .name = "refresh-advice", .type = CONF_T_UINT,
	  .off = CONF_OFF(ha.refresh_advice), .min = CONF_LIFETIME_MIN,
	  .max = CONF_LIFETIME_MAX, .unit = " seconds" },
	/* DSMIPv6 (RFC 5555) */
	{ .name = "ipv4-address", .type = CONF_T_FN, .parse = ha_addr4 },
	{ .name = "ipv4-home-prefix", .type = CONF_T_FN, .parse = ha_home4 },
	{ .name = "ipv4-home-pool", .type = CONF_T_FN, .parse = ha_pool4 },
	{ .name = "nat-keepalive", .type = CONF_T_UINT,
	  .off = CONF_OFF(ha.nat_keepalive), .min = 5, .max = 3600,
	  .unit = " seconds" },
	{ .name = "force-udp", .type = CONF_T_BOOL,
	  .off = CONF_OFF(ha.force_udp), .yes = "yes", .no = "no" },
	/* RFC 5648 5.6 */
	{ .name = "home-binding", .type = CONF_T_BOOL,
	  .off = CONF_OFF(ha.home_binding), .yes = "yes", .no = "no" },
	/* RFC 4877 7: the credentials of security ikev2 associations */
	{ .name = "ike-identity", .type = CONF_T_FN, .parse = ha_ike },
	{ .name = "ike-certificate", .type = CONF_T_FN, .parse = ha_ike },
	{ .name = "ike-private-key", .type = CONF_T_FN, .parse = ha_ike },
	{ .name = "ike-ca-certificate", .type = CONF_T_FN, .parse = ha_ike },
};

const struct conf_section ha_conf_section = {
	.name = "home-agent",
	.keys = ha_keys,
	.n_keys = ARRAY_SIZE(ha_keys),
	.enabled_off = CONF_OFF(ha.enabled),
	.check = ha_check,
};
