// SPDX-License-Identifier: GPL-2.0
/*
 * fuzz_flow_args.c - libFuzzer target for "ipmob flow": its arguments
 * (flow_args_parse() and flow_args_msg() of cli_flow.c) and the FLOW_GET
 * dump as the CLI reads it (flow_msg_parse(), flow_print_msg(), the
 * IPMOB_A_FLOW codec of lib/flow.c).
 *
 * The first byte chooses:
 *  - bits 0 and 1 clear (or no input): the rest is argv, words separated by NUL bytes
 *    (argv[0] is the command word, "add", "del", "show", ...). A failure
 *    must say why in one line. What parses must obey ipmob(8) (add: a
 *    session with a device, a FID, forward to 1-8 distinct BIDs or drop,
 *    ranges with start < end and an end only when it differs, values in
 *    their ranges, src and dst of one family, no flow label with IPv4
 *    addresses; del: a session with a device, distinct FIDs; show: a
 *    session only with a home address), build its request, whose nests
 *    parse back to the session (plus the ifindex) and the rule or FIDs (a
 *    buffer one octet short is refused without being written past),
 *    and, for add, print as the "flow show" line, which read back as
 *    arguments of "flow add" parses to the same session and rule;
 *    (flush: a session with a device, send or drop, its request the
 *    session and IPMOB_A_BUFFER_SEND; add may buffer instead, no BIDs);
 *  - 2 (bit 1 set, bit 0 clear): the rest is argv of "ipmob udp"
 *    (udp_args_parse());
 *  - odd: the rest is a receive buffer of netlink messages, each a
 *    message of the FLOW_GET dump: flow_print_msg() prints nothing for a
 *    malformed one and one printable line per rule (or JSON objects)
 *    for the others, as many as flow_msg_parse() counts; every rule
 *    that parses goes back through flow_to_nest() unchanged.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <libmnl/libmnl.h>

#include "cli.h"
#include "print.h"

#define FAIL(...)							\
	do {								\
		fprintf(stderr, "fuzz_flow_args: " __VA_ARGS__);	\
		fputc('\n', stderr);					\
		abort();						\
	} while (0)

#define MAX_WORDS	128
#define IFINDEX		7

static void check_error(const char *err)
{
	size_t i;

	if (!err[0])
		FAIL("failed without saying why");
	for (i = 0; err[i]; i++)
		if (err[i] == '\n')
			FAIL("message of more than one line: %s", err);
	if (i >= ERRBUF_LEN)
		FAIL("message not terminated");
}

/* start <= end, and *_END present only when they differ */
#define RANGE(f, a, s, e)						\
	do {								\
		if (FA_HAS(f, a##_END) && (!FA_HAS(f, a) || (e) <= (s))) \
			FAIL(#a " range %llu-%llu",			\
			     (unsigned long long)(s),			\
			     (unsigned long long)(e));			\
	} while (0)

static void addr_range(const struct ipmob_flow *f, unsigned int a,
		       const void *s, const void *e, size_t n)
{
	if (FA_HAS(f, a + 1) && (!FA_HAS(f, a) || memcmp(s, e, n) >= 0))
		FAIL("address range %u", a);
}

/* What ipmob(8) promises of a command that parsed. */
static void check_rules(const struct flow_args *a)
{
	const struct ipmob_flow *f = &a->flow;
	const struct ipmob_binding *k = &a->key;
	bool hoa = BA_HAS(k, IPMOB_BA_HOA) || BA_HAS(k, IPMOB_BA_HOA4);
	unsigned int i, j;

	if (k->present & ~(BA_BIT(IPMOB_BA_HOA) | BA_BIT(IPMOB_BA_HOA4) |
			   BA_BIT(IPMOB_BA_PREFIX_LEN) | BA_BIT(IPMOB_BA_PEER) |
			   BA_BIT(IPMOB_BA_PEER4) | BA_BIT(IPMOB_BA_MODE) |
			   BA_BIT(IPMOB_BA_IIF)))
		FAIL("a session attribute that is not part of the key");
	if ((BA_HAS(k, IPMOB_BA_IIF) || a->iif[0]) &&
	    BA_HAS(k, IPMOB_BA_MODE) && k->mode == IPMOB_MODE_RO)
		FAIL("iif in mode ro");
	if (BA_HAS(k, IPMOB_BA_IIF) && !k->iif)
		FAIL("iif 0");
	if (BA_HAS(k, IPMOB_BA_HOA) && BA_HAS(k, IPMOB_BA_HOA4))
		FAIL("two home addresses");
	if (BA_HAS(k, IPMOB_BA_MODE) && k->mode != IPMOB_MODE_TUNNEL &&
	    k->mode != IPMOB_MODE_RO)
		FAIL("mode %u", k->mode);
	if (a->has_dev && !ifname_valid(a->dev))
		FAIL("device name \"%s\"", a->dev);
	switch (a->op) {
	case FOP_ADD:
		if (!hoa || !a->has_dev || a->nfid)
			FAIL("add without hoa or dev, or with a fid list");
		break;
	case FOP_DEL:
		if (!hoa || !a->has_dev || f->present)
			FAIL("del without hoa or dev, or with a rule");
		for (i = 0; i < a->nfid; i++) {
			if (!a->fid[i])
				FAIL("fid 0");
			for (j = 0; j < i; j++)
				if (a->fid[i] == a->fid[j])
					FAIL("duplicate fid %u", a->fid[i]);
		}
		return;
	case FOP_SHOW:
	case FOP_HELP:
		if (f->present || a->nfid || a->send ||
		    (!hoa && (k->present || a->has_dev)))
			FAIL("show/help with a rule, or a session without hoa");
		return;
	case FOP_FLUSH:
		if (!hoa || !a->has_dev || f->present || a->nfid)
			FAIL("flush without hoa or dev, or with a rule");
		return;
	default:
		FAIL("op %d", a->op);
	}

	if (!FA_HAS(f, IPMOB_FA_FID) || !f->fid || !FA_HAS(f, IPMOB_FA_PRIO) ||
	    !FA_HAS(f, IPMOB_FA_ACTION) || FA_HAS(f, IPMOB_FA_PACKETS) ||
	    f->bid_truncated)
		FAIL("add: fid, prio, action");
	if (f->action == IPMOB_FLOW_FORWARD) {
		if (!f->nbid || f->nbid > IPMOB_MAX_COA ||
		    !FA_HAS(f, IPMOB_FA_BID))
			FAIL("forward to %u bids", f->nbid);
		for (i = 0; i < f->nbid; i++) {
			if (!f->bid[i])
				FAIL("bid 0");
			for (j = 0; j < i; j++)
				if (f->bid[i] == f->bid[j])
					FAIL("duplicate bid %u", f->bid[i]);
		}
	} else if ((f->action != IPMOB_FLOW_DROP &&
		    f->action != IPMOB_FLOW_BUFFER) || f->nbid ||
		   FA_HAS(f, IPMOB_FA_BID)) {
		FAIL("action %u with %u bids", f->action, f->nbid);
	}
	if ((FA_HAS(f, IPMOB_FA_SRC) && FA_HAS(f, IPMOB_FA_SRC4)) ||
	    (FA_HAS(f, IPMOB_FA_DST) && FA_HAS(f, IPMOB_FA_DST4)) ||
	    (FA_HAS(f, IPMOB_FA_SRC) && FA_HAS(f, IPMOB_FA_DST4)) ||
	    (FA_HAS(f, IPMOB_FA_SRC4) && FA_HAS(f, IPMOB_FA_DST)))
		FAIL("address families mixed");
	if (FA_HAS(f, IPMOB_FA_FLOW_LABEL) &&
	    (FA_HAS(f, IPMOB_FA_SRC4) || FA_HAS(f, IPMOB_FA_DST4)))
		FAIL("flow label with IPv4 addresses");
	addr_range(f, IPMOB_FA_SRC, &f->src, &f->src_end, 16);
	addr_range(f, IPMOB_FA_DST, &f->dst, &f->dst_end, 16);
	addr_range(f, IPMOB_FA_SRC4, &f->src4, &f->src4_end, 4);
	addr_range(f, IPMOB_FA_DST4, &f->dst4, &f->dst4_end, 4);
	RANGE(f, IPMOB_FA_SPORT, f->sport, f->sport_end);
	RANGE(f, IPMOB_FA_DPORT, f->dport, f->dport_end);
	RANGE(f, IPMOB_FA_SPI, f->spi, f->spi_end);
	RANGE(f, IPMOB_FA_DSCP, f->dscp, f->dscp_end);
	RANGE(f, IPMOB_FA_FLOW_LABEL, f->flow_label, f->flow_label_end);
	if (f->dscp > 63 || f->dscp_end > 63 || f->flow_label > 0xfffff ||
	    f->flow_label_end > 0xfffff)
		FAIL("dscp or flow label out of range");
}

/* The request: the session's nest and the rule's, or the FIDs. */
static void check_msg(const struct flow_args *a)
{
	static uint32_t buf[GENL_TXBUF_LEN / 4];
	struct ipmob_binding want = a->key, got;
	const struct nlmsghdr *nlh;
	const struct nlattr *attr;
	unsigned int keys = 0, flows = 0, sends = 0;
	bool hoa = BA_HAS(&a->key, IPMOB_BA_HOA) ||
		   BA_HAS(&a->key, IPMOB_BA_HOA4);
	void *small;

	nlh = flow_args_msg(a, 0x2a, IPMOB_GENL_VERSION, buf, sizeof(buf));
	if (a->op == FOP_HELP) {
		if (nlh)
			FAIL("a request for help");
		return;
	}
	if (!nlh)
		FAIL("no request");
	if (a->has_dev) {
		want.ifindex = IFINDEX;
		BA_SET(&want, IPMOB_BA_IFINDEX);
	}
	mnl_attr_for_each(attr, nlh, GENL_HDRLEN) {
		struct ipmob_flow f;

		switch (mnl_attr_get_type(attr)) {
		case IPMOB_A_BINDING:
			keys++;
			if (binding_from_nest(attr, &got) < 0 ||
			    memcmp(&got, &want, sizeof(got)))
				FAIL("the request's session differs");
			break;
		case IPMOB_A_BUFFER_SEND:
			if (a->op != FOP_FLUSH || sends++ ||
			    mnl_attr_get_payload_len(attr) != 1 ||
			    mnl_attr_get_u8(attr) != a->send)
				FAIL("IPMOB_A_BUFFER_SEND");
			break;
		case IPMOB_A_FLOW:
			if (flow_from_nest(attr, &f) < 0)
				FAIL("the request's rule does not parse");
			if (a->op == FOP_ADD ? memcmp(&f, &a->flow, sizeof(f)) :
			    flows >= a->nfid || f.present != FA_BIT(IPMOB_FA_FID) ||
			    f.fid != a->fid[flows])
				FAIL("the request's rule %u differs", flows);
			flows++;
			break;
		default:
			FAIL("attribute %u in the request",
			     mnl_attr_get_type(attr));
		}
	}
	if (keys != hoa || flows != (a->op == FOP_ADD ? 1 :
				     a->op == FOP_DEL ? a->nfid : 0) ||
	    sends != (a->op == FOP_FLUSH))
		FAIL("%u sessions, %u rules, %u sends", keys, flows, sends);
	if ((a->op == FOP_SHOW) != ((nlh->nlmsg_flags & NLM_F_DUMP) == NLM_F_DUMP))
		FAIL("dump flag");

	small = malloc(nlh->nlmsg_len - 1);
	if (!small)
		abort();
	if (flow_args_msg(a, 0x2a, IPMOB_GENL_VERSION, small,
			  nlh->nlmsg_len - 1))
		FAIL("request fits in %u bytes", nlh->nlmsg_len - 1);
	free(small);
}

/* The "flow show" line of an added rule, read back as "flow add". */
static void check_show_line(const struct flow_args *a)
{
	static struct flow_args r;
	char line[2048], err[ERRBUF_LEN], *argv[MAX_WORDS], *w;
	struct printer pr = printer_text(line, sizeof(line));
	int argc = 0;

	flow_key_print(&pr, &a->key, a->dev);
	flow_print(&pr, &a->flow);
	if (pr.used >= sizeof(line))
		FAIL("show line of %zu bytes", pr.used);
	argv[argc++] = "add";
	for (w = strtok(line, " "); w; w = strtok(NULL, " ")) {
		if (argc == MAX_WORDS)
			FAIL("show line of too many words");
		argv[argc++] = w;
	}
	err[0] = '\0';
	if (flow_args_parse(argc, argv, &r, err, sizeof(err)) < 0)
		FAIL("the show line does not parse back: %s", err);
	if (r.op != FOP_ADD || strcmp(r.dev, a->dev) ||
	    memcmp(&r.key, &a->key, sizeof(r.key)) ||
	    memcmp(&r.flow, &a->flow, sizeof(r.flow)))
		FAIL("the show line parses to another rule");
}

static void run_args(const uint8_t *data, size_t size)
{
	static struct flow_args a;
	char *text, *argv[MAX_WORDS], err[ERRBUF_LEN];
	int argc = 0;
	size_t i;

	text = malloc(size + 1);
	if (!text)
		abort();
	memcpy(text, data, size);
	text[size] = '\0';
	for (i = 0; i < size && argc < MAX_WORDS;) {
		argv[argc++] = text + i;
		i += strlen(text + i) + 1;
	}
	memset(err, 0, sizeof(err));
	if (flow_args_parse(argc, argv, &a, err, sizeof(err)) < 0) {
		check_error(err);
		free(text);
		return;
	}
	a.ifindex = IFINDEX;
	check_rules(&a);
	check_msg(&a);
	if (a.op == FOP_ADD)
		check_show_line(&a);
	free(text);
}

/*
 * "ipmob udp" arguments: a failure says why in one line; listen has a
 * port 1-65535 (and an address only when given), show and help nothing.
 */
static void run_udp_args(const uint8_t *data, size_t size)
{
	static struct udp_args a;
	char *text, *argv[MAX_WORDS], err[ERRBUF_LEN];
	static const struct in6_addr any;
	int argc = 0;
	size_t i;

	text = malloc(size + 1);
	if (!text)
		abort();
	memcpy(text, data, size);
	text[size] = '\0';
	for (i = 0; i < size && argc < MAX_WORDS;) {
		argv[argc++] = text + i;
		i += strlen(text + i) + 1;
	}
	memset(err, 0, sizeof(err));
	if (udp_args_parse(argc, argv, &a, err, sizeof(err)) < 0) {
		check_error(err);
		free(text);
		return;
	}
	switch (a.op) {
	case UOP_LISTEN:
		if (!a.port || (!a.has_addr && (a.addr4 ||
				memcmp(&a.addr, &any, sizeof(any)))))
			FAIL("listen: port %u", a.port);
		if (a.addr4 && (memcmp(&a.addr, &any, 12)))
			FAIL("listen: IPv4 address with IPv6 octets");
		break;
	case UOP_SHOW:
	case UOP_HELP:
		if (a.port || a.has_addr || a.addr4)
			FAIL("show/help with an address or port");
		break;
	default:
		FAIL("udp op %d", a.op);
	}
	free(text);
}

/* ---- replies ---- */

static FILE *ms;
static char *ms_text;
static size_t ms_size;

static void check_output(const struct nlmsghdr *nlh, int mode, int count)
{
	struct cli_ctx ctx;
	struct json j;
	size_t len, i, lines = 0;
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
	memset(&j, 0, sizeof(j));
	ctx.json = mode > 0;
	ctx.out = ms;
	ctx.err = ms;
	if (ctx.json) {
		json_init(&j, ms, mode > 1);
		json_arr_open(&j);
	}
	ret = flow_print_msg(&ctx, &j, nlh);
	if (ctx.json)
		json_arr_close(&j);
	if (fflush(ms) || (pos = ftell(ms)) < 0)
		abort();
	len = (size_t)pos;
	if (ret != count)
		FAIL("flow_print_msg %d, flow_msg_parse %d", ret, count);
	if (ctx.json)
		return;
	if (ret < 0 && len)
		FAIL("output for a malformed message");
	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)ms_text[i];

		if (c == '\n')
			lines++;
		else if (c < 0x20 || c > 0x7e)
			FAIL("unprintable byte 0x%02x", c);
	}
	if (ret >= 0 && lines != (size_t)ret)
		FAIL("%zu lines for %d rules", lines, ret);
}

