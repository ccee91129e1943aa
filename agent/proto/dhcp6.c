// SPDX-License-Identifier: GPL-2.0
/*
 * dhcp6.c - DHCPv6 (RFC 8415) relay messages and delegated prefixes,
 * for prefix delegation to mobile routers (RFC 6276). Pure functions.
 */
#include <stdio.h>
#include <string.h>

#include "dhcp6.h"

static uint16_t get16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

static uint32_t get32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	       (uint32_t)p[2] << 8 | p[3];
}

/*
 * Walk the options in [p, p + len): calls fn for each, stops at its
 * non-zero return. -1 if an option runs past the end (RFC 8415 21.1:
 * option-code, option-len, data), else what fn last returned or 0.
 */
typedef int (*opt_fn)(uint16_t code, const uint8_t *data, uint16_t len,
		      void *arg);

static int opts_walk(const uint8_t *p, size_t len, opt_fn fn, void *arg)
{
	while (len) {
		uint16_t code, olen;
		int ret;

		if (len < 4)
			return -1;
		code = get16(p);
		olen = get16(p + 2);
		if ((size_t)olen > len - 4)
			return -1;
		ret = fn(code, p + 4, olen, arg);
		if (ret)
			return ret;
		p += 4 + olen;
		len -= 4 + (size_t)olen;
	}
	return 0;
}

struct relay_walk {
	const uint8_t *msg;
	size_t msg_len;
	unsigned int n_msg;
};

static int relay_opt(uint16_t code, const uint8_t *data, uint16_t len,
		     void *arg)
{
	struct relay_walk *w = arg;

	if (code == DHCP6_OPT_RELAY_MSG) {
		w->msg = data;
		w->msg_len = len;
		w->n_msg++;
	}
	return 0;
}

int dhcp6_relay_parse(const uint8_t *buf, size_t len, struct dhcp6_relay *r)
{
	struct relay_walk w = { 0 };

	if (len < DHCP6_RELAY_HDR || len > DHCP6_MAX_LEN ||
	    !dhcp6_is_relay(buf[0]))
		return -1;
	if (opts_walk(buf + DHCP6_RELAY_HDR, len - DHCP6_RELAY_HDR,
		      relay_opt, &w) < 0)
		return -1;
	/* 21.10: a relay message carries one Relay Message option; one
	 * with none (or two) relays nothing we could hand on */
	if (w.n_msg != 1 || !w.msg_len)
		return -1;
	r->type = buf[0];
	r->hops = buf[1];
	memcpy(&r->link, buf + 2, 16);
	memcpy(&r->peer, buf + 18, 16);
	r->msg = w.msg;
	r->msg_len = w.msg_len;
	return 0;
}

/* A Status Code option (21.13): its code, or 0 (Success) if absent. */
struct status_walk {
	uint16_t status;
	bool bad;
};

static int status_opt(uint16_t code, const uint8_t *data, uint16_t len,
		      void *arg)
{
	struct status_walk *s = arg;

	if (code != DHCP6_OPT_STATUS_CODE)
		return 0;
	if (len < 2) {
		s->bad = true;
		return 1;
	}
	s->status = get16(data);
	return 0;
}

struct pd_walk {
	struct dhcp6_info *m;
	struct dhcp6_pd cand[DHCP6_MAX_PD];
	unsigned int n_cand;
	bool more;
	bool bad;
};

/* IA Prefix (21.22): preferred(4) valid(4) plen(1) prefix(16) options */
static int iaprefix_opt(uint16_t code, const uint8_t *data, uint16_t len,
			void *arg)
{
	struct pd_walk *w = arg;
	struct status_walk st = { 0 };
	struct dhcp6_pd pd;

	if (code == DHCP6_OPT_STATUS_CODE) {
		if (len < 2) {
			w->bad = true;
			return 1;
		}
		return 0;
	}
	if (code != DHCP6_OPT_IAPREFIX)
		return 0;
	if (len < 25) {
		w->bad = true;
		return 1;
	}
	if (opts_walk(data + 25, len - 25u, status_opt, &st) < 0 || st.bad) {
		w->bad = true;
		return 1;
	}
	pd.preferred = get32(data);
	pd.valid = get32(data + 4);
	pd.plen = data[8];
	memcpy(&pd.prefix, data + 9, 16);
	/* 21.22: a prefix longer than 128 is not one; a failed one or one
	 * whose preferred lifetime exceeds its valid one is ignored */
	if (pd.plen > 128 || st.status || pd.preferred > pd.valid)
		return 0;
	if (w->n_cand >= DHCP6_MAX_PD) {
		w->more = true;
		return 0;
	}
	w->cand[w->n_cand++] = pd;
	return 0;
}

