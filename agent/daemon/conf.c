// SPDX-License-Identifier: GPL-2.0
/*
 * conf.c - ipmobd configuration file parser, see conf.h and
 * ipmobd.conf(5).
 *
 * The file is parsed into a private struct ipmobd_conf that is copied to
 * the caller's only when the whole file is valid: a bad file changes
 * nothing and leaves nothing allocated. Line-level problems are reported
 * as they are met ("PATH:LINE: reason"); what can only be judged on the
 * whole file (a required key that never came) is checked at the end
 * ("PATH: reason"). Key material is never echoed in a message and is
 * wiped from the buffers it went through.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>
#include <unistd.h>
#include <sys/stat.h>
#include <arpa/inet.h>

#include "conf.h"
#include "flow.h"
#include "util.h"

static const char *const level_names[] = {
	[LOG_EMERG] = "emerg",
	[LOG_ALERT] = "alert",
	[LOG_CRIT] = "crit",
	[LOG_ERR] = "err",
	[LOG_WARNING] = "warning",
	[LOG_NOTICE] = "notice",
	[LOG_INFO] = "info",
	[LOG_DEBUG] = "debug",
};

#define CONF_KEY_MIN		16	/* RFC 4285 5.1: MN-HA key, octets */
#define CONF_KEYFILE_MAX	4096	/* bytes read from a key-file */
#define CONF_MAX_WORDS		16	/* "home-address" and CONF_SA_MAX_HOA, with room */

void conf_defaults(struct ipmobd_conf *c)
{
	memset(c, 0, sizeof(*c));
	c->log_level = LOG_INFO;
	snprintf(c->device, sizeof(c->device), "mob0");
	c->mn.auth = true;
	c->mn.lifetime = 300;
	c->mn.max_correspondents = 256;
	c->reply_rate = CONF_REPLY_RATE;
	c->reply_burst = CONF_REPLY_BURST;
	c->peer_log_rate = CONF_PEER_LOG_RATE;
	c->peer_log_burst = CONF_PEER_LOG_BURST;
	c->mn.initial_bindack_ms = 1000;
	c->mn.first_reg_bindack_ms = 1500;
	c->mn.max_bindack_ms = 32000;
	c->mn.ro = true;
	c->mn.home_flows = true;
	c->mn.optimistic_dad = true;
	c->mn.dna = true;
	c->ha.max_bindings = 1024;
	c->ha.max_flow_bindings = 16;
	c->ha.max_lifetime = 3600;
	c->ha.dad = true;
	c->ha.dad_optimistic = true;
	c->ha.auth = true;
	c->ha.replay_window = 7;
	c->ha.nat_keepalive = 110;	/* RFC 5555 6: NATKATIMEOUT */
	c->mn.nat_keepalive = 110;
	c->cn.max_lifetime = CONF_RR_LIFETIME_MAX;
	c->cn.max_bindings = 16384;
	c->cn.max_deleted = 16384;
}

static void conf_ike_free(struct conf_ike *ike)
{
	conf_pem_free(&ike->cert);
	conf_pem_free(&ike->key);
	conf_pem_free(&ike->ca);
}

void conf_free(struct ipmobd_conf *c)
{
	conf_ike_free(&c->mn.ike);
	conf_ike_free(&c->ha.ike);
	if (c->ha.sa) {
		explicit_bzero(c->ha.sa, c->ha.n_sa * sizeof(*c->ha.sa));
		free(c->ha.sa);
	}
	c->ha.sa = NULL;
	c->ha.n_sa = 0;
	explicit_bzero(&c->mn.key, sizeof(c->mn.key));
}

bool conf_sa_owns(const struct conf_sa *sa, const struct in6_addr *a)
{
	unsigned int i;

	for (i = 0; sa && i < sa->n_hoa; i++)
		if (IN6_ARE_ADDR_EQUAL(&sa->hoa[i], a))
			return true;
	return false;
}

const struct conf_sa *conf_find_sa_ipsec(const struct conf_ha *ha,
					 const struct in6_addr *hoa)
{
	unsigned int i;

	for (i = 0; i < ha->n_sa; i++)
		if (ha->sa[i].security != CONF_SEC_RFC4285 &&
		    conf_sa_owns(&ha->sa[i], hoa))
			return &ha->sa[i];
	return NULL;
}

const struct conf_sa *conf_find_sa(const struct conf_ha *ha,
				   const uint8_t *nai, size_t len)
{
	unsigned int i;

	if (!nai || len == 0 || len > CONF_NAI_MAX)
		return NULL;
	for (i = 0; i < ha->n_sa; i++) {
		const struct conf_sa *sa = &ha->sa[i];

		if (strlen(sa->nai) == len && !memcmp(sa->nai, nai, len))
			return sa;
	}
	return NULL;
}

const char *conf_roles(const struct ipmobd_conf *c, char *buf, size_t len)
{
	const char *sep = "";
	size_t off = 0;
	unsigned int i;

	if (!buf || !len)
		return "";
	buf[0] = '\0';
	for (i = 0; conf_role_sections[i] && off < len; i++) {
		const struct conf_section *s = conf_role_sections[i];

		if (!*(const bool *)((const char *)c + s->enabled_off))
			continue;
		off += (size_t)snprintf(buf + off, len - off, "%s%s", sep,
					s->name);
		sep = " ";
	}
	if (!*sep)
		snprintf(buf, len, "none");
	return buf;
}

const char *log_level_name(int level)
{
	if (level < 0 || level >= (int)ARRAY_SIZE(level_names))
		return "?";
	return level_names[level];
}

static int parse_level(const char *s)
{
	uint64_t v;
	unsigned int i;

	if (!strcmp(s, "error"))
		return LOG_ERR;
	if (!strcmp(s, "warn"))
		return LOG_WARNING;
	for (i = 0; i < ARRAY_SIZE(level_names); i++)
		if (!strcmp(s, level_names[i]))
			return (int)i;
	if (parse_uint(s, LOG_DEBUG, &v) == 0)
		return (int)v;
	return -1;
}

/* ---- the parser ---- */

/* Keys of the old format, for a hint instead of a bare "unknown key". */
static const struct {
	const char *name;
	const char *hint;
} old_keys[] = {
	{ "role", "roles are sections now: [mobile-node], [home-agent], [correspondent]" },
	{ "interface", "did you mean \"device\"?" },
};

/* rows of conf_parser.seen */
#define SEEN_GLOBAL	0
#define SEEN_SA		1
#define SEEN_ROLES	2

struct conf_parser {
	const char *path;
	unsigned long line;
	char *err;
	size_t errlen;
	struct ipmobd_conf c;
	const struct conf_section *cur;	/* the section being read */
	unsigned int sa;		/* index of the current SA */
	/*
	 * line of each key's first occurrence (by its index in its
	 * section, or that of its @same): the global part, the current
	 * SA, then each role section in conf_role_sections order
	 */
	unsigned long seen[SEEN_ROLES + CONF_MAX_SECTIONS][CONF_MAX_KEYS];
	unsigned long header[CONF_MAX_SECTIONS];	/* role headers' lines */
	unsigned long *sa_lines;		/* header line of each SA */
	unsigned int sa_cap;
	unsigned long key_line;			/* first inline "key", or 0 */
};

