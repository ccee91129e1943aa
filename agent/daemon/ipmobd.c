// SPDX-License-Identifier: GPL-2.0
/*
 * ipmobd.c - the ipmob daemon: configuration, the kernel connection
 * and the event loop; the roles are in ha.c (home agent) and mn.c
 * (mobile node).
 *
 * At start it rebuilds its view of the kernel binding table from a dump
 * ("nothing is lost": a restarted daemon starts from what the kernel
 * has), follows the "events" multicast group, and hands Mobility Header
 * and ICMPv6 messages, rtnetlink changes and binding events to the
 * roles the configuration enables.
 *
 * Exit status: 0 after SIGTERM/SIGINT, 1 bad usage or configuration,
 * 2 kernel/netlink failure.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <cap-ng.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/signalfd.h>
#include <syslog.h>
#include <time.h>
#include <unistd.h>
#include <libmnl/libmnl.h>

#include "binding.h"
#include "conf.h"
#include "daemon.h"
#include "dsmip.h"
#include "genl.h"
#include "mh.h"
#include "names.h"
#include "roles.h"
#include "util.h"
#include "view.h"

#define DEFAULT_CONFIG	"/etc/ipmob/ipmobd.conf"
#define EVENTS_RCVBUF	(8 * 1024 * 1024)
/* notifications read per wake-up: several per message of a batch */
#define EVENTS_BATCH	(16 * SOCK_BATCH)
#define DUMP_RETRIES	5

static bool use_syslog;
static int log_max = LOG_INFO;

static void vlogmsg(int prio, const char *fmt, va_list ap)
{
	if (use_syslog) {
		vsyslog(prio, fmt, ap);
	} else {
		struct timespec ts;
		struct tm tm;

		/* wall clock to the millisecond: the timeline of a handover */
		clock_gettime(CLOCK_REALTIME, &ts);
		localtime_r(&ts.tv_sec, &tm);
		fprintf(stderr, "ipmobd: %02d:%02d:%02d.%03ld %s: ", tm.tm_hour,
			tm.tm_min, tm.tm_sec, ts.tv_nsec / 1000000L,
			log_level_name(prio));
		vfprintf(stderr, fmt, ap);
		fputc('\n', stderr);
	}
}

void logmsg(int prio, const char *fmt, ...)
{
	va_list ap;

	if (prio > log_max)
		return;
	va_start(ap, fmt);
	vlogmsg(prio, fmt, ap);
	va_end(ap);
}

/*
 * Lines a peer can cause (one per packet it sends): peer-log-rate per
 * second, peer-log-burst at once; what is left out is counted and said
 * in the next line that goes. main() sets the configured values.
 */
static struct ratelimit peer_log_rl =
	RATELIMIT_INIT(CONF_PEER_LOG_RATE, CONF_PEER_LOG_BURST);

bool log_peer_gate(int prio)
{
	int e = errno;		/* the line may print strerror(errno) */
	bool ok = prio <= log_max && ratelimit_ok(&peer_log_rl, now_ms());

	errno = e;
	return ok;
}

/* after log_peer_gate() said yes */
void logmsg_peer_(int prio, const char *fmt, ...)
{
	unsigned long n;
	va_list ap;

	n = peer_log_rl.suppressed;
	if (n) {
		peer_log_rl.suppressed = 0;
		logmsg(LOG_NOTICE, "%lu log lines about peers suppressed (more than %u per second)",
		       n, peer_log_rl.rate);
	}
	va_start(ap, fmt);
	vlogmsg(prio, fmt, ap);
	va_end(ap);
}

/*
 * Messages sent in answer to a peer that has not authenticated (Binding
 * Errors, Home/Care-of Tests, refusing Binding Acknowledgements, DHAAD
 * replies, Mobile Prefix Advertisements): reply-rate per second,
 * reply-burst at once, so that the daemon is no reflector. main() sets
 * the configured values.
 */
static struct ratelimit reply_rl =
	RATELIMIT_INIT(CONF_REPLY_RATE, CONF_REPLY_BURST);

bool reply_ok(void)
{
	return ratelimit_ok(&reply_rl, now_ms());
}

static const char *pidfile;
static int pidfd = -1;

