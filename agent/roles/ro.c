// SPDX-License-Identifier: GPL-2.0
/*
 * ro.c - the mobile node's route optimisation (RFC 6275 11.6, 11.7.2):
 * return routability with each correspondent that talks to the home
 * address through the home agent, the correspondent Binding Update
 * authorized by it, and the kernel binding (kind MN_RO) that then sends
 * that correspondent's traffic with a Home Address option and takes
 * its type 2 routing headers.
 *
 * A correspondent that does not answer (MAX_RO_FAILURE retries), that
 * answers with an ICMPv6 Parameter Problem or a Binding Error "unknown
 * MH type", or that refuses the binding, stays on the tunnel through
 * the home agent (5.2.9), which never stopped carrying its traffic.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>
#include <openssl/crypto.h>
#include <openssl/rand.h>

#include "auth.h"
#include "daemon.h"
#include "mh.h"
#include "util.h"

/* RFC 6275 12 */
#define MAX_TOKEN_LIFETIME_MS	210000
#define MAX_RR_BINDING_LIFETIME	420
#define MAX_RO_FAILURE		3
/* how long a correspondent that failed stays on the tunnel */
#define RO_RETRY_MS		300000
/* a token this old is fetched again rather than reused (11.6.1) */
#define TOKEN_REUSE_MS		(MAX_TOKEN_LIFETIME_MS - 30000)

enum ro_state {
	RO_IDLE,	/* nothing sent, no binding */
	RO_RR,		/* HoTI/CoTI sent, waiting for HoT/CoT */
	RO_BU,		/* BU sent, waiting for the BA */
	RO_BOUND,	/* the correspondent holds our binding */
	RO_PAUSED,	/* in use, moved: waiting for the home registration */
	RO_FAILED,	/* on the tunnel until @retry_at */
};

/**
 * struct ro_peer - a Binding Update List entry for a correspondent (11.1)
 * @cn: the correspondent
 * @state: enum ro_state
 * @home_cookie/@coa_cookie: of the outstanding HoTI/CoTI (5.2.3)
 * @home_token/@home_index/@home_at: the last HoT (@home_at 0: none)
 * @coa_token/@coa_index/@coa_at/@token_coa: the last CoT, for that address
 * @seq: last sequence number sent
 * @bu_coa/@bu_lifetime: what the outstanding or accepted BU said
 * @kbm: binding management key of the last BU
 * @tries: retransmissions of the current step
 * @backoff_ms: current retransmission timeout
 * @retry_at: RO_FAILED: now_ms() after which a hint starts again
 * @answered: the correspondent has answered at least once
 * @timer: retransmission or refresh
 */
struct ro_peer {
	struct ro_peer *next;
	struct ro *ro;
	struct in6_addr cn;
	enum ro_state state;
	uint8_t home_cookie[MH_COOKIE_LEN], coa_cookie[MH_COOKIE_LEN];
	uint8_t home_token[MH_TOKEN_LEN], coa_token[MH_TOKEN_LEN];
	uint16_t home_index, coa_index;
	uint64_t home_at, coa_at;
	struct in6_addr token_coa;
	uint16_t seq;
	struct in6_addr bu_coa;
	uint32_t bu_lifetime;
	uint8_t kbm[RR_KBM_LEN];
	unsigned int tries;
	unsigned int backoff_ms;
	uint64_t retry_at;
	bool answered;
	struct timer timer;
};

/**
 * struct ro - route optimisation of the mobile node
 * @d: daemon
 * @away: registered with the home agent from @coa
 * @coa: the registered care-of address
 * @home_left_s: lifetime granted by the home agent at registration
 * @peers: Binding Update List entries for correspondents
 * @n_peers: their number
 */
struct ro {
	struct daemon *d;
	bool away;
	struct in6_addr coa;
	struct in6_addr ha;
	uint32_t home_left_s;
	struct ro_peer *peers;
	unsigned int n_peers;
};

static void peer_step(struct ro_peer *p);

/* A correspondent we bind with, or are on the way to. */
static bool peer_in_use(const struct ro_peer *p)
{
	return p->state == RO_RR || p->state == RO_BU ||
	       p->state == RO_BOUND || p->state == RO_PAUSED;
}

