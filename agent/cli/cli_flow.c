// SPDX-License-Identifier: GPL-2.0
/*
 * cli_flow.c - "ipmob flow": the flow rules of a session (RFC 6089 flow
 * bindings with RFC 6088 traffic selectors): argv -> struct flow_args ->
 * request message and FLOW_GET dump message -> output (pure functions),
 * and the batch packing of "flow add" lines of one session.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <libmnl/libmnl.h>

#include "cli.h"
#include "print.h"

void usage_flow(FILE *f)
{
	fprintf(f,
		"Usage: ipmob flow add SESSION fid FID [ prio PRIO ] { bid BID [ bid BID ]... | drop | buffer }\n"
		"                      [ SELECTOR ]\n"
		"       ipmob flow del SESSION [ fid FID ]...   (no fid: every rule of the session)\n"
		"       ipmob flow show [ SESSION ]\n"
		"       ipmob flow flush SESSION { send | drop }   (the packets \"buffer\" rules hold)\n"
		"       ipmob flow help\n"
		"SESSION := hoa ADDR[/LEN] [ peer ADDR ]... [ mode { tunnel | ro } ] [ iif IFACE ] dev NAME\n"
		"           (as \"ipmob binding del\"; dev is optional for show)\n"
		"SELECTOR := [ src RANGE ] [ dst RANGE ] [ proto PROTO ] [ sport PORT[-PORT] ]\n"
		"            [ dport PORT[-PORT] ] [ spi SPI[-SPI] ] [ dscp D[-D] ] [ flowlabel L[-L] ]\n"
		"RANGE := ADDR | ADDR/LEN | ADDR-ADDR   (src and dst of one family)\n"
		"PROTO := { tcp | udp | icmp | ipv6-icmp | esp | ah | sctp | udplite | dccp | gre | 0-255 }\n"
		"FID 1-65535; PRIO 0-255 (lower first); BID 1-65535, at most %d, distinct (several: a copy\n"
		"to each); PORT 0-65535; SPI 0-4294967295; D 0-63 or a name (ef, af11-af43, cs0-cs7, be,\n"
		"va, le); L 0-0xfffff (decimal or 0x hex)\n",
		IPMOB_MAX_COA);
}

static const struct {
	const char *word;
	enum flow_op op;
} flow_ops[] = {
	{ "add", FOP_ADD },
	{ "delete", FOP_DEL },
	{ "show", FOP_SHOW },
	{ "list", FOP_SHOW },
	{ "help", FOP_HELP },
	{ "flush", FOP_FLUSH },
};

static const char *op_word(enum flow_op op)
{
	switch (op) {
	case FOP_ADD:
		return "add";
	case FOP_DEL:
		return "del";
	case FOP_SHOW:
		return "show";
	case FOP_FLUSH:
		return "flush";
	case FOP_HELP:
		break;
	}
	return "help";
}

static int parse_op(const char *word, enum flow_op *op)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(flow_ops); i++) {
		if (matches(word, flow_ops[i].word)) {
			*op = flow_ops[i].op;
			return 0;
		}
	}
	return -1;
}

enum fkw {
	FKW_HOA = 1 << 0,
	FKW_PEER = 1 << 1,
	FKW_MODE = 1 << 2,
	FKW_DEV = 1 << 3,
	FKW_FID = 1 << 4,
	FKW_PRIO = 1 << 5,
	FKW_BID = 1 << 6,
	FKW_DROP = 1 << 7,
	FKW_SRC = 1 << 8,
	FKW_DST = 1 << 9,
	FKW_PROTO = 1 << 10,
	FKW_SPORT = 1 << 11,
	FKW_DPORT = 1 << 12,
	FKW_SPI = 1 << 13,
	FKW_DSCP = 1 << 14,
	FKW_FLOWLABEL = 1 << 15,
	FKW_BUFFER = 1 << 16,
	FKW_SEND = 1 << 17,
	FKW_IIF = 1 << 18,
};

static const struct {
	const char *word;
	enum fkw kw;
} fkeywords[] = {
	{ "hoa", FKW_HOA },
	{ "peer", FKW_PEER },
	{ "mode", FKW_MODE },
	{ "dev", FKW_DEV },
	{ "iif", FKW_IIF },
	{ "fid", FKW_FID },
	{ "prio", FKW_PRIO },
	{ "bid", FKW_BID },
	{ "send", FKW_SEND },
	{ "drop", FKW_DROP },
	{ "buffer", FKW_BUFFER },
	{ "src", FKW_SRC },
	{ "dst", FKW_DST },
	{ "proto", FKW_PROTO },
	{ "sport", FKW_SPORT },
	{ "dport", FKW_DPORT },
	{ "spi", FKW_SPI },
	{ "dscp", FKW_DSCP },
	{ "flowlabel", FKW_FLOWLABEL },
};

#define FKW_SESSION	(FKW_HOA | FKW_PEER | FKW_MODE | FKW_DEV | FKW_IIF)
#define FKW_SELECTOR	(FKW_SRC | FKW_DST | FKW_PROTO | FKW_SPORT | \
			 FKW_DPORT | FKW_SPI | FKW_DSCP | FKW_FLOWLABEL)
/* the actions of "add": exactly one */
#define FKW_ACTION	(FKW_BID | FKW_DROP | FKW_BUFFER)
/* keywords without a value */
#define FKW_FLAGS	(FKW_DROP | FKW_BUFFER | FKW_SEND)

