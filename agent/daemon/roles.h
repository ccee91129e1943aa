/* SPDX-License-Identifier: GPL-2.0 */
/*
 * roles.h - a role is a table entry: what the signalling core calls.
 *
 * The core (ipmobd.c) owns the sockets, the kernel events and the loop;
 * it starts the roles the configuration enables, in table order, and
 * hands each what it asks for. A new protocol adds an entry here and a
 * file of its own, not a case in the core; its configuration section is
 * a struct conf_section of its own (roles/NAME_conf.c), listed for the
 * parser in conf_roles.c.
 */
#ifndef IPMOB_ROLES_H
#define IPMOB_ROLES_H

#include "daemon.h"

/**
 * struct role_ops - one role of the daemon
 * @name: its name, for logs
 * @conf: its configuration section (keys, types, ranges, checks), or
 *	NULL: it is configured in another role's (route optimisation in
 *	[mobile-node])
 * @enabled: whether the configuration asks for it
 * @running: whether it started (and has not stopped)
 * @start: start it; -1 stops the daemon's start-up
 * @stop: stop it; called for every role, started or not
 * @answers_mh: whether it answers this Mobility Header message; the
 *	first running role in table order that does gets it (NULL: none).
 *	The core parses each message once (mh_parse()): the roles see
 *	only well-formed messages of known types, with @buf and @len (the
 *	message as received, for authenticators) beside @m. The core
 *	drops malformed ones (one rate-limited log line) and answers an
 *	unknown type with Binding Error status 2 (RFC 6275 9.2) when a
 *	running role has @mh (a correspondent or a home agent runs here).
 * @mh: a message it answers
 * @mh_seen: every Mobility Header message, answered by another or not
 *	(what comes back to a mobile node)
 * @icmp: every ICMPv6 message of the types the daemon listens to
 * @binding_event: a kernel notification about one binding
 * @berr_needed: the kernel says a Binding Error is owed (RFC 6275
 *	9.3.1); the first running role that has this answers it
 * @ro_hint: a mobile node's traffic with a correspondent takes the
 *	tunnel (RFC 6275 11.3.3)
 * @links_changed: links, addresses or routes changed (rtnetlink); the
 *	core follows rtnetlink only if an enabled role has this
 */
struct role_ops {
	const char *name;
	const struct conf_section *conf;
	bool (*enabled)(const struct ipmobd_conf *c);
	bool (*running)(const struct daemon *d);
	int (*start)(struct daemon *d);
	void (*stop)(struct daemon *d);
	bool (*answers_mh)(const struct daemon *d, const struct mh_msg *m);
	void (*mh)(struct daemon *d, const struct mh_msg *m,
		   const uint8_t *buf, size_t len, const struct pkt_info *pi);
	void (*mh_seen)(struct daemon *d, const struct mh_msg *m,
			const uint8_t *buf, size_t len,
			const struct pkt_info *pi);
	void (*icmp)(struct daemon *d, const uint8_t *buf, size_t len,
		     const struct pkt_info *pi);
	void (*binding_event)(struct daemon *d, uint8_t cmd,
			      const struct ipmob_binding *b);
	void (*berr_needed)(struct daemon *d, const struct in6_addr *src,
			    const struct in6_addr *dst,
			    const struct in6_addr *hoa, unsigned int status,
			    unsigned int mh_type);
	void (*ro_hint)(struct daemon *d, const struct in6_addr *hoa,
			const struct in6_addr *cn);
	void (*links_changed)(struct daemon *d);
};

/* The roles, in the order they start (and answer Mobility Headers). */
extern const struct role_ops *const roles[];
extern const unsigned int n_roles;

/* Start every enabled role in order: 0, or -1 at the first failure. */
int roles_start(struct daemon *d);
/* Stop them all, last first. */
void roles_stop(struct daemon *d);
/* Whether an enabled role needs the rtnetlink monitor. */
bool roles_need_rtnl(const struct ipmobd_conf *c);
/* Whether any role is enabled. */
bool roles_any(const struct ipmobd_conf *c);

/* One Mobility Header message as received: parsed here, once. */
void roles_mh(struct daemon *d, const uint8_t *buf, size_t len,
	      const struct pkt_info *pi);
void roles_icmp(struct daemon *d, const uint8_t *buf, size_t len,
		const struct pkt_info *pi);
void roles_binding_event(struct daemon *d, uint8_t cmd,
			 const struct ipmob_binding *b);
void roles_berr_needed(struct daemon *d, const struct in6_addr *src,
		       const struct in6_addr *dst, const struct in6_addr *hoa,
		       unsigned int status, unsigned int mh_type);
void roles_ro_hint(struct daemon *d, const struct in6_addr *hoa,
		   const struct in6_addr *cn);
void roles_links_changed(struct daemon *d);

#endif /* IPMOB_ROLES_H */