static const struct conf_mn *conf_of(const struct ro *ro)
{
	return &ro->d->conf.mn;
}

static struct ro_peer *peer_find(struct ro *ro, const struct in6_addr *cn)
{
	struct ro_peer *p;

	for (p = ro->peers; p; p = p->next)
		if (!memcmp(&p->cn, cn, sizeof(*cn)))
			return p;
	return NULL;
}

static void peer_timer(struct daemon *d, void *data);

/*
 * The table is full: give up the entry least worth keeping, one with no
 * binding and nothing under way (IDLE, else the FAILED one whose wait
 * ends first), so that hints from spoofed sources cannot fill the table
 * for good. Returns false when every entry is in use.
 */
static bool peer_evict(struct ro *ro)
{
	struct ro_peer **pp, **victim = NULL, *p;

	for (pp = &ro->peers; (p = *pp); pp = &p->next) {
		if (p->state == RO_IDLE) {
			victim = pp;
			break;
		}
		if (p->state == RO_FAILED &&
		    (!victim || p->retry_at < (*victim)->retry_at))
			victim = pp;
	}
	if (!victim)
		return false;
	p = *victim;
	*victim = p->next;
	loop_timer_cancel(ro->d, &p->timer);
	explicit_bzero(p, sizeof(*p));	/* tokens, Kbm */
	free(p);
	ro->n_peers--;
	return true;
}

static struct ro_peer *peer_new(struct ro *ro, const struct in6_addr *cn)
{
	struct ro_peer *p;

	/* [mobile-node] max-correspondents, default 256 */
	if (ro->n_peers >= conf_of(ro)->max_correspondents && !peer_evict(ro))
		return NULL;
	p = calloc(1, sizeof(*p));
	if (!p)
		return NULL;
	p->ro = ro;
	p->cn = *cn;
	p->seq = (uint16_t)random();
	loop_timer_init(&p->timer, peer_timer, p);
	p->next = ro->peers;
	ro->peers = p;
	ro->n_peers++;
	return p;
}

/* ---- the kernel binding (kind MN_RO) ---- */

static void ro_binding(const struct ro_peer *p, struct ipmob_binding *b)
{
	const struct daemon *d = p->ro->d;

	memset(b, 0, sizeof(*b));
	b->hoa = d->conf.mn.hoa;
	BA_SET(b, IPMOB_BA_HOA);
	b->peer = p->cn;
	BA_SET(b, IPMOB_BA_PEER);
	b->mode = IPMOB_MODE_RO;
	BA_SET(b, IPMOB_BA_MODE);
	b->ifindex = (uint32_t)d->devindex;
	BA_SET(b, IPMOB_BA_IFINDEX);
}

static void kernel_install(struct ro_peer *p, uint32_t lifetime)
{
	struct ipmob_binding b;

	ro_binding(p, &b);
	b.ncoa = 1;
	b.coa[0].addr = p->bu_coa;
	b.coa[0].has_addr = true;
	BA_SET(&b, IPMOB_BA_COA);
	b.lifetime = lifetime;
	BA_SET(&b, IPMOB_BA_LIFETIME);
	b.seq = p->seq;
	BA_SET(&b, IPMOB_BA_SEQ);
	kern_binding_put(p->ro->d, &b);
}

static void kernel_remove(struct ro_peer *p)
{
	struct ipmob_binding b;

	ro_binding(p, &b);
	kern_binding_del(p->ro->d, &b);
}

/* ---- sending ---- */

/* 11.6.1: HoTI from the home address (through the tunnel), CoTI from
 * the care-of address, each with a fresh cookie. */
static void send_test_init(struct ro_peer *p, bool care_of)
{
	struct ro *ro = p->ro;
	const struct in6_addr *src = care_of ? &ro->coa : &conf_of(ro)->hoa;
	uint8_t *cookie = care_of ? p->coa_cookie : p->home_cookie;
	struct pkt_out po = { .src = src, .dst = &p->cn };
	char s[INET6_ADDRSTRLEN];
	struct mh_msg m;

	if (RAND_bytes(cookie, MH_COOKIE_LEN) != 1)
		return;
	memset(&m, 0, sizeof(m));
	m.type = care_of ? MH_COTI : MH_HOTI;
	memcpy(m.ti.cookie, cookie, MH_COOKIE_LEN);
	if (mh_send(ro->d, &m, &po, NULL, NULL, NULL) < 0)
		logmsg(LOG_DEBUG, "sending %s to %s: %s", mh_type_name(m.type),
		       in6_str(&p->cn, s), strerror(errno));
	else
		logmsg(LOG_INFO, "%s sent to %s", mh_type_name(m.type),
		       in6_str(&p->cn, s));
}

