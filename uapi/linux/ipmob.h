/* SPDX-License-Identifier: ((GPL-2.0 WITH Linux-syscall-note) OR MIT) */
/*
 * ipmob: IP mobility fast path, generic-netlink contract.
 *
 * This header is the one contract between ipmob.ko and user space
 * (ipmobd, the ipmob CLI). Documentation/netlink/specs/ipmob.yaml
 * describes the same family. Rules:
 *  - extend by adding commands/attributes at the end, never by changing
 *    the meaning of an existing one;
 *  - addresses are typed: each attribute names its family (IPv6 ones
 *    hold a struct in6_addr, 16 bytes; the *4 ones a struct in_addr,
 *    4 bytes, network order);
 *  - arrays are repeated attributes (multi-attr), never counted blobs.
 */
#ifndef _UAPI_LINUX_IPMOB_H
#define _UAPI_LINUX_IPMOB_H

#define IPMOB_GENL_NAME		"ipmob"
#define IPMOB_GENL_VERSION	1
#define IPMOB_MCGRP_EVENTS	"events"

/* Link kind of the ipmob network device ("ip link add mob0 type ipmob"). */
#define IPMOB_LINK_KIND		"ipmob"

/* Bytes each mode adds in front of the inner packet (for MTU accounting). */
#define IPMOB_TUNNEL_OVERHEAD	40	/* outer IPv6 header (RFC 2473) */
#define IPMOB_TUNNEL4_OVERHEAD	20	/* outer IPv4 header (RFC 2003, 4213) */
#define IPMOB_RO_OVERHEAD	24	/* HAO DestOpt (RFC 6275 6.3) or RH2 (6.4) */
#define IPMOB_MINENC_OVERHEAD	12	/* minimal forwarding header with the
					 * original source (RFC 2004 3) */

/*
 * Maximum number of care-of records a binding can hold (RFC 5648). BID 0
 * means "no binding ID"; a binding with several care-of records needs
 * distinct BIDs.
 */
#define IPMOB_MAX_COA		8

/*
 * Encapsulations one packet may go through on this node (HMIPv6 nests two:
 * mobility anchor point inside home agent tunnel). A deeper one is dropped
 * and counted (IPMOB_STAT_DROP_NESTED).
 */
#define IPMOB_MAX_NEST		2

/* Longest lifetime in seconds: the BU Lifetime field, 65535 units of 4 s. */
#define IPMOB_MAX_LIFETIME	262140U	/* 65535 * 4 */

/*
 * On receive, an accepted Home Address option / type 2 routing header has
 * its addresses swapped (upper layers see the home address, the header
 * holds the care-of address, RFC 6275 9.3.1 / 6.4) and its type rewritten
 * to these RFC 4727 experimental values, which the kernel's own MIP6 code
 * skips. A daemon reading IPV6_RECVDSTOPTS / IPV6_RECVRTHDR finds the
 * care-of address under these types.
 */
#define IPMOB_HAO_DONE_TYPE	0x1E
#define IPMOB_RH2_DONE_TYPE	253

/*
 * On send, a packet from a home address whose first extension header is a
 * Destination Options header holding an option of this type (RFC 4727
 * experimental, "discard if unrecognised"), 16 octets long with a care-of
 * address, leaves with the two addresses swapped: from the care-of address,
 * with a Home Address option (type 201) holding the home address (RFC 6275
 * 6.3, 11.3.1). ipmob.ko's LOCAL_OUT hook swaps them after IPsec has seen
 * the packet, so an IPsec policy on the home address applies and ESP comes
 * after the option (RFC 4877 4.2, RFC 6275 11.3.2): how ipmobd sends an
 * IPsec-protected Binding Update (IPV6_DSTOPTS, which needs CAP_NET_RAW).
 */
#define IPMOB_HAO_TX_TYPE	0x5E

/**
 * enum ipmob_mode - forwarding mode of a binding
 * @IPMOB_MODE_TUNNEL: bidirectional tunnel (RFC 6275 5.1, RFC 2473 IPv6-in-IPv6)
 * @IPMOB_MODE_RO: route optimisation (Home Address option / type 2 routing
 *	header, RFC 6275 6.3, 6.4)
 */
enum ipmob_mode {
	IPMOB_MODE_TUNNEL = 1,
	IPMOB_MODE_RO = 2,
};

