// SPDX-License-Identifier: GPL-2.0
/*
 * ipmobd.c - the ipmob daemon (skeleton).
 *
 * Today it loads its configuration, rebuilds its view of the kernel
 * binding table from a dump ("nothing is lost": a restarted daemon
 * starts from what the kernel has), follows the "events" multicast
 * group and logs every event. The Mobility Header signalling (Binding
 * Updates, Acknowledgements, Binding Errors) plugs into the event
 * handlers below.
 *
 * Exit status: 0 after SIGTERM/SIGINT, 1 bad usage or configuration,
 * 2 kernel/netlink failure.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/signalfd.h>
#include <syslog.h>
#include <unistd.h>
#include <libmnl/libmnl.h>

#include "binding.h"
#include "conf.h"
#include "genl.h"
#include "names.h"
#include "util.h"
#include "view.h"

#define DEFAULT_CONFIG	"/etc/ipmob/ipmobd.conf"
#define EVENTS_RCVBUF	(8 * 1024 * 1024)
#define DUMP_RETRIES	5

static bool use_syslog;
static int log_max = LOG_INFO;

static void logmsg(int prio, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void logmsg(int prio, const char *fmt, ...)
{
	va_list ap;

	if (prio > log_max)
		return;
	va_start(ap, fmt);
	if (use_syslog) {
		vsyslog(prio, fmt, ap);
	} else {
		fprintf(stderr, "ipmobd: %s: ", log_level_name(prio));
		vfprintf(stderr, fmt, ap);
		fputc('\n', stderr);
	}
	va_end(ap);
}

struct daemon {
	struct ipmobd_conf conf;
	struct genl_sock req;	/* requests and dumps */
	struct genl_sock ev;	/* "events" notifications only */
	struct view view;
	const char *pidfile;
	int pidfd;
};

static void usage(FILE *f)
{
	fprintf(f,
		"Usage: ipmobd [ -c CONFIG ] [ -f ] [ -d ] [ -n NETNS ] [ -p PIDFILE ]\n"
		"       ipmobd -h | -V\n"
		"  -c CONFIG   configuration file (default " DEFAULT_CONFIG ")\n"
		"  -f          stay in the foreground, log to stderr\n"
		"  -d          debug logging\n"
		"  -n NETNS    run in network namespace NETNS (/run/netns/NETNS)\n"
		"  -p PIDFILE  write the process id to PIDFILE\n");
}

static const char *binding_text(const struct ipmob_binding *b, char *buf,
				size_t len)
{
	char dev[IF_NAMESIZE + 8];

	binding_format(buf, len, b,
		       BA_HAS(b, IPMOB_BA_IFINDEX) ?
		       ifindex_name(b->ifindex, dev) : NULL);
	return buf;
}

/* ---- dump: rebuild the view from the kernel ---- */

struct dump_state {
	struct view *view;
	size_t count;
	size_t bad;
	bool nomem;
};

static int dump_cb(const struct nlmsghdr *nlh, void *data,
		   struct genl_err *err)
{
	struct dump_state *s = data;
	const struct nlattr *a;

	(void)err;
	mnl_attr_for_each(a, nlh, GENL_HDRLEN) {
		struct ipmob_binding b;

		if (mnl_attr_get_type(a) != IPMOB_A_BINDING)
			continue;
		if (binding_from_nest(a, &b) < 0) {
			s->bad++;
			continue;
		}
		if (view_upsert(s->view, &b) < 0)
			s->nomem = true;
		else
			s->count++;
	}
	return 0;
}

static int resync(struct daemon *d, const char *why)
{
	char buf[NLMSG_HDRLEN + GENL_HDRLEN + 16] __attribute__((aligned(8)));
	int tries;

	for (tries = 0; tries < DUMP_RETRIES; tries++) {
		struct dump_state s = { .view = &d->view };
		struct nlmsghdr *nlh;
		struct genl_err e;
		int ret;

		view_clear(&d->view);
		memset(buf, 0, sizeof(buf));
		nlh = genl_msg_start(buf, d->req.family_id,
				     IPMOB_CMD_BINDING_GET,
				     IPMOB_GENL_VERSION, NLM_F_DUMP);
		ret = genl_talk(&d->req, nlh, dump_cb, &s, &e);
		if (ret < 0) {
			logmsg(LOG_ERR, "binding dump failed: %s",
			       genl_strerror(&e));
			return -1;
		}
		if (s.bad)
			logmsg(LOG_WARNING, "skipped %zu malformed bindings in the dump",
			       s.bad);
		if (s.nomem) {
			logmsg(LOG_ERR, "out of memory while rebuilding the binding view");
			return -1;
		}
		if (e.dump_intr) {
			logmsg(LOG_DEBUG, "binding dump interrupted, retrying");
			continue;
		}
		logmsg(LOG_NOTICE, "rebuilt %zu binding%s from the kernel (%s)",
		       d->view.count, d->view.count == 1 ? "" : "s", why);
		return 0;
	}
	logmsg(LOG_WARNING, "binding table kept changing during %d dumps; view rebuilt from the last one (%zu bindings)",
	       DUMP_RETRIES, d->view.count);
	return 0;
}

