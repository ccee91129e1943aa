// SPDX-License-Identifier: GPL-2.0
/*
 * loop.c - the event loop of ipmobd: a handful of file descriptors and a
 * sorted list of one-shot timers on the monotonic clock. Single
 * threaded: every callback runs to completion.
 */
#include <errno.h>
#include <poll.h>
#include <string.h>
#include <syslog.h>
#include <time.h>

#include "daemon.h"

uint64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

void loop_timer_init(struct timer *t, timer_cb_t cb, void *data)
{
	memset(t, 0, sizeof(*t));
	t->cb = cb;
	t->data = data;
}

void loop_timer_cancel(struct daemon *d, struct timer *t)
{
	struct timer **pp;

	if (!t->due)
		return;
	for (pp = &d->timers; *pp; pp = &(*pp)->next) {
		if (*pp == t) {
			*pp = t->next;
			break;
		}
	}
	t->due = 0;
	t->next = NULL;
}

void loop_timer_arm(struct daemon *d, struct timer *t, uint64_t delay_ms)
{
	struct timer **pp;

	loop_timer_cancel(d, t);
	t->due = now_ms() + delay_ms;
	if (!t->due)
		t->due = 1;
	for (pp = &d->timers; *pp && (*pp)->due <= t->due; pp = &(*pp)->next)
		;
	t->next = *pp;
	*pp = t;
}

int loop_add_fd(struct daemon *d, int fd, fd_cb_t cb, void *data)
{
	if (d->n_fds >= LOOP_MAX_FDS)
		return -1;
	d->fds[d->n_fds].fd = fd;
	d->fds[d->n_fds].cb = cb;
	d->fds[d->n_fds].data = data;
	d->n_fds++;
	return 0;
}

void loop_del_fd(struct daemon *d, int fd)
{
	unsigned int i;

	for (i = 0; i < d->n_fds; i++) {
		if (d->fds[i].fd == fd) {
			d->fds[i] = d->fds[--d->n_fds];
			return;
		}
	}
}

void loop_stop(struct daemon *d, int status)
{
	d->stop = true;
	d->status = status;
}

static void run_timers(struct daemon *d)
{
	uint64_t now = now_ms();

	while (d->timers && d->timers->due <= now && !d->stop) {
		struct timer *t = d->timers;

		d->timers = t->next;
		t->next = NULL;
		t->due = 0;
		t->cb(d, t->data);
	}
}

int loop_run(struct daemon *d)
{
	struct pollfd pfd[LOOP_MAX_FDS];

	while (!d->stop) {
		unsigned int i, n = d->n_fds;
		int timeout = -1;

		run_timers(d);
		if (d->stop)
			break;
		if (d->timers) {
			uint64_t now = now_ms();

			timeout = d->timers->due <= now ? 0 :
				  (int)(d->timers->due - now);
		}
		for (i = 0; i < n; i++) {
			pfd[i].fd = d->fds[i].fd;
			pfd[i].events = POLLIN;
			pfd[i].revents = 0;
		}
		if (poll(pfd, n, timeout) < 0) {
			if (errno == EINTR)
				continue;
			logmsg(LOG_ERR, "poll: %s", strerror(errno));
			return 2;
		}
		for (i = 0; i < n && !d->stop; i++) {
			unsigned int j;

			if (!(pfd[i].revents & (POLLIN | POLLERR | POLLHUP)))
				continue;
			/* the table may have changed under a callback */
			for (j = 0; j < d->n_fds; j++) {
				if (d->fds[j].fd == pfd[i].fd) {
					d->fds[j].cb(d, pfd[i].fd,
						     d->fds[j].data);
					break;
				}
			}
		}
	}
	return d->status;
}
