// SPDX-License-Identifier: GPL-2.0
/*
 * mn.c - the mobile node role of ipmobd (RFC 6275 section 11): movement
 * detection from rtnetlink, care-of address selection, home
 * registration with retransmission and refresh, returning home, home
 * agent discovery (DHAAD) and mobile prefix discovery; MN-HA
 * authentication per RFC 4285; the mobile router of NEMO (RFC 3963 5:
 * the R flag, its mobile network prefixes in each BU, and a prefix
 * session per prefix that sends what its network sends into the tunnel,
 * found by the packets' source).
 *
 * The home address lives on the ipmob device; the kernel binding
 * (kind MN_HOME: home address, home agent, care-of address) carries the
 * traffic. A restarted daemon takes it back from the kernel dump, the
 * sequence number included, and carries on without re-registering.
 */
#include <errno.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>
#include <time.h>
#include <unistd.h>
#include <linux/if_addr.h>

#include "auth.h"
#include "ike.h"
#include "daemon.h"
#include "dhcp6.h"
#include "dna.h"
#include "dsmip.h"
#include "flowb.h"
#include "mcoa.h"
#include "mh.h"
#include "nd.h"
#include "roles.h"
#include "util.h"

#ifndef IFF_LOWER_UP
#define IFF_LOWER_UP		0x10000
#endif

#define EVAL_DELAY_MS		20	/* coalesce bursts of rtnetlink events */
#define DHAAD_INITIAL_MS	3000	/* 12: INITIAL_DHAAD_TIMEOUT */
#define DHAAD_MAX_MS		32000
#define DHAAD_SILENT_BUS	5	/* unanswered BUs before DHAAD again */
#define V6COA_TRIES		3	/* RFC 5555 4.4.1: unanswered BUs from an
					 * IPv6 care-of address before the IPv4 one */
#define SHUTDOWN_WAIT_MS	1500	/* for the BA of the last deregistration */
#define MN_LAST_METRIC		0xfffffff0u	/* DSMIPv6: the tunnel's
						 * default routes, after all */

enum mn_where {
	MN_UNKNOWN,
	MN_DETACHED,	/* no usable link */
	MN_HOME,	/* attached to the home link (11.5.5) */
	MN_AWAY,	/* attached to a foreign link, with a care-of address */
};

/**
 * struct mn - mobile node state; the Binding Update List entry for the
 * home agent (11.1) is the bu_* and reg_* fields
 * @where: attachment; @link: its interface; @coa: care-of address
 * @ha: home agent address (@ha_known)
 * @seq: last sequence number sent
 * @ts_offset: seconds to add to our clock for RFC 4285 timestamps
 *             (learnt from a MIPV6-ID-MISMATCH BA)
 * @bu_pending: a BU awaits its BA; @bu_*: what it said
 * @registered: the home agent holds a binding to @reg_coa
 * @set: with multiple-care-of (RFC 5648), a care-of address per usable
 *       link, BID and BID-PRI from its link (@coa, @link: the preferred
 *       one, the BUs' source); @bu_set: what the pending BU registers;
 *       @reg_set: what the home agent holds (the kernel's care-of
 *       records)
 */
struct mn {
	struct daemon *d;
	enum mn_where where;
	int link;
	struct in6_addr coa;
	struct in6_addr ha;
	bool ha_known;
	uint16_t seq;
	int64_t ts_offset;
	uint64_t fbi_ts;		/* RFC 7109: the last Flow Binding
					 * Indication's timestamp */

	bool bu_pending;
	bool bu_dereg;
	uint16_t bu_seq;
	uint16_t bu_lifetime;		/* units of 4 s */
	uint64_t bu_ts;
	struct in6_addr bu_coa;
	int bu_link;
	unsigned int backoff_ms;
	unsigned int bu_count;

	bool registered;
	struct in6_addr reg_coa;
	struct mcoa_set set, bu_set, reg_set;
	uint32_t granted;
	bool stopped;			/* fatal BA status: no more BUs */
	bool ipsec_v4_logged;		/* said once: no IPsec BU over IPv4 */
	/* security ikev2: the host route to the home agent that carries
	 * the IKE SA from the care-of address (mn_ike_path()); 0: none */
	int ike_ifindex;
	struct in6_addr ike_gw;
	/* the care-of address of the tunnel's IPsec policies (xfrm.c) */
	bool tun_set;
	struct in6_addr tun_coa;
	bool mr_refused;		/* the home agent does not support
					 * mobile routers (RFC 3963 5.3):
					 * deregistrations only */
	bool send_failed;		/* the last BU could not be sent */
	bool mps_sent;
	int hoa_link;			/* where the HoA is on-link (at home) */
	int home_link;			/* RFC 5648 5.6: the home link while
					 * the node is away too (0: none) */

	uint16_t dhaad_id;
	unsigned int dhaad_ms;

	struct timer retx, refresh, eval, dhaad;
	uint64_t moved_at;		/* now_ms() of the last movement */

	/*
	 * DSMIPv6 (RFC 5555): with an IPv4 care-of address (@coa and
	 * @reg_coa IPv4-mapped) the tunnel is UDP when the home agent's
	 * NAT Detection option says so (@udp, 4.2), and the node sends a
	 * BU every @natka_s seconds (0: none needed) to keep the NAT's
	 * mapping (4.3); @hoa4: the IPv4 home address the home agent
	 * acknowledged (@has_hoa4, 3.2.1), on the ipmob device
	 */
	bool udp;
	uint32_t natka_s;
	/*
	 * 4.4.1: V6COA_TRIES BUs from an IPv6 care-of address went
	 * unanswered: an IPv4 care-of address is preferred where there is
	 * one, on this link and the next (the family is kept on movement),
	 * until the node is home again or an IPv6 one is accepted
	 */
	bool v4_preferred;
	bool has_hoa4;
	struct in_addr hoa4;
	/* at home: the IPv4 home address on the home link @hoa4_link (0:
	 * not there), @hoa4_home_plen its prefix length */
	int hoa4_link;
	struct in_addr hoa4_home;
	uint8_t hoa4_home_plen;

	/* RFC 6276: the prefixes DHCPv6 delegated (pd.c saw the Reply),
	 * mobile network prefixes like the configured ones until @pd_exp */
	unsigned int n_pd;
	struct conf_prefix pd[CONF_SA_MAX_MNP];
	uint64_t pd_exp[CONF_SA_MAX_MNP];
	struct timer pd_timer;

	/* links with a carrier at the last look (11.5.1: solicit on arrival) */
	unsigned int n_carrier;
	int carrier[NS_MAX_LINKS];

	/* RFC 6059: the routers seen per link, the detections running */
	struct dna dna;

	/*
	 * RFC 6089: the flow bindings of the configuration (FID-PRI = FID,
	 * BIDs of their links, selectors for what this node sends; the
	 * home agent gets their mirror image); per flow, what the home
	 * agent holds (@fl.acked with @fl.bref) and what the pending BU
	 * says of it (@fl.bu: MN_FL_*, @fl.sent)
	 */
	struct fb_list *flows;
	/* RFC 5648: the source-specific default routes put in for the
	 * care-of addresses (each out of its own link) */
	unsigned int n_sr;
	struct mn_sr {
		struct in6_addr src, gw;
		struct in6_addr dst;	/* :: for the default route */
		int ifindex;
	} sr[2 * MH_MAX_BID];
	struct {
		bool acked;
		bool from_ha;		/* RFC 7109: the home agent asked
					 * for it (Flow Binding Indication) */
		uint8_t bu;
		uint8_t n_bref, n_sent;
		uint16_t bref[MH_MAX_BID], sent[MH_MAX_BID];
	} fl[CONF_MAX_FLOWS];
};

enum { MN_FL_NONE, MN_FL_SUMMARY, MN_FL_OPTION };

static uint64_t mn_timestamp(struct mn *mn)
{
	struct timespec now;

	clock_gettime(CLOCK_REALTIME, &now);
	now.tv_sec += (time_t)mn->ts_offset;
	return ntp_from_timespec(&now);
}

/* ---- the kernel binding ---- */

static void mn_binding(struct mn *mn, struct ipmob_binding *b)
{
	const struct conf_mn *c = &mn->d->conf.mn;

	memset(b, 0, sizeof(*b));
	b->hoa = c->hoa;
	BA_SET(b, IPMOB_BA_HOA);
	b->peer = mn->ha;
	BA_SET(b, IPMOB_BA_PEER);
	b->mode = IPMOB_MODE_TUNNEL;
	BA_SET(b, IPMOB_BA_MODE);
	b->ifindex = (uint32_t)mn->d->devindex;
	BA_SET(b, IPMOB_BA_IFINDEX);
}

/*
 * A mobile router's sessions (RFC 3963 5.5), b being its home
 * registration: per mobile network prefix and inside link (or without a
 * link when none is named), the same home agent and care-of address,
 * so that the kernel's source lookup sends what its network sends
 * (forwarded packets, from the inside links) into the tunnel and takes
 * the tunnelled packets to it. Put (add) or deleted.
 */
enum mnp_op { MNP_PUT, MNP_DEL, MNP_FLOWS };

/* The sessions of one prefix pf (its inside links'). */
static void mnp_sessions_of(struct mn *mn, struct ipmob_binding *b,
			    const struct conf_prefix *pf, enum mnp_op op,
			    const struct ipmob_flow *rules, unsigned int n)
{
	const struct conf_mn *c = &mn->d->conf.mn;
	unsigned int l, nl = c->n_mnp_links ? c->n_mnp_links : 1;
	char h[INET6_ADDRSTRLEN];

	b->hoa = pf->prefix;
	b->prefix_len = pf->plen;
	BA_SET(b, IPMOB_BA_PREFIX_LEN);
	for (l = 0; l < nl; l++) {
		if (c->n_mnp_links) {
			b->iif = if_nametoindex(c->mnp_links[l]);
			if (!b->iif) {
				if (op == MNP_PUT)
					logmsg(LOG_WARNING, "mobile network link %s does not exist: %s/%u not forwarded from it",
					       c->mnp_links[l],
					       in6_str(&b->hoa, h),
					       b->prefix_len);
				continue;
			}
			BA_SET(b, IPMOB_BA_IIF);
		}
		if (op == MNP_PUT)
			kern_binding_put(mn->d, b);
		else if (op == MNP_DEL)
			kern_binding_del(mn->d, b);
		else
			kern_flows_set(mn->d, b, rules, n);
	}
}

/* ... of every prefix: the configured ones, then the delegated ones */
static void mnp_sessions(struct mn *mn, struct ipmob_binding *b,
			 enum mnp_op op, const struct ipmob_flow *rules,
			 unsigned int n)
{
	const struct conf_mn *c = &mn->d->conf.mn;
	unsigned int i;

	for (i = 0; c->mobile_router && i < c->n_mnp + mn->n_pd; i++)
		mnp_sessions_of(mn, b, i < c->n_mnp ? &c->mnp[i] :
				&mn->pd[i - c->n_mnp], op, rules, n);
}

/*
 * The BID flow i goes to over s: of its links, in the order of
 * preference the configuration gives, the first that s holds. 1 with
 * it in bref, or 0.
 */
static unsigned int flow_bref(const struct fb_entry *e,
			      const struct mcoa_set *s, uint16_t *bref)
{
	unsigned int k;

	for (k = 0; k < e->n_bref; k++) {
		if (mcoa_find(s, e->bref[k])) {
			bref[0] = e->bref[k];
			return 1;
		}
	}
	return 0;
}

/*
 * RFC 6089 for what this node sends: the flow bindings as rules of its
 * home registration's session and its prefixes', each over the first of
 * its links whose BID the home agent took (a flow with none is inactive,
 * 4.3).
 */
static void mn_flow_rules(struct mn *mn)
{
	struct ipmob_flow rules[CONF_MAX_FLOWS];
	struct ipmob_binding b;
	struct fb_list *now;
	unsigned int i, n;

	if (!mn->flows)
		return;
	now = malloc(sizeof(*now));
	if (!now) {
		logmsg(LOG_ERR, "flow rules: out of memory");
		return;
	}
	/* each flow over the first of its links registered */
	*now = *mn->flows;
	for (i = 0; i < now->n; i++)
		now->e[i].n_bref = (uint8_t)flow_bref(&mn->flows->e[i],
						      &mn->reg_set,
						      now->e[i].bref);
	n = fb_rules(now, &mn->reg_set, false, rules);
	free(now);
	mn_binding(mn, &b);
	kern_flows_set(mn->d, &b, rules, n);
	mnp_sessions(mn, &b, MNP_FLOWS, rules, n);
}

/* The home registration, and a mobile router's prefixes with it. */
static void kernel_install(struct mn *mn)
{
	struct ipmob_binding b;

	mn_binding(mn, &b);
	b.ncoa = 1;
	b.coa[0].addr = mn->reg_coa;
	b.coa[0].has_addr = true;
	/* RFC 5648: one care-of record per BID the home agent took */
	if (mn->d->conf.mn.mcoa && mn->reg_set.n) {
		unsigned int i;

		for (i = 0; i < mn->reg_set.n; i++) {
			b.coa[i].addr = mn->reg_set.r[i].coa;
			b.coa[i].has_addr = true;
			b.coa[i].bid = mn->reg_set.r[i].bid;
			b.coa[i].has_bid = true;
			b.coa[i].prio = mn->reg_set.r[i].prio;
			b.coa[i].has_prio = true;
			/* 5.6: what goes by the home link goes natively */
			if (mn->reg_set.r[i].home) {
				b.coa[i].encap = IPMOB_ENCAP_HOME;
				b.coa[i].has_encap = true;
			}
		}
		b.ncoa = mn->reg_set.n;
	}
	/* RFC 5555 4.4.3: to the home agent's IPv4 address, in UDP or not */
	if (IN6_IS_ADDR_V4MAPPED(&mn->reg_coa) && b.ncoa == 1) {
		const struct conf_mn *c = &mn->d->conf.mn;

		b.coa[0].has_addr = false;
		memcpy(&b.coa[0].addr4, &mn->reg_coa.s6_addr[12], 4);
		b.coa[0].has_addr4 = true;
		b.coa[0].has_encap = true;
		b.coa[0].encap = mn->udp ? IPMOB_ENCAP_UDP : IPMOB_ENCAP_IP;
		if (mn->udp) {
			b.coa[0].port = DSMIP_PORT;
			b.coa[0].has_port = true;
		}
		b.peer4 = c->ha4;
		BA_SET(&b, IPMOB_BA_PEER4);
	}
	BA_SET(&b, IPMOB_BA_COA);
	b.lifetime = mn->granted;
	BA_SET(&b, IPMOB_BA_LIFETIME);
	b.seq = mn->seq;
	BA_SET(&b, IPMOB_BA_SEQ);
	kern_binding_put(mn->d, &b);
	b.present &= ~BA_BIT(IPMOB_BA_SEQ);
	/* RFC 5555 4.4.2: the IPv4 home address's session, the same way */
	if (mn->has_hoa4) {
		struct ipmob_binding b4 = b;

		b4.present &= ~BA_BIT(IPMOB_BA_HOA);
		memset(&b4.hoa, 0, sizeof(b4.hoa));
		b4.hoa4 = mn->hoa4;
		BA_SET(&b4, IPMOB_BA_HOA4);
		kern_binding_put(mn->d, &b4);
	}
	mnp_sessions(mn, &b, MNP_PUT, NULL, 0);
	mn_flow_rules(mn);
}

