// SPDX-License-Identifier: GPL-2.0
/*
 * cli_udp.c - "ipmob udp": the namespace's UDP tunnel socket (RFC 5555
 * 4.1, RFC 5844 7.1). "listen" binds a UDP socket, hands it to the
 * kernel (IPMOB_CMD_UDP_SET) and stays in the foreground reading what
 * belongs to no session; closing it when it ends takes it away from
 * the kernel. "show" asks for its port and family (IPMOB_CMD_UDP_GET).
 * argv -> struct udp_args, the requests, the reply and the datagram
 * lines are pure functions; the socket and the loop are not.
 */
#define _GNU_SOURCE	/* ppoll() */
#include <arpa/inet.h>
#include <errno.h>
#include <inttypes.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <libmnl/libmnl.h>

#include "cli.h"
#include "print.h"

void usage_udp(FILE *f)
{
	fprintf(f,
		"Usage: ipmob udp listen [ address ADDR ] port PORT\n"
		"       ipmob udp show\n"
		"       ipmob udp help\n"
		"listen: bind a UDP socket (no ADDR, or an IPv6 one: IPv6 and IPv4; an IPv4 ADDR: IPv4\n"
		"        only), make it the namespace's UDP tunnel socket and stay in the foreground,\n"
		"        printing the datagrams that belong to no session (at most %d lines a second);\n"
		"        SIGINT or SIGTERM closes it, which takes it away from the kernel. PORT 1-65535\n"
		"        (DSMIPv6: %d)\n",
		UDP_RATE_LINES, IPMOB_DSMIP6_PORT);
}

static const struct {
	const char *word;
	enum udp_op op;
} udp_ops[] = {
	{ "listen", UOP_LISTEN },
	{ "show", UOP_SHOW },
	{ "list", UOP_SHOW },
	{ "help", UOP_HELP },
};

int udp_args_parse(int argc, char **argv, struct udp_args *a, char *err,
		   size_t errlen)
{
	bool has_port = false;
	unsigned int k;
	uint64_t v;
	int i;

	memset(a, 0, sizeof(*a));
	if (argc < 1) {
		a->op = UOP_SHOW;
		return 0;
	}
	for (k = 0; k < ARRAY_SIZE(udp_ops); k++)
		if (matches(argv[0], udp_ops[k].word))
			break;
	if (k >= ARRAY_SIZE(udp_ops)) {
		errf(err, errlen, "unknown command \"%s\" for \"udp\" (try \"ipmob udp help\")",
		     argv[0]);
		return -1;
	}
	a->op = udp_ops[k].op;
	if (a->op != UOP_LISTEN) {
		if (argc > 1) {
			if (a->op == UOP_HELP)
				errf(err, errlen, "unexpected argument \"%s\" after \"help\"",
				     argv[1]);
			else
				errf(err, errlen, "unknown keyword \"%s\"",
				     argv[1]);
			return -1;
		}
		return 0;
	}
	for (i = 1; i < argc; i++) {
		const char *word = argv[i], *val;
		bool addr = !strcmp(word, "address");

		if (!addr && strcmp(word, "port")) {
			errf(err, errlen, "unknown keyword \"%s\"", word);
			return -1;
		}
		if (i + 1 >= argc) {
			errf(err, errlen, "missing value for \"%s\"", word);
			return -1;
		}
		val = argv[++i];
		if (addr ? a->has_addr : has_port) {
			errf(err, errlen, "duplicate \"%s\"", word);
			return -1;
		}
		if (addr) {
			struct in_addr a4;

			a->addr4 = !strchr(val, ':');
			if (a->addr4 ? parse_in4(val, &a4) < 0 :
				       parse_in6(val, &a->addr) < 0) {
				errf(err, errlen, "invalid address \"%s\"", val);
				return -1;
			}
			if (a->addr4)
				memcpy(&a->addr.s6_addr[12], &a4, sizeof(a4));
			a->has_addr = true;
		} else {
			if (parse_uint(val, 65535, &v) < 0 || !v) {
				errf(err, errlen, "invalid port \"%s\" (1-65535)",
				     val);
				return -1;
			}
			a->port = (uint16_t)v;
			has_port = true;
		}
	}
	if (!has_port) {
		errf(err, errlen, "missing \"port\"");
		return -1;
	}
	return 0;
}

