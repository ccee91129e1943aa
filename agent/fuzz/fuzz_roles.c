// SPDX-License-Identifier: GPL-2.0
/*
 * fuzz_roles.c - libFuzzer target for ipmobd's role handlers: the home
 * agent, correspondent, mobile node and route optimisation, all started
 * in one daemon, fed what the network and the kernel would feed them.
 *
 * ipmobd.c is compiled in (main renamed), so the messages go through the
 * daemon's own dispatch (roles_mh, roles_icmp, event_cb), and
 * loop.c, so that timers run on a virtual clock the input advances. The
 * world around is stubbed:
 *  - kern.c and rtnl.c are replaced below: binding writes succeed (or
 *    fail, as the input says), the links and addresses are a fixed
 *    netstate: lo, eth0 (a care-of address 2001:db8:a::5/64, a router)
 *    and home0 (the home agent's 2001:db8:1::1/64);
 *  - sendmsg(), poll(), clock_gettime(), getpid(), if_nametoindex() and
 *    sysctl_get() (util.c: forwarding reads as on) are wrapped
 *    at link time (-Wl,--wrap): nothing leaves, nothing arrives but the
 *    input, and every Mobility Header the daemon sends must parse back
 *    with mh_parse() (else abort()).
 *
 * The input is a list of records:
 *   0 S D H R LEN... : a Mobility Header message of LEN octets from
 *                      address S to D, with a Home Address option H
 *                      and a type 2 routing header R (0: none); the
 *                      addresses come from the table below (low 4 bits);
 *                      R's bit 7 asks for a correct MH checksum
 *   1 S D H R LEN... : the same for ICMPv6
 *   2 T              : T x 250 ms pass; due timers run
 *   3 CMD LEN2...    : a kernel notification CMD carrying the raw
 *                      attributes that follow (LEN2: two octets)
 *   4 CMD H C P M F  : a notification CMD about one binding: home
 *                      address H, care-of C, peer P (0: none), mode M,
 *                      lifetime F (x 4 s)
 *   5 B              : the next kernel writes fail (B odd) or succeed
 * Each input starts a fresh daemon from the same configuration (home
 * agent without authentication, so that BUs are accepted, max-bindings
 * 16, one mobile router by its NAI mr@example.com with home address
 * 2001:db8:1::200 and mobile network prefix 2001:db8:100::/48; correspondent with max-bindings 4 and max-deleted-bindings 16; mobile node with route
 * optimisation) and stops it at the end: leaks show up.
 */
#define main ipmobd_main
#include "../daemon/ipmobd.c"
#undef main
#include "../daemon/loop.c"

#include <sys/socket.h>

#include "arp.h"

#define FD_MH	100000
#define FD_ICMP	100001

static const char conf_text[] =
	"log-level debug\n"
	"device mob0\n"
	"[home-agent]\n"
	"home-link home0\n"
	"home-prefix 2001:db8:1::/64\n"
	"authentication none\n"
	"max-bindings 16\n"
	"dad off\n"
	"ipv4-address 10.0.240.2\n"
	"ipv4-home-prefix 10.0.1.0/24\n"
	"ipv4-home-pool 10.0.1.210-10.0.1.211\n"
	"[security-association mn@example.com]\n"
	"spi 1001\n"
	"key 000102030405060708090a0b0c0d0e0f\n"
	"home-address 2001:db8:1::101\n"
	"[security-association mr@example.com]\n"
	"spi 1000\n"
	"key 000102030405060708090a0b0c0d0e0f\n"
	"home-address 2001:db8:1::200\n"
	"mobile-router yes\n"
	"mobile-network-prefix 2001:db8:100::/48\n"
	"ipv4-home-address 10.0.1.200\n"
	"[correspondent]\n"
	"max-bindings 4\n"
	"max-deleted-bindings 16\n"
	"[mobile-node]\n"
	"home-address 2001:db8:1::100/64\n"
	"home-agent 2001:db8:1::1\n"
	"home-agent-ipv4 10.0.240.2\n"
	"ipv4-home-address dynamic\n"
	"authentication none\n"
	"link eth0\n";

