// SPDX-License-Identifier: GPL-2.0
/*
 * bugen - Binding Update load generator for the signalling benchmark
 * (tools/testing/bench/sig.sh, Documentation/performance.md).
 *
 * Registers home addresses H_(K+1) .. H_(K+N) (PREFIX:1:0:X:Y for H_i,
 * i = X << 16 | Y; K is -o OFFSET, default 0)
 * with a home agent: one Binding Update per home address (RFC 6275
 * 6.1.7; flags A and H) from the care-of address, with a Home Address
 * option, the Mobile Node Identifier (RFC 4283, NAI), the Mobility
 * Message Replay Protection option (RFC 4285 6, an NTP timestamp that
 * rises with every message, as the home agent keeps the last one per
 * security association) and the MN-HA authentication option (RFC 4285
 * 5.1).  The messages are built with the agent's own codec (mh.c) and
 * signed with its auth.c.  At most W are outstanding at a time.
 *
 * The Binding Acknowledgements come to the care-of address with a type 2
 * routing header naming the home address; the kernel discards them (the
 * home address is not local), so they are read from an AF_PACKET socket
 * on the care-of interface and parsed strictly: IPv6 header, routing
 * header type 2 with one address (6.4), Mobility Header (checksum over
 * the home address, mh_parse), type BA, the authenticator verified with
 * the key (auth_mnha_verify).  A BA is matched to its home address (the
 * routing header) and sequence number.  A BU unanswered for TIMEOUT ms
 * is sent again (new sequence number and timestamp), up to RETRIES
 * times.
 *
 * Output (stdout), one "key value" per line: count, complete, sent,
 * retransmitted, answered, accepted, lost, late (BAs answering an
 * earlier transmission of a home address already answered or sent
 * again), bad (BAs not parsed or not matching),
 * authfail (BAs whose authenticator is wrong), status_S (BAs of status
 * S), secs, bu_per_s (accepted / secs), p50_ms, p99_ms, max_ms
 * (BU -> accepting BA, first transmission only), and rate_D (accepted
 * per second in the D-th tenth of the home addresses, D = 1 .. 10).
 * With -l FILE, the latency of each accepted home address in ms.
 * With -d SECS, no new home address is started after SECS seconds:
 * count is then the number started and complete 0.
 * Exit status 0 when every home address was accepted, 1 otherwise, 2
 * on bad usage.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <getopt.h>
#include <linux/if_packet.h>
#include <net/ethernet.h>
#include <net/if.h>
#include <netinet/ip6.h>
#include <poll.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "mh.h"
#include "auth.h"
#include "util.h"

#define HAO_OPT		201	/* RFC 6275 6.3 */
#define DSTOPT_LEN	24	/* PadN(4) + HAO (18) + 2: 8n+6 alignment */
#define PKT_MAX		(40 + DSTOPT_LEN + 256)

struct hoa_state {
	uint64_t t_sent;	/* ns, CLOCK_MONOTONIC; 0: not outstanding */
	uint64_t t_first;	/* first transmission */
	uint32_t lat_us;	/* BU -> accepting BA, UINT32_MAX: none */
	uint16_t seq;
	uint8_t tries;
	uint8_t status;
	bool done;
};

static struct {
	struct in6_addr coa, ha, prefix;
	const char *ifname, *nai, *latfile;
	uint8_t key[AUTH_KEY_MAX];
	size_t keylen;
	uint32_t spi, n, offset, window, timeout_ms, retries, lifetime, deadline_s;
} o = { .window = 64, .timeout_ms = 3000, .retries = 3, .lifetime = 600 };

static void die(const char *fmt, const char *arg)
{
	fprintf(stderr, "bugen: ");
	fprintf(stderr, fmt, arg);
	fputc('\n', stderr);
	exit(2);
}

static uint64_t mono_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

/* H_(OFFSET + i): PREFIX (the first 64 bits) : 1 : 0 : j >> 16 : j & 0xffff */
static void hoa_of(uint32_t i, struct in6_addr *a)
{
	i += o.offset;
	*a = o.prefix;
	memset(&a->s6_addr[8], 0, 8);
	a->s6_addr[9] = 1;
	a->s6_addr[12] = (uint8_t)(i >> 24);
	a->s6_addr[13] = (uint8_t)(i >> 16);
	a->s6_addr[14] = (uint8_t)(i >> 8);
	a->s6_addr[15] = (uint8_t)i;
}