/**
 * enum ipmob_encap - encapsulation toward one care-of address
 * @IPMOB_ENCAP_IP: IP in IP. The inner family is the home address's, the
 *	outer family the care-of address's: IPv6 in IPv6 (RFC 2473), IPv4
 *	in IPv4 (RFC 2003), IPv4 in IPv6 (RFC 2473, RFC 5555 4.2), IPv6 in
 *	IPv4 (RFC 4213 3.5, RFC 5555 4.3)
 * @IPMOB_ENCAP_MINENC: minimal encapsulation (RFC 2004, IP protocol 55):
 *	IPv4 in IPv4 only, the original header modified and followed by an
 *	8 or 12 octet minimal forwarding header (RFC 5944 3.1). An inner
 *	packet that is already a fragment goes as IPv4 in IPv4 (RFC 2004 3:
 *	minimal encapsulation MUST NOT carry one)
 * @IPMOB_ENCAP_GRE: GRE (RFC 2784) with an optional key each way (RFC
 *	2890; PMIPv6 RFC 5845: IPMOB_CA_GRE_OKEY, IPMOB_CA_GRE_IKEY), either
 *	inner family over the care-of address's. Sent and received through
 *	the namespace's collect_md GRE device of the outer family ("ip link
 *	add NAME type gre external", "type ip6gre external"), which ipmob
 *	hands each packet with its key; ipmob does not take ip_gre's
 *	protocol slot. Decapsulated packets arriving on that device are
 *	checked against their session (outer source, key)
 * @IPMOB_ENCAP_UDP: UDP (RFC 5555 4.1 on port 4191 for DSMIPv6, RFC 5844
 *	7.1 for PMIPv6 IPv4 transport): the inner IPv4 or IPv6 packet right
 *	after a UDP header, over the care-of address's family. Sent from and
 *	received on the namespace's UDP tunnel socket (IPMOB_CMD_UDP_SET),
 *	to the port IPMOB_CA_UDP_PORT. A binding cache record without a port
 *	(or 0) learns it from the packets its session accepts from the
 *	care-of address (the NAT's mapping, RFC 5555 4.1) and follows it
 *	when the NAT changes it; until then it sends nothing
 *	(IPMOB_STAT_DROP_NO_PORT). Packets on the socket that belong to no
 *	session (Binding Updates among them) stay in the socket for its
 *	owner, which sees the address and port the NAT gave them
 * @IPMOB_ENCAP_HOME: none: the mobile node is on its home link (RFC 5648
 *	5.6, a home binding: a BID registered with the 'H' flag, whose
 *	care-of address is the home address). A packet this record is
 *	chosen for is not tunnelled: it keeps the route the node's own
 *	routing gives it (the home agent: the home link's route to the home
 *	address; the mobile node: its route from the home address through
 *	the home link). Tunnel mode only, an IPv6 home address only; at
 *	most one such record per session
 */
enum ipmob_encap {
	IPMOB_ENCAP_IP = 1,
	IPMOB_ENCAP_MINENC,
	IPMOB_ENCAP_GRE,
	IPMOB_ENCAP_UDP,
	IPMOB_ENCAP_HOME,
};

#define IPMOB_UDP_OVERHEAD	8	/* UDP header in front of the inner
					 * packet (plus the outer IP header) */
#define IPMOB_DSMIP6_PORT	4191	/* RFC 5555 4.1 */
#define IPMOB_MIP4_PORT		434	/* RFC 3519 3.3, RFC 5944 */

/**
 * enum ipmob_udp_hdr - what follows the UDP header (IPMOB_CA_UDP_HDR)
 * @IPMOB_UDP_HDR_NONE: the inner IPv4 or IPv6 packet (RFC 5555 4.1,
 *	RFC 5844 7.1); the default
 * @IPMOB_UDP_HDR_MIP4: the RFC 3519 3.3 MIP Tunnel Data header (Type 4,
 *	Next Header 4 or 41, Reserved 0), then the inner packet
 * @IPMOB_UDP_HDR_TLV: the RFC 5845 7.2 TLV header (Type 0, Next Header
 *	47, Length), then a GRE header (RFC 2784; with the key
 *	IPMOB_CA_GRE_OKEY when given, RFC 2890), then the inner packet: the
 *	GRE-in-UDP format of RFC 5845 7.1. Packets received must carry the
 *	key IPMOB_CA_GRE_IKEY (none when it is absent)
 *
 * A record's packets are sent with its header, and packets received for
 * it must come with the same one (else IPMOB_STAT_DROP_ENCAP). A header
 * that does not parse (Next Header that is not the inner packet's, a TLV
 * length other than the UDP payload's, GRE flags other than K, GRE
 * version other than 0) is dropped and counted
 * (IPMOB_STAT_DROP_UDP_HDR). Datagrams whose first octet is neither an
 * IP version nor Type 4 or Type 0 (RFC 3519 registration messages,
 * types 1 and 3) stay in the socket for its owner.
 */
enum ipmob_udp_hdr {
	IPMOB_UDP_HDR_NONE,
	IPMOB_UDP_HDR_MIP4,
	IPMOB_UDP_HDR_TLV,
};

#define IPMOB_UDP_MIP4_OVERHEAD	4	/* RFC 3519 3.3 tunnel data header */
#define IPMOB_UDP_TLV_OVERHEAD	12	/* RFC 5845 7.2 TLV header, GRE
					 * header with a key (8 without) */

