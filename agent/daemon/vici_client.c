// SPDX-License-Identifier: GPL-2.0
/*
 * vici_client.c - ipmobd's connection to strongSwan's charon over VICI
 * (vici_client.h). The wire format is vici.c's; this is the transport:
 * a non-blocking unix stream socket in the event loop, one request on
 * the wire at a time, the event registrations, the answer deadline and
 * the reconnect backoff.
 *
 * The loop polls for POLLIN only: a request goes out whole in one call,
 * waiting for room at most VICI_CLIENT_SEND_MS (poll(POLLOUT)); charon
 * not reading for that long breaks the connection. Requests are small.
 *
 * Log lines charon can cause go through logmsg_peer() (rate limited);
 * no request or message content is ever logged (requests may carry
 * keys), nor anything charon names.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>
#include <unistd.h>
#include <sys/socket.h>
#include <sys/un.h>

#include "daemon.h"
#include "vici.h"
#include "vici_client.h"

#define RBUF_SIZE	(VICI_MAX_SEGMENT + 4)
/* reads per wake-up: the rest waits for the next poll() */
#define READS_MAX	16
/* an EVENT_REGISTER segment: prefix, type, name length, name */
#define REG_SEG_MAX	(4 + 1 + 1 + VICI_CLIENT_NAME_MAX)

static void tmo_cb(struct daemon *d, void *data);
static void retry_cb(struct daemon *d, void *data);
static void rx_cb(struct daemon *d, int fd, void *data);

int vici_client_init(struct vici_client *c, struct daemon *d,
		     const char *path, void (*on_up)(void *arg),
		     void (*on_down)(void *arg), void *arg)
{
	memset(c, 0, sizeof(*c));
	if (!path)
		path = VICI_CLIENT_PATH;
	if (!*path || strlen(path) >= sizeof(c->path)) {
		logmsg(LOG_ERR, "vici: socket path too long or empty");
		return -1;
	}
	strcpy(c->path, path);
	c->d = d;
	c->fd = -1;
	c->state = VICI_CLIENT_DOWN;
	c->on_up = on_up;
	c->on_down = on_down;
	c->arg = arg;
	c->timeout_ms = VICI_CLIENT_TIMEOUT_MS;
	c->backoff_ms = VICI_CLIENT_BACKOFF_MIN_MS;
	loop_timer_init(&c->tmo, tmo_cb, c);
	loop_timer_init(&c->retry, retry_cb, c);
	return 0;
}

int vici_client_event(struct vici_client *c, const char *name,
		      vici_event_cb_t cb, void *arg)
{
	struct vici_client_ev *e;
	unsigned int i;
	size_t n = name ? strlen(name) : 0;

	if (c->running || !cb || n == 0 || n >= VICI_CLIENT_NAME_MAX ||
	    c->n_ev >= VICI_CLIENT_EVENTS)
		return -1;
	for (i = 0; i < c->n_ev; i++)
		if (!strcmp(c->ev[i].name, name))
			return -1;
	e = &c->ev[c->n_ev++];
	memcpy(e->name, name, n + 1);
	e->cb = cb;
	e->arg = arg;
	e->on = false;
	return 0;
}

bool vici_client_up(const struct vici_client *c)
{
	return c->state == VICI_CLIENT_UP && !c->dead;
}

static void req_free(struct vici_req *r)
{
	if (r->seg) {
		explicit_bzero(r->seg, r->len);
		free(r->seg);
	}
	r->seg = NULL;
	r->len = 0;
}

/*
 * Complete every pending request with NULL. Each leaves the queue before
 * its callback runs: a callback may stop c (which fails the rest) or try
 * a new request (refused: c is down).
 */
static void fail_all(struct vici_client *c)
{
	while (c->q_n) {
		struct vici_req r = c->q[c->q_head];

		c->q[c->q_head].seg = NULL;
		c->q_head = (c->q_head + 1) % VICI_CLIENT_QUEUE;
		c->q_n--;
		req_free(&r);
		if (r.cb)
			r.cb(r.arg, NULL);
	}
	c->q_head = 0;
}