static const struct conf_section global_section, sa_section;

static int vfail(struct conf_parser *p, bool line, const char *fmt, va_list ap)
{
	char msg[ERRBUF_LEN + PATH_MAX];	/* key-file names */
	char *s;

	vsnprintf(msg, sizeof(msg), fmt, ap);
	if (line)
		errf(p->err, p->errlen, "%s:%lu: %s", p->path, p->line, msg);
	else
		errf(p->err, p->errlen, "%s: %s", p->path, msg);
	/* One line, whatever the file held: no control characters. */
	if (p->err)
		for (s = p->err; *s; s++)
			if ((unsigned char)*s < 0x20 || *s == 0x7f)
				*s = '?';
	return -1;
}

/* "PATH:LINE: reason"; returns -1. */
__attribute__((format(printf, 2, 3)))
static int fail(struct conf_parser *p, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vfail(p, true, fmt, ap);
	va_end(ap);
	return -1;
}

/* "PATH: reason"; returns -1. */
__attribute__((format(printf, 2, 3)))
static int fail_file(struct conf_parser *p, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vfail(p, false, fmt, ap);
	va_end(ap);
	return -1;
}

/* The row of conf_parser.seen of section s. */
static unsigned int sect_row(const struct conf_section *s)
{
	unsigned int i;

	if (s == &sa_section)
		return SEEN_SA;
	for (i = 0; conf_role_sections[i]; i++)
		if (conf_role_sections[i] == s)
			return SEEN_ROLES + i;
	return SEEN_GLOBAL;
}

static int key_index(const struct conf_section *s, const char *name)
{
	unsigned int i;

	for (i = 0; i < s->n_keys; i++)
		if (!strcmp(s->keys[i].name, name))
			return (int)i;
	return -1;
}

/* The duplicate slot of key i: its own, or that of the key it excludes. */
static unsigned int key_slot(const struct conf_section *s, unsigned int i)
{
	int j = s->keys[i].same ? key_index(s, s->keys[i].same) : -1;

	return j >= 0 ? (unsigned int)j : i;
}

unsigned long conf_seen(const struct conf_parser *p,
			const struct conf_section *s, const char *key)
{
	int i = key_index(s, key);

	if (i < 0)
		return 0;
	return p->seen[sect_row(s)][key_slot(s, (unsigned int)i)];
}

static bool sect_enabled(const struct ipmobd_conf *c,
			 const struct conf_section *s)
{
	return *(const bool *)((const char *)c + s->enabled_off);
}

static const char *sect_name(const struct conf_parser *p,
			     const struct conf_section *s, char *buf,
			     size_t len)
{
	if (s == &global_section)
		return "the global part";
	if (s == &sa_section)
		snprintf(buf, len, "[security-association %s]",
			 p->c.ha.sa[p->sa].nai);
	else
		snprintf(buf, len, "[%s]", s->name);
	return buf;
}

/* The sections a key belongs in: "[mobile-node] or [security-association NAI]". */
static void sects_text(const char *key, char *buf, size_t len)
{
	size_t off = 0;
	unsigned int i;

	buf[0] = '\0';
	for (i = 0; conf_role_sections[i] && off < len; i++)
		if (key_index(conf_role_sections[i], key) >= 0)
			off += (size_t)snprintf(buf + off, len - off, "%s[%s]",
						off ? " or " : "",
						conf_role_sections[i]->name);
	if (off < len && key_index(&sa_section, key) >= 0)
		snprintf(buf + off, len - off, "%s[security-association NAI]",
			 off ? " or " : "");
}

/* "[a], [b] SEP [c]" of the role sections (roles_only: not those that
 * only serve another role) */
static void roles_text(const char *sep, char *buf, size_t len,
		       bool roles_only)
{
	const struct conf_section *l[CONF_MAX_SECTIONS];
	unsigned int i, n = 0;
	size_t off = 0;

	for (i = 0; conf_role_sections[i] && n < CONF_MAX_SECTIONS; i++)
		if (!roles_only || !conf_role_sections[i]->companion)
			l[n++] = conf_role_sections[i];
	buf[0] = '\0';
	for (i = 0; i < n && off < len; i++)
		off += (size_t)snprintf(buf + off, len - off, "%s[%s]",
					!i ? "" : i + 1 < n ? ", " : sep,
					l[i]->name);
}

struct ipmobd_conf *conf_data(struct conf_parser *p)
{
	return &p->c;
}

int conf_fail(struct conf_parser *p, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vfail(p, true, fmt, ap);
	va_end(ap);
	return -1;
}

int conf_fail_at(struct conf_parser *p, unsigned long line,
		 const char *fmt, ...)
{
	va_list ap;

	p->line = line;
	va_start(ap, fmt);
	vfail(p, true, fmt, ap);
	va_end(ap);
	return -1;
}

int conf_fail_file(struct conf_parser *p, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vfail(p, false, fmt, ap);
	va_end(ap);
	return -1;
}

/* ---- values ---- */

static int parse_int(const char *s, int min, int max, int *out)
{
	bool neg = *s == '-';
	uint64_t v;

	if (parse_uint(s + neg, neg ? (uint64_t)-(int64_t)min : (uint64_t)max,
		       &v) < 0)
		return -1;
	if (neg) {
		if (min >= 0 && v != 0)
			return -1;
		*out = (int)-(int64_t)v;
	} else {
		if ((int64_t)v < min)
			return -1;
		*out = (int)v;
	}
	return 0;
}

int conf_value_int(struct conf_parser *p, const char *key, const char *s,
		   int min, int max, int *out)
{
	if (parse_int(s, min, max, out) < 0)
		return fail(p, "invalid %s \"%s\" (expected %d..%d)", key, s,
			    min, max);
	return 0;
}

int conf_value_uint(struct conf_parser *p, const char *key, const char *s,
		      uint64_t min, uint64_t max, const char *unit,
		      const char *note, unsigned int *out)
{
	uint64_t v;

	if (parse_uint(s, max, &v) < 0 || v < min)
		return fail(p, "invalid %s \"%s\" (expected %llu..%llu%s%s)",
			    key, s, (unsigned long long)min,
			    (unsigned long long)max, unit, note);
	*out = (unsigned int)v;
	return 0;
}

static int value_bool(struct conf_parser *p, const char *key, const char *s,
		      const char *yes, const char *no, bool *out)
{
	if (!strcmp(s, yes))
		*out = true;
	else if (!strcmp(s, no))
		*out = false;
	else
		return fail(p, "invalid %s \"%s\" (expected %s or %s)", key, s,
			    yes, no);
	return 0;
}

/*
 * What keeps an address from being a home address, a home agent
 * address or a home prefix, or NULL: ipmob_addr_valid() of the kernel
 * (global unicast: not ::, loopback, multicast, link-local, IPv4-mapped).
 */
static const char *addr_problem(const struct in6_addr *a)
{
	if (IN6_IS_ADDR_UNSPECIFIED(a))
		return "unspecified address";
	if (IN6_IS_ADDR_LOOPBACK(a))
		return "loopback address";
	if (IN6_IS_ADDR_MULTICAST(a))
		return "multicast address";
	if (IN6_IS_ADDR_LINKLOCAL(a))
		return "link-local address";
	if (IN6_IS_ADDR_V4MAPPED(a))
		return "IPv4-mapped address";
	return NULL;
}

