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
#include "print.h"
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

/*
 * Each field once, for both outputs (print.h): the text line
 * "[local L] remote R [encap E] [okey K] [users N] [cached ip6,ip4]" and
 * the JSON object's fields, "cached" always there as an array.
 */
void endpoint_print(struct printer *p, const struct ipmob_endpoint *ep)
{
	char local[INET6_ADDRSTRLEN], remote[INET6_ADDRSTRLEN], num[12];
	const char *sep = " cached ";
	size_t i;

	addr_strs(ep, local, remote);
	if (local[0])
		pr_str(p, PR_ANY, "local", " local %s", local);
	pr_str(p, PR_ANY, "remote", " remote %s", remote);
	if (EA_HAS(ep, IPMOB_EA_ENCAP)) {
		const char *e = endpoint_encap_name(ep->encap);

		if (!e) {
			snprintf(num, sizeof(num), "%u", (unsigned int)ep->encap);
			e = num;
		}
		pr_str(p, PR_ANY, "encap", " encap %s", e);
	}
	if (EA_HAS(ep, IPMOB_EA_GRE_OKEY))
		pr_u64(p, PR_ANY, "okey", " okey %" PRIu64, ep->okey);
	if (EA_HAS(ep, IPMOB_EA_USERS))
		pr_u64(p, PR_ANY, "users", " users %" PRIu64, ep->users);
	pr_arr_open(p, "cached");
	for (i = 0; EA_HAS(ep, IPMOB_EA_CACHED) && i < ARRAY_SIZE(cached_names);
	     i++) {
		if (!(ep->cached & cached_names[i].bit))
			continue;
		pr_arr_str(p, sep, cached_names[i].name);
		sep = ",";
	}
	pr_arr_close(p);
}

size_t endpoint_format(char *buf, size_t len, const struct ipmob_endpoint *ep)
{
	struct printer pr = printer_text(buf, len);

	endpoint_print(&pr, ep);
	return pr.used;
}

void endpoint_json_fields(struct json *j, const struct ipmob_endpoint *ep)
{
	struct printer pr = printer_json(j);

	endpoint_print(&pr, ep);
}