/**
 * enum ipmob_role - what a session makes this node (IPMOB_BA_ROLE)
 * @IPMOB_ROLE_HA: home agent (RFC 6275, NEMO RFC 3963, DSMIPv6 RFC 5555,
 *	Mobile IPv4 RFC 5944): a binding cache entry, no peer, tunnel mode;
 *	packets to the home address or prefix go to the care-of addresses
 * @IPMOB_ROLE_CN: correspondent (RFC 6275 9): a binding cache entry, no
 *	peer, route optimisation
 * @IPMOB_ROLE_MN: mobile node or mobile router: a binding update list
 *	entry with its home agent or correspondent as peer; packets from the
 *	home address or prefix go to the peer
 * @IPMOB_ROLE_LMA: PMIPv6 local mobility anchor (RFC 5213): as
 *	IPMOB_ROLE_HA, the care-of addresses being MAG proxy care-of
 *	addresses
 * @IPMOB_ROLE_MAG: PMIPv6 mobile access gateway: as IPMOB_ROLE_MN in
 *	tunnel mode for its attached node's prefix, the peer being the LMA
 * @IPMOB_ROLE_FA: Mobile IPv4 foreign agent's reverse tunnel (RFC 3024):
 *	as IPMOB_ROLE_MN in tunnel mode, the peer being the home agent
 * @IPMOB_ROLE_MAP: HMIPv6 mobility anchor point (RFC 5380): as
 *	IPMOB_ROLE_HA for a regional care-of address
 * @IPMOB_ROLE_PAR: FMIPv6 previous access router (RFC 5568): as
 *	IPMOB_ROLE_HA for the previous care-of address, the care-of address
 *	being the new access router's
 * @IPMOB_ROLE_NAR: FMIPv6 new access router: a binding cache entry for
 *	the new care-of address (buffering rules hold its packets)
 * @IPMOB_ROLE_ANCHOR: distributed mobility management anchor (RFC 7333,
 *	7429): as IPMOB_ROLE_HA for an anchored prefix
 *
 * Absent from a request, the role is what the attributes imply: no peer,
 * IPMOB_ROLE_HA in tunnel mode and IPMOB_ROLE_CN in route optimisation;
 * a peer, IPMOB_ROLE_MN. Dumps always carry it.
 */
enum ipmob_role {
	IPMOB_ROLE_HA = 1,
	IPMOB_ROLE_CN,
	IPMOB_ROLE_MN,
	IPMOB_ROLE_LMA,
	IPMOB_ROLE_MAG,
	IPMOB_ROLE_FA,
	IPMOB_ROLE_MAP,
	IPMOB_ROLE_PAR,
	IPMOB_ROLE_NAR,
	IPMOB_ROLE_ANCHOR,
};

/*
 * A binding is identified by (home address, peer):
 *  - no peer: a binding cache entry of this node (home agent in tunnel
 *    mode, correspondent in RO mode); the home address is remote;
 *  - peer set: a binding update list entry of this node as mobile node;
 *    the home address is its own; peer is the home agent (tunnel mode) or
 *    the correspondent (RO mode). A mobile node has at most one tunnel
 *    mode binding per home address.
 */

/* Binding flags (IPMOB_BA_FLAGS). */
#define IPMOB_BF_NOTIFIED_REFRESH	0x1	/* read-only: refresh event sent */

