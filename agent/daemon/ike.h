/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ike.h - IKEv2 keying of the home registration's IPsec states by
 * strongSwan's charon, driven over VICI (security ikev2; RFC 4877).
 */
#ifndef IPMOB_IKE_H
#define IPMOB_IKE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <netinet/in.h>

#include "conf.h"
#include "vici.h"

struct daemon;

/* the mobile node's connection and child in charon */
#define IKE_MN_CONN	"ipmob-ha"
#define IKE_CHILD	"mh"
/* the tunnel's child (RFC 4877 4.1: HoTI/HoT, protect payload), reqid + 1 */
#define IKE_TUN_CHILD	"tunnel"
/* the mobile node's dead peer detection interval (charon's syntax) */
#define IKE_DPD_DELAY	"30s"
/* how long charon may take to set up the SAs before initiate fails, ms */
#define IKE_INITIATE_MS	20000
/* the retry after a failed initiate: doubling from, up to, ms */
#define IKE_RETRY_MIN_MS	2000
#define IKE_RETRY_MAX_MS	60000

/* Is there anything for charon to key (security ikev2 anywhere)? */
bool ike_wanted(const struct ipmobd_conf *c);
int ike_start(struct daemon *d);
void ike_stop(struct daemon *d);
/* The mobile node: is its child SA installed (its BU may go)? */
bool ike_mn_ready(const struct daemon *d);
/* The mobile node needs its SAs: initiate them unless under way. */
void ike_mn_need(struct daemon *d);
/* mn.c: the mobile node's SAs came up (send the BU that waits) */
void mn_ike_up(struct daemon *d);
/* Does the mobile node use the tunnel's child SA (HoTI/HoT, payload)? */
bool ike_mn_tunnel(const struct conf_mn *c);

/*
 * The VICI messages (pure, for the tests): each writes one request into
 * buf (cap bytes) and returns its size, or -1 if it does not fit.
 */
long ike_msg_mn_conn(uint8_t *buf, size_t cap, const struct conf_mn *c);
long ike_msg_ha_conn(uint8_t *buf, size_t cap, const struct conf_ha *ha,
		     const struct conf_sa *sa, unsigned int idx,
		     const struct in6_addr *ha_addr);
/* load-cert (ca: the CA's), load-key, load-shared */
long ike_msg_cert(uint8_t *buf, size_t cap, const struct conf_pem *pem,
		  bool ca);
long ike_msg_key(uint8_t *buf, size_t cap, const struct conf_pem *pem);
long ike_msg_psk(uint8_t *buf, size_t cap, const struct conf_key *key,
		 const char *id1, const char *id2);
long ike_msg_initiate(uint8_t *buf, size_t cap, const char *child);
long ike_msg_list_sas(uint8_t *buf, size_t cap);
/*
 * Of an event's or list-sa's message: whether it names a child SA with
 * reqid, and then in *installed whether it is INSTALLED.
 */
bool ike_msg_child(const uint8_t *msg, size_t len, uint32_t reqid,
		   bool *installed);

#endif
