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
 * Formatted extack messages appeared in 6.2 (the text lives in the extack).
 * Before that a message must outlive the request: netlink_ack() reads it
 * after the family's lock is dropped, so no shared buffer will do. Each
 * call site therefore also gives a static text for those kernels; the
 * attribute still names the culprit (the CLI maps it to the batch line),
 * and no_printk() keeps the format and its arguments checked and used.
 */
#ifdef NL_SET_ERR_MSG_FMT
#define IPMOB_ERR_ATTR(extack, attr, text, fmt, args...)		\
	NL_SET_ERR_MSG_ATTR_FMT(extack, attr, fmt, ##args)
#else
#define IPMOB_ERR_ATTR(extack, attr, text, fmt, args...) do {		\
	NL_SET_ERR_MSG_ATTR(extack, attr, text);			\
	no_printk(fmt, ##args);						\
} while (0)
#endif

#endif /* _IPMOB_COMPAT_H */
