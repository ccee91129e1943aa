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

int kern_flows_set(struct daemon *d, const struct ipmob_binding *b,
		   const struct ipmob_flow *f, unsigned int n)
{
	static char buf[65536] __attribute__((aligned(8)));
	struct ipmob_binding key = *b;
	char hoa[INET6_ADDRSTRLEN];
	struct nlmsghdr *nlh;
	struct genl_err e;
	unsigned int i;
	int ret;

	/* the session's key, as BINDING_DEL names it */
	key.present &= BA_BIT(IPMOB_BA_HOA) | BA_BIT(IPMOB_BA_HOA4) |
		       BA_BIT(IPMOB_BA_PREFIX_LEN) | BA_BIT(IPMOB_BA_PEER) |
		       BA_BIT(IPMOB_BA_PEER4) | BA_BIT(IPMOB_BA_MODE) |
		       BA_BIT(IPMOB_BA_IFINDEX) | BA_BIT(IPMOB_BA_IIF);
	memset(buf, 0, NLMSG_HDRLEN + GENL_HDRLEN);
	nlh = genl_msg_start(buf, d->req.family_id,
			     n ? IPMOB_CMD_FLOW_NEW : IPMOB_CMD_FLOW_DEL,
			     IPMOB_GENL_VERSION, 0);
	if (!binding_to_nest(nlh, sizeof(buf), IPMOB_A_BINDING, &key))
		goto big;
	if (n)
		mnl_attr_put(nlh, IPMOB_A_FLOW_REPLACE, 0, NULL);
	for (i = 0; i < n; i++)
		if (!flow_to_nest(nlh, sizeof(buf), IPMOB_A_FLOW, &f[i]))
			goto big;
	ret = genl_talk(&d->req, nlh, NULL, NULL, &e);
	if (ret == -ENOENT && !n)
		return 0;	/* no session, or no rules: none now */
	if (ret < 0)
		logmsg(LOG_ERR, "flow rules of %s: %s", in6_str(&b->hoa, hoa),
		       genl_strerror(&e));
	return ret;
big:
	logmsg(LOG_ERR, "flow rules of %s: too large a message",
	       in6_str(&b->hoa, hoa));
	return -EMSGSIZE;
}
