// SPDX-License-Identifier: GPL-2.0
/*
 * fuzz_genl.c - libFuzzer target for what ipmob and ipmobd read from
 * generic netlink: the kernel's replies and notifications.
 *
 * The input is one receive buffer: netlink messages one after the
 * other, walked with genl_nlmsg_ok() / mnl_nlmsg_next() as genl_talk()
 * and genl_recv() walk them. Each message goes, by its type, to
 *  - NLMSG_ERROR, NLMSG_DONE: genl_parse_error() (genl.c): a negative
 *    errno or 0, a terminated one-line message, genl_strerror();
 *  - GENL_ID_CTRL: genl_parse_family() (the CTRL_CMD_GETFAMILY reply
 *    of genl_open()): at most GENL_MAX_MCGRPS groups, each with an id
 *    and a terminated name that genl_mcgrp_id() finds;
 *  - any other type, as a message of the ipmob family: stats_print()
 *    (cli_stats.c, the STATS_GET reply), monitor_print() (cli_monitor.c,
 *    the notifications; its binding lines are those of "binding show"),
 *    the binding nests as "binding show" and ipmobd read them
 *    (binding_from_nest(), binding_print_plain(), binding_json_fields())
 *    and the messages of the ENDPOINT_GET dump as "endpoint show" reads
 *    them (endpoint_print_msg(), cli_endpoint.c: a message with a
 *    malformed endpoint prints nothing), the messages of the FLOW_GET
 *    dump as "flow show" reads them (flow_print_msg(), cli_flow.c: one
 *    with a malformed rule prints nothing), the UDP_GET reply as "udp
 *    show" reads it (udp_print_reply(), cli_udp.c), each with plain and with JSON
 *    output (also pretty). The plain output is printable lines; the JSON
 *    output is valid JSON (RFC 8259: checked here by a small validator),
 *    whatever the kernel sent. Every endpoint nest that parses also
 *    goes back through endpoint_to_nest() unchanged, and its line fits
 *    the CLI's line buffer.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <libmnl/libmnl.h>

#include "cli.h"

#define FAIL(...)							\
	do {								\
		fprintf(stderr, "fuzz_genl: " __VA_ARGS__);		\
		fputc('\n', stderr);					\
		abort();						\
	} while (0)


/* ---- a JSON validator (RFC 8259), enough for ipmob -j ---- */

struct jp {
	const char *p, *end;
	int depth;
};

static void ws(struct jp *j)
{
	while (j->p < j->end && (*j->p == ' ' || *j->p == '\t' ||
				 *j->p == '\n' || *j->p == '\r'))
		j->p++;
}

static bool lit(struct jp *j, const char *s)
{
	size_t n = strlen(s);

	if ((size_t)(j->end - j->p) < n || memcmp(j->p, s, n))
		return false;
	j->p += n;
	return true;
}

static bool string(struct jp *j)
{
	if (!lit(j, "\""))
		return false;
	while (j->p < j->end) {
		unsigned char c = (unsigned char)*j->p++;
		int i;

		if (c == '"')
			return true;
		if (c < 0x20)
			return false;
		if (c == '\\') {
			if (j->p >= j->end)
				return false;
			c = (unsigned char)*j->p++;
			if (c == 'u') {
				for (i = 0; i < 4; i++, j->p++)
					if (j->p >= j->end ||
					    !strchr("0123456789abcdefABCDEF",
						    *j->p) || !*j->p)
						return false;
			} else if (!strchr("\"\\/bfnrt", c) || !c) {
				return false;
			}
		} else if (c >= 0x80) {
			/* UTF-8: a lead octet and its continuation octets */
			int k = c >= 0xf0 ? 3 : c >= 0xe0 ? 2 : c >= 0xc2 ? 1 : -1;

			if (k < 0 || c > 0xf4)
				return false;
			for (i = 0; i < k; i++, j->p++)
				if (j->p >= j->end ||
				    ((unsigned char)*j->p & 0xc0) != 0x80)
					return false;
		}
	}
	return false;
}

static bool number(struct jp *j)
{
	const char *s = j->p;

	if (j->p < j->end && *j->p == '-')
		j->p++;
	if (j->p < j->end && *j->p == '0')
		j->p++;
	else if (j->p < j->end && *j->p >= '1' && *j->p <= '9')
		while (j->p < j->end && *j->p >= '0' && *j->p <= '9')
			j->p++;
	else
		return false;
	return j->p > s;	/* ipmob writes integers only */
}

