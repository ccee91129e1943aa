// SPDX-License-Identifier: GPL-2.0
/*
 * test_genl.c - genl.c: extended ACK decoding on synthesized messages,
 * and the request/dump/error paths against the kernel's own "nlctrl"
 * family (present on every Linux; the ipmob module is not needed).
 */
#include <errno.h>
#include <limits.h>
#include <unistd.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <libmnl/libmnl.h>

#include "t.h"

/* NLMSG_ERROR as the kernel builds it: error, request (or its header). */
static struct nlmsghdr *make_error(char *buf, int error, bool capped,
				   const char *msg, bool offs)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf), *req;
	struct nlmsgerr *e;

	nlh->nlmsg_type = NLMSG_ERROR;
	e = mnl_nlmsg_put_extra_header(nlh, sizeof(*e));
	e->error = error;
	e->msg.nlmsg_len = NLMSG_HDRLEN + GENL_HDRLEN + 8;
	e->msg.nlmsg_type = 0x20;
	if (capped) {
		nlh->nlmsg_flags |= NLM_F_CAPPED;
	} else {
		/* echoed payload of the request: genl header + one u32 attr */
		req = (struct nlmsghdr *)((char *)nlh + nlh->nlmsg_len);
		memset(req, 0xab, GENL_HDRLEN + 8);
		nlh->nlmsg_len += GENL_HDRLEN + 8;
	}
	if (msg || offs)
		nlh->nlmsg_flags |= NLM_F_ACK_TLVS;
	if (msg)
		mnl_attr_put_strz(nlh, NLMSGERR_ATTR_MSG, msg);
	if (offs)
		mnl_attr_put_u32(nlh, NLMSGERR_ATTR_OFFS, 20);
	return nlh;
}

static void test_parse_error(void)
{
	static char buf[1024];
	struct nlmsghdr *nlh;
	struct genl_err e;

	memset(&e, 0, sizeof(e));
	nlh = make_error(buf, -EEXIST, true, "binding exists", true);
	genl_parse_error(nlh, &e);
	CHECK(e.error == -EEXIST);
	CHECK_STR(e.msg, "binding exists");
	CHECK(e.kernel_msg && e.has_offs && e.offs == 20);

	nlh = make_error(buf, -EINVAL, false, "bad coa\n", false);
	genl_parse_error(nlh, &e);
	CHECK(e.error == -EINVAL);
	CHECK_STR(e.msg, "bad coa");	/* newline dropped */
	CHECK(!e.has_offs);

	nlh = make_error(buf, -ENOENT, false, NULL, false);
	genl_parse_error(nlh, &e);
	CHECK(e.error == -ENOENT && e.msg[0] == '\0' && !e.kernel_msg);
	CHECK_STR(genl_strerror(&e), "No such file or directory");

	/* ACK with a warning */
	nlh = make_error(buf, 0, true, "deprecated", false);
	genl_parse_error(nlh, &e);
	CHECK(e.error == 0 && e.kernel_msg);

	/* missing attribute without message */
	nlh = make_error(buf, -EINVAL, true, NULL, false);
	nlh->nlmsg_flags |= NLM_F_ACK_TLVS;
	mnl_attr_put_u32(nlh, NLMSGERR_ATTR_MISS_TYPE, 8);
	genl_parse_error(nlh, &e);
	CHECK_STR(e.msg, "Invalid argument (missing attribute type 8)");

	/* truncated error message */
	nlh = mnl_nlmsg_put_header(buf);
	nlh->nlmsg_type = NLMSG_ERROR;
	nlh->nlmsg_len = NLMSG_HDRLEN + 2;
	genl_parse_error(nlh, &e);
	CHECK(e.error == -EBADMSG);

	/* echoed length larger than the message: TLVs ignored, no overread */
	nlh = make_error(buf, -EINVAL, false, "x", false);
	((struct nlmsgerr *)mnl_nlmsg_get_payload(nlh))->msg.nlmsg_len = 60000;
	genl_parse_error(nlh, &e);
	CHECK(e.error == -EINVAL && e.msg[0] == '\0');

	/*
	 * An error code no errno can be (found by fuzz_genl: INT_MIN has
	 * no negation): a malformed message, said so.
	 */
	nlh = make_error(buf, INT_MIN, true, "x", false);
	genl_parse_error(nlh, &e);
	CHECK(e.error == -EBADMSG && !e.kernel_msg);
	CHECK_STR(genl_strerror(&e), "invalid error code -2147483648 in netlink error message");
	nlh = make_error(buf, 4096, true, NULL, false);
	genl_parse_error(nlh, &e);
	CHECK(e.error == -EBADMSG);
	nlh = make_error(buf, EPERM, true, NULL, false);	/* positive */
	genl_parse_error(nlh, &e);
	CHECK(e.error == -EPERM && !e.msg[0]);
	nlh = make_error(buf, -4095, true, NULL, false);
	genl_parse_error(nlh, &e);
	CHECK(e.error == -4095 && genl_strerror(&e));
	nlh = mnl_nlmsg_put_header(buf);
	nlh->nlmsg_type = NLMSG_DONE;
	*(int *)mnl_nlmsg_put_extra_header(nlh, sizeof(int)) = INT_MIN;
	genl_parse_error(nlh, &e);
	CHECK(e.error == -EBADMSG && e.msg[0]);

	/* NLMSG_DONE of a failed dump: int error, then TLVs */
	nlh = mnl_nlmsg_put_header(buf);
	nlh->nlmsg_type = NLMSG_DONE;
	nlh->nlmsg_flags = NLM_F_MULTI | NLM_F_ACK_TLVS;
	*(int *)mnl_nlmsg_put_extra_header(nlh, sizeof(int)) = -ENODEV;
	mnl_attr_put_strz(nlh, NLMSGERR_ATTR_MSG, "no such device");
	genl_parse_error(nlh, &e);
	CHECK(e.error == -ENODEV);
	CHECK_STR(e.msg, "no such device");
}

