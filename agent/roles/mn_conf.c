// SPDX-License-Identifier: GPL-2.0
/*
 * mn_conf.c - the [mobile-node] section of ipmobd.conf: the mobile
 * node's keys (RFC 6275 11, RFC 4283/4285) and its route optimisation's
 * (RFC 6275 11.3.3, 11.6), with their types and ranges, and what only the
 * whole section can tell. See ipmobd.conf(5).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>

#include "conf.h"
#include "util.h"

static int mn_home_address(struct conf_parser *p, int argc, char **argv)
{
	struct conf_mn *mn = &conf_data(p)->mn;

	(void)argc;
	return conf_value_prefix(p, argv[0], argv[1], false, false, &mn->hoa,
				 &mn->home_plen);
}

static int mn_home_agent(struct conf_parser *p, int argc, char **argv)
{
	struct conf_mn *mn = &conf_data(p)->mn;

	(void)argc;
	if (conf_value_addr(p, argv[0], argv[1], &mn->ha) < 0)
		return -1;
	mn->has_ha = true;
	return 0;
}

static int mn_identifier(struct conf_parser *p, int argc, char **argv)
{
	(void)argc;
	return conf_value_nai(p, argv[0], argv[1], conf_data(p)->mn.nai);
}

static int mn_key(struct conf_parser *p, int argc, char **argv)
{
	(void)argc;
	return conf_value_key(p, argv[0], argv[1], &conf_data(p)->mn.key);
}

/* link NAME [preference N] [bid B] [priority P], each at most once */
static int mn_link(struct conf_parser *p, int argc, char **argv)
{
	struct conf_mn *mn = &conf_data(p)->mn;
	struct conf_link l = { .preference = 0 };
	bool seen[3] = { false };
	unsigned int i;
	int a, v;

	if (conf_value_ifname(p, "link", argv[1], l.name) < 0)
		return -1;
	for (a = 2; a < argc; a += 2) {
		static const char *const words[] = { "preference", "bid",
						     "priority" };
		unsigned int w;

		for (w = 0; w < 3 && strcmp(argv[a], words[w]); w++)
			;
		if (w == 3)
			return conf_fail(p, "unexpected \"%s\" after the value of \"link\" (expected \"preference N\", \"bid B\" or \"priority P\")",
					 argv[a]);
		if (seen[w])
			return conf_fail(p, "duplicate \"%s\" for link \"%s\"",
					 words[w], l.name);
		seen[w] = true;
		if (a + 1 >= argc)
			return conf_fail(p, "missing value for \"%s\" of link \"%s\"",
					 words[w], l.name);
		switch (w) {
		case 0:
			if (conf_value_int(p, "link preference", argv[a + 1],
					   -1000, 1000, &l.preference) < 0)
				return -1;
			break;
		case 1:	/* RFC 5648 4.3: BID 0 is reserved */
			if (conf_value_int(p, "link bid", argv[a + 1], 1,
					   65535, &v) < 0)
				return -1;
			l.bid = (uint16_t)v;
			break;
		default: /* RFC 6089 4.1: 7 bits, 0 reserved */
			if (conf_value_int(p, "link priority", argv[a + 1], 1,
					   127, &v) < 0)
				return -1;
			l.priority = (uint8_t)v;
			break;
		}
	}
	for (i = 0; i < mn->n_links; i++) {
		if (!strcmp(mn->links[i].name, l.name))
			return conf_fail(p, "duplicate link \"%s\"", l.name);
		if (l.bid && mn->links[i].bid == l.bid)
			return conf_fail(p, "link \"%s\" has the bid of link \"%s\" (%u)",
					 l.name, mn->links[i].name, l.bid);
	}
	if (mn->n_links >= CONF_MAX_LINKS)
		return conf_fail(p, "too many links (at most %d)",
				 CONF_MAX_LINKS);
	mn->links[mn->n_links++] = l;
	return 0;
}

/*
 * flow FID|default [SELECTOR] via LINK[,LINK]...: a flow binding (RFC
 * 6089). SELECTOR: "ipmob flow add"'s words (flow_sel_arg()), and a
 * protocol's name alone for "proto NAME" ("udp dport 5001").
 */
