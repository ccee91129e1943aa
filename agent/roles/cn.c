// SPDX-License-Identifier: GPL-2.0
/*
 * cn.c - ipmobd as correspondent node (RFC 6275 9): return routability
 * (5.2, 9.4), Binding Updates authorized by it (9.5), route-optimised
 * binding cache entries in the kernel, Binding Refresh Requests (9.5.5)
 * and Binding Errors (9.3.3).
 *
 * The binding cache itself is the kernel's (the daemon's view of it
 * carries the sequence numbers), so a restarted daemon carries on with
 * the bindings it finds. What is not in the kernel is the secret Kcn
 * and the nonces: a restart draws new ones, and the mobile nodes'
 * tokens from before it stop working (5.2.9: they run return
 * routability again when their next Binding Update is not answered).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>
#include <openssl/crypto.h>
#include <openssl/rand.h>

#include "auth.h"
#include "daemon.h"
#include "tombs.h"
#include "mh.h"
#include "util.h"

/* RFC 6275 12 */
#define MAX_NONCE_LIFETIME_MS	240000
#define MAX_TOKEN_LIFETIME_MS	210000
#define MAX_RR_BINDING_LIFETIME	420

/*
 * 5.2.7: a new nonce at regular intervals. A token handed out with the
 * newest nonce stays usable for MAX_NONCE_LIFETIME - NONCE_INTERVAL,
 * which must cover MAX_TOKEN_LIFETIME (the mobile node's own limit).
 */
#define NONCE_INTERVAL_MS	30000
#define NONCE_SLOTS		(MAX_NONCE_LIFETIME_MS / NONCE_INTERVAL_MS + 1)
_Static_assert(MAX_NONCE_LIFETIME_MS - NONCE_INTERVAL_MS >= MAX_TOKEN_LIFETIME_MS,
	       "tokens must outlive MAX_TOKEN_LIFETIME");

/*
 * Tombs at most: [correspondent] max-deleted-bindings, default 16384.
 * Each lives MAX_NONCE_LIFETIME (240 s), so the default keeps every
 * deletion of about 68 per second; past that the oldest goes (a flood
 * of deletions costs bounded memory and O(1) per BU).
 */

/* 9.5.5: Binding Refresh Requests to one mobile node, at most every */
#define BRR_MIN_INTERVAL_MS	1000

/**
 * struct cn - the correspondent role
 * @d: daemon
 * @kcn: node key, 5.2.1
 * @nonce: ring of nonces, slot index % NONCE_SLOTS
 * @nonce_born: now_ms() at which each nonce was drawn
 * @cur_index: index of the newest nonce
 * @regen: timer drawing the next nonce
 * @tombs: sequence numbers of recently deleted bindings (5.2.8),
 *	max-deleted-bindings at most
 * @last_brr: now_ms() of the last Binding Refresh Request sent
 */
struct cn {
	struct daemon *d;
	uint8_t kcn[RR_KCN_LEN];
	uint8_t nonce[NONCE_SLOTS][RR_NONCE_LEN];
	uint64_t nonce_born[NONCE_SLOTS];
	uint16_t cur_index;
	struct timer regen;
	struct tombs *tombs;
	uint64_t last_brr;
};

/* ---- nonces (5.2.7) ---- */

static void new_nonce(struct cn *cn)
{
	unsigned int slot;

	cn->cur_index++;
	slot = cn->cur_index % NONCE_SLOTS;
	if (RAND_bytes(cn->nonce[slot], RR_NONCE_LEN) != 1) {
		/* without fresh randomness, hand out no new tokens */
		cn->nonce_born[slot] = 0;
		logmsg(LOG_ERR, "cannot draw a nonce");
		return;
	}
	cn->nonce_born[slot] = now_ms();
}

static void regen_due(struct daemon *d, void *data)
{
	struct cn *cn = data;

	new_nonce(cn);
	loop_timer_arm(d, &cn->regen, NONCE_INTERVAL_MS);
}

/* The nonce of an index if it is still recognized, else NULL. */
static const uint8_t *nonce_of(const struct cn *cn, uint16_t index)
{
	unsigned int slot = index % NONCE_SLOTS;
	uint16_t age = (uint16_t)(cn->cur_index - index);
	uint64_t born = cn->nonce_born[slot];

	if (age >= NONCE_SLOTS || !born)
		return NULL;
	if (now_ms() - born > MAX_NONCE_LIFETIME_MS)
		return NULL;
	return cn->nonce[slot];
}

/* ---- tombstones (5.2.8) ---- */

