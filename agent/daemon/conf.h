/* SPDX-License-Identifier: GPL-2.0 */
/*
 * conf.h - ipmobd configuration file, see ipmobd.conf(5).
 *
 * Line oriented: "key value..." per line, '#' starts a comment (at the
 * start of a line or of a word), blank lines are ignored. Global keys
 * come first; a section header "[mobile-node]", "[home-agent]",
 * "[correspondent]" or "[security-association NAI]" starts a block whose
 * keys follow it. Each role section present ([mobile-node], [home-agent],
 * [correspondent]) enables that role; at least one is needed.
 *
 *   global:   log-level LEVEL | device NAME
 *             reply-rate N | reply-burst N       (1..1000000; 200, 100)
 *             peer-log-rate N | peer-log-burst N (1..1000000; 20, 100)
 *   [mobile-node]
 *             home-address ADDR/PLEN     (required)
 *             home-agent ADDR            (absent: DHAAD, RFC 6275 11.4.1)
 *             identifier NAI             (RFC 4283; required with auth)
 *             spi N | key HEX | key-file PATH   (RFC 4285 SA)
 *             authentication required|none
 *             security rfc4285|ipsec|none   (the same choice, or IPsec:
 *                                        RFC 4877, with ipsec-reqid N)
 *             lifetime SECONDS           (requested, 4..262140)
 *             link NAME [preference N]   (repeatable; higher preferred)
 *             initial-bindack-timeout MS | max-bindack-timeout MS
 *             initial-bindack-timeout-first-reg MS
 *             route-optimization on|off  (RFC 6275 11.3.3/11.6; default on)
 *             optimistic-dad on|off      (RFC 4429 on the links; default on)
 *             dna on|off                 (RFC 6059 on a link-up; default on)
 *             no-route-optimization ADDR[/PLEN]   (repeatable, up to
 *                                        CONF_MAX_RO_EXCLUDE; no PLEN: /128)
 *             max-correspondents N       (1..65536, default 256)
 *             multiple-care-of yes|no    (RFC 5648; default no)
 *             flow FID|default [SELECTOR] via LINK[,LINK]   (RFC 6089;
 *                                        repeatable, up to CONF_MAX_FLOWS)
 *   [home-agent]
 *             home-link NAME             (required)
 *             home-prefix ADDR/PLEN      (repeatable, at least one)
 *             max-bindings N | max-lifetime SECONDS | preference N
 *             dad on|off|optimistic | authentication required|none
 *             replay-window SECONDS | refresh-advice SECONDS
 *             max-flow-bindings N        (RFC 6089, per mobile node;
 *                                        0..64, default 16; 0: refused)
 *   [correspondent]                      (RFC 6275 9; may be empty)
 *             max-lifetime SECONDS       (4..420, MAX_RR_BINDING_LIFETIME)
 *             max-bindings N             (1..1000000, default 16384)
 *             max-deleted-bindings N     (16..1000000, default 16384)
 *   [security-association NAI]           (home agent: one mobile node)
 *             spi N | key HEX | key-file PATH
 *             security rfc4285|ipsec     (default rfc4285; ipsec: no spi
 *                                        or key, ipsec-reqid N and
 *                                        home-address required)
 *             home-address ADDR [ADDR...]   (up to CONF_SA_MAX_HOA; none:
 *                                        any address in a home prefix)
 *             mobile-router yes|no       (RFC 3963; default no)
 *             mobile-network-prefix ADDR/PLEN  (repeatable, up to
 *                                        CONF_SA_MAX_MNP, none overlapping
 *                                        another's or a home prefix)
 */
#ifndef IPMOB_CONF_H
#define IPMOB_CONF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <net/if.h>
#include <netinet/in.h>

#include "flow.h"

