// SPDX-License-Identifier: GPL-2.0
/*
 * cli_stats.c - "ipmob stats": the per-netns counters (enum ipmob_stat).
 */
#include <errno.h>
#include <inttypes.h>
#include <string.h>
#include <libmnl/libmnl.h>

#include "cli.h"
#include "names.h"
#include "print.h"
#include "util.h"

/* Counter ids above this are ignored (the kernel has ~25). */
#define STATS_MAX_ID 1024

void usage_stats(FILE *f)
{
	fprintf(f, "Usage: ipmob stats [ show ]\n"
		   "       ipmob stats help\n");
}

/*
 * Print the counters of a STATS_GET reply: every counter this program
 * knows (0 if the kernel did not report it), then any newer counter the
 * kernel reported, as "stat_<id>". Plain: "name value" lines; JSON: one
 * object.
 */
int stats_print(struct cli_ctx *ctx, const struct nlmsghdr *nlh)
{
	static uint64_t val[STATS_MAX_ID + 1];
	static bool have[STATS_MAX_ID + 1];
	const struct nlattr *a, *nest = NULL;
	unsigned int id, top = stat_max();
	struct json j;

	memset(val, 0, sizeof(val));
	memset(have, 0, sizeof(have));
	mnl_attr_for_each(a, nlh, GENL_HDRLEN) {
		if (mnl_attr_get_type(a) == IPMOB_A_STATS) {
			nest = a;
			break;
		}
	}
	if (!nest)
		return -ENODATA;
	mnl_attr_for_each_nested(a, nest) {
		uint64_t v;

		id = mnl_attr_get_type(a);
		if (id == 0 || id > STATS_MAX_ID)
			continue;
		if (!genl_attr_uint(a, &v))
			return -EBADMSG;
		val[id] = v;
		have[id] = true;
		if (id > top)
			top = id;
	}

	if (ctx->json) {
		json_init(&j, ctx->out, ctx->pretty);
		json_obj_open(&j);
	}
	for (id = 1; id <= top; id++) {
		const char *name = stat_name(id);
		struct printer pr;
		char buf[32], line[96];

		if (!name) {
			if (!have[id])
				continue;
			snprintf(buf, sizeof(buf), "stat_%u", id);
			name = buf;
		}
		/* "name value" per line, or one JSON object of them all */
		pr = ctx->json ? printer_json(&j) : printer_text(line, sizeof(line));
		pr_kv_u64(&pr, name, val[id]);
		if (!ctx->json)
			fprintf(ctx->out, "%s\n", line);
	}
	if (ctx->json) {
		json_obj_close(&j);
		fputc('\n', ctx->out);
	}
	return 0;
}

struct stats_state {
	struct cli_ctx *ctx;
	bool done;
};

static int stats_cb(const struct nlmsghdr *nlh, void *data,
		    struct genl_err *err)
{
	struct stats_state *s = data;
	int ret;

	if (s->done)
		return 0;
	ret = stats_print(s->ctx, nlh);
	if (ret == -ENODATA)
		return 0;	/* not the counters: keep looking */
	if (ret < 0) {
		snprintf(err->msg, sizeof(err->msg),
			 "malformed counters in kernel reply");
		return ret;
	}
	s->done = true;
	return 0;
}

/* Whether the sysctl file holds "0" (and could be read). */
static bool sysctl_is_zero(const char *path)
{
	char buf[8];

	return sysctl_get(path, buf, sizeof(buf)) == 0 && !strcmp(buf, "0");
}

struct ha_count {
	unsigned long v6, v4;	/* home agent entries by home address family */
};

/* A home agent's entry: a binding cache entry in tunnel mode. */
static int ha_count_cb(const struct nlmsghdr *nlh, void *data,
		       struct genl_err *err)
{
	struct ha_count *c = data;
	const struct nlattr *a;

	(void)err;
	mnl_attr_for_each(a, nlh, GENL_HDRLEN) {
		struct ipmob_binding b;

		if (mnl_attr_get_type(a) != IPMOB_A_BINDING ||
		    binding_from_nest(a, &b) < 0 ||
		    binding_kind(&b) != BINDING_KIND_CACHE ||
		    !BA_HAS(&b, IPMOB_BA_MODE) || b.mode != IPMOB_MODE_TUNNEL)
			continue;
		if (binding_hoa_is4(&b))
			c->v4++;
		else
			c->v6++;
	}
	return 0;
}

/*
 * RFC 6275 10.1, RFC 5944 3.8: a home agent is a router. With forwarding
 * off in this namespace, its bindings are accepted and nothing reaches
 * the mobile nodes: say so on standard error (standard output stays the
 * counters, and valid JSON with -j). The bindings are only dumped when
 * forwarding is off.
 */
static void warn_forwarding(struct cli_ctx *ctx)
{
	bool off6 = sysctl_is_zero("/proc/sys/net/ipv6/conf/all/forwarding");
	bool off4 = sysctl_is_zero("/proc/sys/net/ipv4/ip_forward");
	struct ha_count c = { 0, 0 };
	struct nlmsghdr *nlh;
	struct genl_err e;

	if (!off6 && !off4)
		return;
	nlh = genl_msg_start(ctx->txbuf, ctx->family, IPMOB_CMD_BINDING_GET,
			     ctx->version, NLM_F_DUMP);
	if (cli_talk(ctx, nlh, ha_count_cb, &c, &e) < 0)
		return;
	if (off6 && c.v6)
		fprintf(stderr, "warning: IPv6 forwarding is off (net.ipv6.conf.all.forwarding=0) and this node holds %lu home agent binding%s: nothing is forwarded to those mobile nodes\n",
			c.v6, c.v6 == 1 ? "" : "s");
	if (off4 && c.v4)
		fprintf(stderr, "warning: IPv4 forwarding is off (net.ipv4.ip_forward=0) and this node holds %lu home agent binding%s with an IPv4 home address: nothing is forwarded to those mobile nodes\n",
			c.v4, c.v4 == 1 ? "" : "s");
}

int cmd_stats(struct cli_ctx *ctx, int argc, char **argv)
{
	struct stats_state s = { .ctx = ctx };
	struct nlmsghdr *nlh;
	struct genl_err e;
	int ret;

	ret = cli_show_only_args(ctx, argc, argv, "stats", usage_stats);
	if (ret >= 0)
		return ret;
	ret = cli_connect(ctx);
	if (ret)
		return ret;
	nlh = genl_msg_start(ctx->txbuf, ctx->family, IPMOB_CMD_STATS_GET,
			     ctx->version, 0);
	ret = cli_talk(ctx, nlh, stats_cb, &s, &e);
	fflush(ctx->out);
	if (ret < 0)
		return cli_kernel_error(ctx, 0, &e);
	if (!s.done) {
		snprintf(e.msg, sizeof(e.msg), "no counters in kernel reply");
		e.error = -ENODATA;
		return cli_kernel_error(ctx, 0, &e);
	}
	warn_forwarding(ctx);
	return 0;
}
