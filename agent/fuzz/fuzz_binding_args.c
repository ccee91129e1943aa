// SPDX-License-Identifier: GPL-2.0
/*
 * fuzz_binding_args.c - libFuzzer target for the arguments of "ipmob
 * binding" (binding_args_parse() and binding_args_msg() of
 * cli_binding.c).
 *
 * The input is argv: words separated by NUL bytes (argv[0] is the
 * command word, "add", "change", "del", ...; an empty input is argc 0).
 * A failure must say why in one line. What parses must:
 *  - obey the rules of ipmob(8) for its command (add/change: a home
 *    address, one to IPMOB_MAX_COA care-of records with distinct BIDs
 *    when there are several, a device, mode and lifetime filled in;
 *    del: a home address and a device; mode ro: IPv6 only);
 *  - build its request (binding_args_msg), whose nest parses back to
 *    the same binding plus the device's ifindex; a buffer one octet too
 *    short is refused without being written past;
 *  - for add, change, del and show, print as the "binding show" line
 *    (binding_format), which, read back as arguments of the same
 *    command, parses to the same binding: the show line is valid input.
 *    What may differ: "encap" naming IP in IP (IPMOB_ENCAP_IP) and no
 *    "encap" are the same.
 * Of the additions: "role" agrees with the peer and the mode as the
 * kernel checks it; "port" only with "encap udp", 1-65535, and always
 * at a mobile node's UDP record.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <libmnl/libmnl.h>

#include "cli.h"

#define FAIL(...)							\
	do {								\
		fprintf(stderr, "fuzz_binding_args: " __VA_ARGS__);	\
		fputc('\n', stderr);					\
		abort();						\
	} while (0)

#define MAX_WORDS	64
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

static bool addr_ok(const struct in6_addr *a)
{
	return !IN6_IS_ADDR_UNSPECIFIED(a) && !IN6_IS_ADDR_MULTICAST(a) &&
	       !IN6_IS_ADDR_LOOPBACK(a) && !IN6_IS_ADDR_V4MAPPED(a);
}

static bool addr4_ok(const struct in_addr *a)
{
	uint32_t h = ntohl(a->s_addr);

	return h && (h >> 28) != 0xe && (h >> 24) != 127 && h != UINT32_MAX;
}

static bool any4(const struct ipmob_binding *b)
{
	unsigned int i;

	if (BA_HAS(b, IPMOB_BA_HOA4) || BA_HAS(b, IPMOB_BA_PEER4) ||
	    BA_HAS(b, IPMOB_BA_LOCAL4))
		return true;
	for (i = 0; i < b->ncoa; i++)
		if (b->coa[i].has_addr4)
			return true;
	return false;
}

/* What ipmob(8) promises of a command that parsed. */
static void check_rules(const struct binding_args *a)
{
	const struct ipmob_binding *b = &a->b;
	unsigned int i, j;
	bool hoa = BA_HAS(b, IPMOB_BA_HOA), hoa4 = BA_HAS(b, IPMOB_BA_HOA4);

	if (hoa && hoa4)
		FAIL("two home addresses");
	if ((hoa && !addr_ok(&b->hoa)) || (hoa4 && !addr4_ok(&b->hoa4)) ||
	    (BA_HAS(b, IPMOB_BA_PEER) && !addr_ok(&b->peer)) ||
	    (BA_HAS(b, IPMOB_BA_PEER4) && !addr4_ok(&b->peer4)) ||
	    (BA_HAS(b, IPMOB_BA_LOCAL) && !addr_ok(&b->local)) ||
	    (BA_HAS(b, IPMOB_BA_LOCAL4) && !addr4_ok(&b->local4)))
		FAIL("an address the kernel refuses");
	if (BA_HAS(b, IPMOB_BA_PREFIX_LEN) &&
	    (b->prefix_len < 1 || b->prefix_len > (hoa4 ? 32 : 128)))
		FAIL("prefix length %u", b->prefix_len);
	if (BA_HAS(b, IPMOB_BA_MODE) && b->mode != IPMOB_MODE_TUNNEL &&
	    b->mode != IPMOB_MODE_RO)
		FAIL("mode %u", b->mode);
	if (BA_HAS(b, IPMOB_BA_MODE) && b->mode == IPMOB_MODE_RO && any4(b))
		FAIL("mode ro with an IPv4 address");
	if (a->has_dev && !ifname_valid(a->dev))
		FAIL("device name \"%s\"", a->dev);
	if (b->present & (BA_BIT(IPMOB_BA_REMAINING) | BA_BIT(IPMOB_BA_FLAGS) |
			  BA_BIT(IPMOB_BA_TX_PACKETS) |
			  BA_BIT(IPMOB_BA_RX_PACKETS) | BA_BIT(IPMOB_BA_SEQ) |
			  BA_BIT(IPMOB_BA_IFINDEX)))
		FAIL("an attribute the command line cannot give");
	if (b->ncoa > IPMOB_MAX_COA || b->coa_truncated ||
	    BA_HAS(b, IPMOB_BA_COA) != (b->ncoa > 0))
		FAIL("%u care-of records", b->ncoa);
	for (i = 0; i < b->ncoa; i++) {
		const struct ipmob_coa *c = &b->coa[i];

		if (c->has_addr == c->has_addr4 ||
		    (c->has_addr && !addr_ok(&c->addr)) ||
		    (c->has_addr4 && !addr4_ok(&c->addr4)))
			FAIL("care-of record %u address", i);
		if (c->has_bid && !c->bid)
			FAIL("bid 0 given as a BID");
		if (c->has_encap && c->encap != IPMOB_ENCAP_IP &&
		    c->encap != IPMOB_ENCAP_MINENC &&
		    c->encap != IPMOB_ENCAP_GRE &&
		    c->encap != IPMOB_ENCAP_UDP)
			FAIL("encap %u", c->encap);
		/* a port only with UDP, 1-65535; a mobile node names one */
		if (c->has_port &&
		    (!c->has_encap || c->encap != IPMOB_ENCAP_UDP || !c->port))
			FAIL("port %u without encap udp", c->port);
		if (c->has_encap && c->encap == IPMOB_ENCAP_UDP &&
		    binding_kind(b) != BINDING_KIND_CACHE && !c->has_port)
			FAIL("encap udp at a mobile node without a port");
		/* RFC 2004: IPv4 in IPv4 only */
		if (c->has_encap && c->encap == IPMOB_ENCAP_MINENC &&
		    (!hoa4 || !c->has_addr4))
			FAIL("minenc with an IPv6 address");
		/*
		 * keys only with GRE, bare or inside UDP's TLV header (RFC
		 * 5845 7.2); neither other encapsulation nor RO
		 */
		if ((c->has_okey || c->has_ikey) &&
		    (!c->has_encap ||
		     (c->encap != IPMOB_ENCAP_GRE &&
		      (c->encap != IPMOB_ENCAP_UDP || !c->has_udp_hdr ||
		       c->udp_hdr != IPMOB_UDP_HDR_TLV))))
			FAIL("a GRE key without encap gre");
		if (c->has_udp_hdr &&
		    (!c->has_encap || c->encap != IPMOB_ENCAP_UDP))
			FAIL("a UDP header without encap udp");
		if (c->has_encap && c->encap != IPMOB_ENCAP_IP &&
		    BA_HAS(b, IPMOB_BA_MODE) && b->mode == IPMOB_MODE_RO)
			FAIL("encap %u in mode ro", c->encap);
		for (j = 0; j < i; j++)
			if (c->has_bid && b->coa[j].has_bid &&
			    c->bid == b->coa[j].bid)
				FAIL("duplicate bid %u", c->bid);
	}

	/* the key of route optimisation names the CN, not an interface */
	if (a->has_iif && b->mode == IPMOB_MODE_RO)
		FAIL("iif in mode ro");
	if (BA_HAS(b, IPMOB_BA_IIF) && !b->iif)
		FAIL("iif 0");

	/* the role agrees with the peer and the mode, as the kernel wants */
	if (BA_HAS(b, IPMOB_BA_ROLE)) {
		bool peer = binding_kind(b) != BINDING_KIND_CACHE;
		bool ro = b->mode == IPMOB_MODE_RO;

		if (a->op != BOP_ADD && a->op != BOP_CHANGE)
			FAIL("role for \"%d\"", a->op);
		switch (b->role) {
		case IPMOB_ROLE_MN:
			if (!peer)
				FAIL("role mn without a peer");
			break;
		case IPMOB_ROLE_MAG:
		case IPMOB_ROLE_FA:
			if (!peer || ro)
				FAIL("role %u without a peer or in mode ro",
				     b->role);
			break;
		case IPMOB_ROLE_CN:
			if (peer || !ro)
				FAIL("role cn with a peer or in mode tunnel");
			break;
		case IPMOB_ROLE_HA:
		case IPMOB_ROLE_LMA:
		case IPMOB_ROLE_MAP:
		case IPMOB_ROLE_PAR:
		case IPMOB_ROLE_NAR:
		case IPMOB_ROLE_ANCHOR:
			if (peer || ro)
				FAIL("role %u with a peer or in mode ro",
				     b->role);
			break;
		default:
			FAIL("role %u", b->role);
		}
	}

	switch (a->op) {
	case BOP_ADD:
	case BOP_CHANGE:
		if (hoa == hoa4 || !b->ncoa || !a->has_dev ||
		    !BA_HAS(b, IPMOB_BA_MODE) || !BA_HAS(b, IPMOB_BA_LIFETIME))
			FAIL("add/change without hoa, coa, dev, mode or lifetime");
		for (i = 0; b->ncoa > 1 && i < b->ncoa; i++)
			if (!b->coa[i].has_bid)
				FAIL("several care-of records, one without bid");
		break;
	case BOP_DEL:
		if (hoa == hoa4 || !a->has_dev || b->ncoa)
			FAIL("del without hoa or dev, or with coa");
		if (BA_HAS(b, IPMOB_BA_INSTANCE))
			FAIL("del with an instance (not part of the key)");
		break;
	case BOP_SHOW:
		/* without a key only "iif", "instance" (dump filters) */
		if (b->ncoa || (!hoa && !hoa4 &&
				(b->present & ~(BA_BIT(IPMOB_BA_IIF) |
						BA_BIT(IPMOB_BA_INSTANCE)))))
			FAIL("show: peer or mode without hoa, or coa");
		break;
	case BOP_FLUSH:
	case BOP_HELP:
		if (b->present || b->ncoa || (a->op == BOP_HELP && a->has_dev))
			FAIL("flush/help with binding attributes");
		break;
	default:
		FAIL("op %d", a->op);
	}
}

