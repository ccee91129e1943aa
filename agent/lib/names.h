/* SPDX-License-Identifier: GPL-2.0 */
/*
 * names.h - printable names of the values defined in linux/ipmob.h.
 */
#ifndef IPMOB_NAMES_H
#define IPMOB_NAMES_H

#include <stdint.h>

/*
 * Counter name for an enum ipmob_stat id: the enumerator without its
 * IPMOB_STAT_ prefix, in lower case ("drop_bad_outer_src"). The table
 * is generated from the uapi header at build time. NULL if unknown.
 */
const char *stat_name(unsigned int id);
/* Highest counter id this program knows a name for. */
unsigned int stat_max(void);

/* "tunnel" / "ro"; NULL if unknown. */
const char *mode_name(unsigned int mode);

/*
 * enum ipmob_role: "ha", "cn", "mn", "lma", "mag", "fa", "map", "par",
 * "nar", "anchor"; NULL if unknown. role_number() is the reverse (-1 if
 * the name is none of them).
 */
const char *role_name(unsigned int role);
int role_number(const char *name);

/*
 * Event name of a notification command: "new", "set", "del", "flush",
 * "expired", "refresh", "berr_needed". NULL if the command is not a
 * notification this program knows.
 */
const char *event_name(unsigned int cmd);

/*
 * enum ipmob_udp_hdr: "none", "mip4", "tlv"; NULL if unknown.
 * udp_hdr_number() is the reverse (-1 if the name is none of them).
 */
const char *udp_hdr_name(unsigned int hdr);
int udp_hdr_number(const char *name);

/* Binding Error status (RFC 6275 6.1.9): "unknown-hao" / "unknown-mh". */
const char *be_status_name(unsigned int status);

#endif /* IPMOB_NAMES_H */