#define CONF_MAX_LINKS		8
#define CONF_MAX_FLOWS		32	/* MH_MAX_FID: one BU carries them */
#define CONF_FLOW_DEFAULT	65535	/* FID and FID-PRI of "flow default" */
#define CONF_SA_MAX_HOME_FLOWS	8	/* home-flow per association */
#define CONF_MAX_PREFIXES	8
#define CONF_NAI_MAX		253	/* MH_MNID_MAX */
#define CONF_KEY_MAX		64	/* AUTH_KEY_MAX */
#define CONF_MAX_RO_EXCLUDE	16
#define CONF_SA_MAX_HOA		8
#define CONF_SA_MAX_MNP		8	/* MH_MAX_MNP */
#define CONF_SPI_MIN		256	/* 0..255 reserved, RFC 4285 5.1 */
#define CONF_LIFETIME_MIN	4	/* RFC 6275 6.1.7: units of 4 s */
#define CONF_LIFETIME_MAX	262140	/* 65535 * 4 */
#define CONF_RR_LIFETIME_MAX	420	/* MAX_RR_BINDING_LIFETIME, RFC 6275 12 */
/* defaults of reply-rate, reply-burst, peer-log-rate, peer-log-burst */
#define CONF_REPLY_RATE		200
#define CONF_REPLY_BURST	100
#define CONF_PEER_LOG_RATE	20
#define CONF_PEER_LOG_BURST	100

struct conf_key {
	uint8_t len;			/* 0: no key */
	uint8_t key[CONF_KEY_MAX];
};

struct conf_prefix {
	struct in6_addr prefix;		/* host bits cleared */
	uint8_t plen;
};

/* True if one of the two prefixes contains the other. */
bool conf_prefix_overlap(const struct conf_prefix *a,
			 const struct conf_prefix *b);

/*
 * How a mobile node's home registration is protected: the MN-HA
 * authentication option (RFC 4285), or IPsec (RFC 4877, RFC 3776): ESP
 * transport mode between home address and home agent for the Mobility
 * Header, whose policies ipmobd installs (xfrm.c) with the association's
 * reqid, and whose states someone else keys (ip xfrm state, an IKE daemon).
 */
enum conf_security {
	CONF_SEC_RFC4285 = 0,
	CONF_SEC_IPSEC,
	CONF_SEC_IKEV2,		/* IPsec keyed by charon, which ipmobd
				 * drives over VICI (ike.c) */
};

/* A PEM file read at start-up (malloc'ed; wiped and freed by conf_free) */
#define CONF_PEM_MAX		16384
struct conf_pem {
	size_t len;
	char *data;			/* NUL-terminated; NULL if none */
};

/*
 * IKEv2 credentials (security ikev2): this node's identity and the
 * peer's, and its certificate, private key and CA certificate (X.509);
 * without them, the association's key is the pre-shared key.
 */
struct conf_ike {
	char id[CONF_NAI_MAX + 1];	/* ours ("" on the MN: its identifier) */
	char peer_id[CONF_NAI_MAX + 1];	/* the home agent's (MN) */
	struct conf_pem cert, key, ca;
};

/* A mobile node's security association, known to a home agent. */
struct conf_sa {
	char nai[CONF_NAI_MAX + 1];
	uint8_t security;		/* enum conf_security, default ikev2
					 * where [home-agent] has an
					 * ike-identity and the section no
					 * spi, else rfc4285 */
	bool security_set;		/* said in the section */
	uint32_t ipsec_reqid;		/* CONF_SEC_IPSEC: its states' reqid */
	bool protect_payload;		/* security ikev2: all of the home
					 * address's traffic through the
					 * tunnel in ESP (protect payload),
					 * else its HoTI and HoT only */
	uint32_t spi;			/* 256..2^32-1 (RFC 4285 5.1) */
	struct conf_key key;
	/* the home addresses the NAI may register; 0: any it registers first */
	uint8_t n_hoa;
	struct in6_addr hoa[CONF_SA_MAX_HOA];
	/*
	 * NEMO (RFC 3963 6.1.2, the Prefix Table): whether the node may
	 * register as a mobile router, and the mobile network prefixes it
	 * may register (exactly these, each or all);
	 * in implicit mode (no Mobile Network Prefix option) these are
	 * the ones set up. No two associations' prefixes overlap.
	 */
	bool mobile_router;
	uint8_t n_mnp;
	struct conf_prefix mnp[CONF_SA_MAX_MNP];
	/* RFC 6276: prefixes a DHCPv6 server delegates to its home
	 * addresses (through the relay, [prefix-delegation]) are routed
	 * as its mobile network prefixes, default no */
	bool pd;
	/* RFC 5555 5: its IPv4 home address (static), none: dynamic only */
	bool has_hoa4;
	struct in_addr hoa4;
	/* RFC 7109: flow bindings the home agent asks it for */
	uint8_t n_home_flows;
	struct conf_home_flow {
		uint16_t fid;		/* also its FID-PRI */
		uint16_t bid;		/* over this Binding Identifier */
		struct ipmob_flow sel;	/* what the mobile node sends */
	} home_flows[CONF_SA_MAX_HOME_FLOWS];
};

