// SPDX-License-Identifier: GPL-2.0
/*
 * flow.c - IPMOB_A_FLOW nest <-> struct ipmob_flow <-> text / JSON.
 */
#include <arpa/inet.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <libmnl/libmnl.h>

#include "binding.h"
#include "flow.h"
#include "genl.h"
#include "names.h"
#include "print.h"
#include "util.h"

static const struct {
	const char *name;
	uint8_t num;
} protos[] = {
	{ "icmp", IPPROTO_ICMP },
	{ "tcp", IPPROTO_TCP },
	{ "udp", IPPROTO_UDP },
	{ "dccp", IPPROTO_DCCP },
	{ "gre", IPPROTO_GRE },
	{ "esp", IPPROTO_ESP },
	{ "ah", IPPROTO_AH },
	{ "ipv6-icmp", IPPROTO_ICMPV6 },
	{ "sctp", IPPROTO_SCTP },
	{ "udplite", IPPROTO_UDPLITE },
};

const char *flow_proto_name(unsigned int proto)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(protos); i++)
		if (protos[i].num == proto)
			return protos[i].name;
	return NULL;
}

int flow_proto_number(const char *name)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(protos); i++)
		if (!strcmp(protos[i].name, name))
			return protos[i].num;
	return -1;
}

/*
 * A number in [0, max]: decimal or, with hex, also "0x" and hex digits.
 * 0 or -1.
 */
static int parse_num(const char *s, uint64_t max, bool hex, uint64_t *out)
{
	uint64_t v = 0;
	const char *p;

	if (!hex || s[0] != '0' || (s[1] != 'x' && s[1] != 'X'))
		return parse_uint(s, max, out);
	p = s + 2;
	if (!*p)
		return -1;
	for (; *p; p++) {
		unsigned int d;

		if (*p >= '0' && *p <= '9')
			d = (unsigned int)(*p - '0');
		else if (*p >= 'a' && *p <= 'f')
			d = (unsigned int)(*p - 'a' + 10);
		else if (*p >= 'A' && *p <= 'F')
			d = (unsigned int)(*p - 'A' + 10);
		else
			return -1;
		v = v * 16 + d;
		if (v > max)
			return -1;
	}
	*out = v;
	return 0;
}

/*
 * "N" or "N-M" of a number field: start, and end when given and not the
 * start itself. 0, or -1 with the reason in err.
 */
static int parse_num_range(const char *word, const char *val, uint64_t max,
			   bool hex, uint64_t *start, uint64_t *end,
			   bool *has_end, char *err, size_t errlen)
{
	char buf[64];
	const char *dash = strchr(val, '-');
	size_t n = dash ? (size_t)(dash - val) : strlen(val);

	*has_end = false;
	if (n >= sizeof(buf))
		goto bad;
	memcpy(buf, val, n);
	buf[n] = '\0';
	if (parse_num(buf, max, hex, start) < 0)
		goto bad;
	if (!dash)
		return 0;
	if (parse_num(dash + 1, max, hex, end) < 0)
		goto bad;
	if (*end < *start) {
		errf(err, errlen, "invalid %s range \"%s\" (start after end)",
		     word, val);
		return -1;
	}
	*has_end = *end != *start;
	return 0;
bad:
	if (hex)
		errf(err, errlen, "invalid %s \"%s\" (0-%#" PRIx64 ")", word,
		     val, max);
	else
		errf(err, errlen, "invalid %s \"%s\" (0-%" PRIu64 ")", word,
		     val, max);
	return -1;
}

/* An address of either family for a selector (any address). */
static int sel_addr(const char *s, void *out, bool *is4)
{
	*is4 = !strchr(s, ':');
	if (*is4)
		return parse_in4(s, out);
	return parse_in6(s, out);
}

/*
 * RANGE := ADDR | ADDR/LEN | ADDR-ADDR into start and end (a 16 or 4
 * byte address each). has_end: the range is more than one address.
 */
