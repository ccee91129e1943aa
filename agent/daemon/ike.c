// SPDX-License-Identifier: GPL-2.0
/*
 * ike.c - IKEv2 keying by strongSwan's charon (security ikev2; RFC 4877,
 * RFC 4555 MOBIKE), driven over VICI (vici_client.c). Why VICI and not
 * generated swanctl.conf files: the connections are per mobile node and
 * change with ipmobd's configuration, the pre-shared keys stay in
 * ipmobd's root-only files and never reach another file, and the events
 * (child-updown) tell the mobile node when its BU may go; see
 * Documentation/ipsec.md.
 *
 * What ipmobd loads into charon, again after every (re)connection:
 *   - its credentials: the CA certificate, its certificate and private
 *     key (load-cert, load-key), or per node the pre-shared key
 *     (load-shared, owners: both identities);
 *   - per mobile node one connection (load-conn): IKEv2, MOBIKE, its
 *     identities, and one child "mh" in transport_proxy mode (the SAs'
 *     endpoints are the home address and the home agent, not the IKE
 *     addresses: RFC 4877 4.4) with policies = no (ipmobd installs the
 *     policies, xfrm.c, which a MOBIKE move must not re-address: strongSwan
 *     5.9 would, ipsec-research.md 1.6) and the association's reqid, the
 *     one of those policies; traffic selectors the home address and the
 *     home agent for the Mobility Header (RFC 4877 5, protocol only).
 * The mobile node initiates (RFC 4877 7.3, from its care-of address: the
 * IKE SA follows it by MOBIKE, RFC 4877 7.4, and the BU carries K) when
 * its first BU needs the SAs, and learns from child-updown when they are
 * installed. A restarted ipmobd asks list-sas and takes SAs that exist.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>
#include <unistd.h>
#include <arpa/inet.h>

#include "daemon.h"
#include "ike.h"
#include "mh.h"
#include "util.h"
#include "vici_client.h"

/* a request: certificates are the largest part, CONF_PEM_MAX each */
#define IKE_BUF		(4 * CONF_PEM_MAX + 8192)

struct ike {
	struct daemon *d;
	struct vici_client vc;
	uint8_t *buf;
	bool mn_up;			/* the MN's child SA is installed */
	bool mn_initiating;		/* an initiate is under way */
	bool tun_up;			/* the MN's tunnel child is installed */
	bool tun_initiating;
	struct timer retry;		/* the MN's next initiate */
	unsigned int retry_ms;
};

bool ike_mn_tunnel(const struct conf_mn *c)
{
	/* RFC 4877 4.1: HoTI/HoT (route optimisation) or the payload */
	return c->ikev2 && (c->protect_payload || c->ro);
}

bool ike_wanted(const struct ipmobd_conf *c)
{
	unsigned int i;

	if (c->mn.enabled && c->mn.ikev2)
		return true;
	for (i = 0; c->ha.enabled && i < c->ha.n_sa; i++)
		if (c->ha.sa[i].security == CONF_SEC_IKEV2)
			return true;
	return false;
}

/* ---- the messages ---- */

static void ts(char *out, size_t n, const struct in6_addr *a, int proto)
{
	char s[INET6_ADDRSTRLEN];

	/*
	 * a single address, the Mobility Header (RFC 4877 5) or ICMPv6
	 * (the Mobile Prefix Solicitation and Advertisement, 4.1)
	 */
	snprintf(out, n, "%s/128[%d]", in6_str(a, s), proto);
}

/* local or remote: auth by certificate (with its data) or PSK */
static void auth_round(struct vici_w *w, const char *name, const char *id,
		       const struct conf_pem *cert, bool pubkey)
{
	vici_w_section(w, name);
	vici_w_kvs(w, "auth", pubkey ? "pubkey" : "psk");
	vici_w_kvs(w, "id", id);
	if (cert && cert->data) {
		vici_w_list(w, "certs");
		vici_w_item_raw(w, cert->data, cert->len);
		vici_w_list_end(w);
	}
	vici_w_end(w);
}

