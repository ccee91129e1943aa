// SPDX-License-Identifier: GPL-2.0
/*
 * test_vici_client.c - ipmobd's VICI client (vici_client.c) against a
 * stand-in charon on the other end of a socketpair (or of a listening
 * unix socket, for the connect path): registrations before on_up, the
 * request/response round trip, events between a request and its
 * response, reassembly, one request on the wire at a time, every
 * protocol violation closing the connection, the bounded queue, the
 * answer deadline, the reconnect backoff and re-registration.
 *
 * The loop is not run: pump() calls the client's fd callback when its
 * socket is readable, fire() a timer's callback.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdlib.h>
#include <unistd.h>
#include <sys/socket.h>
#include <sys/un.h>

#include "t.h"
#include "daemon.h"
#include "vici.h"
#include "vici_client.h"

static struct daemon d;
static struct vici_client c;

/* what the callbacks saw */
static struct {
	unsigned int up, down;
	unsigned int replies, nulls;
	char order[16];			/* the tags of the replies, in order */
	unsigned int n_order;
	enum vici_pkt_type last_type;
	bool last_ok;
	char errbuf[64];
	unsigned int events;
	char ev_name[32];
	char ev_val[32];
	bool stop_in_cb;		/* the next reply callback stops c */
	bool request_in_cb;		/* the next one queues a request 'z' */
	int request_in_cb_ret;
	bool up_saw_up;			/* on_up found c up */
} seen;

static void on_up(void *arg)
{
	(void)arg;
	seen.up++;
	seen.up_saw_up = vici_client_up(&c);
}

static void on_down(void *arg)
{
	(void)arg;
	seen.down++;
}

static long mk(uint8_t *buf, size_t cap, enum vici_pkt_type t,
	       const char *name, const char *key, const char *val);

static void reply_cb(void *arg, const struct vici_pkt *r)
{
	char tag = (char)(unsigned long)arg;

	if (seen.n_order < sizeof(seen.order) - 1)
		seen.order[seen.n_order++] = tag;
	if (!r) {
		seen.nulls++;
	} else {
		seen.replies++;
		seen.last_type = r->type;
	}
	seen.last_ok = vici_reply_ok(r, seen.errbuf, sizeof(seen.errbuf));
	if (seen.stop_in_cb) {
		seen.stop_in_cb = false;
		vici_client_stop(&c);
	}
	if (seen.request_in_cb) {
		uint8_t b[64];
		long n = mk(b, sizeof(b), VICI_CMD_REQUEST, "stats", NULL,
			    NULL);

		seen.request_in_cb = false;
		seen.request_in_cb_ret = vici_client_request(
			&c, b, (size_t)n, reply_cb, (void *)(unsigned long)'z');
	}
}

static void ev_cb(void *arg, const char *name, const uint8_t *msg,
		  size_t len)
{
	(void)arg;
	seen.events++;
	snprintf(seen.ev_name, sizeof(seen.ev_name), "%s", name);
	if (!vici_str(msg, len, "state", seen.ev_val, sizeof(seen.ev_val)))
		seen.ev_val[0] = '\0';
}

/* A segment: a packet of type t, its name, one key/value if key. */
static long mk(uint8_t *buf, size_t cap, enum vici_pkt_type t,
	       const char *name, const char *key, const char *val)
{
	struct vici_w w;

	vici_w_start(&w, buf, cap, t, name);
	if (key)
		vici_w_kvs(&w, key, val);
	return vici_w_finish(&w);
}

static void srv_send(int fd, const void *buf, size_t len)
{
	const uint8_t *p = buf;

	while (len) {
		ssize_t n = send(fd, p, len, MSG_NOSIGNAL);

		if (n <= 0) {
			CHECK(n > 0);
			return;
		}
		p += n;
		len -= (size_t)n;
	}
}

static void srv_pkt(int fd, enum vici_pkt_type t, const char *name,
		    const char *key, const char *val)
{
	uint8_t b[256];
	long n = mk(b, sizeof(b), t, name, key, val);

	CHECK(n > 0);
	if (n > 0)
		srv_send(fd, b, (size_t)n);
}

static bool readable(int fd, int ms)
{
	struct pollfd p = { .fd = fd, .events = POLLIN };

	return poll(&p, 1, ms) == 1;
}