static unsigned int op_keywords(enum flow_op op)
{
	switch (op) {
	case FOP_ADD:
		return FKW_SESSION | FKW_FID | FKW_PRIO | FKW_ACTION |
		       FKW_SELECTOR;
	case FOP_DEL:
		return FKW_SESSION | FKW_FID;
	case FOP_SHOW:
		return FKW_SESSION;
	case FOP_FLUSH:
		return FKW_SESSION | FKW_SEND | FKW_DROP;
	case FOP_HELP:
		break;
	}
	return 0;
}

int flow_args_parse(int argc, char **argv, struct flow_args *a, char *err,
		    size_t errlen)
{
	struct ipmob_flow *f = &a->flow;
	unsigned int seen = 0, allowed, k, c, clash = 0;
	const char *first = NULL, *second = NULL;
	uint64_t v;
	int i, r;

	memset(a, 0, sizeof(*a));
	if (argc < 1) {
		a->op = FOP_SHOW;
		return 0;
	}
	if (parse_op(argv[0], &a->op) < 0) {
		errf(err, errlen, "unknown command \"%s\" for \"flow\" (try \"ipmob flow help\")",
		     argv[0]);
		return -1;
	}
	if (a->op == FOP_HELP) {
		if (argc > 1) {
			errf(err, errlen, "unexpected argument \"%s\" after \"help\"",
			     argv[1]);
			return -1;
		}
		return 0;
	}
	allowed = op_keywords(a->op);

	for (i = 1; i < argc; i++) {
		const char *word = argv[i], *val = NULL;
		enum fkw kw = 0;

		for (k = 0; k < ARRAY_SIZE(fkeywords); k++) {
			if (!strcmp(word, fkeywords[k].word)) {
				kw = fkeywords[k].kw;
				break;
			}
		}
		if (!kw || !(allowed & kw)) {
			if (kw)
				errf(err, errlen, "keyword \"%s\" is not valid for \"flow %s\"",
				     word, op_word(a->op));
			else
				errf(err, errlen, "unknown keyword \"%s\"",
				     word);
			return -1;
		}
		if (!(kw & FKW_FLAGS)) {
			if (i + 1 >= argc) {
				errf(err, errlen, "missing value for \"%s\"",
				     word);
				return -1;
			}
			val = argv[++i];
		}
		/* bid (add) and fid (del) repeat; peer once per family */
		if (!(kw & (FKW_BID | FKW_PEER | FKW_HOA | FKW_MODE)) &&
		    !(kw == FKW_FID && a->op == FOP_DEL) && (seen & kw)) {
			errf(err, errlen, "duplicate \"%s\"", word);
			return -1;
		}
		seen |= kw;

		switch (kw) {
		case FKW_HOA:
		case FKW_PEER:
		case FKW_MODE:
			r = binding_key_arg(word, val, &a->key, err, errlen);
			if (r < 0)
				return -1;
			break;
		case FKW_DEV:
			if (!ifname_valid(val)) {
				errf(err, errlen, "invalid device name \"%s\"",
				     val);
				return -1;
			}
			snprintf(a->dev, sizeof(a->dev), "%s", val);
			a->has_dev = true;
			break;
		case FKW_IIF:
			if (iif_arg(val, &a->key, a->iif, err, errlen) < 0)
				return -1;
			break;
		case FKW_FID:
			if (parse_uint(val, 65535, &v) < 0 || !v) {
				errf(err, errlen, "invalid fid \"%s\" (1-65535)",
				     val);
				return -1;
			}
			if (a->op == FOP_ADD) {
				f->fid = (uint16_t)v;
				FA_SET(f, IPMOB_FA_FID);
				break;
			}
			for (c = 0; c < a->nfid; c++) {
				if (a->fid[c] == v) {
					errf(err, errlen, "duplicate fid %u",
					     (unsigned int)v);
					return -1;
				}
			}
			if (a->nfid >= FLOW_DEL_MAX_FIDS) {
				errf(err, errlen, "too many fids (at most %d)",
				     FLOW_DEL_MAX_FIDS);
				return -1;
			}
			a->fid[a->nfid++] = (uint16_t)v;
			break;
		case FKW_PRIO:
			if (parse_uint(val, 255, &v) < 0) {
				errf(err, errlen, "invalid prio \"%s\" (0-255)",
				     val);
				return -1;
			}
			f->prio = (uint8_t)v;
			FA_SET(f, IPMOB_FA_PRIO);
			break;
		case FKW_BID:
			if (seen & (FKW_ACTION & ~FKW_BID)) {
				clash = kw;
				goto two_actions;
			}
			if (parse_uint(val, 65535, &v) < 0 || !v) {
				errf(err, errlen, "invalid bid \"%s\" (1-65535)",
				     val);
				return -1;
			}
			for (c = 0; c < f->nbid; c++) {
				if (f->bid[c] == v) {
					errf(err, errlen, "duplicate bid %u",
					     (unsigned int)v);
					return -1;
				}
			}
			if (f->nbid >= IPMOB_MAX_COA) {
				errf(err, errlen, "too many bids (at most %d)",
				     IPMOB_MAX_COA);
				return -1;
			}
			f->bid[f->nbid++] = (uint16_t)v;
			FA_SET(f, IPMOB_FA_BID);
			break;
		case FKW_DROP:
		case FKW_BUFFER:
		case FKW_SEND:
			/* add: one action; flush: send or drop */
			if (seen & (a->op == FOP_FLUSH ? FKW_SEND | FKW_DROP :
				    FKW_ACTION) & ~kw) {
				clash = kw;
				goto two_actions;
			}
			break;
		case FKW_SRC:
		case FKW_DST:
		case FKW_PROTO:
		case FKW_SPORT:
		case FKW_DPORT:
		case FKW_SPI:
		case FKW_DSCP:
		case FKW_FLOWLABEL:
			if (flow_sel_arg(word, val, f, err, errlen) < 0)
				return -1;
			break;
		}
	}

	/* RFC 6275 route optimisation keys on the correspondent instead */
	if ((seen & FKW_IIF) && BA_HAS(&a->key, IPMOB_BA_MODE) &&
	    a->key.mode == IPMOB_MODE_RO) {
		errf(err, errlen, "\"iif\" is not for mode ro");
		return -1;
	}
	if (a->op == FOP_SHOW && !(seen & FKW_HOA) && (seen & FKW_SESSION)) {
		errf(err, errlen, "\"%s\" requires \"hoa\"",
		     (seen & FKW_PEER) ? "peer" :
		     (seen & FKW_MODE) ? "mode" :
		     (seen & FKW_IIF) ? "iif" : "dev");
		return -1;
	}
	if (a->op == FOP_SHOW && !(seen & FKW_HOA))
		return 0;
	if (!(seen & FKW_HOA)) {
		errf(err, errlen, "missing \"hoa\"");
		return -1;
	}
	if (a->op != FOP_SHOW && !a->has_dev) {
		errf(err, errlen, "missing \"dev\"");
		return -1;
	}
	if (binding_key_check(&a->key, err, errlen) < 0)
		return -1;
	if (a->op == FOP_FLUSH) {
		if (!(seen & (FKW_SEND | FKW_DROP))) {
			errf(err, errlen, "missing \"send\" or \"drop\"");
			return -1;
		}
		a->send = seen & FKW_SEND;
		return 0;
	}
	if (a->op != FOP_ADD)
		return 0;
	if (!(seen & FKW_FID)) {
		errf(err, errlen, "missing \"fid\"");
		return -1;
	}
	if (!(seen & FKW_ACTION)) {
		errf(err, errlen, "missing \"bid\", \"drop\" or \"buffer\"");
		return -1;
	}
	f->action = (seen & FKW_DROP) ? IPMOB_FLOW_DROP :
		    (seen & FKW_BUFFER) ? IPMOB_FLOW_BUFFER :
					  IPMOB_FLOW_FORWARD;
	FA_SET(f, IPMOB_FA_ACTION);
	if (!FA_HAS(f, IPMOB_FA_PRIO)) {
		f->prio = 0;
		FA_SET(f, IPMOB_FA_PRIO);
	}
	return flow_sel_check(f, err, errlen);

two_actions:
	/* the two words, in the grammar's order */
	for (k = 0; k < ARRAY_SIZE(fkeywords); k++) {
		if (!(fkeywords[k].kw & (seen | clash) & (FKW_ACTION | FKW_SEND)))
			continue;
		if (!first)
			first = fkeywords[k].word;
		else
			second = fkeywords[k].word;
	}
	errf(err, errlen, "\"%s\" and \"%s\" exclude each other",
	     first ? first : "?", second ? second : "?");
	return -1;
}

