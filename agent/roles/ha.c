// SPDX-License-Identifier: GPL-2.0
/*
 * ha.c - the home agent role of ipmobd (RFC 6275 section 10), with the
 * MN-HA authentication of RFC 4285 and mobile routers (NEMO, RFC 3963:
 * each registered mobile network prefix is a prefix session of the
 * kernel's, with the router's care-of address, so that packets to the
 * mobile network go into its tunnel with no route per prefix).
 *
 * Protocol state per home address lives here (sequence number, replay
 * timestamp); the state packets need (home address -> care-of address)
 * lives in the kernel binding cache. A restarted daemon takes the
 * bindings back from the kernel dump, the sequence number included
 * (IPMOB_BA_SEQ), and carries on.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>
#include <time.h>

#include <arpa/inet.h>
#include <openssl/rand.h>

#include "auth.h"
#include "dsmip.h"
#include "daemon.h"
#include "flowb.h"
#include "mcoa.h"
#include "dhcp6.h"
#include "mh.h"
#include "nd.h"
#include "util.h"

#define DAD_TIMEOUT_MS		1000	/* RFC 4861 RetransTimer */
#define HA_MAX_PENDING		64

/**
 * struct ha_entry - a registered home address (binding cache entry, 10.1)
 * @hoa: home address
 * @coa: care-of address: the preferred one of @set (lowest BID-PRI,
 *       then BID), where Binding Acknowledgements and mobile prefix
 *       advertisements go
 * @set: its bindings (RFC 5648 4.1): one regular binding (BID 0), or
 *       one per Binding Identifier
 * @seq: last accepted sequence number
 * @lifetime: granted lifetime, seconds
 * @sa: security association the registration was authenticated with
 *      (index into conf.ha.sa, -1 none)
 * @mr: registered as a mobile router (R flag, RFC 3963 6.1.1)
 * @n_mnp: mobile network prefixes set up for it (RFC 3963 6.2)
 * @mnp: those prefixes: each a prefix session in the kernel
 * @next: next in its hash bucket
 */
struct ha_entry {
	struct in6_addr hoa, coa;
	struct mcoa_set set;
	uint16_t seq;
	uint32_t lifetime;
	int sa;
	bool mr;
	uint8_t n_mnp;
	struct conf_prefix mnp[CONF_SA_MAX_MNP];
	struct fb_list *fb;		/* flow bindings (RFC 6089), NULL:
					 * none */
	bool fb_unknown;		/* resumed: the kernel's rules are
					 * from before, their selectors not
					 * known until the node restates
					 * them */
	struct ha_fbi *fbi;		/* RFC 7109: the Flow Binding
					 * Indication awaiting its
					 * acknowledgement, NULL: none */
	bool fbi_off;			/* the node answered one with Binding
					 * Error 2 (or 129): none again */
	/* the care-of address the tunnel's IPsec policies name (xfrm.c) */
	bool tun_set;
	struct in6_addr tun_coa;
	/*
	 * DSMIPv6 (RFC 5555 4.2, 4.5): @coa is an IPv4 care-of address
	 * (IPv4-mapped) when the BU came in UDP over IPv4: the outer source
	 * (the NAT's address), reached in UDP at @port when @udp, else in
	 * IPv4 (protocol 41 or 4); @hoa4 the IPv4 home address bound with
	 * the IPv6 one (@has_hoa4), a session of its own in the kernel
	 */
	bool udp;
	uint16_t port;
	bool has_hoa4;
	struct in_addr hoa4;
	struct ha_entry *next;
};

/**
 * struct ha_rx - how the Binding Update being answered came (RFC 5555)
 * @udp: in UDP over IPv4 from @from4 port @port (4.2)
 * @auth_coa: the care-of address of its MN-HA authenticator and of the
 *	BA's: its IPv4 Care-of Address option's, IPv4-mapped (the outer
 *	source may be a NAT's, which the node does not know)
 * @nat: that option disagrees with the outer source: a NAT (4.2)
 * @udp_encap: the tunnel is UDP (a NAT, the BU's F, force-udp)
 * @v4ack: the BU had an IPv4 Home Address option: the BA answers it
 *	with @v4_status, @hoa4 and @v4_plen (3.2.1)
 */
struct ha_rx {
	bool udp;
	struct in_addr from4;
	uint16_t port;
	struct in6_addr auth_coa;
	bool nat;
	bool udp_encap;
	bool v4ack;
	uint8_t v4_status;
	uint8_t v4_plen;
	struct in_addr hoa4;
};

/* RFC 7109 8 */
#define MAX_FBI_RETRIES		3
#define MAX_FBA_TIMEOUT_MS	3000

/**
 * struct ha_fbi - a Flow Binding Indication sent, awaiting its
 *	acknowledgement (RFC 7109 4)
 * @ha: the home agent
 * @hoa: the mobile node's home address
 * @m: the message (sent again, with a new timestamp, on each retry)
 * @tries: retransmissions so far, up to MAX_FBI_RETRIES
 * @timer: MAX_FBA_TIMEOUT_MS after each
 */
struct ha_fbi {
	struct ha *ha;
	struct in6_addr hoa;
	struct mh_msg m;
	unsigned int tries;
	struct timer timer;
};

/**
 * struct ha_mnp - the mobile network prefixes a registration asks for
 * @n: how many
 * @p: the prefixes (RFC 3963 6.2: from its options, or in implicit mode
 *     the security association's)
 */
struct ha_mnp {
	uint8_t n;
	struct conf_prefix p[CONF_SA_MAX_MNP];
};

/**
 * struct ha_pd_lease - a prefix the DHCPv6 server delegated (RFC 6276)
 * @p: the prefix
 * @sa: the security association of the mobile router it went to: its
 *	owner, for as long as the lease lives
 * @expires: when its valid lifetime ends (now_ms() time; UINT64_MAX:
 *	infinite)
 */
struct ha_pd_lease {
	struct conf_prefix p;
	int sa;
	uint64_t expires;
};

/**
 * struct ha_pending - a home address under DAD (10.4.1)
 * @m: the decoded BU waiting for it (not optimistic)
 * @hoa, @coa, @dst: its addresses
 * @sa: security association index or -1
 * @timer: DAD timeout
 * @failed: a Neighbor Advertisement for the home address was seen
 * @optimistic: the registration was accepted at once (dad optimistic);
 *              the probe only decides whether it stays
 * @used: the slot is taken
 */
struct ha_pending {
	struct mh_msg m;
	struct ha_rx rx;		/* how it came (RFC 5555) */
	struct in6_addr hoa, coa, dst;
	int sa;
	struct timer timer;
	bool failed;
	bool optimistic;
	bool used;
};

/**
 * struct ha - home agent state
 * @home_ifindex: the home link
 * @addr: our address on the home link (in a home prefix)
 * @bucket: registered home addresses, a hash table of @nb chains keyed
 *          by in6_hash() of the home address with @seed (a secret, so
 *          that mobile nodes cannot pile their addresses into one chain)
 * @nb: number of buckets, a power of two: at least max-bindings / 2
 * @seed: the hash key
 * @n_entries: registered home addresses
 * @last_ts: per security association, last accepted RFC 4285 timestamp
 * @pending: home addresses under DAD
 * @dad_failed: home addresses whose optimistic DAD failed (a ring, next
 *              at @n_dad_failed % HA_MAX_PENDING): their next
 *              registration waits for its probe, so that the owner's
 *              address is not taken again and the mobile node gets 134
 * @n_dad_failed: entries ever put in @dad_failed
 * @lla: our link-layer address on the home link
 */
struct ha {
	int home_ifindex;
	struct in6_addr addr;
	struct ha_entry **bucket;
	uint32_t nb;
	uint64_t seed;
	unsigned int n_entries;
	uint64_t *last_ts;
	struct ha_pending pending[HA_MAX_PENDING];
	struct in6_addr dad_failed[HA_MAX_PENDING];
	unsigned int n_dad_failed;
	uint8_t lla[ND_LLA_MAX];
	int lla_len;
	struct ha_pd_lease *pd;
	unsigned int n_pd, pd_cap;
	uint16_t fbi_seq;		/* RFC 7109: the last FBI's number */
	struct timer pd_timer;
	struct ha_rx *rx;		/* the BU being answered, NULL:
					 * none (RFC 5555: its way back) */
	/* ipv4-home-pool: a bit per address, set while a node holds it;
	 * the next search starts at @pool_next */
	uint64_t *pool_map;
	uint32_t pool_n, pool_next;
	struct daemon *d;
};

static bool home_subnet(const struct conf_ha *c, const struct in6_addr *a)
{
	unsigned int i;

	for (i = 0; i < c->n_prefixes; i++)
		if (in6_in_prefix(a, &c->prefixes[i].prefix, c->prefixes[i].plen))
			return true;
	return false;
}

static struct ha_entry **entry_bucket(struct ha *ha,
				      const struct in6_addr *hoa)
{
	return &ha->bucket[in6_hash(hoa, ha->seed) & (ha->nb - 1)];
}

static struct ha_entry *entry_find(struct ha *ha, const struct in6_addr *hoa)
{
	struct ha_entry *e;

	for (e = *entry_bucket(ha, hoa); e; e = e->next)
		if (!memcmp(&e->hoa, hoa, sizeof(*hoa)))
			return e;
	return NULL;
}

/* Link a new entry for e->hoa (not yet in the table). */
static void entry_insert(struct ha *ha, struct ha_entry *e)
{
	struct ha_entry **head = entry_bucket(ha, &e->hoa);

	e->next = *head;
	*head = e;
	ha->n_entries++;
}

static void fbi_free(struct ha *ha, struct ha_entry *e)
{
	if (!e->fbi)
		return;
	loop_timer_cancel(ha->d, &e->fbi->timer);
	free(e->fbi);
	e->fbi = NULL;
}

/*
 * RFC 4877 4.1 (security ikev2): the tunnel's policies of a registered
 * home address name its care-of address; set at each registration that
 * moves it, removed with the binding (also one a restart resumed, whose
 * policies an earlier run set). coa NULL: removed.
 */
static void entry_tunnel(struct ha *ha, struct ha_entry *e,
			 const struct in6_addr *coa)
{
	const struct conf_sa *sa = e->sa >= 0 ? &ha->d->conf.ha.sa[e->sa] :
				   NULL;

	if (!sa || sa->security != CONF_SEC_IKEV2 || e->udp)
		return;
	if (!coa) {
		xfrm_tunnel_clear(true, &e->hoa, sa->protect_payload);
		e->tun_set = false;
		return;
	}
	if (e->tun_set && !memcmp(&e->tun_coa, coa, sizeof(*coa)))
		return;
	e->tun_set = !xfrm_tunnel_set(true, &e->hoa, &ha->addr, coa,
				      sa->ipsec_reqid + 1,
				      sa->protect_payload);
	e->tun_coa = *coa;
}

static void entry_remove(struct ha *ha, const struct in6_addr *hoa)
{
	struct ha_entry **pp, *e;

	for (pp = entry_bucket(ha, hoa); (e = *pp); pp = &e->next) {
		if (!memcmp(&e->hoa, hoa, sizeof(*hoa))) {
			entry_tunnel(ha, e, NULL);
			*pp = e->next;
			fbi_free(ha, e);
			free(e->fb);
			free(e);
			ha->n_entries--;
			return;
		}
	}
}

static int sa_index(const struct daemon *d, const struct conf_sa *sa)
{
	return sa ? (int)(sa - d->conf.ha.sa) : -1;
}

/* ---- sending ---- */

/*
 * Neighbor Advertisement on the home link on behalf of hoa (10.4.1): R
 * clear for a mobile node, set for a mobile router (RFC 3963 6.2).
 */
static void send_proxy_na(struct ha *ha, const struct in6_addr *hoa,
			  bool router)
{
	struct nd_msg m;
	struct in6_addr all_nodes = { .s6_addr = { 0xff, 0x02, [15] = 1 } };
	struct pkt_out po = { .dst = &all_nodes, .ifindex = ha->home_ifindex,
			      .hop_limit = 255 };
	uint8_t buf[128];
	int len;

	memset(&m, 0, sizeof(m));
	m.type = ND_NA;
	m.n.flags = (router ? ND_NA_F_R : 0) | ND_NA_F_O;
	m.n.target = *hoa;
	if (ha->lla_len > 0) {
		m.lla_len = (uint8_t)ha->lla_len;
		memcpy(m.lla, ha->lla, (size_t)ha->lla_len);
	}
	len = nd_build(&m, buf, sizeof(buf), NULL, NULL);
	if (len > 0 && sock_send(ha->d->icmp_fd, buf, (size_t)len, &po) < 0)
		logmsg(LOG_WARNING, "proxy neighbor advertisement: %s",
		       strerror(errno));
}

/*
 * Probe the home link for another owner of hoa (10.4.1 asks for DAD).
 * The home agent has an address of its own, so the probe is a
 * Neighbor Solicitation from it to the solicited-node address: an
 * owner answers with a Neighbor Advertisement.
 */
static int send_dad_probe(struct ha *ha, const struct in6_addr *hoa)
{
	struct nd_msg m;
	struct in6_addr snm;
	struct pkt_out po = { .dst = &snm, .ifindex = ha->home_ifindex,
			      .hop_limit = 255 };
	uint8_t buf[128];
	int len;

	nd_solicited_node(hoa, &snm);
	memset(&m, 0, sizeof(m));
	m.type = ND_NS;
	m.n.target = *hoa;
	if (ha->lla_len > 0) {
		m.lla_len = (uint8_t)ha->lla_len;
		memcpy(m.lla, ha->lla, (size_t)ha->lla_len);
	}
	len = nd_build(&m, buf, sizeof(buf), NULL, NULL);
	if (len <= 0)
		return -1;
	return sock_send(ha->d->icmp_fd, buf, (size_t)len, &po);
}

