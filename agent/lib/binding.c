// SPDX-License-Identifier: GPL-2.0
/*
 * binding.c - IPMOB_A_BINDING nest <-> struct ipmob_binding <-> text.
 */
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <libmnl/libmnl.h>

#include "binding.h"
#include "print.h"
#include "genl.h"
#include "names.h"
#include "util.h"

static bool attr_addr(const struct nlattr *a, struct in6_addr *out)
{
	if (mnl_attr_get_payload_len(a) != sizeof(*out))
		return false;
	memcpy(out, mnl_attr_get_payload(a), sizeof(*out));
	return true;
}

static bool attr_addr4(const struct nlattr *a, struct in_addr *out)
{
	if (mnl_attr_get_payload_len(a) != sizeof(*out))
		return false;
	memcpy(out, mnl_attr_get_payload(a), sizeof(*out));
	return true;
}

static bool attr_u32(const struct nlattr *a, uint32_t *out)
{
	if (mnl_attr_get_payload_len(a) != 4)
		return false;
	*out = mnl_attr_get_u32(a);
	return true;
}

static int coa_cb(const struct nlattr *a, void *data)
{
	struct ipmob_coa *c = data;

	switch (mnl_attr_get_type(a)) {
	case IPMOB_CA_ADDR:
		if (!attr_addr(a, &c->addr))
			return MNL_CB_ERROR;
		c->has_addr = true;
		break;
	case IPMOB_CA_BID:
		if (mnl_attr_get_payload_len(a) != 2)
			return MNL_CB_ERROR;
		c->bid = mnl_attr_get_u16(a);
		c->has_bid = true;
		break;
	case IPMOB_CA_PRIO:
		if (mnl_attr_get_payload_len(a) != 1)
			return MNL_CB_ERROR;
		c->prio = mnl_attr_get_u8(a);
		c->has_prio = true;
		break;
	case IPMOB_CA_ADDR4:
		if (!attr_addr4(a, &c->addr4))
			return MNL_CB_ERROR;
		c->has_addr4 = true;
		break;
	case IPMOB_CA_ENCAP:
		if (mnl_attr_get_payload_len(a) != 1)
			return MNL_CB_ERROR;
		c->encap = mnl_attr_get_u8(a);
		c->has_encap = true;
		break;
	case IPMOB_CA_GRE_OKEY:
		if (mnl_attr_get_payload_len(a) != 4)
			return MNL_CB_ERROR;
		c->okey = mnl_attr_get_u32(a);
		c->has_okey = true;
		break;
	case IPMOB_CA_GRE_IKEY:
		if (mnl_attr_get_payload_len(a) != 4)
			return MNL_CB_ERROR;
		c->ikey = mnl_attr_get_u32(a);
		c->has_ikey = true;
		break;
	case IPMOB_CA_UDP_PORT:
		if (mnl_attr_get_payload_len(a) != 2)
			return MNL_CB_ERROR;
		c->port = mnl_attr_get_u16(a);
		c->has_port = true;
		break;
	case IPMOB_CA_UDP_HDR:
		if (mnl_attr_get_payload_len(a) != 1)
			return MNL_CB_ERROR;
		c->udp_hdr = mnl_attr_get_u8(a);
		c->has_udp_hdr = true;
		break;
	case IPMOB_CA_UDP_LEARN:
		if (mnl_attr_get_payload_len(a) != 0)
			return MNL_CB_ERROR;
		c->learn = true;
		break;
	}
	return MNL_CB_OK;
}