/* ---- events ---- */

static void on_binding_event(struct daemon *d, uint8_t cmd,
			     const struct ipmob_binding *b)
{
	char text[2048];

	binding_text(b, text, sizeof(text));
	switch (cmd) {
	case IPMOB_CMD_BINDING_NEW:
	case IPMOB_CMD_BINDING_SET:
		if (view_upsert(&d->view, b) < 0)
			logmsg(LOG_ERR, "out of memory: binding view incomplete");
		logmsg(LOG_INFO, "binding %s: %s", event_name(cmd), text);
		break;
	case IPMOB_CMD_BINDING_DEL:
	case IPMOB_CMD_BINDING_EXPIRED:
		view_remove(&d->view, b);
		logmsg(LOG_INFO, "binding %s: %s", event_name(cmd), text);
		break;
	case IPMOB_CMD_BINDING_REFRESH:
		/* Mobile node: a Binding Update is due (RFC 6275 11.7.1). */
		logmsg(LOG_NOTICE, "binding refresh needed: %s", text);
		break;
	default:
		logmsg(LOG_DEBUG, "binding event %u: %s", cmd, text);
	}
}

static void on_berr_needed(const struct nlmsghdr *nlh)
{
	char src[INET6_ADDRSTRLEN] = "?", dst[INET6_ADDRSTRLEN] = "?";
	char hoa[INET6_ADDRSTRLEN] = "?";
	unsigned int status = 0, mh_type = 255;
	const struct nlattr *a;

	mnl_attr_for_each(a, nlh, GENL_HDRLEN) {
		struct in6_addr addr;
		char *out = NULL;

		switch (mnl_attr_get_type(a)) {
		case IPMOB_A_SRC:
			out = src;
			break;
		case IPMOB_A_DST:
			out = dst;
			break;
		case IPMOB_A_HOA:
			out = hoa;
			break;
		case IPMOB_A_BE_STATUS:
			if (mnl_attr_get_payload_len(a) == 1)
				status = mnl_attr_get_u8(a);
			break;
		case IPMOB_A_MH_TYPE:
			if (mnl_attr_get_payload_len(a) == 1)
				mh_type = mnl_attr_get_u8(a);
			break;
		}
		if (out && mnl_attr_get_payload_len(a) == sizeof(addr)) {
			memcpy(&addr, mnl_attr_get_payload(a), sizeof(addr));
			in6_str(&addr, out);
		}
	}
	/* The Binding Error (RFC 6275 6.1.9) will be sent from here. */
	logmsg(LOG_NOTICE, "binding error needed: src %s dst %s hoa %s status %u (%s) mh_type %u",
	       src, dst, hoa, status,
	       be_status_name(status) ? be_status_name(status) : "unknown",
	       mh_type);
}

static int event_cb(const struct nlmsghdr *nlh, void *data,
		    struct genl_err *err)
{
	struct daemon *d = data;
	const struct genlmsghdr *g;
	const struct nlattr *a;
	uint32_t ifindex = 0;

	(void)err;
	if (mnl_nlmsg_get_payload_len(nlh) < GENL_HDRLEN)
		return 0;
	g = mnl_nlmsg_get_payload(nlh);