static int parse_addr_range(const char *word, const char *val, uint8_t *start,
			    uint8_t *end, bool *has_end, bool *is4, char *err,
			    size_t errlen)
{
	char buf[INET6_ADDRSTRLEN + 1];
	const char *sep = strpbrk(val, "/-");
	size_t n = sep ? (size_t)(sep - val) : strlen(val), bytes;
	unsigned int i;

	*has_end = false;
	if (n >= sizeof(buf))
		goto bad_addr;
	memcpy(buf, val, n);
	buf[n] = '\0';
	if (sel_addr(buf, start, is4) < 0)
		goto bad_addr;
	bytes = *is4 ? 4 : 16;
	if (!sep)
		return 0;
	if (*sep == '/') {
		unsigned int max = *is4 ? 32 : 128;
		uint64_t len;

		if (parse_uint(sep + 1, max, &len) < 0) {
			errf(err, errlen,
			     "invalid prefix length in \"%s\" (0-%u)", val,
			     max);
			return -1;
		}
		memcpy(end, start, bytes);
		for (i = (unsigned int)len; i < max; i++) {
			uint8_t m = (uint8_t)(0x80 >> (i % 8));

			if (start[i / 8] & m) {
				errf(err, errlen,
				     "%s prefix \"%s\" has host bits set",
				     word, val);
				return -1;
			}
			end[i / 8] |= m;
		}
	} else {
		bool end4;

		if (sel_addr(sep + 1, end, &end4) < 0)
			goto bad_addr;
		if (end4 != *is4) {
			errf(err, errlen,
			     "invalid %s range \"%s\" (IPv4 and IPv6 mixed)",
			     word, val);
			return -1;
		}
		if (memcmp(start, end, bytes) > 0) {
			errf(err, errlen,
			     "invalid %s range \"%s\" (start after end)", word,
			     val);
			return -1;
		}
	}
	*has_end = memcmp(start, end, bytes) != 0;
	return 0;
bad_addr:
	errf(err, errlen, "invalid %s address \"%s\"", word, val);
	return -1;
}

/* src or dst into the rule, in the attributes of its family. */
static int put_addr_range(const char *word, const char *val,
			  struct ipmob_flow *f, bool dst, char *err,
			  size_t errlen)
{
	uint8_t start[16], end[16];
	bool has_end, is4;
	uint16_t a6 = dst ? IPMOB_FA_DST : IPMOB_FA_SRC;
	uint16_t a4 = dst ? IPMOB_FA_DST4 : IPMOB_FA_SRC4;

	if (parse_addr_range(word, val, start, end, &has_end, &is4, err,
			     errlen) < 0)
		return -1;
	if (is4) {
		memcpy(dst ? &f->dst4 : &f->src4, start, 4);
		FA_SET(f, a4);
		if (has_end) {
			memcpy(dst ? &f->dst4_end : &f->src4_end, end, 4);
			FA_SET(f, a4 + 1);	/* *4_END follows */
		}
	} else {
		memcpy(dst ? &f->dst : &f->src, start, 16);
		FA_SET(f, a6);
		if (has_end) {
			memcpy(dst ? &f->dst_end : &f->src_end, end, 16);
			FA_SET(f, a6 + 1);	/* *_END follows */
		}
	}
	return 0;
}

_Static_assert(IPMOB_FA_SRC_END == IPMOB_FA_SRC + 1 &&
	       IPMOB_FA_DST_END == IPMOB_FA_DST + 1 &&
	       IPMOB_FA_SRC4_END == IPMOB_FA_SRC4 + 1 &&
	       IPMOB_FA_DST4_END == IPMOB_FA_DST4 + 1, "range attributes");

