// SPDX-License-Identifier: GPL-2.0
/*
 * cli_monitor.c - "ipmob monitor": print the notifications of the
 * "events" multicast group, one line each, flushed as they come.
 */
#include <errno.h>
#include <string.h>
#include <libmnl/libmnl.h>

#include "cli.h"
#include "names.h"

/* Room for bursts (a flush of many bindings sends one event each). */
#define MONITOR_RCVBUF (8 * 1024 * 1024)

void usage_monitor(FILE *f)
{
	fprintf(f, "Usage: ipmob monitor\n"
		   "       ipmob monitor help\n");
}

static void print_addr_field(struct cli_ctx *ctx, struct json *j,
			     const char *key, const struct nlattr *a)
{
	char buf[INET6_ADDRSTRLEN];
	struct in6_addr addr;

	if (!a || mnl_attr_get_payload_len(a) != sizeof(addr))
		return;
	memcpy(&addr, mnl_attr_get_payload(a), sizeof(addr));
	in6_str(&addr, buf);
	if (ctx->json)
		json_kstr(j, key, buf);
	else
		fprintf(ctx->out, " %s %s", key, buf);
}

static void print_u_field(struct cli_ctx *ctx, struct json *j,
			  const char *key, const struct nlattr *a,
			  unsigned int size)
{
	uint64_t v;

	if (!a || mnl_attr_get_payload_len(a) != size)
		return;
	switch (size) {
	case 1:
		v = mnl_attr_get_u8(a);
		break;
	case 4:
		v = mnl_attr_get_u32(a);
		break;
	default:
		return;
	}
	if (ctx->json)
		json_ku64(j, key, v);
	else
		fprintf(ctx->out, " %s %llu", key, (unsigned long long)v);
}

static void print_dev_field(struct cli_ctx *ctx, struct json *j,
			    const struct nlattr *a)
{
	char dev[IF_NAMESIZE + 8];
	uint32_t idx;

	if (!a || mnl_attr_get_payload_len(a) != 4)
		return;
	idx = mnl_attr_get_u32(a);
	ifindex_name(idx, dev);
	if (ctx->json) {
		json_kstr(j, "dev", dev);
		json_ku64(j, "ifindex", idx);
	} else {
		fprintf(ctx->out, " dev %s", dev);
	}
}

static void line_start(struct cli_ctx *ctx, struct json *j, const char *ev)
{
	if (ctx->json) {
		json_init(j, ctx->out, false);	/* one object per line */
		json_obj_open(j);
		json_kstr(j, "event", ev);
	} else {
		fputs(ev, ctx->out);
	}
}

static void line_end(struct cli_ctx *ctx, struct json *j)
{
	if (ctx->json)
		json_obj_close(j);
	fputc('\n', ctx->out);
}

/*
 * Print one notification. Binding events: one line per IPMOB_A_BINDING
 * nest, "<event> <binding show format>"; BERR_NEEDED: "berr_needed src
 * A dst B hoa H status N mh_type N [dev D]". Returns 0, or -EBADMSG if
 * the message is malformed (nothing printed for it).
 */
int monitor_print(struct cli_ctx *ctx, const struct nlmsghdr *nlh)
{
	const struct genlmsghdr *g;
	const struct nlattr *a, *tb[IPMOB_A_MAX + 1];
	const char *ev;
	struct json j;
	char buf[32];
	bool any = false;

	if (mnl_nlmsg_get_payload_len(nlh) < GENL_HDRLEN)
		return -EBADMSG;
	g = mnl_nlmsg_get_payload(nlh);
	ev = event_name(g->cmd);
	if (!ev) {
		snprintf(buf, sizeof(buf), "event_%u", g->cmd);
		ev = buf;
	}

	/* every binding first: a malformed one prints none of them */
	mnl_attr_for_each(a, nlh, GENL_HDRLEN) {
		struct ipmob_binding b;

		if (mnl_attr_get_type(a) == IPMOB_A_BINDING &&
		    binding_from_nest(a, &b) < 0)
			return -EBADMSG;
	}

	memset(tb, 0, sizeof(tb));
	mnl_attr_for_each(a, nlh, GENL_HDRLEN) {
		uint16_t type = mnl_attr_get_type(a);

		if (type == IPMOB_A_BINDING) {
			struct ipmob_binding b;

			binding_from_nest(a, &b);
			if (ctx->json) {
				line_start(ctx, &j, ev);
				binding_json_fields(&j, &b);
				line_end(ctx, &j);
			} else {
				fprintf(ctx->out, "%s ", ev);
				binding_print_plain(ctx, NULL, &b);
			}
			any = true;
		} else if (type <= IPMOB_A_MAX) {
			tb[type] = a;
		}
	}
	if (any)
		return 0;

	/* BERR_NEEDED, FLUSH, or an event this version does not know. */
	line_start(ctx, &j, ev);
	print_addr_field(ctx, &j, "src", tb[IPMOB_A_SRC]);
	print_addr_field(ctx, &j, "dst", tb[IPMOB_A_DST]);
	print_addr_field(ctx, &j, "hoa", tb[IPMOB_A_HOA]);
	print_u_field(ctx, &j, "status", tb[IPMOB_A_BE_STATUS], 1);
	print_u_field(ctx, &j, "mh_type", tb[IPMOB_A_MH_TYPE], 1);
	print_dev_field(ctx, &j, tb[IPMOB_A_IFINDEX]);
	line_end(ctx, &j);
	return 0;
}

static int monitor_cb(const struct nlmsghdr *nlh, void *data,
		      struct genl_err *err)
{
	struct cli_ctx *ctx = data;

	(void)err;
	if (monitor_print(ctx, nlh) < 0)
		fprintf(ctx->err, "ipmob: monitor: malformed notification\n");
	fflush(ctx->out);
	if (ferror(ctx->out))
		return -EPIPE;
	return 0;
}

int cmd_monitor(struct cli_ctx *ctx, int argc, char **argv)
{
	int ret;

	if (argc >= 1) {
		if (matches(argv[0], "help") && argc == 1) {
			usage_monitor(ctx->out);
			return 0;
		}
		return cli_error(ctx, "unknown keyword \"%s\"", argv[0]);
	}
	ret = cli_connect(ctx);
	if (ret)
		return ret;
	return ctx->tp->listen(ctx, IPMOB_MCGRP_EVENTS, monitor_cb, ctx);
}
