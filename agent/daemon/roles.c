// SPDX-License-Identifier: GPL-2.0
/*
 * roles.c - the roles' table and the core's calls into it.
 *
 * Mobile IPv6 today (RFC 6275): the correspondent node (cn.c), the home
 * agent (ha.c), the mobile node (mn.c) and its route optimisation
 * (ro.c). The order matters twice: roles start in it (and stop in
 * reverse), and a Mobility Header message goes to the first running
 * role that answers it: return routability and correspondent BUs to the
 * correspondent, the rest to the home agent. roles_mh() parses each
 * message once, before any role sees it, and answers unknown types.
 */
#include <netinet/in.h>
#include <syslog.h>

#include "mh.h"
#include "roles.h"
#include "ike.h"
#include "util.h"

/* ---- the correspondent node ---- */

static bool cn_enabled(const struct ipmobd_conf *c)
{
	return c->cn.enabled;
}

static bool cn_running(const struct daemon *d)
{
	return d->cn != NULL;
}

/*
 * Return routability and BUs that do not ask for home registration (or
 * all when no home agent runs here).
 */
static bool cn_answers(const struct daemon *d, const struct mh_msg *m)
{
	return m->type == MH_HOTI || m->type == MH_COTI ||
	       (m->type == MH_BU && (!d->ha || !(m->bu.flags & MH_BU_F_H)));
}

static void cn_berr(struct daemon *d, const struct in6_addr *src,
		    const struct in6_addr *dst, const struct in6_addr *hoa,
		    unsigned int status, unsigned int mh_type)
{
	(void)mh_type;
	cn_berr_needed(d, src, dst, hoa, status);
}

static const struct role_ops cn_ops = {
	.name = "correspondent",
	.conf = &cn_conf_section,
	.enabled = cn_enabled,
	.running = cn_running,
	.start = cn_start,
	.stop = cn_stop,
	.answers_mh = cn_answers,
	.mh = cn_mh,
	.binding_event = cn_binding_event,
	.berr_needed = cn_berr,
};

/* ---- the home agent ---- */

static bool ha_enabled(const struct ipmobd_conf *c)
{
	return c->ha.enabled;
}

static bool ha_running(const struct daemon *d)
{
	return d->ha != NULL;
}

/* all that the correspondent does not take; of the Flow Binding
 * messages (RFC 7109), the Acknowledgements of its Indications */
static bool ha_answers(const struct daemon *d, const struct mh_msg *m)
{
	(void)d;
	return m->type != MH_FB || m->fb.type == MH_FB_FBA;
}

static const struct role_ops ha_ops = {
	.name = "home-agent",
	.conf = &ha_conf_section,
	.enabled = ha_enabled,
	.running = ha_running,
	.start = ha_start,
	.stop = ha_stop,
	.answers_mh = ha_answers,
	.mh = ha_mh,
	.icmp = ha_icmp,
	.binding_event = ha_binding_event,
	.berr_needed = ha_berr_needed,
};

/* ---- the mobile node and its route optimisation ---- */

static bool mn_enabled(const struct ipmobd_conf *c)
{
	return c->mn.enabled;
}

static bool mn_running(const struct daemon *d)
{
	return d->mn != NULL;
}

static const struct role_ops mn_ops = {
	.name = "mobile-node",
	.conf = &mn_conf_section,
	.enabled = mn_enabled,
	.running = mn_running,
	.start = mn_start,
	.stop = mn_stop,
	.answers_mh = mn_answers_fb,	/* RFC 7109 Indications */
	.mh = mn_fbi,
	.mh_seen = mn_mh,		/* and through it ro_mh() */
	.icmp = mn_icmp,
	.binding_event = mn_binding_event,
	.links_changed = mn_rtnl,
};

static bool ro_running(const struct daemon *d)
{
	return d->ro != NULL;
}

static void ro_icmp_pi(struct daemon *d, const uint8_t *buf, size_t len,
		       const struct pkt_info *pi)
{
	(void)pi;
	ro_icmp(d, buf, len);
}

/* part of the mobile node: the same section */
static const struct role_ops ro_ops = {
	.name = "mobile-node",
	.enabled = mn_enabled,
	.running = ro_running,
	.start = ro_start,
	.stop = ro_stop,
	.icmp = ro_icmp_pi,
	.binding_event = ro_binding_event,
	.ro_hint = ro_hint,
};

/* ---- the table ---- */

/* ---- DHCPv6 prefix delegation (RFC 6276), after the role it serves ---- */

static bool pd_enabled(const struct ipmobd_conf *c)
{
	return c->pd.enabled;
}

static bool pd_running(const struct daemon *d)
{
	return d->pd != NULL;
}

static const struct role_ops pd_ops = {
	.name = "prefix-delegation",
	.conf = &pd_conf_section,
	.enabled = pd_enabled,
	.running = pd_running,
	.start = pd_start,
	.stop = pd_stop,
};

/* ---- IKEv2 keying by charon (security ikev2), after the roles it keys ---- */

static bool ike_running(const struct daemon *d)
{
	return d->ike != NULL;
}

