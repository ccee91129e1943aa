/* SPDX-License-Identifier: GPL-2.0 */
/*
 * flow_ts.h - an RFC 6088 binary traffic selector (proto/ts.h) as the
 * data plane's flow rule match (lib/flow.h) and back: the flow bindings
 * of RFC 6089 install their selectors as a session's flow rules, and a
 * mobile node states its configured rules as selectors.
 *
 * Pure functions: no I/O, no allocation, no global state.
 */
#ifndef IPMOB_FLOW_TS_H
#define IPMOB_FLOW_TS_H

#include <stdbool.h>

#include "flow.h"
#include "ts.h"

/*
 * The kernel rule fields of a traffic selector (the FID, priority,
 * action and BIDs untouched). False when the kernel cannot express it:
 * a protocol range of more than one value, or an unknown format.
 */
bool ts_to_flow(const struct ts_sel *ts, struct ipmob_flow *f);

/*
 * The traffic selector of a rule's match fields: format 2 (IPv6), or 1
 * when it has IPv4 addresses. A DSCP range becomes the traffic class
 * range it covers (ECN bits any). False for a rule with addresses of
 * both families.
 */
bool flow_to_ts(const struct ipmob_flow *f, struct ts_sel *ts);

#endif /* IPMOB_FLOW_TS_H */