/* The IPv4 home address's session and address go (RFC 5555 4.4.2). */
static void hoa4_remove(struct mn *mn)
{
	struct ipmob_binding b;

	if (!mn->has_hoa4)
		return;
	mn_binding(mn, &b);
	b.present &= ~BA_BIT(IPMOB_BA_HOA);
	b.hoa4 = mn->hoa4;
	BA_SET(&b, IPMOB_BA_HOA4);
	kern_binding_del(mn->d, &b);
	rtnl_addr4(mn->d->devindex, &mn->hoa4, 32, false);
	mn->has_hoa4 = false;
}

static void kernel_remove(struct mn *mn)
{
	struct ipmob_binding b;

	hoa4_remove(mn);
	mn_binding(mn, &b);
	kern_binding_del(mn->d, &b);
	mnp_sessions(mn, &b, MNP_DEL, NULL, 0);
}

/* ---- Binding Updates (11.7.1) ---- */

/*
 * RFC 6089 5.2.2, 5.2.3: a Flow Identification option for each flow new
 * to the home agent or with other links now (its selector mirrored: the
 * home agent matches what it sends us), a Flow Summary entry for each it
 * holds as it is, even when none of its links is registered in this BU
 * (the entry stays, inactive, 4.3); a flow it does not hold and that has
 * no link registered waits.
 */
static void bu_flows(struct mn *mn, struct mh_msg *m)
{
	uint16_t bref[MH_MAX_BID];
	unsigned int i, n;

	for (i = 0; mn->flows && i < mn->flows->n; i++) {
		const struct fb_entry *e = &mn->flows->e[i];
		struct mh_fid *o;

		mn->fl[i].bu = MN_FL_NONE;
		n = flow_bref(e, &mn->set, bref);
		if (mn->fl[i].acked && (!n || (n == mn->fl[i].n_bref &&
		    !memcmp(bref, mn->fl[i].bref, n * sizeof(bref[0]))))) {
			m->fsum[m->n_fsum++] = e->fid;
			mn->fl[i].bu = MN_FL_SUMMARY;
			continue;
		}
		if (!n)
			continue;
		o = &m->fid[m->n_fid++];
		memset(o, 0, sizeof(*o));
		o->fid = e->fid;
		o->pri = e->pri;
		o->ts = e->ts;
		ts_mirror(&o->ts);
		o->ts_format = o->ts.format;
		o->n_bref = (uint8_t)n;
		memcpy(o->bref, bref, n * sizeof(bref[0]));
		mn->fl[i].bu = MN_FL_OPTION;
		mn->fl[i].n_sent = (uint8_t)n;
		memcpy(mn->fl[i].sent, bref, n * sizeof(bref[0]));
	}
	if (m->n_fid)
		m->opts |= MH_OPT(MHOPT_FID);
	if (m->n_fsum)
		m->opts |= MH_OPT(MHOPT_FSUM);
}

/* Take the last Flow Identification option out of m (a later BU). */
static void bu_flow_defer(struct mn *mn, struct mh_msg *m)
{
	uint16_t fid = m->fid[--m->n_fid].fid;
	unsigned int i;

	if (!m->n_fid)
		m->opts &= ~MH_OPT(MHOPT_FID);
	for (i = 0; i < mn->flows->n; i++) {
		if (mn->flows->e[i].fid != fid)
			continue;
		mn->fl[i].bu = MN_FL_NONE;
		if (mn->fl[i].acked) {	/* keep it as it is meanwhile */
			m->fsum[m->n_fsum++] = fid;
			m->opts |= MH_OPT(MHOPT_FSUM);
			mn->fl[i].bu = MN_FL_SUMMARY;
		}
	}
}

/*
 * RFC 6089 5.2.6: what the home agent holds of our flows after a BA
 * that accepted the BU; true if it lost one the BU summarised (132),
 * which the next BU then states in full.
 */
static bool mn_ba_flows(struct mn *mn, const struct mh_msg *m)
{
	bool again = false;
	unsigned int i, k;

	for (i = 0; mn->flows && i < mn->flows->n; i++) {
		uint16_t fid = mn->flows->e[i].fid;
		int st = -1;

		for (k = 0; k < m->n_fid; k++)
			if (m->fid[k].fid == fid)
				st = m->fid[k].status;
		switch (mn->fl[i].bu) {
		case MN_FL_OPTION:
			mn->fl[i].acked = st == FID_OK;
			if (st == FID_OK) {
				mn->fl[i].n_bref = mn->fl[i].n_sent;
				memcpy(mn->fl[i].bref, mn->fl[i].sent,
				       sizeof(mn->fl[i].bref));
			} else if (st < 0) {
				logmsg(LOG_WARNING, "flow %u: the home agent did not answer it (no RFC 6089 support?)",
				       fid);
			} else {
				logmsg(LOG_WARNING, "flow %u refused by the home agent: status %d",
				       fid, st);
			}
			break;
		case MN_FL_SUMMARY:
			if (st == FID_NOT_FOUND) {
				mn->fl[i].acked = false;
				again = true;
			}
			break;
		default:		/* 5.3.4: not named, so gone */
			mn->fl[i].acked = false;
			break;
		}
	}
	return again;
}

/* The home agent holds none of our flows (deregistered). */
static void mn_flows_forget(struct mn *mn)
{
	unsigned int i;

	for (i = 0; i < CONF_MAX_FLOWS; i++)
		mn->fl[i].acked = false;
}


static void mn_ipsec_tunnel(struct mn *mn, const struct in6_addr *coa);

static void send_bu(struct mn *mn, bool dereg)
{
	struct daemon *d = mn->d;
	const struct conf_mn *c = &d->conf.mn;
	bool home = mn->where == MN_HOME;
	const struct in6_addr *coa = home ? &c->hoa : &mn->coa;
	/* RFC 5555 4.4.2: from an IPv4 care-of address, in UDP */
	bool v4 = !home && IN6_IS_ADDR_V4MAPPED(coa);
	struct pkt_out po = { .src = coa, .dst = &mn->ha,
			      .hoa = home ? NULL : &c->hoa,
			      .ifindex = mn->link };
	char h[INET6_ADDRSTRLEN], s[INET6_ADDRSTRLEN];
	uint8_t buf[MH_MAX_LEN];
	struct mh_msg m;
	int len;

	if (mn->stopped || !mn->ha_known || (mn->mr_refused && !dereg && !home))
		return;
	if (!home && mn->where != MN_AWAY)
		return;
	memset(&m, 0, sizeof(m));
	m.type = MH_BU;
	m.bu.seq = ++mn->seq;
	m.bu.flags = MH_BU_F_A | MH_BU_F_H;
	/*
	 * RFC 6275 11.7.1, RFC 4877 7.4: the IKE SA moves with us (MOBIKE,
	 * charon follows the care-of address), so K
	 */
	if (c->ikev2)
		m.bu.flags |= MH_BU_F_K;
	m.bu.lifetime = dereg || home ? 0 : (uint16_t)(c->lifetime / 4);
	/*
	 * RFC 3963 5.2: a mobile router sets R in every BU and, in explicit
	 * mode, lists its prefixes in every one that registers.
	 */
	if (c->mobile_router) {
		m.bu.flags |= MH_BU_F_R;
		if (!c->mnp_implicit && m.bu.lifetime) {
			unsigned int i;

			m.opts |= MH_OPT(MHOPT_MNP);
			m.n_mnp = c->n_mnp;
			for (i = 0; i < c->n_mnp; i++) {
				m.mnp[i].prefix = c->mnp[i].prefix;
				m.mnp[i].plen = c->mnp[i].plen;
			}
		}
	}
	/*
	 * RFC 5648 5.3: a bulk registration of every link's care-of
	 * address, replacing what the home agent holds (O); a
	 * deregistration of them all is a regular one (5.4).
	 */
	if (c->mcoa && m.bu.lifetime && mn->set.n) {
		unsigned int i;

		m.bu.flags |= MH_BU_F_O;
		m.opts |= MH_OPT(MHOPT_BID);
		m.n_bid = mn->set.n;
		for (i = 0; i < mn->set.n; i++) {
			m.bid[i].bid = mn->set.r[i].bid;
			m.bid[i].flags = mn->set.r[i].prio & MH_BID_PRI_MASK;
			/* 5.6.3: the home binding, the home address its own */
			if (mn->set.r[i].home)
				m.bid[i].flags |= MH_BID_F_H;
			m.bid[i].coa_len = 16;
			memcpy(m.bid[i].coa, &mn->set.r[i].coa, 16);
		}
	}
	/* RFC 6089 5.2: every BU that registers restates the flows */
	if (m.n_bid)
		bu_flows(mn, &m);
	/*
	 * RFC 5555 4.4.2: an IPv4 care-of address goes in its option (the
	 * home agent compares it with the outer source, 4.2), F when the
	 * configuration forces UDP; the IPv4 home address in every BU
	 * that registers (0.0.0.0: one is asked for, 2.5).
	 */
	if (v4) {
		po.src = &c->hoa;
		po.hoa = NULL;
		po.ifindex = 0;
		po.to4 = &c->ha4;
		po.port = DSMIP_PORT;
		m.opts |= MH_OPT(MHOPT_V4COA);
		memcpy(m.v4coa, &coa->s6_addr[12], 4);
		if (c->force_udp)
			m.bu.flags |= MH_BU_F_F;
	}
	/*
	 * RFC 4877 4.2: under IPsec the BU leaves from the home address,
	 * so that its policy applies, and ipmob.ko puts the Home Address
	 * option in front of ESP; the care-of address, which that option
	 * carries outside ESP, goes in the Alternate Care-of Address
	 * option too (4.3, RFC 3776 3.1), where ESP protects it.
	 */
	if (c->ipsec && !home) {
		/*
		 * security ikev2: the BU waits for its SAs, which charon
		 * sets up now (RFC 4877 7.3); mn_ike_up() sends it
		 */
		if (c->ikev2 && !ike_mn_ready(d)) {
			ike_mn_need(d);
			return;
		}
		if (v4) {
			if (!mn->ipsec_v4_logged)
				logmsg(LOG_ERR, "no BU from IPv4 care-of address %s: security ipsec protects IPv6 care-of addresses only",
				       in6_str(coa, h));
			mn->ipsec_v4_logged = true;
			return;
		}
		po.src = &c->hoa;
		po.hoa = NULL;
		po.hao_coa = coa;
		mn_ipsec_tunnel(mn, coa);
		if (m.bu.lifetime) {
			m.opts |= MH_OPT(MHOPT_ALTCOA);
			m.alt_coa = *coa;
		}
	}
	if (c->hoa4_mode != CONF_HOA4_NONE && m.bu.lifetime) {
		m.opts |= MH_OPT(MHOPT_V4HOA);
		m.v4hoa.plen = 32;
		if (c->hoa4_mode == CONF_HOA4_STATIC)
			memcpy(m.v4hoa.addr, &c->hoa4, 4);
	}
	if (c->nai[0]) {
		m.opts |= MH_OPT(MHOPT_MNID);
		m.mnid.subtype = MH_MNID_NAI;
		m.mnid.len = (uint8_t)strlen(c->nai);
		memcpy(m.mnid.id, c->nai, m.mnid.len);
	}
	if (c->auth) {
		m.opts |= MH_OPT(MHOPT_MESGID) | MH_OPT(MHOPT_AUTH);
		m.timestamp = mn_timestamp(mn);
		m.auth.subtype = MH_AUTH_MN_HA;
		m.auth.spi = c->spi;
	}
	len = mh_build(&m, buf, sizeof(buf));
	/* too many selectors for one message: the rest in the next BUs */
	while (len == -MH_ERR_NOSPACE && m.n_fid) {
		bu_flow_defer(mn, &m);
		len = mh_build(&m, buf, sizeof(buf));
	}
	if (len < 0) {
		logmsg(LOG_ERR, "cannot build a BU: %s", mh_strerror(-len));
		return;
	}
	if (c->auth && auth_mnha_sign(c->key.key, c->key.len, coa, &c->hoa,
				      buf, (size_t)len, &m) < 0) {
		logmsg(LOG_ERR, "cannot sign a BU");
		return;
	}
	/* 6.1.1: the pseudo-header source is the home address */
	mh_finish(buf, (size_t)len, &c->hoa, &mn->ha);

	if (!mn->bu_pending || mn->bu_dereg != (m.bu.lifetime == 0) ||
	    memcmp(&mn->bu_coa, coa, sizeof(*coa)) ||
	    !mcoa_equal(&mn->bu_set, &mn->set)) {
		/*
		 * a new registration, not a retransmission: restart backoff,
		 * longer for a first registration, which the home agent
		 * answers after DAD (RFC 6275 11.8): the larger of the two
		 * waits, up to max-bindack-timeout
		 */
		mn->backoff_ms = c->initial_bindack_ms;
		if (!mn->registered && m.bu.lifetime &&
		    c->first_reg_bindack_ms > mn->backoff_ms)
			mn->backoff_ms = c->first_reg_bindack_ms;
		if (mn->backoff_ms > c->max_bindack_ms)
			mn->backoff_ms = c->max_bindack_ms;
		mn->bu_count = 0;
	}
	mn->bu_pending = true;
	mn->bu_dereg = m.bu.lifetime == 0;
	mn->bu_seq = m.bu.seq;
	mn->bu_lifetime = m.bu.lifetime;
	mn->bu_ts = m.timestamp;
	mn->bu_coa = *coa;
	mn->bu_set = mn->set;
	mn->bu_link = mn->link;
	mn->bu_count++;
	if ((v4 ? udpsock_send_mh(d, buf, (size_t)len, &po) :
	     sock_send(d->mh_fd, buf, (size_t)len, &po)) < 0) {
		int e = errno;

		logmsg(mn->bu_count > 1 || mn->send_failed ? LOG_DEBUG :
		       LOG_WARNING, "sending BU to %s: %s", in6_str(&mn->ha, h),
		       strerror(e));
		mn->send_failed = true;
		/*
		 * A care-of address still optimistic (RFC 4429) or a router
		 * not resolved yet: the new link will be usable in a moment,
		 * try again soon rather than after the backoff.
		 */
		if (e == ENETUNREACH || e == EADDRNOTAVAIL || e == EHOSTUNREACH) {
			mn->bu_count--;
			loop_timer_arm(d, &mn->retx, 100);
			mn->backoff_ms /= 2;
			if (mn->backoff_ms < c->initial_bindack_ms / 2)
				mn->backoff_ms = c->initial_bindack_ms / 2;
			return;
		}
	} else {
		mn->send_failed = false;
		logmsg(LOG_NOTICE, "BU sent to %s: care-of %s, seq %u, lifetime %us%s%s",
		       in6_str(&mn->ha, h), in6_str(coa, s), m.bu.seq,
		       m.bu.lifetime * 4u, mn->bu_dereg ? " (deregistration)" : "",
		       mn->bu_count > 1 ? " (retransmission)" : "");
	}
	loop_timer_arm(d, &mn->retx, mn->backoff_ms);
}