/*
 * A tomb keeps the newest sequence number seen for hoa: the kernel's
 * notification of a deletion this node made for a deregistration
 * carries the binding's older number, which must not replace the
 * deregistration's own (or that BU could be replayed, 9.5.1).
 */
static void tomb_add(struct cn *cn, const struct in6_addr *hoa, uint16_t seq)
{
	uint64_t now = now_ms();
	uint16_t cur;

	if (tombs_get(cn->tombs, hoa, now, &cur) && !mh_seq_after(seq, cur))
		return;
	tombs_put(cn->tombs, hoa, seq, now + MAX_NONCE_LIFETIME_MS, now);
}

/* ---- sending ---- */

/*
 * 9.5.4: to the source address, through RH2 when the BU had an HAO.
 * @coa is the care-of address the BU names; @mac_coa the one its
 * authenticator covers (6.2.7: the home address for a deregistration).
 */
static void send_ba(struct cn *cn, const struct pkt_info *pi,
		    const struct in6_addr *coa, const struct in6_addr *mac_coa,
		    uint8_t status, uint16_t seq, uint32_t lifetime_s,
		    const uint8_t *kbm)
{
	struct pkt_out po = { .src = &pi->dst, .dst = &pi->src,
			      .rh2_coa = pi->has_hao ? &pi->hao : NULL };
	char h[INET6_ADDRSTRLEN], c[INET6_ADDRSTRLEN];
	struct mh_msg m;

	/* a refusal may go to an unauthenticated peer: rate limited */
	if (status >= 128 && !reply_ok())
		return;
	memset(&m, 0, sizeof(m));
	m.type = MH_BA;
	m.ba.status = status;
	m.ba.seq = seq;
	m.ba.lifetime = (uint16_t)(lifetime_s / 4);
	if (kbm)
		m.opts |= MH_OPT(MHOPT_BAD);
	if (mh_send(cn->d, &m, &po, kbm, mac_coa, &pi->dst) < 0) {
		logmsg_peer(LOG_WARNING, "sending BA to %s: %s",
			    in6_str(&pi->src, h), strerror(errno));
		return;
	}
	logmsg_peer(status < 128 ? LOG_INFO : LOG_NOTICE,
	       "BA sent to %s (care-of %s): status %u (%s), seq %u, lifetime %us",
	       in6_str(&pi->src, h), in6_str(coa, c), status,
	       mh_ba_status_name(status) ? mh_ba_status_name(status) : "?",
	       seq, lifetime_s);
}

/* ---- return routability (9.4.1, 9.4.2) ---- */

static void cn_test_init(struct cn *cn, const struct mh_msg *m,
			 const struct pkt_info *pi)
{
	bool care_of = m->type == MH_COTI;
	unsigned int slot = cn->cur_index % NONCE_SLOTS;
	struct pkt_out po = { .src = &pi->dst, .dst = &pi->src };
	char s[INET6_ADDRSTRLEN];
	struct mh_msg r;

	/* 9.4.1, 9.4.2: never with a Home Address option */
	if (pi->has_hao) {
		logmsg_peer(LOG_NOTICE, "%s from %s with a Home Address option, discarded",
		       mh_type_name(m->type), in6_str(&pi->src, s));
		return;
	}
	/* anyone may ask: the answers are rate limited (no reflector) */
	if (!cn->nonce_born[slot] || !reply_ok())
		return;
	memset(&r, 0, sizeof(r));
	r.type = care_of ? MH_COT : MH_HOT;
	r.t.nonce_index = cn->cur_index;
	memcpy(r.t.cookie, m->ti.cookie, MH_COOKIE_LEN);
	if (rr_keygen_token(cn->kcn, &pi->src, cn->nonce[slot], care_of,
			    r.t.token) < 0)
		return;
	/* to the source: the home address (via the home agent) or the
	 * care-of address, from the address it was sent to */
	if (mh_send(cn->d, &r, &po, NULL, NULL, NULL) < 0)
		logmsg_peer(LOG_WARNING, "sending %s to %s: %s",
			    mh_type_name(r.type), in6_str(&pi->src, s),
			    strerror(errno));
	else
		logmsg_peer(LOG_INFO, "%s sent to %s: nonce index %u",
		       mh_type_name(r.type), in6_str(&pi->src, s), r.t.nonce_index);
	OPENSSL_cleanse(r.t.token, sizeof(r.t.token));
}

/*
 * 9.6: drop the cache entry that expires first to make room for a new
 * one. Its tomb keeps its sequence number (5.2.8), as for a deletion.
 * The victim is the top of the view's heap: O(log n) in the cache.
 */
