// SPDX-License-Identifier: GPL-2.0
/*
 * test_daemon.c - ipmobd's event handling: how notifications change the
 * daemon's view of the binding table. ipmobd.c is compiled in here with
 * its main() renamed.
 */
#define main ipmobd_main
#include "../daemon/ipmobd.c"
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

/* An IPv4 binding (IPMOB_BA_HOA4, no IPMOB_BA_HOA) as the kernel sends it. */
static void put_binding4(struct nlmsghdr *nlh, const char *hoa4,
			 const char *peer4, uint32_t ifindex)
{
	struct nlattr *n, *c;
	struct in_addr a;

	n = mnl_attr_nest_start(nlh, IPMOB_A_BINDING);
	inet_pton(AF_INET, hoa4, &a);
	mnl_attr_put(nlh, IPMOB_BA_HOA4, 4, &a);
	if (peer4) {
		inet_pton(AF_INET, peer4, &a);
		mnl_attr_put(nlh, IPMOB_BA_PEER4, 4, &a);
	}
	mnl_attr_put_u8(nlh, IPMOB_BA_MODE, IPMOB_MODE_TUNNEL);
	mnl_attr_put_u32(nlh, IPMOB_BA_IFINDEX, ifindex);
	c = mnl_attr_nest_start(nlh, IPMOB_BA_COA);
	inet_pton(AF_INET, "10.0.2.100", &a);
	mnl_attr_put(nlh, IPMOB_CA_ADDR4, 4, &a);
	mnl_attr_put_u8(nlh, IPMOB_CA_ENCAP, IPMOB_ENCAP_IP);
	mnl_attr_nest_end(nlh, c);
	mnl_attr_nest_end(nlh, n);
}

/*
 * IPv4 bindings in the kernel's table: the view mirrors them under keys
 * of their own (never as an IPv6 binding with hoa ::), and none of them
 * is one the daemon's roles would take for theirs.
 */
static void test_daemon_ipv4(void)
{
	static char buf[2048] __attribute__((aligned(8)));
	struct dump_state s;
	struct ipmob_binding key;
	const struct ipmob_binding *b;
	struct nlmsghdr *nlh;
	struct genl_err e;
	struct daemon d;

	memset(&d, 0, sizeof(d));
	CHECK(view_init(&d.view) == 0);

	/* a dump (restart): IPv4 and IPv6 bindings, all parsed */
	nlh = genl_msg_start(buf, FAKE_FAMILY, IPMOB_CMD_BINDING_GET, 1, 0);
	put_binding4(nlh, "10.0.1.100", NULL, 1);
	put_binding4(nlh, "10.0.1.100", "10.0.1.1", 1);
	put_binding4(nlh, "10.0.1.101", NULL, 1);
	memset(&s, 0, sizeof(s));
	s.view = &d.view;
	CHECK(dump_cb(nlh, &s, &e) == 0);
	CHECK(s.count == 3 && s.bad == 0 && !s.nomem);
	CHECK(d.view.count == 3);	/* cache entry and MN binding apart */
	event_cb(event(buf, IPMOB_CMD_BINDING_NEW, "2001:db8:1::100", NULL,
		       IPMOB_MODE_TUNNEL, 1), &d, &e);
	CHECK(d.view.count == 4);

	/* an IPv6 key of hoa :: finds none of them */
	memset(&key, 0, sizeof(key));
	BA_SET(&key, IPMOB_BA_HOA);
	CHECK(view_find(&d.view, &key) == NULL);
	/* the IPv4 key finds the IPv4 binding, which is no daemon's */
	inet_pton(AF_INET, "10.0.1.100", &key.hoa4);
	key.present = BA_BIT(IPMOB_BA_HOA4);
	b = view_find(&d.view, &key);
	CHECK(b && binding_kind(b) == BINDING_KIND_CACHE &&
	      b->coa[0].has_addr4 && !b->coa[0].has_addr);
	CHECK(b && !binding_hoa_is6(b) && !binding_is_ip6_only(b));
	key.peer4 = b ? b->peer4 : key.peer4;
	BA_SET(&key, IPMOB_BA_PEER4);
	b = view_find(&d.view, &key);
	CHECK(b && binding_kind(b) == BINDING_KIND_MN_HOME &&
	      !binding_hoa_is6(b));

	/* events of IPv4 bindings touch only their own keys */
	nlh = genl_msg_start(buf, FAKE_FAMILY, IPMOB_CMD_BINDING_EXPIRED, 1, 0);
	put_binding4(nlh, "10.0.1.100", NULL, 1);
	CHECK(event_cb(nlh, &d, &e) == 0);
	CHECK(d.view.count == 3);
	nlh = genl_msg_start(buf, FAKE_FAMILY, IPMOB_CMD_BINDING_DEL, 1, 0);
	put_binding4(nlh, "10.0.1.100", "10.0.1.1", 1);
	CHECK(event_cb(nlh, &d, &e) == 0);
	CHECK(d.view.count == 2);
	memset(&key, 0, sizeof(key));
	inet_pton(AF_INET6, "2001:db8:1::100", &key.hoa);
	BA_SET(&key, IPMOB_BA_HOA);
	b = view_find(&d.view, &key);
	CHECK(b && binding_is_ip6_only(b));

	/* a malformed IPv4 address (16 bytes) is skipped, not misread */
	nlh = genl_msg_start(buf, FAKE_FAMILY, IPMOB_CMD_BINDING_NEW, 1, 0);
	{
		struct nlattr *n = mnl_attr_nest_start(nlh, IPMOB_A_BINDING);

		mnl_attr_put(nlh, IPMOB_BA_HOA4, 16, &key.hoa);
		mnl_attr_nest_end(nlh, n);
	}
	CHECK(event_cb(nlh, &d, &e) == 0);
	CHECK(d.view.count == 2);

	view_free(&d.view);
}