enum ipmob_cmd {
	IPMOB_CMD_UNSPEC,
	IPMOB_CMD_BINDING_NEW,		/* do: add; notification: added */
	IPMOB_CMD_BINDING_SET,		/* do: change; notification: changed */
	IPMOB_CMD_BINDING_DEL,		/* do: delete; notification: deleted */
	IPMOB_CMD_BINDING_GET,		/* do and dump */
	IPMOB_CMD_BINDING_FLUSH,	/* do: delete all (optionally per device,
					 * IPMOB_A_IFINDEX); notification: flushed
					 * (also when a device goes away) */
	IPMOB_CMD_STATS_GET,		/* do: per-netns counters */
	IPMOB_CMD_BINDING_EXPIRED,	/* notification: lifetime ran out */
	IPMOB_CMD_BINDING_REFRESH,	/* notification: in use, about to expire */
	IPMOB_CMD_BERR_NEEDED,		/* notification: daemon owes a Binding Error */
	IPMOB_CMD_LINK_NEW,		/* do: create an ipmob device */
	IPMOB_CMD_LINK_DEL,		/* do: delete an ipmob device, named by
					 * IPMOB_A_IFINDEX or IPMOB_A_IFNAME */
	IPMOB_CMD_RO_HINT,		/* notification: a mobile node's traffic
					 * with a correspondent (IPMOB_A_HOA,
					 * IPMOB_A_DST) goes through its home
					 * agent; the daemon may start return
					 * routability (RFC 6275 11.3.3, 11.6);
					 * rate limited */
	IPMOB_CMD_ENDPOINT_GET,		/* dump: the tunnel endpoints, each
					 * shared by the care-of records that
					 * name the same outer addresses and
					 * encapsulation (IPMOB_A_ENDPOINT) */
	IPMOB_CMD_FLOW_NEW,		/* do: add the flow rules
					 * (IPMOB_A_FLOW, multi-attr) to the
					 * session named by IPMOB_A_BINDING
					 * (its key attributes, as for
					 * BINDING_DEL); all or none. With
					 * IPMOB_A_FLOW_REPLACE they replace
					 * all its rules in one step (a rule
					 * whose FID was there keeps its
					 * packet count; held packets are sent
					 * when no buffering rule is left, as
					 * FLOW_DEL does) */
	IPMOB_CMD_FLOW_DEL,		/* do: delete the session's rules named
					 * by their IPMOB_FA_FID, or all of
					 * them when no IPMOB_A_FLOW is given;
					 * all or none. When no buffering rule
					 * is left, the packets the session
					 * held are sent */
	IPMOB_CMD_FLOW_GET,		/* dump: the flow rules of every
					 * session, or of the one named by
					 * IPMOB_A_BINDING; each message holds
					 * IPMOB_A_BINDING (key) and
					 * IPMOB_A_FLOW nests in rule order */
	IPMOB_CMD_BUFFER_FLUSH,		/* do: send (IPMOB_A_BUFFER_SEND) or
					 * drop the packets the session named
					 * by IPMOB_A_BINDING holds
					 * (IPMOB_FLOW_BUFFER); sent ones go
					 * through its rules as they are now,
					 * buffering rules passed over */
	IPMOB_CMD_UDP_SET,		/* do: the namespace's UDP tunnel
					 * socket is the bound UDP socket the
					 * caller holds as IPMOB_A_FD (an IPv6
					 * one also takes IPv4 unless
					 * IPV6_V6ONLY); ipmob keeps a
					 * reference, so the caller may close
					 * it, or keep reading what belongs to
					 * no session. Without IPMOB_A_FD: let
					 * go of it */
	IPMOB_CMD_UDP_GET,		/* do: IPMOB_A_UDP_PORT and
					 * IPMOB_A_UDP_FAMILY of that socket
					 * (absent: none) */

	__IPMOB_CMD_MAX,
	IPMOB_CMD_MAX = __IPMOB_CMD_MAX - 1
};

/* Top-level attributes. */
enum ipmob_attr {
	IPMOB_A_UNSPEC,
	IPMOB_A_IFINDEX,	/* u32: ipmob device */
	IPMOB_A_IFNAME,		/* string: ipmob device */
	IPMOB_A_BINDING,	/* nest ipmob_binding_attr, multi-attr */
	IPMOB_A_STATS,		/* nest ipmob_stat_attr */
	IPMOB_A_SRC,		/* in6_addr: packet source (BERR_NEEDED) */
	IPMOB_A_DST,		/* in6_addr: packet destination (BERR_NEEDED) */
	IPMOB_A_HOA,		/* in6_addr: home address (BERR_NEEDED) */
	IPMOB_A_BE_STATUS,	/* u8: Binding Error status, RFC 6275 6.1.9 */
	IPMOB_A_MH_TYPE,	/* u8: MH type of the offending packet, or 255 */
	IPMOB_A_PAD,
	IPMOB_A_ENDPOINT,	/* nest ipmob_endpoint_attr, multi-attr */
	IPMOB_A_FLOW,		/* nest ipmob_flow_attr, multi-attr */
	IPMOB_A_BUFFER_SEND,	/* u8: BUFFER_FLUSH sends (1) or drops (0,
				 * absent) the packets */
	IPMOB_A_FD,		/* u32: a file descriptor of the caller
				 * (UDP_SET) */
	IPMOB_A_UDP_PORT,	/* u16: local port of the UDP tunnel socket */
	IPMOB_A_UDP_FAMILY,	/* u16: its family (AF_INET, AF_INET6) */
	IPMOB_A_FLOW_REPLACE,	/* flag: FLOW_NEW replaces every rule of the
				 * session by the ones given (RFC 6089 5.2:
				 * a BU restates them all) */

	__IPMOB_A_MAX,
	IPMOB_A_MAX = __IPMOB_A_MAX - 1
};

