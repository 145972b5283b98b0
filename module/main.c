// SPDX-License-Identifier: GPL-2.0
/*
 * memscope: make Linux memory management visible through debugfs.
 *
 * This file owns the debugfs root, the `version` file and the order in
 * which the concerns (physical memory, per process, slab) start and stop;
 * each lives in its own files and adds its entries under the root.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/debugfs.h>
#include <linux/module.h>
#include <linux/seq_file.h>
#include <linux/utsname.h>

#include "budget.h"
#include "memscope.h"
#include "procdir.h"
#include "vma_iter.h"

static struct dentry *memscope_root;

static int version_show(struct seq_file *m, void *v)
{
	seq_printf(m, "memscope %s abi %d kernel %s\n", MEMSCOPE_VERSION,
		   MEMSCOPE_ABI, init_utsname()->release);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(version);

/*
 * Physical memory: buddy free areas, zones, fragmentation, the kernel's
 * layout, and the experiments with the budget they share with the slab
 * experiment's probe cache.
 */
static int memscope_phys_init(struct dentry *root)
{
	memscope_buddy_init(root);
	memscope_pagetype_init(root);
	memscope_extfrag_init(root);
	memscope_zoneinfo_init(root);
	memscope_freeblocks_init(root);
	memscope_meminfo_init(root);
	memscope_kernel_layout_init(root);
	memscope_budget_init(root);
	memscope_experiment_init(root);
	return 0;
}

/*
 * slabinfo and the slab experiment: starts even where the layout check
 * fails (the files then report it).
 */
static int memscope_slab_start(struct dentry *root)
{
	memscope_slab_init(root);
	memscope_slab_experiment_init(root);
	return 0;
}

/* Per process: the VMA iterator's load-time state, then the registry. */
static int memscope_proc_init(struct dentry *root)
{
	ms_vma_iter_init();
	return memscope_procdir_init(root);
}

/*
 * The concerns in the order they start. An init that fails undoes what
 * it did but its debugfs entries; the tree goes first on the way out, so
 * no reader or writer is left when the exits run, in reverse order.
 */
static const struct {
	const char *name;
	int (*init)(struct dentry *root);
	void (*exit)(void);
} memscope_concerns[] = {
	{ "stats", memscope_stats_init, NULL },
	{ "physical", memscope_phys_init, memscope_experiment_exit },
	{ "process", memscope_proc_init, memscope_procdir_exit },
	{ "slab", memscope_slab_start, memscope_slab_experiment_exit },
};

/* Remove the tree, then stop the first n concerns, last first. */
static void memscope_stop(int n)
{
	debugfs_remove_recursive(memscope_root);
	while (n--)
		if (memscope_concerns[n].exit)
			memscope_concerns[n].exit();
}

static int __init memscope_init(void)
{
	int i, ret;

	memscope_root = debugfs_create_dir("memscope", NULL);
	if (IS_ERR(memscope_root)) {
		pr_err("cannot create debugfs directory (is debugfs enabled?)\n");
		return PTR_ERR(memscope_root);
	}

	debugfs_create_file("version", 0400, memscope_root, NULL,
			    &version_fops);
	for (i = 0; i < ARRAY_SIZE(memscope_concerns); i++) {
		ret = memscope_concerns[i].init(memscope_root);
		if (ret) {
			pr_err("%s: cannot start (%d)\n",
			       memscope_concerns[i].name, ret);
			memscope_stop(i);
			return ret;
		}
	}

	pr_info("loaded, abi %d\n", MEMSCOPE_ABI);
	return 0;
}

static void __exit memscope_exit(void)
{
	memscope_stop(ARRAY_SIZE(memscope_concerns));
	pr_info("unloaded\n");
}

module_init(memscope_init);
module_exit(memscope_exit);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("memscope: live view of Linux memory management");
MODULE_AUTHOR("memscope developers");
MODULE_VERSION(MEMSCOPE_VERSION);
