/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ipmob: compatibility between the supported kernels (Debian 6.1 and 6.12).
 *
 * Force-included into every file of the module (Kbuild: -include). The
 * IPMOB_HAVE_* macros come from feature probes in Kbuild that grep the
 * headers of the kernel being built against; nothing here tests version
 * numbers, so backports are handled too.
 */
#ifndef _IPMOB_COMPAT_H
#define _IPMOB_COMPAT_H

#include <linux/netdevice.h>
#include <linux/netlink.h>
#include <net/genetlink.h>
#ifdef IPMOB_HAVE_NET_GSO_H
#include <net/gso.h>		/* 6.5 moved the GSO helpers here */
#endif

/* 6.12 moved NETIF_F_LLTX to a bit field of struct net_device. */
static inline void ipmob_compat_set_lltx(struct net_device *dev)
{
#ifdef IPMOB_HAVE_DEV_LLTX
	dev->lltx = true;
#else
	dev->features |= NETIF_F_LLTX;
#endif
}

/*
 * A device that must not change namespace: NETIF_F_NETNS_LOCAL until 6.12
 * made it dev->netns_local, renamed dev->netns_immutable since (and in
 * 6.12's stable updates).
 */
static inline void ipmob_compat_set_netns_local(struct net_device *dev)
{
#if defined(IPMOB_HAVE_NETNS_IMMUTABLE)
	dev->netns_immutable = true;
#elif defined(IPMOB_HAVE_NETNS_LOCAL_BIT)
	dev->netns_local = true;
#else
	dev->features |= NETIF_F_NETNS_LOCAL;
#endif
}

/*
 * Per-CPU tunnel statistics: since 6.7 the core allocates dev->tstats when
 * dev->pcpu_stat_type says so (and 6.12's iptunnel_xmit_stats() insists);
 * before, the driver allocates them.
 */
static inline void ipmob_compat_setup_tstats(struct net_device *dev)
{
#ifdef IPMOB_HAVE_PCPU_STAT_TYPE
	dev->pcpu_stat_type = NETDEV_PCPU_STAT_TSTATS;
#endif
}

static inline int ipmob_compat_alloc_tstats(struct net_device *dev)
{
#ifndef IPMOB_HAVE_PCPU_STAT_TYPE
	dev->tstats = netdev_alloc_pcpu_stats(struct pcpu_sw_netstats);
	if (!dev->tstats)
		return -ENOMEM;
#endif
	return 0;
}

static inline void ipmob_compat_free_tstats(struct net_device *dev)
{
#ifndef IPMOB_HAVE_PCPU_STAT_TYPE
	free_percpu(dev->tstats);
	dev->tstats = NULL;
#endif
}

/* Attributes of a dump request: genl_info_dump() appeared in 6.6. */
static inline struct nlattr **ipmob_dump_attrs(struct netlink_callback *cb)
{
#ifdef IPMOB_HAVE_GENL_INFO_DUMP
	return genl_info_dump(cb)->attrs;
#else
	return genl_dumpit_info(cb)->attrs;
#endif
}

/*
 * Formatted extack messages appeared in 6.2. Before that, format into one
 * static buffer: the family is not parallel_ops, so every doit and its ack
 * run under genl_mutex and the buffer cannot be shared.
 */
#ifdef NL_SET_ERR_MSG_FMT
#define IPMOB_HAVE_NL_FMT
#else
#define IPMOB_EXTACK_BUF 80
extern char ipmob_extack_buf[IPMOB_EXTACK_BUF];
#define NL_SET_ERR_MSG_FMT(extack, fmt, args...) do {			\
	struct netlink_ext_ack *__ext = (extack);			\
	if (__ext) {							\
		snprintf(ipmob_extack_buf, sizeof(ipmob_extack_buf),	\
			 fmt, ##args);					\
		__ext->_msg = ipmob_extack_buf;				\
	}								\
} while (0)
#endif

#ifndef NL_SET_ERR_MSG_ATTR_FMT
#define NL_SET_ERR_MSG_ATTR_FMT(extack, attr, fmt, args...) do {	\
	struct netlink_ext_ack *__e = (extack);				\
	if (__e)							\
		__e->bad_attr = (attr);					\
	NL_SET_ERR_MSG_FMT(__e, fmt, ##args);				\
} while (0)
#endif

#endif /* _IPMOB_COMPAT_H */