/* The session key of the request, with the device's ifindex. */
static struct ipmob_binding request_key(const struct flow_args *a)
{
	struct ipmob_binding key = a->key;

	if (a->has_dev) {
		key.ifindex = a->ifindex;
		BA_SET(&key, IPMOB_BA_IFINDEX);
	}
	return key;
}

struct nlmsghdr *flow_args_msg(const struct flow_args *a, uint16_t family,
			       uint8_t version, void *buf, size_t buflen)
{
	struct ipmob_binding key = request_key(a);
	struct nlmsghdr *nlh;
	unsigned int i;
	uint8_t cmd;
	uint16_t flags = 0;

	if (buflen < NLMSG_HDRLEN + GENL_HDRLEN)
		return NULL;
	switch (a->op) {
	case FOP_ADD:
		cmd = IPMOB_CMD_FLOW_NEW;
		break;
	case FOP_DEL:
		cmd = IPMOB_CMD_FLOW_DEL;
		break;
	case FOP_SHOW:
		cmd = IPMOB_CMD_FLOW_GET;
		flags = NLM_F_DUMP;
		break;
	case FOP_FLUSH:
		cmd = IPMOB_CMD_BUFFER_FLUSH;
		break;
	default:
		return NULL;
	}
	nlh = genl_msg_start(buf, family, cmd, version, flags);
	if ((BA_HAS(&key, IPMOB_BA_HOA) || BA_HAS(&key, IPMOB_BA_HOA4)) &&
	    !binding_to_nest(nlh, buflen, IPMOB_A_BINDING, &key))
		return NULL;
	if (a->op == FOP_ADD &&
	    !flow_to_nest(nlh, buflen, IPMOB_A_FLOW, &a->flow))
		return NULL;
	for (i = 0; a->op == FOP_DEL && i < a->nfid; i++) {
		struct ipmob_flow f;

		memset(&f, 0, sizeof(f));
		f.fid = a->fid[i];
		FA_SET(&f, IPMOB_FA_FID);
		if (!flow_to_nest(nlh, buflen, IPMOB_A_FLOW, &f))
			return NULL;
	}
	if (a->op == FOP_FLUSH &&
	    !mnl_attr_put_u8_check(nlh, buflen, IPMOB_A_BUFFER_SEND, a->send))
		return NULL;
	return nlh;
}

