/* SPDX-License-Identifier: GPL-2.0 */
/*
 * cli.h - state and entry points shared by the parts of the ipmob CLI.
 *
 * Every command function returns the process exit status:
 *   0  success
 *   1  bad usage (bad argument, unknown device or namespace, bad file)
 *   2  the kernel refused the request or could not be reached
 * and has already printed its one-line diagnostic when it is not 0.
 */
#ifndef IPMOB_CLI_H
#define IPMOB_CLI_H

#include <stdbool.h>
#include <stdio.h>
#include <net/if.h>

#include "binding.h"
#include "endpoint.h"
#include "flow.h"
#include "genl.h"
#include "json.h"
#include "util.h"

#define EXIT_USAGE	1
#define EXIT_KERNEL	2

struct cli_ctx;

/*
 * How the CLI reaches the kernel. The real one wraps genl.c; the unit
 * tests plug in a fake that records the messages.
 */
struct cli_transport {
	/* Set ctx->family/ctx->version. 0, or an exit status (printed). */
	int (*connect)(struct cli_ctx *ctx);
	/* Like genl_talk(): 0 or a negative errno with err filled. */
	int (*talk)(struct cli_ctx *ctx, struct nlmsghdr *nlh, genl_cb_t cb,
		    void *data, struct genl_err *err);
	/* Monitor: subscribe to group name and pass notifications to cb. */
	int (*listen)(struct cli_ctx *ctx, const char *group, genl_cb_t cb,
		      void *data);
};

/*
 * Batch packing of consecutive "binding add" lines into BINDING_NEW
 * messages, and of consecutive "flow add" lines naming the same session
 * into FLOW_NEW messages.
 */
#define PACK_MAX_NESTS	200	/* bindings per message */
#define PACK_MAX_FLOWS	2048	/* rules per message: the bytes limit first */
#define PACK_MAX_BYTES	GENL_TXBUF_LEN

struct add_packer {
	char *buf;			/* PACK_MAX_BYTES */
	struct nlmsghdr *nlh;		/* open message, NULL if none */
	uint8_t cmd;			/* its command: BINDING_NEW or FLOW_NEW */
	struct ipmob_binding key;	/* FLOW_NEW: the session (with ifindex) */
	unsigned int count;		/* nests in the open message */
	unsigned long lines[PACK_MAX_FLOWS];	/* batch line of each nest */
	uint32_t offs[PACK_MAX_FLOWS];	/* offset of each nest in the message */
	unsigned int max_nests;		/* bindings, <= PACK_MAX_NESTS */
	unsigned int max_flows;		/* rules, <= PACK_MAX_FLOWS */
	size_t max_bytes;		/* <= PACK_MAX_BYTES */
	unsigned long messages;		/* messages sent so far */
};

_Static_assert(PACK_MAX_FLOWS >= PACK_MAX_NESTS, "packer arrays");

struct cli_ctx {
	bool json;
	bool pretty;
	FILE *out;			/* command output (stdout) */
	FILE *err;			/* diagnostics (stderr) */
	unsigned long lineno;		/* batch line being run, 0 if none */
	const struct cli_transport *tp;
	void *tp_priv;
	bool connected;
	uint16_t family;
	uint8_t version;
	struct genl_sock gs;
	char *txbuf;			/* GENL_TXBUF_LEN scratch */
	struct add_packer *packer;	/* batch mode only */
	/* Last device name resolution (batch lines mostly repeat it). */
	char dev_name[IF_NAMESIZE];
	uint32_t dev_index;
};

extern const struct cli_transport cli_genl_transport;

int cli_init(struct cli_ctx *ctx, const struct cli_transport *tp);
void cli_fini(struct cli_ctx *ctx);

