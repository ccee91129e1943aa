// SPDX-License-Identifier: GPL-2.0
/*
 * cli_binding.c - "ipmob binding": argv -> struct binding_args ->
 * request message (pure functions), the show/dump output, and the
 * batch packing of "binding add" lines.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <libmnl/libmnl.h>

#include "cli.h"
#include "names.h"
#include "print.h"

void usage_binding(FILE *f)
{
	fprintf(f,
		"Usage: ipmob binding { add | change } hoa ADDR[/LEN] COA [ COA ]... [ mode { tunnel | ro } ]\n"
		"                       [ role ROLE ] [ peer ADDR ]... [ local ADDR ]... [ lifetime { SECS | forever } ]\n"
		"                       [ iif IFACE ] [ instance N ] [ proxy IFACE [ proxy-router { on | off } ] ]\n"
		"                       dev NAME\n"
		"       ipmob binding del hoa ADDR[/LEN] [ peer ADDR ]... [ mode { tunnel | ro } ] [ iif IFACE ] dev NAME\n"
		"       ipmob binding show [ hoa ADDR[/LEN] [ peer ADDR ]... [ mode { tunnel | ro } ] ] [ iif IFACE ]\n"
		"                          [ instance N ] [ dev NAME ]\n"
		"       ipmob binding flush [ dev NAME ]\n"
		"       ipmob binding help\n"
		"COA := coa ADDR [ bid BID ] [ prio PRIO ] [ encap ENCAP ]\n"
		"                  (at most %d; BID 1-65535, 0 = none; PRIO 0-255; several COAs need distinct BIDs)\n"
		"ENCAP := { ip6ip6 | ipip | ip4ip6 | ip6ip4 }   (IP in IP: inner = home address family,\n"
		"                                               outer = care-of address family)\n"
		"         | minenc                              (minimal encapsulation, IPv4 in IPv4, RFC 2004)\n"
		"         | gre [ key KEY | okey KEY | ikey KEY ]... (GRE, RFC 2784; keys RFC 2890: okey sent,\n"
		"                                               ikey expected, key both; KEY 0-4294967295;\n"
		"                                               needs a collect_md GRE device: type gre external)\n"
		"         | udp [ port PORT ] [ learn { on | off } ] [ header HDR ]\n"
		"                                              (UDP, RFC 5555 4.1, RFC 5844 7.1, either family over\n"
		"                                               either; PORT 1-65535, the home agent's, needed with\n"
		"                                               a peer; none at a binding cache entry: learnt;\n"
		"                                               learn on: PORT first, the NAT's later mappings\n"
		"                                               learnt (binding cache entry only);\n"
		"                                               needs the UDP socket: ipmob udp listen)\n"
		"HDR := { none | mip4 | tlv [ key KEY | okey KEY | ikey KEY ]... }\n"
		"        (after UDP: none, the inner packet; mip4, RFC 3519 3.3 tunnel data header;\n"
		"         tlv, RFC 5845 7.2 TLV header and GRE with the keys, RFC 5845 7.1)\n"
		"ROLE := { ha | cn | mn | lma | mag | fa | map | par | nar | anchor }\n"
		"        (mn: a peer; mag, fa: a peer and mode tunnel; cn: no peer and mode ro;\n"
		"         the others: no peer and mode tunnel; none: implied by peer and mode)\n"
		"ADDR := IPv6 or IPv4 address; LEN 1-128 (IPv6), 1-32 (IPv4); peer and local at most once\n"
		"        per family (IPv6 for IPv6 care-of addresses, IPv4 for IPv4 ones); mode ro is IPv6 only\n"
		"IFACE := interface name or index: the session matches packets that came in on it (part of\n"
		"         the key; not with mode ro; goes away with the interface)\n",
		IPMOB_MAX_COA);
}

static const struct {
	const char *word;
	enum binding_op op;
} binding_ops[] = {
	{ "add", BOP_ADD },
	{ "change", BOP_CHANGE },
	{ "delete", BOP_DEL },
	{ "show", BOP_SHOW },
	{ "list", BOP_SHOW },
	{ "flush", BOP_FLUSH },
	{ "help", BOP_HELP },
};

static const char *op_word(enum binding_op op)
{
	switch (op) {
	case BOP_ADD:
		return "add";
	case BOP_CHANGE:
		return "change";
	case BOP_DEL:
		return "del";
	case BOP_SHOW:
		return "show";
	case BOP_FLUSH:
		return "flush";
	case BOP_HELP:
		break;
	}
	return "help";
}

static int parse_op(const char *word, enum binding_op *op)
{
	unsigned int i;

	/* "del" is the documented spelling; "d" would be ambiguous elsewhere. */
	for (i = 0; i < ARRAY_SIZE(binding_ops); i++) {
		if (matches(word, binding_ops[i].word)) {
			*op = binding_ops[i].op;
			return 0;
		}
	}
	return -1;
}

/* Keywords each command accepts. */
enum kw {
	KW_HOA = 1 << 0,
	KW_COA = 1 << 1,
	KW_BID = 1 << 2,
	KW_PRIO = 1 << 3,
	KW_MODE = 1 << 4,
	KW_PEER = 1 << 5,
	KW_LOCAL = 1 << 6,
	KW_LIFETIME = 1 << 7,
	KW_DEV = 1 << 8,
	KW_ENCAP = 1 << 9,
	KW_KEY = 1 << 10,
	KW_OKEY = 1 << 11,
	KW_IKEY = 1 << 12,
	KW_ROLE = 1 << 13,
	KW_PORT = 1 << 14,
	KW_HEADER = 1 << 15,
	KW_IIF = 1 << 16,
	KW_INSTANCE = 1 << 17,
	KW_PROXY = 1 << 18,
	KW_PROXY_ROUTER = 1 << 19,
	KW_LEARN = 1 << 20,
};

static const struct {
	const char *word;
	enum kw kw;
} keywords[] = {
	{ "hoa", KW_HOA },
	{ "coa", KW_COA },
	{ "bid", KW_BID },
	{ "prio", KW_PRIO },
	{ "encap", KW_ENCAP },
	{ "key", KW_KEY },
	{ "okey", KW_OKEY },
	{ "ikey", KW_IKEY },
	{ "port", KW_PORT },
	{ "header", KW_HEADER },
	{ "learn", KW_LEARN },
	{ "mode", KW_MODE },
	{ "role", KW_ROLE },
	{ "peer", KW_PEER },
	{ "local", KW_LOCAL },
	{ "lifetime", KW_LIFETIME },
	{ "dev", KW_DEV },
	{ "iif", KW_IIF },
	{ "instance", KW_INSTANCE },
	{ "proxy", KW_PROXY },
	{ "proxy-router", KW_PROXY_ROUTER },
};

static int proxy_arg(const char *val, struct ipmob_binding *b, char *name,
		     char *err, size_t errlen);

/* Per care-of record keywords: they repeat, once per record. */
#define KW_GRE_KEYS	(KW_KEY | KW_OKEY | KW_IKEY)
#define KW_RECORD	(KW_COA | KW_BID | KW_PRIO | KW_ENCAP | KW_GRE_KEYS | \
			 KW_PORT | KW_HEADER | KW_LEARN)