static int count_cb(const struct nlmsghdr *nlh, void *data,
		    struct genl_err *err)
{
	(void)nlh;
	(void)err;
	(*(int *)data)++;
	return 0;
}

static int fail_cb(const struct nlmsghdr *nlh, void *data,
		   struct genl_err *err)
{
	(void)nlh;
	(*(int *)data)++;
	snprintf(err->msg, sizeof(err->msg), "callback said no");
	return -EPROTO;
}

static void test_live(void)
{
	static char buf[512];
	struct genl_sock gs;
	struct genl_err e;
	struct nlmsghdr *nlh;
	uint32_t bad = 1;
	int n = 0, ret;

	if (genl_open(&gs, "nlctrl", &e) < 0) {
		printf("genl: no generic netlink here (%s), live tests skipped\n",
		       genl_strerror(&e));
		return;
	}
	CHECK(gs.family_id == GENL_ID_CTRL);
	CHECK(genl_mcgrp_id(&gs, "notify") != 0);
	CHECK(genl_mcgrp_id(&gs, "nonexistent") == 0);

	/* dump: every family, several per recv, ends with NLMSG_DONE */
	nlh = genl_msg_start(buf, GENL_ID_CTRL, CTRL_CMD_GETFAMILY, 1,
			     NLM_F_DUMP);
	CHECK(genl_talk(&gs, nlh, count_cb, &n, &e) == 0);
	CHECK(n >= 2);

	/* a failing callback fails the request but the dump is drained */
	n = 0;
	nlh = genl_msg_start(buf, GENL_ID_CTRL, CTRL_CMD_GETFAMILY, 1,
			     NLM_F_DUMP);
	ret = genl_talk(&gs, nlh, fail_cb, &n, &e);
	CHECK(ret == -EPROTO && n == 1);
	CHECK_STR(e.msg, "callback said no");
	nlh = genl_msg_start(buf, GENL_ID_CTRL, CTRL_CMD_GETFAMILY, 1, 0);
	mnl_attr_put_strz(nlh, CTRL_ATTR_FAMILY_NAME, "nlctrl");
	n = 0;
	CHECK(genl_talk(&gs, nlh, count_cb, &n, &e) == 0 && n == 1);

	/* a policy violation: errno plus the kernel's extack message */
	nlh = genl_msg_start(buf, GENL_ID_CTRL, CTRL_CMD_GETFAMILY, 1, 0);
	mnl_attr_put_strz(nlh, CTRL_ATTR_FAMILY_NAME,
			  "name-longer-than-genl-namsiz");
	ret = genl_talk(&gs, nlh, NULL, NULL, &e);
	CHECK(ret == -EINVAL);
	CHECK(e.kernel_msg && e.msg[0]);
	/* the offset points at the attribute: after nlmsghdr + genlmsghdr */
	CHECK(e.has_offs && e.offs == NLMSG_HDRLEN + GENL_HDRLEN);
	printf("genl: kernel said \"%s\"%s\n", genl_strerror(&e),
	       e.has_offs ? " (with offset)" : "");

	/* a 4-byte family id passes nlctrl's lax policy: just not found */
	nlh = genl_msg_start(buf, GENL_ID_CTRL, CTRL_CMD_GETFAMILY, 1, 0);
	mnl_attr_put(nlh, CTRL_ATTR_FAMILY_ID, sizeof(bad), &bad);
	CHECK(genl_talk(&gs, nlh, NULL, NULL, &e) == -ENOENT);

	/* unknown family: ENOENT, with our explanation */
	nlh = genl_msg_start(buf, GENL_ID_CTRL, CTRL_CMD_GETFAMILY, 1, 0);
	mnl_attr_put_strz(nlh, CTRL_ATTR_FAMILY_NAME, "nosuchfamily");
	CHECK(genl_talk(&gs, nlh, NULL, NULL, &e) == -ENOENT);
	genl_close(&gs);

	CHECK(genl_open(&gs, "nosuchfamily", &e) == -ENOENT);
	CHECK_STR(e.msg, "generic netlink family \"nosuchfamily\" not found (is the nosuchfamily module loaded?)");
}

/*
 * A message claiming 2 GiB or more (found by fuzz_genl): libmnl 1.0.4's
 * mnl_nlmsg_ok() takes it, genl_nlmsg_ok() must not.
 */
