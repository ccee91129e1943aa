// SPDX-License-Identifier: GPL-2.0
/*
 * conf_roles.c - the roles' configuration sections, for the parser: in
 * the order the manual and the messages name them. Each is also its
 * role's role_ops.conf (roles.c; a unit test checks that the two agree);
 * this list lets conf.c be built, tested and fuzzed without the roles'
 * code.
 */
#include <stddef.h>

#include "conf.h"

const struct conf_section *const conf_role_sections[] = {
	&mn_conf_section,
	&ha_conf_section,
	&cn_conf_section,
	&pd_conf_section,
	NULL,
};