/* A number range into its start and *_END attributes. */
static int put_num_range(const char *word, const char *val, uint64_t max,
			 bool hex, struct ipmob_flow *f, uint16_t attr,
			 char *err, size_t errlen)
{
	uint64_t s, e = 0;
	bool has_end;

	if (parse_num_range(word, val, max, hex, &s, &e, &has_end, err,
			    errlen) < 0)
		return -1;
	switch (attr) {
	case IPMOB_FA_SPORT:
		f->sport = (uint16_t)s;
		f->sport_end = (uint16_t)e;
		break;
	case IPMOB_FA_DPORT:
		f->dport = (uint16_t)s;
		f->dport_end = (uint16_t)e;
		break;
	case IPMOB_FA_SPI:
		f->spi = (uint32_t)s;
		f->spi_end = (uint32_t)e;
		break;
	case IPMOB_FA_DSCP:
		f->dscp = (uint8_t)s;
		f->dscp_end = (uint8_t)e;
		break;
	case IPMOB_FA_FLOW_LABEL:
		f->flow_label = (uint32_t)s;
		f->flow_label_end = (uint32_t)e;
		break;
	}
	if (!has_end) {
		/* the end of a single value is not kept */
		switch (attr) {
		case IPMOB_FA_SPORT: f->sport_end = 0; break;
		case IPMOB_FA_DPORT: f->dport_end = 0; break;
		case IPMOB_FA_SPI: f->spi_end = 0; break;
		case IPMOB_FA_DSCP: f->dscp_end = 0; break;
		case IPMOB_FA_FLOW_LABEL: f->flow_label_end = 0; break;
		}
	}
	FA_SET(f, attr);
	if (has_end)
		FA_SET(f, attr + 1);
	return 0;
}

_Static_assert(IPMOB_FA_SPORT_END == IPMOB_FA_SPORT + 1 &&
	       IPMOB_FA_DPORT_END == IPMOB_FA_DPORT + 1 &&
	       IPMOB_FA_SPI_END == IPMOB_FA_SPI + 1 &&
	       IPMOB_FA_DSCP_END == IPMOB_FA_DSCP + 1 &&
	       IPMOB_FA_FLOW_LABEL_END == IPMOB_FA_FLOW_LABEL + 1,
	       "range attributes");

int flow_sel_check(const struct ipmob_flow *f, char *err, size_t errlen)
{
	bool s6 = FA_HAS(f, IPMOB_FA_SRC), s4 = FA_HAS(f, IPMOB_FA_SRC4);
	bool d6 = FA_HAS(f, IPMOB_FA_DST), d4 = FA_HAS(f, IPMOB_FA_DST4);

	if ((s6 && d4) || (s4 && d6)) {
		errf(err, errlen, "src and dst must be of the same family");
		return -1;
	}
	if (FA_HAS(f, IPMOB_FA_FLOW_LABEL) && (s4 || d4)) {
		errf(err, errlen,
		     "flowlabel matches IPv6 packets only, not IPv4 %s",
		     s4 ? "src" : "dst");
		return -1;
	}
	if (!FA_HAS(f, IPMOB_FA_PROTO))
		return 0;
	if ((FA_HAS(f, IPMOB_FA_SPORT) || FA_HAS(f, IPMOB_FA_DPORT)) &&
	    f->proto != IPPROTO_TCP && f->proto != IPPROTO_UDP &&
	    f->proto != IPPROTO_UDPLITE && f->proto != IPPROTO_SCTP &&
	    f->proto != IPPROTO_DCCP) {
		errf(err, errlen,
		     "%s needs proto tcp, udp, udplite, sctp or dccp",
		     FA_HAS(f, IPMOB_FA_SPORT) ? "sport" : "dport");
		return -1;
	}
	if (FA_HAS(f, IPMOB_FA_SPI) && f->proto != IPPROTO_ESP &&
	    f->proto != IPPROTO_AH) {
		errf(err, errlen, "spi needs proto esp or ah");
		return -1;
	}
	return 0;
}


/* RFC 2474, 2597, 3246, 8622 names of DSCP values */
static const struct {
	const char *name;
	uint8_t dscp;
} dscps[] = {
	{ "be", 0 }, { "cs0", 0 }, { "cs1", 8 }, { "cs2", 16 },
	{ "cs3", 24 }, { "cs4", 32 }, { "cs5", 40 }, { "cs6", 48 },
	{ "cs7", 56 }, { "af11", 10 }, { "af12", 12 }, { "af13", 14 },
	{ "af21", 18 }, { "af22", 20 }, { "af23", 22 }, { "af31", 26 },
	{ "af32", 28 }, { "af33", 30 }, { "af41", 34 }, { "af42", 36 },
	{ "af43", 38 }, { "ef", 46 }, { "va", 44 }, { "le", 1 },
};

bool flow_sel_word(const char *word)
{
	static const char *const words[] = { "src", "dst", "proto", "sport",
					     "dport", "spi", "dscp",
					     "flowlabel" };
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(words); i++)
		if (!strcmp(word, words[i]))
			return true;
	return false;
}