/*
 * Binding Acknowledgement (6.1.8, 10.3.1): to the home address through
 * a type 2 routing header to the care-of address, authenticated with
 * the mobile node's security association when the BU was (RFC 4285
 * 5.1.1), with the replay protection option echoed or resynchronised
 * (RFC 4285 6).
 */
/*
 * The BA to bu. RFC 5648 6.2: every Binding Identifier option of the BU
 * comes back (without its care-of address), with the status of that
 * BID from st (NULL: 0 for all).
 */
static void send_ba_st(struct ha *ha, const struct mh_msg *bu,
		       const struct in6_addr *src, const struct in6_addr *hoa,
		       const struct in6_addr *coa, uint8_t status,
		       uint16_t seq, uint32_t lifetime_s, int sa_idx,
		       uint64_t ts, const uint8_t *st, const struct mh_msg *fb)
{
	struct daemon *d = ha->d;
	const struct conf_sa *sa = sa_idx >= 0 ? &d->conf.ha.sa[sa_idx] : NULL;
	const struct ha_rx *rx = ha->rx;
	bool direct = !memcmp(hoa, coa, sizeof(*coa));
	struct pkt_out po = { .src = src, .dst = hoa,
			      .rh2_coa = direct ? NULL : coa };
	const struct in6_addr *acoa = coa;
	char h[INET6_ADDRSTRLEN], c[INET6_ADDRSTRLEN];
	uint8_t buf[MH_MAX_LEN];
	struct mh_msg m;
	int len;

	/* a refusal may go to an unauthenticated peer: rate limited */
	if (status >= 128 && !reply_ok())
		return;
	memset(&m, 0, sizeof(m));
	m.type = MH_BA;
	m.ba.status = status;
	m.ba.seq = seq;
	m.ba.lifetime = (uint16_t)(lifetime_s / 4);
	/* RFC 3963 6.6: R says forwarding for the mobile network is set up */
	if (status < 128 && (bu->bu.flags & MH_BU_F_R))
		m.ba.flags |= MH_BA_F_R;
	/*
	 * RFC 6275 10.3.1, RFC 4877 7.4: K when the BU had it and charon
	 * keys this node with MOBIKE, which moves the IKE SA's endpoint
	 */
	if ((bu->bu.flags & MH_BU_F_K) && sa &&
	    sa->security == CONF_SEC_IKEV2)
		m.ba.flags |= MH_BA_F_K;
	if (status < 128 && lifetime_s && d->conf.ha.refresh_advice &&
	    d->conf.ha.refresh_advice < lifetime_s) {
		m.opts |= MH_OPT(MHOPT_BRA);	/* 6.2.4 */
		m.refresh = (uint16_t)(d->conf.ha.refresh_advice / 4);
	}
	if (bu->opts & MH_OPT(MHOPT_MNID)) {
		m.opts |= MH_OPT(MHOPT_MNID);
		m.mnid = bu->mnid;
	}
	if (bu->opts & MH_OPT(MHOPT_MESGID)) {
		m.opts |= MH_OPT(MHOPT_MESGID);
		m.timestamp = ts;
	}
	if (bu->opts & MH_OPT(MHOPT_BID)) {
		unsigned int i;

		m.opts |= MH_OPT(MHOPT_BID);
		m.n_bid = bu->n_bid;
		for (i = 0; i < bu->n_bid; i++) {
			m.bid[i].bid = bu->bid[i].bid;
			m.bid[i].flags = bu->bid[i].flags;
			m.bid[i].status = st ? st[i] : 0;
		}
	}
	/* RFC 6089 5.3.5: a copy of each FID option with its status */
	if (fb && fb->n_fid) {
		m.opts |= MH_OPT(MHOPT_FID);
		m.n_fid = fb->n_fid;
		memcpy(m.fid, fb->fid, fb->n_fid * sizeof(m.fid[0]));
	}
	/*
	 * RFC 5555 4.2: a BU that came in UDP is answered in UDP, to the
	 * address and port it came from, with the NAT Detection option
	 * (F: the tunnel is UDP; the refresh time only behind a NAT, all
	 * ones otherwise, 3.2.2); an IPv4 Home Address option with its
	 * acknowledgement (3.2.1).
	 */
	if (rx && rx->udp) {
		po.rh2_coa = NULL;
		po.to4 = &rx->from4;
		po.port = rx->port;
		acoa = &rx->auth_coa;
		m.opts |= MH_OPT(MHOPT_NATD);
		m.natd.flags = rx->udp_encap ? MH_NATD_F_F : 0;
		m.natd.refresh = rx->nat ? d->conf.ha.nat_keepalive :
			MH_NATD_NO_REFRESH;
	}
	if (rx && rx->v4ack && status < 128) {
		m.opts |= MH_OPT(MHOPT_V4ACK);
		m.v4ack.status = rx->v4_status;
		if (rx->v4_status < 128) {
			m.v4ack.plen = rx->v4_plen;
			memcpy(m.v4ack.addr, &rx->hoa4, 4);
		}
	}
	/* under IPsec, ESP protects the BA (RFC 4877 4.3) */
	if (sa && sa->security != CONF_SEC_RFC4285)
		sa = NULL;
	if (sa) {
		m.opts |= MH_OPT(MHOPT_AUTH);
		m.auth.subtype = MH_AUTH_MN_HA;
		m.auth.spi = sa->spi;
	}
	len = mh_build(&m, buf, sizeof(buf));
	if (len < 0) {
		logmsg(LOG_ERR, "cannot build a BA: %s", mh_strerror(-len));
		return;
	}
	if (sa && auth_mnha_sign(sa->key.key, sa->key.len, acoa, hoa, buf,
				 (size_t)len, &m) < 0) {
		logmsg(LOG_ERR, "cannot sign a BA");
		return;
	}
	mh_finish(buf, (size_t)len, src, hoa);
	if ((po.to4 ? udpsock_send_mh(d, buf, (size_t)len, &po) :
	     sock_send(d->mh_fd, buf, (size_t)len, &po)) < 0) {
		logmsg_peer(LOG_WARNING, "sending BA to %s via %s: %s",
			    in6_str(hoa, h), in6_str(coa, c), strerror(errno));
		return;
	}
	logmsg_peer(status < 128 ? LOG_INFO : LOG_NOTICE,
	       "BA sent to %s (care-of %s): status %u (%s), seq %u, lifetime %us",
	       in6_str(hoa, h), in6_str(coa, c), status,
	       mh_ba_status_name(status) ? mh_ba_status_name(status) : "?",
	       seq, lifetime_s);
}

static void send_ba(struct ha *ha, const struct mh_msg *bu,
		    const struct in6_addr *src, const struct in6_addr *hoa,
		    const struct in6_addr *coa, uint8_t status,
		    uint16_t seq, uint32_t lifetime_s, int sa_idx,
		    uint64_t ts)
{
	send_ba_st(ha, bu, src, hoa, coa, status, seq, lifetime_s, sa_idx, ts,
		   NULL, NULL);
}

/*
 * Binding Error (6.1.9, 9.3.3): to the source of the offending packet,
 * the care-of address when it carried a Home Address option.
 */
/* ---- registration ---- */

static void binding_for(const struct ha *ha, const struct ha_entry *e,
			struct ipmob_binding *b)
{
	memset(b, 0, sizeof(*b));
	b->hoa = e->hoa;
	BA_SET(b, IPMOB_BA_HOA);
	b->local = ha->addr;
	BA_SET(b, IPMOB_BA_LOCAL);
	b->ncoa = 1;
	b->coa[0].addr = e->coa;
	b->coa[0].has_addr = true;
	/* RFC 5648: a care-of record per BID, ordered by BID-PRI (6089) */
	if (e->set.n && !mcoa_is_regular(&e->set)) {
		unsigned int i;

		for (i = 0; i < e->set.n; i++) {
			struct ipmob_coa *r = &b->coa[i];

			r->addr = e->set.r[i].coa;
			r->has_addr = true;
			r->bid = e->set.r[i].bid;
			r->has_bid = true;
			r->prio = e->set.r[i].prio;
			r->has_prio = true;
			/* 5.6: the node on the home link, no tunnel */
			if (e->set.r[i].home) {
				r->encap = IPMOB_ENCAP_HOME;
				r->has_encap = true;
			}
		}
		b->ncoa = e->set.n;
	}
	/* RFC 5555 4.5: an IPv4 care-of address, in UDP or in IPv4 */
	if (IN6_IS_ADDR_V4MAPPED(&e->coa) && b->ncoa == 1) {
		struct ipmob_coa *r = &b->coa[0];

		r->has_addr = false;
		memcpy(&r->addr4, &e->coa.s6_addr[12], 4);
		r->has_addr4 = true;
		r->has_encap = true;
		r->encap = e->udp ? IPMOB_ENCAP_UDP : IPMOB_ENCAP_IP;
		/* where the BU came from at first, then what the NAT's
		 * mappings say (4.1: learnt from the packets) */
		if (e->udp) {
			r->port = e->port;
			r->has_port = true;
			r->learn = true;
		}
		b->local4 = ha->d->conf.ha.addr4;
		BA_SET(b, IPMOB_BA_LOCAL4);
	}
	BA_SET(b, IPMOB_BA_COA);
	b->lifetime = e->lifetime;
	BA_SET(b, IPMOB_BA_LIFETIME);
	b->ifindex = (uint32_t)ha->d->devindex;
	BA_SET(b, IPMOB_BA_IFINDEX);
	b->seq = e->seq;
	BA_SET(b, IPMOB_BA_SEQ);
	/*
	 * 10.4.1: the module answers the home link's solicitations; not
	 * while the node is on the home link too and defends its address
	 * itself (RFC 5648 5.6.2, topology a: this node is the link's only
	 * router, so what comes for the address still comes here)
	 */
	if (mcoa_home(&e->set))
		return;
	b->proxy_if = (uint32_t)ha->home_ifindex;
	BA_SET(b, IPMOB_BA_PROXY_IF);
	if (e->mr)	/* RFC 3963 6.2: R set for a mobile router */
		BA_SET(b, IPMOB_BA_PROXY_ROUTER);
}

/* The prefix session of a mobile network prefix of e's (RFC 3963 6.5). */
static void mnp_binding_for(const struct ha *ha, const struct ha_entry *e,
			    const struct conf_prefix *pf,
			    struct ipmob_binding *b)
{
	binding_for(ha, e, b);
	b->hoa = pf->prefix;
	b->prefix_len = pf->plen;
	BA_SET(b, IPMOB_BA_PREFIX_LEN);
	/* a prefix is routed, not proxied (RFC 3963 6.5) */
	b->present &= ~(BA_BIT(IPMOB_BA_PROXY_IF) |
			BA_BIT(IPMOB_BA_PROXY_ROUTER));
}

static void mnp_del(struct ha *ha, const struct ha_entry *e,
		    const struct conf_prefix *pf)
{
	struct ipmob_binding b;

	mnp_binding_for(ha, e, pf, &b);
	b.present = BA_BIT(IPMOB_BA_HOA) | BA_BIT(IPMOB_BA_PREFIX_LEN) |
		    BA_BIT(IPMOB_BA_IFINDEX);
	kern_binding_del(ha->d, &b);
}

static bool mnp_has(const struct conf_prefix *set, unsigned int n,
		    const struct conf_prefix *pf)
{
	unsigned int i;

	for (i = 0; i < n; i++)
		if (set[i].plen == pf->plen &&
		    IN6_ARE_ADDR_EQUAL(&set[i].prefix, &pf->prefix))
			return true;
	return false;
}

/*
 * RFC 3963 5.8: a mobile router that deregisters from the home link is
 * a router there: its prefixes are routed through its home address on
 * the home link (no routing protocol needed), until it registers from
 * away again (add false: those routes go, whether this daemon put them
 * in or an earlier one did; a prefix session's packets never reach them,
 * the hooks take those first). A route that cannot be made is logged.
 */
static void mnp_home_routes(struct ha *ha, const struct conf_prefix *p,
			    unsigned int n, const struct in6_addr *hoa,
			    bool add)
{
	char s[INET6_ADDRSTRLEN], g[INET6_ADDRSTRLEN];
	unsigned int i;
	int r;

	for (i = 0; i < n; i++) {
		r = rtnl_prefix_route(ha->home_ifindex, hoa, &p[i].prefix,
				      p[i].plen, add);
		if (r < 0)
			logmsg(LOG_WARNING, "route for mobile network prefix %s/%u via %s: %s",
			       in6_str(&p[i].prefix, s), p[i].plen,
			       in6_str(hoa, g), strerror(-r));
		else if (add)
			logmsg(LOG_NOTICE, "mobile router %s at home: prefix %s/%u routed to it on the home link",
			       in6_str(hoa, g), in6_str(&p[i].prefix, s),
			       p[i].plen);
	}
}

/* RFC 3963 6.7: the prefix sessions go with the registration. */
static void mnp_clear(struct ha *ha, struct ha_entry *e)
{
	unsigned int i;

	for (i = 0; i < e->n_mnp; i++)
		mnp_del(ha, e, &e->mnp[i]);
	e->n_mnp = 0;
}

