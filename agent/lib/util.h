/* SPDX-License-Identifier: GPL-2.0 */
/*
 * util.h - small helpers shared by the ipmob CLI and ipmobd:
 * strict number and address parsing, interface name handling,
 * network namespace switching and the batch line tokenizer.
 */
#ifndef IPMOB_UTIL_H
#define IPMOB_UTIL_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>
#include <netinet/in.h>
#include <net/if.h>

#define IPMOB_AGENT_VERSION "0.1.0"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/* Size of the error buffers filled by the parsing functions. */
#define ERRBUF_LEN 256

/*
 * printf into an error buffer (never overflows, always terminated). The
 * message is one line whatever the arguments held (words of a command
 * line, of a file): control characters become '?'.
 */
void errf(char *err, size_t errlen, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/*
 * Parse an unsigned decimal number in [0, max]. Only digits are
 * accepted: no sign, no whitespace, no hex, no trailing garbage.
 * Returns 0 on success, -1 otherwise (*out untouched).
 */
int parse_uint(const char *s, uint64_t max, uint64_t *out);

/*
 * 16 unpredictable bits (getrandom(), the kernel's CSPRNG), for the
 * identifiers a peer must not guess: DHAAD and Mobile Prefix
 * Solicitation ids (RFC 6275 11.4.1, 11.4.2) match replies to requests.
 */
uint16_t rand_u16(void);

/*
 * A token bucket: rate per second, at most burst at once. What a peer
 * can make the daemon send or log goes through one (RATELIMIT_INIT).
 */
struct ratelimit {
	unsigned int rate, burst;
	uint64_t last_ms;
	uint64_t milli;			/* tokens x 1000 */
	unsigned long suppressed;	/* refused since the last allowed */
};

#define RATELIMIT_INIT(r, b)						\
	{ .rate = (r), .burst = (b), .milli = (uint64_t)(b) * 1000 }

/* May one more go at now_ms? Counts what it refuses in ->suppressed. */
bool ratelimit_ok(struct ratelimit *rl, uint64_t now);

/* The value of a hex digit (0-9, a-f, A-F), or -1. */
int hex_digit(int c);

/* Parse an IPv6 address (inet_pton). Returns 0 or -1. */
int parse_in6(const char *s, struct in6_addr *addr);

/*
 * A keyed 32-bit hash of an IPv6 address, for tables whose keys a peer
 * chooses: with a secret random seed, a peer cannot aim its addresses at
 * one bucket. Mask the result with the (power of two) bucket count.
 */
uint32_t in6_hash(const struct in6_addr *a, uint64_t seed);

/* True if addr lies in prefix/plen (plen 0..128). */
bool in6_in_prefix(const struct in6_addr *addr, const struct in6_addr *prefix,
		   unsigned int plen);
/* True if a has a bit set past its first plen (0..128): not a prefix. */
bool in6_host_bits(const struct in6_addr *a, unsigned int plen);
/* ::ffff:a.b.c.d, how ipmobd keeps an IPv4 care-of address (RFC 5555) */
void in6_set_v4mapped(struct in6_addr *out, const struct in_addr *a);

/*
 * Parse an IPv4 address in dotted-quad form (inet_pton: four decimal
 * parts, no leading zeros). Returns 0 or -1.
 */
int parse_in4(const char *s, struct in_addr *addr);

/* True if addr lies in prefix/plen (plen 0..32). */
bool in4_in_prefix(const struct in_addr *addr, const struct in_addr *prefix,
		   unsigned int plen);

/* Format an IPv4 address; buf must hold INET_ADDRSTRLEN bytes. */
const char *in4_str(const struct in_addr *addr, char *buf);

/* Format an IPv6 address; buf must hold INET6_ADDRSTRLEN bytes. */
const char *in6_str(const struct in6_addr *addr, char *buf);

/*
 * Interface name rules of the kernel's dev_valid_name(): 1..15 bytes,
 * not "." or "..", no '/', ':' or whitespace.
 */
bool ifname_valid(const char *name);

/*
 * Name of an interface index in the current network namespace, with a
 * small cache (a dump of many bindings on the same device costs one
 * ioctl). Falls back to "if<N>" for indexes that do not resolve.
 * buf must hold IF_NAMESIZE + 8 bytes.
 */
const char *ifindex_name(uint32_t ifindex, char *buf);
void ifindex_cache_flush(void);

/*
 * Enter the network namespace NAME (/run/netns/NAME, like "ip -n") or,
 * if NAME contains a '/', the namespace file at that path.
 * Returns 0 or -1 with a message in err.
 */
int netns_enter(const char *name, char *err, size_t errlen);

/*
 * Split a batch line into words, in place. Words are separated by
 * blanks; "double" or 'single' quotes group blanks into a word; a word
 * starting with '#' starts a comment that runs to the end of the line.
 * Returns the number of words (0 for blank or comment lines), or -1
 * with a message in err (unterminated quote, more than max words).
 */
int tokenize(char *line, char **argv, int max, char *err, size_t errlen);

/* True when word is a non-empty prefix of full ("sh" matches "show"). */
bool matches(const char *word, const char *full);

/* Read a /proc/sys file's value, trailing newline removed: 0 or -errno. */
int sysctl_get(const char *path, char *buf, size_t len);

/*
 * Grow fd's receive buffer to bytes: SO_RCVBUFFORCE, which goes past
 * net.core.rmem_max (CAP_NET_ADMIN), else SO_RCVBUF, capped by it.
 */
void sock_set_rcvbuf(int fd, int bytes);

/*
 * One netlink datagram from fd: its length, or a negative errno (-EAGAIN
 * with MSG_DONTWAIT when there is none, -ENOSPC when it was truncated,
 * as libmnl has it). Only the kernel speaks to our netlink sockets: any
 * process may send a unicast netlink message to a port, so a datagram
 * from another (source port not 0) is dropped here and reported as
 * empty (0).
 */
ssize_t nl_recv_kernel(int fd, void *buf, size_t len, int flags);

#endif /* IPMOB_UTIL_H */