static bool read_full(int fd, uint8_t *buf, size_t len)
{
	while (len) {
		ssize_t n;

		if (!readable(fd, 1000))
			return false;
		n = read(fd, buf, len);
		if (n <= 0)
			return false;
		buf += n;
		len -= (size_t)n;
	}
	return true;
}

/*
 * charon reads a segment: its packet in *p (pointing into buf), false
 * if none came in time or it is not a well-formed packet.
 */
static bool srv_read(int fd, uint8_t *buf, size_t cap, struct vici_pkt *p)
{
	long n;

	if (!read_full(fd, buf, 4))
		return false;
	n = vici_seg_len(buf, 4);
	if (n == 0) {
		uint32_t l = (uint32_t)buf[0] << 24 | (uint32_t)buf[1] << 16 |
			     (uint32_t)buf[2] << 8 | buf[3];

		if (4 + (size_t)l > cap || !read_full(fd, buf + 4, l))
			return false;
		n = vici_seg_len(buf, 4 + l);
	}
	return n > 4 && vici_pkt_parse(buf + 4, (size_t)n - 4, p) == 0;
}

static bool pkt_is(const struct vici_pkt *p, enum vici_pkt_type t,
		   const char *name)
{
	return p->type == t && p->name_len == strlen(name) &&
	       !memcmp(p->name, name, p->name_len);
}

/* The loop's one step for the client: its callback if it can read. */
static void pump(void)
{
	unsigned int i;

	if (c.fd < 0 || !readable(c.fd, 0))
		return;
	for (i = 0; i < d.n_fds; i++) {
		if (d.fds[i].fd == c.fd) {
			d.fds[i].cb(&d, c.fd, d.fds[i].data);
			return;
		}
	}
	CHECK(!"client fd not in the loop");
}

static void fire(struct timer *t)
{
	CHECK(loop_timer_armed(t));
	loop_timer_cancel(&d, t);
	t->cb(&d, t->data);
}

/* the peer of a closed connection reads an end of file */
static bool srv_eof(int fd)
{
	uint8_t b[64];

	while (readable(fd, 1000)) {
		ssize_t n = read(fd, b, sizeof(b));

		if (n <= 0)
			return n == 0;
	}
	return false;
}

static bool fd_in_loop(int fd)
{
	unsigned int i;

	for (i = 0; i < d.n_fds; i++)
		if (d.fds[i].fd == fd)
			return true;
	return false;
}

static int request(const char *cmd, char tag)
{
	uint8_t b[128];
	long n = mk(b, sizeof(b), VICI_CMD_REQUEST, cmd, "secret", "s3cr3t");

	return vici_client_request(&c, b, (size_t)n, reply_cb,
				   (void *)(unsigned long)tag);
}

#define NOWHERE	"/nonexistent/ipmob-test/charon.vici"

/*
 * A client on a socketpair, registered for ike-updown (confirmed) and
 * child-updown (unknown to charon), up. *srv: charon's end.
 */
static void setup(int *srv)
{
	uint8_t b[256];
	struct vici_pkt p;
	int sv[2];

	memset(&d, 0, sizeof(d));
	memset(&seen, 0, sizeof(seen));
	CHECK(vici_client_init(&c, &d, NOWHERE, on_up, on_down, NULL) == 0);
	CHECK(vici_client_event(&c, "ike-updown", ev_cb, NULL) == 0);
	CHECK(vici_client_event(&c, "child-updown", ev_cb, NULL) == 0);
	CHECK(socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) == 0);
	CHECK(vici_client_adopt(&c, sv[0]) == 0);
	*srv = sv[1];
	CHECK(srv_read(*srv, b, sizeof(b), &p) &&
	      pkt_is(&p, VICI_EVENT_REGISTER, "ike-updown"));
	srv_pkt(*srv, VICI_EVENT_CONFIRM, NULL, NULL, NULL);
	pump();
	CHECK(srv_read(*srv, b, sizeof(b), &p) &&
	      pkt_is(&p, VICI_EVENT_REGISTER, "child-updown"));
	srv_pkt(*srv, VICI_EVENT_UNKNOWN, NULL, NULL, NULL);
	pump();
	CHECK(seen.up == 1 && vici_client_up(&c));
}