static bool value(struct jp *j)
{
	bool first = true;

	ws(j);
	if (j->p >= j->end)
		return false;
	switch (*j->p) {
	case '{':
	case '[': {
		char close = *j->p == '{' ? '}' : ']';
		bool obj = close == '}';

		if (++j->depth > 64)
			return false;
		j->p++;
		for (;;) {
			ws(j);
			if (j->p < j->end && *j->p == close) {
				j->p++;
				j->depth--;
				return true;
			}
			if (!first && !lit(j, ","))
				return false;
			first = false;
			ws(j);
			if (obj) {
				if (!string(j))
					return false;
				ws(j);
				if (!lit(j, ":"))
					return false;
			}
			if (!value(j))
				return false;
		}
	}
	case '"':
		return string(j);
	case 't':
		return lit(j, "true");
	case 'f':
		return lit(j, "false");
	case 'n':
		return lit(j, "null");
	}
	return number(j);
}

/* Zero or more JSON texts, each on its own line(s). */
static void check_json(const char *text, size_t len, const char *what)
{
	struct jp j = { .p = text, .end = text + len };

	for (;;) {
		ws(&j);
		if (j.p == j.end)
			return;
		if (!value(&j))
			FAIL("%s: invalid JSON at offset %zu: %.*s", what,
			     (size_t)(j.p - text), (int)len, text);
	}
}

static void check_plain(const char *text, size_t len, const char *what)
{
	size_t i;

	for (i = 0; i < len; i++)
		if (((unsigned char)text[i] < 0x20 && text[i] != '\n') ||
		    text[i] == 0x7f)
			FAIL("%s: control character in plain output: %.*s",
			     what, (int)len, text);
	if (len && text[len - 1] != '\n')
		FAIL("%s: output does not end a line", what);
}

/* ---- the parsers ---- */

static void check_error(const struct nlmsghdr *nlh)
{
	struct genl_err e;
	const char *s;

	memset(&e, 0x5a, sizeof(e));
	genl_parse_error(nlh, &e);
	if (e.error > 0)
		FAIL("positive errno %d", e.error);
	if (!memchr(e.msg, '\0', sizeof(e.msg)))
		FAIL("message not terminated");
	if (strchr(e.msg, '\n') || (e.kernel_msg && !e.msg[0]))
		FAIL("message \"%s\"", e.msg);
	s = genl_strerror(&e);
	if (!s)
		FAIL("genl_strerror");
}

static void check_family(const struct nlmsghdr *nlh)
{
	struct genl_sock gs;
	unsigned int i;

	memset(&gs, 0, sizeof(gs));
	(void)genl_parse_family(nlh, &gs);
	if (gs.n_mcgrps > GENL_MAX_MCGRPS)
		FAIL("%u multicast groups", gs.n_mcgrps);
	for (i = 0; i < gs.n_mcgrps; i++) {
		if (!memchr(gs.mcgrps[i].name, '\0', GENL_NAMSIZ) ||
		    !gs.mcgrps[i].id)
			FAIL("multicast group %u", i);
		if (!genl_mcgrp_id(&gs, gs.mcgrps[i].name))
			FAIL("group \"%s\" not found", gs.mcgrps[i].name);
	}
}

/* What "binding show" does with each nest of a reply. */
static int show(struct cli_ctx *ctx, const struct nlmsghdr *nlh)
{
	const struct nlattr *a;
	struct json j;

	if (ctx->json) {
		json_init(&j, ctx->out, ctx->pretty);
		json_arr_open(&j);
	}
	mnl_attr_for_each(a, nlh, GENL_HDRLEN) {
		struct ipmob_binding b;

		if (mnl_attr_get_type(a) != IPMOB_A_BINDING ||
		    binding_from_nest(a, &b) < 0)
			continue;
		if (ctx->json) {
			json_obj_open(&j);
			binding_json_fields(&j, &b);
			json_obj_close(&j);
		} else {
			binding_print_plain(ctx, NULL, &b);
		}
	}
	if (ctx->json) {
		json_arr_close(&j);
		fputc('\n', ctx->out);
	}
	return 0;
}

/* What "endpoint show" does with each message of the dump. */
static int endpoint_show(struct cli_ctx *ctx, const struct nlmsghdr *nlh)
{
	struct json j;
	long before, after;
	int ret;

	memset(&j, 0, sizeof(j));
	if (ctx->json) {
		json_init(&j, ctx->out, ctx->pretty);
		json_arr_open(&j);
	}
	before = ftell(ctx->out);
	ret = endpoint_print_msg(ctx, &j, nlh);
	after = ftell(ctx->out);
	if (ret < 0 && ret != -EBADMSG)
		FAIL("endpoint_print_msg: %d", ret);
	if (ret < 0 && after != before)
		FAIL("endpoint show: output for a malformed message");
	if (ctx->json) {
		json_arr_close(&j);
		fputc('\n', ctx->out);
	}
	return 0;
}