/* Drop the socket; what was received and not processed goes with it. */
static void close_fd(struct vici_client *c)
{
	unsigned int i;

	if (c->fd >= 0) {
		loop_del_fd(c->d, c->fd);
		close(c->fd);
	}
	c->fd = -1;
	c->state = VICI_CLIENT_DOWN;
	c->out = VICI_OUT_NONE;
	c->dead = false;
	c->why = NULL;
	c->rlen = 0;
	c->reg_next = 0;
	for (i = 0; i < c->n_ev; i++)
		c->ev[i].on = false;
	c->gen++;
	loop_timer_cancel(c->d, &c->tmo);
	loop_timer_cancel(c->d, &c->retry);
}

static void schedule_retry(struct vici_client *c)
{
	loop_timer_arm(c->d, &c->retry, c->backoff_ms);
	c->backoff_ms *= 2;
	if (c->backoff_ms > VICI_CLIENT_BACKOFF_MAX_MS)
		c->backoff_ms = VICI_CLIENT_BACKOFF_MAX_MS;
}

/*
 * The connection is broken (why: for the log): close it, fail what is
 * pending, tell the user if it was up, and connect again later.
 */
static void break_conn(struct vici_client *c, const char *why)
{
	bool was_up = c->state == VICI_CLIENT_UP;

	logmsg_peer(LOG_WARNING, "vici: connection to charon closed: %s", why);
	close_fd(c);
	fail_all(c);
	if (was_up && c->on_down && c->running && c->fd < 0)
		c->on_down(c->arg);
	/* unless a callback stopped c, or started it again */
	if (c->running && c->fd < 0 && !loop_timer_armed(&c->retry))
		schedule_retry(c);
}

/*
 * A write failed: the connection is closed from the timer, never from
 * within the caller (who may be in vici_client_request()).
 */
static void mark_dead(struct vici_client *c, const char *why)
{
	c->dead = true;
	c->why = why;
	loop_timer_arm(c->d, &c->tmo, 0);
}

/*
 * The whole of buf out, waiting for room at most VICI_CLIENT_SEND_MS.
 * 0, or -1 with the connection marked dead.
 */
static int send_all(struct vici_client *c, const uint8_t *buf, size_t len)
{
	uint64_t deadline = now_ms() + VICI_CLIENT_SEND_MS;
	size_t off = 0;

	while (off < len) {
		ssize_t n = send(c->fd, buf + off, len - off,
				 MSG_NOSIGNAL | MSG_DONTWAIT);
		struct pollfd pfd;
		uint64_t now;

		if (n > 0) {
			off += (size_t)n;
			continue;
		}
		if (n < 0 && errno == EINTR)
			continue;
		if (n == 0 || (errno != EAGAIN && errno != EWOULDBLOCK)) {
			mark_dead(c, "write failed");
			return -1;
		}
		now = now_ms();
		if (now >= deadline) {
			mark_dead(c, "charon does not read its socket");
			return -1;
		}
		pfd.fd = c->fd;
		pfd.events = POLLOUT;
		pfd.revents = 0;
		if (poll(&pfd, 1, (int)(deadline - now)) < 0 &&
		    errno != EINTR) {
			mark_dead(c, "poll failed");
			return -1;
		}
	}
	return 0;
}

/* The request at the head of the queue out, if the wire is free. */
static void send_next(struct vici_client *c)
{
	struct vici_req *r;

	if (c->state != VICI_CLIENT_UP || c->dead || c->out != VICI_OUT_NONE ||
	    !c->q_n)
		return;
	r = &c->q[c->q_head];
	c->out = VICI_OUT_CMD;
	if (send_all(c, r->seg, r->len) == 0)
		loop_timer_arm(c->d, &c->tmo, c->timeout_ms);
}

