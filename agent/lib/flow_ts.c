// SPDX-License-Identifier: GPL-2.0
/*
 * flow_ts.c - traffic selectors <-> flow rule matches. See flow_ts.h.
 */
#include <string.h>

#include "flow_ts.h"

/* [start, end] of a 16-bit field pair into a rule's start/end */
#define TS_RANGE(ts, flag, field, f, attr, fstart, fend) do {		\
	if ((ts)->fields & (flag)) {					\
		(f)->fstart = (ts)->field[0];				\
		FA_SET(f, attr);					\
		if (((ts)->fields & ((flag) >> 1)) &&			\
		    (ts)->field[1] != (ts)->field[0]) {			\
			(f)->fend = (ts)->field[1];			\
			FA_SET(f, attr##_END);				\
		}							\
	}								\
} while (0)

bool ts_to_flow(const struct ts_sel *ts, struct ipmob_flow *f)
{
	bool v4 = ts->format == TS_FMT_IPV4;

	if (ts->format != TS_FMT_IPV4 && ts->format != TS_FMT_IPV6)
		return false;
	if ((ts->fields & TS_F_PROTO_END) && ts->proto[1] != ts->proto[0])
		return false;
	if (v4 && (ts->fields & (TS_F_FL_START | TS_F_FL_END)))
		return false;
	if (ts->fields & TS_F_SRC_START) {
		if (v4) {
			memcpy(&f->src4, ts->src[0], 4);
			f->src4_end = f->src4;
			FA_SET(f, IPMOB_FA_SRC4);
		} else {
			memcpy(&f->src, ts->src[0], 16);
			f->src_end = f->src;
			FA_SET(f, IPMOB_FA_SRC);
		}
		if (ts->fields & TS_F_SRC_END) {
			if (v4) {
				memcpy(&f->src4_end, ts->src[1], 4);
				FA_SET(f, IPMOB_FA_SRC4_END);
			} else {
				memcpy(&f->src_end, ts->src[1], 16);
				FA_SET(f, IPMOB_FA_SRC_END);
			}
		}
	}
	if (ts->fields & TS_F_DST_START) {
		if (v4) {
			memcpy(&f->dst4, ts->dst[0], 4);
			f->dst4_end = f->dst4;
			FA_SET(f, IPMOB_FA_DST4);
		} else {
			memcpy(&f->dst, ts->dst[0], 16);
			f->dst_end = f->dst;
			FA_SET(f, IPMOB_FA_DST);
		}
		if (ts->fields & TS_F_DST_END) {
			if (v4) {
				memcpy(&f->dst4_end, ts->dst[1], 4);
				FA_SET(f, IPMOB_FA_DST4_END);
			} else {
				memcpy(&f->dst_end, ts->dst[1], 16);
				FA_SET(f, IPMOB_FA_DST_END);
			}
		}
	}
	TS_RANGE(ts, TS_F_SPI_START, spi, f, IPMOB_FA_SPI, spi, spi_end);
	TS_RANGE(ts, TS_F_FL_START, flow_label, f, IPMOB_FA_FLOW_LABEL,
		 flow_label, flow_label_end);
	TS_RANGE(ts, TS_F_SPORT_START, sport, f, IPMOB_FA_SPORT, sport,
		 sport_end);
	TS_RANGE(ts, TS_F_DPORT_START, dport, f, IPMOB_FA_DPORT, dport,
		 dport_end);
	if (ts->fields & TS_F_DS_START) {
		/* RFC 6088 3.1, 3.2: the 6 upper bits; ECN bits ignored */
		f->dscp = ts->ds[0] >> 2;
		FA_SET(f, IPMOB_FA_DSCP);
		if ((ts->fields & TS_F_DS_END) && ts->ds[1] >> 2 != f->dscp) {
			f->dscp_end = ts->ds[1] >> 2;
			FA_SET(f, IPMOB_FA_DSCP_END);
		}
	}
	if (ts->fields & TS_F_PROTO_START) {
		f->proto = ts->proto[0];
		FA_SET(f, IPMOB_FA_PROTO);
	}
	if (f->flow_label > 0xfffff || f->flow_label_end > 0xfffff)
		return false;
	return true;
}