	switch (g->cmd) {
	case IPMOB_CMD_BERR_NEEDED:
		on_berr_needed(nlh);
		return 0;
	case IPMOB_CMD_BINDING_FLUSH:
		mnl_attr_for_each(a, nlh, GENL_HDRLEN)
			if (mnl_attr_get_type(a) == IPMOB_A_IFINDEX &&
			    mnl_attr_get_payload_len(a) == 4)
				ifindex = mnl_attr_get_u32(a);
		logmsg(LOG_INFO, "binding flush: %zu removed",
		       view_flush(&d->view, ifindex));
		return 0;
	}
	mnl_attr_for_each(a, nlh, GENL_HDRLEN) {
		struct ipmob_binding b;

		if (mnl_attr_get_type(a) != IPMOB_A_BINDING)
			continue;
		if (binding_from_nest(a, &b) < 0) {
			logmsg(LOG_WARNING, "malformed binding in event %u",
			       g->cmd);
			continue;
		}
		on_binding_event(d, g->cmd, &b);
	}
	return 0;
}

/* ---- setup ---- */

static int write_pidfile(struct daemon *d)
{
	char buf[32];
	int n;

	d->pidfd = open(d->pidfile, O_WRONLY | O_CREAT | O_CLOEXEC, 0644);
	if (d->pidfd < 0) {
		logmsg(LOG_ERR, "cannot open pid file %s: %s", d->pidfile,
		       strerror(errno));
		return -1;
	}
	if (lockf(d->pidfd, F_TLOCK, 0) < 0) {
		logmsg(LOG_ERR, "pid file %s is locked: is ipmobd already running?",
		       d->pidfile);
		close(d->pidfd);
		d->pidfd = -1;
		return -1;
	}
	n = snprintf(buf, sizeof(buf), "%ld\n", (long)getpid());
	if (ftruncate(d->pidfd, 0) < 0 || write(d->pidfd, buf, (size_t)n) != n) {
		logmsg(LOG_ERR, "cannot write pid file %s: %s", d->pidfile,
		       strerror(errno));
		return -1;
	}
	return 0;
}

static int load_config(const char *path, struct ipmobd_conf *conf)
{
	char err[ERRBUF_LEN + 512];
	FILE *f = fopen(path, "re");
	int ret;

	conf_defaults(conf);
	if (!f) {
		fprintf(stderr, "ipmobd: cannot open %s: %s\n", path,
			strerror(errno));
		return -1;
	}
	ret = conf_parse(f, path, conf, err, sizeof(err));
	fclose(f);
	if (ret < 0)
		fprintf(stderr, "ipmobd: %s\n", err);
	return ret;
}

static void log_interfaces(struct daemon *d)
{
	unsigned int i;

	for (i = 0; i < d->conf.n_ifaces; i++) {
		unsigned int idx = if_nametoindex(d->conf.ifaces[i]);

		if (!idx)
			logmsg(LOG_WARNING, "interface %s does not exist (yet)",
			       d->conf.ifaces[i]);
		else
			logmsg(LOG_INFO, "interface %s: %zu binding%s",
			       d->conf.ifaces[i], view_count_dev(&d->view, idx),
			       view_count_dev(&d->view, idx) == 1 ? "" : "s");
	}
}

static int run(struct daemon *d)
{
	struct pollfd pfd[2];
	sigset_t mask;
	int sfd;

	sigemptyset(&mask);
	sigaddset(&mask, SIGTERM);
	sigaddset(&mask, SIGINT);
	sigaddset(&mask, SIGHUP);
	if (sigprocmask(SIG_BLOCK, &mask, NULL) < 0)
		return 2;
	sfd = signalfd(-1, &mask, SFD_CLOEXEC);
	if (sfd < 0) {
		logmsg(LOG_ERR, "signalfd: %s", strerror(errno));
		return 2;
	}
	pfd[0].fd = sfd;
	pfd[0].events = POLLIN;
	pfd[1].fd = genl_fd(&d->ev);
	pfd[1].events = POLLIN;

	for (;;) {
		if (poll(pfd, 2, -1) < 0) {
			if (errno == EINTR)
				continue;
			logmsg(LOG_ERR, "poll: %s", strerror(errno));
			close(sfd);
			return 2;
		}
		if (pfd[0].revents & POLLIN) {
			struct signalfd_siginfo si;

			if (read(sfd, &si, sizeof(si)) == sizeof(si)) {
				if (si.ssi_signo == SIGHUP) {
					logmsg(LOG_NOTICE, "SIGHUP: rebuilding the binding view");
					if (resync(d, "SIGHUP") < 0) {
						close(sfd);
						return 2;
					}
				} else {
					logmsg(LOG_NOTICE, "%s: exiting (%zu bindings in view)",
					       strsignal((int)si.ssi_signo),
					       d->view.count);
					close(sfd);
					return 0;
				}
			}
		}
		if (pfd[1].revents & (POLLIN | POLLERR)) {
			struct genl_err e;
			int ret = genl_recv(&d->ev, event_cb, d, &e);

			if (ret == -ENOBUFS) {
				/* Events were dropped: the kernel has the truth. */
				logmsg(LOG_WARNING, "event queue overflow, events lost");
				if (resync(d, "after lost events") < 0) {
					close(sfd);
					return 2;
				}
			} else if (ret < 0) {
				logmsg(LOG_ERR, "events: %s", genl_strerror(&e));
				close(sfd);
				return 2;
			}
		}
	}
}