static int ba_cb(const struct nlattr *a, void *data)
{
	struct ipmob_binding *b = data;
	uint16_t type = mnl_attr_get_type(a);
	bool ok = true;

	switch (type) {
	case IPMOB_BA_HOA:
		ok = attr_addr(a, &b->hoa);
		break;
	case IPMOB_BA_PEER:
		ok = attr_addr(a, &b->peer);
		break;
	case IPMOB_BA_LOCAL:
		ok = attr_addr(a, &b->local);
		break;
	case IPMOB_BA_MODE:
		ok = mnl_attr_get_payload_len(a) == 1;
		if (ok)
			b->mode = mnl_attr_get_u8(a);
		break;
	case IPMOB_BA_LIFETIME:
		ok = attr_u32(a, &b->lifetime);
		break;
	case IPMOB_BA_REMAINING:
		ok = attr_u32(a, &b->remaining);
		break;
	case IPMOB_BA_IFINDEX:
		ok = attr_u32(a, &b->ifindex);
		break;
	case IPMOB_BA_FLAGS:
		ok = attr_u32(a, &b->flags);
		break;
	case IPMOB_BA_TX_PACKETS:
		ok = genl_attr_uint(a, &b->tx_packets);
		break;
	case IPMOB_BA_RX_PACKETS:
		ok = genl_attr_uint(a, &b->rx_packets);
		break;
	case IPMOB_BA_SEQ:
		ok = mnl_attr_get_payload_len(a) == 2;
		if (ok)
			b->seq = mnl_attr_get_u16(a);
		break;
	case IPMOB_BA_PREFIX_LEN:
		ok = mnl_attr_get_payload_len(a) == 1;
		if (ok)
			b->prefix_len = mnl_attr_get_u8(a);
		break;
	case IPMOB_BA_HOA4:
		ok = attr_addr4(a, &b->hoa4);
		break;
	case IPMOB_BA_PEER4:
		ok = attr_addr4(a, &b->peer4);
		break;
	case IPMOB_BA_LOCAL4:
		ok = attr_addr4(a, &b->local4);
		break;
	case IPMOB_BA_BUFFERED:
		ok = attr_u32(a, &b->buffered);
		break;
	case IPMOB_BA_ROLE:
		ok = mnl_attr_get_payload_len(a) == 1;
		if (ok)
			b->role = mnl_attr_get_u8(a);
		break;
	case IPMOB_BA_IIF:
		ok = attr_u32(a, &b->iif);
		break;
	case IPMOB_BA_INSTANCE:
		ok = attr_u32(a, &b->instance);
		break;
	case IPMOB_BA_PROXY_IF:
		ok = attr_u32(a, &b->proxy_if);
		break;
	case IPMOB_BA_PROXY_ROUTER:
		ok = mnl_attr_get_payload_len(a) == 0;
		break;
	case IPMOB_BA_COA: {
		struct ipmob_coa c;

		memset(&c, 0, sizeof(c));
		if (mnl_attr_parse_nested(a, coa_cb, &c) < 0)
			return MNL_CB_ERROR;
		if (b->ncoa < IPMOB_MAX_COA)
			b->coa[b->ncoa++] = c;
		else
			b->coa_truncated = true;
		break;
	}
	default:
		return MNL_CB_OK;	/* newer kernel: skip */
	}
	if (!ok)
		return MNL_CB_ERROR;
	if (type < 32)
		BA_SET(b, type);
	return MNL_CB_OK;
}

int binding_from_nest(const struct nlattr *nest, struct ipmob_binding *b)
{
	memset(b, 0, sizeof(*b));
	if (mnl_attr_parse_nested(nest, ba_cb, b) < 0)
		return -1;
	return 0;
}

static bool put_coa(struct nlmsghdr *nlh, size_t buflen,
		    const struct ipmob_coa *c)
{
	struct nlattr *nest = mnl_attr_nest_start_check(nlh, buflen,
							IPMOB_BA_COA);

	if (!nest)
		return false;
	if (c->has_addr &&
	    !mnl_attr_put_check(nlh, buflen, IPMOB_CA_ADDR, sizeof(c->addr),
				&c->addr))
		goto cancel;
	if (c->has_bid &&
	    !mnl_attr_put_u16_check(nlh, buflen, IPMOB_CA_BID, c->bid))
		goto cancel;
	if (c->has_prio &&
	    !mnl_attr_put_u8_check(nlh, buflen, IPMOB_CA_PRIO, c->prio))
		goto cancel;
	if (c->has_addr4 &&
	    !mnl_attr_put_check(nlh, buflen, IPMOB_CA_ADDR4, sizeof(c->addr4),
				&c->addr4))
		goto cancel;
	if (c->has_encap &&
	    !mnl_attr_put_u8_check(nlh, buflen, IPMOB_CA_ENCAP, c->encap))
		goto cancel;
	if (c->has_okey &&
	    !mnl_attr_put_u32_check(nlh, buflen, IPMOB_CA_GRE_OKEY, c->okey))
		goto cancel;
	if (c->has_ikey &&
	    !mnl_attr_put_u32_check(nlh, buflen, IPMOB_CA_GRE_IKEY, c->ikey))
		goto cancel;
	if (c->has_port &&
	    !mnl_attr_put_u16_check(nlh, buflen, IPMOB_CA_UDP_PORT, c->port))
		goto cancel;
	if (c->has_udp_hdr &&
	    !mnl_attr_put_u8_check(nlh, buflen, IPMOB_CA_UDP_HDR, c->udp_hdr))
		goto cancel;
	if (c->learn &&
	    !mnl_attr_put_check(nlh, buflen, IPMOB_CA_UDP_LEARN, 0, NULL))
		goto cancel;
	mnl_attr_nest_end(nlh, nest);
	return true;
cancel:
	mnl_attr_nest_cancel(nlh, nest);
	return false;
}