/* Once per address family. */
#define KW_PER_FAMILY	(KW_PEER | KW_LOCAL)

static unsigned int op_keywords(enum binding_op op)
{
	switch (op) {
	case BOP_ADD:
	case BOP_CHANGE:
		return KW_HOA | KW_COA | KW_BID | KW_PRIO | KW_ENCAP |
		       KW_GRE_KEYS | KW_PORT | KW_HEADER | KW_MODE | KW_ROLE |
		       KW_PEER | KW_LOCAL | KW_LIFETIME | KW_DEV | KW_IIF |
		       KW_INSTANCE | KW_PROXY | KW_PROXY_ROUTER | KW_LEARN;
	case BOP_DEL:
		/* mode tells a tunnel binding from a RO one with the same peer */
		return KW_HOA | KW_PEER | KW_MODE | KW_DEV | KW_IIF;
	case BOP_SHOW:
		/* "instance" filters, as "dev" and "iif" do */
		return KW_HOA | KW_PEER | KW_MODE | KW_DEV | KW_IIF |
		       KW_INSTANCE;
	case BOP_FLUSH:
		return KW_DEV;
	case BOP_HELP:
		break;
	}
	return 0;
}

/* "encap" names, indexed by enum cli_encap. */
static const char *const encap_names[] = {
	[CLI_ENCAP_IP6IP6] = "ip6ip6",
	[CLI_ENCAP_IPIP] = "ipip",
	[CLI_ENCAP_IP4IP6] = "ip4ip6",
	[CLI_ENCAP_IP6IP4] = "ip6ip4",
	[CLI_ENCAP_MINENC] = "minenc",
	[CLI_ENCAP_GRE] = "gre",
	[CLI_ENCAP_UDP] = "udp",
	[CLI_ENCAP_HOME] = "home",
};

/*
 * A unicast address usable for a binding (the kernel's rule): valid
 * IPv6, not "::", not multicast, not loopback, not IPv4-mapped.
 */
static int parse_addr(const char *s, const char *what, struct in6_addr *out,
		      char *err, size_t errlen)
{
	if (parse_in6(s, out) < 0) {
		errf(err, errlen, "invalid %s address \"%s\"", what, s);
		return -1;
	}
	if (IN6_IS_ADDR_UNSPECIFIED(out)) {
		errf(err, errlen,
		     "invalid %s address \"%s\" (unspecified address)", what,
		     s);
		return -1;
	}
	if (IN6_IS_ADDR_MULTICAST(out)) {
		errf(err, errlen,
		     "invalid %s address \"%s\" (multicast address)", what, s);
		return -1;
	}
	if (IN6_IS_ADDR_LOOPBACK(out)) {
		errf(err, errlen,
		     "invalid %s address \"%s\" (loopback address)", what, s);
		return -1;
	}
	if (IN6_IS_ADDR_V4MAPPED(out)) {
		errf(err, errlen,
		     "invalid %s address \"%s\" (IPv4-mapped address)", what,
		     s);
		return -1;
	}
	return 0;
}

/*
 * The same for IPv4: dotted quad, not 0.0.0.0, not multicast
 * (224.0.0.0/4), not loopback (127.0.0.0/8), not 255.255.255.255.
 */
static int parse_addr4(const char *s, const char *what, struct in_addr *out,
		       char *err, size_t errlen)
{
	const char *why = NULL;
	uint32_t h;

	if (parse_in4(s, out) < 0) {
		errf(err, errlen, "invalid %s address \"%s\"", what, s);
		return -1;
	}
	h = ntohl(out->s_addr);
	if (h == 0)
		why = "unspecified address";
	else if ((h >> 28) == 0xe)
		why = "multicast address";
	else if ((h >> 24) == 127)
		why = "loopback address";
	else if (h == UINT32_MAX)
		why = "broadcast address";
	if (why) {
		errf(err, errlen, "invalid %s address \"%s\" (%s)", what, s,
		     why);
		return -1;
	}
	return 0;
}

/* An address of either family: IPv6 if it has a colon, else IPv4. */
static int parse_addr_any(const char *s, const char *what,
			  struct in6_addr *a6, struct in_addr *a4, bool *is4,
			  char *err, size_t errlen)
{
	*is4 = !strchr(s, ':');
	if (*is4)
		return parse_addr4(s, what, a4, err, errlen);
	return parse_addr(s, what, a6, err, errlen);
}

/*
 * "hoa ADDR" or "hoa PREFIX/LEN" (a mobile network prefix, RFC 3963;
 * LEN 1-128, or 1-32 for IPv4): the prefix must have no host bits, as
 * the kernel checks too.
 */
static int parse_hoa(const char *val, struct ipmob_binding *b, char *err,
		     size_t errlen)
{
	char addr[INET6_ADDRSTRLEN + 1];
	const char *slash = strchr(val, '/');
	unsigned long len, max;
	size_t n = slash ? (size_t)(slash - val) : strlen(val);
	struct in6_addr a6;
	struct in_addr a4;
	char *end;
	bool is4;
	unsigned int i;

	if (n >= sizeof(addr)) {
		errf(err, errlen, "invalid home address \"%s\"", val);
		return -1;
	}
	memcpy(addr, val, n);
	addr[n] = '\0';
	if (parse_addr_any(addr, "home", &a6, &a4, &is4, err, errlen) < 0)
		return -1;
	max = len = is4 ? 32 : 128;
	if (slash) {
		errno = 0;
		len = strtoul(slash + 1, &end, 10);
		if (slash[1] < '0' || slash[1] > '9' || *end || errno ||
		    len < 1 || len > max) {
			errf(err, errlen,
			     "invalid prefix length in \"%s\" (1-%lu)", val,
			     max);
			return -1;
		}
	}
	if (is4) {
		if (len < 32 && (ntohl(a4.s_addr) & (UINT32_MAX >> len))) {
			errf(err, errlen,
			     "home prefix \"%s\" has host bits set", val);
			return -1;
		}
		b->hoa4 = a4;
		BA_SET(b, IPMOB_BA_HOA4);
	} else {
		for (i = (unsigned int)len; i < 128; i++) {
			if (a6.s6_addr[i / 8] & (0x80 >> (i % 8))) {
				errf(err, errlen,
				     "home prefix \"%s\" has host bits set",
				     val);
				return -1;
			}
		}
		b->hoa = a6;
		BA_SET(b, IPMOB_BA_HOA);
	}
	if (slash) {
		b->prefix_len = (uint8_t)len;
		BA_SET(b, IPMOB_BA_PREFIX_LEN);
	}
	return 0;
}

/* "peer ADDR" / "local ADDR": once per family. */
static int parse_peer_local(const char *word, const char *val,
			    struct ipmob_binding *b, char *err, size_t errlen)
{
	bool peer = !strcmp(word, "peer"), is4;
	uint16_t a6 = peer ? IPMOB_BA_PEER : IPMOB_BA_LOCAL;
	uint16_t a4 = peer ? IPMOB_BA_PEER4 : IPMOB_BA_LOCAL4;
	struct in6_addr v6;
	struct in_addr v4;