static void teardown(int srv)
{
	vici_client_stop(&c);
	CHECK(c.fd < 0 && d.n_fds == 0 && !d.timers && !c.rbuf);
	close(srv);
}

static void test_init_and_events(void)
{
	char longp[200];

	memset(&d, 0, sizeof(d));
	memset(longp, 'a', sizeof(longp) - 1);
	longp[sizeof(longp) - 1] = '\0';
	CHECK(vici_client_init(&c, &d, longp, NULL, NULL, NULL) < 0);
	CHECK(vici_client_init(&c, &d, "", NULL, NULL, NULL) < 0);
	CHECK(vici_client_init(&c, &d, NULL, NULL, NULL, NULL) == 0);
	CHECK_STR(c.path, "/run/charon.vici");
	CHECK(c.fd == -1 && c.state == VICI_CLIENT_DOWN && !vici_client_up(&c));
	CHECK(c.timeout_ms == 30000 && c.backoff_ms == 1000);

	CHECK(vici_client_event(&c, "ike-updown", ev_cb, NULL) == 0);
	CHECK(vici_client_event(&c, "ike-updown", ev_cb, NULL) < 0);
	CHECK(vici_client_event(&c, "", ev_cb, NULL) < 0);
	CHECK(vici_client_event(&c, NULL, ev_cb, NULL) < 0);
	CHECK(vici_client_event(&c, "x", NULL, NULL) < 0);
	memset(longp, 'e', VICI_CLIENT_NAME_MAX);
	longp[VICI_CLIENT_NAME_MAX] = '\0';
	CHECK(vici_client_event(&c, longp, ev_cb, NULL) < 0);
	longp[VICI_CLIENT_NAME_MAX - 1] = '\0';
	CHECK(vici_client_event(&c, longp, ev_cb, NULL) == 0);
	for (unsigned int i = 2; i < VICI_CLIENT_EVENTS; i++) {
		char n[16];

		snprintf(n, sizeof(n), "ev%u", i);
		CHECK(vici_client_event(&c, n, ev_cb, NULL) == 0);
	}
	CHECK(vici_client_event(&c, "one-too-many", ev_cb, NULL) < 0);
	/* not up: no request is taken */
	CHECK(request("version", 'a') < 0);
}

/* registrations go out one at a time, on_up only after the last answer */
static void test_registration(void)
{
	uint8_t b[256];
	struct vici_pkt p;
	int sv[2];

	memset(&d, 0, sizeof(d));
	memset(&seen, 0, sizeof(seen));
	CHECK(vici_client_init(&c, &d, NOWHERE, on_up, on_down, NULL) == 0);
	CHECK(vici_client_event(&c, "ike-updown", ev_cb, NULL) == 0);
	CHECK(vici_client_event(&c, "child-updown", ev_cb, NULL) == 0);
	CHECK(socketpair(AF_UNIX, SOCK_STREAM, 0, sv) == 0);
	CHECK(vici_client_adopt(&c, sv[0]) == 0);
	CHECK(fd_in_loop(sv[0]));
	CHECK((fcntl(sv[0], F_GETFL) & O_NONBLOCK) &&
	      (fcntl(sv[0], F_GETFD) & FD_CLOEXEC));
	CHECK(c.state == VICI_CLIENT_CONNECTING && seen.up == 0);
	CHECK(vici_client_adopt(&c, -1) < 0);	/* running already */
	CHECK(vici_client_start(&c) < 0);
	CHECK(srv_read(sv[1], b, sizeof(b), &p) &&
	      pkt_is(&p, VICI_EVENT_REGISTER, "ike-updown"));
	CHECK(!readable(sv[1], 0));		/* one at a time */
	CHECK(loop_timer_armed(&c.tmo));
	CHECK(request("version", 'a') < 0);	/* not up yet */
	srv_pkt(sv[1], VICI_EVENT_CONFIRM, NULL, NULL, NULL);
	pump();
	CHECK(seen.up == 0 && c.state == VICI_CLIENT_CONNECTING);
	CHECK(srv_read(sv[1], b, sizeof(b), &p) &&
	      pkt_is(&p, VICI_EVENT_REGISTER, "child-updown"));
	srv_pkt(sv[1], VICI_EVENT_UNKNOWN, NULL, NULL, NULL);
	pump();
	CHECK(seen.up == 1 && seen.up_saw_up && vici_client_up(&c));
	CHECK(c.ev[0].on && !c.ev[1].on);
	CHECK(!loop_timer_armed(&c.tmo) && !loop_timer_armed(&c.retry));
	teardown(sv[1]);
	CHECK(seen.down == 0);			/* not on a stop */

	/* no events: on_up from the loop, not from within adopt */
	memset(&d, 0, sizeof(d));
	memset(&seen, 0, sizeof(seen));
	CHECK(vici_client_init(&c, &d, NOWHERE, on_up, on_down, NULL) == 0);
	CHECK(socketpair(AF_UNIX, SOCK_STREAM, 0, sv) == 0);
	CHECK(vici_client_adopt(&c, sv[0]) == 0);
	CHECK(seen.up == 0 && loop_timer_armed(&c.retry));
	fire(&c.retry);
	CHECK(seen.up == 1 && vici_client_up(&c));
	CHECK(!readable(sv[1], 0));
	teardown(sv[1]);
}

