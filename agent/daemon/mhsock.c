// SPDX-License-Identifier: GPL-2.0
/*
 * mhsock.c - the raw sockets ipmobd signals on: IPPROTO_MH (Mobility
 * Header) and ICMPv6 (DHAAD, mobile prefix discovery, ND on behalf of
 * registered home addresses).
 *
 * Receiving: ipmob.ko has already processed the mobility extension
 * headers of an accepted packet (RFC 6275 9.3.1, 11.3.3) - the source
 * is the home address and the Home Address option, retyped to
 * IPMOB_HAO_DONE_TYPE, holds the care-of address; likewise a type 2
 * routing header is retyped to IPMOB_RH2_DONE_TYPE and holds the
 * care-of address the packet was sent to. Both come up as ancillary
 * data (IPV6_RECVDSTOPTS, IPV6_RECVRTHDR).
 *
 * Sending: the Home Address option (6.3) and the type 2 routing header
 * (6.4) go down as ancillary data; the Mobility Header checksum is
 * computed by the codec, not by the kernel (its pseudo-header uses the
 * home address, 6.1.1).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <string.h>
#include <sys/socket.h>
#include <syslog.h>
#include <unistd.h>
#include <netinet/icmp6.h>
#include <netinet/ip6.h>
#include <linux/ipmob.h>

#include "daemon.h"
#include "auth.h"
#include "mh.h"
#include "util.h"
#include "nd.h"

static int set_on(int fd, int level, int opt)
{
	int on = 1;

	return setsockopt(fd, level, opt, &on, sizeof(on));
}

static int common_opts(int fd)
{
	if (set_on(fd, IPPROTO_IPV6, IPV6_RECVPKTINFO) < 0 ||
	    set_on(fd, IPPROTO_IPV6, IPV6_RECVHOPLIMIT) < 0 ||
	    set_on(fd, IPPROTO_IPV6, IPV6_RECVDSTOPTS) < 0 ||
	    set_on(fd, IPPROTO_IPV6, IPV6_RECVRTHDR) < 0)
		return -1;
	return 0;
}

/*
 * The Mobility Header socket's receive buffer: the default (rmem_default,
 * 208 KiB) holds about 150 messages, a few milliseconds of a flood, so a
 * mobile node's BU that arrives while the daemon is off the CPU is lost
 * and waits for its retransmission. 4 MiB hold some 3,000: the daemon
 * catches up (it checks a forged BU in about a microsecond) before they
 * overflow. SO_RCVBUFFORCE goes past rmem_max (CAP_NET_ADMIN, held at
 * start-up); SO_RCVBUF up to rmem_max is the fallback.
 */
#define MH_RCVBUF	(4 * 1024 * 1024)

int mhsock_open(void)
{
	int fd = socket(AF_INET6, SOCK_RAW | SOCK_CLOEXEC | SOCK_NONBLOCK,
			IPPROTO_MH);

	if (fd < 0)
		return -1;
	sock_set_rcvbuf(fd, MH_RCVBUF);
	/*
	 * Linux checksums raw IPPROTO_MH sockets itself (offset 4) with the
	 * packet's own addresses: wrong for a BU with a Home Address option,
	 * whose pseudo-header uses the home address (6.1.1). The codec
	 * computes and verifies the checksum instead.
	 */
	if (common_opts(fd) < 0 ||
	    setsockopt(fd, IPPROTO_IPV6, IPV6_CHECKSUM, &(int){ -1 },
		       sizeof(int)) < 0) {
		close(fd);
		return -1;
	}
	return fd;
}

