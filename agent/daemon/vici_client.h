/* SPDX-License-Identifier: GPL-2.0 */
/*
 * vici_client.h - ipmobd's connection to strongSwan's charon over VICI
 * (a unix stream socket), in the daemon's single-threaded event loop.
 *
 * One command at a time on the wire: requests wait in a bounded queue
 * and go out in order, each answered by a CMD_RESPONSE (or CMD_UNKNOWN)
 * that completes it. Events the user registered for are delivered
 * whenever they come, between a request and its response too. The
 * registrations are made again after every reconnect; on_up says when
 * that is done (the time to load the configuration into charon again),
 * on_down when the connection is lost.
 *
 * A request not answered in time, an end of file, a write that does not
 * go out, or anything charon must not send (a bad segment length, an
 * unparsable packet or message, a response with no request outstanding,
 * a packet type only a client sends) close the connection: every pending
 * request completes with NULL, on_down is called, and the client
 * connects again after a backoff (1 s doubling to 32 s, back to 1 s once
 * a connection came up).
 */
#ifndef IPMOB_VICI_CLIENT_H
#define IPMOB_VICI_CLIENT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/un.h>

#include "daemon.h"
#include "vici.h"

/* strongSwan's charon.plugins.vici.socket: unix:///var/run/charon.vici */
#define VICI_CLIENT_PATH	"/run/charon.vici"
/* requests pending at once, the one on the wire included */
#define VICI_CLIENT_QUEUE	64
/* events one may register for */
#define VICI_CLIENT_EVENTS	8
/* an event name's room, its NUL included */
#define VICI_CLIENT_NAME_MAX	64
/* how long charon may take to answer a request or a registration */
#define VICI_CLIENT_TIMEOUT_MS	30000
/* how long a request may take to go out (charon not reading) */
#define VICI_CLIENT_SEND_MS	1000
/* the reconnect backoff */
#define VICI_CLIENT_BACKOFF_MIN_MS	1000
#define VICI_CLIENT_BACKOFF_MAX_MS	32000

enum vici_client_state {
	VICI_CLIENT_DOWN,	/* no connection (a reconnect may be due) */
	VICI_CLIENT_CONNECTING,	/* connected, registering for events */
	VICI_CLIENT_UP,		/* registered: requests are taken */
};

/*
 * A request's completion: reply is the CMD_RESPONSE or CMD_UNKNOWN
 * packet, valid until the callback returns; NULL if the request failed
 * (connection lost or closed, no answer in time, vici_client_stop()).
 */
typedef void (*vici_reply_cb_t)(void *arg, const struct vici_pkt *reply);
/*
 * An event: its name (NUL-terminated) and its message (well formed,
 * vici_msg_check()), valid until the callback returns.
 */
typedef void (*vici_event_cb_t)(void *arg, const char *name,
				const uint8_t *msg, size_t len);

/**
 * struct vici_client - a connection to charon; embed it,
 *	vici_client_init() it once.
 * @d: the daemon whose loop runs it
 * @path: the socket's path
 * @fd: the connected socket, -1 when none
 * @state: see enum vici_client_state
 * @running: between vici_client_start() and vici_client_stop()
 * @dead: a write failed; the connection is closed from @tmo shortly
 *	(never from within the caller's vici_client_request())
 * @why: what @dead is about, for the log
 * @gen: bumped whenever the connection goes (closed or stopped): how a
 *	loop that called a user's callback sees that it may go no further
 * @rbuf: received bytes not processed yet, allocated once (at start) with
 *	room for the largest segment (VICI_MAX_SEGMENT + 4)
 * @rlen: bytes in @rbuf
 * @q: pending requests, a ring: @q_n from @q_head; each an owned copy
 *	of the segment (wiped before it is freed: load-shared carries
 *	keys), its callback and argument
 * @out: what is on the wire waiting for an answer: nothing, the request
 *	at @q_head, or the registration for @ev[@reg_next]
 * @ev: the events registered for (vici_client_event()), @n_ev of them;
 *	@on: charon confirmed the registration on this connection
 * @reg_next: the next event to register for while connecting
 * @on_up: connected and registered (the configuration may be loaded)
 * @on_down: a connection that was up is gone
 * @arg: for @on_up and @on_down
 * @tmo: the answer's deadline; also closes a @dead connection
 * @retry: the reconnect backoff; also the deferred on_up of a client
 *	with no events to register
 * @timeout_ms: how long an answer may take (VICI_CLIENT_TIMEOUT_MS)
 * @backoff_ms: the next reconnect's delay
 * @warned: a failure to connect was logged (the next ones are not,
 *	until a connection came up)
 */