/* Attributes of a binding (nested in IPMOB_A_BINDING). */
enum ipmob_binding_attr {
	IPMOB_BA_UNSPEC,
	IPMOB_BA_HOA,		/* in6_addr: home address (key) */
	IPMOB_BA_PEER,		/* in6_addr: HA or CN when this node is the MN */
	IPMOB_BA_LOCAL,		/* in6_addr: outer source toward the care-of */
	IPMOB_BA_MODE,		/* u8: enum ipmob_mode; with a peer it also
				 * selects the binding on del/get */
	IPMOB_BA_LIFETIME,	/* u32: seconds; 0 = no expiry */
	IPMOB_BA_REMAINING,	/* u32: read-only, ms left (0 = no expiry) */
	IPMOB_BA_COA,		/* nest ipmob_coa_attr, multi-attr */
	IPMOB_BA_IFINDEX,	/* u32: device the binding belongs to */
	IPMOB_BA_FLAGS,		/* u32: IPMOB_BF_* */
	IPMOB_BA_TX_PACKETS,	/* u64: read-only */
	IPMOB_BA_RX_PACKETS,	/* u64: read-only */
	IPMOB_BA_PAD,
	IPMOB_BA_SEQ,		/* u16: sequence number of the last Binding
				 * Update accepted (HA, CN) or sent (MN);
				 * kept, not used, by the kernel so that a
				 * restarted daemon carries on (RFC 6275
				 * 9.5.1) */
	IPMOB_BA_PREFIX_LEN,	/* u8: 1..128, absent = 128. With it the
				 * binding covers the prefix HOA/LEN (a mobile
				 * network prefix, RFC 3963): the longest
				 * matching binding wins, destination lookup
				 * for a cache entry, source lookup (also of
				 * forwarded packets) for a home registration;
				 * part of the key. With IPMOB_BA_HOA4: 1..32 */
	IPMOB_BA_HOA4,		/* in_addr: IPv4 home address or, with
				 * IPMOB_BA_PREFIX_LEN, IPv4 home prefix
				 * (RFC 5555, RFC 5944, RFC 5177); a binding
				 * has either IPMOB_BA_HOA or this (key). IPv4
				 * bindings are tunnel mode only */
	IPMOB_BA_PEER4,		/* in_addr: the home agent's IPv4 address when
				 * this node is the mobile node: outer
				 * destination over an IPv4 care-of address
				 * (with or without IPMOB_BA_PEER, which serves
				 * the IPv6 care-of addresses) */
	IPMOB_BA_LOCAL4,	/* in_addr: outer IPv4 source toward IPv4
				 * care-of addresses (may be absent: chosen by
				 * the route) */
	IPMOB_BA_BUFFERED,	/* u32: read-only, packets the session's
				 * buffer holds (IPMOB_FLOW_BUFFER) */
	IPMOB_BA_ROLE,		/* u8: enum ipmob_role; it must agree with
				 * the peer and mode given (a role without a
				 * peer needs none, one with a peer needs it);
				 * not part of the key */
	IPMOB_BA_IIF,		/* u32: ingress interface (ifindex in the
				 * request's namespace), part of the key;
				 * absent or 0 = any interface. A packet that
				 * came in on it (forwarded; one this node
				 * makes has none) matches this session before
				 * one of the same prefix length without an
				 * interface; a longer prefix still wins (RFC
				 * 5213 6.9.3 MAG, RFC 3024 FA, RFC 3963 MR).
				 * Not with IPMOB_MODE_RO (its key holds the
				 * correspondent). The session goes when the
				 * interface does */
	IPMOB_BA_INSTANCE,	/* u32: the control-plane instance that owns
				 * the session (a daemon's, an operator's);
				 * absent or 0 = none, which is ipmobd's. Kept
				 * and reported, never used to forward; like
				 * every attribute of a session, a change that
				 * leaves it out sets it to 0. Not part of the
				 * key */
	IPMOB_BA_PROXY_IF,	/* u32: answer Neighbor Solicitations for the
				 * home address on this interface (ifindex in
				 * the request's namespace) on its behalf, as
				 * RFC 6275 10.4.1 asks of a home agent:
				 * solicited (S) to the soliciting node, to
				 * all-nodes for a Duplicate Address Detection
				 * probe, override (O) clear (RFC 4861 7.2.4),
				 * the interface's own link-layer address.
				 * Only a session without a peer keyed by a
				 * whole IPv6 address (128); absent or 0 =
				 * none. For a whole IPv4 home address (32):
				 * ARP requests for it are answered the same
				 * way (RFC 5555 4.5), from the interface's
				 * link-layer address, a probe (RFC 5227,
				 * sender 0.0.0.0) too. The interface must
				 * exist when the
				 * session is set; afterwards an interface of
				 * that index is served. Not part of the key */
	IPMOB_BA_PROXY_ROUTER,	/* flag: with IPMOB_BA_PROXY_IF, the answers
				 * set the Router (R) bit (a mobile router's
				 * home address, RFC 3963 6.2) */

	__IPMOB_BA_MAX,
	IPMOB_BA_MAX = __IPMOB_BA_MAX - 1
};