int conf_value_addr(struct conf_parser *p, const char *key, const char *s,
		      struct in6_addr *out)
{
	struct in6_addr a;
	const char *why;

	if (parse_in6(s, &a) < 0)
		return fail(p, "invalid %s \"%s\" (expected an IPv6 address)",
			    key, s);
	why = addr_problem(&a);
	if (why)
		return fail(p, "invalid %s \"%s\" (%s, expected a global unicast address)",
			    key, s, why);
	*out = a;
	return 0;
}

static const char *addr4_problem(struct in_addr a)
{
	uint32_t h = ntohl(a.s_addr);

	if (h >> 24 == 0)
		return "in 0.0.0.0/8";
	if (h >> 24 == 127)
		return "loopback address";
	if (h >> 28 == 0xe)
		return "multicast address";
	if (h >> 28 == 0xf)
		return "reserved address";
	return NULL;
}

int conf_value_addr4(struct conf_parser *p, const char *key, const char *s,
		     struct in_addr *out)
{
	struct in_addr a;
	const char *why;

	if (inet_pton(AF_INET, s, &a) != 1)
		return fail(p, "invalid %s \"%s\" (expected an IPv4 address)",
			    key, s);
	why = addr4_problem(a);
	if (why)
		return fail(p, "invalid %s \"%s\" (%s, expected a unicast address)",
			    key, s, why);
	*out = a;
	return 0;
}

int conf_value_prefix4(struct conf_parser *p, const char *key, const char *s,
		       struct in_addr *out, uint8_t *plen)
{
	const char *slash = strchr(s, '/');
	char buf[INET_ADDRSTRLEN];
	struct in_addr a;
	uint64_t len;
	uint32_t mask;

	if (!slash || parse_uint(slash + 1, 32, &len) < 0 || len == 0 ||
	    (size_t)(slash - s) >= sizeof(buf))
		return fail(p, "invalid %s \"%s\" (expected A.B.C.D/PLEN, PLEN 1..32)",
			    key, s);
	memcpy(buf, s, (size_t)(slash - s));
	buf[slash - s] = 0;
	if (inet_pton(AF_INET, buf, &a) != 1 || addr4_problem(a))
		return fail(p, "invalid %s \"%s\" (expected a unicast IPv4 prefix)",
			    key, s);
	mask = len == 32 ? ~0u : ~(~0u >> len);
	if (ntohl(a.s_addr) & ~mask)
		return fail(p, "invalid %s \"%s\" (host bits set, expected a prefix)",
			    key, s);
	*out = a;
	*plen = (uint8_t)len;
	return 0;
}

/*
 * ADDR/PLEN, PLEN 1..128. A prefix (home-prefix) has no host bits; an
 * address (home-address) is kept and must have a host part.
 * With opt_plen (no-route-optimization), a bare ADDR is ADDR/128.
 */
int conf_value_prefix(struct conf_parser *p, const char *key, const char *s,
			bool is_prefix, bool opt_plen, struct in6_addr *out,
			uint8_t *plen)
{
	const char *form = opt_plen ? "ADDR or ADDR/PLEN" : "ADDR/PLEN";
	char buf[INET6_ADDRSTRLEN];
	const char *slash = strchr(s, '/');
	struct in6_addr addr, a, host;
	const char *why;
	uint64_t len = 128;
	unsigned int i;

	if (!slash && opt_plen)
		slash = s + strlen(s);
	else if (!slash || parse_uint(slash + 1, 128, &len) < 0 || len == 0)
		return fail(p, "invalid %s \"%s\" (expected %s, PLEN 1..128)",
			    key, s, form);
	if ((size_t)(slash - s) >= sizeof(buf))
		return fail(p, "invalid %s \"%s\" (expected %s with an IPv6 address)",
			    key, s, form);
	memcpy(buf, s, (size_t)(slash - s));
	buf[slash - s] = '\0';
	if (parse_in6(buf, &a) < 0)
		return fail(p, "invalid %s \"%s\" (expected %s with an IPv6 address)",
			    key, s, form);
	addr = host = a;
	for (i = 0; i < 16; i++) {
		unsigned int bits = i * 8;
		uint8_t mask;

		if (bits + 8 <= len)
			mask = 0xff;
		else if (bits >= len)
			mask = 0;
		else
			mask = (uint8_t)(0xff << (8 - (len - bits)));
		a.s6_addr[i] &= mask;
		host.s6_addr[i] &= (uint8_t)~mask;
	}
	/*
	 * A home prefix with host bits is a typo, as "ipmob binding" says
	 * (an address where the prefix was meant); a no-route-optimization
	 * prefix may be written from any address in it.
	 */
	if (is_prefix && !opt_plen && !IN6_IS_ADDR_UNSPECIFIED(&host))
		return fail(p, "invalid %s \"%s\" (host bits set: the prefix is %s/%u)",
			    key, s, inet_ntop(AF_INET6, &a, buf, sizeof(buf)),
			    (unsigned int)len);
	if (!is_prefix) {
		if (len < 128 && IN6_IS_ADDR_UNSPECIFIED(&host))
			return fail(p, "invalid %s \"%s\" (no host part: that is the prefix, not an address in it)",
				    key, s);
		a = addr;		/* an address is kept whole */
	}
	why = addr_problem(&a);
	if (why)
		return fail(p, "invalid %s \"%s\" (%s, expected a global unicast %s)",
			    key, s, why, is_prefix ? "prefix" : "address");
	*out = a;
	*plen = (uint8_t)len;
	return 0;
}

/* A NAI (RFC 4282): 1..253 printable ASCII characters, no spaces. */
int conf_value_nai(struct conf_parser *p, const char *key, const char *s,
		     char *out)
{
	size_t len = strlen(s), i;

	if (len == 0)
		return fail(p, "empty %s", key);
	if (len > CONF_NAI_MAX)
		return fail(p, "%s too long (%zu bytes, at most %d)", key, len,
			    CONF_NAI_MAX);
	for (i = 0; i < len; i++)
		if ((unsigned char)s[i] <= 0x20 || (unsigned char)s[i] >= 0x7f)
			return fail(p, "invalid %s \"%s\" (printable ASCII characters only, no spaces)",
				    key, s);
	memcpy(out, s, len + 1);
	return 0;
}

int conf_value_ifname(struct conf_parser *p, const char *key, const char *s,
			char *out)
{
	if (!ifname_valid(s))
		return fail(p, "invalid %s \"%s\" (expected an interface name)",
			    key, s);
	snprintf(out, IF_NAMESIZE, "%s", s);
	return 0;
}

/*
 * An MN-HA key as hex: 16..64 octets (RFC 4285 5.1). what prefixes the
 * messages ("" or "key-file \"PATH\": "); the key itself never shows.
 */