bool binding_to_nest(struct nlmsghdr *nlh, size_t buflen, uint16_t attr_type,
		     const struct ipmob_binding *b)
{
	struct nlattr *nest;
	unsigned int i;

	if (nlh->nlmsg_len > buflen)
		return false;
	nest = mnl_attr_nest_start_check(nlh, buflen, attr_type);
	if (!nest)
		return false;

#define PUT_ADDR(attr, field)						\
	if (BA_HAS(b, attr) &&						\
	    !mnl_attr_put_check(nlh, buflen, attr, sizeof(b->field),	\
				&b->field))				\
		goto cancel
#define PUT_U32(attr, field)						\
	if (BA_HAS(b, attr) &&						\
	    !mnl_attr_put_u32_check(nlh, buflen, attr, b->field))	\
		goto cancel

	PUT_ADDR(IPMOB_BA_HOA, hoa);
	PUT_ADDR(IPMOB_BA_PEER, peer);
	PUT_ADDR(IPMOB_BA_LOCAL, local);
	if (BA_HAS(b, IPMOB_BA_MODE) &&
	    !mnl_attr_put_u8_check(nlh, buflen, IPMOB_BA_MODE, b->mode))
		goto cancel;
	PUT_U32(IPMOB_BA_LIFETIME, lifetime);
	if (BA_HAS(b, IPMOB_BA_COA)) {
		for (i = 0; i < b->ncoa && i < IPMOB_MAX_COA; i++)
			if (!put_coa(nlh, buflen, &b->coa[i]))
				goto cancel;
	}
	PUT_U32(IPMOB_BA_IFINDEX, ifindex);
	if (BA_HAS(b, IPMOB_BA_SEQ) &&
	    !mnl_attr_put_u16_check(nlh, buflen, IPMOB_BA_SEQ, b->seq))
		goto cancel;
	if (BA_HAS(b, IPMOB_BA_PREFIX_LEN) &&
	    !mnl_attr_put_u8_check(nlh, buflen, IPMOB_BA_PREFIX_LEN,
				   b->prefix_len))
		goto cancel;
	PUT_ADDR(IPMOB_BA_HOA4, hoa4);
	PUT_ADDR(IPMOB_BA_PEER4, peer4);
	PUT_ADDR(IPMOB_BA_LOCAL4, local4);
	if (BA_HAS(b, IPMOB_BA_ROLE) &&
	    !mnl_attr_put_u8_check(nlh, buflen, IPMOB_BA_ROLE, b->role))
		goto cancel;
	PUT_U32(IPMOB_BA_IIF, iif);
	PUT_U32(IPMOB_BA_INSTANCE, instance);
	PUT_U32(IPMOB_BA_PROXY_IF, proxy_if);
	if (BA_HAS(b, IPMOB_BA_PROXY_ROUTER) &&
	    !mnl_attr_put_check(nlh, buflen, IPMOB_BA_PROXY_ROUTER, 0, NULL))
		goto cancel;
#undef PUT_ADDR
#undef PUT_U32

	mnl_attr_nest_end(nlh, nest);
	return true;
cancel:
	mnl_attr_nest_cancel(nlh, nest);
	return false;
}