static void test_round_trip(void)
{
	uint8_t b[256];
	struct vici_pkt p;
	int srv;

	setup(&srv);
	CHECK(request("version", 'a') == 0);
	CHECK(loop_timer_armed(&c.tmo));
	CHECK(srv_read(srv, b, sizeof(b), &p) &&
	      pkt_is(&p, VICI_CMD_REQUEST, "version"));
	{
		char s[16];

		CHECK(vici_str(p.msg, p.msg_len, "secret", s, sizeof(s)) &&
		      !strcmp(s, "s3cr3t"));
	}
	CHECK(seen.replies == 0);
	srv_pkt(srv, VICI_CMD_RESPONSE, NULL, "success", "yes");
	pump();
	CHECK(seen.replies == 1 && seen.last_type == VICI_CMD_RESPONSE);
	CHECK(seen.last_ok && seen.errbuf[0] == '\0');
	CHECK(!loop_timer_armed(&c.tmo) && c.q_n == 0);

	/* success = no: charon's errmsg, made printable */
	CHECK(request("load-conn", 'b') == 0);
	CHECK(srv_read(srv, b, sizeof(b), &p));
	{
		struct vici_w w;
		long n;

		vici_w_start(&w, b, sizeof(b), VICI_CMD_RESPONSE, NULL);
		vici_w_kvs(&w, "success", "no");
		vici_w_kvs(&w, "errmsg", "bad\x01proposal\n");
		n = vici_w_finish(&w);
		CHECK(n > 0);
		srv_send(srv, b, (size_t)n);
	}
	pump();
	CHECK(seen.replies == 2 && !seen.last_ok);
	CHECK_STR(seen.errbuf, "bad?proposal?");

	/* no errmsg at all */
	CHECK(request("load-conn", 'b') == 0);
	CHECK(srv_read(srv, b, sizeof(b), &p));
	srv_pkt(srv, VICI_CMD_RESPONSE, NULL, "success", "maybe");
	pump();
	CHECK(seen.replies == 3 && !seen.last_ok);
	CHECK_STR(seen.errbuf, "failed (no errmsg)");

	/* an unknown command: the callback gets the CMD_UNKNOWN */
	CHECK(request("no-such-cmd", 'c') == 0);
	CHECK(srv_read(srv, b, sizeof(b), &p));
	srv_pkt(srv, VICI_CMD_UNKNOWN, NULL, NULL, NULL);
	pump();
	CHECK(seen.replies == 4 && seen.last_type == VICI_CMD_UNKNOWN);
	CHECK(!seen.last_ok);
	CHECK_STR(seen.errbuf, "charon does not know the command");
	CHECK(vici_client_up(&c) && seen.down == 0);

	/* vici_reply_ok() on its own */
	{
		char e[8];

		CHECK(!vici_reply_ok(NULL, e, sizeof(e)));
		CHECK_STR(e, "no answ");
		CHECK(!vici_reply_ok(NULL, NULL, 0));
	}

	/* what is not one command request is refused, not queued */
	{
		long n = mk(b, sizeof(b), VICI_EVENT_REGISTER, "x", NULL, NULL);

		CHECK(vici_client_request(&c, b, (size_t)n, reply_cb, NULL) < 0);
		n = mk(b, sizeof(b), VICI_CMD_REQUEST, "x", NULL, NULL);
		CHECK(vici_client_request(&c, b, (size_t)n - 1, reply_cb,
					  NULL) < 0);
		CHECK(vici_client_request(&c, b, (size_t)n + 1, reply_cb,
					  NULL) < 0);
		CHECK(vici_client_request(&c, b, 0, reply_cb, NULL) < 0);
		CHECK(c.q_n == 0 && !readable(srv, 0));
	}
	teardown(srv);
	CHECK(seen.nulls == 0);
}