/* i of H_(OFFSET + i), or 0 when a is none of them */
static uint32_t index_of(const struct in6_addr *a)
{
	static const uint8_t iid[4] = { 0, 1, 0, 0 };
	uint32_t i;

	if (memcmp(a->s6_addr, o.prefix.s6_addr, 8) ||
	    memcmp(&a->s6_addr[8], iid, 4))
		return 0;
	i = (uint32_t)a->s6_addr[12] << 24 | (uint32_t)a->s6_addr[13] << 16 |
	    (uint32_t)a->s6_addr[14] << 8 | a->s6_addr[15];
	return i > o.offset && i - o.offset <= o.n ? i - o.offset : 0;
}

/* the replay protection timestamp: NTP time, above the last one sent */
static uint64_t next_ts(void)
{
	static uint64_t last;
	struct timespec now;
	uint64_t ts;

	clock_gettime(CLOCK_REALTIME, &now);
	ts = ntp_from_timespec(&now);
	if (ts <= last)
		ts = last + 1;
	last = ts;
	return ts;
}

/* Build the whole IPv6 packet of a BU for H_i with sequence seq. */
static int build_bu(uint32_t i, uint16_t seq, uint8_t *pkt)
{
	struct ip6_hdr *ip = (struct ip6_hdr *)pkt;
	uint8_t *d = pkt + sizeof(*ip), *mh = d + DSTOPT_LEN;
	struct in6_addr hoa;
	struct mh_msg m;
	size_t nai = strlen(o.nai);
	int len;

	hoa_of(i, &hoa);
	memset(&m, 0, sizeof(m));
	m.type = MH_BU;
	m.bu.seq = seq;
	m.bu.flags = MH_BU_F_A | MH_BU_F_H;
	m.bu.lifetime = (uint16_t)(o.lifetime / 4);
	m.opts = MH_OPT(MHOPT_MNID) | MH_OPT(MHOPT_MESGID) | MH_OPT(MHOPT_AUTH);
	m.mnid.subtype = MH_MNID_NAI;
	m.mnid.len = (uint8_t)nai;
	memcpy(m.mnid.id, o.nai, nai);
	m.timestamp = next_ts();
	m.auth.subtype = MH_AUTH_MN_HA;
	m.auth.spi = o.spi;
	len = mh_build(&m, mh, PKT_MAX - sizeof(*ip) - DSTOPT_LEN);
	if (len < 0) {
		fprintf(stderr, "bugen: cannot build a BU: %s\n", mh_strerror(-len));
		return -1;
	}
	if (auth_mnha_sign(o.key, o.keylen, &o.coa, &hoa, mh, (size_t)len, &m) < 0) {
		fprintf(stderr, "bugen: cannot sign a BU\n");
		return -1;
	}
	/* 6.1.1: with a Home Address option the pseudo-header's source is
	 * the home address */
	mh_finish(mh, (size_t)len, &hoa, &o.ha);
	/* Destination Options header: PadN (4 octets), then the HAO at
	 * 8n+6 (6.3) */
	memset(d, 0, DSTOPT_LEN);
	d[0] = IPPROTO_MH;
	d[1] = DSTOPT_LEN / 8 - 1;
	d[2] = 1;			/* PadN */
	d[3] = 2;
	d[6] = HAO_OPT;
	d[7] = 16;
	memcpy(&d[8], &hoa, 16);
	memset(ip, 0, sizeof(*ip));
	ip->ip6_flow = htonl(6u << 28);
	ip->ip6_plen = htons((uint16_t)(DSTOPT_LEN + len));
	ip->ip6_nxt = IPPROTO_DSTOPTS;
	ip->ip6_hlim = 64;
	ip->ip6_src = o.coa;
	ip->ip6_dst = o.ha;
	return (int)sizeof(*ip) + DSTOPT_LEN + len;
}

static struct hoa_state *st;
static uint64_t n_sent, n_retx, n_answered, n_accepted, n_lost, n_bad, n_late,
		n_authfail, status_hist[256];
static uint32_t outstanding, done_count, *done_order;
static uint64_t *done_at;
static int tx_fd;