static int mn_flow(struct conf_parser *p, int argc, char **argv)
{
	struct conf_mn *mn = &conf_data(p)->mn;
	struct conf_flow fl;
	char err[160], *s, *save = NULL;
	unsigned int i;
	bool via = false;
	int a, v, n;

	memset(&fl, 0, sizeof(fl));
	if (!strcmp(argv[1], "default")) {
		fl.fid = CONF_FLOW_DEFAULT;
	} else {
		/* RFC 6089 4.2: FID 0 and FID-PRI 0 are reserved */
		if (conf_value_int(p, "flow", argv[1], 1,
				   CONF_FLOW_DEFAULT - 1, &v) < 0)
			return -1;
		fl.fid = (uint16_t)v;
	}
	for (a = 2; a < argc; a++) {
		const char *w = argv[a];

		if (via)
			return conf_fail(p, "unexpected \"%s\" after the links of flow %s",
					 w, argv[1]);
		if (!strcmp(w, "via")) {
			char list[CONF_MAX_LINKS * (IF_NAMESIZE + 1)];

			if (a + 1 >= argc)
				return conf_fail(p, "missing links after \"via\" of flow %s",
						 argv[1]);
			if (strlen(argv[a + 1]) >= sizeof(list))
				return conf_fail(p, "too many links after \"via\" of flow %s (at most %d)",
						 argv[1], CONF_MAX_LINKS);
			strcpy(list, argv[++a]);
			for (s = strtok_r(list, ",", &save); s;
			     s = strtok_r(NULL, ",", &save)) {
				if (fl.n_via >= CONF_MAX_LINKS)
					return conf_fail(p, "too many links after \"via\" of flow %s (at most %d)",
							 argv[1], CONF_MAX_LINKS);
				if (conf_value_ifname(p, "via", s,
						      fl.via_name[fl.n_via]) < 0)
					return -1;
				for (i = 0; i < fl.n_via; i++)
					if (!strcmp(fl.via_name[i], s))
						return conf_fail(p, "link \"%s\" twice after \"via\" of flow %s",
								 s, argv[1]);
				fl.n_via++;
			}
			if (!fl.n_via)
				return conf_fail(p, "missing links after \"via\" of flow %s",
						 argv[1]);
			via = true;
			continue;
		}
		if (fl.fid == CONF_FLOW_DEFAULT)
			return conf_fail(p, "\"flow default\" takes no selector (\"%s\"), only \"via LINK\"",
					 w);
		n = conf_value_flow_sel(p, argv[1], "via", argc - a, argv + a,
					&fl.sel);
		if (n < 0)
			return -1;
		a += n - 1;
	}
	if (!via)
		return conf_fail(p, "flow %s needs \"via LINK\"", argv[1]);
	if (flow_sel_check(&fl.sel, err, sizeof(err)) < 0)
		return conf_fail(p, "flow %s: %s", argv[1], err);
	for (i = 0; i < mn->n_flows; i++)
		if (mn->flows[i].fid == fl.fid)
			return conf_fail(p, "duplicate flow %s", argv[1]);
	if (mn->n_flows >= CONF_MAX_FLOWS)
		return conf_fail(p, "too many flows (at most %d)",
				 CONF_MAX_FLOWS);
	/* in FID order, which is their priority's */
	for (i = mn->n_flows; i > 0 && mn->flows[i - 1].fid > fl.fid; i--)
		mn->flows[i] = mn->flows[i - 1];
	mn->flows[i] = fl;
	mn->n_flows++;
	return 0;
}

/* no-route-optimization ADDR[/PLEN] */
static int mn_ro_exclude(struct conf_parser *p, int argc, char **argv)
{
	struct conf_mn *mn = &conf_data(p)->mn;
	struct conf_prefix pf;
	unsigned int i;

	(void)argc;
	if (conf_value_prefix(p, argv[0], argv[1], true, true, &pf.prefix,
			      &pf.plen) < 0)
		return -1;
	for (i = 0; i < mn->n_ro_exclude; i++)
		if (mn->ro_exclude[i].plen == pf.plen &&
		    IN6_ARE_ADDR_EQUAL(&mn->ro_exclude[i].prefix, &pf.prefix))
			return conf_fail(p, "duplicate no-route-optimization \"%s\"",
					 argv[1]);
	if (mn->n_ro_exclude >= CONF_MAX_RO_EXCLUDE)
		return conf_fail(p, "too many no-route-optimization keys (at most %d)",
				 CONF_MAX_RO_EXCLUDE);
	mn->ro_exclude[mn->n_ro_exclude++] = pf;
	return 0;
}