void binding_print_iif(struct printer *pr, const struct ipmob_binding *b)
{
	const char *n = b->iif_name;
	char num[12];

	if (!BA_HAS(b, IPMOB_BA_IIF))
		return;
	if (!n[0]) {
		snprintf(num, sizeof(num), "%u", b->iif);
		n = num;
	}
	pr_str(pr, PR_ANY, "iif", " iif %s", n);
	pr_json_u64(pr, "iif_index", b->iif);
}

/*
 * Every field once, for the text line and for JSON (print.h). JSON has
 * each care-of record as an object of "coas" and the numbers as they
 * are ("lifetime" 0, "remaining_ms", "flags", "okey" and "ikey"); the
 * text has what reads well ("lifetime forever", the remaining seconds
 * rounded up, flag names, "key K" when both keys are one, no "encap"
 * for IPv6 in IPv6). "role" (a name, or the number of an unknown one)
 * follows "mode" and "instance" follows "role", each record's UDP port ("udp_port" in JSON) and the
 * header after UDP ("header", "udp_header" in JSON) its encapsulation,
 * "buffered" comes last.
 */
void binding_print(struct printer *pr, const struct ipmob_binding *b,
		   const char *dev)
{
	char a[INET6_ADDRSTRLEN], num[12];
	unsigned int i;

	if (BA_HAS(b, IPMOB_BA_HOA))
		pr_str(pr, PR_ANY, "hoa", "hoa %s", in6_str(&b->hoa, a));
	else if (BA_HAS(b, IPMOB_BA_HOA4))
		pr_str(pr, PR_ANY, "hoa", "hoa %s", in4_str(&b->hoa4, a));
	if (BA_HAS(b, IPMOB_BA_PREFIX_LEN))
		pr_u64(pr, PR_ANY, "prefix_len", "/%" PRIu64, b->prefix_len);
	if (BA_HAS(b, IPMOB_BA_COA) || b->ncoa)
		pr_arr_open(pr, "coas");
	for (i = 0; i < b->ncoa; i++) {
		const struct ipmob_coa *c = &b->coa[i];
		const char *e = binding_encap_name(b, c);

		pr_obj_open(pr);
		if (c->has_addr)
			pr_str(pr, PR_ANY, "addr", " coa %s",
			       in6_str(&c->addr, a));
		else if (c->has_addr4)
			pr_str(pr, PR_ANY, "addr", " coa %s",
			       in4_str(&c->addr4, a));
		else
			pr_text(pr, " coa ?");
		/* BID 0: none, in the text */
		if (c->has_bid)
			pr_u64(pr, c->bid ? PR_ANY : PR_JSON, "bid",
			       " bid %" PRIu64, c->bid);
		if (c->has_prio)
			pr_u64(pr, PR_ANY, "prio", " prio %" PRIu64, c->prio);
		if (!e) {
			snprintf(num, sizeof(num), "%u", c->encap);
			e = num;
		}
		/* IPv6 in IPv6, the only one before IPv4: not in the text */
		pr_str(pr, strcmp(e, "ip6ip6") ? PR_ANY : PR_JSON, "encap",
		       " encap %s", e);
		if (c->has_okey && c->has_ikey && c->okey == c->ikey) {
			pr_u64(pr, PR_TEXT, NULL, " key %" PRIu64, c->okey);
			pr_json_u64(pr, "okey", c->okey);
			pr_json_u64(pr, "ikey", c->ikey);
		} else {
			if (c->has_okey)
				pr_u64(pr, PR_ANY, "okey", " okey %" PRIu64,
				       c->okey);
			if (c->has_ikey)
				pr_u64(pr, PR_ANY, "ikey", " ikey %" PRIu64,
				       c->ikey);
		}
		/* encap udp: the port in use, 0 while none is learnt */
		if (c->has_port)
			pr_u64(pr, PR_ANY, "udp_port", " port %" PRIu64,
			       c->port);
		/* the port follows the NAT's mappings (IPMOB_CA_UDP_LEARN) */
		if (c->learn)
			pr_json_bool(pr, "udp_learn", true);
		/* the header after UDP (RFC 3519 3.3, RFC 5845 7.2) */
		if (c->has_udp_hdr) {
			const char *h = udp_hdr_name(c->udp_hdr);

			if (!h) {
				snprintf(num, sizeof(num), "%u", c->udp_hdr);
				h = num;
			}
			pr_str(pr, PR_ANY, "udp_header", " header %s", h);
		}
		pr_obj_close(pr);
	}
	if (BA_HAS(b, IPMOB_BA_COA) || b->ncoa)
		pr_arr_close(pr);
	if (b->coa_truncated)
		pr_text(pr, " coa ...");
	if (BA_HAS(b, IPMOB_BA_MODE)) {
		const char *m = mode_name(b->mode);

		if (!m) {
			snprintf(num, sizeof(num), "%u", b->mode);
			m = num;
		}
		pr_str(pr, PR_ANY, "mode", " mode %s", m);
	}
	if (BA_HAS(b, IPMOB_BA_ROLE)) {
		const char *r = role_name(b->role);

		if (!r) {
			snprintf(num, sizeof(num), "%u", b->role);
			r = num;
		}
		pr_str(pr, PR_ANY, "role", " role %s", r);
	}
	/* the kernel leaves out 0 (none) */
	if (BA_HAS(b, IPMOB_BA_INSTANCE))
		pr_u64(pr, PR_ANY, "instance", " instance %" PRIu64,
		       b->instance);
	/* Neighbor Discovery proxy (RFC 6275 10.4.1), as "iif" */
	if (BA_HAS(b, IPMOB_BA_PROXY_IF)) {
		const char *n = b->proxy_name;
		char num[12];

		if (!n[0]) {
			snprintf(num, sizeof(num), "%u", b->proxy_if);
			n = num;
		}
		pr_str(pr, PR_ANY, "proxy", " proxy %s", n);
		pr_json_u64(pr, "proxy_index", b->proxy_if);
		if (BA_HAS(b, IPMOB_BA_PROXY_ROUTER))
			pr_text(pr, " proxy-router on");
		pr_json_bool(pr, "proxy_router",
			     BA_HAS(b, IPMOB_BA_PROXY_ROUTER));
	}
	if (BA_HAS(b, IPMOB_BA_PEER))
		pr_str(pr, PR_ANY, "peer", " peer %s", in6_str(&b->peer, a));
	if (BA_HAS(b, IPMOB_BA_PEER4))
		pr_str(pr, PR_ANY, "peer4", " peer %s", in4_str(&b->peer4, a));
	if (BA_HAS(b, IPMOB_BA_LOCAL))
		pr_str(pr, PR_ANY, "local", " local %s", in6_str(&b->local, a));
	if (BA_HAS(b, IPMOB_BA_LOCAL4))
		pr_str(pr, PR_ANY, "local4", " local %s",
		       in4_str(&b->local4, a));
	if (BA_HAS(b, IPMOB_BA_LIFETIME)) {
		pr_u64(pr, b->lifetime ? PR_ANY : PR_JSON, "lifetime",
		       " lifetime %" PRIu64, b->lifetime);
		if (!b->lifetime)
			pr_text(pr, " lifetime forever");
	}
	if (BA_HAS(b, IPMOB_BA_SEQ))
		pr_u64(pr, PR_ANY, "seq", " seq %" PRIu64, b->seq);
	if (BA_HAS(b, IPMOB_BA_REMAINING)) {
		pr_json_u64(pr, "remaining_ms", b->remaining);
		/* rounded up: "0s" would read as already expired */
		if (b->remaining)
			pr_u64(pr, PR_TEXT, NULL, " remaining %" PRIu64 "s",
			       ((uint64_t)b->remaining + 999) / 1000);
	}
	if (dev)
		pr_str(pr, PR_ANY, "dev", " dev %s", dev);
	if (BA_HAS(b, IPMOB_BA_IFINDEX))
		pr_json_u64(pr, "ifindex", b->ifindex);
	binding_print_iif(pr, b);
	if (BA_HAS(b, IPMOB_BA_FLAGS)) {
		uint32_t rest = b->flags & ~(uint32_t)IPMOB_BF_NOTIFIED_REFRESH;

		pr_json_u64(pr, "flags", b->flags);
		if (b->flags)
			pr_text(pr, " flags");
		if (b->flags & IPMOB_BF_NOTIFIED_REFRESH)
			pr_text(pr, " notified-refresh");
		if (rest)
			pr_u64(pr, PR_TEXT, NULL, " 0x%" PRIx64, rest);
	}
	if (BA_HAS(b, IPMOB_BA_TX_PACKETS))
		pr_u64(pr, PR_ANY, "tx_packets", " tx %" PRIu64, b->tx_packets);
	if (BA_HAS(b, IPMOB_BA_RX_PACKETS))
		pr_u64(pr, PR_ANY, "rx_packets", " rx %" PRIu64, b->rx_packets);
	if (BA_HAS(b, IPMOB_BA_BUFFERED))
		pr_u64(pr, PR_ANY, "buffered", " buffered %" PRIu64,
		       b->buffered);
}