#define A6(...) { .s6_addr = { __VA_ARGS__ } }
static const struct in6_addr addrs[16] = {
	A6(0),							/* none / :: */
	A6(0x20, 0x01, 0x0d, 0xb8, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0),	/* MN HoA */
	A6(0x20, 0x01, 0x0d, 0xb8, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1),	/* HA */
	A6(0x20, 0x01, 0x0d, 0xb8, 0, 0xc, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2),	/* a CN */
	A6(0x20, 0x01, 0x0d, 0xb8, 0, 0xa, 0, 0, 0, 0, 0, 0, 0, 0, 0, 5),	/* CoA */
	A6(0x20, 0x01, 0x0d, 0xb8, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 2, 0),	/* another HoA */
	A6(0x20, 0x01, 0x0d, 0xb8, 0, 0xb, 0, 0, 0, 0, 0, 0, 0, 0, 0, 7),	/* another CoA */
	A6(0xfe, 0x80, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1),		/* router */
	A6(0xff, 0x02, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1),		/* multicast */
	A6(0x20, 0x01, 0x0d, 0xb8, 0, 1, 0, 0, 0xfd, 0xff, 0xff, 0xff,
	   0xff, 0xff, 0xff, 0xfe),			/* home agents anycast */
	A6(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 10, 0, 0, 1),	/* v4-mapped */
	A6(0x20, 0x01, 0x0d, 0xb8, 0, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 9),	/* outside */
	A6(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1),		/* loopback */
	A6(0x20, 0x01, 0x0d, 0xb8, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2),	/* home, on-link */
	A6(0x20, 0x01, 0x0d, 0xb8, 0, 0xc, 0, 0, 0, 0, 0, 0, 0, 0, 0, 3),	/* another CN */
	A6(0x20, 0x01, 0x0d, 0xb8, 0, 0xa, 0, 0, 0, 0, 0, 0, 0, 0, 0, 6),	/* CoA, same link */
};

static struct ipmobd_conf fconf;
static uint64_t vclock_ms = 1000000;
static bool kern_fail;

/* ---- the wrapped C library ---- */

int __wrap_clock_gettime(clockid_t clk, struct timespec *ts);
int __wrap_clock_gettime(clockid_t clk, struct timespec *ts)
{
	(void)clk;
	ts->tv_sec = (time_t)(vclock_ms / 1000);
	ts->tv_nsec = (long)(vclock_ms % 1000) * 1000000;
	return 0;
}

/* the mobile node's first sequence number comes from it: repeatable */
pid_t __wrap_getpid(void);
pid_t __wrap_getpid(void)
{
	return 1;
}

/* the host's /proc/sys is not the daemon's world: forwarding is on */
int __wrap_sysctl_get(const char *path, char *buf, size_t len);
int __wrap_sysctl_get(const char *path, char *buf, size_t len)
{
	(void)path;
	if (len < 2)
		return -1;
	memcpy(buf, "1", 2);
	return 0;
}

/* nothing ever arrives: the time waited passes */
int __wrap_poll(struct pollfd *fds, nfds_t n, int timeout);
int __wrap_poll(struct pollfd *fds, nfds_t n, int timeout)
{
	(void)fds;
	(void)n;
	if (timeout > 0)
		vclock_ms += (uint64_t)timeout;
	return 0;
}

unsigned int __wrap_if_nametoindex(const char *name);
unsigned int __wrap_if_nametoindex(const char *name)
{
	static const char *const names[] = { "lo", "eth0", "home0", "mob0" };
	unsigned int i;

	for (i = 0; i < 4; i++)
		if (!strcmp(name, names[i]))
			return i + 1;
	return 0;
}

/* the gratuitous ARPs (arpsock.c) do not leave: what would go out must
 * be one; other sends as before */
ssize_t __real_sendto(int fd, const void *buf, size_t len, int flags,
		      const struct sockaddr *to, socklen_t tolen);
ssize_t __wrap_sendto(int fd, const void *buf, size_t len, int flags,
		      const struct sockaddr *to, socklen_t tolen);
ssize_t __wrap_sendto(int fd, const void *buf, size_t len, int flags,
		      const struct sockaddr *to, socklen_t tolen)
{
	const uint8_t *p = buf;

	if (!to || to->sa_family != AF_PACKET)
		return __real_sendto(fd, buf, len, flags, to, tolen);
	if (len != ARP_ETH_IPV4_LEN || p[7] != ARP_OP_REQUEST ||
	    memcmp(p + 14, p + 24, 4))
		abort();
	return (ssize_t)len;
}