static bool home_token_ok(const struct ro_peer *p, uint64_t max_age)
{
	return p->home_at && now_ms() - p->home_at < max_age;
}

static bool coa_token_ok(const struct ro_peer *p, const struct in6_addr *coa,
			 uint64_t max_age)
{
	return p->coa_at && now_ms() - p->coa_at < max_age &&
	       !memcmp(&p->token_coa, coa, sizeof(*coa));
}

/*
 * 11.7.2: the Binding Update to a correspondent: from the care-of
 * address with a Home Address option (or from home, a deletion), the
 * nonce indices of the two tokens and the authorizer Kbm (5.2.5).
 */
static void send_bu(struct ro_peer *p, bool retransmission)
{
	struct ro *ro = p->ro;
	const struct conf_mn *c = conf_of(ro);
	bool dereg = !ro->away;
	struct pkt_out po = { .dst = &p->cn };
	char s[INET6_ADDRSTRLEN], a[INET6_ADDRSTRLEN];
	struct mh_msg m;
	uint32_t lifetime;

	if (!retransmission) {
		p->seq++;
		p->bu_coa = dereg ? c->hoa : ro->coa;
		lifetime = MAX_RR_BINDING_LIFETIME;
		if (c->lifetime < lifetime)
			lifetime = c->lifetime;
		/* 11.7.2: not beyond the home registration */
		if (ro->home_left_s && ro->home_left_s < lifetime)
			lifetime = ro->home_left_s;
		p->bu_lifetime = dereg ? 0 : lifetime;
		if (rr_kbm(p->home_token, dereg ? NULL : p->coa_token,
			   p->kbm) < 0)
			return;
	}
	memset(&m, 0, sizeof(m));
	m.type = MH_BU;
	m.bu.seq = p->seq;
	m.bu.flags = MH_BU_F_A;
	m.bu.lifetime = (uint16_t)(p->bu_lifetime / 4);
	m.opts = MH_OPT(MHOPT_NONCE) | MH_OPT(MHOPT_BAD);
	m.home_nonce_index = p->home_index;
	m.coa_nonce_index = dereg ? 0 : p->coa_index;
	p->state = RO_BU;
	po.src = &p->bu_coa;
	po.hoa = dereg ? NULL : &c->hoa;
	if (mh_send(ro->d, &m, &po, p->kbm, &p->bu_coa, &p->cn) < 0)
		logmsg(LOG_WARNING, "sending BU to %s: %s", in6_str(&p->cn, s),
		       strerror(errno));
	else
		logmsg(LOG_NOTICE, "BU sent to correspondent %s: care-of %s, seq %u, lifetime %us%s%s",
		       in6_str(&p->cn, s), in6_str(&p->bu_coa, a), p->seq,
		       m.bu.lifetime * 4u, dereg ? " (deregistration)" : "",
		       retransmission ? " (retransmission)" : "");
}

/* ---- the procedure of one correspondent ---- */

static void peer_fail(struct ro_peer *p, const char *why)
{
	char s[INET6_ADDRSTRLEN];

	logmsg(LOG_NOTICE, "route optimisation with %s: %s; its traffic stays on the home agent tunnel",
	       in6_str(&p->cn, s), why);
	kernel_remove(p);
	p->state = RO_FAILED;
	p->retry_at = now_ms() + RO_RETRY_MS;
	p->home_at = p->coa_at = 0;
	p->answered = false;
	loop_timer_cancel(p->ro->d, &p->timer);
}

static void arm_retx(struct ro_peer *p)
{
	loop_timer_arm(p->ro->d, &p->timer, p->backoff_ms);
}

/*
 * Start (or restart) return routability: what is missing of the two
 * tokens is asked for; with both at hand, the Binding Update goes out.
 */