/* Attributes of a care-of record (nested in IPMOB_BA_COA). */
enum ipmob_coa_attr {
	IPMOB_CA_UNSPEC,
	IPMOB_CA_ADDR,		/* in6_addr: care-of address */
	IPMOB_CA_BID,		/* u16: binding ID, RFC 5648 */
	IPMOB_CA_PRIO,		/* u8: BID priority, lower is preferred */
	IPMOB_CA_ADDR4,		/* in_addr: IPv4 care-of address; a record has
				 * either IPMOB_CA_ADDR or this */
	IPMOB_CA_ENCAP,		/* u8: enum ipmob_encap, absent =
				 * IPMOB_ENCAP_IP */
	IPMOB_CA_GRE_OKEY,	/* u32: GRE key sent toward the care-of
				 * address (IPMOB_ENCAP_GRE, or
				 * IPMOB_ENCAP_UDP with IPMOB_UDP_HDR_TLV;
				 * absent = no key field), RFC 2890 2.1 */
	IPMOB_CA_GRE_IKEY,	/* u32: GRE key packets from it must carry
				 * (absent = they carry none) */
	IPMOB_CA_UDP_PORT,	/* u16: IPMOB_ENCAP_UDP: the care-of
				 * address's (or home agent's) port; absent
				 * or 0 at a binding cache entry: learnt.
				 * Dumps give the port in use (0: none yet) */
	IPMOB_CA_UDP_HDR,	/* u8: enum ipmob_udp_hdr, IPMOB_ENCAP_UDP
				 * only; absent = IPMOB_UDP_HDR_NONE. With
				 * IPMOB_UDP_HDR_TLV the GRE keys apply */
	IPMOB_CA_UDP_LEARN,	/* flag: IPMOB_ENCAP_UDP at a binding cache
				 * entry: the port given (IPMOB_CA_UDP_PORT,
				 * where a DSMIPv6 Binding Update came from)
				 * is where packets go at first, and the NAT's
				 * later mappings are learnt from the packets
				 * as without one (RFC 5555 4.1). Dumps give
				 * it for every record that learns */

	__IPMOB_CA_MAX,
	IPMOB_CA_MAX = __IPMOB_CA_MAX - 1
};

/* Attributes of a tunnel endpoint (nested in IPMOB_A_ENDPOINT), read-only. */
enum ipmob_endpoint_attr {
	IPMOB_EA_UNSPEC,
	IPMOB_EA_LOCAL,		/* in6_addr: outer source; absent when chosen
				 * by the route */
	IPMOB_EA_REMOTE,	/* in6_addr: outer destination */
	IPMOB_EA_LOCAL4,	/* in_addr: outer IPv4 source (as EA_LOCAL) */
	IPMOB_EA_REMOTE4,	/* in_addr: outer IPv4 destination */
	IPMOB_EA_ENCAP,		/* u8: enum ipmob_encap */
	IPMOB_EA_USERS,		/* u32: care-of records that use it */
	IPMOB_EA_CACHED,	/* u8: outer routes cached, IPMOB_EC_* bits */
	IPMOB_EA_GRE_OKEY,	/* u32: GRE key sent (IPMOB_ENCAP_GRE with a
				 * key: part of what identifies it) */

	__IPMOB_EA_MAX,
	IPMOB_EA_MAX = __IPMOB_EA_MAX - 1
};

/* IPMOB_EA_CACHED bits: a route is cached for inner packets of a family. */
#define IPMOB_EC_INNER6		0x1
#define IPMOB_EC_INNER4		0x2

/*
 * Flow rules (RFC 6089 flow bindings, RFC 6088 traffic selectors). A
 * session holds up to IPMOB_MAX_FLOWS rules, tried in order of
 * (IPMOB_FA_PRIO, IPMOB_FA_FID), lowest first, on each packet it sends;
 * the first rule whose selector matches decides. No rule matches (or the
 * session has none): the preferred care-of records, a flow hash choosing
 * among them. A selector is the AND of the fields present; each range
 * field has a start attribute and an optional *_END (absent: the range
 * is the start value alone). A rule with IPv6 address fields matches
 * only IPv6 packets, one with IPv4 address fields only IPv4 packets, one
 * with IPMOB_FA_FLOW_LABEL only IPv6 packets; ports match TCP, UDP,
 * UDP-Lite, SCTP and DCCP packets (not fragments after the first), SPIs
 * ESP and AH packets.
 */
#define IPMOB_MAX_FLOWS		16384	/* per session */
#define IPMOB_MAX_FLOWS_NET	1048576	/* per network namespace */

/**
 * enum ipmob_flow_action - what a matching rule does with the packet
 * @IPMOB_FLOW_FORWARD: send it to the care-of records named by its
 *	IPMOB_FA_BID attributes (RFC 6089 BID references); with several, a
 *	copy to each (n-cast, RFC 5648 / RFC 6089 4.2). A rule whose BIDs
 *	name none of the session's care-of records is skipped (the BID may
 *	come back)
 * @IPMOB_FLOW_DROP: drop it (counted, IPMOB_STAT_DROP_FLOW; RFC 6089
 *	"discard")
 * @IPMOB_FLOW_BUFFER: hold it in the session's buffer until the daemon
 *	sends or drops what it holds (IPMOB_CMD_BUFFER_FLUSH), or deletes
 *	the session's last buffering rule, which sends them: FMIPv6 (RFC
 *	5568 6.4) at the new access router, PMIPv6 during a handover. At
 *	most IPMOB_BUF_PKTS packets per session and IPMOB_BUF_PKTS_NET per
 *	namespace; beyond that, and when the session goes, they are
 *	dropped (IPMOB_STAT_DROP_BUFFER)
 */
