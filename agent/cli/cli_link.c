// SPDX-License-Identifier: GPL-2.0
/*
 * cli_link.c - "ipmob link": create and delete ipmob devices.
 */
#include <errno.h>
#include <string.h>
#include <libmnl/libmnl.h>

#include "cli.h"

void usage_link(FILE *f)
{
	fprintf(f, "Usage: ipmob link add NAME\n"
		   "       ipmob link del NAME\n"
		   "       ipmob link help\n");
}

struct nlmsghdr *link_msg(uint8_t cmd, const char *name, uint16_t family,
			  uint8_t version, void *buf, size_t buflen)
{
	struct nlmsghdr *nlh = genl_msg_start(buf, family, cmd, version, 0);

	if (!mnl_attr_put_strz_check(nlh, buflen, IPMOB_A_IFNAME, name))
		return NULL;
	return nlh;
}

int cmd_link(struct cli_ctx *ctx, int argc, char **argv)
{
	struct nlmsghdr *nlh;
	struct genl_err e;
	uint8_t cmd;
	int ret;

	if (argc < 1)
		return cli_error(ctx, "missing command for \"link\" (try \"ipmob link help\")");
	if (matches(argv[0], "help")) {
		if (argc > 1)
			return cli_error(ctx, "unexpected argument \"%s\" after \"help\"",
					 argv[1]);
		usage_link(ctx->out);
		return 0;
	}
	if (matches(argv[0], "add"))
		cmd = IPMOB_CMD_LINK_NEW;
	else if (matches(argv[0], "delete"))
		cmd = IPMOB_CMD_LINK_DEL;
	else
		return cli_error(ctx, "unknown command \"%s\" for \"link\" (try \"ipmob link help\")",
				 argv[0]);
	if (argc < 2)
		return cli_error(ctx, "missing device name");
	/* "ipmob link add name mob0" reads like ip(8); accept it. */
	if (argc == 3 && !strcmp(argv[1], "name"))
		argv++, argc--;
	if (argc > 2)
		return cli_error(ctx, "unknown keyword \"%s\"", argv[2]);
	if (!ifname_valid(argv[1]))
		return cli_error(ctx, "invalid device name \"%s\"", argv[1]);

	ret = cli_connect(ctx);
	if (ret)
		return ret;
	nlh = link_msg(cmd, argv[1], ctx->family, ctx->version, ctx->txbuf,
		       GENL_TXBUF_LEN);
	if (!nlh)
		return cli_error(ctx, "request too large");
	ret = cli_talk(ctx, nlh, NULL, NULL, &e);
	/* Device names may now point elsewhere. */
	ifindex_cache_flush();
	ctx->dev_name[0] = '\0';
	if (ret < 0) {
		if (!e.msg[0] && e.error == -EEXIST)
			snprintf(e.msg, sizeof(e.msg),
				 "device \"%s\" already exists", argv[1]);
		else if (!e.msg[0] && (e.error == -ENODEV ||
				       e.error == -ENOENT) &&
			 cmd == IPMOB_CMD_LINK_DEL)
			snprintf(e.msg, sizeof(e.msg),
				 "cannot find device \"%s\"", argv[1]);
		return cli_kernel_error(ctx, 0, &e);
	}
	return 0;
}