static void send_bu(uint32_t i)
{
	struct sockaddr_in6 to = { .sin6_family = AF_INET6, .sin6_addr = o.ha };
	uint8_t pkt[PKT_MAX];
	struct hoa_state *s = &st[i];
	int len;

	if (s->tries)
		s->seq++;	/* a new message: a new sequence number */
	len = build_bu(i, s->seq, pkt);
	if (len < 0)
		exit(1);
	s->t_sent = mono_ns();
	if (!s->tries)
		s->t_first = s->t_sent;
	else
		n_retx++;
	s->tries++;
	n_sent++;
	if (sendto(tx_fd, pkt, (size_t)len, 0, (struct sockaddr *)&to,
		   sizeof(to)) < 0 && errno != ENOBUFS && errno != EAGAIN) {
		perror("bugen: sendto");
		exit(1);
	}
}

static void finish(uint32_t i, uint8_t status, bool answered)
{
	struct hoa_state *s = &st[i];

	s->done = true;
	s->t_sent = 0;
	s->status = status;
	outstanding--;
	done_order[done_count] = i;
	done_at[done_count++] = mono_ns();
	if (!answered) {
		n_lost++;
		return;
	}
	n_answered++;
	status_hist[status]++;
	if (status < 128) {
		n_accepted++;
		if (s->tries == 1)
			s->lat_us = (uint32_t)((mono_ns() - s->t_first) / 1000);
	}
}

/* One frame from the packet socket: an IPv6 packet. */
static void handle(const uint8_t *p, size_t len)
{
	const struct ip6_hdr *ip = (const struct ip6_hdr *)p;
	const uint8_t *rh, *mh;
	struct in6_addr hoa;
	struct mh_msg m;
	size_t plen, mlen;
	uint32_t i;

	if (len < sizeof(*ip) || (p[0] >> 4) != 6)
		goto bad;
	plen = ntohs(ip->ip6_plen);
	if (sizeof(*ip) + plen > len)
		goto bad;
	if (memcmp(&ip->ip6_dst, &o.coa, 16))
		return;			/* not to us */
	if (ip->ip6_nxt != IPPROTO_ROUTING)
		return;			/* not a BA (ND, ...) */
	rh = p + sizeof(*ip);
	/* 6.4: type 2, Hdr Ext Len 2, Segments Left 1, one address */
	if (plen < 24 || rh[1] != 2 || rh[2] != 2 || rh[3] != 1 ||
	    rh[0] != IPPROTO_MH)
		goto bad;
	memcpy(&hoa, rh + 8, 16);
	i = index_of(&hoa);
	if (!i)
		goto bad;
	mh = rh + 24;
	mlen = plen - 24;
	/* checksum: the final destination is the home address */
	if (mh_parse(mh, mlen, &ip->ip6_src, &hoa, &m) != MH_OK ||
	    m.type != MH_BA || memcmp(&ip->ip6_src, &o.ha, 16))
		goto bad;
	if (!auth_mnha_verify(o.key, o.keylen, &o.coa, &hoa, mh, mlen, &m)) {
		n_authfail++;
		return;
	}
	/* 6.1.8: the BA echoes the sequence number (135 carries the last
	 * accepted one instead); one for an earlier transmission, or
	 * after the home address was done, is late */
	if (!st[i].t_sent || st[i].done ||
	    (m.ba.seq != st[i].seq && m.ba.status != BA_SEQ_OUT_OF_WINDOW)) {
		if ((uint16_t)(st[i].seq - m.ba.seq) < st[i].tries) {
			n_late++;
			return;
		}
		goto bad;
	}
	finish(i, m.ba.status, true);
	return;
bad:
	n_bad++;
}

static int cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return x < y ? -1 : x > y;
}

static uint32_t number(const char *s, const char *what, uint32_t min,
		       uint32_t max)
{
	char *end;
	unsigned long v;

	errno = 0;
	v = strtoul(s, &end, 10);
	if (errno || !*s || *end || v < min || v > max)
		die("bad %s", what);
	return (uint32_t)v;
}

static void usage(void)
{
	fprintf(stderr,
		"usage: bugen -i IFACE -c COA -a HA -p PREFIX -n COUNT [-o OFFSET] -N NAI -s SPI -k HEXKEY\n"
		"             [-w WINDOW] [-t TIMEOUT-MS] [-r RETRIES] [-L LIFETIME] [-l LATFILE]\n"
		"             [-d DEADLINE-SECS]\n");
	exit(2);
}