enum ipmob_flow_action {
	IPMOB_FLOW_FORWARD = 1,
	IPMOB_FLOW_DROP,
	IPMOB_FLOW_BUFFER,
};

#define IPMOB_BUF_PKTS		256	/* buffered packets per session */
#define IPMOB_BUF_PKTS_NET	16384	/* per network namespace */

/* Attributes of a flow rule (nested in IPMOB_A_FLOW). */
enum ipmob_flow_attr {
	IPMOB_FA_UNSPEC,
	IPMOB_FA_FID,		/* u16: flow identifier, 1..65535, unique in
				 * the session (RFC 6089 4.1 FID) */
	IPMOB_FA_PRIO,		/* u8: rule priority, lower first (FID-PRI),
				 * absent = 0 */
	IPMOB_FA_ACTION,	/* u8: enum ipmob_flow_action, absent =
				 * IPMOB_FLOW_FORWARD */
	IPMOB_FA_BID,		/* u16, multi-attr: binding IDs the rule sends
				 * to (IPMOB_FLOW_FORWARD: 1..IPMOB_MAX_COA,
				 * distinct, each a care-of record of the
				 * session when the rule is added) */
	IPMOB_FA_SRC,		/* in6_addr: source range start */
	IPMOB_FA_SRC_END,	/* in6_addr: source range end */
	IPMOB_FA_DST,		/* in6_addr: destination range start */
	IPMOB_FA_DST_END,	/* in6_addr: destination range end */
	IPMOB_FA_SRC4,		/* in_addr: IPv4 source range start */
	IPMOB_FA_SRC4_END,	/* in_addr: IPv4 source range end */
	IPMOB_FA_DST4,		/* in_addr: IPv4 destination range start */
	IPMOB_FA_DST4_END,	/* in_addr: IPv4 destination range end */
	IPMOB_FA_PROTO,		/* u8: upper-layer protocol (IPv6: after the
				 * extension headers; RFC 6088 Next Header) */
	IPMOB_FA_SPORT,		/* u16: source port range start */
	IPMOB_FA_SPORT_END,	/* u16 */
	IPMOB_FA_DPORT,		/* u16: destination port range start */
	IPMOB_FA_DPORT_END,	/* u16 */
	IPMOB_FA_SPI,		/* u32: IPsec SPI range start (ESP, AH) */
	IPMOB_FA_SPI_END,	/* u32 */
	IPMOB_FA_DSCP,		/* u8: DSCP range start, 0..63 (the upper six
				 * bits of the traffic class / TOS) */
	IPMOB_FA_DSCP_END,	/* u8 */
	IPMOB_FA_FLOW_LABEL,	/* u32: IPv6 flow label range start,
				 * 0..0xfffff */
	IPMOB_FA_FLOW_LABEL_END,	/* u32 */
	IPMOB_FA_PACKETS,	/* u64: read-only, packets the rule took */
	IPMOB_FA_PAD,

	__IPMOB_FA_MAX,
	IPMOB_FA_MAX = __IPMOB_FA_MAX - 1
};

/*
 * Counters (nested in IPMOB_A_STATS; each a u64 attribute whose type is
 * the counter id; IPMOB_STAT_UNSPEC is the nest's padding attribute). One
 * counter per drop reason.
 */
