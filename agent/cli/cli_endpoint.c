// SPDX-License-Identifier: GPL-2.0
/*
 * cli_endpoint.c - "ipmob endpoint": the tunnel endpoints of the network
 * namespace (IPMOB_CMD_ENDPOINT_GET dump), each shared by the care-of
 * records that name the same outer addresses and encapsulation.
 */
#include <errno.h>
#include <string.h>
#include <libmnl/libmnl.h>

#include "cli.h"

void usage_endpoint(FILE *f)
{
	fprintf(f, "Usage: ipmob endpoint [ show ]\n"
		   "       ipmob endpoint help\n"
		   "Output: [ local ADDR ] remote ADDR encap ENCAP users N [ cached { ip6 | ip4 | ip6,ip4 } ]\n");
}

int endpoint_print_msg(struct cli_ctx *ctx, struct json *j,
		       const struct nlmsghdr *nlh)
{
	const struct nlattr *a;
	int n = 0;

	if (mnl_nlmsg_get_payload_len(nlh) < GENL_HDRLEN)
		return -EBADMSG;
	/* every endpoint first: a malformed one prints none of them */
	mnl_attr_for_each(a, nlh, GENL_HDRLEN) {
		struct ipmob_endpoint ep;

		if (mnl_attr_get_type(a) == IPMOB_A_ENDPOINT &&
		    endpoint_from_nest(a, &ep) < 0)
			return -EBADMSG;
	}
	mnl_attr_for_each(a, nlh, GENL_HDRLEN) {
		struct ipmob_endpoint ep;
		char line[256];

		if (mnl_attr_get_type(a) != IPMOB_A_ENDPOINT)
			continue;
		endpoint_from_nest(a, &ep);
		if (ctx->json) {
			json_obj_open(j);
			endpoint_json_fields(j, &ep);
			json_obj_close(j);
		} else {
			endpoint_format(line, sizeof(line), &ep);
			fprintf(ctx->out, "%s\n", line);
		}
		n++;
	}
	return n;
}

struct endpoint_state {
	struct cli_ctx *ctx;
	struct json j;
};

static int endpoint_cb(const struct nlmsghdr *nlh, void *data,
		       struct genl_err *err)
{
	struct endpoint_state *s = data;
	int ret = endpoint_print_msg(s->ctx, &s->j, nlh);

	if (ret < 0) {
		snprintf(err->msg, sizeof(err->msg),
			 "malformed endpoint in kernel reply");
		return ret;
	}
	return 0;
}

int cmd_endpoint(struct cli_ctx *ctx, int argc, char **argv)
{
	struct endpoint_state s = { .ctx = ctx };
	struct nlmsghdr *nlh;
	struct genl_err e;
	int ret;

	ret = cli_show_only_args(ctx, argc, argv, "endpoint", usage_endpoint);
	if (ret >= 0)
		return ret;
	ret = cli_connect(ctx);
	if (ret)
		return ret;
	/* per network namespace: the request carries no attributes */
	nlh = genl_msg_start(ctx->txbuf, ctx->family, IPMOB_CMD_ENDPOINT_GET,
			     ctx->version, NLM_F_DUMP);

	ret = cli_dump(ctx, nlh, endpoint_cb, &s, &s.j, &e, "endpoints");
	if (ret < 0) {
		/* an ipmob.ko from before the endpoint dump */
		if (!e.msg[0] && e.error == -EOPNOTSUPP)
			snprintf(e.msg, sizeof(e.msg),
				 "the kernel cannot list endpoints (ipmob module too old?)");
		return cli_kernel_error(ctx, 0, &e);
	}
	return 0;
}