struct conf_link {
	char name[IF_NAMESIZE];
	int preference;			/* default 0; higher is preferred */
	/* with multiple-care-of (RFC 5648): the link's Binding Identifier
	 * (default its position, 1..) and BID-PRI (RFC 6089 4.1, lower
	 * first; default its position too) */
	uint16_t bid;
	uint8_t priority;
};

/*
 * A flow binding of a mobile node (RFC 6089): the packets it sends that
 * @sel matches leave through the first of the links @via names, in that
 * order, that is registered (so a flow fails over down the list); the
 * home agent sends the replies (the mirror image) the same way.
 */
struct conf_flow {
	uint16_t fid;			/* 1..65534, also its FID-PRI (lower
					 * first); CONF_FLOW_DEFAULT: the
					 * rest, "flow default" */
	uint8_t n_via;
	char via_name[CONF_MAX_LINKS][IF_NAMESIZE];
	uint8_t via[CONF_MAX_LINKS];	/* their indexes in links[] (set
					 * once every link is read) */
	struct ipmob_flow sel;		/* selector fields only */
};

struct conf_mn {
	bool enabled;
	struct in6_addr hoa;
	uint8_t home_plen;
	bool has_ha;
	struct in6_addr ha;
	char nai[CONF_NAI_MAX + 1];	/* "" if none */
	uint32_t spi;
	struct conf_key key;
	bool auth;			/* default true */
	bool ipsec;			/* security ipsec: IPsec protects the
					 * home registration (RFC 4877), not
					 * RFC 4285 (auth is then false) */
	unsigned int ipsec_reqid;	/* its states' reqid */
	bool ikev2;			/* security ikev2: ipsec too, keyed
					 * by charon (ike.c) */
	bool protect_payload;		/* protect payload (security ikev2) */
	struct conf_ike ike;
	unsigned int lifetime;		/* s, default 300 */
	unsigned int n_links;		/* 0: every link with a default route */
	struct conf_link links[CONF_MAX_LINKS];
	unsigned int initial_bindack_ms;	/* default 1000 (RFC 6275 12) */
	/* the first wait of a BU to a home agent that holds no binding
	 * for us yet (it runs DAD first, 10.3.1): default 1500 (RFC 6275
	 * 11.8, 13, InitialBindackTimeoutFirstReg) */
	unsigned int first_reg_bindack_ms;
	unsigned int max_bindack_ms;		/* default 32000 */
	bool ro;			/* route optimisation, default true */
	bool optimistic_dad;		/* care-of addresses used while
					 * their DAD runs (RFC 4429),
					 * default true */
	bool dna;			/* Simple DNA (RFC 6059) on a
					 * link-up, default true */
	unsigned int n_ro_exclude;
	struct conf_prefix ro_exclude[CONF_MAX_RO_EXCLUDE];	/* correspondents never route-optimised */
	/*
	 * NEMO (RFC 3963 5): a mobile router, its mobile network prefixes
	 * (forwarded into the tunnel by source), sent in every BU unless
	 * implicit (the home agent knows them, 5.2)
	 */
	bool mobile_router;
	bool mnp_implicit;
	/* RFC 5648: a care-of address on every usable link at once, one
	 * BID each (link ... bid B priority P), default false */
	bool mcoa;
	/* RFC 5648 5.6: at home with other links away, the home link's BID
	 * registers a home binding (H) instead of a deregistration */
	bool home_binding;
	uint8_t n_mnp;
	struct conf_prefix mnp[CONF_SA_MAX_MNP];
	/* the inside links: only what comes in on them is the mobile
	 * network's (none: any link) */
	unsigned int n_mnp_links;
	char mnp_links[CONF_MAX_LINKS][IF_NAMESIZE];
	unsigned int max_correspondents;	/* RO peers kept, default 256,
						 * 1..65536; full: an idle or
						 * failed one gives way */
	unsigned int n_flows;		/* flow bindings, FID order */
	struct conf_flow flows[CONF_MAX_FLOWS];
	/* RFC 7109: take the flow bindings the home agent asks for (Flow
	 * Binding Indication; with multiple-care-of), default yes; no:
	 * each is answered 129 (action not authorized) */
	bool home_flows;
	/*
	 * DSMIPv6 (RFC 5555): the home agent's IPv4 address (an IPv4
	 * care-of address is used on links without IPv6, 4.4.1, and the
	 * Binding Update goes to it in UDP, 4.2); the IPv4 home address
	 * asked for (none, this one, or 0.0.0.0: one the home agent
	 * gives, 2.5); F set in every BU (3.1.3); NAT keepalives when the
	 * home agent gives no refresh time (4.3, NATKATIMEOUT 110 s)
	 */
	bool has_ha4;
	struct in_addr ha4;
	enum { CONF_HOA4_NONE, CONF_HOA4_STATIC, CONF_HOA4_DYNAMIC } hoa4_mode;
	struct in_addr hoa4;
	uint8_t hoa4_plen;	/* at home, on the home link (default 32) */
	bool force_udp;
	unsigned int nat_keepalive;	/* s, default 110 */
};

