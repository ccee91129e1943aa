/* SPDX-License-Identifier: GPL-2.0 */
/*
 * conf.h - ipmobd configuration file.
 *
 * One "key value" per line; '#' starts a comment (at the start of a
 * line or of a word); blank lines are ignored. Keys:
 *   role mn|ha|cn        what this node is (required)
 *   interface NAME       an ipmob device to manage (repeatable)
 *   log-level LEVEL      emerg|alert|crit|err|warning|notice|info|debug
 */
#ifndef IPMOB_CONF_H
#define IPMOB_CONF_H

#include <stdbool.h>
#include <stdio.h>
#include <net/if.h>

#define CONF_MAX_IFACES 16

enum ipmobd_role {
	ROLE_UNSET,
	ROLE_MN,	/* mobile node */
	ROLE_HA,	/* home agent */
	ROLE_CN,	/* correspondent node */
};

struct ipmobd_conf {
	enum ipmobd_role role;
	unsigned int n_ifaces;
	char ifaces[CONF_MAX_IFACES][IF_NAMESIZE];
	int log_level;		/* syslog priority, default LOG_INFO */
};

void conf_defaults(struct ipmobd_conf *c);

/*
 * Parse a configuration file. path only labels the messages. Returns
 * 0, or -1 with "PATH:LINE: reason" (or "PATH: reason") in err.
 */
int conf_parse(FILE *f, const char *path, struct ipmobd_conf *c,
	       char *err, size_t errlen);

const char *role_name(enum ipmobd_role role);
const char *log_level_name(int level);

#endif /* IPMOB_CONF_H */
