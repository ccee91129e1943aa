// SPDX-License-Identifier: GPL-2.0
/*
 * pd.c - DHCPv6 prefix delegation for mobile routers (RFC 6276): the
 * relay at both ends.
 *
 * On the mobile router, the relay co-located with its DHCPv6 client
 * (3.1): the client (dhcpcd, say) sends on [prefix-delegation]
 * client-link; each message goes to the home agent in a Relay-forward
 * from the home address (3.1.2: hop-count 1, link-address and
 * peer-address the home address), through the tunnel; the Relay-reply
 * that comes back is opened and its message handed to the client
 * (3.1.3).
 *
 * On the home agent, a second relay in front of the delegating server
 * ([prefix-delegation] server, ISC Kea say): it takes Relay-forwards only
 * from registered mobile routers whose security association may take
 * delegated prefixes (prefix-delegation yes), each through the tunnel
 * and about its own home address, and relays them on (RFC 8415 19.1.2);
 * in each Reply it hands back it reads the delegated prefixes (IA_PD)
 * and routes them to that router (3.1: "the HA would add an entry in its
 * binding cache registering the delegated prefix") before the router
 * learns them. Both ends read the Reply the same way (dhcp6.c), so the
 * router forwards by source what the home agent routes to it.
 *
 * The leases stay the server's business: renewal, rebinding and release
 * pass through; a prefix leaves when its valid lifetime ends or the
 * server (or the router's Release) says 0.
 */
#include <errno.h>
#include <net/if.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <syslog.h>
#include <unistd.h>

#include "daemon.h"
#include "dhcp6.h"
#include "util.h"

/**
 * struct pd - the relay
 * @d: the daemon
 * @fd: UDP socket on port 547
 * @client_ifindex: mobile router: the client's link (0 on a home agent)
 * @client: mobile router: the address the client last sent from (the
 *	Relay-reply names the home address, not the client: 3.1.2)
 * @has_client: @client is known
 * @in: the message being read
 * @out: the message being built
 */
struct pd {
	struct daemon *d;
	int fd;
	int client_ifindex;
	struct in6_addr client;
	bool has_client;
	uint8_t in[DHCP6_MAX_LEN];
	uint8_t out[DHCP6_MAX_LEN];
};

static const struct in6_addr all_dhcp = {	/* ff02::1:2, 7.1 */
	.s6_addr = { 0xff, 0x02, [13] = 0x01, [15] = 0x02 }
};

/* UDP from src (NULL: the kernel's choice) to dst:port, out of ifindex
 * when not 0 (a link-local destination) */
static int pd_send(struct pd *pd, const uint8_t *buf, size_t len,
		   const struct in6_addr *src, const struct in6_addr *dst,
		   uint16_t port, int ifindex)
{
	struct pkt_out po = { .src = src, .dst = dst, .port = port,
			      .ifindex = ifindex };

	if (sock_send(pd->fd, buf, len, &po) < 0) {
		char a[INET6_ADDRSTRLEN];

		logmsg(LOG_WARNING, "DHCPv6 to %s: %s", in6_str(dst, a),
		       strerror(errno));
		return -1;
	}
	return 0;
}

static bool client_type(uint8_t t)
{
	return t == DHCP6_SOLICIT || t == DHCP6_REQUEST ||
	       t == DHCP6_CONFIRM || t == DHCP6_RENEW ||
	       t == DHCP6_REBIND || t == DHCP6_RELEASE ||
	       t == DHCP6_DECLINE || t == DHCP6_INFO_REQUEST;
}

static bool server_type(uint8_t t)
{
	return t == DHCP6_ADVERTISE || t == DHCP6_REPLY ||
	       t == DHCP6_RECONFIGURE;
}

/*
 * A Release gives its prefixes back (RFC 8415 18.2.7): whatever
 * lifetimes it names, they are 0 from now.
 */
static void release_zero(struct dhcp6_info *m)
{
	unsigned int i;

	for (i = 0; i < m->n_pd; i++)
		m->pd[i].valid = m->pd[i].preferred = 0;
}

/* ---- the mobile router's relay (3.1) ---- */

static void mr_from_client(struct pd *pd, size_t len,
			   const struct pkt_info *pi)
{
	struct in6_addr hoa, ha;
	struct dhcp6_info m;
	char t[12];
	size_t n;

	if (dhcp6_msg_parse(pd->in, len, &m) < 0 || !client_type(m.type)) {
		logmsg_peer(LOG_INFO, "DHCPv6: malformed or unexpected message on %s dropped",
			    pd->d->conf.pd.client_link);
		return;
	}
	if (mn_pd_route(pd->d, &hoa, &ha) < 0) {
		logmsg_peer(LOG_INFO, "DHCPv6 %s dropped: not registered with a home agent yet (RFC 6276 3.1)",
			    dhcp6_type_name(m.type, t));
		return;
	}
	pd->client = pi->src;
	pd->has_client = true;
	/* 3.1.2: hop-count 1, link-address and peer-address the HoA */
	n = dhcp6_relay_build(pd->out, sizeof(pd->out), DHCP6_RELAY_FORW, 1,
			      &hoa, &hoa, pd->in, len);
	if (!n)
		return;
	if (m.type == DHCP6_RELEASE && m.n_pd) {
		release_zero(&m);
		mn_pd_delegated(pd->d, m.pd, m.n_pd);
	}
	if (pd_send(pd, pd->out, n, &hoa, &ha, DHCP6_SERVER_PORT, 0) == 0)
		logmsg(LOG_DEBUG, "DHCPv6 %s relayed to the home agent",
		       dhcp6_type_name(m.type, t));
}