/* mobile-network-prefix ADDR/PLEN (RFC 3963 5.2), none overlapping */
static int mn_mnp(struct conf_parser *p, int argc, char **argv)
{
	struct conf_mn *mn = &conf_data(p)->mn;
	struct conf_prefix pf;
	unsigned int i;

	(void)argc;
	if (conf_value_prefix(p, argv[0], argv[1], true, false, &pf.prefix,
			      &pf.plen) < 0)
		return -1;
	for (i = 0; i < mn->n_mnp; i++)
		if (conf_prefix_overlap(&pf, &mn->mnp[i]))
			return conf_fail(p, "mobile-network-prefix \"%s\" overlaps another",
					 argv[1]);
	if (mn->n_mnp >= CONF_SA_MAX_MNP)
		return conf_fail(p, "too many mobile-network-prefix keys (at most %d)",
				 CONF_SA_MAX_MNP);
	mn->mnp[mn->n_mnp++] = pf;
	return 0;
}

/* mobile-network-link NAME: an inside link of the mobile router */
static int mn_mnp_link(struct conf_parser *p, int argc, char **argv)
{
	struct conf_mn *mn = &conf_data(p)->mn;
	char name[IF_NAMESIZE];
	unsigned int i;

	(void)argc;
	if (conf_value_ifname(p, argv[0], argv[1], name) < 0)
		return -1;
	for (i = 0; i < mn->n_mnp_links; i++)
		if (!strcmp(mn->mnp_links[i], name))
			return conf_fail(p, "duplicate mobile-network-link \"%s\"",
					 name);
	for (i = 0; i < mn->n_links; i++)
		if (!strcmp(mn->links[i].name, name))
			return conf_fail(p, "mobile-network-link \"%s\" is a link to roam on (link)",
					 name);
	if (mn->n_mnp_links >= CONF_MAX_LINKS)
		return conf_fail(p, "too many mobile-network-link keys (at most %d)",
				 CONF_MAX_LINKS);
	memcpy(mn->mnp_links[mn->n_mnp_links++], name, IF_NAMESIZE);
	return 0;
}

/*
 * A mobile router (RFC 3963) forwards its network's packets into the
 * tunnel by their source: it needs its prefixes, none of them the home
 * link's, and its links named (it forwards, so they must be told to
 * keep taking Router Advertisements); NEMO basic support has no route
 * optimisation.
 */
static int mn_check_mr(struct conf_parser *p)
{
	struct conf_mn *mn = &conf_data(p)->mn;
	struct conf_prefix home;
	unsigned int i;

	if (!mn->mobile_router) {
		if (mn->n_mnp || mn->n_mnp_links)
			return conf_fail_file(p, "[mobile-node] has mobile-network-%s but not \"mobile-router yes\"",
					      mn->n_mnp ? "prefix" : "link");
		return 0;
	}
	for (i = 0; i < mn->n_mnp_links; i++) {
		unsigned int j;

		for (j = 0; j < mn->n_links; j++)
			if (!strcmp(mn->links[j].name, mn->mnp_links[i]))
				return conf_fail_file(p, "[mobile-node] mobile-network-link \"%s\" is a link to roam on (link)",
						      mn->mnp_links[i]);
	}
	/* RFC 6276: or it gets them by DHCPv6 prefix delegation */
	if (!mn->n_mnp && !conf_data(p)->pd.client_link[0])
		return conf_fail_file(p, "[mobile-node] \"mobile-router yes\" needs mobile-network-prefix (or [prefix-delegation] client-link)");
	if (!mn->n_links)
		return conf_fail_file(p, "[mobile-node] \"mobile-router yes\" needs its links named (link)");
	home.prefix = mn->hoa;
	home.plen = mn->home_plen;
	for (i = 0; i < mn->n_mnp; i++)
		if (conf_prefix_overlap(&home, &mn->mnp[i]))
			return conf_fail_file(p, "[mobile-node] mobile-network-prefix overlaps the home prefix");
	if (conf_seen(p, &mn_conf_section, "route-optimization") && mn->ro)
		return conf_fail_at(p, conf_seen(p, &mn_conf_section,
						 "route-optimization"),
				    "route-optimization on is not for a mobile router (RFC 3963 has none)");
	mn->ro = false;
	return 0;
}

