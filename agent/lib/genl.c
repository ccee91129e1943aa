// SPDX-License-Identifier: GPL-2.0
/*
 * genl.c - libmnl based generic netlink helpers.
 */
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <libmnl/libmnl.h>

#include "genl.h"
#include "util.h"

#ifndef SOL_NETLINK
#define SOL_NETLINK 270
#endif

static void err_clear(struct genl_err *err)
{
	memset(err, 0, sizeof(*err));
}

static int err_set(struct genl_err *err, int error, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int err_set(struct genl_err *err, int error, const char *fmt, ...)
{
	va_list ap;

	err->error = error;
	err->kernel_msg = false;
	va_start(ap, fmt);
	vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
	va_end(ap);
	return error;
}

const char *genl_strerror(const struct genl_err *err)
{
	if (err->msg[0])
		return err->msg;
	return strerror(err->error < 0 ? -err->error : err->error);
}

struct nlmsghdr *genl_msg_start(void *buf, uint16_t family, uint8_t cmd,
				uint8_t version, uint16_t flags)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	struct genlmsghdr *g;

	nlh->nlmsg_type = family;
	nlh->nlmsg_flags = NLM_F_REQUEST | flags;
	g = mnl_nlmsg_put_extra_header(nlh, sizeof(*g));
	g->cmd = cmd;
	g->version = version;
	return nlh;
}

/* Extended ACK attributes following the error code (and echoed request). */
static void parse_extack(const struct nlmsghdr *nlh, size_t off,
			 struct genl_err *err)
{
	const struct nlattr *a;

	if (!(nlh->nlmsg_flags & NLM_F_ACK_TLVS))
		return;
	if (off > mnl_nlmsg_get_payload_len(nlh))
		return;
	mnl_attr_for_each(a, nlh, off) {
		switch (mnl_attr_get_type(a)) {
		case NLMSGERR_ATTR_MSG:
			if (mnl_attr_validate(a, MNL_TYPE_NUL_STRING) < 0)
				break;
			snprintf(err->msg, sizeof(err->msg), "%s",
				 mnl_attr_get_str(a));
			/* Kernel messages sometimes end with a newline. */
			err->msg[strcspn(err->msg, "\n")] = '\0';
			err->kernel_msg = err->msg[0] != '\0';
			break;
		case NLMSGERR_ATTR_OFFS:
			if (mnl_attr_validate(a, MNL_TYPE_U32) < 0)
				break;
			err->has_offs = true;
			err->offs = mnl_attr_get_u32(a);
			break;
		case NLMSGERR_ATTR_MISS_TYPE:
			if (mnl_attr_validate(a, MNL_TYPE_U32) < 0)
				break;
			err->has_miss_type = true;
			err->miss_type = mnl_attr_get_u32(a);
			break;
		}
	}
}

/*
 * The errno of an error message as a negative number: the kernel sends
 * -1..-MAX_ERRNO; a few senders use positive ones. Anything else (a
 * value that -x cannot even represent) makes the message malformed.
 */
#define GENL_MAX_ERRNO	4095

static int errno_of(int e, struct genl_err *err)
{
	if (e >= -GENL_MAX_ERRNO && e <= GENL_MAX_ERRNO)
		return e > 0 ? -e : e;
	return err_set(err, -EBADMSG,
		       "invalid error code %d in netlink error message", e);
}

