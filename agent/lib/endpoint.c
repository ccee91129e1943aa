// SPDX-License-Identifier: GPL-2.0
/*
 * endpoint.c - IPMOB_A_ENDPOINT nest <-> struct ipmob_endpoint -> text,
 * JSON.
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <libmnl/libmnl.h>

#include "endpoint.h"
#include "json.h"
#include "util.h"

static bool attr_copy(const struct nlattr *a, void *out, size_t size)
{
	if (mnl_attr_get_payload_len(a) != size)
		return false;
	memcpy(out, mnl_attr_get_payload(a), size);
	return true;
}

static int ea_cb(const struct nlattr *a, void *data)
{
	struct ipmob_endpoint *ep = data;
	uint16_t type = mnl_attr_get_type(a);
	bool ok;

	switch (type) {
	case IPMOB_EA_LOCAL:
		ok = attr_copy(a, &ep->local, sizeof(ep->local));
		break;
	case IPMOB_EA_REMOTE:
		ok = attr_copy(a, &ep->remote, sizeof(ep->remote));
		break;
	case IPMOB_EA_LOCAL4:
		ok = attr_copy(a, &ep->local4, sizeof(ep->local4));
		break;
	case IPMOB_EA_REMOTE4:
		ok = attr_copy(a, &ep->remote4, sizeof(ep->remote4));
		break;
	case IPMOB_EA_ENCAP:
		ok = attr_copy(a, &ep->encap, sizeof(ep->encap));
		break;
	case IPMOB_EA_USERS:
		ok = mnl_attr_get_payload_len(a) == sizeof(uint32_t);
		if (ok)
			ep->users = mnl_attr_get_u32(a);
		break;
	case IPMOB_EA_CACHED:
		ok = attr_copy(a, &ep->cached, sizeof(ep->cached));
		break;
	case IPMOB_EA_GRE_OKEY:
		ok = mnl_attr_get_payload_len(a) == sizeof(uint32_t);
		if (ok)
			ep->okey = mnl_attr_get_u32(a);
		break;
	default:
		return MNL_CB_OK;	/* newer kernel: skip */
	}
	if (!ok)
		return MNL_CB_ERROR;
	EA_SET(ep, type);
	return MNL_CB_OK;
}

int endpoint_from_nest(const struct nlattr *nest, struct ipmob_endpoint *ep)
{
	bool r6, r4, l6, l4;

	memset(ep, 0, sizeof(*ep));
	if (mnl_attr_parse_nested(nest, ea_cb, ep) < 0)
		return -1;
	r6 = EA_HAS(ep, IPMOB_EA_REMOTE);
	r4 = EA_HAS(ep, IPMOB_EA_REMOTE4);
	l6 = EA_HAS(ep, IPMOB_EA_LOCAL);
	l4 = EA_HAS(ep, IPMOB_EA_LOCAL4);
	/* one outer family: a remote address, a local one of its family */
	if (r6 == r4 || (r6 && l4) || (r4 && l6))
		return -1;
	return 0;
}

bool endpoint_to_nest(struct nlmsghdr *nlh, size_t buflen,
		      uint16_t attr_type, const struct ipmob_endpoint *ep)
{
	struct nlattr *nest;

	if (nlh->nlmsg_len > buflen)
		return false;
	nest = mnl_attr_nest_start_check(nlh, buflen, attr_type);
	if (!nest)
		return false;

#define PUT(attr, field)						\
	if (EA_HAS(ep, attr) &&						\
	    !mnl_attr_put_check(nlh, buflen, attr, sizeof(ep->field),	\
				&ep->field))				\
		goto cancel

	PUT(IPMOB_EA_LOCAL, local);
	PUT(IPMOB_EA_REMOTE, remote);
	PUT(IPMOB_EA_LOCAL4, local4);
	PUT(IPMOB_EA_REMOTE4, remote4);
	PUT(IPMOB_EA_ENCAP, encap);
	if (EA_HAS(ep, IPMOB_EA_USERS) &&
	    !mnl_attr_put_u32_check(nlh, buflen, IPMOB_EA_USERS, ep->users))
		goto cancel;
	PUT(IPMOB_EA_CACHED, cached);
	if (EA_HAS(ep, IPMOB_EA_GRE_OKEY) &&
	    !mnl_attr_put_u32_check(nlh, buflen, IPMOB_EA_GRE_OKEY, ep->okey))
		goto cancel;
#undef PUT

	mnl_attr_nest_end(nlh, nest);
	return true;
cancel:
	mnl_attr_nest_cancel(nlh, nest);
	return false;
}