static void send_dhaad(struct mn *mn);
static void eval_now(struct daemon *d, void *data);
static void mn_home_addr(struct mn *mn);

/* 11.8: no BA in time, send again with twice the timeout. */
static void retx_expired(struct daemon *d, void *data)
{
	struct mn *mn = data;
	const struct conf_mn *c = &d->conf.mn;

	if (!mn->bu_pending)
		return;
	/*
	 * A home agent found by DHAAD that stays silent (or a spoofed
	 * reply that named a node that is none) is not kept for ever:
	 * after DHAAD_SILENT_BUS unanswered Binding Updates, discover again.
	 */
	if (!c->has_ha && mn->where == MN_AWAY && !mn->bu_dereg &&
	    mn->bu_count >= DHAAD_SILENT_BUS) {
		char h[INET6_ADDRSTRLEN];

		logmsg(LOG_WARNING, "home agent %s silent after %u Binding Updates: home agent discovery again",
		       in6_str(&mn->ha, h), mn->bu_count);
		mn->ha_known = false;
		mn->bu_pending = false;
		mn->dhaad_ms = DHAAD_INITIAL_MS;
		mn->dhaad_id = rand_u16();
		send_dhaad(mn);
		return;
	}
	/*
	 * RFC 5555 4.4.1: after three BUs in all from an IPv6 care-of
	 * address without a BA, a new BU from the IPv4 care-of address,
	 * with a backoff of its own (a new registration to send_bu). IPv4
	 * is then kept on movement (eval_now chooses it while
	 * v4_preferred). Without an IPv4 care-of address, IPv6 again.
	 */
	if (c->has_ha4 && !c->mcoa && mn->where == MN_AWAY &&
	    !mn->bu_dereg && !mn->v4_preferred &&
	    !IN6_IS_ADDR_V4MAPPED(&mn->bu_coa) &&
	    mn->bu_count >= V6COA_TRIES) {
		char s[INET6_ADDRSTRLEN];

		logmsg(LOG_WARNING, "no BA for %u Binding Updates from IPv6 care-of address %s: an IPv4 care-of address preferred (RFC 5555 4.4.1)",
		       mn->bu_count, in6_str(&mn->bu_coa, s));
		mn->v4_preferred = true;
		eval_now(d, mn);
		if (IN6_IS_ADDR_V4MAPPED(&mn->bu_coa))
			return;	/* eval_now sent the BU and armed retx */
		logmsg(LOG_INFO, "no IPv4 care-of address: IPv6 again");
	}
	mn->backoff_ms *= 2;
	if (mn->backoff_ms > c->max_bindack_ms)
		mn->backoff_ms = c->max_bindack_ms;
	send_bu(mn, mn->bu_dereg);
	/* send_bu re-armed with the new timeout unless it could not send */
	if (!loop_timer_armed(&mn->retx))
		loop_timer_arm(d, &mn->retx, mn->backoff_ms);
}

static void refresh_due(struct daemon *d, void *data)
{
	struct mn *mn = data;

	(void)d;
	if (mn->where == MN_AWAY && mn->registered && !mn->bu_pending) {
		logmsg(LOG_INFO, "refreshing the home registration");
		send_bu(mn, false);
	}
}

static void schedule_refresh(struct mn *mn, uint32_t refresh_s)
{
	uint64_t ms = (uint64_t)refresh_s * 1000;

	if (!ms)
		ms = 1000;
	loop_timer_arm(mn->d, &mn->refresh, ms);
}

/* ---- neighbour advertisement on returning home (11.5.5) ---- */

static void send_home_na(struct mn *mn)
{
	const struct conf_mn *c = &mn->d->conf.mn;
	struct in6_addr all_nodes = { .s6_addr = { 0xff, 0x02, [15] = 1 } };
	struct pkt_out po = { .src = &c->hoa, .dst = &all_nodes,
			      .ifindex = mn->hoa_link ? mn->hoa_link : mn->link,
			      .hop_limit = 255 };
	uint8_t buf[128];
	struct nd_msg m;
	int len, l;

	memset(&m, 0, sizeof(m));
	m.type = ND_NA;
	m.n.flags = ND_NA_F_O;
	m.n.target = c->hoa;
	l = link_lladdr(po.ifindex, m.lla, sizeof(m.lla));
	if (l > 0)
		m.lla_len = (uint8_t)l;
	len = nd_build(&m, buf, sizeof(buf), NULL, NULL);
	if (len > 0 && sock_send(mn->d->icmp_fd, buf, (size_t)len, &po) < 0)
		logmsg(LOG_WARNING, "neighbor advertisement at home: %s",
		       strerror(errno));
}

/* ---- mobile prefix solicitation (11.4.2) ---- */

static void send_mps(struct mn *mn)
{
	const struct conf_mn *c = &mn->d->conf.mn;
	uint8_t buf[64];
	struct nd_msg m;
	int len;

	memset(&m, 0, sizeof(m));
	m.type = ND_MPS;
	m.mp.id = rand_u16();
	len = nd_build(&m, buf, sizeof(buf), NULL, NULL);
	/*
	 * RFC 4877 4.1: under IPsec from the home address, as the BU, so
	 * that the policy on it applies (ESP after the Home Address option
	 * ipmob.ko makes of IPMOB_HAO_TX_TYPE; the kernel's checksum over
	 * the home address is the one 6.3 asks for)
	 */
	if (c->ipsec && len > 0) {
		struct pkt_out po = { .src = &c->hoa, .dst = &mn->ha,
				      .hao_coa = &mn->coa };

		if (sock_send(mn->d->icmp_fd, buf, (size_t)len, &po) == 0)
			mn->mps_sent = true;
		else
			logmsg(LOG_WARNING, "mobile prefix solicitation: %s",
			       strerror(errno));
		return;
	}
	if (len > 0 && sock_send_icmp_hao(buf, (size_t)len, &mn->coa, &c->hoa,
					  &mn->ha) == 0)
		mn->mps_sent = true;
	else
		logmsg(LOG_WARNING, "mobile prefix solicitation: %s",
		       strerror(errno));
}

/* ---- Binding Acknowledgements (11.7.3) ---- */

/* A deregistration is acknowledged (status 0, or 133: no binding left). */
static void mn_deregistered(struct mn *mn, uint8_t status)
{
	const char *sname = mh_ba_status_name(status);

	mn->bu_pending = false;
	loop_timer_cancel(mn->d, &mn->retx);
	mn->registered = false;
	memset(&mn->reg_set, 0, sizeof(mn->reg_set));
	mn_flows_forget(mn);
	loop_timer_cancel(mn->d, &mn->refresh);
	logmsg(LOG_NOTICE, "BA received: status %u (%s), deregistered (%.3fs after movement)",
	       status, sname ? sname : "?",
	       (double)(now_ms() - mn->moved_at) / 1000.0);
	if (mn->where == MN_HOME)
		send_home_na(mn);
}

/*
 * RFC 5648 5.7, 6.2: what the home agent took of the bulk registration:
 * every BID, or with 4 (MCOA NOTCOMPLETE) those whose own status in the
 * BA is below 128.
 */
static void mn_ba_bids(struct mn *mn, const struct mh_msg *m)
{
	char s[INET6_ADDRSTRLEN];
	unsigned int i, j;

	/* 5.7: no BID option back: a home agent without RFC 5648 */
	if (mn->bu_set.n && !(m->opts & MH_OPT(MHOPT_BID))) {
		memset(&mn->reg_set, 0, sizeof(mn->reg_set));
		logmsg(LOG_WARNING, "BA without Binding Identifier options: the home agent registered one care-of address only");
		return;
	}
	mn->reg_set = mn->bu_set;
	if (m->ba.status != BA_MCOA_NOTCOMPLETE)
		return;
	for (i = 0; i < m->n_bid; i++) {
		if (m->bid[i].status < 128)
			continue;
		for (j = 0; j < mn->reg_set.n; j++) {
			if (mn->reg_set.r[j].bid != m->bid[i].bid)
				continue;
			logmsg(LOG_WARNING, "BID %u (care-of %s) refused: status %u",
			       m->bid[i].bid,
			       in6_str(&mn->reg_set.r[j].coa, s),
			       m->bid[i].status);
			memmove(&mn->reg_set.r[j], &mn->reg_set.r[j + 1],
				(mn->reg_set.n - j - 1) *
				sizeof(mn->reg_set.r[0]));
			mn->reg_set.n--;
			break;
		}
	}
}

/*
 * RFC 5555 4.4.2: what an accepted BA says of IPv4. The NAT Detection
 * option of a BA to an IPv4 care-of address: F makes the tunnel UDP, its
 * refresh time the keepalive (all ones: none; 0: NATKATIMEOUT or the
 * configuration's); without F the tunnel is IPv4. The IPv4 Address
 * Acknowledgement: a success binds the IPv4 home address too (its
 * address on the ipmob device), a failure or no option does not.
 */
static void mn_ba_v4(struct mn *mn, const struct mh_msg *m)
{
	const struct conf_mn *c = &mn->d->conf.mn;
	char s[INET_ADDRSTRLEN];
	struct in_addr a;

	mn->udp = false;
	mn->natka_s = 0;
	if (IN6_IS_ADDR_V4MAPPED(&mn->bu_coa)) {
		bool natd = m->opts & MH_OPT(MHOPT_NATD);

		mn->udp = c->force_udp ||
			  (natd && (m->natd.flags & MH_NATD_F_F));
		mn->natka_s = dsmip_keepalive_s(natd, m->natd.refresh,
						c->nat_keepalive);
		if (!mn->udp)
			mn->natka_s = 0;
		logmsg(LOG_INFO, "IPv4 care-of address: %s encapsulation%s",
		       mn->udp ? "UDP" : "IPv4",
		       mn->natka_s ? ", NAT keepalives" : "");
	}
	if (c->hoa4_mode == CONF_HOA4_NONE)
		return;
	if (!(m->opts & MH_OPT(MHOPT_V4ACK)) || m->v4ack.status >= 128) {
		if (m->opts & MH_OPT(MHOPT_V4ACK))
			logmsg(LOG_WARNING, "IPv4 home address refused: status %u (%s)",
			       m->v4ack.status,
			       mh_v4ack_status_name(m->v4ack.status));
		hoa4_remove(mn);
		return;
	}
	memcpy(&a, m->v4ack.addr, 4);
	if (mn->has_hoa4 && mn->hoa4.s_addr != a.s_addr)
		hoa4_remove(mn);
	if (!mn->has_hoa4) {
		if (rtnl_addr4(mn->d->devindex, &a, 32, true) < 0)
			logmsg(LOG_WARNING, "cannot put IPv4 home address %s on the ipmob device: %s",
			       in4_str(&a, s), strerror(errno));
		/* the kernel flushed the device's IPv4 routes with its last
		 * IPv4 address: the default route through it again */
		rtnl_default_dev(AF_INET, mn->d->devindex, MN_LAST_METRIC,
				 true);
		logmsg(LOG_NOTICE, "IPv4 home address %s", in4_str(&a, s));
	}
	mn->has_hoa4 = true;
	mn->hoa4 = a;
}