/* The request: one nest (or, for a dump and flush, the ifindex). */
static void check_msg(const struct binding_args *a)
{
	static uint32_t buf[GENL_TXBUF_LEN / 4];
	struct ipmob_binding want = a->b, got;
	const struct nlmsghdr *nlh;
	const struct nlattr *attr;
	unsigned int nests = 0, ifindexes = 0;
	void *small;

	nlh = binding_args_msg(a, 0x2a, IPMOB_GENL_VERSION, buf, sizeof(buf));
	if (a->op == BOP_HELP) {
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
		switch (mnl_attr_get_type(attr)) {
		case IPMOB_A_BINDING:
			nests++;
			if (binding_from_nest(attr, &got) < 0 ||
			    memcmp(&got, &want, sizeof(got)))
				FAIL("the request's nest differs");
			break;
		case IPMOB_A_IFINDEX:
			ifindexes++;
			if (mnl_attr_get_payload_len(attr) != 4 ||
			    mnl_attr_get_u32(attr) != IFINDEX || !a->has_dev)
				FAIL("IPMOB_A_IFINDEX");
			break;
		default:
			FAIL("attribute %u in the request",
			     mnl_attr_get_type(attr));
		}
	}
	if (a->op == BOP_FLUSH || (a->op == BOP_SHOW &&
				   !BA_HAS(&a->b, IPMOB_BA_HOA) &&
				   !BA_HAS(&a->b, IPMOB_BA_HOA4))) {
		if (nests || ifindexes != a->has_dev)
			FAIL("flush or dump request");
		if ((a->op == BOP_SHOW) !=
		    ((nlh->nlmsg_flags & NLM_F_DUMP) == NLM_F_DUMP))
			FAIL("dump flag");
	} else if (nests != 1 || ifindexes) {
		FAIL("%u nests, %u ifindex attributes", nests, ifindexes);
	}

	/* one octet short, in a heap block of exactly that size */
	small = malloc(nlh->nlmsg_len - 1);
	if (!small)
		abort();
	if (binding_args_msg(a, 0x2a, IPMOB_GENL_VERSION, small,
			     nlh->nlmsg_len - 1))
		FAIL("request fits in %u bytes", nlh->nlmsg_len - 1);
	free(small);
}

