// SPDX-License-Identifier: GPL-2.0
/*
 * util.c - parsing and system helpers shared by ipmob and ipmobd.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <stdlib.h>
#include <sys/random.h>
#include <sys/socket.h>
#include <linux/netlink.h>

#include "util.h"

void errf(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;
	char *s;

	if (!err || !errlen)
		return;
	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
	for (s = err; *s; s++)
		if ((unsigned char)*s < 0x20 || *s == 0x7f)
			*s = '?';
}

int parse_uint(const char *s, uint64_t max, uint64_t *out)
{
	uint64_t v = 0;

	if (!s || !*s)
		return -1;
	for (; *s; s++) {
		unsigned d;

		if (*s < '0' || *s > '9')
			return -1;
		d = (unsigned)(*s - '0');
		if (v > (UINT64_MAX - d) / 10)
			return -1;
		v = v * 10 + d;
	}
	if (v > max)
		return -1;
	*out = v;
	return 0;
}

int parse_in6(const char *s, struct in6_addr *addr)
{
	struct in6_addr a;

	if (!s || !*s || strlen(s) >= INET6_ADDRSTRLEN)
		return -1;
	if (inet_pton(AF_INET6, s, &a) != 1)
		return -1;
	*addr = a;
	return 0;
}

bool in6_in_prefix(const struct in6_addr *addr, const struct in6_addr *prefix,
		   unsigned int plen)
{
	unsigned int i;

	for (i = 0; i < plen / 8 && i < 16; i++)
		if (addr->s6_addr[i] != prefix->s6_addr[i])
			return false;
	if (i < 16 && plen % 8) {
		uint8_t mask = (uint8_t)(0xff << (8 - plen % 8));

		if ((addr->s6_addr[i] & mask) != (prefix->s6_addr[i] & mask))
			return false;
	}
	return true;
}

void in6_set_v4mapped(struct in6_addr *out, const struct in_addr *a)
{
	memset(out, 0, sizeof(*out));
	out->s6_addr[10] = 0xff;
	out->s6_addr[11] = 0xff;
	memcpy(&out->s6_addr[12], a, 4);
}

bool in6_host_bits(const struct in6_addr *a, unsigned int plen)
{
	unsigned int i;

	for (i = 0; i < 16; i++) {
		unsigned int bits = i * 8;
		uint8_t keep = bits + 8 <= plen ? 0xff : bits >= plen ? 0 :
			       (uint8_t)(0xff << (8 - (plen - bits)));

		if (a->s6_addr[i] & (uint8_t)~keep)
			return true;
	}
	return false;
}

int parse_in4(const char *s, struct in_addr *addr)
{
	struct in_addr a;

	if (!s || !*s || strlen(s) >= INET_ADDRSTRLEN)
		return -1;
	if (inet_pton(AF_INET, s, &a) != 1)
		return -1;
	*addr = a;
	return 0;
}

bool in4_in_prefix(const struct in_addr *addr, const struct in_addr *prefix,
		   unsigned int plen)
{
	uint32_t mask;

	if (!plen)
		return true;
	mask = plen >= 32 ? UINT32_MAX : ~(UINT32_MAX >> plen);
	return ((ntohl(addr->s_addr) ^ ntohl(prefix->s_addr)) & mask) == 0;
}

const char *in4_str(const struct in_addr *addr, char *buf)
{
	if (!inet_ntop(AF_INET, addr, buf, INET_ADDRSTRLEN))
		snprintf(buf, INET_ADDRSTRLEN, "?");
	return buf;
}

const char *in6_str(const struct in6_addr *addr, char *buf)
{
	if (!inet_ntop(AF_INET6, addr, buf, INET6_ADDRSTRLEN))
		snprintf(buf, INET6_ADDRSTRLEN, "?");
	return buf;
}

bool ifname_valid(const char *name)
{
	size_t len;

	if (!name)
		return false;
	len = strlen(name);
	if (len == 0 || len >= IF_NAMESIZE)
		return false;
	if (!strcmp(name, ".") || !strcmp(name, ".."))
		return false;
	for (; *name; name++) {
		if (*name == '/' || *name == ':' || *name == ' ' ||
		    (*name >= '\t' && *name <= '\r'))
			return false;
	}
	return true;
}

#define IFCACHE_SIZE 16

static struct {
	uint32_t ifindex;	/* 0: empty slot */
	bool found;
	char name[IF_NAMESIZE];
} ifcache[IFCACHE_SIZE];
static unsigned ifcache_next;

void ifindex_cache_flush(void)
{
	memset(ifcache, 0, sizeof(ifcache));
	ifcache_next = 0;
}

const char *ifindex_name(uint32_t ifindex, char *buf)
{
	char name[IF_NAMESIZE];
	unsigned i;
	bool found;

	for (i = 0; i < IFCACHE_SIZE; i++) {
		if (ifcache[i].ifindex && ifcache[i].ifindex == ifindex) {
			if (!ifcache[i].found)
				break;
			memcpy(buf, ifcache[i].name, IF_NAMESIZE);
			return buf;
		}
	}
	if (i == IFCACHE_SIZE) {
		found = ifindex && if_indextoname(ifindex, name) != NULL;
		if (ifindex) {
			i = ifcache_next++ % IFCACHE_SIZE;
			ifcache[i].ifindex = ifindex;
			ifcache[i].found = found;
			if (found)
				memcpy(ifcache[i].name, name, IF_NAMESIZE);
		}
		if (found) {
			memcpy(buf, name, IF_NAMESIZE);
			return buf;
		}
	}
	snprintf(buf, IF_NAMESIZE + 8, "if%u", ifindex);
	return buf;
}