/* events before and between: delivered, the request still completes */
static void test_events(void)
{
	uint8_t b[256];
	struct vici_pkt p;
	int srv;

	setup(&srv);
	srv_pkt(srv, VICI_EVENT, "ike-updown", "state", "ESTABLISHED");
	pump();
	CHECK(seen.events == 1);
	CHECK_STR(seen.ev_name, "ike-updown");
	CHECK_STR(seen.ev_val, "ESTABLISHED");

	CHECK(request("list-sas", 'a') == 0);
	CHECK(srv_read(srv, b, sizeof(b), &p));
	/* a registered event, one charon did not confirm, one never
	 * registered for: only the first is delivered, none is an error */
	srv_pkt(srv, VICI_EVENT, "ike-updown", "state", "DELETING");
	srv_pkt(srv, VICI_EVENT, "child-updown", "state", "X");
	srv_pkt(srv, VICI_EVENT, "list-sa", "state", "Y");
	srv_pkt(srv, VICI_CMD_RESPONSE, NULL, "success", "yes");
	pump();
	CHECK(seen.events == 2);
	CHECK_STR(seen.ev_val, "DELETING");
	CHECK(seen.replies == 1 && seen.last_ok);

	/* an event right after a response in the same read */
	CHECK(request("version", 'b') == 0);
	CHECK(srv_read(srv, b, sizeof(b), &p));
	srv_pkt(srv, VICI_CMD_RESPONSE, NULL, "success", "yes");
	srv_pkt(srv, VICI_EVENT, "ike-updown", "state", "AFTER");
	pump();
	CHECK(seen.replies == 2 && seen.events == 3);
	CHECK_STR(seen.ev_val, "AFTER");
	CHECK(vici_client_up(&c) && seen.down == 0);
	teardown(srv);
}

/* a response and an event byte by byte */
static void test_split(void)
{
	uint8_t b[256], r[256];
	struct vici_pkt p;
	long n, m;
	int srv;

	setup(&srv);
	CHECK(request("version", 'a') == 0);
	CHECK(srv_read(srv, b, sizeof(b), &p));
	m = mk(r, sizeof(r), VICI_EVENT, "ike-updown", "state", "SPLIT");
	n = mk(r + m, sizeof(r) - (size_t)m, VICI_CMD_RESPONSE, NULL,
	       "success", "yes");
	CHECK(m > 0 && n > 0);
	for (long i = 0; i < m + n; i++) {
		srv_send(srv, r + i, 1);
		pump();
		if (i == m - 2)
			CHECK(seen.events == 0);
		if (i == m - 1)
			CHECK(seen.events == 1);
		if (i < m + n - 1 && seen.replies)
			break;
	}
	CHECK(seen.events == 1 && seen.replies == 1 && seen.last_ok);
	CHECK_STR(seen.ev_val, "SPLIT");
	CHECK(c.rlen == 0);
	teardown(srv);
}