/* ---- DSMIPv6: the IPv4 home address (RFC 5555 4.5) ---- */

/* Its session: the IPv6 home address's care-of record, keyed by it. */
static void hoa4_binding_for(const struct ha *ha, const struct ha_entry *e,
			     struct ipmob_binding *b)
{
	binding_for(ha, e, b);
	/* 4.5: the module answers ARP for it on the home link */
	b->present &= ~(BA_BIT(IPMOB_BA_HOA) | BA_BIT(IPMOB_BA_PROXY_ROUTER) |
			BA_BIT(IPMOB_BA_SEQ));
	memset(&b->hoa, 0, sizeof(b->hoa));
	b->hoa4 = e->hoa4;
	BA_SET(b, IPMOB_BA_HOA4);
}

/* ---- the IPv4 home address pool (RFC 5555 2.5) ---- */

/* a's index in ipv4-home-pool, or -1 */
static long pool_index(const struct ha *ha, struct in_addr a)
{
	uint32_t lo = ntohl(ha->d->conf.ha.pool4_lo.s_addr), h = ntohl(a.s_addr);

	if (!ha->pool_map || h < lo || h - lo >= ha->pool_n)
		return -1;
	return (long)(h - lo);
}

static void pool_mark(struct ha *ha, struct in_addr a, bool used)
{
	long i = pool_index(ha, a);

	if (i < 0)
		return;
	if (used)
		ha->pool_map[i / 64] |= 1ull << (i % 64);
	else
		ha->pool_map[i / 64] &= ~(1ull << (i % 64));
}

/*
 * A free address of the pool, the first at or after the last one given
 * (so that an address just let go is not handed out again at once).
 * false when every one is held.
 */
static bool pool_pick(struct ha *ha, struct in_addr *out)
{
	uint32_t n = ha->pool_n, k, i;

	for (k = 0; k < n; k++) {
		i = (ha->pool_next + k) % n;
		if (ha->pool_map[i / 64] == ~0ull && i % 64 == 0 &&
		    n - i >= 64) {
			k += 63;	/* a full word */
			continue;
		}
		if (!((ha->pool_map[i / 64] >> (i % 64)) & 1)) {
			out->s_addr = htonl(ntohl(ha->d->conf.ha.pool4_lo.s_addr) + i);
			ha->pool_next = (i + 1) % n;
			return true;
		}
	}
	return false;
}

static void hoa4_del(struct ha *ha, struct ha_entry *e)
{
	struct ipmob_binding b;

	if (!e->has_hoa4)
		return;
	memset(&b, 0, sizeof(b));
	b.hoa4 = e->hoa4;
	b.ifindex = (uint32_t)ha->d->devindex;
	b.present = BA_BIT(IPMOB_BA_HOA4) | BA_BIT(IPMOB_BA_IFINDEX);
	kern_binding_del(ha->d, &b);
	/* the address is no longer the home agent's to announce */
	arp_cancel(ha->d, e->hoa4);
	pool_mark(ha, e->hoa4, false);
	e->has_hoa4 = false;
}

static bool in4_unicast(struct in_addr a)
{
	uint32_t h = ntohl(a.s_addr);

	return h >> 24 != 0 && h >> 24 != 127 && h >> 28 < 0xe;
}

/*
 * RFC 5555 4.5, 5: the IPv4 home address a BU's option asks for, which
 * must be its security association's (the association authenticates the
 * IPv6 home address; the IPv4 one is authorised through it). 0 with the
 * address in *out, or the IPv4 Address Acknowledgement status.
 */
static uint8_t v4hoa_check(struct ha *ha, const struct mh_msg *m, int sa_idx,
			   const struct in6_addr *hoa, struct in_addr *out,
			   uint8_t *plen)
{
	const struct conf_ha *c = &ha->d->conf.ha;
	const struct conf_sa *sa = sa_idx >= 0 ? &c->sa[sa_idx] : NULL;
	const struct ha_entry *e = entry_find(ha, hoa);
	struct in_addr a;

	*plen = 32;
	memcpy(&a, m->v4hoa.addr, 4);
	if (!c->has_addr4)
		return V4ACK_PROHIBITED;
	/* 3.1.1: 0 is an error; a prefix (P, or shorter than 32) is
	 * more than ipmob gives */
	if (!m->v4hoa.plen)
		return V4ACK_INVALID_ADDR;
	if ((m->v4hoa.flags & MH_V4HOA_F_P) || m->v4hoa.plen != 32)
		return V4ACK_PREFIX_UNAUTH;
	if (!a.s_addr) {
		/* 2.5: one is asked for: the one it has, its own, or one
		 * of the pool (held while its binding lives) */
		if (e && e->has_hoa4 && e->sa == sa_idx) {
			*out = e->hoa4;
			return V4ACK_SUCCESS;
		}
		if (sa && sa->has_hoa4) {
			*out = sa->hoa4;
			return V4ACK_SUCCESS;
		}
		if (sa && ha->pool_map && pool_pick(ha, out))
			return V4ACK_SUCCESS;
		return V4ACK_NO_DYNAMIC;
	}
	if (!in4_unicast(a))
		return V4ACK_INVALID_ADDR;
	/* 5: its association's own, or the pool's that it holds now */
	if (e && e->has_hoa4 && e->sa == sa_idx && e->hoa4.s_addr == a.s_addr) {
		*out = a;
		return V4ACK_SUCCESS;
	}
	if (!sa || !sa->has_hoa4 || sa->hoa4.s_addr != a.s_addr)
		return V4ACK_INCORRECT_HOA;
	*out = a;
	return V4ACK_SUCCESS;
}

/*
 * After the IPv6 registration: the IPv4 home address's session as the
 * BU asked (3.2.1), or none when it did not ask (4.4.2.1: a BU without
 * the option removes it). A session the kernel refuses turns the
 * acknowledgement into 128.
 */
static void hoa4_apply(struct ha *ha, struct ha_entry *e)
{
	struct ha_rx *rx = ha->rx;
	struct ipmob_binding b;
	bool fresh;

	if (!rx || !rx->v4ack || rx->v4_status >= 128) {
		hoa4_del(ha, e);
		return;
	}
	if (e->has_hoa4 && e->hoa4.s_addr != rx->hoa4.s_addr)
		hoa4_del(ha, e);
	fresh = !e->has_hoa4;
	e->has_hoa4 = true;
	e->hoa4 = rx->hoa4;
	hoa4_binding_for(ha, e, &b);
	if (kern_binding_put(ha->d, &b) < 0) {
		e->has_hoa4 = false;
		rx->v4_status = V4ACK_UNSPECIFIED;
		return;
	}
	pool_mark(ha, e->hoa4, true);
	/*
	 * RFC 5944 4.6, the IPv4 side of 10.4.1's advertisement: a binding
	 * new for the address (the node was at home, or elsewhere without
	 * it) moves the home link's ARP caches to the home agent.
	 */
	if (fresh)
		arp_announce(ha->d, ha->home_ifindex, e->hoa4, ha->lla,
			     (size_t)(ha->lla_len > 0 ? ha->lla_len : 0));
}

static void ha_deregister(struct ha *ha, const struct in6_addr *hoa)
{
	struct ha_entry *e = entry_find(ha, hoa);
	struct ipmob_binding b;

	if (!e)
		return;
	hoa4_del(ha, e);
	mnp_clear(ha, e);
	binding_for(ha, e, &b);
	b.present = BA_BIT(IPMOB_BA_HOA) | BA_BIT(IPMOB_BA_IFINDEX);
	kern_binding_del(ha->d, &b);
	entry_remove(ha, hoa);
}

/*
 * A mobile network prefix that cannot be one (RFC 3963 6.2, 141): length
 * 0 or over 128, host bits set, not global unicast, or overlapping a
 * home prefix (whose addresses the home link keeps).
 */
static bool mnp_invalid(const struct conf_ha *c, const struct conf_prefix *pf)
{
	const struct in6_addr *a = &pf->prefix;
	unsigned int i;

	if (!pf->plen || pf->plen > 128 || IN6_IS_ADDR_UNSPECIFIED(a) ||
	    IN6_IS_ADDR_LOOPBACK(a) || IN6_IS_ADDR_MULTICAST(a) ||
	    IN6_IS_ADDR_LINKLOCAL(a) || IN6_IS_ADDR_V4MAPPED(a))
		return true;
	if (in6_host_bits(a, pf->plen))
		return true;
	for (i = 0; i < c->n_prefixes; i++)
		if (conf_prefix_overlap(pf, &c->prefixes[i]))
			return true;
	return false;
}

/* ---- prefixes delegated by DHCPv6 (RFC 6276) ---- */

/* sa's live lease of exactly pf, or NULL */
static struct ha_pd_lease *pd_find(struct ha *ha, int sa,
				   const struct conf_prefix *pf)
{
	uint64_t now = now_ms();
	unsigned int i;

	for (i = 0; i < ha->n_pd; i++)
		if (ha->pd[i].sa == sa && ha->pd[i].expires > now &&
		    mnp_has(&ha->pd[i].p, 1, pf))
			return &ha->pd[i];
	return NULL;
}

/* Append sa's live leases to out (room permitting). */
static void pd_add_leased(struct ha *ha, int sa, struct ha_mnp *out)
{
	uint64_t now = now_ms();
	unsigned int i;

	for (i = 0; i < ha->n_pd && out->n < CONF_SA_MAX_MNP; i++)
		if (ha->pd[i].sa == sa && ha->pd[i].expires > now &&
		    !mnp_has(out->p, out->n, &ha->pd[i].p))
			out->p[out->n++] = ha->pd[i].p;
}

/*
 * RFC 3963 6.2: the mobile network prefixes a Binding Update with the R
 * flag sets up, in *out; 0, or the status that refuses it: 140 when its
 * security association may not register a mobile router, 141 for a
 * prefix that cannot be one, 142 for one that is not the association's
 * (the Prefix Table, 6.1.2: an exact match) or that another of its home
 * addresses holds, 143 in implicit mode (no Mobile Network Prefix
 * option) when the association has none configured.
 */
static uint8_t mr_check(struct ha *ha, const struct mh_msg *bu, int sa_idx,
			const struct in6_addr *hoa, struct ha_mnp *out)
{
	const struct conf_ha *c = &ha->d->conf.ha;
	const struct conf_sa *sa = sa_idx >= 0 ? &c->sa[sa_idx] : NULL;
	unsigned int i, k;

	out->n = 0;
	if (!sa || !sa->mobile_router)
		return BA_MR_OP_NOT_PERMITTED;
	if (!(bu->opts & MH_OPT(MHOPT_MNP))) {
		/* RFC 6276 3.1: a router that takes its prefixes by DHCPv6
		 * registers before it has any */
		if (!sa->n_mnp && !sa->pd)
			return BA_FWD_SETUP_FAILED;
		out->n = sa->n_mnp;
		memcpy(out->p, sa->mnp, sa->n_mnp * sizeof(sa->mnp[0]));
		pd_add_leased(ha, sa_idx, out);
	}
	for (i = 0; (bu->opts & MH_OPT(MHOPT_MNP)) && i < bu->n_mnp; i++) {
		struct conf_prefix pf = { .prefix = bu->mnp[i].prefix,
					  .plen = bu->mnp[i].plen };

		if (mnp_invalid(c, &pf))
			return BA_INVALID_PREFIX;
		if (!mnp_has(sa->mnp, sa->n_mnp, &pf) &&
		    !pd_find(ha, sa_idx, &pf))
			return BA_NOT_AUTH_FOR_PREFIX;
		if (!mnp_has(out->p, out->n, &pf))
			out->p[out->n++] = pf;
	}
	for (k = 0; k < sa->n_hoa; k++) {
		const struct ha_entry *o;

		if (IN6_ARE_ADDR_EQUAL(&sa->hoa[k], hoa))
			continue;
		o = entry_find(ha, &sa->hoa[k]);
		for (i = 0; o && i < out->n; i++)
			if (mnp_has(o->mnp, o->n_mnp, &out->p[i]))
				return BA_NOT_AUTH_FOR_PREFIX;
	}
	return 0;
}

/*
 * Set up e's mobile network prefixes (RFC 3963 6.2): a prefix session
 * each, with e's care-of address and lifetime; those it held and no
 * longer lists go. Returns 0, or -1 with none of them set up (6.2: "it
 * MUST NOT forward traffic to any of the prefixes").
 */
static int mnp_set(struct ha *ha, struct ha_entry *e, const struct ha_mnp *want)
{
	struct ipmob_binding b;
	unsigned int i;

	for (i = 0; i < want->n; i++) {
		mnp_binding_for(ha, e, &want->p[i], &b);
		if (kern_binding_put(ha->d, &b) < 0) {
			for (; i > 0; i--)
				if (!mnp_has(e->mnp, e->n_mnp, &want->p[i - 1]))
					mnp_del(ha, e, &want->p[i - 1]);
			mnp_clear(ha, e);
			return -1;
		}
	}
	for (i = 0; i < e->n_mnp; i++)
		if (!mnp_has(want->p, want->n, &e->mnp[i]))
			mnp_del(ha, e, &e->mnp[i]);
	e->n_mnp = want->n;
	memcpy(e->mnp, want->p, want->n * sizeof(want->p[0]));
	return 0;
}