int netns_enter(const char *name, char *err, size_t errlen)
{
	char path[PATH_MAX];
	int fd;

	if (!name || !*name) {
		errf(err, errlen, "empty network namespace name");
		return -1;
	}
	if (strchr(name, '/')) {
		if (snprintf(path, sizeof(path), "%s", name) >= (int)sizeof(path))
			goto toolong;
	} else {
		if (!strcmp(name, ".") || !strcmp(name, "..")) {
			errf(err, errlen, "invalid network namespace name \"%s\"",
			     name);
			return -1;
		}
		if (snprintf(path, sizeof(path), "/run/netns/%s", name) >=
		    (int)sizeof(path))
			goto toolong;
	}
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		errf(err, errlen, "cannot open network namespace \"%s\": %s",
		     name, strerror(errno));
		return -1;
	}
	if (setns(fd, CLONE_NEWNET) < 0) {
		errf(err, errlen, "cannot enter network namespace \"%s\": %s",
		     name, strerror(errno));
		close(fd);
		return -1;
	}
	close(fd);
	return 0;

toolong:
	errf(err, errlen, "network namespace name too long");
	return -1;
}

static bool is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n' ||
	       c == '\v' || c == '\f';
}

int tokenize(char *line, char **argv, int max, char *err, size_t errlen)
{
	char *r = line, *w = line;
	int argc = 0;

	for (;;) {
		while (is_blank(*r))
			r++;
		if (!*r || *r == '#')
			break;
		if (argc >= max) {
			errf(err, errlen, "too many words on one line (max %d)",
			     max);
			return -1;
		}
		/* Words are rebuilt in place: w never runs ahead of r. */
		argv[argc++] = w;
		while (*r && !is_blank(*r)) {
			if (*r == '"' || *r == '\'') {
				char q = *r++;

				while (*r && *r != q)
					*w++ = *r++;
				if (*r != q) {
					errf(err, errlen,
					     "unterminated %s quote",
					     q == '"' ? "double" : "single");
					return -1;
				}
				r++;
			} else {
				*w++ = *r++;
			}
		}
		if (*r)
			r++;
		*w++ = '\0';
	}
	return argc;
}

bool matches(const char *word, const char *full)
{
	size_t len = strlen(word);

	return len > 0 && len <= strlen(full) && !strncmp(word, full, len);
}

uint16_t rand_u16(void)
{
	uint16_t v;

	/* from boot on the pool is initialised; should it fail, random() */
	if (getrandom(&v, sizeof(v), GRND_NONBLOCK) == (ssize_t)sizeof(v))
		return v;
	return (uint16_t)random();
}

int hex_digit(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

uint32_t in6_hash(const struct in6_addr *a, uint64_t seed)
{
	uint64_t w[2], h = seed;
	unsigned int i;

	/* two rounds of a 64-bit mixer (splitmix64's finaliser) */
	memcpy(w, a, sizeof(w));
	for (i = 0; i < 2; i++) {
		h ^= w[i];
		h *= 0x9e3779b97f4a7c15ULL;
		h ^= h >> 29;
		h *= 0xbf58476d1ce4e5b9ULL;
		h ^= h >> 32;
	}
	return (uint32_t)h;
}

bool ratelimit_ok(struct ratelimit *rl, uint64_t now)
{
	uint64_t cap = (uint64_t)rl->burst * 1000;

	if (now > rl->last_ms) {
		uint64_t add = (now - rl->last_ms) * rl->rate;

		rl->milli = add >= cap || rl->milli + add >= cap ? cap :
			    rl->milli + add;
		rl->last_ms = now;
	}
	if (rl->milli >= 1000) {
		rl->milli -= 1000;
		return true;
	}
	rl->suppressed++;
	return false;
}

int sysctl_get(const char *path, char *buf, size_t len)
{
	ssize_t n;
	int fd;

	if (!len)
		return -EINVAL;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	n = read(fd, buf, len - 1);
	close(fd);
	if (n < 0)
		return -errno;
	while (n > 0 && (buf[n - 1] == '\n' || buf[n - 1] == ' '))
		n--;
	buf[n] = '\0';
	return 0;
}

void sock_set_rcvbuf(int fd, int bytes)
{
	if (setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &bytes,
		       sizeof(bytes)) < 0)
		setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &bytes, sizeof(bytes));
}

ssize_t nl_recv_kernel(int fd, void *buf, size_t len, int flags)
{
	struct sockaddr_nl from;
	struct iovec iov = { .iov_base = buf, .iov_len = len };
	struct msghdr msg = { .msg_name = &from,
			      .msg_namelen = sizeof(from),
			      .msg_iov = &iov, .msg_iovlen = 1 };
	ssize_t n;

	do {
		n = recvmsg(fd, &msg, flags);
	} while (n < 0 && errno == EINTR);
	if (n < 0)
		return errno == EWOULDBLOCK ? -EAGAIN : -errno;
	if (msg.msg_flags & MSG_TRUNC)
		return -ENOSPC;
	if (msg.msg_namelen != sizeof(from) || from.nl_family != AF_NETLINK ||
	    from.nl_pid != 0)
		return 0;
	return n;
}
