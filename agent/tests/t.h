/* SPDX-License-Identifier: GPL-2.0 */
/*
 * t.h - a very small unit test harness: CHECK macros count passes and
 * failures; test_main.c prints "N passed, N failed".
 */
#ifndef IPMOB_T_H
#define IPMOB_T_H

#include <stdio.h>
#include <string.h>

#include "cli.h"

extern int t_pass, t_fail;

#define CHECK(cond)							\
	do {								\
		if (cond) {						\
			t_pass++;					\
		} else {						\
			t_fail++;					\
			fprintf(stderr, "FAIL %s:%d: %s\n", __FILE__,	\
				__LINE__, #cond);			\
		}							\
	} while (0)

#define CHECK_STR(got, want)						\
	do {								\
		const char *g_ = (got), *w_ = (want);			\
		if (g_ && w_ && !strcmp(g_, w_)) {			\
			t_pass++;					\
		} else {						\
			t_fail++;					\
			fprintf(stderr,					\
				"FAIL %s:%d: got \"%s\"\n%*swant \"%s\"\n", \
				__FILE__, __LINE__, g_ ? g_ : "(null)",	\
				(int)strlen(__FILE__) + 10, "",		\
				w_ ? w_ : "(null)");			\
		}							\
	} while (0)

#define CHECK_CONTAINS(hay, needle)					\
	do {								\
		const char *h_ = (hay), *n_ = (needle);			\
		if (h_ && n_ && strstr(h_, n_)) {			\
			t_pass++;					\
		} else {						\
			t_fail++;					\
			fprintf(stderr,					\
				"FAIL %s:%d: \"%s\" does not contain \"%s\"\n", \
				__FILE__, __LINE__, h_ ? h_ : "(null)",	\
				n_ ? n_ : "(null)");			\
		}							\
	} while (0)

/* ---- fake kernel, see test_main.c ---- */

#define FAKE_FAMILY	0x2a
#define FAKE_MAX_MSGS	4096

struct fake {
	/* recorded requests: command and number of IPMOB_A_BINDING nests */
	unsigned long n_msgs;
	unsigned char cmd[FAKE_MAX_MSGS];
	unsigned short flags[FAKE_MAX_MSGS];	/* nlmsg_flags */
	unsigned int nests[FAKE_MAX_MSGS];
	size_t len[FAKE_MAX_MSGS];
	unsigned long total_nests;	/* over all recorded messages */
	unsigned long applied;		/* nests of successful NEW requests */
	/* IPMOB_A_FLOW nests per recorded message, over all, applied */
	unsigned int flows[FAKE_MAX_MSGS];
	unsigned long total_flows;
	unsigned long applied_flows;
	/* Fail any FLOW_NEW that carries a rule with this FID. */
	bool fail_fid_set;
	uint16_t fail_fid;
	/* Fail any BINDING_NEW that carries this home address. */
	bool fail_hoa_set;
	struct in6_addr fail_hoa;
	/* how the failure is described: like ipmob.ko's insert error
	 * ("binding K of N: ..."), with an attribute offset, or vaguely */
	enum { FAIL_K_OF_N, FAIL_OFFSET, FAIL_VAGUE } fail_mode;
	/* Replies handed to the callback of the next request. */
	unsigned int n_replies;
	unsigned int reply_repeat;	/* hand the replies this many times */
	const struct nlmsghdr *replies[8];
	int connect_ret;
	/* Fail every request with this errno (and extack message, if set). */
	int fail_error;
	const char *fail_msg;
	/* Report NLM_F_DUMP_INTR on the replies (the dump was inconsistent). */
	bool dump_intr;
};

extern struct fake fake;
extern const struct cli_transport fake_transport;

void fake_reset(void);

/*
 * A CLI context on the fake transport whose output and diagnostics go
 * to memory; ctx_out()/ctx_err() return what was written so far.
 */
void ctx_open(struct cli_ctx *ctx);
const char *ctx_out(struct cli_ctx *ctx);
const char *ctx_err(struct cli_ctx *ctx);
void ctx_close(struct cli_ctx *ctx);

void test_util(void);
void test_json(void);
void test_binding(void);
void test_batch(void);
void test_conf(void);
void test_output(void);
void test_genl(void);
void test_daemon(void);
void test_endpoint(void);
void test_tombs(void);
void test_vici_client(void);
void test_ike(void);
void test_dna(void);
void test_mcoa(void);
void test_flowb(void);
void test_flow(void);
void test_udp(void);

#endif /* IPMOB_T_H */