/* l2, r2: a second traffic selector on each side, or NULL */
static void child(struct vici_w *w, const char *name, const char *mode,
		  unsigned int reqid, const char *l, const char *l2,
		  const char *r, const char *r2)
{
	vici_w_section(w, name);
	vici_w_kvs(w, "mode", mode);
	vici_w_kvs(w, "policies", "no");
	vici_w_kvu(w, "reqid", reqid);
	vici_w_list(w, "local_ts");
	vici_w_item(w, l);
	if (l2)
		vici_w_item(w, l2);
	vici_w_list_end(w);
	vici_w_list(w, "remote_ts");
	vici_w_item(w, r);
	if (r2)
		vici_w_item(w, r2);
	vici_w_list_end(w);
	/* RFC 4877 4.3: non-null encryption and authentication */
	vici_w_list(w, "esp_proposals");
	vici_w_item(w, "aes256gcm16");
	vici_w_item(w, "aes128gcm16");
	vici_w_list_end(w);
	vici_w_kvs(w, "start_action", "none");
	vici_w_kvs(w, "dpd_action", "clear");
	vici_w_end(w);
}

/*
 * The children: "mh", the Mobility Header between home address and home
 * agent (transport_proxy, reqid), and "tunnel", the home address's
 * traffic through the home agent (RFC 4877 4.1: HoTI and HoT, with
 * protect payload all of it; tunnel mode, reqid + 1; xfrm.c's policies
 * choose what goes in). mn: local is the home address.
 */
static void children(struct vici_w *w, unsigned int reqid,
		     const struct in6_addr *hoa, const struct in6_addr *ha,
		     bool mn)
{
	char h[INET6_ADDRSTRLEN + 16], a[INET6_ADDRSTRLEN + 16];
	char hi[INET6_ADDRSTRLEN + 16], ai[INET6_ADDRSTRLEN + 16];
	char t[INET6_ADDRSTRLEN + 8], s[INET6_ADDRSTRLEN];

	ts(h, sizeof(h), hoa, IPPROTO_MH);
	ts(a, sizeof(a), ha, IPPROTO_MH);
	ts(hi, sizeof(hi), hoa, IPPROTO_ICMPV6);
	ts(ai, sizeof(ai), ha, IPPROTO_ICMPV6);
	snprintf(t, sizeof(t), "%s/128", in6_str(hoa, s));
	vici_w_section(w, "children");
	child(w, IKE_CHILD, "transport_proxy", reqid, mn ? h : a, mn ? hi : ai,
	      mn ? a : h, mn ? ai : hi);
	child(w, IKE_TUN_CHILD, "tunnel", reqid + 1, mn ? t : "::/0", NULL,
	      mn ? "::/0" : t, NULL);
	vici_w_end(w);
}

long ike_msg_mn_conn(uint8_t *buf, size_t cap, const struct conf_mn *c)
{
	bool pubkey = c->ike.cert.data != NULL;
	char ha[INET6_ADDRSTRLEN];
	struct vici_w w;

	vici_w_start(&w, buf, cap, VICI_CMD_REQUEST, "load-conn");
	vici_w_section(&w, IKE_MN_CONN);
	vici_w_kvs(&w, "version", "2");
	vici_w_kvs(&w, "mobike", "yes");
	vici_w_list(&w, "remote_addrs");
	vici_w_item(&w, in6_str(&c->ha, ha));
	vici_w_list_end(&w);
	vici_w_kvs(&w, "keyingtries", "1");
	/*
	 * dead peer detection: a home agent whose charon lost the IKE SA
	 * (restarted) is noticed by a node that does not move too; the
	 * child then goes down and ipmobd has it set up again
	 */
	vici_w_kvs(&w, "dpd_delay", IKE_DPD_DELAY);
	auth_round(&w, "local", c->nai, &c->ike.cert, pubkey);
	auth_round(&w, "remote", c->ike.peer_id, NULL, pubkey);
	children(&w, c->ipsec_reqid, &c->hoa, &c->ha, true);
	vici_w_end(&w);
	return vici_w_finish(&w);
}