	if (parse_addr_any(val, word, &v6, &v4, &is4, err, errlen) < 0)
		return -1;
	if (BA_HAS(b, is4 ? a4 : a6)) {
		errf(err, errlen,
		     "duplicate \"%s\" (at most one IPv6 and one IPv4 address)",
		     word);
		return -1;
	}
	if (is4) {
		*(peer ? &b->peer4 : &b->local4) = v4;
		BA_SET(b, a4);
	} else {
		*(peer ? &b->peer : &b->local) = v6;
		BA_SET(b, a6);
	}
	return 0;
}

/* "coa ADDR": a new care-of record. */
static struct ipmob_coa *parse_coa(const char *val, struct ipmob_binding *b,
				   char *err, size_t errlen)
{
	struct ipmob_coa *cur;
	struct in6_addr a6;
	struct in_addr a4;
	unsigned int c;
	bool is4;

	if (parse_addr_any(val, "care-of", &a6, &a4, &is4, err, errlen) < 0)
		return NULL;
	if (b->ncoa >= IPMOB_MAX_COA) {
		errf(err, errlen, "too many care-of addresses (at most %d)",
		     IPMOB_MAX_COA);
		return NULL;
	}
	for (c = 0; c < b->ncoa; c++) {
		const struct ipmob_coa *o = &b->coa[c];

		if (is4 ? o->has_addr4 && !memcmp(&o->addr4, &a4, sizeof(a4)) :
			  o->has_addr && !memcmp(&o->addr, &a6, sizeof(a6))) {
			errf(err, errlen, "duplicate care-of address \"%s\"",
			     val);
			return NULL;
		}
	}
	cur = &b->coa[b->ncoa++];
	if (is4) {
		cur->addr4 = a4;
		cur->has_addr4 = true;
	} else {
		cur->addr = a6;
		cur->has_addr = true;
	}
	cur->has_prio = true;	/* default 0 */
	BA_SET(b, IPMOB_BA_COA);
	return cur;
}

/* mode ro (HAO / RH2) exists for IPv6 only. */
static int check_ro(const struct ipmob_binding *b, char *err, size_t errlen)
{
	char txt[INET_ADDRSTRLEN];
	const char *what = NULL;
	const struct in_addr *x = NULL;
	unsigned int i;

	if (!BA_HAS(b, IPMOB_BA_MODE) || b->mode != IPMOB_MODE_RO)
		return 0;
	if (BA_HAS(b, IPMOB_BA_HOA4)) {
		what = "home";
		x = &b->hoa4;
	} else if (BA_HAS(b, IPMOB_BA_PEER4)) {
		what = "peer";
		x = &b->peer4;
	} else if (BA_HAS(b, IPMOB_BA_LOCAL4)) {
		what = "local";
		x = &b->local4;
	}
	for (i = 0; !x && i < b->ncoa; i++) {
		if (b->coa[i].has_addr4) {
			what = "care-of";
			x = &b->coa[i].addr4;
		}
	}
	if (!x)
		return 0;
	errf(err, errlen,
	     "mode ro is IPv6 only, not for the IPv4 %s address \"%s\"", what,
	     in4_str(x, txt));
	return -1;
}

/*
 * The words that name a session, those of "binding del" but "dev":
 * hoa ADDR[/LEN], peer ADDR (once per family), mode { tunnel | ro }.
 */
int binding_key_arg(const char *word, const char *val, struct ipmob_binding *b,
		    char *err, size_t errlen)
{
	if (!strcmp(word, "hoa")) {
		if (BA_HAS(b, IPMOB_BA_HOA) || BA_HAS(b, IPMOB_BA_HOA4)) {
			errf(err, errlen, "duplicate \"%s\"", word);
			return -1;
		}
		return parse_hoa(val, b, err, errlen) < 0 ? -1 : 1;
	}
	if (!strcmp(word, "peer"))
		return parse_peer_local(word, val, b, err, errlen) < 0 ? -1 : 1;
	if (!strcmp(word, "mode")) {
		if (BA_HAS(b, IPMOB_BA_MODE)) {
			errf(err, errlen, "duplicate \"%s\"", word);
			return -1;
		}
		if (!strcmp(val, "tunnel")) {
			b->mode = IPMOB_MODE_TUNNEL;
		} else if (!strcmp(val, "ro")) {
			b->mode = IPMOB_MODE_RO;
		} else {
			errf(err, errlen,
			     "invalid mode \"%s\" (expected \"tunnel\" or \"ro\")",
			     val);
			return -1;
		}
		BA_SET(b, IPMOB_BA_MODE);
		return 1;
	}
	return 0;
}

int binding_key_check(const struct ipmob_binding *b, char *err, size_t errlen)
{
	return check_ro(b, err, errlen);
}

/* RFC 5648: several care-of addresses, one BID each (record @i, c). */
static int need_bid(const struct ipmob_binding *b, const struct ipmob_coa *c,
		    unsigned int i, char *err, size_t errlen)
{
	if (b->ncoa > 1 && !c->has_bid) {
		errf(err, errlen,
		     "care-of address %u needs a \"bid\" (several care-of addresses need distinct bids)",
		     i + 1);
		return -1;
	}
	return 0;
}

/*
 * The care-of records of "add" / "change" against the home address,
 * the peers and what "encap" asked for.
 */