int flow_sel_arg(const char *word, const char *val, struct ipmob_flow *f,
		 char *err, size_t errlen)
{
	uint64_t v;
	unsigned int i;
	int r;

	if (!strcmp(word, "src") || !strcmp(word, "dst"))
		return put_addr_range(word, val, f, word[0] == 'd', err,
				      errlen);
	if (!strcmp(word, "proto")) {
		r = flow_proto_number(val);
		if (r < 0) {
			if (parse_uint(val, 255, &v) < 0) {
				errf(err, errlen,
				     "invalid proto \"%s\" (tcp, udp, icmp, ipv6-icmp, esp, ah, sctp, udplite, dccp, gre or 0-255)",
				     val);
				return -1;
			}
			r = (int)v;
		}
		f->proto = (uint8_t)r;
		FA_SET(f, IPMOB_FA_PROTO);
		return 0;
	}
	if (!strcmp(word, "sport") || !strcmp(word, "dport"))
		return put_num_range(word, val, 65535, false, f,
				     word[0] == 's' ? IPMOB_FA_SPORT :
						      IPMOB_FA_DPORT,
				     err, errlen);
	if (!strcmp(word, "spi"))
		return put_num_range(word, val, UINT32_MAX, false, f,
				     IPMOB_FA_SPI, err, errlen);
	if (!strcmp(word, "dscp")) {
		for (i = 0; i < ARRAY_SIZE(dscps); i++) {
			if (!strcmp(val, dscps[i].name)) {
				f->dscp = dscps[i].dscp;
				f->dscp_end = 0;
				FA_SET(f, IPMOB_FA_DSCP);
				return 0;
			}
		}
		return put_num_range(word, val, 63, false, f, IPMOB_FA_DSCP,
				     err, errlen);
	}
	if (!strcmp(word, "flowlabel"))
		return put_num_range(word, val, 0xfffff, true, f,
				     IPMOB_FA_FLOW_LABEL, err, errlen);
	errf(err, errlen, "unknown selector \"%s\"", word);
	return -1;
}

/* Size of each attribute's payload; 0: not one of ours (skipped). */
static size_t fa_size(unsigned int type)
{
	switch (type) {
	case IPMOB_FA_PRIO:
	case IPMOB_FA_ACTION:
	case IPMOB_FA_PROTO:
	case IPMOB_FA_DSCP:
	case IPMOB_FA_DSCP_END:
		return 1;
	case IPMOB_FA_FID:
	case IPMOB_FA_BID:
	case IPMOB_FA_SPORT:
	case IPMOB_FA_SPORT_END:
	case IPMOB_FA_DPORT:
	case IPMOB_FA_DPORT_END:
		return 2;
	case IPMOB_FA_SRC4:
	case IPMOB_FA_SRC4_END:
	case IPMOB_FA_DST4:
	case IPMOB_FA_DST4_END:
	case IPMOB_FA_SPI:
	case IPMOB_FA_SPI_END:
	case IPMOB_FA_FLOW_LABEL:
	case IPMOB_FA_FLOW_LABEL_END:
		return 4;
	case IPMOB_FA_SRC:
	case IPMOB_FA_SRC_END:
	case IPMOB_FA_DST:
	case IPMOB_FA_DST_END:
		return 16;
	}
	return 0;
}

/* Where each fixed-size attribute lives in the struct. */
static void *fa_field(struct ipmob_flow *f, unsigned int type)
{
	switch (type) {
	case IPMOB_FA_FID: return &f->fid;
	case IPMOB_FA_PRIO: return &f->prio;
	case IPMOB_FA_ACTION: return &f->action;
	case IPMOB_FA_SRC: return &f->src;
	case IPMOB_FA_SRC_END: return &f->src_end;
	case IPMOB_FA_DST: return &f->dst;
	case IPMOB_FA_DST_END: return &f->dst_end;
	case IPMOB_FA_SRC4: return &f->src4;
	case IPMOB_FA_SRC4_END: return &f->src4_end;
	case IPMOB_FA_DST4: return &f->dst4;
	case IPMOB_FA_DST4_END: return &f->dst4_end;
	case IPMOB_FA_PROTO: return &f->proto;
	case IPMOB_FA_SPORT: return &f->sport;
	case IPMOB_FA_SPORT_END: return &f->sport_end;
	case IPMOB_FA_DPORT: return &f->dport;
	case IPMOB_FA_DPORT_END: return &f->dport_end;
	case IPMOB_FA_SPI: return &f->spi;
	case IPMOB_FA_SPI_END: return &f->spi_end;
	case IPMOB_FA_DSCP: return &f->dscp;
	case IPMOB_FA_DSCP_END: return &f->dscp_end;
	case IPMOB_FA_FLOW_LABEL: return &f->flow_label;
	case IPMOB_FA_FLOW_LABEL_END: return &f->flow_label_end;
	}
	return NULL;
}