long ike_msg_ha_conn(uint8_t *buf, size_t cap, const struct conf_ha *ha,
		     const struct conf_sa *sa, unsigned int idx,
		     const struct in6_addr *ha_addr)
{
	bool pubkey = !sa->key.len;
	char name[32], a[INET6_ADDRSTRLEN];
	struct vici_w w;

	snprintf(name, sizeof(name), "ipmob-%u", idx);
	vici_w_start(&w, buf, cap, VICI_CMD_REQUEST, "load-conn");
	vici_w_section(&w, name);
	vici_w_kvs(&w, "version", "2");
	vici_w_kvs(&w, "mobike", "yes");
	vici_w_list(&w, "local_addrs");
	vici_w_item(&w, in6_str(ha_addr, a));
	vici_w_list_end(&w);
	/* a node that comes back replaces its old IKE SA */
	vici_w_kvs(&w, "unique", "replace");
	auth_round(&w, "local", ha->ike.id, pubkey ? &ha->ike.cert : NULL,
		   pubkey);
	auth_round(&w, "remote", sa->nai, NULL, pubkey);
	children(&w, sa->ipsec_reqid, &sa->hoa[0], ha_addr, false);
	vici_w_end(&w);
	return vici_w_finish(&w);
}

long ike_msg_cert(uint8_t *buf, size_t cap, const struct conf_pem *pem,
		  bool ca)
{
	struct vici_w w;

	vici_w_start(&w, buf, cap, VICI_CMD_REQUEST, "load-cert");
	vici_w_kvs(&w, "type", "X509");
	vici_w_kvs(&w, "flag", ca ? "CA" : "NONE");
	vici_w_kv(&w, "data", pem->data, pem->len);
	return vici_w_finish(&w);
}

long ike_msg_key(uint8_t *buf, size_t cap, const struct conf_pem *pem)
{
	const char *type = "any";
	struct vici_w w;

	if (strstr(pem->data, "-----BEGIN EC PRIVATE KEY"))
		type = "ecdsa";
	else if (strstr(pem->data, "-----BEGIN RSA PRIVATE KEY"))
		type = "rsa";
	vici_w_start(&w, buf, cap, VICI_CMD_REQUEST, "load-key");
	vici_w_kvs(&w, "type", type);
	vici_w_kv(&w, "data", pem->data, pem->len);
	return vici_w_finish(&w);
}

long ike_msg_psk(uint8_t *buf, size_t cap, const struct conf_key *key,
		 const char *id1, const char *id2)
{
	struct vici_w w;

	vici_w_start(&w, buf, cap, VICI_CMD_REQUEST, "load-shared");
	vici_w_kvs(&w, "type", "IKE");
	vici_w_kv(&w, "data", key->key, key->len);
	vici_w_list(&w, "owners");
	vici_w_item(&w, id1);
	vici_w_item(&w, id2);
	vici_w_list_end(&w);
	return vici_w_finish(&w);
}

long ike_msg_initiate(uint8_t *buf, size_t cap, const char *child)
{
	struct vici_w w;

	vici_w_start(&w, buf, cap, VICI_CMD_REQUEST, "initiate");
	vici_w_kvs(&w, "child", child);
	vici_w_kvs(&w, "ike", IKE_MN_CONN);
	vici_w_kvu(&w, "timeout", IKE_INITIATE_MS);
	vici_w_kvs(&w, "init-limits", "no");
	return vici_w_finish(&w);
}

long ike_msg_list_sas(uint8_t *buf, size_t cap)
{
	struct vici_w w;

	vici_w_start(&w, buf, cap, VICI_CMD_REQUEST, "list-sas");
	vici_w_kvs(&w, "ike", IKE_MN_CONN);
	return vici_w_finish(&w);
}