/* queued requests go out one at a time, in order */
static void test_queue(void)
{
	uint8_t b[256];
	struct vici_pkt p;
	int srv, i;

	setup(&srv);
	CHECK(request("first", 'a') == 0);
	CHECK(request("second", 'b') == 0);
	CHECK(request("third", 'c') == 0);
	CHECK(c.q_n == 3);
	CHECK(srv_read(srv, b, sizeof(b), &p) &&
	      pkt_is(&p, VICI_CMD_REQUEST, "first"));
	CHECK(!readable(srv, 0));
	/* 'a' queues 'z' from its callback: after 'c' */
	seen.request_in_cb = true;
	srv_pkt(srv, VICI_CMD_RESPONSE, NULL, "success", "yes");
	pump();
	CHECK(seen.request_in_cb_ret == 0);
	CHECK(srv_read(srv, b, sizeof(b), &p) &&
	      pkt_is(&p, VICI_CMD_REQUEST, "second"));
	CHECK(!readable(srv, 0));
	srv_pkt(srv, VICI_CMD_RESPONSE, NULL, "success", "yes");
	pump();
	CHECK(srv_read(srv, b, sizeof(b), &p) &&
	      pkt_is(&p, VICI_CMD_REQUEST, "third"));
	srv_pkt(srv, VICI_CMD_RESPONSE, NULL, "success", "yes");
	pump();
	CHECK(srv_read(srv, b, sizeof(b), &p) &&
	      pkt_is(&p, VICI_CMD_REQUEST, "stats"));
	srv_pkt(srv, VICI_CMD_RESPONSE, NULL, "success", "yes");
	pump();
	CHECK_STR(seen.order, "abcz");
	CHECK(c.q_n == 0 && !readable(srv, 0));

	/* full: the 65th is refused and its callback never called */
	for (i = 0; i < VICI_CLIENT_QUEUE; i++)
		CHECK(request("x", 'q') == 0);
	CHECK(request("x", 'X') < 0);
	CHECK(c.q_n == VICI_CLIENT_QUEUE);
	/* the stop fails them all, on_down is not called */
	memset(seen.order, 0, sizeof(seen.order));
	seen.n_order = 0;
	teardown(srv);
	CHECK(seen.nulls == VICI_CLIENT_QUEUE && seen.down == 0);
	CHECK(!strchr(seen.order, 'X'));
}

/*
 * After a protocol violation (or an end of file, or a timeout): the
 * pending request failed, on_down called, the socket closed, a
 * reconnect due in a second.
 */
static void check_broken(int srv, unsigned int nulls)
{
	CHECK(seen.nulls == nulls);
	CHECK(seen.down == 1);
	CHECK(c.fd < 0 && c.state == VICI_CLIENT_DOWN && !vici_client_up(&c));
	CHECK(d.n_fds == 0 && c.q_n == 0 && c.rlen == 0);
	CHECK(loop_timer_armed(&c.retry) && !loop_timer_armed(&c.tmo));
	CHECK(c.retry.due <= now_ms() + 1000 && c.backoff_ms == 2000);
	CHECK(request("version", 'a') < 0);
	CHECK(srv_eof(srv));
}

static void test_violations(void)
{
	static const struct {
		const char *what;
		uint8_t bytes[20];
		size_t len;
		bool pending;		/* a request outstanding */
	} bad[] = {
		{ "length 0", { 0, 0, 0, 0 }, 4, true },
		{ "length over the maximum", { 0, 0x08, 0, 1, 1 }, 5, true },
		{ "length 2^32-1", { 0xff, 0xff, 0xff, 0xff }, 4, true },
		{ "unknown packet type", { 0, 0, 0, 1, 8 }, 5, true },
		{ "unknown packet type 0xff", { 0, 0, 0, 1, 0xff }, 5, true },
		{ "response without a request", { 0, 0, 0, 1, 1 }, 5, false },
		{ "CMD_UNKNOWN without a request", { 0, 0, 0, 1, 2 }, 5, false },
		{ "confirm without a registration", { 0, 0, 0, 1, 5 }, 5, true },
		{ "EVENT_UNKNOWN without a registration", { 0, 0, 0, 1, 6 }, 5,
		  true },
		{ "a request from the server", { 0, 0, 0, 3, 0, 1, 'x' }, 7,
		  true },
		{ "a registration from the server", { 0, 0, 0, 3, 3, 1, 'x' },
		  7, true },
		{ "an unregistration from the server",
		  { 0, 0, 0, 3, 4, 1, 'x' }, 7, true },
		{ "event without a name", { 0, 0, 0, 1, 7 }, 5, true },
		{ "name cut short", { 0, 0, 0, 3, 7, 5, 'x' }, 7, true },
		{ "data after a CONFIRM", { 0, 0, 0, 2, 5, 0 }, 6, true },
		/* malformed messages: a KEY_VALUE cut short, a section end
		 * with no section open */
		{ "malformed response", { 0, 0, 0, 4, 1, 3, 1, 'k' }, 8, true },
		{ "malformed event",
		  { 0, 0, 0, 13, 7, 10, 'i', 'k', 'e', '-', 'u', 'p', 'd', 'o',
		    'w', 'n', 2 }, 17, true },
		{ "end of file", { 0 }, 0, true },
	};
	uint8_t b[256];
	struct vici_pkt p;
	unsigned int i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		int srv;
		unsigned int ok;

		setup(&srv);
		if (bad[i].pending) {
			CHECK(request("version", 'a') == 0);
			CHECK(srv_read(srv, b, sizeof(b), &p));
		}
		/* a good event before the bad bytes still goes through */
		srv_pkt(srv, VICI_EVENT, "ike-updown", "state", "OK");
		if (bad[i].len)
			srv_send(srv, bad[i].bytes, bad[i].len);
		else
			shutdown(srv, SHUT_WR);
		pump();
		ok = t_fail;
		CHECK(seen.events == 1);
		check_broken(srv, bad[i].pending ? 1 : 0);
		if ((unsigned int)t_fail != ok)
			fprintf(stderr, "  (violation: %s)\n", bad[i].what);
		teardown(srv);
	}
}