int main(int argc, char **argv)
{
	const char *config = DEFAULT_CONFIG, *netns = NULL;
	bool foreground = false, debug = false;
	struct daemon d;
	struct genl_err e;
	char err[ERRBUF_LEN];
	uint32_t grp;
	int opt, ret, err_no;

	memset(&d, 0, sizeof(d));
	d.pidfd = -1;
	while ((opt = getopt(argc, argv, "c:fdn:p:hV")) != -1) {
		switch (opt) {
		case 'c':
			config = optarg;
			break;
		case 'f':
			foreground = true;
			break;
		case 'd':
			debug = true;
			break;
		case 'n':
			netns = optarg;
			break;
		case 'p':
			d.pidfile = optarg;
			break;
		case 'h':
			usage(stdout);
			return 0;
		case 'V':
			printf("ipmobd %s (generic netlink family \"%s\" version %d)\n",
			       IPMOB_AGENT_VERSION, IPMOB_GENL_NAME,
			       IPMOB_GENL_VERSION);
			return 0;
		default:
			usage(stderr);
			return 1;
		}
	}
	if (optind < argc) {
		fprintf(stderr, "ipmobd: unexpected argument \"%s\"\n",
			argv[optind]);
		return 1;
	}

	if (load_config(config, &d.conf) < 0)
		return 1;
	log_max = debug ? LOG_DEBUG : d.conf.log_level;

	if (netns && netns_enter(netns, err, sizeof(err)) < 0) {
		fprintf(stderr, "ipmobd: %s\n", err);
		return 1;
	}
	if (view_init(&d.view) < 0) {
		fprintf(stderr, "ipmobd: out of memory\n");
		return 2;
	}

	/* Subscribe first, then dump: no change can fall in between. */
	ret = 2;
	if (genl_open(&d.ev, IPMOB_GENL_NAME, &e) < 0) {
		fprintf(stderr, "ipmobd: %s\n", genl_strerror(&e));
		goto out;
	}
	grp = genl_mcgrp_id(&d.ev, IPMOB_MCGRP_EVENTS);
	if (!grp) {
		fprintf(stderr, "ipmobd: the kernel has no \"%s\" multicast group\n",
			IPMOB_MCGRP_EVENTS);
		goto out;
	}
	genl_set_rcvbuf(&d.ev, EVENTS_RCVBUF);
	err_no = genl_subscribe(&d.ev, grp);
	if (err_no < 0) {
		fprintf(stderr, "ipmobd: cannot join group \"%s\": %s\n",
			IPMOB_MCGRP_EVENTS, strerror(-err_no));
		goto out;
	}
	if (genl_open(&d.req, IPMOB_GENL_NAME, &e) < 0) {
		fprintf(stderr, "ipmobd: %s\n", genl_strerror(&e));
		goto out;
	}

	if (!foreground) {
		if (daemon(0, 0) < 0) {
			fprintf(stderr, "ipmobd: daemon: %s\n", strerror(errno));
			goto out;
		}
		use_syslog = true;
		openlog("ipmobd", LOG_PID, LOG_DAEMON);
	}
	if (d.pidfile && write_pidfile(&d) < 0) {
		ret = 1;
		goto out;
	}
	logmsg(LOG_NOTICE, "starting: role %s, config %s%s%s, family id %u",
	       role_name(d.conf.role), config, netns ? ", netns " : "",
	       netns ? netns : "", d.req.family_id);

	if (resync(&d, "startup") < 0) {
		ret = 2;
		goto out;
	}
	log_interfaces(&d);
	ret = run(&d);
out:
	if (d.pidfd >= 0) {
		unlink(d.pidfile);
		close(d.pidfd);
	}
	genl_close(&d.req);
	genl_close(&d.ev);
	view_free(&d.view);
	if (use_syslog)
		closelog();
	return ret;
}