static int fa_cb(const struct nlattr *a, void *data)
{
	struct ipmob_flow *f = data;
	uint16_t type = mnl_attr_get_type(a);
	size_t size;
	void *field;

	if (type == IPMOB_FA_PACKETS) {
		if (!genl_attr_uint(a, &f->packets))
			return MNL_CB_ERROR;
		FA_SET(f, type);
		return MNL_CB_OK;
	}
	size = fa_size(type);
	if (!size)
		return MNL_CB_OK;	/* newer kernel (or the pad): skip */
	if (mnl_attr_get_payload_len(a) != size)
		return MNL_CB_ERROR;
	if (type == IPMOB_FA_BID) {
		if (f->nbid < IPMOB_MAX_COA)
			f->bid[f->nbid++] = mnl_attr_get_u16(a);
		else
			f->bid_truncated = true;
	} else {
		/* host order for the numbers, as libmnl reads them */
		field = fa_field(f, type);
		if (size == 1)
			*(uint8_t *)field = mnl_attr_get_u8(a);
		else if (size == 2)
			*(uint16_t *)field = mnl_attr_get_u16(a);
		else if (type == IPMOB_FA_SPI || type == IPMOB_FA_SPI_END ||
			 type == IPMOB_FA_FLOW_LABEL ||
			 type == IPMOB_FA_FLOW_LABEL_END)
			*(uint32_t *)field = mnl_attr_get_u32(a);
		else	/* an address, network order */
			memcpy(field, mnl_attr_get_payload(a), size);
	}
	FA_SET(f, type);
	return MNL_CB_OK;
}

int flow_from_nest(const struct nlattr *nest, struct ipmob_flow *f)
{
	memset(f, 0, sizeof(*f));
	if (mnl_attr_parse_nested(nest, fa_cb, f) < 0)
		return -1;
	return 0;
}

bool flow_to_nest(struct nlmsghdr *nlh, size_t buflen, uint16_t attr_type,
		  const struct ipmob_flow *f)
{
	struct ipmob_flow c = *f;	/* fa_field() wants it writable */
	struct nlattr *nest;
	unsigned int type, i;
	bool ok = true;

	if (nlh->nlmsg_len > buflen)
		return false;
	nest = mnl_attr_nest_start_check(nlh, buflen, attr_type);
	if (!nest)
		return false;
	for (type = 1; ok && type <= IPMOB_FA_MAX; type++) {
		size_t size = fa_size(type);
		const void *field;

		if (!size || !FA_HAS(&c, type))
			continue;
		if (type == IPMOB_FA_BID) {
			for (i = 0; ok && i < c.nbid && i < IPMOB_MAX_COA; i++)
				ok = mnl_attr_put_u16_check(nlh, buflen, type,
							    c.bid[i]);
			continue;
		}
		field = fa_field(&c, type);
		ok = mnl_attr_put_check(nlh, buflen, type, size, field);
	}
	if (!ok) {
		mnl_attr_nest_cancel(nlh, nest);
		return false;
	}
	mnl_attr_nest_end(nlh, nest);
	return true;
}

/* ---- output ---- */

/* Length of the prefix that [a, b] is exactly, or -1. */
static int range_plen(const uint8_t *a, const uint8_t *b, unsigned int bytes)
{
	unsigned int bits = bytes * 8, i, plen;

	/* the first bit where they differ starts the host part */
	for (plen = 0; plen < bits; plen++) {
		uint8_t m = 0x80 >> (plen % 8);

		if ((a[plen / 8] & m) != (b[plen / 8] & m))
			break;
	}
	for (i = plen; i < bits; i++) {
		uint8_t m = 0x80 >> (i % 8);

		if ((a[i / 8] & m) || !(b[i / 8] & m))
			return -1;
	}
	return (int)plen;
}