struct vici_client {
	struct daemon *d;
	char path[sizeof(((struct sockaddr_un *)0)->sun_path)];
	int fd;
	enum vici_client_state state;
	bool running;
	bool dead;
	const char *why;
	unsigned int gen;

	uint8_t *rbuf;
	size_t rlen;

	struct vici_req {
		uint8_t *seg;
		size_t len;
		vici_reply_cb_t cb;
		void *arg;
	} q[VICI_CLIENT_QUEUE];
	unsigned int q_head, q_n;
	enum { VICI_OUT_NONE, VICI_OUT_CMD, VICI_OUT_REG } out;

	struct vici_client_ev {
		char name[VICI_CLIENT_NAME_MAX];
		vici_event_cb_t cb;
		void *arg;
		bool on;
	} ev[VICI_CLIENT_EVENTS];
	unsigned int n_ev, reg_next;

	void (*on_up)(void *arg);
	void (*on_down)(void *arg);
	void *arg;

	struct timer tmo, retry;
	uint32_t timeout_ms;
	uint32_t backoff_ms;
	bool warned;
};

/*
 * Set c up (not connected): path NULL for VICI_CLIENT_PATH. 0, or -1 if
 * path does not fit a unix socket address.
 */
int vici_client_init(struct vici_client *c, struct daemon *d,
		     const char *path, void (*on_up)(void *arg),
		     void (*on_down)(void *arg), void *arg);
/*
 * Register for the event name (1 to VICI_CLIENT_NAME_MAX - 1 bytes),
 * delivered to cb with arg, before vici_client_start(). Also what a
 * streaming command sends (e.g. "list-sa" of list-sas). 0, or -1 (too
 * many, a name twice, a bad name, already started).
 */
int vici_client_event(struct vici_client *c, const char *name,
		      vici_event_cb_t cb, void *arg);
/*
 * Connect now (a failure is retried with the backoff). 0, or -1 if the
 * receive buffer cannot be allocated or c runs already. on_up is never
 * called from within this call.
 */
int vici_client_start(struct vici_client *c);
/*
 * Take fd, a connected unix stream socket, as the connection (made
 * non-blocking and close-on-exec), as vici_client_start() would after
 * its connect: for the tests, or a socket passed in. A reconnect later
 * connects to c->path. 0 or -1 (fd is closed).
 */
int vici_client_adopt(struct vici_client *c, int fd);
/*
 * Close the connection, cancel the timers, fail every pending request
 * (their callbacks get NULL; on_down is not called) and free the
 * buffers. c may be started again. Safe from within c's callbacks.
 */
void vici_client_stop(struct vici_client *c);
/*
 * Queue the command request in seg (a whole segment of len bytes, as
 * vici_w_finish() made it: its prefix, a VICI_CMD_REQUEST packet). c
 * keeps a copy; the caller may wipe seg at once. cb (may be NULL) gets
 * the answer later, never from within this call. 0, or -1 if c is not
 * up, the queue is full or seg is not one command request: then cb is
 * not called.
 */
int vici_client_request(struct vici_client *c, const uint8_t *seg,
			size_t len, vici_reply_cb_t cb, void *arg);
/* The state is VICI_CLIENT_UP and requests are taken. */
bool vici_client_up(const struct vici_client *c);

/*
 * Whether reply (a request's completion) is a CMD_RESPONSE with
 * "success = yes" (errbuf then ""). If not, what went wrong goes to
 * errbuf (n bytes, may be 0): charon's errmsg, cut to fit, each byte
 * that is not printable ASCII replaced by '?' (safe to log), or a word
 * of why there is none (no answer, unknown command, no errmsg).
 */
bool vici_reply_ok(const struct vici_pkt *reply, char *errbuf, size_t n);

#endif /* IPMOB_VICI_CLIENT_H */