static int value_key(struct conf_parser *p, const char *what, const char *hex,
		     size_t n, struct conf_key *out)
{
	struct conf_key k;
	size_t i;

	for (i = 0; i < n; i++)
		if (hex_digit(hex[i]) < 0)
			return fail(p, "%sinvalid key (expected hex digits only)",
				    what);
	if (n % 2)
		return fail(p, "%sinvalid key (odd number of hex digits)", what);
	if (n / 2 < CONF_KEY_MIN)
		return fail(p, "%skey too short (%zu bytes, RFC 4285 needs at least %d)",
			    what, n / 2, CONF_KEY_MIN);
	if (n / 2 > CONF_KEY_MAX)
		return fail(p, "%skey too long (%zu bytes, at most %d)", what,
			    n / 2, CONF_KEY_MAX);
	k.len = (uint8_t)(n / 2);
	for (i = 0; i < k.len; i++)
		k.key[i] = (uint8_t)(hex_digit(hex[2 * i]) << 4 |
				     hex_digit(hex[2 * i + 1]));
	memset(k.key + k.len, 0, sizeof(k.key) - k.len);
	*out = k;
	explicit_bzero(&k, sizeof(k));
	return 0;
}

static bool is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' ||
	       c == '\v' || c == '\f';
}

/*
 * What makes a file that holds a key unsafe, for "FILE is ..." messages,
 * or NULL: group or others may access it, or another user than the one
 * ipmobd runs as (root) owns it and so can change the key. @fix is set to
 * what to do about it.
 */
static const char *secret_problem(const struct stat *st, char *buf,
				  size_t len, const char **fix)
{
	if (st->st_mode & 077) {
		snprintf(buf, len,
			 "accessible by group or others (mode %04o)",
			 (unsigned int)(st->st_mode & 07777));
		*fix = "chmod 600 it";
		return buf;
	}
	if (st->st_uid != geteuid()) {
		snprintf(buf, len,
			 "owned by uid %u, not by uid %u that ipmobd runs as",
			 (unsigned int)st->st_uid, (unsigned int)geteuid());
		*fix = "chown it";
		return buf;
	}
	return NULL;
}

/*
 * A key-file: the hex key on one line, trailing whitespace allowed; a
 * regular file nobody but its owner may access (like ssh's keys). A
 * relative name is relative to the directory of the configuration file.
 */
/*
 * Read the file a key names (relative to the configuration file's
 * directory) into buf (cap bytes, at most cap - 1 used): a regular file,
 * which only its owner, the user ipmobd runs as, may access when secret.
 * Its full path in file. 0, or -1 with the error given.
 */