/* One address range: start, optional end, either family. */
static void pr_addr_range(struct printer *pr, const char *key,
			  const char *key_end, const void *start,
			  const void *end, bool is4)
{
	char a[INET6_ADDRSTRLEN], b[INET6_ADDRSTRLEN], fmt[24];
	unsigned int bytes = is4 ? 4 : 16;
	int plen;

	inet_ntop(is4 ? AF_INET : AF_INET6, start, a, sizeof(a));
	snprintf(fmt, sizeof(fmt), " %s %%s", key);
	pr_str(pr, PR_ANY, key, fmt, a);
	if (!end)
		return;
	inet_ntop(is4 ? AF_INET : AF_INET6, end, b, sizeof(b));
	pr_str(pr, PR_JSON, key_end, "%s", b);
	if (!memcmp(start, end, bytes))
		return;
	plen = range_plen(start, end, bytes);
	if (plen >= 0)
		pr_u64(pr, PR_TEXT, NULL, "/%" PRIu64, (unsigned int)plen);
	else
		pr_str(pr, PR_TEXT, NULL, "-%s", b);
}

/* One number range; hex: the text in 0x form. */
static void pr_num_range(struct printer *pr, const char *key,
			 const char *key_end, uint64_t start, bool has_end,
			 uint64_t end, bool hex)
{
	char fmt[24];

	snprintf(fmt, sizeof(fmt), " %s %s", key, hex ? "0x%" PRIx64 :
						       "%" PRIu64);
	pr_u64_(pr, PR_ANY, key, fmt, start);
	if (!has_end)
		return;
	pr_json_u64(pr, key_end, end);
	if (end != start)
		pr_u64_(pr, PR_TEXT, NULL, hex ? "-0x%" PRIx64 : "-%" PRIu64,
			end);
}