struct conf_ha {
	bool enabled;
	char home_link[IF_NAMESIZE];
	unsigned int n_prefixes;
	struct conf_prefix prefixes[CONF_MAX_PREFIXES];
	unsigned int max_bindings;	/* default 1024 */
	unsigned int max_flow_bindings;	/* per mobile node (RFC 6089),
					 * default 16, 0..FB_MAX; 0: each
					 * refused (128) */
	unsigned int max_lifetime;	/* s, default 3600 */
	int preference;			/* HA preference, default 0 */
	bool dad;			/* default true */
	bool home_binding;		/* RFC 5648 5.6: home bindings
					 * accepted (this node is the home
					 * link's only router), default no */
	bool dad_optimistic;		/* accept at once, probe behind
					 * (RFC 4429); default true */
	bool auth;			/* default true */
	struct conf_ike ike;		/* for its security ikev2 associations */
	unsigned int replay_window;	/* s, default 7 (RFC 4285 6) */
	unsigned int refresh_advice;	/* s, Binding Refresh Advice in
					 * BAs (6.2.4); 0 (default): none */
	/*
	 * DSMIPv6 (RFC 5555 4.5): the home agent's IPv4 address (its UDP
	 * socket, port 4191, and the outer source toward IPv4 care-of
	 * addresses); the IPv4 home prefix the associations' IPv4 home
	 * addresses are in (and dynamic ones come from, 2.5); the refresh
	 * time its NAT Detection options give (3.2.2, default 110 s =
	 * NATKATIMEOUT); UDP encapsulation for every IPv4 care-of address
	 * (the option's F, 3.2.2)
	 */
	bool has_addr4;
	struct in_addr addr4;
	bool has_home4;
	struct in_addr home4;
	uint8_t home4_plen;
	/* the addresses of the IPv4 home prefix given to nodes that ask for
	 * one (0.0.0.0, RFC 5555 2.5) and have none of their own, lo..hi */
	bool has_pool4;
	struct in_addr pool4_lo, pool4_hi;
	unsigned int nat_keepalive;
	bool force_udp;
	unsigned int n_sa;
	struct conf_sa *sa;		/* malloc'ed array, conf_free() */
};

/*
 * DHCPv6 prefix delegation to mobile routers (RFC 6276): on a home
 * agent, the relay in front of the delegating server; on a mobile
 * router, the relay co-located with its DHCPv6 client (3.1).
 */
struct conf_pd {
	bool enabled;
	bool has_server;
	struct in6_addr server;		/* home agent: the server's address */
	char client_link[IF_NAMESIZE];	/* mobile router: the link its
					 * client sends on ("" on a home
					 * agent) */
};

/* The correspondent node role (RFC 6275 9). */
struct conf_cn {
	bool enabled;
	unsigned int max_lifetime;	/* s, default 420 = MAX_RR_BINDING_LIFETIME (RFC 6275 12), range 4..420 */
	unsigned int max_bindings;	/* default 16384, 1..1000000; full: the
					 * entry expiring first gives way (9.6) */
	unsigned int max_deleted;	/* deleted bindings whose sequence number
					 * is kept (5.2.8), default 16384,
					 * 16..1000000; full: the oldest goes */
};