bool is_flow_add(int argc, char **argv)
{
	enum flow_op op;

	return argc >= 2 && matches(argv[0], "flow") &&
	       parse_op(argv[1], &op) == 0 && op == FOP_ADD;
}

/* ---------------------------------------------------------------- */
/* Output                                                           */

int flow_msg_parse(const struct nlmsghdr *nlh, struct ipmob_binding *key)
{
	const struct nlattr *a;
	unsigned int keys = 0;
	int n = 0;

	memset(key, 0, sizeof(*key));
	if (mnl_nlmsg_get_payload_len(nlh) < GENL_HDRLEN)
		return -EBADMSG;
	mnl_attr_for_each(a, nlh, GENL_HDRLEN) {
		struct ipmob_flow f;

		switch (mnl_attr_get_type(a)) {
		case IPMOB_A_BINDING:
			if (keys++ || binding_from_nest(a, key) < 0)
				return -EBADMSG;
			break;
		case IPMOB_A_FLOW:
			if (flow_from_nest(a, &f) < 0)
				return -EBADMSG;
			n++;
			break;
		}
	}
	if (n && !keys)
		return -EBADMSG;
	return n;
}

int flow_print_msg(struct cli_ctx *ctx, struct json *j,
		   const struct nlmsghdr *nlh)
{
	struct ipmob_binding parsed, named;
	const struct ipmob_binding *key;
	const struct nlattr *a;
	char dev[IF_NAMESIZE + 8];
	const char *d = NULL;
	int n;

	/* everything first: a malformed message prints nothing */
	n = flow_msg_parse(nlh, &parsed);
	if (n <= 0)
		return n;
	key = with_iif_name(&parsed, &named);
	if (BA_HAS(key, IPMOB_BA_IFINDEX))
		d = ifindex_name(key->ifindex, dev);
	mnl_attr_for_each(a, nlh, GENL_HDRLEN) {
		struct ipmob_flow f;
		struct printer pr;
		char line[1024];

		if (mnl_attr_get_type(a) != IPMOB_A_FLOW)
			continue;
		flow_from_nest(a, &f);
		if (ctx->json) {
			pr = printer_json(j);
			pr_obj_open(&pr);
			flow_key_print(&pr, key, d);
			flow_print(&pr, &f);
			pr_obj_close(&pr);
		} else {
			pr = printer_text(line, sizeof(line));
			flow_key_print(&pr, key, d);
			flow_print(&pr, &f);
			fprintf(ctx->out, "%s\n", line);
		}
	}
	return n;
}