size_t binding_format(char *buf, size_t len, const struct ipmob_binding *b,
		      const char *dev)
{
	struct printer pr = printer_text(buf, len);

	binding_print(&pr, b, dev);
	return pr.used;
}

const char *binding_encap_name(const struct ipmob_binding *b,
			       const struct ipmob_coa *c)
{
	static const char *const names[2][2] = {
		/* [inner is IPv4][outer is IPv4] */
		{ "ip6ip6", "ip6ip4" },
		{ "ip4ip6", "ipip" },
	};

	if (c->has_encap && c->encap == IPMOB_ENCAP_MINENC)
		return "minenc";
	if (c->has_encap && c->encap == IPMOB_ENCAP_GRE)
		return "gre";
	if (c->has_encap && c->encap == IPMOB_ENCAP_UDP)
		return "udp";
	if (c->has_encap && c->encap == IPMOB_ENCAP_HOME)
		return "home";
	if (c->has_encap && c->encap != IPMOB_ENCAP_IP)
		return NULL;
	return names[binding_hoa_is4(b)][coa_is4(c)];
}

enum binding_kind binding_kind(const struct ipmob_binding *b)
{
	if (!BA_HAS(b, IPMOB_BA_PEER) && !BA_HAS(b, IPMOB_BA_PEER4))
		return BINDING_KIND_CACHE;
	if (BA_HAS(b, IPMOB_BA_MODE) && b->mode == IPMOB_MODE_RO)
		return BINDING_KIND_MN_RO;
	return BINDING_KIND_MN_HOME;
}