enum ipmob_stat {
	IPMOB_STAT_UNSPEC,
	IPMOB_STAT_TX_TUNNEL,		/* packets encapsulated */
	IPMOB_STAT_TX_RO_HAO,		/* packets sent with a Home Address option */
	IPMOB_STAT_TX_RO_RH2,		/* packets sent with a type 2 routing header */
	IPMOB_STAT_RX_DECAP,		/* packets decapsulated */
	IPMOB_STAT_RX_HAO,		/* Home Address options processed */
	IPMOB_STAT_RX_RH2,		/* type 2 routing headers processed */
	IPMOB_STAT_TX_PTB,		/* Packet Too Big sent for oversize packets */
	IPMOB_STAT_RX_PTB,		/* Packet Too Big received for outer packets */
	IPMOB_STAT_DROP_NO_BINDING,	/* transmit with no usable binding */
	IPMOB_STAT_DROP_BAD_OUTER_SRC,	/* decap: outer source is not the CoA/HA */
	IPMOB_STAT_DROP_BAD_INNER,	/* decap: inner header malformed */
	IPMOB_STAT_DROP_HAO_NO_BINDING,	/* HAO with no binding (BE owed) */
	IPMOB_STAT_DROP_HAO_BAD_COA,	/* HAO whose source is not the CoA */
	IPMOB_STAT_DROP_HAO_MALFORMED,	/* HAO with bad length / address */
	IPMOB_STAT_DROP_RH2_MALFORMED,	/* RH2 with bad length / segments */
	IPMOB_STAT_DROP_RH2_NOT_HOA,	/* RH2 address is not our home address */
	IPMOB_STAT_DROP_ROUTE,		/* no route for the outer packet */
	IPMOB_STAT_DROP_LOOP,		/* outer route points back into ipmob */
	IPMOB_STAT_DROP_NOMEM,		/* allocation / headroom failure */
	IPMOB_STAT_DROP_TOO_BIG,	/* oversize packet (PTB sent) */
	IPMOB_STAT_BERR_NOTIFY,		/* BERR_NEEDED notifications sent */
	IPMOB_STAT_BERR_RATELIMITED,	/* BERR_NEEDED suppressed by rate limit */
	IPMOB_STAT_RO_HINT,		/* RO_HINT notifications sent */
	IPMOB_STAT_DROP_NESTED,		/* encapsulation nested deeper than
					 * IPMOB_MAX_NEST (bindings that point
					 * at each other) */
	IPMOB_STAT_DROP_POLICY,		/* refused by IPsec (xfrm) policy: on
					 * decapsulation, or forwarding into
					 * the tunnel */
	IPMOB_STAT_DROP_DOWN,		/* the binding's ipmob device is down */
	IPMOB_STAT_DROP_NO_SESSION,	/* decap: a minimal-encapsulation packet
					 * (which only ipmob receives) whose
					 * inner addresses match no session */
	IPMOB_STAT_DROP_ENCAP,		/* decap: the session's care-of record
					 * does not use the packet's
					 * encapsulation (RFC 3519 3.3 checks
					 * the negotiated mode likewise) */
	IPMOB_STAT_DROP_KEY,		/* decap: a GRE packet without the key
					 * its session expects (RFC 5845 7) */
	IPMOB_STAT_DROP_FLOW,		/* a flow rule said drop */
	IPMOB_STAT_TX_FLOW,		/* packets a flow rule directed */
	IPMOB_STAT_TX_COPY,		/* extra copies sent by n-cast rules */
	IPMOB_STAT_TX_BUFFERED,		/* packets a buffering rule held */
	IPMOB_STAT_TX_UNBUFFERED,	/* held packets sent by BUFFER_FLUSH */
	IPMOB_STAT_DROP_BUFFER,		/* held packets dropped: buffer full,
					 * BUFFER_FLUSH without send, session
					 * or its rules gone */
	IPMOB_STAT_RX_UDP_LEARN,	/* a care-of record learnt its UDP
					 * port (first packet, or the NAT
					 * changed it) */
	IPMOB_STAT_DROP_NO_PORT,	/* UDP: no port learnt yet, or no UDP
					 * tunnel socket */
	IPMOB_STAT_DROP_PORT,		/* decap: UDP from the right address,
					 * a port the record does not learn */
	IPMOB_STAT_DROP_UDP_HDR,	/* decap: a malformed RFC 3519 tunnel
					 * data or RFC 5845 TLV (and GRE)
					 * header after UDP */
	IPMOB_STAT_TX_PROXY_NA,		/* Neighbor Advertisements sent for a
					 * session's home address
					 * (IPMOB_BA_PROXY_IF) */
	IPMOB_STAT_DROP_ND,		/* a Neighbor Solicitation for such an
					 * address that RFC 4861 7.1.1 says to
					 * discard (checksum, code, length,
					 * option, source) */
	IPMOB_STAT_TX_PROXY_ARP,	/* ARP replies sent for a session's
					 * IPv4 home address
					 * (IPMOB_BA_PROXY_IF, RFC 5555 4.5) */
	IPMOB_STAT_TX_HOME,		/* packets a session sent natively
					 * through its home record
					 * (IPMOB_ENCAP_HOME, RFC 5648 5.6) */
	IPMOB_STAT_TX_HAO_SWAP,		/* local packets from a home address
					 * sent from the care-of address an
					 * IPMOB_HAO_TX_TYPE option named */
	IPMOB_STAT_DROP_HAO_SWAP,	/* such packets dropped: the option
					 * malformed, or no route from the
					 * care-of address */

	__IPMOB_STAT_MAX,
	IPMOB_STAT_MAX = __IPMOB_STAT_MAX - 1
};

/* Binding Error status values (RFC 6275 6.1.9). */
#define IPMOB_BE_UNKNOWN_HAO	1
#define IPMOB_BE_UNKNOWN_MH	2

#endif /* _UAPI_LINUX_IPMOB_H */
