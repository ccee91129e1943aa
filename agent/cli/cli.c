// SPDX-License-Identifier: GPL-2.0
/*
 * cli.c - CLI context: diagnostics, kernel connection (the genl
 * transport), device name resolution.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

int cli_init(struct cli_ctx *ctx, const struct cli_transport *tp)
{
	memset(ctx, 0, sizeof(*ctx));
	ctx->out = stdout;
	ctx->err = stderr;
	ctx->tp = tp;
	ctx->txbuf = calloc(1, GENL_TXBUF_LEN);	/* padding is sent */
	if (!ctx->txbuf)
		return -1;
	return 0;
}

void cli_fini(struct cli_ctx *ctx)
{
	if (ctx->connected && ctx->tp == &cli_genl_transport)
		genl_close(&ctx->gs);
	ctx->connected = false;
	packer_free(ctx->packer);
	ctx->packer = NULL;
	free(ctx->txbuf);
	ctx->txbuf = NULL;
}

static void prefix(struct cli_ctx *ctx, unsigned long line)
{
	fputs("ipmob: ", ctx->err);
	if (line)
		fprintf(ctx->err, "line %lu: ", line);
}

int cli_error(struct cli_ctx *ctx, const char *fmt, ...)
{
	va_list ap;

	prefix(ctx, ctx->lineno);
	va_start(ap, fmt);
	vfprintf(ctx->err, fmt, ap);
	va_end(ap);
	fputc('\n', ctx->err);
	return EXIT_USAGE;
}

/*
 * Arguments of an object that only lists ("stats", "endpoint"):
 * [ show | list | help ]. Returns -1 to go on and list, else the exit
 * status (0 after help, EXIT_USAGE with one line on bad arguments).
 */
int cli_show_only_args(struct cli_ctx *ctx, int argc, char **argv,
		       const char *obj, void (*usage)(FILE *f))
{
	if (argc >= 1 && matches(argv[0], "help")) {
		if (argc > 1)
			return cli_error(ctx, "unexpected argument \"%s\" after \"help\"",
					 argv[1]);
		usage(ctx->out);
		return 0;
	}
	if (argc >= 1) {
		if (!matches(argv[0], "show") && !matches(argv[0], "list"))
			return cli_error(ctx, "unknown command \"%s\" for \"%s\" (try \"ipmob %s help\")",
					 argv[0], obj, obj);
		if (argc > 1)
			return cli_error(ctx, "unknown keyword \"%s\"",
					 argv[1]);
	}
	return -1;
}

int cli_kernel_error(struct cli_ctx *ctx, unsigned long line,
		     const struct genl_err *e)
{
	prefix(ctx, line ? line : ctx->lineno);
	fprintf(ctx->err, "%s\n", genl_strerror(e));
	return EXIT_KERNEL;
}

int cli_connect(struct cli_ctx *ctx)
{
	int ret;

	if (ctx->connected)
		return 0;
	ret = ctx->tp->connect(ctx);
	if (ret)
		return ret;
	ctx->connected = true;
	return 0;
}

int cli_talk(struct cli_ctx *ctx, struct nlmsghdr *nlh, genl_cb_t cb,
	     void *data, struct genl_err *err)
{
	int ret = ctx->tp->talk(ctx, nlh, cb, data, err);

	if (ret == 0 && err->kernel_msg) {
		prefix(ctx, ctx->lineno);
		fprintf(ctx->err, "warning: %s\n", err->msg);
	}
	return ret;
}

int cli_dump(struct cli_ctx *ctx, struct nlmsghdr *nlh, genl_cb_t cb,
	     void *data, struct json *j, struct genl_err *err,
	     const char *what)
{
	int ret;

	if (ctx->json) {
		json_init(j, ctx->out, ctx->pretty);
		json_arr_open(j);
	}
	ret = cli_talk(ctx, nlh, cb, data, err);
	if (ctx->json) {
		json_arr_close(j);
		fputc('\n', ctx->out);
	}
	fflush(ctx->out);
	if (ret >= 0 && err->dump_intr)
		fprintf(ctx->err,
			"ipmob: warning: %s changed during the dump, the list may be inconsistent\n",
			what);
	return ret;
}

int cli_resolve_dev(struct cli_ctx *ctx, const char *name, uint32_t *ifindex,
		    char *err, size_t errlen)
{
	unsigned int idx;

	if (ctx->dev_name[0] && !strcmp(ctx->dev_name, name)) {
		*ifindex = ctx->dev_index;
		return 0;
	}
	idx = if_nametoindex(name);
	if (!idx) {
		errf(err, errlen, "cannot find device \"%s\"", name);
		return -1;
	}
	snprintf(ctx->dev_name, sizeof(ctx->dev_name), "%s", name);
	ctx->dev_index = idx;
	*ifindex = idx;
	return 0;
}

/* ---- the real transport: generic netlink through genl.c ---- */

static int genl_tp_connect(struct cli_ctx *ctx)
{
	struct genl_err e;

	if (genl_open(&ctx->gs, IPMOB_GENL_NAME, &e) < 0) {
		fprintf(ctx->err, "ipmob: %s\n", genl_strerror(&e));
		return EXIT_KERNEL;
	}
	ctx->family = ctx->gs.family_id;
	/* Requests carry the version this program was built for. */
	ctx->version = IPMOB_GENL_VERSION;
	return 0;
}

static int genl_tp_talk(struct cli_ctx *ctx, struct nlmsghdr *nlh,
			genl_cb_t cb, void *data, struct genl_err *err)
{
	return genl_talk(&ctx->gs, nlh, cb, data, err);
}

static int genl_tp_listen(struct cli_ctx *ctx, const char *group,
			  genl_cb_t cb, void *data)
{
	uint32_t id = genl_mcgrp_id(&ctx->gs, group);
	struct genl_err e;
	int ret;

	if (!id) {
		fprintf(ctx->err,
			"ipmob: the kernel has no \"%s\" multicast group\n",
			group);
		return EXIT_KERNEL;
	}
	genl_set_rcvbuf(&ctx->gs, 8 * 1024 * 1024);
	ret = genl_subscribe(&ctx->gs, id);
	if (ret < 0) {
		fprintf(ctx->err, "ipmob: cannot join group \"%s\": %s\n",
			group, strerror(-ret));
		return EXIT_KERNEL;
	}
	for (;;) {
		ret = genl_recv(&ctx->gs, cb, data, &e);
		if (ret == -ENOBUFS) {
			fprintf(ctx->err,
				"ipmob: monitor: receive queue overflow, events were lost\n");
			continue;
		}
		if (ret == -EPIPE)
			return EXIT_USAGE;	/* stdout went away */
		if (ret < 0) {
			fprintf(ctx->err, "ipmob: monitor: %s\n",
				genl_strerror(&e));
			return EXIT_KERNEL;
		}
	}
}

const struct cli_transport cli_genl_transport = {
	.connect = genl_tp_connect,
	.talk = genl_tp_talk,
	.listen = genl_tp_listen,
};
