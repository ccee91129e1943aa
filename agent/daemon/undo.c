// SPDX-License-Identifier: GPL-2.0
/*
 * undo.c - what ipmobd changed while starting, undone if it cannot start.
 *
 * Start-up creates the ipmob device when it is missing and sets sysctls
 * (proxy ND on the home link, ignore_routes_with_linkdown on a mobile
 * node's links). When a later step fails, ipmobd exits leaving the
 * system as it found it: the journal is replayed newest first. Once
 * started, ipmobd keeps what it set, on purpose: the data plane must
 * work on when the daemon stops or dies.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <syslog.h>
#include <net/if.h>
#include <sys/ioctl.h>
#include <libmnl/libmnl.h>

#include "daemon.h"
#include "util.h"

int undo_sysctl_set(struct daemon *d, const char *fmt_path,
		    const char *ifname, const char *value)
{
	struct undo *u = &d->undo;
	char path[UNDO_PATH_MAX], old[UNDO_VALUE_MAX];
	int ret;

	snprintf(path, sizeof(path), fmt_path, ifname);
	if (sysctl_get(path, old, sizeof(old)) < 0)
		return sysctl_set("%s", path, value);
	if (!strcmp(old, value))
		return 0;
	ret = sysctl_set("%s", path, value);
	if (ret < 0 || !u->armed)
		return ret;
	if (u->n == UNDO_MAX) {
		logmsg(LOG_WARNING, "start-up journal full: %s would not be restored to %s",
		       path, old);
		return ret;
	}
	u->e[u->n].kind = UNDO_SYSCTL;
	snprintf(u->e[u->n].path, sizeof(u->e[u->n].path), "%s", path);
	snprintf(u->e[u->n].old, sizeof(u->e[u->n].old), "%s", old);
	u->n++;
	return ret;
}

void undo_note_dev(struct daemon *d, const char *name)
{
	struct undo *u = &d->undo;

	if (!u->armed || u->n == UNDO_MAX)
		return;
	u->e[u->n].kind = UNDO_DEV;
	snprintf(u->e[u->n].path, sizeof(u->e[u->n].path), "%s", name);
	u->n++;
}

int undo_link_allmulti(struct daemon *d, int ifindex, const char *name)
{
	struct undo *u = &d->undo;
	struct ifreq ifr;
	bool was = false;

	memset(&ifr, 0, sizeof(ifr));
	snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "%s", name);
	if (ioctl(d->icmp_fd, SIOCGIFFLAGS, &ifr) == 0)
		was = ifr.ifr_flags & IFF_ALLMULTI;
	if (was)
		return 0;
	if (rtnl_link_allmulti(ifindex, true) < 0)
		return -1;
	if (!u->armed || u->n == UNDO_MAX)
		return 0;
	u->e[u->n].kind = UNDO_ALLMULTI;
	u->e[u->n].ifindex = ifindex;
	snprintf(u->e[u->n].path, sizeof(u->e[u->n].path), "%s", name);
	u->n++;
	return 0;
}

static void del_dev(struct daemon *d, const char *name)
{
	char buf[NLMSG_HDRLEN + GENL_HDRLEN + 64] __attribute__((aligned(8)));
	struct nlmsghdr *nlh;
	struct genl_err e;

	memset(buf, 0, sizeof(buf));
	nlh = genl_msg_start(buf, d->req.family_id, IPMOB_CMD_LINK_DEL,
			     IPMOB_GENL_VERSION, 0);
	mnl_attr_put_strz(nlh, IPMOB_A_IFNAME, name);
	if (genl_talk(&d->req, nlh, NULL, NULL, &e) < 0)
		logmsg(LOG_WARNING, "start-up failed: cannot remove ipmob device %s: %s",
		       name, genl_strerror(&e));
	else
		logmsg(LOG_NOTICE, "start-up failed: removed ipmob device %s, which it had created",
		       name);
}

void undo_run(struct daemon *d)
{
	struct undo *u = &d->undo;

	while (u->n) {
		const struct undo_entry *e = &u->e[--u->n];

		if (e->kind == UNDO_DEV) {
			del_dev(d, e->path);
		} else if (e->kind == UNDO_ALLMULTI) {
			if (rtnl_link_allmulti(e->ifindex, false) < 0)
				logmsg(LOG_WARNING, "start-up failed: cannot turn all-multicast off on %s",
				       e->path);
			else
				logmsg(LOG_NOTICE, "start-up failed: all-multicast off again on %s",
				       e->path);
		} else if (sysctl_set("%s", e->path, e->old) < 0) {
			logmsg(LOG_WARNING, "start-up failed: cannot restore %s to %s",
			       e->path, e->old);
		} else {
			logmsg(LOG_NOTICE, "start-up failed: %s restored to %s",
			       e->path, e->old);
		}
	}
	u->armed = false;
}

void undo_forget(struct daemon *d)
{
	d->undo.n = 0;
	d->undo.armed = false;
}