ssize_t __wrap_sendmsg(int fd, const struct msghdr *msg, int flags);
ssize_t __wrap_sendmsg(int fd, const struct msghdr *msg, int flags)
{
	size_t len = 0, i;

	(void)flags;
	for (i = 0; i < msg->msg_iovlen; i++)
		len += msg->msg_iov[i].iov_len;
	if (fd == FD_MH) {
		struct mh_msg m;
		int err;

		/* what the daemon sends must be what it can read */
		if (msg->msg_iovlen != 1)
			abort();
		err = mh_parse(msg->msg_iov[0].iov_base, len, NULL, NULL, &m);
		if (err != MH_OK) {
			fprintf(stderr, "fuzz_roles: sent an MH that does not parse: %s\n",
				mh_strerror(err));
			abort();
		}
	} else if (fd != FD_ICMP) {
		errno = EBADF;
		return -1;
	}
	return (ssize_t)len;
}

/* ---- kern.c ---- */

int kern_binding_put(struct daemon *d, const struct ipmob_binding *b)
{
	(void)d;
	if (!b || kern_fail) {
		errno = ENOBUFS;
		return -1;
	}
	return 0;
}

int kern_binding_del(struct daemon *d, const struct ipmob_binding *b)
{
	(void)d;
	if (!b || kern_fail) {
		errno = ENOENT;
		return -1;
	}
	return 0;
}

int kern_flows_set(struct daemon *d, const struct ipmob_binding *b,
		   const struct ipmob_flow *f, unsigned int n)
{
	(void)d;
	if (!b || (n && !f) || kern_fail) {
		errno = ENOBUFS;
		return -1;
	}
	return 0;
}

/* ---- rtnl.c ---- */

int rtnl_addr(int ifindex, const struct in6_addr *a, unsigned int plen,
	      bool add, bool nodad)
{
	(void)ifindex; (void)a; (void)plen; (void)add; (void)nodad;
	return kern_fail ? -ENOBUFS : 0;
}

int rtnl_default_dev(int family, int ifindex, uint32_t metric, bool add)
{
	(void)family; (void)ifindex; (void)metric; (void)add;
	return kern_fail ? -ENOBUFS : 0;
}

int rtnl_addr4(int ifindex, const struct in_addr *a, unsigned int plen,
	       bool add)
{
	(void)ifindex; (void)a; (void)plen; (void)add;
	if (kern_fail)
		errno = ENOBUFS;
	return kern_fail ? -ENOBUFS : 0;
}

int rtnl_link_allmulti(int ifindex, bool on)
{
	(void)ifindex; (void)on;
	return kern_fail ? -ENOBUFS : 0;
}

int rtnl_neigh_stale(int ifindex, const struct in6_addr *a,
		     const uint8_t *lla, size_t lla_len)
{
	(void)ifindex; (void)a; (void)lla; (void)lla_len;
	return kern_fail ? -ENOBUFS : 0;
}

int rtnl_default_del(int ifindex, const struct in6_addr *gw)
{
	(void)ifindex; (void)gw;
	return kern_fail ? -ENOBUFS : 0;
}

int rtnl_prefix_route(int ifindex, const struct in6_addr *gw,
		      const struct in6_addr *prefix, unsigned int plen,
		      bool add)
{
	(void)ifindex; (void)gw; (void)prefix; (void)plen; (void)add;
	return kern_fail ? -ENOBUFS : 0;
}

int rtnl_srcroute(int ifindex, const struct in6_addr *gw,
		  const struct in6_addr *src, const struct in6_addr *dst,
		  bool add)
{
	(void)ifindex; (void)gw; (void)src; (void)dst; (void)add;
	return kern_fail ? -ENOBUFS : 0;
}

int sysctl_set(const char *fmt_path, const char *ifname, const char *value)
{
	(void)fmt_path; (void)ifname; (void)value;
	return 0;
}

int link_lladdr(int ifindex, uint8_t *lla, size_t cap)
{
	static const uint8_t mac[6] = { 2, 0, 0, 0, 0, 1 };

	(void)ifindex;
	if (cap < sizeof(mac))
		return 0;
	memcpy(lla, mac, sizeof(mac));
	return (int)sizeof(mac);
}

int netstate_read(struct netstate *ns)
{
	memset(ns, 0, sizeof(*ns));
	ns->n_links = 3;
	ns->links[0] = (struct ns_link){ 1, IFF_UP | IFF_LOOPBACK | IFF_RUNNING, "lo" };
	ns->links[1] = (struct ns_link){ 2, IFF_UP | IFF_RUNNING | 0x10000, "eth0" };
	ns->links[2] = (struct ns_link){ 3, IFF_UP | IFF_RUNNING | 0x10000, "home0" };
	ns->n_addrs = 2;
	ns->addrs[0] = (struct ns_addr){ addrs[4], 64, 2, 0, 0 };
	ns->addrs[1] = (struct ns_addr){ addrs[2], 64, 3, 0, 0 };
	ns->n_routers = 1;
	ns->routers[0] = (struct ns_router){ addrs[7], 2, false };
	return 0;
}