static void check_nests(const struct nlmsghdr *nlh)
{
	static uint64_t buf[1024];
	const struct nlattr *a;

	if (mnl_nlmsg_get_payload_len(nlh) < GENL_HDRLEN)
		return;
	mnl_attr_for_each(a, nlh, GENL_HDRLEN) {
		struct ipmob_flow f, again;
		struct nlmsghdr *m;

		if (mnl_attr_get_type(a) != IPMOB_A_FLOW ||
		    flow_from_nest(a, &f) < 0)
			continue;
		/* packets is read-only: not written */
		f.present &= ~FA_BIT(IPMOB_FA_PACKETS);
		f.packets = 0;
		/* more BIDs than kept: the kept ones */
		f.bid_truncated = false;
		m = genl_msg_start(buf, 1, IPMOB_CMD_FLOW_GET, 1, 0);
		if (!flow_to_nest(m, sizeof(buf), IPMOB_A_FLOW, &f))
			FAIL("flow_to_nest: no room");
		if (flow_from_nest(mnl_nlmsg_get_payload_offset(m, GENL_HDRLEN),
				   &again) < 0 ||
		    memcmp(&f, &again, sizeof(f)))
			FAIL("flow round trip");
	}
}

static void run_reply(const uint8_t *data, size_t size)
{
	const struct nlmsghdr *nlh;
	struct ipmob_binding key;
	uint64_t *buf;
	int len, mode;

	if (size > GENL_RXBUF_LEN)
		size = GENL_RXBUF_LEN;
	buf = malloc(size ? size : 1);
	if (!buf)
		return;
	memcpy(buf, data, size);
	len = (int)size;
	for (nlh = (const struct nlmsghdr *)buf; genl_nlmsg_ok(nlh, len);
	     nlh = mnl_nlmsg_next(nlh, &len)) {
		int count = flow_msg_parse(nlh, &key);

		if (count < 0 && count != -EBADMSG)
			FAIL("flow_msg_parse: %d", count);
		for (mode = 0; mode < 3; mode++)
			check_output(nlh, mode, count);
		check_nests(nlh);
	}
	free(buf);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size && (data[0] & 1))
		run_reply(data + 1, size - 1);
	else if (size && (data[0] & 2))
		run_udp_args(data + 1, size - 1);
	else
		run_args(size ? data + 1 : data, size ? size - 1 : 0);
	return 0;
}