int udp_listen_socket(const struct udp_args *a, char *err, size_t errlen)
{
	char txt[INET6_ADDRSTRLEN];
	struct sockaddr_in6 s6;
	struct sockaddr_in s4;
	const struct sockaddr *sa;
	socklen_t salen;
	int fd, off = 0;

	if (a->has_addr && a->addr4) {
		memset(&s4, 0, sizeof(s4));
		s4.sin_family = AF_INET;
		s4.sin_port = htons(a->port);
		memcpy(&s4.sin_addr, &a->addr.s6_addr[12], 4);
		sa = (const struct sockaddr *)&s4;
		salen = sizeof(s4);
		in4_str(&s4.sin_addr, txt);
	} else {
		memset(&s6, 0, sizeof(s6));
		s6.sin6_family = AF_INET6;
		s6.sin6_port = htons(a->port);
		if (a->has_addr)
			s6.sin6_addr = a->addr;
		sa = (const struct sockaddr *)&s6;
		salen = sizeof(s6);
		in6_str(&s6.sin6_addr, txt);
	}
	fd = socket(sa->sa_family, SOCK_DGRAM | SOCK_CLOEXEC, IPPROTO_UDP);
	if (fd < 0) {
		errf(err, errlen, "cannot open a UDP socket: %s",
		     strerror(errno));
		return -1;
	}
	/* [::]:PORT takes IPv4 too (the kernel's IPv4 outer packets) */
	if (sa->sa_family == AF_INET6 &&
	    setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &off, sizeof(off)) < 0) {
		errf(err, errlen, "cannot clear IPV6_V6ONLY: %s",
		     strerror(errno));
		close(fd);
		return -1;
	}
	if (bind(fd, sa, salen) < 0) {
		errf(err, errlen, "cannot bind to %s port %u: %s", txt,
		     a->port, strerror(errno));
		close(fd);
		return -1;
	}
	return fd;
}

struct nlmsghdr *udp_set_msg(int fd, uint16_t family, uint8_t version,
			     void *buf, size_t buflen)
{
	struct nlmsghdr *nlh;

	if (buflen < NLMSG_HDRLEN + GENL_HDRLEN)
		return NULL;
	nlh = genl_msg_start(buf, family, IPMOB_CMD_UDP_SET, version, 0);
	if (fd >= 0 &&
	    !mnl_attr_put_u32_check(nlh, buflen, IPMOB_A_FD, (uint32_t)fd))
		return NULL;
	return nlh;
}

struct nlmsghdr *udp_get_msg(uint16_t family, uint8_t version, void *buf,
			     size_t buflen)
{
	if (buflen < NLMSG_HDRLEN + GENL_HDRLEN)
		return NULL;
	return genl_msg_start(buf, family, IPMOB_CMD_UDP_GET, version, 0);
}

/* ---------------------------------------------------------------- */
/* Output                                                           */

int udp_print_reply(struct cli_ctx *ctx, const struct nlmsghdr *nlh)
{
	const struct nlattr *attr;
	bool has_port = false, has_family = false;
	uint16_t port = 0, family = 0;
	char line[128], num[8];
	const char *fam;
	struct printer pr;
	struct json j;

	if (mnl_nlmsg_get_payload_len(nlh) < GENL_HDRLEN)
		return -EBADMSG;
	mnl_attr_for_each(attr, nlh, GENL_HDRLEN) {
		switch (mnl_attr_get_type(attr)) {
		case IPMOB_A_UDP_PORT:
			if (mnl_attr_get_payload_len(attr) != 2)
				return -EBADMSG;
			port = mnl_attr_get_u16(attr);
			has_port = true;
			break;
		case IPMOB_A_UDP_FAMILY:
			if (mnl_attr_get_payload_len(attr) != 2)
				return -EBADMSG;
			family = mnl_attr_get_u16(attr);
			has_family = true;
			break;
		}
	}
	switch (family) {
	case AF_INET6:
		fam = "inet6";
		break;
	case AF_INET:
		fam = "inet";
		break;
	default:
		snprintf(num, sizeof(num), "%u", family);
		fam = num;
	}
	if (ctx->json) {
		json_init(&j, ctx->out, ctx->pretty);
		pr = printer_json(&j);
		json_obj_open(&j);
	} else {
		pr = printer_text(line, sizeof(line));
	}
	if (has_port)
		pr_u64(&pr, PR_ANY, "port", " port %" PRIu64, port);
	if (has_family)
		pr_str(&pr, PR_ANY, "family", " family %s", fam);
	if (ctx->json) {
		json_obj_close(&j);
		fputc('\n', ctx->out);
	} else if (pr.used) {
		fprintf(ctx->out, "%s\n", line);
	}
	return 0;
}