/*
 * RFC 5648: with multiple-care-of every link named has a BID and a
 * BID-PRI, by default its position in the list (a BID given to another
 * link is refused); without it, neither is used, so neither is allowed.
 */
static int mn_check_mcoa(struct conf_parser *p)
{
	struct conf_mn *mn = &conf_data(p)->mn;
	unsigned int i, j, k;
	uint16_t next = 1;

	for (i = 0; i < mn->n_links; i++) {
		if (mn->mcoa)
			continue;
		if (mn->links[i].bid || mn->links[i].priority)
			return conf_fail_file(p, "[mobile-node] link \"%s\" has a bid or priority but not \"multiple-care-of yes\"",
					      mn->links[i].name);
	}
	if (!mn->mcoa) {
		if (mn->home_binding)
			return conf_fail_at(p, conf_seen(p, &mn_conf_section, "home-binding"),
					    "home-binding needs \"multiple-care-of yes\"");
		if (mn->n_flows)
			return conf_fail_at(p, conf_seen(p, &mn_conf_section, "flow"),
					    "flow bindings need \"multiple-care-of yes\"");
		return 0;
	}
	for (i = 0; i < mn->n_flows; i++) {
		struct conf_flow *fl = &mn->flows[i];

		for (k = 0; k < fl->n_via; k++) {
			for (j = 0; j < mn->n_links &&
			     strcmp(mn->links[j].name, fl->via_name[k]); j++)
				;
			if (j == mn->n_links)
				return conf_fail_at(p, conf_seen(p, &mn_conf_section, "flow"),
						    "flow %u goes via \"%s\", which is no \"link\"",
						    fl->fid, fl->via_name[k]);
			fl->via[k] = (uint8_t)j;
		}
	}
	if (mn->n_links < 2)
		return conf_fail_file(p, "[mobile-node] \"multiple-care-of yes\" needs its links named (link), two at least");
	for (i = 0; i < mn->n_links; i++) {
		struct conf_link *l = &mn->links[i];

		if (!l->priority)
			l->priority = (uint8_t)(i + 1);
		if (l->bid)
			continue;
		/* the first BID no link has */
		for (;; next++) {
			for (j = 0; j < mn->n_links && mn->links[j].bid != next;
			     j++)
				;
			if (j == mn->n_links)
				break;
		}
		l->bid = next++;
	}
	return 0;
}

/*
 * security rfc4285|ipsec|none: RFC 4285's authentication option (as
 * "authentication required"), IPsec (RFC 4877: ESP between home address
 * and home agent, ipsec-reqid), or nothing (as "authentication none").
 */
static int mn_security(struct conf_parser *p, int argc, char **argv)
{
	struct conf_mn *mn = &conf_data(p)->mn;

	(void)argc;
	mn->ikev2 = false;
	if (!strcmp(argv[1], "rfc4285")) {
		mn->auth = true;
		mn->ipsec = false;
	} else if (!strcmp(argv[1], "ipsec")) {
		mn->auth = false;
		mn->ipsec = true;
	} else if (!strcmp(argv[1], "ikev2")) {
		mn->auth = false;
		mn->ipsec = true;
		mn->ikev2 = true;
	} else if (!strcmp(argv[1], "none")) {
		mn->auth = false;
		mn->ipsec = false;
	} else {
		return conf_fail(p, "invalid security \"%s\" (expected rfc4285, ipsec, ikev2 or none)",
				 argv[1]);
	}
	return 0;
}