static int conf_slurp(struct conf_parser *p, const char *key,
		      const char *name, bool secret, char *buf, size_t cap,
		      size_t *lenp, char *file, size_t filecap)
{
	const char *slash = strrchr(p->path, '/');
	char whybuf[96];
	const char *why, *fix;
	size_t len = 0;
	struct stat st;
	ssize_t n;
	int fd, ret = -1;

	if (name[0] == '/' || !slash)
		n = snprintf(file, filecap, "%s", name);
	else
		n = snprintf(file, filecap, "%.*s/%s",
			     (int)(slash - p->path), p->path, name);
	if (n < 0 || (size_t)n >= filecap)
		return fail(p, "%s path too long", key);
	fd = open(file, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
	if (fd < 0)
		return fail(p, "cannot open %s \"%s\": %s", key, file,
			    strerror(errno));
	if (fstat(fd, &st) < 0) {
		fail(p, "cannot stat %s \"%s\": %s", key, file,
		     strerror(errno));
		goto out;
	}
	if (!S_ISREG(st.st_mode)) {
		fail(p, "%s \"%s\" is not a regular file", key, file);
		goto out;
	}
	why = secret ? secret_problem(&st, whybuf, sizeof(whybuf), &fix) :
		       NULL;
	if (why) {
		fail(p, "%s \"%s\" is %s, %s", key, file, why, fix);
		goto out;
	}
	while (len < cap) {
		n = read(fd, buf + len, cap - len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			fail(p, "cannot read %s \"%s\": %s", key, file,
			     strerror(errno));
			goto out;
		}
		if (n == 0)
			break;
		len += (size_t)n;
	}
	if (len >= cap) {
		fail(p, "%s \"%s\" is too large", key, file);
		goto out;
	}
	*lenp = len;
	ret = 0;
out:
	close(fd);
	return ret;
}

static int value_key_file(struct conf_parser *p, const char *name,
			  struct conf_key *out)
{
	char file[PATH_MAX], buf[CONF_KEYFILE_MAX + 1], what[PATH_MAX + 16];
	size_t len;
	int ret = -1;

	if (conf_slurp(p, "key-file", name, true, buf, sizeof(buf), &len,
		       file, sizeof(file)) < 0)
		goto out;
	while (len && is_space(buf[len - 1]))
		len--;
	if (!len) {
		fail(p, "key-file \"%s\" is empty", file);
		goto out;
	}
	snprintf(what, sizeof(what), "key-file \"%s\": ", file);
	ret = value_key(p, what, buf, len, out);
out:
	explicit_bzero(buf, sizeof(buf));
	return ret;
}

int conf_value_pem(struct conf_parser *p, const char *key, const char *name,
		   bool secret, struct conf_pem *out)
{
	char file[PATH_MAX], *buf;
	size_t len;

	buf = malloc(CONF_PEM_MAX + 1);
	if (!buf)
		return fail(p, "out of memory");
	if (conf_slurp(p, key, name, secret, buf, CONF_PEM_MAX + 1, &len,
		       file, sizeof(file)) < 0)
		goto bad;
	buf[len] = '\0';
	if (!strstr(buf, "-----BEGIN ")) {
		fail(p, "%s \"%s\" is not in PEM form", key, file);
		goto bad;
	}
	conf_pem_free(out);
	out->data = buf;
	out->len = len;
	return 0;
bad:
	explicit_bzero(buf, CONF_PEM_MAX + 1);
	free(buf);
	return -1;
}

int conf_ike_key(struct conf_parser *p, const char *key, const char *val,
		 struct conf_ike *ike)
{
	if (!strcmp(key, "ike-identity"))
		return conf_value_nai(p, key, val, ike->id);
	if (!strcmp(key, "ike-peer-identity"))
		return conf_value_nai(p, key, val, ike->peer_id);
	if (!strcmp(key, "ike-certificate"))
		return conf_value_pem(p, key, val, false, &ike->cert);
	if (!strcmp(key, "ike-ca-certificate"))
		return conf_value_pem(p, key, val, false, &ike->ca);
	return conf_value_pem(p, key, val, true, &ike->key);
}

int conf_ike_check(struct conf_parser *p, const struct conf_ike *ike,
		   const char *sect)
{
	if (!ike->cert.data == !ike->key.data && !ike->cert.data == !ike->ca.data)
		return 0;
	return fail_file(p, "[%s] needs all of \"ike-certificate\", \"ike-private-key\" and \"ike-ca-certificate\", or none",
			 sect);
}

void conf_pem_free(struct conf_pem *pem)
{
	if (pem->data) {
		explicit_bzero(pem->data, pem->len);
		free(pem->data);
	}
	pem->data = NULL;
	pem->len = 0;
}

/*
 * home-address ADDR [ADDR...] of a security association: the addresses
 * its NAI may register, none twice and none another SA's, so that the
 * owner of a home address is never ambiguous.
 */
static int value_sa_hoas(struct conf_parser *p, int argc, char **argv)
{
	const struct conf_ha *ha = &p->c.ha;
	struct conf_sa *sa = &p->c.ha.sa[p->sa];
	unsigned int i, j;
	int k;

	if (argc - 1 > CONF_SA_MAX_HOA)
		return fail(p, "too many addresses for \"home-address\" (at most %d)",
			    CONF_SA_MAX_HOA);
	for (k = 1; k < argc; k++) {
		struct in6_addr a;

		if (conf_value_addr(p, "home-address", argv[k], &a) < 0)
			return -1;
		if (conf_sa_owns(sa, &a))
			return fail(p, "duplicate home-address \"%s\"", argv[k]);
		for (i = 0; i < ha->n_sa; i++) {
			if (i == p->sa)
				continue;
			for (j = 0; j < ha->sa[i].n_hoa; j++)
				if (IN6_ARE_ADDR_EQUAL(&ha->sa[i].hoa[j], &a))
					return fail(p, "home-address \"%s\" is already that of [security-association %s] (line %lu)",
						    argv[k], ha->sa[i].nai,
						    p->sa_lines[i]);
		}
		sa->hoa[sa->n_hoa++] = a;
	}
	return 0;
}

int conf_value_key(struct conf_parser *p, const char *key, const char *s,
		   struct conf_key *out)
{
	if (strcmp(key, "key"))
		return value_key_file(p, s, out);
	if (!p->key_line)
		p->key_line = p->line;
	return value_key(p, "", s, strlen(s), out);
}

/* ---- the core's sections: the global part, security associations ---- */

static int global_log_level(struct conf_parser *p, int argc, char **argv)
{
	int level = parse_level(argv[1]);

	(void)argc;
	if (level < 0)
		return fail(p, "invalid log-level \"%s\" (expected emerg, alert, crit, err, warning, notice, info or debug)",
			    argv[1]);
	p->c.log_level = level;
	return 0;
}

/* vici-socket PATH: charon's VICI socket (absolute, as sun_path holds it) */
static int global_vici(struct conf_parser *p, int argc, char **argv)
{
	(void)argc;
	if (argv[1][0] != '/' ||
	    strlen(argv[1]) >= sizeof(p->c.vici_socket))
		return fail(p, "invalid vici-socket \"%s\" (expected an absolute path of at most %zu bytes)",
			    argv[1], sizeof(p->c.vici_socket) - 1);
	snprintf(p->c.vici_socket, sizeof(p->c.vici_socket), "%s", argv[1]);
	return 0;
}

static const struct conf_keydef global_keys[] = {
	{ .name = "vici-socket", .type = CONF_T_FN, .parse = global_vici },
	{ .name = "log-level", .type = CONF_T_FN, .parse = global_log_level },
	{ .name = "device", .type = CONF_T_IFNAME, .off = CONF_OFF(device) },
	{ .name = "reply-rate", .type = CONF_T_UINT,
	  .off = CONF_OFF(reply_rate), .min = 1, .max = 1000000,
	  .unit = " per second" },
	{ .name = "reply-burst", .type = CONF_T_UINT,
	  .off = CONF_OFF(reply_burst), .min = 1, .max = 1000000 },
	{ .name = "peer-log-rate", .type = CONF_T_UINT,
	  .off = CONF_OFF(peer_log_rate), .min = 1, .max = 1000000,
	  .unit = " per second" },
	{ .name = "peer-log-burst", .type = CONF_T_UINT,
	  .off = CONF_OFF(peer_log_burst), .min = 1, .max = 1000000 },
};

static const struct conf_section global_section = {
	.keys = global_keys,
	.n_keys = ARRAY_SIZE(global_keys),
};

static int sa_spi(struct conf_parser *p, int argc, char **argv)
{
	(void)argc;
	return conf_value_uint(p, argv[0], argv[1], CONF_SPI_MIN, UINT32_MAX,
			       "", "; 0..255 are reserved, RFC 4285",
			       &p->c.ha.sa[p->sa].spi);
}

/* security rfc4285|ipsec of an association (RFC 4285, RFC 4877) */
static int sa_security(struct conf_parser *p, int argc, char **argv)
{
	struct conf_sa *sa = &p->c.ha.sa[p->sa];

	(void)argc;
	sa->security_set = true;
	if (!strcmp(argv[1], "rfc4285"))
		sa->security = CONF_SEC_RFC4285;
	else if (!strcmp(argv[1], "ipsec"))
		sa->security = CONF_SEC_IPSEC;
	else if (!strcmp(argv[1], "ikev2"))
		sa->security = CONF_SEC_IKEV2;
	else
		return fail(p, "invalid security \"%s\" (expected rfc4285, ipsec or ikev2)",
			    argv[1]);
	return 0;
}

static int sa_reqid(struct conf_parser *p, int argc, char **argv)
{
	(void)argc;
	return conf_value_uint(p, argv[0], argv[1], 1, UINT32_MAX, "", "",
			       &p->c.ha.sa[p->sa].ipsec_reqid);
}

/* protect payload|signalling (RFC 4877 4.1, security ikev2) */
static int sa_protect(struct conf_parser *p, int argc, char **argv)
{
	struct conf_sa *sa = &p->c.ha.sa[p->sa];

	(void)argc;
	if (!strcmp(argv[1], "payload"))
		sa->protect_payload = true;
	else if (!strcmp(argv[1], "signalling"))
		sa->protect_payload = false;
	else
		return fail(p, "invalid protect \"%s\" (expected payload or signalling)",
			    argv[1]);
	return 0;
}

static int sa_key(struct conf_parser *p, int argc, char **argv)
{
	(void)argc;
	return conf_value_key(p, argv[0], argv[1], &p->c.ha.sa[p->sa].key);
}

/* Has @f the selector of keyword @w already? */
static bool sel_has(const struct ipmob_flow *f, const char *w)
{
	static const struct {
		const char *w;
		uint8_t a, b;
	} m[] = {
		{ "src", IPMOB_FA_SRC, IPMOB_FA_SRC4 },
		{ "dst", IPMOB_FA_DST, IPMOB_FA_DST4 },
		{ "proto", IPMOB_FA_PROTO, IPMOB_FA_PROTO },
		{ "sport", IPMOB_FA_SPORT, IPMOB_FA_SPORT },
		{ "dport", IPMOB_FA_DPORT, IPMOB_FA_DPORT },
		{ "spi", IPMOB_FA_SPI, IPMOB_FA_SPI },
		{ "dscp", IPMOB_FA_DSCP, IPMOB_FA_DSCP },
		{ "flowlabel", IPMOB_FA_FLOW_LABEL, IPMOB_FA_FLOW_LABEL },
	};
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(m); i++)
		if (!strcmp(m[i].w, w))
			return FA_HAS(f, m[i].a) || FA_HAS(f, m[i].b);
	return false;
}

int conf_value_flow_sel(struct conf_parser *p, const char *flow,
			const char *stop, int argc, char **argv,
			struct ipmob_flow *sel)
{
	char err[160];
	int a;