/* The bindings of e (none without e; one regular one if unknown). */
static void entry_set(const struct ha_entry *e, struct mcoa_set *s)
{
	memset(s, 0, sizeof(*s));
	if (!e)
		return;
	*s = e->set;
	if (!s->n) {
		s->n = 1;
		s->r[0].coa = e->coa;
	}
}

/*
 * RFC 6089 5.3: what an accepted BU (its BID options already applied to
 * e->set) makes of e's flow bindings, restated to the kernel as the
 * rules of the home address's session and of its prefixes' (the FID
 * number space covers every address of the mobile node, 4.3). fb gets
 * the BA's copies of the FID options with their statuses; when the
 * kernel refuses the rules of any of the node's sessions, the accepted
 * ones say 129 and the entries and the rules stay as they were.
 */
static void ha_flows(struct ha *ha, struct ha_entry *e,
		     const struct mh_msg *bu, struct mh_msg *fb)
{
	struct daemon *d = ha->d;
	struct ipmob_flow *rules = NULL;
	struct fb_list *next = NULL;
	struct ipmob_binding b;
	struct mcoa_set set;
	unsigned int n, i;

	fb->n_fid = 0;
	fb->opts = 0;
	if (!(bu->opts & (MH_OPT(MHOPT_FID) | MH_OPT(MHOPT_FSUM))) &&
	    (!e->fb || !e->fb->n) && !e->fb_unknown)
		return;
	entry_set(e, &set);
	next = malloc(sizeof(*next));
	rules = calloc(FB_MAX, sizeof(*rules));
	if (!next || !rules) {
		fb_apply(e->fb, bu, &set, d->conf.ha.max_flow_bindings,
			 &(struct fb_list){ 0 }, fb);
		goto refuse;
	}
	fb_apply(e->fb, bu, &set, d->conf.ha.max_flow_bindings, next, fb);
	/*
	 * After a restart: a Flow Summary naming flows this daemon never
	 * saw gets 132 and the node states them again at once (RFC 6089
	 * 5.3.3); until it has, the kernel keeps the rules from before.
	 */
	if (e->fb_unknown) {
		for (i = 0; i < fb->n_fid; i++)
			if (fb->fid[i].status == FID_NOT_FOUND)
				break;
		if (i < fb->n_fid) {
			free(e->fb);
			e->fb = next->n ? next : NULL;
			if (!next->n)
				free(next);
			free(rules);
			return;
		}
	}
	n = fb_rules(next, &set, false, rules);
	binding_for(ha, e, &b);
	if (kern_flows_set(d, &b, rules, n) < 0)
		goto refuse;
	for (i = 0; i < e->n_mnp; i++) {
		mnp_binding_for(ha, e, &e->mnp[i], &b);
		if (kern_flows_set(d, &b, rules, n) < 0)
			break;
	}
	if (i < e->n_mnp && !e->fb_unknown) {
		/*
		 * One session refused (kern_flows_set logged why): the
		 * ones already changed get the rules of before back, so
		 * that every session of the node keeps one policy (after
		 * a restart those are the kernel's, unknown here).
		 */
		unsigned int k, m = e->fb ? fb_rules(e->fb, &set, false,
						       rules) : 0;

		binding_for(ha, e, &b);
		kern_flows_set(d, &b, rules, m);
		for (k = 0; k < i; k++) {
			mnp_binding_for(ha, e, &e->mnp[k], &b);
			kern_flows_set(d, &b, rules, m);
		}
		goto refuse;
	}
	if (i < e->n_mnp)
		goto refuse;
	e->fb_unknown = false;
	free(e->fb);
	e->fb = next->n ? next : NULL;
	if (!next->n)
		free(next);
	free(rules);
	return;
refuse:
	for (i = 0; i < fb->n_fid; i++)
		if (fb->fid[i].status == FID_OK)
			fb->fid[i].status = FID_UNSPECIFIED;
	free(next);
	free(rules);
}

/* ---- home agent initiated flow bindings (RFC 7109) ---- */

static void fbi_send(struct ha *ha, struct ha_entry *e)
{
	struct daemon *d = ha->d;
	const struct conf_sa *sa = e->sa >= 0 ? &d->conf.ha.sa[e->sa] : NULL;
	bool direct = IN6_ARE_ADDR_EQUAL(&e->hoa, &e->coa);
	struct pkt_out po = { .src = &ha->addr, .dst = &e->hoa,
			      .rh2_coa = direct ? NULL : &e->coa };
	char h[INET6_ADDRSTRLEN], c[INET6_ADDRSTRLEN];
	struct mh_msg *m = &e->fbi->m;
	struct timespec now;

	/* RFC 4285 as for the BA: a timestamp and the MN-HA authenticator */
	clock_gettime(CLOCK_REALTIME, &now);
	m->opts |= MH_OPT(MHOPT_MESGID);
	m->timestamp = ntp_from_timespec(&now);
	if (mh_send_mnha(d, m, &po, sa ? &sa->key : NULL, sa ? sa->spi : 0,
			 &e->coa, &e->hoa) < 0)
		logmsg(LOG_WARNING, "sending a Flow Binding Indication to %s: %s",
		       in6_str(&e->hoa, h), strerror(errno));
	else
		logmsg(LOG_INFO, "Flow Binding Indication sent to %s (care-of %s): seq %u, %u flow%s to add%s",
		       in6_str(&e->hoa, h), in6_str(&e->coa, c), m->fb.seq,
		       m->n_fid, m->n_fid == 1 ? "" : "s",
		       e->fbi->tries ? " (again)" : "");
}

static void fbi_timeout(struct daemon *d, void *data)
{
	struct ha_fbi *f = data;
	struct ha *ha = f->ha;
	struct ha_entry *e = entry_find(ha, &f->hoa);
	char h[INET6_ADDRSTRLEN];

	(void)d;
	if (!e || e->fbi != f)
		return;
	if (f->tries >= MAX_FBI_RETRIES) {
		/* 4: the target interface is taken to be unavailable */
		logmsg(LOG_NOTICE, "no Flow Binding Acknowledgement from %s after %u retransmissions: flows not added",
		       in6_str(&e->hoa, h), f->tries);
		fbi_free(ha, e);
		return;
	}
	f->tries++;
	fbi_send(ha, e);
	loop_timer_arm(ha->d, &f->timer, MAX_FBA_TIMEOUT_MS);
}

/*
 * After a registration: the flows the association's policy wants
 * (home-flow) that the node does not hold, each over its BID when the
 * node registered that BID, asked for in one Flow Binding Indication
 * (4.1: Add, with a Binding Reference and the selector as a BU would
 * carry it, what the home agent sends). Not while one is unanswered,
 * nor to a node that does not take them.
 */
static void fbi_start(struct ha *ha, struct ha_entry *e)
{
	const struct conf_sa *sa;
	struct ha_fbi *f;
	struct mh_msg m;
	unsigned int i;

	if (e->sa < 0 || e->fbi || e->fbi_off || e->fb_unknown)
		return;
	sa = &ha->d->conf.ha.sa[e->sa];
	memset(&m, 0, sizeof(m));
	for (i = 0; i < sa->n_home_flows && m.n_fid < MH_MAX_FID; i++) {
		const struct conf_home_flow *hf = &sa->home_flows[i];
		struct mh_fid *o = &m.fid[m.n_fid];

		if ((e->fb && fb_find(e->fb, hf->fid)) ||
		    !mcoa_find(&e->set, hf->bid))
			continue;
		memset(o, 0, sizeof(*o));
		if (!flow_to_ts(&hf->sel, &o->ts))
			continue;
		ts_mirror(&o->ts);	/* what the home agent sends */
		o->ts_format = o->ts.format;
		o->fid = hf->fid;
		o->pri = hf->fid;
		o->n_bref = 1;
		o->bref[0] = hf->bid;
		o->action = FB_ACT_ADD;
		m.n_fid++;
	}
	if (!m.n_fid)
		return;
	f = calloc(1, sizeof(*f));
	if (!f)
		return;
	f->ha = ha;
	f->hoa = e->hoa;
	m.type = MH_FB;
	m.fb.type = MH_FB_FBI;
	m.fb.seq = ++ha->fbi_seq;
	m.fb.code = FBI_TRIG_ADMIN;	/* the operator's policy */
	m.fb.flags = MH_FB_F_A;
	m.opts = MH_OPT(MHOPT_FID);
	f->m = m;
	loop_timer_init(&f->timer, fbi_timeout, f);
	e->fbi = f;
	fbi_send(ha, e);
	loop_timer_arm(ha->d, &f->timer, MAX_FBA_TIMEOUT_MS);
}

/*
 * A Flow Binding Acknowledgement (6.1.2): from the node's care-of
 * address with its home address (Home Address option), authenticated
 * as its BUs are, for the outstanding Indication. Success: its BU
 * follows with the flows (4.1). 129: the node will not take them, ask
 * no more.
 */
static void ha_fba(struct ha *ha, const struct mh_msg *m, const uint8_t *buf,
		   size_t len, const struct pkt_info *pi)
{
	/* the Home Address option swapped in: src is the home address */
	const struct in6_addr *hoa = &pi->src;
	const struct in6_addr *coa = pi->has_hao ? &pi->hao : &pi->src;
	struct ha_entry *e = entry_find(ha, hoa);
	char h[INET6_ADDRSTRLEN];
	const struct conf_sa *sa;

	if (!e || !e->fbi || m->fb.seq != e->fbi->m.fb.seq) {
		logmsg_peer(LOG_INFO, "Flow Binding Acknowledgement from %s for nothing outstanding, ignored",
			    in6_str(hoa, h));
		return;
	}
	sa = e->sa >= 0 ? &ha->d->conf.ha.sa[e->sa] : NULL;
	if (sa && (!(m->opts & MH_OPT(MHOPT_AUTH)) ||
		   m->auth.spi != sa->spi ||
		   !auth_mnha_verify(sa->key.key, sa->key.len, coa, hoa,
				     buf, len, m))) {
		logmsg_peer(LOG_WARNING, "Flow Binding Acknowledgement from %s fails authentication, discarded",
			    in6_str(hoa, h));
		return;
	}
	if (m->fb.code < 128) {
		logmsg(LOG_INFO, "Flow Binding Acknowledgement from %s: status %u, seq %u",
		       in6_str(hoa, h), m->fb.code, m->fb.seq);
	} else {
		logmsg(LOG_NOTICE, "Flow Binding Acknowledgement from %s: status %u (%s)",
		       in6_str(hoa, h), m->fb.code,
		       m->fb.code == FBA_NO_BINDING ?
		       "binding does not exist" :
		       m->fb.code == FBA_NOT_AUTHORIZED ?
		       "action not authorized" : "refused");
		if (m->fb.code == FBA_NOT_AUTHORIZED)
			e->fbi_off = true;
	}
	fbi_free(ha, e);
}

/* 4: Binding Error 2 for an Indication: never send one to it again. */
static void ha_be(struct ha *ha, const struct mh_msg *m,
		  const struct pkt_info *pi)
{
	const struct in6_addr *hoa = &pi->src;	/* (through the tunnel, or
						 * the option swapped in) */
	struct ha_entry *e = entry_find(ha, hoa);
	char h[INET6_ADDRSTRLEN];

	if (m->be.status != BE_UNKNOWN_MH || !e || !e->fbi)
		return;
	logmsg(LOG_NOTICE, "%s does not support Flow Binding messages (Binding Error 2): no more Indications to it",
	       in6_str(hoa, h));
	e->fbi_off = true;
	fbi_free(ha, e);
}

/*
 * Accept a (re-)registration: kernel binding, proxy ND, BA (10.3.1).
 * announce: for a new home address, also the unsolicited Neighbor
 * Advertisement that overrides the home link's caches (10.4.1); not
 * while its DAD is still running (RFC 4429 3.3: no override from an
 * optimistic address).
 */