static void peer_start(struct ro_peer *p)
{
	p->tries = 0;
	p->backoff_ms = conf_of(p->ro)->initial_bindack_ms;
	peer_step(p);
}

static void peer_step(struct ro_peer *p)
{
	struct ro *ro = p->ro;
	uint64_t max_age = p->state == RO_RR ? MAX_TOKEN_LIFETIME_MS :
			   TOKEN_REUSE_MS;
	bool need_coa = ro->away && !coa_token_ok(p, &ro->coa, max_age);
	bool need_home = !home_token_ok(p, max_age);

	if (need_home || need_coa) {
		p->state = RO_RR;
		if (need_home)
			send_test_init(p, false);
		if (need_coa)
			send_test_init(p, true);
	} else {
		send_bu(p, false);
	}
	arm_retx(p);
}

static void peer_timer(struct daemon *d, void *data)
{
	struct ro_peer *p = data;
	char s[INET6_ADDRSTRLEN];

	(void)d;
	switch (p->state) {
	case RO_RR:
	case RO_BU:
		/* 5.2.9, 11.8: exponential backoff, MAX_RO_FAILURE retries */
		if (++p->tries > MAX_RO_FAILURE) {
			peer_fail(p, "no answer");
			return;
		}
		p->backoff_ms *= 2;
		if (p->backoff_ms > conf_of(p->ro)->max_bindack_ms)
			p->backoff_ms = conf_of(p->ro)->max_bindack_ms;
		if (p->state == RO_BU) {
			send_bu(p, true);
			arm_retx(p);
		} else {
			peer_step(p);
		}
		break;
	case RO_BOUND:
		/* refresh before the binding or the tokens run out */
		logmsg(LOG_INFO, "refreshing the binding at %s",
		       in6_str(&p->cn, s));
		peer_start(p);
		break;
	default:
		break;
	}
}

/* ---- received signalling ---- */

static void got_token(struct ro_peer *p, const struct mh_msg *m,
		      const struct pkt_info *pi)
{
	struct ro *ro = p->ro;
	bool care_of = m->type == MH_COT;
	char s[INET6_ADDRSTRLEN];

	if (p->state != RO_RR)
		return;
	/* 11.6.2: the cookie of the outstanding message, to the right address */
	if (care_of) {
		if (CRYPTO_memcmp(m->t.cookie, p->coa_cookie, MH_COOKIE_LEN) ||
		    !ro->away || memcmp(&pi->dst, &ro->coa, sizeof(ro->coa)) ||
		    pi->has_rh2)
			return;
		memcpy(p->coa_token, m->t.token, MH_TOKEN_LEN);
		p->coa_index = m->t.nonce_index;
		p->coa_at = now_ms();
		p->token_coa = ro->coa;
	} else {
		if (CRYPTO_memcmp(m->t.cookie, p->home_cookie, MH_COOKIE_LEN) ||
		    memcmp(&pi->dst, &conf_of(ro)->hoa, sizeof(pi->dst)) ||
		    pi->has_rh2)
			return;
		memcpy(p->home_token, m->t.token, MH_TOKEN_LEN);
		p->home_index = m->t.nonce_index;
		p->home_at = now_ms();
	}
	logmsg(LOG_INFO, "%s from %s: nonce index %u", mh_type_name(m->type),
	       in6_str(&p->cn, s), m->t.nonce_index);
	if (home_token_ok(p, MAX_TOKEN_LIFETIME_MS) &&
	    (!ro->away || coa_token_ok(p, &ro->coa, MAX_TOKEN_LIFETIME_MS))) {
		p->tries = 0;
		p->backoff_ms = conf_of(ro)->initial_bindack_ms;
		send_bu(p, false);
		arm_retx(p);
	}
}