static void mr_from_ha(struct pd *pd, size_t len, const struct pkt_info *pi)
{
	struct in6_addr hoa, ha;
	struct dhcp6_relay r;
	struct dhcp6_info m;
	char t[12];

	int away = mn_pd_route(pd->d, &hoa, &ha);

	/* from the home agent, and when away through the tunnel (whose
	 * outer source the data plane checked) */
	if (away < 0 || !IN6_ARE_ADDR_EQUAL(&pi->src, &ha) ||
	    (away && pi->ifindex != pd->d->devindex)) {
		logmsg_peer(LOG_INFO, "DHCPv6 from %s dropped: not the home agent through the tunnel",
			    in6_str(&pi->src, (char[INET6_ADDRSTRLEN]){ 0 }));
		return;
	}
	if (dhcp6_relay_parse(pd->in, len, &r) < 0 ||
	    r.type != DHCP6_RELAY_REPL ||
	    !IN6_ARE_ADDR_EQUAL(&r.peer, &hoa) ||
	    dhcp6_msg_parse(r.msg, r.msg_len, &m) < 0 ||
	    !server_type(m.type)) {
		logmsg_peer(LOG_INFO, "DHCPv6: malformed or unexpected message from the home agent dropped");
		return;
	}
	if (m.type == DHCP6_REPLY && m.n_pd)
		mn_pd_delegated(pd->d, m.pd, m.n_pd);
	if (!pd->has_client)
		return;
	if (pd_send(pd, r.msg, r.msg_len, NULL, &pd->client,
		    DHCP6_CLIENT_PORT, pd->client_ifindex) == 0)
		logmsg(LOG_DEBUG, "DHCPv6 %s handed to the client",
		       dhcp6_type_name(m.type, t));
}

/* ---- the home agent's relay ---- */

static void ha_from_mr(struct pd *pd, size_t len, const struct pkt_info *pi)
{
	const struct conf_pd *c = &pd->d->conf.pd;
	struct dhcp6_relay r;
	struct dhcp6_info m;
	char a[INET6_ADDRSTRLEN];
	size_t n;

	/* a registered mobile router, through its tunnel (or on the home
	 * link), relaying for itself only */
	if (!ha_pd_peer(pd->d, &pi->src, pi->ifindex)) {
		logmsg_peer(LOG_INFO, "DHCPv6 from %s dropped: not a registered mobile router that may take delegated prefixes",
			    in6_str(&pi->src, a));
		return;
	}
	if (dhcp6_relay_parse(pd->in, len, &r) < 0 ||
	    r.type != DHCP6_RELAY_FORW ||
	    !IN6_ARE_ADDR_EQUAL(&r.peer, &pi->src) ||
	    r.hops >= DHCP6_HOP_COUNT_LIMIT ||
	    dhcp6_msg_parse(r.msg, r.msg_len, &m) < 0 ||
	    !client_type(m.type)) {
		logmsg_peer(LOG_INFO, "DHCPv6 from %s dropped: not a Relay-forward of its own client's message (RFC 6276 3.1.2)",
			    in6_str(&pi->src, a));
		return;
	}
	if (m.type == DHCP6_RELEASE && m.n_pd) {
		release_zero(&m);
		ha_pd_delegated(pd->d, &pi->src, m.pd, m.n_pd);
	}
	/* RFC 8415 19.1.2: relayed on, one hop more */
	n = dhcp6_relay_build(pd->out, sizeof(pd->out), DHCP6_RELAY_FORW,
			      (uint8_t)(r.hops + 1), &pi->src, &pi->src,
			      pd->in, len);
	if (n)
		pd_send(pd, pd->out, n, ha_pd_addr(pd->d), &c->server,
			DHCP6_SERVER_PORT, 0);
}

static void ha_from_server(struct pd *pd, size_t len)
{
	struct dhcp6_relay outer, inner;
	struct dhcp6_info m;
	char a[INET6_ADDRSTRLEN];

	if (dhcp6_relay_parse(pd->in, len, &outer) < 0 ||
	    outer.type != DHCP6_RELAY_REPL ||
	    dhcp6_relay_parse(outer.msg, outer.msg_len, &inner) < 0 ||
	    inner.type != DHCP6_RELAY_REPL ||
	    !IN6_ARE_ADDR_EQUAL(&inner.peer, &outer.peer) ||
	    dhcp6_msg_parse(inner.msg, inner.msg_len, &m) < 0 ||
	    !server_type(m.type)) {
		logmsg_peer(LOG_INFO, "DHCPv6: malformed or unexpected message from the server dropped");
		return;
	}
	if (!ha_pd_peer(pd->d, &outer.peer, 0))
		return;		/* deregistered meanwhile */
	/* 3.1: routed before the router hears of it */
	if (m.type == DHCP6_REPLY && m.n_pd &&
	    ha_pd_delegated(pd->d, &outer.peer, m.pd, m.n_pd) < 0)
		return;
	pd_send(pd, outer.msg, outer.msg_len, ha_pd_addr(pd->d), &outer.peer,
		DHCP6_SERVER_PORT, 0);
	logmsg(LOG_DEBUG, "DHCPv6 reply relayed to %s",
	       in6_str(&outer.peer, a));
}