static void mn_ba(struct mn *mn, const uint8_t *buf, size_t len,
		  const struct mh_msg *m, const struct pkt_info *pi)
{
	struct daemon *d = mn->d;
	const struct conf_mn *c = &d->conf.mn;
	const char *sname = mh_ba_status_name(m->ba.status);
	char h[INET6_ADDRSTRLEN];
	uint32_t granted;
	bool again;

	if (memcmp(&pi->src, &mn->ha, sizeof(mn->ha)) || !mn->bu_pending) {
		logmsg(LOG_DEBUG, "unexpected BA from %s ignored",
		       in6_str(&pi->src, h));
		return;
	}
	/*
	 * 6.1.8, 9.5.4: a BA to a mobile node away from home arrives
	 * through a type 2 routing header naming the care-of address the
	 * BU came from; one to a mobile node at home arrives directly.
	 */
	if (IN6_IS_ADDR_V4MAPPED(&mn->bu_coa)) {
		/* RFC 5555 4.2: in UDP from the home agent's IPv4 address */
		if (!pi->udp4 || pi->from4.s_addr != c->ha4.s_addr ||
		    pi->sport != DSMIP_PORT) {
			logmsg(LOG_WARNING, "BA from %s not in UDP from the home agent's IPv4 address, discarded",
			       in6_str(&pi->src, h));
			return;
		}
	} else if (pi->udp4 ||
		   (memcmp(&mn->bu_coa, &c->hoa, sizeof(c->hoa)) ?
		    !pi->has_rh2 || memcmp(&pi->rh2, &mn->bu_coa,
					   sizeof(pi->rh2)) :
		    pi->has_rh2)) {
		logmsg(LOG_WARNING, "BA from %s not routed to the care-of address of the BU, discarded",
		       in6_str(&pi->src, h));
		return;
	}
	if (c->auth) {
		/* RFC 4285 5.1.1: verify; RFC 4285 6: timestamps match */
		if (!auth_mnha_verify(c->key.key, c->key.len, &mn->bu_coa,
				      &c->hoa, buf, len, m)) {
			logmsg(LOG_WARNING, "BA from %s fails authentication, discarded",
			       in6_str(&pi->src, h));
			return;
		}
		if (m->ba.status == BA_ID_MISMATCH &&
		    (m->opts & MH_OPT(MHOPT_MESGID))) {
			struct timespec now;
			int64_t theirs = (int64_t)(m->timestamp >> 32);
			int64_t ours;

			clock_gettime(CLOCK_REALTIME, &now);
			ours = (int64_t)(ntp_from_timespec(&now) >> 32);
			mn->ts_offset = theirs - ours;
			logmsg(LOG_NOTICE, "BA: timestamp mismatch, clock offset now %llds",
			       (long long)mn->ts_offset);
			send_bu(mn, mn->bu_dereg);
			return;
		}
		if (!(m->opts & MH_OPT(MHOPT_MESGID)) ||
		    m->timestamp != mn->bu_ts) {
			logmsg(LOG_WARNING, "BA from %s: timestamp does not match the BU, discarded",
			       in6_str(&pi->src, h));
			return;
		}
	}
	if (m->ba.status == BA_SEQ_OUT_OF_WINDOW) {
		/* 11.7.3: resend with the last accepted number + 1 */
		logmsg(LOG_NOTICE, "BA: sequence number out of window, resending from %u",
		       m->ba.seq + 1);
		mn->seq = m->ba.seq;
		send_bu(mn, mn->bu_dereg);
		return;
	}
	if (m->ba.seq != mn->bu_seq) {
		logmsg(LOG_DEBUG, "BA for sequence %u, waiting for %u",
		       m->ba.seq, mn->bu_seq);
		return;
	}
	/*
	 * 10.3.2: a home agent with no binding for us answers a
	 * deregistration with 133. After a retransmission that means the
	 * first BU was accepted and its BA lost (a node just back home
	 * answers the BA's address resolution only once its home address
	 * is on the home link, 11.5.5): the binding is gone, which is
	 * what we asked for.
	 */
	if (m->ba.status == BA_NOT_HA_FOR_MN && mn->bu_dereg) {
		mn_deregistered(mn, m->ba.status);
		return;
	}
	if (m->ba.status >= 128) {
		logmsg(LOG_ERR, "BA received: status %u (%s)", m->ba.status,
		       sname ? sname : "?");
		switch (m->ba.status) {
		case BA_AUTH_FAIL:	/* RFC 4285 5.3: stop */
		case BA_PROHIBITED:
		case BA_HR_NOT_SUPPORTED:
		case BA_NOT_HOME_SUBNET:
		case BA_NOT_HA_FOR_MN:
		case BA_DAD_FAILED:
		/*
		 * RFC 3963 5.4: with one home agent to ask, the mobile
		 * router operation it refuses, the prefixes it will not
		 * route and a registration type it will not change stop
		 * the registration (logged); 141 and 142 in implicit mode
		 * and 143 in explicit mode are fatal errors anyway.
		 */
		case BA_REG_TYPE_CHANGE:
		case BA_MR_OP_NOT_PERMITTED:
		case BA_INVALID_PREFIX:
		case BA_NOT_AUTH_FOR_PREFIX:
		case BA_FWD_SETUP_FAILED:
			mn->stopped = true;
			mn->bu_pending = false;
			loop_timer_cancel(d, &mn->retx);
			logmsg(LOG_ERR, "home registration stopped; fix the configuration and restart ipmobd");
			break;
		}
		return;	/* others: the retransmission timer retries */
	}
	if (mn->bu_dereg) {
		mn_deregistered(mn, m->ba.status);
		return;
	}
	if (c->mobile_router && !(m->ba.flags & MH_BA_F_R)) {
		/*
		 * RFC 3963 5.3: a home agent that does not set R does not
		 * support mobile routers: deregister from it (and, with no
		 * other to ask, register no more; the BA is for our
		 * sequence number, so the binding exists).
		 */
		logmsg(LOG_ERR, "BA without the R flag: home agent %s does not support mobile routers; deregistering, no more registrations",
		       in6_str(&pi->src, h));
		mn->registered = true;
		mn->reg_coa = mn->bu_coa;
		mn->mr_refused = true;
		send_bu(mn, true);
		return;
	}
	mn->bu_pending = false;
	loop_timer_cancel(d, &mn->retx);
	granted = (uint32_t)m->ba.lifetime * 4;
	if (granted > (uint32_t)mn->bu_lifetime * 4)
		granted = (uint32_t)mn->bu_lifetime * 4;
	mn->registered = true;
	mn->reg_coa = mn->bu_coa;
	mn->granted = granted;
	if (!IN6_IS_ADDR_V4MAPPED(&mn->reg_coa))
		mn->v4_preferred = false;	/* IPv6 works again */
	if (c->mcoa)
		mn_ba_bids(mn, m);
	again = mn_ba_flows(mn, m);
	mn_ba_v4(mn, m);
	kernel_install(mn);
	mn_home_addr(mn);
	/* RFC 5555 2.4: no route optimisation from an IPv4 care-of address */
	if (!IN6_IS_ADDR_V4MAPPED(&mn->reg_coa))
		ro_registered(d, &mn->ha, &mn->reg_coa, granted);
	logmsg(LOG_NOTICE, "BA received: status %u (%s), seq %u, lifetime %us (%.3fs after movement)",
	       m->ba.status, sname ? sname : "?", m->ba.seq, granted,
	       (double)(now_ms() - mn->moved_at) / 1000.0);
	/* 11.7.1: refresh before expiry, earlier if the HA advises (6.2.4) */
	{
		uint32_t r = granted * 3 / 4;

		if ((m->opts & MH_OPT(MHOPT_BRA)) && m->refresh &&
		    (uint32_t)m->refresh * 4 < r)
			r = (uint32_t)m->refresh * 4;
		/* RFC 5555 4.3: the NAT's mapping kept by BUs */
		if (mn->natka_s && mn->natka_s < r)
			r = mn->natka_s;
		schedule_refresh(mn, r);
	}
	if (!mn->mps_sent && !IN6_IS_ADDR_V4MAPPED(&mn->reg_coa))
		send_mps(mn);
	if (again)
		send_bu(mn, false);
}

/* Every message roles_mh() parsed, whoever else answered it. */
void mn_mh(struct daemon *d, const struct mh_msg *m, const uint8_t *buf,
	   size_t len, const struct pkt_info *pi)
{
	struct mn *mn = d->mn;
	char s[INET6_ADDRSTRLEN];

	/* from a correspondent: route optimisation (ro.c) */
	if (ro_mh(d, buf, len, m, pi))
		return;
	switch (m->type) {
	case MH_BA:
		mn_ba(mn, buf, len, m, pi);
		break;
	case MH_BRR:		/* 11.7.4 */
		if (!memcmp(&pi->src, &mn->ha, sizeof(mn->ha)) &&
		    mn->registered && !mn->bu_pending) {
			logmsg(LOG_INFO, "Binding Refresh Request from the home agent");
			send_bu(mn, false);
		}
		break;
	case MH_BE:		/* 11.3.6 */
		logmsg_peer(LOG_NOTICE, "Binding Error from %s: status %u",
			    in6_str(&pi->src, s), m->be.status);
		break;
	default:
		logmsg_peer(LOG_DEBUG, "MH type %u from %s ignored", m->type,
			    in6_str(&pi->src, s));
	}
}

/* ---- home agent discovery (11.4.1) ---- */

static void send_dhaad(struct mn *mn)
{
	const struct conf_mn *c = &mn->d->conf.mn;
	struct in6_addr prefix = c->hoa, anycast;
	struct pkt_out po = { .src = &mn->coa, .dst = &anycast,
			      .ifindex = mn->link };
	uint8_t buf[64];
	struct nd_msg m;
	unsigned int i;
	int len;

	for (i = c->home_plen; i < 128; i++)
		prefix.s6_addr[i / 8] &= (uint8_t)~(0x80 >> (i % 8));
	nd_ha_anycast(&prefix, c->home_plen, &anycast);
	memset(&m, 0, sizeof(m));
	m.type = ND_DHAAD_REQ;
	m.dhaad.id = mn->dhaad_id;
	len = nd_build(&m, buf, sizeof(buf), NULL, NULL);
	if (len > 0 && sock_send(mn->d->icmp_fd, buf, (size_t)len, &po) < 0)
		logmsg(LOG_WARNING, "DHAAD request: %s", strerror(errno));
	else
		logmsg(LOG_NOTICE, "DHAAD request sent (id %u)", mn->dhaad_id);
	loop_timer_arm(mn->d, &mn->dhaad, mn->dhaad_ms);
}

static void dhaad_expired(struct daemon *d, void *data)
{
	struct mn *mn = data;

	(void)d;
	if (mn->ha_known || mn->where != MN_AWAY)
		return;
	mn->dhaad_ms = mn->dhaad_ms * 2 > DHAAD_MAX_MS ? DHAAD_MAX_MS :
		       mn->dhaad_ms * 2;
	/* 11.4.1: "the same Request message", so the same (random) id */
	send_dhaad(mn);
}

void mn_icmp(struct daemon *d, const uint8_t *buf, size_t len,
	     const struct pkt_info *pi)
{
	struct mn *mn = d->mn;
	char h[INET6_ADDRSTRLEN];
	struct nd_msg m;
	unsigned int i;

	if (nd_parse(buf, len, NULL, NULL, pi->hop_limit, &m))
		return;
	switch (m.type) {
	case ND_DHAAD_REP:
		if (mn->ha_known || m.dhaad.id != mn->dhaad_id ||
		    !m.dhaad.n_ha)
			return;
		mn->ha = m.dhaad.ha[0];
		mn->ha_known = true;
		loop_timer_cancel(d, &mn->dhaad);
		logmsg(LOG_NOTICE, "DHAAD: home agent %s", in6_str(&mn->ha, h));
		send_bu(mn, false);
		break;
	case ND_MPA:
		for (i = 0; i < m.n_prefix; i++)
			logmsg(LOG_INFO, "mobile prefix advertisement: %s/%u valid %us",
			       in6_str(&m.prefix[i].prefix, h), m.prefix[i].len,
			       m.prefix[i].valid);
		break;
	case ND_RA:
		/* RFC 6059 5.1, 5.7.2: the SDAT learns it; it confirms */
		if (dna_ra(&mn->dna, pi->ifindex, &pi->src,
			   m.lla_len ? m.lla : NULL, m.lla_len,
			   m.ra.router_lifetime, m.prefix, m.n_prefix,
			   now_ms()))
			logmsg(LOG_DEBUG, "DNA: router %s confirms its prefixes",
			       in6_str(&pi->src, h));
		/* a router appeared: look again (11.5.1) */
		loop_timer_arm(d, &mn->eval, EVAL_DELAY_MS);
		break;
	case ND_NA:
		/*
		 * RFC 6059 5.7.1: the answer to a probe. A solicited NA
		 * only: an unsolicited one answers nothing we asked.
		 */
		if (!(m.n.flags & ND_NA_F_S) ||
		    !dna_na(&mn->dna, pi->ifindex, &pi->src, &m.n.target,
			    m.lla_len ? m.lla : NULL, m.lla_len))
			break;
		logmsg(LOG_INFO, "DNA: router %s answered: the link is one we knew",
		       in6_str(&pi->src, h));
		loop_timer_arm(d, &mn->eval, 0);
		break;
	}
}

/* ---- movement detection (11.5.1) and care-of address (11.5.4) ---- */

static int link_pref(const struct conf_mn *c, const char *name,
		     unsigned int *order)
{
	unsigned int i;

	for (i = 0; i < c->n_links; i++) {
		if (!strcmp(c->links[i].name, name)) {
			*order = i;
			return c->links[i].preference;
		}
	}
	*order = c->n_links;
	return c->n_links ? -100000 : 0;	/* not listed: not used */
}

static bool addr_usable(const struct ns_addr *a)
{
	if (a->scope != 0)	/* RT_SCOPE_UNIVERSE */
		return false;
	if (a->flags & IFA_F_DADFAILED)
		return false;
	if ((a->flags & IFA_F_TENTATIVE) && !(a->flags & IFA_F_OPTIMISTIC))
		return false;
	return true;
}

struct choice {
	enum mn_where where;
	int link;
	struct in6_addr coa;
	struct mcoa_set set;	/* multiple-care-of: every foreign link's */
	int home_link;		/* home-binding: the home link in @set */
};

/*
 * A link that may give a care-of address: not the ipmob device or
 * loopback, one of the configured links (when they are named), up with
 * a carrier; its preference and place in the configuration.
 */
static bool link_candidate(const struct mn *mn, const struct ns_link *l,
			   int *pref, unsigned int *order)
{
	const struct conf_mn *c = &mn->d->conf.mn;

	if (l->ifindex == mn->d->devindex || !strcmp(l->name, "lo"))
		return false;
	*pref = link_pref(c, l->name, order);
	if (c->n_links && *order == c->n_links)
		return false;
	return (l->flags & IFF_UP) && (l->flags & IFF_LOWER_UP);
}

/*
 * Is a an address of the IPv4 home network (the IPv4 home address, or
 * inside the prefix ipv4-home-address gives)? RFC 5555 4.4.4: IPv4 is
 * for a node in a visited network; none of these is a care-of address.
 */
static bool hoa4_home_net(const struct conf_mn *c, const struct in_addr *a)
{
	if (c->hoa4_mode != CONF_HOA4_STATIC)
		return false;
	return a->s_addr == c->hoa4.s_addr ||
	       (c->hoa4_plen < 32 && in4_in_prefix(a, &c->hoa4, c->hoa4_plen));
}