/* a rule's start/end pair into a selector's (end only when a range) */
#define FLOW_RANGE(f, attr, fstart, fend, ts, flag, field) do {	\
	if (FA_HAS(f, attr)) {						\
		(ts)->field[0] = (f)->fstart;				\
		(ts)->fields |= (flag);					\
		if (FA_HAS(f, attr##_END)) {				\
			(ts)->field[1] = (f)->fend;			\
			(ts)->fields |= (flag) >> 1;			\
		}							\
	}								\
} while (0)

bool flow_to_ts(const struct ipmob_flow *f, struct ts_sel *ts)
{
	bool v4 = FA_HAS(f, IPMOB_FA_SRC4) || FA_HAS(f, IPMOB_FA_DST4);
	bool v6 = FA_HAS(f, IPMOB_FA_SRC) || FA_HAS(f, IPMOB_FA_DST) ||
		  FA_HAS(f, IPMOB_FA_FLOW_LABEL);

	if (v4 && v6)
		return false;
	memset(ts, 0, sizeof(*ts));
	ts->format = v4 ? TS_FMT_IPV4 : TS_FMT_IPV6;
	if (v4) {
		if (FA_HAS(f, IPMOB_FA_SRC4)) {
			memcpy(ts->src[0], &f->src4, 4);
			ts->fields |= TS_F_SRC_START;
			if (FA_HAS(f, IPMOB_FA_SRC4_END)) {
				memcpy(ts->src[1], &f->src4_end, 4);
				ts->fields |= TS_F_SRC_END;
			}
		}
		if (FA_HAS(f, IPMOB_FA_DST4)) {
			memcpy(ts->dst[0], &f->dst4, 4);
			ts->fields |= TS_F_DST_START;
			if (FA_HAS(f, IPMOB_FA_DST4_END)) {
				memcpy(ts->dst[1], &f->dst4_end, 4);
				ts->fields |= TS_F_DST_END;
			}
		}
	} else {
		if (FA_HAS(f, IPMOB_FA_SRC)) {
			memcpy(ts->src[0], &f->src, 16);
			ts->fields |= TS_F_SRC_START;
			if (FA_HAS(f, IPMOB_FA_SRC_END)) {
				memcpy(ts->src[1], &f->src_end, 16);
				ts->fields |= TS_F_SRC_END;
			}
		}
		if (FA_HAS(f, IPMOB_FA_DST)) {
			memcpy(ts->dst[0], &f->dst, 16);
			ts->fields |= TS_F_DST_START;
			if (FA_HAS(f, IPMOB_FA_DST_END)) {
				memcpy(ts->dst[1], &f->dst_end, 16);
				ts->fields |= TS_F_DST_END;
			}
		}
		FLOW_RANGE(f, IPMOB_FA_FLOW_LABEL, flow_label, flow_label_end,
			   ts, TS_F_FL_START, flow_label);
	}
	FLOW_RANGE(f, IPMOB_FA_SPI, spi, spi_end, ts, TS_F_SPI_START, spi);
	FLOW_RANGE(f, IPMOB_FA_SPORT, sport, sport_end, ts, TS_F_SPORT_START,
		   sport);
	FLOW_RANGE(f, IPMOB_FA_DPORT, dport, dport_end, ts, TS_F_DPORT_START,
		   dport);
	if (FA_HAS(f, IPMOB_FA_DSCP)) {
		ts->ds[0] = f->dscp << 2;
		ts->ds[1] = (FA_HAS(f, IPMOB_FA_DSCP_END) ? f->dscp_end :
			     f->dscp) << 2 | 3;
		ts->fields |= TS_F_DS_START | TS_F_DS_END;
	}
	if (FA_HAS(f, IPMOB_FA_PROTO)) {
		ts->proto[0] = f->proto;
		ts->fields |= TS_F_PROTO_START;
	}
	return true;
}
