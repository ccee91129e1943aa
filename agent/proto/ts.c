// SPDX-License-Identifier: GPL-2.0
/*
 * ts.c - binary traffic selectors, RFC 6088 (see ts.h).
 *
 * The flags word: IPv6 (3.2) has flags A-P in its 16 high-order bits,
 * which are struct ts_sel.fields as they are; IPv4 (3.1) has A-N in its
 * 14 high-order bits, with no flow label: A-F are the same fields, G-N
 * are the IPv6 selector's I-P.
 */
#include <string.h>

#include "ts.h"

#define TS_V4_FIELDS	(0xffffu & ~(TS_F_FL_START | TS_F_FL_END))

static uint32_t get32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	       (uint32_t)p[2] << 8 | p[3];
}

static uint16_t get16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

static void set32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
}

static void set16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

/* The fields of a flags word as received (reserved bits dropped). */
static uint16_t fields_of(uint8_t format, uint32_t flags)
{
	uint32_t w;

	if (format == TS_FMT_IPV6)
		return (uint16_t)(flags >> 16);
	w = flags >> 18;			/* A-N, 14 bits */
	return (uint16_t)(((w >> 8) & 0x3f) << 10 | (w & 0xff));
}

static uint32_t flags_of(uint8_t format, uint16_t fields)
{
	uint32_t w;

	if (format == TS_FMT_IPV6)
		return (uint32_t)fields << 16;
	w = (uint32_t)((fields >> 10) & 0x3f) << 8 | (fields & 0xff);
	return w << 18;
}

/* Size of each field, by TS_F_* bit (15 = TS_F_SRC_START ... 0) */
static size_t field_size(uint8_t format, unsigned int bit)
{
	if (bit >= 12)				/* addresses */
		return format == TS_FMT_IPV6 ? 16 : 4;
	if (bit >= 8)				/* SPI, flow label */
		return 4;
	if (bit >= 4)				/* ports */
		return 2;
	return 1;				/* DS / TC, protocol / NH */
}

size_t ts_len(uint8_t format, uint16_t fields)
{
	size_t len = 4;
	unsigned int bit;

	if (format != TS_FMT_IPV4 && format != TS_FMT_IPV6)
		return 0;
	for (bit = 0; bit < 16; bit++)
		if (fields & (1u << bit))
			len += field_size(format, bit);
	return len;
}

/* Where field bit of *ts lives, and how many octets it has. */
static uint8_t *field_ptr(struct ts_sel *ts, unsigned int bit)
{
	unsigned int end = !(bit & 1);	/* odd bits start, even bits end */

	switch (bit >> 1) {
	case 7:
		return ts->src[end];
	case 6:
		return ts->dst[end];
	default:
		return NULL;		/* integers: see below */
	}
}

static int check_ranges(uint16_t fields)
{
	/* an end flag (even bit) needs its start (the bit above it) */
	if ((fields & TS_F_ENDS) & ~(fields >> 1))
		return TS_ERR_RANGE;
	return TS_OK;
}

int ts_parse(const uint8_t *p, size_t len, uint8_t format, struct ts_sel *ts)
{
	unsigned int bit;
	size_t off = 4;

	memset(ts, 0, sizeof(*ts));
	if (format != TS_FMT_IPV4 && format != TS_FMT_IPV6)
		return TS_ERR_FORMAT;
	if (len < 4)
		return TS_ERR_LEN;
	ts->format = format;
	ts->fields = fields_of(format, get32(p));
	if (ts_len(format, ts->fields) != len)
		return TS_ERR_LEN;
	for (bit = 16; bit-- > 0;) {
		unsigned int end = !(bit & 1);
		size_t n = field_size(format, bit);
		uint8_t *f = field_ptr(ts, bit);

		if (!(ts->fields & (1u << bit)))
			continue;
		if (f)
			memcpy(f, p + off, n);
		else if (bit >= 10)
			ts->spi[end] = get32(p + off);
		else if (bit >= 8)
			ts->flow_label[end] = get32(p + off);
		else if (bit >= 6)
			ts->sport[end] = get16(p + off);
		else if (bit >= 4)
			ts->dport[end] = get16(p + off);
		else if (bit >= 2)
			ts->ds[end] = p[off];
		else
			ts->proto[end] = p[off];
		off += n;
	}
	return check_ranges(ts->fields);
}