/* 11.7.3 for a correspondent's BA */
static void got_ba(struct ro_peer *p, const uint8_t *buf, size_t len,
		   const struct mh_msg *m, const struct pkt_info *pi)
{
	struct ro *ro = p->ro;
	const char *sname = mh_ba_status_name(m->ba.status);
	char s[INET6_ADDRSTRLEN];
	uint32_t granted, refresh;
	bool nonce_status = m->ba.status >= BA_EXPIRED_HNI &&
			    m->ba.status <= BA_EXPIRED_NONCES;

	if (p->state != RO_BU)
		return;
	/* 6.1.8: routed to the care-of address of the BU, or at home direct */
	if (memcmp(&p->bu_coa, &conf_of(ro)->hoa, sizeof(p->bu_coa)) ?
	    !pi->has_rh2 || memcmp(&pi->rh2, &p->bu_coa, sizeof(pi->rh2)) :
	    pi->has_rh2)
		return;
	/* 9.5.4: every BA but the nonce ones carries BAD (5.2.6) */
	if (!nonce_status && !rr_bad_verify(p->kbm, &p->bu_coa, &p->cn, buf,
					    len, m)) {
		logmsg_peer(LOG_WARNING, "BA from %s fails authorization, discarded",
			    in6_str(&p->cn, s));
		return;
	}
	if (m->ba.status == BA_SEQ_OUT_OF_WINDOW) {
		p->seq = m->ba.seq;
		send_bu(p, false);
		arm_retx(p);
		return;
	}
	if (m->ba.seq != p->seq)
		return;
	if (nonce_status) {
		/* 11.7.3: get new tokens for what expired */
		logmsg(LOG_NOTICE, "BA from %s: %s, return routability again",
		       in6_str(&p->cn, s), sname ? sname : "?");
		if (m->ba.status != BA_EXPIRED_CNI)
			p->home_at = 0;
		if (m->ba.status != BA_EXPIRED_HNI)
			p->coa_at = 0;
		p->state = RO_RR;
		peer_step(p);
		return;
	}
	if (m->ba.status >= 128) {
		logmsg(LOG_NOTICE, "BA from %s: status %u (%s)", in6_str(&p->cn, s),
		       m->ba.status, sname ? sname : "?");
		peer_fail(p, "binding refused");
		return;
	}
	loop_timer_cancel(ro->d, &p->timer);
	if (!p->bu_lifetime) {
		p->state = RO_IDLE;
		logmsg(LOG_NOTICE, "BA from correspondent %s: deregistered",
		       in6_str(&p->cn, s));
		return;
	}
	granted = (uint32_t)m->ba.lifetime * 4;
	if (granted > p->bu_lifetime)
		granted = p->bu_lifetime;
	p->state = RO_BOUND;
	kernel_install(p, granted);
	logmsg(LOG_NOTICE, "BA from correspondent %s: status %u (%s), seq %u, lifetime %us: route optimised",
	       in6_str(&p->cn, s), m->ba.status, sname ? sname : "?", m->ba.seq,
	       granted);
	/* 11.7.2: again before the binding or the home token expires */
	refresh = granted * 3 / 4;
	if (refresh * 1000ULL > TOKEN_REUSE_MS)
		refresh = TOKEN_REUSE_MS / 1000;
	if (!refresh)
		refresh = 1;
	loop_timer_arm(ro->d, &p->timer, (uint64_t)refresh * 1000);
}

bool ro_mh(struct daemon *d, const uint8_t *buf, size_t len,
	   const struct mh_msg *m, const struct pkt_info *pi)
{
	struct ro *ro = d->ro;
	struct ro_peer *p;
	char s[INET6_ADDRSTRLEN];

	if (!ro || !(p = peer_find(ro, &pi->src)))
		return false;
	if (m->type != MH_BRR && m->type != MH_BE)
		p->answered = true;
	switch (m->type) {
	case MH_HOT:
	case MH_COT:
		got_token(p, m, pi);
		break;
	case MH_BA:
		got_ba(p, buf, len, m, pi);
		break;
	case MH_BRR:
		/* 11.7.4: refresh a binding the correspondent still uses */
		if (p->state == RO_BOUND && ro->away) {
			logmsg_peer(LOG_INFO, "Binding Refresh Request from %s",
				    in6_str(&p->cn, s));
			peer_start(p);
		}
		break;
	case MH_BE:
		/* 11.3.6 */
		logmsg_peer(LOG_NOTICE, "Binding Error from %s: status %u",
			    in6_str(&p->cn, s), m->be.status);
		if (memcmp(&m->be.hoa, &conf_of(ro)->hoa, sizeof(m->be.hoa)) &&
		    !IN6_IS_ADDR_UNSPECIFIED(&m->be.hoa))
			break;		/* about another home address */
		if (m->be.status == BE_UNKNOWN_MH) {
			/*
			 * 11.3.6: only while an answer is awaited; otherwise
			 * ignored, so that a spoofed Binding Error cannot
			 * take a working binding down
			 */
			if (p->state == RO_RR || p->state == RO_BU)
				peer_fail(p, "it does not know the Mobility Header");
		} else if (p->state == RO_BOUND && ro->away) {
			/* it lost our binding: tunnel meanwhile, bind again */
			kernel_remove(p);
			p->home_at = p->coa_at = 0;
			peer_start(p);
		}
		break;
	default:
		return false;
	}
	return true;
}