int icmp6sock_open(void)
{
	struct icmp6_filter f;
	int fd = socket(AF_INET6, SOCK_RAW | SOCK_CLOEXEC | SOCK_NONBLOCK,
			IPPROTO_ICMPV6);

	if (fd < 0)
		return -1;
	ICMP6_FILTER_SETBLOCKALL(&f);
	ICMP6_FILTER_SETPASS(ND_ROUTER_ADVERT, &f);
	ICMP6_FILTER_SETPASS(ND_NEIGHBOR_ADVERT, &f);
	ICMP6_FILTER_SETPASS(144, &f);	/* DHAAD request */
	ICMP6_FILTER_SETPASS(145, &f);	/* DHAAD reply */
	ICMP6_FILTER_SETPASS(146, &f);	/* mobile prefix solicitation */
	ICMP6_FILTER_SETPASS(147, &f);	/* mobile prefix advertisement */
	ICMP6_FILTER_SETPASS(ICMP6_PARAM_PROB, &f);	/* RFC 6275 5.2.9 */
	/*
	 * What this socket multicasts it sends for others (a home agent's
	 * advertisement for a home address, 10.4.1), as the kernel's own
	 * ND socket does: no copy to this node, whose ndisc would take the
	 * home agent's own link-layer address for the home address and
	 * later send the mobile node's packets back home to itself.
	 */
	if (setsockopt(fd, IPPROTO_ICMPV6, ICMP6_FILTER, &f, sizeof(f)) < 0 ||
	    setsockopt(fd, IPPROTO_IPV6, IPV6_MULTICAST_LOOP, &(int){ 0 },
		       sizeof(int)) < 0 ||
	    common_opts(fd) < 0) {
		close(fd);
		return -1;
	}
	return fd;
}

/* The care-of address of a processed Home Address option, if any. */
static bool find_hao(const uint8_t *opt, size_t len, struct in6_addr *coa)
{
	size_t p = 2;

	if (len < 2 || (size_t)(opt[1] + 1) * 8 != len)
		return false;
	while (p < len) {
		if (opt[p] == 0) {		/* Pad1 */
			p++;
			continue;
		}
		if (p + 2 > len || p + 2 + opt[p + 1] > len)
			return false;
		if ((opt[p] == IPMOB_HAO_DONE_TYPE) &&
		    opt[p + 1] == sizeof(*coa)) {
			memcpy(coa, opt + p + 2, sizeof(*coa));
			return true;
		}
		p += 2 + (size_t)opt[p + 1];
	}
	return false;
}

/* What the ancillary data of one received message says, into pi. */
static void parse_cmsgs(struct msghdr *msg, struct pkt_info *pi)
{
	struct cmsghdr *c;

	for (c = CMSG_FIRSTHDR(msg); c; c = CMSG_NXTHDR(msg, c)) {
		const uint8_t *data = CMSG_DATA(c);
		size_t dlen = c->cmsg_len - CMSG_LEN(0);

		if (c->cmsg_level != IPPROTO_IPV6)
			continue;
		switch (c->cmsg_type) {
		case IPV6_PKTINFO: {
			struct in6_pktinfo info;

			if (dlen < sizeof(info))
				break;
			memcpy(&info, data, sizeof(info));
			pi->dst = info.ipi6_addr;
			pi->ifindex = (int)info.ipi6_ifindex;
			break;
		}
		case IPV6_HOPLIMIT:
			if (dlen >= sizeof(int))
				memcpy(&pi->hop_limit, data, sizeof(int));
			break;
		case IPV6_DSTOPTS:
			if (find_hao(data, dlen, &pi->hao))
				pi->has_hao = true;
			break;
		case IPV6_RTHDR:
			/* the processed type 2 header: 24 octets, 6.4 */
			if (dlen == 24 && data[1] == 2 &&
			    data[2] == IPMOB_RH2_DONE_TYPE) {
				memcpy(&pi->rh2, data + 8, sizeof(pi->rh2));
				pi->has_rh2 = true;
			}
			break;
		}
	}
}

static void pkt_info_init(struct pkt_info *pi, const struct sockaddr_in6 *from)
{
	memset(pi, 0, sizeof(*pi));
	pi->hop_limit = -1;
	pi->src = from->sin6_addr;
	pi->sport = ntohs(from->sin6_port);
}