static int mn_ike(struct conf_parser *p, int argc, char **argv)
{
	(void)argc;
	return conf_ike_key(p, argv[0], argv[1], &conf_data(p)->mn.ike);
}

static int mn_check(struct conf_parser *p)
{
	const struct conf_mn *mn = &conf_data(p)->mn;
	unsigned long a, b;

	if (!conf_seen(p, &mn_conf_section, "home-address"))
		return conf_fail_file(p, "[mobile-node] needs \"home-address\"");
	/*
	 * Unsaid, the protection is IKEv2's when the section configures
	 * it (an ike-peer-identity), RFC 4285's otherwise.
	 */
	if (!conf_seen(p, &mn_conf_section, "security") &&
	    !conf_seen(p, &mn_conf_section, "authentication") &&
	    conf_seen(p, &mn_conf_section, "ike-peer-identity")) {
		struct conf_mn *w = &conf_data(p)->mn;

		w->auth = false;
		w->ipsec = true;
		w->ikev2 = true;
	}
	if (mn->ipsec && !mn->ipsec_reqid)
		return conf_fail_file(p, "[mobile-node] needs \"ipsec-reqid\" (security %s)",
				      mn->ikev2 ? "ikev2" : "ipsec");
	if (mn->ikev2) {
		if (!mn->nai[0])
			return conf_fail_file(p, "[mobile-node] needs \"identifier\" (its IKEv2 identity, security ikev2)");
		if (!mn->ike.peer_id[0])
			return conf_fail_file(p, "[mobile-node] needs \"ike-peer-identity\" (the home agent's, security ikev2)");
		if (conf_ike_check(p, &mn->ike, "mobile-node") < 0)
			return -1;
		if (!mn->ike.cert.data && !mn->key.len)
			return conf_fail_file(p, "[mobile-node] needs \"ike-certificate\" or \"key\" (the IKEv2 pre-shared key), security ikev2");
	} else if (mn->ike.peer_id[0] || mn->ike.cert.data ||
		   mn->ike.key.data || mn->ike.ca.data) {
		return conf_fail_file(p, "[mobile-node] has ike- keys without \"security ikev2\"");
	}
	/*
	 * protect payload (RFC 4877 4.1): the home address's traffic
	 * through the home agent in ESP, which a route-optimised packet
	 * (from the correspondent straight to the care-of address) would
	 * not be: the inbound policy would refuse it. So no route
	 * optimisation with it.
	 */
	if (mn->protect_payload && !mn->ikev2)
		return conf_fail_at(p, conf_seen(p, &mn_conf_section, "protect"),
				    "protect payload needs \"security ikev2\"");
	if (mn->protect_payload) {
		if (conf_seen(p, &mn_conf_section, "route-optimization") &&
		    mn->ro)
			return conf_fail_at(p, conf_seen(p, &mn_conf_section,
							 "route-optimization"),
					    "route-optimization on is not for protect payload (every packet goes through the home agent in ESP)");
		conf_data(p)->mn.ro = false;
	}
	if (!mn->ipsec && mn->ipsec_reqid)
		return conf_fail_at(p, conf_seen(p, &mn_conf_section, "ipsec-reqid"),
				    "ipsec-reqid without \"security ipsec\"");
	/* RFC 4877 4.2: the policies name the home agent */
	if (mn->ipsec && !mn->has_ha)
		return conf_fail_file(p, "[mobile-node] needs \"home-agent\" (security ipsec)");
	if (mn->auth && !mn->nai[0])
		return conf_fail_file(p, "[mobile-node] needs \"identifier\" (authentication is required)");
	if (mn->auth && !mn->spi)
		return conf_fail_file(p, "[mobile-node] needs \"spi\" (authentication is required)");
	if (mn->auth && !mn->key.len)
		return conf_fail_file(p, "[mobile-node] needs \"key\" or \"key-file\" (authentication is required)");
	if (mn->max_bindack_ms < mn->initial_bindack_ms) {
		a = conf_seen(p, &mn_conf_section, "initial-bindack-timeout");
		b = conf_seen(p, &mn_conf_section, "max-bindack-timeout");
		return conf_fail_at(p, a > b ? a : b,
				    "max-bindack-timeout (%u ms%s) is less than initial-bindack-timeout (%u ms%s)",
				    mn->max_bindack_ms, b ? "" : ", the default",
				    mn->initial_bindack_ms,
				    a ? "" : ", the default");
	}
	if (mn_check_mcoa(p) < 0)
		return -1;
	/* RFC 5555 4.4.2: the BU from an IPv4 link goes to the home
	 * agent's IPv4 address, which DHAAD cannot find */
	if (mn->hoa4_mode != CONF_HOA4_NONE && !mn->has_ha4)
		return conf_fail_at(p, conf_seen(p, &mn_conf_section,
						 "ipv4-home-address"),
				    "\"ipv4-home-address\" needs \"home-agent-ipv4\"");
	if (mn->has_ha4 && !mn->has_ha)
		return conf_fail_at(p, conf_seen(p, &mn_conf_section,
						 "home-agent-ipv4"),
				    "\"home-agent-ipv4\" needs \"home-agent\" (its IPv6 address)");
	if (mn->force_udp && !mn->has_ha4)
		return conf_fail_at(p, conf_seen(p, &mn_conf_section,
						 "force-udp"),
				    "\"force-udp\" needs \"home-agent-ipv4\"");
	return mn_check_mr(p);
}