/*
 * RFC 5555 4.4.1: with no IPv6 care-of address, an IPv4 one: the most
 * preferred usable link with an IPv4 default route and an address.
 */
static void choose_v4(struct mn *mn, const struct netstate *ns,
		      struct choice *ch)
{
	const struct conf_mn *c = &mn->d->conf.mn;
	int best_pref = -1000000;
	unsigned int best_order = ~0u;
	unsigned int i, j;

	for (i = 0; i < ns->n_links; i++) {
		const struct ns_link *l = &ns->links[i];
		const struct ns_addr4 *a = NULL;
		bool router = false;
		unsigned int order;
		int pref;

		if (!link_candidate(mn, l, &pref, &order))
			continue;
		for (j = 0; j < ns->n_routers4; j++)
			if (ns->routers4[j].ifindex == l->ifindex &&
			    !ns->routers4[j].linkdown)
				router = true;
		for (j = 0; router && !a && j < ns->n_addrs4; j++)
			if (ns->addrs4[j].ifindex == l->ifindex &&
			    ns->addrs4[j].scope == 0 &&
			    !hoa4_home_net(c, &ns->addrs4[j].addr))
				a = &ns->addrs4[j];
		if (!a)
			continue;
		if (pref > best_pref || (pref == best_pref && order < best_order)) {
			best_pref = pref;
			best_order = order;
			ch->link = l->ifindex;
			ch->where = MN_AWAY;
			in6_set_v4mapped(&ch->coa, &a->addr);
		}
	}
}

static void choose(struct mn *mn, const struct netstate *ns, struct choice *ch)
{
	const struct conf_mn *c = &mn->d->conf.mn;
	int best_pref = -1000000, away_pref = -1000000;
	unsigned int best_order = ~0u, away_order = ~0u;
	struct mcoa_rec hrec = { .bid = 0 };
	int away_link = 0, home_link = 0;
	struct in6_addr away_coa;
	unsigned int i, j;

	memset(ch, 0, sizeof(*ch));
	memset(&away_coa, 0, sizeof(away_coa));
	ch->where = MN_DETACHED;
	/* (sorted by BID below, as the home agent keeps them) */
	for (i = 0; i < ns->n_links; i++) {
		const struct ns_link *l = &ns->links[i];
		bool router = false, home = false, have_coa = false;
		struct in6_addr coa;
		unsigned int order;
		int pref;

		if (!link_candidate(mn, l, &pref, &order))
			continue;
		for (j = 0; j < ns->n_routers; j++)
			if (ns->routers[j].ifindex == l->ifindex &&
			    !ns->routers[j].linkdown)
				router = true;
		if (!router)
			continue;
		for (j = 0; j < ns->n_addrs; j++) {
			const struct ns_addr *a = &ns->addrs[j];

			if (a->ifindex != l->ifindex || !addr_usable(a) ||
			    !dna_usable(&mn->dna, l->ifindex, &a->addr))
				continue;
			if (in6_in_prefix(&a->addr, &c->hoa, c->home_plen)) {
				home = true;
			} else if (!have_coa ||
				   !(a->flags & IFA_F_DEPRECATED)) {
				coa = a->addr;
				have_coa = !(a->flags & IFA_F_DEPRECATED) ||
					   !have_coa;
			}
		}
		if (!home && !have_coa)
			continue;
		/* RFC 5648: each foreign link's care-of address, its BID */
		if (c->mcoa && !home && order < c->n_links &&
		    ch->set.n < MH_MAX_BID) {
			struct mcoa_rec r = { .bid = c->links[order].bid,
					      .prio = c->links[order].priority,
					      .coa = coa };

			ch->set.r[ch->set.n++] = r;
		}
		/* RFC 5648 5.6.3: at home, a home binding of this link's BID */
		if (c->home_binding && home && !home_link && order < c->n_links) {
			hrec.bid = c->links[order].bid;
			hrec.prio = c->links[order].priority;
			hrec.home = true;
			hrec.coa = c->hoa;
			home_link = l->ifindex;
		}
		if (!home && (pref > away_pref ||
			      (pref == away_pref && order < away_order))) {
			away_pref = pref;
			away_order = order;
			away_link = l->ifindex;
			away_coa = coa;
		}
		if (pref > best_pref || (pref == best_pref && order < best_order)) {
			best_pref = pref;
			best_order = order;
			ch->link = l->ifindex;
			ch->where = home ? MN_HOME : MN_AWAY;
			if (!home)
				ch->coa = coa;
		}
	}
	/*
	 * 5.6: at home and away at once, the node stays registered: the
	 * foreign links' bindings and the home link's home binding, in a
	 * BU from the preferred foreign link (from the home link it would
	 * be a deregistration, RFC 6275 6.1.7)
	 */
	if (home_link && ch->set.n && ch->set.n < MH_MAX_BID) {
		ch->set.r[ch->set.n++] = hrec;
		ch->where = MN_AWAY;
		ch->link = away_link;
		ch->coa = away_coa;
		ch->home_link = home_link;
	}
	mcoa_sort(&ch->set);
	if (ch->where != MN_AWAY)
		memset(&ch->set, 0, sizeof(ch->set));
	if (ch->where == MN_DETACHED && c->has_ha4)
		choose_v4(mn, ns, ch);
	/* RFC 5555 4.4.1: IPv6 went unanswered: IPv4 where there is one */
	if (ch->where == MN_AWAY && mn->v4_preferred && c->has_ha4 &&
	    !c->mcoa) {
		struct choice v4 = { .where = MN_DETACHED };

		choose_v4(mn, ns, &v4);
		if (v4.where == MN_AWAY) {
			ch->link = v4.link;
			ch->coa = v4.coa;
		}
	}
}

/* A source route's destination: NULL for the default route. */
static const struct in6_addr *sr_dst(const struct mn_sr *r)
{
	return IN6_IS_ADDR_UNSPECIFIED(&r->dst) ? NULL : &r->dst;
}

/*
 * RFC 5648: a care-of address's tunnelled packets leave through its own
 * link (the kernel's route for them is chosen by their source), so a
 * source-specific default route per care-of address of set, through a
 * router of its link (ns); the ones no longer wanted go.
 */
static void mn_srcroutes(struct mn *mn, const struct netstate *ns,
			 const struct mcoa_set *set, int home_link)
{
	struct mn_sr want[2 * MH_MAX_BID];
	char s[INET6_ADDRSTRLEN];
	unsigned int n = 0, i, j;

	for (i = 0; set && i < set->n; i++) {
		const struct ns_addr *a = NULL;
		int ifindex = 0;

		for (j = 0; j < ns->n_addrs && !a; j++)
			if (!memcmp(&ns->addrs[j].addr, &set->r[i].coa,
				    sizeof(set->r[i].coa)))
				a = &ns->addrs[j];
		if (a)
			ifindex = a->ifindex;
		/*
		 * RFC 5648 5.6.4: the home binding's packets leave from the
		 * home address through the home link's router
		 */
		if (set->r[i].home)
			ifindex = home_link;
		if (!ifindex)
			continue;
		for (j = 0; j < ns->n_routers; j++) {
			if (ns->routers[j].ifindex != ifindex ||
			    ns->routers[j].linkdown)
				continue;
			memset(&want[n], 0, sizeof(want[n]));
			want[n].src = set->r[i].coa;
			want[n].gw = ns->routers[j].gw;
			want[n].ifindex = ifindex;
			n++;
			/*
			 * 5.6: the home link on-link, the home agent's address
			 * is in its prefix: the tunnel keeps to its own link
			 */
			if (home_link && !set->r[i].home && mn->ha_known) {
				want[n] = want[n - 1];
				want[n].dst = mn->ha;
				n++;
			}
			break;
		}
	}
	for (i = 0; i < mn->n_sr; i++) {
		for (j = 0; j < n && memcmp(&want[j], &mn->sr[i],
					    sizeof(want[j])); j++)
			;
		if (j == n)
			rtnl_srcroute(mn->sr[i].ifindex, &mn->sr[i].gw,
				      &mn->sr[i].src, sr_dst(&mn->sr[i]), false);
	}
	for (j = 0; j < n; j++) {
		int r;

		for (i = 0; i < mn->n_sr && memcmp(&want[j], &mn->sr[i],
						   sizeof(want[j])); i++)
			;
		if (i < mn->n_sr)
			continue;
		r = rtnl_srcroute(want[j].ifindex, &want[j].gw, &want[j].src,
				  sr_dst(&want[j]), true);
		if (r < 0)
			logmsg(LOG_WARNING, "source route for care-of %s: %s",
			       in6_str(&want[j].src, s), strerror(-r));
	}
	memcpy(mn->sr, want, n * sizeof(want[0]));
	mn->n_sr = n;
}

/*
 * RFC 5648 with the care-of addresses of set: a link gone leaves the
 * kernel's records at once, so that what the node sends moves to the
 * others now (and the home agent's with the bulk BU that follows).
 */
static void mn_set_changed(struct mn *mn, const struct mcoa_set *set)
{
	char s[INET6_ADDRSTRLEN];
	bool dropped = false;
	unsigned int i = 0;

	while (i < mn->reg_set.n) {
		const struct mcoa_rec *r = mcoa_find(set, mn->reg_set.r[i].bid);

		if (r && !memcmp(&r->coa, &mn->reg_set.r[i].coa,
				 sizeof(r->coa))) {
			i++;
			continue;
		}
		logmsg(LOG_NOTICE, "BID %u (care-of %s) withdrawn",
		       mn->reg_set.r[i].bid,
		       in6_str(&mn->reg_set.r[i].coa, s));
		memmove(&mn->reg_set.r[i], &mn->reg_set.r[i + 1],
			(mn->reg_set.n - i - 1) * sizeof(mn->reg_set.r[0]));
		mn->reg_set.n--;
		dropped = true;
	}
	mn->set = *set;
	if (dropped && mn->registered && mn->reg_set.n)
		kernel_install(mn);
}

/*
 * RFC 5648 5.6: away with a home binding registered, the home address is
 * on the home link, defended there by the node (5.6.4: only after the BA
 * accepted it, the home agent may have been proxying until then), with
 * an advertisement that takes the link's caches back; without one, or
 * with the home link gone, it is not (the home agent proxies it again).
 * At home, mn_go_home() places it.
 */
static void mn_home_addr(struct mn *mn)
{
	const struct conf_mn *c = &mn->d->conf.mn;
	bool home = mn->home_link && mcoa_home(&mn->set);
	/*
	 * registered as a home binding; or already there (the node was at
	 * home) while its first registration is on its way: a home agent
	 * that refuses the home BID proxies the address, and then the node
	 * must not answer for it too
	 */
	bool want = home && (mcoa_home(&mn->reg_set) ||
			     (mn->hoa_link == mn->home_link &&
			      (mn->bu_pending || !mn->registered)));
	char name[IF_NAMESIZE + 8];

	if (mn->where != MN_AWAY ||
	    (want && mn->hoa_link == mn->home_link))
		return;
	if (mn->hoa_link) {
		rtnl_addr(mn->hoa_link, &c->hoa, c->home_plen, false, false);
		logmsg(LOG_NOTICE, "home address off %s",
		       ifindex_name((uint32_t)mn->hoa_link, name));
		mn->hoa_link = 0;
	}
	if (!want)
		return;
	if (rtnl_addr(mn->home_link, &c->hoa, c->home_plen, true, true) < 0 &&
	    errno != EEXIST) {
		logmsg(LOG_WARNING, "cannot put the home address on the home link: %s",
		       strerror(errno));
		return;
	}
	mn->hoa_link = mn->home_link;
	logmsg(LOG_NOTICE, "home binding: home address on %s, BID %u",
	       ifindex_name((uint32_t)mn->hoa_link, name),
	       mcoa_home(&mn->reg_set)->bid);
	send_home_na(mn);
}

/* The IPv4 home address leaves the home link (the node left it). */
static void hoa4_home_remove(struct mn *mn)
{
	if (!mn->hoa4_link)
		return;
	arp_cancel(mn->d, mn->hoa4_home);
	rtnl_addr4(mn->hoa4_link, &mn->hoa4_home, mn->hoa4_home_plen, false);
	mn->hoa4_link = 0;
}

/*
 * Back on the home link with an IPv4 home address (the one acknowledged,
 * or the configured one): the address goes on the link, with the home
 * link's prefix length when it is the configured one, and a gratuitous
 * ARP takes the home link's ARP caches back from the home agent before
 * the deregistration goes out (RFC 5944 4.6, as 11.5.5's advertisement
 * does for the IPv6 home address).
 */
static void hoa4_home_add(struct mn *mn, int link, struct in_addr a)
{
	const struct conf_mn *c = &mn->d->conf.mn;
	uint8_t plen = 32, lla[16];
	char s[INET_ADDRSTRLEN];
	int l;

	if (c->hoa4_mode == CONF_HOA4_STATIC && c->hoa4.s_addr == a.s_addr)
		plen = c->hoa4_plen ? c->hoa4_plen : 32;
	if (mn->hoa4_link && (mn->hoa4_link != link ||
			      mn->hoa4_home.s_addr != a.s_addr))
		hoa4_home_remove(mn);
	if (!mn->hoa4_link &&
	    rtnl_addr4(link, &a, plen, true) < 0 && errno != EEXIST)
		logmsg(LOG_WARNING, "cannot put IPv4 home address %s on the home link: %s",
		       in4_str(&a, s), strerror(errno));
	mn->hoa4_link = link;
	mn->hoa4_home = a;
	mn->hoa4_home_plen = plen;
	l = link_lladdr(link, lla, sizeof(lla));
	if (l > 0)
		arp_announce(mn->d, link, a, lla, (size_t)l);
}

/*
 * RFC 4877 4.4, 7.4 (security ikev2): the IKE SA runs from the care-of
 * address and follows it by MOBIKE. A host route to the home agent
 * through the current link's router pins that path; replacing it on each
 * movement is also the route change that makes charon look at its path
 * again (it follows routes and addresses, and a link that only lost its
 * carrier keeps both). link 0: withdrawn (at home, stopping).
 */
