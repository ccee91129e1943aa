/* SPDX-License-Identifier: GPL-2.0 */
/*
 * dna.h - Simple Detection of Network Attachment (RFC 6059) for the
 * mobile node: the Simple DNA Address Table (SDAT, 4) of the routers
 * seen on each interface with the prefixes they advertise, and per
 * interface the state of the detection that a link-up starts (5.4):
 * which prefixes are confirmed on the link since then, by a unicast
 * Neighbor Advertisement of a known router (5.7.1) or by a Router
 * Advertisement (5.7.2).
 *
 * The kernel keeps the addresses and routes across a carrier loss; this
 * table decides whether the mobile node may use them again as care-of
 * (or home) addresses: after a link-up, an address on a link with known
 * routers is usable only when its prefix has been confirmed there.
 *
 * Bounded (DNA_MAX_ROUTERS entries in all; the least recently seen goes
 * first), no I/O, no allocation: unit-tested.
 */
#ifndef IPMOB_DNA_H
#define IPMOB_DNA_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <netinet/in.h>

#include "nd.h"

#define DNA_MAX_ROUTERS		32	/* SDAT entries, all interfaces */
#define DNA_MAX_PREFIX		ND_MAX_PREFIX	/* kept per router */
#define DNA_MAX_PROBES		6	/* 5.5.3: at most six routers probed */
#define DNA_MAX_LINKS		32	/* interfaces in detection at once */
#define DNA_DAMP_MS		1000	/* 5.11: not more than once a second */
#define DNA_LLA_LEN		6	/* Ethernet-style link-layer addresses */
#define DNA_NA_WAIT_MS		200	/* a probe unanswered this long while
					 * an RA came: the router is not there */

/**
 * struct dna_router - one SDAT entry: a router (its link-local and
 * link-layer address, 5.5.2) on an interface and the prefixes it
 * advertised for address autoconfiguration
 * @ifindex: interface; @ll: the router's link-local address
 * @lla: its link-layer address (from the RA's SLLA option; @has_lla)
 * @n_prefix: prefixes in @prefix (/@plen each)
 * @seen_ms: when its last RA came (eviction order)
 * @probed_ms: when the running detection probed it (0: not probed)
 * @answered: it answered that probe, or sent an RA, since the link-up
 * @gone: reported absent by dna_absent() in this detection
 */
struct dna_router {
	int ifindex;
	struct in6_addr ll;
	bool has_lla;
	uint8_t lla[DNA_LLA_LEN];
	unsigned int n_prefix;
	struct in6_addr prefix[DNA_MAX_PREFIX];
	uint8_t plen[DNA_MAX_PREFIX];
	uint64_t seen_ms;
	uint64_t probed_ms;
	bool answered;
	bool gone;
};

/**
 * struct dna_link - an interface whose detection runs (since its
 * link-up): addresses on it are usable only in a confirmed prefix
 * @ifindex: interface (0: free slot)
 * @up_ms: when the detection started
 * @n_ok: confirmed prefixes in @ok (/@ok_plen)
 * @by_ra: an RA (not only a Neighbor Advertisement) confirmed some
 */
struct dna_link {
	int ifindex;
	uint64_t up_ms;
	unsigned int n_ok;
	struct in6_addr ok[DNA_MAX_PREFIX];
	uint8_t ok_plen[DNA_MAX_PREFIX];
	bool by_ra;
};

/**
 * struct dna - the SDAT and the detections in progress
 * @r: SDAT entries (@n_r used)
 * @l: interfaces in detection
 * @last_ms: per @l slot, when it last probed (5.11 damping); kept when
 *	     the slot's detection ends, matched by @last_if
 */
struct dna {
	unsigned int n_r;
	struct dna_router r[DNA_MAX_ROUTERS];
	struct dna_link l[DNA_MAX_LINKS];
	int last_if[DNA_MAX_LINKS];
	uint64_t last_ms[DNA_MAX_LINKS];
};

/** struct dna_probe - a unicast Neighbor Solicitation to send (5.6.1) */
struct dna_probe {
	struct in6_addr ll;		/* destination and target */
	uint8_t lla[DNA_LLA_LEN];	/* link-layer destination */
};

void dna_init(struct dna *t);

/*
 * A Router Advertisement from src (a link-local address) on ifindex,
 * with the link-layer address lla (NULL if it had no SLLA option) and
 * its prefixes: the entry of this router is created or updated (its
 * autoconfiguration prefixes replace the ones kept; 5.1, 5.10) and, if
 * the interface is in detection, those prefixes are confirmed there
 * (5.7.2: the RA is definitive). A router lifetime of 0 removes the
 * entry. Returns true if the set of usable addresses may have changed.
 */
bool dna_ra(struct dna *t, int ifindex, const struct in6_addr *src,
	    const uint8_t *lla, size_t lla_len, uint16_t router_lifetime,
	    const struct nd_prefix *p, unsigned int n_prefix, uint64_t now);

/*
 * A link-up on ifindex (5.4): starts the detection there when the SDAT
 * knows routers on it (without, there is nothing to confirm and the
 * interface stays as the kernel has it). Fills probes with the routers
 * to probe (at most DNA_MAX_PROBES, the most recently seen first, only
 * those with a known link-layer address) unless the interface probed
 * less than DNA_DAMP_MS ago. Returns the number of probes.
 */
unsigned int dna_link_up(struct dna *t, int ifindex, uint64_t now,
			 struct dna_probe *probes);

/* The interface lost its carrier: its detection, if any, ends. */
void dna_link_down(struct dna *t, int ifindex);

/*
 * A Neighbor Advertisement on ifindex from src for target, with the
 * target link-layer address option tlla (NULL if absent: a router may
 * leave it out of an answer to a unicast solicitation, RFC 4861 7.2.4).
 * It confirms the prefixes of the SDAT entry (5.7.1) when it answers a
 * probe of this detection: src and target are the router's link-local
 * address and tlla, if present, is the one kept. Returns true if
 * something was confirmed.
 */
bool dna_na(struct dna *t, int ifindex, const struct in6_addr *src,
	    const struct in6_addr *target, const uint8_t *tlla,
	    size_t tlla_len);

/*
 * May the mobile node use addr on ifindex? Yes unless a detection runs
 * there and addr's prefix is not (yet) confirmed.
 */
bool dna_usable(const struct dna *t, int ifindex, const struct in6_addr *addr);

/* Is a detection running on ifindex? */
bool dna_detecting(const struct dna *t, int ifindex);

/*
 * The SDAT routers on ifindex that the running detection probed at
 * least DNA_NA_WAIT_MS before now and that have not answered, once an
 * RA has confirmed prefixes there: the host is on another link than the
 * one they are on (5.8). Fills ll (at most max) and returns how many;
 * each is reported once per detection.
 */
unsigned int dna_absent(struct dna *t, int ifindex, uint64_t now,
			struct in6_addr *ll, unsigned int max);

#endif