/* One line: text, or a JSON object of its own. */
static void line_begin(struct cli_ctx *ctx, struct printer *pr, struct json *j,
		       char *buf, size_t len)
{
	if (ctx->json) {
		json_init(j, ctx->out, false);
		*pr = printer_json(j);
		json_obj_open(j);
	} else {
		*pr = printer_text(buf, len);
	}
}

static void line_end(struct cli_ctx *ctx, struct printer *pr, struct json *j,
		     const char *buf)
{
	(void)pr;
	if (ctx->json)
		json_obj_close(j);
	else
		fputs(buf, ctx->out);
	fputc('\n', ctx->out);
}

/* The datagram's source: IPv4 (also IPv4-mapped) or IPv6, and port. */
static bool source(const struct sockaddr *from, char *txt, uint16_t *port)
{
	if (from->sa_family == AF_INET) {
		const struct sockaddr_in *s4 = (const void *)from;

		in4_str(&s4->sin_addr, txt);
		*port = ntohs(s4->sin_port);
		return true;
	}
	if (from->sa_family == AF_INET6) {
		const struct sockaddr_in6 *s6 = (const void *)from;

		if (IN6_IS_ADDR_V4MAPPED(&s6->sin6_addr)) {
			struct in_addr a4;

			memcpy(&a4, &s6->sin6_addr.s6_addr[12], sizeof(a4));
			in4_str(&a4, txt);
		} else {
			in6_str(&s6->sin6_addr, txt);
		}
		*port = ntohs(s6->sin6_port);
		return true;
	}
	return false;
}

int udp_datagram_print(struct cli_ctx *ctx, struct udp_ratelimit *rl,
		       uint64_t now_ms, const struct sockaddr *from,
		       size_t len)
{
	char txt[INET6_ADDRSTRLEN] = "?", buf[160];
	struct printer pr;
	struct json j;
	uint16_t port = 0;
	int lines = 0;

	if (now_ms - rl->start_ms >= UDP_RATE_MS || now_ms < rl->start_ms) {
		rl->start_ms = now_ms;
		rl->lines = 0;
	}
	if (rl->lines >= UDP_RATE_LINES) {
		rl->suppressed++;
		return 0;
	}
	rl->lines++;
	if (rl->suppressed) {
		line_begin(ctx, &pr, &j, buf, sizeof(buf));
		pr_u64(&pr, PR_JSON, "suppressed", "%" PRIu64,
		       (uint64_t)rl->suppressed);
		pr_u64(&pr, PR_TEXT, NULL, "suppressed %" PRIu64 " datagrams",
		       (uint64_t)rl->suppressed);
		line_end(ctx, &pr, &j, buf);
		rl->suppressed = 0;
		lines++;
	}
	source(from, txt, &port);
	line_begin(ctx, &pr, &j, buf, sizeof(buf));
	pr_str(&pr, PR_ANY, "from", "from %s", txt);
	pr_u64(&pr, PR_ANY, "port", " port %" PRIu64, port);
	pr_u64(&pr, PR_ANY, "bytes", ", %" PRIu64 " bytes", (uint64_t)len);
	line_end(ctx, &pr, &j, buf);
	return lines + 1;
}

/* ---------------------------------------------------------------- */
/* Commands                                                         */

static volatile sig_atomic_t udp_stop;

static void on_signal(int sig)
{
	(void)sig;
	udp_stop = 1;
}

static uint64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

/*
 * Read the socket until SIGINT or SIGTERM. The signals are blocked but
 * in ppoll(), so none is lost between a check and the wait.
 */
static int udp_listen_loop(struct cli_ctx *ctx, int fd)
{
	struct udp_ratelimit rl = { 0 };
	struct sigaction sa;
	sigset_t block, old;
	static char dgram[65536];

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sigemptyset(&block);
	sigaddset(&block, SIGINT);
	sigaddset(&block, SIGTERM);
	sigprocmask(SIG_BLOCK, &block, &old);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	rl.start_ms = now_ms();
	while (!udp_stop) {
		struct pollfd p = { .fd = fd, .events = POLLIN };
		struct sockaddr_storage from;
		socklen_t fromlen = sizeof(from);
		ssize_t n;

		if (ppoll(&p, 1, NULL, &old) < 0) {
			if (errno == EINTR)
				continue;
			return cli_error(ctx, "poll: %s", strerror(errno));
		}
		n = recvfrom(fd, dgram, sizeof(dgram), MSG_DONTWAIT | MSG_TRUNC,
			     (struct sockaddr *)&from, &fromlen);
		if (n < 0) {
			if (errno == EINTR || errno == EAGAIN ||
			    errno == ECONNREFUSED)
				continue;
			return cli_error(ctx, "cannot read the UDP socket: %s",
					 strerror(errno));
		}
		if (udp_datagram_print(ctx, &rl, now_ms(),
				       (struct sockaddr *)&from, (size_t)n))
			fflush(ctx->out);
	}
	sigprocmask(SIG_SETMASK, &old, NULL);
	return 0;
}