void genl_parse_error(const struct nlmsghdr *nlh, struct genl_err *err)
{
	size_t plen = mnl_nlmsg_get_payload_len(nlh);
	size_t off;

	err->msg[0] = '\0';
	err->kernel_msg = false;
	err->has_offs = false;
	err->has_miss_type = false;

	if (nlh->nlmsg_type == NLMSG_DONE) {
		int e = 0;

		if (plen >= sizeof(int))
			memcpy(&e, mnl_nlmsg_get_payload(nlh), sizeof(int));
		err->error = e < 0 ? errno_of(e, err) : 0;
		if (err->msg[0])
			return;
		parse_extack(nlh, sizeof(int), err);
	} else {
		const struct nlmsgerr *e = mnl_nlmsg_get_payload(nlh);

		if (plen < sizeof(*e)) {
			err_set(err, -EBADMSG, "truncated netlink error message");
			return;
		}
		err->error = errno_of(e->error, err);
		if (err->msg[0])
			return;
		off = sizeof(*e);
		if (!(nlh->nlmsg_flags & NLM_F_CAPPED) &&
		    e->msg.nlmsg_len >= sizeof(struct nlmsghdr))
			off += e->msg.nlmsg_len - sizeof(struct nlmsghdr);
		parse_extack(nlh, off, err);
	}
	if (err->error && !err->msg[0] && err->has_miss_type)
		snprintf(err->msg, sizeof(err->msg),
			 "%s (missing attribute type %u)",
			 strerror(-err->error), err->miss_type);
}

static ssize_t nl_recv(struct genl_sock *gs, int flags)
{
	return nl_recv_kernel(genl_fd(gs), gs->rxbuf, GENL_RXBUF_LEN, flags);
}

static int talk_recv(struct genl_sock *gs, uint32_t seq, bool dump,
		     genl_cb_t cb, void *data, struct genl_err *err)
{
	struct genl_err cbe;
	int cb_err = 0;

	memset(&cbe, 0, sizeof(cbe));
	for (;;) {
		ssize_t n = nl_recv(gs, 0);
		const struct nlmsghdr *nlh;
		int len;

		if (n < 0)
			return err_set(err, (int)n, "netlink receive: %s",
				       strerror((int)-n));
		len = (int)n;
		for (nlh = (const struct nlmsghdr *)gs->rxbuf;
		     genl_nlmsg_ok(nlh, len);
		     nlh = mnl_nlmsg_next(nlh, &len)) {
			if (nlh->nlmsg_seq != seq ||
			    (nlh->nlmsg_pid && nlh->nlmsg_pid != gs->portid))
				continue;	/* stale or not ours */
			if (nlh->nlmsg_flags & NLM_F_DUMP_INTR)
				err->dump_intr = true;
			switch (nlh->nlmsg_type) {
			case NLMSG_NOOP:
			case NLMSG_OVERRUN:
				continue;
			case NLMSG_ERROR:
			case NLMSG_DONE: {
				bool intr = err->dump_intr;

				if (nlh->nlmsg_type == NLMSG_DONE && !dump)
					continue;
				genl_parse_error(nlh, err);
				err->dump_intr = intr;
				if (err->error)
					return err->error;
				if (cb_err) {
					cbe.error = cb_err;
					cbe.dump_intr = intr;
					*err = cbe;
					return cb_err;
				}
				/* ACK: a warning may sit in err->msg. */
				return 0;
			}
			default:
				if (cb && !cb_err) {
					cb_err = cb(nlh, data, &cbe);
					if (cb_err > 0)
						cb_err = -cb_err;
				}
			}
		}
	}
}

int genl_talk(struct genl_sock *gs, struct nlmsghdr *nlh, genl_cb_t cb,
	      void *data, struct genl_err *err)
{
	bool dump = (nlh->nlmsg_flags & NLM_F_DUMP) == NLM_F_DUMP;

	err_clear(err);
	nlh->nlmsg_flags |= NLM_F_REQUEST;
	if (!dump)
		nlh->nlmsg_flags |= NLM_F_ACK;
	nlh->nlmsg_seq = ++gs->seq;
	nlh->nlmsg_pid = 0;
	if (mnl_socket_sendto(gs->nl, nlh, nlh->nlmsg_len) < 0)
		return err_set(err, -errno, "netlink send: %s",
			       strerror(errno));
	return talk_recv(gs, nlh->nlmsg_seq, dump, cb, data, err);
}

struct family_info {
	struct genl_sock *gs;
	bool found;
};