static void go_up(struct vici_client *c)
{
	unsigned int gen = c->gen;

	c->state = VICI_CLIENT_UP;
	c->backoff_ms = VICI_CLIENT_BACKOFF_MIN_MS;
	c->warned = false;
	logmsg_peer(LOG_INFO, "vici: connected to charon at %s", c->path);
	if (c->on_up) {
		c->on_up(c->arg);
		if (c->gen != gen)
			return;
	}
	send_next(c);
}

/* Register for the next event, or, all done, go up. */
static void reg_step(struct vici_client *c)
{
	uint8_t seg[REG_SEG_MAX];
	struct vici_w w;
	long n;

	if (c->dead)
		return;
	if (c->reg_next >= c->n_ev) {
		go_up(c);
		return;
	}
	vici_w_start(&w, seg, sizeof(seg), VICI_EVENT_REGISTER,
		     c->ev[c->reg_next].name);
	n = vici_w_finish(&w);
	if (n < 0) {
		/* cannot be: vici_client_event() checked the name */
		mark_dead(c, "cannot encode an event registration");
		return;
	}
	c->out = VICI_OUT_REG;
	if (send_all(c, seg, (size_t)n) == 0)
		loop_timer_arm(c->d, &c->tmo, c->timeout_ms);
}

/* fd is connected: take it into the loop and register for the events. */
static int attach(struct vici_client *c, int fd)
{
	if (loop_add_fd(c->d, fd, rx_cb, c) < 0) {
		logmsg(LOG_ERR, "vici: no room in the event loop");
		close(fd);
		return -1;
	}
	c->fd = fd;
	c->state = VICI_CLIENT_CONNECTING;
	c->out = VICI_OUT_NONE;
	c->dead = false;
	c->rlen = 0;
	c->reg_next = 0;
	if (c->n_ev)
		reg_step(c);
	else
		/* on_up from the loop, not from within the caller */
		loop_timer_arm(c->d, &c->retry, 0);
	return 0;
}

static void try_connect(struct vici_client *c)
{
	struct sockaddr_un sun;
	int fd;

	memset(&sun, 0, sizeof(sun));
	sun.sun_family = AF_UNIX;
	memcpy(sun.sun_path, c->path, strlen(c->path));
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd < 0 || connect(fd, (struct sockaddr *)&sun, sizeof(sun)) < 0) {
		int e = errno;

		if (fd >= 0)
			close(fd);
		logmsg(c->warned ? LOG_DEBUG : LOG_WARNING,
		       "vici: cannot connect to charon at %s: %s (retrying)",
		       c->path, strerror(e));
		c->warned = true;
		schedule_retry(c);
		return;
	}
	if (attach(c, fd) < 0)
		schedule_retry(c);
}

static int alloc_rbuf(struct vici_client *c)
{
	if (!c->rbuf)
		c->rbuf = malloc(RBUF_SIZE);
	if (!c->rbuf) {
		logmsg(LOG_ERR, "vici: out of memory");
		return -1;
	}
	return 0;
}

int vici_client_start(struct vici_client *c)
{
	if (c->running || alloc_rbuf(c) < 0)
		return -1;
	c->running = true;
	c->backoff_ms = VICI_CLIENT_BACKOFF_MIN_MS;
	c->warned = false;
	try_connect(c);
	return 0;
}

int vici_client_adopt(struct vici_client *c, int fd)
{
	int fl;

	if (c->running || alloc_rbuf(c) < 0 ||
	    (fl = fcntl(fd, F_GETFL)) < 0 ||
	    fcntl(fd, F_SETFL, fl | O_NONBLOCK) < 0 ||
	    fcntl(fd, F_SETFD, FD_CLOEXEC) < 0) {
		close(fd);
		return -1;
	}
	c->running = true;
	c->backoff_ms = VICI_CLIENT_BACKOFF_MIN_MS;
	c->warned = false;
	if (attach(c, fd) < 0) {
		c->running = false;
		return -1;
	}
	return 0;
}

