/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ts.h - binary traffic selectors (RFC 6088): the IPv4 (TS Format 1) and
 * IPv6 (TS Format 2) selectors carried in the Traffic Selector
 * sub-option of a Flow Identification mobility option (RFC 6089 4.2.1.4)
 * and, later, in Proxy Mobile IPv6's options.
 *
 * A selector is a set of optional fields, each present when its flag is
 * set, in a fixed order after a 32-bit flags word; an "end" field makes
 * a range with its "start" and MUST NOT come without it (RFC 6088 3.1,
 * 3.2). Both formats decode into one struct ts_sel whose field flags
 * are format-neutral (TS_F_*): the IPv6 order, which has every field;
 * IPv4 has no flow label.
 *
 * Pure functions: no I/O, no allocation, no global state.
 */
#ifndef IPMOB_TS_H
#define IPMOB_TS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum ts_format {
	TS_FMT_IPV4	= 1,	/* RFC 6088 3.1 */
	TS_FMT_IPV6	= 2,	/* RFC 6088 3.2 */
};

/* Fields of struct ts_sel.fields, in the IPv6 selector's order (A-P) */
#define TS_F_SRC_START		0x8000	/* (A) */
#define TS_F_SRC_END		0x4000	/* (B) */
#define TS_F_DST_START		0x2000	/* (C) */
#define TS_F_DST_END		0x1000	/* (D) */
#define TS_F_SPI_START		0x0800	/* (E) */
#define TS_F_SPI_END		0x0400	/* (F) */
#define TS_F_FL_START		0x0200	/* (G) IPv6 only: flow label */
#define TS_F_FL_END		0x0100	/* (H) IPv6 only */
#define TS_F_SPORT_START	0x0080
#define TS_F_SPORT_END		0x0040
#define TS_F_DPORT_START	0x0020
#define TS_F_DPORT_END		0x0010
#define TS_F_DS_START		0x0008	/* IPv4 DS, IPv6 traffic class */
#define TS_F_DS_END		0x0004
#define TS_F_PROTO_START	0x0002	/* IPv4 protocol, IPv6 next header */
#define TS_F_PROTO_END		0x0001

/* Every "end" flag is its "start" flag shifted right by one. */
#define TS_F_ENDS	(TS_F_SRC_END | TS_F_DST_END | TS_F_SPI_END |	\
			 TS_F_FL_END | TS_F_SPORT_END | TS_F_DPORT_END |	\
			 TS_F_DS_END | TS_F_PROTO_END)

/* Longest selector after TS Format and Reserved: IPv6 with every field */
#define TS_MAX_LEN	(4 + 4 * 16 + 2 * 4 + 2 * 4 + 4 * 2 + 4 * 1)

/*
 * One decoded selector. [0] is the start of a range, [1] its end; an
 * address is 16 octets for IPv6 and the first 4 for IPv4. Values are as
 * on the wire (host order); their meaning (a start above its end, DS
 * low bits, a flow label above 20 bits) is for the user to judge.
 */
struct ts_sel {
	uint8_t format;			/* enum ts_format */
	uint16_t fields;		/* TS_F_* present */
	uint8_t src[2][16];
	uint8_t dst[2][16];
	uint32_t spi[2];
	uint32_t flow_label[2];
	uint16_t sport[2];
	uint16_t dport[2];
	uint8_t ds[2];
	uint8_t proto[2];
};

enum ts_err {
	TS_OK = 0,
	TS_ERR_FORMAT,		/* TS Format neither 1 nor 2 */
	TS_ERR_LEN,		/* length disagrees with the flags */
	TS_ERR_RANGE,		/* an end field without its start */
	TS_ERR_FIELD,		/* build: a field the format lacks */
};

/*
 * Wire length of a selector of format with these fields: the flags word
 * and the fields present. 0 for an unknown format.
 */
size_t ts_len(uint8_t format, uint16_t fields);

/*
 * Decode the selector that follows TS Format and Reserved: len octets
 * from p (the flags word and the fields). Fills *ts (zeroed first).
 * Reserved flag bits are ignored (RFC 6088 3.1: "ignored by the
 * receiver"). Returns TS_OK or an enum ts_err.
 */
int ts_parse(const uint8_t *p, size_t len, uint8_t format, struct ts_sel *ts);

/* TS_OK if ts_build() can encode *ts (a known format, its fields only,
 * no end without its start), else the enum ts_err. */
int ts_check(const struct ts_sel *ts);

/*
 * Encode *ts (flags word and fields) into out, at most cap octets.
 * Returns the length (ts_len()) or the negated enum ts_err; -TS_ERR_LEN
 * when cap is too small (nothing is written past cap).
 */
int ts_build(const struct ts_sel *ts, uint8_t *out, size_t cap);

/*
 * The alignment a sub-option carrying the selector needs (RFC 6088 3.1,
 * 3.2): 8 for an IPv6 one with an address, 4 with an IPv4 address, an
 * SPI or a flow label, 2 with a port, else 1.
 */
unsigned int ts_align(const struct ts_sel *ts);

/* The same selector: format, fields and the value of each field present
 * (what is not present is not compared). */
bool ts_equal(const struct ts_sel *a, const struct ts_sel *b);

/* Swap @ts's source and destination addresses and ports. */
void ts_mirror(struct ts_sel *ts);

#endif /* IPMOB_TS_H */