int rtnl_monitor_open(void)
{
	return -1;
}

bool rtnl_monitor_drain(void)
{
	return false;
}

void rtnl_monitor_close(void)
{
}

int ensure_ipmob_dev(struct daemon *d, const char *name)
{
	(void)name;
	d->devindex = 4;
	return 0;
}

int xfrm_mh_pair(const struct in6_addr *hoa, const struct in6_addr *ha,
		 uint32_t reqid, bool at_ha)
{
	(void)hoa;
	(void)ha;
	(void)reqid;
	(void)at_ha;
	return 0;
}

int xfrm_tunnel_set(bool ha, const struct in6_addr *hoa,
		    const struct in6_addr *local, const struct in6_addr *peer,
		    uint32_t reqid, bool payload)
{
	(void)ha;
	(void)hoa;
	(void)local;
	(void)peer;
	(void)reqid;
	(void)payload;
	return 0;
}

int xfrm_tunnel_clear(bool ha, const struct in6_addr *hoa, bool payload)
{
	(void)ha;
	(void)hoa;
	(void)payload;
	return 0;
}

bool ike_mn_tunnel(const struct conf_mn *c)
{
	(void)c;
	return false;
}

/* charon is not here: security ikev2 keys nothing (its BU goes at once) */
bool ike_wanted(const struct ipmobd_conf *c)
{
	(void)c;
	return false;
}

int ike_start(struct daemon *d)
{
	(void)d;
	return 0;
}

void ike_stop(struct daemon *d)
{
	(void)d;
}

bool ike_mn_ready(const struct daemon *d)
{
	(void)d;
	return true;
}

void ike_mn_need(struct daemon *d)
{
	(void)d;
}

int rtnl_link_up(int ifindex)
{
	(void)ifindex;
	return 0;
}

/* ---- the target ---- */

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	char err[ERRBUF_LEN];
	FILE *f;

	(void)argc;
	(void)argv;
	/* quiet, unless FUZZ_ROLES_LOG is set (to read what a seed does) */
	log_max = getenv("FUZZ_ROLES_LOG") ? LOG_DEBUG : -1;
	f = fmemopen((void *)conf_text, sizeof(conf_text) - 1, "r");
	if (!f || conf_parse(f, "fuzz.conf", &fconf, err, sizeof(err)) < 0) {
		fprintf(stderr, "fuzz_roles: %s\n", err);
		abort();
	}
	fclose(f);
	return 0;
}

static void pkt(struct daemon *d, bool icmp, uint8_t *p, size_t len)
{
	struct pkt_info pi;

	memset(&pi, 0, sizeof(pi));
	pi.src = addrs[p[0] & 15];
	pi.dst = addrs[p[1] & 15];
	pi.has_hao = (p[2] & 15) != 0;
	pi.hao = addrs[p[2] & 15];
	/* bit 6 of the HAO octet: in UDP over IPv4 (RFC 5555 4.2), from
	 * the home agent's address (bit 5) or a NAT's, its port (bit 4) */
	if (!icmp && (p[2] & 0x40)) {
		pi.has_hao = false;
		pi.udp4 = true;
		pi.from4.s_addr = htonl(p[2] & 0x20 ? 0x0a00f002 : 0x0a00fa02);
		pi.sport = p[2] & 0x10 ? 4191 : 30000;
	}
	pi.has_rh2 = (p[3] & 15) != 0;
	pi.rh2 = addrs[p[3] & 15];
	/* bit 7 of R: a correct MH checksum (the kernel does not check it) */
	if (!icmp && (p[3] & 0x80) && len >= 4 + 6)
		mh_finish(p + 4, len - 4, &pi.src, &pi.dst);
	pi.ifindex = 1 + (p[0] >> 4) % 4;
	pi.hop_limit = icmp && (p[1] & 0x10) ? 255 : 64;
	if (icmp)
		roles_icmp(d, p + 4, len - 4, &pi);
	else
		roles_mh(d, p + 4, len - 4, &pi);
}