int ts_check(const struct ts_sel *ts)
{
	if (ts->format != TS_FMT_IPV4 && ts->format != TS_FMT_IPV6)
		return TS_ERR_FORMAT;
	if (ts->format == TS_FMT_IPV4 && (ts->fields & ~TS_V4_FIELDS))
		return TS_ERR_FIELD;
	return check_ranges(ts->fields);
}

int ts_build(const struct ts_sel *ts, uint8_t *out, size_t cap)
{
	struct ts_sel c = *ts;	/* field_ptr() wants a writable one */
	size_t len = ts_len(ts->format, ts->fields), off = 4;
	unsigned int bit;
	int err;

	err = ts_check(ts);
	if (err)
		return -err;
	if (len > cap)
		return -TS_ERR_LEN;
	set32(out, flags_of(ts->format, ts->fields));
	for (bit = 16; bit-- > 0;) {
		unsigned int end = !(bit & 1);
		size_t n = field_size(ts->format, bit);
		const uint8_t *f = field_ptr(&c, bit);

		if (!(ts->fields & (1u << bit)))
			continue;
		if (f)
			memcpy(out + off, f, n);
		else if (bit >= 10)
			set32(out + off, ts->spi[end]);
		else if (bit >= 8)
			set32(out + off, ts->flow_label[end]);
		else if (bit >= 6)
			set16(out + off, ts->sport[end]);
		else if (bit >= 4)
			set16(out + off, ts->dport[end]);
		else if (bit >= 2)
			out[off] = ts->ds[end];
		else
			out[off] = ts->proto[end];
		off += n;
	}
	return (int)len;
}

unsigned int ts_align(const struct ts_sel *ts)
{
	if (ts->fields & 0xf000)
		return ts->format == TS_FMT_IPV6 ? 8 : 4;
	if (ts->fields & 0x0f00)
		return 4;
	if (ts->fields & 0x00f0)
		return 2;
	return 1;
}

bool ts_equal(const struct ts_sel *a, const struct ts_sel *b)
{
	unsigned int bit;
	size_t n;

	if (a->format != b->format || a->fields != b->fields)
		return false;
	for (bit = 16; bit-- > 0;) {
		unsigned int end = !(bit & 1);

		if (!(a->fields & (1u << bit)))
			continue;
		n = field_size(a->format, bit);
		if (bit >= 14 ? memcmp(a->src[end], b->src[end], n) :
		    bit >= 12 ? memcmp(a->dst[end], b->dst[end], n) :
		    bit >= 10 ? a->spi[end] != b->spi[end] :
		    bit >= 8 ? a->flow_label[end] != b->flow_label[end] :
		    bit >= 6 ? a->sport[end] != b->sport[end] :
		    bit >= 4 ? a->dport[end] != b->dport[end] :
		    bit >= 2 ? a->ds[end] != b->ds[end] :
		    a->proto[end] != b->proto[end])
			return false;
	}
	return true;
}

/*
 * Swap two flag pairs of @fields; in both the IPv4 and IPv6 orders a
 * source flag is its destination flag shifted left by two.
 */
static uint16_t swap_flags(uint16_t fields, uint16_t src)
{
	uint16_t dst = src >> 2;

	return (fields & ~(src | dst)) | (fields & src) >> 2 |
	       (fields & dst) << 2;
}

void ts_mirror(struct ts_sel *ts)
{
	uint8_t a[2][16];
	uint16_t p[2];

	memcpy(a, ts->src, sizeof(a));
	memcpy(ts->src, ts->dst, sizeof(a));
	memcpy(ts->dst, a, sizeof(a));
	memcpy(p, ts->sport, sizeof(p));
	memcpy(ts->sport, ts->dport, sizeof(p));
	memcpy(ts->dport, p, sizeof(p));
	ts->fields = swap_flags(ts->fields, TS_F_SRC_START | TS_F_SRC_END);
	ts->fields = swap_flags(ts->fields, TS_F_SPORT_START | TS_F_SPORT_END);
}
