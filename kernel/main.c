// SPDX-License-Identifier: GPL-2.0
/*
 * ipmob: module and per-namespace setup.
 */

#include <linux/module.h>
#include <net/net_namespace.h>
#include <net/rtnetlink.h>

#include "ipmob.h"

unsigned int ipmob_net_id __read_mostly;

static int __net_init ipmob_net_init(struct net *net)
{
	struct ipmob_net *in = ipmob_pernet(net);
	int err;

	in->net = net;
	mutex_init(&in->lock);
	INIT_LIST_HEAD(&in->devs);
	INIT_DELAYED_WORK(&in->gc_work, ipmob_gc_work);
	/* RFC 6275 9.3.3 / 11.3.6 ask for rate-limited Binding Errors. */
	ratelimit_state_init(&in->berr_rs, HZ, 10);
	ratelimit_set_flags(&in->berr_rs, RATELIMIT_MSG_ON_RELEASE);
	ratelimit_state_init(&in->ro_hint_rs, HZ, 10);
	ratelimit_set_flags(&in->ro_hint_rs, RATELIMIT_MSG_ON_RELEASE);
	in->stats = alloc_percpu(struct ipmob_pcpu_stats);
	if (!in->stats)
		return -ENOMEM;
	err = ipmob_bindings_init(in);
	if (err)
		free_percpu(in->stats);
	return err;
}

/*
 * The tunnel6 handler and the ICMPv6 error handler are global: they can
 * run for this namespace until its last device is gone, which is after
 * our exit. From here on they leave its packets alone; the core waits a
 * grace period between pre_exit and exit, so none still reads the table
 * when exit frees it.
 */
static void __net_exit ipmob_net_pre_exit(struct net *net)
{
	WRITE_ONCE(ipmob_pernet(net)->dead, true);
}

static void __net_exit ipmob_net_exit_batch(struct list_head *net_list)
{
	struct net_device *dev, *aux;
	struct net *net;
	LIST_HEAD(list);

	/* Our devices go first: default_device_exit runs after this. */
	rtnl_lock();
	list_for_each_entry(net, net_list, exit_list)
		for_each_netdev_safe(net, dev, aux)
			if (ipmob_is_dev(dev))
				unregister_netdevice_queue(dev, &list);
	unregister_netdevice_many(&list);
	rtnl_unlock();

	list_for_each_entry(net, net_list, exit_list) {
		struct ipmob_net *in = ipmob_pernet(net);

		ipmob_udp_exit(in);
		cancel_delayed_work_sync(&in->gc_work);
		ipmob_bindings_destroy(in);
		free_percpu(in->stats);
	}
}

static struct pernet_operations ipmob_net_ops = {
	.init = ipmob_net_init,
	.pre_exit = ipmob_net_pre_exit,
	.exit_batch = ipmob_net_exit_batch,
	.id = &ipmob_net_id,
	.size = sizeof(struct ipmob_net),
};

static int __init ipmob_init(void)
{
	int err;

	err = ipmob_binding_cache_init();
	if (err)
		return err;
	err = register_pernet_device(&ipmob_net_ops);
	if (err)
		goto err_cache;
	err = rtnl_link_register(&ipmob_link_ops);
	if (err)
		goto err_pernet;
	err = ipmob_tunnel_init();
	if (err)
		goto err_link;
	err = ipmob_iif_init();
	if (err)
		goto err_tunnel;
	err = ipmob_genl_init();
	if (err)
		goto err_iif;
	pr_info("ipmob: IP mobility fast path loaded\n");
	return 0;

err_iif:
	ipmob_iif_exit();
err_tunnel:
	ipmob_tunnel_exit();
err_link:
	rtnl_link_unregister(&ipmob_link_ops);
err_pernet:
	unregister_pernet_device(&ipmob_net_ops);
err_cache:
	ipmob_binding_cache_destroy();
	return err;
}

static void __exit ipmob_exit(void)
{
	ipmob_genl_exit();
	ipmob_iif_exit();
	ipmob_tunnel_exit();
	rtnl_link_unregister(&ipmob_link_ops);
	unregister_pernet_device(&ipmob_net_ops);
	ipmob_binding_cache_destroy();
}

module_init(ipmob_init);
module_exit(ipmob_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("IP mobility (Mobile IPv6 and relatives) fast path");
MODULE_ALIAS_RTNL_LINK(IPMOB_LINK_KIND);
MODULE_ALIAS_GENL_FAMILY(IPMOB_GENL_NAME);