static int cn_evict(struct cn *cn)
{
	struct daemon *d = cn->d;
	const struct ipmob_binding *v;
	struct ipmob_binding victim;
	char h[INET6_ADDRSTRLEN];

	v = view_ro_cache_victim(&d->view, (uint32_t)d->devindex);
	if (!v)
		return -1;
	victim = *v;
	if (kern_binding_del(d, &victim) < 0)
		return -1;
	view_remove(&d->view, &victim);
	if (BA_HAS(&victim, IPMOB_BA_SEQ))
		tomb_add(cn, &victim.hoa, victim.seq);
	logmsg_peer(LOG_NOTICE, "binding cache full (%u entries): dropped the binding for %s",
		    d->conf.cn.max_bindings, in6_str(&victim.hoa, h));
	return 0;
}

/* ---- Binding Updates (9.5.1 - 9.5.3) ---- */

static void cn_bu(struct cn *cn, const uint8_t *buf, size_t len,
		  const struct mh_msg *m, const struct pkt_info *pi)
{
	struct daemon *d = cn->d;
	const struct in6_addr *hoa = &pi->src;
	struct in6_addr coa = pi->has_hao ? pi->hao : pi->src;
	uint8_t htok[MH_TOKEN_LEN], ctok[MH_TOKEN_LEN], kbm[RR_KBM_LEN];
	char h[INET6_ADDRSTRLEN], cs[INET6_ADDRSTRLEN];
	const struct ipmob_binding *old;
	const struct in6_addr *mac_coa;
	struct ipmob_binding key, b;
	const uint8_t *hn, *cnn = NULL;
	uint32_t lifetime;
	bool dereg, have_seq = false;
	uint16_t last_seq = 0;
	uint8_t status;

	if (m->opts & MH_OPT(MHOPT_ALTCOA))
		coa = m->alt_coa;
	logmsg_peer(LOG_INFO, "BU from %s care-of %s: seq %u, flags 0x%04x, lifetime %us",
	       in6_str(hoa, h), in6_str(&coa, cs), m->bu.seq, m->bu.flags,
	       m->bu.lifetime * 4u);
	if (m->bu.flags & MH_BU_F_H) {
		/* 9.5.1/6.1.8: this node is not a home agent */
		send_ba(cn, pi, &coa, &coa, BA_HR_NOT_SUPPORTED, m->bu.seq, 0, NULL);
		return;
	}
	/* 9.5.1: a unicast routable home address, else silently discarded */
	if (IN6_IS_ADDR_MULTICAST(hoa) || IN6_IS_ADDR_LINKLOCAL(hoa) ||
	    IN6_IS_ADDR_UNSPECIFIED(hoa) || IN6_IS_ADDR_LOOPBACK(hoa) ||
	    IN6_IS_ADDR_MULTICAST(&coa) || IN6_IS_ADDR_UNSPECIFIED(&coa)) {
		logmsg_peer(LOG_NOTICE, "BU from %s: not a unicast routable address, discarded",
		       in6_str(hoa, h));
		return;
	}
	if ((m->opts & (MH_OPT(MHOPT_NONCE) | MH_OPT(MHOPT_BAD))) !=
	    (MH_OPT(MHOPT_NONCE) | MH_OPT(MHOPT_BAD))) {
		logmsg_peer(LOG_NOTICE, "BU from %s without Nonce Indices and Binding Authorization Data, discarded",
		       in6_str(hoa, h));
		return;
	}
	/*
	 * 5.2.5, 6.2.7: a deregistration (lifetime zero, or the care-of
	 * address equal to the home address) uses Kbm from the home keygen
	 * token alone, and its authenticators, the BU's and the BA's, cover
	 * the home address in place of the care-of address, wherever the
	 * BU was sent from.
	 */
	dereg = m->bu.lifetime == 0 || !memcmp(&coa, hoa, sizeof(coa));
	mac_coa = dereg ? hoa : &coa;

	memset(&key, 0, sizeof(key));
	key.hoa = *hoa;
	BA_SET(&key, IPMOB_BA_HOA);
	old = view_find(&d->view, &key);
	if (old && old->ifindex != (uint32_t)d->devindex)
		old = NULL;
	if (old && BA_HAS(old, IPMOB_BA_SEQ)) {
		have_seq = true;
		last_seq = old->seq;
	} else if (!old && tombs_get(cn->tombs, hoa, now_ms(), &last_seq)) {
		have_seq = true;
	}

	/* 9.5.1: nonce indices; the care-of one not for a deletion */
	hn = nonce_of(cn, m->home_nonce_index);
	if (!dereg)
		cnn = nonce_of(cn, m->coa_nonce_index);
	status = !hn && !dereg && !cnn ? BA_EXPIRED_NONCES :
		 !hn ? BA_EXPIRED_HNI : !dereg && !cnn ? BA_EXPIRED_CNI : 0;
	if (status) {
		logmsg_peer(LOG_NOTICE, "BU from %s: nonce indices %u/%u not recognized",
		       in6_str(hoa, h), m->home_nonce_index,
		       m->coa_nonce_index);
		send_ba(cn, pi, &coa, &coa, status, m->bu.seq, 0, NULL);
		return;
	}
	/* 5.2.5: Kbm from the tokens regenerated here; 6.2.7: verify */
	if (rr_keygen_token(cn->kcn, hoa, hn, false, htok) < 0 ||
	    (!dereg && rr_keygen_token(cn->kcn, &coa, cnn, true, ctok) < 0) ||
	    rr_kbm(htok, dereg ? NULL : ctok, kbm) < 0) {
		logmsg(LOG_ERR, "cannot compute Kbm");
		goto out;
	}
	if (!rr_bad_verify(kbm, mac_coa, &pi->dst, buf, len, m)) {
		logmsg_peer(LOG_WARNING, "BU from %s: Binding Authorization Data does not verify, discarded",
		       in6_str(hoa, h));
		goto out;
	}
	/* 9.5.1: registration type and sequence number */
	if (old && old->mode != IPMOB_MODE_RO) {
		send_ba(cn, pi, &coa, mac_coa, BA_REG_TYPE_CHANGE, m->bu.seq, 0, kbm);
		goto out;
	}
	if (have_seq && !mh_seq_after(m->bu.seq, last_seq)) {
		logmsg(LOG_NOTICE, "BU from %s: sequence %u not after %u",
		       in6_str(hoa, h), m->bu.seq, last_seq);
		send_ba(cn, pi, &coa, mac_coa, BA_SEQ_OUT_OF_WINDOW, last_seq, 0, kbm);
		goto out;
	}

	if (dereg) {
		/* 9.5.3 */
		if (old) {
			kern_binding_del(d, old);
			view_remove(&d->view, &key);
		}
		tomb_add(cn, hoa, m->bu.seq);
		logmsg(LOG_NOTICE, "binding for %s deleted", in6_str(hoa, h));
		if (m->bu.flags & MH_BU_F_A)
			send_ba(cn, pi, &coa, mac_coa, BA_ACCEPTED, m->bu.seq, 0, kbm);
		goto out;
	}
	/* 9.6: a full cache makes room by dropping the entry that expires first */
	if (!old && d->view.n_ro_cache >= d->conf.cn.max_bindings &&
	    cn_evict(cn) < 0) {
		send_ba(cn, pi, &coa, mac_coa, BA_INSUFFICIENT, m->bu.seq, 0, kbm);
		goto out;
	}
	/* 9.5.2: cache it, for at most MAX_RR_BINDING_LIFETIME (5.2.6) */
	lifetime = m->bu.lifetime * 4u;
	if (lifetime > d->conf.cn.max_lifetime)
		lifetime = d->conf.cn.max_lifetime;
	if (lifetime > MAX_RR_BINDING_LIFETIME)
		lifetime = MAX_RR_BINDING_LIFETIME;
	memset(&b, 0, sizeof(b));
	b.hoa = *hoa;
	BA_SET(&b, IPMOB_BA_HOA);
	b.local = pi->dst;
	BA_SET(&b, IPMOB_BA_LOCAL);
	b.mode = IPMOB_MODE_RO;
	BA_SET(&b, IPMOB_BA_MODE);
	b.ncoa = 1;
	b.coa[0].addr = coa;
	b.coa[0].has_addr = true;
	BA_SET(&b, IPMOB_BA_COA);
	b.lifetime = lifetime;
	BA_SET(&b, IPMOB_BA_LIFETIME);
	b.ifindex = (uint32_t)d->devindex;
	BA_SET(&b, IPMOB_BA_IFINDEX);
	b.seq = m->bu.seq;
	BA_SET(&b, IPMOB_BA_SEQ);
	if (kern_binding_put(d, &b) < 0) {
		send_ba(cn, pi, &coa, mac_coa, BA_INSUFFICIENT, m->bu.seq, 0, kbm);
		goto out;
	}
	view_upsert(&d->view, &b);
	tombs_del(cn->tombs, hoa);
	logmsg(LOG_NOTICE, "binding for %s: care-of %s, lifetime %us, seq %u",
	       in6_str(hoa, h), in6_str(&coa, cs), lifetime, m->bu.seq);
	if (m->bu.flags & MH_BU_F_A)
		send_ba(cn, pi, &coa, mac_coa, BA_ACCEPTED, m->bu.seq, lifetime, kbm);
out:
	OPENSSL_cleanse(htok, sizeof(htok));
	OPENSSL_cleanse(ctok, sizeof(ctok));
	OPENSSL_cleanse(kbm, sizeof(kbm));
}

