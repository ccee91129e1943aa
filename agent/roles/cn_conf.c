// SPDX-License-Identifier: GPL-2.0
/*
 * cn_conf.c - the [correspondent] section of ipmobd.conf (RFC 6275 9):
 * its keys, their types and ranges. It may be empty. See ipmobd.conf(5).
 */
#include "conf.h"
#include "util.h"

static const struct conf_keydef cn_keys[] = {
	{ .name = "max-lifetime", .type = CONF_T_UINT,
	  .off = CONF_OFF(cn.max_lifetime), .min = CONF_LIFETIME_MIN,
	  .max = CONF_RR_LIFETIME_MAX, .unit = " seconds",
	  .note = ", MAX_RR_BINDING_LIFETIME of RFC 6275" },
	{ .name = "max-bindings", .type = CONF_T_UINT,
	  .off = CONF_OFF(cn.max_bindings), .min = 1, .max = 1000000 },
	{ .name = "max-deleted-bindings", .type = CONF_T_UINT,
	  .off = CONF_OFF(cn.max_deleted), .min = 16, .max = 1000000 },
};

const struct conf_section cn_conf_section = {
	.name = "correspondent",
	.keys = cn_keys,
	.n_keys = ARRAY_SIZE(cn_keys),
	.enabled_off = CONF_OFF(cn.enabled),
};