	for (a = 0; a < argc && strcmp(argv[a], stop); a++) {
		const char *w = argv[a];

		if (flow_proto_number(w) >= 0 && !flow_sel_word(w)) {
			if (sel_has(sel, "proto"))
				return fail(p, "flow %s: duplicate protocol \"%s\"",
					    flow, w);
			if (flow_sel_arg("proto", w, sel, err, sizeof(err)) < 0)
				return fail(p, "flow %s: %s", flow, err);
			continue;
		}
		if (!flow_sel_word(w))
			return fail(p, "flow %s: unknown selector \"%s\" (expected src, dst, proto, a protocol's name, sport, dport, spi, dscp, flowlabel or %s)",
				    flow, w, stop);
		if (a + 1 >= argc)
			return fail(p, "flow %s: missing value for \"%s\"",
				    flow, w);
		if (sel_has(sel, w))
			return fail(p, "flow %s: duplicate \"%s\"", flow, w);
		if (flow_sel_arg(w, argv[a + 1], sel, err, sizeof(err)) < 0)
			return fail(p, "flow %s: %s", flow, err);
		a++;
	}
	return a;
}

/*
 * home-flow FID SELECTOR bid BID (RFC 7109): a flow binding the home
 * agent asks this mobile node for (Flow Binding Indication, Add) when
 * it registers BID; SELECTOR as in the mobile node's "flow", what the
 * mobile node sends.
 */
static int sa_home_flow(struct conf_parser *p, int argc, char **argv)
{
	struct conf_sa *sa = &p->c.ha.sa[p->sa];
	struct conf_home_flow hf;
	char err[160];
	unsigned int i;
	int v, n;

	memset(&hf, 0, sizeof(hf));
	if (conf_value_int(p, argv[0], argv[1], 1, CONF_FLOW_DEFAULT - 1,
			   &v) < 0)
		return -1;
	hf.fid = (uint16_t)v;
	n = conf_value_flow_sel(p, argv[1], "bid", argc - 2, argv + 2,
				&hf.sel);
	if (n < 0)
		return -1;
	if (2 + n + 1 >= argc)	/* no "bid", or nothing after it */
		return fail(p, "home-flow %s needs \"bid BID\"", argv[1]);
	if (2 + n + 2 != argc)
		return fail(p, "home-flow %s: one BID after \"bid\", nothing after it",
			    argv[1]);
	if (conf_value_int(p, "bid", argv[argc - 1], 1, 65535, &v) < 0)
		return -1;
	hf.bid = (uint16_t)v;
	if (!hf.sel.present)
		return fail(p, "home-flow %s needs a selector", argv[1]);
	if (flow_sel_check(&hf.sel, err, sizeof(err)) < 0)
		return fail(p, "home-flow %s: %s", argv[1], err);
	for (i = 0; i < sa->n_home_flows; i++)
		if (sa->home_flows[i].fid == hf.fid)
			return fail(p, "duplicate home-flow %s", argv[1]);
	if (sa->n_home_flows >= CONF_SA_MAX_HOME_FLOWS)
		return fail(p, "too many home-flow keys (at most %d)",
			    CONF_SA_MAX_HOME_FLOWS);
	sa->home_flows[sa->n_home_flows++] = hf;
	return 0;
}

static int sa_pd(struct conf_parser *p, int argc, char **argv)
{
	(void)argc;
	return value_bool(p, argv[0], argv[1], "yes", "no",
			  &p->c.ha.sa[p->sa].pd);
}

static int sa_mobile_router(struct conf_parser *p, int argc, char **argv)
{
	(void)argc;
	return value_bool(p, argv[0], argv[1], "yes", "no",
			  &p->c.ha.sa[p->sa].mobile_router);
}

bool conf_prefix_overlap(const struct conf_prefix *a,
			 const struct conf_prefix *b)
{
	return in6_in_prefix(&a->prefix, &b->prefix, b->plen) ||
	       in6_in_prefix(&b->prefix, &a->prefix, a->plen);
}

/*
 * mobile-network-prefix ADDR/PLEN of a security association (RFC 3963
 * 6.1.2): none overlapping another of its own or another association's,
 * so that a prefix has one owner.
 */
static int sa_mnp(struct conf_parser *p, int argc, char **argv)
{
	const struct conf_ha *ha = &p->c.ha;
	struct conf_sa *sa = &p->c.ha.sa[p->sa];
	struct conf_prefix pf;
	unsigned int i, j;

	(void)argc;
	if (conf_value_prefix(p, argv[0], argv[1], true, false, &pf.prefix,
			      &pf.plen) < 0)
		return -1;
	if (sa->n_mnp >= CONF_SA_MAX_MNP)
		return fail(p, "too many mobile-network-prefix keys (at most %d)",
			    CONF_SA_MAX_MNP);
	for (i = 0; i < ha->n_sa; i++)
		for (j = 0; j < ha->sa[i].n_mnp; j++)
			if (conf_prefix_overlap(&ha->sa[i].mnp[j], &pf))
				return i == p->sa ?
				       fail(p, "mobile-network-prefix \"%s\" overlaps another of this association's",
					    argv[1]) :
				       fail(p, "mobile-network-prefix \"%s\" overlaps one of [security-association %s] (line %lu)",
					    argv[1], ha->sa[i].nai,
					    p->sa_lines[i]);
	sa->mnp[sa->n_mnp++] = pf;
	return 0;
}

/*
 * ipv4-home-address A.B.C.D (RFC 5555 4.5, 5): the IPv4 home address
 * this association's node may bind, none twice.
 */
static int sa_hoa4(struct conf_parser *p, int argc, char **argv)
{
	const struct conf_ha *ha = &p->c.ha;
	struct conf_sa *sa = &p->c.ha.sa[p->sa];
	struct in_addr a;
	unsigned int i;

	(void)argc;
	if (conf_value_addr4(p, argv[0], argv[1], &a) < 0)
		return -1;
	for (i = 0; i < ha->n_sa; i++)
		if (i != p->sa && ha->sa[i].has_hoa4 &&
		    ha->sa[i].hoa4.s_addr == a.s_addr)
			return fail(p, "ipv4-home-address \"%s\" is already that of [security-association %s] (line %lu)",
				    argv[1], ha->sa[i].nai, p->sa_lines[i]);
	sa->has_hoa4 = true;
	sa->hoa4 = a;
	return 0;
}

static const struct conf_keydef sa_keys[] = {
	{ .name = "security", .type = CONF_T_FN, .parse = sa_security },
	{ .name = "ipsec-reqid", .type = CONF_T_FN, .parse = sa_reqid },
	{ .name = "protect", .type = CONF_T_FN, .parse = sa_protect },
	{ .name = "spi", .type = CONF_T_FN, .parse = sa_spi },
	{ .name = "key", .type = CONF_T_FN, .parse = sa_key, .dup = "a key" },
	{ .name = "key-file", .type = CONF_T_FN, .parse = sa_key,
	  .same = "key", .dup = "a key" },
	{ .name = "home-address", .type = CONF_T_FN, .parse = value_sa_hoas,
	  .flags = CONF_F_WORDS },
	{ .name = "mobile-router", .type = CONF_T_FN,
	  .parse = sa_mobile_router },
	{ .name = "mobile-network-prefix", .type = CONF_T_FN, .parse = sa_mnp,
	  .flags = CONF_F_REPEAT },
	{ .name = "prefix-delegation", .type = CONF_T_FN, .parse = sa_pd },
	{ .name = "home-flow", .type = CONF_T_FN, .parse = sa_home_flow,
	  .flags = CONF_F_REPEAT | CONF_F_WORDS },
	{ .name = "ipv4-home-address", .type = CONF_T_FN,
	  .parse = sa_hoa4 },
};