/* A message roles_mh() parsed and gave the correspondent (cn_answers). */
void cn_mh(struct daemon *d, const struct mh_msg *m, const uint8_t *buf,
	   size_t len, const struct pkt_info *pi)
{
	struct cn *cn = d->cn;

	if (m->type == MH_BU)
		cn_bu(cn, buf, len, m, pi);
	else
		cn_test_init(cn, m, pi);	/* HoTI, CoTI */
}

/* The kernel dropped a packet with a Home Address option and no binding. */
void cn_berr_needed(struct daemon *d, const struct in6_addr *src,
		    const struct in6_addr *dst, const struct in6_addr *hoa,
		    unsigned int status)
{
	/* 9.3.1: to the packet's source, the care-of address */
	mh_send_be(d, dst, src, hoa, (uint8_t)status);
}

/* 9.5.5: an entry in use is about to expire. */
static void send_brr(struct cn *cn, const struct ipmob_binding *b)
{
	/* 6.1.2: to the home address, through the binding (RH2) */
	struct pkt_out po = { .src = &b->local, .dst = &b->hoa,
			      .rh2_coa = &b->coa[0].addr };
	char h[INET6_ADDRSTRLEN];
	struct mh_msg m;
	uint64_t now = now_ms();

	if (!b->ncoa || !BA_HAS(b, IPMOB_BA_LOCAL))
		return;
	if (cn->last_brr && now - cn->last_brr < BRR_MIN_INTERVAL_MS)
		return;
	cn->last_brr = now;
	memset(&m, 0, sizeof(m));
	m.type = MH_BRR;
	if (mh_send(cn->d, &m, &po, NULL, NULL, NULL) < 0)
		logmsg(LOG_WARNING, "sending BRR to %s: %s",
		       in6_str(&b->hoa, h), strerror(errno));
	else
		logmsg(LOG_INFO, "BRR sent to %s", in6_str(&b->hoa, h));
}

