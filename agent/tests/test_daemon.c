// SPDX-License-Identifier: GPL-2.0
/*
 * test_daemon.c - ipmobd's event handling: how notifications change the
 * daemon's view of the binding table. ipmobd.c is compiled in here with
 * its main() renamed.
 */
#define main ipmobd_main
#include "../ipmobd.c"
#undef main

#include <arpa/inet.h>

#include "t.h"

static struct nlmsghdr *event(char *buf, uint8_t cmd, const char *hoa,
			      const char *peer, uint8_t mode, uint32_t ifindex)
{
	struct nlmsghdr *nlh = genl_msg_start(buf, FAKE_FAMILY, cmd, 1, 0);
	struct nlattr *n, *c;
	struct in6_addr a;

	n = mnl_attr_nest_start(nlh, IPMOB_A_BINDING);
	inet_pton(AF_INET6, hoa, &a);
	mnl_attr_put(nlh, IPMOB_BA_HOA, 16, &a);
	if (peer) {
		inet_pton(AF_INET6, peer, &a);
		mnl_attr_put(nlh, IPMOB_BA_PEER, 16, &a);
	}
	mnl_attr_put_u8(nlh, IPMOB_BA_MODE, mode);
	mnl_attr_put_u32(nlh, IPMOB_BA_IFINDEX, ifindex);
	c = mnl_attr_nest_start(nlh, IPMOB_BA_COA);
	inet_pton(AF_INET6, "2001:db8:2::100", &a);
	mnl_attr_put(nlh, IPMOB_CA_ADDR, 16, &a);
	mnl_attr_nest_end(nlh, c);
	mnl_attr_nest_end(nlh, n);
	return nlh;
}

void test_daemon(void)
{
	static char buf[1024] __attribute__((aligned(8)));
	struct ipmob_binding key;
	struct genl_err e;
	struct nlmsghdr *nlh;
	struct daemon d;

	memset(&d, 0, sizeof(d));
	log_max = -1;		/* quiet */
	CHECK(view_init(&d.view) == 0);

	/* new, set of the same key, refresh: one binding */
	event_cb(event(buf, IPMOB_CMD_BINDING_NEW, "2001:db8:1::100", NULL,
		       IPMOB_MODE_TUNNEL, 1), &d, &e);
	CHECK(d.view.count == 1);
	event_cb(event(buf, IPMOB_CMD_BINDING_SET, "2001:db8:1::100", NULL,
		       IPMOB_MODE_TUNNEL, 1), &d, &e);
	CHECK(d.view.count == 1);
	event_cb(event(buf, IPMOB_CMD_BINDING_REFRESH, "2001:db8:1::100", NULL,
		       IPMOB_MODE_TUNNEL, 1), &d, &e);
	CHECK(d.view.count == 1);

	/* the mobile node's home registration and a RO binding */
	event_cb(event(buf, IPMOB_CMD_BINDING_NEW, "2001:db8:1::100",
		       "2001:db8:1::1", IPMOB_MODE_TUNNEL, 2), &d, &e);
	event_cb(event(buf, IPMOB_CMD_BINDING_NEW, "2001:db8:1::100",
		       "2001:db8:c::2", IPMOB_MODE_RO, 2), &d, &e);
	CHECK(d.view.count == 3);
	memset(&key, 0, sizeof(key));
	inet_pton(AF_INET6, "2001:db8:1::100", &key.hoa);
	BA_SET(&key, IPMOB_BA_HOA);
	CHECK(view_find(&d.view, &key) != NULL);

	/* expired and del remove */
	event_cb(event(buf, IPMOB_CMD_BINDING_EXPIRED, "2001:db8:1::100", NULL,
		       IPMOB_MODE_TUNNEL, 1), &d, &e);
	CHECK(d.view.count == 2 && view_find(&d.view, &key) == NULL);
	event_cb(event(buf, IPMOB_CMD_BINDING_DEL, "2001:db8:1::100",
		       "2001:db8:c::2", IPMOB_MODE_RO, 2), &d, &e);
	CHECK(d.view.count == 1);

	/* flush of one device */
	event_cb(event(buf, IPMOB_CMD_BINDING_NEW, "2001:db8:1::200", NULL,
		       IPMOB_MODE_TUNNEL, 3), &d, &e);
	CHECK(d.view.count == 2);
	nlh = genl_msg_start(buf, FAKE_FAMILY, IPMOB_CMD_BINDING_FLUSH, 1, 0);
	mnl_attr_put_u32(nlh, IPMOB_A_IFINDEX, 3);
	event_cb(nlh, &d, &e);
	CHECK(d.view.count == 1);

	/* berr_needed, a malformed nest, a truncated message: no change */
	nlh = genl_msg_start(buf, FAKE_FAMILY, IPMOB_CMD_BERR_NEEDED, 1, 0);
	mnl_attr_put_u8(nlh, IPMOB_A_BE_STATUS, IPMOB_BE_UNKNOWN_HAO);
	mnl_attr_put_u32(nlh, IPMOB_A_SRC, 5);	/* wrong size: ignored */
	CHECK(event_cb(nlh, &d, &e) == 0);
	nlh = genl_msg_start(buf, FAKE_FAMILY, IPMOB_CMD_BINDING_NEW, 1, 0);
	{
		struct nlattr *n = mnl_attr_nest_start(nlh, IPMOB_A_BINDING);

		mnl_attr_put_u32(nlh, IPMOB_BA_HOA, 1);
		mnl_attr_nest_end(nlh, n);
	}
	CHECK(event_cb(nlh, &d, &e) == 0);
	nlh->nlmsg_len = NLMSG_HDRLEN + 1;
	CHECK(event_cb(nlh, &d, &e) == 0);
	CHECK(d.view.count == 1);

	view_free(&d.view);
}
