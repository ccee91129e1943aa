// SPDX-License-Identifier: GPL-2.0
/*
 * conf.c - ipmobd configuration file parser.
 */
#include <stdlib.h>
#include <string.h>
#include <syslog.h>

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

void conf_defaults(struct ipmobd_conf *c)
{
	memset(c, 0, sizeof(*c));
	c->role = ROLE_UNSET;
	c->log_level = LOG_INFO;
}

const char *role_name(enum ipmobd_role role)
{
	switch (role) {
	case ROLE_MN:
		return "mn";
	case ROLE_HA:
		return "ha";
	case ROLE_CN:
		return "cn";
	case ROLE_UNSET:
		break;
	}
	return "unset";
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

#define CONF_MAX_WORDS 8

int conf_parse(FILE *f, const char *path, struct ipmobd_conf *c,
	       char *err, size_t errlen)
{
	char *line = NULL, *argv[CONF_MAX_WORDS], msg[ERRBUF_LEN];
	bool seen_role = false, seen_level = false;
	unsigned long lineno = 0;
	size_t cap = 0;
	ssize_t n;
	int ret = -1;

	while ((n = getline(&line, &cap, f)) >= 0) {
		const char *key, *val;
		int argc;

		lineno++;
		if ((size_t)n != strlen(line)) {
			errf(err, errlen, "%s:%lu: NUL byte in line", path,
			     lineno);
			goto out;
		}
		argc = tokenize(line, argv, CONF_MAX_WORDS, msg, sizeof(msg));
		if (argc < 0) {
			errf(err, errlen, "%s:%lu: %s", path, lineno, msg);
			goto out;
		}
		if (argc == 0)
			continue;
		key = argv[0];
		if (strcmp(key, "role") && strcmp(key, "interface") &&
		    strcmp(key, "log-level")) {
			errf(err, errlen, "%s:%lu: unknown key \"%s\"", path,
			     lineno, key);
			goto out;
		}
		if (argc < 2) {
			errf(err, errlen, "%s:%lu: missing value for \"%s\"",
			     path, lineno, key);
			goto out;
		}
		if (argc > 2) {
			errf(err, errlen,
			     "%s:%lu: unexpected \"%s\" after the value of \"%s\"",
			     path, lineno, argv[2], key);
			goto out;
		}
		val = argv[1];

		if (!strcmp(key, "role")) {
			if (seen_role)
				goto dup;
			seen_role = true;
			if (!strcmp(val, "mn"))
				c->role = ROLE_MN;
			else if (!strcmp(val, "ha"))
				c->role = ROLE_HA;
			else if (!strcmp(val, "cn"))
				c->role = ROLE_CN;
			else {
				errf(err, errlen,
				     "%s:%lu: invalid role \"%s\" (expected mn, ha or cn)",
				     path, lineno, val);
				goto out;
			}
		} else if (!strcmp(key, "interface")) {
			unsigned int i;

			if (!ifname_valid(val)) {
				errf(err, errlen,
				     "%s:%lu: invalid interface name \"%s\"",
				     path, lineno, val);
				goto out;
			}
			for (i = 0; i < c->n_ifaces; i++) {
				if (!strcmp(c->ifaces[i], val)) {
					errf(err, errlen,
					     "%s:%lu: duplicate interface \"%s\"",
					     path, lineno, val);
					goto out;
				}
			}
			if (c->n_ifaces >= CONF_MAX_IFACES) {
				errf(err, errlen,
				     "%s:%lu: too many interfaces (at most %d)",
				     path, lineno, CONF_MAX_IFACES);
				goto out;
			}
			snprintf(c->ifaces[c->n_ifaces++], IF_NAMESIZE, "%s",
				 val);
		} else {
			int level;

			if (seen_level)
				goto dup;
			seen_level = true;
			level = parse_level(val);
			if (level < 0) {
				errf(err, errlen,
				     "%s:%lu: invalid log-level \"%s\" (expected emerg, alert, crit, err, warning, notice, info or debug)",
				     path, lineno, val);
				goto out;
			}
			c->log_level = level;
		}
	}
	if (ferror(f)) {
		errf(err, errlen, "%s: read error", path);
		goto out;
	}
	if (c->role == ROLE_UNSET) {
		errf(err, errlen, "%s: missing \"role\" (mn, ha or cn)", path);
		goto out;
	}
	ret = 0;
	goto out;
dup:
	errf(err, errlen, "%s:%lu: duplicate key \"%s\"", path, lineno,
	     argv[0]);
out:
	free(line);
	return ret;
}