void flow_errmsg(enum flow_op op, struct genl_err *e)
{
	if (e->msg[0])
		return;
	if (e->error == -EOPNOTSUPP)
		snprintf(e->msg, sizeof(e->msg), op == FOP_FLUSH ?
			 "the kernel has no packet buffers (ipmob module too old?)" :
			 "the kernel has no flow rules (ipmob module too old?)");
	else if (e->error == -EEXIST && op == FOP_ADD)
		snprintf(e->msg, sizeof(e->msg), "flow rule already exists");
	else if (e->error == -ENOENT)
		snprintf(e->msg, sizeof(e->msg),
			 op == FOP_DEL ? "no such binding or flow rule" :
					 "no such binding");

}

struct flow_state {
	struct cli_ctx *ctx;
	struct json j;
};

static int flow_cb(const struct nlmsghdr *nlh, void *data,
		   struct genl_err *err)
{
	struct flow_state *s = data;
	int ret = flow_print_msg(s->ctx, &s->j, nlh);

	if (ret < 0) {
		snprintf(err->msg, sizeof(err->msg),
			 "malformed flow rule in kernel reply");
		return ret;
	}
	return 0;
}

static int flow_run(struct cli_ctx *ctx, const struct flow_args *a)
{
	struct flow_state s = { .ctx = ctx };
	struct nlmsghdr *nlh;
	struct genl_err e;
	int ret;

	ret = cli_connect(ctx);
	if (ret)
		return ret;
	nlh = flow_args_msg(a, ctx->family, ctx->version, ctx->txbuf,
			    GENL_TXBUF_LEN);
	if (!nlh)
		return cli_error(ctx, "request too large");
	if (a->op != FOP_SHOW) {
		ret = cli_talk(ctx, nlh, NULL, NULL, &e);
		if (ret < 0) {
			flow_errmsg(a->op, &e);
			return cli_kernel_error(ctx, 0, &e);
		}
		return 0;
	}
	ret = cli_dump(ctx, nlh, flow_cb, &s, &s.j, &e, "flow rules");
	if (ret < 0) {
		flow_errmsg(a->op, &e);
		return cli_kernel_error(ctx, 0, &e);
	}
	return 0;
}