static void ha_accept(struct ha *ha, const struct mh_msg *bu,
		      const struct in6_addr *dst, const struct in6_addr *hoa,
		      const struct in6_addr *coa, int sa_idx, bool announce)
{
	struct daemon *d = ha->d;
	struct ha_entry *e = entry_find(ha, hoa);
	struct ipmob_binding b;
	uint32_t req = (uint32_t)bu->bu.lifetime * 4, granted;
	bool fresh = !e, mr = bu->bu.flags & MH_BU_F_R;
	struct ha_mnp want = { 0 };
	struct mcoa_set cur, next, old;
	struct in6_addr old_coa;
	uint8_t status, mstatus, st[MH_MAX_BID];
	struct mh_msg fb;

	granted = req < d->conf.ha.max_lifetime ? req : d->conf.ha.max_lifetime;
	granted &= ~3u;		/* units of 4 s on the wire */
	/* RFC 5648 6.2: the care-of records the BU makes */
	entry_set(e, &cur);
	/* RFC 5648 5.6: not for a mobile router's prefixes (RFC 3963 5.8) */
	mstatus = mcoa_apply(&cur, bu, coa, hoa, d->conf.ha.home_binding && !mr,
			     &next, st);
	if (mstatus >= 128) {
		send_ba_st(ha, bu, dst, hoa, coa, mstatus, bu->bu.seq, 0, sa_idx,
			   bu->timestamp, st, NULL);
		return;
	}
	/* again: a BU that waited for DAD meets what is registered now */
	if (mr && (status = mr_check(ha, bu, sa_idx, hoa, &want))) {
		send_ba(ha, bu, dst, hoa, coa, status, bu->bu.seq, 0, sa_idx,
			bu->timestamp);
		return;
	}
	if (!e) {
		e = calloc(1, sizeof(*e));
		if (!e) {
			send_ba(ha, bu, dst, hoa, coa, BA_INSUFFICIENT,
				bu->bu.seq, 0, sa_idx, bu->timestamp);
			return;
		}
		e->hoa = *hoa;
		entry_insert(ha, e);
	}
	old = e->set;
	old_coa = e->coa;
	e->set = next;
	e->coa = *mcoa_primary(&next);
	/* RFC 5555 4.2: an IPv4 care-of address, in UDP or not */
	e->udp = ha->rx && ha->rx->udp && ha->rx->udp_encap;
	e->port = ha->rx && ha->rx->udp ? ha->rx->port : 0;
	e->seq = bu->bu.seq;
	e->lifetime = granted;
	e->sa = sa_idx;
	e->mr = mr;
	binding_for(ha, e, &b);
	if (kern_binding_put(d, &b) < 0) {
		if (fresh) {
			entry_remove(ha, hoa);
		} else {
			e->set = old;
			e->coa = old_coa;
		}
		send_ba(ha, bu, dst, hoa, coa, BA_INSUFFICIENT, bu->bu.seq, 0,
			sa_idx, bu->timestamp);
		return;
	}
	if (mnp_set(ha, e, &want) < 0) {
		/* 6.2: no forwarding to any prefix, and no registration */
		logmsg(LOG_WARNING, "mobile network prefixes of %s could not be set up: registration refused",
		       in6_str(hoa, (char[INET6_ADDRSTRLEN]){ 0 }));
		b.present = BA_BIT(IPMOB_BA_HOA) | BA_BIT(IPMOB_BA_IFINDEX);
		kern_binding_del(d, &b);
		entry_remove(ha, hoa);
		send_ba(ha, bu, dst, hoa, coa, BA_INVALID_PREFIX, bu->bu.seq, 0,
			sa_idx, bu->timestamp);
		return;
	}
	/*
	 * RFC 3963 5.8: away again, its prefixes are no more on-link (a
	 * router at home has no entry: its first registration is fresh)
	 */
	if (mr && fresh)
		mnp_home_routes(ha, want.p, want.n, hoa, false);
	hoa4_apply(ha, e);
	ha_flows(ha, e, bu, &fb);
	/* and when the node left the home link (RFC 5648 5.6.5) */
	if ((fresh && announce && !mcoa_home(&next)) ||
	    (mcoa_home(&old) && !mcoa_home(&next)))
		send_proxy_na(ha, hoa, mr);
	/* before the BA, which its node answers with HoTI at once */
	if (granted && !mcoa_home(&next))
		entry_tunnel(ha, e, &e->coa);
	if (bu->bu.flags & MH_BU_F_A)
		send_ba_st(ha, bu, dst, hoa, coa, mstatus, bu->bu.seq, granted,
			   sa_idx, bu->timestamp, st, &fb);
	if (granted)
		fbi_start(ha, e);
}

/* ---- the relay's side of prefix delegation (RFC 6276, pd.c) ---- */

const struct in6_addr *ha_pd_addr(const struct daemon *d)
{
	return d->ha ? &d->ha->addr : NULL;
}

bool ha_pd_peer(struct daemon *d, const struct in6_addr *hoa, int ifindex)
{
	const struct ha_entry *e = d->ha ? entry_find(d->ha, hoa) : NULL;

	if (!e)
		return false;
	if (ifindex && ifindex != d->devindex &&
	    ifindex != d->ha->home_ifindex)
		return false;
	return e && e->mr && e->sa >= 0 && d->conf.ha.sa[e->sa].pd;
}

/* Forget the leases that ended; arm the timer for the next to end. */
static void pd_expire(struct daemon *d, void *data);

static void pd_timer_arm(struct ha *ha)
{
	uint64_t next = UINT64_MAX, now = now_ms();
	unsigned int i;

	for (i = 0; i < ha->n_pd; i++)
		if (ha->pd[i].expires < next)
			next = ha->pd[i].expires;
	loop_timer_cancel(ha->d, &ha->pd_timer);
	if (next != UINT64_MAX)
		loop_timer_arm(ha->d, &ha->pd_timer,
			       next > now ? next - now : 0);
}

/* sa's home addresses that hold pf lose it (its lease ended). */
static void pd_withdraw(struct ha *ha, int sa, const struct conf_prefix *pf)
{
	const struct conf_sa *c = &ha->d->conf.ha.sa[sa];
	unsigned int k, i;

	for (k = 0; k < c->n_hoa; k++) {
		struct ha_entry *e = entry_find(ha, &c->hoa[k]);
		struct ha_mnp want = { 0 };

		if (!e || !mnp_has(e->mnp, e->n_mnp, pf))
			continue;
		for (i = 0; i < e->n_mnp; i++)
			if (!mnp_has(pf, 1, &e->mnp[i]))
				want.p[want.n++] = e->mnp[i];
		if (mnp_set(ha, e, &want) < 0)
			logmsg(LOG_WARNING, "prefix sessions of %s could not be updated",
			       in6_str(&e->hoa, (char[INET6_ADDRSTRLEN]){ 0 }));
	}
}

static void pd_purge(struct ha *ha)
{
	uint64_t now = now_ms();
	unsigned int i = 0;
	char b[INET6_ADDRSTRLEN];

	while (i < ha->n_pd) {
		struct ha_pd_lease l = ha->pd[i];

		if (l.expires > now) {
			i++;
			continue;
		}
		ha->pd[i] = ha->pd[--ha->n_pd];
		logmsg(LOG_INFO, "delegated prefix %s/%u of [security-association %s] expired",
		       in6_str(&l.p.prefix, b), l.p.plen,
		       ha->d->conf.ha.sa[l.sa].nai);
		pd_withdraw(ha, l.sa, &l.p);
	}
}

static void pd_expire(struct daemon *d, void *data)
{
	struct ha *ha = data;

	(void)d;
	pd_purge(ha);
	pd_timer_arm(ha);
}

/* Whether pf overlaps a prefix of another association than sa's. */
static bool pd_taken(struct ha *ha, int sa, const struct conf_prefix *pf)
{
	const struct conf_ha *c = &ha->d->conf.ha;
	uint64_t now = now_ms();
	unsigned int i, k;

	for (i = 0; i < c->n_sa; i++)
		for (k = 0; (int)i != sa && k < c->sa[i].n_mnp; k++)
			if (conf_prefix_overlap(&c->sa[i].mnp[k], pf))
				return true;
	for (i = 0; i < ha->n_pd; i++)
		if (ha->pd[i].sa != sa && ha->pd[i].expires > now &&
		    conf_prefix_overlap(&ha->pd[i].p, pf))
			return true;
	return false;
}

int ha_pd_delegated(struct daemon *d, const struct in6_addr *hoa,
		    const struct dhcp6_pd *pd, unsigned int n)
{
	struct ha *ha = d->ha;
	const struct conf_ha *c = &d->conf.ha;
	struct ha_entry *e = ha ? entry_find(ha, hoa) : NULL;
	char h[INET6_ADDRSTRLEN], b[INET6_ADDRSTRLEN];
	struct conf_prefix pf[DHCP6_MAX_PD];
	unsigned int i, j, live;
	struct ha_mnp want = { 0 };
	uint64_t now = now_ms();

	if (!e || !e->mr || e->sa < 0 || !c->sa[e->sa].pd || n > DHCP6_MAX_PD)
		return -1;
	in6_str(hoa, h);
	pd_purge(ha);
	/* all of it or nothing: first what each prefix may be */
	for (i = 0; i < n; i++) {
		pf[i].prefix = pd[i].prefix;
		pf[i].plen = pd[i].plen;
		if (!pd[i].valid)
			continue;
		if (mnp_invalid(c, &pf[i]) || pd_taken(ha, e->sa, &pf[i])) {
			logmsg_peer(LOG_WARNING, "prefix %s/%u delegated to %s is not one it may take (invalid, a home prefix's, or another's): Reply not relayed",
				    in6_str(&pf[i].prefix, b), pf[i].plen, h);
			return -1;
		}
	}
	/* its prefixes then: those held, less the withdrawn, plus the new */
	for (i = 0; i < e->n_mnp; i++) {
		for (j = 0; j < n; j++)
			if (!pd[j].valid && mnp_has(&pf[j], 1, &e->mnp[i]))
				break;
		if (j == n)
			want.p[want.n++] = e->mnp[i];
	}
	for (j = 0; j < n; j++) {
		if (!pd[j].valid || mnp_has(want.p, want.n, &pf[j]))
			continue;
		if (want.n >= CONF_SA_MAX_MNP) {
			logmsg_peer(LOG_WARNING, "%s would hold over %d mobile network prefixes: Reply not relayed",
				    h, CONF_SA_MAX_MNP);
			return -1;
		}
		want.p[want.n++] = pf[j];
	}
	/* the association's leases: at most CONF_SA_MAX_MNP live */
	for (i = 0, live = 0; i < ha->n_pd; i++)
		if (ha->pd[i].sa == e->sa && !mnp_has(pf, n, &ha->pd[i].p))
			live++;
	for (j = 0; j < n; j++)
		live += pd[j].valid != 0;
	if (live > CONF_SA_MAX_MNP) {
		logmsg_peer(LOG_WARNING, "[security-association %s] would lease over %d prefixes: Reply not relayed",
			    c->sa[e->sa].nai, CONF_SA_MAX_MNP);
		return -1;
	}
	if (mnp_set(ha, e, &want) < 0) {
		logmsg(LOG_WARNING, "prefix sessions of %s could not be set up: Reply not relayed",
		       h);
		return -1;
	}
	for (j = 0; j < n; j++) {
		struct ha_pd_lease *l = NULL;

		for (i = 0; i < ha->n_pd; i++)
			if (ha->pd[i].sa == e->sa &&
			    mnp_has(&ha->pd[i].p, 1, &pf[j]))
				l = &ha->pd[i];
		if (!pd[j].valid) {
			if (l)
				*l = ha->pd[--ha->n_pd];
			logmsg(LOG_INFO, "prefix %s/%u of %s given up (valid lifetime 0: released or withdrawn)",
			       in6_str(&pf[j].prefix, b), pf[j].plen, h);
			continue;
		}
		if (!l) {
			if (ha->n_pd >= ha->pd_cap)	/* cannot be: sized */
				continue;
			l = &ha->pd[ha->n_pd++];
			l->p = pf[j];
			l->sa = e->sa;
			logmsg(LOG_INFO, "prefix %s/%u delegated to %s (valid %u s): routed to it",
			       in6_str(&pf[j].prefix, b), pf[j].plen, h,
			       pd[j].valid);
		}
		/* RFC 8415 7.7: 0xffffffff is infinity */
		l->expires = pd[j].valid == 0xffffffffu ? UINT64_MAX :
			     now + (uint64_t)pd[j].valid * 1000;
	}
	pd_timer_arm(ha);
	return 0;
}

static struct ha_pending *pending_find(struct ha *ha, const struct in6_addr *hoa)
{
	unsigned int i;

	for (i = 0; i < HA_MAX_PENDING; i++)
		if (ha->pending[i].used &&
		    !memcmp(&ha->pending[i].hoa, hoa, sizeof(*hoa)))
			return &ha->pending[i];
	return NULL;
}

static struct in6_addr *dad_failed_find(struct ha *ha,
					const struct in6_addr *hoa)
{
	unsigned int i, n = ha->n_dad_failed < HA_MAX_PENDING ?
			    ha->n_dad_failed : HA_MAX_PENDING;

	for (i = 0; i < n; i++)
		if (!memcmp(&ha->dad_failed[i], hoa, sizeof(*hoa)))
			return &ha->dad_failed[i];
	return NULL;
}

static void dad_done(struct daemon *d, void *data)
{
	struct ha_pending *p = data;
	struct ha *ha = d->ha;
	char h[INET6_ADDRSTRLEN];
	struct in6_addr *f;

	p->used = false;
	if (p->optimistic) {
		const struct ha_entry *e = entry_find(ha, &p->hoa);

		/* deregistered meanwhile, or now someone else's */
		if (!e || e->sa != p->sa)
			return;
		if (p->failed) {
			/*
			 * Another node owns the address: the registration
			 * goes. The mobile node learns it from the answer
			 * to its next Binding Update (134 after a new
			 * probe).
			 */
			logmsg(LOG_WARNING, "DAD failed for home address %s after its optimistic registration: binding removed",
			       in6_str(&p->hoa, h));
			ha_deregister(ha, &p->hoa);
			if (!dad_failed_find(ha, &p->hoa))
				ha->dad_failed[ha->n_dad_failed++ %
					       HA_MAX_PENDING] = p->hoa;
			return;
		}
		logmsg(LOG_INFO, "DAD passed for home address %s",
		       in6_str(&p->hoa, h));
		send_proxy_na(ha, &p->hoa, e->mr);
		return;
	}
	if (p->failed) {
		logmsg(LOG_NOTICE, "DAD failed for home address %s",
		       in6_str(&p->hoa, h));
		ha->rx = &p->rx;
		send_ba(ha, &p->m, &p->dst, &p->hoa, &p->coa, BA_DAD_FAILED,
			p->m.bu.seq, 0, p->sa, p->m.timestamp);
		ha->rx = NULL;
		return;
	}
	f = dad_failed_find(ha, &p->hoa);
	if (f)
		memset(f, 0, sizeof(*f));	/* :: is never a home address */
	ha->rx = &p->rx;
	ha_accept(ha, &p->m, &p->dst, &p->hoa, &p->coa, p->sa, true);
	ha->rx = NULL;
}