void vici_client_stop(struct vici_client *c)
{
	c->running = false;
	close_fd(c);
	if (c->rbuf) {
		explicit_bzero(c->rbuf, RBUF_SIZE);
		free(c->rbuf);
		c->rbuf = NULL;
	}
	fail_all(c);
}

int vici_client_request(struct vici_client *c, const uint8_t *seg,
			size_t len, vici_reply_cb_t cb, void *arg)
{
	struct vici_pkt p;
	struct vici_req *r;
	uint8_t *copy;
	long n;

	if (!vici_client_up(c) || c->q_n >= VICI_CLIENT_QUEUE)
		return -1;
	n = vici_seg_len(seg, len);
	if (n <= 0 || (size_t)n != len ||
	    vici_pkt_parse(seg + 4, len - 4, &p) < 0 ||
	    p.type != VICI_CMD_REQUEST) {
		logmsg(LOG_ERR, "vici: not a command request");
		return -1;
	}
	copy = malloc(len);
	if (!copy) {
		logmsg(LOG_ERR, "vici: out of memory");
		return -1;
	}
	memcpy(copy, seg, len);
	r = &c->q[(c->q_head + c->q_n) % VICI_CLIENT_QUEUE];
	r->seg = copy;
	r->len = len;
	r->cb = cb;
	r->arg = arg;
	c->q_n++;
	send_next(c);
	return 0;
}

/* The answer to what was on the wire came: the wire is free again. */
static void answered(struct vici_client *c)
{
	c->out = VICI_OUT_NONE;
	loop_timer_cancel(c->d, &c->tmo);
}

/*
 * One packet from charon. 0, or -1 if the connection is gone (closed
 * here or by a callback) or c was stopped: the caller goes no further.
 */
static int handle_pkt(struct vici_client *c, const uint8_t *pkt, size_t len)
{
	unsigned int gen = c->gen, i;
	struct vici_pkt p;

	if (vici_pkt_parse(pkt, len, &p) < 0) {
		break_conn(c, "unparsable packet");
		return -1;
	}
	switch (p.type) {
	case VICI_CMD_RESPONSE:
	case VICI_CMD_UNKNOWN: {
		struct vici_req r;

		if (c->out != VICI_OUT_CMD) {
			break_conn(c, "response with no request outstanding");
			return -1;
		}
		if (p.type == VICI_CMD_RESPONSE &&
		    vici_msg_check(p.msg, p.msg_len) < 0) {
			break_conn(c, "malformed response message");
			return -1;
		}
		answered(c);
		r = c->q[c->q_head];
		c->q[c->q_head].seg = NULL;
		c->q_head = (c->q_head + 1) % VICI_CLIENT_QUEUE;
		c->q_n--;
		req_free(&r);
		if (r.cb) {
			r.cb(r.arg, &p);
			if (c->gen != gen)
				return -1;
		}
		send_next(c);
		return 0;
	}
	case VICI_EVENT_CONFIRM:
	case VICI_EVENT_UNKNOWN:
		if (c->out != VICI_OUT_REG) {
			break_conn(c, "event confirmation with no registration outstanding");
			return -1;
		}
		answered(c);
		if (p.type == VICI_EVENT_CONFIRM)
			c->ev[c->reg_next].on = true;
		else
			/* our name, not charon's: safe to log */
			logmsg_peer(LOG_WARNING,
				    "vici: charon does not know the event %s",
				    c->ev[c->reg_next].name);
		c->reg_next++;
		reg_step(c);
		return c->gen != gen ? -1 : 0;
	case VICI_EVENT: {
		char name[256];

		if (vici_msg_check(p.msg, p.msg_len) < 0) {
			break_conn(c, "malformed event message");
			return -1;
		}
		memcpy(name, p.name, p.name_len);
		name[p.name_len] = '\0';
		for (i = 0; i < c->n_ev; i++) {
			if (c->ev[i].on && !strcmp(c->ev[i].name, name)) {
				c->ev[i].cb(c->ev[i].arg, name, p.msg,
					    p.msg_len);
				return c->gen != gen ? -1 : 0;
			}
		}
		/* not registered for (any more): dropped */
		return 0;
	}
	case VICI_CMD_REQUEST:
	case VICI_EVENT_REGISTER:
	case VICI_EVENT_UNREGISTER:
	default:
		break_conn(c, "packet type a server does not send");
		return -1;
	}
}