static const struct conf_section sa_section = {
	.name = "security-association",
	.keys = sa_keys,
	.n_keys = ARRAY_SIZE(sa_keys),
};

/* ---- lines ---- */

static int section_header(struct conf_parser *p, int argc, char **argv)
{
	char expected[128];
	struct conf_ha *ha = &p->c.ha;
	char nai[CONF_NAI_MAX + 1];
	const char *last = argv[argc - 1];
	size_t len;
	unsigned int i;

	if (!strcmp(argv[0], "[security-association]") ||
	    (argc == 2 && !strcmp(argv[0], "[security-association") &&
	     !strcmp(argv[1], "]")))
		return fail(p, "[security-association] needs a NAI: [security-association NAI]");
	len = strlen(last);
	if (!len || last[len - 1] != ']')
		return fail(p, "malformed section header (missing \"]\")");
	if (!strcmp(argv[0], "[security-association")) {
		char *name = argv[1];

		if (argc > 2)
			return fail(p, "unexpected \"%s\" in section header (a NAI has no spaces)",
				    argv[2]);
		name[strlen(name) - 1] = '\0';
		if (conf_value_nai(p, "NAI", name, nai) < 0)
			return -1;
		for (i = 0; i < ha->n_sa; i++)
			if (!strcmp(ha->sa[i].nai, nai))
				return fail(p, "duplicate NAI \"%s\" (first on line %lu)",
					    nai, p->sa_lines[i]);
		if (ha->n_sa == p->sa_cap) {
			unsigned int cap = p->sa_cap ? 2 * p->sa_cap : 8;
			struct conf_sa *sa;
			unsigned long *lines;

			if (cap < p->sa_cap)
				return fail(p, "too many security associations");
			/* moved by hand, so the old copy can be wiped */
			sa = calloc(cap, sizeof(*sa));
			lines = calloc(cap, sizeof(*lines));
			if (!sa || !lines) {
				free(sa);
				free(lines);
				return fail(p, "out of memory");
			}
			if (ha->n_sa) {
				memcpy(sa, ha->sa, ha->n_sa * sizeof(*sa));
				memcpy(lines, p->sa_lines,
				       ha->n_sa * sizeof(*lines));
			}
			if (ha->sa) {
				explicit_bzero(ha->sa, ha->n_sa * sizeof(*sa));
				free(ha->sa);
			}
			free(p->sa_lines);
			ha->sa = sa;
			p->sa_lines = lines;
			p->sa_cap = cap;
		}
		p->sa = ha->n_sa++;
		memset(&ha->sa[p->sa], 0, sizeof(ha->sa[p->sa]));
		memcpy(ha->sa[p->sa].nai, nai, sizeof(nai));
		p->sa_lines[p->sa] = p->line;
		memset(p->seen[SEEN_SA], 0, sizeof(p->seen[SEEN_SA]));
		p->cur = &sa_section;
		return 0;
	}
	for (i = 0; conf_role_sections[i]; i++) {
		const struct conf_section *s = conf_role_sections[i];
		char hdr[64];

		snprintf(hdr, sizeof(hdr), "[%s]", s->name);
		if (strcmp(argv[0], hdr))
			continue;
		if (argc > 1)
			return fail(p, "unexpected \"%s\" after section header %s",
				    argv[1], argv[0]);
		if (p->header[i])
			return fail(p, "duplicate section %s (first on line %lu)",
				    hdr, p->header[i]);
		p->header[i] = p->line;
		*(bool *)((char *)&p->c + s->enabled_off) = true;
		p->cur = s;
		return 0;
	}
	roles_text(", ", expected, sizeof(expected), false);
	return fail(p, "unknown section \"%s%s\" (expected %s or [security-association NAI])",
		    argv[0], argc > 1 ? " ..." : "", expected);
}

static int key_line(struct conf_parser *p, int argc, char **argv)
{
	const char *key = argv[0], *val;
	const struct conf_section *s = p->cur;
	const struct conf_keydef *kd;
	char where[CONF_NAI_MAX + 32], sects[160];
	int idx = key_index(s, key);
	unsigned long *seen;
	unsigned int i, slot;

	if (idx < 0) {
		bool global = key_index(&global_section, key) >= 0;

		sects_text(key, sects, sizeof(sects));
		if (!global && !sects[0]) {
			for (i = 0; i < ARRAY_SIZE(old_keys); i++)
				if (!strcmp(key, old_keys[i].name))
					return fail(p, "unknown key \"%s\" (%s, see ipmobd.conf(5))",
						    key, old_keys[i].hint);
			return fail(p, "unknown key \"%s\"", key);
		}
		if (global)
			return fail(p, "global key \"%s\" must come before the first section",
				    key);
		if (s == &global_section)
			return fail(p, "key \"%s\" outside a section (it belongs in %s)",
				    key, sects);
		return fail(p, "key \"%s\" is not valid in %s (it belongs in %s)",
			    key, sect_name(p, s, where, sizeof(where)), sects);
	}
	kd = &s->keys[idx];
	if (argc < 2)
		return fail(p, "missing value for \"%s\"", key);
	val = argv[1];
	if (!*val)
		return fail(p, "empty value for \"%s\"", key);
	if (argc > 2 && !(kd->flags & CONF_F_WORDS))
		return fail(p, "unexpected \"%s\" after the value of \"%s\"",
			    argv[2], key);
	slot = key_slot(s, (unsigned int)idx);
	seen = p->seen[sect_row(s)];
	if (seen[slot] && !(kd->flags & CONF_F_REPEAT)) {
		if (kd->dup)
			return fail(p, "duplicate key \"%s\" (%s was already given on line %lu)",
				    key, kd->dup, seen[slot]);
		return fail(p, "duplicate key \"%s\" (first on line %lu)", key,
			    seen[slot]);
	}
	if (!seen[slot])
		seen[slot] = p->line;

	switch (kd->type) {
	case CONF_T_UINT:
		return conf_value_uint(p, key, val, kd->min, kd->max,
				       kd->unit ? kd->unit : "",
				       kd->note ? kd->note : "",
				       (unsigned int *)((char *)&p->c + kd->off));
	case CONF_T_BOOL:
		return value_bool(p, key, val, kd->yes, kd->no,
				  (bool *)((char *)&p->c + kd->off));
	case CONF_T_IFNAME:
		return conf_value_ifname(p, key, val, (char *)&p->c + kd->off);
	case CONF_T_FN:
		return kd->parse(p, argc, argv);
	}
	return fail(p, "internal error on key \"%s\"", key);
}

/*
 * A file that holds a key inline is a key file: only ipmobd's user may
 * read or change it (as for key-file). A stream that is no file (a
 * buffer, conf_parse_buf()) has nothing to check.
 */
static int check_key_holder(struct conf_parser *p, FILE *f)
{
	const char *why, *fix;
	char whybuf[96];
	struct stat st;
	int fd = fileno(f);

	if (!p->key_line || fd < 0 || fstat(fd, &st) < 0 ||
	    !S_ISREG(st.st_mode))
		return 0;
	why = secret_problem(&st, whybuf, sizeof(whybuf), &fix);
	if (!why)
		return 0;
	p->line = p->key_line;
	return fail(p, "a key in a file %s: %s%s", why, fix,
		    st.st_mode & 077 ? ", or use key-file" : "");
}