static int check_coas(const struct binding_args *a, char *err, size_t errlen)
{
	const struct ipmob_binding *b = &a->b;
	bool mn = binding_kind(b) != BINDING_KIND_CACHE;
	bool hoa4 = binding_hoa_is4(b);
	unsigned int i;

	for (i = 0; i < b->ncoa; i++) {
		const struct ipmob_coa *c = &b->coa[i];
		char txt[INET6_ADDRSTRLEN], pfx[INET6_ADDRSTRLEN];
		bool coa4 = coa_is4(c);
		enum cli_encap want;

		/*
		 * RFC 5648 5.6.3: a home record's address is the (IPv6)
		 * home address, of a session of one address, in mode tunnel
		 */
		if (a->encap[i] == CLI_ENCAP_HOME) {
			if (coa4 || hoa4 || !BA_HAS(b, IPMOB_BA_HOA) ||
			    binding_prefix_len(b) != 128 ||
			    memcmp(&c->addr, &b->hoa, sizeof(b->hoa))) {
				errf(err, errlen,
				     "encap home needs the IPv6 home address as its care-of address (care-of address %u)",
				     i + 1);
				return -1;
			}
			if (BA_HAS(b, IPMOB_BA_MODE) &&
			    b->mode == IPMOB_MODE_RO) {
				errf(err, errlen, "encap home needs mode tunnel");
				return -1;
			}
			if (c->has_udp_hdr || c->has_okey || c->has_ikey ||
			    c->has_port || c->learn) {
				errf(err, errlen,
				     "encap home takes no key, port or header (care-of address %u)",
				     i + 1);
				return -1;
			}
			if (need_bid(b, c, i, err, errlen) < 0)
				return -1;
			continue;
		}
		if (!coa4 && BA_HAS(b, IPMOB_BA_HOA) &&
		    !memcmp(&c->addr, &b->hoa, sizeof(b->hoa))) {
			errf(err, errlen,
			     "care-of address \"%s\" equals the home address",
			     in6_str(&b->hoa, txt));
			return -1;
		}
		if (coa4 && hoa4 &&
		    in4_in_prefix(&c->addr4, &b->hoa4,
				  binding_prefix_len(b))) {
			if (binding_prefix_len(b) == 32)
				errf(err, errlen,
				     "care-of address \"%s\" equals the home address",
				     in4_str(&c->addr4, txt));
			else
				errf(err, errlen,
				     "care-of address \"%s\" is inside the home prefix \"%s/%u\"",
				     in4_str(&c->addr4, txt),
				     in4_str(&b->hoa4, pfx),
				     binding_prefix_len(b));
			return -1;
		}
		/* a mobile node reaches the home agent in the care-of family */
		if (mn && coa4 && !BA_HAS(b, IPMOB_BA_PEER4)) {
			errf(err, errlen,
			     "IPv4 care-of address \"%s\" needs an IPv4 \"peer\"",
			     in4_str(&c->addr4, txt));
			return -1;
		}
		if (mn && !coa4 && !BA_HAS(b, IPMOB_BA_PEER)) {
			errf(err, errlen,
			     "IPv6 care-of address \"%s\" needs an IPv6 \"peer\"",
			     in6_str(&c->addr, txt));
			return -1;
		}
		want = hoa4 ? (coa4 ? CLI_ENCAP_IPIP : CLI_ENCAP_IP4IP6) :
			      (coa4 ? CLI_ENCAP_IP6IP4 : CLI_ENCAP_IP6IP6);
		/* RFC 2004 rewrites the original IPv4 header */
		if (a->encap[i] == CLI_ENCAP_MINENC && want == CLI_ENCAP_IPIP)
			want = CLI_ENCAP_MINENC;
		/* GRE and UDP carry either family over either */
		if (a->encap[i] == CLI_ENCAP_GRE ||
		    a->encap[i] == CLI_ENCAP_UDP)
			want = a->encap[i];
		if (c->has_udp_hdr && a->encap[i] != CLI_ENCAP_UDP) {
			errf(err, errlen,
			     "a header needs \"encap udp\" (care-of address %u)",
			     i + 1);
			return -1;
		}
		/* RFC 5845 7.1: GRE over UDP goes after the TLV header */
		if ((c->has_okey || c->has_ikey) &&
		    a->encap[i] != CLI_ENCAP_GRE &&
		    !(a->encap[i] == CLI_ENCAP_UDP && c->has_udp_hdr &&
		      c->udp_hdr == IPMOB_UDP_HDR_TLV)) {
			errf(err, errlen,
			     "a GRE key needs \"encap gre\" or \"encap udp header tlv\" (care-of address %u)",
			     i + 1);
			return -1;
		}
		if (c->has_port && a->encap[i] != CLI_ENCAP_UDP) {
			errf(err, errlen,
			     "a port needs \"encap udp\" (care-of address %u)",
			     i + 1);
			return -1;
		}
		/* RFC 5555 4.1: the NAT's mappings, at a binding cache entry */
		if (c->learn && (a->encap[i] != CLI_ENCAP_UDP || mn)) {
			errf(err, errlen,
			     "learn needs \"encap udp\" at a binding cache entry (care-of address %u)",
			     i + 1);
			return -1;
		}
		/* the kernel sends to a mobile node's home agent's port */
		if (a->encap[i] == CLI_ENCAP_UDP && mn && !c->has_port) {
			errf(err, errlen,
			     "encap udp needs the home agent's port at a mobile node (port PORT)");
			return -1;
		}
		if ((a->encap[i] == CLI_ENCAP_GRE ||
		     a->encap[i] == CLI_ENCAP_MINENC ||
		     a->encap[i] == CLI_ENCAP_UDP) &&
		    BA_HAS(b, IPMOB_BA_MODE) && b->mode == IPMOB_MODE_RO) {
			errf(err, errlen, "encap %s needs mode tunnel",
			     encap_names[a->encap[i]]);
			return -1;
		}
		if (a->encap[i] && a->encap[i] != want) {
			const char *n = encap_names[a->encap[i]];
			bool in4 = a->encap[i] == CLI_ENCAP_IPIP ||
				   a->encap[i] == CLI_ENCAP_IP4IP6 ||
				   a->encap[i] == CLI_ENCAP_MINENC;
			bool out4 = a->encap[i] == CLI_ENCAP_IPIP ||
				    a->encap[i] == CLI_ENCAP_IP6IP4 ||
				    a->encap[i] == CLI_ENCAP_MINENC;

			errf(err, errlen,
			     "encap %s needs an IPv%c home address and an IPv%c care-of address",
			     n, in4 ? '4' : '6', out4 ? '4' : '6');
			return -1;
		}
		if (need_bid(b, c, i, err, errlen) < 0)
			return -1;
	}
	return 0;
}

/*
 * "role" against the peer and the mode, as the kernel checks it
 * (ipmob_parse_role): mn names its peer; mag and fa tunnel to theirs;
 * cn has no peer and is in mode ro; the others have no peer and are in
 * mode tunnel. b->mode is filled in.
 */
static int check_role(const struct ipmob_binding *b, char *err,
		      size_t errlen)
{
	bool peer = binding_kind(b) != BINDING_KIND_CACHE;
	bool ro = b->mode == IPMOB_MODE_RO;
	const char *name = role_name(b->role);

	if (!BA_HAS(b, IPMOB_BA_ROLE))
		return 0;
	switch (b->role) {
	case IPMOB_ROLE_MN:
		if (peer)
			return 0;
		errf(err, errlen, "role mn needs a \"peer\"");
		return -1;
	case IPMOB_ROLE_MAG:
	case IPMOB_ROLE_FA:
		if (peer && !ro)
			return 0;
		errf(err, errlen, "role %s needs a \"peer\" and mode tunnel",
		     name);
		return -1;
	case IPMOB_ROLE_CN:
		if (!peer && ro)
			return 0;
		errf(err, errlen, "role cn needs no \"peer\" and mode ro");
		return -1;
	default:
		if (!peer && !ro)
			return 0;
		errf(err, errlen, "role %s needs no \"peer\" and mode tunnel",
		     name);
		return -1;
	}
}

