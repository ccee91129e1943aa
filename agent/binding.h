/* SPDX-License-Identifier: GPL-2.0 */
/*
 * binding.h - a binding as carried in an IPMOB_A_BINDING nest, with
 * the pure conversions nest -> struct, struct -> nest and struct ->
 * text shared by the CLI and the daemon.
 */
#ifndef IPMOB_BINDING_H
#define IPMOB_BINDING_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <netinet/in.h>
#include <linux/ipmob.h>

struct nlattr;
struct nlmsghdr;

struct ipmob_coa {
	struct in6_addr addr;
	uint16_t bid;
	uint8_t prio;
	bool has_addr, has_bid, has_prio;
};

struct ipmob_binding {
	uint32_t present;		/* bit (1 << IPMOB_BA_x) per attribute */
	struct in6_addr hoa;
	struct in6_addr peer;
	struct in6_addr local;
	uint8_t mode;
	uint32_t lifetime;
	uint32_t remaining;
	uint32_t ifindex;
	uint32_t flags;
	uint16_t seq;			/* IPMOB_BA_SEQ */
	uint8_t prefix_len;		/* IPMOB_BA_PREFIX_LEN, 1..128 */
	uint64_t tx_packets;
	uint64_t rx_packets;
	unsigned int ncoa;
	bool coa_truncated;		/* kernel sent more than IPMOB_MAX_COA */
	struct ipmob_coa coa[IPMOB_MAX_COA];
};

#define BA_BIT(attr)		(1u << (attr))
#define BA_HAS(b, attr)		(((b)->present & BA_BIT(attr)) != 0)
#define BA_SET(b, attr)		((b)->present |= BA_BIT(attr))

/*
 * Parse an IPMOB_A_BINDING nest. Unknown attributes are skipped
 * (newer kernel); attributes of a wrong size make it fail.
 * Returns 0 or -1.
 */
int binding_from_nest(const struct nlattr *nest, struct ipmob_binding *b);

/*
 * Append b as a nest of type attr_type to nlh, without letting the
 * message grow past buflen bytes. Only the attributes marked present
 * are written (IPMOB_BA_COA: one nest per record; the read-only
 * attributes are never written). Returns false, with nlh unchanged,
 * if the nest does not fit.
 */
bool binding_to_nest(struct nlmsghdr *nlh, size_t buflen, uint16_t attr_type,
		     const struct ipmob_binding *b);

/*
 * One line of text, the "ipmob binding show" format:
 * "hoa A coa C [bid N] [prio N]... mode M [peer P] [local L]
 *  lifetime S|forever [remaining Ns] dev D [flags F] tx N rx N"
 * (absent attributes are omitted). dev is the device name to print
 * (NULL: none). Returns the length that the full line needs, like
 * snprintf; the text is always terminated.
 */
size_t binding_format(char *buf, size_t len, const struct ipmob_binding *b,
		      const char *dev);

/*
 * Identity of a binding in the kernel's table (per network namespace):
 * the home address and the kind of entry - binding cache (no peer),
 * the mobile node's home registration (peer, tunnel mode: one per home
 * address) or its route optimisation with a correspondent (peer, RO
 * mode: one per peer).
 */
enum binding_kind {
	BINDING_KIND_CACHE,
	BINDING_KIND_MN_HOME,
	BINDING_KIND_MN_RO,
};

enum binding_kind binding_kind(const struct ipmob_binding *b);
bool binding_same_key(const struct ipmob_binding *a,
		      const struct ipmob_binding *b);

#endif /* IPMOB_BINDING_H */