static void usage(FILE *f)
{
	fprintf(f,
		"Usage: ipmobd [ -c CONFIG ] [ -f ] [ -d ] [ -n NETNS ] [ -p PIDFILE ]\n"
		"       ipmobd -t [ -c CONFIG ]\n"
		"       ipmobd -h | -V\n"
		"  -c CONFIG   configuration file (default " DEFAULT_CONFIG ")\n"
		"  -f          stay in the foreground, log to stderr\n"
		"  -d          debug logging\n"
		"  -n NETNS    run in network namespace NETNS (/run/netns/NETNS)\n"
		"  -p PIDFILE  write the process id to PIDFILE\n"
		"  -t          check the configuration (and its key files), then exit\n");
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
	size_t others;	/* sessions of another instance, left alone */
	bool nomem;
};

/*
 * Is a session ipmobd's? Its instance (IPMOB_BA_INSTANCE) is none (0):
 * sessions an operator or another control plane tagged with theirs are
 * neither rebuilt into the view nor touched.
 */
static bool binding_ours(const struct ipmob_binding *b)
{
	return !BA_HAS(b, IPMOB_BA_INSTANCE) || !b->instance;
}

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
		if (!binding_ours(&b)) {
			s->others++;
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
		if (s.others)
			logmsg(LOG_NOTICE, "left alone %zu binding%s of other instances",
			       s.others, s.others == 1 ? "" : "s");
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
	if (!binding_ours(b)) {
		/*
		 * Another instance's, or ours no longer: out of the view,
		 * and no role hears of it
		 */
		view_remove(&d->view, b);
		logmsg(LOG_DEBUG, "binding %s (another instance's): %s",
		       event_name(cmd), text);
		return;
	}
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
		logmsg(LOG_INFO, "binding refresh needed: %s", text);
		break;
	default:
		logmsg(LOG_DEBUG, "binding event %u: %s", cmd, text);
	}
}

static void on_berr_needed(struct daemon *d, const struct nlmsghdr *nlh)
{
	struct in6_addr a_src, a_dst, a_hoa;
	bool has_src = false, has_dst = false, has_hoa = false;
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
			if (out == src) {
				a_src = addr;
				has_src = true;
			} else if (out == dst) {
				a_dst = addr;
				has_dst = true;
			} else {
				a_hoa = addr;
				has_hoa = true;
			}
		}
	}
	logmsg(LOG_INFO, "binding error needed: src %s dst %s hoa %s status %u (%s) mh_type %u",
	       src, dst, hoa, status,
	       be_status_name(status) ? be_status_name(status) : "unknown",
	       mh_type);
	/* RFC 6275 9.3.1: the home agent or correspondent answers */
	if (!has_src || !has_dst || !has_hoa)
		return;
	roles_berr_needed(d, &a_src, &a_dst, &a_hoa, status, mh_type);
}

static void on_ro_hint(struct daemon *d, const struct nlmsghdr *nlh)
{
	struct in6_addr hoa, cn;
	bool has_hoa = false, has_cn = false;
	const struct nlattr *a;

	mnl_attr_for_each(a, nlh, GENL_HDRLEN) {
		if (mnl_attr_get_payload_len(a) != sizeof(struct in6_addr))
			continue;
		if (mnl_attr_get_type(a) == IPMOB_A_HOA) {
			memcpy(&hoa, mnl_attr_get_payload(a), sizeof(hoa));
			has_hoa = true;
		} else if (mnl_attr_get_type(a) == IPMOB_A_DST) {
			memcpy(&cn, mnl_attr_get_payload(a), sizeof(cn));
			has_cn = true;
		}
	}
	if (has_hoa && has_cn)
		roles_ro_hint(d, &hoa, &cn);
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
		on_berr_needed(d, nlh);
		return 0;
	case IPMOB_CMD_RO_HINT:
		on_ro_hint(d, nlh);
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
		if (binding_ours(&b))
			roles_binding_event(d, g->cmd, &b);
	}
	return 0;
}

/* ---- setup ---- */