/* What "flow show" does with each message of the dump. */
static int flow_show(struct cli_ctx *ctx, const struct nlmsghdr *nlh)
{
	struct json j;
	long before, after;
	int ret;

	memset(&j, 0, sizeof(j));
	if (ctx->json) {
		json_init(&j, ctx->out, ctx->pretty);
		json_arr_open(&j);
	}
	before = ftell(ctx->out);
	ret = flow_print_msg(ctx, &j, nlh);
	after = ftell(ctx->out);
	if (ret < 0 && ret != -EBADMSG)
		FAIL("flow_print_msg: %d", ret);
	if (ret < 0 && after != before)
		FAIL("flow show: output for a malformed message");
	if (ctx->json) {
		json_arr_close(&j);
		fputc('\n', ctx->out);
	}
	return 0;
}

/* Each endpoint nest: parse, write back, parse again: the same. */
static void check_endpoints(const struct nlmsghdr *nlh)
{
	static uint64_t buf[1024];
	const struct nlattr *a;

	if (mnl_nlmsg_get_payload_len(nlh) < GENL_HDRLEN)
		return;
	mnl_attr_for_each(a, nlh, GENL_HDRLEN) {
		struct ipmob_endpoint ep, again;
		struct nlmsghdr *m;
		char line[256];
		size_t n;

		if (mnl_attr_get_type(a) != IPMOB_A_ENDPOINT ||
		    endpoint_from_nest(a, &ep) < 0)
			continue;
		m = genl_msg_start(buf, 1, IPMOB_CMD_ENDPOINT_GET, 1, 0);
		if (!endpoint_to_nest(m, sizeof(buf), IPMOB_A_ENDPOINT, &ep))
			FAIL("endpoint_to_nest: no room");
		if (endpoint_from_nest(mnl_nlmsg_get_payload_offset(m, GENL_HDRLEN),
				       &again) < 0 ||
		    memcmp(&ep, &again, sizeof(ep)))
			FAIL("endpoint round trip");
		n = endpoint_format(line, sizeof(line), &ep);
		if (n >= sizeof(line) || strlen(line) != n)
			FAIL("endpoint line of %zu bytes", n);
	}
}

/*
 * One memory stream for every output, rewound each time: opening one per
 * call (twelve per input) cost more than the code under test.
 */
static FILE *ms;
static char *ms_text;
static size_t ms_size;

static void run_output(const struct nlmsghdr *nlh, int mode,
		       int (*fn)(struct cli_ctx *, const struct nlmsghdr *),
		       const char *what)
{
	struct cli_ctx ctx;
	size_t len;
	long pos;
	int ret;

	if (!ms) {
		ms = open_memstream(&ms_text, &ms_size);
		if (!ms)
			abort();
	}
	if (fseek(ms, 0, SEEK_SET))
		abort();
	memset(&ctx, 0, sizeof(ctx));
	ctx.json = mode > 0;
	ctx.pretty = mode > 1;
	ctx.out = ms;
	ctx.err = ms;
	ret = fn(&ctx, nlh);
	/* glibc ends the text at the position with a NUL on fflush */
	if (fflush(ms) || (pos = ftell(ms)) < 0)
		abort();
	len = (size_t)pos;
	if (ret && ret != -EBADMSG && ret != -ENODATA)
		FAIL("%s: %d", what, ret);
	if (ret && len)
		FAIL("%s: output for a malformed message", what);
	if (ctx.json)
		check_json(ms_text, len, what);
	else
		check_plain(ms_text, len, what);
}

static void check_ipmob(const struct nlmsghdr *nlh)
{
	int mode;

	for (mode = 0; mode < 3; mode++) {
		run_output(nlh, mode, stats_print, "stats_print");
		run_output(nlh, mode, monitor_print, "monitor_print");
		run_output(nlh, mode, show, "binding show");
		run_output(nlh, mode, endpoint_show, "endpoint show");
		run_output(nlh, mode, flow_show, "flow show");
		run_output(nlh, mode, udp_print_reply, "udp show");
	}
	check_endpoints(nlh);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const struct nlmsghdr *nlh;
	uint64_t *buf;
	int len;

	/* at most one receive buffer */
	if (size > GENL_RXBUF_LEN)
		size = GENL_RXBUF_LEN;
	/* exactly size bytes (malloc aligns): ASan sees a read past them */
	buf = malloc(size ? size : 1);
	if (!buf)
		return 0;
	memcpy(buf, data, size);
	len = (int)size;
	for (nlh = (const struct nlmsghdr *)buf; genl_nlmsg_ok(nlh, len);
	     nlh = mnl_nlmsg_next(nlh, &len)) {
		switch (nlh->nlmsg_type) {
		case NLMSG_NOOP:
		case NLMSG_OVERRUN:
			break;
		case NLMSG_ERROR:
		case NLMSG_DONE:
			check_error(nlh);
			break;
		case GENL_ID_CTRL:
			check_family(nlh);
			break;
		default:
			check_ipmob(nlh);
		}
	}
	free(buf);
	return 0;
}