ssize_t sock_recv(int fd, uint8_t *buf, size_t cap, struct pkt_info *pi)
{
	union {
		struct cmsghdr align;
		uint8_t buf[SOCK_CMSG_LEN];
	} cbuf;
	struct sockaddr_in6 from;
	struct iovec iov = { .iov_base = buf, .iov_len = cap };
	struct msghdr msg = {
		.msg_name = &from, .msg_namelen = sizeof(from),
		.msg_iov = &iov, .msg_iovlen = 1,
		.msg_control = cbuf.buf, .msg_controllen = sizeof(cbuf.buf),
	};
	ssize_t n;

	n = recvmsg(fd, &msg, 0);
	if (n < 0)
		return -1;
	pkt_info_init(pi, &from);
	if (msg.msg_flags & MSG_TRUNC) {
		errno = EMSGSIZE;
		return -1;
	}
	parse_cmsgs(&msg, pi);
	return n;
}

int sock_recv_batch(int fd, struct sock_batch *b)
{
	struct mmsghdr mm[SOCK_BATCH];
	struct iovec iov[SOCK_BATCH];
	unsigned int i, n = 0;
	int got;

	for (i = 0; i < SOCK_BATCH; i++) {
		iov[i].iov_base = b->slot[i].buf;
		iov[i].iov_len = sizeof(b->slot[i].buf);
		memset(&mm[i], 0, sizeof(mm[i]));
		mm[i].msg_hdr.msg_name = &b->slot[i].from;
		mm[i].msg_hdr.msg_namelen = sizeof(b->slot[i].from);
		mm[i].msg_hdr.msg_iov = &iov[i];
		mm[i].msg_hdr.msg_iovlen = 1;
		mm[i].msg_hdr.msg_control = b->slot[i].cbuf;
		mm[i].msg_hdr.msg_controllen = sizeof(b->slot[i].cbuf);
	}
	got = recvmmsg(fd, mm, SOCK_BATCH, MSG_DONTWAIT, NULL);
	if (got < 0)
		return -1;
	for (i = 0; i < (unsigned int)got; i++) {
		struct sock_slot *s = &b->slot[i];

		/* a truncated message is dropped, as sock_recv() does */
		s->skip = mm[i].msg_hdr.msg_flags & MSG_TRUNC;
		if (s->skip)
			continue;
		pkt_info_init(&s->pi, &s->from);
		parse_cmsgs(&mm[i].msg_hdr, &s->pi);
		s->len = mm[i].msg_len;
		n++;
	}
	b->n = (unsigned int)got;
	return (int)n;
}