/* the answer's deadline; a write that fails */
static void test_timeout(void)
{
	uint8_t b[256];
	struct vici_pkt p;
	int srv;

	setup(&srv);
	CHECK(request("version", 'a') == 0);
	CHECK(request("version", 'b') == 0);
	CHECK(srv_read(srv, b, sizeof(b), &p));
	CHECK(loop_timer_armed(&c.tmo) &&
	      c.tmo.due > now_ms() + VICI_CLIENT_TIMEOUT_MS - 1000 &&
	      c.tmo.due <= now_ms() + VICI_CLIENT_TIMEOUT_MS);
	fire(&c.tmo);
	check_broken(srv, 2);
	CHECK_STR(seen.order, "ab");
	teardown(srv);

	/* charon gone: the request is taken, it fails from the loop */
	setup(&srv);
	close(srv);
	CHECK(request("version", 'a') == 0);
	CHECK(seen.nulls == 0 && c.dead && !vici_client_up(&c));
	CHECK(request("version", 'b') < 0);
	CHECK(loop_timer_armed(&c.tmo) && c.tmo.due <= now_ms());
	fire(&c.tmo);
	CHECK(seen.nulls == 1 && seen.down == 1 && c.fd < 0);
	CHECK(loop_timer_armed(&c.retry));
	vici_client_stop(&c);

	/* a short deadline, run through the loop's timer list */
	setup(&srv);
	c.timeout_ms = 1;
	CHECK(request("version", 'a') == 0);
	CHECK(srv_read(srv, b, sizeof(b), &p));
	usleep(5000);
	CHECK(d.timers == &c.tmo && d.timers->due <= now_ms());
	{
		struct timer *t = d.timers;

		d.timers = t->next;
		t->next = NULL;
		t->due = 0;
		t->cb(&d, t->data);
	}
	check_broken(srv, 1);
	teardown(srv);
}

/* stopping from within a callback */
static void test_stop_in_cb(void)
{
	uint8_t b[256];
	struct vici_pkt p;
	int srv;

	setup(&srv);
	CHECK(request("a", 'a') == 0);
	CHECK(request("b", 'b') == 0);
	CHECK(srv_read(srv, b, sizeof(b), &p));
	seen.stop_in_cb = true;
	srv_pkt(srv, VICI_CMD_RESPONSE, NULL, "success", "yes");
	srv_pkt(srv, VICI_EVENT, "ike-updown", "state", "LATE");
	pump();
	CHECK(seen.replies == 1 && seen.nulls == 1 && seen.events == 0);
	CHECK(c.fd < 0 && !c.running && !c.rbuf && d.n_fds == 0 && !d.timers);
	CHECK(seen.down == 0);
	vici_client_stop(&c);		/* twice: nothing */
	close(srv);
}