int binding_args_parse(int argc, char **argv, struct binding_args *a,
		       char *err, size_t errlen)
{
	struct ipmob_binding *b = &a->b;
	struct ipmob_coa *cur = NULL;
	unsigned int seen = 0, allowed, k;
	bool bid_seen = false, prio_seen = false;
	uint64_t v;
	int i, r;

	memset(a, 0, sizeof(*a));
	if (argc < 1) {
		a->op = BOP_SHOW;
		return 0;
	}
	if (parse_op(argv[0], &a->op) < 0) {
		errf(err, errlen, "unknown command \"%s\" for \"binding\" (try \"ipmob binding help\")",
		     argv[0]);
		return -1;
	}
	if (a->op == BOP_HELP) {
		if (argc > 1) {
			errf(err, errlen, "unexpected argument \"%s\" after \"help\"",
			     argv[1]);
			return -1;
		}
		return 0;
	}
	allowed = op_keywords(a->op);

	for (i = 1; i < argc; i++) {
		const char *word = argv[i], *val;
		enum kw kw = 0;

		for (k = 0; k < ARRAY_SIZE(keywords); k++) {
			if (!strcmp(word, keywords[k].word)) {
				kw = keywords[k].kw;
				break;
			}
		}
		if (!kw || !(allowed & kw)) {
			if (kw)
				errf(err, errlen, "keyword \"%s\" is not valid for \"binding %s\"",
				     word, op_word(a->op));
			else
				errf(err, errlen, "unknown keyword \"%s\"",
				     word);
			return -1;
		}
		if (i + 1 >= argc) {
			errf(err, errlen, "missing value for \"%s\"", word);
			return -1;
		}
		val = argv[++i];

		/*
		 * coa, bid, prio and encap repeat (per record), peer and
		 * local once per family; the rest may not.
		 */
		if (!(kw & (KW_RECORD | KW_PER_FAMILY)) && (seen & kw)) {
			errf(err, errlen, "duplicate \"%s\"", word);
			return -1;
		}
		seen |= kw;

		switch (kw) {
		case KW_HOA:
			if (parse_hoa(val, b, err, errlen) < 0)
				return -1;
			break;
		case KW_PEER:
		case KW_LOCAL:
			if (parse_peer_local(word, val, b, err, errlen) < 0)
				return -1;
			break;
		case KW_COA:
			cur = parse_coa(val, b, err, errlen);
			if (!cur)
				return -1;
			bid_seen = prio_seen = false;
			break;
		case KW_ENCAP:
			if (!cur) {
				errf(err, errlen, "\"%s\" must follow a \"coa\"",
				     word);
				return -1;
			}
			if (a->encap[b->ncoa - 1]) {
				errf(err, errlen,
				     "duplicate \"%s\" for care-of address %u",
				     word, b->ncoa);
				return -1;
			}
			for (k = 1; k < ARRAY_SIZE(encap_names); k++)
				if (!strcmp(val, encap_names[k]))
					break;
			if (k >= ARRAY_SIZE(encap_names)) {
				errf(err, errlen,
				     "invalid encap \"%s\" (expected \"ip6ip6\", \"ipip\", \"ip4ip6\", \"ip6ip4\", \"minenc\", \"gre\", \"udp\" or \"home\")",
				     val);
				return -1;
			}
			a->encap[b->ncoa - 1] = (uint8_t)k;
			cur->encap = k == CLI_ENCAP_MINENC ? IPMOB_ENCAP_MINENC :
				     k == CLI_ENCAP_GRE ? IPMOB_ENCAP_GRE :
				     k == CLI_ENCAP_UDP ? IPMOB_ENCAP_UDP :
				     k == CLI_ENCAP_HOME ? IPMOB_ENCAP_HOME :
							  IPMOB_ENCAP_IP;
			cur->has_encap = true;
			break;
		case KW_KEY:
		case KW_OKEY:
		case KW_IKEY:
			if (!cur) {
				errf(err, errlen, "\"%s\" must follow a \"coa\"",
				     word);
				return -1;
			}
			if (((kw & (KW_KEY | KW_OKEY)) && cur->has_okey) ||
			    ((kw & (KW_KEY | KW_IKEY)) && cur->has_ikey)) {
				errf(err, errlen,
				     "duplicate \"%s\" for care-of address %u",
				     word, b->ncoa);
				return -1;
			}
			if (parse_uint(val, UINT32_MAX, &v) < 0) {
				errf(err, errlen,
				     "invalid %s \"%s\" (0-4294967295)", word,
				     val);
				return -1;
			}
			if (kw & (KW_KEY | KW_OKEY)) {
				cur->okey = (uint32_t)v;
				cur->has_okey = true;
			}
			if (kw & (KW_KEY | KW_IKEY)) {
				cur->ikey = (uint32_t)v;
				cur->has_ikey = true;
			}
			break;
		case KW_PORT:
			if (!cur) {
				errf(err, errlen, "\"%s\" must follow a \"coa\"",
				     word);
				return -1;
			}
			if (cur->has_port) {
				errf(err, errlen,
				     "duplicate \"%s\" for care-of address %u",
				     word, b->ncoa);
				return -1;
			}
			if (parse_uint(val, 65535, &v) < 0 || !v) {
				errf(err, errlen, "invalid port \"%s\" (1-65535)",
				     val);
				return -1;
			}
			cur->port = (uint16_t)v;
			cur->has_port = true;
			break;
		case KW_HEADER:
			if (!cur) {
				errf(err, errlen, "\"%s\" must follow a \"coa\"",
				     word);
				return -1;
			}
			if (cur->has_udp_hdr) {
				errf(err, errlen,
				     "duplicate \"%s\" for care-of address %u",
				     word, b->ncoa);
				return -1;
			}
			r = udp_hdr_number(val);
			if (r < 0) {
				errf(err, errlen,
				     "invalid header \"%s\" (expected \"none\", \"mip4\" or \"tlv\")",
				     val);
				return -1;
			}
			cur->udp_hdr = (uint8_t)r;
			cur->has_udp_hdr = true;
			break;
		case KW_LEARN:
			if (!cur) {
				errf(err, errlen, "\"%s\" must follow a \"coa\"",
				     word);
				return -1;
			}
			if (a->learn_seen[b->ncoa - 1]) {
				errf(err, errlen,
				     "duplicate \"%s\" for care-of address %u",
				     word, b->ncoa);
				return -1;
			}
			if (strcmp(val, "on") && strcmp(val, "off")) {
				errf(err, errlen,
				     "invalid learn \"%s\" (expected \"on\" or \"off\")",
				     val);
				return -1;
			}
			a->learn_seen[b->ncoa - 1] = true;
			cur->learn = !strcmp(val, "on");
			break;
		case KW_ROLE:
			r = role_number(val);
			if (r < 0) {
				errf(err, errlen,
				     "invalid role \"%s\" (expected \"ha\", \"cn\", \"mn\", \"lma\", \"mag\", \"fa\", \"map\", \"par\", \"nar\" or \"anchor\")",
				     val);
				return -1;
			}
			b->role = (uint8_t)r;
			BA_SET(b, IPMOB_BA_ROLE);
			break;
		case KW_BID:
		case KW_PRIO: {
			bool is_bid = kw == KW_BID;

			if (!cur) {
				errf(err, errlen, "\"%s\" must follow a \"coa\"",
				     word);
				return -1;
			}
			if (is_bid ? bid_seen : prio_seen) {
				errf(err, errlen,
				     "duplicate \"%s\" for care-of address %u",
				     word, b->ncoa);
				return -1;
			}
			if (parse_uint(val, is_bid ? 65535 : 255, &v) < 0) {
				errf(err, errlen, "invalid %s \"%s\" (0-%u)",
				     word, val, is_bid ? 65535 : 255);
				return -1;
			}
			if (is_bid) {
				unsigned int c;

				bid_seen = true;
				for (c = 0; v && c + 1 < b->ncoa; c++) {
					if (b->coa[c].has_bid &&
					    b->coa[c].bid == v) {
						errf(err, errlen,
						     "duplicate bid %u",
						     (unsigned int)v);
						return -1;
					}
				}
				cur->bid = (uint16_t)v;
				cur->has_bid = v != 0;	/* 0: no BID */
			} else {
				prio_seen = true;
				cur->prio = (uint8_t)v;
			}
			break;
		}
		case KW_MODE:
			if (!strcmp(val, "tunnel")) {
				b->mode = IPMOB_MODE_TUNNEL;
			} else if (!strcmp(val, "ro")) {
				b->mode = IPMOB_MODE_RO;
			} else {
				errf(err, errlen,
				     "invalid mode \"%s\" (expected \"tunnel\" or \"ro\")",
				     val);
				return -1;
			}
			BA_SET(b, IPMOB_BA_MODE);
			break;
		case KW_LIFETIME:
			if (!strcmp(val, "forever")) {
				v = 0;
			} else if (parse_uint(val, UINT32_MAX, &v) < 0) {
				errf(err, errlen,
				     "invalid lifetime \"%s\" (seconds, 0-%u, or \"forever\")",
				     val, UINT32_MAX);
				return -1;
			}
			b->lifetime = (uint32_t)v;
			BA_SET(b, IPMOB_BA_LIFETIME);
			break;
		case KW_DEV:
			if (!ifname_valid(val)) {
				errf(err, errlen, "invalid device name \"%s\"",
				     val);
				return -1;
			}
			snprintf(a->dev, sizeof(a->dev), "%s", val);
			a->has_dev = true;
			break;
		case KW_IIF:
			if (iif_arg(val, b, a->iif, err, errlen) < 0)
				return -1;
			a->has_iif = true;
			break;
		case KW_INSTANCE:
			if (parse_uint(val, UINT32_MAX, &v) < 0) {
				errf(err, errlen,
				     "invalid instance \"%s\" (0-4294967295)",
				     val);
				return -1;
			}
			b->instance = (uint32_t)v;
			BA_SET(b, IPMOB_BA_INSTANCE);
			break;
		case KW_PROXY:
			if (proxy_arg(val, b, a->proxy, err, errlen) < 0)
				return -1;
			a->has_proxy = true;
			break;
		case KW_PROXY_ROUTER:
			if (!strcmp(val, "on")) {
				BA_SET(b, IPMOB_BA_PROXY_ROUTER);
			} else if (strcmp(val, "off")) {
				errf(err, errlen,
				     "invalid proxy-router \"%s\" (expected \"on\" or \"off\")",
				     val);
				return -1;
			}
			break;
		}
	}
	/* RFC 6275 10.4.1: a home agent's proxy, for one IPv6 address */
	if ((seen & KW_PROXY_ROUTER) && !a->has_proxy) {
		errf(err, errlen, "\"proxy-router\" needs \"proxy\"");
		return -1;
	}
	/* RFC 6275 route optimisation keys on the correspondent instead */
	if (a->has_iif && BA_HAS(b, IPMOB_BA_MODE) &&
	    b->mode == IPMOB_MODE_RO) {
		errf(err, errlen, "\"iif\" is not for mode ro");
		return -1;
	}

	switch (a->op) {
	case BOP_ADD:
	case BOP_CHANGE:
		if (!(seen & KW_HOA))
			goto missing_hoa;
		if (!b->ncoa) {
			errf(err, errlen, "missing \"coa\"");
			return -1;
		}
		if (!a->has_dev)
			goto missing_dev;
		if (check_ro(b, err, errlen) < 0 ||
		    check_coas(a, err, errlen) < 0)
			return -1;
		if (!BA_HAS(b, IPMOB_BA_MODE)) {
			b->mode = IPMOB_MODE_TUNNEL;
			BA_SET(b, IPMOB_BA_MODE);
		}
		if (check_role(b, err, errlen) < 0)
			return -1;
		if (!BA_HAS(b, IPMOB_BA_LIFETIME)) {
			b->lifetime = 0;
			BA_SET(b, IPMOB_BA_LIFETIME);
		}
		break;
	case BOP_DEL:
		if (!(seen & KW_HOA))
			goto missing_hoa;
		if (!a->has_dev)
			goto missing_dev;
		if (check_ro(b, err, errlen) < 0)
			return -1;
		break;
	case BOP_SHOW:
		if ((seen & (KW_PEER | KW_MODE)) && !(seen & KW_HOA)) {
			errf(err, errlen, "\"%s\" requires \"hoa\"",
			     (seen & KW_PEER) ? "peer" : "mode");
			return -1;
		}
		if (check_ro(b, err, errlen) < 0)
			return -1;
		break;
	case BOP_FLUSH:
	case BOP_HELP:
		break;
	}
	return 0;

missing_hoa:
	errf(err, errlen, "missing \"hoa\"");
	return -1;
missing_dev:
	errf(err, errlen, "missing \"dev\"");
	return -1;
}