int cmd_flow(struct cli_ctx *ctx, int argc, char **argv)
{
	struct flow_args *a;
	char err[ERRBUF_LEN];
	int ret;

	a = malloc(sizeof(*a));
	if (!a)
		return cli_error(ctx, "out of memory");
	if (flow_args_parse(argc, argv, a, err, sizeof(err)) < 0)
		goto usage_error;
	if (a->op == FOP_HELP) {
		usage_flow(ctx->out);
		free(a);
		return 0;
	}
	if (a->has_dev &&
	    cli_resolve_dev(ctx, a->dev, &a->ifindex, err, sizeof(err)) < 0)
		goto usage_error;
	if (iif_resolve(a->iif, &a->key, err, sizeof(err)) < 0)
		goto usage_error;
	if (ctx->packer && a->op == FOP_ADD) {
		struct ipmob_binding key = request_key(a);

		ret = packer_add_flow(ctx, &key, &a->flow, ctx->lineno);
	} else {
		ret = flow_run(ctx, a);
	}
	free(a);
	return ret;

usage_error:
	free(a);
	/* Batch: what earlier lines queued goes first, as if run in order. */
	if (ctx->packer) {
		ret = packer_flush(ctx);
		if (ret)
			return ret;
	}
	return cli_error(ctx, "%s", err);
}

/* ---------------------------------------------------------------- */
/* Batch packing                                                    */

/* The same session words: key attributes and device. */
static bool same_session(const struct ipmob_binding *a,
			 const struct ipmob_binding *b)
{
	return a->present == b->present &&
	       (!BA_HAS(a, IPMOB_BA_HOA) ||
		!memcmp(&a->hoa, &b->hoa, sizeof(a->hoa))) &&
	       (!BA_HAS(a, IPMOB_BA_HOA4) ||
		!memcmp(&a->hoa4, &b->hoa4, sizeof(a->hoa4))) &&
	       (!BA_HAS(a, IPMOB_BA_PREFIX_LEN) ||
		a->prefix_len == b->prefix_len) &&
	       (!BA_HAS(a, IPMOB_BA_PEER) ||
		!memcmp(&a->peer, &b->peer, sizeof(a->peer))) &&
	       (!BA_HAS(a, IPMOB_BA_PEER4) ||
		!memcmp(&a->peer4, &b->peer4, sizeof(a->peer4))) &&
	       (!BA_HAS(a, IPMOB_BA_MODE) || a->mode == b->mode) &&
	       binding_iif(a) == binding_iif(b) &&
	       (!BA_HAS(a, IPMOB_BA_IFINDEX) || a->ifindex == b->ifindex);
}

/*
 * "flow add" lines of one session go into one FLOW_NEW message (the
 * session's IPMOB_A_BINDING, then one IPMOB_A_FLOW per line) up to
 * max_bytes: the kernel copies the session's rule array once per
 * message, not once per rule.
 */
int packer_add_flow(struct cli_ctx *ctx, const struct ipmob_binding *key,
		    const struct ipmob_flow *f, unsigned long line)
{
	struct add_packer *p = ctx->packer;
	int ret;

	ret = cli_connect(ctx);
	if (ret)
		return ret;
	if (p->nlh && (p->cmd != IPMOB_CMD_FLOW_NEW ||
		       !same_session(&p->key, key))) {
		ret = packer_flush(ctx);
		if (ret)
			return ret;
	}
	for (;;) {
		if (!p->nlh) {
			p->nlh = genl_msg_start(p->buf, ctx->family,
						IPMOB_CMD_FLOW_NEW,
						ctx->version, 0);
			p->cmd = IPMOB_CMD_FLOW_NEW;
			p->key = *key;
			p->count = 0;
			if (!binding_to_nest(p->nlh, p->max_bytes,
					     IPMOB_A_BINDING, key)) {
				p->nlh = NULL;
				return cli_error(ctx, "request too large");
			}
		}
		p->offs[p->count] = p->nlh->nlmsg_len;
		if (flow_to_nest(p->nlh, p->max_bytes, IPMOB_A_FLOW, f))
			break;
		if (!p->count) {
			p->nlh = NULL;
			return cli_error(ctx, "request too large");
		}
		ret = packer_flush(ctx);
		if (ret)
			return ret;
	}
	p->lines[p->count++] = line;
	if (p->count >= p->max_flows || p->count >= PACK_MAX_FLOWS)
		return packer_flush(ctx);
	return 0;
}