static bool file_is(const char *path, const char *want)
{
	char got[64];

	return sysctl_get(path, got, sizeof(got)) == 0 && !strcmp(got, want);
}

/* the start-up journal (undo.c), on files standing in for sysctls */
static void test_undo(void)
{
	static struct daemon d;
	char dir[] = "/tmp/ipmob-undo-XXXXXX", a[64], b[64];
	FILE *f;

	CHECK(mkdtemp(dir) != NULL);
	snprintf(a, sizeof(a), "%s/a", dir);
	snprintf(b, sizeof(b), "%s/b", dir);
	f = fopen(a, "w");
	CHECK(f && fputs("0\n", f) >= 0);
	if (f)
		fclose(f);
	f = fopen(b, "w");
	CHECK(f && fputs("1\n", f) >= 0);
	if (f)
		fclose(f);

	memset(&d, 0, sizeof(d));
	log_max = -1;
	/* not armed: set, nothing recorded */
	CHECK(undo_sysctl_set(&d, "%s", a, "1") == 0 && file_is(a, "1"));
	CHECK(d.undo.n == 0);
	CHECK(undo_sysctl_set(&d, "%s", a, "0") == 0 && file_is(a, "0"));
	/* armed: a change is recorded, the same value is not */
	d.undo.armed = true;
	CHECK(undo_sysctl_set(&d, "%s", a, "1") == 0 && d.undo.n == 1);
	CHECK(undo_sysctl_set(&d, "%s", b, "1") == 0 && d.undo.n == 1);
	CHECK(undo_sysctl_set(&d, "%s", b, "7") == 0 && d.undo.n == 2);
	CHECK(undo_sysctl_set(&d, "%s", a, "2") == 0 && d.undo.n == 3);
	CHECK(file_is(a, "2") && file_is(b, "7"));
	/* a missing file: an error, nothing recorded */
	CHECK(undo_sysctl_set(&d, "%s/none", dir, "1") < 0 && d.undo.n == 3);
	/* start-up failed: newest first, so a ends as it was found */
	undo_run(&d);
	CHECK(file_is(a, "0") && file_is(b, "1"));
	CHECK(d.undo.n == 0 && !d.undo.armed);
	/* once started, nothing is undone */
	d.undo.armed = true;
	CHECK(undo_sysctl_set(&d, "%s", a, "1") == 0 && d.undo.n == 1);
	undo_forget(&d);
	undo_run(&d);
	CHECK(file_is(a, "1"));
	/* a full journal still sets */
	d.undo.armed = true;
	d.undo.n = UNDO_MAX;
	CHECK(undo_sysctl_set(&d, "%s", a, "5") == 0 && file_is(a, "5"));
	CHECK(d.undo.n == UNDO_MAX);
	undo_forget(&d);
	unlink(a);
	unlink(b);
	CHECK(rmdir(dir) == 0);
}

void test_daemon(void)
{
	static char buf[1024] __attribute__((aligned(8)));
	struct ipmob_binding key;
	struct genl_err e;
	struct nlmsghdr *nlh;
	struct daemon d;

	test_undo();
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
	test_daemon_ipv4();
}