struct nlmsghdr *binding_args_msg(const struct binding_args *a,
				  uint16_t family, uint8_t version,
				  void *buf, size_t buflen)
{
	struct ipmob_binding b = a->b;
	struct nlmsghdr *nlh;
	uint8_t cmd;
	uint16_t flags = 0;
	bool nest = true;

	if (buflen < NLMSG_HDRLEN + GENL_HDRLEN)
		return NULL;
	switch (a->op) {
	case BOP_ADD:
		cmd = IPMOB_CMD_BINDING_NEW;
		break;
	case BOP_CHANGE:
		cmd = IPMOB_CMD_BINDING_SET;
		break;
	case BOP_DEL:
		cmd = IPMOB_CMD_BINDING_DEL;
		break;
	case BOP_SHOW:
		cmd = IPMOB_CMD_BINDING_GET;
		if (!BA_HAS(&a->b, IPMOB_BA_HOA) &&
		    !BA_HAS(&a->b, IPMOB_BA_HOA4)) {
			flags = NLM_F_DUMP;
			nest = false;
		}
		break;
	case BOP_FLUSH:
		cmd = IPMOB_CMD_BINDING_FLUSH;
		nest = false;
		break;
	default:
		return NULL;
	}
	nlh = genl_msg_start(buf, family, cmd, version, flags);
	if (nest) {
		if (a->has_dev) {
			b.ifindex = a->ifindex;
			BA_SET(&b, IPMOB_BA_IFINDEX);
		}
		if (!binding_to_nest(nlh, buflen, IPMOB_A_BINDING, &b))
			return NULL;
	} else if (a->has_dev) {
		if (!mnl_attr_put_u32_check(nlh, buflen, IPMOB_A_IFINDEX,
					    a->ifindex))
			return NULL;
	}
	return nlh;
}

/*
 * An interface argument of keyword kw ("iif", "proxy"): an index at once
 * into *idx (and attribute bit attr of b), or a name into name, resolved
 * later in the CLI's namespace.
 */
static int if_arg(const char *kw, const char *val, struct ipmob_binding *b,
		  uint32_t *idx, unsigned int attr, char *name, char *err,
		  size_t errlen)
{
	uint64_t v;

	if (val[0] >= '0' && val[0] <= '9') {
		if (parse_uint(val, INT32_MAX, &v) < 0 || !v)
			goto bad;
		*idx = (uint32_t)v;
		BA_SET(b, attr);
		return 0;
	}
	if (!ifname_valid(val))
		goto bad;
	snprintf(name, IF_NAMESIZE, "%s", val);
	return 0;
bad:
	errf(err, errlen,
	     "invalid %s \"%s\" (an interface name or index 1-%d)", kw, val,
	     INT32_MAX);
	return -1;
}