int sock_send(int fd, const uint8_t *buf, size_t len, const struct pkt_out *po)
{
	union {
		struct cmsghdr align;
		uint8_t buf[CMSG_SPACE(sizeof(struct in6_pktinfo)) +
			    CMSG_SPACE(sizeof(int)) + CMSG_SPACE(24) +
			    CMSG_SPACE(24)];
	} cbuf;
	struct sockaddr_in6 to = { .sin6_family = AF_INET6 };
	struct iovec iov = { .iov_base = (void *)buf, .iov_len = len };
	struct msghdr msg = {
		.msg_name = &to, .msg_namelen = sizeof(to),
		.msg_iov = &iov, .msg_iovlen = 1,
		.msg_control = cbuf.buf,
	};
	struct in6_pktinfo info;
	struct cmsghdr *c;
	size_t clen = 0;

	memset(&cbuf, 0, sizeof(cbuf));
	to.sin6_addr = *po->dst;
	to.sin6_port = htons(po->port);
	msg.msg_controllen = sizeof(cbuf.buf);
	c = CMSG_FIRSTHDR(&msg);

	memset(&info, 0, sizeof(info));
	if (po->src)
		info.ipi6_addr = *po->src;
	info.ipi6_ifindex = (unsigned int)po->ifindex;
	c->cmsg_level = IPPROTO_IPV6;
	c->cmsg_type = IPV6_PKTINFO;
	c->cmsg_len = CMSG_LEN(sizeof(info));
	memcpy(CMSG_DATA(c), &info, sizeof(info));
	clen += CMSG_SPACE(sizeof(info));

	if (po->hop_limit) {
		c = CMSG_NXTHDR(&msg, c);
		c->cmsg_level = IPPROTO_IPV6;
		c->cmsg_type = IPV6_HOPLIMIT;
		c->cmsg_len = CMSG_LEN(sizeof(int));
		memcpy(CMSG_DATA(c), &po->hop_limit, sizeof(int));
		clen += CMSG_SPACE(sizeof(int));
	}
	if (po->hoa || po->hao_coa) {
		/*
		 * Destination Options header: PadN(4) puts the Home Address
		 * option at offset 6, its 8n+6 alignment (6.3); 24 octets.
		 * Under IPsec the option holds the care-of address and a type
		 * of ipmob's, and ipmob.ko swaps it with the source (the home
		 * address) after ESP (uapi/linux/ipmob.h IPMOB_HAO_TX_TYPE).
		 */
		uint8_t *o;

		c = CMSG_NXTHDR(&msg, c);
		c->cmsg_level = IPPROTO_IPV6;
		c->cmsg_type = IPV6_DSTOPTS;
		c->cmsg_len = CMSG_LEN(24);
		o = CMSG_DATA(c);
		memset(o, 0, 24);
		o[1] = 2;		/* (2 + 1) * 8 octets */
		o[2] = 1;		/* PadN */
		o[3] = 2;
		o[6] = po->hoa ? 201 : IPMOB_HAO_TX_TYPE; /* IPV6_TLV_HAO */
		o[7] = 16;
		memcpy(o + 8, po->hoa ? po->hoa : po->hao_coa, 16);
		clen += CMSG_SPACE(24);
	}
	if (po->rh2_coa) {
		/* type 2 routing header, 6.4: the kernel swaps dst and addr */
		uint8_t *r;

		c = CMSG_NXTHDR(&msg, c);
		c->cmsg_level = IPPROTO_IPV6;
		c->cmsg_type = IPV6_RTHDR;
		c->cmsg_len = CMSG_LEN(24);
		r = CMSG_DATA(c);
		memset(r, 0, 24);
		r[1] = 2;
		r[2] = 2;		/* type 2 */
		r[3] = 1;		/* segments left */
		memcpy(r + 8, po->rh2_coa, 16);
		clen += CMSG_SPACE(24);
	}
	msg.msg_controllen = clen;
	if (sendmsg(fd, &msg, 0) < 0)
		return -1;
	return 0;
}

/*
 * An ICMPv6 message with a Home Address option (Mobile Prefix
 * Solicitation, 11.4.3): its checksum uses the home address (6.3), which
 * the kernel's ICMPv6 sockets cannot be told, so the whole packet is
 * built here and sent on an IPPROTO_RAW socket.
 */
int sock_send_icmp_hao(const uint8_t *msg, size_t len,
		       const struct in6_addr *coa, const struct in6_addr *hoa,
		       const struct in6_addr *dst)
{
	uint8_t pkt[40 + 24 + 1280];
	struct sockaddr_in6 to = { .sin6_family = AF_INET6 };
	uint16_t ck;
	ssize_t n;
	int fd;

	if (len < 4 || len > 1280)
		return -1;
	memset(pkt, 0, 64);
	pkt[0] = 0x60;
	pkt[4] = (uint8_t)((24 + len) >> 8);
	pkt[5] = (uint8_t)(24 + len);
	pkt[6] = 60;			/* Destination Options */
	pkt[7] = 64;
	memcpy(pkt + 8, coa, 16);
	memcpy(pkt + 24, dst, 16);
	pkt[40] = 58;			/* ICMPv6 */
	pkt[41] = 2;
	pkt[42] = 1;			/* PadN(4): HAO at 8n+6 */
	pkt[43] = 2;
	pkt[46] = 201;
	pkt[47] = 16;
	memcpy(pkt + 48, hoa, 16);
	memcpy(pkt + 64, msg, len);
	pkt[64 + 2] = pkt[64 + 3] = 0;
	ck = nd_checksum(pkt + 64, len, hoa, dst);
	pkt[64 + 2] = (uint8_t)(ck >> 8);
	pkt[64 + 3] = (uint8_t)ck;
	fd = socket(AF_INET6, SOCK_RAW | SOCK_CLOEXEC, IPPROTO_RAW);
	if (fd < 0)
		return -1;
	to.sin6_addr = *dst;
	n = sendto(fd, pkt, 64 + len, 0, (struct sockaddr *)&to, sizeof(to));
	close(fd);
	return n < 0 ? -1 : 0;
}

