/* SPDX-License-Identifier: GPL-2.0 */
/*
 * flowb.h - flow bindings (RFC 6089) at both ends: the list of flow
 * binding entries a home agent keeps per mobile node and what a Binding
 * Update's Flow Identification and Flow Summary options make of it
 * (5.3), the kernel flow rules an entry list becomes for a set of
 * registered BIDs (4.3, 5.3.6), and the conversions between RFC 6088
 * binary traffic selectors and the kernel's rule fields. Pure functions,
 * no I/O.
 */
#ifndef IPMOB_FLOWB_H
#define IPMOB_FLOWB_H

#include <stdbool.h>
#include <stdint.h>

#include "mh.h"
#include "ts.h"
#include "mcoa.h"
#include "flow.h"
#include "flow_ts.h"

/*
 * Flow binding entries one mobile node may hold at a home agent. The
 * kernel orders a session's rules by an 8-bit priority; the entries'
 * 16-bit FID-PRIs become their ranks, so at most 256.
 */
#define FB_MAX		64

/**
 * struct fb_entry - one flow binding entry (RFC 6089 4.3)
 * @fid: Flow Identifier, 1..65535
 * @pri: FID-PRI, lower first, unique per mobile node, not 0
 * @n_bref: BIDs of its Binding Reference, 1..MH_MAX_BID
 * @bref: the BIDs (a copy of the packet to each valid one)
 * @ts: the traffic selector (RFC 6088 format 1 or 2)
 */
struct fb_entry {
	uint16_t fid;
	uint16_t pri;
	uint8_t n_bref;
	uint16_t bref[MH_MAX_BID];
	struct ts_sel ts;
};

/**
 * struct fb_list - a mobile node's flow binding entries
 * @n: how many
 * @e: the entries, in ascending FID-PRI order
 */
struct fb_list {
	uint16_t n;
	struct fb_entry e[FB_MAX];
};

/**
 * fb_apply - RFC 6089 5.3.2 - 5.3.4 at a home agent
 * @cur: the entries before (NULL: none)
 * @bu: the accepted Binding Update
 * @set: the mobile node's bindings after the BU's BID options (5.3.1:
 *       they are processed first)
 * @max: the most entries the home agent keeps for it (<= FB_MAX)
 * @next: the entries after
 * @ba: the Binding Acknowledgement: a copy of each of @bu's Flow
 *      Identification options (FID, FID-PRI, Binding Reference; not the
 *      traffic selector) with its status, then one with status 132 for
 *      each FID of a Flow Summary that is not an entry, as far as
 *      MH_MAX_FID reach; n_fid and the option bit are set
 *
 * A FID that is not an entry is added when its option has a traffic
 * selector (else 130) of a format the kernel rules can express (else
 * 133) and a Binding Reference (else 130) whose BIDs are all bound (else
 * 131); a known FID takes the option's FID-PRI and, where given, its
 * selector and Binding Reference. Every FID option is refused (130) when
 * two of them name the same FID (5.3.2); one with FID 0 or FID-PRI 0, or
 * an FID-PRI another entry keeps, is 130; one that would exceed @max is
 * 128. A refused option leaves its FID's entry as it was. A FID in a
 * Flow Summary that is an entry is kept (5.3.3); every entry that no
 * option names goes (5.3.4).
 */
void fb_apply(const struct fb_list *cur, const struct mh_msg *bu,
	      const struct mcoa_set *set, unsigned int max,
	      struct fb_list *next, struct mh_msg *ba);

/* The entry of @fid in @l, or NULL. */
const struct fb_entry *fb_find(const struct fb_list *l, uint16_t fid);

/**
 * fb_rules - the kernel flow rules of a flow binding list
 * @l: the entries
 * @set: the bindings (BIDs) the session has now
 * @mirror: swap sources and destinations, source and destination ports
 *          (a mobile node's own rules for the packets it sends, from
 *          entries that describe the packets sent to it)
 * @out: room for @l->n rules
 *
 * An entry none of whose BIDs is bound is inactive and left out (4.3);
 * an active one keeps its bound BIDs only (5.3.6). Each rule's priority
 * is the entry's rank, its FID the entry's.
 *
 * Return: the number of rules in @out.
 */
unsigned int fb_rules(const struct fb_list *l, const struct mcoa_set *set,
		      bool mirror, struct ipmob_flow *out);

#endif