bool ike_msg_child(const uint8_t *msg, size_t len, uint32_t reqid,
		   bool *installed)
{
	int sas = -1;			/* depth of "child-sas", -1: outside */
	bool found = false, inst = false;
	uint64_t r = 0;
	struct vici_it it;
	struct vici_el e;

	vici_it_init(&it, msg, len);
	while (vici_next(&it, &e) == 1) {
		if (e.type == VICI_SECTION_START && sas < 0 &&
		    vici_name_is(&e, "child-sas")) {
			sas = e.depth;
		} else if (e.type == VICI_SECTION_START && e.depth == sas + 1) {
			r = 0;
			inst = false;
		} else if (e.type == VICI_KEY_VALUE && sas >= 0 &&
			   e.depth == sas + 2) {
			if (vici_name_is(&e, "reqid")) {
				uint64_t v = 0;
				uint16_t i;

				for (i = 0; i < e.val_len; i++) {
					if (e.val[i] < '0' || e.val[i] > '9' ||
					    v > UINT32_MAX)
						break;
					v = v * 10 + (e.val[i] - '0');
				}
				r = i == e.val_len && i ? v : 0;
			} else if (vici_name_is(&e, "state")) {
				inst = e.val_len == 9 &&
				       !memcmp(e.val, "INSTALLED", 9);
			}
		} else if (e.type == VICI_SECTION_END && sas >= 0 &&
			   e.depth == sas + 1) {
			if (r == reqid) {
				found = true;
				*installed = inst;
			}
		} else if (e.type == VICI_SECTION_END && e.depth == sas) {
			sas = -1;
		}
	}
	return found;
}

/* ---- the connection ---- */

static void send_req(struct ike *ike, long len, vici_reply_cb_t cb,
		     const char *what)
{
	if (len < 0) {
		logmsg(LOG_ERR, "IKE: cannot build %s", what);
		return;
	}
	if (vici_client_request(&ike->vc, ike->buf, (size_t)len, cb, ike) < 0)
		logmsg(LOG_ERR, "IKE: cannot send %s to charon", what);
	/* a request may carry a key: wiped at once */
	explicit_bzero(ike->buf, (size_t)len);
}

static void loaded(void *arg, const struct vici_pkt *r)
{
	char err[128];

	(void)arg;
	if (!vici_reply_ok(r, err, sizeof(err)))
		logmsg(LOG_ERR, "IKE: charon refused ipmobd's configuration: %s",
		       r ? err : "no answer");
}

static void load_creds(struct ike *ike, const struct conf_ike *c)
{
	if (!c->cert.data)
		return;
	send_req(ike, ike_msg_cert(ike->buf, IKE_BUF, &c->ca, true), loaded,
		 "load-cert");
	send_req(ike, ike_msg_cert(ike->buf, IKE_BUF, &c->cert, false), loaded,
		 "load-cert");
	send_req(ike, ike_msg_key(ike->buf, IKE_BUF, &c->key), loaded,
		 "load-key");
}

static void retry_now(struct daemon *d, void *data);

/* An initiate failed: logged, again after the backoff, which doubles. */
static void retry_later(struct ike *ike, const char *what, const char *err)
{
	logmsg(LOG_WARNING, "IKE: no %s with the home agent: %s; again in %u s",
	       what, err, ike->retry_ms / 1000);
	loop_timer_arm(ike->d, &ike->retry, ike->retry_ms);
	ike->retry_ms = ike->retry_ms * 2 > IKE_RETRY_MAX_MS ?
			IKE_RETRY_MAX_MS : ike->retry_ms * 2;
}

static void initiated(void *arg, const struct vici_pkt *r)
{
	struct ike *ike = arg;
	char err[128];

	ike->mn_initiating = false;
	if (vici_reply_ok(r, err, sizeof(err))) {
		ike->retry_ms = IKE_RETRY_MIN_MS;
		return;			/* child-updown says the rest */
	}
	retry_later(ike, "SAs", r ? err : "no answer from charon");
}

void ike_mn_need(struct daemon *d)
{
	struct ike *ike = d->ike;

	if (!ike || ike->mn_up || ike->mn_initiating ||
	    loop_timer_armed(&ike->retry) || !vici_client_up(&ike->vc))
		return;
	logmsg(LOG_INFO, "IKE: initiating the SAs with the home agent");
	ike->mn_initiating = true;
	send_req(ike, ike_msg_initiate(ike->buf, IKE_BUF, IKE_CHILD),
		 initiated, "initiate");
}