struct ipmobd_conf {
	int log_level;			/* syslog priority, default LOG_INFO */
	char device[IF_NAMESIZE];	/* ipmob device, default "mob0" */
	/* messages to unauthenticated peers: per second, at once (200, 100) */
	unsigned int reply_rate, reply_burst;
	/* log lines a peer can cause: per second, at once (20, 100) */
	unsigned int peer_log_rate, peer_log_burst;
	/* charon's VICI socket (security ikev2), default /run/charon.vici */
	char vici_socket[108];
	struct conf_mn mn;
	struct conf_ha ha;
	struct conf_cn cn;
	struct conf_pd pd;
};

/* ---- the schema: the core's sections and one per role ---- */

/*
 * The parser's state (conf.c); a section's parse and check functions get
 * it and use the conf_*() helpers below, so that every message has the
 * same form and names file:line.
 */
struct conf_parser;

enum conf_type {
	CONF_T_UINT,	/* unsigned int at off: min..max, unit, note */
	CONF_T_BOOL,	/* bool at off: the words yes and no */
	CONF_T_IFNAME,	/* char[IF_NAMESIZE] at off: an interface name */
	CONF_T_FN,	/* parse() does it */
};

#define CONF_F_REPEAT	0x1	/* may be given more than once */
#define CONF_F_WORDS	0x2	/* takes more words than its value */

/**
 * struct conf_keydef - one key of a section
 * @name: the key as written
 * @type: how its value is read
 * @flags: CONF_F_*
 * @off: CONF_T_UINT, CONF_T_BOOL, CONF_T_IFNAME: offset of the value in
 *	struct ipmobd_conf (CONF_OFF())
 * @min: CONF_T_UINT: smallest value
 * @max: CONF_T_UINT: largest value
 * @unit: CONF_T_UINT: after the range in messages (" ms")
 * @note: CONF_T_UINT: after that ("; 0..255 are reserved, RFC 4285")
 * @yes: CONF_T_BOOL: the word for true
 * @no: CONF_T_BOOL: the word for false
 * @same: another key of the section this one excludes, sharing its
 *	duplicate check ("key" for "key-file"), or NULL
 * @dup: what a duplicate is said to repeat ("a key"), or NULL: the key
 * @parse: CONF_T_FN: reads argv[1..argc-1] (argc >= 2, argv[1] not
 *	empty; more words only with CONF_F_WORDS); 0 or a conf_fail()
 */
struct conf_keydef {
	const char *name;
	enum conf_type type;
	unsigned int flags;
	size_t off;
	uint64_t min, max;
	const char *unit, *note;
	const char *yes, *no;
	const char *same, *dup;
	int (*parse)(struct conf_parser *p, int argc, char **argv);
};

/**
 * struct conf_section - a section of the file: a role's, or the core's
 * @name: between the brackets ("home-agent")
 * @keys: its keys
 * @n_keys: how many (at most CONF_MAX_KEYS)
 * @enabled_off: CONF_OFF() of the bool its header sets (the role's
 *	enabled flag)
 * @check: what only the whole file can tell (required keys, keys that
 *	must agree), called once if the section is present; or NULL
 */
struct conf_section {
	const char *name;
	const struct conf_keydef *keys;
	unsigned int n_keys;
	size_t enabled_off;
	int (*check)(struct conf_parser *p);
	bool companion;		/* it serves another role's section and
				 * is not a role of its own */
};

#define CONF_OFF(field)		offsetof(struct ipmobd_conf, field)
#define CONF_MAX_KEYS		48
#define CONF_MAX_SECTIONS	8

/*
 * The roles' sections, in the order the manual and the messages name
 * them, NULL-terminated (conf_roles.c). Each is also its role's
 * role_ops.conf; the parser needs only these, not the roles' code.
 */
extern const struct conf_section *const conf_role_sections[];
/* the roles' sections (roles/) */
extern const struct conf_section mn_conf_section;
extern const struct conf_section ha_conf_section;
extern const struct conf_section cn_conf_section;
extern const struct conf_section pd_conf_section;

/* The configuration being read. */
struct ipmobd_conf *conf_data(struct conf_parser *p);
/*
 * The selector words of flow @flow (an "ipmob flow add" selector, and a
 * protocol's name alone for "proto NAME") in argv[0..argc), up to the
 * word @stop: how many words were read, or -1 after conf_fail().
 */
int conf_value_flow_sel(struct conf_parser *p, const char *flow,
			const char *stop, int argc, char **argv,
			struct ipmob_flow *sel);