/* Print "ipmob: [line N: ]<msg>" on ctx->err; returns EXIT_USAGE. */
int cli_error(struct cli_ctx *ctx, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Same for a kernel error; line 0 means ctx->lineno. Returns EXIT_KERNEL. */
int cli_kernel_error(struct cli_ctx *ctx, unsigned long line,
		     const struct genl_err *e);
int cli_connect(struct cli_ctx *ctx);
int cli_show_only_args(struct cli_ctx *ctx, int argc, char **argv,
		       const char *obj, void (*usage)(FILE *f));
/* genl_talk through the transport; prints kernel warnings. */
int cli_talk(struct cli_ctx *ctx, struct nlmsghdr *nlh, genl_cb_t cb,
	     void *data, struct genl_err *err);
/*
 * A dump through cli_talk(): with -j the callback's objects go into one
 * JSON array written to j (initialised here); a dump the kernel marked
 * interrupted gets a warning naming what (plural). Returns cli_talk's.
 */
int cli_dump(struct cli_ctx *ctx, struct nlmsghdr *nlh, genl_cb_t cb,
	     void *data, struct json *j, struct genl_err *err,
	     const char *what);
/* Device name -> ifindex; 0, or -1 with a message in err. */
int cli_resolve_dev(struct cli_ctx *ctx, const char *name, uint32_t *ifindex,
		    char *err, size_t errlen);

/* Objects: argv[0] is the first word after the object name. */
int cmd_binding(struct cli_ctx *ctx, int argc, char **argv);
int cmd_stats(struct cli_ctx *ctx, int argc, char **argv);
int cmd_monitor(struct cli_ctx *ctx, int argc, char **argv);
int cmd_link(struct cli_ctx *ctx, int argc, char **argv);
int cmd_endpoint(struct cli_ctx *ctx, int argc, char **argv);
int cmd_flow(struct cli_ctx *ctx, int argc, char **argv);
int cmd_udp(struct cli_ctx *ctx, int argc, char **argv);

void usage_binding(FILE *f);
void usage_stats(FILE *f);
void usage_monitor(FILE *f);
void usage_link(FILE *f);
void usage_endpoint(FILE *f);
void usage_flow(FILE *f);
void usage_udp(FILE *f);

/* Run argv (argv[0] = object) as one command. */
int cli_dispatch(struct cli_ctx *ctx, int argc, char **argv);
/*
 * Global option as in ip(8): one or two dashes and any prefix of the
 * long name ("-j", "-json", "--json"). Returns the long name ("json",
 * "pretty", "netns", "batch", "Version", "help") or NULL.
 */
const char *cli_match_option(const char *arg);
/* Run a batch file; see ipmob(8). */
int cli_batch(struct cli_ctx *ctx, FILE *f);

/* ---- binding command: argv -> struct -> message, all pure ---- */

/* The encapsulations "encap" names (IPMOB_ENCAP_IP in each case). */
enum cli_encap {
	CLI_ENCAP_IP6IP6 = 1,	/* IPv6 home address, IPv6 care-of address */
	CLI_ENCAP_IPIP,		/* IPv4 in IPv4 */
	CLI_ENCAP_IP4IP6,	/* IPv4 home address, IPv6 care-of address */
	CLI_ENCAP_IP6IP4,	/* IPv6 home address, IPv4 care-of address */
	CLI_ENCAP_MINENC,	/* minimal encapsulation, IPv4 in IPv4 (RFC 2004) */
	CLI_ENCAP_GRE,		/* GRE (RFC 2784) with keys (RFC 2890), any families */
	CLI_ENCAP_UDP,		/* UDP (RFC 5555 4.1, RFC 5844 7.1), any families */
	CLI_ENCAP_HOME,		/* none: a home record (RFC 5648 5.6), the
				 * home address on the home link */
};

enum binding_op {
	BOP_ADD,
	BOP_CHANGE,
	BOP_DEL,
	BOP_SHOW,
	BOP_FLUSH,
	BOP_HELP,
};

struct binding_args {
	enum binding_op op;
	struct ipmob_binding b;	/* what the command line gave */
	/* "encap" given for each care-of record: enum cli_encap, 0 = none */
	uint8_t encap[IPMOB_MAX_COA];
	/* "learn" given for each care-of record */
	bool learn_seen[IPMOB_MAX_COA];
	bool has_dev;
	char dev[IF_NAMESIZE];
	uint32_t ifindex;	/* filled in by the caller from dev */
	/*
	 * "iif": an interface name to resolve (has_iif and iif[0]), or an
	 * index already in b.iif (has_iif, iif "")
	 */
	bool has_iif;
	char iif[IF_NAMESIZE];
	/* "proxy": the same, into b.proxy_if */
	bool has_proxy;
	char proxy[IF_NAMESIZE];
};

/*
 * The index of "iif" NAME in the CLI's namespace into a->b (IPMOB_BA_IIF),
 * and of "proxy" NAME (IPMOB_BA_PROXY_IF).
 * 0, or -1 with the one-line reason in err.
 */
int binding_args_resolve_iif(struct binding_args *a, char *err,
			     size_t errlen);
/*
 * "iif" IFACE of a session key: an index into b at once, a name into
 * name (IF_NAMESIZE bytes) for iif_resolve(). 0 or -1 (err).
 */
int iif_arg(const char *val, struct ipmob_binding *b, char *name,
	    char *err, size_t errlen);
/*
 * b with the name of its ingress interface ("iif", IPMOB_BA_IIF) for the
 * output, in out if it has one; the binding to print.
 */
const struct ipmob_binding *with_iif_name(const struct ipmob_binding *b,
					  struct ipmob_binding *out);
/* A name from iif_arg() into b (IPMOB_BA_IIF); "" does nothing. */
int iif_resolve(const char *name, struct ipmob_binding *b, char *err,
		size_t errlen);

/*
 * Parse "binding" arguments (argv[0] is the command word; argc 0 means
 * "show"). Returns 0, or -1 with the one-line reason in err.
 */
int binding_args_parse(int argc, char **argv, struct binding_args *a,
		       char *err, size_t errlen);

/*
 * Build the request for parsed arguments (a->ifindex must be set when
 * a->has_dev). Returns the message in buf, or NULL if it does not fit.
 */
struct nlmsghdr *binding_args_msg(const struct binding_args *a,
				  uint16_t family, uint8_t version,
				  void *buf, size_t buflen);

/* True if argv (argv[0] = object) is a "binding add" command. */
bool is_binding_add(int argc, char **argv);

/*
 * A word naming a session (the key words of "binding del" but "dev":
 * hoa, peer, mode) and its value into b. 1 if word was one of them, 0 if
 * not, -1 (reason in err) if its value is bad or repeated.
 */
int binding_key_arg(const char *word, const char *val, struct ipmob_binding *b,
		    char *err, size_t errlen);
/* A complete session key: mode ro is IPv6 only. 0 or -1 (err). */
int binding_key_check(const struct ipmob_binding *b, char *err, size_t errlen);

struct add_packer *packer_new(void);
void packer_free(struct add_packer *p);
/* Queue one binding of batch line `line`; may send. 0 or exit status. */
int packer_add(struct cli_ctx *ctx, const struct ipmob_binding *b,
	       unsigned long line);
/* Send what is queued. 0 or exit status (error printed). */
int packer_flush(struct cli_ctx *ctx);
/*
 * Index of the nest of the queued message that a kernel error is about:
 * from the extack offset, else from a "binding K of N" ("flow rule K of
 * N", "flow K of N" or "rule K of N" for FLOW_NEW) message, else the only
 * nest. -1 if it cannot be told.
 */
int packer_error_index(const struct add_packer *p, const struct genl_err *e);

/* ---- flow command: argv -> struct -> message, all pure ---- */

enum flow_op {
	FOP_ADD,
	FOP_DEL,
	FOP_SHOW,
	FOP_FLUSH,	/* the session's buffered packets: BUFFER_FLUSH */
	FOP_HELP,
};

/* "flow del" with more fids than this is refused. */
#define FLOW_DEL_MAX_FIDS	1024

struct flow_args {
	enum flow_op op;
	/* the session: hoa, prefix_len, peer, peer4, mode as given */
	struct ipmob_binding key;
	bool has_dev;
	char dev[IF_NAMESIZE];
	uint32_t ifindex;	/* filled in by the caller from dev */
	char iif[IF_NAMESIZE];	/* "iif" NAME to resolve into key.iif ("":
				 * none, or an index already in key.iif) */
	struct ipmob_flow flow;	/* add: the rule */
	unsigned int nfid;	/* del: the rules named, none = all */
	uint16_t fid[FLOW_DEL_MAX_FIDS];
	bool send;		/* flush: send (true) or drop the packets */
};

/*
 * Parse "flow" arguments (argv[0] is the command word; argc 0 means
 * "show"). Returns 0, or -1 with the one-line reason in err.
 */
int flow_args_parse(int argc, char **argv, struct flow_args *a, char *err,
		    size_t errlen);

/*
 * Build the request for parsed arguments (a->ifindex must be set when
 * a->has_dev): FLOW_NEW, FLOW_DEL, the FLOW_GET dump, or BUFFER_FLUSH
 * (the session and IPMOB_A_BUFFER_SEND, 1 for send, 0 for drop).
 * Returns the message in buf, or NULL if it does not fit (or for help).
 */
struct nlmsghdr *flow_args_msg(const struct flow_args *a, uint16_t family,
			       uint8_t version, void *buf, size_t buflen);

/* True if argv (argv[0] = object) is a "flow add" command. */
bool is_flow_add(int argc, char **argv);

/* Clearer words for the common errno values of flow requests. */
void flow_errmsg(enum flow_op op, struct genl_err *e);

/*
 * Queue one rule of batch line `line` for the session key (with its
 * IPMOB_BA_IFINDEX); a message of other bindings or of another session
 * is sent first. 0 or exit status.
 */
int packer_add_flow(struct cli_ctx *ctx, const struct ipmob_binding *key,
		    const struct ipmob_flow *f, unsigned long line);

/*
 * One message of the FLOW_GET dump: its session key (IPMOB_A_BINDING)
 * into key, and the number of its IPMOB_A_FLOW nests; -EBADMSG if the
 * message, its key or one of its rules is malformed, or it has rules
 * and not exactly one key.
 */
int flow_msg_parse(const struct nlmsghdr *nlh, struct ipmob_binding *key);

/*
 * Each rule of a FLOW_GET dump message as a line ("hoa ... fid ...") or,
 * with ctx->json, as an object into the array that j has open. Returns
 * the number of rules printed, or -EBADMSG (nothing printed).
 */
int flow_print_msg(struct cli_ctx *ctx, struct json *j,
		   const struct nlmsghdr *nlh);

/* Output of one binding, plain line or JSON object fields. */
void binding_print_plain(struct cli_ctx *ctx, const char *prefix,
			 const struct ipmob_binding *b);
void binding_json_fields(struct json *j, const struct ipmob_binding *b);

/* ---- udp command: the namespace's UDP tunnel socket ---- */

enum udp_op {
	UOP_SHOW,
	UOP_LISTEN,
	UOP_HELP,
};

struct udp_args {
	enum udp_op op;
	bool has_addr;		/* listen: "address" given */
	bool addr4;		/* it is IPv4 (addr.s6_addr32[3] holds it) */
	struct in6_addr addr;	/* IPv6, or IPv4 in its last four octets */
	uint16_t port;		/* listen: 1-65535 */
};

/*
 * Parse "udp" arguments (argv[0] is the command word; argc 0 means
 * "show"). Returns 0, or -1 with the one-line reason in err.
 */
int udp_args_parse(int argc, char **argv, struct udp_args *a, char *err,
		   size_t errlen);

/*
 * The socket "udp listen" hands the kernel: AF_INET6 with IPV6_V6ONLY
 * off bound to [::]:port (no address, or an IPv6 one: that address), or
 * AF_INET bound to the IPv4 address. The descriptor, or -1 with the
 * reason in err.
 */
int udp_listen_socket(const struct udp_args *a, char *err, size_t errlen);

/* UDP_SET with IPMOB_A_FD = fd (fd < 0: without, letting go); UDP_GET. */
struct nlmsghdr *udp_set_msg(int fd, uint16_t family, uint8_t version,
			     void *buf, size_t buflen);
struct nlmsghdr *udp_get_msg(uint16_t family, uint8_t version, void *buf,
			     size_t buflen);

/*
 * The UDP_GET reply: "port P family inet6|inet" (JSON {"port":P,
 * "family":"inet6"}); nothing (JSON {}) when there is no socket.
 * 0, or -EBADMSG (nothing printed) when an attribute is malformed.
 */
int udp_print_reply(struct cli_ctx *ctx, const struct nlmsghdr *nlh);

/*
 * "udp listen" prints at most UDP_RATE_LINES datagram lines each
 * UDP_RATE_MS; it counts the others and says how many before the next
 * line it prints.
 */
#define UDP_RATE_LINES	10
#define UDP_RATE_MS	1000

struct udp_ratelimit {
	uint64_t start_ms;	/* start of the current window */
	unsigned int lines;	/* printed in it */
	unsigned long suppressed;	/* not printed since the last line */
};

/*
 * One datagram of len bytes from the address from (sockaddr_in or
 * sockaddr_in6; IPv4-mapped printed as IPv4) at now_ms: a line "from
 * ADDR port P, N bytes" (-j: {"from":..,"port":..,"bytes":..}), after
 * "suppressed N datagrams" ({"suppressed":N}) when some were not
 * printed; nothing when over the rate. Returns the lines printed.
 */
struct sockaddr;
int udp_datagram_print(struct cli_ctx *ctx, struct udp_ratelimit *rl,
		       uint64_t now_ms, const struct sockaddr *from,
		       size_t len);

/* ---- monitor: one notification -> output lines ---- */
int monitor_print(struct cli_ctx *ctx, const struct nlmsghdr *nlh);

/* ---- link: LINK_NEW / LINK_DEL request for a device name ---- */
struct nlmsghdr *link_msg(uint8_t cmd, const char *name, uint16_t family,
			  uint8_t version, void *buf, size_t buflen);

/* ---- stats: reply -> output ---- */
int stats_print(struct cli_ctx *ctx, const struct nlmsghdr *nlh);

/*
 * ---- endpoint: one message of the ENDPOINT_GET dump -> output ----
 * Each IPMOB_A_ENDPOINT nest as a line (endpoint_format()) or, with
 * ctx->json, as an object into the array that j has open. Returns the
 * number of endpoints printed, or -EBADMSG (nothing printed) if the
 * message or one of its endpoints is malformed.
 */
int endpoint_print_msg(struct cli_ctx *ctx, struct json *j,
		       const struct nlmsghdr *nlh);

#endif /* IPMOB_CLI_H */