int main(int argc, char **argv)
{
	struct sockaddr_ll sll = { .sll_family = AF_PACKET,
				   .sll_protocol = htons(ETH_P_IPV6) };
	uint32_t next = 1, lo = 1, i, k, nl = 0, *lat;
	uint64_t t0, t1;
	const char *key = NULL;
	int rx_fd, c, bufsz = 8 << 20;
	bool complete = true;
	double secs;

	while ((c = getopt(argc, argv, "i:c:a:p:n:o:N:s:k:w:t:r:L:l:d:h")) != -1) {
		switch (c) {
		case 'i': o.ifname = optarg; break;
		case 'c':
			if (inet_pton(AF_INET6, optarg, &o.coa) != 1)
				die("bad care-of address %s", optarg);
			break;
		case 'a':
			if (inet_pton(AF_INET6, optarg, &o.ha) != 1)
				die("bad home agent address %s", optarg);
			break;
		case 'p':
			if (inet_pton(AF_INET6, optarg, &o.prefix) != 1)
				die("bad prefix %s (an address: its first 64 bits)", optarg);
			break;
		case 'n': o.n = number(optarg, "count", 1, 0x7fffffff); break;
		case 'o': o.offset = number(optarg, "offset", 0, 0x7fffffff); break;
		case 'N':
			if (strlen(optarg) < 1 || strlen(optarg) > MH_MNID_MAX)
				die("bad NAI %s", optarg);
			o.nai = optarg;
			break;
		case 's': o.spi = number(optarg, "SPI", 256, UINT32_MAX); break;
		case 'k': key = optarg; break;
		case 'w': o.window = number(optarg, "window", 1, 1000000); break;
		case 't': o.timeout_ms = number(optarg, "timeout", 1, 600000); break;
		case 'r': o.retries = number(optarg, "retries", 0, 100); break;
		case 'L': o.lifetime = number(optarg, "lifetime", 4, 262140); break;
		case 'l': o.latfile = optarg; break;
		case 'd': o.deadline_s = number(optarg, "deadline", 1, 86400); break;
		default: usage();
		}
	}
	if (optind != argc || !o.ifname || !o.nai || !key || !o.n || !o.spi ||
	    IN6_IS_ADDR_UNSPECIFIED(&o.coa) || IN6_IS_ADDR_UNSPECIFIED(&o.ha))
		usage();
	o.keylen = strlen(key) / 2;
	if (strlen(key) % 2 || !o.keylen || o.keylen > AUTH_KEY_MAX)
		die("bad key (hex, 1 to 64 octets)%s", "");
	for (k = 0; k < o.keylen; k++) {
		int h = hex_digit(key[2 * k]), l = hex_digit(key[2 * k + 1]);

		if (h < 0 || l < 0)
			die("bad key (hex, 1 to 64 octets)%s", "");
		o.key[k] = (uint8_t)(h << 4 | l);
	}

	st = calloc((size_t)o.n + 1, sizeof(*st));
	done_order = calloc(o.n, sizeof(*done_order));
	done_at = calloc(o.n, sizeof(*done_at));
	lat = calloc(o.n, sizeof(*lat));
	if (!st || !done_order || !done_at || !lat)
		die("out of memory%s", "");
	for (i = 1; i <= o.n; i++)
		st[i].lat_us = UINT32_MAX;

	tx_fd = socket(AF_INET6, SOCK_RAW, IPPROTO_RAW);
	rx_fd = socket(AF_PACKET, SOCK_DGRAM | SOCK_NONBLOCK, htons(ETH_P_IPV6));
	if (tx_fd < 0 || rx_fd < 0) {
		perror("bugen: socket");
		return 2;
	}
	sll.sll_ifindex = (int)if_nametoindex(o.ifname);
	if (!sll.sll_ifindex)
		die("no interface %s", o.ifname);
	if (setsockopt(rx_fd, SOL_SOCKET, SO_RCVBUFFORCE, &bufsz, sizeof(bufsz)) < 0)
		setsockopt(rx_fd, SOL_SOCKET, SO_RCVBUF, &bufsz, sizeof(bufsz));
	if (bind(rx_fd, (struct sockaddr *)&sll, sizeof(sll)) < 0) {
		perror("bugen: bind");
		return 2;
	}

	t0 = mono_ns();
	while (done_count < o.n) {
		struct pollfd pfd = { .fd = rx_fd, .events = POLLIN };
		uint8_t buf[2048];
		uint64_t now;
		ssize_t r;

		/* past the deadline: no new home addresses; the figures
		 * are over those started (complete 0) */
		if (o.deadline_s && next <= o.n &&
		    mono_ns() - t0 >= (uint64_t)o.deadline_s * 1000000000u) {
			o.n = next - 1;
			complete = false;
		}
		if (next > o.n && !outstanding)
			break;
		while (outstanding < o.window && next <= o.n) {
			outstanding++;
			send_bu(next++);
		}
		if (poll(&pfd, 1, 20) < 0 && errno != EINTR) {
			perror("bugen: poll");
			return 1;
		}
		for (;;) {
			struct sockaddr_ll from;
			socklen_t fl = sizeof(from);

			r = recvfrom(rx_fd, buf, sizeof(buf), 0,
				     (struct sockaddr *)&from, &fl);
			if (r < 0)
				break;
			if (from.sll_pkttype == PACKET_OUTGOING)
				continue;
			handle(buf, (size_t)r);
		}
		/* retransmit, or give up, what timed out: everything from
		 * the oldest home address not yet done */
		now = mono_ns();
		while (lo < next && st[lo].done)
			lo++;
		for (i = lo; i < next; i++) {
			struct hoa_state *s = &st[i];

			if (!s->t_sent || s->done ||
			    now - s->t_sent < (uint64_t)o.timeout_ms * 1000000u)
				continue;
			if (s->tries > o.retries)
				finish(i, 0, false);
			else
				send_bu(i);
		}
	}
	t1 = mono_ns();
	secs = (double)(t1 - t0) / 1e9;

	for (i = 1; i <= o.n; i++)
		if (st[i].lat_us != UINT32_MAX)
			lat[nl++] = st[i].lat_us;
	if (o.latfile) {
		FILE *f = fopen(o.latfile, "w");

		if (!f) {
			perror(o.latfile);
			return 2;
		}
		for (i = 0; i < nl; i++)
			fprintf(f, "%.3f\n", lat[i] / 1000.0);
		fclose(f);
	}
	qsort(lat, nl, sizeof(*lat), cmp_u32);
	printf("count %u\ncomplete %d\nwindow %u\nsent %llu\nretransmitted %llu\nanswered %llu\n"
	       "accepted %llu\nlost %llu\nlate %llu\nbad %llu\nauthfail %llu\n",
	       o.n, complete, o.window, (unsigned long long)n_sent,
	       (unsigned long long)n_retx, (unsigned long long)n_answered,
	       (unsigned long long)n_accepted, (unsigned long long)n_lost,
	       (unsigned long long)n_late, (unsigned long long)n_bad, (unsigned long long)n_authfail);
	for (k = 0; k < 256; k++)
		if (status_hist[k])
			printf("status_%u %llu\n", k,
			       (unsigned long long)status_hist[k]);
	printf("secs %.3f\nbu_per_s %.1f\n", secs,
	       secs > 0 ? (double)n_accepted / secs : 0.0);
	if (nl) {
		printf("p50_ms %.3f\np99_ms %.3f\nmax_ms %.3f\n",
		       lat[(nl - 1) / 2] / 1000.0,
		       lat[(uint64_t)(nl - 1) * 99 / 100] / 1000.0,
		       lat[nl - 1] / 1000.0);
	}
	/* completions per second in each tenth of the run's completions:
	 * how the rate changes as the binding cache fills */
	for (k = 0; k < 10; k++) {
		uint32_t a = (uint32_t)((uint64_t)done_count * k / 10),
			 b = (uint32_t)((uint64_t)done_count * (k + 1) / 10);
		uint64_t ta = a ? done_at[a - 1] : t0;

		if (b > a && done_at[b - 1] > ta)
			printf("rate_%u %.1f\n", k + 1,
			       (double)(b - a) * 1e9 / (double)(done_at[b - 1] - ta));
	}
	return complete && n_accepted == o.n ? 0 : 1;
}