static void test_nlmsg_bounds(void)
{
	static uint32_t buf[64];
	struct nlmsghdr *nlh = (struct nlmsghdr *)buf;
	char *p = (char *)buf;

	memset(buf, 0, sizeof(buf));
	nlh->nlmsg_len = 0x8c8c002a;
	CHECK(!genl_nlmsg_ok(nlh, 16));
	CHECK(!genl_nlmsg_ok(nlh, (int)sizeof(buf)));
	CHECK(genl_nlmsg_valid_len(buf, sizeof(buf)) == 0);
	nlh->nlmsg_len = 0x80000000;
	CHECK(!genl_nlmsg_ok(nlh, (int)sizeof(buf)));
	nlh->nlmsg_len = 15;
	CHECK(!genl_nlmsg_ok(nlh, (int)sizeof(buf)));
	nlh->nlmsg_len = 16;
	CHECK(genl_nlmsg_ok(nlh, 16) && !genl_nlmsg_ok(nlh, 15));
	CHECK(!genl_nlmsg_ok(nlh, -1));

	/* two good messages (the second unaligned), then the bad one */
	nlh->nlmsg_len = 20;
	((struct nlmsghdr *)(p + 20))->nlmsg_len = 17;
	((struct nlmsghdr *)(p + 40))->nlmsg_len = 0xfffffff0;
	CHECK(genl_nlmsg_valid_len(buf, sizeof(buf)) == 40);
	/*
	 * The unaligned one last, without its padding: refused, since
	 * libmnl walks its attributes up to the padded end, past the bytes
	 * received (found by fuzz_genl; the kernel always pads)
	 */
	CHECK(genl_nlmsg_valid_len(buf, 37) == 20);
	CHECK(genl_nlmsg_valid_len(buf, 39) == 20);
	CHECK(!genl_nlmsg_ok((struct nlmsghdr *)(p + 20), 17));
	CHECK(genl_nlmsg_ok((struct nlmsghdr *)(p + 20), 20));
	CHECK(genl_nlmsg_valid_len(buf, 10) == 0);
}

static int never_cb(const struct nlmsghdr *nlh, void *data,
		    struct genl_err *err)
{
	(void)nlh;
	(void)err;
	(*(int *)data)++;
	return 0;
}

/* The same message sent by another process: genl_recv() skips it. */
static void test_nlmsg_bounds_live(void)
{
	uint32_t buf[8] = { 0 };
	struct nlmsghdr *nlh = (struct nlmsghdr *)buf;
	struct sockaddr_nl to = { .nl_family = AF_NETLINK };
	struct timeval tv = { .tv_sec = 2 };
	struct genl_sock gs;
	struct genl_err e;
	int fd, n = 0;

	if (genl_open(&gs, "nlctrl", &e) < 0)
		return;		/* test_live said why */
	fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_GENERIC);
	nlh->nlmsg_len = 0x8c8c002a;
	nlh->nlmsg_type = gs.family_id;
	to.nl_pid = gs.portid;
	setsockopt(genl_fd(&gs), SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	if (fd < 0 || sendto(fd, buf, sizeof(buf), 0, (struct sockaddr *)&to,
			     sizeof(to)) != (ssize_t)sizeof(buf)) {
		printf("genl: cannot send to a netlink socket (%s), oversize message not tested\n",
		       strerror(errno));
	} else {
		CHECK(genl_recv(&gs, never_cb, &n, &e) == 0);
		CHECK(n == 0);
	}
	if (fd >= 0)
		close(fd);
	genl_close(&gs);
}

/*
 * A well-formed message of the family, sent to our port by another
 * process (any may): not the kernel's, so dropped unseen, where it used
 * to reach the callback (a forged notification).
 */
static void test_not_from_kernel(void)
{
	uint32_t buf[8] = { 0 };
	struct nlmsghdr *nlh = (struct nlmsghdr *)buf;
	struct sockaddr_nl to = { .nl_family = AF_NETLINK };
	struct genl_sock gs;
	struct genl_err e;
	int fd, n = 0;

	if (genl_open(&gs, "nlctrl", &e) < 0)
		return;
	fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_GENERIC);
	nlh->nlmsg_len = NLMSG_HDRLEN + 4;
	nlh->nlmsg_type = gs.family_id;
	to.nl_pid = gs.portid;
	if (fd < 0 || sendto(fd, buf, nlh->nlmsg_len, 0,
			     (struct sockaddr *)&to, sizeof(to)) < 0) {
		printf("genl: cannot send to a netlink socket (%s), forged notification not tested\n",
		       strerror(errno));
	} else {
		CHECK(genl_recv(&gs, count_cb, &n, &e) == 0);
		CHECK(n == 0);
		CHECK(genl_recv_nowait(&gs, count_cb, &n, &e) == -EAGAIN);
	}
	if (fd >= 0)
		close(fd);
	genl_close(&gs);
}

void test_genl(void)
{
	test_parse_error();
	test_nlmsg_bounds();
	test_live();
	test_nlmsg_bounds_live();
	test_not_from_kernel();
}