/* DSMIPv6 (RFC 5555) */
static int mn_ha4(struct conf_parser *p, int argc, char **argv)
{
	struct conf_mn *mn = &conf_data(p)->mn;

	(void)argc;
	mn->has_ha4 = true;
	return conf_value_addr4(p, argv[0], argv[1], &mn->ha4);
}

/*
 * ipv4-home-address A.B.C.D[/PLEN] | dynamic (RFC 5555 2.5: 0.0.0.0
 * asks); PLEN, 8 to 32 (default 32), is the home link's IPv4 prefix, which
 * the address has on it when the node is at home.
 */
static int mn_hoa4(struct conf_parser *p, int argc, char **argv)
{
	struct conf_mn *mn = &conf_data(p)->mn;
	char a[INET_ADDRSTRLEN + 4], *slash, *end;
	unsigned long plen = 32;

	(void)argc;
	mn->hoa4_plen = 32;
	if (!strcmp(argv[1], "dynamic")) {
		mn->hoa4_mode = CONF_HOA4_DYNAMIC;
		return 0;
	}
	if (strlen(argv[1]) >= sizeof(a))
		return conf_fail(p, "invalid %s \"%s\" (expected an IPv4 address, a prefix length after it optional)",
				 argv[0], argv[1]);
	strcpy(a, argv[1]);
	slash = strchr(a, '/');
	if (slash) {
		*slash = '\0';
		errno = 0;
		plen = strtoul(slash + 1, &end, 10);
		if (!slash[1] || *end || errno || plen < 8 || plen > 32)
			return conf_fail(p, "invalid %s \"%s\" (the prefix length is 8 to 32)",
					 argv[0], argv[1]);
	}
	mn->hoa4_mode = CONF_HOA4_STATIC;
	mn->hoa4_plen = (uint8_t)plen;
	return conf_value_addr4(p, argv[0], a, &mn->hoa4);
}

#define UINT(n, field, lo, hi, u)					\
	{ .name = n, .type = CONF_T_UINT, .off = CONF_OFF(field),	\
	  .min = lo, .max = hi, .unit = u }
#define FN(n, fn, fl)							\
	{ .name = n, .type = CONF_T_FN, .parse = fn, .flags = fl }