/*
 * 5.2.9, 11.3.5: an ICMPv6 Parameter Problem from a correspondent
 * about our Mobility Header or Home Address option: it does not speak
 * Mobile IPv6.
 */
void ro_icmp(struct daemon *d, const uint8_t *buf, size_t len)
{
	struct ro *ro = d->ro;
	struct in6_addr dst;
	struct ro_peer *p;

	/* type 4, then the invoking packet's IPv6 header at offset 8 */
	if (!ro || len < 8 + 40 || buf[0] != 4 || buf[1] < 1 || buf[1] > 2)
		return;
	memcpy(&dst, buf + 8 + 24, sizeof(dst));
	p = peer_find(ro, &dst);
	if (p && p->state != RO_FAILED && p->state != RO_IDLE)
		peer_fail(p, buf[1] == 1 ? "ICMPv6 parameter problem, unrecognized next header" :
			  "ICMPv6 parameter problem, unrecognized option");
}

/* ---- what the mobile node and the kernel tell ---- */

static bool excluded(const struct ro *ro, const struct in6_addr *cn)
{
	const struct conf_mn *c = conf_of(ro);
	unsigned int i;

	if (!c->ro || !memcmp(cn, &ro->ha, sizeof(*cn)) ||
	    !memcmp(cn, &c->hoa, sizeof(*cn)))
		return true;
	for (i = 0; i < c->n_ro_exclude; i++)
		if (in6_in_prefix(cn, &c->ro_exclude[i].prefix,
				  c->ro_exclude[i].plen))
			return true;
	return false;
}

void ro_hint(struct daemon *d, const struct in6_addr *hoa,
	     const struct in6_addr *cn)
{
	struct ro *ro = d->ro;
	struct ro_peer *p;
	char s[INET6_ADDRSTRLEN];

	if (!ro || !ro->away ||
	    memcmp(hoa, &conf_of(ro)->hoa, sizeof(*hoa)) || excluded(ro, cn))
		return;
	p = peer_find(ro, cn);
	if (!p) {
		p = peer_new(ro, cn);
		if (!p)
			return;
		logmsg(LOG_INFO, "correspondent %s talks through the home agent: return routability",
		       in6_str(cn, s));
	}
	if (p->state == RO_IDLE ||
	    (p->state == RO_FAILED && now_ms() >= p->retry_at))
		peer_start(p);
}

/* Registered with the home agent from coa (again). */
void ro_registered(struct daemon *d, const struct in6_addr *ha,
		   const struct in6_addr *coa, uint32_t lifetime_s)
{
	struct ro *ro = d->ro;
	struct ro_peer *p;
	bool moved;

	if (!ro)
		return;
	moved = !ro->away || memcmp(&ro->coa, coa, sizeof(*coa));
	ro->away = true;
	ro->coa = *coa;
	ro->ha = *ha;
	ro->home_left_s = lifetime_s;
	if (!moved)
		return;
	/*
	 * 11.7.2: every correspondent in use learns the new care-of
	 * address. One that never answered keeps counting its failures
	 * (5.2.9), whatever the movements in between.
	 */
	for (p = ro->peers; p; p = p->next) {
		if (!peer_in_use(p))
			continue;
		if (p->answered) {
			peer_start(p);
		} else {
			p->state = RO_RR;
			peer_step(p);
		}
	}
}

/*
 * The care-of address changed or went away: the route-optimised
 * bindings point at the old one; until the correspondents learn the new
 * one, their traffic goes through the home agent.
 */
