/* SPDX-License-Identifier: GPL-2.0 */
/*
 * dhcp6.h - the part of DHCPv6 (RFC 8415) a relay needs for prefix
 * delegation to mobile routers (RFC 6276): the relay messages
 * (Relay-forward, Relay-reply, 9) with their Relay Message option, and
 * the delegated prefixes (IA_PD, IA Prefix, 21.21, 21.22) a Reply
 * carries, so that the home agent and the mobile router learn the
 * prefixes they route.
 *
 * Pure functions: no I/O, no allocation, no global state.
 */
#ifndef IPMOB_DHCP6_H
#define IPMOB_DHCP6_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <netinet/in.h>

#define DHCP6_CLIENT_PORT	546		/* RFC 8415 7.2 */
#define DHCP6_SERVER_PORT	547

/* message types (RFC 8415 7.3) */
#define DHCP6_SOLICIT		1
#define DHCP6_ADVERTISE		2
#define DHCP6_REQUEST		3
#define DHCP6_CONFIRM		4
#define DHCP6_RENEW		5
#define DHCP6_REBIND		6
#define DHCP6_REPLY		7
#define DHCP6_RELEASE		8
#define DHCP6_DECLINE		9
#define DHCP6_RECONFIGURE	10
#define DHCP6_INFO_REQUEST	11
#define DHCP6_RELAY_FORW	12
#define DHCP6_RELAY_REPL	13

/* options (RFC 8415 21) */
#define DHCP6_OPT_CLIENTID	1
#define DHCP6_OPT_SERVERID	2
#define DHCP6_OPT_RELAY_MSG	9
#define DHCP6_OPT_STATUS_CODE	13
#define DHCP6_OPT_INTERFACE_ID	18
#define DHCP6_OPT_IA_PD		25
#define DHCP6_OPT_IAPREFIX	26

#define DHCP6_HOP_COUNT_LIMIT	8		/* RFC 8415 7.6 */
#define DHCP6_RELAY_HDR		34		/* type, hops, link, peer */
#define DHCP6_MAX_PD		8		/* prefixes kept from one message */
#define DHCP6_MAX_LEN		4096		/* largest message handled */

/**
 * struct dhcp6_relay - a Relay-forward or Relay-reply (RFC 8415 9)
 * @type: DHCP6_RELAY_FORW or DHCP6_RELAY_REPL
 * @hops: hop-count
 * @link: link-address
 * @peer: peer-address
 * @msg: the Relay Message option's data (the message relayed), in the
 *	buffer parsed
 * @msg_len: its length
 */
struct dhcp6_relay {
	uint8_t type;
	uint8_t hops;
	struct in6_addr link;
	struct in6_addr peer;
	const uint8_t *msg;
	size_t msg_len;
};

/**
 * struct dhcp6_pd - one delegated prefix (IA Prefix option, 21.22)
 * @prefix: the prefix, its host bits as sent
 * @plen: its length
 * @preferred: preferred lifetime, seconds
 * @valid: valid lifetime, seconds (0: the prefix is withdrawn)
 */
struct dhcp6_pd {
	struct in6_addr prefix;
	uint8_t plen;
	uint32_t preferred;
	uint32_t valid;
};

/**
 * struct dhcp6_info - what a client or server message says
 * @type: its message type (1..11)
 * @xid: transaction-id
 * @n_pd: prefixes in @pd
 * @pd: the IA Prefix options of its IA_PD options, up to DHCP6_MAX_PD;
 *	an IA_PD or IA Prefix with a Status Code other than Success
 *	contributes none (21.13: it delegates nothing)
 * @more_pd: there were more than DHCP6_MAX_PD
 */
struct dhcp6_info {
	uint8_t type;
	uint32_t xid;
	unsigned int n_pd;
	struct dhcp6_pd pd[DHCP6_MAX_PD];
	bool more_pd;
};

/* Whether type is a relay message type (12, 13). */
static inline bool dhcp6_is_relay(uint8_t type)
{
	return type == DHCP6_RELAY_FORW || type == DHCP6_RELAY_REPL;
}

/*
 * Parse a relay message: 0 with *r filled, -1 if it is not a
 * well-formed Relay-forward or Relay-reply with exactly one Relay
 * Message option (RFC 8415 9.1, 9.2, 21.10) whose options all fit.
 */
int dhcp6_relay_parse(const uint8_t *buf, size_t len, struct dhcp6_relay *r);

/*
 * Parse a client or server message (types 1..11, RFC 8415 8): 0 with
 * *m filled, -1 if it is truncated, of another type, or an option (at
 * any depth this codec reads) runs past its container.
 */
int dhcp6_msg_parse(const uint8_t *buf, size_t len, struct dhcp6_info *m);

/*
 * Build a relay message of type (12, 13) around msg (msg_len octets) in
 * out: the header and one Relay Message option. Its length, or 0 if it
 * does not fit in cap (or msg_len is over what an option carries).
 */
size_t dhcp6_relay_build(uint8_t *out, size_t cap, uint8_t type,
			 uint8_t hops, const struct in6_addr *link,
			 const struct in6_addr *peer, const uint8_t *msg,
			 size_t msg_len);

/* The name of a message type, for logs ("type-N" if unknown: in buf). */
const char *dhcp6_type_name(uint8_t type, char buf[12]);

#endif /* IPMOB_DHCP6_H */