/* "PATH:LINE: reason" for the current line; returns -1. */
int conf_fail(struct conf_parser *p, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* The same for another line (where a key came). */
int conf_fail_at(struct conf_parser *p, unsigned long line,
		 const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* "PATH: reason"; returns -1. */
int conf_fail_file(struct conf_parser *p, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* The line key first came on in section s, 0 if it did not. */
unsigned long conf_seen(const struct conf_parser *p,
			const struct conf_section *s, const char *key);
/* Value readers for parse functions: 0, or -1 after conf_fail(). */
int conf_value_uint(struct conf_parser *p, const char *key, const char *s,
		    uint64_t min, uint64_t max, const char *unit,
		    const char *note, unsigned int *out);
int conf_value_int(struct conf_parser *p, const char *key, const char *s,
		   int min, int max, int *out);
/* a global unicast IPv6 address */
int conf_value_addr(struct conf_parser *p, const char *key, const char *s,
		    struct in6_addr *out);
/*
 * ADDR/PLEN: a prefix without host bits (is_prefix) or an address with
 * a host part; opt_plen: a bare ADDR is ADDR/128.
 */
int conf_value_prefix(struct conf_parser *p, const char *key,
		      const char *s, bool is_prefix, bool opt_plen,
		      struct in6_addr *out, uint8_t *plen);
/* a unicast IPv4 address (not 0/8, 127/8, multicast, 255.255.255.255) */
int conf_value_addr4(struct conf_parser *p, const char *key, const char *s,
		     struct in_addr *out);
/* A.B.C.D/PLEN, PLEN 1..32, no host bits */
int conf_value_prefix4(struct conf_parser *p, const char *key, const char *s,
		       struct in_addr *out, uint8_t *plen);
int conf_value_ifname(struct conf_parser *p, const char *key,
		      const char *s, char *out);
int conf_value_nai(struct conf_parser *p, const char *key, const char *s,
		   char *out);
/* "key HEX" or "key-file PATH" (by key), into out; never echoes it */
int conf_value_key(struct conf_parser *p, const char *key, const char *s,
		   struct conf_key *out);

void conf_defaults(struct ipmobd_conf *c);
void conf_free(struct ipmobd_conf *c);

/*
 * Parse a configuration file. path labels the messages and anchors
 * relative key-file paths. Returns 0, or -1 with "PATH:LINE: reason"
 * (or "PATH: reason") in err; on failure *c holds nothing to free.
 */
int conf_parse(FILE *f, const char *path, struct ipmobd_conf *c,
	       char *err, size_t errlen);

/*
 * The same on the len bytes of text (which need not be terminated and
 * may hold NUL bytes, refused as in a file); path only labels the
 * messages and anchors relative key-file paths.
 */
int conf_parse_buf(const char *text, size_t len, const char *path,
		   struct ipmobd_conf *c, char *err, size_t errlen);

/* Whether @a is one of the home addresses @sa lists. */
bool conf_sa_owns(const struct conf_sa *sa, const struct in6_addr *a);
/*
 * Read a PEM file for key @key (relative to the configuration file's
 * directory; secret: a private key, only its owner may access it) into
 * @out. 0, or -1 with the error given.
 */
int conf_value_pem(struct conf_parser *p, const char *key, const char *name,
		   bool secret, struct conf_pem *out);
void conf_pem_free(struct conf_pem *pem);
/* ike-identity, ike-peer-identity, ike-certificate, ike-private-key,
 * ike-ca-certificate into @ike */
int conf_ike_key(struct conf_parser *p, const char *key, const char *val,
		 struct conf_ike *ike);
/* the certificate, its key and the CA's: all three or none */
int conf_ike_check(struct conf_parser *p, const struct conf_ike *ike,
		   const char *sect);
/* The IPsec (security ipsec or ikev2) association owning home address @hoa. */
const struct conf_sa *conf_find_sa_ipsec(const struct conf_ha *ha,
					 const struct in6_addr *hoa);
/* The security association of a NAI (len bytes), or NULL. */
const struct conf_sa *conf_find_sa(const struct conf_ha *ha,
				   const uint8_t *nai, size_t len);

/* Roles, for logs: "mobile-node home-agent correspondent", or "none". */
const char *conf_roles(const struct ipmobd_conf *c, char *buf, size_t len);
const char *log_level_name(int level);

#endif /* IPMOB_CONF_H */
