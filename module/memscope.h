/* SPDX-License-Identifier: GPL-2.0 */
/*
 * memscope: shared declarations between the module's files.
 */
#ifndef MEMSCOPE_H
#define MEMSCOPE_H

#include <linux/dcache.h>

#define MEMSCOPE_VERSION	"0.1.0"
#define MEMSCOPE_ABI		1

/* Each concern adds its files under the debugfs root and removes nothing:
 * main.c removes the whole tree recursively on unload.
 */
void memscope_stats_init(struct dentry *root);
void memscope_buddy_init(struct dentry *root);
/* self/, track, untrack, pids/<PID>/ (procdir.c) */
int memscope_proc_init(struct dentry *root);
void memscope_proc_exit(void);
/* slabinfo (slab.c); slab_experiment (slab_experiment.c) */
void memscope_slab_init(struct dentry *root);
void memscope_slab_experiment_init(struct dentry *root);
void memscope_slab_experiment_exit(void);

/* The physical memory view (pagetype.c, extfrag.c, ...). */
void memscope_pagetype_init(struct dentry *root);
void memscope_extfrag_init(struct dentry *root);
void memscope_zoneinfo_init(struct dentry *root);
void memscope_freeblocks_init(struct dentry *root);
void memscope_meminfo_init(struct dentry *root);
void memscope_kernel_layout_init(struct dentry *root);
void memscope_experiment_init(struct dentry *root);
void memscope_experiment_exit(void);

#endif /* MEMSCOPE_H */