static const struct conf_keydef mn_keys[] = {
	FN("home-address", mn_home_address, 0),
	FN("home-agent", mn_home_agent, 0),
	FN("identifier", mn_identifier, 0),
	{ .name = "spi", .type = CONF_T_UINT, .off = CONF_OFF(mn.spi),
	  .min = CONF_SPI_MIN, .max = UINT32_MAX,
	  .note = "; 0..255 are reserved, RFC 4285" },
	{ .name = "key", .type = CONF_T_FN, .parse = mn_key, .dup = "a key" },
	{ .name = "key-file", .type = CONF_T_FN, .parse = mn_key,
	  .same = "key", .dup = "a key" },
	{ .name = "authentication", .type = CONF_T_BOOL,
	  .off = CONF_OFF(mn.auth), .yes = "required", .no = "none" },
	{ .name = "security", .type = CONF_T_FN, .parse = mn_security,
	  .same = "authentication" },
	UINT("ipsec-reqid", mn.ipsec_reqid, 1, UINT32_MAX - 1, ""),
	{ .name = "protect", .type = CONF_T_BOOL,
	  .off = CONF_OFF(mn.protect_payload), .yes = "payload",
	  .no = "signalling" },
	FN("ike-peer-identity", mn_ike, 0),
	FN("ike-certificate", mn_ike, 0),
	FN("ike-private-key", mn_ike, 0),
	FN("ike-ca-certificate", mn_ike, 0),
	UINT("lifetime", mn.lifetime, CONF_LIFETIME_MIN, CONF_LIFETIME_MAX,
	     " seconds"),
	FN("link", mn_link, CONF_F_REPEAT | CONF_F_WORDS),
	FN("flow", mn_flow, CONF_F_REPEAT | CONF_F_WORDS),
	UINT("initial-bindack-timeout", mn.initial_bindack_ms, 100, 60000,
	     " ms"),
	UINT("max-bindack-timeout", mn.max_bindack_ms, 100, 256000, " ms"),
	UINT("initial-bindack-timeout-first-reg", mn.first_reg_bindack_ms,
	     100, 60000, " ms"),
	{ .name = "optimistic-dad", .type = CONF_T_BOOL,
	  .off = CONF_OFF(mn.optimistic_dad), .yes = "on", .no = "off" },
	{ .name = "dna", .type = CONF_T_BOOL,
	  .off = CONF_OFF(mn.dna), .yes = "on", .no = "off" },
	/* route optimisation (ro.c) */
	{ .name = "route-optimization", .type = CONF_T_BOOL,
	  .off = CONF_OFF(mn.ro), .yes = "on", .no = "off" },
	FN("no-route-optimization", mn_ro_exclude, CONF_F_REPEAT),
	UINT("max-correspondents", mn.max_correspondents, 1, 65536, ""),
	/* NEMO (RFC 3963) */
	{ .name = "mobile-router", .type = CONF_T_BOOL,
	  .off = CONF_OFF(mn.mobile_router), .yes = "yes", .no = "no" },
	FN("mobile-network-prefix", mn_mnp, CONF_F_REPEAT),
	FN("mobile-network-link", mn_mnp_link, CONF_F_REPEAT),
	{ .name = "prefix-mode", .type = CONF_T_BOOL,
	  .off = CONF_OFF(mn.mnp_implicit), .yes = "implicit",
	  .no = "explicit" },
	/* multiple care-of addresses (RFC 5648) */
	{ .name = "multiple-care-of", .type = CONF_T_BOOL,
	  .off = CONF_OFF(mn.mcoa), .yes = "yes", .no = "no" },
	{ .name = "home-binding", .type = CONF_T_BOOL,
	  .off = CONF_OFF(mn.home_binding), .yes = "yes", .no = "no" },
	/* home agent initiated flow bindings (RFC 7109) */
	{ .name = "home-initiated-flows", .type = CONF_T_BOOL,
	  .off = CONF_OFF(mn.home_flows), .yes = "yes", .no = "no" },
	/* DSMIPv6 (RFC 5555) */
	FN("home-agent-ipv4", mn_ha4, 0),
	FN("ipv4-home-address", mn_hoa4, 0),
	{ .name = "force-udp", .type = CONF_T_BOOL,
	  .off = CONF_OFF(mn.force_udp), .yes = "yes", .no = "no" },
	UINT("nat-keepalive", mn.nat_keepalive, 5, 3600, " seconds"),
};

const struct conf_section mn_conf_section = {
	.name = "mobile-node",
	.keys = mn_keys,
	.n_keys = ARRAY_SIZE(mn_keys),
	.enabled_off = CONF_OFF(mn.enabled),
	.check = mn_check,
};