/* IP in IP named by "encap" or implied: the same. */
static void drop_encap(struct ipmob_binding *b)
{
	unsigned int i;

	for (i = 0; i < b->ncoa; i++) {
		if (b->coa[i].has_encap && b->coa[i].encap == IPMOB_ENCAP_IP) {
			b->coa[i].has_encap = false;
			b->coa[i].encap = 0;
		}
	}
}

/* The "binding show" line, read back as arguments of the same command. */
static void check_show_line(const struct binding_args *a, const char *word)
{
	char line[4096], err[ERRBUF_LEN], *argv[MAX_WORDS], *w;
	struct binding_args r;
	struct ipmob_binding x, y;
	int argc = 0;
	size_t n;

	n = binding_format(line, sizeof(line), &a->b,
			   a->has_dev ? a->dev : NULL);
	if (n >= sizeof(line))
		FAIL("show line of %zu bytes", n);
	argv[argc++] = (char *)word;
	for (w = strtok(line, " "); w; w = strtok(NULL, " ")) {
		if (argc == MAX_WORDS)
			FAIL("show line of too many words");
		argv[argc++] = w;
	}
	err[0] = '\0';
	if (binding_args_parse(argc, argv, &r, err, sizeof(err)) < 0)
		FAIL("the show line does not parse back: %s", err);
	x = a->b;
	y = r.b;
	drop_encap(&x);
	drop_encap(&y);
	if (r.op != a->op || r.has_dev != a->has_dev ||
	    strcmp(r.dev, a->dev) || memcmp(&x, &y, sizeof(x)))
		FAIL("the show line parses to another binding");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const words[] = {
		[BOP_ADD] = "add", [BOP_CHANGE] = "change", [BOP_DEL] = "del",
		[BOP_SHOW] = "show",
	};
	char *text, *argv[MAX_WORDS], err[ERRBUF_LEN];
	struct binding_args a;
	int argc = 0;
	size_t i;

	/* the words, each NUL-terminated (the last one may be cut short) */
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
	if (binding_args_parse(argc, argv, &a, err, sizeof(err)) < 0) {
		check_error(err);
		free(text);
		return 0;
	}
	a.ifindex = IFINDEX;
	/* "proxy NAME": what binding_args_resolve_iif() would find */
	if (a.has_proxy && a.proxy[0]) {
		a.b.proxy_if = IFINDEX + 1;
		BA_SET(&a.b, IPMOB_BA_PROXY_IF);
	}
	check_rules(&a);
	check_msg(&a);
	if (a.op <= BOP_SHOW)
		check_show_line(&a, words[a.op]);
	free(text);
	return 0;
}