static void tun_initiated(void *arg, const struct vici_pkt *r)
{
	struct ike *ike = arg;
	char err[128];

	ike->tun_initiating = false;
	if (vici_reply_ok(r, err, sizeof(err)))
		return;			/* child-updown says the rest */
	retry_later(ike, "tunnel SAs", r ? err : "no answer from charon");
}

/* the tunnel's child, once the Mobility Header's is up (same IKE SA) */
static void tun_need(struct ike *ike)
{
	if (!ike_mn_tunnel(&ike->d->conf.mn) || !ike->mn_up || ike->tun_up ||
	    ike->tun_initiating || loop_timer_armed(&ike->retry) ||
	    !vici_client_up(&ike->vc))
		return;
	logmsg(LOG_INFO, "IKE: initiating the tunnel SAs with the home agent");
	ike->tun_initiating = true;
	send_req(ike, ike_msg_initiate(ike->buf, IKE_BUF, IKE_TUN_CHILD),
		 tun_initiated, "initiate");
}

static void retry_now(struct daemon *d, void *data)
{
	(void)data;
	ike_mn_need(d);
	tun_need(d->ike);
}

bool ike_mn_ready(const struct daemon *d)
{
	return d->ike && d->ike->mn_up;
}

static void mn_child(struct ike *ike, bool up)
{
	if (up == ike->mn_up)
		return;
	ike->mn_up = up;
	logmsg(up ? LOG_INFO : LOG_NOTICE, "IKE: the SAs with the home agent are %s",
	       up ? "installed" : "gone");
	if (up) {
		mn_ike_up(ike->d);
		tun_need(ike);
	} else {
		ike_mn_need(ike->d);
	}
}

static void tun_child(struct ike *ike, bool up)
{
	if (up == ike->tun_up)
		return;
	ike->tun_up = up;
	logmsg(up ? LOG_INFO : LOG_NOTICE, "IKE: the tunnel SAs with the home agent are %s",
	       up ? "installed" : "gone");
	/* not at once: the IKE SA may be going with it (retry_now) */
	if (!up && !loop_timer_armed(&ike->retry))
		loop_timer_arm(ike->d, &ike->retry, IKE_RETRY_MIN_MS);
}

static void on_event(void *arg, const char *name, const uint8_t *msg,
		     size_t len)
{
	struct ike *ike = arg;
	const struct ipmobd_conf *c = &ike->d->conf;
	bool list = !strcmp(name, "list-sa"), installed = false, up;

	if (!c->mn.enabled || !c->mn.ikev2)
		return;
	/* child-updown: "up" is there when it came up */
	up = list || vici_bool(msg, len, "up") == 1;
	/* the tunnel's first: mn_child() would initiate it otherwise */
	if (ike_msg_child(msg, len, c->mn.ipsec_reqid + 1, &installed))
		tun_child(ike, up && installed);
	installed = false;
	if (ike_msg_child(msg, len, c->mn.ipsec_reqid, &installed))
		mn_child(ike, up && installed);
}

static void listed(void *arg, const struct vici_pkt *r)
{
	struct ike *ike = arg;

	(void)r;
	/* the list-sa events came before; none with ours: initiate */
	if (!ike->mn_up)
		mn_ike_up(ike->d);
	else
		tun_need(ike);
}