static void mn_ike_path(struct mn *mn, const struct netstate *ns, int link)
{
	const struct conf_mn *c = &mn->d->conf.mn;
	char h[INET6_ADDRSTRLEN];
	unsigned int j;
	int r;

	if (!c->ikev2)
		return;
	for (j = 0; link && ns && j < ns->n_routers; j++)
		if (ns->routers[j].ifindex == link && !ns->routers[j].linkdown)
			break;
	if (link && ns && j < ns->n_routers &&
	    (mn->ike_ifindex != link ||
	     memcmp(&mn->ike_gw, &ns->routers[j].gw, sizeof(mn->ike_gw)))) {
		r = rtnl_prefix_route(link, &ns->routers[j].gw, &c->ha, 128,
				      true);
		if (r < 0)
			logmsg(LOG_WARNING, "IKE: the route to the home agent %s: %s",
			       in6_str(&c->ha, h), strerror(-r));
		if (mn->ike_ifindex && mn->ike_ifindex != link)
			rtnl_prefix_route(mn->ike_ifindex, &mn->ike_gw, &c->ha,
					  128, false);
		mn->ike_ifindex = r < 0 ? 0 : link;
		mn->ike_gw = ns->routers[j].gw;
	} else if (!link && mn->ike_ifindex) {
		rtnl_prefix_route(mn->ike_ifindex, &mn->ike_gw, &c->ha, 128,
				  false);
		mn->ike_ifindex = 0;
	}
}

/*
 * RFC 4877 4.1 (security ikev2): HoTI and HoT, or with protect payload
 * every packet of the home address, go between the care-of address and
 * the home agent in ESP tunnel mode; the policies name the care-of
 * address, so they follow it (charon moves the states by MOBIKE). coa
 * NULL: removed (at home), whether this run set them or an earlier one.
 */
static void mn_ipsec_tunnel(struct mn *mn, const struct in6_addr *coa)
{
	const struct conf_mn *c = &mn->d->conf.mn;

	if (!ike_mn_tunnel(c))
		return;
	if (!coa) {
		xfrm_tunnel_clear(false, &c->hoa, c->protect_payload);
		mn->tun_set = false;
		return;
	}
	if (mn->tun_set && !memcmp(&mn->tun_coa, coa, sizeof(*coa)))
		return;
	mn->tun_set = !xfrm_tunnel_set(false, &c->hoa, coa, &c->ha,
				       c->ipsec_reqid + 1, c->protect_payload);
	mn->tun_coa = *coa;
}

static void mn_go_home(struct mn *mn, int link)
{
	struct daemon *d = mn->d;
	const struct conf_mn *c = &d->conf.mn;
	char name[IF_NAMESIZE + 8];
	struct in_addr a4 = { 0 };

	/* the IPv4 home address the node has, or the one it would ask for */
	if (mn->has_hoa4)
		a4 = mn->hoa4;
	else if (c->hoa4_mode == CONF_HOA4_STATIC)
		a4 = c->hoa4;
	mn->where = MN_HOME;
	mn->link = link;
	mn->v4_preferred = false;	/* 4.4.1: another domain */
	logmsg(LOG_NOTICE, "movement: at home on %s", ifindex_name((uint32_t)link, name));
	/*
	 * 11.5.5: stop tunnelling before the deregistration goes out (it
	 * is sent from the home address, directly), take the home address
	 * on the home link without DAD (the home agent still defends it).
	 */
	kernel_remove(mn);
	mn_ike_path(mn, NULL, 0);
	mn_ipsec_tunnel(mn, NULL);
	if (mn->hoa_link && mn->hoa_link != link)
		rtnl_addr(mn->hoa_link, &c->hoa, c->home_plen, false, false);
	rtnl_addr(link, &c->hoa, c->home_plen, true, true);
	mn->hoa_link = link;
	if (a4.s_addr)
		hoa4_home_add(mn, link, a4);
	ro_home(d);
	loop_timer_cancel(d, &mn->refresh);
	if (mn->registered || mn->bu_pending)
		send_bu(mn, true);
	else
		send_home_na(mn);
}

static void mn_go_away(struct mn *mn, int link, const struct in6_addr *coa)
{
	struct daemon *d = mn->d;
	const struct conf_mn *c = &d->conf.mn;
	char name[IF_NAMESIZE + 8], s[INET6_ADDRSTRLEN];

	/*
	 * the home agent answers ARP for the IPv4 home address (RFC 5944
	 * 4.6: away from home the node answers none)
	 */
	hoa4_home_remove(mn);
	mn->where = MN_AWAY;
	mn->link = link;
	mn->coa = *coa;
	/*
	 * and defends the IPv6 one (10.4.1), unless the node stays on the
	 * home link with a home binding (RFC 5648 5.6)
	 */
	mn_home_addr(mn);
	logmsg(LOG_NOTICE, "movement: away on %s, care-of address %s",
	       ifindex_name((uint32_t)link, name), in6_str(coa, s));
	if (!mn->ha_known) {
		if (!loop_timer_armed(&mn->dhaad)) {
			mn->dhaad_ms = DHAAD_INITIAL_MS;
			mn->dhaad_id = rand_u16();
			send_dhaad(mn);
		}
		return;
	}
	if (mn->registered && !mn->bu_pending &&
	    !memcmp(&mn->reg_coa, coa, sizeof(*coa)) &&
	    (!c->mcoa || mcoa_equal(&mn->reg_set, &mn->set)))
		return;		/* same binding: nothing to say */
	send_bu(mn, false);
}

/* A link-local address of ifindex that may be a probe's source. */
static bool have_ll(const struct netstate *ns, int ifindex)
{
	unsigned int i;

	for (i = 0; i < ns->n_addrs; i++) {
		const struct ns_addr *a = &ns->addrs[i];

		/*
		 * RFC 4429 3.2: never an optimistic (or tentative) source
		 * for a Neighbor Solicitation
		 */
		if (a->ifindex == ifindex && IN6_IS_ADDR_LINKLOCAL(&a->addr) &&
		    !(a->flags & (IFA_F_TENTATIVE | IFA_F_OPTIMISTIC |
				  IFA_F_DADFAILED)))
			return true;
	}
	return false;
}

/*
 * RFC 6059 5.4-5.6: a link-up on a link where we knew routers starts a
 * detection (its addresses are inoperable until confirmed) and sends
 * each known router a unicast Neighbor Solicitation to its link-local
 * and link-layer address, beside the Router Solicitation.
 */
static void dna_arrival(struct mn *mn, const struct netstate *ns,
			const struct ns_link *l)
{
	struct dna_probe pr[DNA_MAX_PROBES];
	char h[INET6_ADDRSTRLEN];
	unsigned int i, n;
	uint8_t mac[ND_LLA_MAX];
	int mac_len;

	if (!mn->d->conf.mn.dna)
		return;		/* the kernel's view, as it is */
	n = dna_link_up(&mn->dna, l->ifindex, now_ms(), pr);
	if (dna_detecting(&mn->dna, l->ifindex))
		logmsg(LOG_INFO, "DNA: link-up on %s: %u known router(s) probed",
		       l->name, n);
	if (!n || !have_ll(ns, l->ifindex))
		return;
	mac_len = link_lladdr(l->ifindex, mac, sizeof(mac));
	for (i = 0; i < n; i++) {
		struct pkt_out po = { .dst = &pr[i].ll, .ifindex = l->ifindex,
				      .hop_limit = 255 };
		uint8_t buf[64];
		struct nd_msg m;
		int len;

		if (rtnl_neigh_stale(l->ifindex, &pr[i].ll, pr[i].lla,
				     sizeof(pr[i].lla)) < 0)
			continue;
		memset(&m, 0, sizeof(m));
		m.type = ND_NS;
		m.n.target = pr[i].ll;
		if (mac_len > 0) {	/* 5.6.1: SHOULD carry it */
			m.lla_len = (uint8_t)mac_len;
			memcpy(m.lla, mac, (size_t)mac_len);
		}
		len = nd_build(&m, buf, sizeof(buf), NULL, NULL);
		if (len > 0 && sock_send(mn->d->icmp_fd, buf, (size_t)len,
					 &po) == 0)
			logmsg(LOG_DEBUG, "DNA: probe to router %s on %s",
			       in6_str(&pr[i].ll, h), l->name);
	}
	/* look again when an unanswered probe says the router is gone */
	loop_timer_arm(mn->d, &mn->eval, DNA_NA_WAIT_MS + EVAL_DELAY_MS);
}

/*
 * RFC 6059 5.8: routers probed that did not answer while another
 * router's RA confirmed the link are not on it: their default routes go
 * (the kernel keeps them until their lifetime ends or neighbour
 * unreachability detection gives up, seconds).
 */
static void dna_gone(struct mn *mn, const struct netstate *ns)
{
	char h[INET6_ADDRSTRLEN];
	struct in6_addr ll[DNA_MAX_PROBES];
	unsigned int i, j, n;

	for (i = 0; i < ns->n_links; i++) {
		const struct ns_link *l = &ns->links[i];

		if (!dna_detecting(&mn->dna, l->ifindex))
			continue;
		n = dna_absent(&mn->dna, l->ifindex, now_ms(), ll,
			       DNA_MAX_PROBES);
		for (j = 0; j < n; j++) {
			logmsg(LOG_NOTICE, "DNA: router %s is not on the link %s now: its default route removed",
			       in6_str(&ll[j], h), l->name);
			rtnl_default_del(l->ifindex, &ll[j]);
		}
	}
}

/*
 * 11.5.1: on a link that just got its carrier, ask for a Router
 * Advertisement at once rather than wait for the next unsolicited one;
 * the router we knew there may be gone, or its route about to expire.
 */
static void solicit_on_arrival(struct mn *mn, const struct netstate *ns)
{
	static const struct in6_addr all_routers = {
		.s6_addr = { 0xff, 0x02, [15] = 2 } };
	unsigned int i, j, n = 0;
	int now_up[NS_MAX_LINKS];

	for (i = 0; i < ns->n_links && n < NS_MAX_LINKS; i++) {
		const struct ns_link *l = &ns->links[i];
		unsigned int order;
		bool was = false;

		if (l->ifindex == mn->d->devindex ||
		    !(l->flags & IFF_UP) || !(l->flags & IFF_LOWER_UP) ||
		    (mn->d->conf.mn.n_links &&
		     link_pref(&mn->d->conf.mn, l->name, &order) == -100000))
			continue;
		now_up[n++] = l->ifindex;
		for (j = 0; j < mn->n_carrier; j++)
			was |= mn->carrier[j] == l->ifindex;
		if (!was) {
			struct pkt_out po = { .dst = &all_routers,
					      .ifindex = l->ifindex,
					      .hop_limit = 255 };
			uint8_t buf[16];
			struct nd_msg m;
			int len;

			memset(&m, 0, sizeof(m));
			m.type = ND_RS;
			len = nd_build(&m, buf, sizeof(buf), NULL, NULL);
			if (len > 0 && sock_send(mn->d->icmp_fd, buf, (size_t)len,
						 &po) == 0)
				logmsg(LOG_DEBUG, "router solicitation on %s", l->name);
			dna_arrival(mn, ns, l);
		}
	}
	/* links that lost their carrier: their detection ends */
	for (j = 0; j < mn->n_carrier; j++) {
		for (i = 0; i < n && now_up[i] != mn->carrier[j]; i++)
			;
		if (i == n)
			dna_link_down(&mn->dna, mn->carrier[j]);
	}
	memcpy(mn->carrier, now_up, n * sizeof(now_up[0]));
	mn->n_carrier = n;
}

static void eval_now(struct daemon *d, void *data)
{
	struct mn *mn = data;
	struct netstate *ns = malloc(sizeof(*ns));
	struct choice ch;

	if (!ns)
		return;
	if (netstate_read(ns) < 0) {
		logmsg(LOG_WARNING, "cannot read links and addresses: %s",
		       strerror(errno));
		free(ns);
		loop_timer_arm(d, &mn->eval, 1000);
		return;
	}
	solicit_on_arrival(mn, ns);
	dna_gone(mn, ns);
	choose(mn, ns, &ch);
	if (d->conf.mn.mcoa)
		mn_srcroutes(mn, ns, ch.where == MN_AWAY ? &ch.set : NULL,
			     ch.home_link);
	/* before the BU a movement sends, which waits for the IKE SA */
	if (ch.where == MN_AWAY)
		mn_ike_path(mn, ns, ch.link);
	free(ns);
	mn->home_link = ch.home_link;
	if (ch.where == mn->where && ch.link == mn->link &&
	    (ch.where != MN_AWAY || !memcmp(&ch.coa, &mn->coa, sizeof(ch.coa)))) {
		/* RFC 5648: the same preferred link, another set of links */
		if (ch.where == MN_AWAY && d->conf.mn.mcoa &&
		    !mcoa_equal(&ch.set, &mn->set)) {
			mn_set_changed(mn, &ch.set);
			mn_home_addr(mn);
			mn->moved_at = now_ms();
			send_bu(mn, false);
		}
		return;
	}
	if (d->conf.mn.mcoa)
		mn_set_changed(mn, &ch.set);
	mn->moved_at = now_ms();
	if (ch.where != MN_HOME)
		ro_moved(d);
	switch (ch.where) {
	case MN_HOME:
		mn_go_home(mn, ch.link);
		break;
	case MN_AWAY:
		mn_go_away(mn, ch.link, &ch.coa);
		break;
	default:
		if (mn->where != MN_DETACHED)
			logmsg(LOG_NOTICE, "movement: no usable link");
		mn->where = MN_DETACHED;
		mn->link = 0;
		break;
	}
}

void mn_rtnl(struct daemon *d)
{
	if (d->mn)
		loop_timer_arm(d, &d->mn->eval, EVAL_DELAY_MS);
}

void mn_binding_event(struct daemon *d, uint8_t cmd,
		      const struct ipmob_binding *b)
{
	struct mn *mn = d->mn;

	if (!mn || !binding_hoa_is6(b) ||
	    binding_kind(b) != BINDING_KIND_MN_HOME ||
	    memcmp(&b->hoa, &d->conf.mn.hoa, sizeof(b->hoa)))
		return;
	switch (cmd) {
	case IPMOB_CMD_BINDING_REFRESH:
		/* the kernel: in use and about to expire */
		if (mn->where == MN_AWAY && !mn->bu_pending)
			send_bu(mn, false);
		break;
	case IPMOB_CMD_BINDING_EXPIRED:
		logmsg(LOG_WARNING, "home registration expired");
		mn->registered = false;
		if (mn->where == MN_AWAY && !mn->bu_pending)
			send_bu(mn, false);
		break;
	}
}

