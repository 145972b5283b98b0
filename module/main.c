// SPDX-License-Identifier: GPL-2.0
/*
 * memscope: make Linux memory management visible through debugfs.
 *
 * This file owns the debugfs root and the `version` file; every other
 * concern (buddy, process, slab, ...) lives in its own file and adds its
 * entries under the root from memscope_init().
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/debugfs.h>
#include <linux/module.h>
#include <linux/seq_file.h>
#include <linux/utsname.h>

#include "budget.h"
#include "memscope.h"

static struct dentry *memscope_root;

static int version_show(struct seq_file *m, void *v)
{
	seq_printf(m, "memscope %s abi %d kernel %s\n", MEMSCOPE_VERSION,
		   MEMSCOPE_ABI, init_utsname()->release);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(version);

static void memscope_teardown(void)
{
	debugfs_remove_recursive(memscope_root);
	memscope_experiment_exit();
	memscope_proc_exit();
	memscope_slab_experiment_exit();
}

static int __init memscope_init(void)
{
	int ret;

	memscope_root = debugfs_create_dir("memscope", NULL);
	if (IS_ERR(memscope_root)) {
		pr_err("cannot create debugfs directory (is debugfs enabled?)\n");
		return PTR_ERR(memscope_root);
	}

	debugfs_create_file("version", 0400, memscope_root, NULL,
			    &version_fops);
	memscope_stats_init(memscope_root);
	memscope_buddy_init(memscope_root);
	memscope_pagetype_init(memscope_root);
	memscope_extfrag_init(memscope_root);
	memscope_zoneinfo_init(memscope_root);
	memscope_freeblocks_init(memscope_root);
	memscope_meminfo_init(memscope_root);
	memscope_kernel_layout_init(memscope_root);
	memscope_budget_init(memscope_root);
	memscope_experiment_init(memscope_root);
	ret = memscope_proc_init(memscope_root);
	if (ret) {
		/* pids= named a process that cannot be tracked */
		memscope_teardown();
		return ret;
	}
	memscope_slab_init(memscope_root);
	memscope_slab_experiment_init(memscope_root);

	pr_info("loaded, abi %d\n", MEMSCOPE_ABI);
	return 0;
}

static void __exit memscope_exit(void)
{
	memscope_teardown();
	pr_info("unloaded\n");
}

module_init(memscope_init);
module_exit(memscope_exit);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("memscope: live view of Linux memory management");
MODULE_AUTHOR("memscope developers");
MODULE_VERSION(MEMSCOPE_VERSION);
