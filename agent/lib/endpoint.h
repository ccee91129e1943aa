/* SPDX-License-Identifier: GPL-2.0 */
/*
 * endpoint.h - a tunnel endpoint as carried in an IPMOB_A_ENDPOINT nest
 * (IPMOB_CMD_ENDPOINT_GET dump), with the pure conversions nest ->
 * struct, struct -> nest, struct -> text and struct -> JSON fields.
 */
#ifndef IPMOB_ENDPOINT_H
#define IPMOB_ENDPOINT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <netinet/in.h>
#include <linux/ipmob.h>

struct json;
struct nlattr;
struct nlmsghdr;

/*
 * An endpoint is IPv6 (IPMOB_EA_REMOTE, optional IPMOB_EA_LOCAL) or IPv4
 * (IPMOB_EA_REMOTE4, optional IPMOB_EA_LOCAL4) on the outside. Without a
 * local address the route chooses the outer source.
 */
struct ipmob_endpoint {
	uint32_t present;		/* bit (1 << IPMOB_EA_x) per attribute */
	struct in6_addr local;		/* IPMOB_EA_LOCAL */
	struct in6_addr remote;		/* IPMOB_EA_REMOTE */
	struct in_addr local4;		/* IPMOB_EA_LOCAL4 */
	struct in_addr remote4;		/* IPMOB_EA_REMOTE4 */
	uint8_t encap;			/* IPMOB_EA_ENCAP, enum ipmob_encap */
	uint8_t cached;			/* IPMOB_EA_CACHED, IPMOB_EC_* bits */
	uint32_t users;			/* IPMOB_EA_USERS */
	uint32_t okey;			/* IPMOB_EA_GRE_OKEY */
};

#define EA_BIT(attr)		(1u << (attr))
#define EA_HAS(e, attr)		(((e)->present & EA_BIT(attr)) != 0)
#define EA_SET(e, attr)		((e)->present |= EA_BIT(attr))

_Static_assert(IPMOB_EA_MAX < 32, "struct ipmob_endpoint.present has 32 bits");

/*
 * Parse an IPMOB_A_ENDPOINT nest. Unknown attributes are skipped (newer
 * kernel). It fails (-1) on an attribute of a wrong size, and on a nest
 * that is no endpoint: without a remote address, with both an IPv6 and
 * an IPv4 remote (or local) address, or with a local address of the
 * other family than the remote one. IPMOB_EA_ENCAP, IPMOB_EA_USERS and
 * IPMOB_EA_CACHED may be absent. Returns 0 or -1.
 */
int endpoint_from_nest(const struct nlattr *nest, struct ipmob_endpoint *ep);

/*
 * Append ep as a nest of type attr_type to nlh, without letting the
 * message grow past buflen bytes; only the attributes marked present
 * are written. What the kernel sends; here for the tests and the fuzz
 * seeds. Returns false, with nlh unchanged, if it does not fit.
 */
bool endpoint_to_nest(struct nlmsghdr *nlh, size_t buflen,
		      uint16_t attr_type, const struct ipmob_endpoint *ep);

/* True if ep is IPv4 on the outside (IPMOB_EA_REMOTE4). */
static inline bool endpoint_is4(const struct ipmob_endpoint *ep)
{
	return EA_HAS(ep, IPMOB_EA_REMOTE4);
}

/*
 * Name of an encapsulation: "ip" for IPMOB_ENCAP_IP, NULL if unknown
 * (printed as its number).
 */
const char *endpoint_encap_name(unsigned int encap);

struct printer;
/* Both outputs' fields, each described once (print.h). */
void endpoint_print(struct printer *p, const struct ipmob_endpoint *ep);

/*
 * One line of text, the "ipmob endpoint show" format:
 * "[local L] remote R encap E users N [cached ip6,ip4]"
 * local is left out when the route chooses the outer source; encap is
 * "ip" or the number of an unknown one; cached lists the inner families
 * (IPv6 first) whose outer route is cached and is left out when none is
 * (bits this program does not know are not shown). encap and users are
 * left out if the kernel did not report them. Returns the length the
 * full line needs, like snprintf; the text is always terminated.
 */
size_t endpoint_format(char *buf, size_t len, const struct ipmob_endpoint *ep);

/*
 * The JSON fields of an endpoint, into an object the caller opened:
 * "local" (left out when absent), "remote" (IPv6 or IPv4), "encap"
 * (a string: "ip", or the number of an unknown one), "users" and
 * "cached" (always there: an array of "ip6" / "ip4", possibly empty).
 * encap and users are left out if the kernel did not report them.
 */
void endpoint_json_fields(struct json *j, const struct ipmob_endpoint *ep);

#endif /* IPMOB_ENDPOINT_H */