static int write_pidfile(void)
{
	char buf[32];
	int n;

	pidfd = open(pidfile, O_WRONLY | O_CREAT | O_CLOEXEC, 0644);
	if (pidfd < 0) {
		logmsg(LOG_ERR, "cannot open pid file %s: %s", pidfile,
		       strerror(errno));
		return -1;
	}
	if (lockf(pidfd, F_TLOCK, 0) < 0) {
		logmsg(LOG_ERR, "pid file %s is locked: is ipmobd already running?",
		       pidfile);
		close(pidfd);
		pidfd = -1;
		return -1;
	}
	n = snprintf(buf, sizeof(buf), "%ld\n", (long)getpid());
	if (ftruncate(pidfd, 0) < 0 || write(pidfd, buf, (size_t)n) != n) {
		logmsg(LOG_ERR, "cannot write pid file %s: %s", pidfile,
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

/* ---- event loop callbacks ---- */

static void on_signal(struct daemon *d, int fd, void *data)
{
	struct signalfd_siginfo si;

	(void)data;
	if (read(fd, &si, sizeof(si)) != sizeof(si))
		return;
	if (si.ssi_signo == SIGHUP) {
		logmsg(LOG_NOTICE, "SIGHUP: rebuilding the binding view");
		if (resync(d, "SIGHUP") < 0)
			loop_stop(d, 2);
		return;
	}
	logmsg(LOG_NOTICE, "%s: exiting (%zu bindings in view)",
	       strsignal((int)si.ssi_signo), d->view.count);
	loop_stop(d, 0);
}

/*
 * Every notification waiting, up to EVENTS_BATCH a wake-up (one per
 * datagram). One a wake-up was too few: a batch of SOCK_BATCH Binding
 * Updates makes as many changes (more with mobile network prefixes),
 * each a notification, so under load they piled up until the socket
 * overflowed, and each overflow cost a dump of the whole table: at
 * 100,000 home addresses the home agent spent its time dumping.
 */
static void on_events(struct daemon *d, int fd, void *data)
{
	struct genl_err e;
	unsigned int i;
	int ret;

	(void)fd;
	(void)data;
	for (i = 0; i < EVENTS_BATCH; i++) {
		ret = genl_recv_nowait(&d->ev, event_cb, d, &e);
		if (ret == -EAGAIN)
			return;
		if (ret == -ENOBUFS) {
			/* Events were dropped: the kernel has the truth. */
			logmsg(LOG_WARNING, "event queue overflow, events lost");
			if (resync(d, "after lost events") < 0)
				loop_stop(d, 2);
			return;
		}
		if (ret < 0) {
			logmsg(LOG_ERR, "events: %s", genl_strerror(&e));
			loop_stop(d, 2);
			return;
		}
	}
}

/*
 * One batch (SOCK_BATCH messages, one recvmmsg) per signalling socket
 * per wake-up: the budget. The loop polls level-triggered: what is left
 * is read at the next turn, after the timers and the other sockets, so a
 * flood on one socket cannot starve retransmissions, DAD, netlink events
 * or SIGTERM; and one system call per batch rather than per message lets
 * a home agent keep up with a flood of forged Binding Updates, so that
 * its socket does not overflow and drop a mobile node's genuine one.
 * One buffer for both sockets: each batch is handled before the next.
 */
static struct sock_batch rx_batch;

static void on_mh(struct daemon *d, int fd, void *data)
{
	unsigned int i;

	(void)data;
	if (sock_recv_batch(fd, &rx_batch) <= 0)
		return;
	for (i = 0; i < rx_batch.n; i++)
		if (!rx_batch.slot[i].skip)
			roles_mh(d, rx_batch.slot[i].buf, rx_batch.slot[i].len,
				 &rx_batch.slot[i].pi);
}

static void on_icmp(struct daemon *d, int fd, void *data)
{
	unsigned int i;

	(void)data;
	if (sock_recv_batch(fd, &rx_batch) <= 0)
		return;
	for (i = 0; i < rx_batch.n; i++)
		if (!rx_batch.slot[i].skip)
			roles_icmp(d, rx_batch.slot[i].buf,
				   rx_batch.slot[i].len, &rx_batch.slot[i].pi);
}

static void on_rtnl(struct daemon *d, int fd, void *data)
{
	(void)fd;
	(void)data;
	if (rtnl_monitor_drain())
		roles_links_changed(d);
}

/*
 * Started: keep only what the signalling needs from now on. CAP_NET_ADMIN
 * (the binding table, addresses, proxy ND, net sysctls) and CAP_NET_RAW
 * (its raw sockets), effective and permitted; the bounding set too, so
 * nothing it runs could get more. It stays uid 0 (the files it writes,
 * /proc/sys/net, are root's). What is left cannot load modules, enter
 * namespaces, read others' files or trace processes.
 */
static int drop_caps(void)
{
	capng_clear(CAPNG_SELECT_BOTH);
	if (capng_updatev(CAPNG_ADD, CAPNG_EFFECTIVE | CAPNG_PERMITTED |
			  CAPNG_BOUNDING_SET, CAP_NET_ADMIN, CAP_NET_RAW,
			  -1) < 0 ||
	    capng_apply(CAPNG_SELECT_BOTH) < 0) {
		logmsg(LOG_ERR, "cannot drop capabilities");
		return -1;
	}
	logmsg(LOG_INFO, "capabilities: CAP_NET_ADMIN and CAP_NET_RAW only");
	return 0;
}

static int run(struct daemon *d)
{
	sigset_t mask;
	int sfd, ret;

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
	loop_add_fd(d, sfd, on_signal, NULL);
	loop_add_fd(d, genl_fd(&d->ev), on_events, NULL);

	d->mh_fd = d->icmp_fd = d->rtnl_fd = d->udp_fd = -1;
	ret = 2;
	d->undo.armed = true;
	if (roles_any(&d->conf)) {
		if (ensure_ipmob_dev(d, d->conf.device) < 0)
			goto out;
		d->mh_fd = mhsock_open();
		d->icmp_fd = icmp6sock_open();
		if (d->mh_fd < 0 || d->icmp_fd < 0) {
			logmsg(LOG_ERR, "cannot open the signalling sockets: %s",
			       strerror(errno));
			goto out;
		}
		loop_add_fd(d, d->mh_fd, on_mh, NULL);
		loop_add_fd(d, d->icmp_fd, on_icmp, NULL);
		/*
		 * DSMIPv6 (RFC 5555 4.2): a home agent with an IPv4
		 * address takes Binding Updates in UDP on port 4191; a
		 * mobile node that knows its home agent's sends them from
		 * a port of its own.
		 */
		if (d->conf.ha.enabled ? d->conf.ha.has_addr4 :
		    d->conf.mn.enabled && d->conf.mn.has_ha4) {
			d->udp_fd = udpsock_open(d, d->conf.ha.enabled ?
						 DSMIP_PORT : 0);
			if (d->udp_fd < 0)
				goto out;
			loop_add_fd(d, d->udp_fd, udpsock_rx, NULL);
		}
	}
	if (roles_need_rtnl(&d->conf)) {
		d->rtnl_fd = rtnl_monitor_open();
		if (d->rtnl_fd < 0) {
			logmsg(LOG_ERR, "cannot follow rtnetlink: %s",
			       strerror(errno));
			goto out;
		}
		loop_add_fd(d, d->rtnl_fd, on_rtnl, NULL);
	}
	if (roles_start(d) < 0)
		goto out;
	if (drop_caps() < 0)
		goto out;
	undo_forget(d);
	ret = loop_run(d);
out:
	roles_stop(d);
	/* start-up failed: leave the system as it was found */
	if (d->undo.armed)
		undo_run(d);
	if (d->rtnl_fd >= 0)
		rtnl_monitor_close();
	udpsock_close(d);
	arpsock_close(d);
	if (d->mh_fd >= 0)
		close(d->mh_fd);
	if (d->icmp_fd >= 0)
		close(d->icmp_fd);
	close(sfd);
	return ret;
}

int main(int argc, char **argv)
{
	const char *config = DEFAULT_CONFIG, *netns = NULL;
	bool foreground = false, debug = false, check_only = false;
	struct daemon d;
	struct genl_err e;
	char err[ERRBUF_LEN], roles[64];
	uint32_t grp;
	int opt, ret, err_no;

	memset(&d, 0, sizeof(d));
	while ((opt = getopt(argc, argv, "c:fdn:p:thV")) != -1) {
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
			pidfile = optarg;
			break;
		case 't':
			check_only = true;
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
	if (check_only) {
		/* as sshd -t: silence and 0 when the file is good */
		conf_free(&d.conf);
		return 0;
	}
	log_max = debug ? LOG_DEBUG : d.conf.log_level;
	peer_log_rl = (struct ratelimit)RATELIMIT_INIT(d.conf.peer_log_rate,
						       d.conf.peer_log_burst);
	reply_rl = (struct ratelimit)RATELIMIT_INIT(d.conf.reply_rate,
						    d.conf.reply_burst);

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
	if (pidfile && write_pidfile() < 0) {
		ret = 1;
		goto out;
	}
	logmsg(LOG_NOTICE, "starting: %s, config %s%s%s, family id %u",
	       conf_roles(&d.conf, roles, sizeof(roles)), config, netns ? ", netns " : "",
	       netns ? netns : "", d.req.family_id);

	if (resync(&d, "startup") < 0) {
		ret = 2;
		goto out;
	}
	ret = run(&d);
out:
	if (pidfd >= 0) {
		unlink(pidfile);
		close(pidfd);
	}
	genl_close(&d.req);
	genl_close(&d.ev);
	view_free(&d.view);
	conf_free(&d.conf);
	if (use_syslog)
		closelog();
	return ret;
}