unsigned int binding_prefix_len(const struct ipmob_binding *b)
{
	if (BA_HAS(b, IPMOB_BA_PREFIX_LEN))
		return b->prefix_len;
	return binding_hoa_is4(b) ? 32 : 128;
}

bool binding_same_key(const struct ipmob_binding *a,
		      const struct ipmob_binding *b)
{
	enum binding_kind k = binding_kind(a);
	const uint32_t hoas = BA_BIT(IPMOB_BA_HOA) | BA_BIT(IPMOB_BA_HOA4);

	if (k != binding_kind(b) ||
	    (a->present & hoas) != (b->present & hoas) ||
	    binding_prefix_len(a) != binding_prefix_len(b) ||
	    binding_iif(a) != binding_iif(b))
		return false;
	if (BA_HAS(a, IPMOB_BA_HOA) &&
	    memcmp(&a->hoa, &b->hoa, sizeof(a->hoa)))
		return false;
	if (BA_HAS(a, IPMOB_BA_HOA4) &&
	    memcmp(&a->hoa4, &b->hoa4, sizeof(a->hoa4)))
		return false;
	return k != BINDING_KIND_MN_RO ||
	       (BA_HAS(a, IPMOB_BA_PEER) == BA_HAS(b, IPMOB_BA_PEER) &&
		!memcmp(&a->peer, &b->peer, sizeof(a->peer)));
}

bool binding_is_ip6_only(const struct ipmob_binding *b)
{
	unsigned int i;

	if (!binding_hoa_is6(b) || BA_HAS(b, IPMOB_BA_PEER4) ||
	    BA_HAS(b, IPMOB_BA_LOCAL4) || binding_iif(b) || b->coa_truncated)
		return false;
	for (i = 0; i < b->ncoa; i++)
		if (!b->coa[i].has_addr || b->coa[i].has_addr4)
			return false;
	return true;
}
