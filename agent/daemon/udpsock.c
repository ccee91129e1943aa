// SPDX-License-Identifier: GPL-2.0
#define _GNU_SOURCE	/* recvmmsg() */
/*
 * udpsock.c - the UDP socket ipmobd signals on for Dual-Stack Mobile IPv6
 * (RFC 5555 4.1, 4.2): port 4191 on a home agent, any port on a mobile
 * node. Over it go Mobility Header messages as whole IPv6 packets in UDP
 * over IPv4 (the Binding Update of a mobile node on an IPv4-only link and
 * its acknowledgement), and the tunnelled traffic of the bindings whose
 * care-of record says UDP.
 *
 * The socket is the namespace's UDP tunnel socket (IPMOB_CMD_UDP_SET): the
 * kernel decapsulates what belongs to a session and leaves the rest here,
 * the Mobility Header messages among it (udp.c in the module). So the home
 * agent sees the address and port the NAT gave the mobile node (4.2), and
 * answers to them.
 *
 * An IPv4 socket: the care-of addresses that need UDP are IPv4 ones (an
 * IPv6 care-of address uses UDP only as the last resort of 4.4.1, which
 * ipmob does not take).
 */
#include <errno.h>
#include <string.h>
#include <syslog.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <sys/socket.h>
#include <libmnl/libmnl.h>

#include "daemon.h"
#include "dsmip.h"
#include "roles.h"
#include "util.h"

int udpsock_open(struct daemon *d, uint16_t port)
{
	char buf[256] __attribute__((aligned(8)));
	struct sockaddr_in s4 = { .sin_family = AF_INET,
				  .sin_port = htons(port) };
	struct nlmsghdr *nlh;
	struct genl_err e;
	int fd;

	fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC | SOCK_NONBLOCK,
		    IPPROTO_UDP);
	if (fd < 0)
		return -1;
	sock_set_rcvbuf(fd, 1024 * 1024);
	if (bind(fd, (const struct sockaddr *)&s4, sizeof(s4)) < 0) {
		logmsg(LOG_ERR, "cannot bind UDP port %u: %s", port,
		       strerror(errno));
		close(fd);
		return -1;
	}
	memset(buf, 0, NLMSG_HDRLEN + GENL_HDRLEN);
	nlh = genl_msg_start(buf, d->req.family_id, IPMOB_CMD_UDP_SET,
			     IPMOB_GENL_VERSION, 0);
	mnl_attr_put_u32(nlh, IPMOB_A_FD, (uint32_t)fd);
	if (genl_talk(&d->req, nlh, NULL, NULL, &e) < 0) {
		logmsg(LOG_ERR, "cannot make UDP port %u the tunnel socket: %s",
		       port, genl_strerror(&e));
		close(fd);
		return -1;
	}
	return fd;
}

void udpsock_close(struct daemon *d)
{
	if (d->udp_fd >= 0) {
		loop_del_fd(d, d->udp_fd);
		close(d->udp_fd);	/* the kernel lets go of it (encap_destroy) */
		d->udp_fd = -1;
	}
}

/*
 * What the kernel left in the socket: an IPv6 packet with a Mobility
 * Header goes to the roles as if it came on the Mobility Header socket,
 * its pkt_info saying where from (the outer IPv4 address and port);
 * anything else is dropped. A batch per wake-up, as the other sockets.
 */
void udpsock_rx(struct daemon *d, int fd, void *data)
{
	static uint8_t buf[SOCK_BATCH][MH_MAX_LEN + 64];
	struct sockaddr_in from[SOCK_BATCH];
	struct mmsghdr mm[SOCK_BATCH];
	struct iovec iov[SOCK_BATCH];
	char s[INET_ADDRSTRLEN];
	int got, i;

	(void)data;
	for (i = 0; i < SOCK_BATCH; i++) {
		iov[i].iov_base = buf[i];
		iov[i].iov_len = sizeof(buf[i]);
		memset(&mm[i], 0, sizeof(mm[i]));
		mm[i].msg_hdr.msg_name = &from[i];
		mm[i].msg_hdr.msg_namelen = sizeof(from[i]);
		mm[i].msg_hdr.msg_iov = &iov[i];
		mm[i].msg_hdr.msg_iovlen = 1;
	}
	got = recvmmsg(fd, mm, SOCK_BATCH, MSG_DONTWAIT, NULL);
	for (i = 0; i < got; i++) {
		struct dsmip_pkt p;
		struct pkt_info pi;
		int err;

		if ((mm[i].msg_hdr.msg_flags & MSG_TRUNC) ||
		    from[i].sin_family != AF_INET)
			continue;
		err = dsmip_parse(buf[i], mm[i].msg_len, &p);
		if (err) {
			logmsg_peer(LOG_DEBUG, "UDP datagram from %s port %u dropped: %s",
				    inet_ntop(AF_INET, &from[i].sin_addr, s,
					      sizeof(s)),
				    ntohs(from[i].sin_port),
				    dsmip_strerror(err));
			continue;
		}
		memset(&pi, 0, sizeof(pi));
		pi.src = p.src;
		pi.dst = p.dst;
		pi.hop_limit = p.hop_limit;
		pi.udp4 = true;
		pi.from4 = from[i].sin_addr;
		pi.sport = ntohs(from[i].sin_port);
		roles_mh(d, p.mh, p.mh_len, &pi);
	}
}

int udpsock_send_mh(struct daemon *d, const uint8_t *mh, size_t len,
		    const struct pkt_out *po)
{
	uint8_t buf[MH_MAX_LEN + 64];
	struct sockaddr_in to = { .sin_family = AF_INET,
				  .sin_port = htons(po->port),
				  .sin_addr = *po->to4 };
	int n;

	if (d->udp_fd < 0) {
		errno = ENOTCONN;
		return -1;
	}
	n = dsmip_build(buf, sizeof(buf), po->src, po->dst,
			po->hop_limit ? (uint8_t)po->hop_limit : 64, mh, len);
	if (n < 0) {
		errno = EMSGSIZE;
		return -1;
	}
	if (sendto(d->udp_fd, buf, (size_t)n, 0, (const struct sockaddr *)&to,
		   sizeof(to)) < 0)
		return -1;
	return 0;
}
