// SPDX-License-Identifier: GPL-2.0
/*
 * test_main.c - unit test driver and the fake kernel transport.
 */
#include <errno.h>
#include <stdlib.h>
#include <libmnl/libmnl.h>

#include "t.h"

int t_pass, t_fail;
struct fake fake;

void fake_reset(void)
{
	memset(&fake, 0, sizeof(fake));
}

static int fake_connect(struct cli_ctx *ctx)
{
	if (fake.connect_ret)
		return fake.connect_ret;
	ctx->family = FAKE_FAMILY;
	ctx->version = IPMOB_GENL_VERSION;
	return 0;
}

static bool nest_has_hoa(const struct nlattr *nest, const struct in6_addr *hoa)
{
	struct ipmob_binding b;

	return binding_from_nest(nest, &b) == 0 &&
	       BA_HAS(&b, IPMOB_BA_HOA) &&
	       !memcmp(&b.hoa, hoa, sizeof(*hoa));
}

static int fake_talk(struct cli_ctx *ctx, struct nlmsghdr *nlh, genl_cb_t cb,
		     void *data, struct genl_err *err)
{
	const struct genlmsghdr *g = mnl_nlmsg_get_payload(nlh);
	const struct nlattr *a;
	unsigned int nests = 0, flows = 0, i, bad = 0;
	uint32_t bad_offs = 0;
	bool fail = false;

	(void)ctx;
	memset(err, 0, sizeof(*err));
	mnl_attr_for_each(a, nlh, GENL_HDRLEN) {
		if (mnl_attr_get_type(a) == IPMOB_A_FLOW) {
			struct ipmob_flow f;

			flows++;
			if (!fail && g->cmd == IPMOB_CMD_FLOW_NEW &&
			    fake.fail_fid_set && flow_from_nest(a, &f) == 0 &&
			    f.fid == fake.fail_fid) {
				fail = true;
				bad = flows;
				bad_offs = (uint32_t)((const char *)a -
						      (const char *)nlh) +
					   NLA_HDRLEN;
			}
			continue;
		}
		if (mnl_attr_get_type(a) != IPMOB_A_BINDING)
			continue;
		nests++;
		if (!fail && g->cmd == IPMOB_CMD_BINDING_NEW &&
		    fake.fail_hoa_set && nest_has_hoa(a, &fake.fail_hoa)) {
			fail = true;
			bad = nests;
			/* points at the first attribute inside the nest */
			bad_offs = (uint32_t)((const char *)a - (const char *)nlh) +
				   NLA_HDRLEN;
		}
	}
	if (fake.n_msgs < FAKE_MAX_MSGS) {
		fake.cmd[fake.n_msgs] = g->cmd;
		fake.flags[fake.n_msgs] = nlh->nlmsg_flags;
		fake.nests[fake.n_msgs] = nests;
		fake.len[fake.n_msgs] = nlh->nlmsg_len;
		fake.flows[fake.n_msgs] = flows;
	}
	fake.n_msgs++;
	fake.total_nests += nests;
	fake.total_flows += flows;
	if (nlh->nlmsg_type != FAKE_FAMILY) {
		err->error = -EINVAL;
		return err->error;
	}
	if (fake.fail_error) {
		err->error = fake.fail_error;
		if (fake.fail_msg) {
			err->kernel_msg = true;
			snprintf(err->msg, sizeof(err->msg), "%s",
				 fake.fail_msg);
		}
		return err->error;
	}
	if (fail) {
		/* all-or-nothing, like the kernel: nothing applied */
		err->error = -EEXIST;
		err->kernel_msg = true;
		switch (fake.fail_mode) {
		case FAIL_K_OF_N:
			if (g->cmd == IPMOB_CMD_FLOW_NEW)
				snprintf(err->msg, sizeof(err->msg),
					 "flow rule %u of %u: fid in use", bad,
					 flows);
			else
				snprintf(err->msg, sizeof(err->msg),
					 "binding %u of %u: already exists",
					 bad, nests);
			break;
		case FAIL_OFFSET:
			snprintf(err->msg, sizeof(err->msg), "bad home address");
			err->has_offs = true;
			err->offs = bad_offs;
			break;
		case FAIL_VAGUE:
			snprintf(err->msg, sizeof(err->msg), "boom");
			break;
		}
		return err->error;
	}
	if (g->cmd == IPMOB_CMD_BINDING_NEW)
		fake.applied += nests;
	if (g->cmd == IPMOB_CMD_FLOW_NEW)
		fake.applied_flows += flows;
	err->dump_intr = fake.dump_intr;
	for (unsigned int r = 0; r < (fake.reply_repeat ? fake.reply_repeat : 1); r++) {
		for (i = 0; i < fake.n_replies && cb; i++) {
			int ret = cb(fake.replies[i], data, err);

			if (ret) {
				err->error = ret;
				return ret;
			}
		}
	}
	return 0;
}

static int fake_listen(struct cli_ctx *ctx, const char *group, genl_cb_t cb,
		       void *data)
{
	struct genl_err e;
	unsigned int i;

	(void)ctx;
	(void)group;
	for (i = 0; i < fake.n_replies; i++)
		cb(fake.replies[i], data, &e);
	return 0;
}

const struct cli_transport fake_transport = {
	.connect = fake_connect,
	.talk = fake_talk,
	.listen = fake_listen,
};

/* Memory streams behind a test context. */
static char *out_buf, *err_buf;
static size_t out_len, err_len;

void ctx_open(struct cli_ctx *ctx)
{
	if (cli_init(ctx, &fake_transport) < 0)
		abort();
	ctx->out = open_memstream(&out_buf, &out_len);
	ctx->err = open_memstream(&err_buf, &err_len);
	if (!ctx->out || !ctx->err)
		abort();
}

const char *ctx_out(struct cli_ctx *ctx)
{
	fflush(ctx->out);
	return out_buf;
}

const char *ctx_err(struct cli_ctx *ctx)
{
	fflush(ctx->err);
	return err_buf;
}

void ctx_close(struct cli_ctx *ctx)
{
	fclose(ctx->out);
	fclose(ctx->err);
	free(out_buf);
	free(err_buf);
	out_buf = err_buf = NULL;
	cli_fini(ctx);
}

int main(void)
{
	test_util();
	test_json();
	test_binding();
	test_batch();
	test_conf();
	test_output();
	test_genl();
	test_daemon();
	test_endpoint();
	test_tombs();
	test_vici_client();
	test_ike();
	test_dna();
	test_mcoa();
	test_flowb();
	test_flow();
	test_udp();
	printf("%d passed, %d failed\n", t_pass, t_fail);
	return t_fail ? 1 : 0;
}
