/* SPDX-License-Identifier: GPL-2.0 */
/*
 * dsmip.h - Dual-Stack Mobile IPv6 (RFC 5555) signalling over IPv4: the
 * IPv6 packet carrying a Mobility Header that a mobile node on an
 * IPv4-only link sends in UDP to its home agent, and the home agent's
 * answer (4.1, 4.2, 4.4.2):
 *
 *	IPv4 (src = V4ADDR, dst = HA_V4ADDR) | UDP (dst port 4191) |
 *	IPv6 (src = V6HOA, dst = HAADDR) | Mobility Header (BU, V4COA ...)
 *
 * and back (IPv6 src = HAADDR, dst = V6HOA | BA, NATD ...). The kernel
 * hands such UDP payloads to the daemon; this codec reads and writes
 * the UDP payload (the IPv6 header and the Mobility Header after it);
 * the Mobility Header itself is mh.c's. Also the two decisions of 4.2
 * and 4.3: whether a NAT was in the path, and how often to refresh it.
 *
 * Pure functions: no I/O, no allocation, no global state.
 */
#ifndef IPMOB_DSMIP_H
#define IPMOB_DSMIP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <netinet/in.h>

#include "mh.h"

/* RFC 5555 2.3.2.2: "The UDP port allocated for the home agent is 4191
 * (dsmipv6)"; 4.1: the format MUST always be used to send the BU. */
#define DSMIP_PORT		4191
/* RFC 5555 6: NATKATIMEOUT, the default NAT keepalive interval (4.3) */
#define DSMIP_NATKATIMEOUT_S	110

#define DSMIP_IP6_HDR_LEN	40	/* RFC 8200 3 */
#define DSMIP_MH_MIN_LEN	8	/* RFC 6275 6.1.1: Header Len 0 */
/* The longest UDP payload dsmip_parse() accepts: an MH is at most
 * (255 + 1) * 8 octets (6.1.1), which is MH_MAX_LEN. A receive buffer
 * one octet longer tells an oversized datagram from a fitting one. */
#define DSMIP_MAX_LEN		(DSMIP_IP6_HDR_LEN + MH_MAX_LEN)

/*
 * A UDP payload that is an IPv6 packet carrying a Mobility Header (RFC
 * 5555 4.1). mh points into the buffer parsed; its checksum is not
 * verified here (mh_parse(p.mh, p.mh_len, &p.src, &p.dst, ...) does).
 * Traffic Class and Flow Label are neither checked nor kept
 * (dsmip_build() writes them as zero).
 */
struct dsmip_pkt {
	struct in6_addr src, dst;
	uint8_t hop_limit;
	const uint8_t *mh;
	size_t mh_len;
};

/* Why a payload was refused (returned negated). */
enum dsmip_err {
	DSMIP_OK = 0,
	DSMIP_ERR_TRUNC,	/* shorter than an IPv6 header (or an MH's
				 * 8 octets) */
	DSMIP_ERR_VERSION,	/* IP version is not 6 */
	DSMIP_ERR_LEN,		/* Payload Length is not the rest of the
				 * datagram (truncated, or trailing octets) */
	DSMIP_ERR_NEXTHDR,	/* Next Header is not 135: an extension
				 * header (ESP too) or another protocol */
	DSMIP_ERR_MHLEN,	/* MH Header Len disagrees with the length */
	DSMIP_ERR_ADDR,		/* multicast, unspecified or loopback
				 * source; multicast or unspecified
				 * destination */
	DSMIP_ERR_NOSPACE,	/* build: buffer too small */
	DSMIP_ERR_MAX,
};

/* A short lowercase text for an enum dsmip_err, negated or not
 * ("length mismatch"). Never NULL. */
const char *dsmip_strerror(int err);

/*
 * Parse the UDP payload buf (len octets): an IPv6 header, version 6,
 * Payload Length exactly len - 40, Next Header 135 with no extension
 * header, then one Mobility Header whose Header Len covers the rest
 * ((Header Len + 1) * 8 == len - 40, so at least 8 octets). Fills *p
 * and returns 0, or returns -DSMIP_ERR_* (*p is then unspecified).
 */
int dsmip_parse(const uint8_t *buf, size_t len, struct dsmip_pkt *p);

/*
 * Write into buf (cap octets) an IPv6 header (Traffic Class 0, Flow
 * Label 0, Payload Length mh_len, Next Header 135, hop_limit, src, dst)
 * and the Mobility Header mh (mh_len octets, already built and
 * checksummed with src and dst: mh_build(), mh_finish()). mh may be
 * buf + 40 (the message built in place). Returns 40 + mh_len, or
 * -DSMIP_ERR_NOSPACE if that exceeds cap or mh_len exceeds what Payload
 * Length holds; nothing is written then.
 */
int dsmip_build(uint8_t *buf, size_t cap, const struct in6_addr *src,
		const struct in6_addr *dst, uint8_t hop_limit,
		const uint8_t *mh, size_t mh_len);

/*
 * RFC 5555 4.2: the home agent compares the source of the IPv4 header
 * that carried the BU (outer_src) with the IPv4 Care-of Address option
 * (v4coa, as on the wire): a NAT was in the path when they differ.
 */
bool dsmip_nat_detected(const struct in_addr *outer_src,
			const uint8_t v4coa[4]);

/*
 * RFC 5555 4.3, 3.2.2: seconds between the mobile node's NAT keepalives
 * (BU refreshes), 0 for none. have_natd: the BA carried a NAT Detection
 * option, refresh_time its Refresh time. Refresh time 0 is ignored
 * (fallback_s, normally DSMIP_NATKATIMEOUT_S), all ones means none are
 * needed (0), any other value is the home agent's suggestion, which the
 * mobile node SHOULD use. Without the option: fallback_s.
 */
uint32_t dsmip_keepalive_s(bool have_natd, uint32_t refresh_time,
			   uint32_t fallback_s);

#endif /* IPMOB_DSMIP_H */
