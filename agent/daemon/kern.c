// SPDX-License-Identifier: GPL-2.0
/*
 * kern.c - ipmobd's writes to the kernel binding table over the ipmob
 * generic netlink family (uapi/linux/ipmob.h).
 */
#include <errno.h>
#include <string.h>
#include <syslog.h>
#include <libmnl/libmnl.h>

#include "daemon.h"
#include "util.h"

static int binding_cmd(struct daemon *d, uint8_t cmd,
		       const struct ipmob_binding *b, struct genl_err *e)
{
	char buf[4096] __attribute__((aligned(8)));
	struct nlmsghdr *nlh;

	memset(buf, 0, NLMSG_HDRLEN + GENL_HDRLEN);
	nlh = genl_msg_start(buf, d->req.family_id, cmd, IPMOB_GENL_VERSION, 0);
	if (!binding_to_nest(nlh, sizeof(buf), IPMOB_A_BINDING, b)) {
		e->error = -EMSGSIZE;
		snprintf(e->msg, sizeof(e->msg), "binding too large");
		return e->error;
	}
	return genl_talk(&d->req, nlh, NULL, NULL, e);
}

/* Install or replace a binding. */
int kern_binding_put(struct daemon *d, const struct ipmob_binding *b)
{
	struct genl_err e;
	char hoa[INET6_ADDRSTRLEN];
	int ret;

	ret = binding_cmd(d, IPMOB_CMD_BINDING_SET, b, &e);
	if (ret == -ENOENT)
		ret = binding_cmd(d, IPMOB_CMD_BINDING_NEW, b, &e);
	if (ret == -EEXIST)	/* raced with an expiry/creation: once more */
		ret = binding_cmd(d, IPMOB_CMD_BINDING_SET, b, &e);
	if (ret < 0)
		logmsg(LOG_ERR, "kernel binding for %s: %s",
		       in6_str(&b->hoa, hoa), genl_strerror(&e));
	return ret;
}

int kern_binding_del(struct daemon *d, const struct ipmob_binding *b)
{
	struct genl_err e;
	char hoa[INET6_ADDRSTRLEN];
	int ret;

	ret = binding_cmd(d, IPMOB_CMD_BINDING_DEL, b, &e);
	if (ret == -ENOENT)
		return 0;
	if (ret < 0)
		logmsg(LOG_ERR, "deleting kernel binding for %s: %s",
		       in6_str(&b->hoa, hoa), genl_strerror(&e));
	return ret;
}