static int mcgrp_cb(const struct nlattr *a, void *data)
{
	struct genl_sock *gs = data;
	const struct nlattr *x;
	const char *name = NULL;
	uint32_t id = 0;

	if (gs->n_mcgrps >= GENL_MAX_MCGRPS)
		return MNL_CB_OK;
	mnl_attr_for_each_nested(x, a) {
		switch (mnl_attr_get_type(x)) {
		case CTRL_ATTR_MCAST_GRP_NAME:
			if (mnl_attr_validate(x, MNL_TYPE_NUL_STRING) == 0)
				name = mnl_attr_get_str(x);
			break;
		case CTRL_ATTR_MCAST_GRP_ID:
			if (mnl_attr_validate(x, MNL_TYPE_U32) == 0)
				id = mnl_attr_get_u32(x);
			break;
		}
	}
	if (name && id) {
		snprintf(gs->mcgrps[gs->n_mcgrps].name, GENL_NAMSIZ, "%s",
			 name);
		gs->mcgrps[gs->n_mcgrps].id = id;
		gs->n_mcgrps++;
	}
	return MNL_CB_OK;
}

bool genl_parse_family(const struct nlmsghdr *nlh, struct genl_sock *gs)
{
	const struct nlattr *a;
	bool found = false;

	mnl_attr_for_each(a, nlh, GENL_HDRLEN) {
		switch (mnl_attr_get_type(a)) {
		case CTRL_ATTR_FAMILY_ID:
			if (mnl_attr_validate(a, MNL_TYPE_U16) == 0) {
				gs->family_id = mnl_attr_get_u16(a);
				found = true;
			}
			break;
		case CTRL_ATTR_VERSION:
			if (mnl_attr_validate(a, MNL_TYPE_U32) == 0)
				gs->family_version =
					(uint8_t)mnl_attr_get_u32(a);
			break;
		case CTRL_ATTR_MCAST_GROUPS:
			mnl_attr_parse_nested(a, mcgrp_cb, gs);
			break;
		}
	}
	return found;
}

static int family_cb(const struct nlmsghdr *nlh, void *data,
		     struct genl_err *err)
{
	struct family_info *fi = data;

	(void)err;
	if (genl_parse_family(nlh, fi->gs))
		fi->found = true;
	return 0;
}

static int resolve_family(struct genl_sock *gs, const char *family,
			  struct genl_err *err)
{
	char buf[256] __attribute__((aligned(8)));
	struct nlmsghdr *nlh;
	struct family_info fi = { .gs = gs };
	int ret;

	memset(buf, 0, sizeof(buf));	/* attribute padding goes out too */
	nlh = genl_msg_start(buf, GENL_ID_CTRL, CTRL_CMD_GETFAMILY, 1, 0);
	if (!mnl_attr_put_strz_check(nlh, sizeof(buf), CTRL_ATTR_FAMILY_NAME,
				     family))
		return err_set(err, -EINVAL, "family name too long");
	gs->n_mcgrps = 0;
	ret = genl_talk(gs, nlh, family_cb, &fi, err);
	if (ret == -ENOENT)
		return err_set(err, ret,
			       "generic netlink family \"%s\" not found (is the %s module loaded?)",
			       family, family);
	if (ret < 0)
		return ret;
	if (!fi.found)
		return err_set(err, -EPROTO,
			       "no id for generic netlink family \"%s\"",
			       family);
	return 0;
}