/*
 * RFC 5648 5.4, 6.2: a deregistration of some BIDs of e. True when it is
 * answered here (refused, or bindings are left), false when it removed
 * the last binding: the caller deregisters the home address.
 */
static bool ha_dereg_bids(struct ha *ha, struct ha_entry *e,
			  const struct mh_msg *m, const struct in6_addr *dst,
			  const struct in6_addr *coa, int sa_idx, uint64_t ts)
{
	struct mcoa_set cur, next, old = e->set;
	struct in6_addr old_coa = e->coa;
	uint8_t mstatus, st[MH_MAX_BID];
	struct ipmob_binding b;
	struct mh_msg fb;
	unsigned int i;

	entry_set(e, &cur);
	mstatus = mcoa_apply(&cur, m, coa, &e->hoa,
			     ha->d->conf.ha.home_binding && !e->mr, &next, st);
	if (mstatus >= 128) {
		send_ba_st(ha, m, dst, &e->hoa, coa, mstatus, m->bu.seq, 0,
			   sa_idx, ts, st, NULL);
		return true;
	}
	if (!next.n)
		return false;
	e->set = next;
	e->coa = *mcoa_primary(&next);
	e->seq = m->bu.seq;
	binding_for(ha, e, &b);
	if (kern_binding_put(ha->d, &b) < 0) {
		e->set = old;
		e->coa = old_coa;
		send_ba(ha, m, dst, &e->hoa, coa, BA_INSUFFICIENT, m->bu.seq, 0,
			sa_idx, ts);
		return true;
	}
	/* RFC 3963 6.5: the prefixes follow the bindings left */
	for (i = 0; i < e->n_mnp; i++) {
		mnp_binding_for(ha, e, &e->mnp[i], &b);
		kern_binding_put(ha->d, &b);
	}
	/* RFC 5648 5.6.5: its home binding gone, the address is proxied */
	if (mcoa_home(&old) && !mcoa_home(&next))
		send_proxy_na(ha, &e->hoa, e->mr);
	/* RFC 6089 5.3.3: its Flow Summary keeps the flow bindings */
	ha_flows(ha, e, m, &fb);
	send_ba_st(ha, m, dst, &e->hoa, coa, mstatus, m->bu.seq, e->lifetime,
		   sa_idx, ts, st, &fb);
	return true;
}

/* Does @m register a home binding (RFC 5648 5.6.3) this node offers? */
static bool bu_home(const struct conf_ha *c, const struct mh_msg *m)
{
	unsigned int i;

	/* (not a mobile router's, which mcoa_apply() refuses) */
	if (!c->home_binding || !m->bu.lifetime || (m->bu.flags & MH_BU_F_R))
		return false;
	for (i = 0; i < m->n_bid && i < MH_MAX_BID; i++)
		if (m->bid[i].flags & MH_BID_F_H)
			return true;
	return false;
}

static void ha_bu_do(struct ha *ha, const uint8_t *buf, size_t len,
		     const struct mh_msg *m, const struct pkt_info *pi,
		     struct ha_rx *rx)
{
	struct daemon *d = ha->d;
	const struct conf_ha *c = &d->conf.ha;
	const struct conf_sa *sa = NULL;
	const struct in6_addr *hoa = &pi->src;
	struct in6_addr coa = pi->has_hao ? pi->hao : pi->src;
	const struct in6_addr *acoa = &coa;
	char h[INET6_ADDRSTRLEN], cs[INET6_ADDRSTRLEN];
	struct ha_entry *e;
	uint64_t ts = m->timestamp;
	int sa_idx = -1;
	bool dereg;

	if (rx->udp) {
		/*
		 * RFC 5555 4.2: to the home agent's IPv6 address (which a
		 * packet in UDP may name freely: its answer would come from
		 * whatever address it names); the outer source is the
		 * care-of address. One care-of address: Binding Identifiers
		 * (RFC 5648) are for IPv6 care-of addresses here.
		 */
		if (memcmp(&pi->dst, &ha->addr, sizeof(ha->addr))) {
			logmsg_peer(LOG_NOTICE, "BU in UDP from %s to %s, not this home agent's address, discarded",
				    in6_str(hoa, h), in6_str(&pi->dst, cs));
			return;
		}
		in6_set_v4mapped(&coa, &rx->from4);
		acoa = &rx->auth_coa;
		if (m->n_bid) {
			send_ba(ha, m, &pi->dst, hoa, &coa, BA_UNSPECIFIED,
				m->bu.seq, 0, -1, ts);
			return;
		}
	} else if (m->opts & MH_OPT(MHOPT_ALTCOA)) {
		coa = m->alt_coa;		/* 6.2.5 */
	}
	logmsg_peer(LOG_INFO, "BU from %s care-of %s: seq %u, flags 0x%04x, lifetime %us",
	       in6_str(hoa, h), in6_str(&coa, cs), m->bu.seq, m->bu.flags,
	       m->bu.lifetime * 4u);

	if (!(m->bu.flags & MH_BU_F_H)) {
		/* Not a home registration: this node is no correspondent. */
		logmsg_peer(LOG_NOTICE, "BU without the H flag from %s ignored",
		       in6_str(hoa, h));
		return;
	}

	/*
	 * RFC 4877 4.2: a home address under IPsec. The kernel took its BU
	 * only under ESP with the reqid of its association (the inbound
	 * policy xfrm.c installs), so the association is the one that owns
	 * the address; a BU in UDP (RFC 5555) escapes that policy and is
	 * refused, as one naming another identifier is.
	 */
	sa = conf_find_sa_ipsec(c, hoa);
	if (sa) {
		sa_idx = sa_index(d, sa);
		if (rx->udp) {
			logmsg_peer(LOG_WARNING, "BU from %s in UDP: its home address is protected by IPsec, discarded",
				    in6_str(hoa, h));
			return;
		}
		if (m->opts & MH_OPT(MHOPT_MNID) &&
		    (m->mnid.subtype != MH_MNID_NAI ||
		     strlen(sa->nai) != m->mnid.len ||
		     memcmp(sa->nai, m->mnid.id, m->mnid.len))) {
			logmsg_peer(LOG_WARNING, "BU from %s names another identifier than [security-association %s], refused",
				    in6_str(hoa, h), sa->nai);
			send_ba(ha, m, &pi->dst, hoa, &coa, BA_NOT_HA_FOR_MN,
				m->bu.seq, 0, sa_idx, ts);
			return;
		}
		goto authorised;
	}
	/* RFC 4285 5.1.1: identify by NAI, authenticate with its SA. */
	if (m->opts & MH_OPT(MHOPT_MNID) && m->mnid.subtype == MH_MNID_NAI)
		sa = conf_find_sa(c, m->mnid.id, m->mnid.len);
	/* an IPsec association proves itself only by IPsec, above */
	if (sa && sa->security != CONF_SEC_RFC4285)
		sa = NULL;
	if (c->auth) {
		if (!sa) {
			/* No SA: discard (RFC 4285 5.1.1), log. */
			logmsg_peer(LOG_WARNING, "BU from %s: no security association for its identifier, discarded",
			       in6_str(hoa, h));
			return;
		}
		sa_idx = sa_index(d, sa);
		if (!(m->opts & MH_OPT(MHOPT_AUTH)) ||
		    m->auth.subtype != MH_AUTH_MN_HA || m->auth.spi != sa->spi ||
		    !auth_mnha_verify(sa->key.key, sa->key.len, acoa, hoa, buf,
				      len, m)) {
			logmsg_peer(LOG_WARNING, "BU from %s: authentication failed",
			       in6_str(hoa, h));
			send_ba(ha, m, &pi->dst, hoa, &coa, BA_AUTH_FAIL,
				m->bu.seq, 0, sa_idx, ts);
			return;
		}
		/* RFC 4285 6: replay protection by timestamp is our policy. */
		if (!(m->opts & MH_OPT(MHOPT_MESGID))) {
			send_ba(ha, m, &pi->dst, hoa, &coa, BA_MESG_ID_REQD,
				m->bu.seq, 0, sa_idx, ts);
			return;
		} else {
			struct timespec now;
			uint64_t nts;
			enum replay_verdict v;

			clock_gettime(CLOCK_REALTIME, &now);
			nts = ntp_from_timespec(&now);
			v = replay_check(m->timestamp, nts, ha->last_ts[sa_idx],
					 c->replay_window);
			if (v != REPLAY_OK) {
				logmsg_peer(LOG_WARNING, "BU from %s: %s timestamp, rejected",
				       in6_str(hoa, h), v == REPLAY_NOT_NEWER ?
				       "replayed (not newer)" : "skewed");
				send_ba(ha, m, &pi->dst, hoa, &coa,
					BA_ID_MISMATCH, m->bu.seq, 0, sa_idx,
					replay_resync(m->timestamp, nts));
				return;
			}
		}
		if (sa->n_hoa && !conf_sa_owns(sa, hoa)) {
			send_ba(ha, m, &pi->dst, hoa, &coa, BA_NOT_HA_FOR_MN,
				m->bu.seq, 0, sa_idx, ts);
			return;
		}
	} else if (sa) {
		sa_idx = sa_index(d, sa);
	}

authorised:
	/* 10.3.1: the home address must be in a home subnet prefix. */
	if (!home_subnet(c, hoa)) {
		send_ba(ha, m, &pi->dst, hoa, &coa, BA_NOT_HOME_SUBNET,
			m->bu.seq, 0, sa_idx, ts);
		return;
	}
	e = entry_find(ha, hoa);
	/*
	 * A home address belongs to the security association that
	 * registered it: another mobile node, authenticated with its own
	 * key, may not take it over. An entry resumed after a restart whose
	 * owner is not known (no SA names its home address) is claimed by
	 * the first authenticated registration.
	 */
	if (e && e->sa >= 0 && sa_idx >= 0 && e->sa != sa_idx) {
		logmsg(LOG_WARNING, "BU from %s: the home address is registered by another security association, refused",
		       in6_str(hoa, h));
		send_ba(ha, m, &pi->dst, hoa, &coa, BA_NOT_HA_FOR_MN,
			m->bu.seq, 0, sa_idx, ts);
		return;
	}
	/* 9.5.1: sequence number must be greater modulo 2^16. */
	if (e && !mh_seq_after(m->bu.seq, e->seq)) {
		logmsg(LOG_NOTICE, "BU from %s: sequence %u not after %u",
		       in6_str(hoa, h), m->bu.seq, e->seq);
		send_ba(ha, m, &pi->dst, hoa, &coa, BA_SEQ_OUT_OF_WINDOW,
			e->seq, 0, sa_idx, ts);
		return;
	}
	if (sa_idx >= 0 && (m->opts & MH_OPT(MHOPT_MESGID)))
		ha->last_ts[sa_idx] = m->timestamp;
	dereg = m->bu.lifetime == 0 || !memcmp(&coa, hoa, sizeof(coa));

	/*
	 * RFC 3963 6.2: a mobile router stays one (139 otherwise, but for a
	 * deregistration), and may register only what its association may.
	 */
	if (!dereg && e && e->mr != !!(m->bu.flags & MH_BU_F_R)) {
		send_ba(ha, m, &pi->dst, hoa, &coa, BA_REG_TYPE_CHANGE,
			m->bu.seq, 0, sa_idx, ts);
		return;
	}
	if (!dereg && (m->bu.flags & MH_BU_F_R)) {
		struct ha_mnp want;
		uint8_t status = mr_check(ha, m, sa_idx, hoa, &want);

		if (status) {
			logmsg_peer(LOG_NOTICE, "BU from %s as a mobile router: %s",
				    in6_str(hoa, h),
				    mh_ba_status_name(status));
			send_ba(ha, m, &pi->dst, hoa, &coa, status, m->bu.seq,
				0, sa_idx, ts);
			return;
		}
	}

	/* RFC 5555 4.5: the IPv4 home address it asks for */
	if (!dereg && (m->opts & MH_OPT(MHOPT_V4HOA))) {
		rx->v4ack = true;
		rx->v4_status = v4hoa_check(ha, m, sa_idx, hoa, &rx->hoa4,
					    &rx->v4_plen);
		if (rx->v4_status >= 128)
			logmsg_peer(LOG_NOTICE, "BU from %s: IPv4 home address refused: %s",
				    in6_str(hoa, h),
				    mh_v4ack_status_name(rx->v4_status));
	}

