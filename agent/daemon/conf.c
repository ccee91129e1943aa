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
#define CONF_SPI_MIN		256	/* 0..255 reserved, RFC 4285 5.1 */
#define CONF_LIFETIME_MIN	4	/* RFC 6275 6.1.7: units of 4 s */
#define CONF_LIFETIME_MAX	262140	/* 65535 * 4 */
#define CONF_RR_LIFETIME_MAX	420	/* MAX_RR_BINDING_LIFETIME, RFC 6275 12 */
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
	c->ha.max_bindings = 1024;
	c->ha.max_lifetime = 3600;
	c->ha.dad = true;
	c->ha.auth = true;
	c->ha.replay_window = 7;
	c->cn.max_lifetime = CONF_RR_LIFETIME_MAX;
	c->cn.max_bindings = 16384;
	c->cn.max_deleted = 16384;
}

void conf_free(struct ipmobd_conf *c)
{
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
	const bool on[] = { c->mn.enabled, c->ha.enabled, c->cn.enabled };
	static const char *const names[] = {
		"mobile-node", "home-agent", "correspondent",
	};
	const char *sep = "";
	size_t off = 0;
	unsigned int i;

	if (!buf || !len)
		return "";
	buf[0] = '\0';
	for (i = 0; i < ARRAY_SIZE(names) && off < len; i++) {
		if (!on[i])
			continue;
		off += (size_t)snprintf(buf + off, len - off, "%s%s", sep,
					names[i]);
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

/* ---- the keys ---- */

enum sect {
	S_GLOBAL = 1 << 0,
	S_MN = 1 << 1,
	S_HA = 1 << 2,
	S_SA = 1 << 3,
	S_CN = 1 << 4,
};

/* Duplicate tracking: "key" and "key-file" share a slot. */
enum slot {
	K_LOG_LEVEL,
	K_DEVICE,
	K_REPLY_RATE,
	K_REPLY_BURST,
	K_LOG_RATE,
	K_LOG_BURST,
	K_MAX_CORR,
	K_HOME_ADDRESS,
	K_HOME_AGENT,
	K_IDENTIFIER,
	K_SPI,
	K_KEY,
	K_AUTH,
	K_LIFETIME,
	K_LINK,
	K_INITIAL_BA,
	K_MAX_BA,
	K_FIRST_REG_BA,
	K_HOME_LINK,
	K_HOME_PREFIX,
	K_MAX_BINDINGS,
	K_MAX_LIFETIME,
	K_PREFERENCE,
	K_DAD,
	K_REPLAY,
	K_REFRESH_ADVICE,
	K_MAX_DELETED,
	K_RO,
	K_RO_EXCLUDE,
	K_NSLOTS
};

static const struct keydef {
	const char *name;
	enum slot slot;
	unsigned int sects;
	bool repeat;
} keydefs[] = {
	{ "log-level", K_LOG_LEVEL, S_GLOBAL, false },
	{ "device", K_DEVICE, S_GLOBAL, false },
	{ "reply-rate", K_REPLY_RATE, S_GLOBAL, false },
	{ "reply-burst", K_REPLY_BURST, S_GLOBAL, false },
	{ "peer-log-rate", K_LOG_RATE, S_GLOBAL, false },
	{ "peer-log-burst", K_LOG_BURST, S_GLOBAL, false },
	{ "max-correspondents", K_MAX_CORR, S_MN, false },
	{ "home-address", K_HOME_ADDRESS, S_MN | S_SA, false },
	{ "home-agent", K_HOME_AGENT, S_MN, false },
	{ "identifier", K_IDENTIFIER, S_MN, false },
	{ "spi", K_SPI, S_MN | S_SA, false },
	{ "key", K_KEY, S_MN | S_SA, false },
	{ "key-file", K_KEY, S_MN | S_SA, false },
	{ "authentication", K_AUTH, S_MN | S_HA, false },
	{ "lifetime", K_LIFETIME, S_MN, false },
	{ "link", K_LINK, S_MN, true },
	{ "initial-bindack-timeout", K_INITIAL_BA, S_MN, false },
	{ "max-bindack-timeout", K_MAX_BA, S_MN, false },
	{ "initial-bindack-timeout-first-reg", K_FIRST_REG_BA, S_MN, false },
	{ "route-optimization", K_RO, S_MN, false },
	{ "no-route-optimization", K_RO_EXCLUDE, S_MN, true },
	{ "home-link", K_HOME_LINK, S_HA, false },
	{ "home-prefix", K_HOME_PREFIX, S_HA, true },
	{ "max-bindings", K_MAX_BINDINGS, S_HA | S_CN, false },
	{ "max-lifetime", K_MAX_LIFETIME, S_HA | S_CN, false },
	{ "preference", K_PREFERENCE, S_HA, false },
	{ "dad", K_DAD, S_HA, false },
	{ "replay-window", K_REPLAY, S_HA, false },
	{ "refresh-advice", K_REFRESH_ADVICE, S_HA, false },
	{ "max-deleted-bindings", K_MAX_DELETED, S_CN, false },
};

/* Keys of the old format, for a hint instead of a bare "unknown key". */
static const struct {
	const char *name;
	const char *hint;
} old_keys[] = {
	{ "role", "roles are sections now: [mobile-node], [home-agent], [correspondent]" },
	{ "interface", "did you mean \"device\"?" },
};

struct parser {
	const char *path;
	unsigned long line;
	char *err;
	size_t errlen;
	struct ipmobd_conf c;
	enum sect cur;
	unsigned int sa;		/* index of the current SA */
	/* line of each key's first occurrence, per section kind */
	unsigned long seen_global[K_NSLOTS];
	unsigned long seen_mn[K_NSLOTS];
	unsigned long seen_ha[K_NSLOTS];
	unsigned long seen_sa[K_NSLOTS];	/* the current SA */
	unsigned long seen_cn[K_NSLOTS];
	unsigned long mn_line, ha_line, cn_line;
	unsigned long *sa_lines;		/* header line of each SA */
	unsigned int sa_cap;
	unsigned long key_line;			/* first inline "key", or 0 */
};

static int vfail(struct parser *p, bool line, const char *fmt, va_list ap)
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
static int fail(struct parser *p, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vfail(p, true, fmt, ap);
	va_end(ap);
	return -1;
}

/* "PATH: reason"; returns -1. */
__attribute__((format(printf, 2, 3)))
static int fail_file(struct parser *p, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vfail(p, false, fmt, ap);
	va_end(ap);
	return -1;
}

static const char *sect_name(const struct parser *p, enum sect s, char *buf,
			     size_t len)
{
	switch (s) {
	case S_MN:
		return "[mobile-node]";
	case S_HA:
		return "[home-agent]";
	case S_CN:
		return "[correspondent]";
	case S_SA:
		snprintf(buf, len, "[security-association %s]",
			 p->c.ha.sa[p->sa].nai);
		return buf;
	case S_GLOBAL:
		break;
	}
	return "the global part";
}

/* "[mobile-node] or [security-association NAI]" */
static void sects_text(unsigned int sects, char *buf, size_t len)
{
	static const struct {
		unsigned int s;
		const char *name;
	} names[] = {
		{ S_MN, "[mobile-node]" },
		{ S_HA, "[home-agent]" },
		{ S_CN, "[correspondent]" },
		{ S_SA, "[security-association NAI]" },
	};
	size_t off = 0;
	unsigned int i;

	buf[0] = '\0';
	for (i = 0; i < ARRAY_SIZE(names); i++) {
		if (!(sects & names[i].s))
			continue;
		off += (size_t)snprintf(buf + off, len - off, "%s%s",
					off ? " or " : "", names[i].name);
		if (off >= len)
			break;
	}
}

static unsigned long *seen_of(struct parser *p)
{
	switch (p->cur) {
	case S_MN:
		return p->seen_mn;
	case S_HA:
		return p->seen_ha;
	case S_SA:
		return p->seen_sa;
	case S_CN:
		return p->seen_cn;
	case S_GLOBAL:
		break;
	}
	return p->seen_global;
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
		*out = (int)v;
	}
	return 0;
}

static int value_uint(struct parser *p, const char *key, const char *s,
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

static int value_bool(struct parser *p, const char *key, const char *s,
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

static int value_addr(struct parser *p, const char *key, const char *s,
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

/*
 * ADDR/PLEN, PLEN 1..128. A prefix (home-prefix) has no host bits; an
 * address (home-address) is kept and must have a host part.
 * With opt_plen (no-route-optimization), a bare ADDR is ADDR/128.
 */
static int value_prefix(struct parser *p, const char *key, const char *s,
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
static int value_nai(struct parser *p, const char *key, const char *s,
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

static int value_ifname(struct parser *p, const char *key, const char *s,
			char *out)
{
	if (!ifname_valid(s))
		return fail(p, "invalid %s \"%s\" (expected an interface name)",
			    key, s);
	snprintf(out, IF_NAMESIZE, "%s", s);
	return 0;
}

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/*
 * An MN-HA key as hex: 16..64 octets (RFC 4285 5.1). what prefixes the
 * messages ("" or "key-file \"PATH\": "); the key itself never shows.
 */
static int value_key(struct parser *p, const char *what, const char *hex,
		     size_t n, struct conf_key *out)
{
	struct conf_key k;
	size_t i;

	for (i = 0; i < n; i++)
		if (hexval(hex[i]) < 0)
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
		k.key[i] = (uint8_t)(hexval(hex[2 * i]) << 4 |
				     hexval(hex[2 * i + 1]));
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
static int value_key_file(struct parser *p, const char *name,
			  struct conf_key *out)
{
	char file[PATH_MAX], buf[CONF_KEYFILE_MAX + 1], what[PATH_MAX + 16];
	char whybuf[96];
	const char *why, *fix;
	const char *slash = strrchr(p->path, '/');
	size_t len = 0;
	struct stat st;
	ssize_t n;
	int fd, ret = -1;

	if (name[0] == '/' || !slash)
		n = snprintf(file, sizeof(file), "%s", name);
	else
		n = snprintf(file, sizeof(file), "%.*s/%s",
			     (int)(slash - p->path), p->path, name);
	if (n < 0 || (size_t)n >= sizeof(file))
		return fail(p, "key-file path too long");
	fd = open(file, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
	if (fd < 0)
		return fail(p, "cannot open key-file \"%s\": %s", file,
			    strerror(errno));
	if (fstat(fd, &st) < 0) {
		fail(p, "cannot stat key-file \"%s\": %s", file,
		     strerror(errno));
		goto out;
	}
	if (!S_ISREG(st.st_mode)) {
		fail(p, "key-file \"%s\" is not a regular file", file);
		goto out;
	}
	why = secret_problem(&st, whybuf, sizeof(whybuf), &fix);
	if (why) {
		fail(p, "key-file \"%s\" is %s, %s", file, why, fix);
		goto out;
	}
	while (len < sizeof(buf)) {
		n = read(fd, buf + len, sizeof(buf) - len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			fail(p, "cannot read key-file \"%s\": %s", file,
			     strerror(errno));
			goto out;
		}
		if (n == 0)
			break;
		len += (size_t)n;
	}
	if (len > CONF_KEYFILE_MAX) {
		fail(p, "key-file \"%s\" is too large", file);
		goto out;
	}
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
	close(fd);
	return ret;
}

/* link NAME [preference N] */
static int value_link(struct parser *p, int argc, char **argv)
{
	struct conf_mn *mn = &p->c.mn;
	struct conf_link l = { .preference = 0 };
	unsigned int i;

	if (value_ifname(p, "link", argv[1], l.name) < 0)
		return -1;
	if (argc > 2) {
		if (strcmp(argv[2], "preference"))
			return fail(p, "unexpected \"%s\" after the value of \"link\" (expected \"preference N\")",
				    argv[2]);
		if (argc < 4)
			return fail(p, "missing value for \"preference\" of link \"%s\"",
				    l.name);
		if (parse_int(argv[3], -1000, 1000, &l.preference) < 0)
			return fail(p, "invalid link preference \"%s\" (expected -1000..1000)",
				    argv[3]);
		if (argc > 4)
			return fail(p, "unexpected \"%s\" after the value of \"link\"",
				    argv[4]);
	}
	for (i = 0; i < mn->n_links; i++)
		if (!strcmp(mn->links[i].name, l.name))
			return fail(p, "duplicate link \"%s\"", l.name);
	if (mn->n_links >= CONF_MAX_LINKS)
		return fail(p, "too many links (at most %d)", CONF_MAX_LINKS);
	mn->links[mn->n_links++] = l;
	return 0;
}

static int value_home_prefix(struct parser *p, const char *s)
{
	struct conf_ha *ha = &p->c.ha;
	struct conf_prefix pf;
	unsigned int i;

	if (value_prefix(p, "home-prefix", s, true, false, &pf.prefix,
			 &pf.plen) < 0)
		return -1;
	for (i = 0; i < ha->n_prefixes; i++)
		if (ha->prefixes[i].plen == pf.plen &&
		    IN6_ARE_ADDR_EQUAL(&ha->prefixes[i].prefix, &pf.prefix))
			return fail(p, "duplicate home-prefix \"%s\"", s);
	if (ha->n_prefixes >= CONF_MAX_PREFIXES)
		return fail(p, "too many home-prefix keys (at most %d)",
			    CONF_MAX_PREFIXES);
	ha->prefixes[ha->n_prefixes++] = pf;
	return 0;
}

/* no-route-optimization ADDR[/PLEN] */
static int value_ro_exclude(struct parser *p, const char *s)
{
	struct conf_mn *mn = &p->c.mn;
	struct conf_prefix pf;
	unsigned int i;

	if (value_prefix(p, "no-route-optimization", s, true, true,
			 &pf.prefix, &pf.plen) < 0)
		return -1;
	for (i = 0; i < mn->n_ro_exclude; i++)
		if (mn->ro_exclude[i].plen == pf.plen &&
		    IN6_ARE_ADDR_EQUAL(&mn->ro_exclude[i].prefix, &pf.prefix))
			return fail(p, "duplicate no-route-optimization \"%s\"",
				    s);
	if (mn->n_ro_exclude >= CONF_MAX_RO_EXCLUDE)
		return fail(p, "too many no-route-optimization keys (at most %d)",
			    CONF_MAX_RO_EXCLUDE);
	mn->ro_exclude[mn->n_ro_exclude++] = pf;
	return 0;
}

/*
 * home-address ADDR [ADDR...] of a security association: the addresses
 * its NAI may register, none twice and none another SA's, so that the
 * owner of a home address is never ambiguous.
 */
static int value_sa_hoas(struct parser *p, int argc, char **argv)
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

		if (value_addr(p, "home-address", argv[k], &a) < 0)
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

/* ---- lines ---- */

static int section_header(struct parser *p, int argc, char **argv)
{
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
		if (value_nai(p, "NAI", name, nai) < 0)
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
		memset(p->seen_sa, 0, sizeof(p->seen_sa));
		p->cur = S_SA;
		return 0;
	}
	if (argc == 1 && !strcmp(argv[0], "[mobile-node]")) {
		if (p->mn_line)
			return fail(p, "duplicate section [mobile-node] (first on line %lu)",
				    p->mn_line);
		p->mn_line = p->line;
		p->c.mn.enabled = true;
		p->cur = S_MN;
		return 0;
	}
	if (argc == 1 && !strcmp(argv[0], "[home-agent]")) {
		if (p->ha_line)
			return fail(p, "duplicate section [home-agent] (first on line %lu)",
				    p->ha_line);
		p->ha_line = p->line;
		p->c.ha.enabled = true;
		p->cur = S_HA;
		return 0;
	}
	if (argc == 1 && !strcmp(argv[0], "[correspondent]")) {
		if (p->cn_line)
			return fail(p, "duplicate section [correspondent] (first on line %lu)",
				    p->cn_line);
		p->cn_line = p->line;
		p->c.cn.enabled = true;
		p->cur = S_CN;
		return 0;
	}
	if (argc > 1 && (!strcmp(argv[0], "[mobile-node]") ||
			 !strcmp(argv[0], "[home-agent]") ||
			 !strcmp(argv[0], "[correspondent]")))
		return fail(p, "unexpected \"%s\" after section header %s",
			    argv[1], argv[0]);
	return fail(p, "unknown section \"%s%s\" (expected [mobile-node], [home-agent], [correspondent] or [security-association NAI])",
		    argv[0], argc > 1 ? " ..." : "");
}

static const struct keydef *find_key(const char *name)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(keydefs); i++)
		if (!strcmp(keydefs[i].name, name))
			return &keydefs[i];
	return NULL;
}

static int key_line(struct parser *p, int argc, char **argv)
{
	const char *key = argv[0], *val;
	const struct keydef *kd = find_key(key);
	struct conf_mn *mn = &p->c.mn;
	struct conf_ha *ha = &p->c.ha;
	struct conf_sa *sa = p->cur == S_SA ? &ha->sa[p->sa] : NULL;
	char where[CONF_NAI_MAX + 32], sects[96];
	unsigned long *seen;
	unsigned int i;

	if (!kd) {
		for (i = 0; i < ARRAY_SIZE(old_keys); i++)
			if (!strcmp(key, old_keys[i].name))
				return fail(p, "unknown key \"%s\" (%s, see ipmobd.conf(5))",
					    key, old_keys[i].hint);
		return fail(p, "unknown key \"%s\"", key);
	}
	if (!(kd->sects & p->cur)) {
		sects_text(kd->sects, sects, sizeof(sects));
		if (kd->sects == S_GLOBAL)
			return fail(p, "global key \"%s\" must come before the first section",
				    key);
		if (p->cur == S_GLOBAL)
			return fail(p, "key \"%s\" outside a section (it belongs in %s)",
				    key, sects);
		return fail(p, "key \"%s\" is not valid in %s (it belongs in %s)",
			    key, sect_name(p, p->cur, where, sizeof(where)),
			    sects);
	}
	if (argc < 2)
		return fail(p, "missing value for \"%s\"", key);
	val = argv[1];
	if (!*val)
		return fail(p, "empty value for \"%s\"", key);
	if (argc > 2 && kd->slot != K_LINK &&
	    !(kd->slot == K_HOME_ADDRESS && sa))
		return fail(p, "unexpected \"%s\" after the value of \"%s\"",
			    argv[2], key);
	seen = seen_of(p);
	if (seen[kd->slot] && !kd->repeat) {
		if (kd->slot == K_KEY)
			return fail(p, "duplicate key \"%s\" (a key was already given on line %lu)",
				    key, seen[kd->slot]);
		return fail(p, "duplicate key \"%s\" (first on line %lu)", key,
			    seen[kd->slot]);
	}
	if (!seen[kd->slot])
		seen[kd->slot] = p->line;

	switch (kd->slot) {
	case K_LOG_LEVEL: {
		int level = parse_level(val);

		if (level < 0)
			return fail(p, "invalid log-level \"%s\" (expected emerg, alert, crit, err, warning, notice, info or debug)",
				    val);
		p->c.log_level = level;
		return 0;
	}
	case K_DEVICE:
		return value_ifname(p, key, val, p->c.device);
	case K_REPLY_RATE:
		return value_uint(p, key, val, 1, 1000000, " per second", "",
				  &p->c.reply_rate);
	case K_REPLY_BURST:
		return value_uint(p, key, val, 1, 1000000, "", "",
				  &p->c.reply_burst);
	case K_LOG_RATE:
		return value_uint(p, key, val, 1, 1000000, " per second", "",
				  &p->c.peer_log_rate);
	case K_LOG_BURST:
		return value_uint(p, key, val, 1, 1000000, "", "",
				  &p->c.peer_log_burst);
	case K_MAX_CORR:
		return value_uint(p, key, val, 1, 65536, "", "",
				  &mn->max_correspondents);
	case K_HOME_ADDRESS:
		if (sa)
			return value_sa_hoas(p, argc, argv);
		return value_prefix(p, key, val, false, false, &mn->hoa,
				    &mn->home_plen);
	case K_HOME_AGENT:
		if (value_addr(p, key, val, &mn->ha) < 0)
			return -1;
		mn->has_ha = true;
		return 0;
	case K_IDENTIFIER:
		return value_nai(p, key, val, mn->nai);
	case K_SPI:
		return value_uint(p, key, val, CONF_SPI_MIN, UINT32_MAX, "",
				  "; 0..255 are reserved, RFC 4285",
				  sa ? &sa->spi : &mn->spi);
	case K_KEY:
		if (!strcmp(key, "key")) {
			if (!p->key_line)
				p->key_line = p->line;
			return value_key(p, "", val, strlen(val),
					 sa ? &sa->key : &mn->key);
		}
		return value_key_file(p, val, sa ? &sa->key : &mn->key);
	case K_AUTH:
		return value_bool(p, key, val, "required", "none",
				  p->cur == S_MN ? &mn->auth : &ha->auth);
	case K_LIFETIME:
		return value_uint(p, key, val, CONF_LIFETIME_MIN,
				  CONF_LIFETIME_MAX, " seconds", "",
				  &mn->lifetime);
	case K_LINK:
		return value_link(p, argc, argv);
	case K_INITIAL_BA:
		return value_uint(p, key, val, 100, 60000, " ms", "",
				  &mn->initial_bindack_ms);
	case K_MAX_BA:
		return value_uint(p, key, val, 100, 256000, " ms", "",
				  &mn->max_bindack_ms);
	case K_FIRST_REG_BA:
		return value_uint(p, key, val, 100, 60000, " ms", "",
				  &mn->first_reg_bindack_ms);
	case K_HOME_LINK:
		return value_ifname(p, key, val, ha->home_link);
	case K_HOME_PREFIX:
		return value_home_prefix(p, val);
	case K_MAX_BINDINGS:
		return value_uint(p, key, val, 1, 1000000, "", "",
				  p->cur == S_CN ? &p->c.cn.max_bindings :
				  &ha->max_bindings);
	case K_MAX_LIFETIME:
		if (p->cur == S_CN)
			return value_uint(p, key, val, CONF_LIFETIME_MIN,
					  CONF_RR_LIFETIME_MAX, " seconds",
					  ", MAX_RR_BINDING_LIFETIME of RFC 6275",
					  &p->c.cn.max_lifetime);
		return value_uint(p, key, val, CONF_LIFETIME_MIN,
				  CONF_LIFETIME_MAX, " seconds", "",
				  &ha->max_lifetime);
	case K_PREFERENCE:
		if (parse_int(val, -32768, 32767, &ha->preference) < 0)
			return fail(p, "invalid preference \"%s\" (expected -32768..32767)",
				    val);
		return 0;
	case K_DAD:
		return value_bool(p, key, val, "on", "off", &ha->dad);
	case K_REPLAY:
		return value_uint(p, key, val, 1, 60, " seconds", "",
				  &ha->replay_window);
	case K_REFRESH_ADVICE:
		/* RFC 6275 6.2.4: a 16-bit count of 4-second units */
		return value_uint(p, key, val, CONF_LIFETIME_MIN,
				  CONF_LIFETIME_MAX, " seconds", "",
				  &ha->refresh_advice);
	case K_MAX_DELETED:
		return value_uint(p, key, val, 16, 1000000, "", "",
				  &p->c.cn.max_deleted);
	case K_RO:
		return value_bool(p, key, val, "on", "off", &mn->ro);
	case K_RO_EXCLUDE:
		return value_ro_exclude(p, val);
	case K_NSLOTS:
		break;
	}
	return fail(p, "internal error on key \"%s\"", key);
}

/*
 * A file that holds a key inline is a key file: only ipmobd's user may
 * read or change it (as for key-file). A stream that is no file (a
 * buffer, conf_parse_buf()) has nothing to check.
 */
static int check_key_holder(struct parser *p, FILE *f)
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
static int check_file(struct parser *p)
{
	const struct conf_mn *mn = &p->c.mn;
	const struct conf_ha *ha = &p->c.ha;
	unsigned int i;

	if (!mn->enabled && !ha->enabled && !p->c.cn.enabled)
		return fail_file(p, "no role section: expected [mobile-node], [home-agent] and/or [correspondent]");
	if (mn->enabled) {
		if (!p->seen_mn[K_HOME_ADDRESS])
			return fail_file(p, "[mobile-node] needs \"home-address\"");
		if (mn->auth && !mn->nai[0])
			return fail_file(p, "[mobile-node] needs \"identifier\" (authentication is required)");
		if (mn->auth && !mn->spi)
			return fail_file(p, "[mobile-node] needs \"spi\" (authentication is required)");
		if (mn->auth && !mn->key.len)
			return fail_file(p, "[mobile-node] needs \"key\" or \"key-file\" (authentication is required)");
		if (mn->max_bindack_ms < mn->initial_bindack_ms) {
			unsigned long a = p->seen_mn[K_INITIAL_BA];
			unsigned long b = p->seen_mn[K_MAX_BA];

			p->line = a > b ? a : b;
			return fail(p, "max-bindack-timeout (%u ms%s) is less than initial-bindack-timeout (%u ms%s)",
				    mn->max_bindack_ms, b ? "" : ", the default",
				    mn->initial_bindack_ms,
				    a ? "" : ", the default");
		}
	}
	if (ha->enabled) {
		if (!p->seen_ha[K_HOME_LINK])
			return fail_file(p, "[home-agent] needs \"home-link\"");
		if (!ha->n_prefixes)
			return fail_file(p, "[home-agent] needs \"home-prefix\"");
	}
	for (i = 0; i < ha->n_sa; i++) {
		const struct conf_sa *sa = &ha->sa[i];

		if (!ha->enabled)
			return fail_file(p, "[security-association %s] without a [home-agent] section",
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
	struct parser *p;
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
	p->cur = S_GLOBAL;
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
