/* SPDX-License-Identifier: GPL-2.0 */
/*
 * memscope: the version and ABI number, and the concerns' entry points
 * that main.c starts and stops (procdir.h has the per-process ones).
 */
#ifndef MEMSCOPE_H
#define MEMSCOPE_H

#include <linux/dcache.h>

#define MEMSCOPE_VERSION	"0.1.0"
#define MEMSCOPE_ABI		1

/* Each concern adds its files under the debugfs root and removes nothing:
 * main.c removes the whole tree recursively on unload.
 */
/* memscope's own accounting (stats.c) */
int memscope_stats_init(struct dentry *root);
void memscope_buddy_init(struct dentry *root);
/* slabinfo (slab.c); slab_experiment (slab_experiment.c) */
void memscope_slab_init(struct dentry *root);
void memscope_slab_experiment_init(struct dentry *root);
void memscope_slab_experiment_exit(void);

/* The physical memory view (buddyinfo.c, pagetypeinfo.c, ...). */
void memscope_pagetype_init(struct dentry *root);
void memscope_extfrag_init(struct dentry *root);
void memscope_zoneinfo_init(struct dentry *root);
void memscope_freeblocks_init(struct dentry *root);
void memscope_meminfo_init(struct dentry *root);
void memscope_kernel_layout_init(struct dentry *root);
void memscope_experiment_init(struct dentry *root);
void memscope_experiment_exit(void);

#endif /* MEMSCOPE_H */