	/* 10.3.2: deregistration. */
	if (dereg) {
		if (!e) {
			send_ba(ha, m, &pi->dst, hoa, &coa, BA_NOT_HA_FOR_MN,
				m->bu.seq, 0, sa_idx, ts);
			return;
		}
		/* RFC 5648 5.4: some of its BIDs only */
		if (m->n_bid && memcmp(&coa, hoa, sizeof(coa)) &&
		    ha_dereg_bids(ha, e, m, &pi->dst, &coa, sa_idx, ts))
			return;
		/* RFC 3963 5.8: a mobile router back on the home link */
		if (e->mr && !memcmp(&coa, hoa, sizeof(coa)))
			mnp_home_routes(ha, e->mnp, e->n_mnp, hoa, true);
		ha_deregister(ha, hoa);
		logmsg(LOG_NOTICE, "deregistered home address %s",
		       in6_str(hoa, h));
		send_ba(ha, m, &pi->dst, hoa, &coa, BA_ACCEPTED, m->bu.seq, 0,
			sa_idx, ts);
		return;
	}
	if (!e && ha->n_entries >= c->max_bindings) {
		send_ba(ha, m, &pi->dst, hoa, &coa, BA_INSUFFICIENT,
			m->bu.seq, 0, sa_idx, ts);
		return;
	}
	/*
	 * RFC 5648 5.6.2: a node registering a home binding is on the home
	 * link and may be defending its address there already: no probe
	 */
	if (!e && c->dad && !bu_home(c, m)) {
		struct ha_pending *p = pending_find(ha, hoa);
		bool optimistic = c->dad_optimistic && (!p || p->optimistic) &&
				  !dad_failed_find(ha, hoa);
		unsigned int i;

		if (!p) {
			for (i = 0; i < HA_MAX_PENDING; i++)
				if (!ha->pending[i].used)
					break;
			if (i == HA_MAX_PENDING) {
				send_ba(ha, m, &pi->dst, hoa, &coa,
					BA_INSUFFICIENT, m->bu.seq, 0, sa_idx,
					ts);
				return;
			}
			p = &ha->pending[i];
			memset(p, 0, sizeof(*p));
			p->used = true;
			loop_timer_init(&p->timer, dad_done, p);
			if (send_dad_probe(ha, hoa) < 0)
				logmsg(LOG_WARNING, "DAD probe for %s: %s",
				       in6_str(hoa, h), strerror(errno));
			loop_timer_arm(d, &p->timer, DAD_TIMEOUT_MS);
		}
		if (optimistic) {
			/*
			 * RFC 4429 applied to the proxy: the home address
			 * is used at once (binding, BA, proxy entry, which
			 * answers solicitations without override); the
			 * override advertisement waits for the probe, and
			 * a failed probe removes the binding (dad_done).
			 * Spares the mobile node a second of DAD on the
			 * first registration of every trip away.
			 */
			p->optimistic = true;
			p->hoa = *hoa;
			p->sa = sa_idx;
			ha_accept(ha, m, &pi->dst, hoa, &coa, sa_idx, false);
			if (!entry_find(ha, hoa)) {
				loop_timer_cancel(d, &p->timer);
				p->used = false;
			}
			return;
		}
		/* a retransmission replaces the BU waiting for DAD */
		p->optimistic = false;
		p->m = *m;
		p->rx = *rx;
		p->hoa = *hoa;
		p->coa = coa;
		p->dst = pi->dst;
		p->sa = sa_idx;
		return;
	}
	ha_accept(ha, m, &pi->dst, hoa, &coa, sa_idx, true);
}

/*
 * A BU, and how it came: in UDP over IPv4 (RFC 5555 4.2) it must carry
 * the IPv4 Care-of Address option, which tells whether a NAT is on the
 * way; its answers go back the way it came (send_ba_st()).
 */
static void ha_bu(struct ha *ha, const uint8_t *buf, size_t len,
		  const struct mh_msg *m, const struct pkt_info *pi)
{
	struct ha_rx rx = { 0 };
	char s[INET_ADDRSTRLEN];

	if (pi->udp4) {
		if (!(m->opts & MH_OPT(MHOPT_V4COA))) {
			logmsg_peer(LOG_NOTICE, "BU in UDP from %s without an IPv4 Care-of Address option, discarded",
				    inet_ntop(AF_INET, &pi->from4, s,
					      sizeof(s)));
			return;
		}
		/*
		 * 4.4.4: IPv4 is for a node in a visited network. The
		 * care-of address would be on the home network, where the
		 * home agent proxies the IPv4 home addresses: one of those,
		 * as a care-of address, would send the tunnel into itself.
		 * (The option may be there: a NAT's private side is anybody's.)
		 */
		if (ha->d->conf.ha.has_home4 &&
		    in4_in_prefix(&pi->from4, &ha->d->conf.ha.home4,
				  ha->d->conf.ha.home4_plen)) {
			logmsg_peer(LOG_NOTICE, "BU in UDP from %s, inside the IPv4 home prefix, discarded (RFC 5555 4.4.4: no IPv4 care-of address at home)",
				    inet_ntop(AF_INET, &pi->from4, s,
					      sizeof(s)));
			return;
		}
		rx.udp = true;
		rx.from4 = pi->from4;
		rx.port = pi->sport;
		in6_set_v4mapped(&rx.auth_coa, (const struct in_addr *)m->v4coa);
		rx.nat = dsmip_nat_detected(&pi->from4, m->v4coa);
		rx.udp_encap = rx.nat || (m->bu.flags & MH_BU_F_F) ||
			       ha->d->conf.ha.force_udp;
	}
	ha->rx = &rx;
	ha_bu_do(ha, buf, len, m, pi, &rx);
	ha->rx = NULL;
}

/* What roles_mh() parsed and the correspondent did not take. */
void ha_mh(struct daemon *d, const struct mh_msg *m, const uint8_t *buf,
	   size_t len, const struct pkt_info *pi)
{
	char s[INET6_ADDRSTRLEN];

	if (m->type == MH_BU)
		ha_bu(d->ha, buf, len, m, pi);
	else if (m->type == MH_FB && m->fb.type == MH_FB_FBA)
		ha_fba(d->ha, m, buf, len, pi);
	else if (m->type == MH_BE)
		ha_be(d->ha, m, pi);
	else
		logmsg_peer(LOG_DEBUG, "MH type %u from %s ignored", m->type,
			    in6_str(&pi->src, s));
}

/* ---- ICMPv6: DAD answers, DHAAD (10.5), mobile prefixes (10.6) ---- */

static void ha_dhaad(struct ha *ha, const struct nd_msg *req,
		     const struct pkt_info *pi)
{
	struct daemon *d = ha->d;
	struct pkt_out po = { .src = &ha->addr, .dst = &pi->src };
	char s[INET6_ADDRSTRLEN];
	uint8_t buf[ND_MAX_LEN];
	struct nd_msg m;
	int len;

	memset(&m, 0, sizeof(m));
	m.type = ND_DHAAD_REP;
	m.dhaad.id = req->dhaad.id;
	m.dhaad.n_ha = 1;
	m.dhaad.ha[0] = ha->addr;
	len = nd_build(&m, buf, sizeof(buf), NULL, NULL);
	/* to anyone who asks: rate limited */
	if (len < 0 || !reply_ok())
		return;
	if (sock_send(d->icmp_fd, buf, (size_t)len, &po) < 0)
		logmsg_peer(LOG_WARNING, "DHAAD reply to %s: %s",
			    in6_str(&pi->src, s), strerror(errno));
	else
		logmsg_peer(LOG_INFO, "DHAAD reply to %s (id %u)",
		       in6_str(&pi->src, s), req->dhaad.id);
}

static void ha_mps(struct ha *ha, const struct nd_msg *req,
		   const struct pkt_info *pi)
{
	struct daemon *d = ha->d;
	const struct conf_ha *c = &d->conf.ha;
	struct ha_entry *e = entry_find(ha, &pi->src);
	struct pkt_out po = { .src = &ha->addr, .dst = &pi->src };
	char s[INET6_ADDRSTRLEN];
	uint8_t buf[ND_MAX_LEN];
	struct nd_msg m;
	unsigned int i;
	int len;

	/* 10.6.1: to a registered mobile node, via its care-of address */
	if (!e) {
		logmsg_peer(LOG_NOTICE, "mobile prefix solicitation from unregistered %s ignored",
		       in6_str(&pi->src, s));
		return;
	}
	/* (directly to a node on the home link, RFC 5648 5.6) */
	po.rh2_coa = IN6_ARE_ADDR_EQUAL(&e->hoa, &e->coa) ? NULL : &e->coa;
	memset(&m, 0, sizeof(m));
	m.type = ND_MPA;
	m.mp.id = req->mp.id;
	for (i = 0; i < c->n_prefixes && i < ND_MAX_PREFIX; i++) {
		m.prefix[i].len = c->prefixes[i].plen;
		m.prefix[i].flags = ND_PI_F_L | ND_PI_F_A;
		m.prefix[i].valid = 86400;
		m.prefix[i].preferred = 14400;
		m.prefix[i].prefix = c->prefixes[i].prefix;
	}
	m.n_prefix = i;
	len = nd_build(&m, buf, sizeof(buf), &ha->addr, &pi->src);
	if (len < 0 || !reply_ok())
		return;
	if (sock_send(d->icmp_fd, buf, (size_t)len, &po) < 0)
		logmsg(LOG_WARNING, "mobile prefix advertisement to %s: %s",
		       in6_str(&pi->src, s), strerror(errno));
	else
		logmsg(LOG_INFO, "mobile prefix advertisement to %s",
		       in6_str(&pi->src, s));
}

void ha_icmp(struct daemon *d, const uint8_t *buf, size_t len,
	     const struct pkt_info *pi)
{
	struct ha *ha = d->ha;
	struct ha_pending *p;
	struct nd_msg m;

	if (nd_parse(buf, len, NULL, NULL, pi->hop_limit, &m))
		return;
	switch (m.type) {
	case ND_NA:
		if (pi->ifindex != ha->home_ifindex)
			return;
		p = pending_find(ha, &m.n.target);
		if (p)
			p->failed = true;
		break;
	case ND_DHAAD_REQ:
		ha_dhaad(ha, &m, pi);
		break;
	case ND_MPS:
		ha_mps(ha, &m, pi);
		break;
	}
}

/* The kernel dropped a packet with a Home Address option and no binding. */
void ha_berr_needed(struct daemon *d, const struct in6_addr *src,
		    const struct in6_addr *dst, const struct in6_addr *hoa,
		    unsigned int status, unsigned int mh_type)
{
	(void)mh_type;
	/* 9.3.1: the BE goes to the care-of address (the packet's source) */
	mh_send_be(d, dst, src, hoa, (uint8_t)status);
}

void ha_binding_event(struct daemon *d, uint8_t cmd,
		      const struct ipmob_binding *b)
{
	struct ha *ha = d->ha;
	char h[INET6_ADDRSTRLEN];
	struct ha_entry *e;

	/* an IPv4 home address is no key of ours (hoa would read ::); a
	 * prefix session goes with its home address's */
	if (!ha || !binding_hoa_is6(b) ||
	    binding_kind(b) != BINDING_KIND_CACHE ||
	    binding_prefix_len(b) != 128 ||
	    b->ifindex != (uint32_t)d->devindex)
		return;
	if (cmd == IPMOB_CMD_BINDING_EXPIRED ||
	    cmd == IPMOB_CMD_BINDING_DEL) {
		e = entry_find(ha, &b->hoa);
		if (e) {
			logmsg(LOG_NOTICE, "binding for %s %s", in6_str(&b->hoa, h),
			       cmd == IPMOB_CMD_BINDING_EXPIRED ? "expired" :
			       "deleted");
			hoa4_del(ha, e);
			mnp_clear(ha, e);
			entry_remove(ha, &b->hoa);
		}
	}
}

/* ---- start/stop ---- */

const struct in6_addr *ha_address(const struct daemon *d)
{
	return &d->ha->addr;
}

/* Our address on the home link, in one of the home prefixes. */
static int find_home_addr(struct ha *ha, const struct conf_ha *c)
{
	struct netstate *ns = malloc(sizeof(*ns));
	unsigned int i;
	int ret = -1;

	if (!ns || netstate_read(ns) < 0)
		goto out;
	for (i = 0; i < ns->n_addrs; i++) {
		if (ns->addrs[i].ifindex != ha->home_ifindex ||
		    !home_subnet(c, &ns->addrs[i].addr))
			continue;
		ha->addr = ns->addrs[i].addr;
		ret = 0;
		break;
	}
out:
	free(ns);
	return ret;
}

/*
 * A mobile router's prefix sessions after a restart: those of its
 * association's configured prefixes (the only ones it may register)
 * that the kernel holds with its care-of address. O(associations).
 */
static void resume_mnp(struct ha *ha)
{
	const struct conf_ha *c = &ha->d->conf.ha;
	const struct ipmob_binding *kb;
	struct ipmob_binding key;
	unsigned int i, k, j;

	for (i = 0; i < c->n_sa; i++) {
		const struct conf_sa *sa = &c->sa[i];

		for (k = 0; sa->mobile_router && k < sa->n_hoa; k++) {
			struct ha_entry *e = entry_find(ha, &sa->hoa[k]);

			for (j = 0; e && j < sa->n_mnp; j++) {
				mnp_binding_for(ha, e, &sa->mnp[j], &key);
				kb = view_find(&ha->d->view, &key);
				if (!kb || !kb->ncoa ||
				    !IN6_ARE_ADDR_EQUAL(&kb->coa[0].addr,
							&e->coa))
					continue;
				e->mnp[e->n_mnp++] = sa->mnp[j];
				e->mr = true;
			}
		}
	}
}

/*
 * Delegated prefixes after a restart (RFC 6276): the kernel's prefix
 * sessions toward the care-of address of a router whose association may
 * take them, not among its configured prefixes, are its leases again
 * until the sessions' lifetimes end (the router's next Renew states
 * them anew). O(sessions x such associations), at start-up only.
 */
/*
 * A pool address's session: the node whose IPv6 binding has the same
 * care-of address (and port, when several nodes are behind one NAT) and
 * no IPv4 home address of its own. NULL if none.
 */
static struct ha_entry *pool_owner(struct ha *ha, const struct ipmob_binding *b)
{
	const struct conf_ha *c = &ha->d->conf.ha;
	const struct ipmob_coa *r = &b->coa[0];
	struct ha_entry *e, *best = NULL;
	struct in6_addr coa;
	uint32_t i;