/* ---- start/stop ---- */

/* The flow bindings of the configuration as an entry list (RFC 6089). */
static int mn_flows_init(struct mn *mn)
{
	const struct conf_mn *c = &mn->d->conf.mn;
	unsigned int i, k;

	mn->flows = calloc(1, sizeof(*mn->flows));
	if (!mn->flows)
		return -1;
	for (i = 0; i < c->n_flows; i++) {
		const struct conf_flow *f = &c->flows[i];
		struct fb_entry *e = &mn->flows->e[i];

		e->fid = f->fid;
		e->pri = f->fid;	/* FID order is priority order */
		for (k = 0; k < f->n_via; k++)
			e->bref[e->n_bref++] = c->links[f->via[k]].bid;
		if (!flow_to_ts(&f->sel, &e->ts)) {
			logmsg(LOG_ERR, "flow %u: no traffic selector for it",
			       f->fid);
			return -1;
		}
	}
	mn->flows->n = (uint16_t)c->n_flows;
	return 0;
}

/* ---- home agent initiated flow bindings (RFC 7109) ---- */

#define FBI_REPLAY_WINDOW_S	7	/* RFC 4285 6, as the home agent's */

/* Index of flow fid in mn->flows, or -1. */
static int flow_index(const struct mn *mn, uint16_t fid)
{
	unsigned int i;

	for (i = 0; mn->flows && i < mn->flows->n; i++)
		if (mn->flows->e[i].fid == fid)
			return (int)i;
	return -1;
}

/* Of the care-of addresses the home agent took, the BID of addr (or 0). */
static uint16_t reg_bid_of(const struct mn *mn, const uint8_t *addr,
			   unsigned int len)
{
	unsigned int i;

	for (i = 0; len == 16 && i < mn->reg_set.n; i++)
		if (!memcmp(&mn->reg_set.r[i].coa, addr, 16))
			return mn->reg_set.r[i].bid;
	return 0;
}

/*
 * RFC 7109 4.1 - 4.6 for one Flow Identification option: the FBA status
 * it makes (0, 128: the binding, its BID or target care-of address, is
 * not registered; 129: not allowed: not our policy's to change, or not
 * one we can take), applied only when apply is true.
 */
static uint8_t fbi_one(struct mn *mn, const struct mh_fid *o, bool apply)
{
	const struct conf_mn *c = &mn->d->conf.mn;
	int k = flow_index(mn, o->fid);
	bool ours = k >= 0 && !mn->fl[k].from_ha;
	struct fb_entry ne;
	uint16_t bid;
	unsigned int i;

	if (!c->home_flows)
		return FBA_NOT_AUTHORIZED;
	switch (o->action) {
	case FB_ACT_ADD:
	case FB_ACT_MODIFY:
		if (ours || !o->pri || o->fid == CONF_FLOW_DEFAULT ||
		    (o->ts_format != TS_FMT_IPV4 && o->ts_format != TS_FMT_IPV6))
			return FBA_NOT_AUTHORIZED;
		if (k < 0 && o->action == FB_ACT_MODIFY)
			return FBA_NO_BINDING;
		if (!o->n_bref || !mcoa_find(&mn->reg_set, o->bref[0]))
			return FBA_NO_BINDING;
		if (k < 0 && mn->flows && mn->flows->n >= CONF_MAX_FLOWS)
			return FBA_NOT_AUTHORIZED;
		if (!apply)
			return FBA_SUCCESS;
		memset(&ne, 0, sizeof(ne));
		ne.fid = o->fid;
		ne.pri = o->pri;
		ne.n_bref = 1;
		ne.bref[0] = o->bref[0];
		ne.ts = o->ts;
		ts_mirror(&ne.ts);	/* what this node sends */
		if (k >= 0) {		/* modify: same place if same FID-PRI */
			if (mn->flows->e[k].pri == ne.pri) {
				mn->flows->e[k] = ne;
				mn->fl[k].acked = false;
				return FBA_SUCCESS;
			}
			mn->flows->n--;
			for (i = (unsigned int)k; i < mn->flows->n; i++) {
				mn->flows->e[i] = mn->flows->e[i + 1];
				mn->fl[i] = mn->fl[i + 1];
			}
		}
		/* in FID-PRI order, the order of the rules */
		for (i = mn->flows->n; i > 0 && mn->flows->e[i - 1].pri > ne.pri;
		     i--) {
			mn->flows->e[i] = mn->flows->e[i - 1];
			mn->fl[i] = mn->fl[i - 1];
		}
		mn->flows->e[i] = ne;
		memset(&mn->fl[i], 0, sizeof(mn->fl[i]));
		mn->fl[i].from_ha = true;
		mn->flows->n++;
		return FBA_SUCCESS;
	case FB_ACT_DELETE:
	case FB_ACT_REVOKE:
		if (ours)
			return FBA_NOT_AUTHORIZED;
		if (k < 0 || !apply)
			return FBA_SUCCESS;	/* gone already */
		mn->flows->n--;
		for (i = (unsigned int)k; i < mn->flows->n; i++) {
			mn->flows->e[i] = mn->flows->e[i + 1];
			mn->fl[i] = mn->fl[i + 1];
		}
		return FBA_SUCCESS;
	case FB_ACT_REFRESH:
		return k < 0 ? FBA_NO_BINDING : FBA_SUCCESS;
	case FB_ACT_MOVE:
		if (ours)
			return FBA_NOT_AUTHORIZED;
		bid = reg_bid_of(mn, o->tcoa, o->tcoa_len);
		if (k < 0 || !bid)
			return FBA_NO_BINDING;
		if (apply) {
			mn->flows->e[k].n_bref = 1;
			mn->flows->e[k].bref[0] = bid;
		}
		return FBA_SUCCESS;
	default:
		return FBA_NOT_AUTHORIZED;
	}
}

static void send_fba(struct mn *mn, const struct mh_msg *fbi, uint8_t status)
{
	struct daemon *d = mn->d;
	const struct conf_mn *c = &d->conf.mn;
	bool home = mn->where == MN_HOME;
	const struct in6_addr *coa = home ? &c->hoa : &mn->coa;
	struct pkt_out po = { .src = coa, .dst = &mn->ha,
			      .hoa = home ? NULL : &c->hoa,
			      .ifindex = mn->link };
	char h[INET6_ADDRSTRLEN];
	struct mh_msg m;
	unsigned int i;

	memset(&m, 0, sizeof(m));
	m.type = MH_FB;
	m.fb.type = MH_FB_FBA;
	m.fb.seq = fbi->fb.seq;
	m.fb.code = status;
	/* 6.1.2: each Flow Identification option copied */
	for (i = 0; i < fbi->n_fid; i++)
		if (!fbi->fid[i].ts_format ||
		    fbi->fid[i].ts_format == TS_FMT_IPV4 ||
		    fbi->fid[i].ts_format == TS_FMT_IPV6)
			m.fid[m.n_fid++] = fbi->fid[i];
	if (m.n_fid)
		m.opts |= MH_OPT(MHOPT_FID);
	if (c->auth) {
		m.opts |= MH_OPT(MHOPT_MESGID);
		m.timestamp = mn_timestamp(mn);
	}
	if (mh_send_mnha(d, &m, &po, c->auth ? &c->key : NULL, c->spi, coa,
			 &c->hoa) < 0)
		logmsg(LOG_WARNING, "sending a Flow Binding Acknowledgement to %s: %s",
		       in6_str(&mn->ha, h), strerror(errno));
	else
		logmsg_peer(LOG_INFO, "Flow Binding Acknowledgement sent: seq %u, status %u",
			    m.fb.seq, status);
}

bool mn_answers_fb(const struct daemon *d, const struct mh_msg *m)
{
	/* flow bindings need Binding Identifiers (RFC 6089 4.1): without
	 * multiple care-of addresses Indications get Binding Error 2 */
	return d->mn && d->conf.mn.mcoa && m->type == MH_FB &&
	       m->fb.type == MH_FB_FBI;
}

/*
 * A Flow Binding Indication (RFC 7109 4): from our home agent, through
 * the type 2 routing header to one of our care-of addresses (or at home
 * directly), authenticated with our MN-HA key and a fresh timestamp.
 * All its flows or none; the Acknowledgement if A is set; then, when
 * something changed, a BU that states the flows (4.1: "a BU/BA exchange
 * MUST be initiated by the mobile node after an FBI/FBA exchange").
 */
void mn_fbi(struct daemon *d, const struct mh_msg *m, const uint8_t *buf,
	    size_t len, const struct pkt_info *pi)
{
	struct mn *mn = d->mn;
	const struct conf_mn *c = &d->conf.mn;
	const struct in6_addr *coa = pi->has_rh2 ? &pi->rh2 : &c->hoa;
	char h[INET6_ADDRSTRLEN];
	uint8_t status = FBA_SUCCESS;
	unsigned int i;

	/* unauthenticated (authentication none): what it makes us send
	 * is rate limited as any answer to an unauthenticated peer */
	if (!c->auth && !reply_ok())
		return;
	if (!mn->ha_known || !IN6_ARE_ADDR_EQUAL(&pi->src, &mn->ha) ||
	    !mn->registered) {
		logmsg_peer(LOG_INFO, "Flow Binding Indication from %s: not our home agent's, or not registered; ignored",
			    in6_str(&pi->src, h));
		return;
	}
	if (c->auth) {
		int64_t theirs = (int64_t)(m->timestamp >> 32);
		int64_t ours = (int64_t)(mn_timestamp(mn) >> 32);

		if (!auth_mnha_verify(c->key.key, c->key.len, coa, &c->hoa,
				      buf, len, m)) {
			logmsg_peer(LOG_WARNING, "Flow Binding Indication from %s fails authentication, discarded",
				    in6_str(&pi->src, h));
			return;
		}
		/* RFC 4285 6: no replay */
		if (!(m->opts & MH_OPT(MHOPT_MESGID)) ||
		    theirs - ours > FBI_REPLAY_WINDOW_S ||
		    ours - theirs > FBI_REPLAY_WINDOW_S ||
		    m->timestamp <= mn->fbi_ts) {
			logmsg_peer(LOG_WARNING, "Flow Binding Indication from %s: timestamp missing, old or replayed, discarded",
				    in6_str(&pi->src, h));
			return;
		}
		mn->fbi_ts = m->timestamp;
	}
	if (!mn->flows) {
		mn->flows = calloc(1, sizeof(*mn->flows));
		if (!mn->flows)
			return;
	}
	/* one status for the message: every flow can be done, or none is */
	for (i = 0; i < m->n_fid && !status; i++)
		status = fbi_one(mn, &m->fid[i], false);
	if (!m->n_fid)
		status = FBA_NOT_AUTHORIZED;
	for (i = 0; i < m->n_fid && !status; i++)
		fbi_one(mn, &m->fid[i], true);
	logmsg_peer(status ? LOG_NOTICE : LOG_INFO, "Flow Binding Indication from %s: seq %u, %u flow%s, status %u",
	       in6_str(&pi->src, h), m->fb.seq, m->n_fid,
	       m->n_fid == 1 ? "" : "s", status);
	if (m->fb.flags & MH_FB_F_A)
		send_fba(mn, m, status);
	if (!status) {
		mn_flow_rules(mn);
		if (mn->where == MN_AWAY && !mn->bu_pending)
			send_bu(mn, false);
	}
}

/* ---- prefixes delegated by DHCPv6 (RFC 6276, pd.c) ---- */

int mn_pd_route(const struct daemon *d, struct in6_addr *hoa,
		struct in6_addr *ha)
{
	const struct mn *mn = d->mn;

	if (!mn || !mn->ha_known ||
	    !(mn->registered || mn->where == MN_HOME))
		return -1;
	*hoa = d->conf.mn.hoa;
	*ha = mn->ha;
	return mn->where == MN_HOME ? 0 : 1;
}

static void pd_arm(struct mn *mn)
{
	uint64_t next = UINT64_MAX, now = now_ms();
	unsigned int i;

	for (i = 0; i < mn->n_pd; i++)
		if (mn->pd_exp[i] < next)
			next = mn->pd_exp[i];
	loop_timer_cancel(mn->d, &mn->pd_timer);
	if (next != UINT64_MAX)
		loop_timer_arm(mn->d, &mn->pd_timer, next > now ? next - now : 0);
}

/* Delegated prefix i goes: its sessions, then its slot. */
static void pd_drop(struct mn *mn, unsigned int i, const char *why)
{
	struct ipmob_binding b;
	char a[INET6_ADDRSTRLEN];

	logmsg(LOG_NOTICE, "delegated prefix %s/%u %s: no longer forwarded",
	       in6_str(&mn->pd[i].prefix, a), mn->pd[i].plen, why);
	mn_binding(mn, &b);
	mnp_sessions_of(mn, &b, &mn->pd[i], MNP_DEL, NULL, 0);
	mn->n_pd--;
	mn->pd[i] = mn->pd[mn->n_pd];
	mn->pd_exp[i] = mn->pd_exp[mn->n_pd];
}

static void pd_expired(struct daemon *d, void *data)
{
	struct mn *mn = data;
	uint64_t now = now_ms();
	unsigned int i = 0;

	(void)d;
	while (i < mn->n_pd) {
		if (mn->pd_exp[i] <= now)
			pd_drop(mn, i, "expired");
		else
			i++;
	}
	pd_arm(mn);
}