const char *endpoint_encap_name(unsigned int encap)
{
	switch (encap) {
	case IPMOB_ENCAP_IP:
		return "ip";
	case IPMOB_ENCAP_MINENC:
		return "minenc";
	case IPMOB_ENCAP_GRE:
		return "gre";
	}
	return NULL;
}

/* The inner families whose outer route is cached, IPv6 first. */
static const struct {
	uint8_t bit;
	const char *name;
} cached_names[] = {
	{ IPMOB_EC_INNER6, "ip6" },
	{ IPMOB_EC_INNER4, "ip4" },
};

/* The local and remote address as text ("" for an absent local). */
static void addr_strs(const struct ipmob_endpoint *ep,
		      char local[INET6_ADDRSTRLEN],
		      char remote[INET6_ADDRSTRLEN])
{
	local[0] = '\0';
	if (endpoint_is4(ep)) {
		if (EA_HAS(ep, IPMOB_EA_LOCAL4))
			in4_str(&ep->local4, local);
		in4_str(&ep->remote4, remote);
	} else {
		if (EA_HAS(ep, IPMOB_EA_LOCAL))
			in6_str(&ep->local, local);
		in6_str(&ep->remote, remote);
	}
}

size_t endpoint_format(char *buf, size_t len, const struct ipmob_endpoint *ep)
{
	char line[256], local[INET6_ADDRSTRLEN], remote[INET6_ADDRSTRLEN];
	size_t n = 0, i;
	bool first = true;

	/* at most ~150 bytes: line never truncates */
#define ADD(...)							\
	do {								\
		int k_ = snprintf(line + n, sizeof(line) - n, __VA_ARGS__); \
		if (k_ > 0 && (size_t)k_ < sizeof(line) - n)		\
			n += (size_t)k_;				\
	} while (0)

	addr_strs(ep, local, remote);
	if (local[0])
		ADD("local %s ", local);
	ADD("remote %s", remote);
	if (EA_HAS(ep, IPMOB_EA_ENCAP)) {
		const char *e = endpoint_encap_name(ep->encap);

		if (e)
			ADD(" encap %s", e);
		else
			ADD(" encap %u", (unsigned int)ep->encap);
	}
	if (EA_HAS(ep, IPMOB_EA_GRE_OKEY))
		ADD(" okey %" PRIu32, ep->okey);
	if (EA_HAS(ep, IPMOB_EA_USERS))
		ADD(" users %" PRIu32, ep->users);
	for (i = 0; EA_HAS(ep, IPMOB_EA_CACHED) && i < ARRAY_SIZE(cached_names);
	     i++) {
		if (!(ep->cached & cached_names[i].bit))
			continue;
		ADD("%s%s", first ? " cached " : ",", cached_names[i].name);
		first = false;
	}
#undef ADD

	if (len)
		snprintf(buf, len, "%s", line);
	return n;
}

void endpoint_json_fields(struct json *j, const struct ipmob_endpoint *ep)
{
	char local[INET6_ADDRSTRLEN], remote[INET6_ADDRSTRLEN], num[8];
	size_t i;

	addr_strs(ep, local, remote);
	if (local[0])
		json_kstr(j, "local", local);
	json_kstr(j, "remote", remote);
	if (EA_HAS(ep, IPMOB_EA_ENCAP)) {
		const char *e = endpoint_encap_name(ep->encap);

		if (!e) {
			snprintf(num, sizeof(num), "%u", (unsigned int)ep->encap);
			e = num;
		}
		json_kstr(j, "encap", e);
	}
	if (EA_HAS(ep, IPMOB_EA_GRE_OKEY))
		json_ku64(j, "okey", ep->okey);
	if (EA_HAS(ep, IPMOB_EA_USERS))
		json_ku64(j, "users", ep->users);
	json_key(j, "cached");
	json_arr_open(j);
	for (i = 0; EA_HAS(ep, IPMOB_EA_CACHED) && i < ARRAY_SIZE(cached_names);
	     i++)
		if (ep->cached & cached_names[i].bit)
			json_str(j, cached_names[i].name);
	json_arr_close(j);
}