static void event_raw(struct daemon *d, uint8_t cmd, const uint8_t *p,
		      size_t len)
{
	static uint8_t buf[65536] __attribute__((aligned(8)));
	struct nlmsghdr *nlh;
	struct genl_err e;

	memset(buf, 0, NLMSG_HDRLEN + GENL_HDRLEN);
	nlh = genl_msg_start(buf, 1, cmd, IPMOB_GENL_VERSION, 0);
	if (len > sizeof(buf) - nlh->nlmsg_len)
		len = sizeof(buf) - nlh->nlmsg_len;
	memcpy(buf + nlh->nlmsg_len, p, len);
	nlh->nlmsg_len += (uint32_t)len;
	memset(&e, 0, sizeof(e));
	event_cb(nlh, d, &e);
}

static void event_binding(struct daemon *d, const uint8_t *p)
{
	static uint8_t buf[4096] __attribute__((aligned(8)));
	struct ipmob_binding b;
	struct nlmsghdr *nlh;
	struct genl_err e;

	memset(&b, 0, sizeof(b));
	b.hoa = addrs[p[1] & 15];
	BA_SET(&b, IPMOB_BA_HOA);
	if (p[3] & 15) {
		b.peer = addrs[p[3] & 15];
		BA_SET(&b, IPMOB_BA_PEER);
	}
	b.ncoa = 1;
	b.coa[0].addr = addrs[p[2] & 15];
	b.coa[0].has_addr = true;
	BA_SET(&b, IPMOB_BA_COA);
	b.mode = 1 + (p[4] & 1);
	BA_SET(&b, IPMOB_BA_MODE);
	b.lifetime = p[5] * 4u;
	BA_SET(&b, IPMOB_BA_LIFETIME);
	b.remaining = p[5] * 1000u;
	BA_SET(&b, IPMOB_BA_REMAINING);
	b.ifindex = p[4] & 2 ? 3 : 4;
	BA_SET(&b, IPMOB_BA_IFINDEX);
	b.seq = (uint16_t)(p[4] << 8 | p[5]);
	if (p[4] & 4)
		BA_SET(&b, IPMOB_BA_SEQ);
	memset(buf, 0, sizeof(buf));
	nlh = genl_msg_start(buf, 1, p[0], IPMOB_GENL_VERSION, 0);
	if (!binding_to_nest(nlh, sizeof(buf), IPMOB_A_BINDING, &b))
		return;
	memset(&e, 0, sizeof(e));
	event_cb(nlh, d, &e);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct daemon d;
	size_t i = 0;

	memset(&d, 0, sizeof(d));
	d.conf = fconf;
	d.mh_fd = FD_MH;
	d.udp_fd = -1;
	d.icmp_fd = FD_ICMP;
	d.rtnl_fd = -1;
	d.devindex = 4;
	kern_fail = false;
	vclock_ms = 1000000;
	if (view_init(&d.view) < 0)
		return 0;
	if (roles_start(&d) < 0) {
		fprintf(stderr, "fuzz_roles: the roles do not start\n");
		abort();
	}
	while (i < size && !d.stop) {
		const uint8_t *p = data + i + 1;
		size_t left = size - i - 1, n;

		switch (data[i] % 6) {
		case 0:
		case 1:
			if (left < 5)
				goto done;
			n = p[4];
			if (left < 5 + n)
				n = left - 5;
			{
				uint8_t hdr[4] = { p[0], p[1], p[2], p[3] };
				uint8_t *m = malloc(4 + n);

				/* exactly the message: ASan sees a read past it */
				if (!m)
					goto done;
				memcpy(m, hdr, 4);
				memcpy(m + 4, p + 5, n);
				pkt(&d, data[i] % 6 == 1, m, 4 + n);
				free(m);
			}
			i += 1 + 5 + n;
			break;
		case 2:
			if (left < 1)
				goto done;
			vclock_ms += p[0] * 250u;
			run_timers(&d);
			i += 2;
			break;
		case 3:
			if (left < 3)
				goto done;
			n = (size_t)p[1] << 8 | p[2];
			if (left < 3 + n)
				n = left - 3;
			event_raw(&d, p[0], p + 3, n);
			i += 1 + 3 + n;
			break;
		case 4:
			if (left < 6)
				goto done;
			event_binding(&d, p);
			i += 7;
			break;
		case 5:
			if (left < 1)
				goto done;
			kern_fail = p[0] & 1;
			i += 2;
			break;
		}
	}
done:
	roles_stop(&d);
	view_free(&d.view);
	return 0;
}