	if (r->has_addr4) {
		memset(&coa, 0, sizeof(coa));
		coa.s6_addr[10] = coa.s6_addr[11] = 0xff;
		memcpy(&coa.s6_addr[12], &r->addr4, 4);
	} else {
		coa = r->addr;
	}
	for (i = 0; i < ha->nb; i++) {
		for (e = ha->bucket[i]; e; e = e->next) {
			if (e->has_hoa4 || e->sa < 0 || c->sa[e->sa].has_hoa4 ||
			    memcmp(&e->coa, &coa, sizeof(coa)))
				continue;
			if (!r->has_addr4 || !e->udp || e->port == r->port)
				return e;
			if (!best)
				best = e;
		}
	}
	return best;
}

/*
 * RFC 5555: an IPv4 home address session goes back to the registration
 * of its association's node (a pool address's: pool_owner()).
 */
static void resume_hoa4(struct ha *ha)
{
	const struct conf_ha *c = &ha->d->conf.ha;
	const struct view_entry *ve;
	unsigned int i, j, k;

	for (i = 0; i < ha->d->view.nbuckets; i++) {
		for (ve = ha->d->view.buckets[i]; ve; ve = ve->next) {
			const struct ipmob_binding *b = &ve->b;

			if (!BA_HAS(b, IPMOB_BA_HOA4) || !b->ncoa ||
			    binding_kind(b) != BINDING_KIND_CACHE ||
			    b->ifindex != (uint32_t)ha->d->devindex)
				continue;
			if (pool_index(ha, b->hoa4) >= 0) {
				struct ha_entry *e = pool_owner(ha, b);

				/* held, whoever it turns out to be */
				pool_mark(ha, b->hoa4, true);
				if (e) {
					e->has_hoa4 = true;
					e->hoa4 = b->hoa4;
				}
				continue;
			}
			for (j = 0; j < c->n_sa; j++) {
				const struct conf_sa *sa = &c->sa[j];

				if (!sa->has_hoa4 ||
				    sa->hoa4.s_addr != b->hoa4.s_addr)
					continue;
				for (k = 0; k < sa->n_hoa; k++) {
					struct ha_entry *e =
						entry_find(ha, &sa->hoa[k]);

					if (e && !e->has_hoa4) {
						e->has_hoa4 = true;
						e->hoa4 = b->hoa4;
						break;
					}
				}
			}
		}
	}
}

static void resume_pd(struct ha *ha)
{
	const struct conf_ha *c = &ha->d->conf.ha;
	const struct view_entry *ve;
	uint64_t now = now_ms();
	char b1[INET6_ADDRSTRLEN];
	size_t i;

	for (i = 0; ha->pd_cap && i < ha->d->view.nbuckets; i++) {
		for (ve = ha->d->view.buckets[i]; ve; ve = ve->next) {
			const struct ipmob_binding *b = &ve->b;
			struct conf_prefix pf;
			unsigned int j, k;

			if (binding_kind(b) != BINDING_KIND_CACHE ||
			    binding_prefix_len(b) >= 128 || !b->ncoa ||
			    b->ifindex != (uint32_t)ha->d->devindex)
				continue;
			pf.prefix = b->hoa;
			pf.plen = (uint8_t)binding_prefix_len(b);
			for (j = 0; j < c->n_sa; j++) {
				const struct conf_sa *sa = &c->sa[j];

				if (!sa->pd || mnp_has(sa->mnp, sa->n_mnp, &pf))
					continue;
				for (k = 0; k < sa->n_hoa; k++) {
					struct ha_entry *e = entry_find(ha, &sa->hoa[k]);
					struct ha_pd_lease *l;

					if (!e || e->n_mnp >= CONF_SA_MAX_MNP ||
					    ha->n_pd >= ha->pd_cap ||
					    !IN6_ARE_ADDR_EQUAL(&e->coa, &b->coa[0].addr) ||
					    mnp_has(e->mnp, e->n_mnp, &pf))
						continue;
					e->mnp[e->n_mnp++] = pf;
					e->mr = true;
					l = &ha->pd[ha->n_pd++];
					l->p = pf;
					l->sa = (int)j;
					l->expires = BA_HAS(b, IPMOB_BA_REMAINING) ?
						     now + b->remaining :
						     now + (uint64_t)b->lifetime * 1000;
					logmsg(LOG_INFO, "resumed delegated prefix %s/%u of %s",
					       in6_str(&pf.prefix, b1), pf.plen,
					       sa->nai);
				}
			}
		}
	}
	pd_timer_arm(ha);
}

int ha_start(struct daemon *d)
{
	const struct conf_ha *c = &d->conf.ha;
	char a[INET6_ADDRSTRLEN], h[INET6_ADDRSTRLEN];
	const struct view_entry *ve;
	struct ha *ha;
	size_t i, j;

	ha = calloc(1, sizeof(*ha));
	if (!ha)
		return -1;
	ha->d = d;
	d->ha = ha;
	ha->last_ts = calloc(c->n_sa ? c->n_sa : 1, sizeof(*ha->last_ts));
	if (!ha->last_ts)
		return -1;
	for (ha->nb = 64; ha->nb < c->max_bindings / 2; ha->nb <<= 1)
		;
	ha->bucket = calloc(ha->nb, sizeof(*ha->bucket));
	if (!ha->bucket ||
	    RAND_bytes((uint8_t *)&ha->seed, sizeof(ha->seed)) != 1 ||
	    RAND_bytes((uint8_t *)&ha->fbi_seq, sizeof(ha->fbi_seq)) != 1) {
		logmsg(LOG_ERR, "cannot set up the binding table");
		return -1;
	}
	ha->home_ifindex = (int)if_nametoindex(c->home_link);
	if (!ha->home_ifindex) {
		logmsg(LOG_ERR, "home link %s does not exist", c->home_link);
		return -1;
	}
	if (find_home_addr(ha, c) < 0) {
		logmsg(LOG_ERR, "home link %s has no address in a home prefix",
		       c->home_link);
		return -1;
	}
	/* RFC 4877 4.2: ESP for the Mobility Header of IPsec associations */
	for (i = 0; i < c->n_sa; i++) {
		unsigned int j;

		for (j = 0; c->sa[i].security != CONF_SEC_RFC4285 &&
			    j < c->sa[i].n_hoa; j++)
			if (xfrm_mh_pair(&c->sa[i].hoa[j], &ha->addr,
					 c->sa[i].ipsec_reqid, true) < 0)
				return -1;
	}
	ha->lla_len = link_lladdr(ha->home_ifindex, ha->lla, sizeof(ha->lla));
	/* RFC 6276: room for every lease the associations may hold */
	for (i = 0; i < c->n_sa; i++)
		ha->pd_cap += c->sa[i].pd ? CONF_SA_MAX_MNP : 0;
	if (ha->pd_cap) {
		ha->pd = calloc(ha->pd_cap, sizeof(*ha->pd));
		if (!ha->pd)
			return -1;
	}
	loop_timer_init(&ha->pd_timer, pd_expire, ha);
	if (c->has_pool4) {
		ha->pool_n = ntohl(c->pool4_hi.s_addr) -
			     ntohl(c->pool4_lo.s_addr) + 1;
		ha->pool_map = calloc((ha->pool_n + 63) / 64,
				      sizeof(*ha->pool_map));
		if (!ha->pool_map)
			return -1;
	}
	/*
	 * 10.1: a home agent is a router. With forwarding off it would
	 * acknowledge registrations and forward nothing: say so, loudly.
	 */
	{
		char fwd[16];

		if (sysctl_get("/proc/sys/net/ipv6/conf/all/forwarding", fwd,
			       sizeof(fwd)) == 0 && !strcmp(fwd, "0"))
			logmsg(LOG_WARNING, "IPv6 forwarding is off (net.ipv6.conf.all.forwarding=0): registrations will be accepted but no packet forwarded to a mobile node (RFC 6275 10.1: a home agent is a router)");
	}
	/*
	 * 10.4.1: the module answers solicitations for registered home
	 * addresses (IPMOB_BA_PROXY_IF); they go to solicited-node groups
	 * nobody joins, so the home link takes every multicast. (The
	 * core's proxy, one pneigh entry and one group per address in
	 * lists, made the n-th registration cost O(n).) Kept after exit,
	 * as the bindings are.
	 */
	if (undo_link_allmulti(d, ha->home_ifindex, c->home_link) < 0)
		logmsg(LOG_WARNING, "cannot put %s in all-multicast mode: solicitations for home addresses may not arrive",
		       c->home_link);
	/* DHAAD requests go to the Home-Agents anycast address (10.5). */
	for (i = 0; i < c->n_prefixes; i++) {
		struct ipv6_mreq mr;

		nd_ha_anycast(&c->prefixes[i].prefix, c->prefixes[i].plen,
			      &mr.ipv6mr_multiaddr);
		mr.ipv6mr_interface = (unsigned int)ha->home_ifindex;
		if (setsockopt(d->icmp_fd, IPPROTO_IPV6, IPV6_JOIN_ANYCAST,
			       &mr, sizeof(mr)) < 0 && errno != EADDRINUSE)
			logmsg(LOG_WARNING, "cannot join anycast %s: %s",
			       in6_str(&mr.ipv6mr_multiaddr, a), strerror(errno));
	}

	/* Carry on with what the kernel has (a restart loses nothing). */
	for (i = 0; i < d->view.nbuckets; i++) {
		for (ve = d->view.buckets[i]; ve; ve = ve->next) {
			const struct ipmob_binding *b = &ve->b;
			struct ha_entry *e;

			/* ours: an IPv6 home address, a care-of record of
			 * either family (RFC 5555) and no ingress key */
			if (!binding_hoa_is6(b) || binding_iif(b) ||
			    binding_kind(b) != BINDING_KIND_CACHE ||
			    binding_prefix_len(b) != 128 ||
			    b->ifindex != (uint32_t)d->devindex ||
			    b->mode != IPMOB_MODE_TUNNEL || !b->ncoa)
				continue;
			e = calloc(1, sizeof(*e));
			if (!e)
				return -1;
			e->hoa = b->hoa;
			e->coa = b->coa[0].addr;
			/* RFC 5555: an IPv4 care-of address, UDP or not */
			if (b->coa[0].has_addr4) {
				in6_set_v4mapped(&e->coa, &b->coa[0].addr4);
				e->udp = b->coa[0].has_encap &&
					 b->coa[0].encap == IPMOB_ENCAP_UDP;
				e->port = b->coa[0].port;
			}
			/* RFC 5648: back from its care-of records' BIDs */
			for (j = 0; j < b->ncoa && b->coa[0].has_bid &&
				    j < MH_MAX_BID; j++) {
				e->set.r[j].bid = b->coa[j].bid;
				e->set.r[j].prio = b->coa[j].prio;
				e->set.r[j].coa = b->coa[j].addr;
				e->set.r[j].home = b->coa[j].has_encap &&
					b->coa[j].encap == IPMOB_ENCAP_HOME;
				e->set.n++;
			}
			mcoa_sort(&e->set);
			e->seq = b->seq;
			e->lifetime = b->lifetime;
			e->sa = -1;	/* its owner: the SA naming it, if any */
			for (j = 0; j < c->n_sa; j++)
				if (conf_sa_owns(&c->sa[j], &e->hoa))
					e->sa = (int)j;
			e->mr = BA_HAS(b, IPMOB_BA_PROXY_ROUTER);
			e->fb_unknown = true;	/* its flow rules stay */
			entry_insert(ha, e);
			/* made before the module proxied: proxy it now */
			if (!mcoa_home(&e->set) &&
			    (!BA_HAS(b, IPMOB_BA_PROXY_IF) ||
			     b->proxy_if != (uint32_t)ha->home_ifindex)) {
				struct ipmob_binding nb;

				binding_for(ha, e, &nb);
				/* what is left of it, not a new lifetime */
				if (b->lifetime && BA_HAS(b, IPMOB_BA_REMAINING))
					nb.lifetime = b->remaining / 1000 + 1;
				kern_binding_put(d, &nb);
			}
			logmsg(LOG_DEBUG, "resumed binding %s -> %s (seq %u)",
			       in6_str(&e->hoa, h), in6_str(&e->coa, a), e->seq);
		}
	}
	resume_mnp(ha);
	resume_pd(ha);
	resume_hoa4(ha);
	logmsg(LOG_NOTICE, "home agent on %s, address %s, %u binding%s resumed%s",
	       c->home_link, in6_str(&ha->addr, a), ha->n_entries,
	       ha->n_entries == 1 ? "" : "s",
	       c->auth ? "" : ", WITHOUT authentication");
	return 0;
}

void ha_stop(struct daemon *d)
{
	struct ha *ha = d->ha;
	struct ha_entry *e;
	uint32_t i;

	if (!ha)
		return;
	/* The bindings stay in the kernel: the data plane keeps working. */
	for (i = 0; ha->bucket && i < ha->nb; i++) {
		while ((e = ha->bucket[i])) {
			ha->bucket[i] = e->next;
			fbi_free(ha, e);
			free(e->fb);
			free(e);
		}
	}
	loop_timer_cancel(d, &ha->pd_timer);
	free(ha->pd);
	free(ha->pool_map);
	free(ha->bucket);
	free(ha->last_ts);
	free(ha);
	d->ha = NULL;
}
