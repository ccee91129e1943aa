/* SPDX-License-Identifier: GPL-2.0 */
/*
 * daemon.h - what the parts of ipmobd share: the event loop (file
 * descriptors and timers), logging, the kernel connection, the
 * signalling sockets, and the hooks of each role.
 */
#ifndef IPMOB_DAEMON_H
#define IPMOB_DAEMON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <net/if.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include "binding.h"
#include "conf.h"
#include "genl.h"
#include "mh.h"
#include "view.h"

struct daemon;
struct mh_msg;

/* ---- logging (ipmobd.c) ---- */

void logmsg(int prio, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/*
 * A line a peer's packet causes: rate limited (ipmobd.c). The gate comes
 * first, so that a suppressed line costs no formatting of its arguments
 * (addresses): a flood's packets are cheap to drop. The arguments must
 * have no side effects.
 */
bool log_peer_gate(int prio);
void logmsg_peer_(int prio, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
#define logmsg_peer(prio, ...)						\
	do {								\
		if (log_peer_gate(prio))				\
			logmsg_peer_((prio), __VA_ARGS__);		\
	} while (0)
/* May the daemon answer an unauthenticated peer now? (rate limit) */
bool reply_ok(void);

/* ---- event loop (loop.c) ---- */

/* Monotonic clock in milliseconds. */
uint64_t now_ms(void);

typedef void (*fd_cb_t)(struct daemon *d, int fd, void *data);
typedef void (*timer_cb_t)(struct daemon *d, void *data);

/**
 * struct timer - a one-shot timer; embed it, loop_timer_init() it once.
 * @due: expiry on the now_ms() clock, 0 when not armed
 * @cb: called once at expiry (may re-arm)
 * @data: passed to @cb
 * @next: list of armed timers, sorted by @due
 */
struct timer {
	uint64_t due;
	timer_cb_t cb;
	void *data;
	struct timer *next;
};

void loop_timer_init(struct timer *t, timer_cb_t cb, void *data);
void loop_timer_arm(struct daemon *d, struct timer *t, uint64_t delay_ms);
void loop_timer_cancel(struct daemon *d, struct timer *t);
static inline bool loop_timer_armed(const struct timer *t)
{
	return t->due != 0;
}
int loop_add_fd(struct daemon *d, int fd, fd_cb_t cb, void *data);
void loop_del_fd(struct daemon *d, int fd);
/* Run until loop_stop(); returns the exit status given to it. */
int loop_run(struct daemon *d);
void loop_stop(struct daemon *d, int status);

#define LOOP_MAX_FDS	16

/* ---- signalling sockets (mhsock.c) ---- */

/**
 * struct pkt_info - addresses of a received signalling packet
 * @src: IPv6 source as delivered: the home address when the packet
 *       carried a Home Address option (the kernel module swaps them)
 * @dst: IPv6 destination as delivered: the home address when the
 *       packet carried a type 2 routing header
 * @hao: the care-of address from a Home Address option (@has_hao)
 * @rh2: the care-of address a type 2 routing header was sent to (@has_rh2)
 * @ifindex: arrival interface
 * @hop_limit: received hop limit, -1 if unknown
 */
struct pkt_info {
	struct in6_addr src, dst;
	bool has_hao, has_rh2;
	struct in6_addr hao;
	struct in6_addr rh2;
	int ifindex;
	int hop_limit;
	uint16_t sport;			/* UDP: the source port */
	bool udp4;			/* DSMIPv6 (RFC 5555 4.2): came as an
					 * IPv6 packet in UDP over IPv4 from
					 * @from4 port @sport */
	struct in_addr from4;
};

/*
 * How to send: from src to dst; with a Home Address option carrying
 * hoa when hoa is not NULL (the packet leaves from src = care-of
 * address), with a type 2 routing header when rh2_coa is not NULL (dst
 * is the home address, the packet goes to rh2_coa). ifindex 0: routed.
 */
struct pkt_out {
	const struct in6_addr *src;
	const struct in6_addr *dst;
	const struct in6_addr *hoa;
	const struct in6_addr *rh2_coa;
	/* src is the home address, to leave from this care-of address with
	 * a Home Address option once IPsec has seen it (IPMOB_HAO_TX_TYPE,
	 * RFC 4877 4.2); not with hoa */
	const struct in6_addr *hao_coa;
	int ifindex;
	int hop_limit;			/* 0: default */
	uint16_t port;			/* UDP: the destination port */
	const struct in_addr *to4;	/* DSMIPv6: in UDP to this IPv4
					 * address, port @port
					 * (udpsock_send_mh()) */
};

int mhsock_open(void);
int icmp6sock_open(void);
ssize_t sock_recv(int fd, uint8_t *buf, size_t cap, struct pkt_info *pi);

/* ancillary data room per message: pktinfo, hop limit, the options */
#define SOCK_CMSG_LEN	1024
/* messages one sock_recv_batch() reads: the per-wake-up budget */
#define SOCK_BATCH	64

/**
 * struct sock_batch - messages read in one recvmmsg(2)
 * @n: how many of @slot were read
 * @slot: each message, its length, sender, ancillary data and what that
 *	says (@pi, as sock_recv() fills it); @skip: truncated, to be
 *	dropped (as sock_recv() drops it)
 */
struct sock_batch {
	unsigned int n;
	struct sock_slot {
		uint8_t buf[MH_MAX_LEN + 64];
		size_t len;
		bool skip;
		struct sockaddr_in6 from;
		/* aligned as struct cmsghdr (size_t first) */
		uint8_t cbuf[SOCK_CMSG_LEN] __attribute__((aligned(8)));
		struct pkt_info pi;
	} slot[SOCK_BATCH];
};

/*
 * Up to SOCK_BATCH messages waiting on fd, in one system call, without
 * waiting: how many were kept in b (truncated ones are not), or -1 with
 * errno (EAGAIN: none waiting).
 */
int sock_recv_batch(int fd, struct sock_batch *b);
int sock_send(int fd, const uint8_t *buf, size_t len, const struct pkt_out *po);
/*
 * Build m, sign its Binding Authorization Data with kbm over (bad_coa |
 * bad_cn | MH) when kbm is not NULL (RFC 6275 6.2.7), set the checksum
 * and send it as po says. 0, or -1 with errno (build failures logged).
 */
int mh_send(struct daemon *d, struct mh_msg *m, const struct pkt_out *po,
	    const uint8_t *kbm, const struct in6_addr *bad_coa,
	    const struct in6_addr *bad_cn);
/*
 * The same with the RFC 4285 MN-HA authenticator (an AUTH option of
 * subtype MN-HA with spi) over (coa | hoa | MH) with key, when key is
 * not NULL.
 */
int mh_send_mnha(struct daemon *d, struct mh_msg *m, const struct pkt_out *po,
		 const struct conf_key *key, uint32_t spi,
		 const struct in6_addr *coa, const struct in6_addr *hoa);
/* A Binding Error (6.1.9) from src to to about hoa (NULL: none), logged. */
void mh_send_be(struct daemon *d, const struct in6_addr *src,
		const struct in6_addr *to, const struct in6_addr *hoa,
		uint8_t status);
int sock_send_icmp_hao(const uint8_t *msg, size_t len,
		       const struct in6_addr *coa, const struct in6_addr *hoa,
		       const struct in6_addr *dst);

/* ---- the DSMIPv6 UDP socket (udpsock.c, RFC 5555 4.1) ---- */

/*
 * A UDP socket on port (0: any), made the namespace's UDP tunnel socket
 * (IPMOB_CMD_UDP_SET). The fd, or -1 (logged).
 */
int udpsock_open(struct daemon *d, uint16_t port);
void udpsock_close(struct daemon *d);
/* its loop callback: Mobility Header messages in UDP to roles_mh() */
void udpsock_rx(struct daemon *d, int fd, void *data);
/* An MH (built, checksummed) from po->src to po->dst, in UDP to po->to4
 * port po->port. 0 or -1 with errno. */
int udpsock_send_mh(struct daemon *d, const uint8_t *mh, size_t len,
		    const struct pkt_out *po);

/* ---- gratuitous ARP (arpsock.c, RFC 5944 4.6) ---- */

/*
 * Announce that addr is at lla (Ethernet) on ifindex: now and twice more,
 * a second apart; a new announcement of the same address on the same
 * link replaces the old. arp_cancel(): stop every repetition for addr.
 */
void arp_announce(struct daemon *d, int ifindex, struct in_addr addr,
		  const uint8_t *lla, size_t lla_len);
void arp_cancel(struct daemon *d, struct in_addr addr);
void arpsock_close(struct daemon *d);

/* ---- rtnetlink (rtnl.c) ---- */

#define NS_MAX_LINKS	64
#define NS_MAX_ADDRS	256
#define NS_MAX_ADDRS4	64
#define NS_MAX_ROUTERS	32		/* of each family */

/*
 * A snapshot of the links, IPv6 addresses and default routers, and the
 * IPv4 addresses and default routers (DSMIPv6, RFC 5555: an IPv4
 * care-of address on an IPv4-only link). Each table is bounded; what
 * does not fit is left out.
 */
struct netstate {
	unsigned int n_links, n_addrs, n_routers;
	unsigned int n_addrs4, n_routers4;
	struct ns_link {
		int ifindex;
		unsigned int flags;		/* IFF_* */
		char name[IF_NAMESIZE];
	} links[NS_MAX_LINKS];
	struct ns_addr {
		struct in6_addr addr;
		unsigned int plen;
		int ifindex;
		uint32_t flags;			/* IFA_F_* */
		unsigned int scope;
	} addrs[NS_MAX_ADDRS];
	struct ns_router {
		struct in6_addr gw;
		int ifindex;
		bool linkdown;
	} routers[NS_MAX_ROUTERS];
	/* IFA_LOCAL (the interface's own address, IFA_ADDRESS may be a
	 * point-to-point peer's) or IFA_ADDRESS */
	struct ns_addr4 {
		struct in_addr addr;
		unsigned int plen;
		int ifindex;
		uint32_t flags;			/* IFA_F_* */
		unsigned int scope;		/* RT_SCOPE_* */
	} addrs4[NS_MAX_ADDRS4];
	/* main-table IPv4 default routes with a gateway (no expiry) */
	struct ns_router4 {
		struct in_addr gw;
		int ifindex;
		bool linkdown;			/* RTNH_F_LINKDOWN */
	} routers4[NS_MAX_ROUTERS];
};

int netstate_read(struct netstate *ns);
/*
 * Add what a buffer of rtnetlink dump replies (RTM_NEWLINK, RTM_NEWADDR,
 * RTM_NEWROUTE of AF_INET6 or AF_INET, as netstate_read() asks for them)
 * says to ns (netstate.c, no I/O; seq and portid 0: not checked).
 * Returns what mnl_cb_run() returns: MNL_CB_STOP at NLMSG_DONE,
 * MNL_CB_ERROR (errno set) on an error message or a malformed buffer,
 * MNL_CB_OK when more may follow.
 */
int netstate_parse(struct netstate *ns, const void *buf, size_t len,
		   unsigned int seq, unsigned int portid);
const struct ns_link *netstate_link(const struct netstate *ns, int ifindex);
/*
 * One netlink request on *sk (opened on bus the first time, kept open),
 * one ack: 0 or a negative errno.
 */
struct mnl_socket;
int nl_request(struct mnl_socket **sk, int bus, struct nlmsghdr *nlh);
/*
 * xfrm.c: the IPsec policies (ESP transport with reqid, required, RFC
 * 4877 4.2) of the Mobility Header in both directions between home
 * address and home agent, logged, and the Mobile Prefix Solicitation and
 * Advertisement's; at_ha: this node is the home agent. 0 or a negative
 * errno.
 */
int xfrm_mh_pair(const struct in6_addr *hoa, const struct in6_addr *ha,
		 uint32_t reqid, bool at_ha);
/*
 * The tunnel's policies of home address @hoa (security ikev2, RFC 4877
 * 4.1): ESP tunnel mode between @local and @peer (the care-of address and
 * the home agent, in this node's order) with @reqid, for HoTI and HoT or
 * (@payload) every packet; @ha: this node is the home agent. Replaces
 * those of the other kind. 0 or a negative errno, logged.
 */
int xfrm_tunnel_set(bool ha, const struct in6_addr *hoa,
		    const struct in6_addr *local, const struct in6_addr *peer,
		    uint32_t reqid, bool payload);
/* Removes them (none: 0). 0 or a negative errno. */
int xfrm_tunnel_clear(bool ha, const struct in6_addr *hoa, bool payload);
int rtnl_monitor_open(void);
bool rtnl_monitor_drain(void);
void rtnl_monitor_close(void);
int rtnl_link_up(int ifindex);
int rtnl_link_allmulti(int ifindex, bool on);

int rtnl_addr(int ifindex, const struct in6_addr *a, unsigned int plen,
	      bool add, bool nodad);
/* The same for an IPv4 address (DSMIPv6, RFC 5555): 0 or a negative
 * errno, errno set too. */
int rtnl_addr4(int ifindex, const struct in_addr *a, unsigned int plen,
	       bool add);
int rtnl_neigh_stale(int ifindex, const struct in6_addr *a,
		     const uint8_t *lla, size_t lla_len);
int rtnl_default_del(int ifindex, const struct in6_addr *gw);
int rtnl_srcroute(int ifindex, const struct in6_addr *gw,
		  const struct in6_addr *src, const struct in6_addr *dst,
		  bool add);
int rtnl_prefix_route(int ifindex, const struct in6_addr *gw,
		      const struct in6_addr *prefix, unsigned int plen,
		      bool add);
/*
 * A default route of family (AF_INET, AF_INET6) out of ifindex, no
 * gateway, at metric; added or deleted. 0 or a negative errno.
 */
int rtnl_default_dev(int family, int ifindex, uint32_t metric, bool add);
int sysctl_set(const char *fmt_path, const char *ifname, const char *value);
int link_lladdr(int ifindex, uint8_t *lla, size_t cap);
int ensure_ipmob_dev(struct daemon *d, const char *name);

/* ---- kernel bindings (kern.c) ---- */

int kern_binding_put(struct daemon *d, const struct ipmob_binding *b);
int kern_binding_del(struct daemon *d, const struct ipmob_binding *b);
/*
 * Replace the flow rules of the session b names (its key attributes) by
 * the n in f, in one step (FLOW_NEW with IPMOB_A_FLOW_REPLACE); n == 0 deletes
 * them all. 0 or a negative errno (logged).
 */
int kern_flows_set(struct daemon *d, const struct ipmob_binding *b,
		   const struct ipmob_flow *f, unsigned int n);

/* ---- the daemon ---- */

struct ha;
struct mn;
struct cn;
struct ro;

/* undo.c: the start-up journal */
#define UNDO_MAX	64
#define UNDO_PATH_MAX	256
#define UNDO_VALUE_MAX	64

struct undo_entry {
	enum { UNDO_SYSCTL, UNDO_DEV, UNDO_ALLMULTI } kind;
	char path[UNDO_PATH_MAX];	/* the sysctl's file, or the device */
	int ifindex;			/* UNDO_ALLMULTI: the link */
	char old[UNDO_VALUE_MAX];	/* the sysctl's value before */
};

struct undo {
	bool armed;			/* recording: start-up under way */
	unsigned int n;
	struct undo_entry e[UNDO_MAX];
};

struct daemon {
	struct ipmobd_conf conf;
	struct genl_sock req;		/* requests and dumps */
	struct genl_sock ev;		/* "events" notifications only */
	struct view view;		/* the kernel's binding table */
	int devindex;			/* the ipmob device */
	int mh_fd;			/* raw IPPROTO_MH */
	int icmp_fd;			/* raw ICMPv6 */
	int rtnl_fd;			/* rtnetlink monitor */
	int udp_fd;			/* DSMIPv6 UDP socket, -1: none */
	struct ha *ha;
	struct mn *mn;
	struct cn *cn;
	struct ro *ro;
	struct pd *pd;			/* the DHCPv6 relay (RFC 6276) */
	struct ike *ike;		/* charon over VICI (ike.c) */

	/* loop.c */
	struct timer *timers;
	unsigned int n_fds;
	struct {
		int fd;
		fd_cb_t cb;
		void *data;
	} fds[LOOP_MAX_FDS];
	bool stop;
	int status;

	struct undo undo;
};

/*
 * sysctl_set() that, during start-up, remembers the value it replaced;
 * undo_note_dev(): start-up created this ipmob device. undo_run():
 * start-up failed, put back what the journal holds, newest first.
 * undo_forget(): started, keep it all.
 */
int undo_sysctl_set(struct daemon *d, const char *fmt_path,
		    const char *ifname, const char *value);
void undo_note_dev(struct daemon *d, const char *name);
/*
 * All-multicast on the link (rtnl_link_allmulti()), journalled when it was
 * off. 0 or -1.
 */
int undo_link_allmulti(struct daemon *d, int ifindex, const char *name);
void undo_run(struct daemon *d);
void undo_forget(struct daemon *d);

/* ---- roles (ha.c, mn.c) ---- */

int ha_start(struct daemon *d);
void ha_stop(struct daemon *d);
/* the home agent's address on the home link (running) */
const struct in6_addr *ha_address(const struct daemon *d);
void ha_mh(struct daemon *d, const struct mh_msg *m, const uint8_t *buf,
	   size_t len, const struct pkt_info *pi);
void ha_icmp(struct daemon *d, const uint8_t *buf, size_t len,
	     const struct pkt_info *pi);
void ha_binding_event(struct daemon *d, uint8_t cmd,
		      const struct ipmob_binding *b);
void ha_berr_needed(struct daemon *d, const struct in6_addr *src,
		    const struct in6_addr *dst, const struct in6_addr *hoa,
		    unsigned int status, unsigned int mh_type);

/* cn.c: the correspondent node (RFC 6275 9) */
int cn_start(struct daemon *d);
void cn_stop(struct daemon *d);
void cn_mh(struct daemon *d, const struct mh_msg *m, const uint8_t *buf,
	   size_t len, const struct pkt_info *pi);
void cn_binding_event(struct daemon *d, uint8_t cmd,
		      const struct ipmob_binding *b);
void cn_berr_needed(struct daemon *d, const struct in6_addr *src,
		    const struct in6_addr *dst, const struct in6_addr *hoa,
		    unsigned int status);

/* ro.c: the mobile node's route optimisation (RFC 6275 11.6, 11.7.2) */
int ro_start(struct daemon *d);
void ro_stop(struct daemon *d);
void ro_hint(struct daemon *d, const struct in6_addr *hoa,
	     const struct in6_addr *cn);
void ro_registered(struct daemon *d, const struct in6_addr *ha,
		   const struct in6_addr *coa, uint32_t lifetime_s);
void ro_moved(struct daemon *d);
void ro_home(struct daemon *d);
/* true if the message came from a correspondent and was handled */
bool ro_mh(struct daemon *d, const uint8_t *buf, size_t len,
	   const struct mh_msg *m, const struct pkt_info *pi);
void ro_icmp(struct daemon *d, const uint8_t *buf, size_t len);
void ro_binding_event(struct daemon *d, uint8_t cmd,
		      const struct ipmob_binding *b);

int mn_start(struct daemon *d);
void mn_stop(struct daemon *d);
void mn_mh(struct daemon *d, const struct mh_msg *m, const uint8_t *buf,
	   size_t len, const struct pkt_info *pi);
void mn_icmp(struct daemon *d, const uint8_t *buf, size_t len,
	     const struct pkt_info *pi);
void mn_rtnl(struct daemon *d);		/* addresses/links/routes changed */
/*
 * RFC 6276 (pd.c): where the mobile router's co-located relay sends: its
 * home address and home agent's, with 1 while it is registered away
 * (through the tunnel), 0 at home, else -1; the prefixes a Reply to it delegated (valid 0:
 * withdrawn), which it then forwards as mobile network prefixes.
 */
struct dhcp6_pd;
int mn_pd_route(const struct daemon *d, struct in6_addr *hoa,
		struct in6_addr *ha);
void mn_pd_delegated(struct daemon *d, const struct dhcp6_pd *pd,
		     unsigned int n);
/*
 * The home agent's side (ha.c): the address its relay listens on;
 * whether hoa is a registered mobile router whose association may take
 * delegated prefixes (and, ifindex not 0, whether what came in on
 * ifindex can be from it: through the tunnel or on the home link); a
 * Reply delegated these prefixes to hoa: 0 once
 * they are routed to it, -1 (nothing changed, the Reply is not relayed)
 * if they may not be its.
 */
const struct in6_addr *ha_pd_addr(const struct daemon *d);
bool ha_pd_peer(struct daemon *d, const struct in6_addr *hoa, int ifindex);
int ha_pd_delegated(struct daemon *d, const struct in6_addr *hoa,
		    const struct dhcp6_pd *pd, unsigned int n);
/* the relay (pd.c) */
int pd_start(struct daemon *d);
void pd_stop(struct daemon *d);

/* RFC 7109: whether the mobile node takes this Flow Binding message
 * (an Indication, with multiple care-of addresses), and does */
bool mn_answers_fb(const struct daemon *d, const struct mh_msg *m);
void mn_fbi(struct daemon *d, const struct mh_msg *m, const uint8_t *buf,
	    size_t len, const struct pkt_info *pi);
void mn_binding_event(struct daemon *d, uint8_t cmd,
		      const struct ipmob_binding *b);

#endif /* IPMOB_DAEMON_H */