void mn_pd_delegated(struct daemon *d, const struct dhcp6_pd *pd,
		     unsigned int n)
{
	const struct conf_mn *c = &d->conf.mn;
	struct mn *mn = d->mn;
	struct conf_prefix home = { .prefix = c->hoa, .plen = c->home_plen };
	char a[INET6_ADDRSTRLEN];
	bool added = false;
	unsigned int i, k;

	if (!mn || !c->mobile_router)
		return;
	for (k = 0; k < n; k++) {
		struct conf_prefix pf = { .prefix = pd[k].prefix,
					  .plen = pd[k].plen };
		for (i = 0; i < mn->n_pd; i++)
			if (mn->pd[i].plen == pf.plen &&
			    IN6_ARE_ADDR_EQUAL(&mn->pd[i].prefix, &pf.prefix))
				break;
		if (!pd[k].valid) {
			if (i < mn->n_pd)
				pd_drop(mn, i, "given up (valid lifetime 0: released or withdrawn)");
			continue;
		}
		/* what the home agent checks too (RFC 3963 6.2) */
		if (!pf.plen || pf.plen > 128 ||
		    in6_host_bits(&pf.prefix, pf.plen) ||
		    IN6_IS_ADDR_MULTICAST(&pf.prefix) ||
		    IN6_IS_ADDR_LINKLOCAL(&pf.prefix) ||
		    conf_prefix_overlap(&pf, &home)) {
			logmsg_peer(LOG_WARNING, "delegated prefix %s/%u cannot be a mobile network prefix: ignored",
				    in6_str(&pf.prefix, a), pf.plen);
			continue;
		}
		if (i == mn->n_pd) {
			if (mn->n_pd + c->n_mnp >= CONF_SA_MAX_MNP) {
				logmsg_peer(LOG_WARNING, "delegated prefix %s/%u: already %d mobile network prefixes, ignored",
					    in6_str(&pf.prefix, a), pf.plen,
					    CONF_SA_MAX_MNP);
				continue;
			}
			mn->pd[mn->n_pd++] = pf;
			added = true;
			logmsg(LOG_NOTICE, "prefix %s/%u delegated (valid %u s): a mobile network prefix",
			       in6_str(&pf.prefix, a), pf.plen, pd[k].valid);
		}
		mn->pd_exp[i] = pd[k].valid == 0xffffffffu ? UINT64_MAX :
				now_ms() + (uint64_t)pd[k].valid * 1000;
	}
	/* RFC 6276 3.1: the home agent routes it now; so do we */
	if (added && mn->registered && mn->where == MN_AWAY)
		kernel_install(mn);
	pd_arm(mn);
}

/*
 * ike.c: what charon holds for us changed or is known (the SAs came up,
 * or a reconnection found none): away, the BU that waits goes now, or
 * asks for them again.
 */
void mn_ike_up(struct daemon *d)
{
	struct mn *mn = d->mn;

	if (mn && mn->where == MN_AWAY)
		send_bu(mn, mn->bu_pending && mn->bu_dereg);
}

int mn_start(struct daemon *d)
{
	const struct conf_mn *c = &d->conf.mn;
	char h[INET6_ADDRSTRLEN], a[INET6_ADDRSTRLEN];
	const struct view_entry *ve;
	struct mn *mn;
	unsigned int i;
	size_t k;

	mn = calloc(1, sizeof(*mn));
	if (!mn)
		return -1;
	mn->d = d;
	dna_init(&mn->dna);
	d->mn = mn;
	if (c->n_flows && mn_flows_init(mn) < 0)
		return -1;
	loop_timer_init(&mn->retx, retx_expired, mn);
	loop_timer_init(&mn->refresh, refresh_due, mn);
	loop_timer_init(&mn->eval, eval_now, mn);
	loop_timer_init(&mn->dhaad, dhaad_expired, mn);
	loop_timer_init(&mn->pd_timer, pd_expired, mn);
	srandom((unsigned int)now_ms() ^ (unsigned int)getpid());
	mn->seq = (uint16_t)random();
	if (c->has_ha) {
		mn->ha = c->ha;
		mn->ha_known = true;
	}
	/* RFC 4877 4.2: ESP for the Mobility Header to and from the HA */
	if (c->ipsec &&
	    xfrm_mh_pair(&c->hoa, &c->ha, c->ipsec_reqid, false) < 0)
		return -1;
	/* the home address on the ipmob device, where applications find it */
	if (rtnl_link_up(d->devindex) < 0 ||
	    rtnl_addr(d->devindex, &c->hoa, 128, true, true) < 0) {
		logmsg(LOG_ERR, "cannot put the home address on the ipmob device: %s",
		       strerror(errno));
		return -1;
	}
	/*
	 * A link that lost its carrier must not keep its routes (11.5.1).
	 * Care-of addresses are used while their DAD runs (RFC 4429,
	 * optimistic-dad): an address the kernel forms on a link the node
	 * joins (SLAAC, after the first RA there) runs DAD, and the node
	 * would otherwise wait a second (RetransTimer) before it can send
	 * its Binding Update. (A carrier that returns to a link the kernel
	 * has configured does not start DAD again; RFC 6059 decides there,
	 * dna.c.) The kernel does this only where forwarding is off; "all"
	 * counts with each link's own value.
	 */
	for (i = 0; i < (c->n_links ? c->n_links : 1); i++) {
		const char *l = c->n_links ? c->links[i].name : "all";

		/*
		 * A mobile router forwards (below): its links keep taking
		 * Router Advertisements, and so care-of addresses, only
		 * with accept_ra 2.
		 */
		if (c->mobile_router)
			undo_sysctl_set(d, "/proc/sys/net/ipv6/conf/%s/accept_ra",
					l, "2");
		undo_sysctl_set(d, "/proc/sys/net/ipv6/conf/%s/ignore_routes_with_linkdown",
				l, "1");
		if (c->optimistic_dad) {
			undo_sysctl_set(d, "/proc/sys/net/ipv6/conf/%s/optimistic_dad",
					l, "1");
			undo_sysctl_set(d, "/proc/sys/net/ipv6/conf/%s/use_optimistic",
					l, "1");
		}
	}

	/*
	 * RFC 5555 4.4.3: on a link of one family the home address of the
	 * other still reaches the home agent, through the tunnel: a default
	 * route of each family out of the ipmob device, after every other
	 * (a link that lost its carrier keeps no IPv4 route either).
	 */
	if (c->has_ha4) {
		undo_sysctl_set(d, "/proc/sys/net/ipv4/conf/%s/ignore_routes_with_linkdown",
				"all", "1");
		if (rtnl_default_dev(AF_INET, d->devindex, MN_LAST_METRIC,
				     true) < 0 ||
		    rtnl_default_dev(AF_INET6, d->devindex, MN_LAST_METRIC,
				     true) < 0)
			logmsg(LOG_WARNING, "cannot add the default routes through the ipmob device");
	}

	/* RFC 3963 5: a mobile router is a router */
	if (c->mobile_router &&
	    undo_sysctl_set(d, "/proc/sys/net/ipv6/conf/%s/forwarding", "all",
			    "1") < 0)
		logmsg(LOG_WARNING, "cannot turn IPv6 forwarding on: the mobile network will not reach the tunnel");

	/* Carry on with the registration the kernel has. */
	for (k = 0; k < d->view.nbuckets; k++) {
		for (ve = d->view.buckets[k]; ve; ve = ve->next) {
			const struct ipmob_binding *b = &ve->b;
			bool v4coa;

			if (binding_kind(b) != BINDING_KIND_MN_HOME || !b->ncoa)
				continue;
			/* RFC 5555: the IPv4 home address's session */
			if (BA_HAS(b, IPMOB_BA_HOA4) && !BA_HAS(b, IPMOB_BA_HOA)) {
				if (c->hoa4_mode != CONF_HOA4_NONE &&
				    (c->hoa4_mode == CONF_HOA4_DYNAMIC ||
				     c->hoa4.s_addr == b->hoa4.s_addr)) {
					mn->has_hoa4 = true;
					mn->hoa4 = b->hoa4;
					logmsg(LOG_NOTICE, "resumed IPv4 home address %s",
					       in4_str(&b->hoa4, a));
				}
				continue;
			}
			/*
			 * An IPv6 peer and home address; the care-of address
			 * IPv6, or IPv4 (DSMIPv6, RFC 5555) in UDP or IPv4
			 */
			v4coa = c->has_ha4 && binding_hoa_is6(b) &&
				b->ncoa == 1 && b->coa[0].has_addr4 &&
				!b->coa[0].has_addr && BA_HAS(b, IPMOB_BA_PEER);
			if ((!v4coa && !binding_is_ip6_only(b)) ||
			    memcmp(&b->hoa, &c->hoa, sizeof(b->hoa)))
				continue;
			mn->ha = b->peer;
			mn->ha_known = true;
			mn->registered = true;
			if (v4coa) {
				in6_set_v4mapped(&mn->reg_coa, &b->coa[0].addr4);
				mn->udp = b->coa[0].has_encap &&
					  b->coa[0].encap == IPMOB_ENCAP_UDP;
				/* the home agent's refresh time is not known:
				 * our own (4.3) */
				mn->natka_s = mn->udp ? c->nat_keepalive : 0;
				mn->bu_coa = mn->reg_coa;
				/* RFC 5555 4.4.1: the family chosen is kept
				 * (on a dual-stack link, IPv4 was chosen for
				 * a reason we no longer know) */
				mn->v4_preferred = true;
			} else {
				mn->reg_coa = b->coa[0].addr;
			}
			mn->coa = mn->reg_coa;
			/* RFC 5648: the BIDs registered, from the records */
			for (i = 0; c->mcoa && i < b->ncoa && i < MH_MAX_BID &&
				    b->coa[i].has_bid; i++) {
				struct mcoa_rec r = { .bid = b->coa[i].bid,
						      .prio = b->coa[i].prio,
						      .coa = b->coa[i].addr };

				mn->reg_set.r[mn->reg_set.n++] = r;
			}
			mcoa_sort(&mn->reg_set);
			mn->set = mn->reg_set;
			mn->where = MN_AWAY;
			mn->granted = b->lifetime;
			mn->mps_sent = true;
			if (BA_HAS(b, IPMOB_BA_SEQ))
				mn->seq = b->seq;
			if (b->lifetime) {
				uint32_t left = b->remaining / 1000;
				uint32_t early = b->lifetime / 4;

				schedule_refresh(mn, left > early ? left - early : 1);
			}
			/*
			 * RFC 5555 4.3: the UDP socket is a new one, on a new
			 * port, which the NAT has no mapping for: a BU at
			 * once (in a second) makes one, and the home agent
			 * follows it
			 */
			if (mn->udp)
				schedule_refresh(mn, 0);
			logmsg(LOG_NOTICE, "resumed home registration %s -> %s via %s (seq %u)%s",
			       in6_str(&c->hoa, h), in6_str(&mn->reg_coa, a),
			       in6_str(&mn->ha, h), mn->seq,
			       mn->udp ? ", in UDP: a BU to reopen the NAT's mapping" : "");
		}
	}
	mn->where = mn->registered ? MN_AWAY : MN_UNKNOWN;
	mn->link = 0;
	{
		struct netstate *ns = malloc(sizeof(*ns));

		if (ns && netstate_read(ns) == 0) {
			for (i = 0; i < ns->n_addrs; i++) {
				const struct ns_addr *x = &ns->addrs[i];

				/* the link of the registered care-of address */
				if (mn->registered &&
				    !memcmp(&x->addr, &mn->reg_coa,
					    sizeof(mn->reg_coa)))
					mn->link = x->ifindex;
				/* the home address left on a link (at home) */
				if (!memcmp(&x->addr, &c->hoa, sizeof(c->hoa)) &&
				    x->ifindex != d->devindex)
					mn->hoa_link = x->ifindex;
			}
			/* an IPv4 care-of address's link (RFC 5555) */
			for (i = 0; mn->registered &&
				    IN6_IS_ADDR_V4MAPPED(&mn->reg_coa) &&
				    i < ns->n_addrs4; i++)
				if (!memcmp(&ns->addrs4[i].addr,
					    &mn->reg_coa.s6_addr[12], 4))
					mn->link = ns->addrs4[i].ifindex;
		}
		free(ns);
	}
	logmsg(LOG_NOTICE, "mobile node: home address %s%s%s",
	       in6_str(&c->hoa, h), mn->ha_known ? ", home agent " : ", home agent by DHAAD",
	       mn->ha_known ? in6_str(&mn->ha, a) : "");
	loop_timer_arm(d, &mn->eval, 0);
	return 0;
}

/* Deregister on shutdown (11.5.5 applies the same way), then clean up. */
void mn_stop(struct daemon *d)
{
	struct mn *mn = d->mn;
	uint64_t until;

	if (!mn)
		return;
	if (mn->where == MN_AWAY && (mn->registered || mn->bu_pending) &&
	    !mn->stopped) {
		send_bu(mn, true);
		until = now_ms() + SHUTDOWN_WAIT_MS;
		while (mn->bu_pending && now_ms() < until) {
			/* the BA comes in UDP to an IPv4 care-of address */
			struct pollfd p[2] = {
				{ .fd = d->mh_fd, .events = POLLIN },
				{ .fd = d->udp_fd, .events = POLLIN },
			};
			uint8_t buf[MH_MAX_LEN];
			uint64_t now = now_ms();
			struct pkt_info pi;
			ssize_t n;

			if (now >= until ||
			    poll(p, d->udp_fd >= 0 ? 2 : 1,
				 (int)(until - now)) <= 0 ||
			    (p[0].revents & (POLLERR | POLLHUP | POLLNVAL)))
				break;
			if (p[1].revents & POLLIN)
				udpsock_rx(d, d->udp_fd, NULL);
			if (!(p[0].revents & POLLIN))
				continue;
			n = sock_recv(d->mh_fd, buf, sizeof(buf), &pi);
			if (n > 0)
				roles_mh(d, buf, (size_t)n, &pi);
		}
		if (mn->bu_pending)
			logmsg(LOG_WARNING, "no BA for the deregistration");
		kernel_remove(mn);
	}
	loop_timer_cancel(d, &mn->retx);
	loop_timer_cancel(d, &mn->refresh);
	loop_timer_cancel(d, &mn->eval);
	loop_timer_cancel(d, &mn->dhaad);
	loop_timer_cancel(d, &mn->pd_timer);
	for (unsigned int i = 0; i < mn->n_sr; i++)
		rtnl_srcroute(mn->sr[i].ifindex, &mn->sr[i].gw,
			      &mn->sr[i].src, sr_dst(&mn->sr[i]), false);
	mn_ike_path(mn, NULL, 0);
	if (d->conf.mn.has_ha4) {
		rtnl_default_dev(AF_INET, d->devindex, MN_LAST_METRIC, false);
		rtnl_default_dev(AF_INET6, d->devindex, MN_LAST_METRIC, false);
	}
	free(mn->flows);
	free(mn);
	d->mn = NULL;
}