int iif_arg(const char *val, struct ipmob_binding *b, char *name,
	    char *err, size_t errlen)
{
	return if_arg("iif", val, b, &b->iif, IPMOB_BA_IIF, name, err, errlen);
}

/* "proxy" IFACE: as "iif" */
static int proxy_arg(const char *val, struct ipmob_binding *b, char *name,
		     char *err, size_t errlen)
{
	return if_arg("proxy", val, b, &b->proxy_if, IPMOB_BA_PROXY_IF, name,
		      err, errlen);
}

int iif_resolve(const char *name, struct ipmob_binding *b, char *err,
		size_t errlen)
{
	unsigned int idx;

	if (!name[0])
		return 0;
	idx = if_nametoindex(name);
	if (!idx) {
		errf(err, errlen, "cannot find interface \"%s\" (iif)", name);
		return -1;
	}
	b->iif = idx;
	BA_SET(b, IPMOB_BA_IIF);
	return 0;
}

int binding_args_resolve_iif(struct binding_args *a, char *err,
			     size_t errlen)
{
	unsigned int idx;

	if (a->has_iif && iif_resolve(a->iif, &a->b, err, errlen) < 0)
		return -1;
	if (!a->has_proxy || !a->proxy[0])
		return 0;
	idx = if_nametoindex(a->proxy);
	if (!idx) {
		errf(err, errlen, "cannot find interface \"%s\" (proxy)",
		     a->proxy);
		return -1;
	}
	a->b.proxy_if = idx;
	BA_SET(&a->b, IPMOB_BA_PROXY_IF);
	return 0;
}

bool is_binding_add(int argc, char **argv)
{
	enum binding_op op;

	return argc >= 2 && matches(argv[0], "binding") &&
	       parse_op(argv[1], &op) == 0 && op == BOP_ADD;
}

/* ---------------------------------------------------------------- */
/* Output                                                           */

/*
 * JSON fields of a binding. "hoa" and each care-of record's "addr" are
 * of either family; "peer" and "local" are the IPv6 ones, "peer4" and
 * "local4" the IPv4 ones (a binding may have both). Each care-of record
 * has "encap", the name binding_encap_name() gives (or the number of an
 * unknown IPMOB_CA_ENCAP).
 */
const struct ipmob_binding *with_iif_name(const struct ipmob_binding *b,
					  struct ipmob_binding *out)
{
	char name[IF_NAMESIZE + 8];

	if (!BA_HAS(b, IPMOB_BA_IIF) && !BA_HAS(b, IPMOB_BA_PROXY_IF))
		return b;
	*out = *b;
	if (BA_HAS(b, IPMOB_BA_IIF))
		snprintf(out->iif_name, sizeof(out->iif_name), "%s",
			 ifindex_name(b->iif, name));
	if (BA_HAS(b, IPMOB_BA_PROXY_IF))
		snprintf(out->proxy_name, sizeof(out->proxy_name), "%s",
			 ifindex_name(b->proxy_if, name));
	return out;
}

void binding_json_fields(struct json *j, const struct ipmob_binding *b)
{
	struct printer pr = printer_json(j);
	char dev[IF_NAMESIZE + 8];
	struct ipmob_binding named;

	b = with_iif_name(b, &named);
	binding_print(&pr, b, BA_HAS(b, IPMOB_BA_IFINDEX) ?
		      ifindex_name(b->ifindex, dev) : NULL);
}

void binding_print_plain(struct cli_ctx *ctx, const char *prefix,
			 const struct ipmob_binding *b)
{
	char line[2048], dev[IF_NAMESIZE + 8];
	struct ipmob_binding named;
	const char *d = NULL;

	b = with_iif_name(b, &named);
	if (BA_HAS(b, IPMOB_BA_IFINDEX))
		d = ifindex_name(b->ifindex, dev);
	binding_format(line, sizeof(line), b, d);
	fprintf(ctx->out, "%s%s\n", prefix ? prefix : "", line);
}

struct show_state {
	struct cli_ctx *ctx;
	struct json j;
	const struct binding_args *a;
	unsigned long count;
};

static bool show_match(const struct show_state *s,
		       const struct ipmob_binding *b)
{
	const struct binding_args *a = s->a;
	const struct ipmob_binding *f = &a->b;

	/* The kernel filters too; this keeps output right if it did not. */
	if (a->has_dev && BA_HAS(b, IPMOB_BA_IFINDEX) &&
	    b->ifindex != a->ifindex)
		return false;
	/* a key names its interface or none: "iif" filters a dump */
	if (a->has_iif && binding_iif(b) != binding_iif(f))
		return false;
	/* absent in the kernel's message: 0, none */
	if (BA_HAS(f, IPMOB_BA_INSTANCE) &&
	    (BA_HAS(b, IPMOB_BA_INSTANCE) ? b->instance : 0) != f->instance)
		return false;
	if (BA_HAS(f, IPMOB_BA_HOA) &&
	    (!BA_HAS(b, IPMOB_BA_HOA) ||
	     memcmp(&b->hoa, &f->hoa, sizeof(b->hoa))))
		return false;
	if (BA_HAS(f, IPMOB_BA_HOA4) &&
	    (!BA_HAS(b, IPMOB_BA_HOA4) ||
	     memcmp(&b->hoa4, &f->hoa4, sizeof(b->hoa4))))
		return false;
	if ((BA_HAS(f, IPMOB_BA_HOA) || BA_HAS(f, IPMOB_BA_HOA4)) &&
	    binding_prefix_len(b) != binding_prefix_len(f))
		return false;
	if (BA_HAS(f, IPMOB_BA_PEER) &&
	    (!BA_HAS(b, IPMOB_BA_PEER) ||
	     memcmp(&b->peer, &f->peer, sizeof(b->peer))))
		return false;
	if (BA_HAS(f, IPMOB_BA_PEER4) &&
	    (!BA_HAS(b, IPMOB_BA_PEER4) ||
	     memcmp(&b->peer4, &f->peer4, sizeof(b->peer4))))
		return false;
	if (BA_HAS(f, IPMOB_BA_MODE) && BA_HAS(b, IPMOB_BA_MODE) &&
	    b->mode != f->mode)
		return false;
	return true;
}

static int show_cb(const struct nlmsghdr *nlh, void *data,
		   struct genl_err *err)
{
	struct show_state *s = data;
	const struct nlattr *attr;

	mnl_attr_for_each(attr, nlh, GENL_HDRLEN) {
		struct ipmob_binding b;

		if (mnl_attr_get_type(attr) != IPMOB_A_BINDING)
			continue;
		if (binding_from_nest(attr, &b) < 0) {
			snprintf(err->msg, sizeof(err->msg),
				 "malformed binding in kernel reply");
			return -EBADMSG;
		}
		if (!show_match(s, &b))
			continue;
		s->count++;
		if (s->ctx->json) {
			json_obj_open(&s->j);
			binding_json_fields(&s->j, &b);
			json_obj_close(&s->j);
		} else {
			binding_print_plain(s->ctx, NULL, &b);
		}
	}
	return 0;
}