int genl_open(struct genl_sock *gs, const char *family, struct genl_err *err)
{
	int one = 1;
	int ret;

	memset(gs, 0, sizeof(*gs));
	err_clear(err);
	gs->rxbuf = malloc(GENL_RXBUF_LEN);
	if (!gs->rxbuf)
		return err_set(err, -ENOMEM, "out of memory");
	gs->nl = mnl_socket_open(NETLINK_GENERIC);
	if (!gs->nl) {
		ret = -errno;
		err_set(err, ret, "cannot open generic netlink socket: %s",
			strerror(errno));
		goto fail;
	}
	if (mnl_socket_bind(gs->nl, 0, MNL_SOCKET_AUTOPID) < 0) {
		ret = -errno;
		err_set(err, ret, "cannot bind netlink socket: %s",
			strerror(errno));
		goto fail;
	}
	gs->portid = mnl_socket_get_portid(gs->nl);
	gs->seq = (uint32_t)time(NULL);
	/* Best effort: older kernels lack these, errors then lose detail. */
	mnl_socket_setsockopt(gs->nl, NETLINK_EXT_ACK, &one, sizeof(one));
	mnl_socket_setsockopt(gs->nl, NETLINK_CAP_ACK, &one, sizeof(one));

	ret = resolve_family(gs, family, err);
	if (ret < 0)
		goto fail;
	return 0;
fail:
	genl_close(gs);
	return ret;
}

void genl_close(struct genl_sock *gs)
{
	if (gs->nl)
		mnl_socket_close(gs->nl);
	free(gs->rxbuf);
	gs->nl = NULL;
	gs->rxbuf = NULL;
}

int genl_fd(const struct genl_sock *gs)
{
	return mnl_socket_get_fd(gs->nl);
}

uint32_t genl_mcgrp_id(const struct genl_sock *gs, const char *name)
{
	unsigned int i;

	for (i = 0; i < gs->n_mcgrps; i++)
		if (!strcmp(gs->mcgrps[i].name, name))
			return gs->mcgrps[i].id;
	return 0;
}

int genl_subscribe(struct genl_sock *gs, uint32_t group)
{
	if (mnl_socket_setsockopt(gs->nl, NETLINK_ADD_MEMBERSHIP, &group,
				  sizeof(group)) < 0)
		return -errno;
	return 0;
}

void genl_set_rcvbuf(struct genl_sock *gs, int bytes)
{
	sock_set_rcvbuf(genl_fd(gs), bytes);
}

static int recv_one(struct genl_sock *gs, genl_cb_t cb, void *data,
		    struct genl_err *err, int flags)
{
	const struct nlmsghdr *nlh;
	ssize_t n;
	int len;

	err_clear(err);
	n = nl_recv(gs, flags);
	if (n == -EAGAIN)
		return -EAGAIN;
	if (n < 0)
		return err_set(err, (int)n, "netlink receive: %s",
			       strerror((int)-n));
	len = (int)n;
	for (nlh = (const struct nlmsghdr *)gs->rxbuf; genl_nlmsg_ok(nlh, len);
	     nlh = mnl_nlmsg_next(nlh, &len)) {
		int ret;

		if (nlh->nlmsg_type != gs->family_id)
			continue;
		ret = cb(nlh, data, err);
		if (ret)
			return ret > 0 ? -ret : ret;
	}
	return 0;
}

int genl_recv(struct genl_sock *gs, genl_cb_t cb, void *data,
	      struct genl_err *err)
{
	return recv_one(gs, cb, data, err, 0);
}

int genl_recv_nowait(struct genl_sock *gs, genl_cb_t cb, void *data,
		     struct genl_err *err)
{
	return recv_one(gs, cb, data, err, MSG_DONTWAIT);
}

size_t genl_nlmsg_valid_len(const void *buf, size_t len)
{
	const struct nlmsghdr *nlh = buf;
	int rest = len > INT_MAX ? INT_MAX : (int)len;
	size_t off;

	while (genl_nlmsg_ok(nlh, rest))
		nlh = mnl_nlmsg_next(nlh, &rest);
	off = (size_t)((const char *)nlh - (const char *)buf);
	return off < len ? off : len;
}

bool genl_attr_uint(const struct nlattr *a, uint64_t *out)
{
	uint32_t v32;

	switch (mnl_attr_get_payload_len(a)) {
	case 8:
		*out = mnl_attr_get_u64(a);
		return true;
	case 4:
		memcpy(&v32, mnl_attr_get_payload(a), 4);
		*out = v32;
		return true;
	}
	return false;
}
