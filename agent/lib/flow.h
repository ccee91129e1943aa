/* SPDX-License-Identifier: GPL-2.0 */
/*
 * flow.h - a flow rule as carried in an IPMOB_A_FLOW nest (RFC 6089 flow
 * binding, RFC 6088 traffic selector), with the pure conversions nest ->
 * struct, struct -> nest and struct -> text / JSON.
 */
#ifndef IPMOB_FLOW_H
#define IPMOB_FLOW_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <netinet/in.h>
#include <linux/ipmob.h>

struct nlattr;
struct nlmsghdr;
struct printer;
struct ipmob_binding;

/*
 * One rule. present has bit (1 << IPMOB_FA_x) for each attribute given
 * (IPMOB_FA_BID: at least one BID). A range field's *_END is absent when
 * the range is the start value alone.
 */
struct ipmob_flow {
	uint32_t present;
	uint16_t fid;
	uint8_t prio;
	uint8_t action;			/* enum ipmob_flow_action */
	unsigned int nbid;
	bool bid_truncated;		/* kernel sent more than IPMOB_MAX_COA */
	uint16_t bid[IPMOB_MAX_COA];
	struct in6_addr src, src_end, dst, dst_end;
	struct in_addr src4, src4_end, dst4, dst4_end;
	uint8_t proto;
	uint16_t sport, sport_end, dport, dport_end;
	uint32_t spi, spi_end;
	uint8_t dscp, dscp_end;
	uint32_t flow_label, flow_label_end;
	uint64_t packets;
};

#define FA_BIT(attr)		(1u << (attr))
#define FA_HAS(f, attr)		(((f)->present & FA_BIT(attr)) != 0)
#define FA_SET(f, attr)		((f)->present |= FA_BIT(attr))

_Static_assert(IPMOB_FA_MAX < 32, "struct ipmob_flow.present has 32 bits");

/*
 * Parse an IPMOB_A_FLOW nest. Unknown attributes are skipped (newer
 * kernel); attributes of a wrong size make it fail. Returns 0 or -1.
 */
int flow_from_nest(const struct nlattr *nest, struct ipmob_flow *f);

/*
 * Append f as a nest of type attr_type to nlh, without letting the
 * message grow past buflen bytes: the attributes marked present, in
 * enum order (IPMOB_FA_BID once per BID; IPMOB_FA_PACKETS, read-only, is
 * never written). Returns false, with nlh unchanged, if it does not fit.
 */
bool flow_to_nest(struct nlmsghdr *nlh, size_t buflen, uint16_t attr_type,
		  const struct ipmob_flow *f);

/* Name of an IP protocol number "proto" knows ("udp"), or NULL. */
const char *flow_proto_name(unsigned int proto);
/* Number of a protocol name, or -1. */
int flow_proto_number(const char *name);

/*
 * Every field of f, each described once, into a text line or JSON
 * object members (print.h). The text, in the order of the "flow add"
 * grammar: "fid N prio N { bid N... | drop | buffer } [src R] [dst R]
 * [proto P] [sport R] [dport R] [spi R] [dscp R] [flowlabel R]
 * [packets N]", a range as "A-B", an address range that is exactly a
 * prefix as "A/LEN", a single value alone. JSON: "fid", "prio",
 * "action" ("forward", "drop", "buffer", or the number of an unknown
 * one),
 * "bids" [...], "src"/"src_end", "dst"/"dst_end" (either family),
 * "proto" (number), "sport"/"sport_end", "dport"/"dport_end",
 * "spi"/"spi_end", "dscp"/"dscp_end", "flowlabel"/"flowlabel_end",
 * "packets"; a *_end key only when the range has an end.
 */
void flow_print(struct printer *pr, const struct ipmob_flow *f);

/*
 * The key words of the session a rule belongs to, as "binding show"
 * prints them: "hoa A[/LEN] [mode M] [peer P] [peer P4] [dev D]" (JSON
 * "hoa", "prefix_len", "mode", "peer", "peer4", "dev", "ifindex").
 * dev: the device's name, or NULL.
 */
void flow_key_print(struct printer *pr, const struct ipmob_binding *key,
		    const char *dev);

/*
 * Selectors, in the words of "ipmob flow add" and of ipmobd.conf's
 * "flow": src RANGE, dst RANGE (ADDR, ADDR/LEN or ADDR-ADDR of either
 * family), proto P (a name or 0-255), sport, dport (N or N-M), spi,
 * dscp (N, N-M or a name: ef, afXY, csN, be, va, le), flowlabel (0x
 * hex too). flow_sel_word(): is @word one of them? flow_sel_arg(): put
 * @word's value @val into @f; 0, or -1 with the reason in @err.
 */
bool flow_sel_word(const char *word);
int flow_sel_arg(const char *word, const char *val, struct ipmob_flow *f,
		 char *err, size_t errlen);

/*
 * A selector that can never match (src and dst of two families, a flow
 * label with IPv4 addresses, ports without a protocol that has them, an
 * SPI without ESP or AH): 0, or -1 with the reason in @err.
 */
int flow_sel_check(const struct ipmob_flow *f, char *err, size_t errlen);

/* flow_print() as a text line; snprintf's contract. */
size_t flow_format(char *buf, size_t len, const struct ipmob_flow *f);

#endif /* IPMOB_FLOW_H */