static void on_up(void *arg)
{
	struct ike *ike = arg;
	const struct ipmobd_conf *c = &ike->d->conf;
	unsigned int i;

	logmsg(LOG_INFO, "IKE: connected to charon (%s)", c->vici_socket);
	if (c->mn.enabled && c->mn.ikev2) {
		load_creds(ike, &c->mn.ike);
		if (!c->mn.ike.cert.data)
			send_req(ike, ike_msg_psk(ike->buf, IKE_BUF, &c->mn.key,
						  c->mn.nai, c->mn.ike.peer_id),
				 loaded, "load-shared");
		send_req(ike, ike_msg_mn_conn(ike->buf, IKE_BUF, &c->mn),
			 loaded, "load-conn");
		/* SAs that outlived an ipmobd restart are taken as they are */
		send_req(ike, ike_msg_list_sas(ike->buf, IKE_BUF), listed,
			 "list-sas");
	}
	if (!c->ha.enabled)
		return;
	load_creds(ike, &c->ha.ike);
	for (i = 0; i < c->ha.n_sa; i++) {
		const struct conf_sa *sa = &c->ha.sa[i];

		if (sa->security != CONF_SEC_IKEV2)
			continue;
		if (sa->key.len)
			send_req(ike, ike_msg_psk(ike->buf, IKE_BUF, &sa->key,
						  sa->nai, c->ha.ike.id),
				 loaded, "load-shared");
		send_req(ike, ike_msg_ha_conn(ike->buf, IKE_BUF, &c->ha, sa, i,
					      ha_address(ike->d)),
			 loaded, "load-conn");
	}
}

static void on_down(void *arg)
{
	struct ike *ike = arg;

	logmsg(LOG_WARNING, "IKE: lost charon; connecting again");
	ike->mn_initiating = false;
	ike->tun_initiating = false;
	/* the SAs may be gone with it: asked again on reconnection */
	ike->mn_up = false;
	ike->tun_up = false;
}

/*
 * strongSwan's charon, as Debian installs it (strongswan-charon,
 * charon-systemd); its VICI plugin comes with strongswan-swanctl.
 */
static const char *const charon_paths[] = {
	"/usr/lib/ipsec/charon",
	"/usr/sbin/charon-systemd",
	"/usr/libexec/ipsec/charon",
};

/*
 * security ikev2 without charon is a configuration that cannot work: a
 * clear error at start. A charon that is installed but not running yet
 * (no socket) is waited for.
 */
static int ike_charon_check(const char *sock)
{
	unsigned int i;

	if (!access(sock, F_OK))
		return 0;
	for (i = 0; i < sizeof(charon_paths) / sizeof(charon_paths[0]); i++)
		if (!access(charon_paths[i], X_OK)) {
			logmsg(LOG_NOTICE, "IKE: no VICI socket at %s yet: connecting when charon is up",
			       sock);
			return 0;
		}
	logmsg(LOG_ERR, "security ikev2 needs strongSwan's charon (packages strongswan-charon or charon-systemd, and strongswan-swanctl): it is not installed, and nothing listens at %s",
	       sock);
	return -1;
}

int ike_start(struct daemon *d)
{
	struct ike *ike;

	if (ike_charon_check(d->conf.vici_socket[0] ? d->conf.vici_socket :
			     VICI_CLIENT_PATH) < 0)
		return -1;
	ike = calloc(1, sizeof(*ike));
	if (!ike)
		return -1;
	ike->buf = malloc(IKE_BUF);
	if (!ike->buf) {
		free(ike);
		return -1;
	}
	ike->d = d;
	ike->retry_ms = IKE_RETRY_MIN_MS;
	loop_timer_init(&ike->retry, retry_now, ike);
	d->ike = ike;
	if (vici_client_init(&ike->vc, d, d->conf.vici_socket[0] ?
			     d->conf.vici_socket : NULL, on_up, on_down,
			     ike) < 0 ||
	    vici_client_event(&ike->vc, "child-updown", on_event, ike) < 0 ||
	    vici_client_event(&ike->vc, "list-sa", on_event, ike) < 0)
		return -1;
	/* charon may start later: the client connects when it can */
	vici_client_start(&ike->vc);
	return 0;
}

void ike_stop(struct daemon *d)
{
	struct ike *ike = d->ike;

	if (!ike)
		return;
	loop_timer_cancel(d, &ike->retry);
	vici_client_stop(&ike->vc);
	explicit_bzero(ike->buf, IKE_BUF);
	free(ike->buf);
	free(ike);
	d->ike = NULL;
}