/* IA_PD (21.21): IAID(4) T1(4) T2(4) options */
static int msg_opt(uint16_t code, const uint8_t *data, uint16_t len,
		   void *arg)
{
	struct pd_walk *w = arg;
	struct dhcp6_info *m = w->m;
	struct status_walk st = { 0 };
	unsigned int i;

	if (code != DHCP6_OPT_IA_PD)
		return 0;
	if (len < 12) {
		w->bad = true;
		return 1;
	}
	w->n_cand = 0;
	w->more = false;
	if (opts_walk(data + 12, len - 12u, iaprefix_opt, w) < 0 || w->bad ||
	    opts_walk(data + 12, len - 12u, status_opt, &st) < 0 || st.bad) {
		w->bad = true;
		return 1;
	}
	if (st.status)		/* the IA delegates nothing */
		return 0;
	for (i = 0; i < w->n_cand; i++) {
		if (m->n_pd >= DHCP6_MAX_PD) {
			m->more_pd = true;
			break;
		}
		m->pd[m->n_pd++] = w->cand[i];
	}
	if (w->more)
		m->more_pd = true;
	return 0;
}

int dhcp6_msg_parse(const uint8_t *buf, size_t len, struct dhcp6_info *m)
{
	struct pd_walk w = { .m = m };

	memset(m, 0, sizeof(*m));
	if (len < 4 || len > DHCP6_MAX_LEN || !buf[0] ||
	    buf[0] > DHCP6_INFO_REQUEST)
		return -1;
	m->type = buf[0];
	m->xid = (uint32_t)buf[1] << 16 | (uint32_t)buf[2] << 8 | buf[3];
	if (opts_walk(buf + 4, len - 4, msg_opt, &w) < 0 || w.bad) {
		memset(m, 0, sizeof(*m));
		return -1;
	}
	return 0;
}

size_t dhcp6_relay_build(uint8_t *out, size_t cap, uint8_t type,
			 uint8_t hops, const struct in6_addr *link,
			 const struct in6_addr *peer, const uint8_t *msg,
			 size_t msg_len)
{
	size_t n = DHCP6_RELAY_HDR + 4 + msg_len;

	if (!dhcp6_is_relay(type) || msg_len > 0xffff || n > cap)
		return 0;
	out[0] = type;
	out[1] = hops;
	memcpy(out + 2, link, 16);
	memcpy(out + 18, peer, 16);
	out[34] = 0;
	out[35] = DHCP6_OPT_RELAY_MSG;
	out[36] = (uint8_t)(msg_len >> 8);
	out[37] = (uint8_t)msg_len;
	memcpy(out + 38, msg, msg_len);
	return n;
}

const char *dhcp6_type_name(uint8_t type, char buf[12])
{
	static const char *const names[] = {
		[DHCP6_SOLICIT] = "Solicit", [DHCP6_ADVERTISE] = "Advertise",
		[DHCP6_REQUEST] = "Request", [DHCP6_CONFIRM] = "Confirm",
		[DHCP6_RENEW] = "Renew", [DHCP6_REBIND] = "Rebind",
		[DHCP6_REPLY] = "Reply", [DHCP6_RELEASE] = "Release",
		[DHCP6_DECLINE] = "Decline",
		[DHCP6_RECONFIGURE] = "Reconfigure",
		[DHCP6_INFO_REQUEST] = "Information-request",
		[DHCP6_RELAY_FORW] = "Relay-forward",
		[DHCP6_RELAY_REPL] = "Relay-reply",
	};

	if (type < sizeof(names) / sizeof(names[0]) && names[type])
		return names[type];
	snprintf(buf, 12, "type-%u", type);
	return buf;
}