/*
 * Every complete segment in the receive buffer; the rest stays. 0, or
 * -1 if the connection is gone or c stopped.
 */
static int process(struct vici_client *c)
{
	size_t off = 0;

	while (!c->dead && off < c->rlen) {
		long n = vici_seg_len(c->rbuf + off, c->rlen - off);

		if (n < 0) {
			break_conn(c, "bad segment length");
			return -1;
		}
		if (n == 0)
			break;
		if (handle_pkt(c, c->rbuf + off + 4, (size_t)n - 4) < 0)
			return -1;
		off += (size_t)n;
	}
	if (off) {
		memmove(c->rbuf, c->rbuf + off, c->rlen - off);
		c->rlen -= off;
	}
	return 0;
}

static void rx_cb(struct daemon *d, int fd, void *data)
{
	struct vici_client *c = data;
	unsigned int i;

	(void)d;
	for (i = 0; i < READS_MAX && !c->dead && c->rlen < RBUF_SIZE; i++) {
		ssize_t n = recv(fd, c->rbuf + c->rlen, RBUF_SIZE - c->rlen,
				 MSG_DONTWAIT);

		if (n < 0) {
			if (errno == EINTR)
				continue;
			if (errno != EAGAIN && errno != EWOULDBLOCK)
				break_conn(c, "read failed");
			return;
		}
		if (n == 0) {
			break_conn(c, "end of file");
			return;
		}
		c->rlen += (size_t)n;
		if (process(c) < 0)
			return;
	}
}

static void tmo_cb(struct daemon *d, void *data)
{
	struct vici_client *c = data;

	(void)d;
	if (c->fd < 0)
		return;
	break_conn(c, c->dead ? c->why : "charon did not answer in time");
}

static void retry_cb(struct daemon *d, void *data)
{
	struct vici_client *c = data;

	(void)d;
	if (!c->running)
		return;
	if (c->fd < 0)
		try_connect(c);
	else if (c->state == VICI_CLIENT_CONNECTING && c->out == VICI_OUT_NONE)
		reg_step(c);
}

bool vici_reply_ok(const struct vici_pkt *reply, char *errbuf, size_t n)
{
	const char *why = NULL;
	const uint8_t *v;
	uint16_t vlen;
	size_t i;

	if (!reply)
		why = "no answer from charon";
	else if (reply->type == VICI_CMD_UNKNOWN)
		why = "charon does not know the command";
	else if (reply->type != VICI_CMD_RESPONSE)
		why = "not a command response";
	else if (vici_bool(reply->msg, reply->msg_len, "success") == 1) {
		if (n)
			errbuf[0] = '\0';
		return true;
	}
	if (!n)
		return false;
	if (why || !vici_find(reply->msg, reply->msg_len, "errmsg", &v,
			      &vlen) || !vlen) {
		snprintf(errbuf, n, "%s", why ? why : "failed (no errmsg)");
		return false;
	}
	/* charon's words, cut to fit, made safe to log */
	for (i = 0; i < vlen && i + 1 < n; i++)
		errbuf[i] = v[i] >= 0x20 && v[i] < 0x7f ? (char)v[i] : '?';
	errbuf[i] = '\0';
	return false;
}