void ro_moved(struct daemon *d)
{
	struct ro *ro = d->ro;
	struct ro_peer *p;

	if (!ro)
		return;
	ro->away = false;
	for (p = ro->peers; p; p = p->next) {
		if (!peer_in_use(p))
			continue;
		kernel_remove(p);
		p->state = RO_PAUSED;
		loop_timer_cancel(d, &p->timer);
		p->coa_at = 0;
	}
}

/* 11.5.5: back home, delete the bindings at the correspondents. */
void ro_home(struct daemon *d)
{
	struct ro *ro = d->ro;
	struct ro_peer *p;

	if (!ro)
		return;
	ro->away = false;
	for (p = ro->peers; p; p = p->next) {
		loop_timer_cancel(d, &p->timer);
		if (peer_in_use(p)) {
			kernel_remove(p);
			p->state = RO_RR;
			p->home_at = 0;	/* from home: a home token is enough */
			peer_start(p);
		} else if (p->state != RO_FAILED) {
			p->state = RO_IDLE;
		}
	}
}

void ro_binding_event(struct daemon *d, uint8_t cmd,
		      const struct ipmob_binding *b)
{
	struct ro *ro = d->ro;
	struct ro_peer *p;

	if (!ro || !binding_hoa_is6(b) || !BA_HAS(b, IPMOB_BA_PEER) ||
	    binding_kind(b) != BINDING_KIND_MN_RO ||
	    cmd != IPMOB_CMD_BINDING_EXPIRED)
		return;
	p = peer_find(ro, &b->peer);
	if (p && p->state == RO_BOUND && ro->away)
		peer_start(p);
}

int ro_start(struct daemon *d)
{
	const struct conf_mn *c = &d->conf.mn;
	const struct view_entry *ve;
	char s[INET6_ADDRSTRLEN];
	struct ro *ro;
	size_t k;

	ro = calloc(1, sizeof(*ro));
	if (!ro)
		return -1;
	ro->d = d;
	d->ro = ro;
	/* carry on with the route-optimised bindings the kernel has */
	for (k = 0; k < d->view.nbuckets; k++) {
		for (ve = d->view.buckets[k]; ve; ve = ve->next) {
			const struct ipmob_binding *b = &ve->b;
			struct ro_peer *p;
			uint32_t left;

			/* Mobile IPv6 only: no IPv4 home or care-of address */
			if (!binding_is_ip6_only(b))
				continue;
			/* registered with the home agent: hints count now */
			if (binding_kind(b) == BINDING_KIND_MN_HOME &&
			    !memcmp(&b->hoa, &c->hoa, sizeof(b->hoa)) && b->ncoa) {
				ro->away = true;
				ro->coa = b->coa[0].addr;
				ro->ha = b->peer;
				ro->home_left_s = b->remaining / 1000;
				continue;
			}
			if (binding_kind(b) != BINDING_KIND_MN_RO ||
			    memcmp(&b->hoa, &c->hoa, sizeof(b->hoa)) || !b->ncoa)
				continue;
			p = peer_new(ro, &b->peer);
			if (!p)
				break;
			p->state = RO_BOUND;
			p->bu_coa = b->coa[0].addr;
			p->bu_lifetime = b->lifetime;
			if (BA_HAS(b, IPMOB_BA_SEQ))
				p->seq = b->seq;
			ro->away = true;
			ro->coa = b->coa[0].addr;
			left = b->remaining / 1000;
			loop_timer_arm(d, &p->timer,
				       (uint64_t)(left > b->lifetime / 4 ?
						  left - b->lifetime / 4 : 1) * 1000);
			logmsg(LOG_NOTICE, "resumed route optimisation with %s (seq %u)",
			       in6_str(&p->cn, s), p->seq);
		}
	}
	return 0;
}

void ro_stop(struct daemon *d)
{
	struct ro *ro = d->ro;
	struct ro_peer *p;

	if (!ro)
		return;
	while ((p = ro->peers)) {
		ro->peers = p->next;
		loop_timer_cancel(d, &p->timer);
		OPENSSL_cleanse(p, sizeof(*p));
		free(p);
	}
	free(ro);
	d->ro = NULL;
}
