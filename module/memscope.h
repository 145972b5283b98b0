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
void memscope_slab_init(struct dentry *root);
void memscope_slab_exit(void);

#endif /* MEMSCOPE_H */