/* mh_build() into buf, a failure logged (-1, errno EINVAL) */
static int mh_build_logged(struct mh_msg *m, uint8_t *buf, size_t cap)
{
	int len = mh_build(m, buf, cap);

	if (len < 0) {
		logmsg(LOG_ERR, "cannot build a %s: %s", mh_type_name(m->type),
		       mh_strerror(-len));
		errno = EINVAL;
		return -1;
	}
	return len;
}

int mh_send(struct daemon *d, struct mh_msg *m, const struct pkt_out *po,
	    const uint8_t *kbm, const struct in6_addr *bad_coa,
	    const struct in6_addr *bad_cn)
{
	uint8_t buf[MH_MAX_LEN];
	int len;

	len = mh_build_logged(m, buf, sizeof(buf));
	if (len < 0)
		return -1;
	/* RFC 6275 6.2.7: BAD over care-of address | correspondent | MH */
	if (kbm && rr_bad_sign(kbm, bad_coa, bad_cn, buf, (size_t)len, m) < 0) {
		logmsg(LOG_ERR, "cannot sign a %s", mh_type_name(m->type));
		errno = EINVAL;
		return -1;
	}
	/* 6.1.1: with a Home Address option, the home address is the source */
	mh_finish(buf, (size_t)len, po->hoa ? po->hoa : po->src, po->dst);
	return sock_send(d->mh_fd, buf, (size_t)len, po);
}

int mh_send_mnha(struct daemon *d, struct mh_msg *m, const struct pkt_out *po,
		 const struct conf_key *key, uint32_t spi,
		 const struct in6_addr *coa, const struct in6_addr *hoa)
{
	uint8_t buf[MH_MAX_LEN];
	int len;

	if (key) {
		m->opts |= MH_OPT(MHOPT_AUTH);
		m->auth.subtype = MH_AUTH_MN_HA;
		m->auth.spi = spi;
	}
	len = mh_build_logged(m, buf, sizeof(buf));
	if (len < 0)
		return -1;
	/* RFC 4285 5.1 */
	if (key && auth_mnha_sign(key->key, key->len, coa, hoa, buf,
				  (size_t)len, m) < 0) {
		logmsg(LOG_ERR, "cannot sign a %s", mh_type_name(m->type));
		errno = EINVAL;
		return -1;
	}
	mh_finish(buf, (size_t)len, po->hoa ? po->hoa : po->src, po->dst);
	return sock_send(d->mh_fd, buf, (size_t)len, po);
}

void mh_send_be(struct daemon *d, const struct in6_addr *src,
		const struct in6_addr *to, const struct in6_addr *hoa,
		uint8_t status)
{
	struct pkt_out po = { .src = src, .dst = to };
	char t[INET6_ADDRSTRLEN];
	struct mh_msg m;

	/*
	 * 9.3.3: to the packet's source on the wire, never to one that is
	 * not unicast; sent to whoever sent the packet: rate limited
	 */
	if (IN6_IS_ADDR_MULTICAST(to) || IN6_IS_ADDR_UNSPECIFIED(to) ||
	    !reply_ok())
		return;
	memset(&m, 0, sizeof(m));
	m.type = MH_BE;
	m.be.status = status;
	if (hoa)
		m.be.hoa = *hoa;
	if (mh_send(d, &m, &po, NULL, NULL, NULL) < 0)
		logmsg_peer(LOG_WARNING, "sending BE to %s: %s",
			    in6_str(to, t), strerror(errno));
	else
		logmsg_peer(LOG_INFO, "BE sent to %s: status %u",
			    in6_str(to, t), status);
}