static int udp_listen(struct cli_ctx *ctx, const struct udp_args *a)
{
	char err[ERRBUF_LEN], txt[INET6_ADDRSTRLEN];
	struct nlmsghdr *nlh;
	struct genl_err e;
	struct printer pr;
	struct json j;
	char line[128];
	int fd, ret;

	fd = udp_listen_socket(a, err, sizeof(err));
	if (fd < 0)
		return cli_error(ctx, "%s", err);
	ret = cli_connect(ctx);
	if (ret)
		goto out;
	nlh = udp_set_msg(fd, ctx->family, ctx->version, ctx->txbuf,
			  GENL_TXBUF_LEN);
	if (!nlh) {
		ret = cli_error(ctx, "request too large");
		goto out;
	}
	if (cli_talk(ctx, nlh, NULL, NULL, &e) < 0) {
		if (!e.msg[0] && e.error == -EOPNOTSUPP)
			snprintf(e.msg, sizeof(e.msg),
				 "the kernel has no UDP encapsulation (ipmob module too old?)");
		ret = cli_kernel_error(ctx, 0, &e);
		goto out;
	}
	if (a->has_addr && a->addr4) {
		struct in_addr a4;

		memcpy(&a4, &a->addr.s6_addr[12], sizeof(a4));
		in4_str(&a4, txt);
	} else {
		in6_str(&a->addr, txt);
	}
	line_begin(ctx, &pr, &j, line, sizeof(line));
	pr_str(&pr, PR_ANY, "listening", "listening on %s", txt);
	pr_u64(&pr, PR_ANY, "port", " port %" PRIu64, a->port);
	line_end(ctx, &pr, &j, line);
	fflush(ctx->out);
	ret = udp_listen_loop(ctx, fd);
out:
	/* the kernel lets go of the socket when it is closed */
	close(fd);
	return ret;
}

struct show_state {
	struct cli_ctx *ctx;
	unsigned int replies;
};

static int show_cb(const struct nlmsghdr *nlh, void *data,
		   struct genl_err *err)
{
	struct show_state *s = data;

	if (s->replies++)
		return 0;
	if (udp_print_reply(s->ctx, nlh) < 0) {
		snprintf(err->msg, sizeof(err->msg),
			 "malformed UDP socket reply from the kernel");
		return -EBADMSG;
	}
	return 0;
}

static int udp_show(struct cli_ctx *ctx)
{
	struct show_state s = { .ctx = ctx };
	struct nlmsghdr *nlh;
	struct genl_err e;
	int ret;

	ret = cli_connect(ctx);
	if (ret)
		return ret;
	nlh = udp_get_msg(ctx->family, ctx->version, ctx->txbuf,
			  GENL_TXBUF_LEN);
	if (!nlh)
		return cli_error(ctx, "request too large");
	ret = cli_talk(ctx, nlh, show_cb, &s, &e);
	fflush(ctx->out);
	if (ret < 0) {
		if (!e.msg[0] && e.error == -EOPNOTSUPP)
			snprintf(e.msg, sizeof(e.msg),
				 "the kernel has no UDP encapsulation (ipmob module too old?)");
		return cli_kernel_error(ctx, 0, &e);
	}
	return 0;
}

int cmd_udp(struct cli_ctx *ctx, int argc, char **argv)
{
	struct udp_args a;
	char err[ERRBUF_LEN];
	int ret;

	if (udp_args_parse(argc, argv, &a, err, sizeof(err)) < 0) {
		/* Batch: what earlier lines queued goes first. */
		if (ctx->packer) {
			ret = packer_flush(ctx);
			if (ret)
				return ret;
		}
		return cli_error(ctx, "%s", err);
	}
	switch (a.op) {
	case UOP_HELP:
		usage_udp(ctx->out);
		return 0;
	case UOP_LISTEN:
		return udp_listen(ctx, &a);
	case UOP_SHOW:
		break;
	}
	return udp_show(ctx);
}