static const struct role_ops ike_ops = {
	.name = "ike",
	.enabled = ike_wanted,
	.running = ike_running,
	.start = ike_start,
	.stop = ike_stop,
};

/*
 * In order of start, stopped in reverse: the keying after the home agent,
 * whose address it names, and before the mobile node, whose last
 * deregistration goes under its SAs.
 */
const struct role_ops *const roles[] = { &cn_ops, &ha_ops, &ike_ops, &mn_ops,
					 &ro_ops, &pd_ops };
const unsigned int n_roles = sizeof(roles) / sizeof(roles[0]);

#define for_each_running(r, d)						\
	for (unsigned int _i = 0; _i < n_roles; _i++)			\
		if (((r) = roles[_i])->running(d))

int roles_start(struct daemon *d)
{
	unsigned int i;

	for (i = 0; i < n_roles; i++)
		if (roles[i]->enabled(&d->conf) && roles[i]->start(d) < 0)
			return -1;
	return 0;
}

void roles_stop(struct daemon *d)
{
	unsigned int i = n_roles;

	while (i--)
		roles[i]->stop(d);
}

bool roles_need_rtnl(const struct ipmobd_conf *c)
{
	unsigned int i;

	for (i = 0; i < n_roles; i++)
		if (roles[i]->links_changed && roles[i]->enabled(c))
			return true;
	return false;
}

bool roles_any(const struct ipmobd_conf *c)
{
	unsigned int i;

	for (i = 0; i < n_roles; i++)
		if (roles[i]->enabled(c))
			return true;
	return false;
}

/* Whether a running role answers Mobility Header messages. */
static bool roles_answer_mh(const struct daemon *d)
{
	const struct role_ops *r;

	for_each_running(r, d)
		if (r->mh)
			return true;
	return false;
}

void roles_mh(struct daemon *d, const uint8_t *buf, size_t len,
	      const struct pkt_info *pi)
{
	const struct role_ops *r;
	char s[INET6_ADDRSTRLEN];
	struct mh_msg m;
	bool answered;
	int err;

	err = mh_parse(buf, len, &pi->src, &pi->dst, &m);
	if (err == MH_ERR_TYPE) {
		/*
		 * 9.2: an unknown MH type gets Binding Error status 2,
		 * sent to the packet's source on the wire (the care-of
		 * address when a Home Address option came with it), that
		 * option's address in its Home Address field (9.3.3);
		 * rate limited in mh_send_be() as every answer to an
		 * unauthenticated peer is. 9.2 is the correspondent's
		 * rule, which a home agent follows too; a mobile node
		 * alone does not answer.
		 */
		if (roles_answer_mh(d))
			mh_send_be(d, &pi->dst,
				   pi->has_hao ? &pi->hao : &pi->src,
				   pi->has_hao ? &pi->src : NULL,
				   BE_UNKNOWN_MH);
		return;
	}
	if (err) {
		logmsg_peer(LOG_NOTICE,
			    "malformed Mobility Header from %s dropped: %s",
			    in6_str(&pi->src, s), mh_strerror(err));
		return;
	}
	answered = false;
	for_each_running(r, d) {
		if (r->answers_mh && r->answers_mh(d, &m)) {
			r->mh(d, &m, buf, len, pi);
			answered = true;
			break;
		}
	}
	/*
	 * RFC 7109 4: a node that does not support Flow Binding messages
	 * answers them with Binding Error status 2, as an unknown type
	 * (a mobile node too: the home agent then stops sending them).
	 */
	if (!answered && m.type == MH_FB) {
		mh_send_be(d, &pi->dst, pi->has_hao ? &pi->hao : &pi->src,
			   pi->has_hao ? &pi->src : NULL, BE_UNKNOWN_MH);
		return;
	}
	for_each_running(r, d)
		if (r->mh_seen)
			r->mh_seen(d, &m, buf, len, pi);
}

void roles_icmp(struct daemon *d, const uint8_t *buf, size_t len,
		const struct pkt_info *pi)
{
	const struct role_ops *r;

	for_each_running(r, d)
		if (r->icmp)
			r->icmp(d, buf, len, pi);
}

void roles_binding_event(struct daemon *d, uint8_t cmd,
			 const struct ipmob_binding *b)
{
	const struct role_ops *r;

	for_each_running(r, d)
		if (r->binding_event)
			r->binding_event(d, cmd, b);
}

void roles_berr_needed(struct daemon *d, const struct in6_addr *src,
		       const struct in6_addr *dst, const struct in6_addr *hoa,
		       unsigned int status, unsigned int mh_type)
{
	const struct role_ops *r;

	for_each_running(r, d) {
		if (r->berr_needed) {
			r->berr_needed(d, src, dst, hoa, status, mh_type);
			return;
		}
	}
}

void roles_ro_hint(struct daemon *d, const struct in6_addr *hoa,
		   const struct in6_addr *cn)
{
	const struct role_ops *r;

	for_each_running(r, d)
		if (r->ro_hint)
			r->ro_hint(d, hoa, cn);
}

void roles_links_changed(struct daemon *d)
{
	const struct role_ops *r;

	for_each_running(r, d)
		if (r->links_changed)
			r->links_changed(d);
}