static void pd_readable(struct daemon *d, int fd, void *data)
{
	struct pd *pd = data;
	struct pkt_info pi;
	unsigned int budget;
	ssize_t n;

	(void)d;
	for (budget = 0; budget < SOCK_BATCH; budget++) {
		n = sock_recv(fd, pd->in, sizeof(pd->in), &pi);
		if (n < 0)
			return;
		if (pd->client_ifindex) {
			/* the client's port is privileged (RFC 8415
			 * 7.2): not any local user's */
			if (pi.ifindex == pd->client_ifindex &&
			    IN6_IS_ADDR_LINKLOCAL(&pi.src) &&
			    pi.sport == DHCP6_CLIENT_PORT)
				mr_from_client(pd, (size_t)n, &pi);
			else if (pi.sport == DHCP6_SERVER_PORT)
				mr_from_ha(pd, (size_t)n, &pi);
		} else if (pi.sport != DHCP6_SERVER_PORT) {
			continue;	/* relays and servers send from 547 */
		} else if (IN6_ARE_ADDR_EQUAL(&pi.src,
					      &pd->d->conf.pd.server)) {
			ha_from_server(pd, (size_t)n);
		} else {
			ha_from_mr(pd, (size_t)n, &pi);
		}
	}
}

int pd_start(struct daemon *d)
{
	const struct conf_pd *c = &d->conf.pd;
	struct sockaddr_in6 sa = { .sin6_family = AF_INET6,
				   .sin6_port = htons(DHCP6_SERVER_PORT) };
	char a[INET6_ADDRSTRLEN];
	struct pd *pd;
	int one = 1;

	pd = calloc(1, sizeof(*pd));
	if (!pd)
		return -1;
	pd->d = d;
	pd->fd = -1;
	d->pd = pd;
	if (c->client_link[0]) {
		pd->client_ifindex = (int)if_nametoindex(c->client_link);
		if (!pd->client_ifindex) {
			logmsg(LOG_ERR, "[prefix-delegation] client-link %s does not exist",
			       c->client_link);
			return -1;
		}
	} else {
		if (!ha_pd_addr(d))
			return -1;
		sa.sin6_addr = *ha_pd_addr(d);
	}
	pd->fd = socket(AF_INET6, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (pd->fd < 0 ||
	    setsockopt(pd->fd, IPPROTO_IPV6, IPV6_V6ONLY, &one,
		       sizeof(one)) < 0 ||
	    setsockopt(pd->fd, IPPROTO_IPV6, IPV6_RECVPKTINFO, &one,
		       sizeof(one)) < 0 ||
	    bind(pd->fd, (struct sockaddr *)&sa, sizeof(sa)) < 0) {
		logmsg(LOG_ERR, "DHCPv6 relay: cannot listen on [%s]:%u: %s",
		       in6_str(&sa.sin6_addr, a), DHCP6_SERVER_PORT,
		       strerror(errno));
		return -1;
	}
	if (pd->client_ifindex) {
		struct ipv6_mreq mr = {
			.ipv6mr_multiaddr = all_dhcp,
			.ipv6mr_interface = (unsigned int)pd->client_ifindex,
		};

		if (setsockopt(pd->fd, IPPROTO_IPV6, IPV6_JOIN_GROUP, &mr,
			       sizeof(mr)) < 0) {
			logmsg(LOG_ERR, "DHCPv6 relay: cannot join ff02::1:2 on %s: %s",
			       c->client_link, strerror(errno));
			return -1;
		}
	}
	if (loop_add_fd(d, pd->fd, pd_readable, pd) < 0)
		return -1;
	if (pd->client_ifindex)
		logmsg(LOG_INFO, "DHCPv6 relay for the client on %s (RFC 6276 3.1)",
		       c->client_link);
	else
		logmsg(LOG_INFO, "DHCPv6 relay on [%s]:%u to the server %s (RFC 6276)",
		       in6_str(&sa.sin6_addr, a), DHCP6_SERVER_PORT,
		       in6_str(&c->server, (char[INET6_ADDRSTRLEN]){ 0 }));
	return 0;
}

void pd_stop(struct daemon *d)
{
	struct pd *pd = d->pd;

	if (!pd)
		return;
	if (pd->fd >= 0) {
		loop_del_fd(d, pd->fd);
		close(pd->fd);
	}
	free(pd);
	d->pd = NULL;
}