void flow_print(struct printer *pr, const struct ipmob_flow *f)
{
	const char *name;
	char num[12];
	unsigned int i;
	uint8_t action = FA_HAS(f, IPMOB_FA_ACTION) ? f->action :
						     IPMOB_FLOW_FORWARD;

	if (FA_HAS(f, IPMOB_FA_FID))
		pr_u64(pr, PR_ANY, "fid", " fid %" PRIu64, f->fid);
	pr_u64(pr, PR_ANY, "prio", " prio %" PRIu64, f->prio);
	switch (action) {
	case IPMOB_FLOW_FORWARD:
		name = "forward";
		break;
	case IPMOB_FLOW_DROP:
		name = "drop";
		break;
	case IPMOB_FLOW_BUFFER:
		name = "buffer";
		break;
	default:
		snprintf(num, sizeof(num), "%u", action);
		name = num;
	}
	pr_str(pr, PR_JSON, "action", "%s", name);
	if (action == IPMOB_FLOW_DROP || action == IPMOB_FLOW_BUFFER)
		pr_str(pr, PR_TEXT, NULL, " %s", name);
	else if (action != IPMOB_FLOW_FORWARD)
		pr_str(pr, PR_TEXT, NULL, " action %s", name);
	/* drop and buffer send nowhere: no BIDs, unless the kernel gave some */
	if ((action != IPMOB_FLOW_DROP && action != IPMOB_FLOW_BUFFER) ||
	    f->nbid) {
		pr_arr_open(pr, "bids");
		for (i = 0; i < f->nbid; i++)
			pr_arr_u64(pr, " bid %" PRIu64, f->bid[i]);
		pr_arr_close(pr);
		if (f->bid_truncated)
			pr_text(pr, " bid ...");
	}
	if (FA_HAS(f, IPMOB_FA_SRC))
		pr_addr_range(pr, "src", "src_end", &f->src,
			      FA_HAS(f, IPMOB_FA_SRC_END) ? &f->src_end : NULL,
			      false);
	else if (FA_HAS(f, IPMOB_FA_SRC4))
		pr_addr_range(pr, "src", "src_end", &f->src4,
			      FA_HAS(f, IPMOB_FA_SRC4_END) ? &f->src4_end : NULL,
			      true);
	if (FA_HAS(f, IPMOB_FA_DST))
		pr_addr_range(pr, "dst", "dst_end", &f->dst,
			      FA_HAS(f, IPMOB_FA_DST_END) ? &f->dst_end : NULL,
			      false);
	else if (FA_HAS(f, IPMOB_FA_DST4))
		pr_addr_range(pr, "dst", "dst_end", &f->dst4,
			      FA_HAS(f, IPMOB_FA_DST4_END) ? &f->dst4_end : NULL,
			      true);
	if (FA_HAS(f, IPMOB_FA_PROTO)) {
		name = flow_proto_name(f->proto);
		pr_json_u64(pr, "proto", f->proto);
		if (name)
			pr_str(pr, PR_TEXT, NULL, " proto %s", name);
		else
			pr_u64(pr, PR_TEXT, NULL, " proto %" PRIu64, f->proto);
	}
	if (FA_HAS(f, IPMOB_FA_SPORT))
		pr_num_range(pr, "sport", "sport_end", f->sport,
			     FA_HAS(f, IPMOB_FA_SPORT_END), f->sport_end, false);
	if (FA_HAS(f, IPMOB_FA_DPORT))
		pr_num_range(pr, "dport", "dport_end", f->dport,
			     FA_HAS(f, IPMOB_FA_DPORT_END), f->dport_end, false);
	if (FA_HAS(f, IPMOB_FA_SPI))
		pr_num_range(pr, "spi", "spi_end", f->spi,
			     FA_HAS(f, IPMOB_FA_SPI_END), f->spi_end, false);
	if (FA_HAS(f, IPMOB_FA_DSCP))
		pr_num_range(pr, "dscp", "dscp_end", f->dscp,
			     FA_HAS(f, IPMOB_FA_DSCP_END), f->dscp_end, false);
	if (FA_HAS(f, IPMOB_FA_FLOW_LABEL))
		pr_num_range(pr, "flowlabel", "flowlabel_end", f->flow_label,
			     FA_HAS(f, IPMOB_FA_FLOW_LABEL_END),
			     f->flow_label_end, true);
	if (FA_HAS(f, IPMOB_FA_PACKETS))
		pr_u64(pr, PR_ANY, "packets", " packets %" PRIu64, f->packets);
}

void flow_key_print(struct printer *pr, const struct ipmob_binding *key,
		    const char *dev)
{
	char a[INET6_ADDRSTRLEN], num[12];

	if (BA_HAS(key, IPMOB_BA_HOA))
		pr_str(pr, PR_ANY, "hoa", "hoa %s", in6_str(&key->hoa, a));
	else if (BA_HAS(key, IPMOB_BA_HOA4))
		pr_str(pr, PR_ANY, "hoa", "hoa %s", in4_str(&key->hoa4, a));
	if (BA_HAS(key, IPMOB_BA_PREFIX_LEN))
		pr_u64(pr, PR_ANY, "prefix_len", "/%" PRIu64, key->prefix_len);
	if (BA_HAS(key, IPMOB_BA_MODE)) {
		const char *m = mode_name(key->mode);

		if (!m) {
			snprintf(num, sizeof(num), "%u", key->mode);
			m = num;
		}
		pr_str(pr, PR_ANY, "mode", " mode %s", m);
	}
	if (BA_HAS(key, IPMOB_BA_PEER))
		pr_str(pr, PR_ANY, "peer", " peer %s", in6_str(&key->peer, a));
	if (BA_HAS(key, IPMOB_BA_PEER4))
		pr_str(pr, PR_ANY, "peer4", " peer %s",
		       in4_str(&key->peer4, a));
	if (dev)
		pr_str(pr, PR_ANY, "dev", " dev %s", dev);
	if (BA_HAS(key, IPMOB_BA_IFINDEX))
		pr_json_u64(pr, "ifindex", key->ifindex);
	binding_print_iif(pr, key);
}

size_t flow_format(char *buf, size_t len, const struct ipmob_flow *f)
{
	struct printer pr = printer_text(buf, len);

	flow_print(&pr, f);
	return pr.used;
}