/* What only the whole file can tell. */
static int check_file(struct conf_parser *p)
{
	const struct conf_ha *ha = &p->c.ha;
	char expected[128];
	bool any = false;
	unsigned int i, j;

	for (i = 0; conf_role_sections[i]; i++)
		any |= sect_enabled(&p->c, conf_role_sections[i]) &&
		       !conf_role_sections[i]->companion;
	if (!any) {
		roles_text(" and/or ", expected, sizeof(expected), true);
		return fail_file(p, "no role section: expected %s", expected);
	}
	for (i = 0; conf_role_sections[i]; i++)
		if (sect_enabled(&p->c, conf_role_sections[i]) &&
		    conf_role_sections[i]->check &&
		    conf_role_sections[i]->check(p) < 0)
			return -1;
	for (i = 0; i < ha->n_sa; i++) {
		const struct conf_sa *sa = &ha->sa[i];

		if (!ha->enabled)
			return fail_file(p, "[security-association %s] without a [home-agent] section",
					 sa->nai);
		/* unsaid: IKEv2 where the home agent has an IKE identity */
		if (!sa->security_set && !sa->spi && ha->ike.id[0])
			p->c.ha.sa[i].security = CONF_SEC_IKEV2;
		if (sa->security != CONF_SEC_RFC4285) {
			const char *m = sa->security == CONF_SEC_IPSEC ?
					"ipsec" : "ikev2";

			/* RFC 4877 4.2: the policies name its home addresses */
			if (!sa->ipsec_reqid)
				return fail_file(p, "[security-association %s] needs \"ipsec-reqid\" (security %s)",
						 sa->nai, m);
			if (!sa->n_hoa)
				return fail_file(p, "[security-association %s] needs \"home-address\" (security %s)",
						 sa->nai, m);
			if (sa->spi)
				return fail_file(p, "[security-association %s] has \"spi\", which security %s does not use",
						 sa->nai, m);
			/* one child SA, the home address its endpoint */
			if (sa->security == CONF_SEC_IKEV2 && sa->n_hoa > 1)
				return fail_file(p, "[security-association %s] has %u home addresses; security ikev2 takes one",
						 sa->nai, sa->n_hoa);
			if (sa->security == CONF_SEC_IPSEC && sa->key.len)
				return fail_file(p, "[security-association %s] has \"key\", which security ipsec does not use",
						 sa->nai);
			/* RFC 4877 7.1: certificates, or the key as the PSK */
			if (sa->security == CONF_SEC_IKEV2 && !sa->key.len &&
			    !ha->ike.cert.data)
				return fail_file(p, "[security-association %s] needs \"key\" or \"key-file\" (the IKEv2 pre-shared key), or [home-agent] \"ike-certificate\"",
						 sa->nai);
			if (sa->security == CONF_SEC_IKEV2 && !ha->ike.id[0])
				return fail_file(p, "[home-agent] needs \"ike-identity\" (security ikev2 in [security-association %s])",
						 sa->nai);
			if (sa->security == CONF_SEC_IPSEC && sa->protect_payload)
				return fail_file(p, "[security-association %s]: protect payload needs security ikev2",
						 sa->nai);
			if (sa->security == CONF_SEC_IKEV2 &&
			    sa->ipsec_reqid == UINT32_MAX)
				return fail_file(p, "[security-association %s]: ipsec-reqid %u leaves no room for the tunnel's (reqid + 1)",
						 sa->nai, sa->ipsec_reqid);
			/* the reqids of the policies, and the tunnel's + 1 */
			for (j = 0; j < i; j++) {
				const struct conf_sa *o = &ha->sa[j];
				uint32_t a = sa->ipsec_reqid, b = o->ipsec_reqid;

				if (o->security == CONF_SEC_RFC4285)
					continue;
				if (a == b ||
				    (sa->security == CONF_SEC_IKEV2 && a + 1 == b) ||
				    (o->security == CONF_SEC_IKEV2 && b + 1 == a))
					return fail_file(p, "[security-association %s]: ipsec-reqid %u meets that of [security-association %s] (%u; security ikev2 takes reqid and reqid + 1)",
							 sa->nai, a, o->nai, b);
			}
			continue;
		}
		if (sa->protect_payload)
			return fail_file(p, "[security-association %s] has \"protect\" without \"security ikev2\"",
					 sa->nai);
		if (sa->ipsec_reqid)
			return fail_file(p, "[security-association %s] has \"ipsec-reqid\" without \"security ipsec\"",
					 sa->nai);
		if (!sa->spi)
			return fail_file(p, "[security-association %s] needs \"spi\"",
					 sa->nai);
		if (!sa->key.len)
			return fail_file(p, "[security-association %s] needs \"key\" or \"key-file\"",
					 sa->nai);
	}
	return 0;
}

int conf_parse(FILE *f, const char *path, struct ipmobd_conf *c,
	       char *err, size_t errlen)
{
	char *line = NULL, *argv[CONF_MAX_WORDS], msg[ERRBUF_LEN];
	struct conf_parser *p;
	size_t cap = 0;
	ssize_t n;
	int ret = -1;

	p = calloc(1, sizeof(*p));
	if (!p) {
		errf(err, errlen, "%s: out of memory", path);
		return -1;
	}
	p->path = path;
	p->err = err;
	p->errlen = errlen;
	p->cur = &global_section;
	conf_defaults(&p->c);

	while ((n = getline(&line, &cap, f)) >= 0) {
		int argc;

		p->line++;
		if ((size_t)n != strlen(line)) {
			fail(p, "NUL byte in line");
			goto out;
		}
		argc = tokenize(line, argv, CONF_MAX_WORDS, msg, sizeof(msg));
		if (argc < 0) {
			fail(p, "%s", msg);
			goto out;
		}
		if (argc == 0)
			continue;
		if (argv[0][0] == '[') {
			if (section_header(p, argc, argv) < 0)
				goto out;
		} else if (key_line(p, argc, argv) < 0) {
			goto out;
		}
	}
	if (ferror(f)) {
		fail_file(p, "read error");
		goto out;
	}
	if (check_file(p) < 0 || check_key_holder(p, f) < 0)
		goto out;
	*c = p->c;
	ret = 0;
out:
	if (ret < 0)
		conf_free(&p->c);
	if (line) {
		explicit_bzero(line, cap);
		free(line);
	}
	free(p->sa_lines);
	explicit_bzero(p, sizeof(*p));
	free(p);
	return ret;
}

int conf_parse_buf(const char *text, size_t len, const char *path,
		   struct ipmobd_conf *c, char *err, size_t errlen)
{
	FILE *f;
	int ret;

	/* fmemopen() may refuse a size of 0; a blank line reads the same */
	f = fmemopen((void *)(len ? text : "\n"), len ? len : 1, "r");
	if (!f) {
		errf(err, errlen, "%s: %s", path, strerror(errno));
		return -1;
	}
	ret = conf_parse(f, path, c, err, errlen);
	fclose(f);
	return ret;
}