/* the real connect path: backoff, reconnect, registrations again */
static void test_connect(void)
{
	char dir[] = "/tmp/ipmob-vici-XXXXXX", path[64];
	struct sockaddr_un sun;
	uint8_t b[256];
	struct vici_pkt p;
	unsigned int i;
	static const uint32_t backoff[] = { 4000, 8000, 16000, 32000, 32000 };
	int lfd, srv;

	memset(&d, 0, sizeof(d));
	memset(&seen, 0, sizeof(seen));
	CHECK(mkdtemp(dir) != NULL);
	snprintf(path, sizeof(path), "%s/charon.vici", dir);

	/* nobody listening: retried, 1 s doubling up to 32 s */
	CHECK(vici_client_init(&c, &d, path, on_up, on_down, NULL) == 0);
	CHECK(vici_client_event(&c, "ike-updown", ev_cb, NULL) == 0);
	CHECK(vici_client_start(&c) == 0);
	CHECK(c.fd < 0 && loop_timer_armed(&c.retry) && c.backoff_ms == 2000);
	CHECK(vici_client_event(&c, "late", ev_cb, NULL) < 0);
	for (i = 0; i < sizeof(backoff) / sizeof(backoff[0]); i++) {
		fire(&c.retry);
		CHECK(c.fd < 0 && c.backoff_ms == backoff[i]);
	}
	CHECK(c.retry.due > now_ms() + 30000);

	/* charon comes */
	lfd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	memset(&sun, 0, sizeof(sun));
	sun.sun_family = AF_UNIX;
	snprintf(sun.sun_path, sizeof(sun.sun_path), "%s", path);
	CHECK(lfd >= 0 && bind(lfd, (struct sockaddr *)&sun, sizeof(sun)) == 0 &&
	      listen(lfd, 4) == 0);
	fire(&c.retry);
	CHECK(c.fd >= 0 && c.state == VICI_CLIENT_CONNECTING);
	CHECK((fcntl(c.fd, F_GETFL) & O_NONBLOCK) &&
	      (fcntl(c.fd, F_GETFD) & FD_CLOEXEC));
	srv = accept(lfd, NULL, NULL);
	CHECK(srv >= 0);
	CHECK(srv_read(srv, b, sizeof(b), &p) &&
	      pkt_is(&p, VICI_EVENT_REGISTER, "ike-updown"));
	srv_pkt(srv, VICI_EVENT_CONFIRM, NULL, NULL, NULL);
	pump();
	CHECK(seen.up == 1 && vici_client_up(&c) &&
	      c.backoff_ms == VICI_CLIENT_BACKOFF_MIN_MS);

	/* charon restarts: down, back in a second, registered again */
	close(srv);
	pump();
	CHECK(seen.down == 1 && c.fd < 0 && loop_timer_armed(&c.retry));
	CHECK(c.retry.due <= now_ms() + 1000);
	fire(&c.retry);
	srv = accept(lfd, NULL, NULL);
	CHECK(srv >= 0);
	CHECK(srv_read(srv, b, sizeof(b), &p) &&
	      pkt_is(&p, VICI_EVENT_REGISTER, "ike-updown"));
	CHECK(seen.up == 1);
	srv_pkt(srv, VICI_EVENT_CONFIRM, NULL, NULL, NULL);
	pump();
	CHECK(seen.up == 2 && vici_client_up(&c));
	srv_pkt(srv, VICI_EVENT, "ike-updown", "state", "AGAIN");
	pump();
	CHECK(seen.events == 1);
	CHECK_STR(seen.ev_val, "AGAIN");

	/* a registration unanswered: the deadline applies to it too */
	close(srv);
	pump();
	CHECK(seen.down == 2);
	fire(&c.retry);
	srv = accept(lfd, NULL, NULL);
	CHECK(srv >= 0 && srv_read(srv, b, sizeof(b), &p));
	fire(&c.tmo);
	CHECK(seen.down == 2 && c.fd < 0);	/* it was never up */
	CHECK(c.backoff_ms == 4000 && srv_eof(srv));

	teardown(srv);
	close(lfd);
	unlink(path);
	rmdir(dir);
}

void test_vici_client(void);
void test_vici_client(void)
{
	test_init_and_events();
	test_registration();
	test_round_trip();
	test_events();
	test_split();
	test_queue();
	test_violations();
	test_timeout();
	test_stop_in_cb();
	test_connect();
}