void cn_binding_event(struct daemon *d, uint8_t cmd,
		      const struct ipmob_binding *b)
{
	struct cn *cn = d->cn;

	if (!cn || !binding_hoa_is6(b) ||
	    binding_kind(b) != BINDING_KIND_CACHE ||
	    b->mode != IPMOB_MODE_RO || b->ifindex != (uint32_t)d->devindex)
		return;
	switch (cmd) {
	case IPMOB_CMD_BINDING_REFRESH:
		send_brr(cn, b);
		break;
	case IPMOB_CMD_BINDING_EXPIRED:
	case IPMOB_CMD_BINDING_DEL:
		/* 5.2.8: its sequence number outlives it */
		if (BA_HAS(b, IPMOB_BA_SEQ))
			tomb_add(cn, &b->hoa, b->seq);
		break;
	}
}

int cn_start(struct daemon *d)
{
	struct cn *cn = calloc(1, sizeof(*cn));
	uint64_t seed;

	if (!cn)
		return -1;
	cn->d = d;
	if (RAND_bytes(cn->kcn, sizeof(cn->kcn)) != 1 ||
	    RAND_bytes((uint8_t *)&seed, sizeof(seed)) != 1) {
		logmsg(LOG_ERR, "cannot draw the node key Kcn");
		free(cn);
		return -1;
	}
	cn->tombs = tombs_new(d->conf.cn.max_deleted, seed);
	if (!cn->tombs) {
		OPENSSL_cleanse(cn, sizeof(*cn));
		free(cn);
		return -1;
	}
	if (RAND_bytes((uint8_t *)&cn->cur_index, sizeof(cn->cur_index)) != 1)
		cn->cur_index = 0;
	loop_timer_init(&cn->regen, regen_due, cn);
	new_nonce(cn);
	loop_timer_arm(d, &cn->regen, NONCE_INTERVAL_MS);
	d->cn = cn;
	logmsg(LOG_NOTICE, "correspondent node: route optimisation for mobile nodes, binding lifetime up to %us",
	       d->conf.cn.max_lifetime);
	return 0;
}

void cn_stop(struct daemon *d)
{
	struct cn *cn = d->cn;

	if (!cn)
		return;
	loop_timer_cancel(d, &cn->regen);
	tombs_free(cn->tombs);
	OPENSSL_cleanse(cn, sizeof(*cn));
	free(cn);
	d->cn = NULL;
}
