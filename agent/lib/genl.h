/* SPDX-License-Identifier: GPL-2.0 */
/*
 * genl.h - libmnl based generic netlink helpers shared by ipmob and
 * ipmobd: family and multicast group resolution, request/ACK with
 * extended ACK decoding, dump loop, notification receive.
 */
#ifndef IPMOB_GENL_H
#define IPMOB_GENL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <linux/netlink.h>
#include <linux/genetlink.h>

struct mnl_socket;

/* Receive buffer: dumps come in skbs of at most 32 KiB. */
#define GENL_RXBUF_LEN		(64 * 1024)
/* Largest request this code builds (batch packing stays below it). */
#define GENL_TXBUF_LEN		(32 * 1024)
#define GENL_MAX_MCGRPS		8

/* Result of a request: errno plus what the kernel said about it. */
struct genl_err {
	int error;		/* 0 or a negative errno */
	char msg[256];		/* extack message, or our own; "" if none */
	bool kernel_msg;	/* msg came from NLMSGERR_ATTR_MSG */
	bool has_offs;		/* offs is valid */
	uint32_t offs;		/* NLMSGERR_ATTR_OFFS: bad attribute offset */
	bool has_miss_type;
	uint32_t miss_type;	/* NLMSGERR_ATTR_MISS_TYPE */
	bool dump_intr;		/* NLM_F_DUMP_INTR seen: dump inconsistent */
};

struct genl_sock {
	struct mnl_socket *nl;
	uint32_t portid;
	uint32_t seq;
	uint16_t family_id;
	uint8_t family_version;
	unsigned int n_mcgrps;
	struct {
		char name[GENL_NAMSIZ];
		uint32_t id;
	} mcgrps[GENL_MAX_MCGRPS];
	char *rxbuf;
};

/*
 * Called for every data message of a reply or dump (and, from
 * genl_recv(), for every notification). Return 0 to go on, or a
 * negative errno to fail the request; a failing dump is still drained
 * so the socket stays usable. The callback may fill err->msg.
 */
typedef int (*genl_cb_t)(const struct nlmsghdr *nlh, void *data,
			 struct genl_err *err);

/*
 * Open a generic netlink socket and resolve family (id, version,
 * multicast groups). Returns 0, or a negative errno with err filled
 * ("generic netlink family ... not found" for ENOENT).
 */
int genl_open(struct genl_sock *gs, const char *family, struct genl_err *err);
void genl_close(struct genl_sock *gs);
int genl_fd(const struct genl_sock *gs);

/* Multicast group id by name, 0 if the family has no such group. */
uint32_t genl_mcgrp_id(const struct genl_sock *gs, const char *name);
int genl_subscribe(struct genl_sock *gs, uint32_t group);
/* Grow the socket receive buffer (SO_RCVBUFFORCE, else SO_RCVBUF). */
void genl_set_rcvbuf(struct genl_sock *gs, int bytes);

/*
 * Start a message in buf (at least GENL_HDRLEN + NLMSG_HDRLEN bytes):
 * nlmsghdr of type family with NLM_F_REQUEST | flags, genlmsghdr with
 * cmd and version. Pure: touches nothing but buf.
 */
struct nlmsghdr *genl_msg_start(void *buf, uint16_t family, uint8_t cmd,
				uint8_t version, uint16_t flags);

/*
 * Send nlh (NLM_F_ACK is added unless it is a dump) and receive until
 * the ACK, the error or NLMSG_DONE. cb (may be NULL) sees every data
 * message of the reply. Returns 0 or a negative errno (err filled).
 */
int genl_talk(struct genl_sock *gs, struct nlmsghdr *nlh, genl_cb_t cb,
	      void *data, struct genl_err *err);

/*
 * Receive once (blocking) and pass every message of the family to cb.
 * Only the kernel's datagrams count: one another process sent to our
 * port is dropped (0 returned, cb not called). Returns 0, or a negative
 * errno (-ENOBUFS: the kernel dropped notifications because the socket
 * buffer was full).
 */
int genl_recv(struct genl_sock *gs, genl_cb_t cb, void *data,
	      struct genl_err *err);

/* The same without waiting: -EAGAIN when nothing is there. */
int genl_recv_nowait(struct genl_sock *gs, genl_cb_t cb, void *data,
		     struct genl_err *err);

/*
 * mnl_nlmsg_ok() without its flaw (libmnl 1.0.4, Debian 12's, compares
 * the length as an int: a message claiming 2 GiB or more passes, and
 * its reader runs off the buffer). Any process of the machine can put such
 * a message in our sockets (netlink unicast between user sockets), so
 * every loop over a receive buffer uses this one.
 */
static inline bool genl_nlmsg_ok(const struct nlmsghdr *nlh, int len)
{
	/*
	 * With its padding: libmnl walks a message's attributes up to
	 * NLMSG_ALIGN(nlmsg_len), so a last message cut short of its
	 * padding (never so from the kernel) would be read past the bytes
	 * received (found by fuzz_genl).
	 */
	return len >= (int)sizeof(*nlh) && nlh->nlmsg_len >= sizeof(*nlh) &&
	       nlh->nlmsg_len <= (unsigned int)len &&
	       NLMSG_ALIGN(nlh->nlmsg_len) <= (unsigned int)len;
}

/*
 * Bytes of the len bytes of buf up to the first message genl_nlmsg_ok()
 * refuses: what can go to mnl_cb_run() (which uses mnl_nlmsg_ok()).
 */
size_t genl_nlmsg_valid_len(const void *buf, size_t len);

/* A u64 counter attribute: 8-byte u64, or a 4-byte value. */
bool genl_attr_uint(const struct nlattr *a, uint64_t *out);

/*
 * Decode an NLMSG_ERROR (or NLMSG_DONE) message into err: errno and
 * the extended ACK attributes. Exposed for the unit tests and the
 * fuzzer.
 */
void genl_parse_error(const struct nlmsghdr *nlh, struct genl_err *err);

/*
 * Take the family id, version and multicast groups (added to those
 * gs has, at most GENL_MAX_MCGRPS) of a CTRL_CMD_GETFAMILY reply into
 * gs. True if it had the family id. Exposed for the fuzzer.
 */
bool genl_parse_family(const struct nlmsghdr *nlh, struct genl_sock *gs);

/* One line describing err: the extack message or strerror. */
const char *genl_strerror(const struct genl_err *err);

#endif /* IPMOB_GENL_H */