/* Clearer words for the common errno values of binding requests. */
static void binding_errmsg(enum binding_op op, struct genl_err *e)
{
	if (e->msg[0])
		return;
	if (e->error == -EEXIST && op == BOP_ADD)
		snprintf(e->msg, sizeof(e->msg), "binding already exists");
	else if (e->error == -ENOENT &&
		 (op == BOP_DEL || op == BOP_SHOW || op == BOP_CHANGE))
		snprintf(e->msg, sizeof(e->msg), "no such binding");
}

static int binding_run(struct cli_ctx *ctx, struct binding_args *a)
{
	struct show_state s = { .ctx = ctx, .a = a };
	struct nlmsghdr *nlh;
	struct genl_err e;
	int ret;

	ret = cli_connect(ctx);
	if (ret)
		return ret;
	nlh = binding_args_msg(a, ctx->family, ctx->version, ctx->txbuf,
			       GENL_TXBUF_LEN);
	if (!nlh)
		return cli_error(ctx, "request too large");

	if (a->op != BOP_SHOW) {
		ret = cli_talk(ctx, nlh, NULL, NULL, &e);
		if (ret < 0) {
			binding_errmsg(a->op, &e);
			return cli_kernel_error(ctx, 0, &e);
		}
		return 0;
	}

	ret = cli_dump(ctx, nlh, show_cb, &s, &s.j, &e, "bindings");
	if (ret < 0) {
		binding_errmsg(a->op, &e);
		return cli_kernel_error(ctx, 0, &e);
	}
	return 0;
}

int cmd_binding(struct cli_ctx *ctx, int argc, char **argv)
{
	struct binding_args a;
	char err[ERRBUF_LEN];
	int ret;

	if (binding_args_parse(argc, argv, &a, err, sizeof(err)) < 0)
		goto usage_error;
	if (a.op == BOP_HELP) {
		usage_binding(ctx->out);
		return 0;
	}
	if (a.has_dev &&
	    cli_resolve_dev(ctx, a.dev, &a.ifindex, err, sizeof(err)) < 0)
		goto usage_error;
	if (binding_args_resolve_iif(&a, err, sizeof(err)) < 0)
		goto usage_error;

	if (ctx->packer && a.op == BOP_ADD) {
		a.b.ifindex = a.ifindex;
		BA_SET(&a.b, IPMOB_BA_IFINDEX);
		return packer_add(ctx, &a.b, ctx->lineno);
	}
	return binding_run(ctx, &a);

usage_error:
	/* Batch: what earlier lines queued goes first, as if run in order. */
	if (ctx->packer) {
		ret = packer_flush(ctx);
		if (ret)
			return ret;
	}
	return cli_error(ctx, "%s", err);
}

/* ---------------------------------------------------------------- */
/* Batch packing                                                    */

struct add_packer *packer_new(void)
{
	struct add_packer *p = calloc(1, sizeof(*p));

	if (!p)
		return NULL;
	p->buf = calloc(1, PACK_MAX_BYTES);	/* padding is sent */
	if (!p->buf) {
		free(p);
		return NULL;
	}
	p->max_nests = PACK_MAX_NESTS;
	p->max_flows = PACK_MAX_FLOWS;
	p->max_bytes = PACK_MAX_BYTES;
	return p;
}

void packer_free(struct add_packer *p)
{
	if (!p)
		return;
	free(p->buf);
	free(p);
}

static void packer_reset(struct add_packer *p)
{
	p->nlh = NULL;
	p->count = 0;
}

int packer_error_index(const struct add_packer *p, const struct genl_err *e)
{
	unsigned int i, k, n;

	if (!p->nlh || !p->count)
		return -1;
	if (e->has_offs && e->offs >= p->offs[0] && e->offs < p->nlh->nlmsg_len) {
		for (i = p->count; i-- > 0;)
			if (e->offs >= p->offs[i])
				return (int)i;
	}
	/* ipmob.ko says "binding K of N: ..." when no attribute is to blame */
	if (e->kernel_msg &&
	    (p->cmd == IPMOB_CMD_FLOW_NEW ?
	     sscanf(e->msg, "flow rule %u of %u", &k, &n) == 2 ||
	     sscanf(e->msg, "flow %u of %u", &k, &n) == 2 ||
	     sscanf(e->msg, "rule %u of %u", &k, &n) == 2 :
	     sscanf(e->msg, "binding %u of %u", &k, &n) == 2) &&
	    n == p->count && k >= 1 && k <= n)
		return (int)k - 1;
	return p->count == 1 ? 0 : -1;
}

/*
 * Send the queued bindings or flow rules. The kernel applies a message
 * all or nothing: on failure none of its lines took effect (those of earlier
 * messages did). The error names the line it is about, or the range of
 * lines of the message when the kernel does not say which.
 */
int packer_flush(struct cli_ctx *ctx)
{
	struct add_packer *p = ctx->packer;
	struct genl_err e;
	int idx;

	if (!p || !p->nlh || !p->count)
		return 0;
	p->messages++;
	if (cli_talk(ctx, p->nlh, NULL, NULL, &e) == 0) {
		packer_reset(p);
		return 0;
	}
	if (p->cmd == IPMOB_CMD_FLOW_NEW)
		flow_errmsg(FOP_ADD, &e);
	else
		binding_errmsg(BOP_ADD, &e);
	idx = packer_error_index(p, &e);
	if (idx >= 0) {
		unsigned long line = p->lines[idx];

		packer_reset(p);
		return cli_kernel_error(ctx, line, &e);
	}
	fprintf(ctx->err, "ipmob: lines %lu-%lu: %s\n", p->lines[0],
		p->lines[p->count - 1], genl_strerror(&e));
	packer_reset(p);
	return EXIT_KERNEL;
}

int packer_add(struct cli_ctx *ctx, const struct ipmob_binding *b,
	       unsigned long line)
{
	struct add_packer *p = ctx->packer;
	int ret;

	ret = cli_connect(ctx);
	if (ret)
		return ret;
	/* queued flow rules go first */
	if (p->nlh && p->cmd != IPMOB_CMD_BINDING_NEW) {
		ret = packer_flush(ctx);
		if (ret)
			return ret;
	}
	for (;;) {
		if (!p->nlh) {
			p->nlh = genl_msg_start(p->buf, ctx->family,
						IPMOB_CMD_BINDING_NEW,
						ctx->version, 0);
			p->cmd = IPMOB_CMD_BINDING_NEW;
			p->count = 0;
		}
		p->offs[p->count] = p->nlh->nlmsg_len;
		if (binding_to_nest(p->nlh, p->max_bytes, IPMOB_A_BINDING, b))
			break;
		if (!p->count)	/* cannot happen: one binding is < 1 KiB */
			return cli_error(ctx, "binding too large");
		ret = packer_flush(ctx);
		if (ret)
			return ret;
	}
	p->lines[p->count++] = line;
	if (p->count >= p->max_nests)
		return packer_flush(ctx);
	return 0;
}
